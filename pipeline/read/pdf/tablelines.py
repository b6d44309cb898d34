"""A table's meaning: its rows turned into the line stream the segmenter already reads.

The rows of a table of plans are read by the fields of their columns
(:mod:`~pipeline.read.pdf.tableparts`), top to bottom, over all its pages, into plans and
their initiatives by the rules shared with the HTML reader (:mod:`pipeline.read.tablerows`):
a new plan-name or municipality text starts a plan, an empty plan cell (merged or left
blank) or a repeated one continues it; a new category text starts an initiative.

A program-name column (事業名) holds one program per row: the names of an initiative's rows
become one line, its list as the text version writes it — ``（A、B）`` after the initiative's
text, or ``A、B`` alone when the table gives no text (category (3)'s form).  Without it the
names of several rows ran into one (``A事業B事業``).  In a table of programs without plan
cells (it stands under its plan's heading), a 概要 column describes each program: its cells
are the initiative's text (:func:`~pipeline.read.pdf.tableparts.program_table_fields`).

Each plan becomes the lines of the text version, in its order: a plan heading
``「計画名」（区市町村名）`` composed from the plan-name and municipality cells, the period line
``【計画期間：…】`` composed from the period cell (a period without that label is read from
its column), the summary's paragraphs, then per initiative its category heading and its
text.  Lines composed with words added have ``role="table_composed"``; every other line
holds a cell's own text (``role="table_cell"``).  Every cell's text is in exactly one line:
the header rows, repeated cells, running numbers and columns without a known label are
lines with a ``drop_reason`` (``table_header``, ``table_repeated_cell``,
``table_row_number``, ``table_unlabelled_column``), and so are all the cells of a table
that cannot be read (``table_no_header``, ``table_no_plan_name``), with a warning naming
the file and page.  Nothing is invented: a value missing from the table is missing from
the lines, and the segmenter reports it.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.core.errors import Code, Issue, Severity
from pipeline.core.model import Line
from pipeline.lang.markers import bare_marker
from pipeline.read.pdf.cells import Cell, paragraphs
from pipeline.read.pdf.lines import Block, Visual, join_visual, to_line
from pipeline.read.pdf.params import PdfParams
from pipeline.read.pdf.tableparts import Table
from pipeline.read.tablerows import (
    PLAN_FIELDS,
    ROLE_CELL,
    ROLE_COMPOSED,
    Initiative,
    Plan,
    RowReader,
    heading_text,
    is_unread_plan,
    period_text,
    program_list_text,
    program_rows,
)

__all__ = ["PLAN_FIELDS", "ROLE_CELL", "ROLE_COMPOSED", "plan_lines", "table_block"]

#: Marks that cannot end a program's name: after one, the name goes on in the next cell part.
NAME_GOES_ON = ("・", "‧", "-", "－", "、")


def _read(table: Table) -> list[Plan[Cell]]:
    """The plans of a table's data rows, over all its parts (rules in :mod:`pipeline.read.tablerows`)."""
    rows = ([c for c in row if c.visuals] for part in table.parts for row in part.rows(part.header_rows))
    return RowReader[Cell](table.fields, join_visual).read(rows)


def _value_line(cells: list[Cell], text: str, role: str, drop: str | None = None) -> Line:
    """One line holding the text of ``cells`` (or composed from it): page and box of its first part."""
    visuals = [v for c in cells for v in c.visuals]
    line = to_line(0, visuals, role=role)
    return Line(0, text, line.page, role, drop, line.x0, line.top, line.x1, line.bottom, line.font_size)


def _paragraph_lines(cells: list[Cell], params: PdfParams, glue_marker: bool = False) -> list[Line]:
    groups = paragraphs(cells, params) if cells else []
    if glue_marker:  # a category cell with its number alone on the first line
        merged: list[list[Visual]] = []
        for g in groups:
            if merged and bare_marker(join_visual([v.text for v in merged[-1]])):
                merged[-1] = merged[-1] + g
            else:
                merged.append(g)
        groups = merged
    return [to_line(0, g, role=ROLE_CELL) for g in groups]


