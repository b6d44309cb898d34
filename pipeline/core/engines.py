"""The libraries a build can read PDF pages with, by name.

The driver and the command line need only the names (to check ``--pdf-engine`` and to key
the *read* stage), not the PDF reader itself, whose import (NumPy, the page analysis) a
build that reads no PDF page — a no-op rebuild — should not pay.  The reader's parameters
(:mod:`pipeline.read.pdf.params`) hold the same names; a unit test checks they agree.
"""

from __future__ import annotations

PDFPLUMBER = "pdfplumber"
PDFIUM = "pdfium"
#: Every engine a build accepts.
ENGINES = (PDFPLUMBER, PDFIUM)
#: The default: the same data as pdfplumber, faster (``make PDF_ENGINE=``, ``--pdf-engine``).
PDF_ENGINE = PDFIUM
