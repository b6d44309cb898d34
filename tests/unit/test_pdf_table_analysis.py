"""The table analysis of the PDF reader on small, hand-made inputs.

Rules and fragments are built as the loader stores them (plain tuples, Fragment objects),
so these tests need no PDF: they are the contract a second PDF engine must feed.
"""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.lang.tableheaders import header_field
from pipeline.read.pdf.cells import Cell, paragraphs, split_text
from pipeline.read.pdf.fragments import Box, Fragment, PageData
from pipeline.read.pdf.images import grid_like
from pipeline.read.pdf.lines import make_visual
from pipeline.read.pdf.params import PdfParams
from pipeline.read.pdf.rules import rules_from_segments, segments_from_pdfplumber
from pipeline.read.pdf.tablelines import ROLE_CELL, ROLE_COMPOSED, table_block
from pipeline.read.pdf.tableparts import find_header, find_tables
from pipeline.read.pdf.tables import hrule_grid, ruled_grid, text_columns

P = PdfParams()
SIZE = 10.0


def _frag(text: str, x0: float, top: float, row: int, page: int = 1, font: str = "G") -> Fragment:
    chars = [(ch, x0 + i * SIZE, x0 + (i + 1) * SIZE, SIZE) for i, ch in enumerate(text)]
    return Fragment(page, row, chars, top, top + SIZE, font=font)


def test_a_grid_drawn_cell_by_cell_gives_one_rule_per_grid_line() -> None:
    cells = [(x, y, x + 50, y + 20) for x in (0, 50) for y in (0, 20)]
    segs = [s for x0, t, x1, b in cells for s in ((x0, t, x1, t), (x0, b, x1, b), (x0, t, x0, b), (x1, t, x1, b))]
    h, v = rules_from_segments(segs, P)
    assert h == [(0.0, 0.0, 100.0), (20.0, 0.0, 100.0), (40.0, 0.0, 100.0)]
    assert v == [(0.0, 0.0, 40.0), (50.0, 0.0, 40.0), (100.0, 0.0, 40.0)]


def test_rules_from_pdfplumber_objects() -> None:
    stroked = {"x0": 0, "x1": 100, "top": 0, "bottom": 40, "width": 100, "height": 40, "stroke": True}
    shading = {**stroked, "stroke": False, "fill": True}  # a shaded cell: no border
    bar = {"x0": 0, "x1": 100, "top": 19.8, "bottom": 20.2, "width": 100, "height": 0.4, "fill": True}
    curve = {"pts": [(0, 60), (100, 60), (100, 80)], "stroke": True}
    segs = segments_from_pdfplumber([], [stroked, shading, bar], [curve], P.rule_max_thickness_pt)
    h, v = rules_from_segments(segs, P)
    assert [r[0] for r in h] == [0.0, 20.0, 40.0, 60.0]
    assert v == [(0.0, 0.0, 40.0), (100.0, 0.0, 40.0), (100.0, 60.0, 80.0)]  # a gap: two rules


def test_a_cell_merged_over_rows_and_one_over_columns() -> None:
    # row 0: header of two columns; rows 1-2: left cell merged over both; row 3: one cell over both columns
    h = [(0.0, 0.0, 200.0), (20.0, 0.0, 200.0), (40.0, 100.0, 200.0), (60.0, 0.0, 200.0), (80.0, 0.0, 200.0)]
    v = [(0.0, 0.0, 80.0), (100.0, 0.0, 60.0), (200.0, 0.0, 80.0)]
    grid = ruled_grid(1, h, v, P)
    assert grid is not None
    assert grid.spans == [(0, 0, 1, 1), (0, 1, 1, 2), (1, 0, 3, 1), (1, 1, 2, 2), (2, 1, 3, 2), (3, 0, 4, 2)]


def test_a_box_around_a_paragraph_is_not_a_table() -> None:
    assert ruled_grid(1, [(0.0, 0.0, 200.0), (80.0, 0.0, 200.0)], [(0.0, 0.0, 80.0), (200.0, 0.0, 80.0)], P) is None


def test_columns_from_the_gaps_every_row_leaves() -> None:
    rows = [[(0.0, 40.0), (60.0, 100.0)], [(0.0, 30.0), (62.0, 90.0)]]
    assert text_columns(rows, 5.0) == [50.0]
    assert text_columns([*rows, [(0.0, 100.0)]], 5.0) == []  # a row crossing the gap closes it


