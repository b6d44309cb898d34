"""Scores of a theme/instrument classifier against labelled names: small pure functions.

Instrument: one label per name, so accuracy, per-class precision and recall and a
confusion table (gold rows × predicted columns).  Themes: several labels per name, so
micro-averaged precision, recall and F1 over (name, theme) pairs; a predicted
``unclassified`` is a false positive (no gold label is ``unclassified``).  A name counts
as unclassified when its instrument or its themes are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

UNCLASSIFIED = "unclassified"


@dataclass(frozen=True, slots=True)
class Label:
    """One labelled name (a row of tests/data/program_labels.csv)."""

    name: str
    themes: tuple[str, ...]
    instrument: str
    source: str
    split: str


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the classifier said about one name."""

    themes: tuple[str, ...]
    instrument: str


@dataclass(frozen=True, slots=True)
class ClassScore:
    """Precision and recall of one class, with the counts behind them."""

    name: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass(frozen=True, slots=True)
class Report:
    """All figures for one part of the labelled set."""

    split: str
    n: int
    instrument_accuracy: float
    unclassified_rate: float
    theme_precision: float
    theme_recall: float
    theme_f1: float
    instruments: tuple[ClassScore, ...]
    themes: tuple[ClassScore, ...]
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)


def ratio(a: int, b: int) -> float:
    """``a / b``, 0 when ``b`` is 0.

    >>> ratio(1, 4), ratio(0, 0)
    (0.25, 0.0)
    """
    return a / b if b else 0.0


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall.

    >>> f1(0.5, 1.0)
    0.6666666666666666
    >>> f1(0.0, 0.0)
    0.0
    """
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def class_scores(pairs: Iterable[tuple[set[str], set[str]]], classes: Sequence[str]) -> tuple[ClassScore, ...]:
    """Per-class counts over (gold labels, predicted labels) pairs.

    >>> [(s.name, s.tp, s.fp, s.fn) for s in class_scores([({"a"}, {"a", "b"}), ({"b"}, set())], ["a", "b"])]
    [('a', 1, 0, 0), ('b', 0, 1, 1)]
    """
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold, pred in pairs:
        tp.update(gold & pred)
        fp.update(pred - gold)
        fn.update(gold - pred)
    return tuple(ClassScore(c, tp[c], fp[c], fn[c]) for c in classes)


def micro(scores: Iterable[ClassScore]) -> tuple[float, float, float]:
    """Micro-averaged precision, recall and F1.

    >>> [round(x, 3) for x in micro([ClassScore("a", 3, 1, 0), ClassScore("b", 1, 0, 1)])]
    [0.8, 0.8, 0.8]
    """
    tp = fp = fn = 0
    for s in scores:
        tp, fp, fn = tp + s.tp, fp + s.fp, fn + s.fn
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return p, r, f1(p, r)


def is_unclassified(p: Prediction) -> bool:
    """Whether a prediction leaves the instrument or the themes unclassified.

    >>> is_unclassified(Prediction(("digital",), "unclassified")), is_unclassified(Prediction(("digital",), "event"))
    (True, False)
    """
    return p.instrument == UNCLASSIFIED or UNCLASSIFIED in p.themes


def evaluate(
    split: str, labels: Sequence[Label], preds: Sequence[Prediction], themes: Sequence[str], instruments: Sequence[str]
) -> Report:
    """The figures of ``preds`` against ``labels`` (same order); classes list the vocabulary."""
    inst_pairs = [({g.instrument}, {p.instrument}) for g, p in zip(labels, preds, strict=True)]
    theme_pairs = [(set(g.themes), set(p.themes)) for g, p in zip(labels, preds, strict=True)]
    theme_scores = class_scores(theme_pairs, [*themes, UNCLASSIFIED])
    tp, tr, tf = micro(theme_scores)
    confusion = Counter((g.instrument, p.instrument) for g, p in zip(labels, preds, strict=True))
    return Report(
        split=split,
        n=len(labels),
        instrument_accuracy=ratio(
            sum(g.instrument == p.instrument for g, p in zip(labels, preds, strict=True)), len(labels)
        ),
        unclassified_rate=ratio(sum(is_unclassified(p) for p in preds), len(preds)),
        theme_precision=tp,
        theme_recall=tr,
        theme_f1=tf,
        instruments=class_scores(inst_pairs, [*instruments, UNCLASSIFIED]),
        themes=theme_scores,
        confusion=dict(confusion),
    )
