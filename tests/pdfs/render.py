"""Render an announcement text to PDF the way office software exports it.

Used by the PDF tests (``tests/pdfs/make_fixtures.py``) and by the benchmark, so it
is fast (one canvas, no platypus), deterministic (reportlab ``invariant=1``: no
timestamp or random id in the bytes) and needs only PyPI packages: reportlab and
the IPAexGothic TrueType font shipped by ``matplotlib-fontja`` (located through the
package metadata, so matplotlib itself need not be installed).

The text is read as the published web text is written: ``#`` marks give heading
levels (``##`` title, ``###`` plan heading, ``####`` category heading); without
marks a line ``「…計画」…`` is a plan heading, ``(n)…`` a category heading,
``【…】`` first of all the title; after a plan's overview paragraph and before its
first category heading, a short line without 。 is a photo caption and gets a
figure (a filled grey rectangle) with the caption under it in a smaller font.
Every other non-blank line is a paragraph.  Blank lines are dropped.

Lines are wrapped like Word does for Japanese: by character, with a run of Latin
letters and digits kept whole, closing punctuation hung in the margin, and the
space at a wrap kept at the end of the line.

Layouts (``layout=``):

``single``      one column, embedded TrueType font, figures under the overview;
``cid``         as ``single`` with the non-embedded CID font HeiseiKakuGo-W5;
``figures``     figures and their captions to the right of the overview paragraph;
``two_column``  everything in two columns;
``headers``     ``single`` with a running header and ``- n -`` page numbers;
``page_break``  ``headers`` with a page break forced inside every overview paragraph;
``table``       a ruled table, one row per initiative (``render_tables.py``, its options).

Options: ``font_size`` (body, pt), ``header`` (running header text), ``heading_size``
(``"body"``: category headings in the body size, told apart by their marker only),
``column_end_before_headings`` (end the column after every paragraph a category heading
follows: the heading opens the next column), ``italic_headings`` (category headings in a
synthetic italic: a sheared text matrix),
``page_number_format`` (e.g. ``"- {n} -"``, ``"{n}/{total}"``), ``kangxi`` (map 日 月 力
… to Kangxi-radical code points, as some Word exports do), ``compress`` (page
compression, default on), ``encrypt_password`` (user password), ``scan`` (draw
each page as an image only: no text layer).

:func:`render_sideways_pdf` lays each page of a rendering sideways on a landscape sheet
without a ``/Rotate`` entry (a portrait attachment pasted turned into a landscape
document): all its text is turned by 90 degrees.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

TTF_FONT = "IPAexGothic"
CID_FONT = "HeiseiKakuGo-W5"
FONT_PACKAGE = "matplotlib-fontja"
FONT_FILE = "matplotlib_fontja/fonts/ipaexg.ttf"
PAGE_W, PAGE_H = A4
MARGIN_X = 56.0
MARGIN_TOP = 72.0
MARGIN_BOTTOM = 72.0
LEADING = 1.6  # line pitch as a multiple of the font size
PARA_SPACE = 0.8  # extra space after a paragraph, in font sizes
COLUMN_GAP = 20.0
FIGURE_H = 60.0
FIGURE_W_RATIO = 0.4  # figure width / column width in the single layouts
SIDE_RATIO = 0.34  # width of the figure column in the ``figures`` layout
SIDE_GAP = 16.0
#: The slant of a synthetic italic (``italic_headings``): tan 12°, as office software draws it.
ITALIC_SHEAR = 0.2126
HEADER_Y = 40.0  # from the top
FOOTER_Y = 36.0  # from the bottom
#: Characters that may not start a line (kinsoku): hung at the end of the previous one.
NO_LINE_START = "、。，．）」』】〕！？・ー"
#: Kangxi radicals used by the ``kangxi`` option (common ideographs only).
KANGXI = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}
KANGXI_FROM = {v: k for k, v in KANGXI.items() if v in "日月力人大子工心手文方木水生田目行見言金長門"}
_LATIN = re.compile(r"[0-9A-Za-z\-]")
LAYOUTS = ("single", "cid", "figures", "two_column", "headers", "page_break", "table")


@cache
def font_path() -> Path:
    """The IPAexGothic .ttf of the ``matplotlib-fontja`` package, without importing it."""
    return Path(str(metadata.distribution(FONT_PACKAGE).locate_file(FONT_FILE)))


@cache
def _register(name: str) -> str:
    if name == CID_FONT:
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    else:
        pdfmetrics.registerFont(TTFont(TTF_FONT, str(font_path())))
    return name


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-level unit of the text."""

    kind: str  # title, plan, period, category, body, caption
    text: str


