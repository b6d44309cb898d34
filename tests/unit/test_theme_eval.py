"""The theme/instrument rules measured on the held part of tests/data/program_labels.csv.

The targets are named constants of :mod:`pipeline.tools.eval_themes`.  Instrument accuracy
meets its target; unclassified names and theme micro-F1 do not yet (the names the rules
miss are listed by ``python -m pipeline.tools.eval_themes --errors held``), so those two
are asserted as floors at the measured figures, and a strict expected failure keeps the
unmet targets visible: it turns into a failure the day they are met.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.lang.themes import classify
from pipeline.tools import eval_themes
from pipeline.tools.eval_themes import (
    TARGET_INSTRUMENT_ACCURACY,
    TARGET_THEME_MICRO_F1,
    TARGET_UNCLASSIFIED_MAX,
    docs_page,
    load_labels,
    report_for,
    target_failures,
)

ROOT = Path(__file__).resolve().parents[2]
#: Measured on the held part when the rules were frozen; a change may only improve them.
HELD_UNCLASSIFIED_FLOOR = 0.073
HELD_THEME_F1_FLOOR = 0.79


@pytest.fixture(scope="module")
def labels() -> list[eval_themes.Label]:
    return load_labels(ROOT / "tests" / "data" / "program_labels.csv")


def test_labelled_set_is_split_once_into_tune_and_held(labels: list[eval_themes.Label]) -> None:
    held = [lb for lb in labels if lb.split == "held"]
    assert len(labels) >= 200 and len({lb.name for lb in labels}) == len(labels)
    assert 0.35 <= len(held) / len(labels) <= 0.45
    assert all(lb.source.startswith("http") for lb in labels)


def test_held_instrument_accuracy_meets_its_target(labels: list[eval_themes.Label]) -> None:
    assert report_for("held", labels).instrument_accuracy >= TARGET_INSTRUMENT_ACCURACY


def test_held_figures_do_not_fall_below_the_measured_ones(labels: list[eval_themes.Label]) -> None:
    r = report_for("held", labels)
    assert r.unclassified_rate <= HELD_UNCLASSIFIED_FLOOR
    assert r.theme_f1 >= HELD_THEME_F1_FLOOR


@pytest.mark.xfail(strict=True, reason="held unclassified rate (7.2%) and theme micro-F1 (0.80) miss their targets")
def test_held_part_meets_every_target(labels: list[eval_themes.Label]) -> None:
    r = report_for("held", labels)
    assert r.unclassified_rate <= TARGET_UNCLASSIFIED_MAX and r.theme_f1 >= TARGET_THEME_MICRO_F1
    assert target_failures(r) == []


@pytest.mark.parametrize(
    ("name", "themes", "instrument", "rule"),
    [
        ("中小企業一般融資", ("management",), "financing", "keyword:融資@head"),
        ("事業資金融資あっ旋制度", ("management",), "financing", "keyword:融資斡旋@head"),
        ("起業家たまご塾", ("startup",), "training", "keyword:塾@head"),
        ("おおたオープンファクトリー", ("manufacturing", "tourism"), "event", "keyword:オープンファクトリー@head"),
        ("消費者動向アンケート調査", ("retail", "research"), "survey", "keyword:調査@head"),
        ("産学官連携協議会", ("open_innovation",), "network", "keyword:協議会@head"),
        ("創業支援館かがやき", ("startup",), "facility", "keyword:館@head"),
        ("プレミアム付商品券発行支援事業", ("retail",), "subsidy", "keyword:商品券@weak"),
        ("海外販路開拓支援事業", ("sales_channels",), "consulting", "keyword:支援@tail"),
        ("すみだブランド認証", ("sales_channels",), "other", "keyword:認証@head"),
    ],
)
def test_held_names_by_value(name: str, themes: tuple[str, ...], instrument: str, rule: str) -> None:
    c = classify(name)
    assert (c.themes, c.instrument, c.instrument_rule) == (themes, instrument, rule)


def test_held_names_the_rules_miss_stay_measured_not_fixed() -> None:
    # 利子助成 followed by 補助金: the loan-interest subsidy reads as a subsidy (labelled financing)
    assert classify("街なか遊休不動産活用促進利子助成補助金制度").instrument == "subsidy"
    # a proper name with no keyword stays unclassified, with its warning in a build
    assert classify("えどコレ!").instrument == "unclassified"


def test_docs_page_is_up_to_date(labels: list[eval_themes.Label]) -> None:
    page = (ROOT / "docs" / "themes.md").read_text(encoding="utf-8")
    assert page == docs_page(labels), "run: make docs"
