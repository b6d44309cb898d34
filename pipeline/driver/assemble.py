"""Assembly: every document's records gathered into one set of table rows.

Documents are taken in path order, first editions before the documents that
``raw/sources.csv`` marks as another edition of one of them (``edition_of``):

* a failed document contributes its ``error`` row and a ``documents`` row with
  ``status = failed``, and the warnings of its read stage when that stage succeeded (a
  table the PDF reader could not read explains why no plan was found), and nothing else;
* an edition's records are compared with its first edition's, not added
  (:mod:`pipeline.driver.editions`); its lines and warnings are kept;
* a plan id already taken by another document is a ``duplicate_plan_across_documents``
  error, and the later copy's plan, initiative, program and caption rows are left out; so
  is an announcement id (same date and title) taken by another document.

Then the documents are linked to each other (:mod:`pipeline.driver.links`: a plan to the
release that approved it, on municipality *and* start fiscal year;
:mod:`pipeline.driver.program_links`: each program to its counterpart in the
municipality's previous plan).

Every ``documents`` row is made by :func:`document_row`, whatever became of the document.
Whatever goes wrong while one document is gathered (stage files that parse but hold
malformed rows) turns that document into a failed one, with its rows taken back; the
assembly itself never stops on a document.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pipeline.core.errors import Code, Issue, Severity
from pipeline.core.fileio import read_json
from pipeline.driver import editions, links, program_links
from pipeline.driver.dimensions import dimension_rows
from pipeline.driver.discover import MANIFEST_NAME, Source, nfc
from pipeline.driver.interim import STAGE_FILES, DocResult, ReadSummary, document_folder, parse_stage_file
from pipeline.extract.records import RECORD_TABLES, DocumentFields, Records, Row
from pipeline.output.columns import misfits
from pipeline.output.schema import DOCUMENTS, TABLES

logger = logging.getLogger(__name__)

Rows = dict[str, list[Row]]
#: ``documents`` column ← manifest column (raw/sources.csv).
PROVENANCE_COLUMNS = {"url": "url", "publisher": "publisher", "published_on": "published", "licence": "licence"}
#: Values that do not fit their columns named in the error row; the rest are counted.
MAX_MISFITS_NAMED = 5


class MisfitRecords(ValueError):
    """A document's records hold values that do not fit their columns' types."""

    def __init__(self, found: list[str]) -> None:
        super().__init__(f"{len(found)} value(s) do not fit their columns")
        self.misfits = found


def document_row(result: DocResult, src: Source, read: ReadSummary | None, fields: DocumentFields | None) -> Row:
    """The ``documents`` row of a source: ``ok`` with what was read and extracted, else ``failed``."""
    raw_sha = result.raw_sha256
    if read is None or fields is None:
        return DOCUMENTS.row(
            doc_id=src.doc_id,
            source_path=src.rel,
            sha256=raw_sha,
            format=result.format,
            status="failed",
            **provenance(src),
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


def load_outputs(interim_dir: Path, src: Source) -> tuple[ReadSummary, Records]:
    """A successful document's read summary and records, from its stage files."""
    folder = document_folder(interim_dir, src.rel)
    read = parse_stage_file(read_json(folder / STAGE_FILES["read"][0]), ReadSummary).result
    records = parse_stage_file(read_json(folder / STAGE_FILES["extract"][0]), Records).result
    if read is None or records is None:
        raise ValueError(f"the stage files of {src.rel} hold a failure, not a result")
    return read, records


def provenance(src: Source) -> dict[str, str | None]:
    """The ``documents`` columns taken from the document's row of the manifest."""
    meta = src.meta
    return {column: meta.get(field) or None for column, field in PROVENANCE_COLUMNS.items()}


def reader_issues(interim_dir: Path, src: Source) -> list[Issue]:
    """The warnings of a document's read stage, when it succeeded (none when it failed or is unreadable)."""
    try:
        read = parse_stage_file(
            read_json(document_folder(interim_dir, src.rel) / STAGE_FILES["read"][0]), ReadSummary
        ).result
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return list(read.issues) if read is not None else []


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


def _error(src: Source, code: Code, message: str) -> Row:
    return Issue(src.doc_id, Severity.ERROR, code, "", message).to_dict()


