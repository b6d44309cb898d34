"""The marks that open a heading: numbered category markers, plan headings, labelled brackets.

An announcement's structure is carried by what a line *starts* with: a category marker
(``(1)``, ``（１）``, ``①``, ``1.``, ``1)``, ``【取組１】``), a plan heading
(``「X地域産業活性化計画」（X）``) or an office bullet (``■``, ``◆``…).  The PDF reader asks :func:`starts_heading` before it joins a visual line
to the paragraph above it: a line that opens a heading starts a new block, however full
the line before it (a paragraph that ends exactly at the end of a column, or of a table
cell, would otherwise swallow the heading).  The patterns live here, in the language
layer, so the segmenter's recognisers can share them.

A marker followed by a list separator is a reference, not a heading: ``(1)、(2)以外の取組``
cites two categories.  ``1.5倍`` is a number, not ``1.``.  Circled numbers are tested
before NFKC, which would turn ``①`` into a bare ``1``.  The period label ``【計画期間：…】``
is not a heading start: it often shares the plan heading's line, and a narrow column
wraps it there.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from pipeline.lang.categories import load_categories
from pipeline.lang.sudachi import lemmas

#: Circled numbers ①–⑳, a category marker on their own.
CIRCLED_NUMBERS = "".join(chr(0x2460 + i) for i in range(20))
#: Bullets that open a heading or list item in office documents (``・`` excluded: it never
#: starts a wrapped line, and inside a line it separates words).
BULLETS = "■□◆◇●○◎▼▽▲△►▶"
#: After a marker, these make it a reference to a category, not a heading: ``(1)、(2)以外``.
REFERENCE_SEPARATORS = "、,，・"
#: A line ending in an opening bracket is cut inside a marker: the next line continues it.
OPENING_BRACKETS = "(（【「[［"

#: Numbered category markers, matched on the NFKC form: (1) 1) 1. 【取組1】 (also 【取組み1】).
_NUMBERED = re.compile(
    r"^\s*(?:\(\s*\d{1,2}\s*\)|\d{1,2}\s*\)|\d{1,2}\s*\.(?!\d)|【\s*取\s*り?\s*組\s*み?\s*\d{1,2}\s*】)\s*(?P<next>.?)"
)
#: The marker itself, to strip it from a heading (NFKC form; circled numbers are one character).
_MARKER_PREFIX = re.compile(r"^\s*(?:\(\s*\d{1,2}\s*\)|\d{1,2}\s*[.)]|【[^】]{0,8}】)\s*")
#: A trailing bracketed group after a heading: its subheading, (持続的な産業基盤の整備).
_TRAILING_GROUP = re.compile(r"^(?P<head>.*?)\s*\([^()]*\)\s*$")
#: A plan heading: a title in 「」 ending in 計画, then its place in parentheses.
_PLAN_HEADING = re.compile(r"^\s*「[^「」]{1,60}計画」\s*\(")
#: A page number as printed in a page's margin: ``3``, ``３``, ``- 3 -``, ``－３－``, ``3/10``, ``p. 3``, ``3ページ``.
_PAGE_NUMBER = re.compile(
    r"^(?:[-‐‑–—―ー－~〜]\s*)?(?:p\.?\s*|ページ\s*)?[0-9０-９]{1,4}(?:\s*[/／]\s*[0-9０-９]{1,4})?"
    r"(?:\s*ページ)?(?:\s*[-‐‑–—―ー－~〜])?$",
    re.IGNORECASE,
)
#: Digits alone: a page number only where nothing else is around it (a wrapped name may end in a year).
_BARE_NUMBER = re.compile(r"^[0-9０-９]{1,4}$")


def category_marker(text: str) -> bool:
    """Whether ``text`` starts with a category marker that opens a heading (not a reference).

    >>> [category_marker(t) for t in ("(1)多様な主体", "（２）感染症", "①連携", "1. 連携", "【取組１】連携")]
    [True, True, True, True, True]
    >>> [category_marker(t) for t in ("(1)、(2)以外の取組", "1.5倍に", "令和5年度", "(仮称)")]
    [False, False, False, False]
    """
    stripped = text.lstrip(" \u3000\t")
    if stripped[:1] and stripped[0] in CIRCLED_NUMBERS:
        return stripped[1:2] not in tuple(REFERENCE_SEPARATORS)
    m = _NUMBERED.match(unicodedata.normalize("NFKC", stripped))
    return m is not None and m["next"] not in tuple(REFERENCE_SEPARATORS)


def marker_number(text: str) -> int | None:
    """The number of the category marker ``text`` starts with, or ``None``.

    >>> [marker_number(t) for t in ("(3)(1)、(2)以外の取組", "（２）感染症", "②対応", "【取組1】連携", "多様な主体")]
    [3, 2, 2, 1, None]
    """
    stripped = text.lstrip(" \u3000\t")
    if not category_marker(stripped):
        return None
    if stripped[0] in CIRCLED_NUMBERS:
        return CIRCLED_NUMBERS.index(stripped[0]) + 1
    digits = re.search(r"\d{1,2}", unicodedata.normalize("NFKC", stripped))
    return int(digits.group(0)) if digits else None


def bare_marker(text: str) -> bool:
    """Whether ``text`` is a category marker and nothing else (its heading is on the next line).

    >>> bare_marker("(1)"), bare_marker("①"), bare_marker("(1)多様な主体")
    (True, True, False)
    """
    t = text.strip(" \u3000\t")
    if len(t) == 1 and t in CIRCLED_NUMBERS:
        return True
    return category_marker(t) and not _MARKER_PREFIX.sub("", unicodedata.normalize("NFKC", t), count=1).strip()


def is_page_number(text: str) -> bool:
    """Whether a line reads as a page number (the reader decides whether it stands where one does).

    >>> [is_page_number(t) for t in ("- 3 -", "3", "3/10", "３", "p. 12", "－２－", "令和5年")]
    [True, True, True, True, True, True, False]
    """
    return bool(_PAGE_NUMBER.match(text.strip()))


def is_bare_number(text: str) -> bool:
    """Whether a line is digits alone, which may be a page number or the end of a wrapped name.

    >>> is_bare_number(" 12 "), is_bare_number("- 12 -")
    (True, False)
    """
    return bool(_BARE_NUMBER.match(text.strip()))


def plan_heading_start(text: str) -> bool:
    """Whether ``text`` starts like a plan heading 「…計画」（…）.

    >>> plan_heading_start("「品川区地域産業活性化計画」（品川区）"), plan_heading_start("「SDGs 達成への貢献」を切り口に")
    (True, False)
    """
    return bool(_PLAN_HEADING.match(unicodedata.normalize("NFKC", text)))


def starts_heading(text: str) -> bool:
    """Whether a line opens a heading: category marker, plan heading or bullet.

    >>> [starts_heading(t) for t in ("(1)多様な主体との連携", "■概要", "【計画期間：令和5年度】", "プ支援事業")]
    [True, True, False, False]
    """
    stripped = text.lstrip(" \u3000\t")
    if stripped[:1] and stripped[0] in BULLETS:
        return True
    return category_marker(stripped) or plan_heading_start(stripped)


def breaks_before(previous: str, text: str) -> bool:
    """Whether ``text`` must start a new block after the line ``previous`` (see the module docstring).

    A line cut inside a marker (the previous line ends with an opening bracket) is not a
    heading start: ``…（`` then ``2）以外`` is one marker split by the wrap.

    >>> breaks_before("…課題解決を図る。", "(1)多様な主体との連携を図る取組"), breaks_before("…以外の（", "1)取組")
    (True, False)
    """
    if previous.rstrip()[-1:] in tuple(OPENING_BRACKETS):
        return False
    return starts_heading(text)


@functools.cache
def _heading_lemmas() -> frozenset[tuple[str, ...]]:
    return frozenset(lemmas(unicodedata.normalize("NFKC", c.heading_ja)) for c in load_categories())


@functools.cache
def _heading_strings() -> tuple[str, ...]:
    """The known headings as compared without Sudachi: NFKC, without white space."""
    return tuple("".join(unicodedata.normalize("NFKC", c.heading_ja).split()) for c in load_categories())


def complete_category_heading(text: str) -> bool:
    """Whether ``text`` is a whole category heading: a marker and a known heading, nothing more.

    A heading whose last line fills its column (or cell) looks wrapped; when it already
    reads as one of ``pipeline/data/categories.csv``'s headings (Sudachi normalized forms,
    an optional bracketed subheading after it), the next line is the body, not more
    heading.

    >>> complete_category_heading("(3) (1)、(2)以外の取組"), complete_category_heading("(1)多様な主体との連携を図る取り組み")
    (True, True)
    >>> complete_category_heading("(2)感染症や災害などの発生による"), complete_category_heading("本文")
    (False, False)
    >>> complete_category_heading("(3) (1)、(2)以外の取組（持続的な"), complete_category_heading("(3) (1)、(2)以外の取組（持続的な整備）")
    (False, True)
    """
    if not category_marker(text):
        return False
    t = text.lstrip(" \u3000\t")
    t = t[1:] if t[:1] in CIRCLED_NUMBERS else _MARKER_PREFIX.sub("", unicodedata.normalize("NFKC", t), count=1)
    t = unicodedata.normalize("NFKC", t).strip()
    bare = "".join(t.split())
    group = _TRAILING_GROUP.match(bare)
    if bare in _heading_strings() or (group is not None and group["head"] in _heading_strings()):
        return True  # as published: no need for the dictionary
    if bare.count("(") > bare.count(")") or any(h.startswith(bare) for h in _heading_strings()):
        return False  # the first lines of a heading that goes on
    if lemmas(t) in _heading_lemmas():
        return True
    m = _TRAILING_GROUP.match(t)
    return bool(m and m["head"] and lemmas(m["head"]) in _heading_lemmas())
