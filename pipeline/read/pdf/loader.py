"""Opening a PDF with pdfplumber and reading its pages, with library failures made clear.

pdfminer (under pdfplumber) raises whatever the damage in a file leads it to: a
``PSSyntaxError``, a ``KeyError``, a ``RecursionError`` on circular references, often
wrapped in pdfplumber's ``PdfminerException``.  None of that tells a user what to do,
so every failure is mapped here to one of :mod:`pipeline.read.pdf.errors`, naming the
file and the page: encryption to :class:`EncryptedPdfError`, anything else to
:class:`CorruptPdfError`.  An error of our own that a library wrapped (raised from
inside its call) is unwrapped and re-raised as it was.

Pages are read one at a time and closed at once: only the fragments and figures of
each page (:class:`~pipeline.read.pdf.fragments.PageData`) are kept, so memory stays
flat however long the document.  The page limit is checked before any page is parsed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.core.errors import PdfError
from pipeline.read.pdf.errors import CorruptPdfError, EncryptedPdfError, PdfTimeoutError, PdfTooLargeError
from pipeline.read.pdf.fragments import PageData, page_figures, page_fragments
from pipeline.read.pdf.params import PdfParams

logger = logging.getLogger(__name__)

#: How many wrapped exceptions to follow before giving up (a chain can be cyclic).
MAX_CHAIN = 32


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and those it wraps (pdfplumber wraps pdfminer's in ``args[0]``)."""
    seen: BaseException | None = exc
    for _ in range(MAX_CHAIN):
        if seen is None:
            return
        yield seen
        wrapped = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None
        seen = seen.__cause__ or wrapped or seen.__context__


def _reraise_own(exc: BaseException) -> None:
    """Re-raise a :class:`PdfError` (e.g. the timeout) that a library wrapped in its own."""
    for e in _chain(exc):
        if isinstance(e, PdfError):
            raise e


def _is_encryption_error(exc: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    return any(isinstance(e, PDFEncryptionError | PDFPasswordIncorrect) for e in _chain(exc))


def _close_quietly(pdf: Any) -> None:
    """Close a pdfplumber PDF even when it is damaged.

    pdfplumber's ``close()`` walks the page tree again; on a damaged file that raises a
    second error which would hide the clear one already raised, so it is logged instead
    and the file handle is closed directly.
    """
    try:
        pdf.close()
    except (Exception, RecursionError) as exc:
        logger.debug("closing a damaged PDF: %s: %s", type(exc).__name__, exc)
        stream = getattr(pdf, "stream", None)
        if stream is not None:
            stream.close()


def open_pdf(path: Path, display_path: str) -> Any:
    """Open the file with pdfplumber (nothing parsed beyond the cross-reference table).

    Raises:
        EncryptedPdfError: the PDF is password-protected.
        CorruptPdfError: pdfminer cannot open it.
    """
    import pdfplumber

    try:
        return pdfplumber.open(path)
    except PdfError:
        raise
    except (Exception, RecursionError) as exc:
        _reraise_own(exc)
        if _is_encryption_error(exc):
            raise EncryptedPdfError(
                "the PDF is encrypted (password-protected); save an unprotected copy "
                "(print to PDF, or remove the password) and put that in raw/",
                path=display_path,
            ) from exc
        raise CorruptPdfError(
            f"the PDF cannot be opened ({type(exc).__name__}: {exc}); it is damaged or truncated: download it again",
            path=display_path,
        ) from exc


def count_pages(pdf: Any, display_path: str, params: PdfParams) -> int:
    """The number of pages, checked against the page limit before any page is parsed.

    Raises:
        CorruptPdfError: the page tree cannot be read.
        PdfTooLargeError: more pages than ``params.max_pages``.
    """
    try:
        n_pages = len(pdf.pages)
    except (Exception, RecursionError) as exc:
        _reraise_own(exc)
        raise CorruptPdfError(
            f"the page tree cannot be read ({type(exc).__name__}); download the file again",
            path=display_path,
        ) from exc
    if params.max_pages is not None and n_pages > params.max_pages:
        raise PdfTooLargeError(
            f"{n_pages} pages, more than the limit of {params.max_pages}; split the "
            "file, or raise the limit (make MAX_PAGES=…, or --max-pages)",
            path=display_path,
        )
    return n_pages


def read_page(page: Any, i: int, params: PdfParams, display_path: str) -> tuple[PageData, int]:
    """Fragments and figures of page ``i``, and its repair count; the page is closed after.

    Raises:
        UnmappedFontError: a glyph has no Unicode mapping.
        CorruptPdfError: pdfminer cannot parse the page.
    """
    try:
        chars = page.chars
        frags, n = page_fragments(chars, i, params, display_path)
        figures = page_figures(page, frags)
        return PageData(i, float(page.width), float(page.height), frags, figures, bool(page.images)), n
    except PdfError:
        raise
    except (Exception, RecursionError) as exc:
        _reraise_own(exc)
        raise CorruptPdfError(
            f"page {i} cannot be parsed ({type(exc).__name__}); the file is damaged "
            "or crafted: download it again or re-export it",
            path=display_path,
            location=f"page {i}",
        ) from exc
    finally:
        page.close()


def load_pages(path: Path, display_path: str, params: PdfParams) -> tuple[list[PageData], int]:
    """Every page's fragments and figures, and the number of repaired code points.

    Raises:
        PdfError: a subclass naming the file, and the page where there is one.
    """
    pdf = open_pdf(path, display_path)
    pages: list[PageData] = []
    repaired = 0
    try:
        count_pages(pdf, display_path, params)
        deadline = time.monotonic() + params.time_limit_s
        for i, page in enumerate(pdf.pages, start=1):
            if time.monotonic() > deadline:
                raise PdfTimeoutError(
                    f"reading took longer than {params.time_limit_s:g} s (stopped before "
                    f"page {i}); check the file, or raise pipeline.read.pdf.TIME_LIMIT_S",
                    path=display_path,
                    location=f"page {i}",
                )
            data, n = read_page(page, i, params, display_path)
            pages.append(data)
            repaired += n
    finally:
        _close_quietly(pdf)
    return pages, repaired
