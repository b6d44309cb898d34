"""Measure the theme/instrument classifier on labelled names it was not written for.

``python -m pipeline.tools.eval_themes`` (``make eval-themes``) classifies every name of
``tests/data/program_labels.csv`` by its name alone and prints, for each reported part,
instrument accuracy, the share of unclassified names, theme micro-averaged
precision/recall/F1, per-class precision and recall and the instrument confusion table; it
exits 1 when the held part misses a target.  The ``split`` column puts each name in one
part: ``tune`` (rules may be adjusted on these), ``tune_was_held`` (the first held part:
looked at once its figures were published, so it is tuning data now and is reported with
``tune``), ``tune_was_held2``, ``tune_was_held3`` and ``tune_was_held4`` (the second, third
and fourth held parts, tuning data since their errors were read; each reported apart, so
that what a change does to names it was not written for stays visible), ``tune2`` (names
collected as tuning data, reported apart) or ``held5`` (the held part: labelled from its
pages and committed before the classifier was run on it, never used to adjust the rules or
to train the learned part).  ``--errors tune`` lists the names the classifier gets wrong
(changes are made on tuning names only; held errors are looked at, not fixed).  ``--docs
docs/themes.md`` rewrites that page: the vocabulary tables and the figures (``make docs``).

This module sits outside the pipeline: nothing in the build imports it.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.lang.themes import INSTRUMENT, THEME, classify, load_vocabulary, markdown_tables
from pipeline.tools.theme_metrics import Label, Prediction, Report, evaluate

LABELS_PATH = Path("tests") / "data" / "program_labels.csv"
DOCS_PATH = Path("docs") / "themes.md"
#: Values of the ``split`` column (see the module docstring).
TUNE, TUNE_WAS_HELD, TUNE_WAS_HELD2 = "tune", "tune_was_held", "tune_was_held2"
TUNE_WAS_HELD3, TUNE_WAS_HELD4 = "tune_was_held3", "tune_was_held4"
#: The held part (the fifth); ``tune2``: tuning names collected after it.
HELD5, TUNE2 = "held5", "tune2"
SPLIT_VALUES = (TUNE, TUNE_WAS_HELD, TUNE_WAS_HELD2, TUNE_WAS_HELD3, TUNE_WAS_HELD4, HELD5, TUNE2)
#: The parts figures are computed for, and the split values each gathers.
PARTS: dict[str, tuple[str, ...]] = {
    HELD5: (HELD5,),
    TUNE: (TUNE, TUNE_WAS_HELD),
    TUNE_WAS_HELD2: (TUNE_WAS_HELD2,),
    TUNE_WAS_HELD3: (TUNE_WAS_HELD3,),
    TUNE_WAS_HELD4: (TUNE_WAS_HELD4,),
    TUNE2: (TUNE2,),
}
#: The part the targets apply to.
HELD_PART = HELD5
#: Parts the learned model is never counted from: the held part.
NEVER_TRAINED: tuple[str, ...] = (HELD5,)
#: The parts printed and written to docs/themes.md, in this order.
REPORTED_PARTS: tuple[str, ...] = (HELD5, TUNE, TUNE_WAS_HELD2, TUNE_WAS_HELD3, TUNE_WAS_HELD4, TUNE2)
#: Targets on the held part.
TARGET_INSTRUMENT_ACCURACY = 0.90
TARGET_UNCLASSIFIED_MAX = 0.05
TARGET_THEME_MICRO_F1 = 0.85
LIST_SEPARATOR = ";"

DOC_INTRO = [
    "# Program themes and instruments",
    "",
    "<!-- Generated from pipeline/data/themes.csv and tests/data/program_labels.csv by",
    "`python -m pipeline.tools.eval_themes --docs docs/themes.md` (`make docs`); do not edit. -->",
    "",
    "A program gets every **theme** one of whose keywords occurs in its name (`programs.themes`) and",
    "one **instrument** (`programs.instrument`).  Keywords are compared by SudachiPy normalized forms",
    "as whole tokens; *token suffixes* also match the end of one token (産業**祭**, バス**ツアー**).",
    "Theme keywords are also looked for in the name's short units (Sudachi split mode A), so a",
    "keyword inside a compound the dictionary keeps whole counts too (卓越**技能**者表彰 is talent).",
    "Japanese compound names are head-final, so the instrument is that of the keyword that ends last",
    "in the name (創業支援**補助金**事業 is a subsidy); among keywords ending at the same token the",
    "longer wins (信用**保証料補助金** is financing).  *Weak keywords* count only when no keyword of",
    "the same kind matched (設備投資支援 → subsidy; 中小企業 alone → management), *tail keywords*",
    "only when neither did (…支援事業 → consulting, …推進事業 → other).  A theme keyword inside a",
    "longer keyword of another theme does not count (地域連携 is community, not open_innovation).",
    "Where the keywords only guess — the name's only instrument word is a tail (…支援事業), or it has",
    "no theme or instrument keyword — a naive Bayes model counted from the tuning names",
    "(`pipeline/data/theme_model.csv`, `make train-themes`) reads the whole name instead (`model:`):",
    "its instrument, and its most probable theme with a second one when that is very probable.",
    "When neither reads anything in the name, the initiative's text before the list is used",
    "(`context:`); reviewed corrections in `pipeline/data/theme_overrides.csv` win over all",
    "(`correction:`).  The rule behind each label is in `programs.themes_rule` and",
    "`programs.instrument_rule`; `unclassified` (rule `none`) comes with a warning.",
    "",
]


def load_labels(path: Path = LABELS_PATH) -> list[Label]:
    """The labelled names.

    Raises:
        ValueError: a row without a name, themes, instrument, source or a known split.
    """
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out: list[Label] = []
    for line, r in enumerate(rows, start=2):
        themes = tuple(t for t in (r.get("themes") or "").split(LIST_SEPARATOR) if t)
        label = Label(r.get("name", ""), themes, r.get("instrument", ""), r.get("source", ""), r.get("split", ""))
        if not (label.name and label.themes and label.instrument and label.source) or label.split not in SPLIT_VALUES:
            raise ValueError(
                f"{path}, line {line}: name, themes, instrument, source and split ({'|'.join(SPLIT_VALUES)}) needed"
            )
        out.append(label)
    return out


def predict(labels: Sequence[Label]) -> list[Prediction]:
    """The classifier's labels for each name, read from the name alone."""
    return [Prediction(c.themes, c.instrument) for c in (classify(label.name) for label in labels)]


