"""pipeline.core.engines names the PDF engines exactly as the PDF reader's parameters do."""

from __future__ import annotations

from pipeline.core import engines
from pipeline.read.pdf import params


def test_engine_names_agree_with_the_reader() -> None:
    assert engines.ENGINES == params.ENGINES
    assert engines.PDF_ENGINE == params.PDF_ENGINE
    assert (engines.PDFIUM, engines.PDFPLUMBER) == (params.PDFIUM, params.PDFPLUMBER)