@dataclass(frozen=True, slots=True)
class Style:
    size: float
    space_before: float = 0.0


def parse_blocks(text: str) -> list[Block]:
    """Classify the non-blank lines of an announcement text (rules in the module docstring).

    >>> [b.kind for b in parse_blocks("## 【概要】\\n「A区地域産業活性化計画」（A区）\\n"
    ...                                "本文。\\n写真\\n(1)取組\\n事業")]
    ['title', 'plan', 'body', 'caption', 'category', 'body']
    """
    blocks: list[Block] = []
    state = "preamble"  # preamble, overview, after_summary, section
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        marks = len(line) - len(line.lstrip("#"))
        body = line.lstrip("#").strip()
        if marks == 2 or (not blocks and body.startswith("【")):
            kind = "title"
        elif marks == 3 or re.match(r"^「[^」]+計画」", body):
            kind, state = "plan", "overview"
        elif marks == 4 or re.match(r"^[(（][0-9０-９]+[)）]", body):
            kind, state = "category", "section"
        elif body.startswith("【計画期間"):
            kind = "period"
        elif state == "after_summary" and len(body) <= 40 and not body.endswith("。"):
            kind = "caption"
        else:
            kind = "body"
            if state == "overview":
                state = "after_summary"
        blocks.append(Block(kind, body))
    return blocks


