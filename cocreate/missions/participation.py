"""Taking part in a mission: joining within its capacity, leaving, choosing a sub-mission
(first come, or ranked preferences assigned fairly), and the coverage managers watch."""

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record

from .assignment import Assignment, assign
from .enums import AssignmentMode
from .models import Mission, Participation, Preference, SubMission
from .rules import may_take_part


def participation_join(mission: Mission, *, user) -> Participation:
    """Join a mission, or find the participation already there (idempotent). The mission row
    is locked so that two people taking the last place at once cannot both get it. Callers
    check that the person may take part (``missions.take_part``)."""
    existing = Participation.objects.filter(mission=mission, user=user).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        Mission.objects.select_for_update().filter(pk=mission.pk).first()
        existing = Participation.objects.filter(mission=mission, user=user).first()
        if existing is not None:
            return existing
        if mission.capacity is not None and Participation.objects.filter(mission=mission).count() >= mission.capacity:
            raise DomainError(_("This mission is full: all %(capacity)s places are taken."),
                              code="mission_full", params={"capacity": mission.capacity})
        participation = Participation.objects.create(mission=mission, user=user)
        audit_record(actor=user, verb="mission.joined", target=mission, organization=mission.program.organization)
    return participation


# --- leaving, choosing a sub-mission, ranking, the fair assignment -------------------------

def participation_leave(mission: Mission, *, user) -> bool:
    """Leave a mission: the place and the seat in a sub-mission are freed and the ranking is
    dropped; submissions stay. Returns False when the person was not taking part (idempotent)."""
    with transaction.atomic():
        deleted, _rows = Participation.objects.filter(mission=mission, user=user).delete()
        if deleted:
            audit_record(actor=user, verb="mission.left", target=mission, organization=mission.program.organization)
    return bool(deleted)


def _require_open(mission: Mission) -> None:
    if not mission.is_open():
        raise DomainError(_("This mission is not open, so sub-missions cannot be chosen now."), code="mission_closed")


def _require_own(mission: Mission, sub_mission: SubMission) -> None:
    if sub_mission.mission_id != mission.pk:
        raise DomainError(_("This sub-mission belongs to another mission."), code="wrong_mission")


def preferences_open(mission: Mission, now=None) -> bool:
    """Rankings are taken in preference mode until ``choose_until`` (or the mission's end)
    and before the assignment is made."""
    now = now or timezone.now()
    return (mission.assignment == AssignmentMode.PREFERENCE and mission.assigned_at is None
            and mission.is_open(now) and (mission.choose_until is None or now < mission.choose_until))


def may_choose_directly(mission: Mission) -> bool:
    """First come takes seats at once; in preference mode only after the assignment, and
    then among the seats still free."""
    return mission.assignment == AssignmentMode.FIRST_COME or mission.assigned_at is not None


def sub_mission_choose(mission: Mission, *, user, sub_mission: SubMission) -> Participation:
    """Take a seat in ``sub_mission`` (joining the mission if needed) or switch to it, which
    frees the old seat. The sub-mission's row is locked before its seats are counted, so two
    people taking the last seat at once cannot both get it. Idempotent."""
    _require_own(mission, sub_mission)
    _require_open(mission)
    if not may_choose_directly(mission):
        raise DomainError(_("Rank the sub-missions instead: seats are assigned fairly when preferences close."),
                          code="preferences_mode")
    participation = participation_join(mission, user=user)
    if participation.sub_mission_id == sub_mission.pk:
        return participation
    with transaction.atomic():
        locked = SubMission.objects.select_for_update().get(pk=sub_mission.pk)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        if participation.sub_mission_id == locked.pk:
            return participation
        if locked.capacity is not None and (
                Participation.objects.filter(sub_mission=locked).count() >= locked.capacity):
            raise DomainError(_("“%(sub_mission)s” is full: all %(capacity)s seats are taken."),
                              code="sub_mission_full", params={"sub_mission": locked.title,
                                                               "capacity": locked.capacity})
        previous = participation.sub_mission_id
        participation.sub_mission = locked
        participation.sub_mission_changed_at = timezone.now()
        participation.save(update_fields=["sub_mission", "sub_mission_changed_at"])
        audit_record(actor=user, verb="mission.sub_mission_chosen", target=mission,
                     organization=mission.program.organization,
                     data={"sub_mission": locked.pk, "previous": previous})
    return participation


