from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from cocreate.core.api import LONG_TEXT, MAX_ID, MAX_INT, MAX_ITEMS, MAX_SMALL, TITLE, DateTime, Id, UserRef

from .enums import (
    ApplicationStatus,
    CriterionKind,
    CriterionSource,
    EntryRole,
    EntryStatus,
    ImportStatus,
    QuestionKind,
    QuotaAttribute,
    RecruitmentStatus,
    RoundOutcome,
    RoundStatus,
    SelectionStatus,
)


class QuestionOut(Schema):
    id: int
    text: str
    kind: QuestionKind
    max_length: int | None = Field(description="Character limit of the answer, if any.")
    required: bool
    choices: list[str] = Field(description="The options of a choice question, in order.")
    allow_multiple: bool = Field(description="A choice question where several options may be chosen.")
    min_value: float | None = Field(description="Lowest number allowed (number question).")
    max_value: float | None = Field(description="Highest number allowed (number question).")


class MyApplicationOut(Schema):
    id: int
    status: ApplicationStatus
    submitted_at: datetime


class RecruitmentOut(Schema):
    id: int
    title: str
    purpose: str
    consent_text: str = Field(description="What applicants agree to about their personal data.")
    target_size: int
    opens_at: datetime
    closes_at: datetime
    status: RecruitmentStatus
    is_open: bool = Field(description="Open and inside its period: applications are taken now.")
    questions: list[QuestionOut]
    application_count: int | None = Field(description="For the program's managers only.")
    my_application: MyApplicationOut | None


SmallInt = Annotated[int, Field(ge=-MAX_SMALL - 1, le=MAX_SMALL)]
Choice = Annotated[str, Field(max_length=TITLE)]


class AnswerIn(Schema):
    question_id: Id
    text: Annotated[str, Field(max_length=LONG_TEXT)] | Annotated[list[Choice], Field(max_length=100)] = Field(
        description="The answer. A choice is one of the options; several (when allowed) "
                                              "as a list or one per line. A number in decimal notation; a link "
                                              "starts with http:// or https://.")


class ApplicationIn(Schema):
    answers: list[AnswerIn] = Field(default_factory=list, max_length=MAX_ITEMS,
                                    description="One answer per question id.")
    consent: bool = Field(description="You agree to the use of your personal data as consent_text says.")


class ApplicationSummaryOut(Schema):
    id: int
    applicant: UserRef | None = Field(description="Null once the application is anonymised.")
    status: ApplicationStatus
    submitted_at: datetime
    decided_at: datetime | None
    withdrawn_at: datetime | None = None
    anonymised_at: datetime | None = Field(None, description="When the applicant's personal data was erased.")
    source: str = Field("", description="The source community; empty for the open call.")
    opinion_leader: bool | None = Field(
        None, description="Enough followers or a community role; null once anonymised.")


class AnswerOut(Schema):
    question_id: int
    question: str
    text: str


class ApplicationOut(ApplicationSummaryOut):
    """An application with the applicant's personal data: every read by someone other than
    the applicant is written to the organization's audit log."""

    recruitment_id: int
    profile: dict[str, Any] = Field(description="The applicant's profile as it was when they applied.")
    consent_text: str
    consented_at: datetime
    answers: list[AnswerOut]


class QuestionIn(Schema):
    text: str = Field(max_length=500)
    kind: QuestionKind = QuestionKind.LONG
    max_length: int | None = Field(None, ge=1, le=MAX_INT, description="Character limit of the answer.")
    required: bool = True
    choices: list[Choice] = Field(default_factory=list, max_length=100,
                                  description="Options of a choice question (at least two).")
    allow_multiple: bool = Field(False, description="Several options may be chosen (choice question).")
    min_value: float | None = Field(None, allow_inf_nan=False, description="Lowest number allowed (number question).")
    max_value: float | None = Field(None, allow_inf_nan=False, description="Highest number allowed (number question).")


class RecruitmentIn(Schema):
    title: str = Field(max_length=200)
    purpose: str = Field(max_length=LONG_TEXT, description="Whom you look for and why.")
    consent_text: str = Field(max_length=LONG_TEXT, description="Shown to applicants, who must agree before "
                              "applying.")
    opens_at: DateTime
    closes_at: DateTime
    target_size: int = Field(10, ge=0, le=MAX_INT, description="How many partners the cohort should have.")
    questions: list[QuestionIn] = Field(default_factory=list, max_length=MAX_ITEMS)
    status: RecruitmentStatus = RecruitmentStatus.DRAFT


