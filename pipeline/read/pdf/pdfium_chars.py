"""A page's characters read through pdfium, in the shape of pdfplumber's ``page.chars``.

pdfium's text page (``FPDFText_*``) gives each character's Unicode code point, its
origin on the baseline, its font size (in text space: the size on the page is that
times the vertical scale of the character's matrix, as pdfminer measures it) and its
text object (whose font gives the
descent and the base font name).  They are turned into the dicts the layout analysis
reads from pdfplumber (``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``size``,
``fontname``, ``upright``), with pdfminer's geometry:

* a character's box is one font size high and sits ``descent`` below the baseline
  (pdfminer's ``LTChar``), measured from the top of the page: ``bottom = height -
  (y + descent)``, ``top = bottom - size`` (:func:`to_top_left`);
* its right edge is the next character's origin when both are in one text object on
  one baseline (the advance pdfium laid the text out with), else the right edge of
  pdfium's loose box (:func:`right_edge`);
* characters pdfium generates (line breaks, spaces it infers) are left out: pdfminer
  has none; a text object that draws nothing, which pdfium's text page skips, is put
  back as one space (:func:`blank_chars`);
* a glyph pdfium cannot map to Unicode becomes pdfminer's ``(cid:N)`` placeholder, so
  :func:`~pipeline.read.pdf.glyphs.page_glyphs` refuses the document as with pdfplumber.

The font's weight reaches the layout analysis as pdfplumber gives it: in the base
font name (``MS-Gothic,Bold``, ``NotoSansJP-Bold``), which is what tells a heading's
font from the body's (:func:`~pipeline.read.pdf.fragments.dominant_font`).

Spec: PDF 32000-1:2008, 9.4.4 (text space to user space) and 9.8 (font descriptors).
"""

from __future__ import annotations

import ctypes
import math
from typing import Any

#: Largest base font name read, in bytes.
FONT_NAME_BUFFER = 256
#: Two origins this close (points) lie on one baseline.
BASELINE_TOLERANCE_PT = 1e-3


def to_top_left(origin_y: float, descent: float, size: float, page_height: float) -> tuple[float, float]:
    """A character's ``top`` and ``bottom`` measured from the top of the page, as pdfminer boxes it.

    Args:
        origin_y: the baseline, in PDF user space (origin at the bottom left).
        descent: the font's descent at this size (negative below the baseline).
        size: the font size.
        page_height: the page's height.

    Returns:
        ``(top, bottom)``: the box is one font size high, its bottom ``descent`` below the baseline.

    >>> to_top_left(700.0, -1.5, 10.0, 842.0)
    (133.5, 143.5)
    """
    bottom = page_height - (origin_y + descent)
    return bottom - size, bottom


def right_edge(x0: float, loose_right: float, next_origin: tuple[float, float] | None, y: float) -> float:
    """A character's right edge: where the next character of its run starts, else its loose box's right.

    Args:
        x0: the character's origin.
        loose_right: the right of pdfium's loose box (the font's width of the glyph).
        next_origin: the next character's origin when it is in the same text object, else ``None``.
        y: the character's baseline.

    >>> right_edge(10.0, 15.2, (15.0, 700.0), 700.0), right_edge(10.0, 15.2, None, 700.0)
    (15.0, 15.2)
    >>> right_edge(10.0, 15.2, (56.0, 680.0), 700.0)  # the next line of the same object
    15.2
    """
    if next_origin is not None and abs(next_origin[1] - y) <= BASELINE_TOLERANCE_PT and next_origin[0] > x0:
        return next_origin[0]
    return loose_right


