"""Taking part in a mission in /api/v1/: participation, sub-missions with seats, choosing or
ranking them, the manager's fair assignment and coverage, and teams. The same permissions as
the pages; what may not be seen answers 404 like what does not exist."""

from datetime import datetime

from django.http import Http404
from ninja import Field, Router, Schema, Status

from cocreate.core.api import MAX_ID, MAX_ITEMS, TITLE, Id, PathId, UserRef, answers, organization_scope, require
from cocreate.programs.selectors import program_for_user

from .. import participation as services
from .. import teams as team_services
from ..models import SubMission, TeamMember
from ..rules import may_take_part
from ..selectors import mission_for_user

router = Router(tags=["missions"])

MISSION = "/organizations/{slug}/programs/{program_slug}/missions/{mission_id}"


class SubMissionOut(Schema):
    id: int
    title: str
    description: str
    capacity: int | None
    taken: int
    seats_left: int | None


class ParticipationOut(Schema):
    taking_part: bool
    sub_mission: int | None
    ranking: list[int]
    assignment: str
    preferences_open: bool
    assigned_at: datetime | None
    can_choose: bool


class ChooseIn(Schema):
    sub_mission: Id


class RankingIn(Schema):
    ranking: list[Id] = Field(max_length=MAX_ITEMS)


class AssignIn(Schema):
    seed: int | None = Field(None, ge=0, le=MAX_ID)
    force: bool = False


class AssignOut(Schema):
    seed: int
    by_rank: dict[str, int]
    unranked: int
    unassigned: int
    objective: list[int]


class CoverageRow(Schema):
    id: int
    title: str
    capacity: int | None
    taken: int
    seats_left: int | None
    submissions: int
    first_choice_demand: int | None


class CoverageOut(Schema):
    participants: int
    sub_missions: list[CoverageRow]
    without_sub_mission: list[UserRef]


class MemberOut(Schema):
    user: UserRef
    state: str


class TeamOut(Schema):
    id: int
    name: str
    my_state: str | None
    members: list[MemberOut]


class TeamIn(Schema):
    name: str = Field(max_length=TITLE)


class InviteIn(Schema):
    user: Id


class RespondIn(Schema):
    accept: bool


def _mission(request, slug, program_slug, mission_id):
    program = program_for_user(request.user, request.organization, program_slug)
    return mission_for_user(request.user, program, mission_id)


def _take_part(request, mission):
    if not may_take_part(request.user, mission):
        raise Http404


def _participation_out(user, mission) -> ParticipationOut:
    ctx = services.participation_context(user, mission)
    p = ctx["participation"]
    return ParticipationOut(taking_part=p is not None, sub_mission=p.sub_mission_id if p else None,
                            ranking=[s.pk for s in ctx["ranking"]], assignment=mission.assignment,
                            preferences_open=ctx["preferences_open"], assigned_at=mission.assigned_at,
                            can_choose=ctx["can"]["choose"])


def _team_out(user, team) -> TeamOut:
    members = list(TeamMember.objects.filter(team=team, state__in=["accepted", "invited"]).select_related("user")
                   .order_by("invited_at", "id"))
    mine = next((m.state for m in members if m.user_id == user.pk), None)
    return TeamOut(id=team.pk, name=team.name, my_state=mine,
                   members=[MemberOut(user=UserRef.of(m.user), state=m.state) for m in members])


@router.get(MISSION + "/participation", response=answers({200: ParticipationOut}, 401, 404))
def participation_get(request, slug: str, program_slug: str, mission_id: PathId):
    """Whether you take part, your sub-mission and your ranking."""
    with organization_scope(request, slug):
        mission = _mission(request, slug, program_slug, mission_id)
        return _participation_out(request.user, mission)


@router.post(MISSION + "/participation", response=answers({200: ParticipationOut}, 400, 401, 404))
def participation_post(request, slug: str, program_slug: str, mission_id: PathId):
    """Take part in the mission (idempotent; refused when it is full)."""
    with organization_scope(request, slug):
        mission = _mission(request, slug, program_slug, mission_id)
        _take_part(request, mission)
        services.participation_join(mission, user=request.user)
        return _participation_out(request.user, mission)


@router.delete(MISSION + "/participation", response=answers({204: None}, 401, 404))
def participation_delete(request, slug: str, program_slug: str, mission_id: PathId):
    """Leave the mission: your seat is freed (idempotent)."""
    with organization_scope(request, slug):
        mission = _mission(request, slug, program_slug, mission_id)
        services.participation_leave(mission, user=request.user)
        return Status(204, None)


@router.get(MISSION + "/sub-missions", response=answers({200: list[SubMissionOut]}, 404))
def sub_mission_list(request, slug: str, program_slug: str, mission_id: PathId):
    """The mission's sub-missions with their seats left (None: no limit)."""
    with organization_scope(request, slug):
        mission = _mission(request, slug, program_slug, mission_id)
        return [SubMissionOut(id=s.pk, title=s.title, description=s.description, capacity=s.capacity,
                              taken=s.taken, seats_left=s.seats_left)
                for s in services.sub_missions_with_seats(mission)]


