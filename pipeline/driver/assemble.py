"""Assembly: every document's records gathered into one set of table rows.

What a document contributes by itself — its ``documents`` row, its warnings, lines and
records, checked against the columns' types — is its table fragment
(:mod:`pipeline.driver.fragment`), made in parallel by the worker that extracted it and
kept until the document changes.  The assembly concatenates the fragments table by table
(Arrow) and does only what needs several documents, on their keys:

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

Every ``documents`` row is made by :func:`~pipeline.driver.fragment.document_row`,
whatever became of the document.
Whatever goes wrong while one document is gathered (stage files that parse but hold
malformed rows) turns that document into a failed one, with its rows taken back; the
assembly itself never stops on a document.
"""

from __future__ import annotations

import itertools
import logging
from pathlib import Path
from typing import Any, TypeAlias

import pyarrow as pa

from pipeline.core.errors import Code, Issue, Severity
from pipeline.core.fileio import read_json
from pipeline.driver import editions, links, program_links
from pipeline.driver.dimensions import dimension_rows
from pipeline.driver.discover import MANIFEST_NAME, Source, nfc
from pipeline.driver.fragment import Fragment, document_row, fragment_key, load_fragment, make_fragment, save_fragment
from pipeline.driver.interim import STAGE_FILES, DocResult, ReadSummary, document_folder, parse_stage_file
from pipeline.driver.link_memo import linked_programs
from pipeline.extract.records import Records, Row
from pipeline.output.schema import TABLES, Table
from pipeline.output.storage import to_arrow

logger = logging.getLogger(__name__)

Rows = dict[str, list[Row]]
#: Every table's data as storage Arrow (:mod:`pipeline.output.storage`).
Tables = dict[str, pa.Table]
#: The tables the links between documents read, and complete in place, as rows.
LINKED_TABLES = ("plans", "announcements", "announcement_municipalities")
#: The columns of ``programs`` the program links read.
LINKED_PROGRAM_COLUMNS = ("plan_id", *program_links.PROGRAM_FIELDS)
#: A run of a table's rows: a document's fragment (Arrow), or rows made by the assembly.
Piece: TypeAlias = "pa.Table | list[Row]"
#: Values that do not fit their columns named in the error row; the rest are counted.
MAX_MISFITS_NAMED = 5


class MisfitRecords(ValueError):
    """A document's records hold values that do not fit their columns' types."""

    def __init__(self, found: list[str]) -> None:
        super().__init__(f"{len(found)} value(s) do not fit their columns")
        self.misfits = found


def load_outputs(interim_dir: Path, src: Source) -> tuple[ReadSummary, Records]:
    """A successful document's read summary and records, from its stage files."""
    folder = document_folder(interim_dir, src.rel)
    read = parse_stage_file(read_json(folder / STAGE_FILES["read"][0]), ReadSummary).result
    records = parse_stage_file(read_json(folder / STAGE_FILES["extract"][0]), Records).result
    if read is None or records is None:
        raise ValueError(f"the stage files of {src.rel} hold a failure, not a result")
    return read, records


def reader_issues(interim_dir: Path, src: Source) -> list[Issue]:
    """The warnings of a document's read stage, when it succeeded (none when it failed or is unreadable)."""
    try:
        read = parse_stage_file(
            read_json(document_folder(interim_dir, src.rel) / STAGE_FILES["read"][0]), ReadSummary
        ).result
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return list(read.issues) if read is not None else []


def _error(src: Source, code: Code, message: str) -> Row:
    return Issue(src.doc_id, Severity.ERROR, code, "", message).to_dict()


def without(piece: pa.Table | None, column: str, taken: set[str]) -> pa.Table | None:
    """A fragment's table without the rows whose ``column`` is one of ``taken`` (a filter on one column).

    >>> t = pa.table({"plan_id": ["a", "b", "a"], "seq": [1, 2, 3]})
    >>> without(t, "plan_id", {"a"}).column("seq").to_pylist()
    [2]
    """
    if piece is None or not taken:
        return piece
    import pyarrow.compute as pc  # only when a document repeats another's ids: not on every start-up

    return piece.filter(pc.invert(pc.is_in(piece.column(column), pa.array(sorted(taken), pa.string()))))


