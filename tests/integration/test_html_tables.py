"""An HTML table of plans gives the plans, initiatives and programs of its text and PDF editions.

The pages (tests/html/plan_tables.py) hold a spreadsheet of approved plans as a
``<table>``: header 区市町村名 | 計画名 | 計画期間 | 取組区分 | 主な事業, the plan's cells
spanning its three initiative rows, a 主な事業 column that only names programs.  The same
text is rendered as a ruled PDF table (tests/pdfs/render_tables.py) and kept as text; the
three editions must give the same records.  The real announcement as an HTML table must
give the same records as its text.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pdf_compare import build_folder, values
from pdfs.render_tables import INITIATIVE_COLUMNS, render_table_pdf
from plan_tables import COLUMNS, EXAMPLE_TEXT, bare_page, example_page, sjis_page_bytes

pytestmark = pytest.mark.integration

COMPARED = ("plans", "initiatives", "programs")
EXPECTED_PROGRAMS = {
    "青梅市": {1: ["産学連携推進事業", "ビジネスマッチング事業"], 2: ["デジタル化支援補助金"], 3: ["創業支援事業"]},
    "福生市": {1: ["商工会連携事業"], 2: ["事業継続支援補助金"], 3: ["商店街活性化事業", "空き店舗対策事業"]},
}


def _build(root: Path, name: str, data: bytes) -> tuple[int, dict[str, pd.DataFrame]]:
    root.mkdir(parents=True)
    path = root / name
    path.write_bytes(data)
    return build_folder(root / "build", path)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, dict[str, pd.DataFrame]]]:
    tmp = tmp_path_factory.mktemp("plan_tables")
    pdf = render_table_pdf(EXAMPLE_TEXT, tmp / "pdf" / "example.pdf", columns=COLUMNS)
    return {
        "html": _build(tmp / "html", "example.html", example_page().encode()),
        "sjis": _build(tmp / "sjis", "example_sjis.html", sjis_page_bytes()),
        "bare": _build(tmp / "bare", "example_bare.html", bare_page().encode()),
        "pdf": build_folder(tmp / "pdf_build", pdf),
        "text": _build(tmp / "text", "example.txt", EXAMPLE_TEXT.encode()),
    }


def _programs_by_plan(tables: dict[str, pd.DataFrame]) -> dict[str, dict[int, list[str]]]:
    plans = tables["plans"].set_index("plan_id")["municipality"]
    out: dict[str, dict[int, list[str]]] = {}
    for row in tables["programs"].sort_values(["plan_id", "category_no", "seq"]).itertuples():
        out.setdefault(plans[row.plan_id], {}).setdefault(int(row.category_no), []).append(row.name_raw)
    return out


@pytest.mark.parametrize("edition", ["bare", "html", "sjis"])
def test_table_of_plans_gives_plans_initiatives_and_programs(
    editions: dict[str, tuple[int, dict[str, pd.DataFrame]]], edition: str
) -> None:
    errors, tables = editions[edition]
    assert errors == 0, tables["warnings"].to_dict("records")
    plans = tables["plans"].sort_values("municipality")
    assert list(plans["municipality"]) == ["福生市", "青梅市"]
    assert list(plans["plan_title"]) == ["福生市地域産業活性化計画", "青梅市地域産業活性化計画"]
    assert set(plans["start_fy"]) == {2024} and set(plans["end_fy"]) == {2026}
    assert set(plans["period_raw"]) == {"令和6年度～令和8年度"}
    initiatives = tables["initiatives"]
    assert initiatives.groupby("plan_id")["category_no"].apply(sorted).tolist() == [[1, 2, 3], [1, 2, 3]]
    assert _programs_by_plan(tables) == EXPECTED_PROGRAMS
    codes = set(tables["warnings"]["code"]) - {"suspect_structure"}  # the caption reads like a heading
    assert not {c for c in codes if c.startswith(("no_program", "category", "plan_without", "html_table"))}, codes


def test_shift_jis_page_keeps_its_chrome_out_of_the_plans(
    editions: dict[str, tuple[int, dict[str, pd.DataFrame]]],
) -> None:
    _, tables = editions["sjis"]
    assert tables["documents"].iloc[0]["encoding"] == "cp932"
    lines = tables["lines"]
    copyright_line = lines[lines["text"].str.startswith("Copyright")]
    assert len(copyright_line) == 1 and not copyright_line["place"].iloc[0].startswith(("plans", "programs"))
    assert copyright_line["place"].iloc[0] == "dropped.html_outside_main"
    text_of = lines.set_index("line_no")["text"]
    source = {r.name_raw: text_of[r.source_line] for r in tables["programs"].itertuples()}
    # programs one a row (<br>): each its own line, behind a bullet in categories (1) and (2)
    assert (
        source["産学連携推進事業"] == "・産学連携推進事業"
        and source["ビジネスマッチング事業"] == "・ビジネスマッチング事業"
    )
    assert source["空き店舗対策事業"] == "空き店舗対策事業"


def test_html_and_pdf_tables_give_the_same_records(
    editions: dict[str, tuple[int, dict[str, pd.DataFrame]]],
) -> None:
    """The same table as HTML (two markups) and as a ruled PDF table; the plans as in the text.

    The text edition has the programs of (1) and (2) in no （…） group, so only its plans are
    compared: a table's 主な事業 column says what they are, a paragraph does not.
    """
    _, pdf = editions["pdf"]
    assert len(pdf["programs"]) == 8
    # the Shift_JIS page lists programs one a row: its initiatives' text is the rows' text
    for edition, compared in (("bare", COMPARED), ("html", COMPARED), ("sjis", ("plans", "programs"))):
        errors, tables = editions[edition]
        assert errors == 0, (edition, tables["warnings"].to_dict("records"))
        for table in compared:
            assert values(tables[table]) == values(pdf[table]), f"{edition}: {table} differs"
        assert values(tables["plans"]) == values(editions["text"][1]["plans"])


def test_every_cell_is_in_one_line(editions: dict[str, tuple[int, dict[str, pd.DataFrame]]]) -> None:
    """The table's lines hold each cell once: the header dropped, plan cells composed into headings."""
    _, tables = editions["html"]
    lines = tables["lines"]
    in_table = lines[lines["element"].str.contains("table", na=False)]
    assert (in_table["element"].value_counts() == 1).all()  # no cell read twice
    headers = in_table[in_table["place"] == "dropped.html_table_header"]
    assert list(headers["text"]) == [label for label, _, _ in COLUMNS]
    headings = in_table[in_table["role"] == "table_composed"]["text"]
    assert "「青梅市地域産業活性化計画」（青梅市）" in set(headings)
    assert "【計画期間：令和6年度～令和8年度】" in set(headings)


