"""The theme/instrument classifier measured on tests/data/program_labels.csv.

The targets are named constants of :mod:`pipeline.tools.eval_themes` and apply to the
held part, ``held5``: names labelled from their pages and committed before the classifier
was run on them, kept out of every rule change and out of the learned part's training,
measured once after the model was counted on the tuning names.  Its unclassified share meets
its target and is asserted as one; instrument accuracy and theme micro-F1 miss theirs, so each
is a floor at the measured figure, and a strict expected failure keeps the unmet targets
visible.  The first four held parts (splits ``tune_was_held`` … ``tune_was_held4``) were
looked at once their figures were published, so they are tuning data now, like ``tune2``;
all but the first are reported apart, so that what a change does to names it was not
written for stays visible.  The figures of the tuning parts are in-sample and asserted as
floors: a change to the rules may only improve them (counting more names into the model may
move them, and the floors are then reset).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.lang.themes import classify
from pipeline.tools import eval_themes
from pipeline.tools.eval_themes import (
    TARGET_UNCLASSIFIED_MAX,
    docs_page,
    load_labels,
    report_for,
)

ROOT = Path(__file__).resolve().parents[2]
#: Measured once on the held part (held5), with the rules and the model counted on the 730 tuning
#: names: 83.5% instrument accuracy, 0.8% unclassified (target met), theme micro-F1 0.734.  The
#: classifier as it was when the part was committed (model counted on 456 names): 83.5%, 1.7% and
#: 0.722; the rules alone: 74.4%, 16.5% and 0.695.
HELD5_INSTRUMENT_ACCURACY_FLOOR = 0.834
HELD5_THEME_F1_FLOOR = 0.733
#: Measured once on the fourth held part (tune_was_held4) with the rules and the learned model:
#: 79.7% instrument accuracy, 0.0% unclassified, theme micro-F1 0.675 (rules alone: 72.4%, 27.6%
#: and 0.622).  In-sample since the model was counted on it: 87.8%, 0.0% and 0.750.
WAS_HELD4_INSTRUMENT_ACCURACY_FLOOR = 0.878
WAS_HELD4_THEME_F1_FLOOR = 0.749
#: In-sample on tune2: 92.1%, 1.3% and 0.726.
TUNE2_INSTRUMENT_ACCURACY_FLOOR = 0.920
TUNE2_UNCLASSIFIED_FLOOR = 0.014
TUNE2_THEME_F1_FLOOR = 0.725
#: Measured on the third held part (tune_was_held3): 72.7%, 31.4% and 0.576 when it was the held
#: part; since then its errors were read, a few words added from them and the model counted on
#: it, so these in-sample figures may only improve (out of sample, a model counted without it:
#: 85.1%, 2.5%, 0.696).
WAS_HELD3_INSTRUMENT_ACCURACY_FLOOR = 0.900
WAS_HELD3_UNCLASSIFIED_FLOOR = 0.0
WAS_HELD3_THEME_F1_FLOOR = 0.756
#: Measured on the tuning part (tune and tune_was_held), in-sample since the model was counted on
#: it (five-fold out of sample: 94.4% and 0.904 on tune, 90.4% and 0.872 on tune_was_held); a
#: change may only improve them.  The
#: theme F1 was 0.884 before theme keywords were also read inside compounds and コミュニティ
#: ビジネス became a startup word: two 交流会 names now read as open_innovation too (labelled
#: community and startup; a third is labelled so), コミュニティビジネス交流会 as startup too.
TUNE_INSTRUMENT_ACCURACY_FLOOR = 0.941
TUNE_UNCLASSIFIED_FLOOR = 0.0
TUNE_THEME_F1_FLOOR = 0.896
#: Measured on the second held part (tune_was_held2); 76.6%, 24.2% and 0.662 when its errors
#: were first read, 86.7%, 9.4% and 0.831 with the rules alone before the model was counted on it.
WAS_HELD2_INSTRUMENT_ACCURACY_FLOOR = 0.953
WAS_HELD2_UNCLASSIFIED_FLOOR = 0.008
WAS_HELD2_THEME_F1_FLOOR = 0.887
#: Names collected for the fourth and fifth held parts, and names of the first three.
FOURTH_HELD_NAMES = 123
HELD5_MIN_NAMES = 120
FIRST_HELD_NAMES = 83
SECOND_HELD_NAMES = 128
THIRD_HELD_NAMES = 121
#: Tuning names collected after the fifth held part.
TUNE2_MIN_NAMES = 150


@pytest.fixture(scope="module")
def labels() -> list[eval_themes.Label]:
    return load_labels(ROOT / "tests" / "data" / "program_labels.csv")


def test_labelled_set_has_a_fresh_held_part(labels: list[eval_themes.Label]) -> None:
    splits = {lb.split for lb in labels}
    assert splits == set(eval_themes.SPLIT_VALUES)
    assert len({lb.name for lb in labels}) == len(labels)
    assert all(lb.source.startswith("http") for lb in labels)
    assert eval_themes.HELD_PART == eval_themes.HELD5
    assert eval_themes.NEVER_TRAINED == (eval_themes.HELD5,)
    held5 = [lb for lb in labels if lb.split == eval_themes.HELD5]
    assert len(held5) >= HELD5_MIN_NAMES
    earlier_pages = {lb.source.split(" ")[0] for lb in labels if lb.split != eval_themes.HELD5}
    assert not any(lb.source.split(" ")[0] in earlier_pages for lb in held5)


def test_the_second_tuning_part_is_new_and_counted(labels: list[eval_themes.Label]) -> None:
    tune2 = [lb for lb in labels if lb.split == eval_themes.TUNE2]
    assert len(tune2) >= TUNE2_MIN_NAMES
    other_pages = {lb.source.split(" ")[0] for lb in labels if lb.split != eval_themes.TUNE2}
    assert not any(lb.source.split(" ")[0] in other_pages for lb in tune2)
    assert eval_themes.TUNE2 not in eval_themes.NEVER_TRAINED


def test_the_earlier_held_parts_are_tuning_data(labels: list[eval_themes.Label]) -> None:
    was_held = [lb for lb in labels if lb.split == eval_themes.TUNE_WAS_HELD]
    was_held2 = [lb for lb in labels if lb.split == eval_themes.TUNE_WAS_HELD2]
    was_held3 = [lb for lb in labels if lb.split == eval_themes.TUNE_WAS_HELD3]
    assert (len(was_held), len(was_held2), len(was_held3)) == (FIRST_HELD_NAMES, SECOND_HELD_NAMES, THIRD_HELD_NAMES)
    assert all(eval_themes.in_part(lb, eval_themes.TUNE) for lb in was_held)
    was_held4 = [lb for lb in labels if lb.split == eval_themes.TUNE_WAS_HELD4]
    assert len(was_held4) == FOURTH_HELD_NAMES
    earlier = was_held + was_held2 + was_held3 + was_held4
    assert not any(eval_themes.in_part(lb, eval_themes.HELD5) for lb in earlier)


@dataclass(frozen=True)
class Floors:
    """The figures a part of the labelled set must keep: ``n`` names (``None``: at least
    ``min_n``), instrument accuracy and theme micro-F1 at least, unclassified share at most."""

    part: str
    n: int | None
    instrument_accuracy: float
    unclassified: float
    theme_f1: float
    min_n: int = 0


FLOORS = (
    Floors(eval_themes.TUNE, 207, TUNE_INSTRUMENT_ACCURACY_FLOOR, TUNE_UNCLASSIFIED_FLOOR, TUNE_THEME_F1_FLOOR),
    Floors(
        eval_themes.TUNE_WAS_HELD2,
        SECOND_HELD_NAMES,
        WAS_HELD2_INSTRUMENT_ACCURACY_FLOOR,
        WAS_HELD2_UNCLASSIFIED_FLOOR,
        WAS_HELD2_THEME_F1_FLOOR,
    ),
    Floors(
        eval_themes.TUNE_WAS_HELD3,
        THIRD_HELD_NAMES,
        WAS_HELD3_INSTRUMENT_ACCURACY_FLOOR,
        WAS_HELD3_UNCLASSIFIED_FLOOR,
        WAS_HELD3_THEME_F1_FLOOR,
    ),
    Floors(
        eval_themes.TUNE_WAS_HELD4,
        FOURTH_HELD_NAMES,
        WAS_HELD4_INSTRUMENT_ACCURACY_FLOOR,
        TARGET_UNCLASSIFIED_MAX,
        WAS_HELD4_THEME_F1_FLOOR,
    ),
    Floors(
        eval_themes.TUNE2,
        None,
        TUNE2_INSTRUMENT_ACCURACY_FLOOR,
        TUNE2_UNCLASSIFIED_FLOOR,
        TUNE2_THEME_F1_FLOOR,
        min_n=TUNE2_MIN_NAMES,
    ),
    Floors(
        eval_themes.HELD5,
        None,
        HELD5_INSTRUMENT_ACCURACY_FLOOR,
        TARGET_UNCLASSIFIED_MAX,
        HELD5_THEME_F1_FLOOR,
        min_n=HELD5_MIN_NAMES,
    ),
)


@pytest.mark.parametrize("floors", FLOORS, ids=lambda f: f.part)
def test_figures_do_not_fall_below_the_measured_ones(floors: Floors, labels: list[eval_themes.Label]) -> None:
    r = report_for(floors.part, labels)
    assert r.n == floors.n if floors.n is not None else r.n >= floors.min_n
    assert r.instrument_accuracy >= floors.instrument_accuracy
    assert r.unclassified_rate <= floors.unclassified
    assert r.theme_f1 >= floors.theme_f1


@pytest.mark.xfail(
    strict=True,
    reason="held5: instrument accuracy (83.5%) and theme micro-F1 (0.734) miss their targets",
)
def test_held5_part_meets_every_target(labels: list[eval_themes.Label]) -> None:
    r = report_for(eval_themes.HELD5, labels)
    assert not eval_themes.target_failures(r)
    assert r.instrument_accuracy >= eval_themes.TARGET_INSTRUMENT_ACCURACY
    assert r.theme_f1 >= eval_themes.TARGET_THEME_MICRO_F1


@pytest.mark.parametrize(
    ("name", "themes", "instrument", "rule"),
    [
        ("としまものづくりメッセ", ("sales_channels", "manufacturing"), "event", "keyword:メッセ@head"),
        ("親元就農促進支援交付金", ("succession", "agriculture"), "subsidy", "keyword:交付金@head"),
        ("経営安定化資金融資", ("management",), "financing", "keyword:融資@head"),
        ("商店街応援隊派遣事業", ("retail",), "consulting", "keyword:派遣@head"),
        ("産業振興計画事前調査事業", ("research",), "survey", "keyword:調査@head"),
        ("東松島市継業バンク", ("succession",), "network", "keyword:バンク@head"),
        ("横浜健康経営認証制度", ("talent",), "other", "keyword:認証@head"),
        ("葛飾区創業塾", ("startup",), "training", "keyword:塾@head"),
        ("民間研究所立地奨励金", ("business_location", "research"), "subsidy", "keyword:奨励金@head"),
        ("インターンシップ促進支援", ("talent",), "subsidy", "keyword:インターンシップ+支援@head"),
    ],
)
def test_names_of_the_third_held_part_by_value(name: str, themes: tuple[str, ...], instrument: str, rule: str) -> None:
    c = classify(name)
    assert (c.themes, c.instrument, c.instrument_rule) == (themes, instrument, rule)


def test_names_of_the_third_held_part_the_rules_miss() -> None:
    # a name with no keyword at all: unclassified by the rules, with a warning in a build ...
    assert classify("ひきだし", with_model=False).instrument == "unclassified"
    assert classify("メイド・イン上越", with_model=False).themes == ("unclassified",)
    # ... which the model reads since it counted them (an internship labelled talent/training)
    assert (classify("ひきだし").themes, classify("ひきだし").instrument) == (("talent",), "training")
    # a grant known by what it pays for: 研修 reads as training (labelled a subsidy to new farmers)
    assert classify("研修手当").instrument == "training"
    # 物産展 became an event word after this part was read; 交流 of friendly cities still reads
    # as collaboration among the themes
    c = classify("友好・交流都市物産展")
    assert (c.themes, c.instrument) == (("sales_channels", "open_innovation"), "event")
    # business-location incentives named by the tax they refund: no theme keyword, the model's
    assert classify("法人市民税奨励金", with_model=False).themes == ("unclassified",)
    assert classify("法人市民税奨励金").themes_rule == ("model:business_location",)


@pytest.mark.parametrize(
    ("name", "themes", "instrument", "rule"),
    [
        ("中小企業DX支援事業補助金", ("digital",), "subsidy", "keyword:補助金@head"),
        ("中小企業振興資金", ("management",), "financing", "keyword:資金@head"),
        ("新型コロナウイルス感染症対策利子補給制度", ("management",), "financing", "keyword:利子補給@head"),
        ("品川周辺地域ものづくり商談会", ("sales_channels", "manufacturing"), "event", "keyword:商談会@head"),
        ("高田馬場創業支援センター", ("startup",), "facility", "keyword:センター@head"),
        ("産業活性化調査", ("research",), "survey", "keyword:調査@head"),
        ("実践創業塾", ("startup",), "training", "keyword:塾@head"),
        ("札幌SDGs先進企業認証制度", ("sustainability",), "other", "keyword:認証@head"),
        ("事業承継相談会", ("succession",), "consulting", "keyword:相談会@head"),
        ("中心市街地にぎわい創出事業補助金", ("retail", "community"), "subsidy", "keyword:補助金@head"),
    ],
)
def test_names_of_the_second_held_part_by_value(name: str, themes: tuple[str, ...], instrument: str, rule: str) -> None:
    c = classify(name)
    assert (c.themes, c.instrument, c.instrument_rule) == (themes, instrument, rule)


def test_names_of_the_second_held_part_the_rules_miss() -> None:
    # a facility known by a proper name has no keyword: unclassified, with a warning in a build;
    # the model reads テクノWING's characters; KO-TO's "to", known since tune2, too
    assert classify("KO-TO", with_model=False).instrument == "unclassified"
    assert classify("KO-TO").instrument_rule == "model:facility"
    assert classify("テクノWING", with_model=False).instrument == "unclassified"
    assert classify("テクノWING").instrument_rule == "model:facility"
    # a grant whose name reads as training: 育成 is the generic head (labelled a subsidy) for the
    # rules; the model, in place of that tail, reads the grant
    assert classify("荒川の匠育成事業", with_model=False).instrument == "training"
    assert classify("荒川の匠育成事業").instrument_rule == "model:subsidy"


@pytest.mark.parametrize(
    ("name", "themes", "instrument"),
    [
        # words of the second held part's misses that any municipality uses
        ("UIJターン人材バンク", ("talent",), "network"),
        ("ふるさとリクルートフェア", ("talent",), "event"),
        ("津山圏域合同企業説明会", ("talent",), "event"),
        ("関の工場参観日", ("manufacturing",), "event"),
        ("耕作放棄地再生促進事業費補助金", ("agriculture",), "subsidy"),
        ("親元就農支援金事業", ("succession", "agriculture"), "subsidy"),
        ("装飾灯設置等補助金", ("retail",), "subsidy"),
        ("訪日外国人おもてなし事業補助金", ("tourism",), "subsidy"),
        ("とよなか産業フェアレポートブック", ("sales_channels",), "other"),
        ("モノづくりセンサス", ("manufacturing", "research"), "survey"),
    ],
)
def test_generic_words_of_the_second_held_part(name: str, themes: tuple[str, ...], instrument: str) -> None:
    c = classify(name)
    assert (c.themes, c.instrument) == (themes, instrument)


@pytest.mark.parametrize(
    ("name", "themes"),
    [
        # Sudachi keeps these compounds one token; their short units hold the keyword
        ("特許権等取得事業補助金", ("research",)),
        ("卓越技能者表彰", ("talent",)),
        ("新宿ビジネス交流会", ("open_innovation",)),
        ("健康医療創生研究会", ("research",)),
        # an unknown word is looked into: a compound written together
        ("中小企業者ゼロカーボンチャレンジ補助金", ("sustainability",)),
    ],
)
def test_theme_keywords_are_found_inside_compounds(name: str, themes: tuple[str, ...]) -> None:
    assert classify(name).themes == themes


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
        ("海外販路開拓支援事業", ("sales_channels",), "consulting", "model:consulting"),
        ("すみだブランド認証", ("sales_channels",), "other", "keyword:認証@head"),
    ],
)
def test_names_of_the_first_held_part_by_value(name: str, themes: tuple[str, ...], instrument: str, rule: str) -> None:
    c = classify(name)
    assert (c.themes, c.instrument, c.instrument_rule) == (themes, instrument, rule)


def test_names_of_the_first_held_part_the_rules_miss() -> None:
    # 利子助成 followed by 補助金: the loan-interest subsidy reads as a subsidy (labelled financing)
    assert classify("街なか遊休不動産活用促進利子助成補助金制度").instrument == "subsidy"
    # a proper name with no keyword: unclassified by the rules, read by the model
    assert classify("えどコレ!", with_model=False).instrument == "unclassified"
    assert classify("えどコレ!").instrument_rule == "model:other"


def test_docs_page_is_up_to_date(labels: list[eval_themes.Label]) -> None:
    page = (ROOT / "docs" / "themes.md").read_text(encoding="utf-8")
    assert page == docs_page(labels), "run: make docs"
