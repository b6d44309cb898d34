"""How the threshold of ``similar`` program links was chosen, recomputed from labelled pairs.

``tests/data/program_pairs.csv`` holds pairs of program names labelled by hand: ``same``
(one program, its name written differently), ``similar`` (one program, renamed slightly
from one plan to the next) and ``different`` (two programs).  This tool scores every pair
with two measures —

* ``bigram Dice of name_key``: character-bigram Dice of the two ``name_key`` s;
* ``bigram Dice of core keys``: the same on the keys without generic words and particles
  (:func:`pipeline.lang.similarity.name_similarity`, the measure the build uses) —

and, for each, finds the threshold that best separates ``similar`` from ``different``
pairs: the candidate thresholds are the midpoints between consecutive scores; the best has
the highest accuracy, then the widest margin to the nearest score.  It also checks that
every ``same`` pair has one ``name_key``.  ``make docs`` writes the result into
docs/rounds.md (between its ``thresholds`` markers); ``python -m pipeline.tools.thresholds
[pairs.csv]`` prints it.  :data:`pipeline.lang.similarity.SIMILAR_MIN_SCORE` must be the
threshold it finds for the core keys (a unit test checks it).
"""

from __future__ import annotations

import csv
import itertools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.lang.normalize import name_key
from pipeline.lang.similarity import SCORE_DECIMALS, dice, name_similarity

#: The labelled pairs, relative to the project root (a checkout: the tool is for developers).
PAIRS_PATH = Path("tests") / "data" / "program_pairs.csv"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
LABELS = ("same", "similar", "different")
#: Thresholds shown in the sweep table.
SWEEP = tuple(round(0.30 + 0.05 * i, 2) for i in range(9))

Measure = Callable[[str, str], float]
MEASURES: dict[str, Measure] = {
    "bigram Dice of name_key": lambda a, b: round(dice(name_key(a), name_key(b)), SCORE_DECIMALS),
    "bigram Dice of core keys": name_similarity,
}


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    label: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Choice:
    """The best threshold of a measure: ``similar`` when score >= threshold."""

    threshold: float
    accuracy: float
    margin: float
    errors: tuple[Pair, ...]


def load_pairs(path: Path) -> list[Pair]:
    """The labelled pairs of a CSV file with columns ``a,b,label[,note]``.

    Raises:
        ValueError: a label is not one of :data:`LABELS`.
    """
    with path.open(encoding="utf-8", newline="") as f:
        pairs = [Pair(r["a"], r["b"], r["label"], r.get("note") or "") for r in csv.DictReader(f)]
    wrong = [p for p in pairs if p.label not in LABELS]
    if wrong:
        raise ValueError(f"{path}: labels must be one of {LABELS}, not {wrong[0].label!r}")
    return pairs


def accuracy(scored: list[tuple[Pair, float]], threshold: float) -> float:
    """Share of the similar/different pairs that ``score >= threshold`` classifies right.

    >>> p, q = Pair("a", "b", "similar"), Pair("c", "d", "different")
    >>> accuracy([(p, 0.8), (q, 0.2)], 0.5), accuracy([(p, 0.8), (q, 0.2)], 0.9)
    (1.0, 0.5)
    """
    judged = [(p, s) for p, s in scored if p.label != "same"]
    right = sum((s >= threshold) == (p.label == "similar") for p, s in judged)
    return right / len(judged) if judged else 1.0


def choose(scored: list[tuple[Pair, float]]) -> Choice:
    """The threshold with the best accuracy, then the widest margin (see the module docstring).

    >>> s = [(Pair("a", "b", "similar"), 0.5), (Pair("c", "d", "different"), 0.4)]
    >>> choose(s).threshold, choose(s).accuracy
    (0.45, 1.0)
    """
    values = sorted({s for p, s in scored if p.label != "same"})
    candidates = [round((x + y) / 2, SCORE_DECIMALS) for x, y in itertools.pairwise(values)] or values
    best = max(candidates, key=lambda t: (accuracy(scored, t), min(abs(t - v) for v in values), -t))
    errors = tuple(p for p, s in scored if p.label != "same" and (s >= best) != (p.label == "similar"))
    margin = round(min(abs(best - v) for v in values), SCORE_DECIMALS)
    return Choice(best, accuracy(scored, best), margin, errors)


def markdown(pairs: list[Pair]) -> str:
    """The thresholds section of docs/rounds.md."""
    scored = {name: [(p, measure(p.a, p.b)) for p in pairs] for name, measure in MEASURES.items()}
    counts = ", ".join(f"{sum(p.label == label for p in pairs)} {label}" for label in LABELS)
    same_ok = sum(name_key(p.a) == name_key(p.b) for p in pairs if p.label == "same")
    out = [
        f"Labelled pairs: {len(pairs)} ({counts}), in `{PAIRS_PATH.as_posix()}`.  "
        f"`same` pairs with one `name_key`: {same_ok} of {sum(p.label == 'same' for p in pairs)}.",
        "",
        "| measure | best threshold | accuracy (similar vs different) | margin | misclassified |",
        "|---|---|---|---|---|",
    ]
    for name, rows in scored.items():
        c = choose(rows)
        wrong = "; ".join(f"{p.a} / {p.b} ({p.label})" for p in c.errors) or "none"
        out.append(f"| {name} | {c.threshold} | {c.accuracy:.3f} | {c.margin} | {wrong} |")
    out += ["", "| threshold | " + " | ".join(MEASURES) + " |", "|---|" + "---|" * len(MEASURES)]
    for t in SWEEP:
        out.append(f"| {t:.2f} | " + " | ".join(f"{accuracy(rows, t):.3f}" for rows in scored.values()) + " |")
    out += ["", "| a | b | label | " + " | ".join(MEASURES) + " |", "|---|---|---|" + "---|" * len(MEASURES)]
    for i, p in enumerate(pairs):
        out.append(f"| {p.a} | {p.b} | {p.label} | " + " | ".join(str(rows[i][1]) for rows in scored.values()) + " |")
    return "\n".join(out) + "\n"


def section(root: Path = PROJECT_ROOT) -> str:
    """The generated section of docs/rounds.md, from the pairs file of the checkout."""
    return markdown(load_pairs(root / PAIRS_PATH))


if __name__ == "__main__":
    sys.stdout.write(markdown(load_pairs(Path(sys.argv[1]) if len(sys.argv) > 1 else PAIRS_PATH)))
