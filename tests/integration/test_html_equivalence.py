"""Each HTML page of the real announcement yields the same dataset as its text.

The pages (tests/html/make_pages.py) wrap the announcement's content in site chrome,
each built differently: a municipal CMS template, HTML5 landmarks with figure/figcaption,
div ids only, Shift_JIS with CRLF in a layout table, ARIA roles, no landmark at all (text
density), periods in data tables.  Values are compared record by record, ignoring only
where they came from (doc_id, source_line, source_page).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from make_pages import GOOD
from pdf_compare import COMPARED
from pdf_compare import build_folder as _build
from pdf_compare import values as _values

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def text_tables(tmp_path_factory: pytest.TempPathFactory, real_doc: Path) -> dict[str, pd.DataFrame]:
    errors, tables = _build(tmp_path_factory.mktemp("text"), real_doc)
    assert errors == 0
    return tables


@pytest.fixture(scope="module", params=sorted(GOOD))
def html_tables(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, html_pages: dict[str, Path]
) -> tuple[str, int, dict[str, pd.DataFrame]]:
    name = request.param
    errors, tables = _build(tmp_path_factory.mktemp(name), html_pages[name])
    return name, errors, tables


def test_same_values_as_text(
    text_tables: dict[str, pd.DataFrame], html_tables: tuple[str, int, dict[str, pd.DataFrame]]
) -> None:
    name, errors, tables = html_tables
    assert errors == 0, tables["warnings"].to_dict("records")
    for table in COMPARED:
        assert _values(tables[table]) == _values(text_tables[table]), f"{name}: {table} differs"


def test_captions_and_programs(html_tables: tuple[str, int, dict[str, pd.DataFrame]]) -> None:
    name, _, tables = html_tables
    captions = dict(zip(tables["captions"]["caption_id"], tables["captions"]["text"], strict=True))
    assert captions["131091-2023-c1"] == "パピリオン共同出展事業", name
    assert captions["132012-2023-c1"] == "ものづくり EXP02022の様子(東京たま未来メッセ)", name
    programs = tables["programs"].set_index("program_id")
    assert "ITスタートアップ支援事業" in set(programs["name_raw"]), name


def test_warnings_only_expected(html_tables: tuple[str, int, dict[str, pd.DataFrame]]) -> None:
    name, _, tables = html_tables
    codes = set(tables["warnings"]["code"])
    assert codes == {"ocr_suspect"} | GOOD[name], name


def test_format_and_encoding(html_tables: tuple[str, int, dict[str, pd.DataFrame]]) -> None:
    name, _, tables = html_tables
    doc = tables["documents"].iloc[0]
    assert doc["format"] == "html" and doc["status"] == "ok"
    assert doc["encoding"] == ("cp932" if name == "sjis_crlf" else "utf-8")


def test_lines_name_their_element(html_tables: tuple[str, int, dict[str, pd.DataFrame]]) -> None:
    """Every line of an HTML page says which element it came from; chrome is dropped with a reason."""
    name, _, tables = html_tables
    lines = tables["lines"]
    assert lines["element"].notna().all(), name
    plans = lines[lines["place"] == "plans.plan_title"]
    assert len(plans) == 6
    dropped = set(lines.loc[lines["place"].str.startswith("dropped.html_"), "place"])
    assert {"dropped.html_head", "dropped.html_alt_text"} <= dropped, (name, dropped)
    chrome = ("トップページ", "サイトポリシー", "ページの先頭へ戻る", "東京都産業労働局")
    kept = lines[~lines["place"].str.startswith("dropped.")]
    assert not kept["text"].isin(chrome).any(), (name, kept[kept["text"].isin(chrome)].to_dict("records"))


def test_folder_of_html_and_text(html_pages: dict[str, Path], real_doc: Path, tmp_path: Path) -> None:
    """make RAW=<folder>: a saved page beside the text of another announcement."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(html_pages["cms"], raw / "計画の概要 (保存).html")
    text = real_doc.read_text(encoding="utf-8").replace("令和5年度～令和7年度", "令和6年度～令和8年度")
    (raw / "other.txt").write_text(text, encoding="utf-8")
    errors, tables = _build_folder(raw, tmp_path)
    assert errors == 0
    assert sorted(tables["plans"]["start_fy"].unique()) == [2023, 2024]
    assert set(tables["documents"]["format"]) == {"html", "text"}


def _build_folder(raw: Path, root: Path) -> tuple[int, dict[str, pd.DataFrame]]:
    from pipeline.driver.build import BuildConfig, build

    result = build(BuildConfig(raw_dir=raw, interim_dir=root / "interim", output_dir=root / "output"))
    names = (*COMPARED, "warnings", "lines", "documents")
    return result.errors, {n: pd.read_parquet(root / "output" / f"{n}.parquet") for n in names}
