"""Near-duplicate ideas, and the lookup while typing. Pure: no ORM (the database side, building
and refreshing one index per organization, is in ``concepts.py``); benchmarked in
bench/bench_similar.py.

Two tools:

- ``duplicate_groups``: for a batch of ideas, cosine similarity of their character n-gram
  TF-IDF vectors (sparse, computed in row blocks, only pairs above a threshold kept), grouped
  by connected components: A~B and B~C make one group {A, B, C}.

- ``SimilarIndex``: the top 10 similar ideas for a draft among up to 1,000,000, in a few
  milliseconds. Each idea's text (title and the start of the description, ``TEXT_CHARS``) is
  cut into the set of its character 3-grams (NFC, lower case, whitespace collapsed: works
  for Korean and English alike), each 3-gram hashed to one of 2^20 buckets. The postings are
  a CSR structure of NumPy arrays (``indptr`` per bucket, ``docs`` = positions of the ideas
  having the gram, ascending). A query scores every idea sharing a gram with one
  ``np.bincount`` over the concatenated postings and returns the top k by the binary cosine
  |A ∩ B| / sqrt(|A| |B|) on the indexed grams. Very common grams (in more than
  ``max_df`` of the ideas, e.g. " th", "하는") are left out of the index: they say nothing
  about similarity and would make every query touch every idea.

  The index is built from ``(ids, texts)`` in chunks (bounded transient memory) into segments;
  ``add`` appends a new segment for ideas created since (ids above the last indexed id), so it
  is refreshed incrementally; a full rebuild now and then folds segments together and forgets
  removed or edited ideas.

  Memory for 1,000,000 ideas (``TEXT_CHARS`` = 120): 4 bytes per (idea, distinct gram) pair
  kept, 8 MB of bucket pointers per segment and 12 bytes per idea (id, norm). On the
  benchmark's generated ideas that is 27.5 million postings, 124 MiB of arrays in all; the
  build needs about 8 bytes per pair before pruning on top of that, for a few seconds. Real
  ideas, with a richer vocabulary than the generator's, keep more grams: count up to ~100
  postings per idea (~400 MB) as the upper bound. Measured figures: bench/bench_similar.py,
  copied in bench/README.md.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

BUCKET_BITS = 20
BUCKETS = 1 << BUCKET_BITS
TEXT_CHARS = 120  # title + start of the description: what a person types first
CHUNK = 50_000


def index_text(title: str, body: str = "") -> str:
    text = f"{title or ''} {body or ''}"
    return " ".join(unicodedata.normalize("NFC", text).lower().split())[:TEXT_CHARS]


def _codepoints(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """All texts joined by NUL as one array of code points, and the document of each position."""
    joined = "\x00".join(texts) + "\x00"
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    separators = points == 0
    doc = np.cumsum(separators) - separators  # the NUL ends its own document
    return points, doc.astype(np.int64)


def gram_pairs(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (document position, 3-gram bucket) pairs, sorted by document then bucket."""
    if not texts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    points, doc = _codepoints(texts)
    if len(points) < 3:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    a, b, c = points[:-2], points[1:-1], points[2:]
    valid = (a != 0) & (b != 0) & (c != 0)
    # uint32 arithmetic wraps: a cheap multiplicative hash of the three code points.
    h = a * np.uint32(0x9E3779B1) ^ b * np.uint32(0x85EBCA77) ^ c * np.uint32(0xC2B2AE3D)
    h ^= h >> np.uint32(15)
    h = (h & np.uint32(BUCKETS - 1)).astype(np.int64)
    keys = (doc[:-2][valid] << BUCKET_BITS) | h[valid]
    keys.sort(kind="stable")  # already in runs by document: timsort is near linear here
    if len(keys):
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    return keys >> BUCKET_BITS, keys & (BUCKETS - 1)


def query_grams(text: str) -> np.ndarray:
    """The distinct buckets of a draft's 3-grams."""
    return gram_pairs([text])[1]


@dataclass
class Segment:
    ids: np.ndarray  # int64, the idea ids in position order
    norms: np.ndarray  # float32, sqrt(number of indexed grams) per idea
    indptr: np.ndarray  # int64, BUCKETS + 1
    docs: np.ndarray  # int32 positions, grouped by bucket

    @property
    def nbytes(self) -> int:
        return self.ids.nbytes + self.norms.nbytes + self.indptr.nbytes + self.docs.nbytes


def build_segment(ids: Sequence[int], texts: Sequence[str], *, max_df: float = 0.05, min_df_cap: int = 500) -> Segment:
    """One CSR segment for ``texts`` (already ``index_text``-ed). Buckets used by more than
    max(max_df · n, min_df_cap) ideas are dropped."""
    n = len(texts)
    counts = np.zeros(BUCKETS, dtype=np.int64)
    chunks = []
    for start in range(0, n, CHUNK):
        docs, buckets = gram_pairs(texts[start:start + CHUNK])
        docs = (docs + start).astype(np.int32)
        order = np.argsort(buckets, kind="stable")  # docs stay ascending within a bucket
        chunk_counts = np.bincount(buckets, minlength=BUCKETS)
        counts += chunk_counts
        # Kept until every chunk is counted: 8 bytes per (idea, gram) pair.
        chunks.append((docs[order], buckets[order].astype(np.int32), chunk_counts.astype(np.int32)))
        del order
    limit = max(int(max_df * n), min_df_cap)
    kept = counts <= limit
    kept_counts = np.where(kept, counts, 0)
    indptr = np.zeros(BUCKETS + 1, dtype=np.int64)
    np.cumsum(kept_counts, out=indptr[1:])
    postings = np.empty(int(indptr[-1]), dtype=np.int32)
    cursor = indptr[:-1].copy()
    per_doc = np.zeros(n, dtype=np.int64)
    for docs, buckets, chunk_counts in chunks:
        keep = kept[buckets]
        docs, buckets = docs[keep], buckets[keep]
        chunk_counts = np.where(kept, chunk_counts, 0).astype(np.int64)
        starts = np.zeros(BUCKETS, dtype=np.int64)
        np.cumsum(chunk_counts[:-1], out=starts[1:])
        rank = np.arange(len(buckets), dtype=np.int64) - starts[buckets]
        postings[cursor[buckets] + rank] = docs
        cursor += chunk_counts
        per_doc += np.bincount(docs, minlength=n)
    chunks.clear()
    return Segment(ids=np.asarray(ids, dtype=np.int64), norms=np.sqrt(per_doc).astype(np.float32),
                   indptr=indptr, docs=postings)


