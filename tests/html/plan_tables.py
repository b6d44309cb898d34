"""HTML pages holding a table of plans: a spreadsheet of approved plans published as a web page.

The table is built from an announcement text (parsed by ``tests/pdfs/render_tables.py``,
which renders the same text as a ruled PDF table), so one text gives its text, PDF and
HTML editions: one row per initiative, the plan's cells spanning their rows (``rowspan``),
a header row of labels.  ``EXAMPLE_TEXT`` is a two-plan announcement whose 主な事業 column
only names programs.

Pages:

* :func:`example_page`: the table inside the UTF-8 CMS template of ``make_pages.py``,
  with a ``caption`` and ``th`` header cells;
* :func:`bare_page`: the table alone under a heading, as the page first reported read no plans;
* :func:`sjis_page_bytes`: the same table in an old Shift_JIS layout (menus, footer, the
  page in a layout table), header cells as ``td``, and programs one a row (``<br>``).

Both have a lead paragraph above the table, as such pages do: the old layout names none of
its chrome, and its main content is found by text density (``pipeline/read/html/content.py``),
which needs the content to hold most of the page's text.

Run ``python tests/html/plan_tables.py OUT_DIR`` to look at them in a browser.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_pages import cms_page, sjis_page
from pdfs.render_tables import Plan, parse_plans

EXAMPLE_TEXT = """\
承認した地域産業活性化計画の概要

「青梅市地域産業活性化計画」（青梅市）
【計画期間：令和6年度～令和8年度】
(1)多様な主体との連携を図る取組
産学連携推進事業、ビジネスマッチング事業
(2)感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革への対応に係る取組
デジタル化支援補助金
(3)(1)、(2)以外の取組
創業支援事業

「福生市地域産業活性化計画」（福生市）
【計画期間：令和6年度～令和8年度】
(1)多様な主体との連携を図る取組
商工会連携事業
(2)感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革への対応に係る取組
事業継続支援補助金
(3)(1)、(2)以外の取組
商店街活性化事業、空き店舗対策事業
"""
#: (label, field, width in points for the PDF rendering)
COLUMNS = (
    ("区市町村名", "municipality", 70),
    ("計画名", "plan_name", 130),
    ("計画期間", "period", 110),
    ("取組区分", "category", 230),
    ("主な事業", "content", 220),
)
CAPTION = "承認した地域産業活性化計画"
#: The lead above the table, as such pages have one.
LEAD = (
    "東京都は、区市町村が地域の産業の活性化に向けて策定した地域産業活性化計画を承認し、"
    "その計画に基づく取組を支援しています。このたび承認した計画の概要は、次の表のとおりです。"
)


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def _cell(text: str, one_a_row: bool) -> str:
    if not one_a_row:
        return esc(text)
    return "<br>".join(esc(t) for t in text.split("、"))


def table_html(
    plans: list[Plan],
    columns: tuple[tuple[str, str, float], ...] = COLUMNS,
    header_tag: str = "th",
    one_a_row: bool = False,
    per_plan: bool = False,
) -> str:
    """A ``<table>`` of ``plans``, one row per initiative, plan cells spanning their rows.

    Args:
        plans: the plans (:func:`pdfs.render_tables.parse_plans`).
        columns: (label, field, width): fields ``category`` and ``content`` are per row, the
            others per plan.
        header_tag: ``th`` (in a ``thead``) or ``td`` (a first row like any other).
        one_a_row: list the programs of a cell one a row (``<br>``) instead of with 、.
        per_plan: one row per plan, its category headings and texts in one cell, a ``<br>``
            after each (the columns then have no ``category`` field).
    """
    head = "".join(f"<{header_tag}>{esc(label)}</{header_tag}>" for label, _, _ in columns)
    head = f"<thead><tr>{head}</tr></thead>" if header_tag == "th" else f"<tr>{head}</tr>"
    rows = []
    for p in plans:
        if per_plan:
            text = "<br>".join(f"{esc(h)}<br>{esc(b)}" for h, b in p.sections)
            cells = [
                f"<td>{text}</td>" if n == "content" else f"<td>{esc(str(getattr(p, n)))}</td>" for _, n, _ in columns
            ]
            rows.append(f"<tr>{''.join(cells)}</tr>")
            continue
        for i, (category, content) in enumerate(p.sections):
            cells = []
            for _, name, _ in columns:
                if name == "category":
                    cells.append(f"<td>{esc(category)}</td>")
                elif name == "content":
                    cells.append(f"<td>{_cell(content, one_a_row)}</td>")
                elif i == 0:
                    cells.append(f'<td rowspan="{len(p.sections)}">{esc(str(getattr(p, name)))}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
    body = "\n".join(rows)
    return f'<table border="1">\n<caption>{esc(CAPTION)}</caption>\n{head}\n<tbody>\n{body}\n</tbody></table>'


def example_page(text: str = EXAMPLE_TEXT) -> str:
    """The table of ``text`` inside the CMS template (UTF-8)."""
    content = f"<p>{esc(LEAD)}</p>\n{table_html(parse_plans(text))}"
    return cms_page(content, heading="<h2>承認した地域産業活性化計画の概要</h2>")


def bare_page(text: str = EXAMPLE_TEXT) -> str:
    """The table of ``text`` as the reported page: a heading and the table in ``#tmp_contents``, nothing else."""
    return (
        '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="UTF-8"><title>別紙</title></head>\n<body>\n'
        f'<div id="tmp_contents">\n<h2>承認した地域産業活性化計画の概要</h2>\n{table_html(parse_plans(text))}\n'
        "</div></body></html>\n"
    )


def sjis_page_bytes(text: str = EXAMPLE_TEXT) -> bytes:
    """The table of ``text`` in the old Shift_JIS layout: ``td`` header, programs one a row."""
    table = table_html(parse_plans(text), header_tag="td", one_a_row=True)
    return sjis_page(f"<P>{esc(LEAD)}</P>\n{table}").encode("cp932")


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    (out / "plan_table.html").write_text(example_page(), encoding="utf-8")
    (out / "plan_table_sjis.html").write_bytes(sjis_page_bytes())
    (out / "plan_table_bare.html").write_text(bare_page(), encoding="utf-8")
