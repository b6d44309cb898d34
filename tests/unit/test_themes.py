"""Themes and instruments: each rule with its own small examples, mostly names not in the real document."""

from __future__ import annotations

import pytest

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.themes import UNCLASSIFIED, classify, load_vocabulary, markdown_table, parse_vocabulary


@pytest.mark.parametrize(
    ("name", "instrument"),
    [
        ("商店街活性化補助金", "subsidy"),
        ("省エネ設備導入助成", "subsidy"),
        ("ものづくり見本市出展事業", "event"),
        ("地域産業フェア", "event"),
        ("経営者向けセミナー", "training"),
        ("女性起業家塾", "training"),
        ("デジタル講座", "training"),
        ("事業承継伴走支援", "consulting"),
        ("よろず経営相談", "consulting"),
        ("インキュベーション施設の運営", "facility"),
        ("産業支援センター", "facility"),
        ("商店街実態調査", "survey"),
        ("産業振興協議会", "network"),
        ("異業種交流ネットワーク", "network"),
        ("キャッシュレス推進事業", "other"),
        ("創業支援補助金事業", "subsidy"),  # head-final: the subsidy, not the support
        ("補助金申請支援事業", "consulting"),  # head-final: the support, not the subsidy
    ],
)
def test_instrument_rules(name: str, instrument: str) -> None:
    assert classify(name).instrument == instrument


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
    ],
)
def test_theme_rules(name: str, theme: str) -> None:
    assert theme in classify(name).themes


def test_normalized_forms_match_spelling_variants() -> None:
    # 取組/取り組み and あっせん/斡旋 compare by their Sudachi normalized forms
    assert classify("融資あっせん").instrument == classify("融資斡旋").instrument == "subsidy"
    assert classify("ｄｘ推進").themes == classify("DX推進").themes == ("digital",)


def test_keywords_match_whole_tokens_only() -> None:
    # 会 of 商談会 must not make 会議所 an event; IT must not match inside Kuni-Biz
    assert classify("商工会議所").instrument == UNCLASSIFIED


def test_no_match_is_unclassified() -> None:
    c = classify("夏祭り")
    assert c.themes == (UNCLASSIFIED,) and c.instrument == UNCLASSIFIED and c.matched == ()


def test_several_themes_in_vocabulary_order() -> None:
    assert classify("ものづくり・IT商談会").themes == ("digital", "sales_channels", "manufacturing")


def test_vocabulary_has_labels_in_both_languages() -> None:
    vocab = load_vocabulary()
    assert {c.name for c in vocab if c.kind == "instrument"} == {
        "subsidy",
        "event",
        "training",
        "consulting",
        "facility",
        "survey",
        "network",
        "other",
    }
    assert all(c.label_en and c.label_ja and c.sequences for c in vocab)


def test_bad_vocabulary_rows_are_rejected() -> None:
    row = {"kind": "theme", "class": "x", "label_en": "X", "label_ja": "エックス", "keywords": "調査"}
    with pytest.raises(ReferenceDataError, match="kind"):
        parse_vocabulary([{**row, "kind": "topic"}])
    with pytest.raises(ReferenceDataError, match="keywords"):
        parse_vocabulary([{**row, "keywords": ""}])


def test_docs_table_is_up_to_date() -> None:
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "themes.md"
    assert doc.read_text(encoding="utf-8") == markdown_table(), "run: python -m pipeline.lang.themes > docs/themes.md"
