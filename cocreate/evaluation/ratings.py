"""0-5 crowd ratings: one per person and idea, when the program agreement takes the crowd vote
from ratings. Re-rating replaces the value; held ratings (a burst from new accounts, see
``integrity``) are kept and shown but not in the summary until a person counts them.

Callers check ``evaluation.rate_idea``; the services check what no caller may skip (range,
own idea, the program's vote thresholds)."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.ideas.enums import VoteStatus

from .integrity import vote_gate, vote_status
from .models import CrowdRating, VoteFlag

MAX_RATING = 5


def _check_value(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_RATING:
        raise DomainError(_("Choose a rating from 0 to 5."), code="out_of_range")
    return value


def rating_set(idea, user, value: int) -> tuple[CrowdRating, bool]:
    """Rate ``idea`` (0-5). The first rating goes through the vote gate and the burst check;
    a new value replaces the person's one rating (keeping its status); the same value again
    changes nothing. Returns the rating and whether anything changed."""
    from cocreate.ideas.models import Idea

    value = _check_value(value)
    if idea.author_id == getattr(user, "pk", None):
        raise DomainError(_("You cannot rate your own idea."), code="own_idea")
    with transaction.atomic():
        # One rating per person even when two requests race: the idea row serialises them
        # (and the unique constraint is the last word).
        Idea.objects.select_for_update().filter(pk=idea.pk).values_list("pk", flat=True).first()
        rating = CrowdRating.objects.filter(idea=idea, user=user).first()
        if rating is not None:
            if rating.value == value:
                return rating, False
            rating.value = value
            rating.save(update_fields=["value", "updated_at"])
            return rating, True
        vote_gate(user, idea.program)
        status, flag = vote_status(user, program=idea.program, idea=idea, kind=VoteFlag.Kind.RATING)
        try:
            with transaction.atomic():
                rating = CrowdRating.objects.create(idea=idea, user=user, value=value, status=status, flag=flag)
        except IntegrityError:
            rating = CrowdRating.objects.get(idea=idea, user=user)
            if rating.value != value:
                rating.value = value
                rating.save(update_fields=["value", "updated_at"])
            return rating, True
    return rating, True


def rating_clear(idea, user) -> bool:
    """Take one's rating back (counted or held); clearing again changes nothing."""
    deleted, _ignored = CrowdRating.objects.filter(idea=idea, user=user).delete()
    return bool(deleted)


@dataclass(frozen=True)
class RatingSummary:
    count: int = 0  # counted ratings
    mean: float | None = None
    held: int = 0
    distribution: list[int] = field(default_factory=lambda: [0] * (MAX_RATING + 1))


def rating_summary(idea) -> RatingSummary:
    """Counted ratings' number, mean and distribution, and how many are held; two queries."""
    counted = CrowdRating.objects.filter(idea=idea, status=VoteStatus.COUNTED)
    distribution = [0] * (MAX_RATING + 1)
    for value, n in counted.values_list("value").annotate(n=Count("id")).values_list("value", "n"):
        distribution[value] = n
    count = sum(distribution)
    mean = round(sum(v * n for v, n in enumerate(distribution)) / count, 2) if count else None
    held = CrowdRating.objects.filter(idea=idea, status=VoteStatus.HELD).count()
    return RatingSummary(count=count, mean=mean, held=held, distribution=distribution)


def my_rating(idea, user) -> CrowdRating | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CrowdRating.objects.filter(idea=idea, user=user).first()
