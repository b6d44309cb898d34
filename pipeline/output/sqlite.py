"""The tables as one SQLite database for Datasette (``output/plans.db``), and its metadata.

Built from the same assembled tables (Arrow, :mod:`pipeline.output.storage`), in the same sort
order, as the Parquet and CSV files. `sqlite-utils <https://sqlite-utils.datasette.io/>`_ creates
the tables, keys, indexes and search tables (quoting every identifier); the rows go in through the
standard ``sqlite3`` module's ``executemany`` with every value bound as a parameter (sqlite-utils'
own ``insert_all`` converts each row in Python and took most of the time on large corpora):

* one table per :data:`pipeline.output.schema.TABLES` entry, columns in schema order and
  typed (``INTEGER`` for integers and booleans as 0/1, ``TEXT`` otherwise), rows in the
  table's sort order; list columns (``programs.themes``) hold JSON arrays, which
  Datasette renders and facets (``_facet_array=themes``);
* the schema's primary keys, ``NOT NULL`` on required columns, foreign keys, and an
  index on every foreign-key column that no primary key already covers;
* full-text search (`FTS5 <https://sqlite.org/fts5.html>`_) over program names,
  plan titles and summaries, initiative headings and texts, and captions, with the
  `trigram tokenizer <https://sqlite.org/fts5.html#the_trigram_tokenizer>`_: Japanese
  has no spaces between words, so a word-based tokenizer would index whole sentences
  as one token; trigrams find any substring of three or more characters.  A one- or
  two-character query matches nothing through the index: use
  ``name LIKE '%' || :q || '%'`` (the canned query ``search_programs`` in Datasette).

A constraint the rows break (a duplicate key or a missing required value, which the
validation step has already reported as ``validation_failed``) is left off that table
with a logged warning, so every row is still written and the build goes on.

``output/metadata.json`` is Datasette's metadata: title, licence, source, and every
table's and column's description in English and Japanese from
:mod:`pipeline.output.schema`, facets, label columns and canned queries.

The database is built in a temporary file beside its target and moved into place
(``os.replace``), then the metadata; the same rows give the same bytes with the same
SQLite library (no timestamps).  Only creating and inserting, the build frees no page, so
``VACUUM`` (a tenth of the time) runs only if SQLite reports one (:func:`vacuum_if_needed`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import sqlite_utils
from sqlite_utils.db import quote_identifier

from pipeline.core.fileio import atomic_path, write_atomic
from pipeline.output.datapackage import PACKAGE_TITLE
from pipeline.output.schema import TABLES, Column, Table, Type
from pipeline.output.storage import Data, as_storage, sorted_storage

logger = logging.getLogger(__name__)

DATABASE_NAME = "plans.db"
METADATA_NAME = "metadata.json"
#: Datasette names a database after its file stem.
DATABASE_LABEL = Path(DATABASE_NAME).stem
#: Python type given to sqlite-utils for each schema type (int → INTEGER, str → TEXT).
SQLITE_TYPES: dict[Type, type] = {
    Type.STRING: str,
    Type.INT16: int,
    Type.INT32: int,
    Type.INT64: int,
    Type.FLOAT: float,
    Type.DATE: str,  # ISO 8601 text, as SQLite's date functions read it
    Type.BOOL: int,
    Type.CATEGORY: str,
    Type.LIST: str,
}
FTS_TOKENIZER = "trigram"
#: Shortest query the trigram index can match (https://sqlite.org/fts5.html#the_trigram_tokenizer).
FTS_MIN_QUERY_CHARS = 3
#: Columns indexed for full-text search, per table (the FTS table is ``<table>_fts``).
FTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "programs": ("name", "name_raw"),
    "plans": ("plan_title", "summary"),
    "initiatives": ("heading", "text"),
    "captions": ("text",),
}
#: The database is built in a temporary file that is thrown away on any failure, so it needs no
#: rollback journal on disk and no fsync per batch (https://sqlite.org/pragma.html#pragma_synchronous).
BUILD_PRAGMAS = ("PRAGMA journal_mode = MEMORY", "PRAGMA synchronous = OFF")


def sqlite_value(column: Column, value: Any) -> Any:
    """A cell as stored in SQLite: lists as JSON arrays (real UTF-8), booleans as 0/1.

    Args:
        column: the schema column of the cell.
        value: the cell as assembled (``None`` for missing).

    Returns:
        The value to bind.

    >>> from pipeline.output.schema import PROGRAMS
    >>> col = {c.name: c for c in PROGRAMS.columns}
    >>> sqlite_value(col["themes"], ["digital", "startup"]), sqlite_value(col["is_provisional"], True)
    ('["digital", "startup"]', 1)
    >>> sqlite_value(col["themes"], None) is None
    True
    """
    if value is None:
        return None
    if column.type is Type.LIST:
        return json.dumps(list(value), ensure_ascii=False)
    if column.type is Type.BOOL:
        return int(bool(value))
    return value


def table_records(table: Table, data: Data) -> list[tuple[Any, ...]]:
    """The rows in the table's sort order, as tuples of the schema's columns, as stored.

    ``data`` is the table's storage Arrow or its rows; it is sorted as Arrow and converted
    column by column (as :func:`pipeline.output.tables.write_table` does).

    >>> from pipeline.output.schema import CAPTIONS
    >>> [r[2] for r in table_records(CAPTIONS, [{"plan_id": "p", "seq": 2}, {"plan_id": "p", "seq": 1}])]
    [1, 2]
    """
    ordered = sorted_storage(table, as_storage(table, data))
    return list(zip(*(stored_column(c, ordered.column(c.name)) for c in table.columns), strict=True))


def stored_column(column: Column, values: pa.ChunkedArray) -> list[Any]:
    """One column's values as bound: lists as JSON arrays (each distinct list encoded once),
    booleans as 0/1, other values as they are.

    >>> from pipeline.output.schema import PROGRAMS
    >>> col = {c.name: c for c in PROGRAMS.columns}
    >>> stored_column(col["themes"], pa.chunked_array([[["a"], None, ["a"]]]))
    ['["a"]', None, '["a"]']
    """
    if column.type is Type.BOOL:
        return [None if v is None else int(v) for v in values.to_pylist()]
    if column.type is not Type.LIST:
        return values.to_pylist()
    encoded: dict[tuple[str, ...], str] = {}
    out: list[Any] = []
    for v in values.to_pylist():
        if v is None:
            out.append(None)
            continue
        k = tuple(v)
        text = encoded.get(k)
        if text is None:
            text = encoded[k] = sqlite_value(column, v)
        out.append(text)
    return out


def insert_statement(table: Table) -> str:
    """The parameterised INSERT of a table's columns (identifiers quoted by sqlite-utils).

    >>> from pipeline.output.schema import CAPTIONS
    >>> sql = insert_statement(CAPTIONS)
    >>> sql.startswith('INSERT INTO "captions" ("caption_id", "plan_id", '), sql.endswith("VALUES (?, ?, ?, ?, ?, ?, ?)")
    (True, True)
    """
    columns = ", ".join(quote_identifier(c) for c in table.column_names)
    marks = ", ".join("?" for _ in table.columns)
    return f"INSERT INTO {quote_identifier(table.name)} ({columns}) VALUES ({marks})"


def holding_constraints(table: Table, data: Data) -> tuple[tuple[str, ...], list[str]]:
    """The primary key and ``NOT NULL`` columns that the rows satisfy, counted on the columns.

    A broken constraint is logged and left off, so that the table still takes every row.

    Returns:
        ``(primary key columns or (), required columns without a missing value)``.

    >>> from pipeline.output.schema import CAPTIONS
    >>> row = {"caption_id": "a", "plan_id": "p", "seq": 1, "text": "t", "source_line": 9}
    >>> holding_constraints(CAPTIONS, [row])
    (('caption_id',), ['caption_id', 'plan_id', 'seq', 'text', 'source_line'])
    >>> holding_constraints(CAPTIONS, [row, row])[0]
    ()
    """
    data = as_storage(table, data)
    pk = table.primary_key
    if pk and (any(data.column(k).null_count for k in pk) or distinct_keys(data, pk) < data.num_rows):
        logger.warning("%s: %s: duplicate or missing primary key; written without it", DATABASE_NAME, table.name)
        pk = ()
    not_null = []
    for c in table.columns:
        if c.required and data.column(c.name).null_count:
            logger.warning(
                "%s: %s.%s: missing required values; written without NOT NULL", DATABASE_NAME, table.name, c.name
            )
        elif c.required:
            not_null.append(c.name)
    return pk, not_null


def distinct_keys(data: pa.Table, key: tuple[str, ...]) -> int:
    """How many distinct values the key columns take together.

    >>> distinct_keys(pa.table({"a": [1, 1, 2], "b": ["x", "x", "x"]}), ("a", "b"))
    2
    """
    return int(data.select(list(key)).group_by(list(key)).aggregate([]).num_rows)


def create_table(db: sqlite_utils.Database, table: Table, rows: Data) -> None:
    """Create one typed table with its keys and fill it in sort order."""
    data = as_storage(table, rows)
    records = table_records(table, data)
    pk, not_null = holding_constraints(table, data)
    db[table.name].create(  # type: ignore[union-attr]
        {c.name: SQLITE_TYPES[c.type] for c in table.columns},
        pk=list(pk) if len(pk) > 1 else (pk[0] if pk else None),
        foreign_keys=[(fk.column, fk.table, fk.target) for fk in table.foreign_keys],
        not_null=not_null,
    )
    db.conn.executemany(insert_statement(table), records)


def index_columns(table: Table) -> list[str]:
    """Foreign-key columns that need an index: those not leading the primary key.

    >>> from pipeline.output.schema import PROGRAMS, LINES
    >>> index_columns(PROGRAMS), index_columns(LINES)
    (['plan_id', 'initiative_id', 'instrument'], [])
    """
    leading = table.primary_key[:1]
    return [fk.column for fk in table.foreign_keys if (fk.column,) != leading]


def add_indexes_and_search(db: sqlite_utils.Database, table: Table) -> None:
    """Index the join keys and, for the tables of :data:`FTS_COLUMNS`, add the trigram FTS5 table."""
    for column in index_columns(table):
        db[table.name].create_index([column])  # type: ignore[union-attr]
    if table.name in FTS_COLUMNS:
        db[table.name].enable_fts(FTS_COLUMNS[table.name], tokenize=FTS_TOKENIZER)  # type: ignore[union-attr]


def creation_order(tables: dict[str, Table]) -> list[Table]:
    """The tables in an order where every table comes after those its foreign keys refer to
    (SQLite checks that a referenced column exists when the reference is declared).

    >>> from pipeline.output.columns import Column, ForeignKey, Type
    >>> a = Table("a", "", "", (Column("k", Type.STRING, "", ""), Column("b", Type.STRING, "", "")), ("k",), ("k",),
    ...           (ForeignKey("b", "b", "k"),))
    >>> b = Table("b", "", "", (Column("k", Type.STRING, "", ""),), ("k",), ("k",))
    >>> [t.name for t in creation_order({"a": a, "b": b})]
    ['b', 'a']
    """
    done: dict[str, Table] = {}

    def visit(table: Table, path: tuple[str, ...]) -> None:
        if table.name in done or table.name in path:  # a cycle is left to SQLite's deferred check
            return
        for fk in table.foreign_keys:
            if fk.table != table.name and fk.table in tables:
                visit(tables[fk.table], (*path, table.name))
        done[table.name] = table

    for table in tables.values():
        visit(table, ())
    return list(done.values())


def vacuum_if_needed(db: sqlite_utils.Database) -> bool:
    """``VACUUM`` when the database has free pages (https://sqlite.org/pragma.html#pragma_freelist_count).

    >>> vacuum_if_needed(sqlite_utils.Database(memory=True))
    False
    """
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    if free:
        db.vacuum()
    return bool(free)


def write_database(
    rows: Mapping[str, Data], path: Path, tables: dict[str, Table] = TABLES, late: Callable[[], Data] | None = None
) -> None:
    """Build the database at ``path`` (a new, empty file): tables, indexes, search, ``VACUUM`` if
    needed; ``late`` gives the last table's data when its turn comes (:func:`write_sqlite`)."""
    db = sqlite_utils.Database(path)
    try:
        for pragma in BUILD_PRAGMAS:
            db.execute(pragma)
        with db.conn:
            order = creation_order(tables)
            for table in order:
                data = late() if late is not None and table is order[-1] else rows.get(table.name, [])
                create_table(db, table, data)
                add_indexes_and_search(db, table)
        vacuum_if_needed(db)
    finally:
        db.close()


# --- Datasette metadata (https://docs.datasette.io/en/0.65.x/metadata.html) ---

#: Licence of the data: the source announcements (raw/sources.csv, column licence) are public-sector
#: works whose publisher's site terms are compatible with CC BY 4.0; credit the publisher.
DATA_LICENSE = "CC BY 4.0 (source documents: publisher's terms, see raw/sources.csv)"
DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
DATA_SOURCE = "Published announcements of approved plans: the documents table"
#: Datasette options per table: facets shown by default, the column that labels a row referenced by a
#: foreign key.
TABLE_OPTIONS: dict[str, dict[str, Any]] = {
    "plans": {"label_column": "municipality", "facets": ["municipality", "start_fy"]},
    "initiatives": {"label_column": "heading", "facets": ["category"]},
    "programs": {"facets": ["instrument", {"array": "themes"}, "category_no"]},
    "warnings": {"facets": ["severity", "code"]},
    "lines": {"facets": ["place"]},
}
PROGRAM_COLUMNS = (
    "programs.program_id, plans.municipality, plans.start_fy, plans.end_fy, programs.category_no, "
    "programs.name, programs.themes, programs.instrument, plans.doc_id, programs.source_page, programs.source_line"
)
#: Canned queries (named parameters, bound by Datasette).
QUERIES: dict[str, dict[str, str]] = {
    "programs_of_municipality": {
        "title": "Programs of one municipality / 自治体の事業一覧",
        "description": "Every program of the plans of one municipality (its name as in plans.municipality), with its source line.",
        "sql": f"select {PROGRAM_COLUMNS} from programs join plans on plans.plan_id = programs.plan_id "
        "where plans.municipality = :municipality order by programs.plan_id, programs.category_no, programs.seq",
    },
    "search_programs": {
        "title": "Programs whose name contains a text / 事業名の部分一致検索",
        "description": "Substring search with LIKE, for any length of text: the full-text index (trigram) "
        f"matches only queries of {FTS_MIN_QUERY_CHARS} or more characters, e.g. 創業 needs this query.",
        "sql": f"select {PROGRAM_COLUMNS} from programs join plans on plans.plan_id = programs.plan_id "
        "where programs.name like '%' || :q || '%' order by programs.plan_id, programs.category_no, programs.seq",
    },
}


def bilingual(en: str, ja: str) -> str:
    """One description in both languages.

    >>> bilingual("Plan id.", "計画ID")
    'Plan id. / 計画ID'
    """
    return f"{en} / {ja}"


def table_metadata(table: Table) -> dict[str, Any]:
    """Datasette's metadata of one table: descriptions, facets, label and full-text table.

    >>> m = table_metadata(TABLES["programs"])
    >>> m["fts_table"], m["columns"]["seq"]
    ('programs_fts', 'Position in the published list, from 1. / 掲載順（1から）')
    """
    d: dict[str, Any] = {
        "description": bilingual(table.en, table.ja),
        "columns": {c.name: bilingual(c.en, c.ja) for c in table.columns},
        **TABLE_OPTIONS.get(table.name, {}),
    }
    if table.name in FTS_COLUMNS:
        d["fts_table"] = f"{table.name}_fts"
    return d


def datasette_metadata(tables: dict[str, Table] = TABLES) -> dict[str, Any]:
    """The content of ``metadata.json`` for ``datasette serve --metadata``.

    >>> m = datasette_metadata()
    >>> list(m["databases"]), sorted(m["databases"]["plans"]["queries"])
    (['plans'], ['programs_of_municipality', 'search_programs'])
    """
    return {
        "title": PACKAGE_TITLE,
        "description": "Which municipality runs which support program (事業), traced back to the line of the "
        f"published document. Full-text search needs {FTS_MIN_QUERY_CHARS}+ characters; for shorter words use "
        "the canned query search_programs.",
        "license": DATA_LICENSE,
        "license_url": DATA_LICENSE_URL,
        "source": DATA_SOURCE,
        "databases": {
            DATABASE_LABEL: {
                "tables": {t.name: table_metadata(t) for t in tables.values()},
                "queries": QUERIES,
            }
        },
    }


def write_sqlite(rows: Mapping[str, Data], out_dir: Path, late: Callable[[], Data] | None = None) -> list[Path]:
    """Write ``<out_dir>/plans.db`` and ``<out_dir>/metadata.json`` atomically; return their paths.

    Args:
        rows: every table's assembled data (storage Arrow or rows), keyed by table name.
        out_dir: the folder to write into (the build's staging folder).
        late: gives the data of the table created last, when its turn comes (:func:`write_database`).
    """
    db_path = out_dir / DATABASE_NAME
    with atomic_path(db_path) as tmp:  # an empty file, which SQLite opens as an empty database
        write_database(rows, tmp, late=late)
    meta_path = out_dir / METADATA_NAME
    text = json.dumps(datasette_metadata(), ensure_ascii=False, indent=1) + "\n"
    write_atomic(meta_path, lambda f: f.write(text))
    return [db_path, meta_path]
