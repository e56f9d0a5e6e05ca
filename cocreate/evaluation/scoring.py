"""Final scores on published criteria: the one place every page, export and API gets them from.

Pure (Python and NumPy, no ORM). Two entry points share one formula:

* :func:`weighted_score`, one idea, judges' raw scores only: each criterion's judges' scores
  are averaged, scaled to 0..1 by the criterion's highest score and weighted; the total is out
  of 100;
* :func:`blend`, every idea of a program at once, vectorised: the same formula after the
  leniency correction the agreement publishes (none, per-judge standardisation or an additive
  judge-offset model, both from cocreate.core.judging_stats, shared with recruiting), and with
  the criterion marked as the participants' vote taken from the crowd (:class:`Crowd`: supports,
  0-5 ratings or pairwise votes) instead of the judges.

Coca-Cola's packaging contest (creativity, usefulness, brand impact, participant vote at 25 %
each) is one case. Every :class:`Breakdown` can state its own formula (:meth:`Breakdown.formula`)."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.core.judging_stats import Block, Problem, block_from_arrays, group_mean, offset_model, standardise

from . import reliability

JUDGES, SUPPORTS, RATINGS, PAIRWISE = "judges", "supports", "ratings", "pairwise"
NONE, STANDARDISE, OFFSET = "none", "standardise", "offset"  # programs.enums.Leniency values


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    name: str
    weight: int
    scale_max: int = 10
    is_crowd_vote: bool = False


@dataclass(frozen=True)
class CriterionResult:
    criterion: CriterionSpec
    mean: float | None  # judges: mean after the leniency correction, on the criterion's own scale;
    #                     crowd: the crowd's 0..1 value put on that scale
    count: int  # how many judges scored it (crowd: how many counted votes)
    contribution: float | None  # points of the total (out of the criterion's weight)
    raw_mean: float | None = None  # judges' mean before any leniency correction
    normalised: float | None = None  # 0..1: what the weight multiplies
    source: str = JUDGES  # judges, supports, ratings or pairwise
    crowd_value: float | None = None  # supports counted / mean rating 0..5 / chance to beat a random idea
    held: int = 0  # crowd votes held for review, not counted
    spread: float | None = None  # highest minus lowest judge, 0..1 of the scale
    disagreement: bool = False  # spread at or above reliability.DISAGREEMENT_SPREAD


@dataclass(frozen=True)
class Breakdown:
    total: float | None  # 0..100; None while nobody scored anything
    criteria: list[CriterionResult]
    judges: int  # distinct judges who scored at least one criterion
    complete: bool  # every criterion has at least one score
    leniency: str = NONE
    crowd_source: str | None = None
    crowd_reference: float | None = None  # supports: the most counted supports of any idea of the program
    held_votes: int = 0

    @property
    def second_look(self) -> bool:
        """Judges disagree strongly on at least one criterion."""
        return any(r.disagreement for r in self.criteria)

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "judges": self.judges,
            "complete": self.complete,
            "leniency": self.leniency,
            "crowd_source": self.crowd_source,
            "held_votes": self.held_votes,
            "second_look": self.second_look,
            "formula": self.formula(),
            "criteria": [
                {"id": r.criterion.id, "name": r.criterion.name, "weight": r.criterion.weight,
                 "scale_max": r.criterion.scale_max, "mean": r.mean, "count": r.count,
                 "contribution": r.contribution, "raw_mean": r.raw_mean, "normalised": r.normalised,
                 "source": r.source, "crowd_value": r.crowd_value, "held": r.held, "spread": r.spread,
                 "disagreement": r.disagreement}
                for r in self.criteria
            ],
        }

    def formula(self) -> list[str]:
        """The computation in words and numbers, in the active language, one line per step."""
        return formula_lines(self)


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
            results.append(CriterionResult(spec, round(mean, 4), len(vals), round(contribution, 4),
                                           raw_mean=round(mean, 4), normalised=round(mean / spec.scale_max, 4)))
        else:
            results.append(CriterionResult(spec, None, 0, None))
    total = None if scored_weight == 0 else round(raw_total * 100 / scored_weight, 2)
    return Breakdown(total=total, criteria=results, judges=len(judges), complete=scored_weight == 100)


# --------------------------------------------------------------------------------------------
# The formula, stated
# --------------------------------------------------------------------------------------------


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def formula_lines(b: Breakdown) -> list[str]:
    lines = [_("Final score = the sum over the criteria of weight × score on 0 to 1; 100 means the best "
               "score on every criterion.")]
    if b.leniency == STANDARDISE:
        lines.append(_("Judge leniency (per-judge standardisation): on each criterion, every judge's scores "
                       "were rescaled to the common mean and spread of all judges of the program before "
                       "averaging, so a strict or generous judge weighs like any other."))
    elif b.leniency == OFFSET:
        lines.append(_("Judge leniency (additive judge offset): each judge's constant tendency to score high or "
                       "low on a criterion was estimated over all ideas of the program and removed before "
                       "averaging."))
    else:
        lines.append(_("Judges' scores are averaged as given (the agreement corrects no leniency)."))
    for r in b.criteria:
        c = r.criterion
        if r.normalised is None:
            if r.source == JUDGES:
                lines.append(_("%(name)s (%(weight)s%%): not scored yet.") % {"name": c.name, "weight": c.weight})
            else:
                lines.append(_("%(name)s (%(weight)s%%): no counted participant votes yet.")
                             % {"name": c.name, "weight": c.weight})
            continue
        values = {"name": c.name, "weight": c.weight, "points": _num(r.contribution),
                  "norm": _num(r.normalised, 2), "top": c.scale_max, "mean": _num(r.mean, 2),
                  "raw": _num(r.raw_mean, 2), "n": r.count}
        if r.source == SUPPORTS:
            values.update(supports=int(r.crowd_value or 0), most=int(b.crowd_reference or 0))
            lines.append(_("%(name)s (participants' vote): %(supports)s supports ÷ %(most)s, the most any idea of "
                           "the program received = %(norm)s; × %(weight)s%% = %(points)s points.") % values)
        elif r.source == RATINGS:
            values.update(rating=_num(r.crowd_value, 2))
            lines.append(_("%(name)s (participants' vote): mean rating %(rating)s of 5 from %(n)s ratings = "
                           "%(norm)s; × %(weight)s%% = %(points)s points.") % values)
        elif r.source == PAIRWISE:
            lines.append(_("%(name)s (participants' vote): chance to beat a randomly chosen idea in the pairwise "
                           "vote (Bradley-Terry) = %(norm)s; × %(weight)s%% = %(points)s points.") % values)
        elif b.leniency != NONE and r.raw_mean is not None and r.mean is not None:
            lines.append(_("%(name)s: mean of %(n)s judges %(raw)s, corrected %(mean)s of %(top)s = %(norm)s; "
                           "× %(weight)s%% = %(points)s points.") % values)
        else:
            lines.append(_("%(name)s: mean of %(n)s judges %(mean)s of %(top)s = %(norm)s; × %(weight)s%% = "
                           "%(points)s points.") % values)
    if b.held_votes:
        lines.append(ngettext("%(n)s participant vote is held for review and not counted until a person checks it.",
                              "%(n)s participant votes are held for review and not counted until a person checks "
                              "them.", b.held_votes) % {"n": b.held_votes})
    if b.total is not None and not b.complete:
        lines.append(_("Some criteria have no score yet: the total is over the scored criteria, their weights "
                       "rescaled to 100."))
    if b.total is not None:
        lines.append(_("Total: %(total)s of 100.") % {"total": _num(b.total)})
    return lines


# --------------------------------------------------------------------------------------------
# Every idea of a program at once
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Crowd:
    """The participants' vote for the crowd criterion, as arrays over ``ideas``.

    ``value`` is what the criterion's weight multiplies (0..1, NaN: no counted vote yet);
    ``raw`` what people see (supports counted, mean rating 0..5, chance to beat a random idea);
    ``count`` the counted votes and ``held`` the votes held for review (shown, never counted)."""

    source: str
    ideas: np.ndarray
    value: np.ndarray
    raw: np.ndarray
    count: np.ndarray
    held: np.ndarray
    reference: float | None = None


def _aligned(idea_ids, mapping: Mapping[int, float], default=0.0) -> np.ndarray:
    return np.array([mapping.get(i, default) for i in idea_ids], dtype=np.float64)


def crowd_from_supports(idea_ids, counted: Mapping[int, int], held: Mapping[int, int] | None = None, *,
                        most: int | None = None) -> Crowd:
    """Supports relative to the program: an idea's counted supports divided by the most counted
    supports any idea of the program received (``most``; by default the most among ``idea_ids``).
    The best-supported idea earns the criterion's full weight and the others in proportion, so the
    share a vote is worth never depends on how many people took part. No counted support in the
    whole program yet: no value (the criterion is left out until people vote)."""
    ideas = np.asarray(list(idea_ids), dtype=np.int64)
    count = _aligned(ideas, counted)
    top = float(most if most is not None else (count.max() if len(count) else 0))
    value = count / top if top > 0 else np.full(len(ideas), np.nan)
    return Crowd(SUPPORTS, ideas, np.clip(value, 0.0, 1.0), count, count, _aligned(ideas, held or {}), top)


def crowd_from_ratings(idea_ids, sums: Mapping[int, float], counts: Mapping[int, int],
                       held: Mapping[int, int] | None = None) -> Crowd:
    """Mean of an idea's counted 0-5 ratings, divided by 5; no counted rating: no value."""
    ideas = np.asarray(list(idea_ids), dtype=np.int64)
    total, count = _aligned(ideas, sums), _aligned(ideas, counts)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.where(count > 0, count, 1), np.nan)
    return Crowd(RATINGS, ideas, mean / 5.0, mean, count, _aligned(ideas, held or {}))


