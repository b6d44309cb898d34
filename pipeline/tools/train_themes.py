"""Count the learned part of the theme/instrument classifier from the tuning names.

``python -m pipeline.tools.train_themes`` (``make train-themes``) reads
``tests/data/program_labels.csv``, keeps the rows of the tuning parts only (every split but
the held parts, :data:`pipeline.tools.eval_themes.NEVER_TRAINED`), counts their features with
:func:`pipeline.lang.themes.model.count_rows` and writes ``pipeline/data/theme_model.csv``
atomically.  The counts are integers and the rows sorted, so the same labelled set gives the
same bytes on every machine; ``--check`` exits 1 when the committed file differs from a
fresh count (the test suite runs it).

This module sits outside the pipeline: the build only reads the file it writes.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.core.fileio import write_atomic
from pipeline.lang.themes.model import MODEL_COLUMNS, MODEL_FILE, Example, count_rows
from pipeline.tools.eval_themes import LABELS_PATH, NEVER_TRAINED, Label, load_labels

MODEL_PATH = Path("pipeline") / "data" / MODEL_FILE


def training_examples(labels: Sequence[Label]) -> list[Example]:
    """The labelled names the model is counted from: every part but the held ones.

    >>> training_examples([Label("a", ("startup",), "event", "http://x", NEVER_TRAINED[-1])])
    []
    """
    return [Example(lb.name, lb.themes, lb.instrument) for lb in labels if lb.split not in NEVER_TRAINED]


def model_text(labels: Sequence[Label]) -> str:
    """The model file's content for a labelled set."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(MODEL_COLUMNS)
    writer.writerows(count_rows(training_examples(labels)))
    return buf.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.tools.train_themes", description=__doc__.split("\n")[0])
    ap.add_argument("--labels", type=Path, default=LABELS_PATH, help="labelled names (CSV)")
    ap.add_argument("--output", type=Path, default=MODEL_PATH, help="model file to write")
    ap.add_argument("--check", action="store_true", help="exit 1 when the model file is not up to date")
    args = ap.parse_args(argv)
    text = model_text(load_labels(args.labels))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            sys.stderr.write(f"stale: {args.output} (run: make train-themes)\n")
            return 1
        return 0
    write_atomic(args.output, lambda f: f.write(text))
    sys.stdout.write(f"wrote {args.output} ({text.count(chr(10)) - 1} rows)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
