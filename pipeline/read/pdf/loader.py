"""Opening a PDF with pdfplumber and reading its pages, with library failures made clear.

pdfminer (under pdfplumber) raises whatever the damage in a file leads it to: a
``PSSyntaxError``, a ``KeyError``, a ``RecursionError`` on circular references, often
wrapped in pdfplumber's ``PdfminerException``.  None of that tells a user what to do,
so every failure is mapped here to one of :mod:`pipeline.read.pdf.errors`, naming the
file and the page: encryption to :class:`EncryptedPdfError`, anything else to
:class:`CorruptPdfError`.  An error of our own that a library wrapped (raised from
inside its call) is unwrapped and re-raised as it was.

Pages are read one at a time and closed at once: only the fragments, figures and
ruling lines of each page (:class:`~pipeline.read.pdf.fragments.PageData`) are kept, so memory stays
flat however long the document.  The page limit is checked before any page is parsed.
At the end, on success or failure, only the file is closed: pdfplumber's ``close()``
walks the page tree again, which after a failure may fail again or never end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pipeline.core.errors import DocumentTimeoutError, PipelineError
from pipeline.core.limits import check_deadline
from pipeline.read.pdf.errors import (
    CorruptPdfError,
    EncryptedPdfError,
    PdfTooLargeError,
    missing_pdf_library,
    unparsable_page,
)
from pipeline.read.pdf.fragments import Box, PageData, page_figures, page_fragments
from pipeline.read.pdf.glyphs import Glyph, page_glyphs
from pipeline.read.pdf.images import is_table_image
from pipeline.read.pdf.params import PdfParams
from pipeline.read.pdf.rules import page_rules

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


def reraise_own(exc: BaseException) -> None:
    """Re-raise an error of ours that a library wrapped in its own.

    The document's time limit raises :class:`DocumentTimeoutError` from a signal handler,
    inside whatever pdfminer was doing; pdfplumber wraps it in ``PdfminerException``.
    """
    for e in _chain(exc):
        if isinstance(e, PipelineError):
            raise e


def _is_encryption_error(exc: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    return any(isinstance(e, PDFEncryptionError | PDFPasswordIncorrect) for e in _chain(exc))


def _close_file(pdf: Any) -> None:
    """Close the file under a pdfplumber PDF, and nothing else.

    pdfplumber's ``close()`` drops its cached page list and walks the page tree again
    to close every page.  After a failure that walk meets the same damage: it raises a
    second error that would hide the clear one, or, on a crafted page tree, loops
    forever (the time limit's one-shot timer has already fired).  After a success it
    is wasted work: every page was closed as soon as it was read.  So only the file
    stream is closed, on every path.
    """
    pdf.stream.close()


def open_pdf(path: Path, display_path: str) -> Any:
    """Open the file with pdfplumber (nothing parsed beyond the cross-reference table).

    Raises:
        EncryptedPdfError: the PDF is password-protected.
        CorruptPdfError: pdfminer cannot open it.
    """
    try:
        import pdfplumber
    except ImportError as exc:  # the [pdf] extra is not installed
        raise missing_pdf_library(
            "pdfplumber", "PDF input", "supply the text version of the document", display_path
        ) from exc
    try:
        return pdfplumber.open(path)
    except PipelineError:
        raise
    except (Exception, RecursionError) as exc:
        reraise_own(exc)
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
        reraise_own(exc)
        raise CorruptPdfError(
            f"the page tree cannot be read ({type(exc).__name__}); download the file again",
            path=display_path,
        ) from exc
    check_page_count(n_pages, display_path, params)
    return n_pages


def check_page_count(n_pages: int, display_path: str, params: PdfParams) -> None:
    """Refuse more pages than ``params.max_pages``.

    Raises:
        PdfTooLargeError: naming the count and the limit.
    """
    if params.max_pages is not None and n_pages > params.max_pages:
        raise PdfTooLargeError(
            f"{n_pages} pages, more than the limit of {params.max_pages}; split the "
            "file, or raise the limit (make MAX_PAGES=…, or --max-pages)",
            path=display_path,
        )


def page_data(
    i: int,
    glyphs: list[Glyph],
    page: Any,
    params: PdfParams,
    decode: Callable[[dict[str, Any]], Any] | None = None,
    sideways: int = 0,
) -> PageData:
    """Fragments, figures, rules and table images of page ``i``, whichever engine read it.

    Args:
        i: the page number.
        glyphs: the page's characters (:mod:`~pipeline.read.pdf.glyphs`).
        page: an object with pdfplumber's ``width``, ``height``, ``lines``, ``rects``,
            ``curves`` and ``images``.
        params: the reader's parameters.
        decode: an image's grey levels (:func:`~pipeline.read.pdf.images.is_table_image`).
        sideways: the characters left out for not being upright (:func:`~pipeline.read.pdf.glyphs.record_glyphs`).
    """
    frags = page_fragments(glyphs, i, params)
    figures = page_figures(page, frags)
    hrules, vrules = page_rules(page, params)
    grids = [Box(im["x0"], im["top"], im["x1"], im["bottom"]) for im in page.images if is_table_image(im, decode)]
    size = float(page.width), float(page.height)
    return PageData(i, *size, frags, figures, bool(page.images), hrules, vrules, grids, sideways)


def read_page(page: Any, i: int, params: PdfParams, display_path: str) -> tuple[PageData, int]:
    """Fragments and figures of page ``i``, and its repair count; the page is closed after.

    Raises:
        UnmappedFontError: a glyph has no Unicode mapping.
        CorruptPdfError: pdfminer cannot parse the page.
    """
    try:
        glyphs, repaired, sideways = page_glyphs(page.chars, i, display_path)
        return page_data(i, glyphs, page, params, sideways=sideways), repaired
    except PipelineError:
        raise
    except (Exception, RecursionError) as exc:
        reraise_own(exc)
        raise unparsable_page(i, exc, display_path) from exc
    finally:
        page.close()


def stopped_at(exc: DocumentTimeoutError, page: int, n_pages: int, display_path: str) -> DocumentTimeoutError:
    """The document's time limit, located at the page that was being read when it ran out.

    >>> err = DocumentTimeoutError("processing took longer than the time limit", path="a.pdf")
    >>> str(stopped_at(err, 3, 40, "a.pdf"))
    'a.pdf, page 3: stopped at page 3 of 40: processing took longer than the time limit'
    """
    return DocumentTimeoutError(
        f"stopped at page {page} of {n_pages}: {exc.message}",
        path=exc.path or display_path,
        location=f"page {page}",
    )


def load_pages(path: Path, display_path: str, params: PdfParams) -> tuple[list[PageData], int]:
    """Every page's fragments and figures, and the number of repaired code points.

    The document's time limit (:func:`pipeline.core.limits.time_limit`, set by the
    driver) covers the whole read; the clock is also checked before each page, and a
    timeout is reported at the page it stopped at.

    Raises:
        PdfError: a subclass naming the file, and the page where there is one.
        DocumentTimeoutError: the document's time limit ran out (at ``page N``).
    """
    pdf = open_pdf(path, display_path)
    pages: list[PageData] = []
    repaired = 0
    try:
        n_pages = count_pages(pdf, display_path, params)
        for i, page in enumerate(pdf.pages, start=1):
            try:
                check_deadline()
                data, n = read_page(page, i, params, display_path)
            except DocumentTimeoutError as exc:
                raise stopped_at(exc, i, n_pages, display_path) from exc
            pages.append(data)
            repaired += n
    finally:
        _close_file(pdf)
    return pages, repaired
