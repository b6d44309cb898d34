"""Table fragments: each document's share of the tables, made once, beside its stage files.

The assembly used to read every document's ``records.json`` back, check each value
against its column's type and build the ``documents`` row, on every build and in one
process.  All of that depends on the document alone, so it is done by the worker that
extracted the document (in parallel, :func:`ensure_fragment`) and kept in the document's
interim folder until its inputs change:

* ``fragment.arrows`` — the document's rows of each table it contributes to (its
  warnings and :data:`~pipeline.extract.records.RECORD_TABLES`), one Arrow IPC stream per
  table, one after the other;
* ``fragment.json`` — the index: the cache key, the ``documents`` row, the values that
  do not fit their columns (a document with any contributes no rows), each table's byte
  range in ``fragment.arrows`` and that file's SHA-256.  It is written last, so a
  fragment whose index names the current key is whole.

A fragment's key chains the document's *extract* key (itself chaining *read* and
*segment*, :mod:`pipeline.driver.stages`), the fingerprint of this module's code
(:func:`~pipeline.driver.cache.stage_fingerprint` of
:attr:`~pipeline.driver.cache.Stage.FRAGMENT`), the raw file's SHA-256, its path and
its manifest row.  A fragment with another key, a damaged file or a missing one is
made again (by the assembly itself when the worker could not write it).

Columns are stored in the storage layout of :mod:`pipeline.output.storage`: output types,
except dates and categories, stored as the strings the rows hold, so that the rows read
back are exactly the rows the extraction made (the writers turn them into ``date32`` and
dictionaries).  The assembly (:mod:`pipeline.driver.assemble`) concatenates the fragments
table by table, as Arrow, and looks at their keys for the checks across documents; the
checks and writers read the concatenated columns.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.core.errors import Code, Issue, Severity
from pipeline.core.fileio import atomic_path, dumps, read_json, write_json
from pipeline.driver.cache import Stage, key, stage_fingerprint
from pipeline.driver.discover import MANIFEST_NAME, Source
from pipeline.driver.interim import ReadSummary, make_room
from pipeline.extract.records import RECORD_TABLES, DocumentFields, Records, Row
from pipeline.output.columns import misfits
from pipeline.output.schema import DOCUMENTS, TABLES

if TYPE_CHECKING:
    import pyarrow as pa

logger = logging.getLogger(__name__)

FRAGMENT_FILE = "fragment.arrows"
FRAGMENT_INDEX = "fragment.json"
#: The tables a fragment holds rows of.
FRAGMENT_TABLES = ("warnings", *RECORD_TABLES)
#: ``documents`` column ← manifest column (raw/sources.csv).
PROVENANCE_COLUMNS = {"url": "url", "publisher": "publisher", "published_on": "published", "licence": "licence"}


@dataclass(frozen=True, slots=True)
class Fragment:
    """A document's share of the tables (see the module docstring).

    Attributes:
        cache_key: the key it was made for.
        document: the document's ``documents`` row.
        misfits: values of its records that do not fit their columns; when there are any,
            ``tables`` is empty.
        tables: the document's rows per table (tables without rows are absent).
    """

    cache_key: str
    document: Row
    misfits: tuple[str, ...] = ()
    tables: dict[str, pa.Table] = field(default_factory=dict)

    def rows(self, name: str) -> list[Row]:
        """The rows of one table, as the extraction made them.

        >>> Fragment("k", {}).rows("plans")
        []
        """
        table = self.tables.get(name)
        return table.to_pylist() if table is not None else []

    def column(self, name: str, column: str) -> list[Any]:
        """One column of one table (empty when the document has no rows there)."""
        table = self.tables.get(name)
        return table.column(column).to_pylist() if table is not None else []


def provenance(src: Source) -> dict[str, str | None]:
    """The ``documents`` columns taken from the document's row of the manifest."""
    meta = src.meta
    return {column: meta.get(name) or None for column, name in PROVENANCE_COLUMNS.items()}


def document_row(
    src: Source, raw_sha: str, fmt: str, read: ReadSummary | None = None, fields: DocumentFields | None = None
) -> Row:
    """The ``documents`` row of a source: ``ok`` with what was read and extracted, else ``failed``."""
    if read is None or fields is None:
        return DOCUMENTS.row(
            doc_id=src.doc_id, source_path=src.rel, sha256=raw_sha, format=fmt, status="failed", **provenance(src)
        )
    return DOCUMENTS.row(
        doc_id=src.doc_id,
        source_path=src.rel,
        sha256=raw_sha,
        format=read.format,
        encoding=read.encoding,
        n_pages=read.n_pages,
        n_lines=read.n_lines,
        title=fields.title,
        preamble=fields.preamble,
        n_plans=fields.n_plans,
        status="ok",
        kind=fields.kind,
        **provenance(src),
    )


