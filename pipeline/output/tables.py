"""Writing tables: typed, sorted, deterministic Parquet and CSV.

The same rows always give the same bytes: rows are sorted by the table's sort
key (empty values first), Parquet is written by pyarrow with fixed options and no
pandas metadata, and CSV is UTF-8 with ``\\n`` line endings, ``true``/``false``
booleans, ISO dates and empty cells for missing values.  Both files are written atomically.
"""

from __future__ import annotations

import csv
import io
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.core.fileio import atomic_path, write_atomic
from pipeline.output.schema import Column, Table, Type
from pipeline.output.storage import as_storage, sorted_storage

PARQUET_COMPRESSION = "zstd"
PARQUET_COMPRESSION_LEVEL = 9


class OutputFormat(StrEnum):
    PARQUET = "parquet"
    CSV = "csv"


def _sort_value(v: Any) -> tuple[int, Any]:
    return (0, "") if v is None else (1, v)


def sort_rows(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sort rows by the table's sort key; missing values first.

    >>> from pipeline.output.schema import PROGRAMS
    >>> [r["seq"] for r in sort_rows(PROGRAMS, [{"plan_id": "a", "category_no": 1, "seq": 2},
    ...                                         {"plan_id": "a", "category_no": 1, "seq": 1}])]
    [1, 2]
    """
    return sorted(rows, key=lambda r: tuple(_sort_value(r.get(k)) for k in table.sort_by))


def columns_of(table: Table, rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """The rows as one list per column of the table, in schema order.

    >>> from pipeline.output.schema import PROGRAMS
    >>> columns_of(PROGRAMS, [{"seq": 1}, {"seq": 2}])["seq"]
    [1, 2]
    """
    return {name: [r.get(name) for r in rows] for name in table.column_names}


def to_arrow(table: Table, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows (already sorted) to an Arrow table with the schema's types and metadata."""
    return _arrow_from_columns(table, columns_of(table, rows))


def _arrow_from_columns(table: Table, columns: dict[str, list[Any]]) -> pa.Table:
    schema = table.arrow_schema()
    arrays = []
    for col, fld in zip(table.columns, schema, strict=True):
        values = columns[col.name]
        if col.type is Type.CATEGORY:
            arrays.append(pa.array(values, pa.string()).dictionary_encode())
        elif col.type is Type.DATE:  # rows hold ISO strings (as the CSV does)
            arrays.append(pa.array(values, pa.string()).cast(fld.type))
        else:
            arrays.append(pa.array(values, fld.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _csv_cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list | tuple):
        return ";".join(str(x) for x in v)
    return str(v)


def _csv_column(values: list[Any]) -> list[str]:
    """One column's cells; strings, missing values and ints are converted without a call.

    >>> _csv_column(["a", None, True, 3, ["x", "y"]])
    ['a', '', 'true', '3', 'x;y']
    """
    return [
        v if (cls := v.__class__) is str else "" if v is None else str(v) if cls is int else _csv_cell(v)
        for v in values
    ]


def to_csv(table: Table, rows: list[dict[str, Any]]) -> str:
    return _csv_from_columns(table, columns_of(table, rows))


def _csv_from_columns(table: Table, columns: dict[str, list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(table.column_names)
    w.writerows(zip(*(_csv_column(columns[c]) for c in table.column_names), strict=True))
    return buf.getvalue()


#: Types whose CSV cell is Arrow's own cast to text: strings (dates and categories are stored as
#: strings), integers (decimal digits, as ``str``) and booleans (``true``/``false``).
ARROW_TEXT_TYPES = frozenset({Type.STRING, Type.DATE, Type.CATEGORY, Type.INT16, Type.INT32, Type.INT64, Type.BOOL})


def csv_cells(column: Column, values: pa.ChunkedArray) -> list[str]:
    """One column's CSV cells from its storage values: cast to text and missing values made
    empty by Arrow for the types of :data:`ARROW_TEXT_TYPES`, else as :func:`_csv_column` does.

    >>> from pipeline.output.schema import PROGRAMS
    >>> col = {c.name: c for c in PROGRAMS.columns}
    >>> csv_cells(col["seq"], pa.chunked_array([[3, None]], pa.int16())), csv_cells(col["themes"], pa.chunked_array([[["x", "y"]]]))
    (['3', ''], ['x;y'])
    >>> csv_cells(col["is_provisional"], pa.chunked_array([[True, False]]))
    ['true', 'false']
    """
    if column.type not in ARROW_TEXT_TYPES:
        return _csv_column(values.to_pylist())
    import pyarrow.compute as pc

    text = values if pa.types.is_string(values.type) else pc.cast(values, pa.string())
    return pc.fill_null(text, "").to_pylist() if text.null_count else text.to_pylist()


def _csv_text(table: Table, cells: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(table.column_names)
    w.writerows(zip(*cells, strict=True))
    return buf.getvalue()


def parquet_arrow(table: Table, data: pa.Table) -> pa.Table:
    """A sorted storage table (:func:`~pipeline.output.storage.sorted_storage`) with the output
    types: dates as ``date32``, categories dictionary-encoded, the schema's metadata.

    >>> from pipeline.output.schema import DOCUMENTS
    >>> from pipeline.output.storage import to_arrow as stored
    >>> parquet_arrow(DOCUMENTS, stored(DOCUMENTS, [{"published_on": "2024-04-01"}])).schema.field("published_on").type
    DataType(date32[day])
    """
    schema = table.arrow_schema()
    arrays = []
    for col, fld in zip(table.columns, schema, strict=True):
        values = data.column(col.name).combine_chunks()
        if col.type is Type.CATEGORY:
            arrays.append(values.dictionary_encode())
        elif col.type is Type.DATE:
            arrays.append(values.cast(fld.type))
        else:
            arrays.append(values)
    return pa.Table.from_arrays(arrays, schema=schema)


def write_table(table: Table, data: pa.Table | list[dict[str, Any]], out_dir: Path) -> list[Path]:
    """Write ``<out_dir>/<table>.parquet`` and ``.csv``; return the paths written.

    ``data`` is the table's storage Arrow (:mod:`pipeline.output.storage`) or its rows.  It is
    sorted once, as Arrow; Parquet is written from the sorted columns, and the CSV's cells are
    made from them column by column, without a row dictionary.
    """
    pq_path = out_dir / f"{table.name}.{OutputFormat.PARQUET}"
    csv_path = out_dir / f"{table.name}.{OutputFormat.CSV}"
    ordered = sorted_storage(table, as_storage(table, data))
    with atomic_path(pq_path) as tmp:
        pq.write_table(
            parquet_arrow(table, ordered),
            tmp,
            compression=PARQUET_COMPRESSION,
            compression_level=PARQUET_COMPRESSION_LEVEL,
            write_statistics=True,
            store_schema=True,
        )
    text = _csv_text(table, [csv_cells(c, ordered.column(c.name)) for c in table.columns])
    write_atomic(csv_path, lambda f: f.write(text))
    return [pq_path, csv_path]