def _program_lines(lines: list[Line], category: str) -> list[Line]:
    """A content cell that only names programs, its rows behind bullets (:func:`program_rows`)."""
    bulleted = program_rows([ln.text for ln in lines], category)
    if bulleted is None:
        return lines
    return [replace(ln, text=text, role=ROLE_COMPOSED) for ln, text in zip(lines, bulleted, strict=True)]


def program_names(cells: list[Cell]) -> list[str]:
    """One name per program-name cell, in order (the cells of one initiative's rows).

    Each cell is one name, whatever its lines look like: joined as a paragraph, two rows
    whose first name's last line filled the cell ran into one (``A事業B事業``).  A cell at the
    top of the next page is a new row too (a spreadsheet breaks pages between rows), unless
    the name before it is visibly unfinished: a bracket left open or a joining mark at its
    end (:data:`NAME_GOES_ON`), which a row broken by the page leaves.

    >>> from pipeline.read.pdf.fragments import Box
    >>> from pipeline.read.pdf.lines import Visual
    >>> def cell(page, *lines):
    ...     return Cell(page, (0, 0, 1, 1), Box(0, 0, 1, 1), [Visual(page, [], (page, -1), text=t) for t in lines])
    >>> program_names([cell(1, "補助金・助成", "金の構築"), cell(2, "人材確保事業")])
    ['補助金・助成金の構築', '人材確保事業']
    >>> program_names([cell(1, "ネットワーク委員会（仮"), cell(2, "称）"), cell(2, "B事業")])
    ['ネットワーク委員会（仮称）', 'B事業']
    """
    names: list[str] = []
    last_page = 0
    for cell in cells:
        name = join_visual([v.text for v in cell.visuals])
        if names and cell.page > last_page and _unfinished(names[-1]):
            names[-1] = join_visual([names[-1], name])
        else:
            names.append(name)
        last_page = cell.page
    return names


def _unfinished(name: str) -> bool:
    """Whether a name is cut off: a round bracket left open, or a joining mark at its end.

    >>> _unfinished("委員会（仮"), _unfinished("ものづくり・"), _unfinished("A事業")
    (True, True, False)
    """
    stripped = name.rstrip()
    opened = sum(stripped.count(b) for b in "(（") > sum(stripped.count(b) for b in ")）")
    return opened or stripped.endswith(NAME_GOES_ON)


def _program_line(ini: Initiative[Cell]) -> list[Line]:
    """The line listing an initiative's program-name cells, one name per cell (module docstring)."""
    if not ini.programs:
        return []
    names = [n for n in program_names(ini.programs) if n]
    return [_value_line(ini.programs, program_list_text(names, bool(ini.content)), ROLE_COMPOSED)]


def _heading(plan: Plan[Cell]) -> tuple[list[Line], list[tuple[Cell, str]]]:
    """The plan heading composed from the plan-name and municipality cells."""
    names, places = plan.cells.get("plan_name", []), plan.cells.get("municipality", [])
    name, place = plan.ident
    if not name:
        return [], []
    text, known = heading_text(name, place)
    role = ROLE_CELL if text == name else ROLE_COMPOSED
    cells = names if known else names + places
    return [_value_line(cells, text, role)], [(c, "table_repeated_cell") for c in places] if known else []


def plan_lines(plan: Plan[Cell], params: PdfParams) -> list[Line]:
    """The lines of one plan, in the order of the text version (module docstring).

    A plan row that names a municipality but no plan is not read: its lines would fall
    into the plan above it.
    """
    if is_unread_plan(plan):
        unread = [(c, "table_no_plan_name") for c in plan.all_cells()]
        return [_value_line([c], c.text, ROLE_CELL, reason) for c, reason in unread + plan.dropped]
    out, dropped = _heading(plan)
    periods = plan.cells.get("period", [])
    if periods:
        period = join_visual([c.text for c in periods if c.text])
        text = period_text(period)
        out.append(_value_line(periods, text, ROLE_CELL if text == period else ROLE_COMPOSED))
    out += _paragraph_lines(plan.cells.get("summary", []), params)
    out += _paragraph_lines(plan.loose, params)
    for ini in plan.initiatives:
        out += _paragraph_lines(ini.category, params, glue_marker=True)
        content = _paragraph_lines(ini.content, params)
        out += content if ini.programs else _program_lines(content, ini.key)  # beside names, it is text
        out += _program_line(ini)
    out += [_value_line([c], c.text, ROLE_CELL, reason) for c, reason in dropped + plan.dropped]
    return out


