"""A learned reading of program names, used where the keyword rules only guess.

The rules (:mod:`.classify`) read a name by the keywords it shares with the vocabulary; a
name with no keyword, or whose only instrument word is a generic head (…支援事業,
…推進事業), gets a guess or nothing.  This module adds a naive Bayes classifier over the
name's surface, counted from the labelled names of ``tests/data/program_labels.csv`` that
are tuning data (never the held part): the instrument as one multinomial model over the
instrument classes, each theme as a yes/no model of its own.

Features of a name (:func:`features`), each counted once per name: the Sudachi normalized
forms of its tokens (``t:``) and short units (``a:``), its last :data:`HEAD_TOKENS` tokens by
position from the end (``h1:`` is the head of the compound, ``h2:`` the word before it: in
創業支援補助金事業 ``h1:事業`` says nothing, ``h2:補助金`` a lot) and the character bigrams of
each run of tokens between symbols (``c:``), which reach into words the dictionary does not
know.  The generic program words of ``pipeline/data/generic_words.csv`` (事業, 支援, 推進…)
count like any other — that most …支援事業 are grants is worth knowing — but they are not
enough: the model says nothing about a name none of whose other features it knows
(:func:`content_features`), so A事業 stays unclassified.

The model is a table of document counts (``pipeline/data/theme_model.csv``): for every kept
feature, how many training names of each instrument class and of each theme carry it, and
how many names carry it at all; rows with an empty feature hold the class sizes.  Counts are
integers, so the file is byte-identical on every machine; the build only reads it.  It is
rewritten by ``python -m pipeline.tools.train_themes`` (``make train-themes``), which counts
the tuning names with :func:`count_rows`.  Probabilities use add-:data:`ALPHA` smoothing
over the kept features, computed when a name is scored.
"""

from __future__ import annotations

import functools
import logging
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.datafiles import data_path, read_data_csv
from pipeline.lang.similarity import generic_words
from pipeline.lang.themes.vocabulary import SHORT_UNIT_MODE, forms

log = logging.getLogger(__name__)

MODEL_FILE = "theme_model.csv"
MODEL_COLUMNS = ("kind", "label", "feature", "count")
#: ``kind`` values of the model file: instrument classes, theme classes, all names.
KIND_INSTRUMENT, KIND_THEME, KIND_ALL = "instrument", "theme", "all"
#: Tokens read by position from the end of the name.
HEAD_TOKENS = 3
#: Length of the character n-grams.
CHAR_NGRAM = 2
#: A feature is kept when at least this many training names carry it.
MIN_NAMES_PER_FEATURE = 2
#: Add-alpha smoothing of the feature likelihoods.
ALPHA = 1.0
#: The model gives at most this many themes: the most probable one, and the next ones only
#: when their probability reaches :data:`THEME_THRESHOLD` (its yes/no models count the same
#: word several times, as token, short unit and characters, so they are overconfident).
MAX_THEMES = 2
THEME_THRESHOLD = 0.9
#: Prefix of the rule recorded with a label the model gives.
MODEL_PREFIX = "model:"


NameForms = tuple[tuple[str, ...], tuple[str, ...]]


def name_forms(name: str) -> NameForms:
    """The name's normalized forms as tokens and as short units (both scans the features read)."""
    return forms(name), forms(name, SHORT_UNIT_MODE)


def _features(tokens: Sequence[str], short_units: Sequence[str]) -> frozenset[str]:
    runs = "".join(t or " " for t in tokens).split()
    kept = [t for t in tokens if t]
    out = {f"t:{t}" for t in kept} | {f"a:{t}" for t in short_units if t}
    out |= {f"h{i}:{kept[-i]}" for i in range(1, min(HEAD_TOKENS, len(kept)) + 1)}
    out |= {f"c:{run[i : i + CHAR_NGRAM]}" for run in runs for i in range(len(run) - CHAR_NGRAM + 1)}
    return frozenset(out)


def _without_generic(found: tuple[str, ...]) -> list[str]:
    """``found`` with the generic program words as ``""`` (run breaks)."""
    generic = generic_words()
    return ["" if t in generic else t for t in found]


def features(name: str, scanned: NameForms | None = None) -> frozenset[str]:
    """The features of a program name (see the module docstring); ``scanned`` are its
    :func:`name_forms` when the caller has them already.

    >>> sorted(f for f in features("創業補助金") if not f.startswith("c:"))
    ['a:創業', 'a:補助', 'a:金', 'h1:補助金', 'h2:創業', 't:創業', 't:補助金']
    >>> sorted(f for f in features("IT塾") if f.startswith("c:"))
    ['c:it', 'c:t塾']
    """
    return _features(*(scanned or name_forms(name)))


