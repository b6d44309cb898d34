"""Recognising a press release (報道発表) of approved plans in a document's line stream.

The Tokyo Metropolitan Government announces each approval round in a press release whose
web page reads, line by line (see the 2017-03-06 release in the test fixtures)::

    トップページ > 都政情報 > 報道発表 > …          breadcrumb trail        dropped.breadcrumb
    ここから本文です。                              skip link               dropped.navigation
    報道発表資料  2017年03月06日  産業労働局         header: date, bureau    announcements.published_on
    平成28年度 産業集積活性化支援事業                 subtitle: round, scheme announcements.subtitle
    5区市の「地域産業活性化計画」を承認しました       title                   announcements.title
    東京都は、… この度、品川区、…及び三鷹市が …      lead                    announcements.lead
    産業集積活性化支援事業の概要                     section heading         dropped.section_heading
    本事業は、…                                     outline                 announcements.outline
    図                                              image placeholder       dropped.figure
    補助内容                                        section heading         dropped.section_heading
      • 補助金:1億円/年限度 …                       terms                   announcements.subsidy_…
    区市町村が策定する…(イメージ)                    figure caption          dropped.figure_caption

The release is the part of a document before its first plan heading; a document may hold
a release, a plan overview (別紙), or both.  It is recognised by its structure, not by its
file name: a header line that starts with 報道発表資料 (or another phrase of kind
``header``), a title holding 「地域産業活性化計画」を承認 (kind ``approval``), or a 補助内容
section in a text naming a known scheme.  The phrases are data
(``pipeline/data/release_phrases.csv``, :mod:`pipeline.lang.releases`).

:func:`recognise_release` works on :class:`~pipeline.core.model.Line` s only, so a reader
of any format (text, PDF, HTML) feeds it.  It decides which line is what; the values are
read by the extract stage (:mod:`pipeline.extract.announcement`).  Every line it is given
lands in exactly one place of the returned :class:`~pipeline.core.model.ReleaseBlock` or
in its dropped map.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.core.model import Line, ReleaseBlock, ReleaseSection
from pipeline.lang import releases
from pipeline.lang.dates import find_date
from pipeline.lang.periods import FISCAL_YEAR
from pipeline.segment.headings import clean_heading

#: Longest title line; a longer line is a paragraph even if it says 承認.
TITLE_MAX_CHARS = 80
#: Longest section heading (補助内容, 産業集積活性化支援事業の概要…).
SECTION_HEADING_MAX_CHARS = 40
#: Longest figure caption.
CAPTION_MAX_CHARS = 80
#: Breadcrumb separators a line needs to be a breadcrumb trail (without a start phrase).
MIN_BREADCRUMB_SEPARATORS = 2
#: Marks of a bullet item; a bulleted line is an item, never a heading or a caption.
BULLETS = "•●○◦‣-*"
#: Marks that make a short line a heading of its own (【…】, ■…).
HEADING_MARKS = ("【", "■", "□", "◆", "◇")
_KEY_VALUE = re.compile(r"^[^:：]{1,20}[:：]")


def core_text(text: str) -> str:
    """A line without heading and bullet marks or 【】, NFKC.

    >>> core_text("  • 補助金:1億円/年限度"), core_text("## 【別紙】")
    ('補助金:1億円/年限度', '別紙')
    """
    t = clean_heading(text).lstrip(BULLETS).strip()
    if t.startswith("【") and "】" in t:
        t = t[1:].replace("】", "", 1).strip()
    return t


def is_sentence(text: str) -> bool:
    return "。" in text


def is_breadcrumb(text: str) -> bool:
    """A breadcrumb trail: トップページ > 都政情報 > ….

    >>> is_breadcrumb("トップページ > 都政情報 > 報道発表"), is_breadcrumb("A > B")
    (True, False)
    """
    t = unicodedata.normalize("NFKC", text).strip()
    separators = sum(t.count(s) for s in set(releases.phrases("breadcrumb_separator")))
    starts = t.startswith(releases.phrases("breadcrumb_start"))
    return separators >= MIN_BREADCRUMB_SEPARATORS or (starts and separators >= 1)


def is_navigation(text: str) -> bool:
    return unicodedata.normalize("NFKC", text).strip() in releases.phrases("navigation")


def is_figure(text: str) -> bool:
    """An image placeholder such as 図.

    >>> is_figure("図"), is_figure("図書館")
    (True, False)
    """
    return core_text(text) in releases.phrases("figure")


def is_header(text: str) -> bool:
    """The release header: a line that starts with 報道発表資料 (or another header phrase).

    >>> is_header("報道発表資料  2017年03月06日  産業労働局"), is_header("これまでの報道発表")
    (True, False)
    """
    return core_text(text).startswith(releases.phrases("header"))


def is_date_line(text: str) -> bool:
    """A line that is only a date (a header whose layout put the date on its own line).

    >>> is_date_line("2017年3月6日"), is_date_line("平成29年度から3年間")
    (True, False)
    """
    found = find_date(text)
    return found is not None and found.raw.strip() == text.strip()


def is_approval_title(text: str) -> bool:
    """A title announcing approved plans: it says 「地域産業活性化計画」を承認 and is no sentence.

    >>> is_approval_title("5区市の「地域産業活性化計画」を承認しました")
    True
    >>> is_approval_title("この度、品川区が策定した「地域産業活性化計画」を承認し、お知らせします。")
    False
    """
    t = text.strip()
    return len(t) <= TITLE_MAX_CHARS and not is_sentence(t) and releases.contains_any(t, "approval")


def _rest_after(core: str, kind: str) -> str | None:
    """What follows a phrase of ``kind`` at the start of ``core``, or ``None``."""
    for phrase in sorted(releases.phrases(kind), key=len, reverse=True):
        if core.startswith(phrase):
            return core[len(phrase) :].lstrip(":： ")
    return None


def section_heading(text: str) -> tuple[str, bool] | None:
    """The kind of section a line opens, and whether the line is only the heading.

    >>> section_heading("補助内容"), section_heading("産業集積活性化支援事業の概要")
    (('terms', True), ('outline', True))
    >>> section_heading("【別紙】承認した地域産業活性化計画の概要（PDF：245KB）")
    ('attachments', False)
    >>> section_heading("【今後の予定】"), section_heading("  • 補助金:1億円/年限度")
    (('other', True), None)
    """
    stripped = clean_heading(text)
    core = core_text(text)
    if not core or len(core) > SECTION_HEADING_MAX_CHARS or is_sentence(core) or stripped.startswith(tuple(BULLETS)):
        return None
    for kind in ("attachments", "terms", "contact"):
        rest = _rest_after(core, f"section_{kind}")
        if rest is not None:
            return kind, not rest
    if not _KEY_VALUE.match(core) and core.endswith(releases.phrases("section_outline")):
        return "outline", True
    if stripped.startswith(HEADING_MARKS):
        return "other", True
    return None


def is_caption(text: str, neighbours: tuple[str | None, str | None]) -> bool:
    """A figure caption: a short line, no sentence, item or heading, next to an image placeholder."""
    core = core_text(text)
    if len(core) > CAPTION_MAX_CHARS or is_sentence(core) or _KEY_VALUE.match(core):
        return False
    if clean_heading(text).startswith(tuple(BULLETS)) or section_heading(text) is not None:
        return False
    return any(n is not None and is_figure(n) for n in neighbours)


def _chrome(text: str, neighbours: tuple[str | None, str | None]) -> str | None:
    """The drop reason of a line that carries no data of the release, or ``None``."""
    if is_breadcrumb(text):
        return "breadcrumb"
    if is_navigation(text):
        return "navigation"
    if is_figure(text):
        return "figure"
    if is_caption(text, neighbours):
        return "figure_caption"
    return None


def is_release(lines: list[Line]) -> bool:
    """Whether the lines hold a press release: a header, an approval title, or terms and a scheme."""
    texts = [ln.text for ln in lines if not is_breadcrumb(ln.text)]
    if any(is_header(t) or is_approval_title(t) for t in texts):
        return True
    has_terms = any((section_heading(t) or ("", False))[0] == "terms" for t in texts)
    return has_terms and any(releases.find_scheme(t) for t in texts)


@dataclass(slots=True)
class _Walk:
    """The state of :func:`recognise_release` while it walks the lines."""

    block: ReleaseBlock = field(default_factory=ReleaseBlock)
    dropped: dict[int, str] = field(default_factory=dict)
    title_index: int | None = None
    section: ReleaseSection | None = None

    def before_title(self, index: int, line: Line) -> bool:
        """Whether a line stands before the title (without a title: before the first section)."""
        if self.title_index is not None:
            return index < self.title_index
        return self.section is None and section_heading(line.text) is None

    def top(self, line: Line) -> None:
        """A line before the title: the header, a subtitle (round or scheme), or other text."""
        header = is_date_line(line.text) if self.block.header_lines else is_header(line.text)
        if header:  # the label line, and a line with only the date when the layout put it apart
            self.block.header_lines.append(line.line_no)
        elif releases.find_scheme(line.text) or FISCAL_YEAR.search(line.text):
            self.block.subtitle_lines.append(line.line_no)
        else:
            self.block.other_lines.append(line.line_no)

    def body(self, line: Line) -> None:
        """A line after the title: a section heading, or the text of the lead or a section."""
        heading = section_heading(line.text)
        if heading is not None:
            kind, bare = heading
            if kind == "attachments" and self.section is not None and self.section.kind == kind:
                self.section.body_lines.append(line.line_no)  # the next item of the same list
                return
            pure = bare and kind != "attachments"  # 別紙 names the attachment: it is content
            self.section = ReleaseSection(kind, line.line_no if pure else None)
            self.block.sections.append(self.section)
            if not pure:
                self.section.body_lines.append(line.line_no)
            elif kind != "other":  # an unknown section keeps its heading in its text
                self.dropped[line.line_no] = "section_heading"
            return
        if self.section is None:
            self.block.lead_lines.append(line.line_no)
        else:
            self.section.body_lines.append(line.line_no)


def _title_index(lines: list[Line]) -> int | None:
    """Where the title stands: the approval title, else the first line after the header."""
    for i, ln in enumerate(lines):
        if is_approval_title(ln.text) and not is_breadcrumb(ln.text):
            return i
    header = next((i for i, ln in enumerate(lines) if is_header(ln.text) and not is_breadcrumb(ln.text)), None)
    if header is None:
        return None
    for i in range(header + 1, len(lines)):
        neighbours = (lines[i - 1].text, lines[i + 1].text if i + 1 < len(lines) else None)
        if _chrome(lines[i].text, neighbours) is None and section_heading(lines[i].text) is None:
            return i
    return None


def recognise_release(lines: list[Line]) -> tuple[ReleaseBlock, dict[int, str]] | None:
    """The structure of the press release in ``lines``, or ``None`` when they hold none.

    Args:
        lines: the non-blank lines before the document's first plan heading, in order.

    Returns:
        The release's line roles, and the lines dropped with their reason (breadcrumb,
        navigation, figure, figure_caption, section_heading).

    >>> r = recognise_release([Line(1, "報道発表資料 2017年03月06日 産業労働局"),
    ...     Line(2, "5区市の「地域産業活性化計画」を承認しました"), Line(3, "この度、…承認しました。")])
    >>> r[0].header_lines, r[0].title_line, r[0].lead_lines
    ([1], 2, [3])
    >>> recognise_release([Line(1, "【承認した地域産業活性化計画の概要】")]) is None
    True
    """
    if not lines or not is_release(lines):
        return None
    walk = _Walk(title_index=_title_index(lines))
    for i, line in enumerate(lines):
        neighbours = (lines[i - 1].text if i else None, lines[i + 1].text if i + 1 < len(lines) else None)
        reason = _chrome(line.text, neighbours)
        if reason is not None:
            walk.dropped[line.line_no] = reason
        elif i == walk.title_index:
            walk.block.title_line = line.line_no
        elif walk.before_title(i, line):
            walk.top(line)
        else:
            walk.body(line)
    return walk.block, walk.dropped
