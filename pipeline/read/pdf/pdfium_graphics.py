"""A page's lines, rectangles, curves and images read through pdfium, as pdfplumber gives them.

The ruling lines (:mod:`~pipeline.read.pdf.rules`) and figures
(:func:`~pipeline.read.pdf.fragments.page_figures`) are found from pdfplumber's
``page.lines``, ``page.rects``, ``page.curves`` and ``page.images``.  This module walks
pdfium's page objects (``FPDFPage_GetObject``, into form XObjects too) and builds the
same dicts, so the same code finds the same rules and figures:

* a path is cut into subpaths at each move; each subpath is classified as pdfminer
  does (``PDFPageAggregator.paint_path``): a move and a line (closed or not) is a
  *line*; a move, three lines and a close, or four lines back to the start, whose sides
  are axis-aligned, is a *rectangle*; anything else is a *curve* whose points are the
  ends of its segments (:func:`classify`);
* pdfium stores a close back to the start as a last line with a close flag, and a
  rectangle operator (``re``) the same way: that line is pdfminer's ``h``;
* points are taken to page space with the object's matrix (and its forms'), then
  measured from the top of the page.

Text objects that draw nothing (a space set as a glyph with an empty outline, as
LibreOffice and Chromium export spaces) are skipped by pdfium's text page, where
pdfminer keeps them as characters; they are collected here (``Graphics.blanks``) so
that :func:`~pipeline.read.pdf.pdfium_chars.blank_records` can put the spaces back.

Images keep their pdfium object, so that :func:`image_gray` can decode the pixels while
the page is open (pdfium decodes every image filter, including JPEG 2000 and CCITT,
which the pdfplumber engine leaves unexamined).

Spec: PDF 32000-1:2008, 8.5.2 (path construction operators) and 8.10 (form XObjects).
"""

from __future__ import annotations

import ctypes
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipeline.read.pdf.pdfium_chars import bare
from pipeline.read.pdf.rotation import IDENTITY, Matrix

if TYPE_CHECKING:
    import numpy as np

#: A text object narrower than this (points) is skipped by pdfium's text page (its ``kSizeEpsilon``).
BLANK_WIDTH_PT = 0.01
#: Deepest nesting of form XObjects followed (a crafted file may nest them without end).
MAX_FORM_DEPTH = 32


@dataclass(slots=True)
class Graphics:
    """What pdfplumber calls ``page.lines``, ``page.rects``, ``page.curves`` and ``page.images``."""

    width: float
    height: float
    lines: list[dict[str, Any]] = field(default_factory=list)
    rects: list[dict[str, Any]] = field(default_factory=list)
    curves: list[dict[str, Any]] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    #: text objects pdfium's text page leaves out (no ink: a space glyph), with their matrix
    blanks: list[tuple[Any, Matrix]] = field(default_factory=list)


def compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix that applies ``inner`` then ``outer``.

    >>> compose((2, 0, 0, 2, 10, 0), (1, 0, 0, 1, 0, 5))
    (2, 0, 0, 2, 10, 5)
    """
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def classify(shape: str, pts: list[tuple[float, float]]) -> str:
    """``"line"``, ``"rect"`` or ``"curve"``: what pdfminer makes of one subpath.

    Args:
        shape: one letter per operator, ``m`` (move), ``l`` (line), ``c`` (curve), ``h`` (close).
        pts: one point per operator (the start point for ``h``), in any coordinates.

    >>> classify("ml", [(0, 0), (10, 0)]), classify("mlllh", [(0, 0), (9, 0), (9, 5), (0, 5), (0, 0)])
    ('line', 'rect')
    >>> classify("mlllh", [(0, 0), (9, 1), (9, 5), (0, 5), (0, 0)]), classify("mlc", [(0, 0), (1, 1), (2, 0)])
    ('curve', 'curve')
    """
    if shape in ("ml", "mlh"):
        return "line"
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == last and square:
            return "rect"
    return "curve"


def _subpaths(raw: Any, path: Any, m: Matrix) -> list[tuple[str, list[tuple[float, float]]]]:
    """The subpaths of a path object as pdfminer's operators and points, in page space."""
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[tuple[str, list[tuple[float, float]]]] = []
    shape: list[str] = []
    pts: list[tuple[float, float]] = []
    bezier = 0
    for i in range(raw.FPDFPath_CountSegments(path)):
        seg = raw.FPDFPath_GetPathSegment(path, i)
        kind = raw.FPDFPathSegment_GetType(seg)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        a, b, c, d, e, f = m
        pt = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if shape:
                out.append(("".join(shape), pts))
            shape, pts, bezier = ["m"], [pt], 0
        elif kind == raw.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:  # pdfium gives two control points then the end: one ``c``
                shape.append("c")
                pts.append(pt)
        elif not shape:
            continue  # a line with no move before it: pdfminer drops the path
        elif raw.FPDFPathSegment_GetClose(seg) and pt == pts[0] and shape[-1] != "m":
            shape.append("h")  # a close back to the start is pdfminer's ``h``
            pts.append(pt)
            continue
        else:
            shape.append("l")
            pts.append(pt)
        if shape and raw.FPDFPathSegment_GetClose(seg):
            shape.append("h")
            pts.append(pts[0])
    if shape:
        out.append(("".join(shape), pts))
    return out


def _matrix(raw: Any, obj: Any) -> Matrix:
    fm = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, fm):
        return IDENTITY
    return (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f)


