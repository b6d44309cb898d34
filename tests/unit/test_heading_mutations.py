"""No silent change, property-based: slips in the real document's headings are read or warned.

One heading line of the real announcement is mutated the way people slip when they type or
convert an announcement: the number of a category heading dropped, written in another form
(``（１）``, ``⑴``, ``①``, ``1``, ``1.``, ``【取組１】``, ``第1``, ``(一)``, ``一、``…) or
changed; a character of the municipality name swapped in a plan heading's title or brackets;
the heading marks or brackets dropped; a space added or removed anywhere.  Then either the
extracted programs — (plan_id, category_no, name), in order — are exactly those of the
unmutated document, or a *strict* warning (one that fails ``--strict``) names the mutated line.
A program moved to another plan or category, or lost, without a word on that line fails.

Examples per run: ``HEADING_MUTATION_EXAMPLES`` (40 by default, a few seconds in the normal
suite; ``HEADING_MUTATION_EXAMPLES=2000 make test`` for a thorough search, about two minutes).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pipeline.core.errors import Issue
from pipeline.core.model import Line
from pipeline.core.registry import STRICT_CODES
from pipeline.extract import extract
from pipeline.lang.municipalities import load_table
from pipeline.segment import SegmentConfig, segment

REAL_DOC = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "000_5eb07730d5f2e640.txt"
LINES = REAL_DOC.read_text(encoding="utf-8").split("\n")
CONFIG = SegmentConfig(prefecture="東京都")
#: Examples per run; raise it for a longer search: HEADING_MUTATION_EXAMPLES=1000 make test
EXAMPLES = int(os.environ.get("HEADING_MUTATION_EXAMPLES", "40"))

#: The real document's headings, by their published form.
CATEGORY = re.compile(r"^(?P<marks>#* ?)\((?P<n>\d)\)\s?(?P<text>.+)$")
PLAN = re.compile(r"^(?P<marks>#* ?)「(?P<name>[^「」]+?)(?P<suffix>地域産業活性化計画)」（(?P=name)）(?P<rest>.*)$")
CATEGORY_LINES = [i for i, t in enumerate(LINES) if CATEGORY.match(t)]
PLAN_LINES = [i for i, t in enumerate(LINES) if PLAN.match(t)]

KANJI = "〇一二三四五六七八九十"
FULL = "０１２３４５６７８９"
CIRCLED = "⓪①②③④⑤⑥⑦⑧⑨"
PAREN_DIGITS = " ⑴⑵⑶⑷⑸⑹⑺⑻⑼"
#: Every common form of a category number n.
FORMS = [
    lambda n: f"({n})",
    lambda n: f"（{FULL[n]}）",
    lambda n: PAREN_DIGITS[n],
    lambda n: CIRCLED[n],
    lambda n: f"{n}",
    lambda n: FULL[n],
    lambda n: f"{n}.",
    lambda n: f"{FULL[n]}．",
    lambda n: f"{n})",
    lambda n: f"【取組{FULL[n]}】",
    lambda n: f"第{n}",
    lambda n: f"取組{n}",
    lambda n: f"({KANJI[n]})",
    lambda n: f"（{KANJI[n]}）",
    lambda n: f"{KANJI[n]}、",
]
SPACES = ["", " ", "　"]
#: Characters a swapped name character becomes: those of real municipality names (so that a
#: swap can make another real name), the kind suffixes, and look-alikes.
NAME_CHARS = sorted({c for m in load_table() for c in m.name} | set("区市町村目白日曰田由"))


def programs(lines: list[str]) -> tuple[list[tuple[str, int, str]], list[Issue]]:
    stream = [Line(line_no=i, text=t) for i, t in enumerate(lines, start=1)]
    doc, seg_issues = segment("mut", stream, CONFIG)
    records = extract(doc, stream, "東京都")
    found = [(p["plan_id"], p["category_no"], p["name"]) for p in records.programs]
    return found, [*seg_issues, *records.warnings]


BASELINE, BASELINE_ISSUES = programs(LINES)


@st.composite
def space_slip(draw: st.DrawFn, text: str) -> str:
    """A space (half- or full-width) added at any position, or one removed."""
    spaces = [i for i, c in enumerate(text) if c in " 　"]
    if spaces and draw(st.booleans()):
        i = draw(st.sampled_from(spaces))
        return text[:i] + text[i + 1 :]
    i = draw(st.integers(0, len(text)))
    return text[:i] + draw(st.sampled_from([" ", "　"])) + text[i:]


@st.composite
def category_slip(draw: st.DrawFn, text: str) -> str:
    m = CATEGORY.match(text)
    if m is None:  # an earlier slip already broke the form: only spaces now
        return draw(space_slip(text))
    n, marks, body = int(m["n"]), m["marks"], m["text"]
    kind = draw(st.sampled_from(["drop", "form", "renumber", "marks", "space"]))
    if kind == "drop":
        return draw(st.sampled_from([marks, ""])) + body
    if kind == "space":
        return draw(space_slip(text))
    if kind == "marks":
        return draw(st.sampled_from(["", "# ", "### ", "■", "◆ "])) + f"({n}){body}"
    if kind == "renumber":
        n = draw(st.sampled_from([k for k in range(1, 5) if k != n]))
    form = draw(st.sampled_from(FORMS))
    return marks + form(n) + draw(st.sampled_from(SPACES)) + body


@st.composite
def plan_slip(draw: st.DrawFn, text: str) -> str:
    m = PLAN.match(text)
    if m is None:
        return draw(space_slip(text))
    name, title_name, rest = m["name"], m["name"], m["rest"]
    kind = draw(st.sampled_from(["title", "bracket", "both", "marks", "quotes", "no_bracket", "space"]))
    if kind == "space":
        return draw(space_slip(text))
    if kind in ("title", "bracket", "both"):
        i = draw(st.integers(0, len(name) - 1))
        swapped = name[:i] + draw(st.sampled_from(NAME_CHARS)) + name[i + 1 :]
        title_name = name if kind == "bracket" else swapped
        name = name if kind == "title" else swapped
    marks = "" if kind == "marks" else m["marks"]
    open_, close = ("", "") if kind == "quotes" else ("「", "」")
    bracket = "" if kind == "no_bracket" else f"（{name}）"
    return f"{marks}{open_}{title_name}{m['suffix']}{close}{bracket}{rest}"


@st.composite
def mutated_document(draw: st.DrawFn) -> tuple[list[str], int]:
    """The real document with one heading line slipped once or twice; the line's number."""
    index = draw(st.sampled_from(CATEGORY_LINES + PLAN_LINES))
    text = LINES[index]
    for _ in range(draw(st.integers(1, 2))):
        text = draw(category_slip(text) if index in CATEGORY_LINES else plan_slip(text))
    lines = list(LINES)
    lines[index] = text
    return lines, index + 1


def test_the_unmutated_document_has_no_strict_warning() -> None:
    assert len(CATEGORY_LINES) == 18 and len(PLAN_LINES) == 6
    assert len(BASELINE) == 43
    assert not {i.code for i in BASELINE_ISSUES} & STRICT_CODES


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_document())
def test_a_heading_slip_is_read_or_warned_on_its_line(case: tuple[list[str], int]) -> None:
    lines, line_no = case
    found, issues = programs(lines)
    if found == BASELINE:
        event("programs unchanged")
        return
    on_line = sorted({str(i.code) for i in issues if i.line_no == line_no and i.code in STRICT_CODES})
    event(f"changed, warned: {on_line[0] if on_line else 'nothing'}")
    assert on_line, (
        f"line {line_no} {lines[line_no - 1]!r} changed the programs without a strict warning on it; "
        f"warnings: {[(str(i.code), i.line_no) for i in issues]}"
    )
