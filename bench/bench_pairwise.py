"""How fast is the pairwise ranking, and how does it compare with choix?

cocreate.evaluation.pairwise.fit (Bradley-Terry, Newton + preconditioned conjugate gradients
with a small Gaussian prior) and chance_to_beat_random on synthetic comparisons whose true
strengths are known (N(0, 1); each comparison a random pair, won with the Bradley-Terry
probability): 500 ideas × 20,000 comparisons and 10,000 × 1,000,000 (the issue's budget:
≤ 1 s). Reports seconds (best of 3) and the Spearman correlation with the true strengths.
choix (ilsr_pairwise, mm_pairwise and the one-shot lsr_pairwise) runs on the same data in a child
process stopped after CHOIX_TIMEOUT seconds. Also times the next-pair choice at 10,000 ideas.
No database."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cocreate.evaluation import pairwise  # noqa: E402

CHOIX_TIMEOUT = 120
SIZES = [(500, 20_000), (10_000, 1_000_000)]


def synthetic(n: int, m: int, seed: int = 865):
    rng = np.random.default_rng(seed)
    true = rng.normal(0.0, 1.0, n)
    a = rng.integers(0, n, m)
    b = rng.integers(0, n - 1, m)
    b = b + (b >= a)
    a_wins = rng.random(m) < 1.0 / (1.0 + np.exp(-(true[a] - true[b])))
    return true, np.where(a_wins, a, b), np.where(a_wins, b, a)


def ours(n: int, m: int, rounds: int = 3) -> None:
    true, winners, losers = synthetic(n, m)
    best_fit = best_chance = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        fitted = pairwise.fit(winners, losers, n)
        middle = time.perf_counter()
        pairwise.chance_to_beat_random(fitted.theta)
        best_fit, best_chance = min(best_fit, middle - started), min(best_chance, time.perf_counter() - middle)
    rho = spearmanr(true, fitted.theta)[0]
    print(f"{'cocreate fit':<22} {n:>7,} {m:>10,} {best_fit:>9.3f} {best_fit + best_chance:>10.3f} {rho:>9.4f}"
          f"   {fitted.iterations} Newton steps")


def choix_child(method: str, n: int, m: int) -> None:
    """Runs in the child process: one choix fit, JSON on stdout."""
    import choix

    true, winners, losers = synthetic(n, m)
    data = np.stack([winners, losers], axis=1)
    started = time.perf_counter()
    if method == "lsr_pairwise":
        params = choix.lsr_pairwise(n, data, alpha=0.01)
    else:
        params = getattr(choix, method)(n, data, alpha=0.01)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rho": float(spearmanr(true, params)[0])}))


def theirs(method: str, n: int, m: int) -> None:
    command = [sys.executable, __file__, "--choix", method, str(n), str(m)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=CHOIX_TIMEOUT, check=True)
    except subprocess.TimeoutExpired:
        print(f"{'choix.' + method:<22} {n:>7,} {m:>10,}  did not finish in {CHOIX_TIMEOUT} s")
        return
    except subprocess.CalledProcessError as e:
        print(f"{'choix.' + method:<22} {n:>7,} {m:>10,}  failed: {e.stderr.strip().splitlines()[-1:]}")
        return
    out = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{'choix.' + method:<22} {n:>7,} {m:>10,} {out['seconds']:>9.3f} {'':>10} {out['rho']:>9.4f}")


def next_pair_timing(n: int = 10_000, answered: int = 500, calls: int = 50) -> None:
    rng = np.random.default_rng(1)
    counts = rng.integers(0, 400, n)
    theta = rng.normal(0, 1, n)
    se = 1 / np.sqrt(counts + 0.25)
    pairs = [tuple(rng.choice(n, 2, replace=False)) for _ in range(answered)]
    started = time.perf_counter()
    for k in range(calls):
        pairwise.next_pair(counts, theta, se, answered=pairs, seed=k)
    per_call = (time.perf_counter() - started) / calls
    print(f"next_pair: {n:,} ideas, voter answered {answered} pairs: {per_call * 1000:.2f} ms per choice")


def main() -> None:
    print(f"Bradley-Terry · Python {platform.python_version()} · NumPy {np.__version__} · best of 3 for ours")
    print(f"{'method':<22} {'ideas':>7} {'compars.':>10} {'fit s':>9} {'+chance s':>10} {'spearman':>9}")
    for n, m in SIZES:
        ours(n, m)
        for method in ("ilsr_pairwise", "mm_pairwise", "lsr_pairwise"):
            theirs(method, n, m)
    next_pair_timing()


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--choix":
        choix_child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        main()
