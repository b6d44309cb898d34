"""OCR-suspect spellings: each confusion rule with its own examples, and no false alarms."""

from __future__ import annotations

import pytest

from pipeline.lang.ocr import find_suspicions, load_confusions, suggest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("パピリオン共同出展事業", "パビリオン共同出展事業"),  # ピ/ビ
        ("起業家センタ一運営", "起業家センター運営"),  # 一/ー
        ("デ一タ活用講座", "データ活用講座"),  # 一/ー, and タ is not then read as 夕
        ("駅の入ロ", "駅の入口"),  # ロ/口
        ("産学協カ", "産学協力"),  # カ/力
        ("メ力ニズム", "メカニズム"),  # 力/カ
        ("顧客二ーズ調査", "顧客ニーズ調査"),  # 二/ニ
        ("エ場見学会", "工場見学会"),  # エ/工
        ("ハ王子", "八王子"),  # ハ/八
        ("F0RUM 2024", "FORUM 2024"),  # 0/O inside a Latin word
        ("ものづくり EXP02022の様子", "ものづくり EXPO2022の様子"),  # Latin-digit rule
    ],
)
def test_one_character_confusion_is_suggested(text: str, expected: str) -> None:
    assert suggest(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "パビリオン共同出展事業",
        "令和5年度～令和7年度",
        "2022年",
        "Windows10対応",
        "COVID19対策",
        "人口減少",
        "口コミ",
        "窓口相談",
        "ロボット産業",
        "カフェ",
        "ポップアップストア",
        "一ノ瀬",
        "二次元コード",
        "くにたちビジネスサポートセンターKuni-Biz",
        "DX実践ゼミ成果発表会の様子",
        "アントレプレナー交流支援",
    ],
)
def test_correct_text_is_not_flagged(text: str) -> None:
    assert suggest(text) is None


def test_suspicion_names_token_word_and_rule() -> None:
    (s,) = find_suspicions("パピリオン共同出展事業")
    assert (s.position, s.token, s.word) == (1, "パピリオン", "パビリオン")
    assert (s.confusion.source, s.confusion.target) == ("ピ", "ビ")
    assert "semi-voiced" in s.confusion.reason


def test_confusion_table_covers_the_documented_pairs() -> None:
    pairs = {(c.source, c.target) for c in load_confusions()}
    assert {("ピ", "ビ"), ("一", "ー"), ("ロ", "口"), ("カ", "力"), ("ニ", "二"), ("0", "O")} <= pairs
    assert all(c.context in ("any", "latin") for c in load_confusions())
