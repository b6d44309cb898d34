"""The PDF reader's tolerances: named module constants, gathered in :class:`PdfParams`.

Every threshold of the layout analysis is a named constant here, documented with the
rule it serves in ``docs/pdf-layout.md``; :class:`PdfParams` carries them (and the page
limit) through the reader, so a caller can change one without touching module state.
Lengths are in PDF points, or in *em* (font sizes of the line in question).
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class PdfParams:
    """Parameters of the PDF reader; the defaults are the module constants.

    ``max_pages=None`` means no page limit.
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
