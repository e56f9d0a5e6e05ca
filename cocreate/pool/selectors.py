"""Reads of the standing pool. Track records are computed in bulk: counts as correlated
subqueries (one per figure, no joins that would multiply rows), scores and last activity for
one page of members at a time, so a page costs the same whatever the pool's size."""

from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.services import audit_record
from cocreate.evaluation.selectors import breakdowns_for
from cocreate.ideas.enums import PUBLISHED_STATES, Channel, IdeaState
from cocreate.ideas.models import Comment, Idea
from cocreate.organizations.models import Membership
from cocreate.programs.enums import ProgramStatus
from cocreate.programs.models import Partner, Program

from .enums import AGE_BANDS, PoolStatus
from .models import PoolInvitation, PoolMember

ACCEPTED_STATES = (IdeaState.ACCEPTED, IdeaState.IN_IMPLEMENTATION, IdeaState.IMPLEMENTED)


def opinion_leader_followers() -> int:
    """Followers that make an opinion leader (as recruiting's default); a community role
    counts as well."""
    return getattr(settings, "COCREATE_POOL_OPINION_LEADER_FOLLOWERS", 1000)


def candidate_min_supports() -> int:
    """Supports on one open-channel idea that make its author a candidate for the pool."""
    return getattr(settings, "COCREATE_POOL_CANDIDATE_MIN_SUPPORTS", 10)


def _counted_ideas(organization_ref="organization", author_ref="user"):
    """Ideas that count for a track record: submitted (not drafts) and not hidden."""
    return Idea.objects.filter(
        organization=OuterRef(organization_ref), author=OuterRef(author_ref),
        state__in=PUBLISHED_STATES, hidden_at__isnull=True,
    )


def _per_row(qs, group: str, expression, default=None):
    """One aggregate of ``qs`` (already filtered to the outer row) as a subquery."""
    sub = Subquery(qs.order_by().values(group).annotate(v=expression).values("v")[:1])
    return Coalesce(sub, Value(default)) if default is not None else sub


def with_track_record(qs: QuerySet[PoolMember]) -> QuerySet[PoolMember]:
    """Annotate each member with programs_joined, missions_with_ideas, ideas_submitted,
    ideas_accepted (accepted, in implementation or implemented), ideas_implemented and the
    dates behind their last activity, all inside this organization."""
    ideas = _counted_ideas()
    return qs.annotate(
        programs_joined=_per_row(
            Partner.objects.filter(user=OuterRef("user"), program__organization=OuterRef("organization")),
            "user", Count("pk"), 0),
        missions_with_ideas=_per_row(ideas.filter(channel=Channel.MISSION), "author",
                                     Count("mission", distinct=True), 0),
        ideas_submitted=_per_row(ideas, "author", Count("pk"), 0),
        ideas_accepted=_per_row(ideas.filter(state__in=ACCEPTED_STATES), "author", Count("pk"), 0),
        ideas_implemented=_per_row(ideas.filter(state=IdeaState.IMPLEMENTED), "author", Count("pk"), 0),
        last_idea_at=_per_row(ideas, "author", Max("submitted_at")),
        last_comment_at=_per_row(
            Comment.objects.filter(author=OuterRef("user"), idea__organization=OuterRef("organization")),
            "author", Max("created_at")),
        last_joined_at=_per_row(
            Partner.objects.filter(user=OuterRef("user"), program__organization=OuterRef("organization")),
            "user", Max("joined_at")),
    )


def _birth_years(band: str) -> Q:
    lowest, highest = AGE_BANDS[band]
    year = timezone.localdate().year
    q = Q(user__birth_year__isnull=False)
    if highest is not None:
        q &= Q(user__birth_year__gte=year - highest)
    if lowest is not None:
        q &= Q(user__birth_year__lte=year - lowest)
    return q


