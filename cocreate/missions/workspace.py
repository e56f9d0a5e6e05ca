"""The participant's workspace (``/me/missions/``): my missions across organizations, what is
due when and in which state, my drafts and my submissions. Reads only the person's own data,
in a constant number of queries whatever the number of missions."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Credit, Idea

from .enums import LatePolicy, TeamMemberState
from .models import Deliverable, Mission, Participation, TeamMember
from .submissions import late_policy_sentence
from .types.base import local_datetime_text, mission_zone

SUBMITTED = "submitted"
SUBMITTED_LATE = "submitted_late"
DUE = "due"
OVERDUE_REFUSED = "overdue_refused"
OVERDUE_ACCEPTED = "overdue_accepted"
STATUS_LABELS = {
    SUBMITTED: _("Submitted"),
    SUBMITTED_LATE: _("Submitted late"),
    DUE: _("Due"),
    OVERDUE_REFUSED: _("Overdue: no longer accepted"),
    OVERDUE_ACCEPTED: _("Overdue: still accepted"),
}


def _credited_ideas(ideas):
    """{idea: set of credited user ids}; an idea without Credit rows credits its author."""
    ideas = list(ideas)
    credited = {i.pk: set() for i in ideas}
    for idea_id, user_id in Credit.objects.with_scopes_disabled().filter(
            idea__in=[i.pk for i in ideas]).values_list("idea_id", "user_id"):
        credited[idea_id].add(user_id)
    for i in ideas:
        if not credited[i.pk]:
            credited[i.pk].add(i.author_id)
    return credited


def _submitted(qs):
    return qs.exclude(state=IdeaState.DRAFT).filter(hidden_at__isnull=True)


def mission_completers(mission: Mission) -> list:
    """Everyone who completed the mission, in a stable order (first completion first): with
    deliverables, a submitted (not hidden) idea credited to them for every deliverable; without,
    one submitted idea credited to them. Late work counts when the late policy accepted it (a
    refused one was never submitted). Ideas credit their author and their team members."""
    from django.contrib.auth import get_user_model

    with scopes_disabled():
        deliverable_ids = set(Deliverable.objects.filter(mission=mission).values_list("pk", flat=True))
        ideas = list(_submitted(Idea.objects.filter(mission=mission)).only(
            "pk", "author_id", "deliverable_id", "submitted_at").order_by("submitted_at", "pk"))
        credited = _credited_ideas(ideas)
        done: dict[int, set] = {}
        completed_at: dict[int, int] = {}
        for n, idea in enumerate(ideas):
            for user_id in credited[idea.pk]:
                if deliverable_ids:
                    if idea.deliverable_id not in deliverable_ids:
                        continue
                    got = done.setdefault(user_id, set())
                    got.add(idea.deliverable_id)
                    if got == deliverable_ids and user_id not in completed_at:
                        completed_at[user_id] = n
                elif user_id not in completed_at:
                    completed_at[user_id] = n
        order = sorted(completed_at, key=lambda u: (completed_at[u], u))
        users = get_user_model().objects.in_bulk(order)
    return [users[u] for u in order]


@dataclass
class DeliverableRow:
    deliverable: Deliverable | None
    title: str
    due_at: datetime
    due_text: str
    status: str
    status_label: str
    late_policy: str
    ideas: list = field(default_factory=list)


@dataclass
class MissionRow:
    mission: Mission
    sub_mission: object
    team: object
    deliverables: list
    next_due: datetime | None
    drafts: list
    submissions: list


def _status(mission, due_at, submitted_ideas, now) -> str:
    if submitted_ideas:
        return SUBMITTED_LATE if any(i.is_late for i in submitted_ideas) else SUBMITTED
    if now <= due_at:
        return DUE
    if mission.late_policy == LatePolicy.MARK_LATE:
        return OVERDUE_ACCEPTED
    if (mission.late_policy == LatePolicy.GRACE and mission.grace_minutes
            and now <= due_at + timedelta(minutes=mission.grace_minutes)):
        return OVERDUE_ACCEPTED
    return OVERDUE_REFUSED


def workspace_for_user(user, *, now=None) -> list[MissionRow]:
    """My missions (joined, submitted to, or in an accepted team), soonest due first."""
    now = now or timezone.now()
    with scopes_disabled():
        participations = {p.mission_id: p for p in Participation.objects.filter(user=user)
                          .select_related("sub_mission")}
        teams = {m.mission_id: m.team for m in TeamMember.objects.filter(user=user, state=TeamMemberState.ACCEPTED)
                 .select_related("team")}
        credited_ids = set(Credit.objects.filter(user=user).values_list("idea_id", flat=True))
        ideas = list(Idea.objects.filter(mission__isnull=False).filter(Q(author=user) | Q(pk__in=credited_ids))
                     .select_related("author", "team", "deliverable").order_by("-created_at", "-pk"))
        mission_ids = set(participations) | set(teams) | {i.mission_id for i in ideas}
        missions = list(Mission.objects.filter(pk__in=mission_ids)
                        .select_related("program__organization").prefetch_related("deliverables"))
    rows = []
    for mission in missions:
        mine = [i for i in ideas if i.mission_id == mission.pk]
        drafts = [i for i in mine if i.state == IdeaState.DRAFT and i.author_id == user.pk]
        submissions = [i for i in mine if i.state != IdeaState.DRAFT]
        visible_subs = [i for i in submissions if i.hidden_at is None]
        deliverables = sorted(mission.deliverables.all(), key=lambda d: (d.due_at, d.order, d.pk))
        zone = mission_zone(mission)
        drows = []
        targets = deliverables or [None]
        for d in targets:
            due_at = d.due_at if d is not None else mission.ends_at
            got = [i for i in visible_subs if d is None or i.deliverable_id == d.pk]
            status = _status(mission, due_at, got, now)
            drows.append(DeliverableRow(d, d.title if d else str(_("Mission closes")), due_at,
                                        local_datetime_text(due_at, zone), status, str(STATUS_LABELS[status]),
                                        late_policy_sentence(mission, d), got))
        open_due = [r.due_at for r in drows if r.status in (DUE, OVERDUE_ACCEPTED)]
        participation = participations.get(mission.pk)
        rows.append(MissionRow(mission, participation.sub_mission if participation else None,
                               teams.get(mission.pk), drows, min(open_due) if open_due else None,
                               drafts, submissions))
    rows.sort(key=lambda r: (r.next_due is None, r.next_due or r.mission.ends_at, r.mission.pk))
    return rows
