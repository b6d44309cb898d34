"""Stage 3, *extract*: turn a segmented document into table records.

Programs (事業) are read from an initiative's body:

* categories (1) and (2): the items of the **final parenthesised group** of the
  body, e.g. ``…を実施する（事業承継支援事業、ものづくり・IT商談会）``;
* category (3): the body itself is the list, unless it is a sentence (contains 。)
  ending in a group, in which case the group is used as above.

Items are split on 、 (and ，) at bracket depth 0 only, so a nested （仮称） stays
with its item and sets ``is_provisional``; ・ never splits.  Unbalanced brackets
make the list unreadable: the initiative is kept, no programs are recorded, and a
warning names the line.

Every line of the document is accounted for in the ``lines`` records: the place
(``table.field``) and record id it went to, or the reason it was dropped.  A line
assigned nowhere or twice is reported.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from pipeline.core.errors import Issue, NoPlansError, Severity
from pipeline.core.model import Document, Line, PlanBlock, Section
from pipeline.lang import municipalities, ocr, themes
from pipeline.lang.categories import load_categories
from pipeline.lang.corrections import apply_corrections
from pipeline.lang.normalize import display_name, join_wrapped, name_key, short_hash, strip_provisional
from pipeline.lang.periods import PeriodError, parse_period

logger = logging.getLogger(__name__)

OPEN = "(（"
CLOSE = ")）"
ITEM_SEPARATORS = "、，"
SENTENCE_MARK = "。"
#: Categories whose body is itself the program list.
LIST_CATEGORIES = frozenset({3})
#: Group contents that annotate the item before them rather than list programs.
ANNOTATIONS = frozenset({"仮称"})


class UnbalancedBrackets(ValueError):
    """A program list whose round brackets do not pair up."""


def final_group(text: str) -> tuple[int, str] | None:
    """The start offset and content of the trailing （…） group of ``text``.

    Trailing 。 and spaces are ignored; nested groups stay inside the content.

    >>> final_group("支援を行う（A事業、B（仮称））。")
    (5, 'A事業、B（仮称）')
    >>> final_group("支援を行う") is None
    True

    Raises:
        UnbalancedBrackets: the final ）has no matching （.
    """
    t = text.rstrip().rstrip("。．. ")
    if not t or t[-1] not in CLOSE:
        return None
    depth = 0
    for i in range(len(t) - 1, -1, -1):
        if t[i] in CLOSE:
            depth += 1
        elif t[i] in OPEN:
            depth -= 1
            if depth == 0:
                return i, t[i + 1 : -1]
    raise UnbalancedBrackets(f"the closing bracket at the end of {text[-30:]!r} has no opening bracket")


def split_items(text: str) -> list[str]:
    """Split a program list on 、 at bracket depth 0.

    >>> split_items("SDGs経営導入・産業活性化ネットワーク委員会（仮称）、DX実践ゼミ")
    ['SDGs経営導入・産業活性化ネットワーク委員会（仮称）', 'DX実践ゼミ']

    Raises:
        UnbalancedBrackets: brackets do not pair up.
    """
    items: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth -= 1
            if depth < 0:
                raise UnbalancedBrackets(f"a closing bracket with no opening one in {text!r}")
        if ch in ITEM_SEPARATORS and depth == 0:
            items.append(current)
            current = ""
        else:
            current += ch
    if depth != 0:
        raise UnbalancedBrackets(f"{depth} bracket(s) left open in {text!r}")
    items.append(current)
    return [i.strip() for i in items if i.strip()]


def program_list(body: str, category_no: int) -> list[str]:
    """The published program names of an initiative body (see module docstring).

    >>> program_list("支援を実施する（A事業、B・C会）", 1)
    ['A事業', 'B・C会']
    >>> program_list("D事業、E事業（仮称）", 3)
    ['D事業', 'E事業（仮称）']
    """
    if category_no in LIST_CATEGORIES and SENTENCE_MARK not in body.rstrip("。 "):
        return split_items(body.rstrip("。 "))
    group = final_group(body)
    if group is None or group[1].strip() in ANNOTATIONS:
        return []
    return split_items(group[1])


@dataclass(slots=True)
class Records:
    """Rows for every table, from one document."""

    document: dict[str, Any]
    plans: list[dict[str, Any]] = field(default_factory=list)
    initiatives: list[dict[str, Any]] = field(default_factory=list)
    programs: list[dict[str, Any]] = field(default_factory=list)
    captions: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "plans": self.plans,
            "initiatives": self.initiatives,
            "programs": self.programs,
            "captions": self.captions,
            "lines": self.lines,
            "warnings": self.warnings,
        }


class Extractor:
    """Builds :class:`Records` from a :class:`Document` and its lines."""

    def __init__(self, doc: Document, lines: list[Line], document: dict[str, Any], prefecture: str | None) -> None:
        self.doc = doc
        self.by_no = {ln.line_no: ln for ln in lines}
        self.lines = lines
        self.prefecture = prefecture
        self.records = Records(document=document)
        self.issues: list[Issue] = []
        self.places: dict[int, list[tuple[str, str]]] = {}
        self.categories = {c.category_no: c for c in load_categories()}

    # -- helpers -----------------------------------------------------------------
    def warn(self, line_no: int | None, code: str, message: str, severity: Severity = Severity.WARNING) -> None:
        loc = self.by_no[line_no].location if line_no in self.by_no else ""
        self.issues.append(Issue(self.doc.doc_id, severity, code, loc, message, line_no))

    def assign(self, line_nos: list[int] | int | None, place: str, record_id: str) -> None:
        if line_nos is None:
            return
        for n in [line_nos] if isinstance(line_nos, int) else line_nos:
            self.places.setdefault(n, []).append((place, record_id))

    def text_of(self, line_nos: list[int]) -> str:
        return join_wrapped([self.by_no[n].text for n in line_nos])

    def page_of(self, line_no: int | None) -> int | None:
        return self.by_no[line_no].page if line_no in self.by_no else None

    # -- records -----------------------------------------------------------------
    def run(self) -> Records:
        if not self.doc.plans:
            raise NoPlansError(
                "no plan heading like 「X地域産業活性化計画」（X） was found; check that this is an "
                "announcement of approved plans",
            )
        self.records.document["title"] = self.doc.title
        self.assign(self.doc.title_line, "documents.title", self.doc.doc_id)
        self.assign(self.doc.preamble_lines, "documents.preamble", self.doc.doc_id)
        self.records.document["preamble"] = self.text_of(self.doc.preamble_lines) or None
        seen: dict[str, int] = {}
        for block in self.doc.plans:
            self.plan(block, seen)
        self.records.document["n_plans"] = len(self.records.plans)
        self.account()
        self.records.warnings = [i.to_dict() for i in self.issues]
        return self.records

    def plan(self, block: PlanBlock, seen: dict[str, int]) -> None:
        muni = municipalities.by_code().get(block.municipality_code or "")
        start_fy = end_fy = None
        if block.period_raw is None:
            self.warn(
                block.heading_line,
                "missing_period",
                f"{block.plan_title}: no 【計画期間：…】 line; start_fy/end_fy are left empty",
            )
        else:
            try:
                period = parse_period(block.period_raw)
                start_fy, end_fy = period.start_fy, period.end_fy
            except PeriodError as exc:
                self.warn(block.period_line, "unparsable_period", f"{block.plan_title}: {exc}")
        base = f"{block.municipality_code or block.municipality_text}-{start_fy or 'unknown'}"
        seen[base] = seen.get(base, 0) + 1
        plan_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        if seen[base] > 1:
            self.warn(
                block.heading_line,
                "duplicate_plan",
                f"{block.plan_title} appears {seen[base]} times in this document; this one is {plan_id}",
                Severity.ERROR,
            )
        self.assign(block.heading_line, "plans.plan_title", plan_id)
        if block.period_line != block.heading_line:
            self.assign(block.period_line, "plans.period_raw", plan_id)
        self.assign(block.summary_lines, "plans.summary", plan_id)
        self.records.plans.append(
            {
                "plan_id": plan_id,
                "doc_id": self.doc.doc_id,
                "prefecture": muni.prefecture if muni else self.prefecture,
                "municipality": muni.name if muni else block.municipality_text,
                "municipality_raw": block.municipality_text,
                "municipality_code": muni.code if muni else None,
                "municipality_kind": muni.kind if muni else None,
                "municipality_reading": muni.reading if muni else None,
                "municipality_romaji": (muni.romaji or None) if muni else None,
                "plan_title": block.plan_title,
                "period_raw": block.period_raw,
                "start_fy": start_fy,
                "end_fy": end_fy,
                "summary": self.text_of(block.summary_lines) or None,
                "source_page": self.page_of(block.heading_line),
                "source_line": block.heading_line,
            }
        )
        for seq, n in enumerate(block.caption_lines, start=1):
            cid = f"{plan_id}-c{seq}"
            self.assign(n, "captions.text", cid)
            text = self.by_no[n].text.strip()
            self.records.captions.append(
                {
                    "caption_id": cid,
                    "plan_id": plan_id,
                    "seq": seq,
                    "text": text,
                    "ocr_suspect": self.ocr_check(n, "captions", cid, text),
                    "source_page": self.page_of(n),
                    "source_line": n,
                }
            )
        numbers = [s.category_no for s in block.sections if s.category_no is not None]
        for no in sorted(set(numbers)):
            if numbers.count(no) > 1:
                self.warn(
                    block.heading_line,
                    "duplicate_category",
                    f"{block.plan_title}: category ({no}) appears {numbers.count(no)} times; "
                    "their texts are joined into one initiative",
                )
        for section in block.sections:
            self.initiative(plan_id, block, section)

    def initiative(self, plan_id: str, block: PlanBlock, section: Section) -> None:
        if section.category_no is None:
            for n in [section.heading_line, *section.body_lines]:
                self.assign(n, "dropped.category_out_of_range", plan_id)
            return
        iid = f"{plan_id}-{section.category_no}"
        existing = next((r for r in self.records.initiatives if r["initiative_id"] == iid), None)
        self.assign(section.heading_line, "initiatives.heading", iid)
        self.assign(section.body_lines, "initiatives.text", iid)
        body = self.text_of(section.body_lines)
        if not body:
            self.warn(
                section.heading_line,
                "empty_category_body",
                f"{block.plan_title}: category ({section.category_no}) has no text",
            )
        cat = self.categories[section.category_no]
        if existing is not None:
            existing["text"] = join_wrapped([existing["text"] or "", body]) or None
        else:
            self.records.initiatives.append(
                {
                    "initiative_id": iid,
                    "plan_id": plan_id,
                    "category_no": section.category_no,
                    "category": cat.category,
                    "heading": section.heading,
                    "subheading": section.subheading,
                    "text": body or None,
                    "source_page": self.page_of(section.heading_line),
                    "source_line": section.heading_line,
                }
            )
        try:
            names = program_list(body, section.category_no) if body else []
        except UnbalancedBrackets as exc:
            self.warn(
                section.body_lines[0],
                "unbalanced_brackets",
                f"{block.plan_title} ({section.category_no}): {exc}; no programs recorded for it, "
                "fix the brackets in the source or add a correction",
            )
            return
        if body and not names:
            self.warn(
                section.body_lines[0],
                "no_program_list",
                f"{block.plan_title} ({section.category_no}): the text ends without a （…） list of programs",
            )
        self.programs(plan_id, iid, section, names)

    def programs(self, plan_id: str, iid: str, section: Section, names: list[str]) -> None:
        seq0 = sum(1 for p in self.records.programs if p["initiative_id"] == iid)
        used = {p["program_id"] for p in self.records.programs}
        for seq, raw in enumerate(names, start=seq0 + 1):
            # the id hashes the key of the published name, so accepting a correction keeps it
            raw_key = name_key(raw)
            pid = f"{iid}-{short_hash(raw_key)}"
            dup = 2
            while pid in used:
                pid = f"{iid}-{short_hash(raw_key)}-{dup}"
                dup += 1
            used.add(pid)
            source_line = self._line_of(section, raw)
            display = display_name(raw)
            name, correction_id = apply_corrections(display)
            cls = themes.classify(name)
            if themes.UNCLASSIFIED in (cls.instrument, *cls.themes):
                self.warn(
                    source_line,
                    "unclassified_program",
                    f"program {pid} {name!r}: no keyword of pipeline/data/themes.csv matched "
                    f"(themes {';'.join(cls.themes)}, instrument {cls.instrument}); add a keyword "
                    "for its meaning to the vocabulary",
                )
            self.records.programs.append(
                {
                    "program_id": pid,
                    "plan_id": plan_id,
                    "initiative_id": iid,
                    "category_no": section.category_no,
                    "seq": seq,
                    "name_raw": raw,
                    "name": name,
                    "name_key": name_key(name) if correction_id else raw_key,
                    "is_provisional": strip_provisional(raw)[1],
                    "ocr_suspect": self.ocr_check(source_line, "programs", pid, display, correction_id),
                    "correction_id": correction_id,
                    "themes": list(cls.themes),
                    "instrument": cls.instrument,
                    "source_page": self.page_of(source_line),
                    "source_line": source_line,
                }
            )

    def ocr_check(
        self, line_no: int, table: str, record_id: str, text: str, correction_id: str | None = None
    ) -> str | None:
        """The OCR-suspect suggestion for ``text``, with one warning per suspicion."""
        found = ocr.find_suspicions(text)
        for s in found:
            done = (
                f"correction {correction_id} is applied to name"
                if correction_id
                else "if the source confirms it, add a row to pipeline/data/corrections.csv"
            )
            self.warn(
                line_no,
                "ocr_suspect",
                f"{table} {record_id}: {ocr.describe([s])}; suggested {ocr.apply_suspicions(text, [s])!r}; "
                f"the published text is kept, {done}",
            )
        return ocr.apply_suspicions(text, found) if found else None

    def _line_of(self, section: Section, raw: str) -> int:
        for n in section.body_lines:
            if raw in self.by_no[n].text:
                return n
        return section.body_lines[-1] if section.body_lines else section.heading_line

    def account(self) -> None:
        """Check that every line went to exactly one place; record the ``lines`` rows."""
        for line in self.lines:
            places = self.places.get(line.line_no, [])
            reason = self.doc.dropped.get(line.line_no)
            if reason is not None:
                places = [*places, (f"dropped.{reason}", "")]
            if not places:
                self.warn(line.line_no, "unassigned_line", f"line not assigned anywhere: {line.text[:80]!r}")
                places = [("dropped.unassigned", "")]
            elif len(places) > 1:
                self.warn(
                    line.line_no,
                    "line_assigned_twice",
                    f"line assigned to {', '.join(p for p, _ in places)}",
                    Severity.ERROR,
                )
            place, record_id = places[0]
            self.records.lines.append(
                {
                    "doc_id": self.doc.doc_id,
                    "line_no": line.line_no,
                    "page": line.page,
                    "text": line.text,
                    "place": place,
                    "record_id": record_id or None,
                    "element": line.element,
                }
            )


def extract(
    doc: Document, lines: list[Line], document: dict[str, Any], prefecture: str | None = None
) -> tuple[Records, list[Issue]]:
    """Build the table records of one segmented document.

    Args:
        doc: the segment stage's output.
        lines: the read stage's lines.
        document: the ``documents`` row so far (id, path, hash, format...).
        prefecture: the document's prefecture, for plans whose municipality is unknown.

    Returns:
        The records and the issues met (also included in ``records.warnings``).

    Raises:
        NoPlansError: the document holds no plan at all.
    """
    ex = Extractor(doc, lines, document, prefecture)
    records = ex.run()
    return records, ex.issues
