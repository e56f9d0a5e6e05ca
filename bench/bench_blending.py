"""How fast is the blend of judges and crowd with leniency correction?

cocreate.evaluation.scoring.blend on 100,000 ideas, each scored by 3 of 40 judges on 4 criteria
(the Coca-Cola agreement: 25 % each), i.e. 300,000 scorecards and 1,200,000 scores, with judges
who are strict or generous by a constant; once with no correction, once with per-judge
standardisation, once with the additive judge-offset model; then the Coca-Cola case proper
(three judged criteria and the participants' vote from supports), Krippendorff's alpha per
criterion and the disagreement flags. Pure NumPy/SciPy, no database. The issue's budget is
100,000 scorecards in at most 1 s. Prints the best of 3 timings."""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from cocreate.evaluation.scoring import CriterionSpec, blend, crowd_from_supports  # noqa: E402

IDEAS, JUDGES, PER_IDEA = 100_000, 40, 3
NAMES = ["Creativity", "Usefulness", "Brand impact", "Participant vote"]


def data(rng: np.random.Generator, criteria: int):
    quality = rng.normal(5.5, 1.5, size=(IDEAS, criteria))
    leniency = rng.normal(0.0, 1.0, size=JUDGES)
    judges = np.argsort(rng.random((IDEAS, JUDGES)), axis=1)[:, :PER_IDEA]  # 3 distinct judges per idea
    idea = np.repeat(np.arange(IDEAS), PER_IDEA * criteria)
    judge = np.repeat(judges.ravel(), criteria)
    criterion = np.tile(np.arange(1, criteria + 1), IDEAS * PER_IDEA)
    value = quality[idea, criterion - 1] + leniency[judge] + rng.normal(0, 1.0, size=len(idea))
    return idea, judge + 1000, criterion, np.clip(np.rint(value), 0, 10)


def best(fn, rounds: int = 3) -> tuple[float, object]:
    seconds, result = float("inf"), None
    for _ in range(rounds):
        started = time.perf_counter()
        result = fn()
        seconds = min(seconds, time.perf_counter() - started)
    return seconds, result


def main() -> None:
    rng = np.random.default_rng(865)
    judged = [CriterionSpec(i + 1, n, 25, 10) for i, n in enumerate(NAMES)]
    coca_cola = [CriterionSpec(i + 1, n, 25, 10, is_crowd_vote=(i == 3)) for i, n in enumerate(NAMES)]
    idea, judge, criterion, value = data(rng, 4)
    ids = np.arange(IDEAS)
    print(f"scoring.blend · Python {platform.python_version()} · NumPy {np.__version__} · {IDEAS:,} ideas × "
          f"{PER_IDEA} of {JUDGES} judges = {IDEAS * PER_IDEA:,} scorecards · best of 3")
    print(f"{'case':<58}  {'scores':>10}  {'seconds':>8}")
    for leniency in ("none", "standardise", "offset"):
        seconds, _ = best(lambda leniency=leniency: blend(judged, ids, idea=idea, judge=judge, criterion=criterion,
                                                          value=value, leniency=leniency))
        print(f"{'4 judged criteria, leniency ' + leniency:<58}  {len(value):>10,}  {seconds:>8.3f}")
    supports = dict(zip(ids.tolist(), rng.poisson(3, size=IDEAS).tolist(), strict=True))
    held = {i: 1 for i in range(0, IDEAS, 50)}
    for leniency in ("standardise", "offset"):
        def coca(leniency=leniency):
            crowd = crowd_from_supports(ids, supports, held)
            result = blend(coca_cola, ids, idea=idea, judge=judge, criterion=criterion, value=value,
                           leniency=leniency, crowd=crowd)
            return result, result.alpha()
        seconds, (result, alpha) = best(coca)
        print(f"{'Coca-Cola 3 judged + supports, ' + leniency + ', + alpha':<58}  {len(value):>10,}  "
              f"{seconds:>8.3f}")
    seconds, alpha = best(lambda: result.alpha())
    print(f"{'  of which Krippendorff alpha, 3 criteria':<58}  {'':>10}  {seconds:>8.3f}")
    print("alpha per criterion: " + ", ".join(f"{NAMES[c - 1]} {a:.3f}" for c, a in alpha.items()))
    print(f"ideas flagged for a second look: {int(result.disagreement.any(axis=1).sum()):,} of {IDEAS:,}")
    seconds, _ = best(lambda: [result.breakdown(i) for i in range(1_000)])
    print(f"{'1,000 Breakdown objects from the blend':<58}  {'':>10}  {seconds:>8.3f}")


if __name__ == "__main__":
    main()
