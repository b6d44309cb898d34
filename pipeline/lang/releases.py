"""The vocabulary of press releases (報道発表) that announce approved plans.

A release is recognised by its structure — a 報道発表資料 header with a date, a title that
says 「地域産業活性化計画」を承認, a 補助内容 section… — and the words that mark each part
are data, not code: ``pipeline/data/release_phrases.csv`` (one phrase a row, with its
*kind*) and ``pipeline/data/schemes.csv`` (the support schemes a release can name).  Both
files and their sources are described in ``pipeline/data/SOURCES.md``.

This module only reads and checks the vocabulary; the segment stage uses it to say which
line of a release is what (:mod:`pipeline.segment.release`), the extract stage to read
the values (:mod:`pipeline.extract.announcement`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.datafiles import data_path, read_data_csv

PHRASES_FILE = "release_phrases.csv"
SCHEMES_FILE = "schemes.csv"
#: Every kind of phrase the pipeline reads; a row of another kind is a mistake in the file.
KINDS = (
    "header",
    "approval",
    "approval_verb",
    "navigation",
    "breadcrumb_start",
    "breadcrumb_separator",
    "figure",
    "section_terms",
    "section_contact",
    "section_attachments",
    "section_outline",
    "term_cap",
    "term_rate",
    "term_period",
    "per_year",
    "start_cue",
    "round_suffix",
    "count_unit",
    "list_separator",
)


@dataclass(frozen=True, slots=True)
class Scheme:
    """A support scheme under which plans are approved.

    Attributes:
        name: the scheme's name as releases print it (産業集積活性化支援事業).
        label_en: an English label chosen for this dataset.
    """

    name: str
    label_en: str


@functools.cache
def _phrases() -> dict[str, tuple[str, ...]]:
    rows = read_data_csv(PHRASES_FILE, required=("kind", "phrase"))
    out: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for i, row in enumerate(rows, start=2):
        if row["kind"] not in out or not row["phrase"]:
            raise ReferenceDataError(
                f"unknown kind {row['kind']!r} or empty phrase; kinds are {', '.join(KINDS)}",
                path=data_path(PHRASES_FILE),
                location=f"line {i}",
            )
        out[row["kind"]].append(unicodedata.normalize("NFKC", row["phrase"]))
    return {kind: tuple(values) for kind, values in out.items()}


def phrases(kind: str) -> tuple[str, ...]:
    """The phrases of one kind, NFKC-normalised, in file order.

    >>> phrases("header")[0]
    '報道発表資料'

    Raises:
        KeyError: ``kind`` is not one of :data:`KINDS`.
    """
    return _phrases()[kind]


@functools.cache
def alternation(kind: str) -> str:
    """A regular-expression alternation of the phrases of ``kind``, longest first.

    >>> re.fullmatch(alternation("list_separator"), "並びに") is not None
    True
    """
    return "|".join(re.escape(p) for p in sorted(set(phrases(kind)), key=lambda p: (-len(p), p)))


@functools.cache
def schemes() -> tuple[Scheme, ...]:
    """The known support schemes, in file order.

    >>> [s.name for s in schemes()]
    ['産業集積活性化支援事業', '地域産業成長支援事業']
    """
    rows = read_data_csv(SCHEMES_FILE, required=("scheme", "label_en"))
    return tuple(Scheme(unicodedata.normalize("NFKC", r["scheme"]), r["label_en"]) for r in rows)


def find_scheme(text: str) -> str | None:
    """The first known scheme named in ``text`` (matched on NFKC), or ``None``.

    >>> find_scheme("平成28年度 産業集積活性化支援事業")
    '産業集積活性化支援事業'
    >>> find_scheme("区市町村を支援する") is None
    True
    """
    t = unicodedata.normalize("NFKC", text)
    found = [(t.find(s.name), s.name) for s in schemes() if s.name in t]
    return min(found)[1] if found else None


def contains_any(text: str, kind: str) -> bool:
    """Whether the NFKC form of ``text`` holds a phrase of ``kind``.

    >>> contains_any("5区市の「地域産業活性化計画」を承認しました", "approval")
    True
    >>> contains_any("【承認した地域産業活性化計画の概要】", "approval")
    False
    """
    t = unicodedata.normalize("NFKC", text)
    return any(p in t for p in phrases(kind))
