"""The values of a release: dates, amounts, rates, rounds, years, terms and the approved list."""

from __future__ import annotations

import datetime

import pytest

from pipeline.extract.approved_list import approved_municipalities, names_in
from pipeline.extract.release_values import PlanYears, plan_years, publisher_of, round_of, term_of, title_count
from pipeline.lang.amounts import find_rate, find_yen
from pipeline.lang.dates import find_date, parse_date


@pytest.mark.parametrize(
    ("text", "day", "raw"),
    [
        ("報道発表資料  2017年03月06日  産業労働局", (2017, 3, 6), "2017年03月06日"),
        ("平成29年3月6日", (2017, 3, 6), "平成29年3月6日"),
        ("令和元年５月７日 産業労働局", (2019, 5, 7), "令和元年５月７日"),
        ("令和七年三月五日", None, None),  # kanji month and day are not read
        ("２０２５年３月５日", (2025, 3, 5), "２０２５年３月５日"),
        ("2017年2月29日", None, None),  # not a day
    ],
)
def test_dates_in_text(text: str, day: tuple[int, int, int] | None, raw: str | None) -> None:
    found = find_date(text)
    assert (found.date if found else None) == (datetime.date(*day) if day else None)
    assert (found.raw if found else None) == raw


def test_manifest_dates() -> None:
    assert parse_date("2023-03-08") == datetime.date(2023, 3, 8)
    assert parse_date("2023/3/8") == datetime.date(2023, 3, 8)
    assert parse_date("2023-13-08") is None and parse_date("spring 2023") is None


@pytest.mark.parametrize(
    ("text", "yen"),
    [
        ("1億円/年限度", 100_000_000),
        ("3,000万円/年を上限", 30_000_000),
        ("1億5,000万円／年", 150_000_000),
        ("８，０００万円", 80_000_000),
        ("5千万円", 50_000_000),
        ("500,000円", 500_000),
        ("一億円", None),
        ("定額", None),
    ],
)
def test_yen(text: str, yen: int | None) -> None:
    found = find_yen(text)
    assert (found.value if found else None) == yen


@pytest.mark.parametrize(
    ("text", "rate"),
    [("2分の1以内", "1/2"), ("３分の２以内", "2/3"), ("4分の2", "1/2"), ("1/2", "1/2"), ("50%", "1/2"), ("定額", None)],
)
def test_rates(text: str, rate: str | None) -> None:
    found = find_rate(text)
    assert (found.value if found else None) == rate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("平成28年度 産業集積活性化支援事業", "平成28年度"),
        ("令和6年度後期 地域産業成長支援事業", "令和6年度後期"),
        ("令和７年度上期 地域産業成長支援事業", "令和７年度上期"),
        ("2024年度 第2回", "2024年度 第2回"),
        ("5区市の「地域産業活性化計画」を承認しました", None),
    ],
)
def test_rounds(text: str, expected: str | None) -> None:
    assert round_of(text) == expected


def test_title_counts() -> None:
    assert title_count("5区市の「地域産業活性化計画」を承認しました") == 5
    assert title_count("7自治体の「地域産業活性化計画」を承認") == 7
    assert title_count("4市町の「地域産業活性化計画」を承認しました") == 4
    assert title_count("「地域産業活性化計画」を承認しました") is None


@pytest.mark.parametrize(
    ("lead", "years"),
    [
        (
            "平成27年度から「産業集積活性化支援事業」を実施しています。計画が開始される平成29年度から3年間にわたり助成を行い",
            PlanYears(2017, None, 3),
        ),
        ("令和7年度から令和9年度まで助成します。", PlanYears(2025, 2027, 3)),
        ("令和７年度～９年度の計画を支援します。", PlanYears(2025, 2027, 3)),  # the end without its era
        ("計画は令和7年度に開始します。", PlanYears(2025)),
        ("平成27年度から「産業集積活性化支援事業」を実施しています。", PlanYears()),
        ("計画が開始される令和７年度から三か年にわたり助成を行います。", PlanYears(2025, None, 3)),
    ],
)
def test_plan_years(lead: str, years: PlanYears) -> None:
    assert plan_years(lead) == years


def test_publisher_and_terms() -> None:
    assert publisher_of("報道発表資料  2017年03月06日  産業労働局", "2017年03月06日") == "産業労働局"
    assert publisher_of("報道発表資料 2017年03月06日", "2017年03月06日") is None
    assert term_of("  • 補助金:1億円/年限度") == ("cap", "1億円/年限度")
    assert term_of("・補助率：２分の１以内") == ("rate", "２分の１以内")
    assert term_of("支援期間:最長3年間") == ("period", "最長3年間")
    assert term_of("補助対象経費:人件費") is None
    assert term_of("補助金:") is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "この度、品川区、中野区、江戸川区、八王子市及び三鷹市が策定した計画を承認し",
            ["品川区", "中野区", "江戸川区", "八王子市", "三鷹市"],
        ),
        ("この度、品川区、中野区並びに三鷹市が策定した計画を承認しました", ["品川区", "中野区", "三鷹市"]),
        ("この度、品川区・中野区が策定した計画を承認しました", ["品川区", "中野区"]),
        ("この度品川区が策定した計画を承認しました", ["品川区"]),
        (
            "この度、品川区、中野区、\n江戸川区及び三鷹市が策定した計画を承認しました",
            ["品川区", "中野区", "江戸川区", "三鷹市"],
        ),
        ("この度、府中市及び調布市が策定した計画を承認しました", ["府中市", "調布市"]),
    ],
)
def test_lists_of_municipalities(text: str, names: list[str]) -> None:
    found = names_in(text, "東京都")
    assert [x.name for x in found] == names
    assert all(x.code for x in found)
    assert [text[x.offset : x.offset + len(x.raw)] for x in found] == [x.raw for x in found]


def test_unknown_names_are_kept_without_code() -> None:
    found = names_in("この度、品川区、ほげ町及びふじ村が策定した計画を承認しました", "東京都")
    assert [(x.name, x.code) for x in found] == [("品川区", "131091"), ("ほげ町", None), ("ふじ村", None)]


def test_the_list_after_the_approval_sentence() -> None:
    lead = (
        "東京都は、区市町村を支援するため、平成27年度から事業を実施しています。\n"
        "この度、下記の市町が策定した計画を承認しました。\n・八王子市\n・国立市\n計画が開始される令和7年度から3年間"
    )
    assert [x.name for x in approved_municipalities(lead, "東京都")] == ["八王子市", "国立市"]


def test_generic_words_are_no_names() -> None:
    assert approved_municipalities("東京都は、区市町村を支援しています。計画を承認しました。") == []


def test_a_caption_ending_in_the_generic_word_is_no_name() -> None:
    lead = "この度、下記の町村が策定した計画を承認しました。\n承認した区市町村\n・檜原村\n・奥多摩町\n計画が開始される令和元年度から3年間"
    assert [(x.name, x.code) for x in approved_municipalities(lead, "東京都")] == [
        ("檜原村", "133078"),
        ("奥多摩町", "133086"),
    ]
    # a real name that ends in two of 区市町村 is still one: the table knows it
    assert [x.name for x in names_in("この度、十日町市及び四日市市が策定した計画を承認しました")] == [
        "十日町市",
        "四日市市",
    ]


def test_a_table_of_approved_municipalities_is_read_by_its_labels() -> None:
    # the lines an HTML table of the lead becomes: caption, then label：value per cell
    lead = (
        "この度、下記の町村が策定した「地域産業活性化計画」を承認し、支援対象としましたので、お知らせします。"
        "計画が開始される令和元年度から3年間にわたり助成を行います。\n対象団体一覧\n"
        "区市町村名：檜原村\n計画期間：令和元年度～令和3年度\n区市町村名：奥多摩町\n計画期間：令和元年度～令和3年度\n"
        "区市町村名：八丈町\n計画期間：令和元年度～令和3年度"
    )
    found = approved_municipalities(lead, "東京都")
    assert [(x.name, x.code) for x in found] == [("檜原村", "133078"), ("奥多摩町", "133086"), ("八丈町", "134015")]
    assert [lead[x.offset : x.offset + len(x.raw)] for x in found] == ["檜原村", "奥多摩町", "八丈町"]
