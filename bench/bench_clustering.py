"""How fast are concept suggestions? (issue 5: 100,000 ideas in <= 60 s, in the background)

cocreate.realization.clustering.cluster_texts on 10,000 and 100,000 generated ideas, 60 %
Korean and 40 % English, from 16 topics (bench/_ideas_text.py): seconds end to end and per
stage (character n-gram TF-IDF, MiniBatchKMeans, readable terms), peak memory (max RSS), and
how well the clusters match the topics (adjusted Rand index). Pure, no database."""

from __future__ import annotations

import platform
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _ideas_text import ideas  # noqa: E402

from cocreate.realization.clustering import cluster_texts  # noqa: E402


def main() -> None:
    from sklearn.metrics import adjusted_rand_score

    print(f"Python {platform.python_version()}, {platform.machine()}")
    for n, k in [(10_000, None), (100_000, None), (100_000, 16)]:
        rows = ideas(n)
        texts = [f"{t}. {b}" for t, b, _ in rows]
        progress = []
        started = time.perf_counter()
        result = cluster_texts(list(range(n)), texts, k=k, seed=1, progress=progress.append)
        total = time.perf_counter() - started
        stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.timings.items())
        ari = adjusted_rand_score([topic for _, _, topic in rows], result.labels)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{n:>7,} ideas, k={result.k:>2} ({'given' if k else 'auto'}): {total:5.1f} s ({stages}); "
              f"ARI vs topics {ari:.2f}; progress calls {len(progress)}; max RSS {rss:,.0f} MB")
        print("         largest: " + " | ".join(", ".join(c.terms[:4]) for c in result.clusters[:3]))


if __name__ == "__main__":
    main()
