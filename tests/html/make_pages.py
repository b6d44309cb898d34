"""Make the HTML test pages: the real announcement in several site templates and markups.

The pages are not committed: the tests build them once per session into a temporary
folder (a session fixture in ``tests/conftest.py``).  To look at them, run
``python tests/html/make_pages.py OUT_DIR`` and open the files in a browser.

Good pages (``GOOD``) hold the announcement's content (``page_blocks.py``) inside site
chrome, each built differently, and must give the same dataset as the text:

* ``cms``: a typical Japanese municipal CMS template (``tmp_*`` ids: header, skip link,
  global navigation, breadcrumbs, side menu, "ページの先頭へ戻る", enquiry box, footer),
  photos as an image paragraph with a caption paragraph under it, ``&nbsp;`` paragraphs;
* ``html5``: ``header``/``nav``/``main``/``aside``/``footer``, ``figure``/``figcaption``,
  heading text inside ``span``/``a``/``strong``, ``<br>`` inside sentences, entities;
* ``div_ids``: only ``div`` ids and classes (``#header``, ``#gnav``, ``#topicpath``,
  ``#mainContents``, ``#sidebar``, ``#footer``), photos in a layout table (a row of
  images, then a row of captions);
* ``sjis_crlf``: Shift_JIS declared only by ``<meta http-equiv="Content-Type">``, CRLF
  line ends, upper-case tags, the whole page in a layout table, captions after ``<BR>``
  in the image's paragraph, source line breaks inside paragraphs;
* ``aria``: landmarks given only by ``role`` attributes;
* ``density``: no landmark and no known container name: the content is found by text
  density;
* ``data_table``: each plan's period in a two-column table (計画期間 | 令和…).

``press_release`` is a press-release page: it must read into clean lines and give the release's announcement.
``BAD`` pages must each be reported with the given code; see :func:`make_bad`.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from page_blocks import PRESS_RELEASE, Block, municipality, real_blocks

SITE = "東京都産業労働局"
TITLE = "承認した地域産業活性化計画の概要"
NAV = ("トップページ", "都政情報", "報道発表", "産業振興", "雇用・就業", "くらし・環境", "観光")
SIDE = ("産業集積活性化支援事業", "地域産業活性化計画の承認", "区市町村の取組事例", "お問い合わせ")
CRUMBS = ("トップページ", "産業振興", "地域産業の活性化", TITLE)
FOOTER = ("サイトポリシー", "個人情報保護方針", "アクセシビリティ", f"Copyright © {SITE}. All rights reserved.")
SCRIPT = "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());"
STYLE = "body{font-family:sans-serif}#tmp_contents h3{border-bottom:1px solid #ccc}"

#: name: expected warning codes (besides the announcement's own ocr_suspect)
GOOD: dict[str, set[str]] = {
    "cms": set(),
    "html5": set(),
    "div_ids": set(),
    "sjis_crlf": set(),
    "aria": set(),
    "density": set(),
    "data_table": set(),
}
#: name: (expected code, the document fails)
BAD: dict[str, tuple[str, bool]] = {
    "truncated": ("html_truncated", False),
    "not_found": ("no_plans", True),
    "script_only": ("html_no_text", True),
    "huge": ("html_large_page", False),
    "nested_tables": ("html_deep_nesting", False),
    "dense": ("html_too_complex", True),
    # not a bad page: the press release, saved with its site chrome, is read as a release
    "press_release": ("", False),
    "eucjp_undeclared": ("html_charset_undeclared", False),
}
#: Size of the large page (bytes): a big inline script and an inline image around the content.
HUGE_BYTES = 20 * 2**20
NESTING = 1000


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def links(items: tuple[str, ...], cls: str = "") -> str:
    lis = "".join(f'<li><a href="/p{i}.html">{esc(t)}</a></li>' for i, t in enumerate(items))
    return f'<ul class="{cls}">{lis}</ul>' if cls else f"<ul>{lis}</ul>"


def crumbs(sep: str = " &gt; ") -> str:
    return sep.join(f'<a href="/c{i}.html">{esc(t)}</a>' for i, t in enumerate(CRUMBS[:-1])) + sep + esc(CRUMBS[-1])


def wrap_br(text: str, at: int = 30) -> str:
    """Insert ``<br>`` inside a sentence, between two Japanese letters (a wrapped line).

    >>> wrap_br("あいうえおかきくけこ", 4)
    'あいうえ<br>\\nおかきくけこ'
    """
    for i in range(at, len(text) - 1):
        a, b = text[i - 1], text[i]
        if _kana_or_kanji(a) and _kana_or_kanji(b):
            return f"{esc(text[:i])}<br>\n{esc(text[i:])}"
    return esc(text)


def wrap_source(text: str, every: int = 40, newline: str = "\n") -> str:
    """Break the source line inside a paragraph between Japanese letters (no visible break)."""
    out, last = [], 0
    for i in range(every, len(text) - 1, every):
        j = next((k for k in range(i, len(text) - 1) if _kana_or_kanji(text[k - 1]) and _kana_or_kanji(text[k])), 0)
        if j > last:
            out.append(esc(text[last:j]))
            last = j
    out.append(esc(text[last:]))
    return newline.join(out)


def _kana_or_kanji(ch: str) -> bool:
    return "\u3041" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff"


def alt_of(plan: Block | None, n: int) -> str:
    return f"{municipality(plan) if plan else ''}の取組の写真{n}"


# -- content renderers --------------------------------------------------------------------
Heading = Callable[[str, int], str]


def plain_heading(text: str, level: int) -> str:
    return f"<h{level}>{esc(text)}</h{level}>"


def span_heading(text: str, level: int) -> str:
    """Heading text inside span/a/strong, 「 as a numeric character reference."""
    inner = esc(text).replace("「", "&#12300;", 1)
    if level == 3:
        return f'<h3 class="ttl"><span class="bg"><a id="plan-{sum(map(ord, text)) % 997}">{inner}</a></span></h3>'
    return f'<h{level}><strong><span class="n">{inner[:3]}</span>{inner[3:]}</strong></h{level}>'


def render_content(
    blocks: list[Block],
    *,
    heading: Heading = plain_heading,
    photos: str = "p",
    period: str = "p",
    para: Callable[[str], str] = esc,
    tags: Callable[[str], str] = str,
) -> str:
    """The announcement's blocks as HTML (``photos``: p, figure, table or br; ``period``: p or table)."""
    out: list[str] = []
    plan: Block | None = None
    group: list[str] = []
    n = 0

    def flush() -> None:
        if group:
            out.append(render_photos(group, plan, photos, n - len(group)))
            group.clear()

    for b in blocks:
        if b.kind == "photo":
            group.append(b.text)
            n += 1
            continue
        flush()
        if b.kind == "title":
            out.append(heading(b.text, 2))
        elif b.kind == "plan":
            plan, n = b, 0
            out.append(heading(b.text, 3) if b.marked or not b.period else _plain_plan(b))
            if b.marked and b.period:
                out.append(f"<p>{esc(b.period)}</p>")
        elif b.kind == "period":
            out.append(_period(b.text, period))
        elif b.kind == "category":
            out.append(heading(b.text, 4) if b.marked else f"<p><strong>{esc(b.text)}</strong></p>")
        elif b.kind == "space":
            out.append("<p>&nbsp;</p>")
        else:
            out.append(f"<p>{para(b.text)}</p>")
    flush()
    return tags("\n".join(out))


