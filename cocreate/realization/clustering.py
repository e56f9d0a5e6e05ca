"""Suggesting business concepts by clustering ideas' text. Pure: no ORM, testable, benchmarked
(bench/bench_clustering.py).

Korean and English are mixed in one organization, and Korean words carry particles
(고객의, 고객을, 고객에게), so words are a poor unit: the text is vectorised as TF-IDF of
character n-grams inside word boundaries (``char_wb``), which matches 고객 in every inflected
form and "customer" in "customers". NFC normalisation first, so a decomposed 한글 typed on a Mac
is the same text as a composed one.

Clusters come from MiniBatchKMeans on the L2-normalised vectors (spherical k-means, i.e.
cosine), optionally after a TruncatedSVD. When ``k`` is not given it is about sqrt(n / 2),
bounded so an executive gets a list they can read. Each cluster is labelled with its most
characteristic *whole words* (not n-grams): words frequent in the cluster and rarer elsewhere,
with common Korean particles stripped so 고객의 and 고객을 both count as 고객.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

Progress = Callable[[int], None]

# Longest first, so 에서 is stripped before 서 could be considered.
KOREAN_PARTICLES = sorted(
    ["은", "는", "이", "가", "을", "를", "의", "에", "에서", "에게", "께서", "으로", "로", "와", "과", "도", "만",
     "까지", "부터", "보다", "처럼", "이나", "나", "하고", "이며", "에는", "에서는", "으로는", "로는", "들"],
    key=len, reverse=True,
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_WORD = re.compile(r"(?u)\b\w\w+\b")
# Words that say nothing about a concept, in both languages.
STOP_WORDS = frozenset(
    """the a an and or of to in on for with by is are be was were this that these those it its as at from we our
    can will should would could not no more most very also into than then so such have has had do does using use
    one just like make get want would need really every some any them they their you your
    하는 있는 있다 합니다 한다 하고 위한 위해 통해 대한 것을 것이 있도록 수 및 등 더 그 이 저 것 우리 하여 해서 하면
    거예요 주세요 해주세요 있어요 있으면 있을 없는 없어요 같아요 좋겠어요 좋겠습니다 좋을 좋은 좋아요 싶어요 싶습니다
    했으면 하면 되면 됩니다 돼요 해요 해서요 정말 너무 아주 그냥 많이 좀 조금 때문에 하지만 그리고 그래서
    """.split()  # noqa: SIM905
)


def normalise(text: str) -> str:
    """NFC, lower-cased, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text or "").lower().split())


def stem(word: str) -> str:
    """A Korean word without its trailing particle (고객에게 → 고객); other words unchanged."""
    if len(word) > 2 and _HANGUL.search(word[-1]):
        for particle in KOREAN_PARTICLES:
            if word.endswith(particle) and len(word) - len(particle) >= 2:
                return word[: -len(particle)]
    return word


def words(text: str, surfaces: dict | None = None) -> list[str]:
    """The readable words of a (normalised) text, stemmed, without stop words. ``surfaces``,
    when given, counts the forms written for each stem (stem -> Counter), so a label can show
    a word as people wrote it: stripping a particle also cuts nouns that end like one
    (스프레이 -> 스프레), which only counting shows."""
    out = []
    for surface in _WORD.findall(text):
        w = stem(surface)
        if w not in STOP_WORDS and surface not in STOP_WORDS and not w.isdigit():
            out.append(w)
            if surfaces is not None:
                surfaces.setdefault(w, Counter())[surface] += 1
    return out


def shown_form(stem_: str, surfaces: dict) -> str:
    """How to show a stem. It is a real word when someone wrote it bare (고객) or when
    different endings agree on it (스프레이를, 스프레이가), or when the only ending cut was two
    syllables or more (고객에게): a particle that long is no part of a noun. A single one-syllable
    ending may have been the noun's own (스프레이 -> 스프레): then the word is shown as written."""
    forms = surfaces.get(stem_)
    if not forms or stem_ in forms or len(forms) >= 2:
        return stem_
    (form,) = forms
    return stem_ if len(form) - len(stem_) >= 2 else form


@dataclass
class Cluster:
    ids: list = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.ids)


@dataclass
class ClusteringResult:
    clusters: list[Cluster]
    labels: np.ndarray
    k: int
    timings: dict[str, float] = field(default_factory=dict)


def choose_k(n: int, lo: int = 2, hi: int = 40) -> int:
    """About sqrt(n / 2), bounded to [lo, hi] and never more than n."""
    if n <= 1:
        return max(n, 1)
    return max(min(lo, n), min(hi, n, round(math.sqrt(n / 2))))


