"""PDF reader (stage 1 for PDF input).  Not implemented yet: PDFs are refused clearly."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import UnsupportedFormatError


def read_pdf(path: Path, display_path: str):
    raise UnsupportedFormatError("PDF input is not supported yet; provide the announcement as text",
                                 path=display_path)
