"""Tokens for full-text search that work for Korean and English alike.

Neither SQLite FTS5's default tokenizer nor PostgreSQL's ``simple`` configuration splits
Korean into morphemes, and trigram matching misses two-syllable words such as "향기". So
Hangul runs are indexed as overlapping syllable bigrams (plus the lone syllable of one-
syllable words), Latin words as lower-case words. The same function prepares the query,
so "향기로운" matches "향기로운 데오도란트" and "향기" matches both."""

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]+")


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def tokens(text: str) -> list[str]:
    """Index terms for ``text``, in order, duplicates kept (ranking may use frequency)."""
    text = unicodedata.normalize("NFC", text or "").lower()
    out: list[str] = []
    for word in _WORD.findall(text):
        pos = 0
        for m in _HANGUL.finditer(word):
            if m.start() > pos:
                out.append(word[pos : m.start()])
            run = m.group()
            if len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i : i + 2] for i in range(len(run) - 1))
            pos = m.end()
        if pos < len(word):
            out.append(word[pos:])
    return [t for t in out if t and t != "_"]


def document(*parts: str) -> str:
    """The text stored in the search column: tokens joined by spaces."""
    return " ".join(t for p in parts for t in tokens(p))


# Common Korean particles (josa), longest first: a query word "아이디어를" also finds "아이디어".
PARTICLES = ("에서부터", "으로부터", "에게서", "이라고", "에서", "에게", "으로", "까지", "부터", "보다", "처럼",
             "한테", "이랑", "하고", "이나", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도",
             "로", "만", "랑", "나")


def strip_particle(word: str) -> str:
    """``word`` without a trailing particle, when at least two syllables remain (so that
    "사과" or "아이" stay whole)."""
    if not word or not _is_hangul(word[-1]):
        return word
    for p in PARTICLES:
        if word.endswith(p) and len(word) - len(p) >= 2 and all(_is_hangul(c) for c in word[: -len(p)][-2:]):
            return word[: -len(p)]
    return word


def query_terms(query: str) -> list[str]:
    """Distinct terms of a user's query, in order; every one must match. Korean query words
    lose a trailing particle first: the document's bigrams of "아이디어를" contain those of
    "아이디어", so both directions match."""
    text = unicodedata.normalize("NFC", query or "").lower()
    seen: dict[str, None] = {}
    for word in _WORD.findall(text):
        for t in tokens(strip_particle(word)):
            seen.setdefault(t, None)
    return list(seen)
