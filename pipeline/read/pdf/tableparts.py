"""A table over several pages: its parts found page by page, its header, its rows.

Pages are read in order.  On each page the grids of :mod:`~pipeline.read.pdf.tables` are
taken top to bottom; each becomes a :class:`Part` with its cells
(:mod:`~pipeline.read.pdf.cells`), and its text leaves the page's flowing text.

**Header.**  Among a part's first :data:`~pipeline.read.tablerows.HEADER_MAX_ROWS` rows,
the last one whose cells name at least :data:`~pipeline.read.tablerows.HEADER_MIN_LABELS`
known fields (:func:`pipeline.lang.tableheaders.header_field`) is the header row; it and
the rows above it (a title, a group label) are the header.  Each column takes the field
its header cell names; a header cell spanning columns labels them all; a column whose
cell names nothing is tried with the label above it (a group label and its sub-label).

**Continuation.**  The first grid of a page continues the last table of the page before
when its column boundaries lie within ``table_continue_em`` of that table's.  A header
repeated on the new page is recognised (it names the same fields) and not read as data,
unless text other than running headers, footers and page numbers stands between the two
parts (a page per plan, its heading over a table of the same form): then it starts the
next table, whose lines go where it stands.
A grid with horizontal rules only and no header of its own continues a table only with
that table's columns, checked against its text.

**Not a table.**  A grid with vertical rules and no header that continues nothing is
kept as a table that is not read (:attr:`Table.unread`: its cells are listed, and the
reader warns); a grid of horizontal rules only in that case is not a table at all, and its
text stays in the flow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.read import tablerows
from pipeline.read.pdf.cells import Cell, grid_cells, split_text
from pipeline.read.pdf.fragments import Fragment, PageData
from pipeline.read.pdf.margins import margin_zone
from pipeline.read.pdf.params import PdfParams
from pipeline.read.pdf.rules import HRule
from pipeline.read.pdf.tables import Grid, grid_with_columns, hrule_grid, rule_stacks, ruled_grids

#: Body font size assumed for a grid without text.
FALLBACK_EM = 10.0


@dataclass(slots=True)
class Part:
    """A table's grid on one page, its cells, and how many of its first rows are header."""

    grid: Grid
    cells: list[Cell]
    header_rows: int = 0

    def rows(self, start: int) -> list[list[Cell]]:
        """From row ``start`` on, per row, the cells whose first row it is, left to right."""
        out: list[list[Cell]] = [[] for _ in range(self.grid.n_rows)]
        for c in self.cells:
            out[c.span[0]].append(c)
        return [sorted(r, key=lambda c: c.span[1]) for r in out[start:]]


@dataclass(slots=True)
class Table:
    """A table, maybe over several pages: the field of each column, its parts.

    Attributes:
        fields: per column, the field its label names (``None``: no known label).
        labels: per column, the label as published.
        parts: its parts, in page order.
        unread: no header names its columns: its cells are listed but not read.
    """

    fields: list[str | None]
    labels: list[str]
    parts: list[Part] = field(default_factory=list)
    unread: bool = False

    @property
    def xs(self) -> list[float]:
        return self.parts[-1].grid.xs

    @property
    def page(self) -> int:
        return self.parts[0].grid.page


def find_header(part: Part) -> tuple[int, list[str | None], list[str]] | None:
    """The number of header rows and the columns' fields and labels, or ``None``.

    The rules are those of every table reader (:func:`pipeline.read.tablerows.find_header`).
    """
    found = tablerows.find_header(part.cells, part.grid.n_rows, part.grid.n_cols)
    if found is None:
        return None
    rows, fields, labels = found
    return rows, program_table_fields(fields), labels


