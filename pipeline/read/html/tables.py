"""Tables: data tables are read cell by cell with their headers, layout tables as flow.

Whether a table holds data or only lays out the page follows, in simplified form, the
heuristic browsers use to expose tables to screen readers (Firefox's
``HTMLTableAccessible::IsProbablyLayoutTable``,
https://searchfox.org/mozilla-central/source/accessible/html/HTMLTableAccessible.cpp), in
this order:

1. ``role="presentation"``/``"none"``: layout;
2. a ``caption``, ``thead``, ``tfoot``, ``th``, ``summary``, or cells with ``scope`` or
   ``headers``: data;
3. a table nested in a cell, a single row or a single column, or an image in a cell: layout;
4. :data:`DATA_MIN_ROWS` rows or more: data; otherwise layout.

In a **data table** each cell becomes a line ``label：value``, the label being the row
header (a ``th`` that starts the row) and/or the column header (the first row when it
is all ``th`` or in ``thead``), joined by `` / ``; a cell's column counts the cells of
the rows above that span down into its row (``rowspan``, the HTML table model), so the
second row of a plan whose name cell spans its three initiatives is labelled by the
initiative columns, not the plan's: a two-column table
``計画期間 | 令和5年度～令和7年度`` reads ``計画期間：令和5年度～令和7年度``, as the period line of
the text edition.  The header cells themselves become dropped lines
(``html_table_header``): their text is in the labels.

In a **layout table** a row of images followed by a row of text cells is a photo row and
its captions: those text cells are captions (``role="caption"``).

A **table of plans** — its header names the plan fields, the plan name among them — is
neither: it reads as the text version of its plans (:mod:`pipeline.read.html.plantable`),
whatever the rules above say of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.core.errors import Code
from pipeline.read.html.dom import TEXT, Dom
from pipeline.read.html.inline import HTML_WHITESPACE, finish
from pipeline.read.html.plantable import PlanTable, grid, plan_header, read_plan_table, span_value
from pipeline.read.tablerows import HEADER_MAX_ROWS

#: A table of td cells only is a data table from this many rows.
DATA_MIN_ROWS = 20
LABEL_SEPARATOR = " / "
LABEL_MARK = "："
SECTIONS = frozenset({"thead", "tbody", "tfoot"})
CELLS = frozenset({"td", "th"})


@dataclass(slots=True)
class Tables:
    """What the walk needs to know about the page's tables.

    Attributes:
        layout: table elements read as flow.
        labels: data cell -> its label.
        headers: header cells of data tables (their text is in the labels).
        captions: cells of layout tables that caption the photos above them.
        plans: tables of plans -> their lines (:mod:`~pipeline.read.html.plantable`).
        issues: warnings about tables: ``(table element, code, message)``.
    """

    layout: set[int] = field(default_factory=set)
    labels: dict[int, str] = field(default_factory=dict)
    headers: set[int] = field(default_factory=set)
    captions: set[int] = field(default_factory=set)
    plans: dict[int, PlanTable] = field(default_factory=dict)
    issues: list[tuple[int, Code, str]] = field(default_factory=list)


@dataclass(slots=True)
class Summary:
    """Per node, facts about its subtree, computed in one pass from the leaves up.

    Attributes:
        ends: the index after the node's last descendant (nodes are in document order).
        text: the subtree holds text other than white space.
        img: the subtree holds an image (the node itself included).
        table: a strict descendant is a table.
    """

    ends: list[int]
    text: list[bool]
    img: list[bool]
    table: list[bool]


def summarise(dom: Dom) -> Summary:
    """The :class:`Summary` of every node."""
    n = len(dom.nodes)
    out = Summary(list(range(1, n + 1)), [False] * n, [False] * n, [False] * n)
    for i in range(n - 1, -1, -1):
        node = dom.nodes[i]
        if node.tag == TEXT:
            out.text[i] = bool(node.text.strip(HTML_WHITESPACE))
        out.img[i] = out.img[i] or node.tag == "img"
        p = node.parent
        if p < 0:
            continue
        out.ends[p] = max(out.ends[p], out.ends[i])
        out.text[p] = out.text[p] or out.text[i]
        out.img[p] = out.img[p] or out.img[i]
        out.table[p] = out.table[p] or out.table[i] or node.tag == "table"
    return out


def rows_of(dom: Dom, table: int) -> list[tuple[int, list[int], bool]]:
    """``(tr, cells, in thead)`` of the table's own rows (not those of nested tables)."""
    rows = []
    for child in dom.element_children(table):
        tag = dom.nodes[child].tag
        trs = [(child, False)] if tag == "tr" else []
        if tag in SECTIONS:
            trs = [(tr, tag == "thead") for tr in dom.element_children(child) if dom.nodes[tr].tag == "tr"]
        for tr, head in trs:
            rows.append((tr, [c for c in dom.element_children(tr) if dom.nodes[c].tag in CELLS], head))
    return rows


def _text(dom: Dom, ends: list[int], i: int) -> str:
    return finish("".join(dom.nodes[j].text for j in range(i, ends[i]) if dom.nodes[j].tag == TEXT))