def vectorise(texts: Sequence[str], *, ngram_range=(2, 4), min_df: int | float = 2, max_features: int | None = 200_000):
    """Sparse L2-normalised TF-IDF of character n-grams (float32), and the vectoriser."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(texts)
    vectoriser = TfidfVectorizer(
        analyzer="char_wb", ngram_range=ngram_range, sublinear_tf=True, dtype=np.float32,
        min_df=min_df if n >= 10 else 1, max_features=max_features, lowercase=False,
        preprocessor=normalise,
    )
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # nothing left (empty texts, or every n-gram below min_df)
        vectoriser.set_params(min_df=1)
        matrix = vectoriser.fit_transform(texts)
    return matrix, vectoriser


def top_terms(texts: Sequence[str], labels: np.ndarray, k: int, count: int = 8) -> list[list[str]]:
    """For each cluster, its most characteristic whole words: frequent in the cluster (share of
    its ideas that use the word) and more frequent there than overall (lift), i.e.
    p_in * log(p_in / p_all). Words used by a single idea are ignored."""
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    surfaces: dict = {}
    vectoriser = CountVectorizer(analyzer=lambda t: words(normalise(t), surfaces), binary=True,
                                 min_df=2 if len(texts) > 3 else 1, max_features=100_000, dtype=np.float32)
    try:
        counts = vectoriser.fit_transform(texts)
    except ValueError:
        return [[] for _ in range(k)]
    vocabulary = vectoriser.get_feature_names_out()
    n = counts.shape[0]
    membership = sparse.csr_matrix((np.ones(n, dtype=np.float32), (labels, np.arange(n))), shape=(k, n))
    per_cluster = np.asarray((membership @ counts).todense())  # k × V documents using the word
    sizes = np.bincount(labels, minlength=k).astype(np.float32)
    p_all = (np.asarray(counts.sum(axis=0)).ravel() + 1.0) / (n + 1.0)
    out = []
    for c in range(k):
        if sizes[c] == 0:
            out.append([])
            continue
        p_in = per_cluster[c] / sizes[c]
        score = p_in * np.log((p_in + 1e-9) / p_all)
        score[per_cluster[c] < min(2, sizes[c])] = -np.inf
        best = np.argsort(-score, kind="stable")[:count]
        shown = [shown_form(str(vocabulary[i]), surfaces) for i in best if np.isfinite(score[i]) and score[i] > 0]
        out.append(list(dict.fromkeys(shown)))  # two stems may show as one word
    return out


def cluster_texts(
    ids: Sequence,
    texts: Sequence[str],
    *,
    k: int | None = None,
    seed: int = 0,
    svd_components: int | None = None,
    terms: int = 8,
    progress: Progress | None = None,
) -> ClusteringResult:
    """Cluster ``texts`` (with their ``ids``) into ``k`` groups, largest first, each with its
    readable terms. ``progress`` is called with 0..100. Deterministic for a given ``seed``."""
    import time

    from sklearn.cluster import MiniBatchKMeans

    report = progress or (lambda _p: None)
    timings: dict[str, float] = {}
    n = len(texts)
    if n != len(ids):
        raise ValueError("ids and texts differ in length")
    report(0)
    if n == 0:
        report(100)
        return ClusteringResult([], np.zeros(0, dtype=np.int32), 0, timings)
    k = max(1, min(k or choose_k(n), n))
    start = time.perf_counter()
    matrix, _ = vectorise(texts)
    timings["vectorise"] = time.perf_counter() - start
    report(35)
    data = matrix
    if svd_components and min(matrix.shape) > svd_components + 1:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.preprocessing import normalize

        start = time.perf_counter()
        data = normalize(TruncatedSVD(svd_components, random_state=seed).fit_transform(matrix)).astype(np.float32)
        timings["svd"] = time.perf_counter() - start
    report(50)
    start = time.perf_counter()
    if k == 1:
        labels = np.zeros(n, dtype=np.int32)
    else:
        model = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=3, max_no_improvement=10,
                                reassignment_ratio=0.01)
        labels = model.fit_predict(data).astype(np.int32)
    timings["cluster"] = time.perf_counter() - start
    report(80)
    start = time.perf_counter()
    labelled = top_terms(texts, labels, k, terms)
    timings["terms"] = time.perf_counter() - start
    id_array = np.asarray(list(ids), dtype=object)
    clusters = [Cluster(ids=id_array[labels == c].tolist(), terms=labelled[c]) for c in range(k)]
    clusters = [c for c in clusters if c.ids]
    clusters.sort(key=lambda c: (-c.size, str(c.ids[0])))
    report(100)
    return ClusteringResult(clusters, labels, k, timings)
