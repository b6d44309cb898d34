"""The pdfium engine: a PDF's pages read through pypdfium2's raw bindings, into the same page data.

pdfplumber (the reference engine, :mod:`~pipeline.read.pdf.loader`) spends nearly all of
a page's time in pdfminer's pure-Python parse.  pdfium parses in C++: its text page
(``FPDFText_*``, :mod:`~pipeline.read.pdf.pdfium_chars`) and its page objects
(``FPDFPage_GetObject``, :mod:`~pipeline.read.pdf.pdfium_graphics`) are turned into
exactly what pdfplumber hands the layout analysis (characters with the fields of
``page.chars``, lines, rectangles, curves and images), and :func:`~pipeline.read.pdf.loader.page_data`
does the rest, so every later pass is shared and the two engines give the same lines.

Failures are mapped as for pdfplumber: a password to :class:`EncryptedPdfError`, a page
pdfium cannot load to :class:`CorruptPdfError`, a glyph without a Unicode map to
:class:`~pipeline.read.pdf.errors.UnmappedFontError` (through the same ``(cid:N)``
check), too many pages to :class:`~pipeline.read.pdf.errors.PdfTooLargeError`.  A file
pdfium cannot open at all is handed to the reference engine, which reads past some damage
pdfium refuses (a broken ``%PDF`` header) and otherwise fails with its own clear error; so
such files give the same result with both engines.  pdfium in turn repairs some damage
pdfminer refuses (a broken cross-reference table), so a damaged file may read with this
engine and fail with the other.

pdfium handles are neither thread- nor fork-safe: a document is opened, read page by
page and closed within one call (so within one worker process), and every page, text
page and document is closed on every path, failures and time-outs included.
"""

from __future__ import annotations

import ctypes
import logging
import os
import struct
from pathlib import Path
from typing import Any

from pipeline.core.errors import DocumentTimeoutError, PipelineError
from pipeline.core.limits import check_deadline
from pipeline.read.pdf.errors import CorruptPdfError, EncryptedPdfError, missing_pdf_library, unparsable_page
from pipeline.read.pdf.fragments import PageData
from pipeline.read.pdf.glyphs import record_glyphs
from pipeline.read.pdf.loader import check_page_count, load_pages, page_data, stopped_at
from pipeline.read.pdf.params import PdfParams
from pipeline.read.pdf.pdfium_chars import blank_records, page_records
from pipeline.read.pdf.pdfium_graphics import image_gray, page_graphics
from pipeline.read.pdf.rotation import Matrix, rotation_matrix

logger = logging.getLogger(__name__)

#: Significant digits that identify any 32-bit float.
FLOAT32_DIGITS = 9


def _raw(display_path: str) -> Any:
    """``pypdfium2.raw``, the library initialised (importing ``pypdfium2`` does it)."""
    try:
        import pypdfium2  # noqa: F401  (initialises pdfium)
        import pypdfium2.raw as raw
    except ImportError as exc:  # the [pdf] extra is not installed
        raise missing_pdf_library(
            "pypdfium2", "the pdfium engine", "use --pdf-engine pdfplumber", display_path
        ) from exc
    return raw


def shortest_decimal(value: float) -> float:
    """The shortest decimal that pdfium's single-precision ``value`` stands for.

    pdfium keeps a page's size as a 32-bit float; the file wrote a decimal, which pdfminer
    reads as a double.  The shortest decimal with the same 32-bit value is that number
    (an A4 page's 841.8898, not 841.8897705078125), so both engines measure from one top.

    >>> shortest_decimal(841.8897705078125), shortest_decimal(595.2755737304688), shortest_decimal(0.1)
    (841.8898, 595.2756, 0.1)
    """
    single = struct.unpack("f", struct.pack("f", value))[0]
    for digits in range(1, FLOAT32_DIGITS + 1):
        candidate = float(f"{single:.{digits}g}")
        if struct.unpack("f", struct.pack("f", candidate))[0] == single:
            return candidate
    return float(value)


