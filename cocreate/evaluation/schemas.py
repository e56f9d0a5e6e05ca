from datetime import datetime

from ninja import Field, Schema

from cocreate.core.api import UserRef
from cocreate.ideas.enums import IdeaState


class CriterionResultOut(Schema):
    id: int
    name: str
    weight: int
    scale_max: int
    mean: float | None = Field(description="The judges' mean score on the criterion's own scale.")
    count: int = Field(description="How many judges scored this criterion.")
    contribution: float | None = Field(description="Points of the total earned here (out of the weight).")


class BreakdownOut(Schema):
    """The weighted score on the agreement's published criteria. While some criteria are
    unscored the total is over the scored ones and ``complete`` is false."""

    total: float | None = Field(description="0–100; null while nobody scored.")
    judges: int
    complete: bool
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


class ScoreIn(Schema):
    criterion_id: int
    value: int


class ScoresIn(Schema):
    scores: list[ScoreIn] = Field(description="One score per published criterion; resending replaces.")


class MyScoreOut(Schema):
    criterion_id: int
    name: str
    weight: int
    scale_max: int
    value: int | None


class MyScoresOut(Schema):
    scores: list[MyScoreOut]
