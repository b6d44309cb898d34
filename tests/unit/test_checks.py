"""pipeline.output.checks: the vectorised pass over the Arrow tables never says "holds" where
pandera finds a failure, says "holds" on valid tables (so pandera is skipped), and when a rule
fails the report is pandera's own."""

from __future__ import annotations

import sys

import pyarrow as pa
import pytest
from test_validate import good
from test_validate_rounds import rounds

from pipeline.driver.outputs import validation_issues as validate_storage
from pipeline.output.checks import link_sides_hold, tables_hold
from pipeline.output.schema import TABLES
from pipeline.output.storage import storage_tables
from pipeline.output.validate import validate_tables

#: Broken records that Arrow can store (a value of the wrong type cannot reach the pass).
BROKEN = [
    ("programs", {"plan_id": "999999-2023"}),
    ("programs", {"name_raw": None}),
    ("programs", {"category_no": 4}),
    ("programs", {"instrument": "loan-ish"}),
    ("plans", {"municipality_code": "131092"}),
    ("plans", {"start_fy": 2026}),
    ("plans", {"municipality_kind": "県"}),
    ("plans", {"announcement_id": "ann-x"}),
    ("initiatives", {"category": "misc"}),
    ("announcements", {"published_on": "2017-02-30"}),
    ("announcements", {"published_on": "平成29年3月6日"}),
    ("announcements", {"end_fy": 2020}),
    ("announcements", {"start_fy": 2020}),
    ("announcements", {"published_on_source": "guess"}),
    ("announcements", {"doc_id": "other"}),
    ("announcement_municipalities", {"announcement_id": "ann-x"}),
    ("announcement_municipalities", {"plan_id": "131091-2017"}),
    ("program_links", {"score": 1.5}),
    ("program_links", {"link": "renamed"}),
    ("program_links", {"link": None}),
    ("program_links", {"previous_plan_id": "131091-2017"}),
    ("program_links", {"program_id": None}),
]


def test_valid_tables_hold_and_pandera_is_not_needed() -> None:
    for rows in (good(), rounds()):
        tables = storage_tables(TABLES, rows)
        assert tables_hold(tables)
        assert validate_storage(tables) == [] == validate_tables(rows)


@pytest.mark.parametrize(("table", "change"), BROKEN)
def test_a_broken_record_is_found_and_reported_by_pandera(table: str, change: dict) -> None:
    rows = rounds()
    rows[table][0].update(change)
    tables = storage_tables(TABLES, rows)
    assert not tables_hold(tables)
    found = validate_storage(tables)
    assert found == validate_tables(rows) != []


def test_a_nan_is_left_to_pandera() -> None:
    rows = rounds()
    rows["program_links"][0].update(score=float("nan"))  # pandas reads it as missing
    tables = storage_tables(TABLES, rows)
    assert not tables_hold(tables)
    assert validate_storage(tables) == validate_tables(rows)


@pytest.mark.parametrize("table", ["programs", "lines", "announcement_municipalities"])
def test_duplicate_keys_are_found(table: str) -> None:
    rows = rounds()
    rows[table].append(dict(rows[table][0]))
    tables = storage_tables(TABLES, rows)
    assert not tables_hold(tables)
    assert validate_storage(tables) == validate_tables(rows) != []


def test_span_is_checked_only_when_all_three_are_known() -> None:
    rows = rounds()
    rows["announcements"][0].update(end_fy=None)
    assert tables_hold(storage_tables(TABLES, rows))
    rows["announcements"][0].update(end_fy=2019, support_years=None)
    assert tables_hold(storage_tables(TABLES, rows))


@pytest.mark.parametrize(
    ("link", "previous", "later", "valid"),
    [
        ("new", None, "b", True),
        ("ended", "a", None, True),
        ("same", "a", "b", True),
        ("new", "a", "b", False),
        ("ended", "a", "b", False),
        ("similar", None, "b", False),
    ],
)
def test_link_sides(link: str, previous: str | None, later: str | None, valid: bool) -> None:
    data = pa.table({"link": [link], "previous_program_id": [previous], "program_id": [later]})
    assert link_sides_hold(data) == valid


def test_pandera_is_not_imported_when_every_rule_holds() -> None:
    sys.modules.pop("pipeline.output.validate", None)
    assert validate_storage(storage_tables(TABLES, rounds())) == []
    assert "pipeline.output.validate" not in sys.modules
