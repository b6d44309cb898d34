"""Both PDF engines give byte-identical tables on every PDF fixture.

pdfplumber is the reference engine; the pdfium engine (pipeline/read/pdf/pdfium.py) must
hand the layout analysis the same page data, so a build with ``--pdf-engine pdfium``
writes the same bytes: every CSV, Parquet, JSON and SQLite file of the output folder.
The fixtures are every PDF the suite has: the renderings of the real announcement
(tests/pdfs/make_fixtures.py: layouts, ruled tables), the office and browser exports
(tests/pdfs/exports), and the damaged files of the fuzz corpus that still read
(tests/unit/test_pdf_fuzz.py).  Files that must be refused are refused by both engines
with the same error code.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pdf_compare import build_folder
from pdfs.make_fixtures import BAD, BAD_TABLES, GOOD, TABLES

pytestmark = pytest.mark.integration

EXPORTS = Path(__file__).resolve().parents[1] / "pdfs" / "exports"
#: Fixtures the fuzz test damages, and damages both pdfminer and pdfium read past: a flipped
#: first byte (pdfium cannot open the file, so the pdfium engine hands it to pdfplumber) and a
#: flipped digit of the ``startxref`` offset (both rebuild the cross-reference table).
FUZZ_SOURCES = ("single", "kangxi", "cid", "headers")
FUZZ_DAMAGES = ("header", "startxref")


def damage(data: bytes, how: str) -> bytes:
    """``data`` with one byte flipped: the first (``header``) or the offset's first digit (``startxref``)."""
    at = 0 if how == "header" else data.rfind(b"startxref") + len(b"startxref\n")
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


#: Known differences between the engines: fixture name -> cause (none at present).
KNOWN_DIFFERENCES: dict[str, str] = {}


@pytest.fixture(scope="module")
def fixtures(
    pdf_fixtures: dict[str, Path], table_fixtures: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Every PDF fixture by name: renderings, tables, exports and readable damaged files."""
    out = {**pdf_fixtures, **table_fixtures}
    out |= {f"export_{p.stem}": p for p in sorted(EXPORTS.glob("*.pdf"))}
    damaged = tmp_path_factory.mktemp("damaged")
    for name in FUZZ_SOURCES:
        for how in FUZZ_DAMAGES:
            path = out[f"fuzz_{name}_{how}"] = damaged / f"fuzz_{name}_{how}.pdf"
            path.write_bytes(damage(pdf_fixtures[name].read_bytes(), how))
    return out


GOOD_NAMES = sorted(
    [*GOOD, *TABLES, *BAD_TABLES, *(f"export_{p.stem}" for p in EXPORTS.glob("*.pdf"))]
    + [f"fuzz_{n}_{how}" for n in FUZZ_SOURCES for how in FUZZ_DAMAGES]
)


def _output_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_DIFFERENCES[n]))
        if n in KNOWN_DIFFERENCES
        else n
        for n in GOOD_NAMES
    ],
)
def test_engines_write_identical_tables(fixtures: dict[str, Path], tmp_path: Path, name: str) -> None:
    outputs = {}
    for engine in ("pdfplumber", "pdfium"):
        errors, tables = build_folder(tmp_path / engine, fixtures[name], pdf_engine=engine)
        # a table that cannot be read gives no plans (an error row); everything else reads cleanly
        assert errors == (name in BAD_TABLES), tables["warnings"].to_dict("records")
        outputs[engine] = _output_files(tmp_path / engine / "output")
    reference, pdfium = outputs["pdfplumber"], outputs["pdfium"]
    assert sorted(pdfium) == sorted(reference)
    differing = [f for f in reference if pdfium[f] != reference[f]]
    assert differing == [], f"{name}: {differing} differ between the engines"
    plans = pd.read_csv(tmp_path / "pdfium" / "output" / "plans.csv")
    assert len(plans) == (0 if name in BAD_TABLES else 6)  # the announcement's six plans, really read


@pytest.mark.parametrize("name", sorted(BAD))
def test_engines_refuse_the_same_files(pdf_fixtures: dict[str, Path], tmp_path: Path, name: str) -> None:
    """A bad file gets the same error code and location from both engines (the wording of
    the cause may differ: pdfminer's exception, pdfium's error number)."""
    rows = {}
    for engine in ("pdfplumber", "pdfium"):
        errors, tables = build_folder(tmp_path / engine, pdf_fixtures[name], pdf_engine=engine)
        assert errors == 1
        rows[engine] = tables["warnings"][["doc_id", "severity", "code", "location"]].to_dict("records")
    assert rows["pdfium"] == rows["pdfplumber"]
    assert rows["pdfium"][0]["code"] == BAD[name]
