"""Reads for vote integrity: the held-votes review list. Voters appear by account age only
(never by email): reviewers judge the pattern, not the people."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.utils import timezone

from cocreate.ideas.models import Support

from .models import CrowdRating, PairwiseVote, VoteFlag

STATES = ("open", "resolved")


@dataclass(frozen=True)
class HeldVote:
    account_age_days: int
    status: str
    status_label: str
    at: datetime
    value: str = ""  # a rating's value or a pairwise choice, empty for a support


def vote_flags(organization, *, state: str = "open"):
    """The organization's flags, open ones (oldest first) or resolved ones (newest first),
    with their idea, program and votes prefetched: a constant number of queries per page."""
    qs = VoteFlag.objects.filter(organization=organization).select_related("idea", "program", "resolved_by")
    if state == "resolved":
        qs = qs.exclude(resolution=VoteFlag.Resolution.OPEN).order_by("-resolved_at", "-id")
    else:
        qs = qs.filter(resolution=VoteFlag.Resolution.OPEN).order_by("created_at", "id")
    return qs.prefetch_related(
        Prefetch("supports", queryset=Support.objects.select_related("user").order_by("created_at", "id")),
        Prefetch("ratings", queryset=CrowdRating.objects.select_related("user").order_by("created_at", "id")),
        Prefetch("pairwise_votes",
                 queryset=PairwiseVote.objects.select_related("voter").order_by("created_at", "id")),
    )


def vote_flag_in(organization, pk: int) -> VoteFlag:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(VoteFlag.objects.select_related("idea", "program"), organization=organization, pk=pk)


def held_votes(flag: VoteFlag, *, now=None) -> list[HeldVote]:
    """The flag's votes from its prefetched rows (no query when ``vote_flags`` prefetched them)."""
    now = now or timezone.now()

    def age(user, at) -> int:
        return max(0, (at - user.date_joined).days) if user.date_joined else 0

    rows = []
    for s in flag.supports.all():
        rows.append(HeldVote(age(s.user, s.created_at), s.status, s.get_status_display(), s.created_at))
    for r in flag.ratings.all():
        rows.append(HeldVote(age(r.user, r.created_at), r.status, r.get_status_display(), r.created_at,
                             str(r.value)))
    for p in flag.pairwise_votes.all():
        choice = "—" if p.winner_id is None else f"#{p.winner_id}"
        rows.append(HeldVote(age(p.voter, p.created_at), p.status, p.get_status_display(), p.created_at, choice))
    return rows
