"""Assembly: every document's records gathered into one set of table rows.

Documents are taken in path order, first editions before the documents that
``raw/sources.csv`` marks as another edition of one of them (``edition_of``):

* a failed document contributes its ``error`` row and a ``documents`` row with
  ``status = failed``, and the warnings of its read stage when that stage succeeded (a
  table the PDF reader could not read explains why no plan was found), and nothing else;
* an edition's records are compared with its first edition's, not added
  (:mod:`pipeline.driver.editions`); its lines and warnings are kept;
* a plan id already taken by another document is a ``duplicate_plan_across_documents``
  error, and the later copy's plan, initiative, program and caption rows are left out.

Every ``documents`` row is made by :func:`document_row`, whatever became of the document.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pipeline.core.errors import Code, Issue, Severity
from pipeline.core.fileio import read_json
from pipeline.driver import editions
from pipeline.driver.discover import MANIFEST_NAME, Source
from pipeline.driver.interim import STAGE_FILES, DocResult, ReadSummary, parse_stage_file
from pipeline.extract.records import DocumentFields, Records, Row
from pipeline.output.schema import DOCUMENTS, TABLES

logger = logging.getLogger(__name__)

Rows = dict[str, list[Row]]


def guess_format(path: Path) -> str:
    """The format of a document that could not be read, from its suffix.

    >>> guess_format(Path("a.PDF")), guess_format(Path("a.txt"))
    ('pdf', 'text')
    """
    return "pdf" if path.suffix.lower() == ".pdf" else "text"


def document_row(src: Source, raw_sha: str, read: ReadSummary | None, fields: DocumentFields | None) -> Row:
    """The ``documents`` row of a source: ``ok`` with what was read and extracted, else ``failed``."""
    if read is None or fields is None:
        return DOCUMENTS.row(
            doc_id=src.doc_id, source_path=src.rel, sha256=raw_sha, format=guess_format(src.path), status="failed"
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
    )


def load_outputs(interim_dir: Path, src: Source) -> tuple[ReadSummary, Records]:
    """A successful document's read summary and records, from its stage files."""
    folder = interim_dir / src.doc_id
    read = parse_stage_file(read_json(folder / STAGE_FILES["read"][0]), ReadSummary).result
    records = parse_stage_file(read_json(folder / STAGE_FILES["extract"][0]), Records).result
    if read is None or records is None:
        raise ValueError(f"the stage files of {src.rel} hold a failure, not a result")
    return read, records


def reader_issues(interim_dir: Path, src: Source) -> list[Issue]:
    """The warnings of a document's read stage, when it succeeded (none when it failed or is unreadable)."""
    try:
        read = parse_stage_file(read_json(interim_dir / src.doc_id / STAGE_FILES["read"][0]), ReadSummary).result
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return list(read.issues) if read is not None else []


def manifest_issues(src: Source, raw_sha: str) -> list[Issue]:
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
        self.by_rel = {s.rel: s for s in sources}
        self.rows: Rows = {name: [] for name in TABLES}
        self.extracted: dict[str, Records] = {}
        self.plan_owner: dict[str, str] = {}

    def add(self, src: Source, result: DocResult) -> None:
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
            self.rows["documents"].append(document_row(src, result.raw_sha256, None, None))

    def failed(self, src: Source, result: DocResult, message: str) -> None:
        self.rows["warnings"].append(_error(src, Code.INTERNAL_ERROR, message))
        self.rows["documents"].append(document_row(src, result.raw_sha256, None, None))

    def extracted_document(self, src: Source, result: DocResult, read: ReadSummary, records: Records) -> None:
        doc = document_row(src, result.raw_sha256, read, records.document)
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
        first = self.by_rel.get(first_rel)
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
        taken = {p["plan_id"] for p in records.plans if p["plan_id"] in self.plan_owner}
        for plan_id in sorted(taken):
            self.rows["warnings"].append(
                _error(
                    src,
                    Code.DUPLICATE_PLAN_ACROSS_DOCUMENTS,
                    f"plan {plan_id} is already extracted from {self.plan_owner[plan_id]}; this copy is left out. "
                    "Remove one of the two documents from the raw folder or, if it is the same announcement "
                    f"in another format, name the other file in its edition_of column of raw/{MANIFEST_NAME}",
                )
            )
        for p in records.plans:
            self.plan_owner.setdefault(p["plan_id"], src.doc_id)
        for table in editions.COMPARED_TABLES:
            self.rows[table].extend(r for r in records.table(table) if r["plan_id"] not in taken)


def _compared(records: Records) -> dict[str, Any]:
    return {table: records.table(table) for table in editions.COMPARED_TABLES}


def assemble(interim_dir: Path, sources: list[Source], results: list[DocResult]) -> Rows:
    """Gather every document's records into table rows (see the module docstring)."""
    assembler = Assembler(interim_dir, sources)
    pairs = sorted(zip(sources, results, strict=True), key=lambda p: bool(p[0].meta.get("edition_of")))
    for src, result in pairs:  # sorted() is stable: path order is kept within each group
        assembler.add(src, result)
    return assembler.rows
