"""The pdfium engine: pdfplumber's page data from pdfium, its errors, and its handles closed.

Small PDFs are drawn with reportlab and read by both libraries: every character, font
name (the weight included), ruling line and figure the pdfium engine gives must be
pdfplumber's, in pdfplumber's coordinates (points, ``top`` measured from the top).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, ClassVar

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from test_pdf import _slow_from_page

from pipeline.core.errors import DocumentTimeoutError
from pipeline.core.limits import time_limit
from pipeline.read import pdf
from pipeline.read.pdf import PdfParams, loader, pdfium, read_pdf
from pipeline.read.pdf.fragments import dominant_font, page_figures
from pipeline.read.pdf.glyphs import font_name
from pipeline.read.pdf.pdfium_chars import continues, page_chars, standard_descents, to_top_left
from pipeline.read.pdf.pdfium_graphics import page_graphics
from pipeline.read.pdf.rules import page_rules

PDFIUM = PdfParams(engine="pdfium")
#: Largest difference, in points, between the engines' character boxes on these files.
BOX_TOLERANCE_PT = 0.01


def _draw(path: Path) -> Path:
    """A page with regular and bold Latin text, a hyphenated word, a rotated word, a ruled box, a bar and a figure."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 11)
    c.drawString(72, 760, "Plan period FY2023-2025")
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, 730, "Support program")
    c.setFont("Times-Roman", 9)
    c.drawString(300, 730, "caption beside")
    c.drawString(300, 716, "a word cut at the end of the line: Start-")
    c.drawString(300, 705, "up")  # pdfium marks the hyphen before it as a line-end hyphen
    c.saveState()
    c.translate(500, 500)
    c.rotate(90)
    c.drawString(0, 0, "sideways")
    c.restoreState()
    c.rect(72, 600, 300, 80, stroke=1, fill=0)  # a ruled box: four rules
    c.line(72, 640, 372, 640)  # a rule across it
    c.rect(72, 560, 300, 1.0, stroke=0, fill=1)  # a bar drawn as a thin filled rectangle
    c.rect(400, 560, 100, 100, stroke=0, fill=1)  # a figure
    c.showPage()
    c.save()
    return path


def _pdfium_page(path: Path) -> tuple[list[dict[str, Any]], Any]:
    raw = pdfium._raw(path.name)
    doc = pdfium.load_document(raw, path, path.name)
    page = raw.FPDF_LoadPage(doc, 0)
    textpage = raw.FPDFText_LoadPage(page)
    try:
        width = pdfium.shortest_decimal(raw.FPDF_GetPageWidthF(page))
        height = pdfium.shortest_decimal(raw.FPDF_GetPageHeightF(page))
        graphics = page_graphics(raw, page, width, height)
        return page_chars(raw, textpage, height), graphics
    finally:
        raw.FPDFText_ClosePage(textpage)
        raw.FPDF_ClosePage(page)
        raw.FPDF_CloseDocument(doc)


def test_coordinates_are_converted_to_pdfplumbers() -> None:
    """Bottom-left PDF space to top-left: a 10 pt character on a baseline 700 pt up an A4 page."""
    top, bottom = to_top_left(700.0, -1.2, 10.0, 842.0)
    assert (top, bottom) == pytest.approx((133.2, 143.2))
    assert bottom - top == pytest.approx(10.0)  # one font size high, as pdfminer boxes it
    assert continues(56.0, 700.0, 66.0, 700.0)
    assert not continues(56.0, 700.0, 56.0, 686.0)  # the next line of the same object


def test_standard_descents_are_pdfminers() -> None:
    """The data file the pdfium engine reads is pdfminer's table (the reference engine's metrics)."""
    from pdfminer.fontmetrics import FONT_METRICS

    theirs = {name: metrics[0].get("Descent") for name, metrics in FONT_METRICS.items()}
    assert standard_descents() == {name: None if d is None else float(d) for name, d in theirs.items()}
    assert standard_descents()["Helvetica"] == -207.0 and standard_descents()["ZapfDingbats"] is None


def test_characters_fonts_and_weights_match_pdfplumber(tmp_path: Path) -> None:
    path = _draw(tmp_path / "page.pdf")
    chars, _ = _pdfium_page(path)
    with pdfplumber.open(path) as doc:
        reference = doc.pages[0].chars
    assert [c["text"] for c in chars] == [c["text"] for c in reference]
    for ours, theirs in zip(chars, reference, strict=True):
        assert ours["upright"] == theirs["upright"]
        if not theirs["upright"]:
            continue  # the layout analysis reads upright characters only
        for key in ("x0", "x1", "top", "bottom", "size"):
            assert ours[key] == pytest.approx(theirs[key], abs=BOX_TOLERANCE_PT), (ours["text"], key)
        assert font_name(ours["fontname"]) == font_name(theirs["fontname"])
    # the weight reaches the layout analysis in the font's name, which tells a heading apart
    assert "Start-up" in "".join(c["text"] for c in chars)
    fonts: dict[str, str] = {}
    for c in chars:
        fonts.setdefault(c["text"], c["fontname"])  # the first S is the bold heading's
    assert fonts["S"] == "Helvetica-Bold" and fonts["P"] == "Helvetica"
    run = [(c["text"], font_name(c["fontname"])) for c in chars if round(c["size"]) == 14]  # the heading
    assert dominant_font(run) == "Helvetica-Bold"
    assert not any(c["upright"] for c in chars if c["text"] in "sideways" and c["x0"] > 480)


