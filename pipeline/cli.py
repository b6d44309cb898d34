"""Command-line interface: a thin shell over :mod:`pipeline.driver.build`.

``python -m pipeline build`` runs everything; ``read``/``segment``/``extract`` run
the per-document stages up to that one (the Makefile's stage targets); ``diff``
compares the CSV snapshot with a git ref (:mod:`pipeline.tools.diff`); ``docs``
rewrites the generated documentation (:mod:`pipeline.tools.docs`).

Exit codes (:func:`pipeline.driver.build.exit_status`): 0 success, 1 error rows in
``warnings`` (a failed document, a validation failure), 2 bad arguments or a missing raw
folder, or the build cannot run (outputs not writable, folders locked by another build),
3 warnings that mean data may be wrong under ``--strict``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from pipeline import __version__
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
from pipeline.driver.lock import DEFAULT_LOCK_WAIT_S
from pipeline.driver.summary import (
    EXIT_ERRORS,
    EXIT_STRICT,
    EXIT_USAGE,
    describe_warnings,
    exit_status,
    iter_error_lines,
    iter_skipped_lines,
)

logger = logging.getLogger("pipeline")


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


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("read", "segment", "extract", "build"):
        s = sub.add_parser(name, help=f"run the pipeline up to {name}")
        _add_build_arguments(s)
        s.add_argument("--verbose", "-v", action="store_true")
    d = sub.add_parser("diff", help="record-level diff of output/*.csv with a git ref or folder")
    d.add_argument("--ref", default="HEAD", help="git ref holding the old snapshot (default HEAD)")
    d.add_argument("--against", type=Path, default=None, help="folder of old CSVs (not a ref)")
    d.add_argument("--output", type=Path, default=Path("output"), help="folder of the new CSVs")
    d.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    d.add_argument("--exit-code", action="store_true", help="exit 1 when there are differences")
    d.add_argument("--verbose", "-v", action="store_true")
    a = sub.add_parser("accept", help="record output/*.csv as the accepted snapshot (make update)")
    a.add_argument("--output", type=Path, default=Path("output"), help="folder of the CSVs")
    a.add_argument("--interim", type=Path, default=Path("interim"), help="folder for the acceptance stamp")
    a.add_argument("--verbose", "-v", action="store_true")
    g = sub.add_parser("docs", help="rewrite the generated documentation (data dictionary, themes, error codes)")
    g.add_argument("--root", type=Path, default=Path("."), help="project folder (default: the current one)")
    g.add_argument("--check", action="store_true", help="only list stale pages; exit 1 if any")
    g.add_argument("--verbose", "-v", action="store_true")
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
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s")
    # pdfminer logs font-descriptor quirks of ordinary PDFs as warnings; they are not ours to act on
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
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
        result = build(cfg, upto)
    except (FileNotFoundError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    logger.info(
        "%s: %d document(s), %d re-processed%s%s",
        args.command,
        result.documents,
        len(result.rebuilt),
        ", tables written to " + str(cfg.output_dir) if result.assembled else "",
        "; " + describe_warnings(result) if upto is None else "",
    )
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
