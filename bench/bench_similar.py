"""How fast is the lookup while typing? (issue 5: top 10 among 1,000,000 ideas in <= 50 ms p95)

cocreate.realization.duplicates.SimilarIndex on 1,000,000 generated ideas (60 % Korean,
bench/_ideas_text.py): build time, index size and process memory, then 1,000 lookups of
random drafts, half typed prefixes of existing ideas (10 to 60 characters) and half new texts:
p50 / p95 / p99 milliseconds, and how often a prefix finds the idea it was cut from. Also an
incremental refresh of 1,000 new ideas. Pure, no database (the database read is one
``values_list`` over the organization's published ideas)."""

from __future__ import annotations

import platform
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from _ideas_text import idea, ideas  # noqa: E402

from cocreate.realization.duplicates import SimilarIndex, index_text  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(n: int = 1_000_000, lookups: int = 1_000) -> None:
    print(f"Python {platform.python_version()}, {platform.machine()}")
    started = time.perf_counter()
    rows = ideas(n, seed=3)
    texts = [index_text(t, b[:200]) for t, b, _ in rows]
    del rows
    print(f"generated {n:,} ideas in {time.perf_counter() - started:.1f} s; max RSS {rss_mb():,.0f} MB")
    before = rss_mb()
    started = time.perf_counter()
    index = SimilarIndex.build(list(range(1, n + 1)), texts)
    build = time.perf_counter() - started
    postings = sum(len(s.docs) for s in index.segments)
    print(f"index built in {build:.1f} s: {postings:,} postings, {index.nbytes / 2**20:,.0f} MiB of arrays; "
          f"max RSS {rss_mb():,.0f} MB (+{rss_mb() - before:,.0f} MB while building)")
    rng = random.Random(5)
    drafts, targets = [], []
    for i in range(lookups):
        if i % 2 == 0:
            target = rng.randrange(n)
            drafts.append(texts[target][:rng.randint(10, 60)])
            targets.append(target + 1)
        else:
            title, body, _ = idea(rng)
            drafts.append(f"{title} {body}"[:rng.randint(10, 120)])
            targets.append(None)
    index.query(drafts[0])  # warm up
    times, found, long_found, long_total = [], 0, 0, 0
    for draft, target in zip(drafts, targets, strict=True):
        started = time.perf_counter()
        hits = index.query(draft, k=10)
        times.append((time.perf_counter() - started) * 1000)
        if target is not None:
            # The generated texts repeat a lot: an idea tied with the target on score counts as found.
            ok = target in [h for h, _ in hits] or (len(hits) == 10 and hits[-1][1] >= 0.999 * hits[0][1])
            found += ok
            if len(draft) >= 30:
                long_total += 1
                long_found += ok
    p50, p95, p99 = np.percentile(times, [50, 95, 99])
    print(f"{lookups:,} lookups (top 10): p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, "
          f"max {max(times):.1f} ms; typed prefix found its idea (or ties) in the top 10: {found / (lookups / 2):.0%}, "
          f"{long_found / max(long_total, 1):.0%} for prefixes of 30+ characters")
    started = time.perf_counter()
    new = ideas(1_000, seed=9)
    index.add(list(range(n + 1, n + 1_001)), [index_text(t, b[:200]) for t, b, _ in new])
    print(f"incremental refresh of 1,000 new ideas: {(time.perf_counter() - started) * 1000:.0f} ms "
          f"({len(index.segments)} segments)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