class Assembler:
    """Gathers the documents' records one by one (see the module docstring)."""

    def __init__(self, interim_dir: Path, sources: list[Source]) -> None:
        self.interim_dir = interim_dir
        self.by_rel = {nfc(s.rel): s for s in sources}
        self.rows: Rows = {name: [] for name in TABLES}
        self.extracted: dict[str, Records] = {}
        self.plan_owner: dict[str, str] = {}
        self.announcement_owner: dict[str, str] = {}

    def add(self, src: Source, result: DocResult) -> None:
        """Gather one document; if that fails, take its rows back and record it as failed."""
        mark = {name: len(rows) for name, rows in self.rows.items()}
        try:
            self.gather(src, result)
        except Exception as exc:  # malformed stage files: one document never stops the assembly
            logger.warning("%s: cannot be assembled: %r", src.rel, exc)
            for name, n in mark.items():
                del self.rows[name][n:]
            self.extracted.pop(src.doc_id, None)
            self.plan_owner = {k: v for k, v in self.plan_owner.items() if v != src.doc_id}
            if isinstance(exc, MisfitRecords):
                named = "; ".join(exc.misfits[:MAX_MISFITS_NAMED])
                more = (
                    f" and {len(exc.misfits) - MAX_MISFITS_NAMED} more" if len(exc.misfits) > MAX_MISFITS_NAMED else ""
                )
                self.failed(
                    src,
                    result,
                    f"{src.rel}: values that do not fit their columns ({named}{more}); none of its records are "
                    "kept. This is a pipeline bug: report it with the file",
                    Code.VALIDATION_FAILED,
                )
                return
            self.failed(
                src,
                result,
                f"{src.rel}: its interim files hold malformed records ({type(exc).__name__}: {exc}); "
                "run `make clean` and build again, or report it with the file",
            )

    def gather(self, src: Source, result: DocResult) -> None:
        if result.failure is None:
            try:
                read, records = load_outputs(self.interim_dir, src)
            except (OSError, ValueError, KeyError, TypeError) as exc:
                logger.warning("%s: stage files unreadable: %s", src.rel, exc)
                self.failed(src, result, f"{src.rel}: its interim files could not be read back ({exc}); rebuild")
                return
            self.extracted_document(src, result, read, records)
        else:
            self.rows["warnings"].append(result.failure.issue.to_dict())
            if not result.failure.transient:
                self.rows["warnings"].extend(i.to_dict() for i in reader_issues(self.interim_dir, src))
            self.rows["documents"].append(document_row(result, src, None, None))

    def failed(self, src: Source, result: DocResult, message: str, code: Code = Code.INTERNAL_ERROR) -> None:
        self.rows["warnings"].append(_error(src, code, message))
        self.rows["documents"].append(document_row(result, src, None, None))

    def extracted_document(self, src: Source, result: DocResult, read: ReadSummary, records: Records) -> None:
        doc = document_row(result, src, read, records.document)
        found = misfits(DOCUMENTS, [doc]) + [m for t in RECORD_TABLES for m in misfits(TABLES[t], records.table(t))]
        if found:  # a value the writers could not store would stop every table from being written
            raise MisfitRecords(found)
        self.rows["documents"].append(doc)
        self.rows["warnings"].extend(i.to_dict() for i in manifest_issues(src, result.raw_sha256))
        self.rows["lines"].extend(records.lines)
        self.rows["warnings"].extend(i.to_dict() for i in records.warnings)
        first_rel = src.meta.get("edition_of")
        if first_rel:
            self.edition(src, doc, first_rel, records)
        else:
            self.first_edition(src, records)

    def edition(self, src: Source, doc: Row, first_rel: str, records: Records) -> None:
        first = self.by_rel.get(nfc(first_rel))
        doc["edition_of"] = first.doc_id if first else None
        if first is None or first.doc_id not in self.extracted:
            self.rows["warnings"].append(
                _error(
                    src,
                    Code.EDITION_OF_UNKNOWN,
                    f"{src.rel}: raw/{MANIFEST_NAME} says it is an edition of {first_rel!r}, which is "
                    "not an extracted document of the raw folder; its records are left out. Fix the "
                    "edition_of column (a file path relative to the raw folder)",
                )
            )
            return
        issues = editions.compare(src.doc_id, first.doc_id, _compared(self.extracted[first.doc_id]), _compared(records))
        self.rows["warnings"].extend(i.to_dict() for i in issues)

    def first_edition(self, src: Source, records: Records) -> None:
        self.extracted[src.doc_id] = records
        taken = self.taken(src, "plan", [p["plan_id"] for p in records.plans], self.plan_owner)
        for table in editions.PLAN_TABLES:
            self.rows[table].extend(r for r in records.table(table) if r["plan_id"] not in taken)
        ids = [a["announcement_id"] for a in records.announcements]
        taken = self.taken(src, "announcement", ids, self.announcement_owner)
        for table in editions.ANNOUNCEMENT_TABLES:
            self.rows[table].extend(r for r in records.table(table) if r["announcement_id"] not in taken)

    def taken(self, src: Source, what: str, ids: list[str], owner: dict[str, str]) -> set[str]:
        """The ids already extracted from another document (an error each); the others are claimed."""
        taken = {i for i in ids if i in owner}
        for record_id in sorted(taken):
            self.rows["warnings"].append(
                _error(
                    src,
                    Code.DUPLICATE_PLAN_ACROSS_DOCUMENTS,
                    f"{what} {record_id} is already extracted from {owner[record_id]}; this copy is left out. "
                    "Remove one of the two documents from the raw folder or, if it is the same announcement "
                    f"in another format, name the other file in its edition_of column of raw/{MANIFEST_NAME}",
                )
            )
        for i in ids:
            owner.setdefault(i, src.doc_id)
        return taken


def _compared(records: Records) -> dict[str, Any]:
    return {table: records.table(table) for table in editions.COMPARED_TABLES}


def assemble(
    interim_dir: Path, sources: list[Source], results: list[DocResult], issues: tuple[Issue, ...] = ()
) -> Rows:
    """Gather every document's records into table rows (see the module docstring).

    ``issues`` are rows of the ``warnings`` table found outside the documents' stages
    (the manifest's problems, refused entries of the raw folder).
    """
    assembler = Assembler(interim_dir, sources)
    assembler.rows["warnings"].extend(i.to_dict() for i in issues)
    pairs = sorted(zip(sources, results, strict=True), key=lambda p: bool(p[0].meta.get("edition_of")))
    for src, result in pairs:  # sorted() is stable: path order is kept within each group
        assembler.add(src, result)
    rows = assembler.rows
    rows["warnings"].extend(i.to_dict() for i in links.link_announcements(rows))
    rows["program_links"] = program_links.link_programs(rows["plans"], rows["programs"])
    rows.update(dimension_rows(rows))
    return rows