def pool_members(
    organization, *, query: str = "", status: str = "", interest: str = "", region: str = "",
    age_band: str = "", opinion_leader: bool | None = None, program: Program | None = None,
    has_accepted_ideas: bool | None = None,
) -> QuerySet[PoolMember]:
    """The pool, best track record first (accepted, implemented, submitted ideas, programs).
    Without a status, removed members are left out. ``query`` matches name, email, expertise
    and interests (every word must match, Korean and English alike); ``program`` keeps those
    who were partners of it. Only for program managers and admins (pool.view_pool)."""
    qs = with_track_record(
        PoolMember.objects.filter(organization=organization).select_related("user", "source_program")
    )
    qs = qs.filter(status=status) if status else qs.exclude(status=PoolStatus.REMOVED)
    for word in (query or "").split():
        qs = qs.filter(Q(user__name__icontains=word) | Q(user__email__icontains=word)
                       | Q(user__expertise__icontains=word) | Q(user__interests__icontains=word))
    if interest.strip():
        qs = qs.filter(user__interests__icontains=interest.strip())
    if region.strip():
        qs = qs.filter(user__region__icontains=region.strip())
    if age_band in AGE_BANDS:
        qs = qs.filter(_birth_years(age_band))
    if opinion_leader is not None:
        leader = Q(user__follower_count__gte=opinion_leader_followers()) | ~Q(user__community_roles="")
        qs = qs.filter(leader) if opinion_leader else qs.exclude(leader)
    if program is not None:
        qs = qs.filter(Exists(Partner.objects.filter(program=program, user=OuterRef("user"))))
    if has_accepted_ideas is not None:
        qs = qs.filter(ideas_accepted__gt=0) if has_accepted_ideas else qs.filter(ideas_accepted=0)
    return qs.order_by("-ideas_accepted", "-ideas_implemented", "-ideas_submitted", "-programs_joined",
                       "user__name", "pk")


def _last(*moments: datetime | None) -> datetime | None:
    return max((m for m in moments if m is not None), default=None)


