"""Reviewers' scores turned into fair, comparable numbers: rubrics, objective criteria, leniency, agreement.

Pure module (NumPy/SciPy, no ORM, no Django) so that a campaign's numbers can be recomputed from a
CSV, benchmarked and property-tested without a database. Recruitment chooses partners on
capability and willingness; reviewers judge written answers and interviews on a rubric, and
some reviewers are simply more generous than others. Before scores are combined we correct for
that (two selectable methods), and we report how far reviewers agree (Krippendorff's alpha) so
managers know how much the numbers can be trusted.

Vocabulary: a *score* is one reviewer's number for one applicant on one criterion, on that
criterion's own scale. Reviewer, applicant and criterion ids are any hashable values (database
ids in the app, strings in tests and CSVs).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

import numpy as np

# The leniency corrections and Krippendorff's alpha are shared with the evaluation of ideas and
# live in a neutral module; they are re-exported here under the names this module always had.
from cocreate.core.judging_stats import (  # noqa: F401
    _DENSE_VALUES_LIMIT,
    Component,
    Method,
    Metric,
    NotIdentifiable,
    Problem,
    _as_matrix,
    _Block,
    _components,
    _delta2,
    _group_mean,
    _interval_alpha_by_variance,
    _offset_model,
    _standardise,
    coincidences,
    krippendorff_alpha,
)

# --------------------------------------------------------------------------------------------
# Rubric
# --------------------------------------------------------------------------------------------


class Kind(StrEnum):
    """What a criterion measures; the programme's partners need both, so both are reported apart."""

    CAPABILITY = "capability"
    WILLINGNESS = "willingness"


@dataclass(frozen=True)
class Criterion:
    """One rubric line: ``minimum``..``maximum`` is the scale reviewers (or a formula) score on."""

    id: Hashable
    minimum: float
    maximum: float
    weight: float
    kind: Kind

    def __post_init__(self) -> None:
        if not self.maximum > self.minimum:
            raise ValueError(f"criterion {self.id!r}: maximum must exceed minimum")
        if not self.weight > 0:
            raise ValueError(f"criterion {self.id!r}: weight must be positive")
        object.__setattr__(self, "kind", Kind(self.kind))

    def normalise(self, value: float) -> float:
        """0..1 position on the scale, clipped: corrected scores can overshoot the scale slightly."""
        return min(1.0, max(0.0, (value - self.minimum) / (self.maximum - self.minimum)))


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]

    def __post_init__(self) -> None:
        ids = [c.id for c in self.criteria]
        if len(set(ids)) != len(ids):
            raise ValueError("criterion ids must be unique within a rubric")
        if not ids:
            raise ValueError("a rubric needs at least one criterion")

    def __getitem__(self, criterion_id: Hashable) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)


@dataclass(frozen=True)
class Combined:
    """Scores on 0..100; ``None`` where no criterion of that kind has a score yet."""

    capability: float | None
    willingness: float | None
    combined: float | None


def _weighted_0_100(pairs: list[tuple[Criterion, float]]) -> float | None:
    total_weight = sum(c.weight for c, _ in pairs)
    if not pairs:
        return None
    return 100.0 * sum(c.weight * c.normalise(v) for c, v in pairs) / total_weight


def combine(rubric: Rubric, scores: Mapping[Hashable, float | None]) -> Combined:
    """Combine one applicant's per-criterion (already leniency-corrected) scores.

    Each score is put on 0..1 by its criterion's scale, so a 1..5 and a 0..10 criterion weigh
    only by their weights. Criteria without a score (``None`` or absent) are left out and the
    remaining weights renormalised: an applicant not yet interviewed is compared on what is
    known, rather than being punished with zeros. Unknown criterion ids are an error, because
    they usually mean a rubric and its scores went out of step.
    """
    unknown = set(scores) - {c.id for c in rubric.criteria}
    if unknown:
        raise KeyError(f"scores for criteria not in the rubric: {sorted(map(repr, unknown))}")
    present = [(c, float(scores[c.id])) for c in rubric.criteria if scores.get(c.id) is not None]
    return Combined(
        capability=_weighted_0_100([(c, v) for c, v in present if c.kind is Kind.CAPABILITY]),
        willingness=_weighted_0_100([(c, v) for c, v in present if c.kind is Kind.WILLINGNESS]),
        combined=_weighted_0_100(present),
    )


