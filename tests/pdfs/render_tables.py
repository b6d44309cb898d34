"""Render an announcement text as a spreadsheet printed to PDF: a ruled table of plans.

A government attachment (別紙) is often a spreadsheet: one row per plan or one row per
initiative, labels in a header row, text wrapped inside cells, plan cells merged over
the rows of their initiatives, the header row repeated on every page.  This renders the
real announcement that way with reportlab and IPAexGothic, deterministically
(``invariant=1``), drawing the grid the way office exports do: every cell's borders as
separate line segments, the header shaded.

Text is wrapped strictly inside a cell's padding, as a spreadsheet does (no punctuation
hung past the border: a closing mark that does not fit takes the character before it to
the next line).  A row that does not fit on the page breaks between rows when it can —
cells merged over those rows continue on the next page, their text too — and inside the
row otherwise (a word processor's "allow row to break across pages"): the cells' lines
continue on the next page, under the repeated header.

Options (:func:`render_table_pdf`): ``rows`` (``"initiatives"``: one row per initiative,
plan cells merged; ``"plans"``: one row per plan, its categories and texts in one cell;
``"programs"``: one row per program, its name in a 事業名 column, the initiative's text
before its list and its category merged over its programs' rows; ``"plan_pages"``: a
page per plan, its heading, period and overview as text above a table of its programs
with :data:`PLAN_PAGE_COLUMNS`, the initiative's text in a 概要 column),
``columns`` (label, field, width in points), ``rules`` (``"grid"`` or ``"horizontal"``:
horizontal rules only), ``header`` (``False``: no header row), ``page_numbers``,
``extra`` (a column without a known label, with this text in every row), and ``rotated``
(each landscape page stored as a portrait page with ``/Rotate 90``, its content turned to
read upright as displayed, as printer drivers write a landscape sheet).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from pipeline.extract.programs import LIST_CATEGORIES, final_group, split_items

from .render import NO_LINE_START, TTF_FONT, _register, parse_blocks

PAGE_W, PAGE_H = landscape(A4)
MARGIN_X = 36.0
MARGIN_TOP = 40.0
MARGIN_BOTTOM = 48.0
SIZE = 9.0  # cell text, pt
PITCH = SIZE * 1.4  # line pitch in cells
PAD = 4.0  # cell padding, each side
TITLE_SIZE = 13.0
HEADER_GRAY = 0.85
#: A row breaks inside itself only when at least this many lines fit on the page.
MIN_SPLIT_LINES = 2

#: (label, field, width): one row per initiative, the plan's cells merged over its rows.
INITIATIVE_COLUMNS = (
    ("区市町村名", "municipality", 62),
    ("計画名", "plan_name", 100),
    ("計画期間", "period", 70),
    ("計画の概要", "summary", 200),
    ("取組区分", "category", 118),
    ("取組内容", "content", 220),
)
#: One row per plan: the category headings and their texts in one cell.
PLAN_COLUMNS = (
    ("自治体名", "municipality", 62),
    ("計画の名称", "plan_name", 100),
    ("期間", "period", 70),
    ("概要", "summary", 220),
    ("主な取組", "content", 318),
)
#: One row per program: the initiative's category and text merged over its programs' rows.
PROGRAM_COLUMNS = (
    ("区市町村名", "municipality", 60),
    ("計画名", "plan_name", 95),
    ("計画期間", "period", 65),
    ("計画の概要", "summary", 170),
    ("取組区分", "category", 105),
    ("取組内容", "content", 160),
    ("事業名", "program", 115),
)
#: A plan's page: its programs under its heading, the initiative's text as their 概要.
PLAN_PAGE_COLUMNS = (
    ("取組区分", "category", 190),
    ("事業名", "program", 190),
    ("概要", "content", 390),
)
#: Horizontal rules only, with other labels.
HRULE_COLUMNS = (
    ("団体名", "municipality", 62),
    ("計画名称", "plan_name", 100),
    ("計画期間", "period", 70),
    ("概要", "summary", 200),
    ("区分", "category", 118),
    ("主な事業", "content", 220),
)


@dataclass(slots=True)
class Plan:
    """A plan of the announcement, as a spreadsheet holds it."""

    municipality: str
    plan_name: str
    period: str = ""
    summary: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)


_HEADING = re.compile(r"^「(?P<name>[^」]+)」（(?P<place>[^）]+)）\s*(?:【計画期間[:：](?P<period>[^】]+)】)?")


def parse_plans(text: str) -> list[Plan]:
    """The plans of an announcement text: heading, period, summary, (category, text) pairs.

    >>> [p.municipality for p in parse_plans("「A区地域産業活性化計画」（A区）\\n【計画期間：令和5年度】\\n本文。\\n(1)取組\\n事業")]
    ['A区']
    """
    plans: list[Plan] = []
    for b in parse_blocks(text):
        if b.kind == "plan" and (m := _HEADING.match(b.text)):
            plans.append(Plan(m["place"], m["name"], m["period"] or ""))
        elif not plans or b.kind in ("title", "caption"):
            continue
        elif b.kind == "period":
            plans[-1].period = b.text.split("：", 1)[1].rstrip("】")
        elif b.kind == "category":
            plans[-1].sections.append((b.text, ""))
        elif plans[-1].sections:
            heading, body = plans[-1].sections[-1]
            plans[-1].sections[-1] = (heading, body + b.text)
        elif not plans[-1].summary:
            plans[-1].summary = b.text
    return plans


def wrap_cell(text: str, width: float, size: float = SIZE) -> list[str]:
    """Break ``text`` (``\\n``: explicit breaks) into lines within ``width``, strictly (module docstring).

    >>> _register(TTF_FONT) and wrap_cell("日本語の文章です。", 36)
    ['日本語', 'の文章', 'です。']
    """
    lines: list[str] = []
    for para in text.split("\n"):
        cur: list[str] = []
        for tok in re.findall(r"[0-9A-Za-z\-]+ ?|.", para):
            if not cur or pdfmetrics.stringWidth("".join([*cur, tok]).rstrip(" "), TTF_FONT, size) <= width:
                cur.append(tok)
            elif tok[0] in NO_LINE_START and len(cur) > 1:
                lines.append("".join(cur[:-1]))  # the closing mark takes the character before it along
                cur = [cur[-1], tok]
            else:
                lines.append("".join(cur))
                cur = [tok]
        lines.append("".join(cur))
    return lines


@dataclass(slots=True)
class CellText:
    """A cell of a row group: its column, the rows it covers, its wrapped lines."""

    col: int
    row0: int
    row1: int
    lines: list[str]


@dataclass(slots=True)
class Group:
    """The rows of one plan: their heights (in lines) and cells."""

    heights: list[int]
    cells: list[CellText]

    @property
    def starts(self) -> list[int]:
        out = [0]
        for h in self.heights:
            out.append(out[-1] + h)
        return out


def _field_text(plan: Plan, name: str, row: int | None, extra: str) -> str:
    """The text of a field: of initiative ``row``, or of the whole plan (``None``)."""
    if name == "category" and row is not None:
        return plan.sections[row][0]
    if name == "content":
        return plan.sections[row][1] if row is not None else "\n".join(f"{h}\n{b}" for h, b in plan.sections)
    return extra if name == "extra" else str(getattr(plan, name))


def plan_group(plan: Plan, columns: list[tuple[str, str, float]], per_initiative: bool, extra: str) -> Group:
    """The cells of one plan, their lines wrapped, and the rows' heights."""
    n_rows = len(plan.sections) if per_initiative else 1
    row_fields = ("category", "content", "extra") if per_initiative else ()
    cells: list[CellText] = []
    for col, (_, name, width) in enumerate(columns):
        if name in row_fields:
            for r in range(n_rows):
                text = _field_text(plan, name, r, extra)
                cells.append(CellText(col, r, r + 1, wrap_cell(text, width - 2 * PAD)))
        else:
            text = _field_text(plan, name, None, extra)
            cells.append(CellText(col, 0, n_rows, wrap_cell(text, width - 2 * PAD)))
    heights = [max([len(c.lines) for c in cells if c.row0 == r and c.row1 == r + 1] or [1]) for r in range(n_rows)]
    merged = max(len(c.lines) for c in cells if c.row1 - c.row0 == n_rows)
    heights[-1] += max(0, merged - sum(heights))
    return Group(heights, cells)