def in_part(label: Label, part: str) -> bool:
    """Whether a labelled name belongs to a part (a key of :data:`PARTS`).

    >>> in_part(Label("x", ("digital",), "event", "http://a", TUNE_WAS_HELD), TUNE)
    True
    >>> in_part(Label("x", ("digital",), "event", "http://a", HELD5), TUNE)
    False
    """
    return label.split in PARTS[part]


def report_for(split: str, labels: Sequence[Label]) -> Report:
    """The figures of one part (a key of :data:`PARTS`)."""
    part = [label for label in labels if in_part(label, split)]
    vocab = load_vocabulary()
    themes = [c.name for c in vocab if c.kind == THEME]
    instruments = [c.name for c in vocab if c.kind == INSTRUMENT]
    return evaluate(split, part, predict(part), themes, instruments)


def target_failures(r: Report) -> list[str]:
    """The targets a report misses, as sentences (empty when all are met)."""
    out = []
    if r.instrument_accuracy < TARGET_INSTRUMENT_ACCURACY:
        out.append(f"instrument accuracy {r.instrument_accuracy:.1%} < {TARGET_INSTRUMENT_ACCURACY:.0%}")
    if r.unclassified_rate > TARGET_UNCLASSIFIED_MAX:
        out.append(f"unclassified {r.unclassified_rate:.1%} > {TARGET_UNCLASSIFIED_MAX:.0%}")
    if r.theme_f1 < TARGET_THEME_MICRO_F1:
        out.append(f"theme micro-F1 {r.theme_f1:.3f} < {TARGET_THEME_MICRO_F1:.2f}")
    return out


def summary_lines(r: Report) -> list[str]:
    """The headline figures of one part, as Markdown table rows."""
    return [
        f"| {r.split} | {r.n} | {r.instrument_accuracy:.1%} | {r.unclassified_rate:.1%} "
        f"| {r.theme_precision:.3f} | {r.theme_recall:.3f} | {r.theme_f1:.3f} |"
    ]


def class_lines(r: Report) -> list[str]:
    """Per-class precision and recall of one part, as Markdown table rows (classes with support or hits)."""
    rows = []
    for kind, scores in (("instrument", r.instruments), ("theme", r.themes)):
        rows += [
            f"| {kind} | `{s.name}` | {s.support} | {s.precision:.2f} | {s.recall:.2f} |"
            for s in scores
            if s.tp + s.fp + s.fn
        ]
    return rows


