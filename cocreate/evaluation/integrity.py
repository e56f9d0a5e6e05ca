"""Vote integrity: one vote per person, per-program thresholds, and bursts held for a person.

Every crowd vote (a support, a 0-5 rating, a pairwise choice) goes through two questions:

- ``vote_gate``: may this person vote in this program at all? (account age, verified email).
  A refusal is a ``DomainError`` the voter reads; nothing is stored.
- ``vote_status``: does the new vote count now, or is it held? A burst of votes of one kind on
  one idea from new accounts opens one ``VoteFlag`` for a person to look at; the burst's
  earlier votes and every later one join it while it is open. Nothing is dropped silently:
  held votes are kept, shown to reviewers and to the voter, and counted or excluded by
  ``vote_flag_resolve``.

Callers run ``vote_status`` inside the transaction that stores the vote; it locks the idea row
so two simultaneous votes see each other and a burst opens exactly one flag.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.ideas.enums import VoteStatus

from .models import CrowdRating, PairwiseVote, VoteFlag

Kind = VoteFlag.Kind
Resolution = VoteFlag.Resolution


def burst_window() -> timedelta:
    return timedelta(minutes=getattr(settings, "VOTE_BURST_WINDOW_MINUTES", 60))


def burst_min_votes() -> int:
    return max(2, getattr(settings, "VOTE_BURST_MIN_VOTES", 5))


def new_account_age() -> timedelta:
    return timedelta(days=getattr(settings, "VOTE_NEW_ACCOUNT_DAYS", 7))


def is_new_account(user, *, now=None) -> bool:
    joined = getattr(user, "date_joined", None)
    return joined is not None and joined > (now or timezone.now()) - new_account_age()


def has_verified_email(user) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


# --- the gate -------------------------------------------------------------------------------------

def vote_gate(user, program) -> None:
    """Refuse the vote, with a message for the voter, when ``program`` asks for an older account
    or a verified email address. Open-channel ideas (``program`` None) have no thresholds."""
    if program is None:
        return
    days = program.vote_min_account_age_days or 0
    if days:
        joined = getattr(user, "date_joined", None)
        allowed_from = joined + timedelta(days=days) if joined else None
        if allowed_from is None or allowed_from > timezone.now():
            raise DomainError(
                _("In this program, accounts can vote once they are %(days)s days old. Thank you for your "
                  "interest: you will be able to vote from %(date)s."),
                code="account_too_new",
                params={"days": days, "date": _local_date(allowed_from)},
            )
    if program.vote_requires_verified_email and not has_verified_email(user):
        raise DomainError(
            _("In this program, votes need a verified email address. Please confirm your email address "
              "(we sent you a link; you can ask for a new one under your account) and vote again."),
            code="email_not_verified",
        )


def _local_date(moment) -> str:
    from django.utils import formats

    if moment is None:
        return "—"
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


# --- per-kind access to the votes ----------------------------------------------------------------

@dataclass(frozen=True)
class _Votes:
    model: type
    user_field: str

    def on_idea(self, idea):
        if self.model is PairwiseVote:
            return PairwiseVote.objects.filter(Q(idea_a=idea) | Q(idea_b=idea))
        return self.model.objects.filter(idea=idea)

    def of_flag(self, flag):
        return self.model.objects.filter(flag=flag)


def _votes(kind) -> _Votes:
    from cocreate.ideas.models import Support

    return {
        Kind.SUPPORT: _Votes(Support, "user"),
        Kind.RATING: _Votes(CrowdRating, "user"),
        Kind.PAIRWISE: _Votes(PairwiseVote, "voter"),
    }[Kind(kind)]


def recount_supports(idea_ids) -> None:
    """``Idea.support_count`` counts only counted supports (held and excluded ones are kept
    apart); recomputed from the rows, never adjusted blindly."""
    from cocreate.ideas.models import Idea, Support

    ids = sorted({int(i) for i in idea_ids if i is not None})
    if not ids:
        return
    counts = dict(Support.objects.filter(idea_id__in=ids, status=VoteStatus.COUNTED)
                  .values_list("idea_id").annotate(n=Count("id")).values_list("idea_id", "n"))
    for pk in ids:
        Idea.objects.filter(pk=pk).update(support_count=counts.get(pk, 0))


def _flag_ideas(flag) -> set[int]:
    """Ideas whose counters the flag's votes touch (a pairwise vote touches two)."""
    if flag.kind == Kind.SUPPORT:
        return {flag.idea_id}
    return set()


# --- the burst -----------------------------------------------------------------------------------

def _reason(kind, count: int, minutes: int, days: int) -> str:
    """What was seen, in words a reviewer reads (in the organization's language)."""
    kind = Kind(kind)
    with translation.override(settings.LANGUAGE_CODE):
        if kind == Kind.SUPPORT:
            text = ngettext("%(count)s support within %(minutes)s minutes from accounts younger than %(days)s days",
                            "%(count)s supports within %(minutes)s minutes from accounts younger than %(days)s days",
                            count)
        elif kind == Kind.RATING:
            text = ngettext("%(count)s rating within %(minutes)s minutes from accounts younger than %(days)s days",
                            "%(count)s ratings within %(minutes)s minutes from accounts younger than %(days)s days",
                            count)
        else:
            text = ngettext(
                "%(count)s pairwise vote within %(minutes)s minutes from accounts younger than %(days)s days",
                "%(count)s pairwise votes within %(minutes)s minutes from accounts younger than %(days)s days",
                count)
        return text % {"count": count, "minutes": minutes, "days": days}