def concatenated(table: Table, pieces: list[Piece]) -> pa.Table:
    """A table's rows in assembly order, as one storage Arrow table: the fragments as they are,
    each run of rows made by the assembly converted at once.

    >>> from pipeline.output.schema import CATEGORIES
    >>> a, b = to_arrow(CATEGORIES, [{"category_no": 1}]), to_arrow(CATEGORIES, [{"category_no": 3}])
    >>> concatenated(CATEGORIES, [a, [{"category_no": 2}], b]).column("category_no").to_pylist()
    [1, 2, 3]
    """
    runs = [to_arrow(table, [])]
    for is_arrow, group in itertools.groupby(pieces, key=lambda p: isinstance(p, pa.Table)):
        run = list(group)
        runs += run if is_arrow else [to_arrow(table, [r for part in run for r in part])]
    return pa.concat_tables(runs)


class Assembler:
    """Gathers the documents' fragments one by one (see the module docstring)."""

    def __init__(self, interim_dir: Path, sources: list[Source]) -> None:
        self.interim_dir = interim_dir
        self.by_rel = {nfc(s.rel): s for s in sources}
        self.parts: dict[str, list[Piece]] = {name: [] for name in TABLES}
        self.extracted: dict[str, Fragment] = {}
        self.plan_owner: dict[str, str] = {}
        self.announcement_owner: dict[str, str] = {}

    def put(self, name: str, piece: Piece | None) -> None:
        """Add a run of rows to a table (nothing for ``None`` or no rows)."""
        if piece is not None and len(piece):
            self.parts[name].append(piece)

    def tables(self) -> Tables:
        """Every table gathered so far, as storage Arrow."""
        return {name: concatenated(TABLES[name], parts) for name, parts in self.parts.items()}

    def add(self, src: Source, result: DocResult) -> None:
        """Gather one document; if that fails, take its rows back and record it as failed."""
        mark = {name: len(parts) for name, parts in self.parts.items()}
        try:
            self.gather(src, result)
        except Exception as exc:  # malformed stage files: one document never stops the assembly
            logger.warning("%s: cannot be assembled: %r", src.rel, exc)
            for name, n in mark.items():
                del self.parts[name][n:]
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
                fragment = self.fragment(src, result)
            except (OSError, ValueError, KeyError, TypeError) as exc:
                logger.warning("%s: stage files unreadable: %s", src.rel, exc)
                self.failed(src, result, f"{src.rel}: its interim files could not be read back ({exc}); rebuild")
                return
            self.extracted_document(src, fragment)
        else:
            warnings = [result.failure.issue.to_dict()]
            if not result.failure.transient:
                warnings += [i.to_dict() for i in reader_issues(self.interim_dir, src)]
            self.put("warnings", warnings)
            self.put("documents", [document_row(src, result.raw_sha256, result.format)])

    def fragment(self, src: Source, result: DocResult) -> Fragment:
        """The document's fragment: the one its worker made, or made now from its stage files."""
        folder = document_folder(self.interim_dir, src.rel)
        frag_key = fragment_key(result.result_key, src, result.raw_sha256)
        fragment = load_fragment(folder, frag_key)
        if fragment is None:
            read, records = load_outputs(self.interim_dir, src)
            fragment = make_fragment(frag_key, src, result.raw_sha256, read, records)
            try:
                save_fragment(folder, fragment)
            except OSError as exc:  # made again on the next build
                logger.debug("%s: fragment not saved (%s)", src.rel, exc)
        return fragment

    def failed(self, src: Source, result: DocResult, message: str, code: Code = Code.INTERNAL_ERROR) -> None:
        self.put("warnings", [_error(src, code, message)])
        self.put("documents", [document_row(src, result.raw_sha256, result.format)])

    def extracted_document(self, src: Source, fragment: Fragment) -> None:
        if fragment.misfits:
            raise MisfitRecords(list(fragment.misfits))
        doc = dict(fragment.document)
        self.put("documents", [doc])
        self.put("warnings", fragment.tables.get("warnings"))
        self.put("lines", fragment.tables.get("lines"))
        first_rel = src.meta.get("edition_of")
        if first_rel:
            self.edition(src, doc, first_rel, fragment)
        else:
            self.first_edition(src, fragment)

    def edition(self, src: Source, doc: Row, first_rel: str, fragment: Fragment) -> None:
        first = self.by_rel.get(nfc(first_rel))
        doc["edition_of"] = first.doc_id if first else None
        if first is None or first.doc_id not in self.extracted:
            error = _error(
                src,
                Code.EDITION_OF_UNKNOWN,
                f"{src.rel}: raw/{MANIFEST_NAME} says it is an edition of {first_rel!r}, which is "
                "not an extracted document of the raw folder; its records are left out. Fix the "
                "edition_of column (a file path relative to the raw folder)",
            )
            self.put("warnings", [error])
            return
        issues = editions.compare(
            src.doc_id, first.doc_id, _compared(self.extracted[first.doc_id]), _compared(fragment)
        )
        self.put("warnings", [i.to_dict() for i in issues])

    def first_edition(self, src: Source, fragment: Fragment) -> None:
        self.extracted[src.doc_id] = fragment
        taken = self.taken(src, "plan", fragment.column("plans", "plan_id"), self.plan_owner)
        for table in editions.PLAN_TABLES:
            self.put(table, without(fragment.tables.get(table), "plan_id", taken))
        ids = fragment.column("announcements", "announcement_id")
        taken = self.taken(src, "announcement", ids, self.announcement_owner)
        for table in editions.ANNOUNCEMENT_TABLES:
            self.put(table, without(fragment.tables.get(table), "announcement_id", taken))

    def taken(self, src: Source, what: str, ids: list[str], owner: dict[str, str]) -> set[str]:
        """The ids already extracted from another document (an error each); the others are claimed."""
        taken = {i for i in ids if i in owner}
        self.put(
            "warnings",
            [
                _error(
                    src,
                    Code.DUPLICATE_PLAN_ACROSS_DOCUMENTS,
                    f"{what} {record_id} is already extracted from {owner[record_id]}; this copy is left out. "
                    "Remove one of the two documents from the raw folder or, if it is the same announcement "
                    f"in another format, name the other file in its edition_of column of raw/{MANIFEST_NAME}",
                )
                for record_id in sorted(taken)
            ],
        )
        for i in ids:
            owner.setdefault(i, src.doc_id)
        return taken