class _Fonts:
    """Descent and base name of the fonts of one page, looked up once per text object."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.names: dict[int, str] = {}
        self.programs: dict[int, bool] = {}
        self.buf = ctypes.create_string_buffer(FONT_NAME_BUFFER)
        self.descent = ctypes.c_float()

    def name(self, font: Any) -> str:
        addr = ctypes.cast(font, ctypes.c_void_p).value or 0
        name = self.names.get(addr)
        if name is None:
            n = self.raw.FPDFFont_GetBaseFontName(font, self.buf, FONT_NAME_BUFFER)
            name = self.names[addr] = self.buf.raw[: max(n - 1, 0)].decode("latin-1") if n else ""
        return name

    def descent_at(self, font: Any, size: float) -> float:
        """The font's descent at ``size``; 0 for a Type 3 font, as pdfminer takes it.

        A Type 3 font (glyphs drawn by content streams, as browsers export text) has no
        font program and no base font name; its descriptor, if any, rarely gives a
        descent, and pdfminer then takes 0 where pdfium derives one from the glyphs' box.
        """
        if not self.name(font) and not self.has_program(font):
            return 0.0
        if not self.raw.FPDFFont_GetDescent(font, ctypes.c_float(size), self.descent):
            return 0.0
        return float(self.descent.value)

    def has_program(self, font: Any) -> bool:
        addr = ctypes.cast(font, ctypes.c_void_p).value or 0
        found = self.programs.get(addr)
        if found is None:
            length = ctypes.c_size_t()
            ok = self.raw.FPDFFont_GetFontData(font, None, 0, length)
            found = self.programs[addr] = bool(ok and length.value)
        return found


def _raw_chars(raw: Any, textpage: Any) -> list[tuple[int, Any, float, float, float, float, bool, bool]]:
    """``(code point, text object, x, y, loose right, size, upright, unmapped)`` of every real character."""
    x, y = ctypes.c_double(), ctypes.c_double()
    box = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    out = []
    for i in range(raw.FPDFText_CountChars(textpage)):
        if raw.FPDFText_IsGenerated(textpage, i):
            continue
        obj = raw.FPDFText_GetTextObject(textpage, i)
        if not obj:
            continue
        raw.FPDFText_GetCharOrigin(textpage, i, x, y)
        raw.FPDFText_GetLooseCharBox(textpage, i, box)
        raw.FPDFText_GetMatrix(textpage, i, matrix)
        upright = matrix.b == 0 and matrix.c == 0 and matrix.a > 0 and matrix.d > 0
        scale = matrix.d if upright else math.hypot(matrix.c, matrix.d)
        out.append(
            (
                raw.FPDFText_GetUnicode(textpage, i),
                obj,
                x.value,
                y.value,
                float(box.right),
                float(raw.FPDFText_GetFontSize(textpage, i)) * scale,
                upright,
                bool(raw.FPDFText_HasUnicodeMapError(textpage, i)),
            )
        )
    return out


def _char(code: int) -> str:
    """The character of a code point pdfium gives; U+FFFD for one outside Unicode.

    >>> _char(0x65E5), _char(0x110000)
    ('日', '\ufffd')
    """
    return chr(code) if 0 <= code <= 0x10FFFF else "\ufffd"


def _address(obj: Any) -> int:
    return ctypes.cast(obj, ctypes.c_void_p).value or 0


def blank_chars(raw: Any, blanks: list[tuple[Any, Any]], page_height: float) -> list[dict[str, Any]]:
    """One space character per text object that draws nothing (see the module docstring).

    pdfium's text page skips such an object and cannot tell its code points; what it
    draws is blank, so it is taken for one space as wide as the font's space glyph
    (half the font size in a font without one), where pdfminer gives its characters.

    Args:
        raw: ``pypdfium2.raw``.
        blanks: the objects and their matrices to page space (``Graphics.blanks``).
        page_height: the page's height, to measure from the top.
    """
    fonts = _Fonts(raw)
    size_pt, width = ctypes.c_float(), ctypes.c_float()
    chars: list[dict[str, Any]] = []
    for obj, (a, b, c, d, e, f) in blanks:
        if b != 0 or c != 0 or a <= 0 or d <= 0 or not raw.FPDFTextObj_GetFontSize(obj, size_pt):
            continue  # not upright: the layout analysis reads upright text only
        font = raw.FPDFTextObj_GetFont(obj)
        if not raw.FPDFFont_GetGlyphWidth(font, ord(" "), size_pt, width) or width.value <= 0:
            width.value = size_pt.value / 2
        size = size_pt.value * d
        top, bottom = to_top_left(f, fonts.descent_at(font, size), size, page_height)
        chars.append(
            {
                "text": " ",
                "x0": e,
                "x1": e + width.value * a,
                "top": top,
                "bottom": bottom,
                "size": size,
                "fontname": fonts.name(font),
                "upright": True,
            }
        )
    return chars


def page_chars(raw: Any, textpage: Any, page_height: float) -> list[dict[str, Any]]:
    """The characters of an open pdfium text page, as pdfplumber's ``page.chars`` (see the module docstring).

    Args:
        raw: ``pypdfium2.raw``.
        textpage: the page's ``FPDF_TEXTPAGE``.
        page_height: the page's height, to measure from the top.
    """
    fonts = _Fonts(raw)
    found = _raw_chars(raw, textpage)
    objects = [_address(c[1]) for c in found]
    chars: list[dict[str, Any]] = []
    for k, (code, obj, x, y, loose_right, size, upright, unmapped) in enumerate(found):
        font = raw.FPDFTextObj_GetFont(obj)
        top, bottom = to_top_left(y, fonts.descent_at(font, size), size, page_height)
        nxt = (found[k + 1][2], found[k + 1][3]) if k + 1 < len(found) and objects[k + 1] == objects[k] else None
        chars.append(
            {
                "text": f"(cid:{code})" if unmapped else _char(code),
                "x0": x,
                "x1": right_edge(x, loose_right, nxt, y),
                "top": top,
                "bottom": bottom,
                "size": size,
                "fontname": fonts.name(font),
                "upright": upright,
            }
        )
    return chars
