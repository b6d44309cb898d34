"""pipeline.output.columns: the records' type checks (misfits) and their fast path agree."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.output.columns import FIT_CLASSES, Column, Table, Type, _all_fit, _fits, misfits

TABLE = Table(
    "t",
    "",
    "",
    tuple(Column(t.value, t, "", "", required=t is Type.STRING) for t in Type),
    ("string",),
    ("string",),
)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False),
    st.text(max_size=3),
    st.lists(st.one_of(st.text(max_size=2), st.integers()), max_size=2),
    st.tuples(st.text(max_size=2)),
)
ROWS = st.lists(
    st.dictionaries(st.sampled_from([*(t.value for t in Type), "colour"]), VALUES, max_size=len(Type) + 1), max_size=4
)


def test_every_type_has_its_classes() -> None:
    assert set(FIT_CLASSES) == set(Type)


@settings(max_examples=400, deadline=None)
@given(ROWS)
def test_the_fast_path_passes_exactly_what_finds_no_misfit(rows: list[dict[str, Any]]) -> None:
    slow = [
        (i, c.name)
        for i, row in enumerate(rows)
        for c in TABLE.columns
        if not _fits(c, row.get(c.name)) or set(row) - TABLE.names
    ]
    assert _all_fit(TABLE, rows) == (slow == [])
    assert (misfits(TABLE, rows) == []) == (slow == [])


def test_misfits_name_the_row_column_and_value() -> None:
    rows = [{"string": "a", "int16": 1}, {"string": "b", "int16": 40_000, "boolean": 1, "size": 3}, {"int16": 2}]
    assert misfits(TABLE, rows) == [
        "t row 2: unknown column 'size'",
        "t row 2: int16 = 40000 does not fit int16",
        "t row 2: boolean = 1 does not fit boolean",
        "t row 3: string = None does not fit string",
    ]
