"""The "nothing lost" guarantee, property-based: documents generated from real fragments.

Lines of the real announcement are sampled, shuffled, truncated, duplicated and mutated
(characters deleted, inserted, swapped for brackets, digits and full-width forms); the
segmenter and extractor must never raise (except the documented ``NoPlansError``) and
every input line must land in exactly one place.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pipeline.core.errors import NoPlansError
from pipeline.core.model import Document, Line
from pipeline.extract import extract
from pipeline.segment import SegmentConfig, segment

REAL_DOC = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "corpus" / "000_5eb07730d5f2e640.txt"
REAL_LINES = REAL_DOC.read_text(encoding="utf-8").split("\n")
#: Characters that steer the segmenter and extractor: brackets, separators, numbers, marks.
SPECIAL = list("（）()「」【】、，。：:～〜~#①④⑳(1)(3)(9)０１２３４５6789令和年度計画期間 \t")
CONFIG = SegmentConfig(prefecture="東京都")
#: Generated documents per run; raise it for a longer search: PROPERTY_EXAMPLES=5000 make test
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "300"))


@st.composite
def mutated_line(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(REAL_LINES))
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["cut", "insert", "replace", "truncate", "keep"]))
        if not text or op == "keep":
            continue
        i = draw(st.integers(0, len(text) - 1))
        if op == "cut":
            text = text[:i] + text[i + 1 :]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(SPECIAL)) + text[i:]
        elif op == "replace":
            text = text[:i] + draw(st.sampled_from(SPECIAL)) + text[i + 1 :]
        else:
            text = text[:i]
    return text


@st.composite
def documents(draw: st.DrawFn) -> list[str]:
    """A real run of lines (possibly truncated) mixed with shuffled and mutated lines."""
    start = draw(st.integers(0, len(REAL_LINES) - 1))
    length = draw(st.integers(0, len(REAL_LINES) - start))
    run = REAL_LINES[start : start + length]
    extra = draw(st.lists(mutated_line(), max_size=25))
    lines = run + extra
    order = draw(st.sampled_from(["as_is", "shuffle", "interleave"]))
    if order == "shuffle":
        lines = draw(st.permutations(lines))
    elif order == "interleave" and extra:
        pos = draw(st.lists(st.integers(0, len(run)), min_size=len(extra), max_size=len(extra)))
        lines = list(run)
        for p, e in sorted(zip(pos, extra, strict=True), reverse=True):
            lines.insert(p, e)
    return list(lines)


def places_in(doc: Document) -> Counter[int]:
    """How many times each line number appears in the segmented structure."""
    seen: Counter[int] = Counter(doc.dropped.keys())
    seen.update(n for n in [doc.title_line] if n is not None)
    seen.update(doc.preamble_lines)
    for plan in doc.plans:
        seen[plan.heading_line] += 1
        if plan.period_line is not None and plan.period_line != plan.heading_line:
            seen[plan.period_line] += 1
        seen.update(plan.summary_lines)
        seen.update(plan.caption_lines)
        for s in plan.sections:
            seen[s.heading_line] += 1
            seen.update(s.body_lines)
    return seen


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_line_lands_exactly_once(texts: list[str]) -> None:
    lines = [Line(line_no=i, text=t) for i, t in enumerate(texts, start=1)]
    doc, _ = segment("prop", lines, CONFIG)
    numbers = [ln.line_no for ln in lines]
    assert places_in(doc) == Counter(numbers)  # the segmenter puts each line in one place
    try:
        records = extract(doc, lines, "東京都")
        issues = records.warnings
    except NoPlansError:
        assert doc.plans == []
        event("no plan")
        return
    event(f"{min(len(doc.plans), 3)}+ plans" if len(doc.plans) >= 3 else f"{len(doc.plans)} plan(s)")
    assert [r["line_no"] for r in records.lines] == numbers
    assert all(r["place"] != "dropped.unassigned" for r in records.lines)
    assert not {i.code for i in issues} & {"unassigned_line", "line_assigned_twice"}
    ids = [p["plan_id"] for p in records.plans]
    assert len(ids) == len(set(ids))  # plan ids stay unique, whatever is repeated