def preferences_set(mission: Mission, *, user, ranking: list[int]) -> Participation:
    """Replace the person's ranking (sub-mission ids, most wanted first; some or all of the
    mission's sub-missions) while preferences are open. Joins the mission if needed."""
    if mission.assignment != AssignmentMode.PREFERENCE:
        raise DomainError(_("This mission is first come, first served: choose a sub-mission directly."),
                          code="first_come_mode")
    if not preferences_open(mission):
        raise DomainError(_("Preferences for this mission are closed."), code="preferences_closed")
    ranking = [int(pk) for pk in ranking]
    if len(set(ranking)) != len(ranking):
        raise DomainError(_("Each sub-mission can be ranked only once."), code="duplicate_rank")
    own = set(SubMission.objects.filter(mission=mission).values_list("pk", flat=True))
    if not set(ranking) <= own:
        raise DomainError(_("This sub-mission belongs to another mission."), code="wrong_mission")
    participation = participation_join(mission, user=user)
    with transaction.atomic():
        Participation.objects.select_for_update().filter(pk=participation.pk).first()
        current = list(Preference.objects.filter(participation=participation).values_list("sub_mission_id",
                                                                                           flat=True))
        if current == ranking:
            return participation
        Preference.objects.filter(participation=participation).delete()
        Preference.objects.bulk_create([Preference(participation=participation, sub_mission_id=pk, rank=r)
                                        for r, pk in enumerate(ranking, start=1)])
        audit_record(actor=user, verb="mission.preferences_set", target=mission,
                     organization=mission.program.organization, data={"ranking": ranking})
    return participation


def preferences_of(participation: Participation | None) -> list[int]:
    if participation is None:
        return []
    return list(Preference.objects.filter(participation=participation).order_by("rank")
                .values_list("sub_mission_id", flat=True))


def assignment_run(mission: Mission, *, actor, seed: int | None = None, force: bool = False) -> Assignment:
    """Assign every participant a sub-mission from their rankings, fairly (``assignment.assign``),
    record when and with which seed, and tell each person where they landed. Before
    ``choose_until`` only with ``force``. A re-run reassigns everyone (with the same seed and
    rankings, identically)."""
    from cocreate.notifications.services import notify

    if mission.assignment != AssignmentMode.PREFERENCE:
        raise DomainError(_("Only missions with ranked preferences are assigned."), code="first_come_mode")
    if mission.choose_until is not None and timezone.now() < mission.choose_until and not force:
        raise DomainError(_("Preferences are still open; assign now only if you mean to close them early."),
                          code="preferences_open")
    with transaction.atomic():
        mission = Mission.objects.select_for_update().select_related("program__organization").get(pk=mission.pk)
        subs = list(SubMission.objects.filter(mission=mission).order_by("order", "id"))
        participations = list(Participation.objects.filter(mission=mission).select_related("user").order_by("id"))
        rankings: dict[int, list[int]] = {p.pk: [] for p in participations}
        for pid, sid in (Preference.objects.filter(participation__mission=mission)
                         .order_by("participation_id", "rank").values_list("participation_id", "sub_mission_id")):
            rankings[pid].append(sid)
        result = assign([rankings[p.pk] for p in participations], {s.pk: s.capacity for s in subs}, seed=seed)
        now = timezone.now()
        for p, choice in zip(participations, result.choices, strict=True):
            p.sub_mission_id = choice
            p.sub_mission_changed_at = now
        Participation.objects.bulk_update(participations, ["sub_mission", "sub_mission_changed_at"])
        mission.assigned_at = now
        mission.save(update_fields=["assigned_at"])
        audit_record(actor=actor, verb="mission.assigned", target=mission, organization=mission.program.organization,
                     data={"seed": result.seed, "objective": list(result.objective), **result.stats()})
        titles = {s.pk: s.title for s in subs}
        url = reverse("missions:detail", args=[mission.program.organization.slug, mission.program.slug, mission.pk])
        for p, choice in zip(participations, result.choices, strict=True):
            if choice is not None:
                notify([p.user], "sub_mission_assigned", url=url,
                       params={"mission": mission.title, "sub_mission": titles[choice]})
    return result


