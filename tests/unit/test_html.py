"""The HTML reader's rules, one small page at a time (pipeline/read/html)."""

from __future__ import annotations

import codecs
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipeline.core.errors import DecodeError
from pipeline.read import Format, detect_format, read_document
from pipeline.read.html import HtmlNoTextError, HtmlTooComplexError, read_html
from pipeline.read.html.dom import TEXT, HtmlParserMissingError, parse
from pipeline.read.html.encoding import decode_html
from pipeline.read.html.prescan import prescan


def read(tmp_path: Path, body: str, head: str = '<meta charset="utf-8">', name: str = "p.html") -> list:
    path = tmp_path / name
    path.write_text(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>", encoding="utf-8")
    return read_html(path, name).lines


def kept(lines: list) -> list[str]:
    return [ln.text for ln in lines if ln.drop_reason is None and ln.text.strip()]


def dropped(lines: list) -> dict[str, str]:
    return {ln.text: ln.drop_reason for ln in lines if ln.drop_reason}


# -- encoding ---------------------------------------------------------------------------------
def test_prescan_http_equiv_only_and_comments() -> None:
    assert (
        prescan(b'<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=Shift_JIS">') == "shift_jis"
    )
    assert prescan(b'<meta content="text/html; charset=euc-jp">') is None  # content without http-equiv
    assert prescan(b'<!-- <meta charset="euc-jp"> -->') is None
    assert prescan(b" " * 1100 + b'<meta charset="euc-jp">') is None  # past the first 1024 bytes


@pytest.mark.parametrize("codec", ["cp932", "euc_jp"])
def test_declared_utf8_but_japanese_bytes(codec: str) -> None:
    page = '<meta charset="utf-8"><p>承認した地域産業活性化計画の概要</p>'
    decoded = decode_html(page.encode(codec), "page.html")
    assert "承認した地域産業活性化計画の概要" in decoded.text and "\ufffd" not in decoded.text
    assert decoded.warning is not None and decoded.warning.code == "html_charset_mismatch"
    assert "page.html" in decoded.warning.message and "utf-8" in decoded.warning.message


def test_declared_shift_jis_but_utf8_bytes() -> None:
    decoded = decode_html('<meta charset="Shift_JIS"><p>計画期間～令和7年度</p>'.encode(), "p.html")
    assert decoded.codec == "utf-8" and "計画期間～令和7年度" in decoded.text
    assert decoded.warning is not None and decoded.warning.code == "html_charset_mismatch"


def test_declared_latin1_but_shift_jis_bytes() -> None:
    decoded = decode_html('<meta charset="iso-8859-1"><p>地域産業活性化計画の概要です</p>'.encode("cp932"), "p.html")
    assert decoded.codec == "cp932" and "地域産業活性化計画の概要です" in decoded.text


def test_undeclared_euc_jp_is_read_as_a_browser_shows_it() -> None:
    decoded = decode_html("<p>【計画期間：令和5年度〜令和7年度】の事業</p>".encode("euc_jp"), "e.html")
    assert decoded.codec == "euc_jp"
    assert "令和5年度～令和7年度" in decoded.text  # 0xA1C1 is U+FF5E, as in the text edition
    assert decoded.warning is not None and decoded.warning.code == "html_charset_undeclared"


def test_bom_wins_and_undecodable_bytes_name_the_line() -> None:
    assert decode_html(codecs.BOM_UTF8 + '<meta charset="euc-jp"><p>計画</p>'.encode()).codec == "utf-8-sig"
    with pytest.raises(DecodeError) as exc:
        decode_html(b"<p>ok</p>\n<p>\x81\xff\xfe\xfd</p>", "bad.html")
    assert exc.value.path == "bad.html" and exc.value.location == "line 2"


# -- blocks and inline text -------------------------------------------------------------------
def test_headings_in_spans_and_br_inside_sentences(tmp_path: Path) -> None:
    lines = read(
        tmp_path,
        "<main><h3><span><a id=x>&#12300;品川区地域産業活性化計画」</a>（品川区）</span></h3>"
        "<p>商工会議所等関連団体、スタート<br>アップ、高専等<br>\n(仮称)</p>"
        "<p>Kuni-Biz<br>Support</p><p>区内中小企業の\n   経営環境&amp;課題</p><p>&nbsp;</p></main>",
    )
    assert kept(lines) == [
        "「品川区地域産業活性化計画」（品川区）",
        "商工会議所等関連団体、スタートアップ、高専等",
        "(仮称)",
        "Kuni-Biz Support",
        "区内中小企業の経営環境&課題",
    ]
    assert any(ln.text == " " for ln in lines)  # &nbsp; paragraph: a blank line, as in the text


def test_ruby_script_and_pre(tmp_path: Path) -> None:
    lines = read(
        tmp_path,
        "<main><p><ruby>国立<rt>くにたち</rt></ruby>市<script>var a=1;</script>の計画</p><pre>一行目\n  二行目</pre></main>",
    )
    assert kept(lines) == ["国立市の計画", "一行目", "  二行目"]
    assert dropped(lines) == {"くにたち": "html_ruby_text", "var a=1;": "html_script"} | {
        t: r for t, r in dropped(lines).items() if r == "html_head"
    }


# -- captions and alt text --------------------------------------------------------------------
def test_captions_never_replaced_by_alt(tmp_path: Path) -> None:
    lines = read(
        tmp_path,
        '<main><figure><img alt="写真A"><figcaption>展示会の様子</figcaption></figure>'
        '<p><img alt="写真B"></p><p>三鷹産業プラザ</p>'
        '<p><img alt="写真C"><br>くにたちビジネスサポートセンター</p>'
        '<p><img alt="写真D"></p><p>本市は住宅都市として発展してきた。</p></main>',
    )
    captions = [ln.text for ln in lines if ln.role == "caption"]
    assert captions == ["展示会の様子", "三鷹産業プラザ", "くにたちビジネスサポートセンター"]
    assert [t for t, r in dropped(lines).items() if r == "html_alt_text"] == ["写真A", "写真B", "写真C", "写真D"]


def test_photo_table_row_of_captions(tmp_path: Path) -> None:
    lines = read(
        tmp_path,
        "<main><table><tr><td><img alt=a></td><td><img alt=b></td></tr>"
        "<tr><td>連携事業のイメージ</td><td>三鷹産業プラザ</td></tr></table></main>",
    )
    assert [ln.text for ln in lines if ln.role == "caption"] == ["連携事業のイメージ", "三鷹産業プラザ"]


# -- tables -----------------------------------------------------------------------------------
def test_data_tables_label_their_cells(tmp_path: Path) -> None:
    lines = read(
        tmp_path,
        "<main><table><tr><th>計画期間</th><td>令和5年度～令和7年度</td></tr></table>"
        "<table><thead><tr><th>区市町村</th><th>事業数</th></tr></thead>"
        "<tbody><tr><td>品川区</td><td>10</td></tr><tr><td>三鷹市</td><td>8</td></tr></tbody></table></main>",
    )
    assert kept(lines) == [
        "計画期間：令和5年度～令和7年度",
        "区市町村：品川区",
        "事業数：10",
        "区市町村：三鷹市",
        "事業数：8",
    ]
    assert {t for t, r in dropped(lines).items() if r == "html_table_header"} == {"計画期間", "区市町村", "事業数"}


def test_a_cell_spanning_rows_moves_the_columns_of_the_rows_below(tmp_path: Path) -> None:
    lines = read(
        tmp_path,
        "<main><table><thead><tr><th>区市町村名</th><th>取組区分</th><th>主な事業</th></tr></thead><tbody>"
        '<tr><td rowspan="2">青梅市</td><td>(1)連携</td><td>産学連携推進事業</td></tr>'
        "<tr><td>(2)対応</td><td>デジタル化支援補助金</td></tr>"
        '<tr><td>福生市</td><td colspan="2">該当なし</td></tr></tbody></table></main>',
    )
    assert kept(lines) == [
        "区市町村名：青梅市",
        "取組区分：(1)連携",
        "主な事業：産学連携推進事業",
        "取組区分：(2)対応",
        "主な事業：デジタル化支援補助金",
        "区市町村名：福生市",
        "取組区分：該当なし",
    ]


def test_layout_tables_are_flow(tmp_path: Path) -> None:
    nested = "<table><tr><td>" * 50 + "<p>本文の段落。</p>" + "</td></tr></table>" * 50
    lines = read(tmp_path, f"<main><table><tr><td><h2>見出し</h2><p>段落。</p></td></tr></table>{nested}</main>")
    assert kept(lines) == ["見出し", "段落。", "本文の段落。"]


PLAN_HEAD = "<tr><th>区市町村名</th><th>計画名</th><th>計画期間</th><th>取組区分</th><th>主な事業</th>"


def read_with_issues(tmp_path: Path, body: str) -> tuple[list, list]:
    path = tmp_path / "p.html"
    path.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}</body></html>', "utf-8")
    result = read_html(path, "p.html")
    return result.lines, list(result.issues)


def test_table_of_plans_reads_as_the_text_version(tmp_path: Path) -> None:
    """Regression: a table of plans gave 区市町村名：… lines and no programs."""
    lines, issues = read_with_issues(
        tmp_path,
        f"<main><table>{PLAN_HEAD}</tr>"
        '<tr><td rowspan="2">青梅市</td><td rowspan="2">青梅市地域産業<br>活性化計画</td>'
        '<td rowspan="2">令和6年度～令和8年度</td><td>(1)<br>連携</td><td>A事業<br>B事業</td></tr>'
        "<tr><td>(3)(1)、(2)以外の取組</td><td>C事業、D事業</td></tr></table></main>",
    )
    assert kept(lines) == [
        "「青梅市地域産業活性化計画」（青梅市）",
        "【計画期間：令和6年度～令和8年度】",
        "(1)連携",
        "・A事業",
        "・B事業",
        "(3)(1)、(2)以外の取組",
        "C事業、D事業",
    ]
    roles = {ln.text: ln.role for ln in lines}
    assert roles["「青梅市地域産業活性化計画」（青梅市）"] == "table_composed" and roles["C事業、D事業"] == "table_cell"
    assert {t for t, r in dropped(lines).items() if r == "html_table_header"} == {
        "区市町村名",
        "計画名",
        "計画期間",
        "取組区分",
        "主な事業",
    }
    by_text = {ln.text: ln.element for ln in lines}
    assert by_text["・B事業"].endswith("tr:nth-of-type(2) > td:nth-of-type(5)")  # the cell it came from
    assert by_text["(3)(1)、(2)以外の取組"].endswith("tr:nth-of-type(3) > td:nth-of-type(1)")
    assert issues == []


def test_table_of_plans_category_cells_rejoin_wrapped_rows(tmp_path: Path) -> None:
    """A category cell's <br> inside its heading is a wrap; one before its note in brackets is a break."""
    lines, _ = read_with_issues(
        tmp_path,
        f"<main><table>{PLAN_HEAD}</tr>"
        "<tr><td>青梅市</td><td>青梅市地域産業活性化計画</td><td>令和6年度～令和8年度</td>"
        "<td>(1)多様な主体との<br>連携を図る取組<br>（産業基盤の整備）</td><td>A事業</td></tr></table></main>",
    )
    assert kept(lines)[2:] == ["(1)多様な主体との連携を図る取組", "（産業基盤の整備）", "・A事業"]


def test_table_of_plans_cells_each_in_one_line(tmp_path: Path) -> None:
    """Every character of the table's cells is in exactly one line; composed lines add only their words."""
    body = (
        f"<main><table>{PLAN_HEAD}</tr>"
        '<tr><td rowspan="2">福生市</td><td rowspan="2">福生市地域産業活性化計画</td>'
        '<td rowspan="2">令和6年度～令和8年度</td><td>(1)連携</td><td>A事業</td></tr>'
        "<tr><td>(2)対応</td><td>B事業<br>C事業</td></tr></table></main>"
    )
    lines, _ = read_with_issues(tmp_path, body)
    dom = parse(f"<main>{body}</main>")
    in_nodes = Counter(c for n in dom.nodes if n.tag == TEXT for c in n.text if not c.isspace())
    added = Counter()
    for ln in lines:
        if ln.role == "table_composed":
            added += Counter(
                "【計画期間：】" if ln.text.startswith("【") else "・" if ln.text[0] == "・" else "「」（）"
            )
    in_lines = Counter(c for ln in lines for c in ln.text if not c.isspace())
    in_lines.subtract(added)
    assert +in_lines == in_nodes