def program_rows(plan: Plan) -> list[tuple[str, str, list[str]]]:
    """Per initiative: its heading, its text before the program list, and the program names.

    >>> program_rows(Plan("A区", "A区計画", sections=[("(1)X", "支援する（A事業、B会）"), ("(3)Z", "C事業、D事業")]))
    [('(1)X', '支援する', ['A事業', 'B会']), ('(3)Z', '', ['C事業', 'D事業'])]
    """
    out = []
    for k, (heading, body) in enumerate(plan.sections, start=1):
        group = final_group(body)
        if group is not None and (k not in LIST_CATEGORIES or "。" in body):
            out.append((heading, body[: group[0]], split_items(group[1])))
        else:
            out.append((heading, "", split_items(body)))
    return out


def program_group(plan: Plan, columns: list[tuple[str, str, float]]) -> Group:
    """The cells of one plan with one row per program; merged cells make their last row taller."""
    inits = program_rows(plan)
    spans, r = [], 0
    for _, _, names in inits:
        spans.append((r, r + max(1, len(names))))
        r = spans[-1][1]
    cells: list[CellText] = []
    for col, (_, name, width) in enumerate(columns):
        w = width - 2 * PAD
        for (heading, text, names), (r0, r1) in zip(inits, spans, strict=True):
            if name == "category":
                cells.append(CellText(col, r0, r1, wrap_cell(heading, w)))
            elif name == "content":
                cells.append(CellText(col, r0, r1, wrap_cell(text, w)))
            elif name == "program":
                cells += [CellText(col, r0 + k, r0 + k + 1, wrap_cell(n, w)) for k, n in enumerate(names)]
        if name not in ("category", "content", "program"):
            cells.append(CellText(col, 0, r, wrap_cell(_field_text(plan, name, None, ""), w)))
    heights = [max([len(c.lines) for c in cells if c.row0 == i and c.row1 == i + 1] or [1]) for i in range(r)]
    for c in sorted(cells, key=lambda c: c.row1 - c.row0):  # the narrowest merges first
        heights[c.row1 - 1] += max(0, len(c.lines) - sum(heights[c.row0 : c.row1]))
    return Group(heights, cells)


