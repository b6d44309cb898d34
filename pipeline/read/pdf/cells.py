"""The text of a table's cells: characters assigned to cells, wrapped lines re-joined.

Characters, not fragments, are assigned: two cells' texts are often closer than a
fragment gap, so a fragment is cut at every column boundary its characters cross.  A
character belongs to the grid cell its centre lies in (the row by its fragment's middle),
and the grid cell to the cell (merged or not) that covers it; characters outside the
grid stay in the page's flowing text.

Inside a cell, the pieces of one text row make a visual line, and visual lines are
joined into paragraphs by the rules of the flowing text
(:func:`~pipeline.read.pdf.lines.continues`): the next line's first word would not have
fitted before the cell's right edge, it follows directly below, the font and size are
the same, and it does not open a heading (:mod:`pipeline.lang.markers`) — a cell may hold
a category heading and its text on separate lines.  The right edge is the cell's right
border less its padding, taken to be the left padding measured on its text (at most
``cell_padding_max_em``).  Joins follow :func:`pipeline.lang.normalize.join_wrapped`: no
space between Japanese characters.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from pipeline.read.pdf.fragments import Box, Char, Fragment
from pipeline.read.pdf.lines import Visual, continues, heading_done, join_visual, make_visual
from pipeline.read.pdf.params import PdfParams
from pipeline.read.pdf.tables import Grid, Span


@dataclass(slots=True)
class Cell:
    """One cell of a table's part on a page: where it is, and its text lines.

    Attributes:
        page: the page number.
        span: the grid rows and columns it covers.
        box: its ruled rectangle.
        visuals: its visual lines, top to bottom (empty for an empty cell).
    """

    page: int
    span: Span
    box: Box
    visuals: list[Visual] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All its lines joined as one value (a name, a period, a label)."""
        return join_visual([v.text for v in self.visuals])

    def right_edge(self, params: PdfParams) -> float:
        """The right edge of its text: the border less the padding measured on the left.

        >>> v = Visual(1, [], (1, 0), box=Box(104, 0, 150, 10), size=10.0)
        >>> Cell(1, (0, 0, 1, 1), Box(100, 0, 200, 20), [v]).right_edge(PdfParams())
        196
        """
        size = self.visuals[0].size if self.visuals else 0.0
        pad = min(v.box.x0 for v in self.visuals) - self.box.x0 if self.visuals else 0.0
        return self.box.x1 - max(0.0, min(pad, params.cell_padding_max_em * size))


def _pieces(f: Fragment, xs: list[float]) -> list[tuple[int, list[Char]]]:
    """A fragment cut where its characters cross column boundaries: (column, characters).

    Column -1 and ``len(xs) - 1`` are outside the grid, left and right.
    """
    out: list[tuple[int, list[Char]]] = []
    for ch in f.chars:
        col = bisect.bisect_right(xs, (ch[1] + ch[2]) / 2) - 1
        col = min(max(col, -1), len(xs) - 1)
        if out and out[-1][0] == col:
            out[-1][1].append(ch)
        else:
            out.append((col, [ch]))
    return out


def _trimmed(chars: list[Char]) -> list[Char]:
    start, end = 0, len(chars)
    while start < end and chars[start][0].isspace():
        start += 1
    while end > start and chars[end - 1][0].isspace():
        end -= 1
    return chars[start:end]


def split_text(grid: Grid, frags: list[Fragment]) -> tuple[dict[tuple[int, int], list[Fragment]], list[Fragment]]:
    """Assign the characters of ``frags`` to grid cells; return them and what lies outside.

    Returns:
        ``{(row, column): fragments}`` of the grid cells, and the fragments (or parts of
        fragments) outside the grid, which stay in the flowing text.
    """
    inside: dict[tuple[int, int], list[Fragment]] = {}
    outside: list[Fragment] = []
    y0, y1 = grid.ys[0], grid.ys[-1]
    for f in frags:
        middle = (f.top + f.bottom) / 2
        if not y0 < middle < y1 or f.x1 <= grid.xs[0] or f.x0 >= grid.xs[-1]:
            outside.append(f)
            continue
        row = bisect.bisect_right(grid.ys, middle) - 1
        for col, chars in _pieces(f, grid.xs):
            kept = _trimmed(chars)
            if not kept:
                continue
            piece = Fragment(f.page, f.row, kept, f.top, f.bottom, font=f.font)
            if 0 <= col < grid.n_cols:
                inside.setdefault((row, col), []).append(piece)
            else:
                outside.append(piece)
    return inside, outside


def grid_cells(grid: Grid, inside: dict[tuple[int, int], list[Fragment]]) -> list[Cell]:
    """The cells of a grid with their visual lines, in the order of their spans."""
    cells: list[Cell] = []
    for n, span in enumerate(grid.spans):
        r0, c0, r1, c1 = span
        frags = [f for r in range(r0, r1) for c in range(c0, c1) for f in inside.get((r, c), [])]
        rows: dict[int, list[Fragment]] = {}
        for f in frags:
            rows.setdefault(f.row, []).append(f)
        visuals = [
            make_visual(grid.page, sorted(row, key=lambda f: f.x0), (grid.page, -1 - n))
            for row in sorted(rows.values(), key=lambda fs: min(f.top for f in fs))
        ]
        box = Box(grid.xs[c0], grid.ys[r0], grid.xs[c1], grid.ys[r1])
        cells.append(Cell(grid.page, span, box, visuals))
    return cells


def paragraphs(parts: list[Cell], params: PdfParams) -> list[list[Visual]]:
    """The paragraphs of a cell, or of a cell continued over several pages or rows.

    Lines are joined by the rules of the flowing text (module docstring); the first line
    of a part on a later page continues the last paragraph of the part before it when that
    paragraph's last line was wrapped.
    """
    groups: list[list[Visual]] = []
    edge_of: dict[int, float] = {}
    for part in parts:
        right = part.right_edge(params)
        for v in part.visuals:
            edge_of[id(v)] = right
            last = groups[-1][-1] if groups else None
            if last is not None and continues(last, v, edge_of[id(last)], params) and not heading_done(groups[-1], v):
                groups[-1].append(v)
            else:
                groups.append([v])
    return groups
