from datetime import datetime

from ninja import Field, Schema

from cocreate.core.api import UserRef
from cocreate.ideas.enums import Channel, IdeaState

from .enums import DecisionKind


class DepartmentRef(Schema):
    id: int
    name: str


class DecisionOut(Schema):
    id: int
    kind: DecisionKind
    kind_label: str
    reason: str
    department: DepartmentRef | None = Field(description="Where an accepted idea was forwarded.")
    decided_at: datetime

    @classmethod
    def of(cls, decision) -> "DecisionOut":
        return cls(id=decision.pk, kind=decision.kind, kind_label=decision.get_kind_display(),
                   reason=decision.reason,
                   department=DepartmentRef(id=decision.department.pk, name=decision.department.name)
                   if decision.department_id else None,
                   decided_at=decision.decided_at)


class DecisionIn(Schema):
    kind: DecisionKind
    reason: str = Field("", description="Required for a rejection: the author reads it.")
    department_id: int | None = Field(None, description="Required to accept: the department that acts.")
    seen_state: IdeaState | None = Field(
        None, description="The state you saw; if the idea has moved since, the decision is refused with 409.")


class ReviveIn(Schema):
    reason: str = ""


class BoardItemOut(Schema):
    id: int
    title: str
    state: IdeaState
    state_label: str
    channel: Channel
    program: str | None = Field(description="The program's slug.")
    mission_title: str | None
    author: UserRef
    submitted_at: datetime | None
    support_count: int
    comment_count: int
    hidden: bool = Field(description="Hidden by a moderator; the board still shows it, marked.")
    total_score: float | None
    decision: DecisionOut | None = Field(description="The decision in force, if any.")


class BoardFilter(Schema):
    state: IdeaState | None = None
    channel: Channel | None = None
    program: str | None = Field(None, description="A program's slug.")
    q: str = Field("", max_length=200, description="Search titles and descriptions (Korean and English).")