@dataclass(slots=True)
class Sheet:
    """Draws the table page by page."""

    c: canvas.Canvas
    columns: list[tuple[str, str, float]]
    grid: bool
    header: bool
    page_numbers: bool
    rotated: bool = False
    header_off: bool = False
    page: int = 1
    y: float = PAGE_H - MARGIN_TOP

    def begin_page(self) -> None:
        """Start drawing a page; a rotated sheet's portrait page is turned to landscape."""
        if self.rotated:
            self.c.setPageRotation(90)  # reportlab then writes the media box portrait
            self.c.transform(0, 1, -1, 0, PAGE_H, 0)

    def x(self, col: int) -> float:
        return MARGIN_X + sum(w for _, _, w in self.columns[:col])

    def edges(self, x0: float, top: float, x1: float, bottom: float, sides: bool) -> None:
        self.c.setLineWidth(0.5)
        self.c.line(x0, top, x1, top)
        self.c.line(x0, bottom, x1, bottom)
        if sides:
            self.c.line(x0, top, x0, bottom)
            self.c.line(x1, top, x1, bottom)

    def text(self, lines: list[str], x: float, top: float) -> None:
        self.c.setFont(TTF_FONT, SIZE)
        for k, line in enumerate(lines):
            self.c.drawString(x + PAD, top - (k + 1) * PITCH + (PITCH - SIZE) / 2 + 1.5, line)

    def header_row(self) -> None:
        if not self.header:
            return
        top, bottom = self.y, self.y - PITCH - 2 * PAD
        self.c.setFillGray(HEADER_GRAY)
        self.c.rect(MARGIN_X, bottom, self.x(len(self.columns)) - MARGIN_X, top - bottom, stroke=0, fill=1)
        self.c.setFillGray(0)
        for col, (label, _, _) in enumerate(self.columns):
            self.edges(self.x(col), top, self.x(col + 1), bottom, self.grid)
            self.text([label], self.x(col), top - PAD)
        self.y = bottom

    def new_page(self) -> None:
        if self.page_numbers:
            self.c.setFont(TTF_FONT, 9)
            self.c.drawCentredString(PAGE_W / 2, 24, f"- {self.page} -")
        self.c.showPage()
        self.begin_page()
        self.page += 1
        self.y = PAGE_H - MARGIN_TOP
        self.header_row()

    def plan_page(self, plan: Plan, first: bool) -> None:
        """A new page (but the first) with the plan's heading, period and overview as text, then the header row."""
        if not first:
            self.header_off, self.header = self.header, False
            self.new_page()
            self.header = self.header_off
        width = self.x(len(self.columns)) - MARGIN_X
        paragraphs = [
            (f"「{plan.plan_name}」（{plan.municipality}）", TITLE_SIZE - 1),
            (f"【計画期間：{plan.period}】", SIZE + 1),
            (plan.summary, SIZE + 1),
        ]
        for text, size in paragraphs:
            self.c.setFont(TTF_FONT, size)
            for line in wrap_cell(text, width, size):
                self.y -= size * 1.5
                self.c.drawString(MARGIN_X, self.y, line)
            self.y -= size * 0.8
        self.y -= PAD
        self.header_row()

    def room(self) -> int:
        return int((self.y - MARGIN_BOTTOM - 2 * PAD) // PITCH)

    def draw_slice(self, g: Group, a: int, b: int) -> None:
        """Draw the lines ``a``–``b`` of a group at the current position."""
        top = self.y
        bottom = top - (b - a) * PITCH - 2 * PAD
        starts = g.starts
        for cell in g.cells:
            s, e = starts[cell.row0], starts[cell.row1]
            lo, hi = max(s, a), min(e, b)
            if lo >= hi:
                continue
            y0 = top - PAD - (lo - a) * PITCH if lo > a else top
            y1 = top - PAD - (hi - a) * PITCH if hi < b else bottom
            self.edges(self.x(cell.col), y0, self.x(cell.col + 1), y1, self.grid)
            shown = cell.lines[lo - s : hi - s]
            self.text(shown, self.x(cell.col), top - PAD - (lo - a) * PITCH)
        self.y = bottom

    def group(self, g: Group) -> None:
        starts, a = g.starts, 0
        while a < starts[-1]:
            room = self.room()
            if starts[-1] - a <= room:
                self.draw_slice(g, a, starts[-1])
                return
            fits = [s for s in starts if a < s <= a + room]
            cut = fits[-1] if fits else (a + room if room >= MIN_SPLIT_LINES else a)
            if cut > a:
                self.draw_slice(g, a, cut)
                a = cut
            self.new_page()


def render_table_pdf(text: str, out: Path, **options: object) -> Path:
    """Render an announcement text as a table (module docstring); return ``out``."""
    _register(TTF_FONT)
    rows = options.get("rows", "initiatives")
    per_initiative = rows == "initiatives"
    default = {
        "initiatives": INITIATIVE_COLUMNS,
        "plans": PLAN_COLUMNS,
        "programs": PROGRAM_COLUMNS,
        "plan_pages": PLAN_PAGE_COLUMNS,
    }[str(rows)]
    columns = list(options.get("columns") or default)  # type: ignore[call-overload]
    extra = str(options.get("extra", ""))
    if extra:
        columns.append(("", "extra", 60))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
    sheet = Sheet(
        c,
        columns,
        options.get("rules", "grid") == "grid",
        bool(options.get("header", True)),
        bool(options.get("page_numbers")),
        bool(options.get("rotated")),
    )
    sheet.begin_page()
    c.setFont(TTF_FONT, TITLE_SIZE)
    c.drawString(MARGIN_X, PAGE_H - MARGIN_TOP - TITLE_SIZE, "【承認した地域産業活性化計画の概要】")
    sheet.y -= TITLE_SIZE * 2.5
    if rows != "plan_pages":
        sheet.header_row()
    for k, plan in enumerate(parse_plans(text)):
        if rows == "plan_pages":
            sheet.plan_page(plan, first=k == 0)
        grouped = rows in ("programs", "plan_pages")
        sheet.group(program_group(plan, columns) if grouped else plan_group(plan, columns, per_initiative, extra))
    if sheet.page_numbers:
        c.setFont(TTF_FONT, 9)
        c.drawCentredString(PAGE_W / 2, 24, f"- {sheet.page} -")
    c.showPage()
    c.save()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buf.getvalue())
    return out