def program_table_fields(fields: list[str | None]) -> list[str | None]:
    """The fields of a table of programs: its 概要 describes each program, not the plan.

    A table with one row per program (a ``program`` column) and no plan cells (no plan-name
    or municipality column: it stands under its plan's heading) has an overview column per
    program; its cells are the initiative's text, which the programs' list then follows.

    >>> program_table_fields(["category", "program", "summary"])
    ['category', 'program', 'content']
    >>> program_table_fields(["plan_name", "summary", "category", "program"])
    ['plan_name', 'summary', 'category', 'program']
    """
    if "program" not in fields or "plan_name" in fields or "municipality" in fields:
        return fields
    return ["content" if f == "summary" else f for f in fields]


def same_columns(a: list[float], b: list[float], tolerance: float) -> bool:
    """Whether two lists of column boundaries are the same within ``tolerance`` points.

    >>> same_columns([0.0, 100.0, 200.0], [0.5, 99.0, 200.0], 5.0), same_columns([0.0, 200.0], [0.0, 100.0, 200.0], 5.0)
    (True, False)
    """
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def _text_size(frags: list[Fragment]) -> float:
    sizes = sorted(f.size for f in frags)
    return sizes[len(sizes) // 2] if sizes else FALLBACK_EM


@dataclass(slots=True)
class _Candidate:
    grid: Grid | None
    stack: list[HRule]
    top: float


def _candidates(page: PageData, params: PdfParams, em: float) -> list[_Candidate]:
    grids, left = ruled_grids(page.number, page.hrules, page.vrules, params)
    out = [_Candidate(g, [], g.ys[0]) for g in grids]
    for stack in rule_stacks(left, params.rule_snap_pt):
        grid = hrule_grid(page.number, stack, page.fragments, params, em)
        out.append(_Candidate(grid, stack, stack[0][0]))
    return sorted(out, key=lambda c: c.top)


def _continued_grid(cand: _Candidate, prev: Table, page: PageData, params: PdfParams, em: float) -> Grid | None:
    """The candidate's grid with the columns of ``prev`` when it may continue that table."""
    tolerance = params.table_continue_em * em
    if cand.grid is not None and same_columns(cand.grid.xs, prev.xs, tolerance):
        return cand.grid
    if cand.stack:
        x0, x1 = min(r[1] for r in cand.stack), max(r[2] for r in cand.stack)
        if abs(x0 - prev.xs[0]) <= tolerance and abs(x1 - prev.xs[-1]) <= tolerance:
            ys = cand.grid.ys if cand.grid else sorted({y for y, _, _ in cand.stack})
            return grid_with_columns(page.number, cand.stack, ys, prev.xs, page.fragments, params)
    return None


def _part(page: PageData, grid: Grid) -> tuple[Part, list[Fragment]]:
    """The grid's part with its cells, and the page's text outside it."""
    inside, outside = split_text(grid, page.fragments)
    return Part(grid, grid_cells(grid, inside)), outside


def _take(page: PageData, part: Part, outside: list[Fragment]) -> Part:
    """Make ``part`` a table's: its text and the figures inside it leave the page's flow."""
    g = part.grid
    page.fragments = outside
    page.figures = [
        b
        for b in page.figures
        if not (g.xs[0] <= b.x0 and b.x1 <= g.xs[-1] and g.ys[0] <= b.top and b.bottom <= g.ys[-1])
    ]
    return part


def text_between(page: PageData, top: float, bottom: float, params: PdfParams) -> bool:
    """Whether flowing text outside the margin zones (not a running header, footer or page
    number) stands on the page between ``top`` and ``bottom``."""
    return any(top <= f.top and f.bottom <= bottom and margin_zone(page, f, params) is None for f in page.fragments)


def _continue(
    cand: _Candidate, prev: Table | None, page: PageData, params: PdfParams, em: float, separated: bool = False
) -> bool:
    """Add the candidate to ``prev`` when it continues it (same columns, no other header).

    A header naming the same fields is the repeated header, unless text stands between the
    two parts (``separated``: below the table on its page, or above the candidate on this
    one): then it is the next table of the same form, as a page per plan gives.
    """
    if prev is None:
        return False
    grid = _continued_grid(cand, prev, page, params, em)
    if grid is None:
        return False
    part, outside = _part(page, grid)
    header = find_header(part)
    if header is not None and (header[1] != prev.fields or separated or text_between(page, 0.0, cand.top, params)):
        return False  # another table with the same columns
    part.header_rows = header[0] if header is not None else 0
    prev.parts.append(_take(page, part, outside))
    return True


def labelled_bounds(xs: list[float], labels: list[str]) -> list[float]:
    """The column boundaries of a grid of horizontal rules, each column with a header label.

    Its columns come from strips its text leaves blank (:func:`~pipeline.read.pdf.tables.hrule_grid`);
    a column whose header cell is empty is the right part of the labelled column on its
    left (short texts leave a strip blank inside a wide column), so the boundary between
    them goes.

    >>> labelled_bounds([0.0, 100.0, 250.0, 320.0, 450.0], ["区分", "事業名", "概要", ""])
    [0.0, 100.0, 250.0, 450.0]
    """
    keep = [xs[k] for k in range(1, len(labels)) if labels[k].strip()]
    return [xs[0], *keep, xs[-1]]


def _new_table(cand: _Candidate, page: PageData, params: PdfParams, em: float) -> Table | None:
    """A table starting with the candidate; ``None`` for rules that make no table."""
    if cand.grid is None:
        return None
    part, outside = _part(page, cand.grid)
    if not any(c.visuals for c in part.cells):
        return None  # a grid without text (a drawing, an empty form): nothing to read
    header = find_header(part)
    if header is None:
        if not cand.grid.ruled:
            return None  # horizontal rules without a header: ruled-off text, not a table
        n = cand.grid.n_cols
        return Table([None] * n, [""] * n, [_take(page, part, outside)], unread=True)
    if not cand.grid.ruled:  # columns from the text below the header, each with a label
        found = hrule_grid(page.number, cand.stack, page.fragments, params, em, header[0]) or cand.grid
        probe = _part(page, found)[0]
        xs = labelled_bounds(found.xs, tablerows.header_labels(probe.cells, probe.grid.n_cols, header[0] - 1)[1])
        if xs != cand.grid.xs:
            part, outside = _part(
                page, grid_with_columns(page.number, cand.stack, found.ys, xs, page.fragments, params)
            )
            header = find_header(part)
            if header is None:
                return None
    part.header_rows = header[0]
    return Table(header[1], header[2], [_take(page, part, outside)])


def page_tables(page: PageData, open_table: Table | None, params: PdfParams, separated: bool = False) -> list[Table]:
    """Find the tables of a page; a first grid continuing ``open_table`` is added to it.

    ``separated``: text stands below ``open_table`` on the page before (:func:`_continue`).

    Returns:
        The tables that start on this page (a continued table is not among them).
    """
    if not page.hrules:
        return []
    em = _text_size(page.fragments)
    new: list[Table] = []
    for k, cand in enumerate(_candidates(page, params, em)):
        if _continue(cand, open_table if k == 0 else None, page, params, em, separated):
            continue
        table = _new_table(cand, page, params, em)
        if table is not None:
            new.append(table)
    return new


def find_tables(pages: list[PageData], params: PdfParams) -> list[Table]:
    """Every table of the document, in page order; their text leaves the pages' flowing text."""
    tables: list[Table] = []
    open_table: Table | None = None
    separated = False
    for page in pages:
        if open_table is not None and open_table.parts[-1].grid.page != page.number - 1:
            open_table = None
        before = len(open_table.parts) if open_table else 0
        new = page_tables(page, open_table, params, separated)
        tables += new
        if new:
            open_table = new[-1]
        elif open_table is not None and len(open_table.parts) == before:
            open_table = None
        last = open_table.parts[-1].grid if open_table is not None else None
        separated = last is not None and text_between(page, last.ys[-1], page.height, params)
    return tables