def _average(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def attach_scores(organization, members: list[PoolMember]) -> list[PoolMember]:
    """Set ``average_score`` (the mean weighted total, out of 100, of the member's scored
    ideas, None without any) and ``last_activity`` on one page of members annotated by
    with_track_record, in four queries whatever their number."""
    by_user = defaultdict(list)
    if members:
        ideas = list(Idea.objects.filter(
            organization=organization, author_id__in=[m.user_id for m in members], program__isnull=False,
            state__in=PUBLISHED_STATES, hidden_at__isnull=True,
        ).only("pk", "program_id", "author_id"))
        breakdowns = breakdowns_for(ideas)
        for idea in ideas:
            breakdown = breakdowns.get(idea.pk)
            if breakdown is not None and breakdown.total is not None:
                by_user[idea.author_id].append(breakdown.total)
    for m in members:
        m.average_score = _average(by_user.get(m.user_id, []))
        m.last_activity = _last(m.last_idea_at, m.last_comment_at, m.last_joined_at)
    return members


def record_pool_view(user, organization, members) -> None:
    """The pool list shows personal data: one audit line per page read, naming who was shown."""
    ids = [m.pk for m in members]
    if ids:
        audit_record(actor=user, verb="personal_data.listed", target=organization, organization=organization,
                     data={"pool_members": ids})


def pool_member_for_user(user, organization, pk: int) -> PoolMember:
    """One member with their track record, or 404 alike when missing, in another
    organization or not the person's to see. Reading it is audited (personal data)."""
    member = with_track_record(
        PoolMember.objects.filter(organization=organization, pk=pk).select_related("user", "source_program")
    ).first()
    if member is None or not user.has_perm("pool.view_pool", member):
        raise Http404
    attach_scores(organization, [member])
    audit_record(actor=user, verb="personal_data.viewed", target=member, organization=organization)
    return member


def pool_member_in(organization, pk: int) -> PoolMember:
    """A member for a change, without reading the track record (the caller checks permission)."""
    member = PoolMember.objects.filter(organization=organization, pk=pk).select_related("user").first()
    if member is None:
        raise Http404
    return member


def track_record_by_program(member: PoolMember) -> list[dict]:
    """The member's record per program of this organization (and the open channel, program
    None, last): joined, missions with ideas, ideas submitted / accepted / implemented and the
    average score. Five queries."""
    org_id = member.organization_id
    partners = {p.program_id: p for p in Partner.objects.filter(
        user_id=member.user_id, program__organization_id=org_id).select_related("program")}
    ideas = list(Idea.objects.filter(
        organization_id=org_id, author_id=member.user_id, state__in=PUBLISHED_STATES, hidden_at__isnull=True,
    ).select_related("program").only("pk", "program", "mission_id", "state", "channel"))
    breakdowns = breakdowns_for(ideas)
    rows: dict = {pid: {"program": p.program, "joined_at": p.joined_at, "ideas": []}
                  for pid, p in partners.items()}
    for idea in ideas:
        row = rows.setdefault(idea.program_id, {"program": idea.program, "joined_at": None, "ideas": []})
        row["ideas"].append(idea)
    out = []
    for pid, row in rows.items():
        mine = row.pop("ideas")
        totals = [breakdowns[i.pk].total for i in mine if i.pk in breakdowns and breakdowns[i.pk].total is not None]
        out.append(row | {
            "missions_with_ideas": len({i.mission_id for i in mine if i.mission_id}),
            "ideas_submitted": len(mine),
            "ideas_accepted": sum(1 for i in mine if i.state in ACCEPTED_STATES),
            "ideas_implemented": sum(1 for i in mine if i.state == IdeaState.IMPLEMENTED),
            "average_score": _average(totals),
            "is_open_channel": pid is None,
        })
    far_past = datetime.min.replace(tzinfo=timezone.get_current_timezone())
    return sorted(out, key=lambda r: (r["is_open_channel"], -(r["joined_at"] or far_past).timestamp()))


def invitations_of(member: PoolMember) -> QuerySet[PoolInvitation]:
    return PoolInvitation.objects.filter(member=member).select_related("program", "invited_by")


def invitation_in(organization, pk: int) -> PoolInvitation:
    invitation = (
        PoolInvitation.objects.filter(member__organization=organization, pk=pk)
        .select_related("member__user", "member__organization", "program").first()
    )
    if invitation is None:
        raise Http404
    return invitation


def programs_for_invitation(organization) -> QuerySet[Program]:
    """Programs a member can be invited to: every program of the organization not closed."""
    return Program.objects.filter(organization=organization).exclude(status=ProgramStatus.CLOSED).order_by(
        "title", "pk")


def pool_candidates(organization, *, min_supports: int | None = None) -> QuerySet[User]:
    """Open-channel contributors worth inviting into the pool: people outside it (and outside
    the organization's staff) with an accepted open-channel idea or one that gathered at
    least ``min_supports`` supports. Annotated with accepted_open_ideas, best_support,
    total_support and open_ideas; ranked by accepted ideas, then the strongest support."""
    if min_supports is None:
        min_supports = candidate_min_supports()
    open_ideas = Idea.objects.filter(organization=organization, channel=Channel.OPEN,
                                     state__in=PUBLISHED_STATES, hidden_at__isnull=True)
    qualifying = open_ideas.filter(Q(state__in=ACCEPTED_STATES) | Q(support_count__gte=min_supports))
    per_author = open_ideas.filter(author=OuterRef("pk"))
    return (
        User.objects.filter(is_active=True, pk__in=qualifying.values("author"))
        .exclude(Exists(PoolMember.objects.filter(organization=organization, user=OuterRef("pk"))))
        .exclude(Exists(Membership.objects.filter(organization=organization, user=OuterRef("pk"))))
        .annotate(
            accepted_open_ideas=_per_row(per_author.filter(state__in=ACCEPTED_STATES), "author", Count("pk"), 0),
            best_support=_per_row(per_author, "author", Max("support_count"), 0),
            total_support=_per_row(per_author, "author", Sum("support_count"), 0),
            open_ideas=_per_row(per_author, "author", Count("pk"), 0),
        )
        .order_by("-accepted_open_ideas", "-best_support", "-total_support", "name", "pk")
    )


def candidate_in(organization, user_id: int, *, min_supports: int | None = None) -> User:
    """A candidate to add, or 404 when the person is not (or no longer) one."""
    user = pool_candidates(organization, min_supports=min_supports).filter(pk=user_id).first()
    if user is None:
        raise Http404
    return user


# The person's own pool pages: the person is the filter, so the organization scope is lifted.

def memberships_of_user(user) -> QuerySet[PoolMember]:
    return (PoolMember.objects.with_scopes_disabled().filter(user=user)
            .select_related("organization").order_by("organization__name", "pk"))


def invitations_of_user(user) -> QuerySet[PoolInvitation]:
    return (PoolInvitation.objects.with_scopes_disabled().filter(member__user=user)
            .select_related("program__organization", "member__user", "member__organization"))


def membership_of_user(user, pk: int) -> PoolMember:
    member = memberships_of_user(user).filter(pk=pk).select_related("user").first()
    if member is None:
        raise Http404
    return member


def invitation_of_user(user, pk: int) -> PoolInvitation:
    """One of the person's own invitations, or 404 for anyone else's and missing alike."""
    invitation = invitations_of_user(user).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation
