"""Approval rounds end to end: the made-up releases and overviews of tests/fixtures/rounds.

Every expected value was typed from the fixture files (and their README), not copied from
the pipeline's output: the announcements with their terms, which plan each release
approved (municipality *and* start year), and how each program continued from the FY2020
plan to the FY2023 plan of the same municipality.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
from frictionless import validate

import pipeline
from pipeline.driver.build import BuildConfig, build
from pipeline.lang.similarity import SIMILAR_MIN_SCORE
from pipeline.output.datapackage import DATAPACKAGE_NAME

pytestmark = pytest.mark.integration

ROUNDS = Path(__file__).resolve().parents[1] / "fixtures" / "rounds"
TITLE_3 = "3区市の「地域産業活性化計画」を承認しました"
TITLE_4 = "4市町の「地域産業活性化計画」を承認しました"


def ann_id(date: str, title: str) -> str:
    """The id as docs/rounds.md specifies it: ann-<date>-<6 hex digits of SHA-256 of the title>."""
    return f"ann-{date}-{hashlib.sha256(title.encode()).hexdigest()[:6]}"


A1, A2, A3 = ann_id("2020-03-10", TITLE_3), ann_id("2023-03-08", TITLE_3), ann_id("2025-03-05", TITLE_4)


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rounds")
    shutil.copytree(ROUNDS, root / "raw")
    result = build(BuildConfig(raw_dir=root / "raw", interim_dir=root / "interim", output_dir=root / "output"))
    assert result.errors == 0
    return root / "output"


@pytest.fixture(scope="module")
def tables(output: Path) -> dict[str, pd.DataFrame]:
    names = ["documents", "plans", "programs", "announcements", "announcement_municipalities", "program_links"]
    return {
        n: pd.read_csv(output / f"{n}.csv", dtype=str, keep_default_na=False) for n in [*names, "lines", "warnings"]
    }


def test_datapackage_validates_and_load_types(output: Path) -> None:
    report = validate(str(output / DATAPACKAGE_NAME))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    t = pipeline.load(output)
    ann = t["announcements"].set_index("announcement_id")
    assert str(ann["published_on"].dtype).startswith("datetime64")
    assert ann.loc[A3, "published_on"] == pd.Timestamp("2025-03-05")
    assert ann["subsidy_cap_yen"].dtype == pd.Int64Dtype() and ann.loc[A3, "subsidy_cap_yen"] == 150_000_000
    assert t["program_links"]["score"].dtype == pd.Float64Dtype()


def test_document_kinds(tables: dict[str, pd.DataFrame]) -> None:
    docs = tables["documents"].set_index("doc_id")
    assert docs["kind"].to_dict() == {
        "r1_overview": "plan_overview",
        "r1_release": "announcement",
        "r2_overview": "plan_overview",
        "r2_release": "announcement",
        "r3_release_and_overview": "both",
    }
    assert set(docs["status"]) == {"ok"}
    assert docs.loc["r1_release", "title"] == TITLE_3 and docs.loc["r1_release", "n_plans"] == "0"


EXPECTED_ANNOUNCEMENTS = {
    A1: {
        "doc_id": "r1_release",
        "published_on": "2020-03-10",
        "published_raw": "2020年03月10日",
        "published_on_source": "text",
        "publisher": "産業労働局",
        "title": TITLE_3,
        "subtitle": "令和元年度 産業集積活性化支援事業",
        "scheme": "産業集積活性化支援事業",
        "round": "令和元年度",
        "start_fy": "2020",
        "end_fy": "2022",
        "support_years": "3",
        "support_period_raw": "最長3年間",
        "subsidy_cap_yen": "100000000",
        "subsidy_cap_raw": "1億円/年限度",
        "subsidy_rate": "1/2",
        "subsidy_rate_raw": "2分の1以内",
        "subsidy_notes": "(小規模企業支援に特化した事業については3分の2以内、ただし、本補助率に係る補助金額は3,000万円/年を上限)",
        "n_municipalities": "3",
        "contact": "産業労働局商工部地域産業振興課\n電話 03-0000-0000",
        "attachments": "別紙\n承認した地域産業活性化計画の概要（PDF：210KB）",
        "other_text": "テスト用データ（架空）",
    },
    A2: {
        "doc_id": "r2_release",
        "published_on": "2023-03-08",
        "published_raw": "",
        "published_on_source": "manifest",
        "publisher": "",
        "subtitle": "令和4年度 産業集積活性化支援事業",
        "scheme": "産業集積活性化支援事業",
        "round": "令和4年度",
        "start_fy": "2023",
        "end_fy": "2025",
        "support_years": "3",
        "subsidy_cap_yen": "80000000",
        "subsidy_cap_raw": "8,000万円/年限度",
        "subsidy_rate": "1/2",
        "subsidy_notes": "",
        "n_municipalities": "3",
        "outline": "",
        "contact": "",
    },
    A3: {
        "doc_id": "r3_release_and_overview",
        "published_on": "2025-03-05",
        "published_raw": "令和7年3月5日",
        "published_on_source": "text",
        "title": TITLE_4,
        "scheme": "地域産業成長支援事業",
        "round": "令和6年度後期",
        "start_fy": "2025",
        "end_fy": "2027",
        "support_years": "3",
        "support_period_raw": "3年間",
        "subsidy_cap_yen": "150000000",
        "subsidy_cap_raw": "1億5,000万円／年",
        "subsidy_rate": "2/3",
        "subsidy_rate_raw": "3分の2以内",
        "n_municipalities": "3",
        "attachments": "別紙\n## 【承認した地域産業活性化計画の概要】",
    },
}


def test_announcements(tables: dict[str, pd.DataFrame]) -> None:
    ann = tables["announcements"].set_index("announcement_id")
    assert sorted(ann.index) == sorted(EXPECTED_ANNOUNCEMENTS)
    for ann_id_, expected in EXPECTED_ANNOUNCEMENTS.items():
        assert ann.loc[ann_id_, list(expected)].to_dict() == expected, ann_id_
    assert ann.loc[A1, "lead"].startswith("東京都は、産業の集積及び地域産業の活性化")
    assert ann.loc[A1, "outline"].startswith("本事業は、中小企業同士")
    assert "・八王子市・国立市・ほげ町" in ann.loc[A3, "lead"]


def test_approved_municipalities_link_on_municipality_and_start_year(tables: dict[str, pd.DataFrame]) -> None:
    listed = tables["announcement_municipalities"]
    got = {
        (r.announcement_id, int(r.seq)): (r.municipality_raw, r.municipality_code, r.plan_id)
        for r in listed.itertuples()
    }
    assert got == {
        (A1, 1): ("品川区", "131091", "131091-2020"),
        (A1, 2): ("中野区", "131148", "131148-2020"),
        (A1, 3): ("三鷹市", "132047", "132047-2020"),
        (A2, 1): ("品川区", "131091", "131091-2023"),
        (A2, 2): ("中野区", "131148", "131148-2023"),
        (A2, 3): ("三鷹市", "132047", "132047-2023"),
        (A3, 1): ("八王子市", "132012", "132012-2025"),
        (A3, 2): ("国立市", "132152", ""),  # approved, but its plan is not in the corpus
        (A3, 3): ("ほげ町", "", ""),  # not in the municipality table
    }
    plans = tables["plans"].set_index("plan_id")["announcement_id"].to_dict()
    assert plans == {
        "131091-2020": A1,
        "131148-2020": A1,
        "132047-2020": A1,
        "131091-2023": A2,  # not the FY2020 release, which approved the same ward
        "131148-2023": A2,
        "132047-2023": A2,
        "132012-2025": A3,  # the release and the plan share one document
    }


#: (earlier plan's name, later plan's name, link) by municipality, from the two overviews.
EXPECTED_LINKS = {
    "131091": {
        ("事業承継支援事業", "事業承継支援事業", "same"),
        ("ものづくり・IT商談会", "ものづくり・IT商談会", "same"),  # full-width ＩＴ in the later plan
        ("", "ITスタートアップ支援事業", "new"),
        ("パビリオン共同出展事業", "パビリオン共同出展事業", "same"),
        ("新規事業展開支援助成", "新規事業展開助成", "similar"),
        ("", "DX・デジタル技術活用推進事業", "new"),
        ("事業PR販売促進助成", "事業PR販売促進助成", "same"),
        ("エンジニア確保支援事業", "エンジニア人材確保支援事業", "similar"),
        ("産業基礎調査", "", "ended"),
    },
    "131148": {
        ("中野区産業振興フェア", "産業振興フェア", "similar"),
        ("区内企業PR支援事業", "", "ended"),
        ("創業支援事業", "創業支援事業", "same"),
        ("", "キャッシュレス決済導入支援", "new"),
        ("商店街活性化支援事業", "商店街にぎわい活性化支援事業", "similar"),
    },
    "132047": {
        (
            "SDGs経営導入・産業活性化ネットワーク委員会",
            "SDGs経営導入・産業活性化ネットワーク委員会",
            "same",
        ),  # （仮称） dropped
        ("中小企業等産業活性化補助金", "中小企業等産業活性化補助金", "same"),
        ("三鷹産業プラザの運営・整備", "三鷹産業プラザの運営・整備", "same"),  # half-width ･ in the later plan
        ("ものづくり産業集積促進事業", "ものづくり産業集積推進事業", "similar"),
        ("", "ものづくり企業地域共生推進事業", "new"),
    },
}


def test_program_links(tables: dict[str, pd.DataFrame]) -> None:
    links = tables["program_links"]
    got = {
        code: {(r.previous_name, r.name, r.link) for r in group.itertuples()}
        for code, group in links.groupby("municipality_code")
    }
    assert got == EXPECTED_LINKS  # 八王子市 has one plan only: no links
    assert set(zip(links["previous_plan_id"].str[-4:], links["plan_id"].str[-4:], strict=True)) == {("2020", "2023")}
    scores = links.set_index(["name", "link"])["score"]
    assert {float(s) for s in scores.xs("same", level="link")} == {1.0}
    similar = {name: float(s) for (name, link), s in scores.items() if link == "similar"}
    assert similar["新規事業展開助成"] == 1.0  # only 支援, a generic word, differs
    assert similar["エンジニア人材確保支援事業"] == round(2 * 5 / (6 + 8), 3)  # エンジニア確保 / エンジニア人材確保
    assert all(s >= SIMILAR_MIN_SCORE for s in similar.values())
    assert set(links.loc[links["link"].isin(["new", "ended"]), "score"]) == {""}


def test_program_links_point_at_the_right_plans(tables: dict[str, pd.DataFrame]) -> None:
    links, programs = tables["program_links"], tables["programs"].set_index("program_id")
    for r in links.itertuples():
        if r.program_id:
            assert programs.loc[r.program_id, "plan_id"] == r.plan_id
            assert r.link_id == f"{r.plan_id}:{r.program_id}"
        if r.previous_program_id:
            assert programs.loc[r.previous_program_id, "plan_id"] == r.previous_plan_id


def test_warnings(tables: dict[str, pd.DataFrame]) -> None:
    w = tables["warnings"]
    got = sorted(zip(w["doc_id"], w["code"], w["line_no"], strict=True))
    assert got == [
        ("r3_release_and_overview", "announced_count_mismatch", "6"),  # 4市町 in the title, 3 listed
        ("r3_release_and_overview", "announced_plan_missing", "11"),  # 国立市
        ("r3_release_and_overview", "announced_plan_missing", "12"),  # ほげ町
        ("r3_release_and_overview", "unknown_municipality", "12"),  # ほげ町
    ]


#: Where each non-blank line of r1_release.txt goes (the blank lines go to dropped.blank).
R1_PLACES = {
    1: "announcements.other_text",  # テスト用データ（架空）
    3: "dropped.breadcrumb",
    5: "dropped.navigation",  # ここから本文です。
    7: "announcements.published_on",  # 報道発表資料  2020年03月10日  産業労働局
    9: "announcements.subtitle",  # 令和元年度 産業集積活性化支援事業
    10: "announcements.title",
    12: "announcements.lead",
    13: "announcements.lead",
    15: "dropped.section_heading",  # 産業集積活性化支援事業の概要
    17: "announcements.outline",
    19: "dropped.figure",  # 図
    21: "dropped.section_heading",  # 補助内容
    23: "announcements.subsidy_cap_yen",
    24: "announcements.subsidy_rate",
    25: "announcements.subsidy_notes",
    26: "announcements.support_years",
    28: "dropped.figure_caption",
    30: "dropped.figure",
    32: "announcements.attachments",  # 別紙
    34: "announcements.attachments",
    36: "dropped.section_heading",  # 問い合わせ先
    37: "announcements.contact",
    38: "announcements.contact",
}


def test_every_release_line_has_its_place(tables: dict[str, pd.DataFrame]) -> None:
    lines = tables["lines"]
    r1 = lines[lines["doc_id"] == "r1_release"]
    got = dict(zip(r1["line_no"].astype(int), r1["place"], strict=True))
    assert {n: p for n, p in got.items() if p != "dropped.blank"} == R1_PLACES
    assert len(got) == 38
    assert set(r1.loc[r1["place"].str.startswith("announcements."), "record_id"]) == {A1}
    assert "dropped.unassigned" not in set(lines["place"])
