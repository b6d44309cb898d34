"""Pass 4 of the PDF reader: visual lines in reading order, joined into logical lines.

Every extractor cuts wrapped lines mid-word (``ITスタートアッ⏎プ支援事業``), but the later
stages need one :class:`~pipeline.core.model.Line` per paragraph, heading or caption, as
the text path gives.  A *visual line* is the fragments of one row inside one
reading-order leaf; it is joined to the next one of the same role and font size
(within ``size_tolerance_pt``) when

* the first word of the next line (a run of Latin letters and digits, or one character
  and the closing marks after it) would not have fitted before the column's right edge
  (within ``wrap_tolerance_em``): the line was wrapped, not ended; and
* the next line follows directly below in the same column (gap at most
  ``paragraph_gap_em``, overlap at most ``line_overlap_em``), or starts a new column
  or page: a paragraph split by a page break is re-joined, the headers and page
  numbers in between are skipped.

A next line starting with an ideographic space (字下げ) always starts a paragraph.  The
column's right edge is the median of the line ends within 2 em of the furthest one
(hung punctuation is ignored); a column needs :data:`MIN_COLUMN_LINES` lines for its
own edge, otherwise the edge of all lines starting at the same x is used.  Caption
lines are joined only with caption lines of the same figure, directly below.  Joins
follow :func:`pipeline.lang.normalize.join_wrapped` (no space between Japanese
characters, one between Latin words) and keep a space published at the wrap.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from pipeline.core.model import Line
from pipeline.lang.markers import breaks_before, category_marker, complete_category_heading
from pipeline.lang.normalize import is_latin, join_wrapped
from pipeline.read.pdf.captions import mark_captions
from pipeline.read.pdf.fragments import CLOSING, Box, Fragment, PageData, merge_counts, most_common
from pipeline.read.pdf.order import Item, xy_cut
from pipeline.read.pdf.params import MIN_COLUMN_LINES, PdfParams

#: Round brackets, which enclose a category heading's subheading (（持続的な産業基盤の整備）).
OPEN_BRACKETS = ("(", "（")
CLOSE_BRACKETS = (")", "）")
#: A line opening a bracket: maybe a category heading's subheading wrapped onto its own line.
SUBHEADING_START = re.compile(r"^\s*[(（]")
#: Body font size assumed when a document has no body line (only headers or captions).
FALLBACK_EM = 10.0
#: Line ends within this many ems of the furthest one count for a column's right edge.
RIGHT_EDGE_REACH_EM = 2


@dataclass(slots=True)
class Visual:
    """A visual line: the fragments of one row inside one reading-order leaf."""

    page: int
    frags: list[Fragment]
    column: tuple[int, int]  # (page, column id); column id 0 = full width
    role: str | None = None
    figure: int | None = None
    drop_reason: str | None = None
    text: str = ""
    size: float = 0.0
    box: Box = field(default_factory=lambda: Box(0, 0, 0, 0))
    font: str = ""


def join_visual(parts: list[str]) -> str:
    """Join wrapped visual lines: :func:`join_wrapped` rules, keeping a space published at a wrap.

    >>> join_visual(["ITスタートアッ", "プ支援事業"]), join_visual(["Kuni-Biz ", "を中心として"])
    ('ITスタートアップ支援事業', 'Kuni-Biz を中心として')
    """
    out = ""
    for part in parts:
        if out and (out[-1] == " " or part[:1] == " "):
            out = out.rstrip(" ") + " " + part.lstrip(" ")
        else:
            out = join_wrapped([out, part]) if out else part
    return out.strip()


def robust_right_edge(x1s: list[float], em: float) -> float:
    """The right edge of a column: median of the line ends near the furthest one.

    Hung punctuation sticks out by up to one character; the median ignores it.

    >>> robust_right_edge([500.0, 500.5, 510.0, 300.0], 10.0)
    500.5
    """
    top = max(x1s)
    return statistics.median(x for x in x1s if x >= top - RIGHT_EDGE_REACH_EM * em)


def lead_width(v: Visual) -> float:
    """Width of the first word of a line: a Latin run, or one character and its closing marks.

    >>> frag = Fragment(1, 0, [("A", 0, 6, 10), ("I", 6, 9, 10), ("で", 9, 19, 10)], 0, 10)
    >>> lead_width(Visual(1, [frag], (1, 0)))
    9
    """
    chars = [c for f in v.frags for c in f.chars]
    if not chars:
        return 0.0
    end = 1
    if is_latin(chars[0][0]):
        while end < len(chars) and (is_latin(chars[end][0]) or chars[end][0] in "-."):
            end += 1
    while end < len(chars) and chars[end][0] in CLOSING:
        end += 1
    return chars[end - 1][2] - chars[0][1]


def page_visuals(p: PageData, body_size: float, params: PdfParams) -> list[Visual]:
    """The visual lines of a page in reading order, captions and dropped rows marked.

    Dropped rows (headers, page numbers) stay in the stream where they stand: those in
    the top half of the page before the page's text, the others after it.
    """
    kept = [f for f in p.fragments if f.drop_reason is None]
    mark_captions(kept, p.figures, body_size, params)
    items: list[Item] = [(Box(f.x0, f.top, f.ink_x1, f.bottom), f) for f in kept]
    items += [(b, None) for b in p.figures]
    out: list[Visual] = []
    dropped = [f for f in p.fragments if f.drop_reason]
    head = [f for f in dropped if f.top < p.height / 2]
    out += [make_visual(p.number, [f], (p.number, 0), f.drop_reason) for f in head]
    if items:
        for col, leaf in xy_cut(items, params.column_gap_em * body_size):
            rows: dict[int, list[Fragment]] = {}
            for _, f in leaf:
                if f is not None:
                    rows.setdefault(f.row, []).append(f)
            for row in sorted(rows.values(), key=lambda fs: (min(f.top for f in fs), fs[0].x0)):
                out.append(make_visual(p.number, sorted(row, key=lambda f: f.x0), (p.number, col)))
    out += [make_visual(p.number, [f], (p.number, 0), f.drop_reason) for f in dropped if f not in head]
    return out


def make_visual(page: int, frags: list[Fragment], column: tuple[int, int], drop: str | None = None) -> Visual:
    """The visual line of ``frags`` (one row of a leaf, left to right): text, size, box, role and font.

    Most visual lines are one fragment, whose values are taken as they are.
    """
    first = frags[0]
    role = "caption" if all(f.role == "caption" for f in frags) else None
    if len(frags) == 1:
        sizes, text, font = first.sizes, first.text, first.font
        box = Box(first.x0, first.top, first.x1, first.bottom)
    else:
        text = ""
        for f in frags:
            t = f.text
            text = (text.rstrip(" ") + " " + t.lstrip(" ")) if text else t
        sizes = merge_counts(f.sizes for f in frags)
        box = Box(
            min(f.x0 for f in frags), min(f.top for f in frags), max(f.x1 for f in frags), max(f.bottom for f in frags)
        )
        fonts: dict[str, int] = {}
        for f in frags:
            if f.font:
                fonts[f.font] = fonts.get(f.font, 0) + len(f.chars)
        font = most_common(fonts) if fonts else ""
    return Visual(
        page,
        frags,
        column,
        role=role,
        figure=first.figure if role else None,
        drop_reason=drop,
        text=text,
        size=most_common(sizes) if sizes else first.size,
        box=box,
        font=font,
    )


def _stacked(prev: Visual, nxt: Visual, params: PdfParams) -> bool:
    """``nxt`` sits directly below ``prev``: no paragraph gap, at most a slight overlap."""
    gap = nxt.box.top - prev.box.bottom
    return -params.line_overlap_em * prev.size <= gap <= params.paragraph_gap_em * prev.size


def continues(prev: Visual, nxt: Visual, right: float, params: PdfParams) -> bool:
    """Whether ``nxt`` continues the paragraph (or caption) that ``prev`` ends."""
    if prev.role != nxt.role or abs(prev.size - nxt.size) > params.size_tolerance_pt:
        return False
    if nxt.text.startswith("\u3000"):
        return False  # an indented first line starts a paragraph
    if starts_block(prev, nxt):
        return False
    if prev.role == "caption":
        return prev.page == nxt.page and prev.figure == nxt.figure and _stacked(prev, nxt, params)
    wrapped = prev.box.x1 + lead_width(nxt) > right - params.wrap_tolerance_em * prev.size
    if not wrapped:
        return False
    if prev.page == nxt.page and prev.column == nxt.column:
        return _stacked(prev, nxt, params)
    return nxt.page > prev.page or nxt.box.top < prev.box.top  # flowed to a new column or page


def starts_block(prev: Visual, nxt: Visual) -> bool:
    """Whether ``nxt`` opens a heading or is set in another font than ``prev``: a new block.

    However full ``prev`` is (a paragraph that ends at the end of a column), a line that
    starts with a category marker, a plan heading or the period label
    (:func:`pipeline.lang.markers.breaks_before`), or whose Japanese characters are set in
    another font or weight, is never its continuation.

    >>> body = Visual(1, [], (1, 0), text="課題解決を図る。", font="Gothic")
    >>> starts_block(body, Visual(1, [], (1, 0), text="(1)多様な主体との連携を図る取組", font="Gothic"))
    True
    >>> starts_block(body, Visual(1, [], (1, 0), text="概要", font="Gothic-Bold"))
    True
    >>> starts_block(body, Visual(1, [], (1, 0), text="プ支援事業", font="Gothic"))
    False
    """
    if prev.font and nxt.font and prev.font != nxt.font:
        return True
    return breaks_before(prev.text, nxt.text)


def heading_done(group: list[Visual], nxt: Visual | None = None) -> bool:
    """Whether the lines of ``group`` already make a whole category heading: ``nxt`` may not follow.

    Only its bracketed subheading may, wrapped onto lines of its own: a next line that opens
    a bracket, with which the heading still reads as a whole heading or as one whose
    subheading goes on (its bracket left open).

    >>> head = [Visual(1, [], (1, 0), text="(3) (1)、(2)以外の取組")]
    >>> heading_done(head), heading_done(head, Visual(1, [], (1, 0), text="（持続的な産業基盤の整備）"))
    (True, False)
    >>> heading_done(head, Visual(1, [], (1, 0), text="（持続的な産業基盤の"))
    False
    >>> heading_done(head, Visual(1, [], (1, 0), text="三鷹産業プラザの運営・整備"))
    True
    """
    if not category_marker(group[0].text):
        return False
    text = join_visual([v.text for v in group])
    if not complete_category_heading(text):
        return False
    if nxt is None or not SUBHEADING_START.match(nxt.text) or text.rstrip().endswith(CLOSE_BRACKETS):
        return True
    joined = join_visual([text, nxt.text])
    still_open = sum(joined.count(b) for b in OPEN_BRACKETS) > sum(joined.count(b) for b in CLOSE_BRACKETS)
    return not (still_open or complete_category_heading(joined))


def right_edges(visuals: list[Visual]) -> Callable[[Visual], float]:
    """A function giving the right edge of a visual line's column (see the module docstring)."""
    body = [v for v in visuals if v.drop_reason is None and v.role is None]
    em = statistics.median(v.size for v in body) if body else FALLBACK_EM
    by_col: dict[tuple[int, int], list[float]] = {}
    by_x0: dict[int, list[float]] = {}
    for v in body:
        by_x0.setdefault(round(v.box.x0 / em), []).append(v.box.x1)
        if v.column[1] != 0:
            by_col.setdefault(v.column, []).append(v.box.x1)
    col_edges = {k: robust_right_edge(x1s, em) for k, x1s in by_col.items() if len(x1s) >= MIN_COLUMN_LINES}
    x0_edges = {k: robust_right_edge(x1s, em) for k, x1s in by_x0.items()}

    def right(v: Visual) -> float:
        """The right edge of ``v``'s column, else that of lines starting where it starts."""
        if v.column in col_edges:
            return col_edges[v.column]
        return x0_edges.get(round(v.box.x0 / em), v.box.x1)

    return right