class SimilarIndex:
    """Top-k similar ideas for a text. See the module docstring."""

    def __init__(self, *, max_df: float = 0.05, min_df_cap: int = 500):
        self.max_df = max_df
        self.min_df_cap = min_df_cap
        self.segments: list[Segment] = []
        self.last_id = 0

    @classmethod
    def build(cls, ids: Sequence[int], texts: Sequence[str], **options) -> SimilarIndex:
        index = cls(**options)
        index.add(ids, texts)
        return index

    def add(self, ids: Sequence[int], texts: Sequence[str]) -> None:
        """Index more ideas (``texts`` as ``index_text`` returns them) as a new segment."""
        if len(ids) == 0:
            return
        self.segments.append(build_segment(ids, texts, max_df=self.max_df, min_df_cap=self.min_df_cap))
        self.last_id = max(self.last_id, int(max(ids)))

    def __len__(self) -> int:
        return sum(len(s.ids) for s in self.segments)

    @property
    def nbytes(self) -> int:
        return sum(s.nbytes for s in self.segments)

    def query(self, text: str, k: int = 10, *, exclude: Sequence[int] = (), min_score: float = 0.0
              ) -> list[tuple[int, float]]:
        """The ``k`` most similar ideas to ``text`` as (id, score 0..1), best first."""
        grams = query_grams(index_text(text))
        if len(grams) == 0 or not self.segments:
            return []
        excluded = set(exclude)
        best_ids, best_scores = [], []
        want = k + len(excluded)
        for segment in self.segments:
            starts, ends = segment.indptr[grams], segment.indptr[grams + 1]
            present = ends > starts
            q_norm = np.sqrt(present.sum())
            if q_norm == 0:
                continue
            lists = [segment.docs[s:e] for s, e in zip(starts[present], ends[present], strict=True)]
            candidates = np.concatenate(lists)
            overlap = np.bincount(candidates, minlength=len(segment.ids))
            hits = np.flatnonzero(overlap)
            scores = overlap[hits] / (segment.norms[hits] * q_norm)
            if len(hits) > want:
                top = np.argpartition(-scores, want)[:want]
                hits, scores = hits[top], scores[top]
            best_ids.append(segment.ids[hits])
            best_scores.append(scores)
        if not best_ids:
            return []
        all_ids, all_scores = np.concatenate(best_ids), np.concatenate(best_scores)
        order = np.lexsort((all_ids, -all_scores))
        out = []
        for i in order:
            idea_id, score = int(all_ids[i]), float(min(all_scores[i], 1.0))
            if idea_id in excluded or score < min_score:
                continue
            out.append((idea_id, round(score, 4)))
            if len(out) == k:
                break
        return out


def duplicate_pairs(ids: Sequence, texts: Sequence[str], *, threshold: float = 0.8, block: int = 2000
                    ) -> list[tuple[object, object, float]]:
    """Pairs (id_a, id_b, cosine) of texts whose char n-gram TF-IDF cosine is at least
    ``threshold``, id_a before id_b in input order. Sparse, in row blocks."""
    from .clustering import vectorise

    n = len(texts)
    if n < 2:
        return []
    matrix, _ = vectorise(texts, ngram_range=(3, 4), min_df=1, max_features=None)
    transposed = matrix.T.tocsc()
    out = []
    for start in range(0, n, block):
        product = (matrix[start:start + block] @ transposed).tocoo()
        rows, cols, values = product.row + start, product.col, product.data
        keep = (cols > rows) & (values >= threshold - 1e-6)
        for r, c, v in zip(rows[keep], cols[keep], values[keep], strict=True):
            out.append((ids[r], ids[c], round(float(min(v, 1.0)), 4)))
    return out


def duplicate_groups(ids: Sequence, texts: Sequence[str], *, threshold: float = 0.8) -> list[list]:
    """Groups (two or more ids, in input order) of near-duplicates: connected components of
    the pairs above ``threshold``. Largest groups first."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    pairs = duplicate_pairs(ids, texts, threshold=threshold)
    if not pairs:
        return []
    position = {idea_id: i for i, idea_id in enumerate(ids)}
    rows = [position[a] for a, _, _ in pairs]
    cols = [position[b] for _, b, _ in pairs]
    graph = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(ids), len(ids)))
    _, labels = connected_components(graph, directed=False)
    groups: dict[int, list] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(ids[i])
    result = [g for g in groups.values() if len(g) > 1]
    result.sort(key=lambda g: (-len(g), position[g[0]]))
    return result
