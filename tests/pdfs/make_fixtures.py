"""Make the PDF test fixtures from the real announcement text.

The PDFs are not committed: the tests render them once per session into a temporary
folder (a session fixture in ``tests/conftest.py``), which takes well under a second.
To look at them, run ``python tests/pdfs/make_fixtures.py OUT_DIR``.

Good fixtures (``GOOD``) must give the same dataset as the text; bad ones (``BAD``)
must each fail with the error code given.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pdfs.render import render_pdf, render_sideways_pdf
from pdfs.render_tables import HRULE_COLUMNS, render_table_image_pdf, render_table_pdf

ROOT = Path(__file__).resolve().parents[2]
#: The suite's own copy of the real announcement (tests/fixtures/corpus/README.md), not the user's raw/.
REAL_DOC = ROOT / "tests" / "fixtures" / "corpus" / "000_5eb07730d5f2e640.txt"

#: name: (layout, options)
GOOD: dict[str, tuple[str, dict[str, object]]] = {
    "single": ("single", {}),
    "cid": ("cid", {}),
    "figures": ("figures", {}),
    "two_column": ("two_column", {}),
    "headers": ("headers", {}),
    "page_break": ("page_break", {"page_number_format": "{n}/{total}"}),
    "kangxi": ("single", {"kangxi": True}),
    # category headings in the body size at the top of a column, after a paragraph whose last
    # line fills the column: only their marker says they are headings
    "two_column_headings": ("two_column", {"heading_size": "body", "column_end_before_headings": True}),
    # category headings in a synthetic italic (a sheared text matrix): still upright text
    "italic_headings": ("single", {"italic_headings": True}),
}
#: Spreadsheets printed to PDF (tests/pdfs/render_tables.py): name -> options; each must give
#: the same plans, initiatives and programs as the text.
TABLES: dict[str, dict[str, object]] = {
    # one row per initiative, plan cells merged over their rows, running over three pages
    "table_initiatives": {"page_numbers": True},
    # one row per plan, its category headings and texts in one cell; rows break across pages
    "table_plans": {"rows": "plans"},
    # horizontal rules only, other labels
    "table_hrules": {"rules": "horizontal", "columns": HRULE_COLUMNS},
    # a column more than labels: its cells are reported, the rest is read
    "table_extra_column": {"extra": "継続"},
    # one row per program (事業名), category and text merged over its programs' rows
    "table_programs": {"rows": "programs"},
    # a page per plan: heading, period and overview as text over a table of its programs (概要)
    "table_plan_pages": {"rows": "plan_pages", "page_numbers": True},
    # the same with horizontal rules only: columns from the text under each page's header
    "table_plan_pages_hrules": {"rows": "plan_pages", "rules": "horizontal", "page_numbers": True},
    # landscape pages stored portrait with /Rotate 90 (a printer driver's landscape sheet)
    "table_rotated": {"page_numbers": True, "rotated": True},
}
#: Tables that cannot be read: name -> the warning they must give (and no plans).
BAD_TABLES = {
    "table_no_header": "pdf_table_no_header",
    "table_image": "pdf_table_image",
}
#: name: expected error code
BAD = {
    "scan": "pdf_no_text_layer",
    "encrypted": "pdf_encrypted",
    "truncated": "pdf_corrupt",
    "unmapped": "pdf_unmapped_glyphs",
    # every page laid sideways on a landscape sheet (no /Rotate): no upright text to read
    "sideways": "pdf_no_text_layer",
}


def make_good(out_dir: Path, text: str | None = None) -> dict[str, Path]:
    """Render the announcement in every good layout; return name -> PDF path."""
    text = text if text is not None else REAL_DOC.read_text(encoding="utf-8")
    return {name: render_pdf(text, out_dir / f"{name}.pdf", layout, **opts) for name, (layout, opts) in GOOD.items()}


def make_tables(out_dir: Path, text: str | None = None) -> dict[str, Path]:
    """Render the announcement as tables, good and bad; return name -> PDF path."""
    text = text if text is not None else REAL_DOC.read_text(encoding="utf-8")
    out = {name: render_table_pdf(text, out_dir / f"{name}.pdf", **opts) for name, opts in TABLES.items()}
    out["table_no_header"] = render_table_pdf(text, out_dir / "table_no_header.pdf", header=False)
    out["table_image"] = render_table_image_pdf(text, out_dir / "table_image.pdf")
    return out


def make_bad(out_dir: Path, text: str | None = None) -> dict[str, Path]:
    """Make the PDFs that must be refused; return name -> PDF path."""
    text = text if text is not None else REAL_DOC.read_text(encoding="utf-8")
    out = {
        "scan": render_pdf(text, out_dir / "scan.pdf", scan=True),
        "encrypted": render_pdf(text, out_dir / "encrypted.pdf", encrypt_password="secret"),
        "sideways": render_sideways_pdf(text, out_dir / "sideways.pdf"),
    }
    whole = render_pdf(text, out_dir / "whole.tmp", compress=False).read_bytes()
    (out_dir / "whole.tmp").unlink()
    out["truncated"] = out_dir / "truncated.pdf"
    out["truncated"].write_bytes(whole[: len(whole) // 3])
    # Same length, so the cross-reference offsets stay valid: the fonts lose their Unicode map.
    unmapped = whole.replace(b"/ToUnicode", b"/ToUnicodX")
    assert unmapped != whole, "the renderer no longer writes /ToUnicode; update this fixture"
    out["unmapped"] = out_dir / "unmapped.pdf"
    out["unmapped"].write_bytes(unmapped)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "pdf-fixtures")
    target.mkdir(parents=True, exist_ok=True)
    for name, path in {**make_good(target), **make_tables(target), **make_bad(target)}.items():
        print(f"{name:12} {path}")
