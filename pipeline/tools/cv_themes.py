"""Cross-validate the theme/instrument classifier on the tuning names.

``python -m pipeline.tools.cv_themes`` (``make cv-themes``) keeps the tuning rows of
``tests/data/program_labels.csv`` (every split but the held part), sorts them by name,
shuffles them with ``random.Random(`` :data:`CV_SEED` ``)`` and puts row *i* in fold
*i* mod :data:`FOLDS`.  For each fold it counts a model on the other folds
(:func:`pipeline.lang.themes.model.count_rows`, as ``make train-themes`` does), classifies
the fold's names with the rules and that model, and prints the figures of all the tuning
names and of each tuning split.  Changes to the classifier are chosen on these figures; the
held part is never read here.

This module sits outside the pipeline: nothing in the build imports it.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.lang.themes import INSTRUMENT, THEME, Classification, classify, load_vocabulary
from pipeline.lang.themes.model import count_rows, parse_model
from pipeline.tools.eval_themes import LABELS_PATH, NEVER_TRAINED, Label, load_labels, summary_lines
from pipeline.tools.theme_metrics import Prediction, Report, evaluate
from pipeline.tools.train_themes import training_examples

FOLDS = 5
CV_SEED = 20261129
ALL = "all tuning names"


def folds_of(labels: Sequence[Label], folds: int = FOLDS, seed: int = CV_SEED) -> list[list[Label]]:
    """The tuning names split into ``folds`` folds (see the module docstring).

    >>> [len(f) for f in folds_of([Label(str(i), ("x",), "event", "http://a", "tune") for i in range(7)], 3)]
    [3, 2, 2]
    """
    rows = sorted((lb for lb in labels if lb.split not in NEVER_TRAINED), key=lambda lb: lb.name)
    random.Random(seed).shuffle(rows)
    return [[lb for i, lb in enumerate(rows) if i % folds == f] for f in range(folds)]


def cross_validated(labels: Sequence[Label], folds: int = FOLDS) -> dict[str, Classification]:
    """Each tuning name's classification by a model counted without its fold."""
    parts = folds_of(labels, folds)
    out: dict[str, Classification] = {}
    for f, test in enumerate(parts):
        train = [lb for g, part in enumerate(parts) if g != f for lb in part]
        rows = count_rows(training_examples(train))
        model = parse_model([{"kind": k, "label": lb, "feature": ft, "count": str(n)} for k, lb, ft, n in rows])
        out.update((lb.name, classify(lb.name, model=model)) for lb in test)
    return out


def reports(labels: Sequence[Label], folds: int = FOLDS) -> list[Report]:
    """The cross-validated figures: all tuning names, then each tuning split."""
    found = cross_validated(labels, folds)
    vocab = load_vocabulary()
    themes = [c.name for c in vocab if c.kind == THEME]
    instruments = [c.name for c in vocab if c.kind == INSTRUMENT]
    tuning = [lb for lb in labels if lb.name in found]
    groups = [
        (ALL, tuning),
        *((s, [lb for lb in tuning if lb.split == s]) for s in sorted({lb.split for lb in tuning})),
    ]
    return [
        evaluate(
            name,
            part,
            [Prediction(found[lb.name].themes, found[lb.name].instrument) for lb in part],
            themes,
            instruments,
        )
        for name, part in groups
    ]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.tools.cv_themes", description=__doc__.split("\n")[0])
    ap.add_argument("--labels", type=Path, default=LABELS_PATH, help="labelled names (CSV)")
    ap.add_argument("--folds", type=int, default=FOLDS, help="number of folds")
    args = ap.parse_args(argv)
    header = [
        "| part | names | instrument accuracy | unclassified | theme precision | theme recall | theme micro-F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    lines = [line for r in reports(load_labels(args.labels), args.folds) for line in summary_lines(r)]
    sys.stdout.write("\n".join([*header, *lines]) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
