"""A page's characters read through pdfium, in the shape of pdfplumber's ``page.chars``.

pdfium's text page (``FPDFText_*``) gives each character's Unicode code point, its
origin on the baseline, its font size (in text space: the size on the page is that
times the vertical scale of the character's matrix, as pdfminer measures it) and its
text object (whose font gives the
descent and the base font name).  They are turned into what the layout analysis reads
from pdfplumber (``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``size``, ``fontname``,
``upright``), as plain tuples (:data:`CharRecord`: a dict per character costs more than
the pdfium calls), with pdfminer's geometry:

* a character's box is one font size high and sits ``descent`` below the baseline
  (pdfminer's ``LTChar``), measured from the top of the page: ``bottom = height -
  (y + descent)``, ``top = bottom - size`` (:func:`to_top_left`);
* its right edge is the next character's origin when both are in one text object on
  one baseline (the advance pdfium laid the text out with), else the right edge of
  pdfium's loose box (:func:`continues`);
* characters pdfium generates (line breaks, spaces it infers) are left out: pdfminer
  has none; a text object that draws nothing, which pdfium's text page skips, is put
  back as one space (:func:`blank_records`);
* a glyph pdfium cannot map to Unicode becomes pdfminer's ``(cid:N)`` placeholder, so
  :func:`~pipeline.read.pdf.glyphs.record_glyphs` refuses the document as with pdfplumber.

pdfium is called about three times per character (its text object, its origin, whether it
maps to Unicode): those calls are made through functions without declared argument types
(:func:`bare`), which ctypes calls about twice as fast.

The font's weight reaches the layout analysis as pdfplumber gives it: in the base
font name (``MS-Gothic,Bold``, ``NotoSansJP-Bold``), which is what tells a heading's
font from the body's (:func:`~pipeline.read.pdf.fragments.dominant_font`).

A page with a ``/Rotate`` entry (a landscape page stored as a portrait one turned, as
printer drivers and scanners write it) is measured as displayed, as pdfminer does: pdfium
gives origins, matrices and boxes in the unrotated user space, and each is taken through
the page's rotation (:func:`~pipeline.read.pdf.rotation.rotation_matrix`) before anything else, so the text that reads
upright on screen is upright here too.

Spec: PDF 32000-1:2008, 9.4.4 (text space to user space), 9.8 (font descriptors) and
7.7.3.3 (the page's ``Rotate`` entry).
"""

from __future__ import annotations

import ctypes
import functools
import math
from typing import Any

from pipeline.lang.datafiles import read_data_csv
from pipeline.read.pdf.rotation import IDENTITY, Matrix, apply, is_upright

#: Code points of the characters pdfium may generate: spaces and line breaks.
GENERATED_CODES = frozenset((0x20, 0x0D, 0x0A))
#: pdfium's code point for a hyphen that ends a line (``CharType::kHyphen``), and the hyphen.
PDFIUM_HYPHEN = 0x02
HYPHEN = 0x2D
#: pdfium writes U+FFFE in its text buffer for a character without a code point of its own.
NONCHARACTER_FFFE = 0xFFFE
#: Largest base font name read, in bytes.
FONT_NAME_BUFFER = 256
#: Two origins this close (points) lie on one baseline.
BASELINE_TOLERANCE_PT = 1e-3
#: The descents of the 14 standard fonts (and their Arial/TimesNewRoman/CourierNew aliases), per
#: 1000 of the font size, as pdfminer.six's Adobe font metrics give them (``pipeline/data/SOURCES.md``).
STANDARD_DESCENTS_FILE = "pdf_standard_descents.csv"


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


def continues(x0: float, y: float, next_x: float, next_y: float) -> bool:
    """Whether the next character of a text object goes on along the same baseline.

    Then its origin is this character's right edge (the advance pdfium laid the run out
    with); otherwise (the object's last character, or a new line of it) the right edge is
    that of pdfium's loose box, the font's width of the glyph.

    >>> continues(10.0, 700.0, 15.0, 700.0), continues(10.0, 700.0, 56.0, 680.0)
    (True, False)
    """
    return abs(next_y - y) <= BASELINE_TOLERANCE_PT and next_x > x0


def _proto(fn: Any, restype: Any, *argtypes: Any) -> Any:
    """``fn`` re-typed to take and return plain addresses: no pointer objects per call."""
    address = ctypes.cast(fn, ctypes.c_void_p).value
    if not address:
        raise OSError(f"pdfium has no function {getattr(fn, '__name__', fn)}")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


