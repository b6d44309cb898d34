"""The similarity of program names and its threshold, on the hand-labelled pairs.

tests/data/program_pairs.csv holds pairs of program names labelled by hand (same, similar,
different); docs/rounds.md explains how they were made and shows the study.  These tests
keep the code and that study in step: a change of the pairs, the generic words or the
measure that moves the threshold fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.lang.normalize import name_key
from pipeline.lang.similarity import SIMILAR_MIN_SCORE, bigrams, core_key, dice, name_similarity
from pipeline.tools.thresholds import MEASURES, PAIRS_PATH, choose, load_pairs

ROOT = Path(__file__).resolve().parents[2]
PAIRS = load_pairs(ROOT / PAIRS_PATH)
MIN_PAIRS = 40


def test_enough_labelled_pairs_of_every_kind() -> None:
    assert len(PAIRS) >= MIN_PAIRS
    assert {p.label for p in PAIRS} == {"same", "similar", "different"}
    assert min(sum(p.label == label for p in PAIRS) for label in ("same", "similar", "different")) >= 10
    assert len({(p.a, p.b) for p in PAIRS}) == len(PAIRS)


@pytest.mark.parametrize("pair", [p for p in PAIRS if p.label == "same"], ids=lambda p: p.a)
def test_same_programs_share_their_name_key(pair) -> None:  # type: ignore[no-untyped-def]
    assert name_key(pair.a) == name_key(pair.b)


@pytest.mark.parametrize("pair", [p for p in PAIRS if p.label != "same"], ids=lambda p: f"{p.a}/{p.b}")
def test_labelled_pairs_fall_on_their_side_of_the_threshold(pair) -> None:  # type: ignore[no-untyped-def]
    assert name_key(pair.a) != name_key(pair.b)
    assert (name_similarity(pair.a, pair.b) >= SIMILAR_MIN_SCORE) == (pair.label == "similar")


def test_the_threshold_is_the_one_the_study_chooses() -> None:
    scored = [(p, name_similarity(p.a, p.b)) for p in PAIRS]
    choice = choose(scored)
    assert choice.threshold == SIMILAR_MIN_SCORE
    assert choice.accuracy == 1.0 and choice.errors == ()


def test_the_whole_keys_would_not_separate_the_labels() -> None:
    measure = MEASURES["bigram Dice of name_key"]
    assert choose([(p, measure(p.a, p.b)) for p in PAIRS]).accuracy < 1.0


def test_core_keys() -> None:
    assert core_key("中小企業等デジタル化推進支援事業") == core_key("中小企業デジタル化支援事業")
    assert core_key("ビジネスサポートセンターの運営") == core_key("ビジネスサポートセンター運営")
    assert core_key("支援事業") == "支援事業"  # nothing left: the whole key
    assert name_similarity("創業支援事業", "創業支援事業") == 1.0
    assert name_similarity("販路拡大支援事業", "創業促進支援事業") == 0.0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="産業振興支援事業創業ab", max_size=12), st.text(alphabet="産業振興支援事業創業ab", max_size=12))
def test_dice_is_the_bigram_multisets_coefficient(a: str, b: str) -> None:
    """The counting loop of :func:`dice` gives exactly ``2|A ∩ B| / (|A| + |B|)`` of the multisets."""
    x, y = bigrams(a), bigrams(b)
    total = sum(x.values()) + sum(y.values())
    assert dice(a, b) == (2 * sum((x & y).values()) / total if total else 1.0)
    assert dice(a, b) == dice(b, a)
