"""The municipality reference table and name look-up.

``pipeline/data/municipalities.csv`` lists every municipality of Japan with its
6-digit local government code (JIS X 0402 five digits plus the check digit of the
総務省 全国地方公共団体コード), prefecture, kind, kana reading and romanised name (``romaji``, generated from the
reading by ``python -m pipeline.tools.refdata``).  Its source and date
are in ``pipeline/data/SOURCES.md``.

Names are matched on their NFKC form.  Several names exist in more than one
prefecture (府中市 in 東京都 and 広島県), so a look-up takes the document's
prefecture as a tie-breaker.

A name that is not in the table gets *look-alikes* (:func:`look_alikes`): the names one
edit away (a character changed, added or dropped: 目野市 → 日野市), a slip of the kind
suffix 区/市/町/村 (日野区 → 日野市) ranked first, those of the document's prefecture
before the others.  They are suggestions for a warning's message, never applied: a
guessed municipality would move a plan's programs silently.
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
#: The last character of a municipality name, by kind (特別区 names end in 区).
KIND_SUFFIXES = "区市町村"
#: Most look-alike names offered in one message.
MAX_LOOK_ALIKES = 3


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


def compact(name: str) -> str:
    """The NFKC form of a name without any white space (names never hold spaces).

    >>> compact("品川　区 ")
    '品川区'
    """
    return "".join(nfkc(name).split())


def within_one_edit(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with at most one character changed, added or dropped
    (Levenshtein distance ≤ 1).

    >>> within_one_edit("目野市", "日野市"), within_one_edit("日野", "日野市"), within_one_edit("日野区", "国立市")
    (True, True, False)
    """
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def is_kind_slip(a: str, b: str) -> bool:
    """True when two names differ only in their kind suffix 区/市/町/村.

    >>> is_kind_slip("日野区", "日野市"), is_kind_slip("日野市", "日野市"), is_kind_slip("目野市", "日野市")
    (True, False, False)
    """
    return len(a) == len(b) > 1 and a[:-1] == b[:-1] and a[-1] != b[-1] and {a[-1], b[-1]} <= set(KIND_SUFFIXES)


def look_alikes(name: str, prefecture: str | None = None, limit: int = MAX_LOOK_ALIKES) -> tuple[Municipality, ...]:
    """Municipalities whose name is one slip away from ``name`` (see the module docstring).

    A leading prefecture name is set aside first (東京都目野市 looks for 目野市 in 東京都).

    Args:
        name: a place name as published, not in the table.
        prefecture: the document's prefecture: its municipalities come first.
        limit: most municipalities returned.

    Returns:
        The look-alikes in ``prefecture`` when it has any, else those of every
        prefecture; kind-suffix slips first, then the table's order.

    >>> [m.name for m in look_alikes("目野市", "東京都")]
    ['日野市']
    >>> [m.name for m in look_alikes("日野区", "東京都")]  # the kind slip first
    ['日野市', '中野区']
    >>> [(m.name, m.prefecture) for m in look_alikes("日野区")][:2]
    [('日野市', '東京都'), ('日野町', '滋賀県')]
    >>> look_alikes("品川区", "東京都")  # a name of the table has no look-alike to offer
    ()
    """
    target = compact(name)
    for p in prefectures():
        if target.startswith(p) and len(target) > len(p):
            prefecture, target = p, target[len(p) :]
    if not target or target in _by_name():
        return ()
    hits = [m for m in load_table() if within_one_edit(target, nfkc(m.name))]
    inside = [m for m in hits if m.prefecture == prefecture]
    ranked = sorted(inside or hits, key=lambda m: not is_kind_slip(target, nfkc(m.name)))  # stable: table order
    return tuple(ranked[:limit])


def describe_look_alikes(found: tuple[Municipality, ...]) -> str:
    """The look-alikes as a phrase for a message, or an empty string.

    >>> describe_look_alikes(look_alikes("目野市", "東京都"))
    'Did you mean 日野市 (東京都, 132128)? '
    """
    if not found:
        return ""
    return "Did you mean " + " or ".join(f"{m.name} ({m.prefecture}, {m.code})" for m in found) + "? "