STYLES = {
    "title": Style(14, 0),
    "plan": Style(12.5, 10),
    "period": Style(0, 2),
    "category": Style(11, 6),
    "body": Style(0, 0),
    "caption": Style(8, 0),
}


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (rules in the module docstring).

    >>> _register(TTF_FONT) and wrap("日本語の文章です。", TTF_FONT, 10, 40)
    ['日本語の', '文章です。']
    """
    tokens = re.findall(r"[0-9A-Za-z\-]+ ?|.", text)
    lines: list[str] = []
    cur = ""
    for tok in tokens:
        if pdfmetrics.stringWidth((cur + tok).rstrip(" "), font, size) <= width or not cur:
            cur += tok
        elif tok[0] in NO_LINE_START:
            cur += tok  # hang closing punctuation
        else:
            lines.append(cur)
            cur = tok
    if cur:
        lines.append(cur)
    return lines


@dataclass(slots=True)
class Writer:
    """Places lines on pages, column by column, with headers and page numbers."""

    c: canvas.Canvas
    font: str
    columns: list[tuple[float, float]]
    header: str | None = None
    number_format: str | None = None
    col: int = 0
    y: float = PAGE_H - MARGIN_TOP
    page: int = 1
    total: int = 0

    def new_column(self) -> None:
        if self.col + 1 < len(self.columns):
            self.col += 1
        else:
            self.finish_page()
            self.c.showPage()
            self.page += 1
            self.col = 0
        self.y = PAGE_H - MARGIN_TOP

    def finish_page(self) -> None:
        self.c.setFillGray(0)
        if self.header:
            self.c.setFont(self.font, 8)
            self.c.drawRightString(PAGE_W - MARGIN_X, PAGE_H - HEADER_Y, self.header)
        if self.number_format:
            self.c.setFont(self.font, 9)
            label = self.number_format.format(n=self.page, total=self.total or "?")
            self.c.drawCentredString(PAGE_W / 2, FOOTER_Y, label)

    @property
    def x(self) -> float:
        return self.columns[self.col][0]

    @property
    def width(self) -> float:
        return self.columns[self.col][1]

    def ensure(self, height: float) -> None:
        if self.y - height < MARGIN_BOTTOM:
            self.new_column()

    def text_lines(
        self, lines: list[str], size: float, x: float | None = None, break_after: int | None = None, shear: float = 0.0
    ) -> None:
        for i, line in enumerate(lines):
            if break_after is not None and i == break_after:
                self.new_column()
            self.ensure(size * LEADING)
            self.y -= size * LEADING
            self.c.setFont(self.font, size)
            self.c.setFillGray(0)
            left, base = self.x if x is None else x, self.y + size * (LEADING - 1) / 2
            if shear:  # a synthetic italic: the text matrix sheared, as Word slants a font without italics
                text = self.c.beginText()
                text.setTextTransform(1, 0, shear, 1, left, base)
                text.setFont(self.font, size)
                text.textOut(line)
                self.c.drawText(text)
            else:
                self.c.drawString(left, base, line)

    def figure(self, caption: str, x: float, width: float, fig_w: float) -> None:
        lines = wrap(caption, self.font, STYLES["caption"].size, fig_w)
        self.ensure(FIGURE_H + 6 + len(lines) * 8 * LEADING)
        self.c.setFillGray(0.8)
        self.c.rect(x, self.y - FIGURE_H - 4, fig_w, FIGURE_H, stroke=0, fill=1)
        self.y -= FIGURE_H + 6
        self.text_lines(lines, STYLES["caption"].size, x=x)
        self.y -= 8


def _kangxi(text: str) -> str:
    return "".join(KANGXI_FROM.get(ch, ch) for ch in text)


def render_pdf(text: str, out: Path, layout: str = "single", **options: object) -> Path:
    """Render an announcement text to a PDF at ``out``; see the module docstring.

    Args:
        text: the announcement (web text form).
        out: the PDF file to write.
        layout: one of :data:`LAYOUTS`.
        options: ``font_size``, ``header``, ``page_number_format``, ``kangxi``,
            ``compress``, ``encrypt_password``, ``scan``.

    Returns:
        ``out``.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    if options.get("scan"):
        return _render_scan(out)
    if layout == "table":  # a spreadsheet printed to PDF
        from .render_tables import render_table_pdf

        return render_table_pdf(text, out, **options)
    font = _register(CID_FONT if layout == "cid" else TTF_FONT)
    size = float(options.get("font_size", 10.5))  # type: ignore[arg-type]
    body_w = PAGE_W - 2 * MARGIN_X
    if layout == "two_column":
        col_w = (body_w - COLUMN_GAP) / 2
        columns = [(MARGIN_X, col_w), (MARGIN_X + col_w + COLUMN_GAP, col_w)]
    else:
        columns = [(MARGIN_X, body_w)]
    headed = layout in ("headers", "page_break")
    encrypt = None
    if options.get("encrypt_password"):
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(str(options["encrypt_password"]), canPrint=0)
    blocks = parse_blocks(_kangxi(text) if options.get("kangxi") else text)
    number_format = str(options.get("page_number_format", "- {n} -")) if headed else None
    header = str(options.get("header", "承認した地域産業活性化計画の概要")) if headed else None
    compress = bool(options.get("compress", True))

    flow = Flow(
        options.get("heading_size") == "body",
        bool(options.get("column_end_before_headings")),
        bool(options.get("italic_headings")),
    )

    def draw(total_pages: int) -> tuple[bytes, int]:
        return _draw(blocks, layout, font, size, columns, header, number_format, total_pages, encrypt, compress, flow)

    data, pages = draw(0)
    if number_format and "{total}" in number_format:  # the count is known after one pass
        data, _ = draw(pages)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


@dataclass(frozen=True, slots=True)
class Flow:
    """Options of the flow: category headings in the body size (told apart by their marker
    only), and a column ended after every paragraph that a category heading follows."""

    body_size_headings: bool = False
    column_end_before_headings: bool = False
    italic_headings: bool = False


