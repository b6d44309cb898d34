"""Why a PDF cannot be read: one :class:`~pipeline.core.errors.PdfError` subclass per cause.

Each class carries the stable ``code`` of its row in the README's troubleshooting
table; the message, written where the error is raised, names the file (and the page
where there is one) and says what to do.  The build turns any of them into one
``error`` row for the document and goes on with the others.
"""

from __future__ import annotations

from pipeline.core.errors import Code, LimitError, PdfError


class ScannedPdfError(PdfError):
    """No page has text: a scan, or text drawn as outlines."""

    code: Code = Code.PDF_NO_TEXT_LAYER


class EncryptedPdfError(PdfError):
    """The PDF is password-protected."""

    code: Code = Code.PDF_ENCRYPTED


class CorruptPdfError(PdfError):
    """pdfminer cannot open or parse the file (damaged, truncated or crafted)."""

    code: Code = Code.PDF_CORRUPT


class UnmappedFontError(PdfError):
    """A glyph maps to no Unicode (``(cid:NNN)``): the page would be mojibake."""

    code: Code = Code.PDF_UNMAPPED_GLYPHS


class PdfTooLargeError(PdfError, LimitError):
    """More pages than the page limit: a limit, so a cached result is redone when it changes."""

    code: Code = Code.PDF_TOO_LARGE
