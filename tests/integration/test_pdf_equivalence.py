"""Each PDF rendering of the real announcement yields the same dataset as its text.

The PDFs are rendered by tests/pdfs/make_fixtures.py (one per layout: embedded
TrueType, non-embedded CID font, figures beside the overview, two columns, running
header and page numbers, a page break inside paragraphs, Kangxi-radical code points).
Values are compared column by column, ignoring only where they came from.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_pipeline
from pdf_compare import COMPARED, build_folder, values
from pdfs.make_fixtures import BAD, GOOD

from pipeline.read.pdf import PdfParams, ScannedPdfError, read_pdf

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def text_tables(tmp_path_factory: pytest.TempPathFactory, real_doc: Path) -> dict[str, pd.DataFrame]:
    errors, tables = build_folder(tmp_path_factory.mktemp("text"), real_doc)
    assert errors == 0
    return tables


@pytest.fixture(scope="module", params=sorted(GOOD))
def pdf_tables(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    pdf_fixtures: dict[str, Path],
) -> tuple[str, int, dict[str, pd.DataFrame]]:
    name = request.param
    errors, tables = build_folder(tmp_path_factory.mktemp(name), pdf_fixtures[name])
    return name, errors, tables


def test_same_values_as_text(
    text_tables: dict[str, pd.DataFrame], pdf_tables: tuple[str, int, dict[str, pd.DataFrame]]
) -> None:
    name, errors, tables = pdf_tables
    assert errors == 0, tables["warnings"].to_dict("records")
    for table in COMPARED:
        assert values(tables[table]) == values(text_tables[table]), f"{name}: {table} differs"
    assert len(tables["programs"]) == 43 and len(tables["captions"]) == 7


def test_source_page_set(pdf_tables: tuple[str, int, dict[str, pd.DataFrame]]) -> None:
    name, _, tables = pdf_tables
    n_pages = int(tables["documents"]["n_pages"].iloc[0])
    assert n_pages >= 3
    for table in COMPARED:
        pages = tables[table]["source_page"]
        assert pages.notna().all(), f"{name}: {table}.source_page missing"
        assert pages.between(1, n_pages).all()
    assert tables["plans"]["source_page"].nunique() > 1  # the plans really are on several pages


def test_warnings_only_expected(pdf_tables: tuple[str, int, dict[str, pd.DataFrame]]) -> None:
    name, _, tables = pdf_tables
    codes = set(tables["warnings"]["code"])
    # the real document's OCR-suspect spellings (パピリオン, EXP02022) are found in every layout
    expected = {"ocr_suspect"} | ({"pdf_cjk_variants_repaired"} if GOOD[name][1].get("kangxi") else set())
    assert codes == expected


def test_headers_and_page_numbers_are_in_the_ledger(pdf_fixtures: dict[str, Path], tmp_path: Path) -> None:
    _, tables = build_folder(tmp_path, pdf_fixtures["headers"])
    lines = tables["lines"]
    n_pages = int(tables["documents"]["n_pages"].iloc[0])
    numbers = lines[lines["place"] == "dropped.page_number"]
    assert sorted(numbers["text"]) == sorted(f"- {n} -" for n in range(1, n_pages + 1))
    headers = lines[lines["place"] == "dropped.running_header"]
    assert len(headers) == n_pages and set(headers["text"]) == {"承認した地域産業活性化計画の概要"}
    body = lines[~lines["place"].str.startswith("dropped.")]
    assert not (body["text"] == "承認した地域産業活性化計画の概要").any()
    assert lines["page"].notna().all()


def test_folder_with_good_and_bad_pdfs(pdf_fixtures: dict[str, Path], tmp_path: Path) -> None:
    """What `make RAW=<folder>` runs: bad PDFs are reported by name, the good one is extracted."""
    files = [pdf_fixtures["single"], *(pdf_fixtures[b] for b in BAD)]
    errors, tables = build_folder(tmp_path, *files)
    assert errors == len(BAD)
    assert len(tables["plans"]) == 6 and len(tables["programs"]) == 43
    errs = tables["warnings"].set_index("doc_id")
    for name, code in BAD.items():
        assert errs.loc[name, "code"] == code
        assert errs.loc[name, "severity"] == "error"
        assert f"{name}.pdf" in errs.loc[name, "message"]
    assert "OCR" in errs.loc["scan", "message"]
    assert "turned sideways" in errs.loc["sideways", "message"] and "OCR" not in errs.loc["sideways", "message"]
    assert errs.loc["unmapped", "location"] == "page 1"
    status = tables["documents"].set_index("doc_id")["status"]
    assert status["single"] == "ok" and (status[list(BAD)] == "failed").all()


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_sideways_pages_are_named_and_read_once_turned_upright(
    pdf_fixtures: dict[str, Path], text_tables: dict[str, pd.DataFrame], tmp_path: Path, engine: str
) -> None:
    """A page laid sideways is not blank: the reader says so, and turned upright (/Rotate) it is read."""
    import pypdfium2 as pdfium

    sideways = pdfium.PdfDocument(pdf_fixtures["sideways"])
    for page in sideways:
        page.set_rotation(90)  # what the message advises: qpdf --rotate=+90
    sideways.save(tmp_path / "turned.pdf")
    mixed = pdfium.PdfDocument(pdf_fixtures["single"])
    n = len(mixed)
    mixed.import_pages(pdfium.PdfDocument(pdf_fixtures["sideways"]), [0])
    mixed.save(tmp_path / "mixed.pdf")
    with pytest.raises(ScannedPdfError, match="turned sideways"):
        read_pdf(pdf_fixtures["sideways"], "sideways.pdf", PdfParams(engine=engine))
    errors, tables = build_folder(tmp_path / "turned", tmp_path / "turned.pdf", pdf_engine=engine)
    assert errors == 0
    for table in COMPARED:
        assert values(tables[table]) == values(text_tables[table]), table
    issues = read_pdf(tmp_path / "mixed.pdf", "mixed.pdf", PdfParams(engine=engine)).issues
    (warning,) = [i for i in issues if i.code == "pdf_page_no_text"]
    assert warning.location == f"page {n + 1}" and "turned sideways" in warning.message


def test_cli_exit_status(pdf_fixtures: dict[str, Path], tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(pdf_fixtures["figures"], raw / "計画 (図).pdf")
    shutil.copy(pdf_fixtures["truncated"], raw / "truncated.pdf")
    proc = run_pipeline(raw, tmp_path / "i", tmp_path / "o", "--jobs", "2")
    assert proc.returncode == 1, proc.stderr
    plans = pd.read_parquet(tmp_path / "o" / "plans.parquet")
    assert len(plans) == 6 and set(plans["doc_id"]) == {"計画 (図)"}


def test_reader_warnings_carry_the_document_id(pdf_tables: tuple[str, int, dict[str, pd.DataFrame]]) -> None:
    _, _, tables = pdf_tables
    (doc_id,) = tables["documents"]["doc_id"]
    assert set(tables["warnings"]["doc_id"]) <= {doc_id}


EXPORTS = Path(__file__).resolve().parents[1] / "pdfs" / "exports"


@pytest.mark.parametrize("program", ["libreoffice", "chromium"])
def test_real_exports_give_the_same_values(text_tables: dict[str, pd.DataFrame], tmp_path: Path, program: str) -> None:
    """PDFs exported by an office suite and a browser (tests/pdfs/make_exports.py).

    Regression: Chromium's line height of 1 made line boxes touch (a gap of -0.0), so
    paragraphs were not re-joined and their first lines became captions; its subsets map
    the wave dash to U+301C.
    """
    errors, tables = build_folder(tmp_path, EXPORTS / f"{program}.pdf")
    assert errors == 0, tables["warnings"].to_dict("records")
    for table in COMPARED:
        assert values(tables[table]) == values(text_tables[table]), f"{program}: {table} differs"
    assert set(tables["warnings"]["code"]) == {"ocr_suspect"}
    # headings read off the rendered pages
    pages = dict(zip(tables["plans"]["municipality"], tables["plans"]["source_page"], strict=True))
    assert pages == {"品川区": 1, "江戸川区": 1, "八王子市": 2, "三鷹市": 2, "東村山市": 3, "国立市": 3}
