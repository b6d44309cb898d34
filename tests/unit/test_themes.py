"""Themes and instruments: each rule with its own small examples, mostly names not in the real document."""

from __future__ import annotations

import pytest

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.themes import (
    UNCLASSIFIED,
    classify,
    load_overrides,
    load_vocabulary,
    parse_overrides,
    parse_vocabulary,
)

ROW = {
    "kind": "theme",
    "class": "x",
    "label_en": "X",
    "label_ja": "エックス",
    "keywords": "調査",
    "suffixes": "",
    "weak_keywords": "",
    "tail_keywords": "",
}


@pytest.mark.parametrize(
    ("name", "instrument"),
    [
        ("商店街活性化補助金", "subsidy"),
        ("省エネ設備導入助成", "subsidy"),
        ("企業立地促進奨励金", "subsidy"),
        ("ものづくり見本市出展事業", "event"),
        ("地域産業フェア", "event"),
        ("町工場見学ツアー事業", "event"),
        ("臨海工業団地バスツアー", "event"),  # ツアー is a suffix of the token バスツアー
        ("北秋田市産業祭", "event"),  # 祭 is a suffix of the token 産業祭
        ("経営者向けセミナー", "training"),
        ("女性起業家塾", "training"),
        ("デジタル講座", "training"),
        ("事業承継伴走支援", "consulting"),
        ("よろず経営相談", "consulting"),
        ("インキュベーション施設の運営", "facility"),
        ("産業支援センター", "facility"),
        ("ワーケーション拠点整備・運営事業", "facility"),
        ("商店街実態調査", "survey"),
        ("産業振興協議会", "network"),
        ("森林資源活用研究会", "network"),
        ("異業種交流会", "network"),
        ("中小企業制度融資", "financing"),
        ("小規模事業者経営改善資金利子補給", "financing"),
        ("中小企業信用保証料補助金", "financing"),  # longer keyword wins at the same end
        ("融資あっせん", "financing"),
        ("SDGs認証制度", "other"),
        ("創業支援補助金事業", "subsidy"),  # head-final: the subsidy, not the support
        ("補助金申請支援事業", "consulting"),  # head-final: the application support, not the subsidy
        ("観光拠点整備支援事業", "subsidy"),  # support for building a facility is a grant, not the facility
        ("地域イベント支援事業", "subsidy"),  # support for others' events
        ("見本市出展支援事業", "subsidy"),  # support for exhibiting: the booth fees
        ("ものづくりマイスター制度", "other"),  # a title scheme, like a certification
    ],
)
def test_instrument_rules(name: str, instrument: str) -> None:
    assert classify(name).instrument == instrument


@pytest.mark.parametrize(
    ("name", "instrument", "rule"),
    [
        ("創業支援補助金事業", "subsidy", "keyword:補助金@head"),
        ("先端設備等設備投資支援事業", "subsidy", "keyword:設備投資@weak"),  # what is supported, before the tail
        ("スタートアップとの連携強化", "network", "keyword:連携@weak"),
        ("BCP策定支援事業", "consulting", "keyword:支援@tail"),  # nothing but the generic tail
        ("キャッシュレス推進事業", "other", "keyword:推進@tail"),
    ],
)
def test_instrument_tiers_and_their_rules(name: str, instrument: str, rule: str) -> None:
    c = classify(name, with_model=False)
    assert (c.instrument, c.instrument_rule) == (instrument, rule)


