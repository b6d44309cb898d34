"""Plan periods: Japanese era years to Gregorian fiscal years.

A Japanese fiscal year (年度) runs from April to March and is named by the
calendar year it starts in, so 令和5年度 is fiscal year 2023.  Era offsets
(the Gregorian year of an era's year 0) are those of the 元号法 proclamations:
明治 1867, 大正 1911, 昭和 1925, 平成 1988, 令和 2018; 元年 is year 1.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ERA_OFFSETS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
#: Every dash that publishers (and PDF extractors) use between two years.
WAVE_DASHES = "～〜~∼〰－—―-–"
#: Kanji numerals as era years are written (令和六年度, 平成三十一年度).
KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_NUMBER = "[〇一二三四五六七八九十]{1,3}"
_ERA_YEAR = re.compile(r"(?P<era>" + "|".join(ERA_OFFSETS) + r")\s*(?P<year>元|\d{1,2}|" + _KANJI_NUMBER + r")\s*年度?")
_WESTERN_YEAR = re.compile(r"(?P<year>(?:19|20)\d\d)\s*年度?")


class PeriodError(ValueError):
    """A plan period that cannot be read as one or two fiscal years."""


@dataclass(frozen=True, slots=True)
class Period:
    start_fy: int
    end_fy: int


def kanji_number(text: str) -> int:
    """Value of a kanji numeral below 100.

    >>> kanji_number("六"), kanji_number("十二"), kanji_number("三十一"), kanji_number("二〇")
    (6, 12, 31, 20)
    """
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (KANJI_DIGITS[tens] if tens else 1) * 10 + (KANJI_DIGITS[ones] if ones else 0)
    value = 0
    for ch in text:
        value = value * 10 + KANJI_DIGITS[ch]
    return value


def era_to_fiscal_year(era: str, year: str) -> int:
    """Gregorian fiscal year of an era year (Arabic or kanji numerals, or 元).

    >>> era_to_fiscal_year("令和", "5"), era_to_fiscal_year("令和", "元"), era_to_fiscal_year("平成", "31")
    (2023, 2019, 2019)
    >>> era_to_fiscal_year("令和", "六"), era_to_fiscal_year("平成", "三十一")
    (2024, 2019)
    """
    if year == "元":
        return ERA_OFFSETS[era] + 1
    return ERA_OFFSETS[era] + (int(year) if year.isdigit() else kanji_number(year))


def fold_dashes(text: str) -> str:
    """Fold every wave dash and hyphen variant to ``~``.

    >>> fold_dashes("令和5年度〜令和7年度")
    '令和5年度~令和7年度'
    """
    return text.translate({ord(c): "~" for c in WAVE_DASHES})


def parse_period(text: str) -> Period:
    """Parse a plan period such as ``令和5年度～令和7年度``.

    Accepts full-width digits, any wave dash, ``から…まで``, 元年, Gregorian years,
    an end year that omits the era (``令和5年度～7年度``) or a start that omits 年度
    (``令和5～7年度``), an end given as a number of years (``令和5年度から3年間``), months
    (``令和5年4月～令和8年3月``: a month before April belongs to the fiscal year that began the
    April before), and white space anywhere (a period never holds a meaningful space:
    ``令 和5年度`` is a typing slip).  A single year is a one-year plan; a start followed by
    a dash and nothing (``令和5年度～``, a period cut at a line break) is an error, never a
    one-year plan.

    >>> parse_period("令和５年度～令和７年度")
    Period(start_fy=2023, end_fy=2025)
    >>> parse_period("平成31年度から令和元年度まで")
    Period(start_fy=2019, end_fy=2019)
    >>> parse_period("令和6年度〜8年度"), parse_period("令和5～7年度")
    (Period(start_fy=2024, end_fy=2026), Period(start_fy=2023, end_fy=2025))
    >>> parse_period("令 和5年度～令和７ 年度")
    Period(start_fy=2023, end_fy=2025)
    >>> parse_period("令和5年度から3年間"), parse_period("令和5年4月～令和8年3月")
    (Period(start_fy=2023, end_fy=2025), Period(start_fy=2023, end_fy=2025))

    Raises:
        PeriodError: no year found, more than two, a dash with no year on one side, or the
            end before the start.
    """
    t = "".join(fold_dashes(unicodedata.normalize("NFKC", text)).split())
    t = t.replace("から", "~").replace("まで", "")
    pieces = t.split("~")
    if len(pieces) > 1 and not all(pieces):
        raise PeriodError(f"a dash with no year on one side in {text!r} (a period cut at a line break?)")
    if not 1 <= len(pieces) <= 2:
        raise PeriodError(f"expected 'start～end', got {text!r}")
    years: list[int] = []
    era: str | None = None
    for i, part in enumerate(pieces):
        count = YEAR_COUNT.fullmatch(part)
        if i == 1 and count is not None:
            years.append(years[0] + _number(count["n"]) - 1)
            continue
        found = _year_of(part, era)
        if found is None:
            raise PeriodError(f"no era or Gregorian year in {part.strip()!r} of {text!r}")
        era, fy = found
        years.append(fy)
    start, end = years[0], years[-1]
    if start > end:
        raise PeriodError(f"the period ends ({end}) before it starts ({start}): {text!r}")
    return Period(start, end)


#: A month after a year (令和8年3月): the fiscal year is the one that began the April before.
_MONTH = re.compile(r"^(?P<month>\d{1,2})月")
#: The month a fiscal year starts in.
FIRST_MONTH_OF_FISCAL_YEAR = 4
#: An era year without 年 (the start of 令和5～7年度).
_ERA_ONLY = re.compile(r"(?P<era>" + "|".join(ERA_OFFSETS) + r")(?P<year>元|\d{1,2}|" + _KANJI_NUMBER + r")$")


def _year_of(part: str, era: str | None) -> tuple[str | None, int] | None:
    """The era in force and the fiscal year of one side of a period (NFKC, no spaces), or ``None``.

    >>> _year_of("令和8年3月", None), _year_of("7年度", "令和"), _year_of("2025年度", None), _year_of("年度", None)
    (('令和', 2025), ('令和', 2025), (None, 2025), None)
    """
    m = _ERA_YEAR.search(part) or _ERA_ONLY.search(part)
    if m:
        return m["era"], _in_fiscal_year(era_to_fiscal_year(m["era"], m["year"]), m.group(0), part[m.end() :])
    w = _WESTERN_YEAR.search(part)
    if w:
        return era, _in_fiscal_year(int(w["year"]), w.group(0), part[w.end() :])
    bare = re.search(r"(\d{1,2}|" + _KANJI_NUMBER + r")\s*年度?", part)
    if bare and era:
        return era, _in_fiscal_year(era_to_fiscal_year(era, bare[1]), bare.group(0), part[bare.end() :])
    return None


def _in_fiscal_year(year: int, matched: str, after: str) -> int:
    """``year``, or the year before when a calendar month before April follows ``…年``."""
    month = _MONTH.match(after)
    if matched.endswith("年度") or month is None:
        return year
    return year - 1 if int(month["month"]) < FIRST_MONTH_OF_FISCAL_YEAR else year


def _number(n: str) -> int:
    return int(n) if n.isdigit() else kanji_number(n)


#: A fiscal year as releases write it: 平成29年度, 令和６年度, 2024年度 (年度 required).
FISCAL_YEAR = re.compile(
    r"(?:(?P<era>" + "|".join(ERA_OFFSETS) + r")\s*(?P<year>元|\d{1,2}|" + _KANJI_NUMBER + r")"
    r"|(?P<western>(?:19|20)\d\d))\s*年度"
)
#: A number of years: 3年間, ３か年, 三ヶ年.
YEAR_COUNT = re.compile(r"(?P<n>\d{1,2}|" + _KANJI_NUMBER + r")\s*(?:年間|[かカヶケ箇個]年(?:間)?)")


@dataclass(frozen=True, slots=True)
class FoundYear:
    """A fiscal year written in a text: its value, its spelling and its place."""

    fy: int
    raw: str
    start: int
    end: int


def fiscal_years_in(text: str) -> list[FoundYear]:
    """Every fiscal year (… 年度) written in ``text``, in order.

    >>> [(f.fy, f.raw) for f in fiscal_years_in("平成27年度から実施。令和６年度と2025年度")]
    [(2015, '平成27年度'), (2024, '令和６年度'), (2025, '2025年度')]
    """
    out = []
    for m in FISCAL_YEAR.finditer(text):
        fy = int(m["western"]) if m["western"] else era_to_fiscal_year(m["era"], _ascii_digits(m["year"]))
        out.append(FoundYear(fy, m.group(0), m.start(), m.end()))
    return out


def year_count(text: str) -> int | None:
    """The number of years in a phrase such as ``最長3年間`` or ``三か年``, or ``None``.

    >>> year_count("最長3年間"), year_count("３か年"), year_count("三年間"), year_count("毎年")
    (3, 3, 3, None)
    """
    m = YEAR_COUNT.search(text)
    if not m:
        return None
    n = m["n"]
    return int(n) if n.isdigit() else kanji_number(n)


def _ascii_digits(year: str) -> str:
    """Full-width digits as ASCII (``int`` reads both, ``isdigit`` too; kept for clarity)."""
    return unicodedata.normalize("NFKC", year)
