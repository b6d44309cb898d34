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
#: The real press release, and a release of the made-up rounds (more sections, a list one a line).
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RELEASE_LINES = [
    *(FIXTURES / "release" / "press_release_2017-03-06.txt").read_text(encoding="utf-8").split("\n"),
    *(FIXTURES / "rounds" / "r1_release.txt").read_text(encoding="utf-8").split("\n"),
    *(FIXTURES / "rounds" / "r3_release_and_overview.txt").read_text(encoding="utf-8").split("\n")[:20],
]
#: Characters that steer the segmenter and extractor: brackets, separators, numbers, marks.
SPECIAL = list("（）()「」【】、，。：:～〜~#①④⑳(1)(3)(9)０１２３４５6789令和年度計画期間 \t")
CONFIG = SegmentConfig(prefecture="東京都")
#: Generated documents per run; raise it for a longer search: PROPERTY_EXAMPLES=5000 make test
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "300"))


@st.composite
def mutated_line(draw: st.DrawFn, pool: list[str] = REAL_LINES) -> str:
    text = draw(st.sampled_from(pool))
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
    if doc.release is not None:
        r = doc.release
        seen.update([*r.header_lines, *r.subtitle_lines, *r.lead_lines, *r.other_lines])
        seen.update(n for n in [r.title_line] if n is not None)
        for section in r.sections:  # a heading is dropped (counted there) unless the section is "other"
            heading = section.heading_line if section.kind == "other" else None
            seen.update(n for n in [heading, *section.body_lines] if n is not None)
    for plan in doc.plans:
        seen[plan.heading_line] += 1
        if plan.period_line is not None and plan.period_line != plan.heading_line:
            seen[plan.period_line] += 1
        seen.update(plan.period_more_lines)
        seen.update(plan.summary_lines)
        seen.update(plan.caption_lines)
        for s in plan.sections:
            seen[s.heading_line] += 1
            seen.update(s.heading_more_lines)
            seen.update(n for n in [s.subheading_line] if n is not None)
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


@st.composite
def releases_and_plans(draw: st.DrawFn) -> list[str]:
    """A run of release lines (possibly truncated, mutated lines mixed in) before a run of plan lines."""
    start = draw(st.integers(0, len(RELEASE_LINES) - 1))
    release = RELEASE_LINES[start : start + draw(st.integers(0, len(RELEASE_LINES) - start))]
    extra = draw(st.lists(mutated_line(RELEASE_LINES), max_size=10))
    mixed = list(draw(st.permutations(release + extra))) if draw(st.booleans()) else release + extra
    plans = REAL_LINES[: draw(st.integers(0, len(REAL_LINES)))]
    return mixed + plans


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(releases_and_plans())
def test_every_line_of_a_release_lands_exactly_once(texts: list[str]) -> None:
    lines = [Line(line_no=i, text=t) for i, t in enumerate(texts, start=1)]
    doc, _ = segment("prop", lines, CONFIG)
    assert places_in(doc) == Counter(ln.line_no for ln in lines)
    try:
        records = extract(doc, lines, "東京都", None)
    except NoPlansError:
        assert doc.plans == [] and doc.release is None
        return
    event("release" if doc.release is not None else "no release")
    assert [r["line_no"] for r in records.lines] == [ln.line_no for ln in lines]
    assert not {i.code for i in records.warnings} & {"unassigned_line", "line_assigned_twice"}
    assert len(records.announcements) == (doc.release is not None)