def render_table_image_pdf(text: str, out: Path) -> Path:
    """The first plans' table as a picture (a spreadsheet pasted as an image) under a text title.

    The grid and its text are drawn into a grey-level image with Pillow (IPAexGothic), so
    the PDF has no text for the table at all: only the title is text.
    """
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader

    from .render import font_path

    scale = 2.0  # pixels per point
    columns = INITIATIVE_COLUMNS
    width = sum(w for _, _, w in columns)
    font = ImageFont.truetype(str(font_path()), int(SIZE * scale))
    rows = [[label for label, _, _ in columns]]
    for plan in parse_plans(text)[:3]:
        for k, (heading, body) in enumerate(plan.sections):
            plan_cells = [plan.municipality, plan.plan_name, plan.period, plan.summary[:20]] if k == 0 else [""] * 4
            rows.append([*plan_cells, heading[:12], body[:22]])
    row_h = 3 * PITCH
    img = Image.new("L", (int(width * scale), int(len(rows) * row_h * scale) + 1), 255)
    draw = ImageDraw.Draw(img)
    for r, cells in enumerate(rows):
        y = r * row_h * scale
        draw.line((0, y, img.width, y), fill=0, width=2)
        for col, cell in enumerate(cells):
            x = sum(w for _, _, w in columns[:col]) * scale
            draw.text((x + PAD * scale, y + PAD * scale), cell, font=font, fill=0)
    draw.line((0, img.height - 2, img.width, img.height - 2), fill=0, width=2)
    for col in range(len(columns) + 1):
        x = min(sum(w for _, _, w in columns[:col]) * scale, img.width - 2)
        draw.line((x, 0, x, img.height), fill=0, width=2)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
    _register(TTF_FONT)
    c.setFont(TTF_FONT, TITLE_SIZE)
    c.drawString(MARGIN_X, PAGE_H - MARGIN_TOP - TITLE_SIZE, "【承認した地域産業活性化計画の概要】")
    height = img.height / scale
    c.drawImage(ImageReader(img), MARGIN_X, PAGE_H - MARGIN_TOP - TITLE_SIZE * 2.5 - height, width, height)
    c.showPage()
    c.save()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buf.getvalue())
    return out