@pytest.mark.parametrize(
    ("name", "theme"),
    [
        ("中小企業DX推進", "digital"),
        ("IoT導入支援", "digital"),
        ("学生起業家育成", "startup"),
        ("ベンチャー支援", "startup"),
        ("海外展開支援", "sales_channels"),
        ("特産品PR事業", "sales_channels"),
        ("若者雇用促進", "talent"),
        ("脱炭素経営支援", "sustainability"),
        ("後継者育成塾", "succession"),
        ("産学連携推進", "open_innovation"),
        ("町工場見学会", "manufacturing"),
        ("空き店舗対策", "retail"),
        ("企業誘致", "business_location"),
        ("景況調査", "research"),
        ("新規事業展開支援", "management"),
        ("まちづくり推進", "community"),
        ("ワーケーション拠点整備・運営事業", "tourism"),
        ("森林資源活用研究会", "agriculture"),
        ("BCP策定支援事業", "management"),
        ("匠の技継承講座", "manufacturing"),
        ("匠の技継承講座", "talent"),
        ("住工共生まちづくり助成", "manufacturing"),
        ("中心市街地空き地活用", "retail"),
        ("中心市街地空き地活用", "community"),
        ("工場等設置奨励金制度", "business_location"),
        ("工場等設置奨励金制度", "manufacturing"),
        ("市民の森づくり事業", "agriculture"),
        ("みなとBiz", "startup"),
        ("みなとBiz", "management"),
    ],
)
def test_theme_rules(name: str, theme: str) -> None:
    assert theme in classify(name).themes


def test_normalized_forms_match_spelling_variants() -> None:
    # 取組/取り組み and あっせん/斡旋 compare by their Sudachi normalized forms
    assert classify("融資あっせん").instrument == classify("融資斡旋").instrument == "financing"
    assert classify("ｄｘ推進").themes == classify("DX推進").themes == ("digital",)


def test_keywords_match_whole_tokens_only() -> None:
    # 会 of 商談会 must not make 会議所 an event
    assert classify("商工会議所", with_model=False).instrument == UNCLASSIFIED


def test_no_match_is_unclassified_with_rule_none() -> None:
    c = classify("夏休み")
    assert c.themes == (UNCLASSIFIED,) and c.instrument == UNCLASSIFIED and c.matched == ()
    assert c.themes_rule == ("none",) and c.instrument_rule == "none"


def test_several_themes_in_vocabulary_order_each_with_its_rule() -> None:
    c = classify("ものづくり・IT商談会")
    assert c.themes == ("digital", "sales_channels", "manufacturing")
    assert c.themes_rule == ("keyword:IT", "keyword:商談", "keyword:ものづくり")


def test_a_longer_keyword_of_another_theme_covers_a_shorter_one() -> None:
    # 地域連携 (community) spans 連携 (open_innovation); 工業団地 spans 工業
    assert classify("地域連携イベント助成事業").themes == ("community",)
    assert classify("臨海工業団地バスツアー").themes == ("business_location",)


def test_revitalisation_alone_is_generic() -> None:
    # 活性化 names no theme of its own: 商店街活性化 is about retail, 活性化 alone about management
    assert classify("商店街活性化支援").themes == ("retail",)
    assert classify("地域経済活性化事業").themes_rule == ("keyword:活性化@weak",)


def test_weak_theme_keywords_only_when_nothing_else_matched() -> None:
    assert classify("中小企業小口資金融資").themes == ("management",)
    assert classify("中小企業小口資金融資").themes_rule == ("keyword:中小企業@weak",)
    assert classify("中小企業ゼロカーボン資金融資").themes == ("sustainability",)


def test_context_decides_only_what_the_name_leaves_open() -> None:
    context = "DXの推進に向けた専門家による相談を実施する"
    generic = classify("夏休み", context)
    assert generic.themes == ("digital",) and generic.themes_rule == ("context:DX",)
    assert (generic.instrument, generic.instrument_rule) == ("consulting", "context:相談")
    # a name with its own keywords ignores the context
    own = classify("創業支援補助金事業", context)
    assert own.themes == ("startup",) and own.instrument == "subsidy"


def test_a_generic_tail_wins_over_the_context() -> None:
    # the initiative's text says how the whole list works (連携, ネットワーク), not what one
    # program is: a name's own tail comes first
    context = "区が所有するネットワークを活用し事業を実施する"
    c = classify("夏休み支援事業", context, with_model=False)
    assert (c.instrument, c.instrument_rule) == ("consulting", "keyword:支援@tail")
    # the model, when it knows more of the name than its generic words, reads it in place of
    # the tail, still before the context; of 夏休み it knows nothing
    assert classify("夏休み支援事業", context).instrument_rule == "keyword:支援@tail"
    assert classify("販路拡大支援事業", context).instrument_rule == "model:subsidy"


