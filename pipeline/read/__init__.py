"""Stage 1, *read*: turn a raw file into numbered lines with provenance.

Each format has its reader, and every reader returns a :class:`~pipeline.read.result.ReadResult`
holding the same kind of line stream (:class:`~pipeline.core.model.Line`), so the later
stages never know which format a document came in:

* :mod:`pipeline.read.text` — text files, decoded by explicit rules;
* :mod:`pipeline.read.pdf` — PDFs with a text layer, laid out in reading order;
* :mod:`pipeline.read.html` — saved web pages, main content only.

:func:`detect_format` chooses the reader from the file's first bytes and its suffix.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pipeline.core.errors import UnsupportedFormatError
from pipeline.core.limits import DEFAULT_LIMITS, Limits
from pipeline.read.clean import check_line_count, remove_control_characters
from pipeline.read.result import Format, ReadResult
from pipeline.read.text import read_text

__all__ = ["Format", "ReadResult", "detect_format", "guess_format", "read_document"]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
PDF_SUFFIXES = frozenset({".pdf"})


def detect_format(path: Path) -> Format:
    """Choose the reader from the file's first bytes, falling back to its suffix.

    Raises:
        UnsupportedFormatError: the suffix is neither text nor PDF.
    """
    from pipeline.read.html.sniff import HTML_SUFFIXES, looks_like_html  # not on a no-op build's path

    with path.open("rb") as f:
        head = f.read(1024)
    if head.lstrip(b"\x00\t\r\n ").startswith(b"%PDF-") or path.suffix.lower() in PDF_SUFFIXES:
        return Format.PDF
    if path.suffix.lower() in HTML_SUFFIXES or looks_like_html(head):
        return Format.HTML
    if path.suffix.lower() in TEXT_SUFFIXES:
        return Format.TEXT
    raise UnsupportedFormatError(
        f"unsupported file type {path.suffix!r}; put .txt (UTF-8, CP932 or UTF-16), .pdf or .html files in raw/",
        path=str(path),
    )


def guess_format(path: Path) -> Format:
    """The format a file is (or would be) read as; text when it cannot be told or read."""
    try:
        return detect_format(path)
    except (UnsupportedFormatError, OSError):
        return Format.TEXT


def read_document(
    path: Path, display_path: str = "", limits: Limits = DEFAULT_LIMITS, pdf_engine: str | None = None
) -> ReadResult:
    """Read any supported document; raises a :class:`DocumentError` subclass on bad input.

    Whatever the format, control characters are removed from the lines with a warning
    (:mod:`pipeline.read.clean`).

    Args:
        path: the file.
        display_path: its name in messages (relative to the raw folder).
        limits: the per-document limits; the readers apply ``max_pages`` (PDF) and
            ``max_lines`` (``None``: no limit).  Size and time are applied around the read
            by the driver.
        pdf_engine: the library that reads a PDF's pages (``pdfplumber`` or ``pdfium``);
            ``None``: the default (:data:`pipeline.read.pdf.params.PDF_ENGINE`).
    """
    fmt = detect_format(path)
    name = display_path or str(path)
    if fmt is Format.PDF:
        from pipeline.read import pdf

        params = pdf.PdfParams(max_pages=limits.max_pages, engine=pdf_engine or pdf.PDF_ENGINE)
        result = pdf.read_pdf(path, name, params)
        check_line_count(len(result.lines), limits.max_lines, name)
    elif fmt is Format.HTML:
        from pipeline.read.html import read_html

        result = read_html(path, display_path)
        check_line_count(len(result.lines), limits.max_lines, name)
    else:
        result = read_text(path, display_path, limits.max_lines)
    lines, issue = remove_control_characters(result.lines)
    if issue is None:
        return result
    return dataclasses.replace(result, lines=lines, issues=(*result.issues, issue))
