"""Headings stay headings: the PDF reader never joins a heading to the paragraph above it.

Regression: in a column layout a paragraph whose last line fills the column looks wrapped,
so the reader joined the next column's first line to it, and a plan's summary swallowed
``(1)多様な主体との連携を図る取組``.  A line opening a heading (category marker, plan
heading) or set in another font starts a new block (pipeline/read/pdf/lines.py,
pipeline/lang/markers.py).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from pipeline.lang.markers import breaks_before, category_marker, starts_heading
from pipeline.read.pdf import read_pdf
from pipeline.read.pdf.fragments import Fragment, body_font_size
from pipeline.read.pdf.lines import Visual, lead_width, logical_lines, page_visuals, right_edges
from pipeline.read.pdf.loader import load_pages
from pipeline.read.pdf.margins import mark_running
from pipeline.read.pdf.params import PdfParams

P = PdfParams()

SIZE = 10.0
RIGHT = 250.0  # the column's right edge


def _visual(text: str, top: float, column: int = 1, font: str = "Gothic", page: int = 1) -> Visual:
    x0 = 50.0 if column == 1 else 300.0
    chars = [(ch, x0 + i * SIZE, x0 + (i + 1) * SIZE, SIZE) for i, ch in enumerate(text)]
    frag = Fragment(page, int(top), chars, top, top + SIZE, font=font)
    v = Visual(page, [frag], (page, column), text=text, size=SIZE, font=font)
    v.box = type(v.box)(frag.x0, top, frag.x1, top + SIZE)
    return v


def _column_pair(second: str, font: str = "Gothic") -> list[str]:
    """A full column (every line reaches the right edge) and ``second`` atop the next column."""
    full = "あ" * 20  # 20 characters of 10 pt from x=50 end at the right edge 250
    visuals = [_visual(full, 100 + 16 * i) for i in range(3)]
    visuals.append(_visual(second, 100, column=2, font=font))
    visuals.append(_visual("い" * 20, 116, column=2, font=font))
    visuals.append(_visual("う" * 5, 132, column=2, font=font))
    return [ln.text for ln in logical_lines(visuals, PdfParams())]


def test_a_wrapped_paragraph_still_flows_into_the_next_column() -> None:
    texts = _column_pair("続き" * 10)
    assert texts == ["あ" * 60 + "続き" * 10 + "い" * 20 + "う" * 5]


@pytest.mark.parametrize(
    "heading",
    [
        "(1)多様な主体との連携を図る取組",
        "（２）感染症や災害",
        "①連携の取組",
        "1. 連携",
        "【取組１】連携",
        "「品川区地域産業活性化計画」（品川区）",
    ],
)
def test_a_heading_after_a_full_column_starts_a_block(heading: str) -> None:
    texts = _column_pair(heading)
    assert texts[0] == "あ" * 60
    assert texts[1].startswith(heading)


def test_a_line_in_another_font_starts_a_block() -> None:
    texts = _column_pair("概要" * 10, font="Gothic-Bold")
    assert texts[0] == "あ" * 60 and texts[1].startswith("概要")


def test_references_and_numbers_are_not_markers() -> None:
    assert not category_marker("(1)、(2)以外の取組")
    assert not category_marker("1.5倍の売上")
    assert not starts_heading("ITスタートアップ支援事業")
    assert not breaks_before("(1)、(", "2)以外の取組")  # a marker cut by the wrap


def test_the_column_fixture_ends_a_full_column_right_before_a_heading(pdf_fixtures: dict[str, Path]) -> None:
    """Regression on the rendered real announcement (two_column_headings).

    The geometry says "wrapped": a paragraph's last line reaches the column's right edge
    and the heading opens the next column, in the same font and size.  Only the marker
    tells them apart, and the heading must start its own line.
    """
    path = pdf_fixtures["two_column_headings"]
    pages, _ = load_pages(path, path.name, P)
    mark_running(pages, P)
    visuals = [v for p in pages for v in page_visuals(p, body_font_size(pages), P)]
    right = right_edges(visuals)
    fooled = [
        (prev.text, nxt.text)
        for prev, nxt in itertools.pairwise(v for v in visuals if not v.drop_reason)
        if category_marker(nxt.text)
        and nxt.column != prev.column
        and abs(prev.size - nxt.size) <= P.size_tolerance_pt
        and prev.box.x1 + lead_width(nxt) > right(prev) - P.wrap_tolerance_em * prev.size
    ]
    assert any(heading.startswith("(1)多様な主体") for _, heading in fooled)  # 東村山市's summary ends a column
    texts = [ln.text for ln in read_pdf(path, path.name).lines]
    for _, heading in fooled:
        assert any(t.startswith(heading) for t in texts), heading
    assert not any("。(1)" in t or "）(3)" in t for t in texts)
