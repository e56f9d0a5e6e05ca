"""How fast, and how balanced, is the automatic assignment of judges?

cocreate.evaluation.judging.assign_judges on 1,000 ideas × 20 judges and 10,000 ideas × 100
judges, 3 judges per idea, with 5 % of (judge, author) pairs declared conflicts and one idea in
fifty written by a judge; then 10,000 × 100 again with uneven current loads and clustered
conflicts. Pure NumPy, no database. Prints seconds, the number of new pairs, the highest and
lowest load (current + new), and the ideas left short."""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cocreate.evaluation.judging import IdeaToJudge, Judge, assign_judges  # noqa: E402


def case(n_ideas: int, n_judges: int, *, conflict_rate: float = 0.05, seed: int = 5):
    rng = np.random.default_rng(seed)
    n_authors = max(n_ideas // 3, 1)
    authors = rng.integers(0, n_authors, size=n_ideas)
    judges = [Judge(f"j{t}") for t in range(n_judges)]
    ideas = []
    for i in range(n_ideas):
        own = {f"a{authors[i]}"}
        if i % 50 == 0:
            own.add(f"j{rng.integers(n_judges)}")
        ideas.append(IdeaToJudge(i, frozenset(own)))
    # 5 % of judge × author pairs are conflicts.
    pairs = rng.random((n_judges, n_authors)) < conflict_rate
    conflicts = [(f"j{j}", f"a{a}") for j, a in zip(*np.nonzero(pairs), strict=True)]
    return ideas, judges, conflicts


def main() -> None:
    print(f"assign_judges · Python {platform.python_version()} · 3 judges per idea · 5 % conflicts · best of 3")
    print(f"{'ideas':>7} {'judges':>6}  {'seconds':>8}  {'pairs':>7}  {'max load':>8}  {'min load':>8}  {'short':>5}")
    for n, j in ((1_000, 20), (10_000, 100)):
        ideas, judges, conflicts = case(n, j)
        best, plan = float("inf"), None
        for _ in range(3):
            started = time.perf_counter()
            plan = assign_judges(ideas, judges, conflicts, min_judges=3, seed=7)
            best = min(best, time.perf_counter() - started)
        print(f"{n:>7,} {j:>6}  {best:>8.3f}  {len(plan.pairs):>7,}  {plan.max_load:>8}  {plan.min_load:>8}  "
              f"{len(plan.short):>5}")
    # Harder: uneven current loads (0-399 open assignments elsewhere) and ten judges in conflict
    # with half the authors, so the balancing chains have work to do.
    ideas, judges, conflicts = case(10_000, 100)
    rng = np.random.default_rng(1)
    judges = [Judge(j.id, load=int(rng.integers(0, 400))) for j in judges]
    conflicts += [(f"j{t}", f"a{a}") for t in range(10) for a in range(0, 3_333, 2)]
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        plan = assign_judges(ideas, judges, conflicts, min_judges=3, seed=7)
        best = min(best, time.perf_counter() - started)
    print(f"{10_000:>7,} {100:>6}  {best:>8.3f}  {len(plan.pairs):>7,}  {plan.max_load:>8}  {plan.min_load:>8}  "
          f"{len(plan.short):>5}  (uneven current loads 0-399, clustered conflicts)")


if __name__ == "__main__":
    main()