# Screening rounds -------------------------------------------------------------------------

class RubricCriterionIn(Schema):
    name: str = Field(max_length=200)
    description: str = Field("", max_length=5000)
    scale_min: SmallInt = 1
    scale_max: SmallInt = 5
    weight: int = Field(ge=0, le=100, description="Percent; the weights of a round add up to 100.")
    kind: CriterionKind = CriterionKind.CAPABILITY
    source: CriterionSource = Field(CriterionSource.MANUAL, description="Scored by reviewers, or computed.")
    question: Id | None = Field(None, description="The question whose answer gives the number (source answer).")


class RubricCriterionOut(Schema):
    id: int
    name: str
    description: str
    scale_min: int
    scale_max: int
    weight: int
    kind: CriterionKind
    source: CriterionSource
    question_id: int | None


class RoundIn(Schema):
    name: str = Field(max_length=200)
    is_blind: bool = False
    opens_at: DateTime | None = None
    closes_at: DateTime | None = None
    status: RoundStatus = RoundStatus.DRAFT
    criteria: list[RubricCriterionIn] = Field(max_length=100)


class RoundOut(Schema):
    id: int
    order: int
    name: str
    is_blind: bool = Field(description="Reviewers do not see name, email, age, gender or photo.")
    status: RoundStatus
    opens_at: datetime | None
    closes_at: datetime | None
    criteria: list[RubricCriterionOut]


class ScoreIn(Schema):
    criterion_id: Id
    value: SmallInt


class ReviewIn(Schema):
    scores: list[ScoreIn] = Field(max_length=100)


class ReviewOut(Schema):
    criterion_id: int
    value: int
    updated_at: datetime


class StandingOut(Schema):
    application_id: int
    applicant: str | None = Field(description="Hidden (null) from reviewers in a blind round.")
    score: float | None = Field(description="Combined score, 0–100.")
    capability: float | None
    willingness: float | None
    criteria: dict[int, float | None] = Field(description="Criterion id → value on its scale.")
    reviewer_count: int
    outcome: RoundOutcome | None


class MoveIn(Schema):
    outcome: RoundOutcome


class RoundResultOut(Schema):
    application_id: int
    outcome: RoundOutcome
    decided_at: datetime


# The applicant's own applications, reviewer assignment ---------------------------------------

class MyRoundOutcomeOut(Schema):
    round: str
    outcome: RoundOutcome
    decided_at: datetime


class MyApplicationSummaryOut(Schema):
    id: int
    recruitment_id: int
    recruitment: str
    program: str
    organization: str = Field(description="The organization's short name (slug).")
    status: ApplicationStatus
    submitted_at: datetime
    decided_at: datetime | None
    withdrawn_at: datetime | None
    anonymised_at: datetime | None
    can_withdraw: bool = Field(description="Nobody has decided yet: POST …/withdraw takes it back.")


class MyAnswerOut(Schema):
    question_id: int
    question: str
    kind: QuestionKind
    text: str


class MyApplicationDetailOut(MyApplicationSummaryOut):
    answers: list[MyAnswerOut]
    outcomes: list[MyRoundOutcomeOut] = Field(description="Round outcomes you were told, in round order.")


class AssignmentOut(Schema):
    id: int
    reviewer: UserRef
    application_ids: list[int] = Field(description="The applications this reviewer reviews; empty: every one.")


class AssignmentApplicationsIn(Schema):
    application_ids: list[Id] = Field(max_length=100_000, description="Applications of the round; empty: every one.")


class DistributeIn(Schema):
    per_application: int = Field(ge=1, le=MAX_SMALL,
                                 description="Reviewers each application gets, from those assigned.")


# Applicant imports ---------------------------------------------------------------------------



class ImportMappingIn(Schema):
    mapping: dict[Choice, Choice] = Field(max_length=1000, description=(
        "Column (its number from 0, or its exact header) → what it fills: email, name, birth_year, age, "
        "gender, region, interests, expertise, languages, follower_count, social_links, community_roles, "
        "or question:<id>; an empty target skips the column. Email and every required question must be mapped."))


class ImportColumnOut(Schema):
    index: int
    header: str
    target: str | None = Field(description="What the column fills, or null when it is skipped.")


class ImportRowErrorOut(Schema):
    row: int | None = Field(description="The row as numbered in the file (the header is row 1); null: the file.")
    codes: list[str] = Field(description="Stable machine-readable reasons, e.g. `email_invalid`.")
    errors: list[str] = Field(description="The reasons, in the language of the request.")