def test_a_grid_of_horizontal_rules_takes_its_columns_from_the_text() -> None:
    stack = [(0.0, 0.0, 300.0), (20.0, 0.0, 300.0), (40.0, 0.0, 300.0), (60.0, 0.0, 300.0)]
    frags = [
        _frag("計画を跨いで二つの列に渡る見出し", 20, 5, 0),  # a title over both columns: the first rows may
        _frag("区市町村", 0, 25, 1),
        _frag("計画名", 150, 25, 1),
        _frag("品川区", 0, 45, 2),
        _frag("品川区地域", 150, 45, 2),
    ]
    grid = hrule_grid(1, stack, frags, P, SIZE)
    assert grid is not None and not grid.ruled
    assert grid.xs[0] == 0.0 and 40.0 < grid.xs[1] < 150.0 and grid.n_cols == 2
    assert (0, 0, 1, 2) in grid.spans  # the title row's cells are one


def test_characters_are_cut_at_column_boundaries() -> None:
    h = [(0.0, 0.0, 200.0), (20.0, 0.0, 200.0), (40.0, 0.0, 200.0)]
    v = [(0.0, 0.0, 40.0), (100.0, 0.0, 40.0), (200.0, 0.0, 40.0)]
    grid = ruled_grid(1, h, v, P)
    assert grid is not None
    crossing = _frag("あいうえおかきくけこさしすせそ", 10, 25, 1)  # 150 pt of text over the boundary at 100
    outside = _frag("欄外", 300, 25, 1)
    inside, rest = split_text(grid, [crossing, outside])
    assert [f.text for f in inside[(1, 0)]] == ["あいうえおかきくけ"]
    assert [f.text for f in inside[(1, 1)]] == ["こさしすせそ"]
    assert [f.text for f in rest] == ["欄外"]


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("区市町村名", "municipality"),
        ("団体名", "municipality"),
        ("計画の名称", "plan_name"),
        ("計画\n期間", "period"),
        ("計画の概要", "summary"),
        ("取組み区分", "category"),
        ("主な事業", "content"),
        ("Ｎｏ．", "row_number"),
        ("備考", None),
        ("", None),
    ],
)
def test_header_labels_name_fields_by_their_normalized_forms(label: str, field: str | None) -> None:
    assert header_field(label) == field


def _page(number: int, frags: list[Fragment], hrules: list, vrules: list) -> PageData:  # type: ignore[type-arg]
    return PageData(number, 600, 800, frags, [], False, hrules, vrules)


def _table_page(number: int, rows: list[list[str]], header: bool = True) -> PageData:
    """A ruled table of three columns (x 0-100-250-450), one 20 pt row per list, from y=100."""
    xs = (0.0, 100.0, 250.0, 450.0)
    frags = []
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            if text:
                frags.append(_frag(text, xs[c] + 4, 100 + 20 * r + 5, r, page=number))
    ys = [100.0 + 20 * r for r in range(len(rows) + 1)]
    hrules = [(y, 0.0, 450.0) for y in ys]
    vrules = [(x, ys[0], ys[-1]) for x in xs]
    return _page(number, frags, hrules, vrules)


HEADER = ["区市町村名", "計画名", "取組内容"]


def test_a_two_row_header_labels_columns_by_group_and_sub_label() -> None:
    page = _table_page(1, [["区市町村名", "取組", "取組"], ["", "区分", "内容"], ["品川区", "(1)連携", "事業"]])
    (table,) = find_tables([page], P)
    header = find_header(table.parts[0])
    assert header is not None and header[0] == 2
    assert header[1] == ["municipality", "category", "content"]


def test_a_header_repeated_on_the_next_page_is_not_data_and_rows_fill_down() -> None:
    p1 = _table_page(1, [HEADER, ["品川区", "品川区地域産業活性化計画", "(1)連携の取組"]])
    p2 = _table_page(2, [HEADER, ["", "", "続きの本文"], ["品川区", "品川区地域産業活性化計画", "繰り返し"]])
    (table,) = find_tables([p1, p2], P)
    assert len(table.parts) == 2 and table.parts[1].header_rows == 1
    block, issues = table_block(table, P, "t.pdf")
    kept = [(ln.text, ln.role) for ln in block.lines if not ln.drop_reason]
    assert kept == [
        ("「品川区地域産業活性化計画」（品川区）", ROLE_COMPOSED),
        ("(1)連携の取組", ROLE_CELL),
        ("続きの本文", ROLE_CELL),
        ("繰り返し", ROLE_CELL),
    ]
    dropped = sorted((ln.drop_reason, ln.text) for ln in block.lines if ln.drop_reason)
    assert dropped.count(("table_header", "計画名")) == 2
    assert ("table_repeated_cell", "品川区") in dropped and issues == []
    assert p1.fragments == [] and p2.fragments == []  # the table's text left the flow


