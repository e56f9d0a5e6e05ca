from datetime import date, datetime

from ninja import Field, Schema

from cocreate.core.api import MAX_INT, TEXT, TITLE, Id, PageParams, UserRef

from .enums import AgeBand, InvitationStatus, PoolSource, PoolStatus


class TrackRecordOut(Schema):
    programs_joined: int
    missions_with_ideas: int
    ideas_submitted: int = Field(description="Submitted ideas (not drafts, not hidden), both channels.")
    ideas_accepted: int = Field(description="Accepted, in implementation or implemented.")
    ideas_implemented: int
    average_score: float | None = Field(description="Mean weighted total (0–100) of the scored ideas.")
    last_activity: datetime | None


class ProfileOut(Schema):
    email: str
    birth_year: int | None
    gender: str
    region: str
    interests: str
    expertise: str
    languages: str
    follower_count: int
    community_roles: str


class PoolMemberOut(Schema):
    id: int
    user: UserRef
    status: PoolStatus
    source: PoolSource
    source_program: str | None = Field(description="Slug of the program they were selected for.")
    joined_at: datetime
    track_record: TrackRecordOut


class ProgramRecordOut(Schema):
    program: str | None = Field(description="Program slug; null for the open channel.")
    title: str | None
    joined_at: datetime | None
    missions_with_ideas: int
    ideas_submitted: int
    ideas_accepted: int
    ideas_implemented: int
    average_score: float | None


class InvitationOut(Schema):
    id: int
    program: str
    program_title: str
    message: str
    status: InvitationStatus
    is_expired: bool
    invited_by: UserRef
    invited_at: datetime
    deadline: date
    responded_at: datetime | None


class PoolMemberDetailOut(PoolMemberOut):
    profile: ProfileOut
    note: str
    by_program: list[ProgramRecordOut]
    invitations: list[InvitationOut]
    can_invite: bool


class PoolFilter(PageParams):
    q: str = Field("", max_length=200, description="Words to find in name, email, expertise or interests (all "
                   "must match).")
    status: PoolStatus | None = Field(None, description="Without it, every status but removed.")
    interest: str = Field("", max_length=100)
    region: str = Field("", max_length=100)
    age_band: AgeBand | None = None
    opinion_leader: bool | None = None
    program: str | None = Field(None, max_length=TITLE, description="Slug of a program the member was a partner "
                                "of.")
    has_accepted_ideas: bool | None = None


class PoolAddIn(Schema):
    user_id: Id | None = None
    email: str | None = Field(None, max_length=254, description="Either the account's id or its email address.")
    source: PoolSource = Field(PoolSource.MANAGER, description="`manager` or `open_channel`.")


class PoolMemberPatch(Schema):
    status: PoolStatus | None = None
    note: str | None = Field(None, max_length=TEXT)


class InviteIn(Schema):
    program: str = Field(max_length=TITLE, description="Slug of the program.")
    message: str = Field("", max_length=2000)
    deadline: date


class CandidateParams(PageParams):
    min_supports: int | None = Field(None, ge=1, le=MAX_INT,
                                     description="Supports on one idea; default from settings (10).")


class CandidateOut(Schema):
    user: UserRef
    accepted_open_ideas: int
    best_support: int
    total_support: int
    open_ideas: int


class MyMembershipOut(Schema):
    id: int
    organization: str = Field(description="Organization slug.")
    organization_name: str
    status: PoolStatus
    joined_at: datetime


class MyMembershipPatch(Schema):
    status: PoolStatus = Field(description="`active` or `resting`.")


class MyInvitationOut(InvitationOut):
    organization: str
    organization_name: str
    can_respond: bool


class RespondIn(Schema):
    accept: bool
