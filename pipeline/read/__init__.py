"""Stage 1, *read*: turn a raw file into numbered lines with provenance.

Each format has its reader, and every reader returns a :class:`~pipeline.read.result.ReadResult`
holding the same kind of line stream (:class:`~pipeline.core.model.Line`), so the later
stages never know which format a document came in:

* :mod:`pipeline.read.text` — text files, decoded by explicit rules;
* :mod:`pipeline.read.pdf` — PDFs with a text layer, laid out in reading order.

:func:`detect_format` chooses the reader from the file's first bytes and its suffix.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pipeline.core.errors import UnsupportedFormatError
from pipeline.read.clean import check_line_count, remove_control_characters
from pipeline.read.result import Format, ReadResult
from pipeline.read.text import read_text

__all__ = ["Format", "ReadResult", "detect_format", "read_document"]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
PDF_SUFFIXES = frozenset({".pdf"})


def detect_format(path: Path) -> Format:
    """Choose the reader from the file's first bytes, falling back to its suffix.

    Raises:
        UnsupportedFormatError: the suffix is neither text nor PDF.
    """
    with path.open("rb") as f:
        head = f.read(1024)
    if head.lstrip(b"\x00\t\r\n ").startswith(b"%PDF-") or path.suffix.lower() in PDF_SUFFIXES:
        return Format.PDF
    if path.suffix.lower() in TEXT_SUFFIXES:
        return Format.TEXT
    raise UnsupportedFormatError(
        f"unsupported file type {path.suffix!r}; put .txt (UTF-8, CP932 or UTF-16) or .pdf files in raw/",
        path=str(path),
    )


def read_document(
    path: Path, display_path: str = "", max_pages: int | None = None, max_lines: int | None = None
) -> ReadResult:
    """Read any supported document; raises a :class:`DocumentError` subclass on bad input.

    Whatever the format, control characters are removed from the lines with a warning
    (:mod:`pipeline.read.clean`).

    Args:
        path: the file.
        display_path: its name in messages (relative to the raw folder).
        max_pages: page limit for PDFs; ``None`` keeps the reader's default.
        max_lines: most lines of the document; ``None`` for no limit.
    """
    fmt = detect_format(path)
    if fmt is Format.PDF:
        from pipeline.read import pdf

        params = pdf.PdfParams(max_pages=max_pages) if max_pages else None
        result = pdf.read_pdf(path, display_path or str(path), params)
        check_line_count(len(result.lines), max_lines, display_path or str(path))
    else:
        result = read_text(path, display_path, max_lines)
    lines, issue = remove_control_characters(result.lines)
    if issue is None:
        return result
    return dataclasses.replace(result, lines=lines, issues=(*result.issues, issue))
