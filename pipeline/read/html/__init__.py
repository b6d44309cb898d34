"""The HTML reader: a saved announcement page becomes the same line stream as its text.

Stages, one module each:

1. :mod:`~pipeline.read.html.encoding` (with :mod:`~pipeline.read.html.prescan`): the
   bytes become text by the HTML Standard's rules — BOM, ``<meta>`` charset in the first
   1024 bytes, then strict UTF-8 / CP932 / EUC-JP — never with a replacement character;
   a declaration that contradicts the bytes is a ``html_charset_mismatch`` warning;
2. :mod:`~pipeline.read.html.dom`: the HTML5 parser builds the tree a browser builds;
3. :mod:`~pipeline.read.html.content` (rules in :mod:`~pipeline.read.html.chrome` and
   ``pipeline/data/html_chrome.csv``): the main content is found by structure (``main``,
   landmarks, container names of government CMSs, then text density), and every node
   outside it or in site chrome gets the reason it is dropped;
4. :mod:`~pipeline.read.html.tables`: data tables are labelled, layout tables read as flow,
   tables of plans read as the text version of their plans (:mod:`~pipeline.read.html.plantable`);
5. :mod:`~pipeline.read.html.walk`: one iterative walk emits the lines, each with the
   selector path of its element (:mod:`~pipeline.read.html.path`);
6. :mod:`~pipeline.read.html.checks`: warnings about a cut download, absurd nesting or a
   page that is almost all code.

**Parser.**  `selectolax <https://pypi.org/project/selectolax/>`_ 1.0 (lexbor), chosen by
``benchmarks/html_parsers.py`` on the project's HTML test pages (figures in
``docs/html-input.md``): it built the same tree as html5lib — the reference
implementation of the HTML Standard's tree construction — on all 17 broken-markup cases,
kept all text inside 1,000 nested tables and 10,000 nested ``div`` s, and parsed and
walked the seven template pages in about 4 ms, 35 times faster than html5lib.
lxml's libxml2 parser was as fast and the only one to report source lines, but built a
different tree on 7 of the 17 cases and silently lost everything below its depth limit
of 256; html5-parser could not be installed from wheels next to lxml (two libxml2);
resiliparse wraps the same lexbor behind a slower Python API.  Lexbor reports no source
positions, so a line's provenance is its element's selector path, not a line number of
the file.  selectolax is an optional dependency (extra ``html``), installed by ``make``
from ``requirements.lock``; without it an HTML file fails with ``html_parser_missing``.

Everything the walk drops is a line with ``drop_reason``: ``html_head``, ``html_script``,
``html_style``, ``html_noscript``, ``html_template``, ``html_header``,
``html_navigation``, ``html_breadcrumb``, ``html_aside``, ``html_footer``,
``html_search``, ``html_form``, ``html_skip_link``, ``html_contact``, ``html_notice``,
``html_share``, ``html_hidden``, ``html_embedded``, ``html_ruby_text``,
``html_table_header``, ``html_alt_text`` and ``html_outside_main``; the cells of a table of
plans that give no value have the reasons of the PDF reader's tables
(``table_repeated_cell``, ``table_row_number``, ``table_unlabelled_column``,
``table_no_plan_name``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from pipeline.core.errors import Code, DocumentError, EmptyDocumentError
from pipeline.core.model import Line
from pipeline.read.html.dom import HtmlParserMissingError
from pipeline.read.result import Format, ReadResult

__all__ = ["HtmlNoTextError", "HtmlParserMissingError", "HtmlTooComplexError", "read_html"]

logger = logging.getLogger(__name__)


class HtmlNoTextError(DocumentError):
    """The page has no text outside scripts and site chrome."""

    code: Code = Code.HTML_NO_TEXT


class HtmlTooComplexError(DocumentError):
    """The page has far more markup than any announcement page."""

    code: Code = Code.HTML_TOO_COMPLEX


#: Most ``<`` characters (an upper bound of the start and end tags) a page may have: an
#: announcement page has a few thousand; a page at the limit (about 100,000 elements) is
#: read in seconds with under 200 MB (docs/html-input.md).
MAX_TAGS = 200_000


def read_html(path: Path, display_path: str = "") -> ReadResult:
    """Read an HTML page into numbered lines (see the package docstring).

    Args:
        path: the ``.html`` file.
        display_path: its name in messages (relative to the raw folder).

    Raises:
        EmptyDocumentError: the file is empty.
        DecodeError: no encoding decodes the bytes strictly.
        HtmlNoTextError: nothing but scripts and chrome in the page.
        HtmlParserMissingError: the ``html`` extra is not installed.
    """
    # the stages are imported here: every command imports this package (for the format
    # sniffer, :mod:`~pipeline.read.html.sniff`), and most builds read no HTML
    from pipeline.read.html import checks
    from pipeline.read.html.content import layout
    from pipeline.read.html.dom import parse
    from pipeline.read.html.encoding import decode_html
    from pipeline.read.html.tables import analyse, summarise
    from pipeline.read.html.walk import Walker

    name = display_path or str(path)
    data = path.read_bytes()
    if not data.strip():
        raise EmptyDocumentError("the file is empty; save the page again, or remove it", path=name)
    decoded = decode_html(data, name)
    tags = decoded.text.count("<")
    if tags > MAX_TAGS:
        raise HtmlTooComplexError(
            f"the page has up to {tags:,} start and end tags, more than the limit of {MAX_TAGS:,} (an "
            "announcement page has a few thousand): check that it is the announcement, or provide its text or PDF",
            path=name,
        )
    dom = parse(decoded.text)
    found = layout(dom)
    tables = analyse(dom, summarise(dom), found.reasons)
    walker = Walker(dom, found, tables)
    lines = walker.run()
    _check_text(lines, len(data), name)
    depths = [walker.paths.depth[e] for e in walker.sources]
    found_issues = (
        decoded.warning,
        checks.truncated(decoded.text, lines, name, decoded.cut),
        checks.deep_nesting(lines, depths, name),
        checks.large_page(len(data), lines, name),
        *checks.table_issues(tables.issues, walker.table_lines, walker.paths, name),
    )
    issues = [i for i in found_issues if i is not None]
    main = dom.nodes[found.main]
    notes = (
        f"encoding {decoded.codec} from {decoded.source}"
        + (f" (declared {decoded.declared})" if decoded.declared else ""),
        f"main content: <{main.tag}> found by {found.strategy}",
    )
    return ReadResult(Format.HTML, decoded.codec, None, lines, notes, tuple(issues))


def _check_text(lines: list[Line], size: int, name: str) -> None:
    if any(ln.drop_reason is None and ln.text.strip() for ln in lines):
        return
    scripts = sum(1 for ln in lines if ln.drop_reason == "html_script")
    raise HtmlNoTextError(
        f"the page ({size:,} bytes) shows no text outside scripts and site chrome ({len(lines)} lines, all "
        f"dropped; {scripts} scripts): it is probably filled in by JavaScript. Open it in a browser "
        "and save it after it is displayed, or provide the announcement as text or PDF",
        path=name,
    )
