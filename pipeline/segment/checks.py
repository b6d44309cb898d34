"""Consistency checks on a segmented document: a slip the recognisers missed is still said.

The line ledger proves that every line went somewhere; these checks look at *where*, so
that "nothing lost" holds for meaning too.  A heading the recognisers could not read
leaves a mark in the structure — its category is missing, its text sits in the summary or
in another category, its program list in a caption — and each mark is a warning that
names the document (``doc_id``), the line and the municipality:

* ``category_missing`` — a plan without a heading for category (1), (2) or (3);
* ``category_out_of_order`` — a category after a higher one, ``duplicate_category`` — a
  category again (both at the heading's line);
* ``suspect_structure`` — a summary, caption, category or preamble line that reads like a
  category heading (:func:`~pipeline.segment.headings.reads_like_category`) or like a plan
  heading (:func:`~pipeline.segment.headings.looks_like_plan_heading`),
  a summary or caption that holds a （…） or 、-separated list of programs
  (:func:`holds_program_list`), a caption with 。 or longer than a caption;
* ``duplicate_municipality`` — two plans of one municipality with different periods (the
  same period is the extract stage's ``duplicate_plan`` error).

Each check is a pure function of the :class:`~pipeline.core.model.Document` and its lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from pipeline.core.errors import Code, Issue, Severity
from pipeline.core.model import Document, Line, PlanBlock
from pipeline.lang import municipalities
from pipeline.lang.categories import load_categories
from pipeline.lang.municipalities import compact
from pipeline.segment.config import SegmentConfig
from pipeline.segment.headings import clean_heading, looks_like_plan_heading, reads_like_category

#: A line ending in a bracketed group (a trailing 。 and spaces aside), one level of nesting
#: allowed inside it (…（仮称）…).
_TRAILING_GROUP = re.compile(r"\(((?:[^()]|\([^()]*\))*)\)\s*[。.]?\s*$")
#: Group contents that annotate the word before them rather than list programs.
ANNOTATIONS = frozenset({"仮称"})
#: Items of a bare 、-list (a category (3) body) are short names, not clauses.
LIST_ITEM_MAX_CHARS = 40


def _depth0_items(text: str) -> list[str]:
    """The 、-separated items of ``text`` outside brackets.

    >>> _depth0_items("A事業、B（甲、乙）、C")
    ['A事業', 'B(甲、乙)', 'C']
    """
    items, depth, current = [], 0, ""
    for ch in clean_heading(text):
        depth += (ch == "(") - (ch == ")")
        if ch in "、," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += ch
    return [i.strip() for i in [*items, current] if i.strip()]


def holds_program_list(text: str, *, caption: bool) -> bool:
    """True when a summary or caption line holds what a category text ends with: a program list.

    A summary line that ends in a bracketed group (not an annotation such as （仮称））, or any
    line that is a 、-list of two or more short names without 。; for a caption, a group
    counts only when it lists two or more items (「…の様子（会場名）」 is a caption).

    >>> holds_program_list("連携を強化する（産業ときめきフェア、アントレプレナー交流支援）", caption=False)
    True
    >>> holds_program_list("事業PR販売促進助成、エンジニア確保支援事業", caption=True)
    True
    >>> holds_program_list("ものづくり EXPO2022の様子(東京たま未来メッセ)", caption=True)
    False
    """
    t = clean_heading(text)
    m = _TRAILING_GROUP.search(t)
    group = m.group(1).strip() if m and t[: m.start()].strip() else ""
    if group and group not in ANNOTATIONS and (not caption or len(_depth0_items(group)) > 1):
        return True
    items = _depth0_items(t)
    return "。" not in t and len(items) > 1 and all(len(i) <= LIST_ITEM_MAX_CHARS for i in items)


def plan_name(plan: PlanBlock) -> str:
    """The municipality a plan is credited to, for messages: the table's name, else the text."""
    muni = municipalities.by_code().get(plan.municipality_code or "")
    return muni.name if muni else plan.municipality_text


def _issue(doc_id: str, line: Line, code: Code, message: str) -> Issue:
    return Issue(doc_id, Severity.WARNING, code, line.location, message, line.line_no)


def check_categories(doc_id: str, plan: PlanBlock, lines: Mapping[int, Line]) -> Iterable[Issue]:
    """Categories of one plan: each of (1)–(3) once, in order."""
    name = plan_name(plan)
    first: dict[int, int] = {}
    for s in plan.sections:
        no = s.category_no
        if no is None:
            continue
        if no in first:
            yield _issue(
                doc_id,
                lines[s.heading_line],
                Code.DUPLICATE_CATEGORY,
                f"{name}: category ({no}) appears again (first at line {first[no]}); "
                "their texts are joined into one initiative",
            )
            continue
        if first and no < max(first):
            yield _issue(
                doc_id,
                lines[s.heading_line],
                Code.CATEGORY_OUT_OF_ORDER,
                f"{name}: category ({no}) comes after category ({max(first)}); a mistyped number "
                "credits its programs to another category",
            )
        first[no] = s.heading_line
    missing = [c.category_no for c in load_categories() if c.category_no not in first]
    if missing:
        yield _issue(
            doc_id,
            lines[plan.heading_line],
            Code.CATEGORY_MISSING,
            f"{name}: no heading for category {', '.join(f'({n})' for n in missing)}; its text went to "
            "another part of the plan. Look for a heading whose number or text was not read",
        )


def _line_findings(text: str, part: str, config: SegmentConfig) -> Iterable[str]:
    """What is suspect about one line placed in ``part`` (summary, caption or category text)."""
    like = reads_like_category(text, config)
    if like is not None:
        yield (
            f"a line of the {part} reads like the heading of category ({like[0].category_no}) "
            f"{like[0].heading_ja!r} (score {like[1]:.2f}) but was not read as one"
        )
    if looks_like_plan_heading(text, config):
        yield f"a line of the {part} reads like a plan heading but was not read as one (its place is not known)"
    if part in ("summary", "captions") and holds_program_list(text, caption=part == "captions"):
        yield f"a line of the {part} holds a list of programs, as a category's text does"
    if part == "captions" and ("。" in text or len(text.strip()) > config.caption_max_chars):
        yield f"a caption of {len(text.strip())} characters{' with 。' if '。' in text else ''} is prose, not a caption"


def check_lines(doc_id: str, plan: PlanBlock, lines: Mapping[int, Line], config: SegmentConfig) -> Iterable[Issue]:
    """Summary, caption and category lines of one plan that look like something else."""
    parts = [("summary", plan.summary_lines), ("captions", plan.caption_lines)]
    parts += [(f"category ({s.category_no}) text", s.body_lines) for s in plan.sections]
    for part, numbers in parts:
        for n in numbers:
            for finding in _line_findings(lines[n].text, part, config):
                yield _issue(
                    doc_id,
                    lines[n],
                    Code.SUSPECT_STRUCTURE,
                    f"{plan_name(plan)}: {finding}; its programs may be missing or credited elsewhere. "
                    "Check the headings around it in the source",
                )


def check_preamble(doc: Document, lines: Mapping[int, Line], config: SegmentConfig) -> Iterable[Issue]:
    """Lines before the first plan that look like a plan or category heading: a first plan
    whose heading was not read would leave its programs in the preamble."""
    for n in doc.preamble_lines:
        for finding in _line_findings(lines[n].text, "preamble", config):
            yield _issue(
                doc.doc_id,
                lines[n],
                Code.SUSPECT_STRUCTURE,
                f"before the first plan: {finding}; a plan whose heading was not read loses its programs. "
                "Check the heading in the source",
            )


def check_municipalities(doc: Document, lines: Mapping[int, Line]) -> Iterable[Issue]:
    """Two plans of one municipality with different periods in one document."""
    first: dict[str, PlanBlock] = {}
    for plan in doc.plans:
        key = plan.municipality_code or compact(plan.municipality_text)
        earlier = first.setdefault(key, plan)
        if earlier is not plan and earlier.period_raw != plan.period_raw:
            yield _issue(
                doc.doc_id,
                lines[plan.heading_line],
                Code.DUPLICATE_MUNICIPALITY,
                f"{plan_name(plan)}: a second plan of this municipality (the first at line "
                f"{earlier.heading_line}); a mistyped name in a heading moves a plan's programs",
            )


def check_structure(doc: Document, lines: Iterable[Line], config: SegmentConfig) -> list[Issue]:
    """Every consistency check on every plan of a segmented document.

    Args:
        doc: the segmented document.
        lines: its lines (every line the document's structure names).
        config: the segmentation parameters (caption length, category threshold).

    Returns:
        The warnings: the preamble's, plan by plan, then the document-wide ones.
    """
    by_no = {ln.line_no: ln for ln in lines}
    issues: list[Issue] = list(check_preamble(doc, by_no, config))
    for plan in doc.plans:
        issues += check_categories(doc.doc_id, plan, by_no)
        issues += check_lines(doc.doc_id, plan, by_no, config)
    issues += check_municipalities(doc, by_no)
    return issues
