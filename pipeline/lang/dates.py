"""Calendar dates as Japanese documents and the manifest write them.

A press release states its date in its header, in Gregorian (``2017年03月06日``) or era
form (``平成29年3月6日``, ``令和元年5月7日``); the manifest ``raw/sources.csv`` writes
ISO dates (``2017-03-06``).  Both are read here into :class:`datetime.date`, keeping the
published spelling (:class:`FoundDate.raw`).  Full-width digits are read like ASCII
(Python's ``\\d`` matches them and ``int`` converts them).  A string that looks like a date
but names no real day (2月30日) is no date: nothing is guessed.

Era offsets are those of :data:`pipeline.lang.periods.ERA_OFFSETS` (平成N年 = 1988 + N);
元年 is year 1.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from pipeline.lang.periods import ERA_OFFSETS, era_to_fiscal_year

_KANJI_NUMBER = "[〇一二三四五六七八九十]{1,3}"
_WESTERN = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_ERA = re.compile(
    r"(?P<era>" + "|".join(ERA_OFFSETS) + r")\s*(?P<y>元|\d{1,2}|" + _KANJI_NUMBER + r")\s*年\s*"
    r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
)
#: Manifest forms: ``2017-03-06`` and ``2017/3/6``.
_NUMERIC = re.compile(r"^\s*(?P<y>\d{4})\s*[-/／.]\s*(?P<m>\d{1,2})\s*[-/／.]\s*(?P<d>\d{1,2})\s*$")


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found in a text.

    Attributes:
        date: the day.
        raw: the date as published (``2017年03月06日``).
        start, end: where it stands in the text.
    """

    date: datetime.date
    raw: str
    start: int
    end: int


def _day(year: int, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(year, int(month), int(day))
    except ValueError:
        return None


def find_date(text: str) -> FoundDate | None:
    """The first real date written in ``text`` (Gregorian or era year), or ``None``.

    >>> find_date("報道発表資料  2017年03月06日  産業労働局").date
    datetime.date(2017, 3, 6)
    >>> find_date("平成29年3月6日").date, find_date("令和元年５月７日").date
    (datetime.date(2017, 3, 6), datetime.date(2019, 5, 7))
    >>> find_date("2017年2月30日") is None, find_date("平成29年度") is None
    (True, True)
    """
    found: list[FoundDate] = []
    for m in _WESTERN.finditer(text):
        day = _day(int(m["y"]), m["m"], m["d"])
        if day is not None:
            found.append(FoundDate(day, m.group(0), m.start(), m.end()))
            break
    for m in _ERA.finditer(text):
        day = _day(era_to_fiscal_year(m["era"], m["y"]), m["m"], m["d"])
        if day is not None:
            found.append(FoundDate(day, m.group(0), m.start(), m.end()))
            break
    return min(found, key=lambda f: f.start) if found else None


def parse_date(text: str) -> datetime.date | None:
    """A whole string read as one date: ISO (the manifest's form), ``2017/3/6``, or Japanese.

    >>> parse_date("2017-03-06"), parse_date(" 2017/3/6 "), parse_date("平成29年3月6日")
    (datetime.date(2017, 3, 6), datetime.date(2017, 3, 6), datetime.date(2017, 3, 6))
    >>> parse_date("March 2017") is None, parse_date("") is None
    (True, True)
    """
    m = _NUMERIC.match(text)
    if m:
        return _day(int(m["y"]), m["m"], m["d"])
    found = find_date(text)
    return found.date if found is not None and found.raw.strip() == text.strip() else None
