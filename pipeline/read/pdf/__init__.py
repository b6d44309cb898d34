"""PDF reader (stage 1 for PDF input): pages to the same line stream as the text path.

A page is read the way a person reads it, in four passes (the rules and every
parameter are documented in ``docs/pdf-layout.md``):

1. **Characters to rows and fragments.**  ``page.chars`` is read once per page and the
   page closed.  Characters are grouped into *rows* by baseline, and a row is cut into
   *fragments* where the horizontal gap exceeds :data:`FRAGMENT_GAP_EM` font sizes
   (a column gutter, or the space between a figure's caption and the text beside it).
   Kangxi-radical and CJK-compatibility code points are mapped back to the unified
   ideographs (table ``pipeline/data/cjk_variants.csv``) and counted; a glyph that
   maps to no Unicode (pdfminer's ``(cid:NNN)``) makes the document fail.
2. **Running headers, footers and page numbers** are found across pages before any
   layout work: a row in the top or bottom :data:`MARGIN_ZONE` of the page whose text
   (digits ignored) recurs on at least :data:`RUNNING_MIN_SHARE` of the pages, or an
   outermost row that reads as a page number (``- 3 -``, ``3``, ``3/10``, ``３``).
   They stay in the stream with ``drop_reason`` set, so the ledger accounts for them.
3. **Reading order** by recursive XY-cut over fragments and figures (images and filled
   rectangles without text): a region is split at a vertical gutter at least
   :data:`COLUMN_GAP_EM` wide if one crosses it from top to bottom, and read column by
   column; otherwise it is split into horizontal bands, and consecutive bands that
   share a gutter are merged, so text beside a figure is never interleaved with its
   caption.  A line in a smaller font (:data:`CAPTION_SIZE_RATIO` of the body size)
   under, above or beside a figure is a **caption** (``role="caption"``).
4. **Logical lines.**  A visual line is joined to the next one when the next one's
   first word would not have fitted on it (the line was wrapped, not ended), the two
   have the same font size and role, and the next one follows directly below in the
   same column (gap under :data:`PARAGRAPH_GAP_EM`) or starts a new column or page.
   Joins follow :func:`pipeline.lang.normalize.join_wrapped` (no space between Japanese
   characters, one between Latin words) and keep a space published at the wrap.
   So a paragraph is one :class:`~pipeline.core.model.Line`, as in the text path.

Nothing in a PDF is executed and nothing is fetched: pdfminer only parses.  Crafted
or damaged files that make pdfminer fail (``RecursionError`` included) raise
:class:`CorruptPdfError`; encrypted ones :class:`EncryptedPdfError`; files without a
text layer :class:`ScannedPdfError`; too many pages :class:`PdfTooLargeError`; too
slow :class:`PdfTimeoutError`.  Each names the file (and page) and says what to do.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.errors import Code, Issue, LimitError, PdfError, Severity
from pipeline.core.limits import DEFAULT_MAX_PAGES, time_limit
from pipeline.core.model import Line
from pipeline.lang.datafiles import read_data_csv
from pipeline.lang.normalize import is_latin, join_wrapped
from pipeline.read.result import Format, ReadResult

logger = logging.getLogger(__name__)

#: Default page limit; larger documents are refused (``pdf_too_large``).
MAX_PAGES = DEFAULT_MAX_PAGES  # settable per build: make MAX_PAGES=, --max-pages
#: Default time limit for one document, in seconds (``pdf_timeout``).
TIME_LIMIT_S = 120.0
#: Characters whose baselines differ by at most this share of the font size share a row.
ROW_TOLERANCE_EM = 0.3
#: A horizontal gap wider than this many font sizes cuts a row into fragments.
FRAGMENT_GAP_EM = 1.2
#: A gap wider than this many font sizes between two characters becomes a space.
WORD_GAP_EM = 0.5
#: Minimum width of a column gutter, in body font sizes.
COLUMN_GAP_EM = 1.0
#: Top and bottom share of the page where running headers, footers and page numbers live.
MARGIN_ZONE = 0.1
#: Share of pages (at least two) a header/footer text must appear on.
RUNNING_MIN_SHARE = 0.5
#: A caption's font is at most this share of the body font size.
CAPTION_SIZE_RATIO = 0.9
#: A caption lies within this many (caption) font sizes of its figure.
CAPTION_DISTANCE_EM = 2.0
#: Largest vertical gap, in font sizes, between two visual lines of one paragraph.
PARAGRAPH_GAP_EM = 0.9
#: Largest overlap, in font sizes, of a line's box with the previous line's: tight leading
#: (a browser's line-height of 1) makes boxes touch, and rounding makes the gap -0.0.
LINE_OVERLAP_EM = 0.25
#: Font sizes within this many points count as the same.
SIZE_TOLERANCE_PT = 0.3
#: Tolerance, in font sizes, of the "next word would not have fitted" test.
WRAP_TOLERANCE_EM = 0.25
#: Smallest figure side, in points; thinner filled rectangles are rules, not figures.
FIGURE_MIN_SIDE_PT = 8.0
#: A column needs this many lines to have its own right edge; else lines starting at the
#: same x share one edge across the document.
MIN_COLUMN_LINES = 2
#: Deepest XY-cut recursion; deeper regions are read top to bottom.
MAX_CUT_DEPTH = 64
#: Code points folded to unified ideographs, with their source in ``SOURCES.md``.
CJK_VARIANTS_FILE = "cjk_variants.csv"
#: Folds for non-embedded (Adobe-Japan1) CID fonts, whose CIDs merge some code points.
CID_FOLDS_FILE = "pdf_cid_folds.csv"

_CID = re.compile(r"^\(cid:\d+\)$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-‐‑–—―ー－~〜]\s*)?(?:p\.?\s*|ページ\s*)?[0-9０-９]{1,4}(?:\s*[/／]\s*[0-9０-９]{1,4})?"
    r"(?:\s*ページ)?(?:\s*[-‐‑–—―ー－~〜])?$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"[0-9０-９]+")
CLOSING = "、。，．）」』】〕！？・ー"


class ScannedPdfError(PdfError):
    code: Code = Code.PDF_NO_TEXT_LAYER


class EncryptedPdfError(PdfError):
    code: Code = Code.PDF_ENCRYPTED


class CorruptPdfError(PdfError):
    code: Code = Code.PDF_CORRUPT


class UnmappedFontError(PdfError):
    code: Code = Code.PDF_UNMAPPED_GLYPHS


class PdfTooLargeError(PdfError, LimitError):
    """More pages than the page limit: a limit, so a cached result is redone when it changes."""

    code: Code = Code.PDF_TOO_LARGE


class PdfTimeoutError(PdfError):
    code: Code = Code.PDF_TIMEOUT


@dataclass(frozen=True, slots=True)
class PdfParams:
    """Parameters of the PDF reader; the defaults are the module constants."""

    max_pages: int = MAX_PAGES
    time_limit_s: float = TIME_LIMIT_S
    row_tolerance_em: float = ROW_TOLERANCE_EM
    fragment_gap_em: float = FRAGMENT_GAP_EM
    word_gap_em: float = WORD_GAP_EM
    column_gap_em: float = COLUMN_GAP_EM
    margin_zone: float = MARGIN_ZONE
    running_min_share: float = RUNNING_MIN_SHARE
    caption_size_ratio: float = CAPTION_SIZE_RATIO
    caption_distance_em: float = CAPTION_DISTANCE_EM
    paragraph_gap_em: float = PARAGRAPH_GAP_EM
    line_overlap_em: float = LINE_OVERLAP_EM
    size_tolerance_pt: float = SIZE_TOLERANCE_PT
    wrap_tolerance_em: float = WRAP_TOLERANCE_EM


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class Fragment:
    """Characters of one row with no wide gap inside; the unit of layout analysis."""

    page: int
    row: int
    chars: list[tuple[str, float, float, float]]  # text, x0, x1, size
    top: float
    bottom: float
    drop_reason: str | None = None
    role: str | None = None
    figure: int | None = None

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
        return "".join(c[0] for c in self.chars)

    @property
    def size(self) -> float:
        return (
            Counter(round(c[3], 1) for c in self.chars if not c[0].isspace()).most_common(1)[0][0]
            if self.text.strip()
            else round(self.chars[0][3], 1)
        )


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


@dataclass(slots=True)
class PageData:
    number: int
    width: float
    height: float
    fragments: list[Fragment]
    figures: list[Box]
    has_images: bool


# -- pure helpers -----------------------------------------------------------------------------


@functools.cache
def cjk_variants() -> dict[str, str]:
    """Kangxi radicals and CJK compatibility ideographs to unified ideographs.

    >>> cjk_variants()["\\u2f47"], cjk_variants()["\\u2ed1"]
    ('日', '長')
    """
    return {
        chr(int(r["code_point"][2:], 16)): chr(int(r["unified"][2:], 16))
        for r in read_data_csv(CJK_VARIANTS_FILE, required=("code_point", "unified"))
    }


@functools.cache
def cid_folds() -> dict[str, str]:
    """Characters a PDF cannot tell apart, mapped to the form Japanese office documents use.

    Japanese fonts draw 〜 (U+301C) and ～ (U+FF5E) with one glyph, so a PDF's text map can
    give only one of them: non-embedded Adobe-Japan1 fonts and browsers' embedded subsets
    both answer U+301C.  Documents written in CP932 (Word, Excel, the web text of the
    announcements) use U+FF5E, so that is what the reader returns.

    >>> cid_folds()["\u301c"]
    '～'
    """
    rows = read_data_csv(CID_FOLDS_FILE, required=("from", "to"))
    return {chr(int(r["from"][2:], 16)): chr(int(r["to"][2:], 16)) for r in rows}


def repair_variants(text: str) -> tuple[str, int]:
    """Map Kangxi-radical / compatibility code points back; return the text and the count.

    >>> repair_variants("\\u2f47本\\u2f49")
    ('日本月', 2)
    """
    table = cjk_variants()
    out = [table.get(ch, ch) for ch in text]
    n = sum(1 for a, b in zip(text, out, strict=True) if a != b)
    return "".join(out), n


def is_page_number(text: str) -> bool:
    """Whether a row reads as a page number.

    >>> [is_page_number(t) for t in ("- 3 -", "3", "3/10", "３", "p. 12", "令和5年")]
    [True, True, True, True, True, False]
    """
    return bool(_PAGE_NUMBER.match(text.strip()))


def running_key(text: str) -> str:
    """Header/footer identity: text without spaces, digits replaced.

    >>> running_key("計画の概要  3") == running_key("計画の概要 12")
    True
    """
    return _DIGITS.sub("#", "".join(text.split()))


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
    return statistics.median(x for x in x1s if x >= top - 2 * em)


def ink_right(text: str, x0: float, x1: float) -> float:
    """Right end of a character's ink: full-width closing marks are inked in their left half.

    >>> ink_right("、", 0.0, 10.0), ink_right("a", 0.0, 6.0)
    (5.0, 6.0)
    """
    return x0 + (x1 - x0) / 2 if text in CLOSING or text == "\u3000" else x1


def lead_width(v: Visual) -> float:
    """Width of the first word of a line: a Latin run, or one character and its closing marks."""
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


# -- pass 1: characters to fragments ------------------------------------------------------------


def page_fragments(
    chars: list[dict[str, Any]], page_no: int, params: PdfParams, display_path: str
) -> tuple[list[Fragment], int]:
    """Group a page's characters into rows and fragments; return them and the repair count.

    Raises:
        UnmappedFontError: a glyph has no Unicode mapping.
    """
    glyphs = []
    repaired = 0
    table = cjk_variants()
    folds = cid_folds()
    for ch in chars:
        if not ch.get("upright", True):
            continue
        text = ch["text"]
        if len(text) > 1 and _CID.match(text):
            raise UnmappedFontError(
                f"font {ch.get('fontname', '?')!r} has glyphs with no Unicode mapping "
                f"({text}); the text cannot be read reliably. Re-export the PDF with fonts "
                "embedded (or as PDF/A), or supply the text version of the document",
                path=display_path,
                location=f"page {page_no}",
            )
        if text in table:
            text = table[text]
            repaired += 1
        elif text in folds:
            text = folds[text]  # one glyph, two code points: keep the office-document one
        glyphs.append((ch["bottom"], ch["x0"], ch["x1"], ch["top"], float(ch["size"]), text))
    glyphs.sort(key=lambda g: g[0])
    rows: list[list[tuple[float, float, float, float, float, str]]] = []
    for g in glyphs:
        if rows and g[0] - rows[-1][0][0] <= params.row_tolerance_em * g[4]:
            rows[-1].append(g)
        else:
            rows.append([g])
    frags: list[Fragment] = []
    for row_no, row in enumerate(rows):
        row.sort(key=lambda g: g[1])
        cur: list[tuple[str, float, float, float]] = []
        top = bottom = 0.0
        last_x1 = last_ink = -math.inf
        for _, x0, x1, t, size, text in row:
            gap = x0 - last_x1
            if cur and x0 - last_ink > params.fragment_gap_em * size:
                frags.append(Fragment(page_no, row_no, cur, top, bottom))
                cur = []
            if not cur:
                top, bottom = t, t + size
            elif gap > params.word_gap_em * size and cur[-1][0] != " " and text != " ":
                cur.append((" ", last_x1, x0, size))
            cur.append((text, x0, x1, size))
            top, bottom = min(top, t), max(bottom, t + size)
            last_x1 = x1
            last_ink = ink_right(text, x0, x1)
        if cur:
            frags.append(Fragment(page_no, row_no, cur, top, bottom))
    return [f for f in frags if f.text.strip()], repaired


def page_figures(page: Any, frags: list[Fragment]) -> list[Box]:
    """Images and filled rectangles that hold no text: the figures of a page."""
    boxes = [Box(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images]
    for r in page.rects:
        if not r.get("fill") or min(r["width"], r["height"]) < FIGURE_MIN_SIDE_PT:
            continue
        if r["width"] >= page.width * 0.95 and r["height"] >= page.height * 0.95:
            continue  # a page background
        b = Box(r["x0"], r["top"], r["x1"], r["bottom"])
        if any(b.x0 <= (f.x0 + f.x1) / 2 <= b.x1 and b.top <= (f.top + f.bottom) / 2 <= b.bottom for f in frags):
            continue  # a shaded box behind text
        boxes.append(b)
    return boxes


# -- pass 2: running headers, footers, page numbers --------------------------------------------


def mark_running(pages: list[PageData], params: PdfParams) -> None:
    """Set ``drop_reason`` on running headers/footers and page numbers (see module docstring)."""

    def zone(p: PageData, f: Fragment) -> str | None:
        if f.bottom <= p.height * params.margin_zone:
            return "header"
        if f.top >= p.height * (1 - params.margin_zone):
            return "footer"
        return None

    seen: Counter[tuple[str, str]] = Counter()
    for p in pages:
        keys = {(z, running_key(f.text)) for f in p.fragments if (z := zone(p, f))}
        seen.update(keys)
    need = max(2, math.ceil(params.running_min_share * len(pages)))
    for p in pages:
        rows = sorted({f.row for f in p.fragments})
        outer = set(rows[:1] + rows[-1:])
        for f in p.fragments:
            z = zone(p, f)
            if z is None:
                continue
            if f.row in outer and is_page_number(f.text):
                f.drop_reason = "page_number"
            elif len(pages) > 1 and seen[(z, running_key(f.text))] >= need:
                f.drop_reason = f"running_{z}"


# -- pass 3: reading order -----------------------------------------------------------------------

Item = tuple[Box, Fragment | None]


def _gutter(items: list[Item], min_gap: float) -> float | None:
    """The middle of the widest vertical gutter crossing all items, or ``None``."""
    spans = sorted((b.x0, b.x1) for b, _ in items)
    best, where = 0.0, None
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_gap and x0 - reach > best:
            best, where = x0 - reach, (x0 + reach) / 2
        reach = max(reach, x1)
    return where


def _bands(items: list[Item]) -> list[list[Item]]:
    items = sorted(items, key=lambda it: it[0].top)
    bands: list[list[Item]] = [[items[0]]]
    reach = items[0][0].bottom
    for it in items[1:]:
        if it[0].top > reach:
            bands.append([it])
        else:
            bands[-1].append(it)
        reach = max(reach, it[0].bottom)
    return bands


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
    x = _gutter(items, min_gap)
    if x is not None and not _float_side(items, x):
        yield from _split(items, x, min_gap, depth, counter)
        return
    bands = _bands(items)
    if len(bands) == 1:
        if x is not None:
            yield from _split(items, x, min_gap, depth, counter)
        else:
            yield column, items
        return
    group: list[Item] = []
    for band in bands:
        if group and (_gutter(group + band, min_gap) is None or _after_float(group, band, min_gap)):
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
    return it[1] is None or it[1].role == "caption"


def _after_float(group: list[Item], band: list[Item], min_gap: float) -> bool:
    """Whether ``band`` lies below a side of ``group`` that held only figures and captions.

    Such a band ends the group (text after a figure beside a paragraph is read after
    the figure's caption), unless it continues the paragraph on its own side.
    """
    x = _gutter(group + band, min_gap)
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
    x = _gutter(group, min_gap)
    if x is not None:
        yield from _split(group, x, min_gap, depth, counter)
    else:
        yield column, group


def page_visuals(p: PageData, body_size: float, params: PdfParams) -> list[Visual]:
    """The visual lines of a page in reading order, captions and dropped rows marked."""
    kept = [f for f in p.fragments if f.drop_reason is None]
    mark_captions(kept, p.figures, body_size, params)
    items: list[Item] = [(Box(f.x0, f.top, f.ink_x1, f.bottom), f) for f in kept]
    items += [(b, None) for b in p.figures]
    out: list[Visual] = []
    dropped = [f for f in p.fragments if f.drop_reason]
    head = [f for f in dropped if f.top < p.height / 2]
    out += [_visual(p.number, [f], (p.number, 0), f.drop_reason) for f in head]
    if items:
        for col, leaf in xy_cut(items, params.column_gap_em * body_size):
            rows: dict[int, list[Fragment]] = {}
            for _, f in leaf:
                if f is not None:
                    rows.setdefault(f.row, []).append(f)
            for row in sorted(rows.values(), key=lambda fs: (min(f.top for f in fs), fs[0].x0)):
                out.append(_visual(p.number, sorted(row, key=lambda f: f.x0), (p.number, col)))
    out += [_visual(p.number, [f], (p.number, 0), f.drop_reason) for f in dropped if f not in head]
    return out


def _visual(page: int, frags: list[Fragment], column: tuple[int, int], drop: str | None = None) -> Visual:
    text = ""
    for f in frags:
        t = f.text
        text = (text.rstrip(" ") + " " + t.lstrip(" ")) if text else t
    sizes = Counter(round(c[3], 1) for f in frags for c in f.chars if not c[0].isspace())
    size = sizes.most_common(1)[0][0] if sizes else frags[0].size
    box = Box(
        min(f.x0 for f in frags),
        min(f.top for f in frags),
        max(f.x1 for f in frags),
        max(f.bottom for f in frags),
    )
    role = "caption" if all(f.role == "caption" for f in frags) else None
    return Visual(
        page,
        frags,
        column,
        role=role,
        figure=frags[0].figure if role else None,
        drop_reason=drop,
        text=text,
        size=size,
        box=box,
    )


def mark_captions(frags: list[Fragment], figures: list[Box], body_size: float, params: PdfParams) -> None:
    """Small-font fragments under, above or beside a figure (or under one) are captions."""
    if not figures:
        return
    ordered = sorted((f for f in frags if f.drop_reason is None), key=lambda f: f.top)
    for k, v in enumerate(ordered):
        if v.size > body_size * params.caption_size_ratio:
            continue
        reach = params.caption_distance_em * v.size
        for i, fig in enumerate(figures):
            overlap_x = min(v.x1, fig.x1) - max(v.x0, fig.x0) > 0
            overlap_y = min(v.bottom, fig.bottom) - max(v.top, fig.top) > 0
            below = overlap_x and 0 <= v.top - fig.bottom <= reach
            above = overlap_x and 0 <= fig.top - v.bottom <= reach
            beside = overlap_y and (0 <= v.x0 - fig.x1 <= reach or 0 <= fig.x0 - v.x1 <= reach)
            if below or above or beside:
                v.role, v.figure = "caption", i
                break
        else:
            prev = next(
                (
                    u
                    for u in reversed(ordered[:k])
                    if u.role == "caption"
                    and abs(u.size - v.size) <= params.size_tolerance_pt
                    and 0 <= v.top - u.bottom <= reach
                    and u.x0 - reach <= v.x0 <= u.x1
                ),
                None,
            )
            if prev is not None:
                v.role, v.figure = "caption", prev.figure


# -- pass 4: logical lines -----------------------------------------------------------------------


def _stacked(prev: Visual, nxt: Visual, params: PdfParams) -> bool:
    """``nxt`` sits directly below ``prev``: no paragraph gap, at most a slight overlap."""
    gap = nxt.box.top - prev.box.bottom
    return -params.line_overlap_em * prev.size <= gap <= params.paragraph_gap_em * prev.size


def _continues(prev: Visual, nxt: Visual, right: float, params: PdfParams) -> bool:
    """Whether ``nxt`` continues the paragraph (or caption) that ``prev`` ends."""
    if prev.role != nxt.role or abs(prev.size - nxt.size) > params.size_tolerance_pt:
        return False
    if nxt.text.startswith("\u3000"):
        return False  # an indented first line starts a paragraph
    if prev.role == "caption":
        return prev.page == nxt.page and prev.figure == nxt.figure and _stacked(prev, nxt, params)
    wrapped = prev.box.x1 + lead_width(nxt) > right - params.wrap_tolerance_em * prev.size
    if not wrapped:
        return False
    if prev.page == nxt.page and prev.column == nxt.column:
        return _stacked(prev, nxt, params)
    return nxt.page > prev.page or nxt.box.top < prev.box.top  # flowed to a new column or page


def logical_lines(visuals: list[Visual], params: PdfParams) -> list[Line]:
    """Join visual lines into logical lines and number them 1..N."""
    body = [v for v in visuals if v.drop_reason is None and v.role is None]
    em = statistics.median(v.size for v in body) if body else 10.0
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

    groups: list[list[Visual]] = []
    open_body: list[Visual] | None = None
    open_caption: list[Visual] | None = None
    for v in visuals:
        if v.drop_reason:
            groups.append([v])
            continue
        if v.role == "caption":
            if open_caption is not None and _continues(open_caption[-1], v, right(open_caption[-1]), params):
                open_caption.append(v)
            else:
                open_caption = [v]
                groups.append(open_caption)
            continue
        open_caption = None
        if open_body is not None and _continues(open_body[-1], v, right(open_body[-1]), params):
            open_body.append(v)
        else:
            open_body = [v]
            groups.append(open_body)
    lines = []
    for n, g in enumerate(groups, start=1):
        first = [v for v in g if v.page == g[0].page]
        lines.append(
            Line(
                line_no=n,
                text=join_visual([v.text for v in g]),
                page=g[0].page,
                role=g[0].role,
                drop_reason=g[0].drop_reason,
                x0=round(min(v.box.x0 for v in first), 2),
                top=round(first[0].box.top, 2),
                x1=round(max(v.box.x1 for v in first), 2),
                bottom=round(max(v.box.bottom for v in first), 2),
                font_size=g[0].size,
            )
        )
    return lines


# -- the reader ----------------------------------------------------------------------------------


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and those it wraps (pdfplumber wraps pdfminer's in ``args[0]``)."""
    seen: BaseException | None = exc
    for _ in range(32):
        if seen is None:
            return
        yield seen
        wrapped = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None
        seen = seen.__cause__ or wrapped or seen.__context__


def _reraise_own(exc: BaseException) -> None:
    """Re-raise a :class:`PdfError` (e.g. the timeout) that a library wrapped in its own."""
    for e in _chain(exc):
        if isinstance(e, PdfError):
            raise e


def _is_encryption_error(exc: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    return any(isinstance(e, PDFEncryptionError | PDFPasswordIncorrect) for e in _chain(exc))


def _close_quietly(pdf: Any) -> None:
    """Close a pdfplumber PDF even when it is damaged.

    pdfplumber's ``close()`` walks the page tree again; on a damaged file that raises a
    second error which would hide the clear one already raised, so it is logged instead
    and the file handle is closed directly.
    """
    try:
        pdf.close()
    except (Exception, RecursionError) as exc:
        logger.debug("closing a damaged PDF: %s: %s", type(exc).__name__, exc)
        stream = getattr(pdf, "stream", None)
        if stream is not None:
            stream.close()


def _load_pages(path: Path, display_path: str, params: PdfParams) -> tuple[list[PageData], int]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except PdfError:
        raise
    except (Exception, RecursionError) as exc:
        _reraise_own(exc)
        if _is_encryption_error(exc):
            raise EncryptedPdfError(
                "the PDF is encrypted (password-protected); save an unprotected copy "
                "(print to PDF, or remove the password) and put that in raw/",
                path=display_path,
            ) from exc
        raise CorruptPdfError(
            f"the PDF cannot be opened ({type(exc).__name__}: {exc}); it is damaged or truncated: download it again",
            path=display_path,
        ) from exc
    pages: list[PageData] = []
    repaired = 0
    try:
        try:
            n_pages = len(pdf.pages)
        except (Exception, RecursionError) as exc:
            _reraise_own(exc)
            raise CorruptPdfError(
                f"the page tree cannot be read ({type(exc).__name__}); download the file again",
                path=display_path,
            ) from exc
        if n_pages > params.max_pages:
            raise PdfTooLargeError(
                f"{n_pages} pages, more than the limit of {params.max_pages}; split the "
                "file, or raise the limit (make MAX_PAGES=…, or --max-pages)",
                path=display_path,
            )
        deadline = time.monotonic() + params.time_limit_s
        for i, page in enumerate(pdf.pages, start=1):
            if time.monotonic() > deadline:
                raise PdfTimeoutError(
                    f"reading took longer than {params.time_limit_s:g} s (stopped before "
                    f"page {i}); check the file, or raise pipeline.read.pdf.TIME_LIMIT_S",
                    path=display_path,
                    location=f"page {i}",
                )
            try:
                chars = page.chars
                frags, n = page_fragments(chars, i, params, display_path)
                figures = page_figures(page, frags)
                pages.append(PageData(i, float(page.width), float(page.height), frags, figures, bool(page.images)))
            except PdfError:
                raise
            except (Exception, RecursionError) as exc:
                _reraise_own(exc)
                raise CorruptPdfError(
                    f"page {i} cannot be parsed ({type(exc).__name__}); the file is damaged "
                    "or crafted: download it again or re-export it",
                    path=display_path,
                    location=f"page {i}",
                ) from exc
            finally:
                page.close()
            repaired += n
    finally:
        _close_quietly(pdf)
    return pages, repaired


def read_pdf(path: Path, display_path: str, params: PdfParams | None = None) -> ReadResult:
    """Read a PDF into logical lines in reading order (see the module docstring).

    Args:
        path: the PDF file.
        display_path: the name to use in messages (path relative to the raw folder).
        params: reader parameters; defaults from the module constants.

    Returns:
        A :class:`~pipeline.read.text.ReadResult` with ``format=pdf``, ``n_pages``, the lines
        (dropped ones included, with ``drop_reason``) and the issues met.

    Raises:
        PdfError: a subclass naming the file, and the page where there is one.
    """
    params = params or PdfParams()
    timeout = PdfTimeoutError(
        f"reading took longer than {params.time_limit_s:g} s; the file may be crafted or far "
        "larger than an announcement. Check it, or raise pipeline.read.pdf.TIME_LIMIT_S",
        path=display_path,
    )
    with time_limit(params.time_limit_s, display_path, error=lambda: timeout):
        pages, repaired = _load_pages(path, display_path, params)
    if not any(p.fragments for p in pages):
        what = "only images (a scan)" if any(p.has_images for p in pages) else "no text at all"
        raise ScannedPdfError(
            f"no text layer: its {len(pages)} page(s) hold {what}. Run OCR on it "
            "(e.g. ocrmypdf -l jpn) or supply the text version of the document",
            path=display_path,
        )
    mark_running(pages, params)
    sizes = Counter(
        round(c[3], 1)
        for p in pages
        for f in p.fragments
        if f.drop_reason is None
        for c in f.chars
        if not c[0].isspace()
    )
    body_size = sizes.most_common(1)[0][0]
    visuals = [v for p in pages for v in page_visuals(p, body_size, params)]
    lines = logical_lines(visuals, params)
    doc_id = ""  # the build stamps the document id on reader issues
    issues: list[Issue] = []
    if repaired:
        issues.append(
            Issue(
                doc_id,
                Severity.WARNING,
                Code.PDF_CJK_VARIANTS_REPAIRED,
                "",
                f"{display_path}: {repaired} character(s) were Kangxi-radical or "
                "CJK-compatibility code points (a Word/browser export habit) and were "
                "mapped to the unified ideographs; no action needed",
            )
        )
    for p in pages:
        if not p.fragments and p.has_images:
            issues.append(
                Issue(
                    doc_id,
                    Severity.WARNING,
                    Code.PDF_PAGE_NO_TEXT,
                    f"page {p.number}",
                    f"{display_path}: page {p.number} holds images but no text; if it is "
                    "a scanned page, run OCR on the file",
                )
            )
    notes = (
        f"body font size {body_size:g} pt",
        f"{sum(1 for ln in lines if ln.drop_reason)} line(s) dropped as running headers, footers or page numbers",
    )
    return ReadResult(
        format=Format.PDF,
        encoding=None,
        n_pages=len(pages),
        lines=lines,
        notes=notes,
        issues=tuple(issues),
    )
