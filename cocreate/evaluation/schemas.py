from datetime import datetime

from ninja import Field, Schema

from cocreate.core.api import MAX_SMALL, Id, UserRef
from cocreate.ideas.enums import IdeaState


class CriterionResultOut(Schema):
    id: int
    name: str
    weight: int
    scale_max: int
    mean: float | None = Field(description="The judges' mean score on the criterion's own scale.")
    count: int = Field(description="How many judges scored this criterion.")
    contribution: float | None = Field(description="Points of the total earned here (out of the weight).")
    raw_mean: float | None = Field(None, description="The judges' mean before the leniency correction.")
    normalised: float | None = Field(None, description="0–1: what the weight multiplies.")
    source: str = Field("judges", description="judges, supports, ratings or pairwise.")
    crowd_value: float | None = Field(None, description="Crowd criterion: supports counted, mean rating 0–5, or "
                                                        "chance to beat a random idea.")
    held: int = Field(0, description="Crowd votes held for review, not counted.")
    spread: float | None = Field(None, description="Highest minus lowest judge, 0–1 of the scale.")
    disagreement: bool = Field(False, description="The judges disagree strongly: a second look.")


class BreakdownOut(Schema):
    """The weighted score on the agreement's published criteria. While some criteria are
    unscored the total is over the scored ones and ``complete`` is false."""

    total: float | None = Field(description="0–100; null while nobody scored.")
    judges: int
    complete: bool
    leniency: str = Field("none", description="The agreement's leniency correction: none, standardise or offset.")
    crowd_source: str | None = Field(None, description="Where the participants' vote comes from, when the "
                                                       "agreement has one.")
    held_votes: int = Field(0, description="Participant votes held for review: shown, never counted.")
    second_look: bool = Field(False, description="Judges disagree strongly on at least one criterion.")
    formula: list[str] = Field([], description="The computation in words and numbers, in the request's language.")
    criteria: list[CriterionResultOut]

    @classmethod
    def of(cls, breakdown) -> "BreakdownOut":
        if breakdown is None:
            return cls(total=None, judges=0, complete=False, criteria=[])
        return cls(**breakdown.as_dict())


class QueueItemOut(Schema):
    id: int
    title: str
    state: IdeaState
    program: str | None = Field(description="The program's slug.")
    mission_title: str | None
    author: UserRef
    submitted_at: datetime | None
    criteria_count: int | None
    my_score_count: int = Field(description="How many of the criteria you scored.")
    due_at: datetime | None = Field(None, description="When your assignment to this idea is due (null: not assigned).")
    overdue: bool = Field(False, description="The due date has passed.")


class ScoreIn(Schema):
    criterion_id: Id
    value: int = Field(ge=0, le=MAX_SMALL)
    comment: str | None = Field(None, max_length=2000, description="Optional; omit every comment to keep yours.")


class ScoresIn(Schema):
    scores: list[ScoreIn] = Field(max_length=100, description="One score per published criterion; resending "
                                  "replaces.")


class MyScoreOut(Schema):
    criterion_id: int
    name: str
    weight: int
    scale_max: int
    value: int | None
    comment: str = ""


class MyScoresOut(Schema):
    scores: list[MyScoreOut]


# Program results (cocreate.evaluation.results) -------------------------------------------


class CriterionAgreementOut(Schema):
    id: int
    name: str
    weight: int
    scale_max: int
    is_crowd_vote: bool
    alpha: float | None = Field(description="Krippendorff's alpha on the judges' raw scores; null when too few "
                                            "scores overlap, and for the crowd criterion.")
    alpha_level: str | None = Field(description="reliable (≥ 0.800), tentative (≥ 0.667), low or undefined.")
    alpha_reading: str | None
    flagged: int = Field(description="Ideas whose judges disagree strongly on this criterion.")


class ResultRowOut(Schema):
    rank: int | None = Field(description="1 is best; null while the idea has no score.")
    idea_id: int
    title: str
    state: IdeaState
    breakdown: BreakdownOut


class ProgramResultsOut(Schema):
    program: str = Field(description="The program's slug.")
    agreement_version: int | None
    leniency: str | None
    crowd_source: str | None
    criteria: list[CriterionAgreementOut]
    held_votes: int
    second_look: list[int] = Field(description="Ideas flagged for a second look.")
    disagreement_spread: float = Field(description="Spread (0–1 of a scale) from which judges disagree strongly.")
    count: int
    limit: int
    offset: int
    items: list[ResultRowOut]