def crowd_from_pairwise(idea_ids, strengths: Mapping[int, float], counts: Mapping[int, int] | None = None,
                        held: Mapping[int, int] | None = None) -> Crowd:
    """Each idea's chance to beat a randomly chosen idea of the program (Bradley-Terry on the
    counted pairwise votes), already 0..1; ideas not yet compared: no value."""
    ideas = np.asarray(list(idea_ids), dtype=np.int64)
    chance = _aligned(ideas, strengths, np.nan)
    return Crowd(PAIRWISE, ideas, np.clip(chance, 0.0, 1.0), chance, _aligned(ideas, counts or {}),
                 _aligned(ideas, held or {}))


def _positions(sorted_ids: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of each wanted id in sorted_ids and whether it is there at all."""
    pos = np.searchsorted(sorted_ids, wanted)
    pos = np.minimum(pos, max(len(sorted_ids) - 1, 0))
    found = (sorted_ids[pos] == wanted) if len(sorted_ids) else np.zeros(len(wanted), dtype=bool)
    return pos, found


@dataclass
class Blend:
    """Every idea's numbers as arrays, rows in ``ideas`` (sorted ids), columns in ``specs``."""

    specs: list[CriterionSpec]
    leniency: str
    ideas: np.ndarray
    raw_mean: np.ndarray
    mean: np.ndarray
    count: np.ndarray
    normalised: np.ndarray
    contribution: np.ndarray
    total: np.ndarray
    complete: np.ndarray
    judges: np.ndarray
    spread: np.ndarray
    disagreement: np.ndarray
    crowd: Crowd | None = None
    crowd_value: np.ndarray | None = None
    held: np.ndarray | None = None
    offsets: dict[int, dict[int, float]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    blocks: dict[int, Block] = field(default_factory=dict)

    def row(self, idea_id: int) -> int | None:
        pos, found = _positions(self.ideas, np.array([idea_id], dtype=np.int64))
        return int(pos[0]) if found[0] else None

    def ranking(self) -> np.ndarray:
        """Row indexes best first; ideas without a total last; ties by the smaller (earlier) id."""
        total = np.where(np.isnan(self.total), -np.inf, self.total)
        return np.lexsort((self.ideas, -total))

    def alpha(self) -> dict[int, float | None]:
        """Krippendorff's alpha per judged criterion, on the raw scores."""
        return reliability.alpha_per_criterion(self.blocks)

    def breakdown(self, idea_id: int) -> Breakdown | None:
        i = self.row(idea_id)
        if i is None:
            return None

        def num(a, digits=4):
            v = a[i, j]
            return None if np.isnan(v) else round(float(v), digits)

        results = []
        for j, spec in enumerate(self.specs):
            crowd = spec.is_crowd_vote and self.crowd is not None
            results.append(CriterionResult(
                spec, num(self.mean), int(self.count[i, j]), num(self.contribution),
                raw_mean=None if crowd else num(self.raw_mean), normalised=num(self.normalised),
                source=self.crowd.source if crowd else JUDGES,
                crowd_value=num(self.crowd_value) if crowd else None,
                held=int(self.held[i, j]) if self.held is not None else 0,
                spread=num(self.spread), disagreement=bool(self.disagreement[i, j]),
            ))
        total = None if np.isnan(self.total[i]) else round(float(self.total[i]), 2)
        return Breakdown(
            total=total, criteria=results, judges=int(self.judges[i]), complete=bool(self.complete[i]),
            leniency=self.leniency, crowd_source=self.crowd.source if self.crowd is not None else None,
            crowd_reference=self.crowd.reference if self.crowd is not None else None,
            held_votes=int(self.held[i].sum()) if self.held is not None else 0,
        )


def blend(criteria: Iterable[CriterionSpec], idea_ids, *, idea=(), judge=(), criterion=(), value=(),
          leniency: str = NONE, crowd: Crowd | None = None) -> Blend:
    """Final scores of many ideas at once.

    ``idea``, ``judge``, ``criterion``, ``value`` are parallel arrays, one entry per score. The
    rows of the result are ``idea_ids`` plus every idea that has a score (all of them take part
    in the leniency correction, which is why a program's scores go in whole). Scores on criteria
    not in ``criteria`` and judges' scores on the crowd criterion are ignored; values outside
    0..scale_max raise ValueError. The crowd criterion takes ``crowd``'s value when given.

    Per idea and criterion: judges' mean (corrected as ``leniency`` says: ``none``,
    ``standardise`` or ``offset``) ÷ scale_max, clipped to 0..1, times the weight; the total is
    out of 100, over the criteria that have a value with their weights rescaled to 100 while
    some have none (``complete`` is then False), as :func:`weighted_score`."""
    specs = list(criteria)
    if not specs:
        raise ValueError("at least one criterion is required")
    if sum(c.weight for c in specs) != 100:
        raise ValueError("criterion weights must sum to 100")
    if leniency not in (NONE, STANDARDISE, OFFSET):
        raise ValueError(f"unknown leniency correction {leniency!r}")
    s_idea = np.asarray(idea, dtype=np.int64)
    s_judge = np.asarray(judge, dtype=np.int64)
    s_crit = np.asarray(criterion, dtype=np.int64)
    s_value = np.asarray(value, dtype=np.float64)
    ideas = np.unique(np.concatenate([np.asarray(list(idea_ids), dtype=np.int64), s_idea]))
    n, k = len(ideas), len(specs)
    crit_ids = np.array([c.id for c in specs], dtype=np.int64)
    order = np.argsort(crit_ids)
    scale = np.array([c.scale_max for c in specs], dtype=np.float64)
    weight = np.array([c.weight for c in specs], dtype=np.float64)
    is_crowd = np.array([c.is_crowd_vote for c in specs], dtype=bool)

    # Scores kept: on a judged criterion of this agreement.
    cpos, found = _positions(crit_ids[order], s_crit)
    col = order[cpos]
    keep = found & ~is_crowd[col]
    col, s_idea, s_judge, s_value = col[keep], s_idea[keep], s_judge[keep], s_value[keep]
    bad = (s_value < 0) | (s_value > scale[col])
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        spec = specs[int(col[first])]
        raise ValueError(f"score {s_value[first]:g} outside 0..{spec.scale_max} for {spec.name}")
    row = np.searchsorted(ideas, s_idea)
    cell = row * k + col
    count = np.bincount(cell, minlength=n * k).reshape(n, k)
    sums = np.bincount(cell, weights=s_value, minlength=n * k).reshape(n, k)
    with np.errstate(invalid="ignore", divide="ignore"):
        raw_mean = np.where(count > 0, sums / np.where(count > 0, count, 1), np.nan)

    # Leniency, criterion by criterion, on the whole program's scores.
    mean = raw_mean.copy()
    corrected = s_value.copy()
    offsets: dict[int, dict[int, float]] = {}
    problems: list[Problem] = []
    blocks: dict[int, Block] = {}
    for j, spec in enumerate(specs):
        if spec.is_crowd_vote:
            continue
        rows_j = np.flatnonzero(col == j)
        if len(rows_j) == 0:
            continue
        block, judge_ids, unit_rows = block_from_arrays(s_judge[rows_j], row[rows_j], s_value[rows_j])
        blocks[spec.id] = block
        if leniency == NONE or len(rows_j) < 2:
            continue
        if leniency == STANDARDISE:
            fixed, off, found_problems = standardise(spec.id, block)
            effects, _counts = group_mean(block.a, fixed, len(unit_rows))
        else:
            effects, off, fixed, found_problems = offset_model(spec.id, block, "per_component")
        mean[unit_rows, j] = effects
        corrected[rows_j] = fixed
        offsets[spec.id] = dict(zip(judge_ids.tolist(), np.asarray(off).tolist(), strict=True))
        problems.extend(found_problems)

    with np.errstate(invalid="ignore"):
        normalised = np.clip(mean / scale, 0.0, 1.0)
    crowd_value = held = None
    if crowd is not None and is_crowd.any():
        held = np.zeros((n, k))
        crowd_value = np.full((n, k), np.nan)
        # The crowd's ideas come in the caller's order (a page sorted by date, say): look them up
        # through their sorted order, as _positions needs.
        by_id = np.argsort(crowd.ideas, kind="stable")
        pos, present = _positions(crowd.ideas[by_id], ideas)
        pos = by_id[pos] if len(crowd.ideas) else pos
        for j in np.flatnonzero(is_crowd):
            value_j = np.where(present, crowd.value[pos] if len(crowd.ideas) else np.nan, np.nan)
            normalised[:, j] = value_j
            mean[:, j] = value_j * scale[j]
            count[:, j] = np.where(present, crowd.count[pos] if len(crowd.ideas) else 0, 0)
            crowd_value[:, j] = np.where(present, crowd.raw[pos] if len(crowd.ideas) else np.nan, np.nan)
            held[:, j] = np.where(present, crowd.held[pos] if len(crowd.ideas) else 0, 0)
    contribution = weight * normalised
    scored = np.where(np.isnan(normalised), 0.0, weight).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        total = np.where(scored > 0, np.nansum(contribution, axis=1) * 100.0 / np.where(scored > 0, scored, 1),
                         np.nan)
    judge_index = np.unique(s_judge, return_inverse=True)[1] if len(s_judge) else np.zeros(0, dtype=np.int64)
    pairs = np.unique(row * (int(judge_index.max(initial=0)) + 1) + judge_index)
    judges = np.bincount(pairs // (int(judge_index.max(initial=0)) + 1), minlength=n)
    spread = reliability.spreads(row, col, corrected / scale[col], n, k)
    return Blend(
        specs=specs, leniency=leniency, ideas=ideas, raw_mean=raw_mean, mean=mean, count=count,
        normalised=normalised, contribution=contribution, total=total, complete=scored >= 100 - 1e-9,
        judges=judges, spread=spread, disagreement=reliability.flags(spread), crowd=crowd,
        crowd_value=crowd_value, held=held, offsets=offsets, problems=problems, blocks=blocks,
    )
