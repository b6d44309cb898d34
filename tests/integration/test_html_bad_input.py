"""Bad HTML beside a good document: each is reported by name, the good one is extracted.

The pages (tests/html/make_pages.py): a download cut in the middle of a character, a
"page not found" page, a page filled in by JavaScript, a 20 MB page (an inline data
script and an inline image around the announcement), 20 MB of small elements, the
announcement inside 1,000 nested tables, and an EUC-JP page without a charset
declaration.  The pages that still hold the announcement have their periods moved
(make_pages.SHIFT) so that no plan id collides with the real document's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from make_pages import BAD, SHIFT
from test_real_document import PROGRAMS

from pipeline.core.limits import Limits
from pipeline.driver.build import BuildConfig, build

pytestmark = pytest.mark.integration

TABLES = (
    "documents",
    "plans",
    "initiatives",
    "programs",
    "captions",
    "lines",
    "warnings",
    "announcements",
    "announcement_municipalities",
)
#: Generous bound on one document's time here: the pages are read in seconds.
TIME_LIMIT_S = 240.0


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, html_pages: dict[str, Path], real_doc: Path
) -> dict[str, pd.DataFrame]:
    root = tmp_path_factory.mktemp("html-bad")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(real_doc, raw / real_doc.name)
    for name in BAD:
        shutil.copy(html_pages[name], raw / f"{name}.html")
    cfg = BuildConfig(raw, root / "interim", root / "output", jobs=2, limits=Limits(time_limit_s=TIME_LIMIT_S))
    result = build(cfg)
    assert result.assembled and result.documents == len(BAD) + 1
    return {t: pd.read_parquet(root / "output" / f"{t}.parquet") for t in TABLES}


def _programs(tables: dict[str, pd.DataFrame], start_fy: int) -> dict[tuple[str, int], list[str]]:
    progs = tables["programs"]
    mine = progs[progs["plan_id"].str.endswith(f"-{start_fy}")]
    return {
        (k[0][:6], k[1]): list(g.sort_values("seq")["name_raw"]) for k, g in mine.groupby(["plan_id", "category_no"])
    }


def test_good_document_is_extracted(built: dict[str, pd.DataFrame]) -> None:
    assert _programs(built, 2023) == {(k[0][:6], k[1]): v for k, v in PROGRAMS.items()}
    status = built["documents"].set_index("doc_id")["status"]
    assert status["000_5eb07730d5f2e640"] == "ok"


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_page_is_reported_by_name(built: dict[str, pd.DataFrame], name: str) -> None:
    code, failed = BAD[name]
    doc = built["documents"].set_index("doc_id").loc[name]
    assert doc["status"] == ("failed" if failed else "ok"), name
    warnings = built["warnings"][built["warnings"]["doc_id"] == name]
    if code:
        row = warnings[warnings["code"] == code]
        assert len(row) == 1, warnings.to_dict("records")
        assert f"{name}.html" in row["message"].iloc[0]
        assert row["severity"].iloc[0] == ("error" if failed else "warning")
    if failed:
        assert not (built["plans"]["doc_id"] == name).any()


@pytest.mark.parametrize("name", ["huge", "nested_tables", "eucjp_undeclared"])
def test_pages_that_hold_the_announcement_give_its_data(built: dict[str, pd.DataFrame], name: str) -> None:
    start = 2018 + SHIFT[name]
    assert _programs(built, start) == {(k[0][:6], k[1]): v for k, v in PROGRAMS.items()}, name
    plans = built["plans"][built["plans"]["doc_id"] == name]
    assert set(plans["period_raw"]) == {f"令和{SHIFT[name]}年度～令和{SHIFT[name] + 2}年度"}
    captions = built["captions"][built["captions"]["plan_id"].str.endswith(f"-{start}")]
    assert len(captions) == 7


def test_truncated_page_keeps_what_was_read(built: dict[str, pd.DataFrame]) -> None:
    plans = built["plans"][built["plans"]["doc_id"] == "truncated"]
    assert list(plans.sort_values("source_line")["municipality"])[:3] == ["品川区", "江戸川区", "八王子市"]
    assert len(plans) < 6  # the rest of the page is missing
    warning = built["warnings"].query("doc_id == 'truncated' and code == 'html_truncated'")
    assert "middle of a character" in warning["message"].iloc[0]


def test_huge_page_script_is_reported_not_kept(built: dict[str, pd.DataFrame]) -> None:
    lines = built["lines"][built["lines"]["doc_id"] == "huge"]
    scripts = lines[lines["place"] == "dropped.html_script"]
    assert scripts["text"].str.len().max() < 1100  # cut, with the length in all
    assert scripts["text"].str.contains("characters in all").any()
    assert (lines["place"] == "dropped.html_alt_text").any()


def test_a_saved_press_release_page_gives_its_announcement(built: dict[str, pd.DataFrame]) -> None:
    """The real release of 2017-03-06 wrapped in site chrome reads as the text does: one
    announcement, its five municipalities and its terms; the chrome is dropped."""
    doc = built["documents"].set_index("doc_id").loc["press_release"]
    assert doc["kind"] == "announcement"
    (ann,) = built["announcements"][built["announcements"]["doc_id"] == "press_release"].itertuples()
    assert (str(ann.published_on), ann.scheme, ann.round) == ("2017-03-06", "産業集積活性化支援事業", "平成28年度")
    assert (ann.start_fy, ann.support_years, ann.subsidy_cap_yen, ann.subsidy_rate) == (2017, 3, 100000000, "1/2")
    listed = built["announcement_municipalities"]
    names = listed[listed["announcement_id"] == ann.announcement_id].sort_values("seq")["municipality"].tolist()
    assert names == ["品川区", "中野区", "江戸川区", "八王子市", "三鷹市"]
