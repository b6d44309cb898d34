"""Validation of the assembled tables with pandera, before they are written.

Every rule is derived from :mod:`pipeline.output.schema` (the one source of column
metadata), so a column added there is validated without a change here:

* types: each value must convert to the column's type (``Int16``, ``boolean``...);
* ``required`` columns are non-null;
* primary keys are unique (one column, or the combination of several);
* foreign keys: every value is a key of the referenced table;
* ``enum`` columns take values from their domain (for a list column, every item);
* generic value rules by column name (:data:`VALUE_RULES`: the JIS X 0402 check
  digit of ``municipality_code``, ``category_no`` in
  ``pipeline/data/categories.csv``, a ``score`` in [0, 1]) and by type
  (:data:`TYPE_RULES`: a ``date`` is a real ISO 8601 day), ordered pairs
  (:data:`ORDERED_PAIRS`: ``start_fy <= end_fy``) and spans (:data:`SPANS`:
  ``end_fy = start_fy + support_years - 1`` when all three are known) on every table that
  has those columns;
* rules of one table's rows (:data:`ROW_RULES`: a program link of kind ``same`` or
  ``similar`` names both programs, ``new`` only the later one, ``ended`` only the earlier).

A failure does not stop the build: :func:`validate_tables` returns one ``error``
:class:`~pipeline.core.errors.Issue` (code ``validation_failed``) per table, column and
rule, naming the offending records by key, so the ``warnings`` table says what to
fix and the build exits non-zero.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from pipeline.core.errors import Issue, Severity
from pipeline.output.checks import CODE, LINK_SIDES, ORDERED_PAIRS, ROW_TESTS, SPANS, TYPE_RULES, VALUE_RULES
from pipeline.output.schema import TABLES, Table, Type

logger = logging.getLogger(__name__)

#: Offending records named in one warning row; the rest are counted.
MAX_RECORDS_NAMED = 10
#: doc_id of a warning that cannot be traced to one document.
DATASET_DOC_ID = "(dataset)"
#: Foreign-key hops followed to find the document of a row without doc_id.
MAX_KEY_HOPS = 3
#: Column label of a rule on whole rows (e.g. an ordered pair).
TABLE_LEVEL = "(table)"

#: pandas dtype each schema type must convert to; other types (lists) are not coerced.
PANDAS_DTYPES: dict[str, Any] = {
    Type.STRING: pd.StringDtype(),
    Type.INT16: pd.Int16Dtype(),
    Type.INT32: pd.Int32Dtype(),
    Type.INT64: pd.Int64Dtype(),
    Type.FLOAT: pd.Float64Dtype(),
    Type.DATE: pd.StringDtype(),  # ISO text, checked by the type rule
    Type.BOOL: pd.BooleanDtype(),
    Type.CATEGORY: pd.StringDtype(),  # the domain is checked by the enum rule
}


def _in_domain(domain: frozenset[str]) -> Callable[[Any], bool]:
    def test(v: Any) -> bool:
        if isinstance(v, list | tuple):
            return all(x in domain for x in v)
        return v in domain

    return test


def _pair_check(lo: str, hi: str) -> pa.Check:
    def test(df: pd.DataFrame) -> pd.Series:
        a, b = pd.to_numeric(df[lo], errors="coerce"), pd.to_numeric(df[hi], errors="coerce")
        return a.isna() | b.isna() | (a <= b)

    return pa.Check(test, name=f"{lo}<={hi}", error=f"{lo} must not be after {hi}")


def _span_check(first: str, last: str, count: str) -> pa.Check:
    def test(df: pd.DataFrame) -> pd.Series:
        a, b, n = (pd.to_numeric(df[c], errors="coerce") for c in (first, last, count))
        return a.isna() | b.isna() | n.isna() | (b == a + n - 1)

    return pa.Check(test, name=f"{last}={first}+{count}-1", error=f"{last} must be {first} + {count} - 1")


def _link_sides_check() -> pa.Check:
    def test(df: pd.DataFrame) -> pd.Series:
        expected = df["link"].map(lambda k: LINK_SIDES.get(str(k), (None, None)))
        prev = df["previous_program_id"].notna() == expected.map(lambda e: e[0])
        later = df["program_id"].notna() == expected.map(lambda e: e[1])
        return prev & later

    return pa.Check(
        test, name="link_sides", error="same/similar name both programs, new only the later, ended only the earlier"
    )


#: Rules on the rows of one table, by table name.
ROW_RULES: dict[str, tuple[pa.Check, ...]] = {"program_links": (_link_sides_check(),)}
assert set(ROW_RULES) == set(ROW_TESTS), "every rule on a table's rows needs its vectorised form in checks"


def _table_checks(table: Table) -> list[pa.Check]:
    """The row-level checks of a table: ordered pairs, spans and its own rules."""
    names = set(table.column_names)
    checks = [_pair_check(lo, hi) for lo, hi in ORDERED_PAIRS if {lo, hi} <= names]
    checks += [_span_check(*span) for span in SPANS if set(span) <= names]
    return [*checks, *ROW_RULES.get(table.name, ())]


def pandera_schema(table: Table, parents: dict[str, dict[str, set[Any]]]) -> pa.DataFrameSchema:
    """The pandera schema of one table.

    Args:
        table: the table's metadata from :mod:`pipeline.output.schema`.
        parents: ``{table: {column: set of values}}`` of the tables referenced by
            foreign keys.

    Returns:
        A schema that coerces each column to its type and checks every rule.

    >>> from pipeline.output.schema import PLANS
    >>> s = pandera_schema(PLANS, {"documents": {"doc_id": {"d"}}})
    >>> s.columns["plan_id"].unique, s.columns["start_fy"].dtype
    (True, DataType(Int16))
    """
    fks = {fk.column: fk for fk in table.foreign_keys}
    columns = {}
    for col in table.columns:
        checks = []
        if col.enum:
            checks.append(
                pa.Check(
                    _in_domain(frozenset(col.enum)),
                    element_wise=True,
                    name="in_domain",
                    error=f"one of {', '.join(col.enum)}",
                )
            )
        if col.name in fks:
            fk = fks[col.name]
            allowed = frozenset(parents.get(fk.table, {}).get(fk.target, set()))
            checks.append(
                pa.Check(
                    lambda v, allowed=allowed: v in allowed,
                    element_wise=True,
                    name=f"foreign_key:{fk.table}.{fk.target}",
                    error=f"must be a {fk.target} of table {fk.table}",
                )
            )
        for rule in (VALUE_RULES.get(col.name), TYPE_RULES.get(col.type)):
            if rule is not None:
                checks.append(pa.Check(rule.test, element_wise=True, name=rule.name, error=rule.hint))
        dtype = PANDAS_DTYPES.get(col.type)
        columns[col.name] = pa.Column(
            dtype,
            checks=checks,
            nullable=not col.required,
            coerce=dtype is not None,
            unique=table.primary_key == (col.name,),
            required=True,
        )
    composite = list(table.primary_key) if len(table.primary_key) > 1 else None
    return pa.DataFrameSchema(columns, checks=_table_checks(table), unique=composite, strict=True, name=table.name)


def frame(table: Table, rows: list[dict[str, Any]], columns: dict[str, list[Any]] | None = None) -> pd.DataFrame:
    """Rows as an untyped (object) DataFrame with the table's columns in order.

    ``columns`` (the rows already split into columns, as the build does once for
    validation and writing) avoids splitting them again.

    >>> from pipeline.output.schema import CAPTIONS
    >>> list(frame(CAPTIONS, [{"caption_id": "x", "seq": 1}]).columns)[:3]
    ['caption_id', 'plan_id', 'seq']
    """
    if columns is None:
        columns = {c: [r.get(c) for r in rows] for c in table.column_names}
    return pd.DataFrame(
        {c: pd.Series(columns[c], dtype=object) for c in table.column_names},
        index=pd.RangeIndex(len(rows)),
    )


def _describe_row(table: Table, row: dict[str, Any], index: Any) -> str:
    if table.primary_key:
        return ":".join(str(row.get(k)) for k in table.primary_key)
    return f"row {index}" + (f" (line {row['line_no']})" if row.get("line_no") is not None else "")


def _doc_of(row: dict[str, Any], table: Table, rows: dict[str, list[dict[str, Any]]], depth: int = 0) -> str:
    """The document a row comes from: its doc_id, else through its foreign keys."""
    if row.get("doc_id"):
        return str(row["doc_id"])
    if depth < MAX_KEY_HOPS:
        for fk in table.foreign_keys:  # e.g. programs.initiative_id -> initiatives.plan_id -> plans
            for parent in rows.get(fk.table, []):
                if parent.get(fk.target) == row.get(fk.column):
                    doc = _doc_of(parent, TABLES[fk.table], rows, depth + 1)
                    if doc != DATASET_DOC_ID:
                        return doc
    return DATASET_DOC_ID


def _issues(table: Table, rows: dict[str, list[dict[str, Any]]], cases: pd.DataFrame) -> list[Issue]:
    table_rows = rows[table.name]
    out = []
    on_column = cases["schema_context"].astype(str).eq("Column")
    cases = cases.assign(
        column=cases["column"].astype(str).where(on_column, TABLE_LEVEL),
        check=cases["check"].astype(str),
    ).drop_duplicates(["column", "check", "index"])
    coerce_failed = set(cases.loc[cases["check"].str.startswith("coerce_dtype("), "column"])
    cases = cases[~(cases["check"].str.startswith("dtype(") & cases["column"].isin(coerce_failed))]
    for (column_key, check_key), group in cases.groupby(["column", "check"], sort=True):
        column, check = str(column_key), str(check_key)
        idx = [i for i in group["index"].tolist() if isinstance(i, int) and 0 <= i < len(table_rows)]
        by_doc: dict[str, list[str]] = {}
        for i in sorted(set(idx)):
            by_doc.setdefault(_doc_of(table_rows[i], table, rows), []).append(_describe_row(table, table_rows[i], i))
        if not by_doc:  # a table-level failure (missing column, wrong columns...)
            by_doc[DATASET_DOC_ID] = []
        values = sorted({str(v) for v in group["failure_case"].tolist()})[:MAX_RECORDS_NAMED]
        shown = f" (values: {', '.join(values)})" if column != TABLE_LEVEL else ""
        for doc_id, names in sorted(by_doc.items()):
            named = ", ".join(names[:MAX_RECORDS_NAMED])
            more = f" and {len(names) - MAX_RECORDS_NAMED} more" if len(names) > MAX_RECORDS_NAMED else ""
            out.append(
                Issue(
                    doc_id,
                    Severity.ERROR,
                    CODE,
                    f"{table.name}.{column}",
                    f"table {table.name}{'' if column == TABLE_LEVEL else ', column ' + column}: "
                    f"check {check} failed"
                    + (f" for {named}{more}" if named else "")
                    + f"{shown}. This is a pipeline or reference-data bug unless the "
                    "source document is wrong: fix the extraction rule or the document, "
                    "then rebuild",
                )
            )
    return out


def validate_tables(
    rows: dict[str, list[dict[str, Any]]], columns: dict[str, dict[str, list[Any]]] | None = None
) -> list[Issue]:
    """Validate every table of :data:`pipeline.output.schema.TABLES`; return the failures.

    Args:
        rows: ``{table name: list of row dicts}`` as assembled by the build.
        columns: the same rows split into columns per table, when the caller has them.

    Returns:
        One ``validation_failed`` error per table, column, rule and document.

    >>> ok = {n: [] for n in TABLES}
    >>> validate_tables(ok)
    []
    >>> bad = dict(ok, plans=[{"plan_id": "131092-2023", "doc_id": "d", "municipality": "x",
    ...     "municipality_raw": "x", "plan_title": "t", "municipality_code": "131092",
    ...     "start_fy": 2025, "end_fy": 2023, "source_line": 1}], documents=[])
    >>> sorted(i.location for i in validate_tables(bad))
    ['plans.(table)', 'plans.doc_id', 'plans.municipality_code', 'plans.municipality_code']
    >>> [i.message[:60] for i in validate_tables(bad) if i.location == "plans.(table)"]
    ['table plans: check start_fy must not be after end_fy failed ']
    """
    parents: dict[str, dict[str, set[Any]]] = {}
    for table in TABLES.values():
        for fk in table.foreign_keys:
            parents.setdefault(fk.table, {})[fk.target] = {r.get(fk.target) for r in rows.get(fk.table, [])}
    issues: list[Issue] = []
    for table in TABLES.values():
        df = frame(table, rows.get(table.name, []), (columns or {}).get(table.name))
        try:
            pandera_schema(table, parents).validate(df, lazy=True)
        except SchemaErrors as exc:
            issues.extend(_issues(table, rows, exc.failure_cases))
    for issue in issues:
        logger.error("%s: %s", issue.location, issue.message)
    return issues
