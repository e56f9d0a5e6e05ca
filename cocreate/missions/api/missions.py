"""R2 missions: what partners work on, and the door through which they submit ideas."""

from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from cocreate.core.api import PUBLIC, Page, PageParams, answers, organization_scope, page, page_of, require
from cocreate.core.errors import DomainError
from cocreate.ideas import selectors as idea_selectors
from cocreate.ideas import services as idea_services
from cocreate.ideas.api import idea_detail_out
from cocreate.ideas.schemas import IdeaDetailOut, IdeaIn
from cocreate.programs.selectors import program_for_user

from ..schemas import MissionIn, MissionOut
from ..selectors import mission_for_user, missions_visible_to
from ..services import mission_create

router = Router(tags=["missions"])

MISSIONS = "/organizations/{slug}/programs/{program_slug}/missions"
MISSION = MISSIONS + "/{mission_id}"


@router.get(MISSIONS, response=answers({200: Page[MissionOut]}, 404), **PUBLIC)
def mission_list(request, slug: str, program_slug: str, params: Query[PageParams]):
    """The program's missions you may see: confidential ones only for staff and for
    partners who accepted the agreement in force."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        rows, count = page_of(missions_visible_to(request.user, program).order_by("starts_at", "id"), params)
        for mission in rows:
            mission.program = program  # the rules read mission.program; it is this one
        return page([MissionOut.of(request.user, m) for m in rows], count, params)


@router.post(MISSIONS, response=answers({201: MissionOut}, 400, 401, 404, 422))
def mission_add(request, slug: str, program_slug: str, data: MissionIn):
    """Create a mission with its tasks (program managers)."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        require(request.user, "missions.add_mission", program)
        mission = mission_create(program, actor=request.user, **data.model_dump(exclude={"tasks"}),
                                 tasks=[t.model_dump() for t in data.tasks])
        return Status(201, MissionOut.of(request.user, mission_for_user(request.user, program, mission.pk)))


@router.get(MISSION, response=answers({200: MissionOut}, 404), **PUBLIC)
def mission_detail(request, slug: str, program_slug: str, mission_id: int):
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        return MissionOut.of(request.user, mission_for_user(request.user, program, mission_id))


@router.post(MISSION + "/ideas", response=answers({201: IdeaDetailOut}, 400, 401, 404, 422))
def mission_idea_create(request, slug: str, program_slug: str, mission_id: int, data: IdeaIn):
    """Submit an idea to a mission (partners who accepted the agreement, while the mission
    is open). With ``submit: false`` it is kept as your draft."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        mission = mission_for_user(request.user, program, mission_id)
        if not mission.is_open():
            # Someone who can see the mission is told why, instead of a 404.
            raise DomainError(_("The mission is closed; ideas can no longer be submitted to it."),
                              code="mission_closed")
        require(request.user, "missions.submit_to_mission", mission)
        idea = idea_services.idea_create(author=request.user, organization=org, title=data.title,
                                         body=data.body, mission=mission, submit=data.submit)
        idea = idea_selectors.idea_for_user(request.user, org, idea.pk)
        return Status(201, idea_detail_out(request.user, idea))
