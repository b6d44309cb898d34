"""Slips in the real document's headings: each is read, or warned on its line with its municipality.

Every case is the real announcement (tests/fixtures/corpus) with one slip.  The expected
programs and lines were read off the source by hand: 品川区's headings are lines 5
(plan), 19, 23 and 27 (categories (1)–(3)); 江戸川区's plan heading is line 31, 八王子市's
54, 三鷹市's 74, 東村山市's 99 and 国立市's 119.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.core.errors import Issue
from pipeline.core.model import Line
from pipeline.core.registry import STRICT_CODES
from pipeline.extract import extract
from pipeline.segment import SegmentConfig, segment

REAL_DOC = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "000_5eb07730d5f2e640.txt"
LINES = REAL_DOC.read_text(encoding="utf-8").split("\n")
CONFIG = SegmentConfig(prefecture="東京都")
Program = tuple[str, int, str]


def run(lines: list[str], roles: dict[int, str] | None = None) -> tuple[list[Program], list[Issue]]:
    """Segment and extract; the programs (plan_id, category_no, name) and every warning."""
    stream = [Line(line_no=i, text=t, role=(roles or {}).get(i)) for i, t in enumerate(lines, start=1)]
    doc, issues = segment("doc", stream, CONFIG)
    records = extract(doc, stream, "東京都")
    return [(p["plan_id"], p["category_no"], p["name"]) for p in records.programs], [*issues, *records.warnings]


def slipped(line_no: int, new: str) -> list[str]:
    lines = list(LINES)
    lines[line_no - 1] = new
    return lines


def strict(issues: list[Issue]) -> list[tuple[str, int | None]]:
    return [(str(i.code), i.line_no) for i in issues if i.code in STRICT_CODES]


def the(issues: list[Issue], code: str, line_no: int) -> Issue:
    found = [i for i in issues if i.code == code and i.line_no == line_no]
    assert len(found) == 1, [(str(i.code), i.line_no) for i in issues]
    return found[0]


BASELINE, BASELINE_ISSUES = run(LINES)


def test_the_real_document_reads_clean() -> None:
    assert len(BASELINE) == 43
    assert strict(BASELINE_ISSUES) == []
    assert LINES[18] == "#### (1)多様な主体との連携を図る取組" and LINES[118].startswith("「国立市")


# -- reported slips ------------------------------------------------------------------------


def test_bracket_name_slip_keeps_the_plan_apart() -> None:
    # 「日野市地域産業活性化計画」（日野区）: the plan used to fold into 東村山市's
    programs, issues = run(slipped(119, "「日野市地域産業活性化計画」（日野区）"))
    moved = {(p[0].replace("132152", "132128"), p[1], p[2]) for p in BASELINE}
    assert set(programs) == moved  # 国立市's programs under 日野市 (the title), nothing else moved
    assert [p for p in programs if p[0] == "132136-2023"] == [p for p in BASELINE if p[0] == "132136-2023"]
    warning = the(issues, "municipality_name_mismatch", 119)
    assert "日野市" in warning.message and "日野区" in warning.message and warning.location == "line 119"
    assert strict(issues) == [("municipality_name_mismatch", 119)]


@pytest.mark.parametrize("heading", ["1 多様な主体との連携を図る取組", "【取組１】多様な主体との連携を図る取組"])
def test_category_heading_forms_are_read(heading: str) -> None:
    programs, issues = run(slipped(19, heading))
    assert programs == BASELINE
    assert strict(issues) == []


def test_category_three_with_a_full_width_bare_number_is_read() -> None:
    programs, issues = run(slipped(27, "３ (1)、(2)以外の取組"))
    assert programs == BASELINE
    assert strict(issues) == []


def test_unknown_name_gets_its_look_alike() -> None:
    programs, issues = run(slipped(119, "「目野市地域産業活性化計画」（目野市）"))
    warning = the(issues, "unknown_municipality", 119)
    assert "目野市" in warning.message and "日野市 (東京都, 132128)" in warning.message
    assert {p[0] for p in programs} >= {"目野市-2023"}  # suggested, never applied


@pytest.mark.parametrize(
    ("heading", "used"),
    [
        ("「国立市地域産業活性化計画」（国立区）", "132152"),  # bracket slip: the title wins
        ("「国立区地域産業活性化計画」（国立市）", "132152"),  # title slip: the known bracket wins
        ("「日野市地域産業活性化計画」（国立市）", "132128"),  # both known: the title wins
    ],
)
def test_disagreeing_names_take_the_known_one(heading: str, used: str) -> None:
    programs, issues = run(slipped(119, heading))
    assert {p[0] for p in programs if p[2] == "創業支援補助金事業"} == {f"{used}-2023"}
    assert strict(issues) == [("municipality_name_mismatch", 119)]


# -- one check, one slip ---------------------------------------------------------------------


def test_category_heading_without_its_number() -> None:
    programs, issues = run(slipped(19, "#### 多様な主体との連携を図る取組"))
    assert programs == BASELINE  # taken as the heading it reads as
    warning = the(issues, "suspect_structure", 19)
    assert "品川区" in warning.message and "category (1)" in warning.message


def test_category_missing() -> None:
    programs, issues = run(slipped(23, ""))  # 品川区's (2) heading lost
    warning = the(issues, "category_missing", 5)
    assert "品川区" in warning.message and "(2)" in warning.message
    assert programs != BASELINE


def test_categories_out_of_order() -> None:
    lines = LINES[:22] + LINES[26:30] + LINES[22:26] + LINES[30:]  # 品川区: (1), (3), (2)
    programs, issues = run(lines)
    assert Counter(programs) == Counter(BASELINE)
    warning = the(issues, "category_out_of_order", 27)
    assert "品川区" in warning.message and "(2)" in warning.message
    assert strict(issues) == [("category_out_of_order", 27)]


def test_category_repeated() -> None:
    programs, issues = run(slipped(27, "#### (2) (1)、(2)以外の取組"))
    warning = the(issues, "duplicate_category", 27)
    assert "品川区" in warning.message and "line 23" in warning.message
    the(issues, "category_number_mismatch", 27)
    the(issues, "category_missing", 5)
    # read as a second (2), the bare list of (3) is no (2) list: its programs are lost, and said so
    assert not [p for p in programs if p[:2] == ("131091-2023", 3)]
    assert [p for p in programs if p[:2] == ("131091-2023", 2)] == [p for p in BASELINE if p[:2] == ("131091-2023", 2)]
    the(issues, "no_program_list", 29)


def test_plan_without_programs() -> None:
    lines = LINES[:102] + [""] * 16 + LINES[118:]  # 東村山市's categories lost in conversion
    assert len(lines) == len(LINES)
    programs, issues = run(lines)
    assert not [p for p in programs if p[0] == "132136-2023"]
    warning = the(issues, "plan_without_programs", 99)
    assert "東村山市" in warning.message
    assert "(1), (2), (3)" in the(issues, "category_missing", 99).message


def test_summary_holding_a_heading_and_a_program_list() -> None:
    # a heading that neither has its number nor reads fully as one: a caption, its text the summary
    programs, issues = run(slipped(19, "多様な主体との連携"))
    caption = the(issues, "suspect_structure", 19)
    summary = the(issues, "suspect_structure", 21)
    assert "品川区" in caption.message and "category (1)" in caption.message
    assert "品川区" in summary.message and "list of programs" in summary.message
    the(issues, "category_missing", 5)
    assert programs != BASELINE


def test_caption_that_is_prose() -> None:
    # a PDF reader's caption hint on the summary paragraph
    programs, issues = run(LINES, roles={9: "caption"})
    warning = the(issues, "suspect_structure", 9)
    assert "品川区" in warning.message and "not a caption" in warning.message
    assert programs == BASELINE


def test_unbalanced_brackets_name_the_municipality() -> None:
    programs, issues = run(slipped(21, LINES[20].replace("（事業承継", "事業承継")))
    warning = the(issues, "unbalanced_brackets", 21)
    assert "品川区" in warning.message
    assert not [p for p in programs if p[:2] == ("131091-2023", 1)]


def test_two_plans_of_one_municipality() -> None:
    programs, issues = run(slipped(54, "「品川区地域産業活性化計画」（品川区） 【計画期間：令和6年度～令和8年度】"))
    warning = the(issues, "duplicate_municipality", 54)
    assert "品川区" in warning.message and "line 5" in warning.message
    assert {p[0] for p in programs} >= {"131091-2023", "131091-2024"}


def test_plan_heading_that_was_not_read_is_reported() -> None:
    # neither name known, no 「」: the line stays text of 江戸川区's category (3), and says so
    programs, issues = run(slipped(54, "目王子市地域産業活性化計画 【計画期間：令和5年度～令和7年度】"))
    warning = the(issues, "suspect_structure", 54)
    assert "江戸川区" in warning.message and "plan heading" in warning.message
    assert programs != BASELINE


def test_caption_that_mentions_a_category_stays_a_caption() -> None:
    # not a heading without its number: it names the heading and says more (0.9 < 0.95)
    programs, issues = run(slipped(17, "多様な主体との連携を図る取組の様子"))  # was デジタル人材育成講座
    assert programs == BASELINE
    warning = the(issues, "suspect_structure", 17)
    assert "品川区" in warning.message and "captions" in warning.message
