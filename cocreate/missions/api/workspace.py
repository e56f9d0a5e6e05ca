"""The participant's workspace in /api/v1/: GET /me/missions (the same data as /me/missions/)."""

from datetime import datetime

from ninja import Router, Schema

from cocreate.core.api import answers

from ..workspace import workspace_for_user

router = Router(tags=["missions"])


class WorkspaceIdeaOut(Schema):
    id: int
    title: str
    state: str
    is_late: bool
    deliverable_id: int | None
    author: str
    team: str | None


class WorkspaceDeliverableOut(Schema):
    id: int | None
    title: str
    due_at: datetime
    due: str
    status: str
    status_label: str
    late_policy: str


class WorkspaceMissionOut(Schema):
    id: int
    title: str
    kind: str
    organization: str
    program: str
    time_zone: str
    sub_mission: str | None
    team: str | None
    next_due: datetime | None
    deliverables: list[WorkspaceDeliverableOut]
    drafts: list[WorkspaceIdeaOut]
    submissions: list[WorkspaceIdeaOut]


def _idea(i) -> dict:
    return {"id": i.pk, "title": i.title, "state": i.state, "is_late": i.is_late, "deliverable_id": i.deliverable_id,
            "author": i.author.get_username(), "team": i.team.name if i.team else None}


@router.get("/me/missions", response=answers({200: list[WorkspaceMissionOut]}, 401))
def my_missions(request):
    """Your missions in every organization, soonest due first: deliverables with due dates and
    status, your drafts and your submissions (team submissions credited to you included)."""
    return [{
        "id": r.mission.pk, "title": r.mission.title, "kind": r.mission.kind,
        "organization": r.mission.program.organization.name, "program": r.mission.program.title,
        "time_zone": r.mission.time_zone, "sub_mission": r.sub_mission.title if r.sub_mission else None,
        "team": r.team.name if r.team else None, "next_due": r.next_due,
        "deliverables": [{"id": d.deliverable.pk if d.deliverable else None, "title": d.title, "due_at": d.due_at,
                          "due": d.due_text, "status": d.status, "status_label": d.status_label,
                          "late_policy": d.late_policy} for d in r.deliverables],
        "drafts": [_idea(i) for i in r.drafts], "submissions": [_idea(i) for i in r.submissions],
    } for r in workspace_for_user(request.user)]
