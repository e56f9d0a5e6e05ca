"""Weighted scores on published criteria: the one function every page, export and API uses.

Pure Python, no ORM. Each criterion's judges' scores are averaged, scaled to 0..1 by the
criterion's highest score and weighted; the total is out of 100. Coca-Cola's packaging
contest (creativity, usefulness, brand impact, participant vote at 25 % each) is one case."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    name: str
    weight: int
    scale_max: int = 10


@dataclass(frozen=True)
class CriterionResult:
    criterion: CriterionSpec
    mean: float | None  # mean of the judges' scores, on the criterion's own scale
    count: int  # how many judges scored it
    contribution: float | None  # points of the total (out of the criterion's weight)


@dataclass(frozen=True)
class Breakdown:
    total: float | None  # 0..100; None while nobody scored anything
    criteria: list[CriterionResult]
    judges: int  # distinct judges who scored at least one criterion
    complete: bool  # every criterion has at least one score

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "judges": self.judges,
            "complete": self.complete,
            "criteria": [
                {"id": r.criterion.id, "name": r.criterion.name, "weight": r.criterion.weight,
                 "scale_max": r.criterion.scale_max, "mean": r.mean, "count": r.count,
                 "contribution": r.contribution}
                for r in self.criteria
            ],
        }


def weighted_score(
    criteria: Iterable[CriterionSpec], scores: Iterable[tuple[int, int, float]]
) -> Breakdown:
    """``scores`` are (judge_id, criterion_id, value) triples. Scores for criteria not in
    ``criteria`` are ignored; values outside 0..scale_max raise ValueError.

    While some criteria are still unscored the total is computed over the scored ones with
    their weights rescaled to 100 and ``complete`` is False, so a partial total is never
    mistaken for a low one."""
    specs = list(criteria)
    if not specs:
        raise ValueError("at least one criterion is required")
    if sum(c.weight for c in specs) != 100:
        raise ValueError("criterion weights must sum to 100")
    by_id = {c.id: c for c in specs}
    values: dict[int, list[float]] = defaultdict(list)
    judges: set[int] = set()
    for judge_id, criterion_id, value in scores:
        spec = by_id.get(criterion_id)
        if spec is None:
            continue
        if not 0 <= value <= spec.scale_max:
            raise ValueError(f"score {value} outside 0..{spec.scale_max} for {spec.name}")
        values[criterion_id].append(float(value))
        judges.add(judge_id)

    results: list[CriterionResult] = []
    scored_weight = 0
    raw_total = 0.0
    for spec in specs:
        vals = values.get(spec.id, [])
        if vals:
            mean = sum(vals) / len(vals)
            contribution = spec.weight * mean / spec.scale_max
            scored_weight += spec.weight
            raw_total += contribution
            results.append(CriterionResult(spec, round(mean, 4), len(vals), round(contribution, 4)))
        else:
            results.append(CriterionResult(spec, None, 0, None))
    total = None if scored_weight == 0 else round(raw_total * 100 / scored_weight, 2)
    return Breakdown(total=total, criteria=results, judges=len(judges), complete=scored_weight == 100)
