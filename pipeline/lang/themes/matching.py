"""Finding the vocabulary's keywords in a tokenised name: small pure functions.

A :class:`Hit` says which keyword of which class matched where (token positions of the
normalized-form sequence, end exclusive) and whether it was a weak keyword.  Choosing
among hits is :mod:`pipeline.lang.themes.classify`'s job; here they are only found, in a
single scan over the name with an index of keywords by their first form.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from pipeline.lang.themes.vocabulary import ThemeClass

#: Hit strengths: a keyword or suffix; a weak keyword; a generic tail (instruments only).
STRONG = "keyword"
WEAK = "weak"
TAIL = "tail"

IndexEntry = tuple[int, str, str, tuple[str, ...]]  # (class order, strength, keyword, sequence)


@dataclass(frozen=True, slots=True)
class Hit:
    """A keyword of class ``order`` (position in the vocabulary) found at ``start:end``."""

    order: int
    strength: str
    keyword: str
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


def find(sequence: tuple[str, ...], haystack: tuple[str, ...]) -> list[int]:
    """End indices (exclusive) of every occurrence of ``sequence`` in ``haystack``.

    >>> find(("a", "b"), ("a", "b", "c", "a", "b"))
    [2, 5]
    """
    n = len(sequence)
    return [i + n for i in range(len(haystack) - n + 1) if n and haystack[i : i + n] == sequence]


def ends_with_suffix(form: str, suffix: str) -> bool:
    """Whether a token's form ends with ``suffix`` (the token itself included).

    >>> ends_with_suffix("バスツアー", "ツアー"), ends_with_suffix("ツアー", "ツアー"), ends_with_suffix("", "祭")
    (True, True, False)
    """
    return bool(form) and bool(suffix) and form.endswith(suffix)


@functools.lru_cache(maxsize=8)
def keyword_index(vocab: tuple[ThemeClass, ...]) -> dict[str, list[IndexEntry]]:
    """Keyword sequences (strong, weak and tail) by their first form, so a name is scanned once."""
    index: dict[str, list[IndexEntry]] = {}
    for order, cls in enumerate(vocab):
        pairs = [(STRONG, k, s) for k, s in zip(cls.keywords, cls.sequences, strict=True)]
        pairs += [(WEAK, k, s) for k, s in zip(cls.weak_keywords, cls.weak_sequences, strict=True)]
        pairs += [(TAIL, k, s) for k, s in zip(cls.tail_keywords, cls.tail_sequences, strict=True)]
        for strength, keyword, seq in pairs:
            if seq:
                index.setdefault(seq[0], []).append((order, strength, keyword, seq))
    return index


@functools.lru_cache(maxsize=8)
def suffix_list(vocab: tuple[ThemeClass, ...]) -> tuple[tuple[int, str], ...]:
    """``(class order, suffix)`` for every suffix of the vocabulary."""
    return tuple((order, s) for order, cls in enumerate(vocab) for s in cls.suffixes)


#: Shortest keyword (characters) looked for inside an unknown word.
MIN_INSIDE_CHARS = 3


def inside_unknown(words: tuple[str, ...], vocab: tuple[ThemeClass, ...], kind: str) -> tuple[Hit, ...]:
    """Hits of one-token keywords of ``kind`` classes written inside unknown words (one position each).

    >>> v = (ThemeClass("theme", "sustainability", "S", "環", ("ゼロカーボン",), (("ゼロカーボン",),)),)
    >>> inside_unknown(("ゼロカーボンチャレンジ",), v, "theme")
    (Hit(order=0, strength='keyword', keyword='ゼロカーボン', start=0, end=1),)
    """
    hits = [
        Hit(order, STRONG, keyword, i, i + 1)
        for i, word in enumerate(words)
        for order, cls in enumerate(vocab)
        if cls.kind == kind
        for keyword, seq in zip(cls.keywords, cls.sequences, strict=True)
        if len(seq) == 1 and len(seq[0]) >= MIN_INSIDE_CHARS and seq[0] in word
    ]
    return tuple(hits)


def scan(hay: tuple[str, ...], vocab: tuple[ThemeClass, ...]) -> tuple[Hit, ...]:
    """Every keyword, weak or tail keyword and suffix of ``vocab`` found in the forms ``hay``.

    A suffix hit that repeats a keyword hit of the same class at the same token is dropped.
    """
    index, suffixes = keyword_index(vocab), suffix_list(vocab)
    hits: dict[tuple[int, str, int, int], Hit] = {}
    for i, form in enumerate(hay):
        for order, strength, keyword, seq in index.get(form, ()):
            if hay[i : i + len(seq)] == seq:
                hits.setdefault((order, strength, i, i + len(seq)), Hit(order, strength, keyword, i, i + len(seq)))
        for order, suffix in suffixes:
            if ends_with_suffix(form, suffix):
                hits.setdefault((order, STRONG, i, i + 1), Hit(order, STRONG, suffix, i, i + 1))
    return tuple(sorted(hits.values(), key=lambda h: (h.order, h.start, h.end)))
