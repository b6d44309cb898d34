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


#: The distribution extra that holds the PDF libraries (pyproject.toml).
PDF_EXTRA_INSTALL = "pip install 'chiiki-sangyo-plans[pdf]' (make installs it)"


def missing_pdf_library(library: str, needed_for: str, otherwise: str, display_path: str) -> PdfError:
    """The error for a PDF library of the ``[pdf]`` extra that is not installed.

    >>> str(missing_pdf_library("pypdfium2", "the pdfium engine", "use --pdf-engine pdfplumber", "a.pdf"))
    "a.pdf: the pdfium engine needs pypdfium2, which is not installed: pip install 'chiiki-sangyo-plans[pdf]' (make installs it), or use --pdf-engine pdfplumber"
    """
    return PdfError(
        f"{needed_for} needs {library}, which is not installed: {PDF_EXTRA_INSTALL}, or {otherwise}", path=display_path
    )


def unparsable_page(page: int, exc: BaseException, display_path: str) -> CorruptPdfError:
    """The error for a page the engine failed on: the same message from either engine.

    >>> str(unparsable_page(3, KeyError("x"), "a.pdf"))
    'a.pdf, page 3: page 3 cannot be parsed (KeyError); the file is damaged or crafted: download it again or re-export it'
    """
    return CorruptPdfError(
        f"page {page} cannot be parsed ({type(exc).__name__}); the file is damaged "
        "or crafted: download it again or re-export it",
        path=display_path,
        location=f"page {page}",
    )
