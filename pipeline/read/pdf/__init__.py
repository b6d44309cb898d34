"""PDF reader (stage 1 for PDF input): pages to the same line stream as the text path.

A page is read the way a person reads it, in four passes (the rules and every
parameter are documented in ``docs/pdf-layout.md``; the tolerances are the named
constants of :mod:`~pipeline.read.pdf.params`, carried by :class:`PdfParams`):

1. **Characters to rows and fragments** (:mod:`~pipeline.read.pdf.fragments`).
   A page's characters, lines, rectangles and images are read once and the page closed,
   by pdfium (:mod:`~pipeline.read.pdf.pdfium`, the default) or by pdfplumber
   (:mod:`~pipeline.read.pdf.loader`, the reference), which give the same page data
   (``PdfParams.engine``; docs/pdf-layout.md, section 9).  Characters are grouped into *rows* by baseline,
   and a row is cut into *fragments* where the horizontal gap exceeds
   ``FRAGMENT_GAP_EM`` font sizes (a column gutter, or the space between a figure's
   caption and the text beside it).  Kangxi-radical and CJK-compatibility code points
   are mapped back to the unified ideographs (:mod:`~pipeline.read.pdf.glyphs`, table
   ``pipeline/data/cjk_variants.csv``) and counted; a glyph that maps to no Unicode
   (pdfminer's ``(cid:NNN)``) makes the document fail.
   **Ruled tables** are taken out of the flowing text first
   (:mod:`~pipeline.read.pdf.tableparts`): grids found from the page's ruling lines
   (:mod:`~pipeline.read.pdf.rules`, :mod:`~pipeline.read.pdf.tables`), merged cells
   resolved, cell text re-joined (:mod:`~pipeline.read.pdf.cells`), a header repeated on
   later pages recognised, columns mapped to fields by their labels; each table becomes
   the lines of the text version (:mod:`~pipeline.read.pdf.tablelines`), placed in the
   stream where it stands.  Images of tables are reported (:mod:`~pipeline.read.pdf.images`).
2. **Running headers, footers and page numbers** (:mod:`~pipeline.read.pdf.margins`) are
   found across pages before any layout work: a row in the top or bottom
   ``MARGIN_ZONE`` of the page whose text (digits ignored) recurs on at least
   ``RUNNING_MIN_SHARE`` of the pages, or an outermost row that reads as a page number
   (``- 3 -``, ``3``, ``3/10``, ``３``).  They stay in the stream with ``drop_reason``
   set, so the ledger accounts for them.
3. **Reading order** by recursive XY-cut over fragments and figures
   (:mod:`~pipeline.read.pdf.order`; figures are images and filled rectangles without
   text): a region is split at a vertical gutter at least ``COLUMN_GAP_EM`` wide if one
   crosses it from top to bottom, and read column by column; otherwise it is split into
   horizontal bands, and consecutive bands that share a gutter are merged, so text
   beside a figure is never interleaved with its caption.  A line in a smaller font
   (``CAPTION_SIZE_RATIO`` of the body size) under, above or beside a figure is a
   **caption** (``role="caption"``, :mod:`~pipeline.read.pdf.captions`).
4. **Logical lines** (:mod:`~pipeline.read.pdf.lines`).  A visual line is joined to the
   next one when the next one's first word would not have fitted on it (the line was
   wrapped, not ended), the two have the same font size and role, and the next one
   follows directly below in the same column (gap under ``PARAGRAPH_GAP_EM``) or starts
   a new column or page; never when the next line opens a heading (a category marker, a
   plan heading: :mod:`pipeline.lang.markers`) or is set in another font.  Joins follow :func:`pipeline.lang.normalize.join_wrapped` (no
   space between Japanese characters, one between Latin words) and keep a space
   published at the wrap.  So a paragraph is one :class:`~pipeline.core.model.Line`, as
   in the text path.

Nothing in a PDF is executed and nothing is fetched: pdfminer and pdfium only parse.  Crafted
or damaged files that make pdfminer fail (``RecursionError`` included) raise
:class:`CorruptPdfError`; encrypted ones :class:`EncryptedPdfError`; files without a
text layer :class:`ScannedPdfError`; too many pages :class:`PdfTooLargeError`.  Each
names the file (and page) and says what to do (:mod:`~pipeline.read.pdf.errors`).  The
reader has no time limit of its own: the document's limit
(:func:`pipeline.core.limits.time_limit`, ``make TIME_LIMIT=`` / ``--time-limit``)
covers it, and a timeout while pages are parsed names the page it stopped at.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.core.engines import ENGINES, PDF_ENGINE, PDFIUM
from pipeline.core.errors import Code, Issue, Severity
from pipeline.read.pdf.errors import (
    CorruptPdfError,
    EncryptedPdfError,
    PdfTooLargeError,
    ScannedPdfError,
    UnmappedFontError,
)
from pipeline.read.pdf.fragments import PageData, body_font_size
from pipeline.read.pdf.lines import Block, Visual, logical_lines, page_visuals
from pipeline.read.pdf.loader import load_pages
from pipeline.read.pdf.margins import mark_running
from pipeline.read.pdf.params import PdfParams
from pipeline.read.pdf.pdfium import load_pages_pdfium
from pipeline.read.pdf.tablelines import table_block
from pipeline.read.pdf.tableparts import find_tables
from pipeline.read.result import Format, ReadResult

__all__ = [
    "ENGINES",
    "PDF_ENGINE",
    "CorruptPdfError",
    "EncryptedPdfError",
    "PdfParams",
    "PdfTooLargeError",
    "ScannedPdfError",
    "UnmappedFontError",
    "read_pdf",
]


def read_pdf(path: Path, display_path: str, params: PdfParams | None = None) -> ReadResult:
    """Read a PDF into logical lines in reading order (see the module docstring).

    Args:
        path: the PDF file.
        display_path: the name to use in messages (path relative to the raw folder).
        params: reader parameters; defaults from the module constants.

    Returns:
        A :class:`~pipeline.read.result.ReadResult` with ``format=pdf``, ``n_pages``, the lines
        (dropped ones included, with ``drop_reason``) and the issues met.

    Raises:
        PdfError: a subclass naming the file, and the page where there is one.
        DocumentTimeoutError: the enclosing document time limit ran out while pages were
            parsed (``location`` is the page).
    """
    params = params or PdfParams()
    load = load_pages_pdfium if params.engine == PDFIUM else load_pages
    pages, repaired = load(path, display_path, params)
    _require_text(pages, display_path)
    issues = _reader_issues(pages, repaired, display_path)
    blocks: dict[int, list[Block]] = {}
    for table in find_tables(pages, params):
        block, found = table_block(table, params, display_path)
        blocks.setdefault(block.page, []).append(block)
        issues += found
    mark_running(pages, params)
    body_size = body_font_size(pages)
    stream = [v for p in pages for v in place_blocks(page_visuals(p, body_size, params), blocks.get(p.number, []))]
    lines = logical_lines(stream, params)
    n_tables = sum(len(b) for b in blocks.values())
    notes = (
        f"body font size {body_size:g} pt",
        f"{sum(1 for ln in lines if ln.drop_reason and not ln.role)} line(s) dropped as running headers, "
        "footers or page numbers",
    ) + ((f"{n_tables} table(s) read from ruling lines",) if n_tables else ())
    return ReadResult(
        format=Format.PDF,
        encoding=None,
        n_pages=len(pages),
        lines=lines,
        notes=notes,
        issues=tuple(issues),
    )


def place_blocks(visuals: list[Visual], blocks: list[Block]) -> list[Visual | Block]:
    """A page's visual lines with its tables' blocks where the tables stand.

    A block goes before the first kept line below its top; dropped lines (running headers
    and footers, page numbers) keep their places at the top and bottom of the page.
    """
    out: list[Visual | Block] = list(visuals)
    for block in sorted(blocks, key=lambda b: b.top, reverse=True):
        at = next(
            (i for i, v in enumerate(out) if isinstance(v, Visual) and not v.drop_reason and v.box.top >= block.top),
            None,
        )
        if at is None:
            at = next(
                (i for i, v in enumerate(out) if isinstance(v, Visual) and v.drop_reason and v.box.top >= block.top),
                len(out),
            )
        out.insert(at, block)
    return out


#: How to turn sideways pages upright: a ``/Rotate`` the reader applies (qpdf's page selection).
TURN_UPRIGHT = "e.g. qpdf --rotate=+90:1-z in.pdf out.pdf, or rotate and save them in a PDF viewer"


def _require_text(pages: list[PageData], display_path: str) -> None:
    """Refuse a PDF none of whose pages has text: a scan, or text drawn as outlines."""
    if not any(p.fragments for p in pages):
        sideways = sum(p.sideways for p in pages)
        if sideways:
            raise ScannedPdfError(
                f"no upright text: its {len(pages)} page(s) hold only text turned sideways or set "
                f"vertically ({sideways} characters), which is not read. If the pages are landscape "
                f"pages drawn sideways, turn them upright ({TURN_UPRIGHT}) and put that copy in raw/, "
                "or supply the text version of the document",
                path=display_path,
            )
        what = "only images (a scan)" if any(p.has_images for p in pages) else "no text at all"
        raise ScannedPdfError(
            f"no text layer: its {len(pages)} page(s) hold {what}. Run OCR on it "
            "(e.g. ocrmypdf -l jpn) or supply the text version of the document",
            path=display_path,
        )


def _reader_issues(pages: list[PageData], repaired: int, display_path: str) -> list[Issue]:
    """Warnings about a readable PDF: repaired code points, pages with images but no text."""
    doc_id = ""  # the build stamps the document id on reader issues
    issues: list[Issue] = []
    if repaired:
        issues.append(
            Issue(
                doc_id,
                Severity.WARNING,
                Code.PDF_CJK_VARIANTS_REPAIRED,
                "",
                f"{display_path}: {repaired} character(s) were Kangxi-radical or "
                "CJK-compatibility code points (a Word/browser export habit) and were "
                "mapped to the unified ideographs; no action needed",
            )
        )
    for p in pages:
        for box in p.grid_images:
            issues.append(
                Issue(
                    doc_id,
                    Severity.WARNING,
                    Code.PDF_TABLE_IMAGE,
                    f"page {p.number}",
                    f"{display_path}: page {p.number} holds an image of a ruled table "
                    f"({box.x1 - box.x0:.0f} × {box.bottom - box.top:.0f} pt): a picture, not text, so "
                    "nothing of it can be read. Run OCR on the file (e.g. ocrmypdf -l jpn), or supply "
                    "the text version of the document",
                )
            )
        if not p.fragments and p.sideways:
            issues.append(
                Issue(
                    doc_id,
                    Severity.WARNING,
                    Code.PDF_PAGE_NO_TEXT,
                    f"page {p.number}",
                    f"{display_path}: page {p.number} holds only text turned sideways or set "
                    f"vertically ({p.sideways} characters), which is not read; if it is a landscape "
                    f"page drawn sideways, turn it upright ({TURN_UPRIGHT}), or supply its text",
                )
            )
        elif not p.fragments and p.has_images and not p.grid_images:
            issues.append(
                Issue(
                    doc_id,
                    Severity.WARNING,
                    Code.PDF_PAGE_NO_TEXT,
                    f"page {p.number}",
                    f"{display_path}: page {p.number} holds images but no text; if it is "
                    "a scanned page, run OCR on the file",
                )
            )
    return issues
