"""The validation rules, and a vectorised pass over the assembled Arrow tables that finds
whether any of them fails.

:mod:`pipeline.output.validate` states every rule as a pandera schema and explains each
failure (which records, which document).  Running pandera means a pandas frame of every
table and a Python call per value for the element-wise rules: most of a rebuild's time on
a large corpus, to find nothing wrong.  So the build first runs the same rules here on the
Arrow columns (:func:`tables_hold`): null counts for required columns, distinct counts for
keys, set membership for domains and foreign keys, Arrow arithmetic for ordered pairs and
spans, and each value rule once per *distinct* value.  When every rule holds, pandera would
find nothing and is not run (nor imported); when one fails, or the data is of a kind this
pass does not decide (a NaN, a key with a missing part), pandera validates the tables as
before and its report is the one kept (:func:`pipeline.driver.outputs.validation_issues`).  This pass only decides
whether to look closer, so it must never say "holds" where pandera would fail.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from pipeline.core.errors import Code
from pipeline.lang.categories import load_categories
from pipeline.lang.municipalities import is_valid_code
from pipeline.output.schema import TABLES, Table, Type
from pipeline.output.schema_rounds import LINK_KINDS

CODE = Code.VALIDATION_FAILED


@dataclass(frozen=True, slots=True)
class ValueRule:
    """A test every non-null value of a column (by name, in any table) must pass."""

    name: str
    test: Callable[[Any], bool]
    hint: str


#: Value rules by column name.
@functools.cache
def _category_numbers() -> frozenset[int]:
    return frozenset(c.category_no for c in load_categories())


VALUE_RULES: dict[str, ValueRule] = {
    "municipality_code": ValueRule(
        "jis_check_digit",
        lambda v: is_valid_code(str(v)),
        "6 digits whose last is the JIS X 0402 check digit; fix pipeline/data/municipalities.csv",
    ),
    "category_no": ValueRule(
        "known_category",
        lambda v: int(v) in _category_numbers(),
        "a category_no listed in pipeline/data/categories.csv",
    ),
    "score": ValueRule("unit_interval", lambda v: 0 <= float(v) <= 1, "a score between 0 and 1"),
}


def is_iso_date(value: Any) -> bool:
    """A real day written ``YYYY-MM-DD``.

    >>> is_iso_date("2017-03-06"), is_iso_date("2017-02-30"), is_iso_date("2017/03/06")
    (True, False, False)
    """
    try:
        return datetime.date.fromisoformat(str(value)).isoformat() == str(value)
    except ValueError:
        return False


#: Value rules by column type.
TYPE_RULES: dict[Type, ValueRule] = {
    Type.DATE: ValueRule("iso_date", is_iso_date, "a real day written YYYY-MM-DD"),
}

#: (lower, upper) column pairs: on every table with both, lower <= upper when both are set.
ORDERED_PAIRS: tuple[tuple[str, str], ...] = (("start_fy", "end_fy"),)
#: (first, last, count) columns: on every table with the three, last = first + count - 1 when all are set.
SPANS: tuple[tuple[str, str, str], ...] = (("start_fy", "end_fy", "support_years"),)
#: Which side of a program link each kind names: (previous_program_id set, program_id set).
LINK_SIDES: dict[str, tuple[bool, bool]] = {
    "same": (True, True),
    "similar": (True, True),
    "new": (False, True),
    "ended": (True, False),
}
assert set(LINK_SIDES) == set(LINK_KINDS), "every kind of program link needs its sides"


def link_sides_hold(data: pa.Table) -> bool:
    """Every program link names the programs its kind says (:data:`LINK_SIDES`).

    >>> link_sides_hold(pa.table({"link": ["new", "ended"], "previous_program_id": [None, "a"],
    ...                           "program_id": ["b", None]}))
    True
    >>> link_sides_hold(pa.table({"link": ["same"], "previous_program_id": [None], "program_id": ["b"]}))
    False
    """
    rows = zip(*(data.column(c).to_pylist() for c in ("link", "previous_program_id", "program_id")), strict=True)
    return all(
        LINK_SIDES.get(str(link), (None, None)) == (prev is not None, later is not None) for link, prev, later in rows
    )


#: The vectorised form of each rule on one table's rows (:data:`pipeline.output.validate.ROW_RULES`).
ROW_TESTS: dict[str, Callable[[pa.Table], bool]] = {"program_links": link_sides_hold}


def _values_hold(values: pa.Array, test: Callable[[Any], bool]) -> bool:
    """``test`` holds for every distinct non-null value (an error in it counts as a failure)."""
    try:
        return all(test(v) for v in values.drop_null().unique().to_pylist())
    except Exception:  # pandera reports it: let it look
        return False


def _within(values: pa.Array, allowed: pa.Array) -> bool:
    """Every non-null value is one of ``allowed`` (values of another type: undecided, so False)."""
    import pyarrow.compute as pc

    present = values.drop_null()
    if not len(present):
        return True
    if present.type != allowed.type:
        return False
    return bool(pc.all(pc.is_in(present, value_set=allowed)).as_py())


def _keys_unique(table: Table, data: pa.Table) -> bool:
    key = list(table.primary_key)
    if not key or data.num_rows < 2:
        return True
    if any(data.column(k).null_count for k in key):
        return False
    if len(key) == 1:
        import pyarrow.compute as pc

        return bool(pc.count_distinct(data.column(key[0])).as_py() == data.num_rows)
    return bool(data.select(key).group_by(key).aggregate([]).num_rows == data.num_rows)


def _column_holds(table: Table, data: pa.Table, name: str, parents: Mapping[str, pa.Table]) -> bool:
    """The rules of one column: required, domain, foreign key, value and type rules."""
    import pyarrow.compute as pc

    col = next(c for c in table.columns if c.name == name)
    values = data.column(name).combine_chunks()
    if col.required and values.null_count:
        return False
    if pa.types.is_floating(values.type) and pc.any(pc.is_nan(values)).as_py():
        return False  # pandas reads NaN as missing: let pandera decide
    is_list = pa.types.is_list(values.type)
    if col.enum:
        items = pc.list_flatten(values) if is_list else values
        if (is_list and items.null_count) or not pa.types.is_string(items.type):
            return False
        if not _within(items, pa.array(sorted(col.enum), pa.string())):
            return False
    rules = [r for r in (VALUE_RULES.get(name), TYPE_RULES.get(col.type)) if r is not None]
    fks = [fk for fk in table.foreign_keys if fk.column == name]
    if is_list:
        return not rules and not fks
    for fk in fks:
        parent = parents.get(fk.table)
        if parent is None or not _within(values, parent.column(fk.target).combine_chunks().drop_null().unique()):
            return False
    return all(_values_hold(values, rule.test) for rule in rules)


def _pairs_hold(data: pa.Table) -> bool:
    """The ordered pairs and spans of :data:`ORDERED_PAIRS` and :data:`SPANS` on one table."""
    import pyarrow.compute as pc

    names = set(data.column_names)

    def number(c: str) -> pa.ChunkedArray | None:
        values = data.column(c)
        return values.cast(pa.int64()) if pa.types.is_integer(values.type) else None

    for lo, hi in ORDERED_PAIRS:
        if {lo, hi} <= names:
            a, b = number(lo), number(hi)
            if a is None or b is None or pc.any(pc.greater(a, b)).as_py():
                return False
    for first, last, count in SPANS:
        if {first, last, count} <= names:
            a, b, n = number(first), number(last), number(count)
            if a is None or b is None or n is None:
                return False
            if pc.any(pc.not_equal(b, pc.subtract(pc.add(a, n), 1))).as_py():
                return False
    return True


def table_holds(table: Table, data: pa.Table, parents: Mapping[str, pa.Table]) -> bool:
    """Whether every rule of :mod:`pipeline.output.validate` holds for one table's storage Arrow."""
    if data.column_names != list(table.column_names):
        return False
    if table.name in ROW_TESTS and not ROW_TESTS[table.name](data):
        return False
    if not _keys_unique(table, data) or not _pairs_hold(data):
        return False
    return all(_column_holds(table, data, c.name, parents) for c in table.columns)


def tables_hold(tables: Mapping[str, pa.Table]) -> bool:
    """Whether every rule holds for every table of :data:`pipeline.output.schema.TABLES`."""
    return all(table_holds(table, tables[name], tables) for name, table in TABLES.items())