# --- reading: the participation block and the coverage --------------------------------------

def sub_missions_with_seats(mission: Mission) -> list[SubMission]:
    """The mission's sub-missions, each with ``taken`` and ``seats_left`` (None: no limit), in one query."""
    subs = list(SubMission.objects.filter(mission=mission).annotate(taken=Count("participations"))
                .order_by("order", "id"))
    for s in subs:
        s.seats_left = None if s.capacity is None else max(0, s.capacity - s.taken)
    return subs


def participation_context(user, mission: Mission) -> dict:
    """Everything ``missions/_participation_block.html`` shows, in a constant number of queries:
    my participation and ranking, the sub-missions with seats left, my team, my invitations,
    and what I may do. ``mission.program.organization`` should be loaded with the mission."""
    from .models import TeamMember

    signed_in = getattr(user, "is_authenticated", False)
    participation = (Participation.objects.filter(mission=mission, user=user).select_related("sub_mission").first()
                     if signed_in else None)
    subs = sub_missions_with_seats(mission)
    ranking = preferences_of(participation)
    by_pk = {s.pk: s for s in subs}
    memberships = (list(TeamMember.objects.filter(mission=mission, user=user, state__in=["accepted", "invited"])
                        .select_related("team")) if signed_in else [])
    team = next((m.team for m in memberships if m.state == "accepted"), None)
    members = []
    if team is not None:
        members = list(TeamMember.objects.filter(team=team, state__in=["accepted", "invited"])
                       .select_related("user").order_by("invited_at", "id"))
    invitations = [m for m in memberships if m.state == "invited"]
    can_take_part = bool(signed_in and may_take_part(user, mission))
    return {
        "mission": mission,
        "participation": participation,
        "sub_missions": subs,
        "ranking": [by_pk[pk] for pk in ranking if pk in by_pk],
        "team": team,
        "team_members": members,
        "invitations": invitations,
        "teams_allowed": mission.team_size_max > 1,
        "preferences_open": preferences_open(mission),
        "can": {
            "take_part": can_take_part,
            "choose": bool(signed_in and user.has_perm("missions.choose_sub_mission", mission)),
            "rank": can_take_part and preferences_open(mission),
            "create_team": can_take_part and mission.team_size_max > 1 and team is None,
            "manage_team": team is not None,
            "view_coverage": bool(signed_in and user.has_perm("missions.view_coverage", mission)),
            "assign": bool(signed_in and user.has_perm("missions.change_mission", mission)
                           and mission.assignment == AssignmentMode.PREFERENCE),
        },
    }


def mission_coverage(mission: Mission) -> dict:
    """Per sub-mission: capacity, taken, seats left, submitted ideas and (in preference mode)
    first-choice demand; and the participants without a sub-mission. Four queries."""
    from cocreate.ideas.models import Idea

    subs = sub_missions_with_seats(mission)
    submitted = dict(Idea.objects.filter(mission=mission, sub_mission__isnull=False, submitted_at__isnull=False)
                     .values_list("sub_mission").annotate(n=Count("id")).values_list("sub_mission", "n"))
    demand = dict(Preference.objects.filter(participation__mission=mission, rank=1).values_list("sub_mission")
                  .annotate(n=Count("id")).values_list("sub_mission", "n"))
    rows = [{"sub_mission": s, "id": s.pk, "title": s.title, "capacity": s.capacity, "taken": s.taken,
             "seats_left": s.seats_left, "submissions": submitted.get(s.pk, 0),
             "first_choice_demand": demand.get(s.pk, 0) if mission.assignment == AssignmentMode.PREFERENCE else None}
            for s in subs]
    unassigned = list(Participation.objects.filter(mission=mission, sub_mission__isnull=True).select_related("user")
                      .order_by("joined_at", "id"))
    return {"rows": rows, "unassigned": unassigned, "participants": sum(s.taken for s in subs) + len(unassigned)}
