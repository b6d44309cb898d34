"""Tables of plans: an HTML table whose header names the plan fields reads as the text version.

A spreadsheet of approved plans published as a web page is a ``<table>`` with a header row
such as 区市町村名 | 計画名 | 計画期間 | 取組区分 | 主な事業, one row per initiative and the
plan's cells spanning its rows (``rowspan``).  Read cell by cell as ``label：value`` lines
(:mod:`pipeline.read.html.tables`), the plan title keeps its label and the programs are
never found; so such a table is read as the PDF reader reads the same table printed
(:mod:`pipeline.read.pdf.tablelines`), by the same rules (:mod:`pipeline.read.tablerows`):

* **Which tables.**  A table whose header (among its first
  :data:`~pipeline.read.tablerows.HEADER_MAX_ROWS` rows, ``th`` or ``td``) names at least
  :data:`~pipeline.read.tablerows.HEADER_MIN_LABELS` known fields
  (:func:`pipeline.lang.tableheaders.header_field`, ``pipeline/data/table_headers.csv``),
  the plan name and what the plans hold (a summary, category or content column:
  :data:`CONTENT_FIELDS`).  Any other table — a layout table, a photo table, a data table
  of other things, of plans without a plan-name column, or a list of plans that says
  nothing of their content (a press release's 区市町村名 | 計画名 | 計画期間) — is read as
  before.
* **Grid.**  ``rowspan`` and ``colspan`` are expanded by the HTML table model
  (https://html.spec.whatwg.org/multipage/tables.html#forming-a-table): a cell takes the
  first column no cell above spans into, and a span past the last row ends there.
* **Cell text.**  White space as a browser renders it; ``<br>`` and block elements
  (``p``, ``div``, ``li``) split a cell into its rows.  A name, period or summary is its
  rows re-joined as wrapped text; a category keeps apart only the rows a real line break
  separates (:func:`~pipeline.read.html.inline.join_parts`), its bare number (``(1)``)
  glued to the heading after it; a content cell (主な事業…) gives one line per
  row, as a spreadsheet cell lists one program per row (Alt+Enter), and the segmenter
  reads a list written one a line.  A program-name column (事業名) names one program a
  cell: each is a line behind a ``・`` (``role="table_composed"``), in every category.
* **Lines.**  Per plan, in the order of the text version: the heading
  ``「計画名」（区市町村名）`` (``role="table_composed"``), ``【計画期間：…】``, the summary,
  then per initiative its category heading and its program lines (``role="table_cell"``).
  Every cell is in exactly one line, with the selector path of its ``td``: header cells
  are dropped lines ``html_table_header``, cells repeating the plan above
  ``table_repeated_cell``, running numbers ``table_row_number``, columns without a known
  label ``table_unlabelled_column``, a row naming a municipality but no plan
  ``table_no_plan_name`` — the last two with a warning.

A table of plans that holds what a grid of texts cannot carry — a nested table, an image,
a script or dropped text in a cell — is read as before (``label：value``), with a
``html_table_unread`` warning.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from pipeline.core.errors import Code
from pipeline.lang.markers import bare_marker
from pipeline.lang.normalize import join_wrapped
from pipeline.read.html.dom import TEXT, Dom
from pipeline.read.html.inline import finish, join_parts
from pipeline.read.tablerows import (
    PROGRAM_BULLET,
    ROLE_CELL,
    ROLE_COMPOSED,
    Plan,
    RowReader,
    find_header,
    heading_text,
    is_unread_plan,
    period_text,
    program_rows,
)

logger = logging.getLogger(__name__)

#: Elements that start a new row of text inside a cell.
CELL_BREAKS = frozenset({"br", "p", "div", "li", "dt", "dd", "ul", "ol"})
#: Reason of a header cell's dropped line (its text labels the columns).
HEADER_REASON = "html_table_header"
#: A table of plans describes them: one of these fields besides the plan name.  A table
#: naming only plans, municipalities and periods lists plans (a press release's table of
#: approved plans, read from its ``label：value`` lines): it is not read as plans.
CONTENT_FIELDS = frozenset({"summary", "category", "content", "program"})
#: Largest ``rowspan``/``colspan`` read (the HTML Standard clamps at 65534 and 1000).
MAX_SPAN = 1000


@dataclass(slots=True)
class HtmlCell:
    """A ``td``/``th`` of a table of plans.

    Attributes:
        element: its node in the :class:`~pipeline.read.html.dom.Dom`.
        span: the grid rows and columns it covers ``(row, column, end row, end column)``.
        parts: its rows of text (split at ``<br>`` and blocks), white space finished.
    """

    element: int
    span: tuple[int, int, int, int]
    parts: list[str]

    @property
    def text(self) -> str:
        """Its rows re-joined as wrapped text (a name, a period, a label)."""
        return join_wrapped(self.parts)


@dataclass(frozen=True, slots=True)
class TableLine:
    """A line of a table of plans: its text, role, drop reason and the element it comes from."""

    text: str
    role: str | None
    reason: str | None
    element: int


@dataclass(slots=True)
class PlanTable:
    """What a table of plans reads as: its lines, and warnings ``(code, message)`` about it."""

    lines: list[TableLine] = field(default_factory=list)
    issues: list[tuple[Code, str]] = field(default_factory=list)


def span_value(value: str) -> int:
    """A ``rowspan``/``colspan`` attribute as a number (1 when missing or out of range).

    >>> span_value("3"), span_value(""), span_value("0"), span_value("x")
    (3, 1, 1, 1)
    """
    v = value.strip()
    return int(v) if v.isdigit() and 0 < int(v) <= MAX_SPAN else 1


def cell_parts(dom: Dom, ends: list[int], cell: int) -> list[str]:
    """The rows of text of a cell: its text split at ``<br>`` and block elements.

    Args:
        dom: the page.
        ends: per node, the index after its last descendant.
        cell: the ``td``/``th`` node.

    Returns:
        The non-empty rows, each :func:`~pipeline.read.html.inline.finish` ed.
    """
    parts = [""]
    for j in range(cell + 1, ends[cell]):
        node = dom.nodes[j]
        if node.tag == TEXT:
            parts[-1] += node.text
        elif node.tag in CELL_BREAKS:
            parts.append("")
    return [t for t in (finish(p) for p in parts) if t.strip()]


def grid(
    dom: Dom, ends: list[int], rows: list[list[int]], opaque: list[bool] | None = None
) -> tuple[list[HtmlCell], int, int]:
    """The cells of a table with their spans expanded (HTML table model), and its rows and columns.

    Args:
        dom: the page.
        ends: per node, the index after its last descendant.
        rows: per row, its ``td``/``th`` nodes.
        opaque: per node, whether a cell's text is not read (a cell holding a nested table,
            when only the header is looked for: its text is no label, and reading it at every
            level of nested tables would take time quadratic in their depth).
    """
    taken: set[tuple[int, int]] = set()
    cells: list[HtmlCell] = []
    n_rows = len(rows)
    for r, row in enumerate(rows):
        col = 0
        for c in row:
            while (r, col) in taken:
                col += 1
            node = dom.nodes[c]
            height = min(span_value(node.attr("rowspan")), n_rows - r)
            width = span_value(node.attr("colspan"))
            taken.update((rr, cc) for rr in range(r, r + height) for cc in range(col, col + width))
            parts = [] if opaque is not None and opaque[c] else cell_parts(dom, ends, c)
            cells.append(HtmlCell(c, (r, col, r + height, col + width), parts))
            col += width
    n_cols = max((c.span[3] for c in cells), default=0)
    return cells, n_rows, n_cols


def plan_header(cells: list[HtmlCell], n_rows: int, n_cols: int) -> tuple[int, list[str | None], list[str]] | None:
    """The header of a table of plans (module docstring), or ``None`` for any other table."""
    header = find_header(cells, n_rows, n_cols)
    if header is None or "plan_name" not in header[1] or not CONTENT_FIELDS & set(header[1]):
        return None
    return header


def _lines(cells: list[HtmlCell], reason: str | None) -> list[TableLine]:
    """One line per cell with text, holding all of it."""
    return [TableLine(c.text, ROLE_CELL, reason, c.element) for c in cells if c.parts]


def _rows_lines(cells: list[HtmlCell], category: bool = False) -> list[TableLine]:
    """One line per row of text of each cell (a program cell).

    In a category cell rows are re-joined where the break is no line break (the rules of
    :func:`~pipeline.read.html.inline.join_parts`), and a bare number is glued to its text.
    """
    out: list[TableLine] = []
    for c in cells:
        for part in join_parts(c.parts) if category else c.parts:
            if category and out and out[-1].element == c.element and bare_marker(out[-1].text):
                out[-1] = TableLine(join_wrapped([out[-1].text, part]), ROLE_CELL, None, c.element)
            else:
                out.append(TableLine(part, ROLE_CELL, None, c.element))
    return out


def _program_lines(lines: list[TableLine], category: str) -> list[TableLine]:
    """A content cell that only names programs, its rows behind bullets (:func:`program_rows`)."""
    bulleted = program_rows([ln.text for ln in lines], category)
    if bulleted is None:
        return lines
    return [TableLine(text, ROLE_COMPOSED, None, ln.element) for ln, text in zip(lines, bulleted, strict=True)]


def _program_cell_lines(cells: list[HtmlCell]) -> list[TableLine]:
    """A program-name column's cells (事業名: one program a cell), each a line behind a bullet,
    the one-a-line list the extractor reads in every category."""
    return [TableLine(PROGRAM_BULLET + c.text, ROLE_COMPOSED, None, c.element) for c in cells if c.parts]


def plan_lines(plan: Plan[HtmlCell]) -> list[TableLine]:
    """The lines of one plan, in the order of the text version (module docstring)."""
    if is_unread_plan(plan):
        return _lines(plan.all_cells(), "table_no_plan_name") + [
            ln for c, reason in plan.dropped for ln in _lines([c], reason)
        ]
    out: list[TableLine] = []
    dropped = list(plan.dropped)
    names, places = plan.cells.get("plan_name", []), plan.cells.get("municipality", [])
    if plan.ident[0]:
        text, known = heading_text(*plan.ident)
        out.append(TableLine(text, ROLE_CELL if text == plan.ident[0] else ROLE_COMPOSED, None, names[0].element))
        dropped = [(c, "table_repeated_cell") for c in places if known] + dropped
    periods = plan.cells.get("period", [])
    if periods:
        period = join_wrapped([c.text for c in periods if c.text])
        text = period_text(period)
        out.append(TableLine(text, ROLE_CELL if text == period else ROLE_COMPOSED, None, periods[0].element))
    out += [TableLine(c.text, ROLE_CELL, None, c.element) for c in plan.cells.get("summary", [])]
    out += _rows_lines(plan.loose)
    for ini in plan.initiatives:
        out += _rows_lines(ini.category, category=True)
        content = _rows_lines(ini.content)
        out += content if ini.programs else _program_lines(content, ini.key)  # beside names, it is text
        out += _program_cell_lines(ini.programs)
    return out + [ln for c, reason in dropped for ln in _lines([c], reason)]


def read_plan_table(cells: list[HtmlCell], header: tuple[int, list[str | None], list[str]]) -> PlanTable:
    """The lines of a table of plans and the warnings about it (module docstring)."""
    n_header, fields, labels = header
    out = PlanTable(_lines([c for c in cells if c.span[0] < n_header], HEADER_REASON))
    rows: list[list[HtmlCell]] = [[] for _ in range(max((c.span[0] for c in cells), default=-1) + 1)]
    for c in cells:
        if c.span[0] >= n_header and c.parts:
            rows[c.span[0]].append(c)
    plans = RowReader[HtmlCell](fields, join_wrapped).read(rows[n_header:])
    for plan in plans:
        out.lines += plan_lines(plan)
        if is_unread_plan(plan):
            out.issues.append(
                (
                    Code.HTML_TABLE_NO_PLAN_NAME,
                    f"a table row names {plan.ident[1]!r} but no plan (its plan-name cell is empty); its "
                    "cells are listed in the lines table as dropped.table_no_plan_name and not read. Check the table",
                )
            )
    for col, (fld, label) in enumerate(zip(fields, labels, strict=True)):
        if fld is None and any(c.span[1] == col and c.parts for c in cells if c.span[0] >= n_header):
            what = f"is labelled {label!r}, which names no known field" if label else "has no label"
            out.issues.append(
                (
                    Code.HTML_TABLE_UNLABELLED_COLUMN,
                    f"column {col + 1} of the table of plans {what}; its cells are listed in the lines table as "
                    "dropped.table_unlabelled_column and not read. If it holds plan data, add its label to "
                    "pipeline/data/table_headers.csv",
                )
            )
    logger.debug("table of plans: %d plan(s), %d line(s)", len(plans), len(out.lines))
    return out
