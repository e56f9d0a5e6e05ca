"""Throughput of the Korean/English tokenizer behind search (cocreate.core.textsearch).

tokens() turns Hangul runs into syllable bigrams and Latin words into lower-case words; it
runs on every idea write (the search column) and every search query. Measured on the demo
lab's own texts: Korean only, English only, and the mixed texts the lab really holds."""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cocreate.core.demo import content as C  # noqa: E402
from cocreate.core.textsearch import document, query_terms, tokens  # noqa: E402

ROUNDS = 200


def corpus() -> dict[str, list[str]]:
    texts = [f"{i.title}\n{i.body}" for i in C.IDEAS]
    texts += C.COMMENTS_KO + C.COMMENTS_EN + C.STAFF_COMMENTS
    texts += [C.PROGRAM["goal"], C.PROGRAM["scope"], C.RECRUITMENT["purpose"], *C.AGREEMENT.values()]
    texts = [t for t in texts if isinstance(t, str)]

    def hangul(t: str) -> bool:
        return any("\uac00" <= ch <= "\ud7a3" for ch in t)

    def latin(t: str) -> bool:
        return any("a" <= ch.lower() <= "z" for ch in t)

    return {
        "Korean only": [t for t in texts if hangul(t) and not latin(t)],
        "English only": [t for t in texts if latin(t) and not hangul(t)],
        "mixed (all demo texts)": texts,
    }


def measure(label: str, texts: list[str], fn) -> None:
    chars = sum(len(t) for t in texts) * ROUNDS
    count = 0
    started = time.perf_counter()
    for _ in range(ROUNDS):
        for t in texts:
            count += len(fn(t))
    seconds = time.perf_counter() - started
    docs = len(texts) * ROUNDS
    print(f"{label:<24} {docs:>8,} {docs / seconds:>12,.0f} {chars / seconds / 1e6:>8.2f} "
          f"{count / seconds:>12,.0f}")


def main() -> None:
    print(f"textsearch · Python {platform.python_version()} · each text set repeated {ROUNDS} times")
    print(f"{'tokens()':<24} {'texts':>8} {'texts/s':>12} {'Mchar/s':>8} {'tokens/s':>12}")
    sets = corpus()
    for label, texts in sets.items():
        measure(label, texts, tokens)
    print()
    print(f"{'other entry points':<24} {'texts':>8} {'texts/s':>12} {'Mchar/s':>8} {'tokens/s':>12}")
    mixed = sets["mixed (all demo texts)"]
    measure("document() (index)", mixed, lambda t: document(t).split())
    queries = ["리필 패키지", "향", "refill", "campus pop-up", "페트리코어 petrichor", "샤워젤 병뚜껑",
               "quieter valve"]
    measure("query_terms() (query)", queries * 50, query_terms)


if __name__ == "__main__":
    main()