@router.post(MISSION + "/sub-missions/choose", response=answers({200: ParticipationOut}, 400, 401, 404))
def sub_mission_choose(request, slug: str, program_slug: str, mission_id: PathId, data: ChooseIn):
    """Take a seat in a sub-mission, or switch to it (first come; after the assignment, free seats only)."""
    with organization_scope(request, slug):
        mission = _mission(request, slug, program_slug, mission_id)
        _take_part(request, mission)
        sub = SubMission.objects.filter(mission=mission, pk=data.sub_mission).first()
        if sub is None:
            raise Http404
        services.sub_mission_choose(mission, user=request.user, sub_mission=sub)
        return _participation_out(request.user, mission)


@router.get(MISSION + "/preferences", response=answers({200: RankingIn}, 401, 404))
def preferences_get(request, slug: str, program_slug: str, mission_id: PathId):
    with organization_scope(request, slug):
        mission = _mission(request, slug, program_slug, mission_id)
        ctx = services.participation_context(request.user, mission)
        return RankingIn(ranking=[s.pk for s in ctx["ranking"]])


@router.put(MISSION + "/preferences", response=answers({200: RankingIn}, 400, 401, 404))
def preferences_put(request, slug: str, program_slug: str, mission_id: PathId, data: RankingIn):
    """Your ranking of sub-mission ids, most wanted first, while preferences are open."""
    with organization_scope(request, slug):
        mission = _mission(request, slug, program_slug, mission_id)
        _take_part(request, mission)
        participation = services.preferences_set(mission, user=request.user, ranking=data.ranking)
        return RankingIn(ranking=services.preferences_of(participation))


@router.post(MISSION + "/assignment", response=answers({200: AssignOut}, 400, 401, 404))
def assignment_post(request, slug: str, program_slug: str, mission_id: PathId, data: AssignIn):
    """Assign everyone a sub-mission from the rankings (managers); ``force`` before preferences close."""
    with organization_scope(request, slug):
        mission = _mission(request, slug, program_slug, mission_id)
        require(request.user, "missions.change_mission", mission)
        result = services.assignment_run(mission, actor=request.user, seed=data.seed, force=data.force)
        return AssignOut(seed=result.seed, unranked=result.unranked, unassigned=result.unassigned,
                         objective=list(result.objective), by_rank=result.stats()["by_rank"])


@router.get(MISSION + "/coverage", response=answers({200: CoverageOut}, 401, 404))
def coverage_get(request, slug: str, program_slug: str, mission_id: PathId):
    """Seats, submissions and first-choice demand per sub-mission; who has none (staff)."""
    with organization_scope(request, slug):
        mission = _mission(request, slug, program_slug, mission_id)
        require(request.user, "missions.view_coverage", mission)
        cov = services.mission_coverage(mission)
        return CoverageOut(participants=cov["participants"],
                           sub_missions=[CoverageRow(**{k: v for k, v in r.items() if k != "sub_mission"})
                                         for r in cov["rows"]],
                           without_sub_mission=[UserRef.of(p.user) for p in cov["unassigned"]])


@router.get(MISSION + "/teams", response=answers({200: list[TeamOut]}, 401, 404))
def team_list(request, slug: str, program_slug: str, mission_id: PathId):
    """Your teams in this mission: the one you are in and those inviting you."""
    with organization_scope(request, slug):
        mission = _mission(request, slug, program_slug, mission_id)
        return [_team_out(request.user, t) for t in team_services.teams_of(request.user, mission)]


@router.post(MISSION + "/teams", response=answers({201: TeamOut}, 400, 401, 404))
def team_add(request, slug: str, program_slug: str, mission_id: PathId, data: TeamIn):
    with organization_scope(request, slug):
        mission = _mission(request, slug, program_slug, mission_id)
        _take_part(request, mission)
        team = team_services.team_create(mission, user=request.user, name=data.name)
        return Status(201, _team_out(request.user, team))


@router.post(MISSION + "/teams/{team_id}/invitations", response=answers({200: TeamOut}, 400, 401, 404))
def team_invite(request, slug: str, program_slug: str, mission_id: PathId, team_id: PathId, data: InviteIn):
    """Invite one of the program's partners who may take part (team members)."""
    from cocreate.accounts.models import User

    with organization_scope(request, slug):
        mission = _mission(request, slug, program_slug, mission_id)
        team = team_services.team_for_user(request.user, mission, team_id)
        require(request.user, "missions.manage_team", team)
        invitee = User.objects.filter(pk=data.user).first()
        if invitee is None or not may_take_part(invitee, mission):
            raise Http404
        team_services.team_invite(team, actor=request.user, user=invitee)
        return _team_out(request.user, team)


@router.post(MISSION + "/teams/{team_id}/response", response=answers({200: TeamOut}, 400, 401, 404))
def team_respond(request, slug: str, program_slug: str, mission_id: PathId, team_id: PathId, data: RespondIn):
    """Accept or decline your invitation to the team."""
    with organization_scope(request, slug):
        mission = _mission(request, slug, program_slug, mission_id)
        member = TeamMember.objects.filter(team__mission=mission, team_id=team_id, user=request.user).first()
        if member is None or member.state == "left":
            raise Http404
        team_services.team_respond(member, user=request.user, accept=data.accept)
        return _team_out(request.user, member.team)


@router.post(MISSION + "/teams/{team_id}/leave", response=answers({200: TeamOut}, 401, 404))
def team_leave(request, slug: str, program_slug: str, mission_id: PathId, team_id: PathId):
    with organization_scope(request, slug):
        mission = _mission(request, slug, program_slug, mission_id)
        team = team_services.team_for_user(request.user, mission, team_id)
        team_services.team_leave(team, user=request.user)
        return _team_out(request.user, team)