def confusion_lines(r: Report) -> list[str]:
    """The instrument confusion table (gold rows, predicted columns), as Markdown."""
    golds = sorted({g for g, _ in r.confusion})
    preds = sorted({p for _, p in r.confusion})
    lines = ["| gold \\ predicted | " + " | ".join(preds) + " |", "|---" * (len(preds) + 1) + "|"]
    for g in golds:
        cells = [str(r.confusion.get((g, p), "")) for p in preds]
        lines.append(f"| {g} | " + " | ".join(cells) + " |")
    return lines


def evaluation_section(reports: Sequence[Report], total: int) -> list[str]:
    """The figures as the Markdown section of docs/themes.md (``total``: names in the labelled set)."""
    reported = {r.split for r in reports}
    lines = [
        "## Measured on names of other municipalities' programs",
        "",
        f"`{LABELS_PATH.as_posix()}`: {total} hand-labelled program names from other",
        "municipalities' public pages (how they were collected and labelled: `tests/data/README.md`).",
        "The rules were adjusted, and the model counted, on tuning data only: the",
        f"`{TUNE}` part (the names split `{TUNE}` and the first held part, `{TUNE_WAS_HELD}`) and the",
        f"second, third and fourth held parts (`{TUNE_WAS_HELD2}`, `{TUNE_WAS_HELD3}`,",
        f"`{TUNE_WAS_HELD4}`), all tuning data since",
        f"their errors were read, and `{TUNE2}`, names collected as tuning data; the model's figures",
        f"on them are therefore in-sample.  The `{HELD5}`",
        "part, labelled from its pages and committed before the classifier was run on it, measures",
        "them.  Targets on",
        f"the `{HELD_PART}` part: instrument accuracy ≥ {TARGET_INSTRUMENT_ACCURACY:.0%}, unclassified ≤ "
        f"{TARGET_UNCLASSIFIED_MAX:.0%} of names, theme micro-F1 ≥ {TARGET_THEME_MICRO_F1:.2f}"
        + ("." if HELD_PART in reported else f" (the `{HELD_PART}` part is not reported yet)."),
        "",
        "| part | names | instrument accuracy | unclassified | theme precision | theme recall | theme micro-F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        lines += summary_lines(r)
    held = [r for r in reports if r.split == HELD_PART]
    if held:
        failures = target_failures(held[0])
        verdict = "misses: " + "; ".join(failures) if failures else "meets every target"
        lines += ["", f"The `{HELD_PART}` part {verdict}."]
    for r in reports:
        lines += ["", f"### {r.split} part: per class", "", "| kind | class | support | precision | recall |"]
        lines += ["|---|---|---|---|---|", *class_lines(r), "", f"Instrument confusion ({r.split}):", ""]
        lines += confusion_lines(r)
    return [*lines, ""]


def docs_page(labels: Sequence[Label]) -> str:
    """The whole of docs/themes.md."""
    reports = [report_for(s, labels) for s in REPORTED_PARTS]
    return "\n".join([*DOC_INTRO, *markdown_tables(), *evaluation_section(reports, len(labels))])


def error_lines(labels: Sequence[Label], split: str) -> list[str]:
    """Names of one part whose instrument or themes differ from the labels."""
    out = []
    for label in (lb for lb in labels if in_part(lb, split)):
        c = classify(label.name)
        if c.instrument != label.instrument or set(c.themes) != set(label.themes):
            out.append(
                f"{label.name}\tinstrument {label.instrument} → {c.instrument} ({c.instrument_rule})"
                f"\tthemes {';'.join(label.themes)} → {';'.join(c.themes)}"
            )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.tools.eval_themes", description=__doc__.split("\n")[0])
    ap.add_argument("--labels", type=Path, default=LABELS_PATH, help="labelled names (CSV)")
    ap.add_argument("--errors", choices=REPORTED_PARTS, help="list the misclassified names of this part")
    ap.add_argument("--docs", type=Path, help="rewrite this Markdown page (docs/themes.md) and exit")
    args = ap.parse_args(argv)
    labels = load_labels(args.labels)
    if args.docs:
        args.docs.write_text(docs_page(labels), encoding="utf-8")
        return 0
    reports = {s: report_for(s, labels) for s in REPORTED_PARTS}
    sys.stdout.write("\n".join(evaluation_section(list(reports.values()), len(labels))) + "\n")
    if args.errors:
        sys.stdout.write("\n".join(["", f"Misclassified ({args.errors}):", *error_lines(labels, args.errors)]) + "\n")
    if HELD_PART not in reports:
        sys.stdout.write(f"{HELD_PART} part not reported\n")
        return 0
    failures = target_failures(reports[HELD_PART])
    verdict = f"{HELD_PART} part misses: " + "; ".join(failures) if failures else f"{HELD_PART} part meets all targets"
    sys.stdout.write(verdict + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
