"""Ruling lines of a page: the horizontal and vertical segments a table is drawn with.

A table's borders reach a PDF in several shapes: stroked lines, stroked rectangles (one
per cell, or one around the table), thin filled rectangles (a browser draws a border as
a bar) and stroked paths.  They are reduced here to two lists of plain tuples, which is
all the table analysis (:mod:`~pipeline.read.pdf.tables`) ever sees:

* a horizontal rule ``(y, x0, x1)`` and a vertical rule ``(x, top, bottom)``, in points
  with ``y``/``top`` measured from the top of the page.

:func:`segments_from_pdfplumber` is the only function that knows pdfplumber's objects
(``page.lines``, ``page.rects``, ``page.curves``: dicts with ``pts``, ``width``,
``height``, ``stroke``); another PDF engine feeds :func:`rules_from_segments` the same
axis-aligned segments ``(x0, top, x1, bottom)``.  There, segments that are neither
horizontal nor vertical, or shorter than ``rule_min_length_pt``, are dropped, and
collinear segments that touch (within ``rule_snap_pt``) are merged, so a grid drawn cell
by cell gives one rule per line of the grid, while a rule interrupted by a merged cell
stays two rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from pipeline.read.pdf.params import PdfParams

#: A horizontal rule: y, x0, x1.
HRule = tuple[float, float, float]
#: A vertical rule: x, top, bottom.
VRule = tuple[float, float, float]
#: A straight segment: x0, top, x1, bottom (the ends, not a bounding box of ink).
Segment = tuple[float, float, float, float]


def _path_segments(pts: list[tuple[float, float]]) -> Iterable[Segment]:
    for (xa, ya), (xb, yb) in itertools.pairwise(pts):
        yield (xa, ya, xb, yb)


def segments_from_pdfplumber(
    lines: list[dict[str, Any]], rects: list[dict[str, Any]], curves: list[dict[str, Any]], max_thickness: float
) -> list[Segment]:
    """The straight segments that may be rules, from pdfplumber's graphic objects.

    A line gives its segment; a rectangle at most ``max_thickness`` thick gives its
    middle line, a stroked one its four edges (a filled one is shading, not a border);
    a stroked path gives the segments between its points.

    >>> bar = {"x0": 10, "x1": 90, "top": 50, "bottom": 50.5, "width": 80, "height": 0.5, "fill": True}
    >>> segments_from_pdfplumber([], [bar], [], 3.0)
    [(10, 50.25, 90, 50.25)]
    """
    segs: list[Segment] = []
    for ln in lines:
        segs.extend(_path_segments(ln.get("pts") or [(ln["x0"], ln["top"]), (ln["x1"], ln["bottom"])]))
    for r in rects:
        x0, top, x1, bottom = r["x0"], r["top"], r["x1"], r["bottom"]
        if r["height"] <= max_thickness and r["width"] > r["height"]:
            segs.append((x0, (top + bottom) / 2, x1, (top + bottom) / 2))
        elif r["width"] <= max_thickness and r["height"] > r["width"]:
            segs.append(((x0 + x1) / 2, top, (x0 + x1) / 2, bottom))
        elif r.get("stroke"):
            segs += [(x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom)]
    for c in curves:
        if c.get("stroke") and c.get("pts"):
            segs.extend(_path_segments(c["pts"]))
    return segs


def merge_collinear(rules: list[tuple[float, float, float]], snap: float) -> list[tuple[float, float, float]]:
    """Merge rules ``(position, start, end)`` that lie on one line and touch or overlap.

    >>> merge_collinear([(10.0, 0.0, 50.0), (10.4, 50.5, 90.0), (10.0, 120.0, 150.0), (40.0, 0.0, 90.0)], 1.5)
    [(10.0, 0.0, 90.0), (10.0, 120.0, 150.0), (40.0, 0.0, 90.0)]
    """
    out: list[tuple[float, float, float]] = []
    line: list[tuple[float, float, float]] = []

    def flush() -> None:
        pos = line[0][0]
        for _, a, b in sorted(line, key=lambda r: r[1]):
            if out and out[-1][0] == pos and a <= out[-1][2] + snap:
                out[-1] = (pos, out[-1][1], max(out[-1][2], b))
            else:
                out.append((pos, a, b))

    for rule in sorted(rules):
        if line and rule[0] - line[0][0] > snap:
            flush()
            line = []
        line.append(rule)
    if line:
        flush()
    return out


def rules_from_segments(segs: list[Segment], params: PdfParams) -> tuple[list[HRule], list[VRule]]:
    """Horizontal and vertical rules from straight segments (see the module docstring).

    >>> h, v = rules_from_segments([(0, 10, 40, 10), (40, 10, 80, 10), (0, 10, 0, 60), (0, 0, 30, 30)], PdfParams())
    >>> h, v
    ([(10.0, 0.0, 80.0)], [(0.0, 10.0, 60.0)])
    """
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    for x0, top, x1, bottom in segs:
        if abs(bottom - top) <= params.rule_snap_pt and abs(x1 - x0) >= params.rule_min_length_pt:
            hs.append((round((top + bottom) / 2, 2), float(min(x0, x1)), float(max(x0, x1))))
        elif abs(x1 - x0) <= params.rule_snap_pt and abs(bottom - top) >= params.rule_min_length_pt:
            vs.append((round((x0 + x1) / 2, 2), float(min(top, bottom)), float(max(top, bottom))))
    return merge_collinear(hs, params.rule_snap_pt), merge_collinear(vs, params.rule_snap_pt)


def page_rules(page: Any, params: PdfParams) -> tuple[list[HRule], list[VRule]]:
    """The rules of an open pdfplumber page."""
    if not (page.lines or page.rects or page.curves):
        return [], []
    segs = segments_from_pdfplumber(page.lines, page.rects, page.curves, params.rule_max_thickness_pt)
    return rules_from_segments(segs, params)