def _add_path(raw: Any, obj: Any, m: Matrix, g: Graphics) -> None:
    """pdfplumber's dicts for the subpaths of one path object."""
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, mode, stroke)
    fill, stroked = mode.value != raw.FPDF_FILLMODE_NONE, bool(stroke.value)
    for shape, pts in _subpaths(raw, obj, compose(_matrix(raw, obj), m)):
        if not shape.startswith("m") or len(pts) < 2:
            continue
        kind = classify(shape, pts)
        top_pts = [(px, g.height - py) for px, py in pts]
        xs, ys = [p[0] for p in top_pts], [p[1] for p in top_pts]
        item = {"x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys), "fill": fill, "stroke": stroked}
        item |= {"width": item["x1"] - item["x0"], "height": item["bottom"] - item["top"], "pts": top_pts}
        {"line": g.lines, "rect": g.rects, "curve": g.curves}[kind].append(item)


def _add_image(raw: Any, obj: Any, m: Matrix, g: Graphics) -> None:
    """The box of an image: the unit square through its matrix (pdfminer's ``LTImage``)."""
    a, b, c, d, e, f = compose(_matrix(raw, obj), m)
    corners = [(e, f), (a + e, b + f), (c + e, d + f), (a + c + e, b + d + f)]
    xs, ys = [p[0] for p in corners], [g.height - p[1] for p in corners]
    item: dict[str, Any] = {"x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys), "object": obj}
    item |= {"width": item["x1"] - item["x0"], "height": item["bottom"] - item["top"]}
    g.images.append(item)


class _ObjectCalls:
    """The pdfium calls made once per page object, undeclared (:func:`~pipeline.read.pdf.pdfium_chars.bare`).

    A page of text has a text object every few characters; declared argument types and
    fresh result holders per call would cost more than the calls.
    """

    def __init__(self, raw: Any) -> None:
        self.get_object = bare(raw.FPDFPage_GetObject, raw.FPDF_PAGEOBJECT)
        self.get_type = bare(raw.FPDFPageObj_GetType, ctypes.c_int)
        self.get_bounds = bare(raw.FPDFPageObj_GetBounds, ctypes.c_int)
        self.left, self.bottom, self.right, self.top = (ctypes.c_float() for _ in range(4))
        self.refs = tuple(ctypes.byref(v) for v in (self.left, self.bottom, self.right, self.top))

    def is_blank(self, obj: Any) -> bool:
        """Whether a text object has no width: its glyphs draw nothing, and pdfium's text page skips it."""
        return bool(self.get_bounds(obj, *self.refs)) and self.right.value - self.left.value < BLANK_WIDTH_PT


@functools.cache
def _object_calls(raw: Any) -> _ObjectCalls:
    return _ObjectCalls(raw)


def _walk(raw: Any, objects: list[Any], m: Matrix, g: Graphics, depth: int) -> None:
    fast = _object_calls(raw)
    text, path, image, form = (
        raw.FPDF_PAGEOBJ_TEXT,
        raw.FPDF_PAGEOBJ_PATH,
        raw.FPDF_PAGEOBJ_IMAGE,
        raw.FPDF_PAGEOBJ_FORM,
    )
    for obj in objects:
        kind = fast.get_type(obj)
        if kind == text:
            if fast.is_blank(obj):
                g.blanks.append((obj, compose(_matrix(raw, obj), m)))
        elif kind == path:
            _add_path(raw, obj, m, g)
        elif kind == image:
            _add_image(raw, obj, m, g)
        elif kind == form and depth < MAX_FORM_DEPTH:
            inner = [raw.FPDFFormObj_GetObject(obj, i) for i in range(raw.FPDFFormObj_CountObjects(obj))]
            _walk(raw, inner, compose(_matrix(raw, obj), m), g, depth + 1)


def page_graphics(raw: Any, page: Any, width: float, height: float, base: Matrix = IDENTITY) -> Graphics:
    """The lines, rectangles, curves and images of an open pdfium page (see the module docstring).

    ``width`` and ``height`` are the page's as displayed, ``base`` its rotation
    (:func:`~pipeline.read.pdf.rotation.rotation_matrix`).
    """
    g = Graphics(width, height)
    get_object = _object_calls(raw).get_object
    objects = [get_object(page, i) for i in range(raw.FPDFPage_CountObjects(page))]
    _walk(raw, objects, base, g, 0)
    return g


def image_gray(raw: Any, image: dict[str, Any]) -> np.ndarray | None:
    """The grey levels of an image of an open page, decoded by pdfium; ``None`` when it cannot be."""
    import numpy as np

    bitmap = raw.FPDFImageObj_GetBitmap(image["object"])
    if not bitmap:
        return None
    try:
        width, height = raw.FPDFBitmap_GetWidth(bitmap), raw.FPDFBitmap_GetHeight(bitmap)
        stride, fmt = raw.FPDFBitmap_GetStride(bitmap), raw.FPDFBitmap_GetFormat(bitmap)
        channels = {raw.FPDFBitmap_Gray: 1, raw.FPDFBitmap_BGR: 3, raw.FPDFBitmap_BGRx: 4, raw.FPDFBitmap_BGRA: 4}
        n = channels.get(fmt)
        if n is None or width <= 0 or height <= 0:
            return None
        buf = ctypes.cast(raw.FPDFBitmap_GetBuffer(bitmap), ctypes.POINTER(ctypes.c_ubyte * (stride * height)))
        rows = np.frombuffer(buf.contents, dtype=np.uint8).reshape(height, stride)
        pixels = rows[:, : width * n].reshape(height, width, n)
        return pixels[:, :, 0].copy() if n == 1 else pixels[:, :, :3].mean(axis=2).astype(np.uint8)
    finally:
        raw.FPDFBitmap_Destroy(bitmap)
