"""Tables kept as Arrow from the documents' fragments to the files written.

A document's rows are turned into Arrow once, by the worker that extracted it (its
fragment); the assembly concatenates those tables, and the checks and writers read their
columns, so no Python row of the large tables (``lines``, ``warnings``…) is made again
on a rebuild.  The *storage* layout keeps every column with its output type, except dates
and categories, kept as the strings the rows hold (the Parquet writer makes them
``date32`` and dictionaries): a value read back from storage is the value the extraction
made, so the CSV cells, the SQLite values and the checks see exactly what rows would give.

Sorting (:func:`sorted_storage`) is Arrow's stable sort on the table's sort key, missing
values first: the order Python's ``sorted`` gives on the rows (strings compare by code
point, which is UTF-8's byte order).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

import pyarrow as pa

from pipeline.output.columns import Table, Type, arrow_types

Row = dict[str, Any]
#: A table's data: an Arrow table of its :func:`storage_schema`, or rows.
Data: TypeAlias = "pa.Table | list[Row]"
#: Column types stored as strings: the rows hold them as strings.
STRING_STORED = frozenset({Type.DATE, Type.CATEGORY})


def storage_schema(table: Table) -> pa.Schema:
    """The Arrow schema ``table`` is stored with: output types, dates and categories as strings.

    >>> from pipeline.output.schema import DOCUMENTS
    >>> storage_schema(DOCUMENTS).field("published_on").type
    DataType(string)
    """
    types = arrow_types()
    return pa.schema(
        [
            pa.field(c.name, pa.string() if c.type in STRING_STORED else types[c.type], nullable=not c.required)
            for c in table.columns
        ]
    )


def to_arrow(table: Table, rows: list[Row]) -> pa.Table:
    """Rows of ``table`` as an Arrow table of its :func:`storage_schema` (missing keys are nulls).

    >>> from pipeline.output.schema import PROGRAMS
    >>> to_arrow(PROGRAMS, [{"plan_id": "p", "seq": 1}]).column("seq").to_pylist()
    [1]
    """
    schema = storage_schema(table)
    arrays = [pa.array([r.get(f.name) for r in rows], f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def as_storage(table: Table, data: Data | None) -> pa.Table:
    """A table's data as Arrow of its storage schema (rows are converted; ``None`` is no rows).

    >>> from pipeline.output.schema import CAPTIONS
    >>> as_storage(CAPTIONS, None).num_rows, as_storage(CAPTIONS, [{"seq": 1}]).num_rows
    (0, 1)
    """
    if isinstance(data, pa.Table):
        return data
    return to_arrow(table, data or [])


def storage_tables(tables: Mapping[str, Table], data: Mapping[str, Data]) -> dict[str, pa.Table]:
    """Every table of ``tables`` as storage Arrow (a table without data has no rows)."""
    return {name: as_storage(table, data.get(name)) for name, table in tables.items()}


def sorted_storage(table: Table, data: pa.Table) -> pa.Table:
    """The rows in the table's sort order (stable, missing values first), one chunk per column.

    >>> from pipeline.output.schema import PROGRAMS
    >>> t = to_arrow(PROGRAMS, [{"plan_id": "b", "seq": 1}, {"plan_id": None, "seq": 2}, {"plan_id": "a", "seq": 3}])
    >>> sorted_storage(PROGRAMS, t).column("seq").to_pylist()
    [2, 3, 1]
    """
    if table.sort_by and data.num_rows > 1:
        import pyarrow.compute as pc

        order = pc.sort_indices(data, sort_keys=[(k, "ascending", "at_start") for k in table.sort_by])
        data = data.take(order)
    return data.combine_chunks()


def rows_of(data: pa.Table) -> list[Row]:
    """The rows of a storage table, as the extraction made them (every column a key)."""
    return data.to_pylist()


def arrow_bytes(table: pa.Table) -> bytes:
    """``table`` as Arrow IPC stream bytes (:func:`arrow_from_bytes` reads them back).

    >>> arrow_from_bytes(arrow_bytes(pa.table({"a": [1, None]}))).to_pydict()
    {'a': [1, None]}
    """
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as stream:
        stream.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def arrow_from_bytes(data: bytes | pa.Buffer) -> pa.Table:
    """The table of Arrow IPC stream bytes (:func:`arrow_bytes`), or of a buffer holding them."""
    return pa.ipc.open_stream(data).read_all()
