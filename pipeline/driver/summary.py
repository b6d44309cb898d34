"""What a build says when it ends: the summary line, the failures, and the exit code.

The command line prints :func:`describe_warnings` in its summary line, one line per failed
document (:func:`iter_error_lines`) and the entries of the raw folder it did not read
(:func:`iter_skipped_lines`), and exits with :func:`exit_status`: :data:`EXIT_ERRORS` for
error rows, :data:`EXIT_STRICT` for the *strict* warnings (those that mean data may be
wrong, :mod:`pipeline.core.registry`) when the build is run with ``--strict``, for CI, and
:data:`EXIT_USAGE` when the build cannot run at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.driver.build import BuildResult
from pipeline.driver.manifest import MANIFEST_DOC_ID

#: Exit codes of the command line: success; error rows (or a failed document); bad
#: arguments, a missing folder, or a build that cannot run (outputs not writable, folders
#: locked); strict warnings under ``--strict``.
EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_STRICT = 0, 1, 2, 3
#: Skipped entries of the raw folder named in the summary line; the rest are counted.
MAX_SKIPPED_NAMED = 10


def iter_error_lines(result: BuildResult) -> Iterable[str]:
    """One line per failed document (``FAILED``) and per error of the manifest (``ERROR``)."""
    for issue in result.failed:
        kind = "ERROR" if issue.doc_id == MANIFEST_DOC_ID else "FAILED"
        yield f"{kind} {issue.doc_id}: [{issue.code}] {issue.location + ': ' if issue.location else ''}{issue.message}"


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
    """The warnings part of the build's summary line: rows, and the strict ones by code.

    >>> describe_warnings(BuildResult(counts={"ocr_suspect": 3}))
    '3 warning row(s), none that means data may be wrong'
    >>> describe_warnings(BuildResult(counts={"ocr_suspect": 3, "unknown_municipality": 2, "no_program_list": 1}))
    '6 warning row(s), 3 that mean data may be wrong: no_program_list 1, unknown_municipality 2'
    >>> describe_warnings(BuildResult(counts={"unknown_municipality": 1}))
    '1 warning row(s), 1 that means data may be wrong: unknown_municipality 1'
    """
    total = sum(result.counts.values())
    strict = result.strict_counts
    if not strict:
        return f"{total} warning row(s), none that means data may be wrong"
    listed = ", ".join(f"{code} {n}" for code, n in strict.items())
    n_strict = sum(strict.values())
    return f"{total} warning row(s), {n_strict} that mean{'s' if n_strict == 1 else ''} data may be wrong: {listed}"


def exit_status(result: BuildResult, strict: bool = False) -> int:
    """The command line's exit code for a build (see the ``EXIT_`` constants).

    >>> r = BuildResult(counts={"unbalanced_brackets": 1})
    >>> exit_status(r), exit_status(r, strict=True), exit_status(BuildResult(errors=1), strict=True)
    (0, 3, 1)
    """
    if result.errors:
        return EXIT_ERRORS
    return EXIT_STRICT if strict and result.strict_counts else EXIT_OK
