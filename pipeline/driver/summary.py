"""What a build says when it ends: the summary line, the failures, and the exit code.

The command line prints one :func:`summary_line` (documents ok and failed, rows of the main
tables, ``warnings`` rows by severity and the strict ones by code; every number comes from
the :class:`~pipeline.driver.build.BuildResult`, so a build that had nothing to redo reports
the same numbers from its stamp), one line per failed document (:func:`iter_error_lines`)
and the entries of the raw folder it did not read (:func:`iter_skipped_lines`), and exits
with :func:`exit_status`: :data:`EXIT_ERRORS` for
error rows, :data:`EXIT_STRICT` for the *strict* warnings (those that mean data may be
wrong, :mod:`pipeline.core.registry`) when the build is run with ``--strict``, for CI, and
:data:`EXIT_USAGE` when the build cannot run at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.driver.build import BuildResult
from pipeline.driver.discover import Source
from pipeline.driver.interim import DocResult
from pipeline.driver.manifest import MANIFEST_DOC_ID

#: Exit codes of the command line: success; error rows (or a failed document); bad
#: arguments, a missing folder, or a build that cannot run (outputs not writable, folders
#: locked); strict warnings under ``--strict``.
EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_STRICT = 0, 1, 2, 3
#: Skipped entries of the raw folder named in the summary line; the rest are counted.
MAX_SKIPPED_NAMED = 10
#: The tables whose rows the summary line counts, in this order (the data a user loads; the
#: ``lines`` and ``warnings`` ledgers and the code lists are left out).
SUMMARY_TABLES = ("plans", "initiatives", "programs", "captions", "announcements", "program_links")


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an ``s`` unless ``n`` is 1.

    >>> plural(1, "document"), plural(0, "error"), plural(12, "row")
    ('1 document', '0 errors', '12 rows')
    """
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(command: str, result: BuildResult, output_dir: Path | None = None) -> str:
    """The one line a build ends with; ``output_dir`` when the tables were written there.

    Parts are separated by ``; ``: documents (ok, failed, re-processed), then, for a whole
    build, the rows of :data:`SUMMARY_TABLES` and the warnings (:func:`describe_warnings`).

    >>> r = BuildResult(documents=3, failed_documents=1, rebuilt=["a"], errors=1, counts={"empty_document": 1})
    >>> summary_line("segment", r)
    'segment: 3 documents (2 ok, 1 failed), 1 re-processed'
    >>> r.rows = {"plans": 2, "programs": 9, "warnings": 1}
    >>> summary_line("build", r, Path("out"))
    'build: 3 documents (2 ok, 1 failed), 1 re-processed; rows: plans 2, programs 9; warnings: 1 error, 0 warnings, none that means data may be wrong; tables written to out'
    """
    ok = result.documents - result.failed_documents
    parts = [
        f"{command}: {plural(result.documents, 'document')} ({ok} ok, {result.failed_documents} failed), "
        f"{len(result.rebuilt)} re-processed"
    ]
    if result.rows:
        parts.append("rows: " + ", ".join(f"{t} {result.rows[t]}" for t in SUMMARY_TABLES if t in result.rows))
    if command == "build":
        parts.append("warnings: " + describe_warnings(result))
    if output_dir is not None:
        parts.append(f"tables written to {output_dir}")
    return "; ".join(parts)


def iter_error_lines(result: BuildResult) -> Iterable[str]:
    """One line per failed document (``FAILED``) and per error of the manifest (``ERROR``)."""
    for issue in result.failed:
        kind = "ERROR" if issue.doc_id == MANIFEST_DOC_ID else "FAILED"
        yield f"{kind} {issue.doc_id}: [{issue.code}] {issue.location + ': ' if issue.location else ''}{issue.message}"


def document_line(source: Source, result: DocResult) -> str:
    """The line a document's stages end with (``-v``): re-processed or reused, and why it failed.

    >>> from pipeline.core.errors import Code, Issue, Severity
    >>> from pipeline.driver.interim import Failure
    >>> src = Source(Path("raw/a.txt"), "a.txt", "a_1")
    >>> document_line(src, DocResult("a_1", "k", "sha", rebuilt=True))
    'a.txt (a_1): re-processed'
    >>> failure = Failure(Issue("a_1", Severity.ERROR, Code.EMPTY_DOCUMENT, "", "a.txt: no text"))
    >>> document_line(src, DocResult("a_1", "k", "sha", failure))
    'a.txt (a_1): reused, failed [empty_document]'
    """
    done = "re-processed" if result.rebuilt else "reused"
    failed = f", failed [{result.failure.issue.code}]" if result.failure is not None else ""
    return f"{source.rel} ({source.doc_id}): {done}{failed}"


def iter_skipped_lines(result: BuildResult) -> Iterable[str]:
    """The summary of the raw folder's entries that were not read: one line, naming them.

    >>> from pipeline.driver.walk import Skipped
    >>> list(iter_skipped_lines(BuildResult(skipped=[Skipped(".DS_Store", "hidden"), Skipped("l.txt", "a link", True)])))
    ['skipped 2 entries of the raw folder: .DS_Store (hidden), l.txt (a link; see warnings)']
    """
    if not result.skipped:
        return
    named = [f"{s.rel} ({s.reason.split(';')[0]}{'; see warnings' if s.refused else ''})" for s in result.skipped]
    more = f" and {len(named) - MAX_SKIPPED_NAMED} more" if len(named) > MAX_SKIPPED_NAMED else ""
    yield f"skipped {len(named)} entries of the raw folder: {', '.join(named[:MAX_SKIPPED_NAMED])}{more}"


def describe_warnings(result: BuildResult) -> str:
    """The warnings part of the build's summary line: rows by severity, the strict ones by code.

    >>> describe_warnings(BuildResult(counts={"ocr_suspect": 3}))
    '0 errors, 3 warnings, none that means data may be wrong'
    >>> describe_warnings(BuildResult(counts={"ocr_suspect": 3, "unknown_municipality": 2, "no_program_list": 1}))
    '0 errors, 6 warnings, 3 that mean data may be wrong: no_program_list 1, unknown_municipality 2'
    >>> describe_warnings(BuildResult(errors=1, counts={"unknown_municipality": 1, "empty_document": 1}))
    '1 error, 1 warning, 1 that means data may be wrong: unknown_municipality 1'
    """
    severities = f"{plural(result.errors, 'error')}, {plural(result.warning_rows, 'warning')}"
    strict = result.strict_counts
    if not strict:
        return f"{severities}, none that means data may be wrong"
    listed = ", ".join(f"{code} {n}" for code, n in strict.items())
    n_strict = sum(strict.values())
    return f"{severities}, {n_strict} that mean{'s' if n_strict == 1 else ''} data may be wrong: {listed}"


def exit_status(result: BuildResult, strict: bool = False) -> int:
    """The command line's exit code for a build (see the ``EXIT_`` constants).

    >>> r = BuildResult(counts={"unbalanced_brackets": 1})
    >>> exit_status(r), exit_status(r, strict=True), exit_status(BuildResult(errors=1), strict=True)
    (0, 3, 1)
    """
    if result.errors:
        return EXIT_ERRORS
    return EXIT_STRICT if strict and result.strict_counts else EXIT_OK