@dataclass(slots=True)
class Block:
    """Lines already made elsewhere (a table's), placed in the stream as they are.

    A block ends the paragraph before it: flowing text is never joined across a table.
    Its lines are numbered with the others by :func:`logical_lines`.
    """

    page: int
    top: float
    lines: list[Line]


def paragraphs(stream: list[Visual | Block], params: PdfParams) -> list[list[Visual] | Block]:
    """Group visual lines into logical lines, in stream order; a dropped line stays alone."""
    right = right_edges([v for v in stream if isinstance(v, Visual)])
    groups: list[list[Visual] | Block] = []
    open_body: list[Visual] | None = None
    open_caption: list[Visual] | None = None
    for v in stream:
        if isinstance(v, Block):
            groups.append(v)
            open_body = open_caption = None
            continue
        if v.drop_reason:
            groups.append([v])
            continue
        if v.role == "caption":
            if open_caption is not None and continues(open_caption[-1], v, right(open_caption[-1]), params):
                open_caption.append(v)
            else:
                open_caption = [v]
                groups.append(open_caption)
            continue
        open_caption = None
        if (
            open_body is not None
            and continues(open_body[-1], v, right(open_body[-1]), params)
            and not heading_done(open_body, v)
        ):
            open_body.append(v)
        else:
            open_body = [v]
            groups.append(open_body)
    return groups


def to_line(line_no: int, group: list[Visual], role: str | None = None) -> Line:
    """One logical line from its visual lines; the box is that of its part on the first page.

    Args:
        line_no: its number.
        group: its visual lines, in order.
        role: the role to give it (default: that of its first visual line).
    """
    first = [v for v in group if v.page == group[0].page]
    return Line(
        line_no=line_no,
        text=join_visual([v.text for v in group]),
        page=group[0].page,
        role=role or group[0].role,
        drop_reason=group[0].drop_reason,
        x0=round(min(v.box.x0 for v in first), 2),
        top=round(first[0].box.top, 2),
        x1=round(max(v.box.x1 for v in first), 2),
        bottom=round(max(v.box.bottom for v in first), 2),
        font_size=group[0].size,
    )


def logical_lines(stream: list[Visual | Block], params: PdfParams) -> list[Line]:
    """Join visual lines into logical lines, put the blocks' lines in place, number them 1..N."""
    out: list[Line] = []
    for group in paragraphs(stream, params):
        if isinstance(group, Block):
            out += [replace(ln, line_no=len(out) + 1 + k) for k, ln in enumerate(group.lines)]
        else:
            out.append(to_line(len(out) + 1, group))
    return out