def _plain_plan(b: Block) -> str:
    """A heading line that the text shows without marks: a bold paragraph, period after it."""
    return f"<p><strong>{esc(b.text)}</strong>　{esc(b.period)}</p>".replace("　", " ", 1)


def _period(text: str, style: str) -> str:
    if style == "table":
        value = text.removeprefix("【計画期間：").removesuffix("】")
        return f'<table class="datatable"><tr><th scope="row">計画期間</th><td>{esc(value)}</td></tr></table>'
    return f"<p>{esc(text)}</p>"


def render_photos(captions: list[str], plan: Block | None, style: str, first: int) -> str:
    imgs = [
        f'<img src="img/photo{first + i + 1}.jpg" alt="{esc(alt_of(plan, first + i + 1))}" width="240">'
        for i in range(len(captions))
    ]
    if style == "figure":
        return "\n".join(
            f"<figure>{img}<figcaption>{esc(c)}</figcaption></figure>" if c else f"<figure>{img}</figure>"
            for img, c in zip(imgs, captions, strict=True)
        )
    if style == "table":
        row1 = "".join(f"<td>{img}</td>" for img in imgs)
        row2 = "".join(f"<td>{esc(c)}</td>" for c in captions)
        return f'<table class="photo"><tr>{row1}</tr><tr>{row2}</tr></table>'
    if style == "br":
        return "\n".join(f"<p>{img}<br>{esc(c)}</p>" for img, c in zip(imgs, captions, strict=True))
    return "\n".join(
        f'<p class="img">{img}</p>' + (f'\n<p class="caption">{esc(c)}</p>' if c else "")
        for img, c in zip(imgs, captions, strict=True)
    )


