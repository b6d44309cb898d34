"""Program themes and instruments from a controlled vocabulary (``pipeline/data/themes.csv``).

Each row of the vocabulary is a class of one *kind*:

* ``theme`` — what a program is about (digital, startup, sales channels...); a program
  gets every theme one of whose keywords occurs in its name;
* ``instrument`` — how the program works (subsidy, event, training, consulting,
  facility, survey, network, other); a program gets exactly one.

Keywords are plain words; both they and the program name are tokenised by SudachiPy
and compared by their normalized forms (Latin lower-cased) as whole-token sequences, so
取組/取り組み or あっせん/斡旋 match alike and 会 never matches inside 会議所.

Japanese compound names are head-final — 創業支援**補助金**事業 is a subsidy even
though it mentions support — so the instrument is that of the keyword match that ends
*last* in the name; among matches ending at the same token the longer keyword wins,
then the earlier row.  A name that matches no theme or no instrument gets
:data:`UNCLASSIFIED` there, and the extract stage records a warning, so the gaps of the
vocabulary stay visible.

``make docs`` writes the vocabulary as the Markdown page docs/themes.md (:func:`markdown_table`).
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from dataclasses import dataclass

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.datafiles import data_path, read_data_csv
from pipeline.lang.sudachi import tokenize

logger = logging.getLogger(__name__)

THEMES_FILE = "themes.csv"
KINDS = ("theme", "instrument")
KEYWORD_SEPARATOR = "|"
UNCLASSIFIED = "unclassified"


@dataclass(frozen=True, slots=True)
class ThemeClass:
    """One class of the vocabulary with its keywords as normalized-form sequences."""

    kind: str
    name: str
    label_en: str
    label_ja: str
    keywords: tuple[str, ...]
    sequences: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Classification:
    """The themes (in vocabulary order), the instrument, and the keywords that decided them."""

    themes: tuple[str, ...]
    instrument: str
    matched: tuple[str, ...]


def forms(text: str) -> tuple[str, ...]:
    """Lower-cased Sudachi normalized forms of ``text``; symbols and spaces become ``""``.

    Symbols are kept as empty forms so that a keyword never matches across them.

    >>> forms("ものづくり・IT商談会")
    ('物作り', '', 'it', '商談', '会')
    """
    text = unicodedata.normalize("NFKC", text)
    return tuple("" if t.is_symbol else t.normalized.lower() for t in tokenize(text))


def find(sequence: tuple[str, ...], haystack: tuple[str, ...]) -> list[int]:
    """End indices (exclusive) of every occurrence of ``sequence`` in ``haystack``.

    >>> find(("a", "b"), ("a", "b", "c", "a", "b"))
    [2, 5]
    """
    n = len(sequence)
    return [i + n for i in range(len(haystack) - n + 1) if n and haystack[i : i + n] == sequence]


def parse_vocabulary(rows: list[dict[str, str]], path: str = THEMES_FILE) -> tuple[ThemeClass, ...]:
    """Validate the rows of the vocabulary file and tokenise their keywords.

    Raises:
        ReferenceDataError: unknown kind, a duplicate class, a class without keywords or labels.
    """
    out: list[ThemeClass] = []
    seen: set[tuple[str, str]] = set()
    for i, r in enumerate(rows, start=2):
        kind, name = (r.get("kind") or "").strip(), (r.get("class") or "").strip()
        keywords = tuple(k.strip() for k in (r.get("keywords") or "").split(KEYWORD_SEPARATOR) if k.strip())
        if kind not in KINDS or not name or name == UNCLASSIFIED or (kind, name) in seen:
            raise ReferenceDataError(
                f"bad or duplicate kind/class {kind!r}/{name!r}; kind must be one of {', '.join(KINDS)}",
                path=path,
                location=f"line {i}",
            )
        if not keywords or not r.get("label_en") or not r.get("label_ja"):
            raise ReferenceDataError(f"class {name!r} needs keywords and both labels", path=path, location=f"line {i}")
        seen.add((kind, name))
        seqs = tuple(tuple(f for f in forms(k) if f) for k in keywords)
        out.append(ThemeClass(kind, name, r["label_en"].strip(), r["label_ja"].strip(), keywords, seqs))
    return tuple(out)


@functools.cache
def load_vocabulary() -> tuple[ThemeClass, ...]:
    """The packaged vocabulary."""
    return parse_vocabulary(read_data_csv(THEMES_FILE), data_path(THEMES_FILE))


def classify(name: str, vocabulary: tuple[ThemeClass, ...] | None = None) -> Classification:
    """Themes and instrument of a program name.

    Args:
        name: the program's display name.
        vocabulary: the classes to use; the packaged file by default.

    Returns:
        The classification; ``themes == ("unclassified",)`` and/or
        ``instrument == "unclassified"`` when nothing matched.

    >>> c = classify("創業支援補助金事業")
    >>> c.themes, c.instrument
    (('startup',), 'subsidy')
    >>> classify("商店街お祭り").instrument
    'unclassified'
    """
    if vocabulary is None:
        return _classify_packaged(name)
    return _classify(name, vocabulary, _keyword_index(vocabulary))


@functools.lru_cache(maxsize=65536)
def _classify_packaged(name: str) -> Classification:
    """:func:`classify` with the packaged vocabulary, cached by name only: hashing the
    vocabulary on every call cost more than the classification itself."""
    return _classify(name, load_vocabulary(), _packaged_index())


@functools.cache
def _packaged_index() -> dict[str, list[tuple[int, int, tuple[str, ...]]]]:
    return _keyword_index(load_vocabulary())


def _classify(
    name: str, vocab: tuple[ThemeClass, ...], index: dict[str, list[tuple[int, int, tuple[str, ...]]]]
) -> Classification:
    hay = forms(name)
    hits: dict[tuple[int, int], list[int]] = {}
    for i, form in enumerate(hay):
        for order, pos, seq in index.get(form, ()):
            if hay[i : i + len(seq)] == seq:
                hits.setdefault((order, pos), []).append(i + len(seq))
    themes: list[str] = []
    matched: list[str] = []
    best: tuple[int, int, int] | None = None
    instrument = UNCLASSIFIED
    for order, pos in sorted(hits):  # vocabulary order, as the file lists them
        cls, ends = vocab[order], hits[(order, pos)]
        seq = cls.sequences[pos]
        matched.append(f"{cls.kind}:{cls.name}:{cls.keywords[pos]}")
        if cls.kind == "theme" and cls.name not in themes:
            themes.append(cls.name)
        elif cls.kind == "instrument":
            rank = (max(ends), len(seq), -order)
            if best is None or rank > best:
                best, instrument = rank, cls.name
    return Classification(tuple(themes) or (UNCLASSIFIED,), instrument, tuple(matched))


@functools.lru_cache(maxsize=8)
def _keyword_index(vocab: tuple[ThemeClass, ...]) -> dict[str, list[tuple[int, int, tuple[str, ...]]]]:
    """Keyword sequences by their first form, so a name is scanned once, not once per keyword."""
    index: dict[str, list[tuple[int, int, tuple[str, ...]]]] = {}
    for order, cls in enumerate(vocab):
        for pos, seq in enumerate(cls.sequences):
            if seq:
                index.setdefault(seq[0], []).append((order, pos, seq))
    return index


def markdown_table(vocabulary: tuple[ThemeClass, ...] | None = None) -> str:
    """The vocabulary as Markdown (the body of docs/themes.md)."""
    vocab = load_vocabulary() if vocabulary is None else vocabulary
    lines = [
        "# Program themes and instruments",
        "",
        "Generated from `pipeline/data/themes.csv` by `make docs`;",
        "see `pipeline/lang/themes.py` for the matching rules.  A program gets every theme whose keyword",
        "occurs in its name (`programs.themes`) and the instrument of the keyword that ends last",
        "(`programs.instrument`); `unclassified` when none matches, with a warning.",
        "",
    ]
    for kind in KINDS:
        lines += [f"## {kind}s", "", "| class | English | 日本語 | keywords |", "|---|---|---|---|"]
        lines += [
            f"| `{c.name}` | {c.label_en} | {c.label_ja} | {'、'.join(c.keywords)} |" for c in vocab if c.kind == kind
        ]
        lines += [f"| `{UNCLASSIFIED}` | no keyword matched | 未分類 | — |", ""]
    return "\n".join(lines)
