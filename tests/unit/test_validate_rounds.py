"""pipeline.output.validate on the tables of announcements and program links: keys, foreign
keys, dates, scores, ``start_fy <= end_fy``, ``end_fy = start_fy + support_years - 1`` and
the sides of a program link."""

from __future__ import annotations

import copy

import pytest
from test_validate import PLAN, PROG, good

from pipeline.output.validate import CODE, validate_tables

ANN = {
    "announcement_id": "ann-2017-03-06-85e669",
    "doc_id": "d",
    "published_on": "2017-03-06",
    "published_on_source": "text",
    "start_fy": 2017,
    "end_fy": 2019,
    "support_years": 3,
    "subsidy_cap_yen": 100_000_000,
    "source_line": 8,
}
LISTED = {
    "announcement_id": "ann-2017-03-06-85e669",
    "seq": 1,
    "municipality": "品川区",
    "municipality_raw": "品川区",
    "municipality_code": "131091",
    "plan_id": None,
    "source_line": 11,
}
PLAN_2026 = {**PLAN, "plan_id": "131091-2026", "start_fy": 2026, "end_fy": 2028}
PROG_2026 = {**PROG, "program_id": "131091-2026-1-bbbb", "plan_id": "131091-2026", "initiative_id": "131091-2023-1"}
LINK = {
    "link_id": "131091-2026:131091-2026-1-bbbb",
    "municipality_code": "131091",
    "municipality": "品川区",
    "previous_plan_id": "131091-2023",
    "plan_id": "131091-2026",
    "previous_program_id": "131091-2023-1-aaaa",
    "program_id": "131091-2026-1-bbbb",
    "link": "similar",
    "score": 0.5,
}


def rounds() -> dict[str, list[dict]]:
    rows = good()
    rows["plans"].append(dict(PLAN_2026))
    rows["programs"].append(dict(PROG_2026))
    rows.update(announcements=[dict(ANN)], announcement_municipalities=[dict(LISTED)], program_links=[dict(LINK)])
    return copy.deepcopy(rows)


def test_valid_round_tables_pass() -> None:
    assert validate_tables(rounds()) == []


@pytest.mark.parametrize(
    ("table", "change", "location"),
    [
        ("announcements", {"published_on": "2017-02-30"}, "announcements.published_on"),
        ("announcements", {"published_on": "平成29年3月6日"}, "announcements.published_on"),
        ("announcements", {"end_fy": 2020}, "announcements.(table)"),  # 2017 + 3 - 1 = 2019
        ("announcements", {"start_fy": 2020}, "announcements.(table)"),  # after end_fy, and not the span
        ("announcements", {"published_on_source": "guess"}, "announcements.published_on_source"),
        ("announcements", {"doc_id": "other"}, "announcements.doc_id"),
        ("announcement_municipalities", {"announcement_id": "ann-x"}, "announcement_municipalities.announcement_id"),
        ("announcement_municipalities", {"plan_id": "131091-2017"}, "announcement_municipalities.plan_id"),
        ("plans", {"announcement_id": "ann-x"}, "plans.announcement_id"),
        ("program_links", {"score": 1.5}, "program_links.score"),
        ("program_links", {"link": "renamed"}, "program_links.link"),
        ("program_links", {"previous_plan_id": "131091-2017"}, "program_links.previous_plan_id"),
        ("program_links", {"program_id": None}, "program_links.(table)"),  # similar names both sides
    ],
)
def test_broken_round_record_is_reported(table: str, change: dict, location: str) -> None:
    rows = rounds()
    rows[table][0].update(change)
    issues = validate_tables(rows)
    assert location in {i.location for i in issues}
    assert all(i.code == CODE and i.severity == "error" for i in issues)


def test_span_is_checked_only_when_all_three_are_known() -> None:
    rows = rounds()
    rows["announcements"][0].update(end_fy=None)
    assert validate_tables(rows) == []
    rows["announcements"][0].update(end_fy=2019, support_years=None)
    assert validate_tables(rows) == []


@pytest.mark.parametrize(
    ("link", "previous", "later", "valid"),
    [
        ("new", None, "131091-2026-1-bbbb", True),
        ("ended", "131091-2023-1-aaaa", None, True),
        ("new", "131091-2023-1-aaaa", "131091-2026-1-bbbb", False),
        ("ended", "131091-2023-1-aaaa", "131091-2026-1-bbbb", False),
    ],
)
def test_link_sides(link: str, previous: str | None, later: str | None, valid: bool) -> None:
    rows = rounds()
    rows["program_links"][0].update(link=link, previous_program_id=previous, program_id=later, score=None)
    assert (validate_tables(rows) == []) == valid


def test_duplicate_approval_key() -> None:
    rows = rounds()
    rows["announcement_municipalities"].append(dict(LISTED))
    assert [i.location for i in validate_tables(rows)] == ["announcement_municipalities.(table)"]
