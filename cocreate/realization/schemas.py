from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from cocreate.core.api import MAX_ITEMS, TEXT, TITLE, Id, UserRef
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
    released_at: datetime | None = Field(None, description="Empty while the decision is staged for the round.")
    revisit_on: date | None = Field(None, description="Parked: when to look again.")
    revisit_condition: str = Field("", description="Parked: on what condition to look again.")

    @classmethod
    def of(cls, decision) -> "DecisionOut":
        return cls(id=decision.pk, kind=decision.kind, kind_label=decision.get_kind_display(),
                   reason=decision.reason,
                   department=DepartmentRef(id=decision.department.pk, name=decision.department.name)
                   if decision.department_id else None,
                   decided_at=decision.decided_at, released_at=decision.released_at,
                   revisit_on=decision.revisit_on, revisit_condition=decision.revisit_condition)


class DecisionIn(Schema):
    kind: DecisionKind
    reason: str = Field("", max_length=TEXT, description="Required for a rejection: the author reads it.")
    department_id: Id | None = Field(None, description="Required to accept: the department that acts.")
    seen_state: IdeaState | None = Field(
        None, description="The state you saw; if the idea has moved since, the decision is refused with 409.")
    reason_ids: list[Id] = Field([], max_length=MAX_ITEMS, description="Rejection: ids of the organization's "
                                 "active reasons (at least one when it offers any).")
    criterion_ids: list[Id] = Field([], max_length=MAX_ITEMS,
                                    description="Rejection: the published criteria concerned.")
    revisit_on: date | None = Field(None, description="Park: when to look again (or give revisit_condition).")
    revisit_condition: str = Field("", max_length=2000)
    revisit_owner_id: Id | None = Field(None, description="Park: who is reminded (default: you).")
    stage: bool = Field(False, description="Stage the decision for release with the round's others: the idea and "
                                           "its author see nothing until then.")


class ReviveIn(Schema):
    reason: str = Field("", max_length=2000)


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
    # H6: the first look, waiting time, concept.
    concept: str | None = Field(None, description="The business concept's name.")
    first_seen_at: datetime | None = Field(None, description="When an executive first opened it.")
    waited_days: float | None = Field(None, description="Days from submission to the first look (or until now).")
    new: bool = Field(False, description="Nobody on the board has looked at it yet.")
    overdue: bool = Field(False, description="Unseen longer than the organization's review time limit.")


class BoardFilter(Schema):
    state: IdeaState | None = None
    channel: Channel | None = None
    program: str | None = Field(None, max_length=TITLE, description="A program's slug.")
    q: str = Field("", max_length=200, description="Search titles and descriptions (Korean and English).")
    # H6: further filters, order and the keyset cursor.
    mission: Id | None = Field(None, description="A mission's id.")
    concept: Id | None = Field(None, description="A business concept's id.")
    department: Id | None = Field(None, description="A department an idea was forwarded or decided to.")
    submitted_from: date | None = None
    submitted_to: date | None = None
    unseen: bool = Field(False, description="Only ideas nobody on the board looked at yet.")
    overdue: bool = Field(False, description="Only unseen ideas older than the review time limit.")
    sort: Literal["newest", "oldest", "waiting"] = "newest"
    cursor: str = Field("", max_length=200, description="``next_cursor`` of the previous page (keyset paging; "
                        "``offset`` is then ignored).")


class BoardPage(Schema):
    count: int = Field(description="Matching ideas, counted up to 10,000 (with ``q``: the page, see ``count_more``).")
    count_more: bool = Field(description="More ideas match than ``count``.")
    limit: int
    offset: int
    next_cursor: str = Field(description="Pass as ``cursor`` for the next page; empty on the last page.")
    items: list[BoardItemOut]


class MarkSeenIn(Schema):
    ids: list[Id] = Field(max_length=MAX_ITEMS, description="Ideas to mark as looked at.")


class MarkSeenOut(Schema):
    marked: int = Field(description="How many were looked at for the first time.")


class OverdueProgramOut(Schema):
    program: str | None = Field(description="The program's title; empty for the open channel.")
    count: int
    oldest: datetime | None


class OverdueReportOut(Schema):
    total: int
    limit_days: int
    oldest: datetime | None
    by_program: list[OverdueProgramOut]


class ForwardIn(Schema):
    idea_id: Id | None = Field(None, description="An accepted idea, or:")
    concept_id: Id | None = Field(None, description="a concept: all of its accepted ideas.")
    department_id: Id
    owner_id: Id
    due_on: date
    note: str = Field("", max_length=5000)


class ForwardingOut(Schema):
    id: int
    idea_id: int
    idea_title: str
    concept_id: int | None
    department: DepartmentRef
    owner: UserRef
    due_on: date
    note: str
    created_at: datetime
    acknowledged_at: datetime | None
    late: bool = Field(description="Not acknowledged and past its due date.")

    @classmethod
    def of(cls, fw, today=None) -> "ForwardingOut":
        from .forwarding import is_late

        return cls(id=fw.pk, idea_id=fw.idea_id, idea_title=fw.idea.title, concept_id=fw.concept_id,
                   department=DepartmentRef(id=fw.department_id, name=fw.department.name),
                   owner=UserRef.of(fw.owner), due_on=fw.due_on, note=fw.note, created_at=fw.created_at,
                   acknowledged_at=fw.acknowledged_at, late=is_late(fw, today))


class HandOffOut(Schema):
    """What the author (and staff) see of an idea's hand-off to a department: where it went,
    when, and whether the department acknowledged receipt; not the owner or the internal note."""

    department: DepartmentRef
    forwarded_at: datetime
    acknowledged_at: datetime | None
    status: Literal["waiting", "acknowledged"]
    status_label: str = Field(description="The status in the language of the request.")

    @classmethod
    def of(cls, fw) -> "HandOffOut":
        from django.utils.translation import gettext

        done = fw.acknowledged_at is not None
        return cls(department=DepartmentRef(id=fw.department_id, name=fw.department.name),
                   forwarded_at=fw.created_at, acknowledged_at=fw.acknowledged_at,
                   status="acknowledged" if done else "waiting",
                   status_label=gettext("receipt acknowledged") if done
                   else gettext("waiting for the department to acknowledge receipt"))


class ArchiveItemOut(Schema):
    id: int
    title: str
    state: IdeaState
    state_label: str
    program: str | None
    concept: str | None
    submitted_at: datetime | None
    hidden: bool


class ArchivePage(Schema):
    page: int
    has_next: bool
    items: list[ArchiveItemOut]
