from datetime import datetime
from typing import Any

from ninja import Field, Schema

from cocreate.core.api import UserRef

from .enums import (
    ApplicationStatus,
    CriterionKind,
    CriterionSource,
    QuestionKind,
    RecruitmentStatus,
    RoundOutcome,
    RoundStatus,
)


class QuestionOut(Schema):
    id: int
    text: str
    kind: QuestionKind
    max_length: int | None = Field(description="Character limit of the answer, if any.")
    required: bool


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


class AnswerIn(Schema):
    question_id: int
    text: str


class ApplicationIn(Schema):
    answers: list[AnswerIn] = Field(default_factory=list, description="One answer per question id.")
    consent: bool = Field(description="You agree to the use of your personal data as consent_text says.")


class ApplicationSummaryOut(Schema):
    id: int
    applicant: UserRef
    status: ApplicationStatus
    submitted_at: datetime
    decided_at: datetime | None


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
    max_length: int | None = Field(None, ge=1, description="Character limit of the answer.")
    required: bool = True


class RecruitmentIn(Schema):
    title: str = Field(max_length=200)
    purpose: str = Field(description="Whom you look for and why.")
    consent_text: str = Field(description="Shown to applicants, who must agree before applying.")
    opens_at: datetime
    closes_at: datetime
    target_size: int = Field(10, description="How many partners the cohort should have.")
    questions: list[QuestionIn] = Field(default_factory=list)
    status: RecruitmentStatus = RecruitmentStatus.DRAFT


# Screening rounds -------------------------------------------------------------------------

class RubricCriterionIn(Schema):
    name: str
    description: str = ""
    scale_min: int = 1
    scale_max: int = 5
    weight: int = Field(description="Percent; the weights of a round add up to 100.")
    kind: CriterionKind = CriterionKind.CAPABILITY
    source: CriterionSource = Field(CriterionSource.MANUAL, description="Scored by reviewers, or computed.")
    question: int | None = Field(None, description="The question whose answer gives the number (source answer).")


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
    name: str
    is_blind: bool = False
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    status: RoundStatus = RoundStatus.DRAFT
    criteria: list[RubricCriterionIn]


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
    criterion_id: int
    value: int


class ReviewIn(Schema):
    scores: list[ScoreIn]


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