def test_tables_that_hold_no_plans_read_as_before(tmp_path: Path) -> None:
    """Data tables of other things, of plans without a plan-name column or without content keep label：value."""
    lines = read(
        tmp_path,
        "<main><table><tr><th>事業名</th><th>予算額</th><th>担当課</th></tr>"
        "<tr><td>産学連携推進事業</td><td>100万円</td><td>商工課</td></tr></table>"
        "<table><tr><th>区市町村名</th><th>計画期間</th></tr>"
        "<tr><td>青梅市</td><td>令和6年度～令和8年度</td></tr></table>"
        "<table><caption>対象団体一覧</caption><tr><th>区市町村名</th><th>計画名</th><th>計画期間</th></tr>"
        "<tr><td>檜原村</td><td>檜原村地域産業活性化計画</td><td>令和元年度～令和3年度</td></tr></table></main>",
    )
    assert kept(lines) == [
        "事業名：産学連携推進事業",
        "予算額：100万円",
        "担当課：商工課",
        "区市町村名：青梅市",
        "計画期間：令和6年度～令和8年度",
        "対象団体一覧",  # a press release's list of approved plans: read from its labels
        "区市町村名：檜原村",
        "計画名：檜原村地域産業活性化計画",
        "計画期間：令和元年度～令和3年度",
    ]
    assert all(ln.role is None for ln in lines)


def test_table_of_plans_warnings(tmp_path: Path) -> None:
    lines, issues = read_with_issues(
        tmp_path,
        f"<main><table>{PLAN_HEAD}<th>備考</th></tr>"
        "<tr><td>青梅市</td><td>青梅市地域産業活性化計画</td><td>令和6年度～令和8年度</td>"
        "<td>(3)その他</td><td>C事業</td><td>継続</td></tr>"
        "<tr><td>福生市</td><td></td><td>令和6年度～令和8年度</td><td>(3)その他</td><td>D事業</td><td></td></tr>"
        "</table></main>",
    )
    reasons = dropped(lines)
    assert reasons["継続"] == "table_unlabelled_column" and reasons["福生市"] == "table_no_plan_name"
    assert reasons["D事業"] == "table_no_plan_name"
    assert "D事業" not in kept(lines)
    codes = {i.code: i for i in issues}
    assert set(codes) == {"html_table_unlabelled_column", "html_table_no_plan_name"}
    unlabelled = codes["html_table_unlabelled_column"]
    assert "p.html" in unlabelled.message and "column 6" in unlabelled.message and "備考" in unlabelled.message
    assert unlabelled.location.startswith("line ") and "table" in unlabelled.location
    assert "'福生市'" in codes["html_table_no_plan_name"].message


def test_table_of_plans_with_an_image_is_reported_and_read_as_before(tmp_path: Path) -> None:
    lines, issues = read_with_issues(
        tmp_path,
        f"<main><table>{PLAN_HEAD}</tr>"
        '<tr><td>青梅市</td><td>青梅市地域産業活性化計画<img src="logo.png" alt="ロゴ"></td>'
        "<td>令和6年度～令和8年度</td><td>(3)その他</td><td>C事業</td></tr></table></main>",
    )
    assert "計画名：青梅市地域産業活性化計画" in kept(lines)
    assert [i.code for i in issues] == ["html_table_unread"]
    assert "an image" in issues[0].message and "p.html" in issues[0].message


# -- main content and chrome ------------------------------------------------------------------
def test_article_header_is_content_site_header_is_not(tmp_path: Path) -> None:
    lines = read(
        tmp_path,
        "<header><p>東京都</p></header><nav><ul><li>トップ</li></ul></nav>"
        "<main><article><header><h1>計画の概要</h1></header><p>本文。</p>"
        "<p class=pagetop><a href=#top>ページの先頭へ戻る</a></p></article></main>"
        "<aside>関連リンク</aside><footer>Copyright</footer>",
    )
    assert kept(lines) == ["計画の概要", "本文。"]
    reasons = dropped(lines)
    assert reasons["東京都"] == "html_header" and reasons["トップ"] == "html_navigation"
    assert reasons["ページの先頭へ戻る"] == "html_skip_link" and reasons["Copyright"] == "html_footer"
    assert reasons["関連リンク"] == "html_aside"


def test_page_wrapped_in_one_form_keeps_its_content(tmp_path: Path) -> None:
    body = (
        '<form id="form1"><div id="header">サイト名</div><div id="contents"><h1>計画</h1>'
        + "<p>承認した計画の本文です。</p>" * 5
        + '<div class="enquete"><form><input type=radio>役に立った<button>送信</button></form></div>'
        + '</div><div id="footer">フッター</div></form>'
    )
    lines = read(tmp_path, body)
    assert kept(lines)[:2] == ["計画", "承認した計画の本文です。"]
    assert dropped(lines)["送信"] == "html_form" and dropped(lines)["フッター"] == "html_footer"


