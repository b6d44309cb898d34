"""The number in front of a category heading, in every form announcements use.

A category heading is a number (the *marker*) followed by the category's text.  Publishers
write the number in many ways; after NFKC (``（１）`` → ``(1)``, ``⑴`` → ``(1)``, ``１．`` →
``1.``) and with circled digits expanded by :func:`pipeline.segment.headings.clean_heading`,
the forms are:

* **strong** markers, used for headings and numbered lists only: ``(1)``, ``(一)``,
  ``【取組1】`` / ``【1】``, ``1.``, ``1)``.  A line that starts with one is a category
  heading even when its text reads as no known category (it then gets the published
  number and an ``unrecognised_category`` warning), as before;
* **weak** markers, which also start ordinary sentences and list items: a bare number
  ``1 ``/``1``, ``第1``, ``取組1``, ``一、``.  A line that starts with one is a heading only
  when its text reads as a category (the caller compares it with the known headings), so
  ``20校を超える大学…`` stays body text.

Only the marker is recognised here; classifying the text is
:func:`pipeline.segment.headings.classify_category`'s job.  Every function is pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.lang.periods import kanji_number

#: A marker's number: one or two digits (out-of-range numbers are still read, so that they
#: can be reported), or a kanji numeral.
_DIGITS = r"\d{1,2}"
_KANJI = r"[一二三四五六七八九十]{1,3}"
_NUMBER = rf"(?:{_DIGITS}|{_KANJI})"
_AFTER = r"\s*(?P<rest>.*)$"
#: (1) (一) 【取組1】 【1】 1. 1)
_STRONG = re.compile(
    rf"^\s*(?:\(\s*(?P<a>{_NUMBER})\s*\)|【\s*(?:取り?組み?)?\s*(?P<b>{_NUMBER})\s*】|(?P<c>{_DIGITS})\s*[.)])" + _AFTER
)
#: 第1 取組1 一、 and a bare number; a separator after them (、 . : ：) belongs to the marker.
_WEAK = re.compile(
    rf"^\s*(?:第\s*(?P<a>{_NUMBER})|取り?組み?\s*(?P<b>{_NUMBER})|(?P<c>{_KANJI})\s*(?=[、.])|(?P<d>{_DIGITS})(?!\d))"
    r"\s*[、.:：]?" + _AFTER
)


@dataclass(frozen=True, slots=True)
class Marker:
    """The number at the start of a line.

    Attributes:
        number: its value (``一`` is 1).
        text: the marker as it stands in the line, without the space after it.
        rest: the text after the marker.
        strong: a form used only for headings and lists (see the module docstring).
    """

    number: int
    text: str
    rest: str
    strong: bool


def _number(value: str) -> int:
    return int(value) if value.isdigit() else kanji_number(value)


def split_marker(text: str) -> Marker | None:
    """The marker at the start of a cleaned (NFKC) line, or ``None``.

    Args:
        text: a line after :func:`pipeline.segment.headings.clean_heading`.

    Returns:
        The marker, its number and the text after it; strong forms are tried first.

    >>> [(m.number, m.text, m.strong) for m in map(split_marker, ["(1)多様", "【取組1】多様", "(一)多様"])]
    [(1, '(1)', True), (1, '【取組1】', True), (1, '(一)', True)]
    >>> [(m.number, m.text, m.rest) for m in map(split_marker, ["3 (1)、(2)以外の取組", "第2 感染症", "一、多様"])]
    [(3, '3', '(1)、(2)以外の取組'), (2, '第2', '感染症'), (1, '一、', '多様')]
    >>> split_marker("2.感染症").strong, split_marker("取組1:多様").number
    (True, 1)
    >>> split_marker("多様な主体との連携を図る取組") is None, split_marker("2023年度") is None
    (True, True)
    """
    for pattern, strong in ((_STRONG, True), (_WEAK, False)):
        m = pattern.match(text)
        if m:
            value = next(v for k, v in m.groupdict().items() if k != "rest" and v)
            return Marker(_number(value), text[: m.start("rest")].strip(), m["rest"].strip(), strong)
    return None