def test_a_table_of_the_same_form_under_another_heading_is_another_table() -> None:
    """A page per plan: text above the second page's header makes it a new table, read where it stands."""
    header = ["区分", "事業名", "概要"]
    p1 = _table_page(1, [header, ["(1)連携の取組", "A事業", "Aを行う。"]])
    p2 = _table_page(2, [header, ["(1)連携の取組", "B事業", "Bを行う。"]])
    p2.fragments.append(_frag("「B市地域産業活性化計画」（B市）", 0, 85, 99, page=2))
    number = _frag("- 2 -", 280, 770, 98, page=2)  # a page number, in the footer zone, separates nothing
    p3 = _table_page(3, [header, ["", "C事業", "Cを行う。"]])
    p3.fragments.append(number)
    tables = find_tables([p1, p2, p3], P)
    assert [[part.grid.page for part in t.parts] for t in tables] == [[1], [2, 3]]
    assert [f.text for f in p2.fragments] == ["「B市地域産業活性化計画」（B市）"]


def test_a_ruled_table_without_header_is_listed_not_read() -> None:
    page = _table_page(1, [["品川区", "品川区地域産業活性化計画", "本文"], ["江戸川区", "江戸川区計画", "本文"]])
    (table,) = find_tables([page], P)
    block, issues = table_block(table, P, "t.pdf")
    assert table.unread and {ln.drop_reason for ln in block.lines} == {"table_no_header"}
    assert [i.code for i in issues] == ["pdf_table_no_header"] and issues[0].location == "page 1"
    assert "t.pdf: page 1" in issues[0].message


def test_plan_cells_repeated_or_left_blank_mean_the_plan_above() -> None:
    rows = [
        ["区市町村名", "計画名", "取組区分"],
        ["品川区", "品川区地域産業活性化計画", "(1)連携の取組"],
        ["品川区", "", "(2)変化への対応に係る取組"],  # the name merged, the place written on every row
        ["", "品川区地域産業活性化計画", "(3)その他の取組"],
        ["江戸川区", "江戸川区地域産業活性化計画", "(1)連携の取組"],
    ]
    (table,) = find_tables([_table_page(1, rows)], P)
    block, issues = table_block(table, P, "t.pdf")
    headings = [ln.text for ln in block.lines if ln.role == ROLE_COMPOSED]
    assert headings == ["「品川区地域産業活性化計画」（品川区）", "「江戸川区地域産業活性化計画」（江戸川区）"]
    assert [ln.text for ln in block.lines if ln.drop_reason == "table_repeated_cell"] == [
        "品川区",
        "品川区地域産業活性化計画",
    ]
    assert issues == []


def test_a_grid_without_text_is_no_table() -> None:
    page = _table_page(1, [["", "", ""], ["", "", ""]])
    assert find_tables([page], P) == []


def test_a_table_of_programs_reads_its_overview_column_as_the_initiatives_text() -> None:
    """Under its plan's heading, a table of 区分/事業名/概要: 概要 describes each program, not a plan."""
    rows = [
        ["区分", "事業名", "概要"],
        ["(1)連携の取組", "A事業", "Aを行う。"],
        ["", "B事業", "Bを行う。"],
        ["(3)その他の取組", "C事業", ""],
        ["", "D事業", ""],
    ]
    (table,) = find_tables([_table_page(1, rows)], P)
    block, issues = table_block(table, P, "t.pdf")
    kept = [(ln.text, ln.role) for ln in block.lines if not ln.drop_reason]
    assert kept == [
        ("(1)連携の取組", ROLE_CELL),
        ("Aを行う。", ROLE_CELL),
        ("Bを行う。", ROLE_CELL),
        ("（A事業、B事業）", ROLE_COMPOSED),
        ("(3)その他の取組", ROLE_CELL),
        ("C事業、D事業", ROLE_COMPOSED),
    ]
    assert issues == []


