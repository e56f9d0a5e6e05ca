"""How fast is a proven-optimal cohort under quotas?

cocreate.recruiting.selection.select_cohort (LP column generation on a shortlist, HiGHS) against
exact_ilp (one plain ILP over the whole pool) on (a) 100,000 applicants, k = 50, (b) 1,000,000
applicants, k = 50, both with 6 quota families of 32 values (age band 5, gender 3, region 8,
interest 10, opinion leader 2, source 4), (c) 5,000 applicants, k = 18 on the same families; and
(d) explain_infeasible at 100,000. Scores lean towards some values (the capital, older bands,
opinion leaders rarer but stronger), so the quotas bind and diversity has a price. Deterministic
data from a seeded NumPy Generator; pure NumPy and HiGHS, no database. The pool's arrays are
built outside the timing (the view reads them with one values_list). Prints seconds."""

from __future__ import annotations

import multiprocessing
import platform
import sys
import time
from pathlib import Path

import highspy
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cocreate.recruiting.selection import (  # noqa: E402
    Pool,
    Quota,
    exact_ilp,
    explain_infeasible,
    lottery_near_optimal,
    select_cohort,
)

FAMILIES = {  # attribute -> share of each value in the pool
    "age_band": [0.25, 0.25, 0.2, 0.15, 0.15],
    "gender": [0.49, 0.48, 0.03],
    "region": [0.35, 0.15, 0.1, 0.1, 0.1, 0.08, 0.07, 0.05],
    "interest": [0.2, 0.15, 0.12, 0.1, 0.1, 0.08, 0.08, 0.07, 0.05, 0.05],
    "opinion_leader": [0.95, 0.05],
    "source": [0.5, 0.3, 0.15, 0.05],
}
FULL_ILP_LIMIT = 60.0  # seconds; the plain ILP at a million applicants is skipped beyond it


def pool(n: int, seed: int = 3) -> Pool:
    rng = np.random.default_rng(seed)
    codes = {a: rng.choice(len(p), size=n, p=p).astype(np.int32) for a, p in FAMILIES.items()}
    scores = rng.normal(0.0, 1.0, n)
    scores += 0.4 * (codes["region"] == 0) + 0.15 * codes["age_band"] + 0.8 * codes["opinion_leader"]
    labels = {a: [f"{a}-{i}" for i in range(len(p))] for a, p in FAMILIES.items()}
    return Pool(np.arange(1, n + 1), np.round(scores, 4), codes, labels)


def quotas(k: int) -> list[Quota]:
    """One quota per value (32): shares near the pool's, so the score-leaning values are capped."""
    out = []
    for attribute, shares in FAMILIES.items():
        for i, share in enumerate(shares):
            low = int(share * k * 0.8)
            out.append(Quota(attribute, f"{attribute}-{i}", min=max(low, 1), max=max(int(share * k * 1.3) + 1, 2)))
    return out


