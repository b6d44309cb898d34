"""Stage 2, *segment*: split the line stream into title, plans and category sections.

The announcement is a flat list of lines; its structure comes from three kinds of
heading, recognised in this order on each non-blank line (the rules are in
:mod:`pipeline.segment.headings`):

1. **Plan heading** — ``「X地域産業活性化計画」（X）``, with or without markdown ``#``
   marks or brackets, optionally followed by the plan period.  Its municipality is read
   from the title and the brackets (:func:`pipeline.segment.places.read_place`): a name
   that disagrees with the other (``municipality_name_mismatch``) or is not in the table
   (``unknown_municipality``, with look-alike names suggested) is warned, never guessed,
   and the line still starts a plan so that its programs stay with it.  A line that
   merely starts with 「 is body text.
2. **Plan period** — ``【計画期間：…】`` on the heading line or on its own line.  A period
   line cut before its end (``【計画期間：令和5年度～`` with its bracket left open, or ending
   in a dash) is continued by the next line when that line starts with a year or a dash
   and is short (``令和7年度】``): the period is read from the two joined.
3. **Category heading** — a number in any common form (``(1)``, ``1``, ``【取組１】``,
   ``第1``, ``(一)``…) followed by a text that reads as a known category (Sudachi
   lemmas compared with ``pipeline/data/categories.csv``); a line without its number
   whose text reads as a heading is taken as that heading with a ``suspect_structure``
   warning.  A short line that is one bracketed group right under a category heading
   without a subheading (``（持続的な産業基盤の整備）``) is that heading's subheading, as
   when it is written on the heading line.  A heading line that stops inside a known
   heading (``(2)感染症や災害などの…大きな変化や``) is read with the next line when the two
   make a whole heading (:func:`pipeline.lang.markers.complete_category_heading`), as the
   PDF reader joins them.

Between a plan's period and its first category, sentence lines (ending in 。 or
longer than :data:`DEFAULT_CAPTION_MAX_CHARS`) form the overview ``summary`` and the
remaining short lines are photo ``captions``; a PDF reader's ``role="caption"`` hint
wins.  Everything after a category heading up to the next heading is its body.

When every line is placed, the consistency checks of :mod:`pipeline.segment.checks` run
on every plan (categories missing, repeated or out of order; summary, caption or body
lines that look like a heading or a program list; two plans of one municipality), so a
slip that the recognisers could not read is still reported on its line.

Lines before the first plan are the document's title and preamble, unless they hold a
press release of approved plans (報道発表): then :func:`pipeline.segment.release.recognise_release`
says which of them is the release's header, title, lead, sections, or page chrome to drop.
A document may hold a release, plans, or both.

Limits: the segmenter assumes one plan per heading and at most one period per plan;
headings split over two lines are not joined.  Every line lands in exactly one place
of the returned :class:`~pipeline.core.model.Document` or in its ``dropped`` map.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import replace

from pipeline.core.errors import Code, Issue, Severity
from pipeline.core.model import Document, Line, PlanBlock, Section
from pipeline.lang.categories import load_categories
from pipeline.lang.markers import complete_category_heading
from pipeline.lang.municipalities import describe_look_alikes, look_alikes
from pipeline.lang.normalize import join_wrapped
from pipeline.segment.checks import check_structure
from pipeline.segment.config import SegmentConfig
from pipeline.segment.headings import (
    CategoryHeading,
    PlanHeading,
    clean_heading,
    is_blank,
    is_sentence,
    match_category_heading,
    match_period,
    match_plan_heading,
)
from pipeline.segment.release import recognise_release

logger = logging.getLogger(__name__)

#: Longest line that may continue a period line cut before its end (``令和7年度】``).
PERIOD_CONTINUATION_MAX_CHARS = 30
#: Brackets a period line may leave open when it is cut.
_OPEN_BRACKETS, _CLOSE_BRACKETS = "【[（(", "】]）)"
#: How a period's continuation starts: an era, a digit, a dash or から.
_PERIOD_CONTINUATION = re.compile(r"^\s*(?:令和|平成|昭和|[0-9０-９元]|[～〜~\-－―ー‐]|から)")


#: Longest subheading written on its own line under a category heading.
SUBHEADING_MAX_CHARS = 40
#: One bracketed group and nothing else: （持続的な産業基盤の整備）.
_BRACKETED = re.compile(rf"^\s*[(（](?P<sub>[^()（）]{{1,{SUBHEADING_MAX_CHARS}}})[)）]\s*$")


#: What a bracketed line holds when it is not a subheading: a number (a marker) or 仮称.
_NOT_SUBHEADING = re.compile(r"^\s*(?:[0-9〇一二三四五六七八九十]+|仮称)\s*$")


def subheading_below(text: str) -> str | None:
    """The subheading a line under a category heading holds, when it is one bracketed group.

    >>> subheading_below("（持続的な産業基盤の整備）"), subheading_below("（A事業、B事業）"), subheading_below("A事業（仮称）")
    ('持続的な産業基盤の整備', None, None)
    >>> subheading_below("(3)"), subheading_below("（三）")
    (None, None)
    """
    m = _BRACKETED.match(unicodedata.normalize("NFKC", text))
    if m is None or any(sep in m["sub"] for sep in "、,") or _NOT_SUBHEADING.match(m["sub"]):
        return None  # a list of programs in brackets is a body; (3) is a marker, (仮称) a note
    return m["sub"].strip()


def period_cut(text: str) -> bool:
    """Whether a period line stops before its end: a bracket left open, or a final dash.

    >>> period_cut("【計画期間：令和5年度～"), period_cut("計画期間：令和5年度から"), period_cut("【計画期間：令和5年度～令和7年度】")
    (True, True, False)
    """
    t = text.strip()
    unclosed = sum(t.count(c) for c in _OPEN_BRACKETS) > sum(t.count(c) for c in _CLOSE_BRACKETS)
    return unclosed or t.endswith(("～", "〜", "~", "-", "－", "から"))


class Segmenter:
    """A line-by-line state machine over one document.

    States: *preamble* (before the first plan), *overview* (after a plan heading),
    *section* (after a category heading).  Each line is assigned exactly once.
    """

    def __init__(self, doc_id: str, config: SegmentConfig) -> None:
        self.doc = Document(doc_id=doc_id)
        self.config = config
        self.issues: list[Issue] = []
        self.plan: PlanBlock | None = None
        self.section: Section | None = None
        self.preamble: list[Line] = []
        #: the text of a period line cut before its end, until the next line is seen
        self.open_period: str | None = None
        #: a category heading line that stops inside its heading, and the issues before it
        self.open_heading: tuple[Line, int] | None = None

    def warn(self, line: Line, code: Code, message: str, severity: Severity = Severity.WARNING) -> None:
        self.issues.append(Issue(self.doc.doc_id, severity, code, line.location, message, line.line_no))

    def feed(self, line: Line) -> None:
        if line.drop_reason:
            self.doc.dropped[line.line_no] = line.drop_reason
            return
        if is_blank(line.text):
            self.doc.dropped[line.line_no] = "blank"
            return
        if len(line.text) > self.config.long_line_chars:
            self.warn(
                line,
                Code.VERY_LONG_LINE,
                f"a line of {len(line.text):,} characters (more than {self.config.long_line_chars:,}); "
                "line breaks may have been lost when the file was saved. It is processed as one line; "
                "check the values taken from it",
            )
        heading = match_plan_heading(line.text, self.config)
        if heading is not None:
            self._start_plan(line, heading)
            return
        if self.plan is None:
            self._preamble(line)
            return
        if self._continues_period(line):
            return
        period = match_period(line.text)
        if period is not None and self.plan.period_raw is None and self.section is None:
            self.plan.period_raw = period
            self.plan.period_line = line.line_no
            self.open_period = line.text if period_cut(line.text) else None
            return
        if self._continues_heading(line):
            return
        cat = match_category_heading(line.text, self.config)
        if cat is not None:
            self._start_section(line, cat)
            return
        if self.section is not None:
            sub = subheading_below(line.text) if not self.section.body_lines else None
            if sub is not None and self.section.subheading is None:
                self.section.subheading, self.section.subheading_line = sub, line.line_no
                return
            self.section.body_lines.append(line.line_no)
        elif line.role == "caption" or (
            line.role is None and not is_sentence(line.text, self.config.caption_max_chars)
        ):
            self.plan.caption_lines.append(line.line_no)
        else:
            self.plan.summary_lines.append(line.line_no)

    def _continues_heading(self, line: Line) -> bool:
        """Read ``line`` as the end of a category heading cut before it (module docstring)."""
        cut, self.open_heading = self.open_heading, None
        if cut is None or self.plan is None or self.section is None or self.section.body_lines:
            return False
        first, issues_before = cut
        joined = replace(first, text=join_wrapped([first.text, line.text]))
        heading = match_category_heading(joined.text, self.config)
        if heading is None or not complete_category_heading(joined.text):
            return False
        del self.issues[issues_before:]  # the warnings about the cut heading no longer hold
        self.plan.sections.remove(self.section)
        self._start_section(joined, heading)
        assert self.section is not None
        self.section.heading_more_lines.append(line.line_no)
        return True

    def _continues_period(self, line: Line) -> bool:
        """Read ``line`` as the end of a period line cut before it (module docstring)."""
        cut, self.open_period = self.open_period, None
        if cut is None or self.plan is None or len(line.text.strip()) > PERIOD_CONTINUATION_MAX_CHARS:
            return False
        joined = join_wrapped([cut, line.text])
        period = match_period(joined)
        if period is None or not _PERIOD_CONTINUATION.match(line.text):
            return False
        self.plan.period_raw = period
        self.plan.period_more_lines.append(line.line_no)
        return True

    def _preamble(self, line: Line) -> None:
        self.preamble.append(line)
        if self.doc.title is None:
            self.doc.title = clean_heading(line.text)
            self.doc.title_line = line.line_no
        else:
            self.doc.preamble_lines.append(line.line_no)

    def finish(self) -> None:
        """Read the lines before the first plan as a press release, when they are one."""
        found = recognise_release(self.preamble)
        if found is None:
            return
        self.doc.release, dropped = found
        self.doc.title, self.doc.title_line, self.doc.preamble_lines = None, None, []
        self.doc.dropped.update(dropped)

    def _start_plan(self, line: Line, heading: PlanHeading) -> None:
        place = heading.place
        code = None
        if place.mismatch:
            self.warn(
                line,
                Code.MUNICIPALITY_NAME_MISMATCH,
                f"plan heading {heading.plan_title!r}: {place.mismatch}. "
                f"{describe_look_alikes(look_alikes(place.text, self.config.prefecture))}"
                "Check the heading and fix the slip in the source",
            )
        if not place.candidates:
            self.warn(
                line,
                Code.UNKNOWN_MUNICIPALITY,
                f"{place.text!r} is not in pipeline/data/municipalities.csv. "
                f"{describe_look_alikes(look_alikes(place.text, self.config.prefecture))}"
                "Check the spelling in the source, or add the municipality to the reference table",
            )
        elif len(place.candidates) > 1:
            self.warn(
                line,
                Code.AMBIGUOUS_MUNICIPALITY,
                f"{place.candidates[0].name!r} exists in {', '.join(m.prefecture for m in place.candidates)}; "
                "set the document's prefecture in raw/sources.csv",
            )
        else:
            code = place.candidates[0].code
        self.plan = PlanBlock(
            heading_line=line.line_no,
            plan_title=heading.plan_title,
            municipality_text=place.text,
            municipality_code=code,
        )
        self.open_period = None
        if heading.rest:
            self.plan.period_raw = match_period(line.text)
            self.plan.period_line = line.line_no
            self.open_period = line.text if period_cut(heading.rest) else None
        self.section = None
        self.doc.plans.append(self.plan)

    def _start_section(self, line: Line, heading: CategoryHeading) -> None:
        assert self.plan is not None
        whole = complete_category_heading(line.text)
        self.open_heading = None if whole else (line, len(self.issues))
        number, cat = heading.number, heading.category
        category_no: int | None = number
        where = f"{self.plan.municipality_text}: heading {clean_heading(line.text)!r}"
        if heading.marker is None and cat is not None:
            self.warn(
                line,
                Code.SUSPECT_STRUCTURE,
                f"{where} has no number but reads as the heading of category ({number}) "
                f"{cat.heading_ja!r} (score {heading.score:.2f}); it is taken as that heading. "
                "Give it its number in the source",
            )
        if not 1 <= number <= len(load_categories()):
            self.warn(
                line,
                Code.CATEGORY_OUT_OF_RANGE,
                f"{where}: category number ({number}) is outside 1–{len(load_categories())}; its lines are "
                "kept in the lines table but no initiative is recorded. Check the source numbering",
            )
            category_no = None
        elif cat is None:
            self.warn(
                line,
                Code.UNRECOGNISED_CATEGORY,
                f"{where} matches no known category heading (best score {heading.score:.2f}); "
                "the number is used as published",
            )
        elif cat.category_no != number:
            self.warn(
                line,
                Code.CATEGORY_NUMBER_MISMATCH,
                f"{where}: ({number}) reads like category ({cat.category_no}) {cat.heading_ja!r}; "
                "the published number is kept",
            )
        self.section = Section(
            category_no=category_no,
            heading_line=line.line_no,
            heading=heading.heading,
            subheading=heading.subheading,
            match_score=round(heading.score, 4),
        )
        self.plan.sections.append(self.section)


def segment(doc_id: str, lines: list[Line], config: SegmentConfig | None = None) -> tuple[Document, list[Issue]]:
    """Segment one document's lines.

    Args:
        doc_id: the document's id, for warnings.
        lines: the read stage's output, in order.
        config: segmentation parameters.

    Returns:
        The :class:`Document` structure and the issues met, the consistency checks' included.
    """
    seg = Segmenter(doc_id, config or SegmentConfig())
    for line in lines:
        seg.feed(line)
    seg.finish()
    return seg.doc, [*seg.issues, *check_structure(seg.doc, lines, seg.config)]