def manifest_issues(src: Source, raw_sha: str) -> list[Issue]:
    """A document without a manifest row, or whose SHA-256 differs from its row's."""
    if "file" not in src.meta:
        message = (
            f"{src.rel} has no row in raw/{MANIFEST_NAME}: its url, publisher, date, licence and prefecture "
            "are unknown. Add a row (file, title, publisher, published, url, prefecture, licence)"
        )
        return [Issue(src.doc_id, Severity.WARNING, Code.MANIFEST_ROW_MISSING, "", message)]
    expected = src.meta.get("sha256")
    if not expected or expected == raw_sha:
        return []
    message = (
        f"{src.rel}: the file's SHA-256 differs from raw/{MANIFEST_NAME}; if the file was "
        "replaced on purpose, update the manifest row"
    )
    return [Issue(src.doc_id, Severity.WARNING, Code.MANIFEST_SHA256_MISMATCH, "", message)]


def fragment_key(extract_key: str, src: Source, raw_sha: str) -> str:
    """The key of a document's fragment (see the module docstring)."""
    return key(stage_fingerprint(Stage.FRAGMENT), extract_key, raw_sha, src.rel, src.doc_id, dumps(src.meta))


def make_fragment(cache_key: str, src: Source, raw_sha: str, read: ReadSummary, records: Records) -> Fragment:
    """A document's fragment from its read summary and records."""
    doc = document_row(src, raw_sha, read.format, read, records.document)
    found = misfits(DOCUMENTS, [doc]) + [m for t in RECORD_TABLES for m in misfits(TABLES[t], records.table(t))]
    if found:  # a value the writers could not store would stop every table from being written
        return Fragment(cache_key, doc, tuple(found))
    from pipeline.output.storage import to_arrow  # pyarrow: not imported by a no-op build

    rows = {name: records.table(name) for name in RECORD_TABLES}
    rows["warnings"] = [i.to_dict() for i in (*manifest_issues(src, raw_sha), *records.warnings)]
    tables = {name: to_arrow(TABLES[name], rows[name]) for name in FRAGMENT_TABLES if rows[name]}
    return Fragment(cache_key, doc, (), tables)


def save_fragment(folder: Path, fragment: Fragment) -> None:
    """Write a fragment's two files atomically, the index last."""
    from pipeline.output.storage import arrow_bytes

    ranges: dict[str, list[int]] = {}
    chunks: list[bytes] = []
    offset = 0
    for name, table in fragment.tables.items():
        data = arrow_bytes(table)
        ranges[name] = [offset, len(data)]
        chunks.append(data)
        offset += len(data)
    blob = b"".join(chunks)
    path = folder / FRAGMENT_FILE
    make_room(path)
    with atomic_path(path) as tmp:
        tmp.write_bytes(blob)
    index = {
        "cache_key": fragment.cache_key,
        "document": fragment.document,
        "misfits": list(fragment.misfits),
        "tables": ranges,
        "sha256": hashlib.sha256(blob).hexdigest(),
    }
    make_room(folder / FRAGMENT_INDEX)
    write_json(folder / FRAGMENT_INDEX, index)


def _index(folder: Path, expected_key: str) -> dict[str, Any] | None:
    try:
        index = read_json(folder / FRAGMENT_INDEX)
    except (OSError, ValueError):
        return None
    return index if isinstance(index, dict) and index.get("cache_key") == expected_key else None


def fragment_current(folder: Path, expected_key: str) -> bool:
    """Whether the folder's fragment index names ``expected_key`` (its data is checked when loaded)."""
    return _index(folder, expected_key) is not None


def current_format(folder: Path, expected_key: str) -> str | None:
    """The document's format (``documents.format``) when the folder's fragment index names
    ``expected_key``, else ``None``: a current document is known without reading it."""
    index = _index(folder, expected_key)
    document = index.get("document") if index is not None else None
    fmt = document.get("format") if isinstance(document, dict) else None
    return fmt if isinstance(fmt, str) else None


def load_fragment(folder: Path, expected_key: str) -> Fragment | None:
    """The fragment in ``folder`` if it was made for ``expected_key`` and is intact, else ``None``."""
    import pyarrow as pa

    from pipeline.output.storage import arrow_from_bytes

    index = _index(folder, expected_key)
    if index is None:
        return None
    try:
        blob = (folder / FRAGMENT_FILE).read_bytes()
        if hashlib.sha256(blob).hexdigest() != index["sha256"]:
            return None
        buffer = pa.py_buffer(blob)
        tables = {
            name: arrow_from_bytes(buffer.slice(start, length)) for name, (start, length) in index["tables"].items()
        }
        return Fragment(expected_key, index["document"], tuple(index["misfits"]), tables)
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException) as exc:
        logger.debug("%s: fragment not usable (%s): made again", folder, exc)
        return None


def ensure_fragment(
    folder: Path, cache_key: str, src: Source, raw_sha: str, read: ReadSummary, records: Records
) -> bool:
    """Make and save the document's fragment unless a current one is there; whether it was made."""
    if fragment_current(folder, cache_key):
        return False
    save_fragment(folder, make_fragment(cache_key, src, raw_sha, read, records))
    return True