def test_program_names_of_two_rows_stay_two_even_across_a_page_break() -> None:
    """A name whose last line fills its cell, at the bottom of a page: the next page's first row is
    another program, unless the name is cut off (a bracket left open)."""
    full = "補助金・助成金自動診断シス"  # 14 characters: the line reaches the cell's right edge
    header = ["区分", "事業名", "概要"]
    p1 = _table_page(1, [header, ["(3)その他の取組", "A事業", ""], ["", full, ""]])
    p2 = _table_page(2, [header, ["", "人材確保事業", ""], ["", "ネットワーク委員会（仮", ""]])
    p3 = _table_page(3, [header, ["", "称）", ""], ["", "B事業", ""]])
    (table,) = find_tables([p1, p2, p3], P)
    block, _ = table_block(table, P, "t.pdf")
    assert [ln.text for ln in block.lines if ln.role == ROLE_COMPOSED] == [
        f"A事業、{full}、人材確保事業、ネットワーク委員会（仮称）、B事業"
    ]


def test_a_table_describing_plans_without_plan_names_is_not_read() -> None:
    page = _table_page(1, [["区市町村名", "計画期間", "取組内容"], ["品川区", "令和5年度", "本文"]])
    (table,) = find_tables([page], P)
    block, issues = table_block(table, P, "t.pdf")
    assert {ln.drop_reason for ln in block.lines} == {"table_header", "table_no_plan_name"}
    assert [i.code for i in issues] == ["pdf_table_no_plan_name"]


def test_horizontal_rules_without_a_header_stay_flowing_text() -> None:
    frags = [_frag("本文の段落", 0, 105, 0), _frag("次の段落", 0, 125, 1), _frag("右", 300, 125, 1)]
    page = _page(1, list(frags), [(100.0, 0.0, 400.0), (120.0, 0.0, 400.0), (140.0, 0.0, 400.0)], [])
    assert find_tables([page], P) == [] and page.fragments == frags


def _cell(lines: list[str], x1: float = 104 + 10 * SIZE + 4) -> Cell:
    visuals = [make_visual(1, [_frag(t, 104, 100 + 14 * i, i)], (1, -1)) for i, t in enumerate(lines)]
    return Cell(1, (0, 0, 1, 1), Box(100, 100, x1, 100 + 14 * len(lines)), visuals)


def test_wrapped_lines_in_a_cell_join_but_a_complete_heading_does_not_swallow_its_text() -> None:
    # nine characters or more fill the cell: each such line looks wrapped
    lines = ["(3) (1)、(2)以外の取組", "事業PR販売促進助成、エン", "ジニア確保"]
    texts = ["".join(v.text for v in g) for g in paragraphs([_cell(lines)], P)]
    assert texts == ["(3) (1)、(2)以外の取組", "事業PR販売促進助成、エンジニア確保"]
    wrapped = paragraphs([_cell(["ITスタートアップ支援", "事業"])], P)
    assert ["".join(v.text for v in g) for g in wrapped] == ["ITスタートアップ支援事業"]


def test_a_subheading_wrapped_onto_its_own_lines_stays_with_its_heading() -> None:
    # a heading that fills its cell reads whole, but its bracketed subheading goes on below
    lines = ["(3) (1)、(2)以外の取組", "（持続的な産業基盤の", "整備）", "三鷹産業プラザの運営"]
    texts = ["".join(v.text for v in g) for g in paragraphs([_cell(lines)], P)]
    assert texts == ["(3) (1)、(2)以外の取組（持続的な産業基盤の整備）", "三鷹産業プラザの運営"]
    whole = ["(3) (1)、(2)以外の取組", "（持続的な整備）", "三鷹産業プラザの運営"]
    assert ["".join(v.text for v in g) for g in paragraphs([_cell(whole)], P)] == [
        "(3) (1)、(2)以外の取組（持続的な整備）",
        "三鷹産業プラザの運営",
    ]


def test_a_photo_is_not_a_grid() -> None:
    rng = np.random.default_rng(7)
    photo = (rng.random((300, 400)) * 255).astype(np.uint8)
    photo[100:160, :] = 20  # a dark band across: thick, not a rule
    assert not grid_like(photo)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("rule_max_thickness_pt", 0),
        ("rule_min_length_pt", -1),
        ("rule_snap_pt", float("nan")),
        ("cell_cover_share", 1.5),
        ("cell_cover_share", 0),
        ("table_column_gap_em", 0),
        ("cell_padding_max_em", -0.5),
        ("table_continue_em", float("inf")),
    ],
)
def test_table_tolerances_refuse_values_out_of_range(field: str, value: float) -> None:
    with pytest.raises(ValueError, match=rf"^PdfParams\.{field} must be"):
        PdfParams(**{field: value})  # type: ignore[arg-type]
