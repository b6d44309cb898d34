"""End to end: the real press release of 2017-03-06 next to the real FY2023 plan overview.

The release approved five plans starting in FY2017; four of those municipalities are in the
FY2023 overview too.  The build must write one announcement with its five municipalities and
its terms, link none of the FY2023 plans to it (same municipality, other start year), and
exit 0.  Every expected value was read off tests/fixtures/release/press_release_2017-03-06.txt
by hand.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_pipeline

pytestmark = pytest.mark.integration

RELEASE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "release"
RELEASE = RELEASE_DIR / "press_release_2017-03-06.txt"
TITLE = "5区市の「地域産業活性化計画」を承認しました"
ANN_ID = f"ann-2017-03-06-{hashlib.sha256(TITLE.encode()).hexdigest()[:6]}"


def _manifest(*folders: Path) -> str:
    """The manifest rows of several fixture folders, as one sources.csv."""
    rows: list[dict[str, str]] = []
    for folder in folders:
        with (folder / "sources.csv").open(encoding="utf-8", newline="") as f:
            rows += list(csv.DictReader(f))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, real_doc: Path) -> tuple[int, dict[str, pd.DataFrame]]:
    root = tmp_path_factory.mktemp("real_release")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(real_doc, raw / real_doc.name)
    shutil.copy(RELEASE, raw / RELEASE.name)
    (raw / "sources.csv").write_text(_manifest(real_doc.parent, RELEASE_DIR), encoding="utf-8")
    proc = run_pipeline(raw, root / "interim", root / "output")
    names = ["documents", "plans", "announcements", "announcement_municipalities", "program_links", "warnings", "lines"]
    out = {n: pd.read_csv(root / "output" / f"{n}.csv", dtype=str, keep_default_na=False) for n in names}
    return proc.returncode, out


def test_exit_code_is_zero(built: tuple[int, dict[str, pd.DataFrame]]) -> None:
    code, tables = built
    assert code == 0
    assert set(tables["warnings"]["severity"]) == {"warning"}


def test_one_announcement_with_its_terms(built: tuple[int, dict[str, pd.DataFrame]]) -> None:
    _, tables = built
    (row,) = tables["announcements"].to_dict("records")
    expected = {
        "announcement_id": ANN_ID,
        "doc_id": "press_release_2017-03-06",
        "published_on": "2017-03-06",
        "published_raw": "2017年03月06日",
        "published_on_source": "text",
        "publisher": "産業労働局",
        "title": TITLE,
        "subtitle": "平成28年度 産業集積活性化支援事業",
        "scheme": "産業集積活性化支援事業",
        "round": "平成28年度",
        "start_fy": "2017",
        "end_fy": "2019",
        "support_years": "3",
        "support_period_raw": "最長3年間",
        "subsidy_cap_yen": "100000000",
        "subsidy_cap_raw": "1億円/年限度",
        "subsidy_rate": "1/2",
        "subsidy_rate_raw": "2分の1以内",
        "subsidy_notes": "(小規模企業支援に特化した事業については3分の2以内、ただし、本補助率に係る補助金額は3,000万円/年を上限)",
        "n_municipalities": "5",
        "contact": "",
        "attachments": "",
        "other_text": "",
        "source_line": "8",
    }
    assert {k: row[k] for k in expected} == expected
    assert row["lead"].startswith("東京都は、産業の集積及び地域産業の活性化に取り組む区市町村を支援するため")
    assert row["lead"].endswith("5区市の計画事業を支援していきます。")
    assert row["outline"].endswith("都の承認を得る必要があります。")


def test_five_municipalities_and_no_fy2023_plan_linked(built: tuple[int, dict[str, pd.DataFrame]]) -> None:
    _, tables = built
    listed = tables["announcement_municipalities"]
    assert list(zip(listed["municipality"], listed["municipality_code"], strict=True)) == [
        ("品川区", "131091"),
        ("中野区", "131148"),
        ("江戸川区", "131237"),
        ("八王子市", "132012"),
        ("三鷹市", "132047"),
    ]
    assert set(listed["plan_id"]) == {""}
    assert set(listed["source_line"]) == {"11"}
    plans = tables["plans"]
    assert len(plans) == 6 and set(plans["start_fy"]) == {"2023"}
    assert set(plans["announcement_id"]) == {""}  # 品川区 FY2023 is not the FY2017 plan the release approved
    assert tables["program_links"].empty  # one plan per municipality


def test_cross_checks(built: tuple[int, dict[str, pd.DataFrame]]) -> None:
    _, tables = built
    w = tables["warnings"]
    mine = w[w["doc_id"] == "press_release_2017-03-06"]
    assert list(mine["code"]) == ["announced_plan_missing"] * 5
    assert all("FY2017" in m for m in mine["message"])


def test_documents_and_lines(built: tuple[int, dict[str, pd.DataFrame]]) -> None:
    _, tables = built
    docs = tables["documents"].set_index("doc_id")
    assert docs.loc["press_release_2017-03-06", "kind"] == "announcement"
    assert docs.loc["000_5eb07730d5f2e640", "kind"] == "plan_overview"
    lines = tables["lines"]
    places = lines[lines["doc_id"] == "press_release_2017-03-06"].set_index("line_no")["place"].to_dict()
    assert len(places) == 29
    assert {n: p for n, p in places.items() if p != "dropped.blank"} == {
        "1": "dropped.breadcrumb",
        "3": "dropped.navigation",
        "5": "announcements.published_on",
        "7": "announcements.subtitle",
        "8": "announcements.title",
        "10": "announcements.lead",
        "11": "announcements.lead",
        "13": "dropped.section_heading",
        "15": "announcements.outline",
        "16": "announcements.outline",
        "18": "dropped.figure",
        "20": "dropped.section_heading",
        "22": "announcements.subsidy_cap_yen",
        "23": "announcements.subsidy_rate",
        "24": "announcements.subsidy_notes",
        "25": "announcements.support_years",
        "27": "dropped.figure_caption",
        "29": "dropped.figure",
    }