class ImportJobOut(Schema):
    id: int
    recruitment_id: int
    original_name: str
    source: str
    consent_basis: str
    status: ImportStatus
    columns: list[ImportColumnOut]
    total_rows: int = Field(description="Data rows in the file, known once the import runs.")
    processed_rows: int
    created_count: int = Field(description="Applications created.")
    duplicate_count: int = Field(description="Rows whose person had already applied.")
    error_count: int = Field(description="Rows refused; the first 100 are listed in errors with their reasons.")
    errors: list[ImportRowErrorOut]
    created_at: datetime
    finished_at: datetime | None


# Optimal, diverse selection (recruiting.cohorts) ------------------------------------------




class QuotaIn(Schema):
    attribute: QuotaAttribute = Field(description="What the quota counts; interest and language match one "
                                                  "item of the person's comma-separated list.")
    value: str = Field(max_length=200, description="The value counted: a gender, a region, an age band such "
                                                   "as 16-18, yes/no for opinion_leader, open_call for the "
                                                   "open call's source, or an option of the question.")
    minimum: int = Field(0, ge=0, le=MAX_INT, description="At least this many in the cohort.")
    maximum: int | None = Field(None, ge=0, le=MAX_INT, description="At most this many; null for no upper bound.")
    question: Id | None = Field(None, description="For an answer quota: the id of the choice question.")


class QuotasIn(Schema):
    quotas: list[QuotaIn] = Field(max_length=MAX_ITEMS, description="The whole set; it replaces the quotas there were.")


class QuotaOut(Schema):
    id: int
    attribute: QuotaAttribute
    value: str
    minimum: int
    maximum: int | None
    question_id: int | None


class SelectionRunIn(Schema):
    size: int = Field(ge=1, le=MAX_INT, description="How many people the cohort has (k).")
    round_id: Id | None = Field(None, description="Scores from this round; null: all score 0 and the "
                                                   "seeded lottery decides among those who meet the quotas.")
    correction: Literal["standardise", "offset_model"] | None = Field(None, description="Reviewer leniency "
                                                                                         "correction.")
    seed: int | None = Field(None, ge=0, le=MAX_ID, description="Lottery seed; null for a new random one (recorded).")
    tie_window: float = Field(0.0, ge=0, le=10, description="Cohorts within this many points of the best are "
                                                            "equally good; the seeded lottery chooses among them.")


class QuotaStateOut(Schema):
    attribute: QuotaAttribute
    value: str
    question: int | None
    minimum: int
    maximum: int | None
    count: int = Field(description="How many in the cohort.")
    eligible: int = Field(description="How many in the pool.")
    state: str = Field(description="at_min, at_max or fixed (the quota is binding), or slack.")


class SelectionEntryOut(Schema):
    id: int
    application_id: int
    applicant: str
    role: EntryRole
    rank: int
    score: float
    status: EntryStatus
    invited_at: datetime | None
    deadline: datetime | None = Field(description="Confirm by this time, once invited.")
    responded_at: datetime | None


class SelectionOut(Schema):
    """One run of the optimiser with what it proved, and its people (the program's managers)."""

    id: int
    status: SelectionStatus
    size: int
    seed: int = Field(description="The lottery seed: the same seed on the same pool gives the same cohort.")
    round_id: int | None
    correction: str
    created_at: datetime
    accepted_at: datetime | None
    confirm_days: int
    total: float = Field(description="The cohort's total score.")
    unconstrained_total: float = Field(description="The best total of any k people, without quotas.")
    price_of_diversity: float = Field(description="unconstrained_total − total: what the quotas cost.")
    price_percent: float
    method: str
    lottery_window: float = Field(description="Totals closer than this are decided by the lottery.")
    pool_size: int
    quotas: list[QuotaStateOut]
    entries: list[SelectionEntryOut] = Field(description="The chosen in rank order, then the waitlist.")


class SelectionAcceptIn(Schema):
    confirm_days: int = Field(7, ge=1, le=60, description="Days the invited have to confirm.")


class InvitationAnswerIn(Schema):
    accept: bool = Field(description="true: confirm your place (you join the cohort); false: decline it.")


class InvitationOut(Schema):
    id: int
    recruitment_id: int
    recruitment: str
    program: str
    status: EntryStatus
    invited_at: datetime | None
    deadline: datetime | None
    responded_at: datetime | None
