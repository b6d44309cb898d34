"""``python -m pipeline.output.report``: write the HTML report of a build's output folder."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from pipeline.output.report.page import ReportError, write_report

logger = logging.getLogger("pipeline")

#: Exit status when the build's tables are missing.
EXIT_NOT_READY = 2


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m pipeline.output.report", description=__doc__)
    p.add_argument("--output", type=Path, default=Path("output"), help="folder the build wrote")
    p.add_argument("--path", type=Path, default=None, help="file to write (default: <output>/report.html)")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        path = write_report(args.output, args.path)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_NOT_READY
    print(f"Report: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
