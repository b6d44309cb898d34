"""The municipality reference table and name look-up.

``pipeline/data/municipalities.csv`` lists every municipality of Japan with its
6-digit local government code (JIS X 0402 five digits plus the check digit of the
総務省 全国地方公共団体コード), prefecture, kind, kana reading and romanised name (``romaji``, generated from the
reading by ``python -m pipeline.tools.refdata``).  Its source and date
are in ``pipeline/data/SOURCES.md``.

Names are matched on their NFKC form.  Several names exist in more than one
prefecture (府中市 in 東京都 and 広島県), so a look-up takes the document's
prefecture as a tie-breaker.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.datafiles import read_data_csv
from pipeline.lang.sudachi import tokenize

#: JIS X 0402 check digit weights for the five code digits.
CHECK_DIGIT_WEIGHTS = (6, 5, 4, 3, 2)
KINDS = ("特別区", "市", "町", "村")
#: Distinct texts whose look-up is remembered per process: a plan heading is looked
#: up twice (recognition, then the plan record), and names recur across documents.
FIND_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str
    prefecture: str
    name: str
    kind: str
    reading: str
    romaji: str = ""


def check_digit(code5: str) -> int:
    """The JIS X 0402 check digit of a 5-digit code.

    Source: 総務省「全国地方公共団体コード」の検査数字 — weights 6,5,4,3,2;
    r = sum mod 11; check = (11 − r) mod 10.

    >>> check_digit("13109")
    1
    >>> check_digit("13229")
    2
    """
    if len(code5) != 5 or not code5.isdigit():
        raise ValueError(f"expected five digits, got {code5!r}")
    r = sum(int(d) * w for d, w in zip(code5, CHECK_DIGIT_WEIGHTS, strict=True)) % 11
    return (11 - r) % 10


def is_valid_code(code: str) -> bool:
    """True for a 6-digit code whose last digit is the check digit of the first five.

    >>> is_valid_code("131091"), is_valid_code("131092")
    (True, False)
    """
    return len(code) == 6 and code.isdigit() and check_digit(code[:5]) == int(code[5])


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@functools.cache
def load_table() -> tuple[Municipality, ...]:
    """Read the packaged reference table; fail loudly if it is malformed."""
    rows = read_data_csv("municipalities.csv")
    needed = {"code", "prefecture", "name", "kind", "reading"}
    if not rows or not needed <= rows[0].keys():
        raise ReferenceDataError(f"pipeline/data/municipalities.csv must have columns {sorted(needed)}")
    out = []
    for i, r in enumerate(rows, start=2):
        if not is_valid_code(r["code"]) or r["kind"] not in KINDS:
            raise ReferenceDataError(
                f"bad code or kind {r['code']!r}/{r['kind']!r}",
                path="pipeline/data/municipalities.csv",
                location=f"line {i}",
            )
        out.append(Municipality(r["code"], r["prefecture"], r["name"], r["kind"], r["reading"], r.get("romaji") or ""))
    return tuple(out)


@functools.cache
def _by_name() -> dict[str, tuple[Municipality, ...]]:
    index: dict[str, list[Municipality]] = {}
    for m in load_table():
        index.setdefault(nfkc(m.name), []).append(m)
    return {k: tuple(v) for k, v in index.items()}


@functools.cache
def prefectures() -> frozenset[str]:
    """Every prefecture of the reference table.

    >>> {"東京都", "大阪府"} <= prefectures()
    True
    """
    return frozenset(m.prefecture for m in load_table())


@functools.cache
def by_code() -> dict[str, Municipality]:
    return {m.code: m for m in load_table()}


def lookup(name: str, prefecture: str | None = None) -> tuple[Municipality, ...]:
    """All municipalities called ``name``, those in ``prefecture`` first-only if any.

    >>> [m.code for m in lookup("府中市", "東京都")]
    ['132063']
    >>> sorted(m.prefecture for m in lookup("府中市"))
    ['広島県', '東京都']
    """
    name = nfkc(name).strip()
    pref_in_name, bare = None, name
    for p in prefectures():
        if name.startswith(p) and len(name) > len(p):
            pref_in_name, bare = p, name[len(p) :]
    candidates = _by_name().get(bare, ())
    wanted = pref_in_name or prefecture
    if wanted:
        inside = tuple(m for m in candidates if m.prefecture == wanted)
        if inside or pref_in_name:
            return inside
    return candidates


@functools.lru_cache(maxsize=FIND_CACHE_SIZE)
def find_in_text(text: str, prefecture: str | None = None) -> tuple[str, tuple[Municipality, ...]] | None:
    """Find the last municipality name in ``text`` that sits on Sudachi token boundaries.

    A name from the reference table only counts when its first and last characters
    start and end Sudachi tokens, and at least one of those tokens is a place name
    (名詞,固有名詞,地名), so 江戸川区名産品 does not yield 江戸川区.

    Returns:
        ``(matched_name, candidates)`` or ``None``.

    >>> find_in_text("品川区地域産業活性化計画")[0]
    '品川区'
    >>> find_in_text("江戸川区名産品プロモーション") is None
    True
    """
    text = nfkc(text)
    tokens = tokenize(text)
    starts = {t.begin: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    names = _by_name()
    best: tuple[int, str] | None = None
    for begin, i in starts.items():
        for end, j in ends.items():
            if end <= begin or j < i:
                continue
            cand = text[begin:end]
            if cand in names and any(t.is_place for t in tokens[i : j + 1]):
                key = (begin, cand)
                if best is None or (begin, len(cand)) > (best[0], len(best[1])):
                    best = key
    if best is None:
        return None
    return best[1], lookup(best[1], prefecture)
