"""Stage 3, *extract*: turn a segmented document into table records.

The segmenter said which lines are plan headings, periods, summaries, captions and
category sections; this stage reads the values out of them:

* a **plan** per plan block: its id (municipality code + start fiscal year, see
  :func:`plan_id_base`), the municipality's reference data, the period parsed into
  fiscal years (:mod:`pipeline.lang.periods`), the summary re-joined from its lines;
* a **caption** per caption line, with an OCR-slip suggestion (:mod:`pipeline.lang.ocr`);
* an **initiative** per category section, and a **program** per item of its program
  list (:mod:`pipeline.extract.programs`), with its display name, matching key,
  accepted correction, themes and instrument (:mod:`pipeline.lang`).

A press release before the plans (or instead of them) becomes an **announcement** with
its approved municipalities (:mod:`pipeline.extract.announcement`), and the document's
``kind`` says what it held.

Every line is assigned to the field it feeds in the :class:`~pipeline.extract.ledger.Ledger`,
which becomes the ``lines`` table.  A value that cannot be read is never guessed: the
record keeps an empty field and a warning names the line.  A text field longer than a
spreadsheet cell (:data:`~pipeline.output.schema.MAX_CELL_CHARS`) is cut there with a
``field_truncated`` warning naming its lines, whose full text stays in the ``lines`` table;
a program name is cut before it is normalised and classified, so a huge one costs no more
than a long one.  Hostile sizes stay linear: a list of tens of thousands of programs, or
thousands of plans, is processed without any step that grows with its square.
"""

from __future__ import annotations

import logging
from collections import Counter

from pipeline.core.errors import Code, NoPlansError, Severity
from pipeline.core.model import Document, Line, PlanBlock, Section
from pipeline.extract.announcement import AnnouncementReader
from pipeline.extract.context import DocumentContext
from pipeline.extract.ledger import Ledger
from pipeline.extract.programs import (
    SectionText,
    UnbalancedBrackets,
    list_context_of_lines,
    program_list_of_lines,
    says_no_program,
)
from pipeline.extract.records import KIND_ANNOUNCEMENT, KIND_BOTH, KIND_PLAN_OVERVIEW, DocumentFields, Records, Row
from pipeline.lang import municipalities
from pipeline.lang.categories import load_categories
from pipeline.lang.corrections import apply_corrections
from pipeline.lang.normalize import display_name, join_wrapped, name_key, short_hash, strip_provisional
from pipeline.lang.periods import PeriodError, parse_period
from pipeline.output.schema import CAPTIONS, INITIATIVES, PLANS, PROGRAMS

logger = logging.getLogger(__name__)

UNKNOWN_YEAR = "unknown"


def document_kind(has_plans: bool, has_release: bool) -> str:
    """``documents.kind`` of a document with plans, a release, or both.

    >>> document_kind(True, False), document_kind(False, True), document_kind(True, True)
    ('plan_overview', 'announcement', 'both')
    """
    if has_plans and has_release:
        return KIND_BOTH
    return KIND_PLAN_OVERVIEW if has_plans else KIND_ANNOUNCEMENT


def plan_id_base(code_or_name: str, start_fy: int | None) -> str:
    """The plan id before de-duplication: municipality code (or name) and start year.

    >>> plan_id_base("131091", 2023), plan_id_base("ほげ町", None)
    ('131091-2023', 'ほげ町-unknown')
    """
    return f"{code_or_name}-{start_fy or UNKNOWN_YEAR}"


