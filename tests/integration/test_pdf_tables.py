"""Spreadsheets printed to PDF give the same plans, initiatives and programs as the text.

The real announcement is rendered as ruled tables by tests/pdfs/render_tables.py: one row
per initiative with the plan cells merged over their rows (three pages, header repeated,
a merged cell continuing on the next page, page numbers), one row per plan (rows
breaking across pages), horizontal rules only, and a column more than labels.  Tables
that cannot be read (no header row, a picture of a table) are reported by file and page,
and nothing is made up from them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pdfplumber
import pytest
from pdf_compare import build_folder, values
from pdfs.make_fixtures import BAD_TABLES, TABLES
from pdfs.render_tables import INITIATIVE_COLUMNS, MARGIN_X

from pipeline.read.pdf import PdfParams, read_pdf
from pipeline.read.pdf.loader import load_pages
from pipeline.read.pdf.tableparts import find_tables

pytestmark = pytest.mark.integration

TABLE_COMPARED = ("plans", "initiatives", "programs")


@pytest.fixture(scope="module")
def text_tables(tmp_path_factory: pytest.TempPathFactory, real_doc: Path) -> dict[str, pd.DataFrame]:
    errors, tables = build_folder(tmp_path_factory.mktemp("text"), real_doc)
    assert errors == 0
    return tables


@pytest.fixture(scope="module", params=sorted(TABLES))
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, table_fixtures: dict[str, Path]
) -> tuple[str, int, dict[str, pd.DataFrame]]:
    name = request.param
    errors, tables = build_folder(tmp_path_factory.mktemp(name), table_fixtures[name])
    return name, errors, tables


def test_same_plans_initiatives_and_programs_as_the_text(
    text_tables: dict[str, pd.DataFrame], built: tuple[str, int, dict[str, pd.DataFrame]]
) -> None:
    name, errors, tables = built
    assert errors == 0, tables["warnings"].to_dict("records")
    for table in TABLE_COMPARED:
        assert values(tables[table]) == values(text_tables[table]), f"{name}: {table} differs"
    assert len(tables["plans"]) == 6 and len(tables["initiatives"]) == 18 and len(tables["programs"]) == 43
    assert set(tables["plans"]["period_raw"]) == {"令和5年度～令和7年度"}  # read from a column without its label


def test_the_tables_run_over_pages_with_the_header_repeated(built: tuple[str, int, dict[str, pd.DataFrame]]) -> None:
    _, _, tables = built
    n_pages = int(tables["documents"]["n_pages"].iloc[0])
    assert n_pages >= 3
    lines = tables["lines"]
    headers = lines[lines["place"] == "dropped.table_header"]
    n_labels = len(set(headers["text"]))
    assert len(headers) == n_pages * n_labels and set(headers["page"]) == set(range(1, n_pages + 1))
    assert tables["plans"]["source_page"].nunique() > 1 and tables["programs"]["source_page"].max() == n_pages


def test_every_cell_is_in_the_ledger_once_with_its_role(built: tuple[str, int, dict[str, pd.DataFrame]]) -> None:
    name, _, tables = built
    lines = tables["lines"]
    assert not (lines["place"] == "dropped.unassigned").any()
    assert set(tables["warnings"]["code"]) <= {"ocr_suspect", "pdf_table_unlabelled_column"}
    composed = lines[lines["role"] == "table_composed"]
    lists = composed[composed["place"] == "initiatives.text"]
    # a program-name column: each initiative's names are one list line, as the text writes it
    assert len(lists) == (18 if name in PROGRAM_COLUMN else 0)
    composed = composed[composed["place"] != "initiatives.text"]
    cells = lines[lines["role"] == "table_cell"]
    assert cells["page"].notna().all() and len(cells) > 0
    flowing = lines[lines["role"].isna() & ~lines["place"].str.startswith("dropped.")]
    if name in TEXT_ABOVE:  # each plan's heading, period and overview are text above its table
        assert composed.empty
        assert flowing["place"].value_counts().to_dict() == {
            "plans.plan_title": 6,
            "plans.period_raw": 6,
            "plans.summary": 6,
            "documents.title": 1,
        }
        return
    assert sorted(composed["place"].unique()) == ["plans.period_raw", "plans.plan_title"]
    assert len(composed) == 12  # a heading and a period line per plan, composed from their cells
    assert composed["text"].str.match(r"^(「.+地域産業活性化計画」（.+）|【計画期間：令和5年度～令和7年度】)$").all()
    assert flowing["text"].tolist() == ["【承認した地域産業活性化計画の概要】"]


#: Fixtures with a program-name column (事業名): one composed list line per initiative.
PROGRAM_COLUMN = {"table_programs", "table_plan_pages", "table_plan_pages_hrules"}
#: Fixtures whose plans' headings, periods and overviews are text above their tables.
TEXT_ABOVE = {"table_plan_pages", "table_plan_pages_hrules"}
#: What composing a plan heading and a period line adds to the cells' text.
ADDED = {"「": "「」（）", "【": "【計画期間：】"}


def _added(text: str) -> str:
    """What composing ``text`` added to its cells: a heading's or period's labels, or a
    program list's brackets and the 、 between its names (at bracket depth 0)."""
    if text[0] in ADDED:
        return ADDED[text[0]]
    inner, out = (text[1:-1], "（）") if text[0] == "（" and text[-1] == "）" else (text, "")
    depth = 0
    for ch in inner:
        depth += (ch in "（(") - (ch in "）)")
        out += ch if ch == "、" and depth == 0 else ""
    return out


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_character_of_the_cells_is_in_exactly_one_line(name: str, table_fixtures: dict[str, Path]) -> None:
    """Nothing lost, nothing twice: the table lines hold the cells' characters, plus the composed labels."""
    path = table_fixtures[name]
    pages, _ = load_pages(path, path.name, PdfParams())
    cells = Counter(
        ch
        for table in find_tables(pages, PdfParams())
        for part in table.parts
        for cell in part.cells
        for ch in cell.text
        if not ch.isspace()
    )
    lines = [ln for ln in read_pdf(path, path.name).lines if ln.role]
    read = Counter(ch for ln in lines for ch in ln.text if not ch.isspace())
    read.subtract(Counter(ch for ln in lines if ln.role == "table_composed" for ch in _added(ln.text)))
    # the whole announcement but its captions (and the plans' text above their tables)
    assert sum(cells.values()) > (1500 if name in TEXT_ABOVE else 3000)
    assert +read == cells


