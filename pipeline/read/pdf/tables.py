"""Ruled tables on a page: grids of cells found from the ruling lines, merged cells resolved.

The analysis works on the page's rules (:mod:`~pipeline.read.pdf.rules`: plain tuples any
PDF engine can give) and its text fragments, never on a library's table finder.

**Grids with vertical rules.**  Horizontal and vertical rules that meet (within
``rule_snap_pt``) are connected; a connected set with at least two of each is a grid.
Its column boundaries are the distinct x of its vertical rules, its row boundaries the
distinct y of its horizontal rules.  A grid needs two columns and two rows; a box around
a paragraph is not a table.

**Grids with horizontal rules only**, as many spreadsheets print: at least
:data:`~pipeline.read.pdf.params.HRULE_TABLE_MIN_RULES` horizontal rules stacked over
one another with overlapping extents.  Their columns come from the text: a vertical strip
at least ``table_column_gap_em`` wide that the text of every row leaves blank separates
two columns (the first rows may be left out: a title, or a label spanning columns).  Such a grid is only a candidate: it is a table when its first rows name known
fields, or when it continues a table of the previous page (:mod:`~pipeline.read.pdf.tablelines`),
so ruled-off paragraphs of a flowing text stay text.

**Merged cells.**  Two neighbouring grid cells are one cell unless a rule covers at least
``cell_cover_share`` of the side they share: a plan cell merged over the rows of its
initiatives has no rules across it.  In a grid without vertical rules, two cells of a
row are one when the row's text crosses the boundary between them.  Cells are the
connected groups of grid cells (union-find); a cell spans the rows and columns its
group covers.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from pipeline.read.pdf.fragments import Box, Fragment, ink_right
from pipeline.read.pdf.params import HRULE_TABLE_MIN_RULES, PdfParams
from pipeline.read.pdf.rules import HRule, VRule
from pipeline.read.tablerows import HEADER_MAX_ROWS

#: A cell's place in its grid: first row, first column, end row, end column (ends excluded).
Span = tuple[int, int, int, int]


@dataclass(slots=True)
class Grid:
    """A table's geometry on one page: boundaries, and the cells they make.

    Attributes:
        page: the page number.
        xs: column boundaries, left to right (one more than the columns).
        ys: row boundaries, top to bottom (one more than the rows).
        ruled: whether vertical rules were drawn (else the columns come from the text).
        spans: the cells, each as the rows and columns it covers.
    """

    page: int
    xs: list[float]
    ys: list[float]
    ruled: bool
    spans: list[Span] = field(default_factory=list)

    @property
    def box(self) -> Box:
        return Box(self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


class _Union:
    """Union-find over hashable keys."""

    def __init__(self) -> None:
        self.parent: dict[object, object] = {}

    def find(self, a: object) -> object:
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: object, b: object) -> None:
        self.parent[self.find(a)] = self.find(b)


def cluster(values: list[float], snap: float) -> list[float]:
    """Distinct positions: values within ``snap`` of the previous one are one position.

    >>> cluster([10.0, 10.5, 50.0, 49.6, 90.0], 1.5)
    [10.0, 49.6, 90.0]
    """
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > snap:
            out.append(v)
    return out


def covers(rules: list[tuple[float, float, float]], pos: float, a: float, b: float, params: PdfParams) -> bool:
    """Whether a rule at ``pos`` covers at least ``cell_cover_share`` of the side ``a``–``b``.

    >>> covers([(100.0, 0.0, 60.0)], 100.4, 0.0, 100.0, PdfParams()), covers([(100.0, 0.0, 40.0)], 100.0, 0.0, 100.0, PdfParams())
    (True, False)
    """
    length = 0.0
    for p, s, e in rules:
        if abs(p - pos) <= params.rule_snap_pt:
            length += max(0.0, min(e, b) - max(s, a))
    return length >= params.cell_cover_share * (b - a)


def _components(hrules: list[HRule], vrules: list[VRule], snap: float) -> list[tuple[list[HRule], list[VRule]]]:
    """Groups of horizontal and vertical rules connected by meeting each other."""
    u = _Union()
    for i, (y, x0, x1) in enumerate(hrules):
        u.find(("h", i))
        for j, (x, top, bottom) in enumerate(vrules):
            if x0 - snap <= x <= x1 + snap and top - snap <= y <= bottom + snap:
                u.union(("h", i), ("v", j))
    groups: dict[object, tuple[list[HRule], list[VRule]]] = {}
    for i, h in enumerate(hrules):
        groups.setdefault(u.find(("h", i)), ([], []))[0].append(h)
    for j, v in enumerate(vrules):
        if ("v", j) in u.parent:
            groups.setdefault(u.find(("v", j)), ([], []))[1].append(v)
    return list(groups.values())


def _spans(n_rows: int, n_cols: int, open_below: set[tuple[int, int]], open_right: set[tuple[int, int]]) -> list[Span]:
    """Cells as spans, from the grid cells joined across open sides.

    ``open_below`` holds ``(r, c)`` when no rule separates grid cell ``(r, c)`` from the one
    below; ``open_right`` when none separates it from the one to its right.

    >>> _spans(2, 2, {(0, 0)}, set())
    [(0, 0, 2, 1), (0, 1, 1, 2), (1, 1, 2, 2)]
    """
    u = _Union()
    for r, c in open_below:
        u.union((r, c), (r + 1, c))
    for r, c in open_right:
        u.union((r, c), (r, c + 1))
    groups: dict[object, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(u.find((r, c)), []).append((r, c))
    spans = [
        (min(r for r, _ in g), min(c for _, c in g), max(r for r, _ in g) + 1, max(c for _, c in g) + 1)
        for g in groups.values()
    ]
    return sorted(spans)


def ruled_grid(page: int, hrules: list[HRule], vrules: list[VRule], params: PdfParams) -> Grid | None:
    """The grid of one connected group of rules, or ``None`` when it is not a table.

    >>> h = [(0.0, 0.0, 200.0), (20.0, 0.0, 200.0), (40.0, 100.0, 200.0), (60.0, 0.0, 200.0)]
    >>> v = [(0.0, 0.0, 60.0), (100.0, 0.0, 60.0), (200.0, 0.0, 60.0)]
    >>> ruled_grid(1, h, v, PdfParams()).spans
    [(0, 0, 1, 1), (0, 1, 1, 2), (1, 0, 3, 1), (1, 1, 2, 2), (2, 1, 3, 2)]
    """
    xs = cluster([x for x, _, _ in vrules], params.rule_snap_pt)
    ys = cluster([y for y, _, _ in hrules], params.rule_snap_pt)
    if len(xs) < 3 or len(ys) < 3:
        return None
    open_below = _open_below(hrules, ys, xs, params)
    open_right = {
        (r, c)
        for r in range(len(ys) - 1)
        for c in range(len(xs) - 2)
        if not covers(vrules, xs[c + 1], ys[r], ys[r + 1], params)
    }
    return Grid(page, xs, ys, True, _spans(len(ys) - 1, len(xs) - 1, open_below, open_right))


def ruled_grids(
    page: int, hrules: list[HRule], vrules: list[VRule], params: PdfParams
) -> tuple[list[Grid], list[HRule]]:
    """The grids drawn with vertical and horizontal rules, and the horizontal rules left over."""
    grids: list[Grid] = []
    left: list[HRule] = []
    for hs, vs in _components(hrules, vrules, params.rule_snap_pt):
        grid = ruled_grid(page, hs, vs, params) if len(hs) >= 2 and len(vs) >= 2 else None
        if grid is None:
            left += hs
        else:
            grids.append(grid)
    return sorted(grids, key=lambda g: g.ys[0]), sorted(left)


def rule_stacks(hrules: list[HRule], snap: float) -> list[list[HRule]]:
    """Horizontal rules stacked over one another with overlapping extents, top to bottom.

    >>> [len(s) for s in rule_stacks([(0.0, 0.0, 100.0), (20.0, 50.0, 100.0), (40.0, 0.0, 100.0), (60.0, 300.0, 400.0)], 1.5)]
    [3, 1]
    """
    stacks: list[list[HRule]] = []
    for rule in sorted(hrules):
        _, x0, x1 = rule
        for stack in stacks:
            s0, s1 = min(r[1] for r in stack), max(r[2] for r in stack)
            if min(x1, s1) - max(x0, s0) >= 0.5 * min(x1 - x0, s1 - s0) - snap:
                stack.append(rule)
                break
        else:
            stacks.append([rule])
    return stacks


def _row_intervals(frags: list[Fragment], ys: list[float], x0: float, x1: float) -> list[list[tuple[float, float]]]:
    """Per grid row, the x-intervals its text covers inside ``x0``–``x1``, merged when touching."""
    rows: list[list[tuple[float, float]]] = [[] for _ in range(len(ys) - 1)]
    for f in frags:
        r = bisect.bisect_right(ys, (f.top + f.bottom) / 2) - 1
        if not 0 <= r < len(rows):
            continue
        rows[r] += [
            (c[1], ink_right(c[0], c[1], c[2])) for c in f.chars if not c[0].isspace() and x0 <= (c[1] + c[2]) / 2 <= x1
        ]
    merged: list[list[tuple[float, float]]] = []
    for spans in rows:
        out: list[tuple[float, float]] = []
        for a, b in sorted(spans):
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        merged.append(out)
    return merged


def text_columns(rows: list[list[tuple[float, float]]], min_gap: float) -> list[float]:
    """Column boundaries from the text: the middles of strips no row's text crosses.

    Args:
        rows: per row, the sorted x-intervals its text covers.
        min_gap: the narrowest strip, in points.

    Returns:
        The x of each boundary between the leftmost and the rightmost text.

    >>> text_columns([[(0, 40), (60, 100)], [(0, 30), (62, 90)], []], 5.0)
    [50.0]
    """
    spans = sorted(s for row in rows for s in row)
    bounds: list[float] = []
    if not spans:
        return bounds
    reach = spans[0][1]
    for a, b in spans[1:]:
        if a - reach >= min_gap:
            bounds.append(round((a + reach) / 2, 2))
        reach = max(reach, b)
    return bounds


def hrule_grid(
    page: int, stack: list[HRule], frags: list[Fragment], params: PdfParams, em: float, header_rows: int | None = None
) -> Grid | None:
    """The grid of a stack of horizontal rules, its columns from the text, or ``None``.

    The first rows (at most ``HEADER_MAX_ROWS - 1``) may hold a title or a label spanning
    several columns: the boundaries are those of the rows below them when that finds more.
    Once the header is known (``header_rows``), exactly its rows are left out: a boundary
    found by leaving out a data row as well would cut that row's text.
    """
    ys = cluster([y for y, _, _ in stack], params.rule_snap_pt)
    if len(ys) < HRULE_TABLE_MIN_RULES:
        return None
    x0, x1 = min(r[1] for r in stack), max(r[2] for r in stack)
    rows = _row_intervals(frags, ys, x0, x1)
    bounds: list[float] = []
    skips = range(min(HEADER_MAX_ROWS, len(rows) - 1)) if header_rows is None else [header_rows]
    for skip in skips:
        found = text_columns(rows[skip:], params.table_column_gap_em * em)
        if len(found) > len(bounds):
            bounds = found
    return grid_with_columns(page, stack, ys, [x0, *bounds, x1], frags, params) if bounds else None


def _open_below(hrules: list[HRule], ys: list[float], xs: list[float], params: PdfParams) -> set[tuple[int, int]]:
    """The cells (row, column) with no rule under them: each is merged with the cell below."""
    return {
        (r, c)
        for r in range(len(ys) - 2)
        for c in range(len(xs) - 1)
        if not covers(hrules, ys[r + 1], xs[c], xs[c + 1], params)
    }


def grid_with_columns(
    page: int, stack: list[HRule], ys: list[float], xs: list[float], frags: list[Fragment], params: PdfParams
) -> Grid:
    """A grid of horizontal rules with the given column boundaries; text crossing one joins cells."""
    rows = _row_intervals(frags, ys, xs[0], xs[-1])
    open_below = _open_below(stack, ys, xs, params)
    open_right = {
        (r, c) for r, spans in enumerate(rows) for c in range(len(xs) - 2) if any(a < xs[c + 1] < b for a, b in spans)
    }
    return Grid(page, xs, ys, False, _spans(len(ys) - 1, len(xs) - 1, open_below, open_right))
