from datetime import date, datetime

from ninja import Field, Schema

from cocreate.core.api import LONG_TEXT, UserRef

from .enums import AgreementStatus, CrowdSource, Leniency, ProgramStatus, Stage

_STAGE_DATES = "Each of the 5R stages (recruiting, rr, reinforcement, realization, retention) has `<stage>_starts` and `<stage>_ends`; stages must follow each other."  # noqa: E501


class ProgramOut(Schema):
    slug: str
    title: str
    goal: str
    scope: str
    is_pilot: bool = Field(description="A small start: few products, one purpose, to learn before spreading.")
    is_public: bool
    status: ProgramStatus
    current_stage: Stage | None
    recruiting_starts: date | None
    recruiting_ends: date | None
    rr_starts: date | None
    rr_ends: date | None
    reinforcement_starts: date | None
    reinforcement_ends: date | None
    realization_starts: date | None
    realization_ends: date | None
    retention_starts: date | None
    retention_ends: date | None
    vote_min_account_age_days: int = Field(0, description="Votes need an account at least this many days old.")
    vote_requires_verified_email: bool = Field(False, description="Votes need a verified email address.")


class TimelineRow(Schema):
    stage: Stage
    label: str
    starts: date | None
    ends: date | None
    state: str = Field(description="past, current, upcoming or unplanned")


class ProgramDetailOut(ProgramOut):
    timeline: list[TimelineRow]
    is_partner: bool = Field(description="Whether you are a partner in this program's cohort.")
    can_change: bool


class ProgramIn(Schema):
    """The short name (slug) is made from the title."""

    title: str = Field(max_length=200)
    goal: str = Field(max_length=LONG_TEXT)
    scope: str = Field("", max_length=LONG_TEXT)
    is_pilot: bool = False
    is_public: bool = True
    status: ProgramStatus = ProgramStatus.DRAFT
    recruiting_starts: date | None = None
    recruiting_ends: date | None = None
    rr_starts: date | None = None
    rr_ends: date | None = None
    reinforcement_starts: date | None = None
    reinforcement_ends: date | None = None
    realization_starts: date | None = None
    realization_ends: date | None = None
    retention_starts: date | None = None
    retention_ends: date | None = None
    vote_min_account_age_days: int = Field(0, ge=0, le=3650)
    vote_requires_verified_email: bool = False

    model_config = {"json_schema_extra": {"description": _STAGE_DATES}}


class ProgramPatch(Schema):
    """Send only the fields to change."""

    title: str = Field(None, max_length=200)
    goal: str = Field(None, max_length=LONG_TEXT)
    scope: str = Field(None, max_length=LONG_TEXT)
    is_pilot: bool = None
    is_public: bool = None
    status: ProgramStatus = None
    recruiting_starts: date | None = None
    recruiting_ends: date | None = None
    rr_starts: date | None = None
    rr_ends: date | None = None
    reinforcement_starts: date | None = None
    reinforcement_ends: date | None = None
    realization_starts: date | None = None
    realization_ends: date | None = None
    retention_starts: date | None = None
    retention_ends: date | None = None
    vote_min_account_age_days: int = Field(None, ge=0, le=3650)
    vote_requires_verified_email: bool = None


class CriterionOut(Schema):
    id: int
    name: str
    description: str
    weight: int = Field(description="Percent of the total; the weights of an agreement add up to 100.")
    scale_max: int = Field(description="The highest score a judge can give.")
    is_crowd_vote: bool = Field(description="Decided by the participants' vote: its weight is the crowd vote's "
                                            "share of the final score.")


class AgreementOut(Schema):
    version: int
    status: AgreementStatus
    evaluators: str = Field(description="Who evaluates.")
    method: str = Field(description="How ideas are evaluated.")
    ip_ownership: str = Field(description="Who owns results and patents.")
    confidentiality: str
    result_consent: str
    rejection_process: str
    data_use: str
    is_material: bool = Field(description="A material version asks every partner to accept again; one that is "
                                          "not carries the acceptances of the previous version forward.")
    crowd_vote_share: int = Field(description="Percent of the final score decided by the participants' vote: "
                                              "the weight of the criteria marked is_crowd_vote.")
    published_at: datetime | None
    leniency: Leniency = Field(description="How judges' leniency is corrected: none, standardise (per-judge "
                                           "standardisation) or offset (additive judge-offset model).")
    crowd_source: CrowdSource = Field(description="What the participants'-vote criterion is computed from: "
                                                  "supports, ratings (0-5) or pairwise votes.")
    min_judges: int = Field(description="The least number of judges who score each idea.")
    comments_to_author: bool = Field(description="Authors read the judges' comments (without names) after the "
                                                 "decision.")
    criteria: list[CriterionOut]
    accepted_at: datetime | None = Field(description="When you accepted this version; null if you have not.")
    can_accept: bool


class AcceptanceOut(Schema):
    version: int
    accepted_at: datetime


class CriterionIn(Schema):
    name: str = Field(max_length=120)
    description: str = Field("", max_length=1000)
    weight: int = Field(ge=0, le=100, description="Percent; the weights must add up to 100 to publish.")
    scale_max: int = Field(10, ge=1, le=1000)
    is_crowd_vote: bool = False


class AgreementDraftIn(Schema):
    """Write the next version. Fields left out keep the draft's text (a new draft starts as a
    copy of the version in force); ``criteria``, when sent, replace the draft's criteria."""

    evaluators: str = Field(None, max_length=LONG_TEXT)
    method: str = Field(None, max_length=LONG_TEXT)
    ip_ownership: str = Field(None, max_length=LONG_TEXT)
    confidentiality: str = Field(None, max_length=LONG_TEXT)
    result_consent: str = Field(None, max_length=LONG_TEXT)
    rejection_process: str = Field(None, max_length=LONG_TEXT)
    data_use: str = Field(None, max_length=LONG_TEXT)
    is_material: bool = Field(None, description="False for a change that is not material (a typo fixed): the "
                                                "acceptances of the version in force are carried forward. Changed "
                                                "criteria are always material.")
    leniency: Leniency = Field(None, description="none, standardise or offset. Changing it (or crowd_source) is "
                                                 "a material change.")
    crowd_source: CrowdSource = Field(None, description="supports, ratings or pairwise.")
    min_judges: int = Field(None, ge=1, le=20)
    comments_to_author: bool = None
    criteria: list[CriterionIn] = Field(None, max_length=100)
    publish: bool = Field(False, description="Publish it now; partners are then asked to accept it.")


class PartnerOut(Schema):
    user: UserRef
    joined_at: datetime
    accepted_at: datetime | None = Field(description="When they accepted the agreement in force, if yet.")


class AgreementVersionOut(Schema):
    version: int
    status: AgreementStatus
    is_material: bool
    published_at: datetime | None


class AcceptanceRowOut(Schema):
    user: UserRef
    joined_at: datetime
    accepted_version: int | None = Field(description="The latest version this partner accepted, if any.")
    accepted_at: datetime | None
    carried_forward: bool = Field(description="The acceptance was carried over by a non-material version.")
    up_to_date: bool = Field(description="Whether they accepted the version in force.")