def test_a_program_name_column_gives_one_program_per_row(table_fixtures: dict[str, Path], tmp_path: Path) -> None:
    """One row per program (事業名): the names of an initiative's rows are its programs, not one run-on name."""
    errors, tables = build_folder(tmp_path, table_fixtures["table_programs"])
    programs = tables["programs"]
    assert errors == 0
    assert programs[programs["initiative_id"] == "131091-2023-3"]["name_raw"].tolist() == [
        "事業PR販売促進助成",
        "エンジニア確保支援事業",
        "スタートアップとの連携強化",
        "創業支援施設事業充実",
    ]
    assert programs[programs["initiative_id"] == "132152-2023-2"]["name_raw"].tolist() == ["中小企業等 SDGs 推進"]
    mitaka = tables["initiatives"].set_index("initiative_id").loc["132047-2023-3"]
    assert mitaka["subheading"] == "持続的な産業基盤の整備"
    assert mitaka["text"].startswith("三鷹産業プラザの運営・整備、ものづくり産業集積促進事業、")


def test_a_column_without_label_is_reported_and_left_out(table_fixtures: dict[str, Path], tmp_path: Path) -> None:
    errors, tables = build_folder(tmp_path, table_fixtures["table_extra_column"])
    warnings = tables["warnings"]
    unlabelled = warnings[warnings["code"] == "pdf_table_unlabelled_column"]
    assert len(unlabelled) == 1
    row = unlabelled.iloc[0]
    assert row["location"] == "page 1" and "table_extra_column.pdf" in row["message"] and "column 7" in row["message"]
    dropped = tables["lines"][tables["lines"]["place"] == "dropped.table_unlabelled_column"]
    assert len(dropped) == 18 and set(dropped["text"]) == {"継続"}  # one per row; the data are the text's
    assert errors == 0 and len(tables["programs"]) == 43


@pytest.mark.parametrize("name", sorted(BAD_TABLES))
def test_unreadable_tables_are_reported_and_nothing_is_invented(
    name: str, table_fixtures: dict[str, Path], tmp_path: Path
) -> None:
    errors, tables = build_folder(tmp_path, table_fixtures[name])
    warnings = tables["warnings"]
    reported = warnings[warnings["code"] == BAD_TABLES[name]]
    assert len(reported) == 1
    assert reported.iloc[0]["location"] == "page 1" and f"{name}.pdf" in reported.iloc[0]["message"]
    assert tables["plans"].empty and tables["programs"].empty
    assert errors == 1 and set(warnings.loc[warnings["severity"] == "error", "code"]) == {"no_plans"}


def test_a_table_without_header_lists_its_cells(table_fixtures: dict[str, Path]) -> None:
    from pipeline.read.pdf import read_pdf

    lines = read_pdf(table_fixtures["table_no_header"], "table_no_header.pdf").lines
    dropped = [ln for ln in lines if ln.drop_reason == "table_no_header"]
    assert {ln.text for ln in dropped} >= {"品川区", "品川区地域産業活性化計画", "(1)多様な主体との連携を図る取組"}
    assert all(ln.role == "table_cell" and ln.page for ln in dropped)


def test_the_fixture_continues_a_merged_cell_on_the_next_page(table_fixtures: dict[str, Path]) -> None:
    """The per-initiative table really has a merged summary cell whose text goes on over a page break.

    Under the repeated header of some page, the summary column holds text while the plan-name
    column beside it is empty: the part of a merged cell begun on the page before.
    """
    x = [MARGIN_X]
    for _, _, w in INITIATIVE_COLUMNS:
        x.append(x[-1] + w)
    continued = []
    with pdfplumber.open(table_fixtures["table_initiatives"]) as pdf:
        for page in pdf.pages[1:]:
            words = page.extract_words()
            header = next(w for w in words if w["text"] == "計画の概要")
            first_row = [w for w in words if header["bottom"] < w["top"] < header["bottom"] + 20]
            in_summary = any(x[3] <= w["x0"] < x[4] for w in first_row)
            in_name = any(x[1] <= w["x0"] < x[2] for w in first_row)
            continued.append(in_summary and not in_name)
    assert any(continued)
