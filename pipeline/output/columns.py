"""The building blocks of the table schemas: column types, columns, keys and tables.

A :class:`Table` knows its columns (type, whether required, English and Japanese
description, value domain), its keys and sort order; from these the writers derive the
Arrow schema, the CSV layout, the validation rules and the data dictionary.  The columns
several tables share (``doc_id``, ``plan_id``, ``source_line``…) are defined here once; the
tables themselves are declared in :mod:`pipeline.output.schema` and
:mod:`pipeline.output.schema_rounds`.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa


class SchemaError(ValueError):
    """A record does not fit its table's schema (a pipeline bug, not a document problem)."""


class Type(StrEnum):
    STRING = "string"
    INT16 = "int16"
    INT32 = "int32"
    INT64 = "int64"  # amounts of yen: a cap of 30億円 no longer fits 32 bits
    FLOAT = "float64"  # scores in [0, 1], rounded where they are made
    DATE = "date"  # ISO 8601 (YYYY-MM-DD) in rows and CSV, date32 in Parquet
    BOOL = "boolean"
    CATEGORY = "category"  # dictionary-encoded string for small domains
    LIST = "list<string>"  # list of strings in Parquet, ";"-joined in CSV


#: The most characters a record's text field holds: what a spreadsheet cell can show (Excel's
#: limit, 32,767).  A longer value is cut with a ``field_truncated`` warning; the ``lines``
#: table keeps the full text of every line.
MAX_CELL_CHARS = 32_767
#: The range of each integer type, for the check that a record fits its table (:func:`misfits`).
INT_RANGES = {
    Type.INT16: (-(2**15), 2**15 - 1),
    Type.INT32: (-(2**31), 2**31 - 1),
    Type.INT64: (-(2**63), 2**63 - 1),
}


@functools.cache
def arrow_types() -> dict[Type, pa.DataType]:
    """The Arrow type of each column type (pyarrow is imported on first use: a build with
    nothing to write, a no-op, does not load it).

    >>> arrow_types()[Type.CATEGORY]
    DictionaryType(dictionary<values=string, indices=int32, ordered=0>)
    """
    import pyarrow as pa

    return {
        Type.STRING: pa.string(),
        Type.INT16: pa.int16(),
        Type.INT32: pa.int32(),
        Type.INT64: pa.int64(),
        Type.FLOAT: pa.float64(),
        Type.DATE: pa.date32(),
        Type.BOOL: pa.bool_(),
        Type.CATEGORY: pa.dictionary(pa.int32(), pa.string()),
        Type.LIST: pa.list_(pa.string()),
    }


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: Type
    en: str
    ja: str
    required: bool = False
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class ForeignKey:
    column: str
    table: str
    target: str


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    en: str
    ja: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    sort_by: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default=())
    #: Columns that identify "the same record" when its primary key changed (a renamed
    #: program gets a new id): the diff pairs a removed and an added record on them.
    rename_key: tuple[str, ...] = ()
    #: The column names as a set and the required columns, for :meth:`row` (derived).
    names: frozenset[str] = field(init=False, repr=False, compare=False)
    required: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", frozenset(c.name for c in self.columns))
        object.__setattr__(self, "required", tuple(c.name for c in self.columns if c.required))

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def row(self, **values: Any) -> dict[str, Any]:
        """A record of this table: every column in schema order, unset ones empty.

        >>> t = Table("t", "", "", (Column("a", Type.STRING, "", "", required=True), Column("b", Type.INT16, "", "")), ("a",), ("a",))
        >>> t.row(a="x")
        {'a': 'x', 'b': None}
        >>> t.row(a="x", colour="red")
        Traceback (most recent call last):
        ...
        pipeline.output.columns.SchemaError: table t has no column(s) ['colour']

        Raises:
            SchemaError: a value for a column the table does not have, or a required
                column left empty (both are pipeline bugs, caught where the row is made).
        """
        if not self.names.issuperset(values):
            raise SchemaError(f"table {self.name} has no column(s) {sorted(set(values) - self.names)}")
        row = {c.name: values.get(c.name) for c in self.columns}
        missing = [name for name in self.required if row[name] is None]
        if missing:
            raise SchemaError(f"table {self.name}: required column(s) {missing} left empty")
        return row

    def arrow_schema(self) -> pa.Schema:
        import pyarrow as pa

        types = arrow_types()
        fields = [
            pa.field(
                c.name,
                types[c.type],
                nullable=not c.required,
                metadata={"description": c.en, "description_ja": c.ja},
            )
            for c in self.columns
        ]
        metadata = {
            "table": self.name,
            "description": self.en,
            "description_ja": self.ja,
            PANDAS_METADATA_KEY: json.dumps(pandas_metadata(self), ensure_ascii=False, sort_keys=True),
        }
        return pa.schema(fields, metadata=metadata)


#: Schema-metadata key that pandas (through pyarrow) reads to restore a frame's dtypes.
PANDAS_METADATA_KEY = "pandas"
#: The pandas dtype a plain ``pd.read_parquet`` gives each type: nullable integers and
#: booleans survive a missing value (a year stays Int16, never a float), text is ``string``.
#: Dictionaries become ``category`` and lists object arrays, pyarrow's defaults.
PANDAS_DTYPES: dict[Type, tuple[str, str]] = {  # type: (pandas_type, numpy_type) as pandas writes them
    Type.STRING: ("unicode", "string"),
    Type.INT16: ("int16", "Int16"),
    Type.INT32: ("int32", "Int32"),
    Type.INT64: ("int64", "Int64"),
    Type.FLOAT: ("float64", "Float64"),
    Type.DATE: ("date", "object"),
    Type.BOOL: ("bool", "boolean"),
    Type.CATEGORY: ("categorical", "int32"),
    Type.LIST: ("list[unicode]", "object"),
}
#: Oldest pandas the package supports (pyproject.toml), recorded as the metadata's writer version.
PANDAS_MIN_VERSION = "2.2.0"


