"""Command-line interface: a thin shell over :mod:`pipeline.driver.build`.

``python -m pipeline build`` runs everything; ``read``/``segment``/``extract`` run
the per-document stages up to that one (the Makefile's stage targets); ``diff``
compares the CSV snapshot with a git ref (:mod:`pipeline.tools.diff`); ``docs``
rewrites the generated documentation (:mod:`pipeline.tools.docs`).

Exit codes (:func:`pipeline.driver.build.exit_status`): 0 success, 1 error rows in
``warnings`` (a failed document, a validation failure), 2 bad arguments or a missing raw
folder, or the build cannot run (outputs not writable, folders locked by another build),
3 warnings that mean data may be wrong under ``--strict``.

How much a command says (``-q``/``-v`` count; :data:`LOG_LEVELS` maps them to the level of
the ``pipeline`` logger; everything goes to stderr):

* ``-qq``: only errors (``error:``, ``FAILED`` lines and why the exit code is not 0);
* ``-q``: errors and the build's summary line (:func:`pipeline.driver.summary.summary_line`);
* default: also information (entries of the raw folder skipped, a worker that died) and, on
  a terminal, a progress bar for a build of more than :data:`PROGRESS_MIN_DOCUMENTS`
  documents, advanced as each document's stages finish (:class:`ProgressReporter`); log
  lines are printed above it;
* ``-v``: also one line per document as its stages finish (re-processed or reused, failed);
* ``-vv``: also debugging messages.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pipeline.core.errors import BuildError
from pipeline.core.limits import (
    BYTES_PER_MB,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_LINES,
    DEFAULT_MAX_PAGES,
    DEFAULT_TIME_LIMIT_S,
    Limits,
)
from pipeline.driver.build import ENGINES, PDF_ENGINE, BuildConfig, Stage, build, default_jobs
from pipeline.driver.discover import Source
from pipeline.driver.interim import DocResult
from pipeline.driver.lock import DEFAULT_LOCK_WAIT_S
from pipeline.driver.summary import (
    EXIT_ERRORS,
    EXIT_STRICT,
    EXIT_USAGE,
    document_line,
    exit_status,
    iter_error_lines,
    iter_skipped_lines,
    summary_line,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

logger = logging.getLogger("pipeline")

#: A build of more documents than this shows a progress bar (on a terminal, without -q).
PROGRESS_MIN_DOCUMENTS = 4
#: Level of the ``pipeline`` logger by verbosity (the number of -v less the number of -q),
#: clamped to the ends; -q keeps the summary line, which is printed, not logged.
LOG_LEVELS = {-2: logging.ERROR, -1: logging.ERROR, 0: logging.INFO, 1: logging.INFO, 2: logging.DEBUG}
#: Verbosity from which each document's line is logged, and down to which the summary line is printed.
DOCUMENT_LINES_FROM, SUMMARY_DOWN_TO = 1, -1


class _StderrOrBar(logging.StreamHandler[TextIO]):
    """The command line's log handler: stderr, or above the progress bar while one is drawn.

    The bar's console is kept with the id of the process that draws it: worker processes
    forked meanwhile inherit it, but write to stderr as usual, never drawing a copy of the bar.
    """

    #: (process id, rich console) of the bar being drawn
    bar: tuple[int, Console] | None = None

    def emit(self, record: logging.LogRecord) -> None:
        bar = _StderrOrBar.bar
        if bar is None or bar[0] != os.getpid():
            self.stream = sys.stderr
            super().emit(record)
            return
        try:
            bar[1].print(self.format(record), markup=False, highlight=False, emoji=False, soft_wrap=True)
        except Exception:
            self.handleError(record)


def shows_bar(stream: TextIO, documents: int, verbosity: int) -> bool:
    """Whether a build of ``documents`` shows a progress bar on ``stream``: not with -q, not for
    a few documents, and only on a terminal that can draw one (``TERM`` not ``dumb``).

    >>> import io
    >>> shows_bar(io.StringIO(), 100, 0)
    False
    """
    if verbosity < 0 or documents <= PROGRESS_MIN_DOCUMENTS or not stream.isatty():
        return False
    return os.environ.get("TERM", "") not in ("dumb", "unknown")


class ProgressReporter:
    """The command line's :class:`~pipeline.driver.build.BuildObserver`: a ``rich`` progress bar
    on stderr (:func:`shows_bar`), one bar per phase (documents, then the tables), and a log
    line per document with -v.  A context manager: the bar is drawn between enter and exit."""

    def __init__(self, verbosity: int, stream: TextIO | None = None) -> None:
        self.verbosity = verbosity
        self.stream = stream or sys.stderr
        self.progress: Progress | None = None

    def __enter__(self) -> ProgressReporter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if self.progress is not None:
            for task in self.progress.tasks:  # the tables' phase has no total: show it done
                if exc_type is None and task.total is None:
                    self.progress.update(task.id, total=1, completed=1)
            self.progress.stop()
            self.progress = None
            _StderrOrBar.bar = None

    def documents_started(self, total: int) -> None:
        if not shows_bar(self.stream, total, self.verbosity):
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        console = Console(file=self.stream)
        # redrawn at each step, by this thread only: no refresh thread runs while worker
        # processes are forked, and stderr is not redirected (log lines go through the console)
        self.progress = Progress(
            *columns, console=console, auto_refresh=False, redirect_stdout=False, redirect_stderr=False
        )
        self.progress.add_task("documents", total=total)
        self.progress.start()
        _StderrOrBar.bar = (os.getpid(), console)

    def document_done(self, source: Source, result: DocResult) -> None:
        if self.verbosity >= DOCUMENT_LINES_FROM:
            logger.info("%s", document_line(source, result))
        if self.progress is not None:
            self.progress.advance(self.progress.task_ids[0])
            self.progress.refresh()

    def assembly_started(self) -> None:
        if self.progress is not None:
            self.progress.add_task("tables", total=None)
            self.progress.refresh()


def _add_build_arguments(s: argparse.ArgumentParser) -> None:
    """The options of the stage and build commands: folders, parallelism, limits, locks, links."""
    s.add_argument("--raw", type=Path, default=Path("raw"), help="folder of source documents")
    s.add_argument("--interim", type=Path, default=Path("interim"), help="folder for intermediate files")
    s.add_argument("--output", type=Path, default=Path("output"), help="folder for the datasets")
    s.add_argument("--jobs", "-j", type=int, default=default_jobs(), help="parallel worker processes")
    s.add_argument(
        "--prefecture",
        default=None,
        help="prefecture for documents whose manifest row names none (tie-breaker for names)",
    )
    s.add_argument(
        "--max-mb",
        type=float,
        default=DEFAULT_MAX_BYTES / BYTES_PER_MB,
        help="refuse a source file larger than this many MiB (0: no limit)",
    )
    s.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT_S,
        help="seconds allowed per document for all its stages (0: no limit)",
    )
    s.add_argument(
        "--max-pages",
        type=int,
        default=DEFAULT_MAX_PAGES,
        help="refuse a PDF with more pages than this (0: no limit)",
    )
    s.add_argument(
        "--pdf-engine",
        choices=ENGINES,
        default=PDF_ENGINE,
        help="the library that reads PDF pages: pdfplumber (the reference) or pdfium (the same data, faster)",
    )
    s.add_argument(
        "--max-lines",
        type=int,
        default=DEFAULT_MAX_LINES,
        help="refuse a document with more lines than this (0: no limit)",
    )
    s.add_argument(
        "--lock-wait",
        type=float,
        default=DEFAULT_LOCK_WAIT_S,
        help="seconds to wait for another build using the same interim or output folder",
    )
    s.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="read files and folders behind symbolic links in the raw folder (refused by default)",
    )
    s.add_argument(
        "--strict",
        action="store_true",
        help=f"exit {EXIT_STRICT} when a warning means data may be wrong (README: troubleshooting)",
    )


def _add_verbosity(s: argparse.ArgumentParser) -> None:
    s.add_argument("--verbose", "-v", action="count", default=0, help="say more: -v a line per document, -vv debug")
    s.add_argument(
        "--quiet", "-q", action="count", default=0, help="say less: -q errors and the summary line, -qq errors only"
    )


def _configure_logging(verbosity: int) -> None:
    level = LOG_LEVELS[max(min(verbosity, max(LOG_LEVELS)), min(LOG_LEVELS))]
    logging.basicConfig(level=level, format="%(message)s", handlers=[_StderrOrBar()])
    logging.getLogger("pipeline").setLevel(level)
    # pdfminer logs font-descriptor quirks of ordinary PDFs as warnings; they are not ours to act on
    logging.getLogger("pdfminer").setLevel(logging.ERROR)


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked for (see ``pipeline.__getattr__``)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from pipeline import __version__

        sys.stdout.write(f"{parser.prog} {__version__}\n")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    p.add_argument("--version", action=_Version, help="show program's version number and exit")
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("read", "segment", "extract", "build"):
        s = sub.add_parser(name, help=f"run the pipeline up to {name}")
        _add_build_arguments(s)
        _add_verbosity(s)
    d = sub.add_parser("diff", help="record-level diff of output/*.csv with a git ref or folder")
    d.add_argument("--ref", default="HEAD", help="git ref holding the old snapshot (default HEAD)")
    d.add_argument("--against", type=Path, default=None, help="folder of old CSVs (not a ref)")
    d.add_argument("--output", type=Path, default=Path("output"), help="folder of the new CSVs")
    d.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    d.add_argument("--exit-code", action="store_true", help="exit 1 when there are differences")
    _add_verbosity(d)
    a = sub.add_parser("accept", help="record output/*.csv as the accepted snapshot (make update)")
    a.add_argument("--output", type=Path, default=Path("output"), help="folder of the CSVs")
    a.add_argument("--interim", type=Path, default=Path("interim"), help="folder for the acceptance stamp")
    _add_verbosity(a)
    g = sub.add_parser("docs", help="rewrite the generated documentation (data dictionary, themes, error codes)")
    g.add_argument("--root", type=Path, default=Path("."), help="project folder (default: the current one)")
    g.add_argument("--check", action="store_true", help="only list stale pages; exit 1 if any")
    _add_verbosity(g)
    return p


def _diff(args: argparse.Namespace) -> int:
    from pipeline.tools.diff import DiffFormat, diff_datasets, format_diff, read_dir, read_git

    try:
        old = read_dir(args.against) if args.against else read_git(args.ref, args.output)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    d = diff_datasets(old, read_dir(args.output))
    sys.stdout.write(format_diff(d, DiffFormat(args.format)))
    return 1 if (args.exit_code and d) else 0


def _accept(args: argparse.Namespace) -> int:
    from pipeline.tools.snapshot import ACCEPTED_NAME, accept

    accept(args.output, args.interim / ACCEPTED_NAME)
    return 0


def _docs(args: argparse.Namespace) -> int:
    from pipeline.tools.docs import stale, write_all

    if args.check:
        pages = stale(args.root)
        for page in pages:
            print(f"stale: {page} (run: make docs)", file=sys.stderr)
        return 1 if pages else 0
    write_all(args.root)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    verbosity = args.verbose - args.quiet
    _configure_logging(verbosity)
    if args.command in ("diff", "docs", "accept"):
        return {"diff": _diff, "docs": _docs, "accept": _accept}[args.command](args)
    cfg = BuildConfig(
        raw_dir=args.raw,
        interim_dir=args.interim,
        output_dir=args.output,
        jobs=args.jobs,
        default_prefecture=args.prefecture,
        limits=Limits.from_cli(args.max_mb, args.time_limit, args.max_pages, args.max_lines),
        follow_symlinks=args.follow_symlinks,
        lock_wait_s=args.lock_wait,
        pdf_engine=args.pdf_engine,
    )
    upto = None if args.command == "build" else Stage(args.command)
    try:
        with ProgressReporter(verbosity) as reporter:
            result = build(cfg, upto, reporter)
    except (FileNotFoundError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if verbosity >= SUMMARY_DOWN_TO:
        print(summary_line(args.command, result, cfg.output_dir if result.assembled else None), file=sys.stderr)
    for line in iter_skipped_lines(result):
        logger.info("%s", line)
    for line in iter_error_lines(result):
        print(line, file=sys.stderr)
    status = exit_status(result, args.strict)
    if status == EXIT_ERRORS:
        print(f"{result.errors} error(s): see {cfg.output_dir}/warnings.csv", file=sys.stderr)
    elif status == EXIT_STRICT:
        print(f"--strict: warnings that mean data may be wrong; see {cfg.output_dir}/warnings.csv", file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