# --------------------------------------------------------------------------------------------
# Objective criteria, computed from the profile and answers instead of scored by hand
# --------------------------------------------------------------------------------------------

#: Ordered answers to "how often do you use …?"; position, not wording, decides the score.
USAGE_LEVELS: tuple[str, ...] = ("never", "monthly", "weekly", "daily", "hourly")


def log_reach(followers: int, cap: int = 1_000_000, *, scale: tuple[float, float] = (0.0, 10.0)) -> float:
    """Follower count on the criterion's scale, logarithmically.

    Reach matters by orders of magnitude (100 → 10,000 followers is a different person; 510,000
    vs 520,000 is not), so ``log10(1 + followers) / log10(1 + cap)`` is used, clipped at 1 so one
    celebrity does not stretch everybody else to the bottom of the scale.
    """
    if followers < 0:
        raise ValueError("followers cannot be negative")
    if cap < 1:
        raise ValueError("cap must be at least 1")
    low, high = scale
    fraction = min(1.0, math.log10(1 + followers) / math.log10(1 + cap))
    return low + fraction * (high - low)


def usage_frequency(
    value: str, *, levels: Sequence[str] = USAGE_LEVELS, scale: tuple[float, float] = (1.0, 5.0)
) -> float:
    """An ordered answer on the criterion's scale: the first level is the minimum, the last the maximum.

    The levels are data (a round can ask about "yearly … daily"), spaced evenly in between.
    Unknown answers raise instead of silently scoring zero.
    """
    if len(levels) < 2:
        raise ValueError("at least two levels are needed")
    try:
        position = list(levels).index(value)
    except ValueError:
        raise ValueError(f"{value!r} is not one of {list(levels)}") from None
    low, high = scale
    return low + position / (len(levels) - 1) * (high - low)


# --------------------------------------------------------------------------------------------
# Leniency correction
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    reviewer: Hashable
    applicant: Hashable
    criterion: Hashable
    value: float


@dataclass(frozen=True)
class Corrected:
    """Result for all criteria.

    ``applicant_means[criterion][applicant]`` is the corrected score on the criterion's scale;
    ``reviewer_offsets[criterion][reviewer]`` is how much more generous the reviewer is than the
    average reviewer (positive = lenient); ``scores`` are corrected individual scores.
    """

    method: Method
    applicant_means: dict[Hashable, dict[Hashable, float]]
    reviewer_offsets: dict[Hashable, dict[Hashable, float]]
    scores: tuple[Score, ...]
    problems: tuple[Problem, ...] = field(default=())


def _blocks(scores: Iterable[Score]) -> dict[Hashable, _Block]:
    grouped: dict[Hashable, list[Score]] = defaultdict(list)
    for s in scores:
        grouped[s.criterion].append(s)
    blocks = {}
    for criterion, rows in grouped.items():
        r_index: dict[Hashable, int] = {}
        a_index: dict[Hashable, int] = {}
        seen: set[tuple[int, int]] = set()
        r = np.empty(len(rows), dtype=np.int64)
        a = np.empty(len(rows), dtype=np.int64)
        y = np.empty(len(rows), dtype=np.float64)
        for i, s in enumerate(rows):
            r[i] = r_index.setdefault(s.reviewer, len(r_index))
            a[i] = a_index.setdefault(s.applicant, len(a_index))
            y[i] = s.value
            if (r[i], a[i]) in seen:
                raise ValueError(f"reviewer {s.reviewer!r} scored applicant {s.applicant!r} twice on {criterion!r}")
            seen.add((r[i], a[i]))
        if not np.all(np.isfinite(y)):
            raise ValueError(f"criterion {criterion!r}: scores must be finite numbers")
        blocks[criterion] = _Block(list(r_index), list(a_index), r, a, y)
    return blocks


