"""Plan periods: era years to integer fiscal years, and the warning for an unreadable one."""

from __future__ import annotations

import pytest

from pipeline.core.model import Line
from pipeline.extract import extract
from pipeline.lang.periods import Period, PeriodError, parse_period
from pipeline.segment import SegmentConfig, segment


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("令和5年度～令和7年度", 2023, 2025),
        ("令和５年度～令和７年度", 2023, 2025),  # full-width digits
        ("令和5年度〜令和7年度", 2023, 2025),  # wave dash U+301C (what PDF extractors emit)
        ("令和5年度~令和7年度", 2023, 2025),  # ASCII tilde
        ("令和5年度から令和7年度まで", 2023, 2025),
        ("令和元年度～令和3年度", 2019, 2021),  # 元年
        ("平成30年度～令和2年度", 2018, 2020),  # across eras
        ("平成元年度～平成3年度", 1989, 1991),
        ("昭和63年度～平成2年度", 1988, 1990),  # 昭和
        ("昭和60年度", 1985, 1985),  # one-year plan
        ("令和6年度〜8年度", 2024, 2026),  # end year without the era
        ("2024年度～2026年度", 2024, 2026),  # Gregorian
        ("令和5～7年度", 2023, 2025),  # the start without 年度
        ("令和5年度から3年間", 2023, 2025),  # the end as a number of years
        ("令和6年度から３か年", 2024, 2026),
        ("令和5年4月～令和8年3月", 2023, 2025),  # months: March 2026 is in FY2025
        ("2023年4月から2025年3月まで", 2023, 2024),
        ("令和6年度～令和8年度（3か年）", 2024, 2026),  # a note after the period
    ],
)
def test_periods_parse_to_fiscal_years(text: str, start: int, end: int) -> None:
    assert parse_period(text) == Period(start, end)
    assert isinstance(parse_period(text).start_fy, int)


@pytest.mark.parametrize(
    "text", ["令和7年度～令和5年度", "未定", "令和5年度～令和6年度～令和7年度", "", "令和5年度～", "～令和7年度"]
)
def test_bad_periods_raise(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


def test_unparsable_period_is_a_warning_naming_municipality_and_text() -> None:
    text = (
        "「府中市地域産業活性化計画」（府中市）\n【計画期間：令和7年度～令和5年度】\n概要。\n"
        "(3) (1)、(2)以外の取組\n創業支援補助金事業"
    )
    lines = [Line(line_no=i, text=t) for i, t in enumerate(text.split("\n"), start=1)]
    doc, _ = segment("t", lines, SegmentConfig(prefecture="東京都"))
    records = extract(doc, lines, "東京都")
    issues = records.warnings
    (issue,) = [i for i in issues if i.code == "unparsable_period"]
    assert "府中市" in issue.message and "令和7年度～令和5年度" in issue.message
    assert issue.severity == "warning" and issue.line_no == 2
    (plan,) = records.plans
    assert plan["start_fy"] is None and plan["end_fy"] is None


def test_kanji_numeral_years() -> None:
    period = parse_period("令和六年度～令和八年度")
    assert (period.start_fy, period.end_fy) == (2024, 2026)
    period = parse_period("平成三十一年度から令和三年度まで")
    assert (period.start_fy, period.end_fy) == (2019, 2021)
