"""The learned part of the theme/instrument classifier: its counts, and where it decides."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.normalize import name_key
from pipeline.lang.themes import classify, load_vocabulary, parse_overrides
from pipeline.lang.themes.model import (
    MAX_THEMES,
    Example,
    count_rows,
    features,
    load_model,
    parse_model,
)
from pipeline.tools import cv_themes, eval_themes, train_themes

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def labels() -> list[eval_themes.Label]:
    return eval_themes.load_labels(ROOT / "tests" / "data" / "program_labels.csv")


def test_the_committed_model_is_a_fresh_count_of_the_tuning_names(labels: list[eval_themes.Label]) -> None:
    committed = (ROOT / "pipeline" / "data" / "theme_model.csv").read_text(encoding="utf-8")
    assert committed == train_themes.model_text(labels), "run: make train-themes"


def test_counting_is_byte_stable_and_ignores_row_order(labels: list[eval_themes.Label]) -> None:
    first = train_themes.model_text(labels)
    assert train_themes.model_text(list(reversed(labels))) == first
    assert train_themes.model_text(labels) == first


def test_the_held_parts_are_never_counted(labels: list[eval_themes.Label]) -> None:
    assert eval_themes.HELD_PART in eval_themes.NEVER_TRAINED
    for split in eval_themes.NEVER_TRAINED:
        assert any(lb.split == split for lb in labels)
    relabelled = [
        dataclasses.replace(lb, instrument="event", themes=("tourism",))
        if lb.split in eval_themes.NEVER_TRAINED
        else lb
        for lb in labels
    ]
    assert train_themes.model_text(relabelled) == train_themes.model_text(labels)
    n_tuning = sum(lb.split not in eval_themes.NEVER_TRAINED for lb in labels)
    assert load_model().counts[("all", "")][""] == n_tuning


def test_features_read_the_head_of_the_compound() -> None:
    f = features("創業支援補助金事業")
    assert {"h1:事業", "h2:補助金", "h3:支援", "t:創業", "c:補助"} <= f
    # full-width letters and case fold to one feature
    assert "t:it" in features("ＩＴ塾") and "t:it" in features("it塾")


def test_a_feature_carried_by_one_name_is_not_kept() -> None:
    rows = count_rows([Example("創業塾", ("startup",), "training"), Example("起業塾", ("startup",), "training")])
    kept = {f for _, _, f, _ in rows}
    assert "h1:塾" in kept and "t:創業" not in kept and "t:起業" not in kept


def test_probabilities_follow_the_counts() -> None:
    examples = [
        Example("創業塾", ("startup",), "training"),
        Example("起業塾", ("startup",), "training"),
        Example("創業補助金", ("startup",), "subsidy"),
        Example("起業補助金", ("startup",), "subsidy"),
        Example("経営補助金", ("management",), "subsidy"),
    ]
    model = parse_model(
        [dict(zip(("kind", "label", "feature", "count"), map(str, r), strict=True)) for r in count_rows(examples)]
    )
    best, p = model.instrument("販路塾") or ("", 0.0)
    assert best == "training" and p > 0.5
    assert model.instrument("ひらがなだけ") is None
    assert model.themes("創業補助金", ["startup", "management"]) == ("startup",)


def test_a_bad_count_names_the_file_and_line() -> None:
    rows = [
        {"kind": "all", "label": "", "feature": "", "count": "3"},
        {"kind": "all", "label": "", "feature": "x", "count": "-1"},
    ]
    with pytest.raises(ReferenceDataError, match="line 3"):
        parse_model(rows)
    with pytest.raises(ReferenceDataError, match="count of all names"):
        parse_model([{"kind": "theme", "label": "a", "feature": "", "count": "1"}])


@pytest.mark.parametrize(
    ("name", "instrument", "rule"),
    [
        # a tail head: the model reads the whole name in its place
        ("販路拡大支援事業", "subsidy", "model:subsidy"),
        ("BCP策定支援事業", "subsidy", "model:subsidy"),
        # a head keyword or a weak keyword is never overruled
        ("創業支援補助金事業", "subsidy", "keyword:補助金@head"),
        ("先端設備等設備投資支援事業", "subsidy", "keyword:設備投資@weak"),
        ("スタートアップとの連携強化", "network", "keyword:連携@weak"),
        # nothing the rules know, nothing the model knows
        ("XYZ", "unclassified", "none"),
    ],
)
def test_where_the_model_decides_the_instrument(name: str, instrument: str, rule: str) -> None:
    c = classify(name)
    assert (c.instrument, c.instrument_rule) == (instrument, rule)


def test_the_model_gives_themes_only_without_a_theme_keyword() -> None:
    assert classify("創業支援補助金事業").themes_rule == ("keyword:創業",)
    assert classify("中小企業小口資金融資").themes_rule == ("keyword:中小企業@weak",)
    c = classify("えどコレ!")
    assert c.themes == ("sales_channels",) and c.themes_rule == ("model:sales_channels",)
    assert all(len(classify(n).themes) <= MAX_THEMES for n in ("ふるさと名物応援宣言", "商工振興事業", "ひきだし"))


def test_a_correction_wins_over_the_model() -> None:
    row = {
        "override_id": "t9002",
        "name_key": name_key("販路拡大支援事業"),
        "themes": "",
        "instrument": "consulting",
        "reason": "the plan describes advice",
        "source": "test",
    }
    table = parse_overrides([row], load_vocabulary())
    c = classify("販路拡大支援事業", overrides=table)
    assert (c.instrument, c.instrument_rule) == ("consulting", "correction:t9002")
    assert classify("販路拡大支援事業", overrides={}).instrument_rule == "model:subsidy"


def test_the_model_is_used_with_the_packaged_vocabulary_only() -> None:
    assert classify("販路拡大支援事業", vocabulary=load_vocabulary()).instrument_rule == "keyword:支援@tail"


#: Five-fold cross-validation on the 730 tuning names (make cv-themes): 85.8% instrument
#: accuracy, 1.4% unclassified, theme micro-F1 0.753.
CV_INSTRUMENT_ACCURACY_FLOOR = 0.857
CV_UNCLASSIFIED_FLOOR = 0.014
CV_THEME_F1_FLOOR = 0.752


def test_cross_validation_on_the_tuning_names_does_not_fall(labels: list[eval_themes.Label]) -> None:
    everything, *by_split = cv_themes.reports(labels)
    assert everything.n == sum(lb.split not in eval_themes.NEVER_TRAINED for lb in labels)
    assert {r.split for r in by_split}.isdisjoint(eval_themes.NEVER_TRAINED)
    assert everything.instrument_accuracy >= CV_INSTRUMENT_ACCURACY_FLOOR
    assert everything.unclassified_rate <= CV_UNCLASSIFIED_FLOOR
    assert everything.theme_f1 >= CV_THEME_F1_FLOOR


def test_a_model_given_to_classify_is_used_in_place_of_the_packaged_one() -> None:
    model = parse_model([{"kind": "all", "label": "", "feature": "", "count": "1"}])
    assert classify("販路拡大支援事業", model=model).instrument_rule == "keyword:支援@tail"
    assert classify("販路拡大支援事業").instrument_rule == "model:subsidy"