def test_hidden_and_outside_main(tmp_path: Path) -> None:
    lines = read(tmp_path, '<div class="banner-area">広告</div><div role=main><p>本文</p><p hidden>非表示</p></div>')
    assert kept(lines) == ["本文"]
    assert dropped(lines)["非表示"] == "html_hidden" and dropped(lines)["広告"] in ("html_aside", "html_outside_main")


def test_every_text_node_is_in_one_line(html_pages: dict[str, Path]) -> None:
    """Nothing is lost: the characters of the page's text nodes are exactly those of its lines.

    (Script lines are cut, so the pages' scripts are short; alt texts are attributes.)
    """
    from make_pages import GOOD

    for name in [*GOOD, "press_release"]:
        data = html_pages[name].read_bytes()
        result = read_html(html_pages[name], name)
        dom = parse(decode_html(data).text)
        in_nodes = Counter(c for n in dom.nodes if n.tag == TEXT for c in n.text if not c.isspace())
        labels = {ln.text for ln in result.lines if ln.drop_reason == "html_table_header"}
        texts = [_unlabelled(ln.text, labels) for ln in result.lines if ln.drop_reason != "html_alt_text"]
        in_lines = Counter(c for t in texts for c in t if not c.isspace())
        assert in_lines == in_nodes, name


def _unlabelled(text: str, labels: set[str]) -> str:
    """A data cell's line without its label (the header's text, counted in the header's line)."""
    label, mark, value = text.partition("：")
    return value if mark and label in labels else text


def test_deep_nesting_needs_no_recursion(tmp_path: Path) -> None:
    lines = read(tmp_path, "<div>" * 20_000 + "<p>深い本文</p>" + "</div>" * 20_000)
    assert kept(lines) == ["深い本文"]
    assert sys.getrecursionlimit() < 20_000
    (line,) = [ln for ln in lines if ln.text == "深い本文"]
    assert line.element is not None and "levels" in line.element and len(line.element) < 400


# -- whole pages ------------------------------------------------------------------------------
def test_press_release_reads_into_clean_lines(html_pages: dict[str, Path]) -> None:
    """The 2017 press release (no plans): its content lines are those of its text edition."""
    from page_blocks import PRESS_RELEASE

    lines = read_html(html_pages["press_release"], "press_release.html").lines
    text = [ln.strip().lstrip("• ").strip() for ln in PRESS_RELEASE.read_text(encoding="utf-8").split("\n")]
    expected = [t for t in text[4:] if t and t != "図"]  # breadcrumbs and "ここから本文です。" are chrome
    # the title's two lines are one heading with <br>: two lines, as in the text edition
    assert [" ".join(t.split()) for t in kept(lines)] == [" ".join(t.split()) for t in expected]
    reasons = dropped(lines)
    assert reasons["ここから本文です。"] == "html_skip_link" and reasons["図"] == "html_alt_text"
    assert any(r == "html_breadcrumb" for r in reasons.values())


def test_script_only_and_too_complex_pages(tmp_path: Path) -> None:
    with pytest.raises(HtmlNoTextError, match="JavaScript"):
        read(tmp_path, "<div id=app></div><script>" + "render();" * 1000 + "</script>", name="spa.html")
    path = tmp_path / "list.html"
    path.write_bytes(b"<html><body><ul>" + b"<li>x</li>" * 120_000 + b"</ul></body></html>")
    with pytest.raises(HtmlTooComplexError) as exc:
        read_html(path, "list.html")
    assert exc.value.path == "list.html"


def test_format_detection(tmp_path: Path) -> None:
    saved = tmp_path / "page.txt"
    saved.write_text("\n<!DOCTYPE html><html><body><p>x</p></body></html>", encoding="utf-8")
    text = tmp_path / "notes.txt"
    text.write_text("<p>は本文の記号です", encoding="utf-8")
    old = tmp_path / "old.HTM"
    old.write_bytes("<P>計画</P>".encode("cp932"))
    assert detect_format(saved) is Format.HTML and detect_format(text) is Format.TEXT
    assert detect_format(old) is Format.HTML


def test_missing_parser_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "selectolax.lexbor", None)
    path = tmp_path / "p.html"
    path.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    with pytest.raises(HtmlParserMissingError, match=r"\[html\]"):
        read_document(path, "p.html")


def test_documents_format_domain_lists_every_reader() -> None:
    from pipeline.output.schema import FORMATS

    assert set(FORMATS) == {str(f) for f in Format}