@pytest.mark.parametrize("per_plan", [False, True], ids=["row_per_initiative", "row_per_plan"])
def test_real_announcement_as_an_html_table(tmp_path: Path, real_doc: Path, per_plan: bool) -> None:
    """The real announcement (summaries, texts ending in their （…） group) as an HTML table.

    One row per initiative with the plan cells spanning them, or one row per plan with its
    category headings and texts in one cell.
    """
    from make_pages import cms_page
    from pdfs.render_tables import PLAN_COLUMNS, parse_plans
    from plan_tables import table_html

    text = real_doc.read_text(encoding="utf-8")
    columns = PLAN_COLUMNS if per_plan else INITIATIVE_COLUMNS
    page = cms_page(table_html(parse_plans(text), columns=columns, per_plan=per_plan))
    errors, tables = _build(tmp_path / "html", "real_table.html", page.encode())
    _, text_tables = build_folder(tmp_path / "text", real_doc)
    assert errors == 0, tables["warnings"].to_dict("records")
    for table in COMPARED:
        assert values(tables[table]) == values(text_tables[table]), f"{table} differs"
    assert len(tables["plans"]) == 6 and len(tables["programs"]) == 43


PROGRAM_ROWS_PAGE = """<!DOCTYPE html><html lang="ja"><head><meta charset="UTF-8"><title>別紙</title></head><body>
<div id="tmp_contents">
<h2>承認した地域産業活性化計画の概要</h2>
<table border="1">
<tr><th>区市町村名</th><th>計画名</th><th>計画期間</th><th>取組区分</th><th>事業名</th></tr>
<tr><td rowspan="4">青梅市</td><td rowspan="4">青梅市地域産業活性化計画</td><td rowspan="4">令和6年度～令和8年度</td>
<td rowspan="2">(1)多様な主体との連携を図る取組</td><td>産学連携推進事業</td></tr>
<tr><td>ビジネスマッチング事業</td></tr>
<tr><td>(2)感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革への対応に係る取組</td><td>デジタル化支援補助金</td></tr>
<tr><td>(3)(1)、(2)以外の取組</td><td>創業支援事業</td></tr>
</table></div></body></html>
"""


def test_a_program_name_column_gives_one_program_a_row(tmp_path: Path) -> None:
    """A 事業名 column names one program a row, in every category (the rows of (1) are two programs)."""
    errors, tables = _build(tmp_path / "rows", "rows.html", PROGRAM_ROWS_PAGE.encode())
    assert errors == 0, tables["warnings"].to_dict("records")
    assert _programs_by_plan(tables) == {
        "青梅市": {1: ["産学連携推進事業", "ビジネスマッチング事業"], 2: ["デジタル化支援補助金"], 3: ["創業支援事業"]}
    }
    lines = tables["lines"].set_index("text")
    assert lines.loc["事業名", "place"] == "dropped.html_table_header"
    assert lines.loc["・ビジネスマッチング事業", "place"] == "initiatives.text"  # one line a program cell