class Extractor(DocumentContext):
    """Builds :class:`Records` from a :class:`Document` and its lines."""

    def __init__(self, doc: Document, lines: list[Line], prefecture: str | None, published: str | None = None) -> None:
        super().__init__(doc, lines)
        self.prefecture = prefecture
        self.published = published
        self.records = Records(doc.doc_id)
        self.ledger = Ledger(doc.doc_id)
        self.categories = {c.category_no: c for c in load_categories()}
        self.plan_ids: dict[str, int] = {}
        self.initiative_rows: dict[str, Row] = {}
        self.program_ids: set[str] = set()
        self.programs_in: Counter[str] = Counter()
        self.next_dup: dict[str, int] = {}

    # -- records -----------------------------------------------------------------
    def run(self) -> Records:
        if not self.doc.plans and self.doc.release is None:
            raise NoPlansError(
                "neither a plan heading like 「X地域産業活性化計画」（X） nor a press release of approved plans "
                "(報道発表資料 header, 「地域産業活性化計画」を承認 title) was found; check that this is a plan "
                "overview or its press release",
            )
        self.ledger.assign(self.doc.title_line, "documents.title", self.doc.doc_id)
        self.ledger.assign(self.doc.preamble_lines, "documents.preamble", self.doc.doc_id)
        title = self.announcement() if self.doc.release is not None else self.doc.title
        for block in self.doc.plans:
            self.plan(block)
        doc_id, title_lines, preamble_lines = self.doc.doc_id, [self.doc.title_line or 0], self.doc.preamble_lines
        self.records.document = DocumentFields(
            title=self.bounded(title, "documents.title", doc_id, title_lines),
            preamble=self.bounded(self.text_of(preamble_lines) or None, "documents.preamble", doc_id, preamble_lines),
            n_plans=len(self.records.plans),
            kind=document_kind(bool(self.doc.plans), self.doc.release is not None),
        )
        self.records.lines, ledger_issues = self.ledger.rows(self.lines, self.doc.dropped)
        self.records.warnings = [*self.issues, *ledger_issues]
        return self.records

    def announcement(self) -> str | None:
        """The release's records (:mod:`pipeline.extract.announcement`); returns its title."""
        assert self.doc.release is not None
        reader = AnnouncementReader(self.doc.doc_id, self.doc.release, self.by_no, self.ledger, self.warn)
        row, listed = reader.read(self.published, self.prefecture)
        self.records.announcements.append(row)
        self.records.announcement_municipalities.extend(listed)
        return reader.title

    def period(self, block: PlanBlock) -> tuple[int | None, int | None]:
        """The plan's first and last fiscal years, or ``None`` with a warning."""
        if block.period_raw is None:
            self.warn(
                block.heading_line,
                Code.MISSING_PERIOD,
                f"{block.plan_title}: no 【計画期間：…】 line; start_fy/end_fy are left empty",
            )
            return None, None
        try:
            period = parse_period(block.period_raw)
        except PeriodError as exc:
            self.warn(block.period_line, Code.UNPARSABLE_PERIOD, f"{block.plan_title}: {exc}")
            return None, None
        return period.start_fy, period.end_fy

    def plan_id(self, block: PlanBlock, start_fy: int | None) -> str:
        """A unique plan id in this document; a repeated plan gets ``-2``… and an error."""
        base = plan_id_base(block.municipality_code or block.municipality_text, start_fy)
        n = self.plan_ids[base] = self.plan_ids.get(base, 0) + 1
        if n == 1:
            return base
        plan_id = f"{base}-{n}"
        self.warn(
            block.heading_line,
            Code.DUPLICATE_PLAN,
            f"{block.plan_title} appears {n} times in this document; this one is {plan_id}",
            Severity.ERROR,
        )
        return plan_id

    def plan(self, block: PlanBlock) -> None:
        start_fy, end_fy = self.period(block)
        plan_id = self.plan_id(block, start_fy)
        self.ledger.assign(block.heading_line, "plans.plan_title", plan_id)
        if block.period_line != block.heading_line:
            self.ledger.assign(block.period_line, "plans.period_raw", plan_id)
        self.ledger.assign(block.period_more_lines, "plans.period_raw", plan_id)
        self.ledger.assign(block.summary_lines, "plans.summary", plan_id)
        row = self.plan_row(block, plan_id, start_fy, end_fy)
        self.records.plans.append(row)
        self.captions(block, plan_id)
        n_programs = len(self.records.programs)
        for section in block.sections:
            self.initiative(plan_id, block, section)
        if len(self.records.programs) == n_programs:
            self.warn(
                block.heading_line,
                Code.PLAN_WITHOUT_PROGRAMS,
                f"{row['municipality']}: no program was extracted from plan {plan_id}; check its category "
                "headings and program lists in the source",
            )

    def plan_row(self, block: PlanBlock, plan_id: str, start_fy: int | None, end_fy: int | None) -> Row:
        muni = municipalities.by_code().get(block.municipality_code or "")
        return PLANS.row(
            plan_id=plan_id,
            doc_id=self.doc.doc_id,
            prefecture=muni.prefecture if muni else self.prefecture,
            municipality=muni.name if muni else block.municipality_text,
            municipality_raw=block.municipality_text,
            municipality_code=muni.code if muni else None,
            municipality_kind=muni.kind if muni else None,
            municipality_reading=muni.reading if muni else None,
            municipality_romaji=(muni.romaji or None) if muni else None,
            plan_title=block.plan_title,
            period_raw=block.period_raw,
            start_fy=start_fy,
            end_fy=end_fy,
            summary=self.bounded(
                self.text_of(block.summary_lines) or None, "plans.summary", plan_id, block.summary_lines
            ),
            source_page=self.page_of(block.heading_line),
            source_line=block.heading_line,
        )

    def captions(self, block: PlanBlock, plan_id: str) -> None:
        for seq, n in enumerate(block.caption_lines, start=1):
            cid = f"{plan_id}-c{seq}"
            self.ledger.assign(n, "captions.text", cid)
            text = self.bounded(self.by_no[n].text.strip(), "captions.text", cid, [n]) or ""
            self.records.captions.append(
                CAPTIONS.row(
                    caption_id=cid,
                    plan_id=plan_id,
                    seq=seq,
                    text=text,
                    ocr_suspect=self.ocr_check(n, "captions", cid, text),
                    source_page=self.page_of(n),
                    source_line=n,
                )
            )

    def initiative(self, plan_id: str, block: PlanBlock, section: Section) -> None:
        if section.category_no is None:
            lines = [section.heading_line, *section.heading_more_lines, *filter(None, [section.subheading_line])]
            lines += section.body_lines
            self.ledger.assign(lines, "dropped.category_out_of_range", plan_id)
            return
        iid = f"{plan_id}-{section.category_no}"
        self.ledger.assign([section.heading_line, *section.heading_more_lines], "initiatives.heading", iid)
        self.ledger.assign(section.subheading_line, "initiatives.subheading", iid)
        self.ledger.assign(section.body_lines, "initiatives.text", iid)
        body = self.text_of(section.body_lines)
        if not body:
            self.warn(
                section.heading_line,
                Code.EMPTY_CATEGORY_BODY,
                f"{block.plan_title}: category ({section.category_no}) has no text",
            )
        self.add_initiative(plan_id, iid, section, body)
        texts = [self.by_no[n].text for n in section.body_lines]
        names = self.program_names(block, section, texts)
        if names is not None:
            context = list_context_of_lines(texts, section.category_no)
            self.programs(plan_id, iid, section, names, context)

    def add_initiative(self, plan_id: str, iid: str, section: Section, body: str) -> None:
        """A new initiative row, or the body joined to the one of a repeated category."""
        existing = self.initiative_rows.get(iid)
        if existing is not None:
            joined = join_wrapped([existing["text"] or "", body]) or None
            existing["text"] = self.bounded(joined, "initiatives.text", iid, section.body_lines)
            return
        assert section.category_no is not None
        self.initiative_rows[iid] = INITIATIVES.row(
            initiative_id=iid,
            plan_id=plan_id,
            category_no=section.category_no,
            category=self.categories[section.category_no].category,
            heading=section.heading,
            subheading=section.subheading,
            text=self.bounded(body or None, "initiatives.text", iid, section.body_lines),
            source_page=self.page_of(section.heading_line),
            source_line=section.heading_line,
        )
        self.records.initiatives.append(self.initiative_rows[iid])

    def program_names(self, block: PlanBlock, section: Section, texts: list[str]) -> list[str] | None:
        """The published names of the section's programs; ``None`` when the list is unreadable."""
        assert section.category_no is not None
        body = join_wrapped(texts)
        try:
            names = program_list_of_lines(texts, section.category_no)
        except UnbalancedBrackets as exc:
            self.warn(
                section.body_lines[0],
                Code.UNBALANCED_BRACKETS,
                f"{block.plan_title} ({section.category_no}): {exc}; no programs recorded for it, "
                "fix the brackets in the source or add a correction",
            )
            return None
        if body and not names and not says_no_program(body):
            self.warn(
                section.body_lines[0],
                Code.NO_PROGRAM_LIST,
                f"{block.plan_title} ({section.category_no}): the text ends without a （…） list of programs",
            )
        return names

    def programs(self, plan_id: str, iid: str, section: Section, names: list[str], context: str | None) -> None:
        seq0 = self.programs_in[iid]
        self.programs_in[iid] += len(names)
        finder = SectionText([self.by_no[n].text for n in section.body_lines], section.body_lines)
        fallback = section.body_lines[-1] if section.body_lines else section.heading_line
        for seq, published in enumerate(names, start=seq0 + 1):
            source_line = finder.line_of(published) or fallback
            raw = self.bounded(published, "programs.name_raw", f"{iid} #{seq}", [source_line]) or ""
            # the id hashes the key of the published name, so accepting a correction keeps it
            raw_key = name_key(raw)
            pid = self.program_id(f"{iid}-{short_hash(raw_key)}")
            self.records.programs.append(
                self.program_row(plan_id, iid, pid, section, (seq, raw, raw_key, source_line), context)
            )

    def program_id(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3``… for the same name repeated in one initiative."""
        pid = base
        if pid in self.program_ids:
            dup = self.next_dup.get(base, 2)
            while f"{base}-{dup}" in self.program_ids:
                dup += 1
            pid, self.next_dup[base] = f"{base}-{dup}", dup + 1
        self.program_ids.add(pid)
        return pid

    def program_row(
        self,
        plan_id: str,
        iid: str,
        pid: str,
        section: Section,
        item: tuple[int, str, str, int],
        context: str | None,
    ) -> Row:
        seq, raw, raw_key, source_line = item
        display = display_name(raw)
        name, correction_id = apply_corrections(display)
        cls = self.classify(pid, name, context, source_line)
        return PROGRAMS.row(
            program_id=pid,
            plan_id=plan_id,
            initiative_id=iid,
            category_no=section.category_no,
            seq=seq,
            name_raw=raw,
            name=name,
            name_key=name_key(name) if correction_id else raw_key,
            is_provisional=strip_provisional(raw)[1],
            ocr_suspect=self.ocr_check(source_line, "programs", pid, display, correction_id),
            correction_id=correction_id,
            themes=list(cls.themes),
            themes_rule=list(cls.themes_rule),
            instrument=cls.instrument,
            instrument_rule=cls.instrument_rule,
            source_page=self.page_of(source_line),
            source_line=source_line,
        )


def extract(doc: Document, lines: list[Line], prefecture: str | None = None, published: str | None = None) -> Records:
    """Build the table records of one segmented document.

    Args:
        doc: the segment stage's output.
        lines: the read stage's lines.
        prefecture: the document's prefecture, for plans whose municipality is unknown.
        published: the ``published`` column of the document's ``raw/sources.csv`` row: the
            date of a release whose text states none.

    Returns:
        The records; ``records.warnings`` holds the issues met.

    Raises:
        NoPlansError: the document holds neither a plan nor a press release.
    """
    return Extractor(doc, lines, prefecture, published).run()
