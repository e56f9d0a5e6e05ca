"""R2 missions: what partners work on, and the door through which they submit ideas."""

from django.db.models import Count
from django.http import Http404
from ninja import Query, Router, Status

from cocreate.core.api import (
    PUBLIC,
    Page,
    PageParams,
    PathId,
    answers,
    organization_scope,
    page,
    page_of,
    require,
    values_of,
)
from cocreate.core.errors import DomainError
from cocreate.ideas import selectors as idea_selectors
from cocreate.ideas.api import idea_detail_out
from cocreate.ideas.schemas import IdeaDetailOut, IdeaIn
from cocreate.programs.selectors import program_for_user

from ..models import default_time_zone
from ..schemas import MissionIn, MissionOut, MissionPatchIn, MissionTypeOut
from ..selectors import mission_for_user, missions_visible_to
from ..services import mission_create, mission_update
from ..submissions import may_take_part, submission_save
from ..types import registered

router = Router(tags=["missions"])

MISSIONS = "/organizations/{slug}/programs/{program_slug}/missions"
MISSION = MISSIONS + "/{mission_id}"


def _mission_out(user, program, pk: int) -> MissionOut:
    return MissionOut.of(user, mission_for_user(user, program, pk))


@router.get("/mission-types", response=list[MissionTypeOut], **PUBLIC)
def mission_type_list(request):
    """The mission types a manager can choose, in the order managers see them, with what their
    submissions allow and their default settings (the shape of a mission's ``config``)."""
    return [MissionTypeOut.of(kind) for kind in registered()]


@router.get(MISSIONS, response=answers({200: Page[MissionOut]}, 404), **PUBLIC)
def mission_list(request, slug: str, program_slug: str, params: Query[PageParams]):
    """The program's missions you may see: confidential ones only for staff and for
    partners who accepted the agreement in force."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        missions = (missions_visible_to(request.user, program)
                    .annotate(participation_count=Count("participations", distinct=True))
                    .prefetch_related("tasks", "deliverables", "sub_missions").order_by("starts_at", "id"))
        rows, count = page_of(missions, params)
        for mission in rows:
            mission.program = program  # the rules read mission.program; it is this one
        return page([MissionOut.of(request.user, m) for m in rows], count, params)


@router.post(MISSIONS, response=answers({201: MissionOut}, 400, 401, 404, 422))
def mission_add(request, slug: str, program_slug: str, data: MissionIn):
    """Create a mission with its tasks, deliverables and sub-missions (program managers). The
    type's settings (``config``) are checked by the type; without them it takes its defaults."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        require(request.user, "missions.add_mission", program)
        values = values_of(data, partial=False)
        values["time_zone"] = values["time_zone"] or default_time_zone()
        mission = mission_create(program, actor=request.user, **values)
        return Status(201, _mission_out(request.user, program, mission.pk))


@router.get(MISSION, response=answers({200: MissionOut}, 404), **PUBLIC)
def mission_detail(request, slug: str, program_slug: str, mission_id: PathId):
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        return _mission_out(request.user, program, mission_id)


def _managed_mission(request, org, program_slug: str, mission_id: PathId):
    program = program_for_user(request.user, org, program_slug)
    mission = mission_for_user(request.user, program, mission_id)
    require(request.user, "missions.change_mission", mission)
    return program, mission


@router.put(MISSION, response=answers({200: MissionOut}, 400, 401, 404, 422))
def mission_replace(request, slug: str, program_slug: str, mission_id: PathId, data: MissionIn):
    """Replace the whole mission (program managers): what is not sent takes its default and the
    lists replace the current ones; a deliverable or sub-mission sent with its ``id`` is kept.
    The type cannot change once submissions exist, nor settings that reports already use."""
    with organization_scope(request, slug) as org:
        program, mission = _managed_mission(request, org, program_slug, mission_id)
        values = values_of(data, partial=False)
        values["time_zone"] = values["time_zone"] or default_time_zone()
        mission_update(mission, actor=request.user, **values)
        return _mission_out(request.user, program, mission.pk)


@router.patch(MISSION, response=answers({200: MissionOut}, 400, 401, 404, 422))
def mission_change(request, slug: str, program_slug: str, mission_id: PathId, data: MissionPatchIn):
    """Change only the fields sent (program managers); a list sent replaces the current one,
    rows sent with their ``id`` are kept."""
    with organization_scope(request, slug) as org:
        program, mission = _managed_mission(request, org, program_slug, mission_id)
        values = values_of(data, partial=True)
        for name, value in list(values.items()):
            if value is None and name not in ("capacity", "choose_until", "config"):
                values.pop(name)  # null for a required field: left as it is
        mission_update(mission, actor=request.user, **values)
        return _mission_out(request.user, program, mission.pk)


@router.post(MISSION + "/ideas", response=answers({201: IdeaDetailOut}, 400, 401, 404, 422))
def mission_idea_create(request, slug: str, program_slug: str, mission_id: PathId, data: IdeaIn):
    """Submit an idea to a mission (partners who accepted the agreement, while the mission
    is open). With ``submit: false`` it is kept as your draft."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        mission = mission_for_user(request.user, program, mission_id)
        if not may_take_part(request.user, mission):
            raise Http404
        # The mission's late policy decides about late work; refused work is kept as a draft.
        result = submission_save(mission, author=request.user, title=data.title, body=data.body,
                                 submit=data.submit)
        if result.refused:
            raise DomainError(result.refused_reason, code=result.refused_code)
        idea = idea_selectors.idea_for_user(request.user, org, result.idea.pk)
        return Status(201, idea_detail_out(request.user, idea))