def _all_cells(table: Table, reason: str) -> list[Line]:
    return [
        _value_line([c], c.text, ROLE_CELL, reason if r >= part.header_rows else "table_header")
        for part in table.parts
        for r, row in enumerate(part.rows(0))
        for c in row
        if c.visuals
    ]


def table_block(table: Table, params: PdfParams, display_path: str) -> tuple[Block, list[Issue]]:
    """The lines of a table (module docstring) and the warnings about it."""
    issues = _table_issues(table, display_path)
    first = table.parts[0].grid
    if table.unread:
        return Block(first.page, first.ys[0], _all_cells(table, "table_no_header")), issues
    if "plan_name" not in table.fields and any(f in table.fields for f in PLAN_FIELDS):
        return Block(first.page, first.ys[0], _all_cells(table, "table_no_plan_name")), issues
    headers = [
        _value_line([c], c.text, ROLE_CELL, "table_header")
        for part in table.parts
        for row in part.rows(0)[: part.header_rows]
        for c in row
        if c.visuals
    ]
    plans = _read(table)
    issues += [
        _issue(
            Code.PDF_TABLE_NO_PLAN_NAME,
            plan.cells["municipality"][0].page,
            f"{display_path}: page {plan.cells['municipality'][0].page}: a table row names "
            f"{plan.ident[1]!r} but no plan (its plan-name cell is empty); its cells are listed in the "
            "lines table as dropped.table_no_plan_name and not read. Check the table",
        )
        for plan in plans
        if is_unread_plan(plan)
    ]
    lines = headers + [ln for plan in plans for ln in plan_lines(plan, params)]
    return Block(first.page, first.ys[0], lines), issues


def _issue(code: Code, page: int, message: str) -> Issue:
    return Issue("", Severity.WARNING, code, f"page {page}", message)


def _table_issues(table: Table, display_path: str) -> list[Issue]:
    """``pdf_table_no_header``, ``pdf_table_no_plan_name``, ``pdf_table_unlabelled_column``."""
    g = table.parts[0].grid
    last = table.parts[-1].grid.page
    pages = f"page {g.page}" if last == g.page else f"pages {g.page}–{last}"
    n_rows = sum(p.grid.n_rows for p in table.parts)
    where = f"{display_path}: page {g.page}: a table of {n_rows} row(s) and {g.n_cols} column(s) on {pages}"
    n_cells = sum(1 for p in table.parts for c in p.cells if c.visuals)
    if table.unread:
        return [
            _issue(
                Code.PDF_TABLE_NO_HEADER,
                g.page,
                f"{where} has no header row naming its columns (such as 区市町村名, 計画名, 計画期間, 概要, "
                "取組区分, 取組内容; pipeline/data/table_headers.csv) and continues no table of the page "
                f"before; its {n_cells} cell(s) are listed in the lines table as dropped.table_no_header "
                "and not read. Check the table, or supply the text version of the document",
            )
        ]
    if "plan_name" not in table.fields and any(f in table.fields for f in PLAN_FIELDS):
        return [
            _issue(
                Code.PDF_TABLE_NO_PLAN_NAME,
                g.page,
                f"{where} describes plans but has no plan-name column (計画名); its rows cannot start "
                f"plans, so its {n_cells} cell(s) are listed in the lines table as "
                "dropped.table_no_plan_name and not read. Supply the text version of the document",
            )
        ]
    return [
        _issue(
            Code.PDF_TABLE_UNLABELLED_COLUMN,
            g.page,
            f"{where}: column {col + 1} "
            + (f"is labelled {label!r}, which names no known field" if label else "has no label")
            + "; its cells are listed in the lines table as dropped.table_unlabelled_column and not "
            "read. If it holds plan data, add its label to pipeline/data/table_headers.csv",
        )
        for col, (fld, label) in enumerate(zip(table.fields, table.labels, strict=True))
        if fld is None and _has_data(table, col)
    ]


def _has_data(table: Table, col: int) -> bool:
    return any(c.visuals and c.span[1] == col for p in table.parts for row in p.rows(p.header_rows) for c in row)