def _draw(
    blocks: list[Block],
    layout: str,
    font: str,
    size: float,
    columns: list[tuple[float, float]],
    header: str | None,
    number_format: str | None,
    total: int,
    encrypt: object,
    compress: bool,
    flow: Flow | None = None,
) -> tuple[bytes, int]:
    flow = flow or Flow()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=int(compress), encrypt=encrypt)
    w = Writer(c, font, columns, header=header, number_format=number_format, total=total)
    i = 0
    while i < len(blocks):
        b = blocks[i]
        st = STYLES[b.kind]
        bsize = size if flow.body_size_headings and b.kind == "category" else st.size or size
        if b.kind == "body" and layout == "figures" and i + 1 < len(blocks) and blocks[i + 1].kind == "caption":
            j = i + 1
            while j < len(blocks) and blocks[j].kind == "caption":
                j += 1
            _side_by_side(w, b.text, [x.text for x in blocks[i + 1 : j]], bsize)
            i = j
            continue
        w.y -= st.space_before
        if b.kind == "caption":
            w.figure(b.text, w.x, w.width, w.width * (1 if layout == "two_column" else FIGURE_W_RATIO))
        else:
            lines = wrap(b.text, font, bsize, w.width)
            brk = (
                len(lines) // 2
                if (
                    layout == "page_break"
                    and b.kind == "body"
                    and len(lines) > 1
                    and blocks[i - 1].kind in ("plan", "period")
                )
                else None
            )
            shear = ITALIC_SHEAR if flow.italic_headings and b.kind == "category" else 0.0
            w.text_lines(lines, bsize, break_after=brk, shear=shear)
            w.y -= bsize * PARA_SPACE
            if (
                flow.column_end_before_headings
                and b.kind == "body"
                and blocks[i + 1 : i + 2][:1]
                and blocks[i + 1].kind == "category"
            ):
                w.new_column()
        i += 1
    w.finish_page()
    c.showPage()
    c.save()
    return buf.getvalue(), w.page


def _side_by_side(w: Writer, summary: str, captions: list[str], size: float) -> None:
    """The overview paragraph on the left, figures with captions stacked on the right."""
    side_w = w.width * SIDE_RATIO
    main_w = w.width - side_w - SIDE_GAP
    lines = wrap(summary, w.font, size, main_w)
    fig_h = sum(FIGURE_H + 14 + len(wrap(t, w.font, 8, side_w)) * 8 * LEADING for t in captions)
    w.ensure(max(len(lines) * size * LEADING, fig_h))
    top = w.y
    w.text_lines(lines, size)
    left_bottom = w.y
    w.y = top
    for cap in captions:
        w.figure(cap, w.x + main_w + SIDE_GAP, side_w, side_w)
    w.y = min(left_bottom, w.y) - size * PARA_SPACE


def render_sideways_pdf(text: str, out: Path, layout: str = "single") -> Path:
    """Render ``text`` in ``layout``, then draw each page turned 90° counter-clockwise on a
    landscape page (a form XObject, through pypdfium2): no ``/Rotate``, the text sideways."""
    import pypdfium2 as pdfium

    upright = render_pdf(text, out.with_suffix(".upright.tmp"), layout)
    src, dest = pdfium.PdfDocument(upright), pdfium.PdfDocument.new()
    try:
        for i in range(len(src)):
            form = src.page_as_xobject(i, dest).as_pageobject()
            form.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(PAGE_H, 0))
            page = dest.new_page(PAGE_H, PAGE_W)
            page.insert_obj(form)
            page.gen_content()
        dest.save(out)
    finally:
        dest.close()
        src.close()
        upright.unlink()
    return out


def _render_scan(out: Path) -> Path:
    """A page with an image only (a scan): no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (420, 594), 255)
    d = ImageDraw.Draw(img)
    for k in range(20):
        d.rectangle((40, 60 + k * 24, 380, 70 + k * 24), fill=40)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.drawImage(ImageReader(img), 0, 0, PAGE_W, PAGE_H)
    c.showPage()
    c.save()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buf.getvalue())
    return out
