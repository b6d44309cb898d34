"""pipeline.extract.announcement: the announcement row of a release, its warnings and its ledger."""

from __future__ import annotations

import pytest

from pipeline.core.errors import NoPlansError
from pipeline.core.model import Line
from pipeline.extract import extract
from pipeline.segment import SegmentConfig, segment

HEADER = "報道発表資料  2020年03月10日  産業労働局"
TITLE = "3区市の「地域産業活性化計画」を承認しました"
LEAD = "この度、品川区、中野区及び三鷹市が策定した「地域産業活性化計画」を承認しました。計画が開始される令和2年度から3年間にわたり助成を行います。"


def run(*texts: str, published: str | None = None):  # type: ignore[no-untyped-def]
    lines = [Line(i, t) for i, t in enumerate(texts, start=1)]
    doc, issues = segment("r", lines, SegmentConfig(prefecture="東京都"))
    records = extract(doc, lines, "東京都", published)
    return records, [*issues, *records.warnings]


def test_a_release_alone_is_an_announcement() -> None:
    records, issues = run(HEADER, TITLE, LEAD)
    assert issues == [] and records.plans == []
    (row,) = records.announcements
    assert (row["published_on"], row["published_on_source"], row["start_fy"], row["end_fy"]) == (
        "2020-03-10",
        "text",
        2020,
        2022,
    )
    assert records.document.kind == "announcement" and records.document.title == TITLE
    assert [m["municipality_code"] for m in records.announcement_municipalities] == ["131091", "131148", "132047"]
    assert [r["place"] for r in records.lines] == [
        "announcements.published_on",
        "announcements.title",
        "announcements.lead",
    ]


def test_the_date_comes_from_the_manifest_when_the_text_has_none() -> None:
    records, issues = run(TITLE, LEAD, published="2020-03-10")
    (row,) = records.announcements
    assert (row["published_on"], row["published_raw"], row["published_on_source"]) == ("2020-03-10", None, "manifest")
    assert row["announcement_id"].startswith("ann-2020-03-10-") and issues == []


@pytest.mark.parametrize(("published", "fragment"), [(None, "gives none"), ("March 2020", "is not a date")])
def test_an_undated_release_is_a_warning(published: str | None, fragment: str) -> None:
    records, issues = run(TITLE, LEAD, published=published)
    (row,) = records.announcements
    assert row["published_on"] is None and row["announcement_id"].startswith("ann-undated-")
    assert [i.code.value for i in issues] == ["announcement_date"] and fragment in issues[0].message


def test_text_and_manifest_dates_that_differ() -> None:
    records, issues = run(HEADER, TITLE, LEAD, published="2020-03-11")
    assert records.announcements[0]["published_on"] == "2020-03-10"
    assert [(i.code.value, i.line_no) for i in issues] == [("announcement_date", 1)]


def test_terms_that_cannot_be_read_are_kept_in_the_notes() -> None:
    records, issues = run(HEADER, TITLE, LEAD, "補助内容", "・補助金：1億円", "・補助率：定額", "・支援期間：最長3年間")
    row = records.announcements[0]
    assert (row["subsidy_cap_yen"], row["subsidy_rate"], row["support_years"]) == (None, None, 3)
    assert row["subsidy_notes"] == "・補助金：1億円\n・補助率：定額"
    assert [(i.code.value, i.line_no) for i in issues] == [
        ("unreadable_release_value", 5),
        ("unreadable_release_value", 6),
    ]
    assert row["end_fy"] == 2022  # from the lead's 3年間, not from the maximum


def test_a_maximum_alone_gives_no_last_year() -> None:
    lead = "この度、品川区が策定した計画を承認しました。計画は令和2年度に開始します。"
    records, _ = run(HEADER, "1区の「地域産業活性化計画」を承認しました", lead, "補助内容", "・支援期間：最長3年間")
    row = records.announcements[0]
    assert (row["start_fy"], row["support_years"], row["end_fy"]) == (2020, 3, None)


def test_count_and_list() -> None:
    records, issues = run(HEADER, "5区市の「地域産業活性化計画」を承認しました", LEAD)
    assert records.announcements[0]["n_municipalities"] == 3
    assert [(i.code.value, i.line_no) for i in issues] == [("announced_count_mismatch", 2)]
    records, issues = run(HEADER, "5区市の「地域産業活性化計画」を承認しました", "計画を承認しました。")
    assert records.announcements[0]["n_municipalities"] == 5  # the title's count when nothing is listed
    assert [i.code.value for i in issues] == ["announced_count_mismatch"] and "no list" in issues[0].message


def test_neither_plans_nor_release_is_still_an_error() -> None:
    with pytest.raises(NoPlansError):
        run("【お知らせ】", "東京都の中小企業向け支援策をまとめました。")


def test_a_term_stated_twice_keeps_the_first() -> None:
    records, issues = run(HEADER, TITLE, LEAD, "補助内容", "・補助率：2分の1以内", "補助内容", "・補助率：3分の2以内")
    row = records.announcements[0]
    assert (row["subsidy_rate"], row["subsidy_notes"]) == ("1/2", "・補助率：3分の2以内")
    assert [(i.code.value, i.line_no) for i in issues] == [("unreadable_release_value", 7)]
    assert "second time" in issues[0].message
    places = {r["line_no"]: r["place"] for r in records.lines}
    assert (places[5], places[7]) == ("announcements.subsidy_rate", "announcements.subsidy_notes")