def best_of(fn, rounds: int) -> tuple[float, object]:
    """Best of ``rounds`` timings: the machine is shared, the best run is the least disturbed."""
    best, result = float("inf"), None
    for _ in range(rounds):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def scenario(name: str, n: int, k: int, target: float, *, full_rounds: int, full: bool = True) -> None:
    p, q = pool(n), quotas(k)
    seconds, fast = best_of(lambda: select_cohort(p, k, q, seed=2026), 5)
    stats = fast.stats
    bound = (f", ILP on {stats['ilp_columns']} in the window ({stats['ilp_solves']} solve"
             f"{'s' if stats['ilp_solves'] > 1 else ''})" if "ilp_columns" in stats else "")
    print(f"{name}  {n:>9,}  {k:>3}  {'select_cohort':<13}  {seconds:>8.3f}  (target ≤ {target} s; "
          f"{fast.method}, {stats['lp_rounds']} LP rounds, shortlist {stats['shortlist']:,}{bound})")
    print(f"{'':>3}  {'':>9}  {'':>3}  {'':<13}  {'':>8}  total {fast.total:.4f}, unconstrained top-k "
          f"{fast.unconstrained_total:.4f}, price of diversity {fast.price_of_diversity:.4f}; "
          f"binding: {sum(s.state != 'slack' for s in fast.quotas)} of {len(fast.quotas)} quotas")
    if not full:
        print(f"{'':>3}  {n:>9,}  {k:>3}  {'exact_ilp':<13}  {'skipped':>8}  (not run)")
        return
    # In a spawned child process with a wall clock: HiGHS checks its time limit only now and
    # then, not while it presolves a million columns (and its threads do not survive a fork).
    with multiprocessing.get_context("spawn").Pool(1) as child:
        pending = child.apply_async(full_ilp, (n, k, full_rounds))
        try:
            seconds, ids, total = pending.get(timeout=FULL_ILP_LIMIT * full_rounds + 30)
        except (multiprocessing.TimeoutError, RuntimeError):
            child.terminate()
            print(f"{'':>3}  {n:>9,}  {k:>3}  {'exact_ilp':<13}  {'> 60':>8}  (no proven optimum within "
                  f"{FULL_ILP_LIMIT:.0f} s, stopped: skipped)")
            return
    same = "same cohort" if ids == fast.ids else f"DIFFERENT cohort, total {total:.4f}"
    print(f"{'':>3}  {n:>9,}  {k:>3}  {'exact_ilp':<13}  {seconds:>8.3f}  ({same}; best of {full_rounds})")


def full_ilp(n: int, k: int, rounds: int) -> tuple[float, tuple, float]:
    p, q = pool(n), quotas(k)
    seconds, exact = best_of(lambda: exact_ilp(p, k, q, seed=2026, time_limit=FULL_ILP_LIMIT), rounds)
    return seconds, exact.ids, exact.total


def main() -> None:
    print(f"selection · Python {platform.python_version()} · HiGHS {highspy.HIGHS_VERSION_MAJOR}."
          f"{highspy.HIGHS_VERSION_MINOR}.{highspy.HIGHS_VERSION_PATCH} · 6 quota families, 32 values · "
          "select_cohort best of 5")
    print(f"{'':>3}  {'applicants':>9}  {'k':>3}  {'method':<13}  {'seconds':>8}")
    scenario("(a)", 100_000, 50, 0.1, full_rounds=1)
    scenario("(b)", 1_000_000, 50, 1.0, full_rounds=1)
    scenario("(c)", 5_000, 18, 0.05, full_rounds=3)

    p = pool(100_000)
    feasible = quotas(50)
    # Every region at least 7 of 50 is 56 > 50: the arithmetic names it, the relaxation says by how much.
    infeasible = [Quota(q.attribute, q.value, min=7, max=q.max and max(q.max, 7)) if q.attribute == "region" else q
                  for q in feasible]
    for label, qs in (("infeasible quotas", infeasible), ("feasible quotas", feasible)):
        seconds, reasons = best_of(lambda qs=qs: explain_infeasible(p, 50, qs), 5)
        codes = ", ".join(sorted({r.code for r in reasons})) or "none"
        print(f"(d)  {100_000:>9,}  {50:>3}  {'explain':<13}  {seconds:>8.3f}  (target ≤ 0.1 s; {label}: "
              f"{len(reasons)} reasons: {codes})")

    # The fair lottery among near-optimal cohorts: one ILP over the pool with a "within the
    # window" row, on the sizes a campaign has (the Unilever case is 300 → 18).
    for n, k, window in ((300, 18, 5.0), (5_000, 18, 1.0), (5_000, 18, 5.0)):
        p, qs = pool(n), quotas(k)
        best = select_cohort(p, k, qs, seed=1)
        seconds, lucky = best_of(lambda p=p, k=k, qs=qs, best=best, window=window: lottery_near_optimal(
            p, k, qs, seed=1, window=window, best=best), 3)
        print(f"(e)  {n:>9,}  {k:>3}  {'lottery':<13}  {seconds:>8.3f}  (window {window} points: total "
              f"{lucky.total:.4f} vs optimum {best.total:.4f}; best of 3)")


if __name__ == "__main__":
    main()
