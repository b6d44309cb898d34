"""pipeline.output.validate: each rule derived from pipeline.output.schema catches a broken record."""

from __future__ import annotations

import copy

import pytest

from pipeline.driver.dimensions import dimension_rows
from pipeline.output.schema import TABLES
from pipeline.output.validate import CODE, validate_tables

DOC = {"doc_id": "d", "source_path": "d.txt", "sha256": "0" * 64, "format": "text", "status": "ok"}
PLAN = {
    "plan_id": "131091-2023",
    "doc_id": "d",
    "municipality": "品川区",
    "municipality_raw": "品川区",
    "municipality_code": "131091",
    "municipality_kind": "特別区",
    "plan_title": "t",
    "start_fy": 2023,
    "end_fy": 2025,
    "source_line": 5,
}
INIT = {
    "initiative_id": "131091-2023-1",
    "plan_id": "131091-2023",
    "category_no": 1,
    "category": "collaboration",
    "heading": "h",
    "source_line": 7,
}
PROG = {
    "program_id": "131091-2023-1-aaaa",
    "plan_id": "131091-2023",
    "initiative_id": "131091-2023-1",
    "category_no": 1,
    "seq": 1,
    "name_raw": "n",
    "name": "n",
    "name_key": "n",
    "is_provisional": False,
    "themes": ["digital"],
    "themes_rule": ["keyword:DX"],
    "instrument": "subsidy",
    "instrument_rule": "keyword:補助金@head",
    "source_line": 9,
}


def good() -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {n: [] for n in TABLES}
    rows.update(documents=[DOC], plans=[PLAN], initiatives=[INIT], programs=[PROG])
    rows["lines"] = [{"doc_id": "d", "line_no": 1, "text": "", "place": "dropped.blank"}]
    rows.update(dimension_rows(rows))  # the labels of the codes used: a foreign key of each
    return copy.deepcopy(rows)


def test_valid_tables_pass() -> None:
    assert validate_tables(good()) == []


@pytest.mark.parametrize(
    ("table", "change", "location", "named"),
    [
        ("programs", {"plan_id": "999999-2023"}, "programs.plan_id", "131091-2023-1-aaaa"),
        ("programs", {"seq": "first"}, "programs.seq", "131091-2023-1-aaaa"),
        ("programs", {"name_raw": None}, "programs.name_raw", "131091-2023-1-aaaa"),
        ("programs", {"category_no": 4}, "programs.category_no", "131091-2023-1-aaaa"),
        ("programs", {"is_provisional": "maybe"}, "programs.is_provisional", "131091-2023-1-aaaa"),
        ("plans", {"municipality_code": "131092"}, "plans.municipality_code", "131091-2023"),
        ("plans", {"start_fy": 2026}, "plans.(table)", "131091-2023"),
        ("plans", {"municipality_kind": "県"}, "plans.municipality_kind", "131091-2023"),
        ("initiatives", {"category": "misc"}, "initiatives.category", "131091-2023-1"),
    ],
)
def test_broken_record_is_named(table: str, change: dict, location: str, named: str) -> None:
    rows = good()
    rows[table][0].update(change)
    issues = validate_tables(rows)
    assert {i.location for i in issues} == {location}
    for issue in issues:  # a wrong code breaks its check digit and its foreign key: two rules
        assert issue.code == CODE and issue.severity == "error" and issue.doc_id == "d"
        assert named in issue.message


def test_duplicate_keys() -> None:
    rows = good()
    rows["programs"].append(dict(PROG))
    rows["lines"].append(dict(rows["lines"][0]))
    locations = sorted(i.location for i in validate_tables(rows))
    assert locations == ["lines.(table)", "programs.program_id"]
