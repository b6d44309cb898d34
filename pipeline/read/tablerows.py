"""A table of plans read row by row, whatever reader found its cells (PDF grid or HTML table).

A table is given as the field of each column (:func:`pipeline.lang.tableheaders.header_field`
of its header) and its data rows, each the cells whose first row it is, left to right.  A
cell is anything with a ``text`` and a ``span`` ``(first row, first column, end row, end
column)``: the PDF reader's grid cells, the HTML reader's ``td`` elements with their
``rowspan``/``colspan`` expanded.  The rules, shared by both readers so that the same table
gives the same plans in either format:

* A row whose plan cells (plan name, municipality) hold a new text starts a **plan**.
  A row whose plan cells are empty — they belong to a cell merged over several rows, or
  were left blank as spreadsheets do — belongs to the plan above.  A plan cell repeating
  the text above it (a table that writes the plan on every row) is that plan again.
* A row whose category cell holds a new text starts an **initiative** of its plan; a row
  without one adds its text to the initiative above (a row continued on the next page, or
  split in two).  A table without a category column is one row per plan, its text cell
  holding the category headings and their texts.
* A program-name column (事業名) holds one program per row: its cells are the
  initiative's programs, one name a cell, which each reader writes as the text version's
  list (:func:`program_list_text`).
* Period and summary cells add their text to their plan's; a repeat of the text above is
  not read twice.

The words the readers add when they compose a plan's lines are here too
(:func:`heading_text`, :func:`period_text`): the plan heading ``「計画名」（区市町村名）`` and
the period line ``【計画期間：…】`` of the text version.  Which line each cell becomes, and
its provenance, is the reader's part (:mod:`pipeline.read.pdf.tablelines`,
:mod:`pipeline.read.html.plantable`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from pipeline.lang.categories import LIST_CATEGORIES, says_no_program
from pipeline.lang.markers import BULLETS, marker_number
from pipeline.lang.tableheaders import header_field

#: Role of a line holding a cell's own text, and of a line composed from cells with words added.
ROLE_CELL = "table_cell"
ROLE_COMPOSED = "table_composed"
#: The fields that describe a plan rather than one of its initiatives.
PLAN_FIELDS = ("municipality", "plan_name", "period", "summary")
#: The words of the period line of the text version.
PERIOD_LABEL = "計画期間"
#: The bullet put before each row of a cell that lists programs (see :func:`program_rows`).
PROGRAM_BULLET = "・"
#: Ends of a cell's text that make it text, not a bare list of names: a sentence, a （…） group.
TEXT_ENDINGS = ("。", "）", ")")
#: A table's header row is among its first rows: at most this many.
HEADER_MAX_ROWS = 3
#: A header row names at least this many known fields (``pipeline/data/table_headers.csv``).
HEADER_MIN_LABELS = 2
#: Longer cell texts are not tried as column labels (a label is a few words).
LABEL_MAX_CHARS = 24


class TableCell(Protocol):
    """What the reader needs of a cell: its text and the rows and columns it covers."""

    @property
    def text(self) -> str: ...

    @property
    def span(self) -> tuple[int, int, int, int]: ...


C = TypeVar("C", bound=TableCell)


@dataclass(slots=True)
class Initiative(Generic[C]):
    """An initiative: its category cells (``key``: their text), its content cells and its
    program-name cells (one program a cell)."""

    key: str
    category: list[C]
    content: list[C] = field(default_factory=list)
    programs: list[C] = field(default_factory=list)


@dataclass(slots=True)
class Plan(Generic[C]):
    """A plan of a table.

    Attributes:
        ident: the texts of its plan-name and municipality cells.
        cells: its plan-level cells by field (``plan_name``, ``municipality``, ``period``, ``summary``).
        loose: content cells before any category cell.
        initiatives: its initiatives in row order.
        dropped: cells read as no value, with their reason (``table_repeated_cell``…).
    """

    ident: tuple[str, str]
    cells: dict[str, list[C]] = field(default_factory=dict)
    loose: list[C] = field(default_factory=list)
    initiatives: list[Initiative[C]] = field(default_factory=list)
    dropped: list[tuple[C, str]] = field(default_factory=list)

    def all_cells(self) -> list[C]:
        """Its cells read as values (not :attr:`dropped`)."""
        cells = [c for cs in self.cells.values() for c in cs] + self.loose
        return cells + [c for ini in self.initiatives for c in ini.category + ini.content + ini.programs]


def cell_at(cells: Sequence[C], row: int, col: int) -> C | None:
    """The cell covering grid cell ``(row, col)``, if any."""
    return next((c for c in cells if c.span[0] <= row < c.span[2] and c.span[1] <= col < c.span[3]), None)


def header_labels(cells: Sequence[C], n_cols: int, row: int) -> tuple[list[str | None], list[str]]:
    """Per column, the field and the label of the header cell covering ``(row, column)``."""
    fields: list[str | None] = []
    labels: list[str] = []
    for col in range(n_cols):
        here = cell_at(cells, row, col)
        label = here.text if here is not None else ""
        found = header_field(label) if len(label) <= LABEL_MAX_CHARS else None
        if found is None and row > 0:
            above = cell_at(cells, row - 1, col)
            parent = above.text if above is not None else ""
            if parent != label and len(parent) <= LABEL_MAX_CHARS:
                found = header_field(parent + label) or header_field(parent)
        fields.append(found)
        labels.append(label)
    return fields, labels


def _known_labels(cells: Sequence[C], row: int) -> int | None:
    """How many cells starting in ``row`` name a field; ``None`` if one is too long for a label."""
    starting = [c for c in cells if c.span[0] == row and c.text]
    if any(len(c.text) > LABEL_MAX_CHARS for c in starting):
        return None
    return sum(1 for c in starting if header_field(c.text))


def find_header(cells: Sequence[C], n_rows: int, n_cols: int) -> tuple[int, list[str | None], list[str]] | None:
    """The number of header rows and the columns' fields and labels, or ``None``.

    The header row is the last of the first :data:`HEADER_MAX_ROWS` rows naming
    :data:`HEADER_MIN_LABELS` fields; a row of labels right under it (sub-labels under a
    group label) belongs to the header too.  Each column takes the field its header cell
    names; a cell spanning columns labels them all; a column whose cell names nothing is
    tried with the label above it (a group label and its sub-label).

    >>> from types import SimpleNamespace as C
    >>> cells = [C(text="計画名", span=(0, 0, 1, 1)), C(text="計画期間", span=(0, 1, 1, 2)), C(text="x", span=(1, 0, 2, 2))]
    >>> find_header(cells, 2, 2)
    (1, ['plan_name', 'period'], ['計画名', '計画期間'])
    """
    last = min(HEADER_MAX_ROWS, n_rows - 1)
    best = None
    for row in range(last):
        if (_known_labels(cells, row) or 0) >= HEADER_MIN_LABELS:
            best = row
    if best is None:
        return None
    while best + 1 < last and (_known_labels(cells, best + 1) or 0) >= 1:
        best += 1
    fields, labels = header_labels(cells, n_cols, best)
    return best + 1, fields, labels


def field_of(fields: list[str | None], cell: TableCell) -> str | None:
    """The field of a cell: that of the first labelled column it covers.

    >>> from types import SimpleNamespace as C
    >>> field_of([None, "plan_name", "period"], C(text="x", span=(0, 0, 1, 2)))
    'plan_name'
    """
    return next((f for f in fields[cell.span[1] : cell.span[3]] if f), None)


class RowReader(Generic[C]):
    """Reads the data rows of one table into plans (rules in the module docstring).

    Args:
        fields: per column, the field its label names.
        join: joins the texts of several cells into one value (the reader's line joining).
    """

    def __init__(self, fields: list[str | None], join: Callable[[list[str]], str]) -> None:
        self.fields = fields
        self.join = join
        self.plans: list[Plan[C]] = []

    def _text(self, cells: list[C]) -> str:
        return self.join([c.text for c in cells if c.text])

    @property
    def plan(self) -> Plan[C]:
        if not self.plans:
            self.plans.append(Plan(("", "")))  # rows before any plan: a table of initiatives
        return self.plans[-1]

    def read(self, rows: Iterable[list[C]]) -> list[Plan[C]]:
        """The plans of ``rows`` (data rows only, each the cells with text starting in it)."""
        for row in rows:
            self.row(row)
        return self.plans

    def row(self, cells: list[C]) -> None:
        by: dict[str | None, list[C]] = {}
        for c in cells:
            by.setdefault(field_of(self.fields, c), []).append(c)
        names, places = by.get("plan_name", []), by.get("municipality", [])
        ident = (self._text(names), self._text(places))
        if any(ident):
            if self._same_plan(ident, self._text(by.get("period", []))):
                self.plan.dropped += [(c, "table_repeated_cell") for c in names + places]
            else:
                self.plans.append(Plan(ident, {"plan_name": names, "municipality": places}))
        for name in ("period", "summary"):
            for c in by.get(name, []):
                self._add(name, c)
        self._initiative(by.get("category", []), by.get("content", []), by.get("program", []))
        self.plan.dropped += [(c, "table_row_number") for c in by.get("row_number", [])]
        self.plan.dropped += [(c, "table_unlabelled_column") for c in by.get(None, [])]

    def _same_plan(self, ident: tuple[str, str], period: str) -> bool:
        """Whether plan cells reading ``ident`` repeat the plan above (an empty cell repeats anything).

        Another period with the same plan name is another plan (a plan approved again).
        """
        if not self.plans or not any(self.plans[-1].ident):
            return False
        current = self.plans[-1]
        if any(new and new != old for new, old in zip(ident, current.ident, strict=True)):
            return False
        have = self._text(current.cells.get("period", []))
        return not (period and have and period != have)

    def _add(self, name: str, cell: C) -> None:
        have = self.plan.cells.setdefault(name, [])
        if have and have[-1].text == cell.text:
            self.plan.dropped.append((cell, "table_repeated_cell"))
        else:
            have.append(cell)

    def _initiative(self, category: list[C], content: list[C], programs: list[C]) -> None:
        plan = self.plan
        key = self._text(category)
        current = plan.initiatives[-1] if plan.initiatives else None
        if key and current is not None and key == current.key:
            plan.dropped += [(c, "table_repeated_cell") for c in category]
        elif key:
            current = Initiative(key, category)
            plan.initiatives.append(current)
        (current.content if current is not None else plan.loose).extend(content)
        (current.programs if current is not None else plan.loose).extend(programs)


def program_list_text(names: list[str], after_text: bool) -> str:
    """A program list as the text version writes it: in brackets after a text, bare alone.

    >>> program_list_text(["A事業", "B会"], True), program_list_text(["A事業", "B会"], False)
    ('（A事業、B会）', 'A事業、B会')
    """
    listed = "、".join(names)
    return f"（{listed}）" if after_text else listed


def heading_text(name: str, place: str) -> tuple[str, bool]:
    """The plan heading of the text version, and whether ``name`` already names ``place``.

    >>> heading_text("青梅市地域産業活性化計画", "青梅市")
    ('「青梅市地域産業活性化計画」（青梅市）', False)
    >>> heading_text("「A計画」（A市）", "A市")
    ('「A計画」（A市）', True)
    """
    title = name if name.startswith("「") else f"「{name}」"
    known = bool(place) and (f"（{place}）" in name or f"({place})" in name)
    return title + (f"（{place}）" if place and not known else ""), known


def period_text(period: str) -> str:
    """The period line of the text version (a cell that holds its label is kept as it is).

    >>> period_text("令和6年度～令和8年度"), period_text("【計画期間：令和6年度～令和8年度】")
    ('【計画期間：令和6年度～令和8年度】', '【計画期間：令和6年度～令和8年度】')
    """
    return period if PERIOD_LABEL in period else f"【{PERIOD_LABEL}：{period}】"


def program_rows(rows: list[str], category: str) -> list[str] | None:
    """The rows of a content cell that only lists programs, each behind a bullet; else ``None``.

    A spreadsheet's 主な事業 column lists an initiative's programs by name (``A事業、B事業``,
    or one a row); the text version writes them as the final （…） group of categories (1)
    and (2), and as the body itself in a list category (3).  A cell of names in a (1) or (2)
    row — no sentence (。), no closing （…） group, no bullet already, not 該当なし — is
    therefore written as a bulleted list, which the extractor reads in every category
    (:func:`pipeline.extract.programs.program_list_of_lines`); a cell of text, a cell
    under a list category, and one whose category has no number are kept as they are.

    >>> program_rows(["産学連携推進事業、ビジネスマッチング事業"], "(1)多様な主体との連携を図る取組")
    ['・産学連携推進事業、ビジネスマッチング事業']
    >>> program_rows(["A事業"], "(3)(1)、(2)以外の取組"), program_rows(["支援する（A事業）"], "(2)対応")
    (None, None)
    """
    number = marker_number(category)
    body = "".join(rows).strip()
    if number is None or number in LIST_CATEGORIES or not body or says_no_program(body):
        return None
    if "。" in body or body.endswith(TEXT_ENDINGS) or any(r.lstrip()[:1] in BULLETS + PROGRAM_BULLET for r in rows):
        return None
    return [PROGRAM_BULLET + r for r in rows]


def is_unread_plan(plan: Plan[C]) -> bool:
    """A plan row naming a municipality but no plan: not read, its lines would fall into the plan above."""
    return bool(plan.ident[1]) and not plan.ident[0]
