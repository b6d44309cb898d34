"""Pass 3 of the PDF reader: reading order by recursive XY-cut over fragments and figures.

A page is read the way a person reads it, which a top-to-bottom sort of its rows gets
wrong as soon as there are two columns or a photo beside the text.  The XY-cut:

1. if a vertical gutter at least ``min_gap`` wide (one body em) crosses the whole
   region, and both sides hold text that is not a caption, the region is split into
   columns, read left to right, each recursively;
2. otherwise the region is cut into horizontal bands at every blank horizontal strip;
   consecutive bands are merged while their union still has a vertical gutter, so a
   paragraph beside a figure is read as one column and the figure's captions after it.
   A band below a side holding only figures and captions closes the group unless it
   continues the paragraph on its own side (same size, gap under ``PARAGRAPH_GAP_EM``);
3. a region without gutter is one leaf, read row by row, top to bottom.

Recursion deeper than :data:`~pipeline.read.pdf.params.MAX_CUT_DEPTH` is read top to
bottom.  Each leaf comes with a column id (0 = full width): the logical-line pass
uses it to find the column's right edge and to tell a new column from the next line.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.read.pdf.fragments import Box, Fragment
from pipeline.read.pdf.params import MAX_CUT_DEPTH, PARAGRAPH_GAP_EM, SIZE_TOLERANCE_PT

#: A box to place: a fragment's, or a figure's (``None``).
Item = tuple[Box, Fragment | None]


def gutter(items: list[Item], min_gap: float) -> float | None:
    """The middle of the widest vertical gutter crossing all items, or ``None``.

    >>> gutter([(Box(0, 0, 100, 10), None), (Box(120, 0, 200, 10), None)], 10.0)
    110.0
    >>> gutter([(Box(0, 0, 100, 10), None), (Box(105, 0, 200, 10), None)], 10.0) is None
    True
    """
    spans = sorted((b.x0, b.x1) for b, _ in items)
    best, where = 0.0, None
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_gap and x0 - reach > best:
            best, where = x0 - reach, (x0 + reach) / 2
        reach = max(reach, x1)
    return where


def bands(items: list[Item]) -> list[list[Item]]:
    """Cut items into horizontal bands at every blank horizontal strip, top to bottom.

    >>> [len(b) for b in bands([(Box(0, 0, 9, 10), None), (Box(0, 5, 9, 15), None), (Box(0, 20, 9, 30), None)])]
    [2, 1]
    """
    items = sorted(items, key=lambda it: it[0].top)
    out: list[list[Item]] = [[items[0]]]
    reach = items[0][0].bottom
    for it in items[1:]:
        if it[0].top > reach:
            out.append([it])
        else:
            out[-1].append(it)
        reach = max(reach, it[0].bottom)
    return out


def xy_cut(
    items: list[Item],
    min_gap: float,
    column: int = 0,
    depth: int = 0,
    counter: list[int] | None = None,
) -> Iterator[tuple[int, list[Item]]]:
    """Yield ``(column id, leaf items)`` in reading order (rules in the module docstring).

    A gutter with only figures and captions on one side is not a column split at
    this level: the bands decide how far the text beside the figures reaches.
    """
    counter = counter if counter is not None else [0]
    if len(items) <= 1 or depth > MAX_CUT_DEPTH:
        yield column, items
        return
    x = gutter(items, min_gap)
    if x is not None and not _float_side(items, x):
        yield from _split(items, x, min_gap, depth, counter)
        return
    cut = bands(items)
    if len(cut) == 1:
        if x is not None:
            yield from _split(items, x, min_gap, depth, counter)
        else:
            yield column, items
        return
    group: list[Item] = []
    for band in cut:
        if group and (gutter(group + band, min_gap) is None or _after_float(group, band, min_gap)):
            yield from _emit(group, min_gap, column, depth, counter)
            group = []
        group = group + band
    yield from _emit(group, min_gap, column, depth, counter)


def _split(
    items: list[Item], x: float, min_gap: float, depth: int, counter: list[int]
) -> Iterator[tuple[int, list[Item]]]:
    for side in ([it for it in items if it[0].x1 <= x], [it for it in items if it[0].x1 > x]):
        counter[0] += 1
        yield from xy_cut(side, min_gap, counter[0], depth + 1, counter)


def _float_side(items: list[Item], x: float) -> bool:
    left = [it for it in items if it[0].x1 <= x]
    right = [it for it in items if it[0].x1 > x]
    return all(_is_float(it) for it in left) or all(_is_float(it) for it in right)


def _is_float(it: Item) -> bool:
    """A figure or a caption: placed beside the text, not part of its flow."""
    return it[1] is None or it[1].role == "caption"


def _after_float(group: list[Item], band: list[Item], min_gap: float) -> bool:
    """Whether ``band`` lies below a side of ``group`` that held only figures and captions.

    Such a band ends the group (text after a figure beside a paragraph is read after
    the figure's caption), unless it continues the paragraph on its own side.
    """
    x = gutter(group + band, min_gap)
    assert x is not None
    left = all(b.x1 <= x for b, _ in band)
    right = all(b.x0 >= x for b, _ in band)
    if not (left or right):
        return False
    other = [it for it in group if (it[0].x0 >= x if left else it[0].x1 <= x)]
    if not other or not all(_is_float(it) for it in other):
        return False
    same = [it for it in group if it not in other and it[1] is not None]
    first = min((it for it in band if it[1] is not None), key=lambda it: it[0].top, default=None)
    if not same or first is None or first[1] is None:
        return True
    last = max(same, key=lambda it: it[0].bottom)[1]
    assert last is not None
    return not (
        abs(last.size - first[1].size) <= SIZE_TOLERANCE_PT
        and 0 <= first[1].top - last.bottom <= PARAGRAPH_GAP_EM * last.size
    )


def _emit(
    group: list[Item], min_gap: float, column: int, depth: int, counter: list[int]
) -> Iterator[tuple[int, list[Item]]]:
    x = gutter(group, min_gap)
    if x is not None:
        yield from _split(group, x, min_gap, depth, counter)
    else:
        yield column, group