def open_flag(idea, kind) -> VoteFlag | None:
    return VoteFlag.objects.filter(idea=idea, kind=kind, resolution=Resolution.OPEN).order_by("created_at").first()


def vote_status(user, *, program, idea, kind, now=None) -> tuple[str, VoteFlag | None]:
    """The status a new vote of ``kind`` by ``user`` on ``idea`` takes, and the flag it joins.

    Votes from established accounts count. A vote from a new account joins the idea's open flag
    of that kind if there is one; otherwise, when it completes a burst (at least
    ``VOTE_BURST_MIN_VOTES`` such votes within ``VOTE_BURST_WINDOW_MINUTES``), it opens a flag,
    the burst's earlier counted votes are held and linked to it (counters fixed), and the
    reviewers are told once. Call inside the transaction that then stores the vote with the
    returned status and flag."""
    from cocreate.ideas.models import Idea

    now = now or timezone.now()
    if not is_new_account(user, now=now):
        return VoteStatus.COUNTED, None
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("vote_status() must run inside the transaction that stores the vote.")
    kind = Kind(kind)
    # Serialise votes on this idea so a burst is seen once and opens one flag.
    Idea.objects.select_for_update().filter(pk=idea.pk).values_list("pk", flat=True).first()
    flag = open_flag(idea, kind)
    if flag is not None:
        return VoteStatus.HELD, flag
    access = _votes(kind)
    window = burst_window()
    new_since = now - new_account_age()
    earlier = access.on_idea(idea).filter(
        status=VoteStatus.COUNTED, flag__isnull=True, created_at__gte=now - window,
        **{f"{access.user_field}__date_joined__gt": new_since},
    ).exclude(**{access.user_field: user})
    if kind == Kind.PAIRWISE and program is not None:
        earlier = earlier.filter(program=program)
    earlier_ids = list(earlier.values_list("pk", flat=True))
    if len(earlier_ids) + 1 < burst_min_votes():
        return VoteStatus.COUNTED, None
    minutes = int(window.total_seconds() // 60)
    days = new_account_age().days
    flag = VoteFlag.objects.create(
        organization_id=idea.organization_id, program=program if program is not None else idea.program,
        idea=idea, kind=kind, reason=_reason(kind, len(earlier_ids) + 1, minutes, days),
    )
    access.model.objects.filter(pk__in=earlier_ids).update(status=VoteStatus.HELD, flag=flag)
    if kind == Kind.SUPPORT:
        recount_supports([idea.pk])
    audit_record(actor=None, verb="vote_flag.opened", target=flag, organization=idea.organization,
                 data={"idea": idea.pk, "kind": kind.value, "held": len(earlier_ids) + 1})
    _notify_reviewers(flag, idea)
    return VoteStatus.HELD, flag


def reviewers_of(organization):
    """Who reviews held votes: the organization's program managers and admins."""
    from cocreate.organizations.enums import Role
    from cocreate.organizations.models import Membership

    return [m.user for m in Membership.objects.filter(
        organization_id=organization.pk if hasattr(organization, "pk") else organization,
        role__in=(Role.PROGRAM_MANAGER, Role.ORG_ADMIN),
    ).select_related("user")]


def _notify_reviewers(flag, idea) -> None:
    from cocreate.notifications.services import notify

    notify(reviewers_of(idea.organization_id), "votes_flagged",
           params={"idea": idea.title, "reason": flag.reason},
           url=reverse("evaluation:vote_flags", args=[idea.organization.slug]))


# --- resolution ----------------------------------------------------------------------------------

def vote_flag_resolve(flag: VoteFlag, *, actor, resolution, note: str = "") -> VoteFlag:
    """Count or exclude every vote of ``flag``. Repeating the same resolution changes nothing; a
    reviewer may change their mind (the votes follow). Counters are recomputed from the rows."""
    resolution = Resolution(resolution)
    if resolution == Resolution.OPEN:
        raise DomainError(_("Choose whether to count or to exclude these votes."), code="invalid_resolution")
    note = (note or "").strip()
    if len(note) > 2000:
        raise DomainError(_("The note can be at most 2,000 characters long."), code="too_long")
    status = VoteStatus.COUNTED if resolution == Resolution.COUNTED else VoteStatus.EXCLUDED
    with transaction.atomic():
        flag = VoteFlag.objects.select_for_update().get(pk=flag.pk)
        if flag.resolution == resolution:
            return flag
        previous = flag.resolution
        access = _votes(flag.kind)
        changed = access.of_flag(flag).exclude(status=status).update(status=status)
        flag.resolution = resolution
        flag.resolved_by = actor if getattr(actor, "is_authenticated", False) else None
        flag.resolved_at = timezone.now()
        flag.note = note
        flag.save(update_fields=["resolution", "resolved_by", "resolved_at", "note"])
        recount_supports(_flag_ideas(flag))
        audit_record(actor=actor, verb="vote_flag.resolved", target=flag, organization=flag.organization,
                     data={"resolution": resolution.value, "previous": previous, "votes": changed,
                           "idea": flag.idea_id, "kind": flag.kind})
    return flag