def _compared(fragment: Fragment) -> dict[str, Any]:
    return {table: fragment.rows(table) for table in editions.COMPARED_TABLES}


def assemble(
    interim_dir: Path, sources: list[Source], results: list[DocResult], issues: tuple[Issue, ...] = ()
) -> Tables:
    """Gather every document's records into tables, as storage Arrow (see the module docstring).

    ``issues`` are rows of the ``warnings`` table found outside the documents' stages
    (the manifest's problems, refused entries of the raw folder).  Only the tables the links
    between documents read or complete (:data:`LINKED_TABLES`) become Python rows.
    """
    assembler = Assembler(interim_dir, sources)
    assembler.put("warnings", [i.to_dict() for i in issues])
    pairs = sorted(zip(sources, results, strict=True), key=lambda p: bool(p[0].meta.get("edition_of")))
    for src, result in pairs:  # sorted() is stable: path order is kept within each group
        assembler.add(src, result)
    tables = assembler.tables()
    rows: Rows = {name: tables[name].to_pylist() for name in LINKED_TABLES}
    link_warnings = [i.to_dict() for i in links.link_announcements(rows)]
    programs = tables["programs"].select(list(LINKED_PROGRAM_COLUMNS)).to_pylist()
    linked = linked_programs(interim_dir, rows["plans"], programs)
    rows.update(dimension_rows(rows))
    tables.update({name: to_arrow(TABLES[name], table_rows) for name, table_rows in rows.items()})
    tables["program_links"] = linked
    tables["warnings"] = concatenated(TABLES["warnings"], [tables["warnings"], link_warnings])
    return tables