def correct_leniency(
    scores: Iterable[Score],
    *,
    method: Method | str = Method.STANDARDISE,
    on_disconnected: Literal["raise", "per_component"] = "raise",
) -> Corrected:
    """Remove reviewer leniency, criterion by criterion.

    ``standardise``: each reviewer's scores on a criterion become z-scores against that
    reviewer's own mean and standard deviation, then are mapped back onto the criterion's scale
    with the pooled mean and standard deviation of all scores on it. Corrects generosity *and*
    reviewers who use only part of the scale, but assumes every reviewer saw a comparable mix
    of applicants. Reviewers with a single score are kept as given (``single_score`` problem);
    reviewers who gave everyone the same score are set to the pooled mean (``no_variance``).
    The applicant mean is the mean of the corrected scores. Offsets reported are the reviewer's
    raw mean minus the pooled mean.

    ``offset_model``: ``score = applicant effect + reviewer offset + noise`` fitted by least
    squares on the sparse design, offsets summing to zero, so the applicant effect is "what the
    average reviewer would have given". Does not assume comparable mixes, so it suits
    incomplete assignments (each applicant seen by 3 of 40 reviewers), but corrects only
    additive generosity. If the reviewers of a criterion split into groups that share no
    applicant, offsets are not comparable between groups: ``raise`` refuses with
    :class:`NotIdentifiable`; ``per_component`` solves each group with its own zero-sum
    constraint and reports a ``disconnected`` problem.
    """
    method = Method(method)
    means: dict[Hashable, dict[Hashable, float]] = {}
    offsets_out: dict[Hashable, dict[Hashable, float]] = {}
    corrected_scores: list[Score] = []
    problems: list[Problem] = []
    for criterion, b in _blocks(scores).items():
        if method is Method.STANDARDISE:
            corrected, offsets, found = _standardise(criterion, b)
            effects, _ = _group_mean(b.a, corrected, len(b.applicants))
        else:
            effects, offsets, corrected, found = _offset_model(criterion, b, on_disconnected)
        problems.extend(found)
        means[criterion] = dict(zip(b.applicants, effects.tolist(), strict=True))
        offsets_out[criterion] = dict(zip(b.reviewers, offsets.tolist(), strict=True))
        corrected_scores.extend(
            Score(b.reviewers[r], b.applicants[a], criterion, v)
            for r, a, v in zip(b.r.tolist(), b.a.tolist(), corrected.tolist(), strict=True)
        )
    return Corrected(method, means, offsets_out, tuple(corrected_scores), tuple(problems))


def combine_all(rubric: Rubric, corrected: Corrected) -> dict[Hashable, Combined]:
    """Every applicant's combined scores from a leniency correction, criterion means as inputs.

    Criteria in the result but not in the rubric are ignored (a round may have scored a
    criterion that was later dropped); criteria an applicant was not scored on are left out
    and the rest renormalised, as in :func:`combine`.
    """
    wanted = {c.id for c in rubric.criteria}
    per_applicant: dict[Hashable, dict[Hashable, float]] = defaultdict(dict)
    for criterion, means in corrected.applicant_means.items():
        if criterion in wanted:
            for applicant, value in means.items():
                per_applicant[applicant][criterion] = value
    return {applicant: combine(rubric, scores) for applicant, scores in per_applicant.items()}


# --------------------------------------------------------------------------------------------
# Agreement: Krippendorff's alpha
# --------------------------------------------------------------------------------------------


def alpha_per_criterion(
    scores: Iterable[Score], metric: Metric | str = Metric.INTERVAL
) -> dict[Hashable, float | None]:
    """Alpha on the raw scores of each criterion: agreement is about what reviewers said, before correction."""
    result: dict[Hashable, float | None] = {}
    for criterion, b in _blocks(scores).items():
        matrix = np.full((len(b.reviewers), len(b.applicants)), np.nan)
        matrix[b.r, b.a] = b.y
        result[criterion] = krippendorff_alpha(matrix, metric)
    return result
