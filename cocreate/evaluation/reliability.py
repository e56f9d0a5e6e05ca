"""How far judges agree: Krippendorff's alpha per criterion, and ideas flagged for a second look.

Pure module (NumPy, no ORM). Alpha itself is the one shared with recruiting
(cocreate.core.judging_stats); this module adds what the evaluation of ideas reports with it:

* **alpha per criterion**, on the judges' raw scores (agreement is about what judges said,
  before any leniency correction), with Krippendorff's own reading of the number: at least
  0.800 the scores can be relied on, 0.667 to 0.800 allows tentative conclusions only, below
  0.667 the judges do not agree well enough to rank on that criterion alone;
* **disagreement flags**: on each criterion, the *spread* of an idea's judges is the highest
  minus the lowest of their scores put on 0..1 by the criterion's scale (after the leniency
  correction the agreement chose, so a judge who is simply strict does not count as
  disagreeing). A spread of :data:`DISAGREEMENT_SPREAD` (half the scale) or more, e.g. 2 and 7
  on a 0-10 scale, flags the idea for a second look.
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
from django.utils.translation import gettext_lazy as _

from cocreate.core.judging_stats import Block, Metric, block_alpha

#: Spread (0..1 of the criterion's scale) from which judges disagree strongly on an idea.
DISAGREEMENT_SPREAD = 0.5
#: Krippendorff's thresholds: reliable from 0.800, tentative conclusions from 0.667.
ALPHA_RELIABLE = 0.8
ALPHA_TENTATIVE = 0.667

ALPHA_READINGS = {
    "reliable": _("Judges agree well: the scores on this criterion can be relied on."),
    "tentative": _("Judges agree only moderately: read the ranking on this criterion with care."),
    "low": _("Judges disagree: this criterion's scores say more about the judges than about the ideas."),
    "undefined": _("Not enough overlapping scores yet to measure agreement."),
}


def alpha_level(alpha: float | None) -> str:
    """``reliable``, ``tentative``, ``low`` or ``undefined`` (None: too few shared scores)."""
    if alpha is None:
        return "undefined"
    if alpha >= ALPHA_RELIABLE:
        return "reliable"
    if alpha >= ALPHA_TENTATIVE:
        return "tentative"
    return "low"


def alpha_reading(alpha: float | None) -> str:
    return str(ALPHA_READINGS[alpha_level(alpha)])


def alpha_per_criterion(blocks: dict[Hashable, Block], metric: Metric | str = Metric.INTERVAL
                        ) -> dict[Hashable, float | None]:
    """Alpha of each criterion's block of raw judge scores."""
    out = {}
    for criterion, block in blocks.items():
        alpha = block_alpha(block, metric)
        out[criterion] = None if alpha is None else float(alpha)
    return out


def spreads(units: np.ndarray, criteria: np.ndarray, normalised: np.ndarray, n_units: int, n_criteria: int
            ) -> np.ndarray:
    """Highest minus lowest normalised score per (unit, criterion), as an ``n_units × n_criteria``
    array; NaN where fewer than two judges scored. Vectorised: one sort, no loop per idea."""
    out = np.full(n_units * n_criteria, np.nan)
    if len(normalised) == 0:
        return out.reshape(n_units, n_criteria)
    cell = np.asarray(units, dtype=np.int64) * n_criteria + np.asarray(criteria, dtype=np.int64)
    order = np.argsort(cell, kind="stable")
    cell, values = cell[order], np.asarray(normalised, dtype=np.float64)[order]
    starts = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
    counts = np.diff(np.r_[starts, len(cell)])
    highs = np.maximum.reduceat(values, starts)
    lows = np.minimum.reduceat(values, starts)
    out[cell[starts]] = np.where(counts >= 2, highs - lows, np.nan)
    return out.reshape(n_units, n_criteria)


def flags(spread: np.ndarray, threshold: float = DISAGREEMENT_SPREAD) -> np.ndarray:
    """True where judges disagree strongly (spread at or above the threshold)."""
    with np.errstate(invalid="ignore"):
        return np.nan_to_num(spread, nan=0.0) >= threshold - 1e-9