# -- site templates -----------------------------------------------------------------------
def head(charset: str = '<meta charset="UTF-8">') -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="ja">\n<head>\n{charset}\n<title>{TITLE}｜{SITE}</title>\n'
        f"<style>{STYLE}</style>\n<script>{SCRIPT}</script>\n</head>\n"
    )


def cms_page(content: str, heading: str = f"<h1>{TITLE}</h1>", charset: str = '<meta charset="UTF-8">') -> str:
    """A template like those of Japanese municipal CMSs (``tmp_*`` ids)."""
    return (
        head(charset)
        + '<body>\n<div id="tmp_wrapper">\n<noscript><p>JavaScriptが無効のため、一部の機能が使えません。</p></noscript>\n'
        + '<p class="skip"><a href="#tmp_honbun">本文へスキップします。</a></p>\n'
        + f'<div id="tmp_header"><p id="tmp_logo"><a href="/">{SITE}</a></p>\n'
        + '<div id="tmp_search"><form action="/search"><label for="q">サイト内検索</label>'
        + '<input id="q" name="q"><button type="submit">検索</button></form></div></div>\n'
        + f'<div id="tmp_gnavi">{links(NAV)}</div>\n'
        + f'<div id="tmp_pankuzu"><p>{crumbs()}</p></div>\n'
        + '<div id="tmp_wrap_main"><div id="tmp_main">\n<p id="tmp_honbun" class="skip">ここから本文です。</p>\n'
        + f'<div id="tmp_contents">\n{heading}\n{content}\n</div>\n'
        + '<div id="tmp_inquiry"><h2>このページに関するお問い合わせ</h2><p>産業労働局商工部地域産業振興課<br>'
        + "電話：03-5320-0000</p></div>\n"
        + '<div id="tmp_plugin"><p>PDF形式のファイルをご覧いただく場合には、Adobe Readerが必要です。</p></div>\n'
        + f'</div>\n<div id="tmp_lnavi"><h2>地域産業の活性化</h2>{links(SIDE)}</div></div>\n'
        + '<div class="pagetop"><a href="#tmp_wrapper">ページの先頭へ戻る</a></div>\n'
        + f'<div id="tmp_footer">{links(FOOTER[:3])}<p>{esc(FOOTER[3])}</p></div>\n'
        + f"</div>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def html5_page(content: str) -> str:
    return (
        head()
        + '<body>\n<a class="skip-link" href="#main">メインコンテンツへ移動</a>\n'
        + f'<header class="site-header"><p class="logo">{SITE}</p>'
        + '<search><form><input name="q" placeholder="キーワードを入力"><button>検索</button></form></search>'
        + f"<nav>{links(NAV)}</nav></header>\n"
        + f'<nav aria-label="パンくずリスト"><ol>{"".join(f"<li>{esc(c)}</li>" for c in CRUMBS)}</ol></nav>\n'
        + f'<main id="main">\n<article>\n<header><h1>{TITLE}</h1><p><time datetime="2023-05-01">'
        + "2023年5月1日</time></p></header>\n"
        + f"{content}\n</article>\n</main>\n<aside><h2>関連情報</h2>{links(SIDE)}</aside>\n"
        + f'<footer><p><a href="#top">ページトップへ</a></p>{links(FOOTER[:3])}<p><small>{esc(FOOTER[3])}'
        + "</small></p></footer>\n</body>\n</html>\n"
    )


def div_ids_page(content: str) -> str:
    return (
        head('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">')
        + '<body>\n<div id="wrapper">\n<div id="header"><div class="siteName">'
        + f'{SITE}</div><div class="headerLinks"><a href="/en/">English</a> | <a href="/sitemap">サイトマップ</a></div></div>\n'
        + f'<div id="gnav">{links(NAV)}</div>\n'
        + f'<div id="topicpath">{crumbs(" ＞ ")}</div>\n'
        + f'<div id="contents"><div id="mainContents">\n<h1>{TITLE}</h1>\n{content}\n'
        + '<p class="pageTop"><a href="#wrapper">ページの先頭へ</a></p>\n</div>\n'
        + f'<div id="sidebar"><h2>メニュー</h2>{links(SIDE)}</div></div>\n'
        + f'<div id="footer"><address>{SITE}　〒163-8001 新宿区西新宿2-8-1</address><p>{esc(FOOTER[3])}</p></div>\n'
        + "</div>\n</body>\n</html>\n"
    )


def sjis_page(content: str) -> str:
    nav = "<BR>\r\n".join(f'<A HREF="/m{i}.html">{esc(t)}</A>' for i, t in enumerate(SIDE))
    page = (
        '<HTML>\r\n<HEAD>\r\n<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=Shift_JIS">\r\n'
        + f'<TITLE>{TITLE}</TITLE>\r\n</HEAD>\r\n<BODY BGCOLOR="#FFFFFF">\r\n'
        + f'<TABLE WIDTH="100%" BORDER="0"><TR><TD COLSPAN="2"><FONT SIZE="+2">{SITE}</FONT><BR>'
        + f"{' | '.join(esc(n) for n in NAV)}</TD></TR>\r\n"
        + f'<TR><TD WIDTH="160" VALIGN="top" BGCOLOR="#EEEEEE">{nav}</TD>\r\n<TD VALIGN="top">\r\n'
        + f"<H1>{TITLE}</H1>\r\n{content}\r\n</TD></TR>\r\n"
        + f'<TR><TD COLSPAN="2" ALIGN="center"><HR><FONT SIZE="-1">{esc(FOOTER[3]).replace("©", "(C)")}</FONT></TD></TR></TABLE>\r\n'
        + "</BODY>\r\n</HTML>\r\n"
    )
    return page.replace("\r\n", "\n").replace("\n", "\r\n")


def aria_page(content: str) -> str:
    return (
        head()
        + f'<body>\n<div role="banner"><div class="logo">{SITE}</div>'
        + '<div role="search"><form><input name="q"><input type="submit" value="検索"></form></div></div>\n'
        + f'<div role="navigation" aria-label="グローバルメニュー">{links(NAV)}</div>\n'
        + f'<div class="layout"><div role="main" class="honbun">\n<h1>{TITLE}</h1>\n{content}\n</div>\n'
        + f'<div role="complementary">{links(SIDE)}</div></div>\n'
        + f'<div role="contentinfo"><p>{esc(FOOTER[3])}</p></div>\n</body>\n</html>\n'
    )


def density_page(content: str) -> str:
    many = NAV * 4
    return (
        head()
        + f'<body>\n<div class="x-a1"><div class="x-a2">{SITE}</div>{links(many)}</div>\n'
        + f'<div class="x-b1"><div class="x-b2">\n<h1>{TITLE}</h1>\n{content}\n</div>\n'
        + f'<div class="x-b3">{links(SIDE * 3)}</div></div>\n'
        + f'<div class="x-c1">{links(FOOTER[:3])}<p>{esc(FOOTER[3])}</p></div>\n</body>\n</html>\n'
    )


def good_pages() -> dict[str, bytes]:
    """name -> page bytes, for every name of ``GOOD``."""
    blocks = real_blocks()
    return {
        "cms": cms_page(render_content(blocks)).encode(),
        "html5": html5_page(render_content(blocks, heading=span_heading, photos="figure", para=wrap_br)).encode(),
        "div_ids": div_ids_page(render_content(blocks, photos="table")).encode(),
        "sjis_crlf": sjis_page(
            render_content(blocks, photos="br", para=lambda s: wrap_source(s, newline="\r\n"), tags=_upper_tags)
        ).encode("cp932"),
        "aria": aria_page(render_content(blocks, photos="figure")).encode(),
        "density": density_page(render_content(blocks)).encode(),
        "data_table": html5_page(render_content(blocks, period="table")).encode(),
    }


def _upper_tags(markup: str) -> str:
    for tag in ("p", "strong", "h2", "h3", "h4", "img", "br"):
        markup = markup.replace(f"<{tag}", f"<{tag.upper()}").replace(f"</{tag}>", f"</{tag.upper()}>")
    return markup


def press_release_page() -> bytes:
    """The 2017 press release (its text rendering in shared examples) as a CMS page.

    The breadcrumbs and "ここから本文です。" of the text are the template's; bullets become a
    list, "図" an image whose alt text it is.
    """
    lines = [ln.strip() for ln in PRESS_RELEASE.read_text(encoding="utf-8").split("\n")]
    body = [ln for ln in lines[4:] if ln]
    heading = f'<p class="date">{esc(body[0])}</p>\n<h1>{esc(body[1])}<br>{esc(body[2])}</h1>'
    out: list[str] = []
    items: list[str] = []
    for ln in body[3:]:
        if ln.startswith("•"):
            items.append(esc(ln.lstrip("• ")))
            continue
        if ln.startswith("(") and items:
            items[-1] += f"<br>{esc(ln)}"
            continue
        if items:
            out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
            items = []
        if ln == "図":
            out.append('<p class="img"><img src="zu.png" alt="図"></p>')
        elif ln.endswith("概要") or ln == "補助内容":
            out.append(f"<h2>{esc(ln)}</h2>")
        else:
            out.append(f"<p>{esc(ln)}</p>")
    if items:
        out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
    return cms_page("\n".join(out), heading).encode()


def not_found_page() -> bytes:
    content = '<p>お探しのページは、移動または削除された可能性があります。</p><p><a href="/">トップページへ戻る</a></p>'
    return cms_page(content, "<h1>ページが見つかりません（404 Not Found）</h1>").encode()


def script_only_page() -> bytes:
    """A page built by JavaScript: an empty mount point and 300 KB of script."""
    app = "(function(){var d=" + "[" + ",".join(f'{{"id":{i},"t":"{TITLE}"}}' for i in range(6000)) + "];})();"
    return (
        f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>{TITLE}</title>'
        f'<script>{app}</script></head><body><div id="app"></div>'
        "<noscript>このページを表示するにはJavaScriptを有効にしてください。</noscript>"
        f"<script>{SCRIPT}</script></body></html>"
    ).encode()


def huge_page(content: str, size: int = HUGE_BYTES) -> bytes:
    """The announcement with an inline data script and an inline image: ``size`` bytes or more."""
    half = size // 2
    data = "window.__DATA__=" + '"' + "a1b2c3d4" * (half // 8) + '";'
    image = "data:image/jpeg;base64," + "QUJD" * (half // 4)
    page = cms_page(f'{content}\n<p class="img"><img src="{image}" alt="地図"></p>\n<script>{data}</script>')
    return page.encode()


def nested_tables_page(content: str, depth: int = NESTING) -> bytes:
    """The announcement inside ``depth`` nested single-cell tables."""
    return cms_page("<table><tr><td>" * depth + content + "</td></tr></table>" * depth).encode()


def dense_page(size: int = HUGE_BYTES) -> bytes:
    """``size`` bytes of small elements: a list of a million links."""
    item = '<li><a href="/list/0001.html">地域産業活性化計画の一覧</a></li>\n'.encode()
    return b"<!DOCTYPE html><html><body><ul>" + item * (size // len(item)) + b"</ul></body></html>"


def euc_jp_page(content: str) -> bytes:
    """EUC-JP without any declaration (～ is written as its EUC-JP code A1C1, as Windows tools do)."""
    page = cms_page(content, charset="").replace("©", "(C)")
    return page.replace("～", "〜").encode("euc_jp")


def make_good(out_dir: Path) -> dict[str, Path]:
    """Write every good page; return name -> path."""
    out = {}
    for name, data in good_pages().items():
        out[name] = out_dir / f"{name}.html"
        out[name].write_bytes(data)
    return out


#: Start year (令和) of the plans of each bad page that still holds plans, so that a raw
#: folder of them and the real announcement (令和5年度) has no plan id twice.
SHIFT = {"truncated": 6, "huge": 7, "nested_tables": 8, "eucjp_undeclared": 9}


def shifted_content(start_reiwa: int) -> str:
    """The announcement's content with every period moved to start in 令和<start_reiwa>年度."""
    period = f"令和{start_reiwa}年度～令和{start_reiwa + 2}年度"
    return render_content(real_blocks()).replace("令和5年度～令和7年度", period)


def make_bad(out_dir: Path) -> dict[str, Path]:
    """Write every bad page (and the press release); return name -> path."""
    cms = cms_page(shifted_content(SHIFT["truncated"])).encode()
    pages = {
        "truncated": cms[: len(cms) * 55 // 100],
        "not_found": not_found_page(),
        "script_only": script_only_page(),
        "huge": huge_page(shifted_content(SHIFT["huge"])),
        "nested_tables": nested_tables_page(shifted_content(SHIFT["nested_tables"])),
        "eucjp_undeclared": euc_jp_page(shifted_content(SHIFT["eucjp_undeclared"])),
        "press_release": press_release_page(),
        "dense": dense_page(),
    }
    out = {}
    for name, data in pages.items():
        out[name] = out_dir / f"{name}.html"
        out[name].write_bytes(data)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "html-pages")
    target.mkdir(parents=True, exist_ok=True)
    for name, path in {**make_good(target), **make_bad(target)}.items():
        print(f"{name:18} {path.stat().st_size:>10,} {path}")