def test_context_naming_two_instruments_decides_nothing() -> None:
    assert classify("夏休み", "補助金の交付とセミナーの開催").instrument == UNCLASSIFIED


def test_override_wins_and_is_traced() -> None:
    vocab = load_vocabulary()
    row = {
        "override_id": "t9001",
        "name_key": "夏休み",
        "themes": "tourism;community",
        "instrument": "event",
        "reason": "a summer festival of the shopping street",
        "source": "test",
    }
    table = parse_overrides([row], vocab)
    c = classify("夏休み", vocabulary=vocab, overrides=table)
    assert c.themes == ("community", "tourism") and c.instrument == "event"
    assert c.themes_rule == ("correction:t9001", "correction:t9001") and c.instrument_rule == "correction:t9001"


def test_bad_override_rows_are_rejected() -> None:
    vocab = load_vocabulary()
    good = {"override_id": "t1", "name_key": "k", "themes": "", "instrument": "event", "reason": "r", "source": "s"}
    with pytest.raises(ReferenceDataError, match="unknown class"):
        parse_overrides([{**good, "instrument": "party"}], vocab)
    with pytest.raises(ReferenceDataError, match="themes, instrument or both"):
        parse_overrides([{**good, "instrument": ""}], vocab)
    with pytest.raises(ReferenceDataError, match="listed twice"):
        parse_overrides([good, {**good, "override_id": "t2"}], vocab)


def test_packaged_overrides_load() -> None:
    assert all(o.reason and o.source for o in load_overrides().values())


def test_vocabulary_has_labels_in_both_languages() -> None:
    vocab = load_vocabulary()
    assert {c.name for c in vocab if c.kind == "instrument"} == {
        "subsidy",
        "financing",
        "event",
        "training",
        "consulting",
        "facility",
        "survey",
        "network",
        "other",
    }
    assert all(c.label_en and c.label_ja and (c.sequences or c.weak_sequences or c.suffixes) for c in vocab)


def test_bad_vocabulary_rows_are_rejected() -> None:
    with pytest.raises(ReferenceDataError, match="kind"):
        parse_vocabulary([{**ROW, "kind": "topic"}])
    with pytest.raises(ReferenceDataError, match="keywords"):
        parse_vocabulary([{**ROW, "keywords": ""}])
    with pytest.raises(ReferenceDataError, match="instruments only"):
        parse_vocabulary([{**ROW, "tail_keywords": "支援"}])
    with pytest.raises(ReferenceDataError, match="duplicate"):
        parse_vocabulary([ROW, ROW])
    instrument = {**ROW, "kind": "instrument", "class": "training"}
    with pytest.raises(ReferenceDataError, match="go together"):
        parse_vocabulary([{**instrument, "support_as": "subsidy"}])
    with pytest.raises(ReferenceDataError, match="no instrument class"):
        parse_vocabulary([{**instrument, "support_as": "grant", "support_heads": "支援"}])


@pytest.mark.parametrize(
    ("name", "instrument", "rule"),
    [
        # support for a thing the municipality does not provide itself is a grant
        ("農業後継者研修支援事業", "subsidy", "keyword:研修+支援@head"),
        ("むさしの創業サポート施設開設支援事業", "subsidy", "keyword:施設+支援@head"),
        ("就農初期段階運転資金支援事業", "subsidy", "keyword:資金+支援@head"),
        # support for a service stays that service; other generic heads change nothing
        ("企業課題相談支援事業", "consulting", "keyword:相談@head"),
        ("補助金・助成金自動診断システムの構築", "other", "keyword:システム@head"),
    ],
)
def test_support_after_a_keyword_names_what_is_supported(name: str, instrument: str, rule: str) -> None:
    c = classify(name)
    assert (c.instrument, c.instrument_rule) == (instrument, rule)


# -- names of the fourth held part (now tune_was_held4), measured once with the rules and the model


