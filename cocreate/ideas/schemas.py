from datetime import datetime

from ninja import Field, Schema

from cocreate.core.api import LONG_TEXT, TEXT, TITLE, UserRef
from cocreate.evaluation.schemas import BreakdownOut
from cocreate.realization.schemas import DecisionOut
from cocreate.retention.schemas import OutcomeBriefOut

from .enums import Channel, IdeaState


class IdeaOut(Schema):
    id: int
    organization: str = Field(description="The organization's slug.")
    channel: Channel
    program: str | None = Field(description="The program's slug, for mission ideas.")
    mission_id: int | None
    mission_title: str | None
    title: str
    body: str
    state: IdeaState
    state_label: str
    author: UserRef
    support_count: int
    comment_count: int
    supported: bool = Field(description="Whether you support it.")
    created_at: datetime
    submitted_at: datetime | None
    hidden: bool
    hidden_reason: str | None = Field(description="Why a moderator hid it (seen by its author and staff).")

    @classmethod
    def of(cls, idea, *, supported: bool = False) -> "IdeaOut":
        return cls(
            id=idea.pk, organization=idea.organization.slug, channel=idea.channel,
            program=idea.program.slug if idea.program_id else None, mission_id=idea.mission_id,
            mission_title=idea.mission.title if idea.mission_id else None, title=idea.title, body=idea.body,
            state=idea.state, state_label=idea.get_state_display(), author=UserRef.of(idea.author),
            support_count=idea.support_count, comment_count=idea.comment_count, supported=supported,
            created_at=idea.created_at, submitted_at=idea.submitted_at, hidden=idea.is_hidden,
            hidden_reason=idea.hidden_reason if idea.is_hidden else None,
        )


class IdeaPermissions(Schema):
    change: bool
    submit: bool
    comment: bool
    support: bool
    hide: bool
    score: bool
    view_scores: bool
    decide: bool
    revive: bool


class IdeaDetailOut(IdeaOut):
    permissions: IdeaPermissions = Field(description="What you may do with this idea now.")
    decisions: list[DecisionOut] = Field(description="Newest first; for the author and staff.")
    outcome: OutcomeBriefOut | None


class MyIdeaOut(IdeaOut):
    decision: DecisionOut | None = Field(description="The decision in force, with its reason.")
    breakdown: BreakdownOut | None = Field(description="The score breakdown, once the idea is decided.")
    outcome: OutcomeBriefOut | None = Field(description="What became of an accepted idea.")


class IdeaIn(Schema):
    title: str = Field(max_length=TITLE)
    body: str = Field(max_length=LONG_TEXT)
    submit: bool = Field(False, description="Send it now; otherwise it stays a draft only you can see.")


class IdeaPatch(Schema):
    title: str = Field(max_length=TITLE)
    body: str = Field(max_length=LONG_TEXT)


class IdeaSearch(Schema):
    q: str = Field("", max_length=200, description="Search titles and descriptions (Korean and English).")


class SupportOut(Schema):
    supported: bool
    support_count: int


class CommentOut(Schema):
    id: int
    author: UserRef
    body: str
    created_at: datetime
    hidden: bool

    @classmethod
    def of(cls, comment) -> "CommentOut":
        return cls(id=comment.pk, author=UserRef.of(comment.author), body=comment.body,
                   created_at=comment.created_at, hidden=comment.hidden_at is not None)


class CommentIn(Schema):
    body: str = Field(max_length=TEXT)


class HideIn(Schema):
    reason: str = Field(max_length=TEXT)