def is_data_table(dom: Dom, summary: Summary, table: int, rows: list[tuple[int, list[int], bool]]) -> bool:
    """Whether ``table`` holds data (the rules of the module docstring)."""
    node = dom.nodes[table]
    if node.attr("role").strip().lower() in ("presentation", "none"):
        return False
    children = {dom.nodes[c].tag for c in dom.element_children(table)}
    cells = [c for _, cs, _ in rows for c in cs]
    if children & {"caption", "thead", "tfoot"} or "summary" in node.attrs:
        return True
    if any(dom.nodes[c].tag == "th" or "scope" in dom.nodes[c].attrs or "headers" in dom.nodes[c].attrs for c in cells):
        return True
    if any(summary.table[c] or summary.img[c] for c in cells):
        return False
    if len(rows) <= 1 or max((len(cs) for _, cs, _ in rows), default=0) <= 1:
        return False
    return len(rows) >= DATA_MIN_ROWS


def _label_data_table(dom: Dom, ends: list[int], rows: list[tuple[int, list[int], bool]], out: Tables) -> None:
    columns: dict[int, str] = {}
    first = rows[0][1] if rows else []
    header_row = bool(first) and (rows[0][2] or all(dom.nodes[c].tag == "th" for c in first))
    if header_row:
        col = 0
        for c in first:
            span = span_value(dom.nodes[c].attr("colspan"))
            for k in range(col, col + span):
                columns[k] = _text(dom, ends, c)
            col += span
            out.headers.add(c)
    spanned: dict[int, int] = {}  # column -> rows still covered by a cell above (rowspan)
    for _, cells, _ in rows[1:] if header_row else rows:
        row_label = ""
        col = 0
        for pos, c in enumerate(cells):
            while spanned.get(col, 0) > 0:
                col += 1  # the column is taken by a cell of a row above
            span = span_value(dom.nodes[c].attr("colspan"))
            for k in range(col, col + span):
                spanned[k] = max(spanned.get(k, 0), span_value(dom.nodes[c].attr("rowspan")))
            if pos == 0 and dom.nodes[c].tag == "th":
                row_label = _text(dom, ends, c)
                out.headers.add(c)
            elif dom.nodes[c].tag == "th":
                out.headers.add(c)
            else:
                parts = [p for p in (row_label, columns.get(col, "")) if p and p.strip()]
                if parts:
                    out.labels[c] = LABEL_SEPARATOR.join(parts)
            col += span
        spanned = {k: n - 1 for k, n in spanned.items() if n > 1}


def _photo_captions(summary: Summary, rows: list[tuple[int, list[int], bool]], out: Tables) -> None:
    previous_images = False
    for _, cells, _ in rows:
        with_content = [c for c in cells if summary.text[c] or summary.img[c]]
        images = bool(with_content) and all(summary.img[c] and not summary.text[c] for c in with_content)
        if previous_images and not images:
            out.captions.update(c for c in with_content if not summary.img[c] and not summary.table[c])
        previous_images = images


def _plan_table(dom: Dom, summary: Summary, reasons: list[str | None], table: int, out: Tables) -> bool:
    """Read ``table`` as a table of plans when its header says it is one; whether it was.

    A table of plans holding what a grid of texts cannot carry is left to the other rules,
    with a ``html_table_unread`` warning.
    """
    rows = [cells for _, cells, _ in rows_of(dom, table)]
    if reasons[table] is not None or len(rows) < 2 or max(len(r) for r in rows) < 2:
        return False  # dropped with the chrome, or too small for a header and a row
    head, _, n_cols = grid(dom, summary.ends, rows[:HEADER_MAX_ROWS], summary.table)
    header = plan_header(head, len(rows), n_cols)
    if header is None:
        return False
    hidden = any(reasons[j] is not None for j in range(table + 1, summary.ends[table]))
    if summary.table[table] or summary.img[table] or hidden:
        what = "a nested table" if summary.table[table] else "an image" if summary.img[table] else "dropped text"
        labels = ", ".join(t for t in header[2] if t)
        out.issues.append(
            (
                table,
                Code.HTML_TABLE_UNREAD,
                f"a table of plans (its header names {labels}) holds {what} in a cell, so it is not read as "
                "plans: its cells are read as 'label：value' lines and no plan, initiative or program comes "
                "from it. Supply the text or PDF version of the document",
            )
        )
        return False
    cells, n_rows, n_cols = grid(dom, summary.ends, rows)
    header = plan_header(cells, n_rows, n_cols) or header  # the columns of the rows below too
    plans = read_plan_table(cells, header)
    out.plans[table] = plans
    out.issues += [(table, code, message) for code, message in plans.issues]
    return True


def analyse(dom: Dom, summary: Summary, reasons: list[str | None] | None = None) -> Tables:
    """Classify every table of the page and label its cells (see module docstring).

    Args:
        dom: the page.
        summary: its :func:`summarise`.
        reasons: per node, why it is dropped (``None``: kept), from the main-content analysis.
    """
    out = Tables()
    reasons = reasons if reasons is not None else [None] * len(dom.nodes)
    for i, node in enumerate(dom.nodes):
        if node.tag != "table":
            continue
        if _plan_table(dom, summary, reasons, i, out):
            continue
        rows = rows_of(dom, i)
        if is_data_table(dom, summary, i, rows):
            _label_data_table(dom, summary.ends, rows, out)
        else:
            out.layout.add(i)
            _photo_captions(summary, rows, out)
    return out
