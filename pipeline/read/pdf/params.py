"""The PDF reader's tolerances: named module constants, gathered in :class:`PdfParams`.

Every threshold of the layout analysis is a named constant here, documented with the
rule it serves in ``docs/pdf-layout.md``; :class:`PdfParams` carries them (and the page
limit) through the reader, so a caller can change one without touching module state.
Lengths are in PDF points, or in *em* (font sizes of the line in question).

:class:`PdfParams` validates itself: a negative gap or a share above 1 would not fail
loudly later, it would silently lay the text out wrong, so it is refused up front
with a :class:`ValueError` that names the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

# The engine names live in pipeline.core.engines, so the driver checks them without importing
# this reader; PDF_ENGINE is settable per build (make PDF_ENGINE=, --pdf-engine).
from pipeline.core.engines import ENGINES, PDF_ENGINE
from pipeline.core.limits import DEFAULT_MAX_PAGES

#: Default page limit; larger documents are refused (``pdf_too_large``).
MAX_PAGES = DEFAULT_MAX_PAGES  # settable per build: make MAX_PAGES=, --max-pages
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

# -- ruled tables (docs/pdf-layout.md, section 5) ----------------------------------------
#: A filled rectangle at most this thick, in points, is a rule (a border drawn as a bar).
RULE_MAX_THICKNESS_PT = 3.0
#: Shorter segments, in points, are not rules (tick marks, the corners of rounded boxes).
RULE_MIN_LENGTH_PT = 5.0
#: Rules within this many points across, and whose ends are this close, are one rule; a
#: vertical and a horizontal rule this close meet.
RULE_SNAP_PT = 1.5
#: A rule covering at least this share of the side two grid cells share separates them;
#: less, and the cells are one merged cell.
CELL_COVER_SHARE = 0.5
#: Grids with horizontal rules only: a vertical strip this many font sizes wide, blank in
#: every row of the table (but the first rows, which may hold labels spanning columns),
#: separates two columns.
TABLE_COLUMN_GAP_EM = 0.3
#: A cell's left padding, measured from its text, is trusted up to this many font sizes
#: (the right padding is taken to be the same: the wrap test's right edge).
CELL_PADDING_MAX_EM = 1.0
#: A table's part on the next page continues it when its column boundaries lie within
#: this many font sizes of the previous part's.
TABLE_CONTINUE_EM = 1.0
#: Fewest horizontal rules of a grid that has no vertical ones (a header row and a row).
HRULE_TABLE_MIN_RULES = 3

# -- images of tables (docs/pdf-layout.md, section 7) -------------------------------------
#: Images smaller than this on either side, in points, are not examined (icons, bullets).
IMAGE_MIN_SIDE_PT = 72.0
#: A pixel darker than this grey level (0–255) is ink.
INK_LEVEL = 128
#: A grid line is ink over at least this share of the image's width (or height)...
GRID_LINE_SHARE = 0.6
#: ... and at most this share of the image's height (or width) thick, at least 3 pixels.
GRID_LINE_THICKNESS = 0.01
#: Fewest horizontal and vertical grid lines of a picture of a table.
GRID_MIN_HLINES = 3
GRID_MIN_VLINES = 2
#: Larger images are examined at every n-th pixel, so that at most this many are read per side.
MAX_IMAGE_SIDE_PX = 1600

#: Allowed range of every tolerance: (lowest, whether the lowest itself is allowed, highest).
#: Gaps and distances must be positive (zero would switch a rule off), tolerances may be
#: zero, shares lie in (0, 1], and the top and bottom margin zones must not overlap.
_RANGES: dict[str, tuple[float, bool, float]] = {
    "row_tolerance_em": (0.0, False, math.inf),
    "fragment_gap_em": (0.0, False, math.inf),
    "word_gap_em": (0.0, False, math.inf),
    "column_gap_em": (0.0, False, math.inf),
    "margin_zone": (0.0, False, 0.5),
    "running_min_share": (0.0, False, 1.0),
    "caption_size_ratio": (0.0, False, 1.0),
    "caption_distance_em": (0.0, False, math.inf),
    "paragraph_gap_em": (0.0, False, math.inf),
    "line_overlap_em": (0.0, True, math.inf),
    "size_tolerance_pt": (0.0, True, math.inf),
    "wrap_tolerance_em": (0.0, True, math.inf),
    "rule_max_thickness_pt": (0.0, False, math.inf),
    "rule_min_length_pt": (0.0, True, math.inf),
    "rule_snap_pt": (0.0, True, math.inf),
    "cell_cover_share": (0.0, False, 1.0),
    "table_column_gap_em": (0.0, False, math.inf),
    "cell_padding_max_em": (0.0, True, math.inf),
    "table_continue_em": (0.0, True, math.inf),
}


@dataclass(frozen=True, slots=True)
class PdfParams:
    """Parameters of the PDF reader; the defaults are the module constants.

    ``max_pages=None`` means no page limit; ``engine`` names the library that reads the
    pages (:data:`ENGINES`).  Every other field is a tolerance described
    next to its constant.

    Raises:
        ValueError: a field is out of its range (the message names the field).

    >>> PdfParams().max_pages
    500
    >>> PdfParams(caption_size_ratio=1.5)
    Traceback (most recent call last):
    ...
    ValueError: PdfParams.caption_size_ratio must be a number in (0, 1], got 1.5
    """

    max_pages: int | None = MAX_PAGES
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
    rule_max_thickness_pt: float = RULE_MAX_THICKNESS_PT
    rule_min_length_pt: float = RULE_MIN_LENGTH_PT
    rule_snap_pt: float = RULE_SNAP_PT
    cell_cover_share: float = CELL_COVER_SHARE
    table_column_gap_em: float = TABLE_COLUMN_GAP_EM
    cell_padding_max_em: float = CELL_PADDING_MAX_EM
    table_continue_em: float = TABLE_CONTINUE_EM
    engine: str = PDF_ENGINE

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"PdfParams.engine must be one of {', '.join(ENGINES)}, got {self.engine!r}")
        pages = self.max_pages
        if pages is not None and (isinstance(pages, bool) or not isinstance(pages, int) or pages < 1):
            raise ValueError(f"PdfParams.max_pages must be a whole number >= 1, or None for no limit, got {pages!r}")
        for f in fields(self):
            if f.name not in ("max_pages", "engine"):
                check_range(f"PdfParams.{f.name}", getattr(self, f.name), *_RANGES[f.name])


def check_range(name: str, value: object, low: float, low_allowed: bool, high: float) -> None:
    """Refuse a value that is not a finite number in its range, naming the field.

    Args:
        name: the field, for the message.
        value: the value given.
        low, low_allowed, high: the range: ``low < value <= high``, or ``low <= value``
            when ``low_allowed``.

    Raises:
        ValueError: naming the field, the range and the value.

    >>> check_range("PdfParams.margin_zone", 0.1, 0.0, False, 0.5)
    >>> check_range("PdfParams.word_gap_em", -1, 0.0, False, math.inf)
    Traceback (most recent call last):
    ...
    ValueError: PdfParams.word_gap_em must be a number > 0, got -1
    """
    if high == math.inf:
        rule = f"{'>=' if low_allowed else '>'} {low:g}"
    else:
        rule = f"in {'[' if low_allowed else '('}{low:g}, {high:g}]"
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number {rule}, got {value!r}")
    if not (low <= value if low_allowed else low < value) or value > high:
        raise ValueError(f"{name} must be a number {rule}, got {value!r}")
