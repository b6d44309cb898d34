"""Writing tables: typed, sorted, deterministic Parquet and CSV.

The same rows always give the same bytes: rows are sorted by the table's sort
key (empty values first), Parquet is written by pyarrow with fixed options and no
pandas metadata, and CSV is UTF-8 with ``\\n`` line endings, ``true``/``false``
booleans, ISO dates, empty cells for missing values and RFC 4180's minimal quoting.  The CSV
is made column by column by Arrow's compute functions (:func:`csv_cells`), not row by row.
Both files are written atomically.
"""

from __future__ import annotations

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


def to_arrow(table: Table, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows (already sorted) to an Arrow table with the output types (:func:`parquet_arrow`)."""
    return parquet_arrow(table, as_storage(table, rows))


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
    """The CSV file of ``rows``, in the order given (:func:`csv_text`)."""
    return csv_text(table, as_storage(table, rows))


#: Types whose CSV cell is Arrow's own cast to text: strings (dates and categories are stored as
#: strings), integers (decimal digits, as ``str``) and booleans (``true``/``false``).
ARROW_TEXT_TYPES = frozenset({Type.STRING, Type.DATE, Type.CATEGORY, Type.INT16, Type.INT32, Type.INT64, Type.BOOL})
#: A cell holding one of these characters is quoted, its quotes doubled (RFC 4180 §2.6-2.7,
#: https://www.rfc-editor.org/rfc/rfc4180#section-2): the minimal quoting of Python's ``csv``
#: module, which with ``\n`` line endings leaves a lone ``\r`` unquoted where this quotes it.
CSV_SPECIAL = r'[",\n\r]'
#: Joins the items of a list column in its CSV cell.
LIST_SEPARATOR = ";"


def csv_cells(column: Column, values: pa.ChunkedArray) -> pa.Array:
    """One column's CSV cells from its storage values, as an Arrow string array: cast to text,
    missing values empty, quoted where :data:`CSV_SPECIAL` says.

    Arrow casts the types of :data:`ARROW_TEXT_TYPES` and joins list items; other values (a
    float) are written as ``str`` writes them.

    >>> from pipeline.output.schema import PROGRAMS
    >>> col = {c.name: c for c in PROGRAMS.columns}
    >>> csv_cells(col["seq"], pa.chunked_array([[3, None]], pa.int16())).to_pylist()
    ['3', '']
    >>> csv_cells(col["themes"], pa.chunked_array([[["x", "y"], None]])).to_pylist()
    ['x;y', '']
    >>> csv_cells(col["is_provisional"], pa.chunked_array([[True, False]])).to_pylist()
    ['true', 'false']
    >>> csv_cells(col["name"], pa.chunked_array([['a "b" c', "c,d", "e"]])).to_pylist()
    ['"a ""b"" c"', '"c,d"', 'e']
    """
    import pyarrow.compute as pc

    data = values.combine_chunks()
    if column.type is Type.LIST:
        text = pc.binary_join(data, LIST_SEPARATOR)
    elif column.type in ARROW_TEXT_TYPES:
        text = data if pa.types.is_string(data.type) else pc.cast(data, pa.string())
    else:
        text = pa.array(_csv_column(data.to_pylist()), pa.string())
    text = pc.fill_null(text, "")
    special = pc.match_substring_regex(text, CSV_SPECIAL)
    if pc.any(special).as_py():
        quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
        text = pc.if_else(special, quoted, text)
    return text


def csv_text(table: Table, ordered: pa.Table) -> str:
    """The CSV file of a sorted storage table: the header, then one line per row.

    Python's ``csv`` writes a row whose only cell is empty as ``""``, so that it is not a
    blank line; a one-column table does the same here.

    >>> from pipeline.output.schema import CAPTIONS
    >>> from pipeline.output.storage import to_arrow as stored
    >>> csv_text(CAPTIONS, stored(CAPTIONS, [{"caption_id": "c", "seq": 1, "text": "写真, 1"}])).splitlines()[1]
    'c,,1,"写真, 1",,,'
    """
    import pyarrow.compute as pc

    header = ",".join(table.column_names)  # names are identifiers: nothing to quote
    if not ordered.num_rows:
        return header + "\n"
    cells = [csv_cells(c, ordered.column(c.name)) for c in table.columns]
    if len(cells) == 1:
        lines = pc.if_else(pc.equal(cells[0], ""), '""', cells[0])
    else:
        lines = pc.binary_join_element_wise(*cells, ",")
    return header + "\n" + "\n".join(lines.to_pylist()) + "\n"


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
    text = csv_text(table, ordered)
    write_atomic(csv_path, lambda f: f.write(text))
    return [pq_path, csv_path]
