"""Pass 1 of the PDF reader: a page's characters to rows, fragments and figures.

``page.chars`` is read once per page (the loader closes the page at once, so memory
stays flat).  Characters whose baselines differ by at most ``row_tolerance_em`` font
sizes form a *row*; a row is cut into *fragments* where the gap between one
character's ink and the next exceeds ``fragment_gap_em`` (a column gutter, or the
space between a caption and the text beside it).  Fragments, not rows, are the unit
of the later passes, so two columns that share a baseline stay apart.

Ink matters at the cut: full-width closing marks (``、。）」``…) are inked in their left
half, so punctuation hung into a gutter does not close it.  A gap wider than
``word_gap_em`` without a space glyph becomes a space (Latin words set with spacing).

*Figures* are images and filled rectangles at least :data:`FIGURE_MIN_SIDE_PT` on each
side that hold no text and are not a page background; captions and reading order
refer to them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, TypeVar

from pipeline.lang.normalize import is_latin
from pipeline.read.pdf.glyphs import Glyph
from pipeline.read.pdf.params import FIGURE_MIN_SIDE_PT, PdfParams

#: Full-width closing marks: inked in their left half, and never the start of a word.
CLOSING = "、。，．）」』】〕！？・ー"
#: Share of the page a filled rectangle must cover on both sides to be a page background.
PAGE_BACKGROUND_SHARE = 0.95

K = TypeVar("K")

#: One character of a fragment: text, x0, x1, font size.
Char = tuple[str, float, float, float]


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in page coordinates (points, ``top`` measured from the top edge)."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class Fragment:
    """Characters of one row with no wide gap inside; the unit of layout analysis.

    Its characters are never changed once it is made (a fragment cut up makes new ones), so
    its text and font sizes, which every later pass reads, are computed once and kept.
    """

    page: int
    row: int
    chars: list[Char]
    top: float
    bottom: float
    drop_reason: str | None = None
    role: str | None = None
    figure: int | None = None
    #: the font of most of its Japanese characters (see :func:`dominant_font`); "" when none
    font: str = ""
    _text: str | None = field(default=None, init=False, repr=False, compare=False)
    _sizes: dict[float, int] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def x0(self) -> float:
        return self.chars[0][1]

    @property
    def x1(self) -> float:
        return self.chars[-1][2]

    @property
    def ink_x1(self) -> float:
        last = self.chars[-1]
        return ink_right(last[0], last[1], last[2])

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join([c[0] for c in self.chars])
        return self._text

    @property
    def sizes(self) -> dict[float, int]:
        """How many of its non-space characters have each font size (to 0.1 pt), in order of appearance."""
        if self._sizes is None:
            self._sizes = size_counts(self.chars)
        return self._sizes

    @property
    def size(self) -> float:
        return most_common(self.sizes) if self.text.strip() else round(self.chars[0][3], 1)


def size_counts(chars: list[Char]) -> dict[float, int]:
    """The font sizes (rounded to 0.1 pt) of the non-space characters and their counts, in order of appearance.

    >>> size_counts([("a", 0, 5, 10.04), (" ", 5, 7, 9.0), ("b", 7, 12, 8.0), ("c", 12, 17, 10.0)])
    {10.0: 2, 8.0: 1}
    """
    sizes = [c[3] for c in chars if not c[0].isspace()]
    if not sizes:
        return {}
    first = sizes[0]
    if sizes.count(first) == len(sizes):  # the usual case: one size throughout
        return {round(first, 1): len(sizes)}
    return dict(Counter(round(s, 1) for s in sizes))


def merge_counts(counts: Iterable[dict[float, int]]) -> dict[float, int]:
    """Counts added up, keys in order of first appearance (as one ``Counter`` over all the characters).

    >>> merge_counts([{10.0: 2}, {8.0: 1, 10.0: 1}])
    {10.0: 3, 8.0: 1}
    """
    out: dict[float, int] = {}
    for c in counts:
        for k, n in c.items():
            out[k] = out.get(k, 0) + n
    return out


def most_common(counts: dict[K, int]) -> K:
    """The key with the largest count, the first one on a tie (``Counter.most_common(1)``).

    >>> most_common({10.0: 2, 8.0: 2, 9.0: 1})
    10.0
    """
    return max(counts.items(), key=itemgetter(1))[0]


@dataclass(slots=True)
class PageData:
    """What the layout passes need of a page, kept after the page itself is closed.

    ``hrules`` and ``vrules`` are the page's ruling lines as plain tuples
    (:mod:`~pipeline.read.pdf.rules`); ``grid_images`` the images whose pixels show a
    ruled grid (:mod:`~pipeline.read.pdf.images`).
    """

    number: int
    width: float
    height: float
    fragments: list[Fragment]
    figures: list[Box]
    has_images: bool
    hrules: list[tuple[float, float, float]] = field(default_factory=list)
    vrules: list[tuple[float, float, float]] = field(default_factory=list)
    grid_images: list[Box] = field(default_factory=list)
    #: characters left out for not being upright (text turned sideways, vertical writing)
    sideways: int = 0


def ink_right(text: str, x0: float, x1: float) -> float:
    """Right end of a character's ink: full-width closing marks are inked in their left half.

    >>> ink_right("、", 0.0, 10.0), ink_right("a", 0.0, 6.0)
    (5.0, 6.0)
    """
    return x0 + (x1 - x0) / 2 if text in CLOSING or text == "\u3000" else x1


def glyph_rows(glyphs: list[Glyph], params: PdfParams) -> list[list[Glyph]]:
    """Group glyphs into rows by baseline, top to bottom; each row sorted left to right.

    >>> rows = glyph_rows([(20.0, 30.0, 40.0, 10.0, 10.0, "b", "F"), (21.0, 0.0, 10.0, 11.0, 10.0, "a", "F")], PdfParams())
    >>> [[g[5] for g in row] for row in rows]
    [['a', 'b']]
    """
    glyphs = sorted(glyphs, key=itemgetter(0))
    tolerance = params.row_tolerance_em
    rows: list[list[Glyph]] = []
    row: list[Glyph] = []
    base = 0.0
    for g in glyphs:
        if row and g[0] - base <= tolerance * g[4]:
            row.append(g)
        else:
            row = [g]
            base = g[0]
            rows.append(row)
    by_x0 = itemgetter(1)
    for row in rows:
        row.sort(key=by_x0)
    return rows


def row_fragments(row: list[Glyph], page_no: int, row_no: int, params: PdfParams) -> list[Fragment]:
    """Cut one row (sorted left to right) into fragments at wide gaps; insert word spaces.

    This runs once per character of the document, so :func:`ink_right` is written out in
    it, and the characters' fonts are paired with their text (for :func:`dominant_font`)
    only in a fragment set in more than one font.

    >>> row = [(20.0, 0.0, 10.0, 10.0, 10.0, "a", "F"), (20.0, 16.0, 26.0, 10.0, 10.0, "b", "F"),
    ...        (20.0, 60.0, 70.0, 10.0, 10.0, "c", "F")]
    >>> [f.text for f in row_fragments(row, 1, 0, PdfParams())]
    ['a b', 'c']
    """
    frags: list[Fragment] = []
    cur: list[Char] = []
    fonts: list[str] = []
    texts: list[str] = []
    top = bottom = 0.0
    last_x1 = last_ink = -math.inf
    cut_em, word_em = params.fragment_gap_em, params.word_gap_em
    for _, x0, x1, t, size, text, font in row:
        if cur and x0 - last_ink > cut_em * size:
            frags.append(Fragment(page_no, row_no, cur, top, bottom, font=_font_of(texts, fonts)))
            cur, fonts, texts = [], [], []
        if not cur:
            top, bottom = t, t + size
        elif x0 - last_x1 > word_em * size and cur[-1][0] != " " and text != " ":
            cur.append((" ", last_x1, x0, size))
        cur.append((text, x0, x1, size))
        fonts.append(font)
        texts.append(text)
        if t < top:
            top = t
        if t + size > bottom:
            bottom = t + size
        last_x1 = x1
        last_ink = x0 + (x1 - x0) / 2 if text in CLOSING or text == "\u3000" else x1
    if cur:
        frags.append(Fragment(page_no, row_no, cur, top, bottom, font=_font_of(texts, fonts)))
    return frags


def _font_of(texts: list[str], fonts: list[str]) -> str:
    """:func:`dominant_font` of characters given as their texts and their fonts."""
    first = fonts[0]
    if fonts.count(first) == len(fonts):
        return first
    return dominant_font(list(zip(texts, fonts, strict=True)))


def dominant_font(chars: list[tuple[str, str]]) -> str:
    """The font of most of the Japanese characters of a run, else of most of its characters.

    Latin letters, digits and spaces are left out when there is anything else: office
    software sets them in a fallback font, which says nothing about a heading.

    >>> dominant_font([("A", "Latin"), ("B", "Latin"), ("本", "Gothic")]), dominant_font([("A", "Latin")])
    ('Gothic', 'Latin')
    """
    if len({font for _, font in chars}) == 1:
        return chars[0][1]
    cjk = Counter(font for text, font in chars if not text.isspace() and not is_latin(text))
    if not cjk:
        cjk = Counter(font for text, font in chars if not text.isspace())
    return cjk.most_common(1)[0][0] if cjk else ""


def page_fragments(glyphs: list[Glyph], page_no: int, params: PdfParams) -> list[Fragment]:
    """Group a page's glyphs (:mod:`~pipeline.read.pdf.glyphs`) into rows and fragments.

    >>> [f.text for f in page_fragments([(20.0, 0.0, 10.0, 10.0, 10.0, "a", "F")], 1, PdfParams())]
    ['a']
    """
    frags = [
        f for row_no, row in enumerate(glyph_rows(glyphs, params)) for f in row_fragments(row, page_no, row_no, params)
    ]
    return [f for f in frags if f.text.strip()]


def page_figures(page: Any, frags: list[Fragment]) -> list[Box]:
    """Images and filled rectangles that hold no text: the figures of a page."""
    boxes = [Box(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images]
    for r in page.rects:
        if not r.get("fill") or min(r["width"], r["height"]) < FIGURE_MIN_SIDE_PT:
            continue
        if r["width"] >= page.width * PAGE_BACKGROUND_SHARE and r["height"] >= page.height * PAGE_BACKGROUND_SHARE:
            continue  # a page background
        b = Box(r["x0"], r["top"], r["x1"], r["bottom"])
        if any(b.x0 <= (f.x0 + f.x1) / 2 <= b.x1 and b.top <= (f.top + f.bottom) / 2 <= b.bottom for f in frags):
            continue  # a shaded box behind text
        boxes.append(b)
    return boxes


def body_font_size(pages: list[PageData], fallback: float = 10.0) -> float:
    """The most common font size of the kept (not dropped) characters of the document.

    ``fallback`` when there are none (a document that is all table).

    >>> page = PageData(1, 600, 800, [Fragment(1, 0, [("本", 0, 10, 10.5), ("文", 10, 20, 10.5)], 0, 10)], [], False)
    >>> body_font_size([page])
    10.5
    """
    sizes = merge_counts(f.sizes for p in pages for f in p.fragments if f.drop_reason is None)
    return most_common(sizes) if sizes else fallback