def bare(fn: Any, restype: Any) -> Any:
    """``fn`` without declared arguments, for the calls made once per character.

    ctypes converts each argument through its declared type, which costs more than the
    call itself; undeclared, a handle must be passed as a ``c_void_p`` and an index is a C
    ``int``, which is what these functions take.
    """
    return _proto(fn, restype)


class Calls:
    """The pdfium functions read per character, typed with ``c_void_p`` handles.

    pypdfium2's bindings wrap every handle in a pointer object; comparing and hashing
    those (to look up a character's text object or font) costs more than the call.
    Those called per character or per text object take the text page as a ``c_void_p``
    and are left undeclared (:func:`bare`).
    """

    def __init__(self, raw: Any) -> None:
        vp, ci = ctypes.c_void_p, ctypes.c_int
        self.count = _proto(raw.FPDFText_CountChars, ci, vp)
        self.unicode = bare(raw.FPDFText_GetUnicode, ctypes.c_uint)
        self.text = _proto(raw.FPDFText_GetText, ci, vp, ci, ci, ctypes.POINTER(ctypes.c_ushort))
        self.generated = bare(raw.FPDFText_IsGenerated, ci)
        self.unmapped = bare(raw.FPDFText_HasUnicodeMapError, ci)
        self.object = bare(raw.FPDFText_GetTextObject, vp)
        self.origin = bare(raw.FPDFText_GetCharOrigin, ci)
        self.loose = bare(raw.FPDFText_GetLooseCharBox, ci)
        self.matrix = bare(raw.FPDFText_GetMatrix, ci)
        self.size = bare(raw.FPDFText_GetFontSize, ctypes.c_double)
        self.font = _proto(raw.FPDFTextObj_GetFont, vp, vp)
        self.name = _proto(raw.FPDFFont_GetBaseFontName, ctypes.c_size_t, vp, ctypes.c_char_p, ctypes.c_size_t)
        self.descent = _proto(raw.FPDFFont_GetDescent, ci, vp, ctypes.c_float, ctypes.POINTER(ctypes.c_float))
        sp = ctypes.POINTER(ctypes.c_size_t)
        self.data = _proto(raw.FPDFFont_GetFontData, ci, vp, vp, ctypes.c_size_t, sp)
        self.embedded = _proto(raw.FPDFFont_GetIsEmbedded, ci, vp)
        self.box, self.matrix_out = raw.FS_RECTF(), raw.FS_MATRIX()
        self.box_ref, self.matrix_ref = ctypes.byref(self.box), ctypes.byref(self.matrix_out)


@functools.cache
def calls(raw: Any) -> Calls:
    """The re-typed functions of ``raw``, made once per process."""
    return Calls(raw)


class _Fonts:
    """Descent and base name of the fonts of one page, looked up once per font (and size)."""

    def __init__(self, c: Calls) -> None:
        self.c = c
        self.names: dict[int, str] = {}
        self.programs: dict[int, bool] = {}
        self.descents: dict[tuple[int, float], float] = {}
        self.buf = ctypes.create_string_buffer(FONT_NAME_BUFFER)
        self.descent = ctypes.c_float()

    def name(self, font: int) -> str:
        name = self.names.get(font)
        if name is None:
            n = self.c.name(font, self.buf, FONT_NAME_BUFFER)
            name = self.names[font] = self.buf.raw[: max(n - 1, 0)].decode("latin-1") if n else ""
        return name

    def descent_at(self, font: int, size: float) -> float:
        """The font's descent at ``size``, as pdfminer takes it (see :meth:`_descent`); cached."""
        found = self.descents.get((font, size))
        if found is None:
            found = self.descents[font, size] = self._descent(font, size)
        return found

    def _descent(self, font: int, size: float) -> float:
        """The font's descent at ``size``, as pdfminer takes it.

        A Type 3 font (glyphs drawn by content streams, as browsers export text) has no
        font program and no base font name; its descriptor, if any, rarely gives a
        descent, and pdfminer then takes 0 where pdfium derives one from the glyphs' box.
        A standard font that is not embedded (Helvetica, Times-Roman, Arial...) has the
        descent of its Adobe font metrics in pdfminer (:func:`standard_descents`), where
        pdfium measures the font it substitutes.
        """
        name = self.name(font)
        if not name and not self.has_program(font):
            return 0.0  # Type 3
        if name in standard_descents() and not self.c.embedded(font):
            return (standard_descents()[name] or 0.0) * size / 1000
        if not self.c.descent(font, size, ctypes.byref(self.descent)):
            return 0.0
        return float(self.descent.value)

    def has_program(self, font: int) -> bool:
        found = self.programs.get(font)
        if found is None:
            length = ctypes.c_size_t()
            ok = self.c.data(font, None, 0, ctypes.byref(length))
            found = self.programs[font] = bool(ok and length.value)
        return found