def test_rules_and_figures_match_pdfplumber(tmp_path: Path) -> None:
    path = _draw(tmp_path / "page.pdf")
    _, graphics = _pdfium_page(path)
    with pdfplumber.open(path) as doc:
        page = doc.pages[0]
        rules = page_rules(page, PdfParams())
        figures = page_figures(page, [])
    assert page_rules(graphics, PdfParams()) == rules
    h, v = rules
    assert (201.89, 72.0, 372.0) in h and len(v) == 2  # the rule across, the box's sides
    assert page_figures(graphics, []) == figures and len(figures) == 1


def test_page_limit_before_any_page(pdf_fixtures: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfium, "read_page", lambda *a: pytest.fail("a page was read"))
    with pytest.raises(pdf.PdfTooLargeError, match="more than the limit of 2"):
        read_pdf(pdf_fixtures["single"], "big.pdf", PdfParams(max_pages=2, engine="pdfium"))


def test_a_crash_in_the_layout_is_a_corrupt_page(
    pdf_fixtures: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(loader, "page_fragments", boom)
    with pytest.raises(pdf.CorruptPdfError) as info:
        read_pdf(pdf_fixtures["single"], "crafted.pdf", PDFIUM)
    assert info.value.location == "page 1"


def test_time_limit_names_the_page(pdf_fixtures: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    _slow_from_page(monkeypatch, 2, 60.0)
    start = time.monotonic()
    with pytest.raises(DocumentTimeoutError) as info, time_limit(2.0, "raw/slow.pdf"):
        read_pdf(pdf_fixtures["single"], "raw/slow.pdf", PDFIUM)
    assert time.monotonic() - start < 10
    assert info.value.location == "page 2" and "stopped at page 2 of 5" in str(info.value)


class CountingRaw:
    """``pypdfium2.raw`` with its opens and closes counted."""

    PAIRS: ClassVar[dict[str, str]] = {
        "FPDF_LoadDocument": "FPDF_CloseDocument",
        "FPDF_LoadPage": "FPDF_ClosePage",
        "FPDFText_LoadPage": "FPDFText_ClosePage",
    }

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self.counts = dict.fromkeys([*self.PAIRS, *self.PAIRS.values()], 0)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._raw, name)
        if name not in self.counts:
            return value

        def counted(*args: Any) -> Any:
            result = value(*args)
            if result or name not in self.PAIRS:
                self.counts[name] += 1
            return result

        return counted

    def balanced(self) -> bool:
        return all(self.counts[o] == self.counts[c] for o, c in self.PAIRS.items())


@pytest.mark.parametrize("ending", ["success", "unmapped glyph", "timeout"])
def test_documents_and_pages_are_always_closed(
    pdf_fixtures: dict[str, Path], monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    """pdfium handles are not fork-safe: none may outlive the read, whatever ends it."""
    counting = CountingRaw(pdfium._raw("x"))
    monkeypatch.setattr(pdfium, "_raw", lambda display_path: counting)
    source = "unmapped" if ending == "unmapped glyph" else "single"
    if ending == "timeout":
        _slow_from_page(monkeypatch, 2, 60.0)
    try:
        with time_limit(2.0, "a.pdf"):
            read_pdf(pdf_fixtures[source], "a.pdf", PDFIUM)
    except (pdf.UnmappedFontError, DocumentTimeoutError):
        assert ending != "success"
    assert counting.counts["FPDF_LoadDocument"] == 1 and counting.counts["FPDF_LoadPage"] >= 1
    assert counting.balanced(), counting.counts


def test_a_file_pdfium_cannot_open_is_read_by_pdfplumber(pdf_fixtures: dict[str, Path], tmp_path: Path) -> None:
    """pdfminer reads past a broken ``%PDF`` header; pdfium refuses the file, and hands it on."""
    damaged = tmp_path / "damaged.pdf"
    data = pdf_fixtures["single"].read_bytes()
    damaged.write_bytes(bytes([data[0] ^ 0xFF]) + data[1:])
    ours = read_pdf(damaged, "damaged.pdf", PDFIUM)
    reference = read_pdf(damaged, "damaged.pdf")
    assert [ln.text for ln in ours.lines] == [ln.text for ln in reference.lines]
    assert len(ours.lines) > 50


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match=r"PdfParams\.engine must be one of pdfplumber, pdfium"):
        PdfParams(engine="poppler")