def content_features(name: str, scanned: NameForms | None = None) -> frozenset[str]:
    """The features of what is left of a name without its generic words (run breaks there).

    >>> sorted(content_features("A事業")), sorted(content_features("支援事業"))
    (['a:a', 'h1:a', 't:a'], [])
    """
    tokens, short_units = scanned or name_forms(name)
    return _features(_without_generic(tokens), _without_generic(short_units))


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled name to count."""

    name: str
    themes: tuple[str, ...]
    instrument: str


def count_rows(examples: Iterable[Example]) -> list[tuple[str, str, str, int]]:
    """The rows of the model file, sorted: ``(kind, label, feature, count)``.

    >>> rows = count_rows([Example("創業塾", ("startup",), "training")] * 2)
    >>> ("all", "", "", 2) in rows and ("instrument", "training", "h1:塾", 2) in rows
    True
    >>> ("theme", "startup", "", 2) in rows
    True
    """
    data = [(features(e.name), e) for e in examples]
    df = Counter(f for feats, _ in data for f in feats)
    keep = {f for f, n in df.items() if n >= MIN_NAMES_PER_FEATURE}
    counts: Counter[tuple[str, str, str]] = Counter()
    for feats, e in data:
        labels = [(KIND_ALL, ""), (KIND_INSTRUMENT, e.instrument), *((KIND_THEME, t) for t in e.themes)]
        for kind, label in labels:
            counts[(kind, label, "")] += 1
            for f in feats & keep:
                counts[(kind, label, f)] += 1
    return sorted((k, lb, f, n) for (k, lb, f), n in counts.items())


@dataclass(frozen=True, slots=True, eq=False)
class NaiveBayes:
    """Document counts by ``(kind, label)`` → feature → names (feature ``""``: the class size);
    compared and hashed by identity, so that classifications can be cached per model."""

    counts: dict[tuple[str, str], dict[str, int]]
    #: Per ``(kind, label)``, the sum of its feature counts (derived from ``counts`` once).
    totals: dict[tuple[str, str], int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        totals = {key: sum(n for f, n in table.items() if f) for key, table in self.counts.items()}
        object.__setattr__(self, "totals", totals)

    @property
    def vocabulary_size(self) -> int:
        """Number of kept features."""
        return len(self.counts[(KIND_ALL, "")]) - 1

    def _total(self, key: tuple[str, str]) -> int:
        return self.totals.get(key, 0)

    def labels(self, kind: str) -> list[str]:
        return sorted(label for k, label in self.counts if k == kind)

    def _log_likelihood(self, table: dict[str, int], total: int, feats: Iterable[str]) -> float:
        denominator = math.log(total + ALPHA * self.vocabulary_size)
        return sum(math.log(table.get(f, 0) + ALPHA) - denominator for f in feats)

    def known(self, name: str) -> list[str]:
        """The features of ``name`` the model has counts for, sorted; empty when none of them is
        outside the generic words (:func:`content_features`)."""
        vocab = self.counts[(KIND_ALL, "")]
        scanned = name_forms(name)
        if not any(f in vocab for f in content_features(name, scanned)):
            return []
        return sorted(f for f in features(name, scanned) if f in vocab)

    def instrument(self, name: str) -> tuple[str, float] | None:
        """The most probable instrument and its probability; ``None`` when no feature is known."""
        feats = self.known(name)
        if not feats:
            return None
        n = self.counts[(KIND_ALL, "")][""]
        scores = {}
        for label in self.labels(KIND_INSTRUMENT):
            table = self.counts[(KIND_INSTRUMENT, label)]
            scores[label] = math.log(table[""] / n) + self._log_likelihood(
                table, self._total((KIND_INSTRUMENT, label)), feats
            )
        top = max(scores.values())
        z = sum(math.exp(s - top) for s in scores.values())
        best = max(sorted(scores), key=lambda label: scores[label])
        return best, 1.0 / z

    def theme_probabilities(self, name: str) -> dict[str, float]:
        """Each theme's probability (its yes/no model); empty when no feature is known."""
        feats = self.known(name)
        if not feats:
            return {}
        every = self.counts[(KIND_ALL, "")]
        n, all_total = every[""], self._total((KIND_ALL, ""))
        out = {}
        for label in self.labels(KIND_THEME):
            yes = self.counts[(KIND_THEME, label)]
            no = {f: every[f] - yes.get(f, 0) for f in feats}
            yes_total = self._total((KIND_THEME, label))
            diff = math.log((n - yes[""]) / n) - math.log(yes[""] / n)
            diff += self._log_likelihood(no, all_total - yes_total, feats)
            diff -= self._log_likelihood(yes, yes_total, feats)
            out[label] = 1.0 / (1.0 + math.exp(min(diff, 700.0)))
        return out

    def themes(self, name: str, order: Sequence[str]) -> tuple[str, ...]:
        """The most probable theme and up to ``MAX_THEMES - 1`` more at or above
        :data:`THEME_THRESHOLD`, in ``order``; empty when no feature of the name is known."""
        probs = self.theme_probabilities(name)
        ranked = sorted(sorted(probs), key=lambda t: -probs[t])[:MAX_THEMES]
        chosen = {t for i, t in enumerate(ranked) if i == 0 or probs[t] >= THEME_THRESHOLD}
        return tuple(t for t in order if t in chosen)


def parse_model(rows: list[dict[str, str]], path: str = MODEL_FILE) -> NaiveBayes:
    """The model from the rows of its file.

    Raises:
        ReferenceDataError: a count that is not a positive integer, or no ``all`` row.
    """
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for line, r in enumerate(rows, start=2):
        try:
            n = int(r["count"])
        except ValueError:
            n = 0
        if n <= 0 or r["kind"] not in (KIND_INSTRUMENT, KIND_THEME, KIND_ALL):
            raise ReferenceDataError("kind or count is wrong; retrain the model", path=path, location=f"line {line}")
        counts.setdefault((r["kind"], r["label"]), {})[r["feature"]] = n
    if "" not in counts.get((KIND_ALL, ""), {}):
        raise ReferenceDataError("the count of all names is missing; retrain the model", path=path)
    return NaiveBayes(counts)


@functools.cache
def load_model() -> NaiveBayes:
    """The packaged model (read once per process)."""
    model = parse_model(read_data_csv(MODEL_FILE, required=MODEL_COLUMNS), data_path(MODEL_FILE))
    log.debug("theme model: %d features", model.vocabulary_size)
    return model