def pandas_metadata(table: Table) -> dict[str, Any]:
    """The ``pandas`` schema metadata of a table, written by the pipeline itself (no library
    versions, so the Parquet bytes stay the same), so that plain ``pd.read_parquet`` gives
    the nullable dtypes ``pipeline.load()`` gives (``Int16`` years, ``boolean`` flags).

    >>> t = Table("t", "", "", (Column("y", Type.INT16, "", ""),), (), ())
    >>> [(c["name"], c["numpy_type"]) for c in pandas_metadata(t)["columns"]]
    [('y', 'Int16')]
    """
    columns = []
    for c in table.columns:
        pandas_type, numpy_type = PANDAS_DTYPES[c.type]
        metadata = {"num_categories": None, "ordered": False} if c.type is Type.CATEGORY else None
        columns.append(
            {
                "name": c.name,
                "field_name": c.name,
                "pandas_type": pandas_type,
                "numpy_type": numpy_type,
                "metadata": metadata,
            }
        )
    return {
        "index_columns": [],
        "column_indexes": [],
        "columns": columns,
        "creator": {"library": "chiiki-sangyo-plans"},
        "pandas_version": PANDAS_MIN_VERSION,
    }


#: The classes of the values that fit each column type, as :func:`_fits` decides (integers also
#: by range, list items as strings).
FIT_CLASSES: dict[Type, frozenset[type]] = {
    **{t: frozenset({int}) for t in (Type.INT16, Type.INT32, Type.INT64)},
    Type.BOOL: frozenset({bool}),
    Type.FLOAT: frozenset({int, float}),
    Type.LIST: frozenset({list, tuple}),
    **{t: frozenset({str}) for t in (Type.STRING, Type.DATE, Type.CATEGORY)},
}


def _fits(col: Column, value: Any) -> bool:
    if value is None:
        return not col.required
    if col.type in INT_RANGES:
        lo, hi = INT_RANGES[col.type]
        return isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi
    if col.type is Type.BOOL:
        return isinstance(value, bool)
    if col.type is Type.FLOAT:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if col.type is Type.LIST:
        return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
    return isinstance(value, str)


def misfits(table: Table, rows: list[dict[str, Any]]) -> list[str]:
    """The values of ``rows`` that do not fit their column's type (or a column the table lacks).

    The writers turn values into Arrow arrays, which refuse a value outside its type's
    range: one such value would stop every table from being written, so the assembly
    checks each document's records with this first.

    >>> t = Table("t", "", "", (Column("seq", Type.INT16, "", "", required=True),), (), ())
    >>> misfits(t, [{"seq": 1}, {"seq": 32_768}, {"seq": "3"}, {}])
    ['t row 2: seq = 32768 does not fit int16', "t row 3: seq = '3' does not fit int16", 't row 4: seq = None does not fit int16']
    """
    if _all_fit(table, rows):
        return []
    out = []
    for i, row in enumerate(rows, start=1):
        out += [f"{table.name} row {i}: unknown column {c!r}" for c in row if c not in table.names]
        out += [
            f"{table.name} row {i}: {c.name} = {_short(row.get(c.name))} does not fit {c.type}"
            for c in table.columns
            if not _fits(c, row.get(c.name))
        ]
    return out


def _all_fit(table: Table, rows: list[dict[str, Any]]) -> bool:
    """Whether every value of ``rows`` fits (:func:`misfits` finds nothing), decided column by
    column from the set of the values' classes; ``False`` also when undecided.

    >>> t = Table("t", "", "", (Column("seq", Type.INT16, "", "", required=True),), (), ())
    >>> _all_fit(t, [{"seq": 1}]), _all_fit(t, [{"seq": True}]), _all_fit(t, [{"seq": 40_000}])
    (True, False, False)
    """
    if not all(table.names.issuperset(row) for row in rows):
        return False
    for c in table.columns:
        values = [row.get(c.name) for row in rows]
        classes = set(map(type, values))
        if type(None) in classes:
            if c.required:
                return False
            classes.discard(type(None))
        if not classes <= FIT_CLASSES[c.type]:
            return False
        present = [v for v in values if v is not None]
        if c.type in INT_RANGES and present:
            lo, hi = INT_RANGES[c.type]
            if min(present) < lo or max(present) > hi:
                return False
        if c.type is Type.LIST and not all(x.__class__ is str for v in present for x in v):
            return False
    return True


def _short(value: Any, n: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= n else text[:n] + "…"


# -- columns several tables share ---------------------------------------------------------
DOC_ID = Column(
    "doc_id",
    Type.STRING,
    "Source document id: the file path in raw/ without its extension (with it when two files share a name, e.g. x.txt and x.pdf).",
    "出典文書ID（raw/ のファイルパスから拡張子を除いたもの。同名の別形式がある場合は拡張子付き）",
    required=True,
)
PLAN_ID = Column(
    "plan_id",
    Type.STRING,
    "Plan id: municipality code and start fiscal year, e.g. 131091-2023.",
    "計画ID（団体コード-開始年度）",
    required=True,
)
SOURCE_PAGE = Column(
    "source_page", Type.INT32, "Page of the source document (PDF only; empty for text).", "出典ページ（PDFのみ）"
)
SOURCE_LINE = Column(
    "source_line",
    Type.INT32,
    "Line number in the document's line stream (see the lines table).",
    "出典行番号（lines 表の line_no）",
    required=True,
)
CATEGORY_NO = Column(
    "category_no", Type.INT16, "Category number as published: 1, 2 or 3.", "区分番号（1〜3）", required=True
)