@functools.cache
def standard_descents() -> dict[str, float | None]:
    """The descent (per 1000 of the font size) pdfminer gives each standard font, from its AFM table.

    pdfminer (the reference engine) takes a standard font's metrics from its own copy of
    the Adobe font metrics, whatever the PDF's descriptor says; ``None``: the metrics give
    no descent (0).  The table is a data file (:data:`STANDARD_DESCENTS_FILE`, copied from
    pdfminer.six; a unit test keeps them equal), so this engine never imports pdfminer.

    >>> standard_descents()["Helvetica-Bold"], standard_descents()["Times-Roman"], standard_descents()["Symbol"]
    (-207.0, -217.0, None)
    """
    rows = read_data_csv(STANDARD_DESCENTS_FILE, required=("font", "descent"))
    return {r["font"]: float(r["descent"]) if r["descent"] else None for r in rows}


#: What a character takes from its text object: upright, font size, descent, font name.
ObjectInfo = tuple[bool, float, float, str]
#: One character as the layout analysis takes it (pdfplumber's ``page.chars`` fields, in
#: this order): text, x0, x1, top, bottom, size, font name, upright.
CharRecord = tuple[str, float, float, float, float, float, str, bool]
#: The names of a :data:`CharRecord`'s fields, as pdfplumber's ``page.chars`` keys.
CHAR_KEYS = ("text", "x0", "x1", "top", "bottom", "size", "fontname", "upright")


def _object_info(c: Calls, tp: Any, i: int, obj: int, fonts: _Fonts, base: Matrix = IDENTITY) -> ObjectInfo:
    """Upright, size on the page, descent and font name of the text object of character ``i``.

    ``base`` is the page's rotation (:func:`~pipeline.read.pdf.rotation.rotation_matrix`): upright is upright as displayed.
    """
    fm = c.matrix_out
    c.matrix(tp, i, c.matrix_ref)
    a0, b0, c0, d0 = fm.a, fm.b, fm.c, fm.d
    ra, rb, rc, rd = base[:4]
    ma, mb, mc, md = a0 * ra + b0 * rc, a0 * rb + b0 * rd, c0 * ra + d0 * rc, c0 * rb + d0 * rd
    upright = is_upright(ma, mb, mc, md)
    size = float(c.size(tp, i)) * (md if upright else math.hypot(mc, md))
    font = c.font(obj) or 0
    return upright, size, fonts.descent_at(font, size), fonts.name(font)


def _page_text(c: Calls, tp: int, n: int) -> list[int] | None:
    """The code points of the page's ``n`` characters in one call; ``None`` when they do not line up.

    ``FPDFText_GetText`` gives the text page's buffer, one UTF-16 unit per character,
    except where a character is outside the Basic Multilingual Plane or has no Unicode
    map: then the lengths differ and the characters are read one at a time.
    """
    buf = (ctypes.c_ushort * (n + 1))()
    got = c.text(tp, 0, n, buf)
    return list(buf[:n]) if got == n + 1 else None


def _raw_chars(c: Calls, tp: int) -> list[tuple[int, int, float, float, int, int]]:
    """``(code point, text object, x, y, index, unmapped)`` of every real character, in order.

    Only spaces and line breaks can be characters pdfium generated, so only they are
    asked about; a hyphen pdfium marked as the end of a line (code point 2) is a hyphen.
    ``unmapped`` is non-zero for a glyph without a Unicode map.
    """
    x, y = ctypes.c_double(), ctypes.c_double()
    px, py = ctypes.byref(x), ctypes.byref(y)
    out: list[tuple[int, int, float, float, int, int]] = []
    append = out.append
    generated, get_object, origin, unicode, unmapped = c.generated, c.object, c.origin, c.unicode, c.unmapped
    n = c.count(tp)
    tpv = ctypes.c_void_p(tp)
    codes = _page_text(c, tp, n)
    buffered = codes is not None
    for i, code in enumerate(codes if codes is not None else (unicode(tpv, i) for i in range(n))):
        if code in GENERATED_CODES and generated(tpv, i):
            continue
        obj = get_object(tpv, i)
        if not obj:
            continue
        if buffered and code >= NONCHARACTER_FFFE:
            code = unicode(tpv, i)  # a buffer placeholder: ask for the character itself
        origin(tpv, i, px, py)
        append((HYPHEN if code == PDFIUM_HYPHEN else code, obj, x.value, y.value, i, unmapped(tpv, i)))
    return out