def load_document(raw: Any, path: Path, display_path: str) -> Any | None:
    """The pdfium document, or ``None`` when pdfium cannot open the file.

    Raises:
        EncryptedPdfError: the PDF needs a password.
    """
    doc = raw.FPDF_LoadDocument(os.fsencode(path), None)
    if not doc and raw.FPDF_GetLastError() == raw.FPDF_ERR_PASSWORD:
        raise EncryptedPdfError(
            "the PDF is encrypted (password-protected); save an unprotected copy "
            "(print to PDF, or remove the password) and put that in raw/",
            path=display_path,
        )
    return doc or None


def page_rotation(raw: Any, page: Any) -> Matrix:
    """The matrix from the page's user space to its space as displayed (its ``/Rotate`` and media box)."""
    turns = int(raw.FPDFPage_GetRotation(page))
    if not turns:
        return rotation_matrix(0, (0.0, 0.0, 0.0, 0.0))
    box = [ctypes.c_float() for _ in range(4)]
    if not raw.FPDFPage_GetMediaBox(page, *(ctypes.byref(v) for v in box)):
        box[2].value, box[3].value = raw.FPDF_GetPageHeightF(page), raw.FPDF_GetPageWidthF(page)
    return rotation_matrix(turns, (box[0].value, box[1].value, box[2].value, box[3].value))


def read_page(raw: Any, doc: Any, i: int, params: PdfParams, display_path: str) -> tuple[PageData, int]:
    """Page ``i`` (1-based) of an open document as page data, and its repair count; the page is closed after.

    Raises:
        UnmappedFontError: a glyph has no Unicode mapping.
        CorruptPdfError: pdfium cannot load the page.
    """
    page = raw.FPDF_LoadPage(doc, i - 1)
    if not page:
        raise CorruptPdfError(
            f"page {i} cannot be loaded (pdfium error {raw.FPDF_GetLastError()}); the file is damaged "
            "or crafted: download it again or re-export it",
            path=display_path,
            location=f"page {i}",
        )
    textpage = None
    try:
        width, height = shortest_decimal(raw.FPDF_GetPageWidthF(page)), shortest_decimal(raw.FPDF_GetPageHeightF(page))
        textpage = raw.FPDFText_LoadPage(page)
        if not textpage:
            raise CorruptPdfError(
                f"the text of page {i} cannot be read; the file is damaged: download it again or re-export it",
                path=display_path,
                location=f"page {i}",
            )
        base = page_rotation(raw, page)
        graphics = page_graphics(raw, page, width, height, base)
        records = page_records(raw, textpage, height, base) + blank_records(raw, graphics.blanks, height)
        glyphs, repaired, sideways = record_glyphs(records, i, display_path)
        return page_data(i, glyphs, graphics, params, lambda im: image_gray(raw, im), sideways), repaired
    except PipelineError:
        raise
    except (Exception, RecursionError) as exc:
        raise unparsable_page(i, exc, display_path) from exc
    finally:
        if textpage:
            raw.FPDFText_ClosePage(textpage)
        raw.FPDF_ClosePage(page)


def load_pages_pdfium(path: Path, display_path: str, params: PdfParams) -> tuple[list[PageData], int]:
    """Every page's page data and the number of repaired code points, read with pdfium.

    The same contract as :func:`~pipeline.read.pdf.loader.load_pages`: the page limit is
    checked before any page is read, the document's time limit before each page.

    Raises:
        PdfError: a subclass naming the file, and the page where there is one.
        DocumentTimeoutError: the document's time limit ran out (at ``page N``).
    """
    raw = _raw(display_path)
    doc = load_document(raw, path, display_path)
    if doc is None:  # pdfminer reads past some damage pdfium refuses (a broken header)
        logger.info(
            "%s: pdfium cannot open the file (error %d); read with pdfplumber", display_path, raw.FPDF_GetLastError()
        )
        return load_pages(path, display_path, params)
    pages: list[PageData] = []
    repaired = 0
    try:
        n_pages = int(raw.FPDF_GetPageCount(doc))
        check_page_count(n_pages, display_path, params)
        for i in range(1, n_pages + 1):
            try:
                check_deadline()
                data, n = read_page(raw, doc, i, params, display_path)
            except DocumentTimeoutError as exc:
                raise stopped_at(exc, i, n_pages, display_path) from exc
            pages.append(data)
            repaired += n
    finally:
        raw.FPDF_CloseDocument(doc)
    return pages, repaired
