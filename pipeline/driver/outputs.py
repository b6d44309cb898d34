"""Writing the assembled tables, and what the build reports about them.

The assembled tables (storage Arrow, :mod:`pipeline.output.storage`) are validated
(:func:`validation_issues`), written into a staging folder inside the output folder and
moved into place file by file (:func:`write_outputs`; the SQLite database in a process of its
own beside the CSV and Parquet files when the build may use several cores), and their ``warnings`` are counted
for the build's result (:func:`tally`), reading the table's columns rather than its rows.

The checks of the assembled tables only add rows to ``warnings``, the table the database
creates last.  So the database process starts before them: it builds every other table
while this process runs the checks, then receives the finished ``warnings`` table (Arrow IPC
in a file of the staging folder, announced through a pipe) and creates it, as a build with
one job would.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.errors import Issue, Severity
from pipeline.core.fileio import replace_if_changed
from pipeline.driver.assemble import Tables, concatenated
from pipeline.driver.manifest import MANIFEST_DOC_ID
from pipeline.output.schema import WARNINGS

if TYPE_CHECKING:
    import pyarrow as pa

logger = logging.getLogger(__name__)

#: Prefix of the hidden folder in the output folder where tables are staged before the move.
STAGING_PREFIX = ".staging-"
#: The table the database creates last, and the only one the checks change: the database's
#: process receives it when they are done (module docstring).
LATE_TABLE = WARNINGS.name
#: The file in the staging folder that hands :data:`LATE_TABLE` to the database's process.
LATE_FILE = ".late-table.arrows"
#: Whether a process can be forked here (Linux, macOS): the database is then built beside the
#: other files when the build may use more than one core.
CAN_FORK = "fork" in multiprocessing.get_all_start_methods()


def in_background(work: Callable[[], object], what: str) -> Callable[[], None]:
    """Start ``work`` in a forked process, which shares the parent's tables without copying
    them; the function returned waits for it and raises its error (an ``OSError`` stays one,
    so a full disk is still reported as such)."""
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)

    def child() -> None:
        try:
            work()
        except BaseException as exc:  # reported by the parent, which decides what it means
            writer.send((isinstance(exc, OSError), f"{type(exc).__name__}: {exc}"))
        else:
            writer.send(None)

    process = context.Process(target=child, name=what)
    process.start()
    writer.close()

    def wait() -> None:
        try:
            failure = reader.recv()
        except EOFError:  # killed before it could say
            failure = (False, f"the process writing it ended with code {process.exitcode}")
        finally:
            process.join()
            reader.close()
        if failure is not None:
            is_os_error, message = failure
            raise (OSError if is_os_error else RuntimeError)(f"{what}: {message}")

    return wait


def write_outputs(
    tables: Tables, output_dir: Path, jobs: int = 1, complete: Callable[[Tables], None] | None = None
) -> list[Path]:
    """Write every table (storage Arrow, :mod:`pipeline.output.storage`) into a staging folder
    inside ``output_dir``, then move the files into place, so a build interrupted while writing
    leaves the previous set of outputs whole (not some tables new and some old).  A file whose
    bytes did not change is left in place, untouched
    (:func:`~pipeline.core.fileio.replace_if_changed`).  Returns the paths of the outputs.

    ``complete``, if given, finishes the tables first; it may change only ``warnings``.  With
    ``jobs`` above 1 (and where processes fork), the SQLite database is built in a process of
    its own, started before ``complete`` runs (module docstring), while this one writes the CSV
    and Parquet files (:data:`CAN_FORK`).
    """
    from pipeline.output.datapackage import write_datapackage
    from pipeline.output.schema import TABLES
    from pipeline.output.sqlite import DATABASE_NAME, METADATA_NAME, write_sqlite
    from pipeline.output.tables import write_table

    output_dir.mkdir(parents=True, exist_ok=True)
    for leftover in output_dir.glob(STAGING_PREFIX + "*"):  # from a build that was killed (the lock says so)
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=output_dir))
    database = None
    try:
        if jobs > 1 and CAN_FORK:
            database = _database_beside(tables, staging, complete)
        elif complete is not None:
            complete(tables)
        staged = [p for name, table in TABLES.items() for p in write_table(table, tables[name], staging)]
        staged.append(write_datapackage(staging))
        if database is not None:
            wait, database = database, None
            wait()
            staged += [staging / DATABASE_NAME, staging / METADATA_NAME]
        else:
            staged += write_sqlite(tables, staging)  # plans.db + metadata.json for Datasette
        blocked = [p.name for p in staged if (output_dir / p.name).is_dir()]
        if blocked:  # checked before the first move, so the set of outputs stays whole
            raise IsADirectoryError(f"{', '.join(blocked)} in {output_dir} are folders; remove them")
        replaced = [p.name for p in staged if replace_if_changed(p, output_dir / p.name)]
        logger.info("%d of %d output file(s) changed", len(replaced), len(staged))
    finally:
        if database is not None:  # the CSV or Parquet writing failed: its error is the one raised
            with contextlib.suppress(Exception):
                database()
        shutil.rmtree(staging, ignore_errors=True)
    return [output_dir / p.name for p in staged]


def _database_beside(tables: Tables, staging: Path, complete: Callable[[Tables], None] | None) -> Callable[[], None]:
    """Start the database's process, run ``complete`` here, hand it the finished ``warnings``
    (:data:`LATE_TABLE`), and return the function that waits for it (:func:`in_background`).

    The table goes through a file in the staging folder (:data:`LATE_FILE`) and the pipe only
    says it is there: a pipe holds 64 KiB, and a larger message would hold this process
    until the database's process reads it, after every other table, instead of letting it
    write the CSV and Parquet files meanwhile."""
    from pipeline.output.sqlite import DATABASE_NAME, write_sqlite
    from pipeline.output.storage import arrow_bytes, arrow_from_bytes

    receiving, sending = multiprocessing.get_context("fork").Pipe(duplex=False)
    late_file = staging / LATE_FILE

    def late() -> pa.Table:
        receiving.recv_bytes()  # EOFError when this process failed before handing it over
        return arrow_from_bytes(late_file.read_bytes())

    def build() -> None:
        sending.close()  # the parent's end: a parent that fails closes its own, and recv() then ends
        write_sqlite(tables, staging, late=late)

    wait = in_background(build, DATABASE_NAME)
    receiving.close()
    try:
        if complete is not None:
            complete(tables)
        late_file.write_bytes(arrow_bytes(tables[LATE_TABLE]))
        sending.send_bytes(b"")
    except BaseException:
        sending.close()
        with contextlib.suppress(Exception):
            wait()
        raise
    sending.close()
    return wait


def with_warnings(tables: Tables, issues: list[Issue]) -> None:
    """Append ``issues`` to the ``warnings`` table."""
    if issues:
        tables["warnings"] = concatenated(WARNINGS, [tables["warnings"], [i.to_dict() for i in issues]])


def tally(tables: Tables) -> tuple[int, dict[str, int], list[Issue]]:
    """The error rows, the ``warnings`` rows counted by code and the failed documents' errors,
    read from the table's columns (only the failed documents' errors become rows)."""
    warnings, documents = tables["warnings"], tables["documents"]
    severities = warnings.column("severity").to_pylist()
    doc_ids = warnings.column("doc_id").to_pylist()
    errors = sum(1 for s in severities if s == Severity.ERROR)
    counts = dict(sorted(Counter(str(c) for c in warnings.column("code").to_pylist()).items()))
    statuses = zip(documents.column("doc_id").to_pylist(), documents.column("status").to_pylist(), strict=True)
    failed_ids = {doc_id for doc_id, status in statuses if status == "failed"} | {MANIFEST_DOC_ID}
    at = [
        i for i, (d, s) in enumerate(zip(doc_ids, severities, strict=True)) if d in failed_ids and s == Severity.ERROR
    ]
    failed = [Issue.from_dict(w) for w in warnings.take(at).to_pylist()] if at else []
    return errors, counts, failed


def validation_issues(tables: Tables) -> list[Issue]:
    """The ``validation_failed`` errors of the assembled tables (storage Arrow, every table).

    Pandera (:func:`pipeline.output.validate.validate_tables`) runs, on the tables' rows, only
    when the vectorised pass (:func:`pipeline.output.checks.tables_hold`) finds a rule that may
    fail; its report is then the result.
    """
    from pipeline.output.checks import tables_hold

    if tables_hold(tables):
        return []
    from pipeline.output.validate import validate_tables

    return validate_tables({name: data.to_pylist() for name, data in tables.items()})