def blank_records(raw: Any, blanks: list[tuple[Any, Any]], page_height: float) -> list[CharRecord]:
    """One space character per text object that draws nothing (see the module docstring).

    pdfium's text page skips such an object and cannot tell its code points; what it
    draws is blank, so it is taken for one space as wide as the font's space glyph
    (half the font size in a font without one), where pdfminer gives its characters.

    Args:
        raw: ``pypdfium2.raw``.
        blanks: the objects and their matrices to page space (``Graphics.blanks``).
        page_height: the page's height, to measure from the top.
    """
    c = calls(raw)
    fonts = _Fonts(c)
    size_pt, width = ctypes.c_float(), ctypes.c_float()
    chars: list[CharRecord] = []
    for obj, (a, b, c, d, e, f) in blanks:
        if not is_upright(a, b, c, d) or not raw.FPDFTextObj_GetFontSize(obj, size_pt):
            continue  # not upright: the layout analysis reads upright text only
        font = raw.FPDFTextObj_GetFont(obj)
        if not raw.FPDFFont_GetGlyphWidth(font, ord(" "), size_pt, width) or width.value <= 0:
            width.value = size_pt.value / 2
        size = size_pt.value * d
        address = ctypes.cast(font, ctypes.c_void_p).value or 0
        top, bottom = to_top_left(f, fonts.descent_at(address, size), size, page_height)
        chars.append((" ", e, e + width.value * a, top, bottom, size, fonts.name(address), True))
    return chars


def _rotated(
    found: list[tuple[int, int, float, float, int, int]], base: Matrix
) -> list[tuple[int, int, float, float, int, int]]:
    """The characters of :func:`_raw_chars` with their origins taken through the page's rotation."""
    if base == IDENTITY:
        return found
    return [(code, obj, *apply(base, x, y), i, unmapped) for code, obj, x, y, i, unmapped in found]


def _loose_right(c: Calls, tpv: Any, i: int, base: Matrix) -> float:
    """The right edge of pdfium's loose box of character ``i``, as displayed."""
    c.loose(tpv, i, c.box_ref)
    box = c.box
    if base == IDENTITY:
        return float(box.right)
    return max(apply(base, box.left, box.bottom)[0], apply(base, box.right, box.top)[0])


def page_records(raw: Any, textpage: Any, page_height: float, base: Matrix = IDENTITY) -> list[CharRecord]:
    """The characters of an open pdfium text page, as pdfplumber's ``page.chars`` (see the module docstring).

    Args:
        raw: ``pypdfium2.raw``.
        textpage: the page's ``FPDF_TEXTPAGE``.
        page_height: the page's height as displayed, to measure from the top.
        base: the page's rotation (:func:`~pipeline.read.pdf.rotation.rotation_matrix`).

    Returns:
        One :data:`CharRecord` per character, in the text page's order.
    """
    c = calls(raw)
    tp = ctypes.cast(textpage, ctypes.c_void_p).value or 0
    tpv = ctypes.c_void_p(tp)
    fonts = _Fonts(c)
    objects: dict[int, ObjectInfo] = {}
    found = _rotated(_raw_chars(c, tp), base)
    chars: list[CharRecord] = []
    append = chars.append
    # each character with the next one (its origin may be this one's right edge: :func:`continues`)
    for (code, obj, x, y, i, unmapped), nxt in zip(found, [*found[1:], None][: len(found)], strict=True):
        info = objects.get(obj)
        if info is None:
            info = objects[obj] = _object_info(c, tpv, i, obj, fonts, base)
        upright, size, descent, name = info
        if nxt is not None and nxt[1] == obj and abs(nxt[3] - y) <= BASELINE_TOLERANCE_PT and nxt[2] > x:
            x1 = nxt[2]  # continues(), written out: it runs per character
        else:
            x1 = _loose_right(c, tpv, i, base)
        bottom = page_height - (y + descent)  # to_top_left, written out
        text = f"(cid:{code})" if unmapped else chr(code) if 0 <= code <= 0x10FFFF else "\ufffd"
        append((text, x, x1, bottom - size, bottom, size, name, upright))
    return chars


def page_chars(raw: Any, textpage: Any, page_height: float) -> list[dict[str, Any]]:
    """:func:`page_records` as pdfplumber's ``page.chars`` dicts (to compare the engines).

    >>> dict(zip(CHAR_KEYS, (" ", 1.0, 2.0, 3.0, 4.0, 1.0, "F", True), strict=True))["x1"]
    2.0
    """
    return [dict(zip(CHAR_KEYS, r, strict=True)) for r in page_records(raw, textpage, page_height)]