@pytest.mark.parametrize(
    ("name", "themes", "instrument", "rule"),
    [
        ("サテライトオフィス誘致促進補助金", ("business_location",), "subsidy", "keyword:補助金@head"),
        ("不況対策特別資金", ("management",), "financing", "keyword:資金@head"),
        # counted into the model since: it now adds retail, which the page does not say
        ("全国京都会議", ("retail", "tourism"), "network", "keyword:会議@head"),
        ("外国人技能実習生受入支援事業補助金", ("talent",), "subsidy", "keyword:補助金@head"),
        ("滞在型観光プログラム造成促進事業補助金", ("tourism",), "subsidy", "keyword:補助金@head"),
        ("みどり市ブランド", ("sales_channels",), "other", "keyword:ブランド@weak"),
        # no instrument word: the model reads a grant, as the page says (its startup theme is missed)
        ("商店街等活性化", ("retail",), "subsidy", "model:subsidy"),
    ],
)
def test_names_of_the_fourth_held_part_by_value(name: str, themes: tuple[str, ...], instrument: str, rule: str) -> None:
    c = classify(name)
    assert (c.themes, c.instrument, c.instrument_rule) == (themes, instrument, rule)


def test_names_of_the_fourth_held_part_the_classifier_misses() -> None:
    # measured, not fixed: each is labelled otherwise from its page (tests/data/program_labels.csv)
    # an incubation facility read as support for Biz: a grant (labelled facility)
    assert classify("Bizサポートよこて事業").instrument_rule == "keyword:Biz+サポート@head"
    # a council with no instrument word: read as a facility until the tune2 names were counted
    assert classify("産業振興審議会").instrument_rule == "model:network"
    # a job fair of local firms: 企業 reads as management (labelled talent)
    assert classify("五島市企業フェスタ").themes == ("management",)
    # a rent grant for firms that settle in the town: read as manufacturing (labelled
    # business_location) until the part was counted into the model
    assert classify("建物等賃借助成金").themes == ("business_location",)
    # a trade fair of the ward's manufacturers: only its sales theme is read
    assert classify("いたばし産業見本市").themes == ("sales_channels",)


# -- names of the held part (held5), measured once with the rules and the model -------------------


@pytest.mark.parametrize(
    ("name", "themes", "instrument", "rule"),
    [
        (
            "多摩地域インバウンド受け入れ拡大のためのガイド人材養成講座",
            ("talent", "tourism"),
            "training",
            "keyword:講座@head",
        ),
        ("事業者用設備等脱炭素化促進補助金", ("sustainability",), "subsidy", "keyword:補助金@head"),
        ("中小企業ISO認証等取得支援事業奨励金", ("management",), "subsidy", "keyword:奨励金@head"),
        ("宿泊施設整備支援事業補助金", ("tourism",), "subsidy", "keyword:補助金@head"),
        ("中小企業等UIJターン者就業奨励金", ("talent",), "subsidy", "keyword:奨励金@head"),
        ("高校生向け市内企業見学会", ("talent",), "event", "keyword:見学会@head"),
        # no instrument word but a tail: the model reads a grant, as the page says
        ("商店街活性化店舗開店等支援事業", ("retail",), "subsidy", "model:subsidy"),
    ],
)
def test_names_of_the_held_part_by_value(name: str, themes: tuple[str, ...], instrument: str, rule: str) -> None:
    c = classify(name)
    assert (c.themes, c.instrument, c.instrument_rule) == (themes, instrument, rule)


def test_names_of_the_held_part_the_classifier_misses() -> None:
    # measured, not fixed: each is labelled otherwise from its page (tests/data/program_labels.csv)
    # a study of the shopping streets: the model reads a grant (labelled survey)
    assert classify("にぎわい商店街づくり支援事業").instrument_rule == "model:subsidy"
    # a college of hospitality courses: the model reads a network (labelled training)
    assert classify("観光ホスピタリティカレッジ").instrument_rule == "model:network"
    # a town's antenna shop: read as an event (labelled facility)
    assert classify("姉妹友好都市アンテナショップ").instrument_rule == "model:event"
    # the second theme of a vacant-shop grant (startup) is not in the name
    assert classify("空き店舗対策事業").themes == ("retail",)
