"""The municipality reference table: codes, Tokyo's 62, romanised names, look-up."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from pipeline.lang import municipalities
from pipeline.tools.refdata import RomanisationError, kana_to_hepburn, romanise_municipality

DATA = Path(municipalities.__file__).resolve().parents[1] / "data" / "municipalities.csv"


def _rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_code_has_a_valid_check_digit() -> None:
    rows = _rows()
    assert len(rows) == 1741
    bad = [r["code"] for r in rows if not municipalities.is_valid_code(r["code"])]
    assert bad == []
    assert len({r["code"] for r in rows}) == len(rows)
    assert all(r["code"][:2] == r["prefecture_code"] for r in rows)


def test_check_digit_rejects_a_changed_digit() -> None:
    assert municipalities.is_valid_code("132012")  # 八王子市
    assert not municipalities.is_valid_code("132013")
    assert not municipalities.is_valid_code("13201")
    with pytest.raises(ValueError):
        municipalities.check_digit("1320A")


def test_tokyo_has_62_municipalities_by_kind() -> None:
    tokyo = [m for m in municipalities.load_table() if m.prefecture == "東京都"]
    assert Counter(m.kind for m in tokyo) == {"特別区": 23, "市": 26, "町": 5, "村": 8}
    assert {m.name for m in tokyo} >= {"西東京市", "あきる野市", "青ヶ島村", "小笠原村", "奥多摩町"}


def test_every_row_has_a_reading_and_the_generated_romaji() -> None:
    for r in _rows():
        assert r["reading"] and r["romaji"], r
        assert r["romaji"] == romanise_municipality(r["reading"], r["kind"]), r["name"]
        assert r["romaji"].isascii()


@pytest.mark.parametrize(
    ("reading", "kind", "romaji"),
    [
        ("しながわく", "特別区", "Shinagawa-ku"),
        ("はちおうじし", "市", "Hachioji-shi"),
        ("こうとうく", "特別区", "Koto-ku"),
        ("ちょうふし", "市", "Chofu-shi"),
        ("ふっさし", "市", "Fussa-shi"),
        ("おくたままち", "町", "Okutama-machi"),
        ("ひのはらむら", "村", "Hinohara-mura"),
        ("しんじょうむら", "村", "Shinjo-mura"),  # a village not in Tokyo
        ("にいがたし", "市", "Niigata-shi"),  # ii is kept
        ("おおさかし", "市", "Osaka-shi"),
        ("なんようし", "市", "Nan'yo-shi"),  # n' before y
        ("さっぽろし", "市", "Sapporo-shi"),
    ],
)
def test_romanisation_rules(reading: str, kind: str, romaji: str) -> None:
    assert romanise_municipality(reading, kind) == romaji


def test_romanisation_rejects_non_kana() -> None:
    with pytest.raises(RomanisationError):
        kana_to_hepburn("しながわ区")


def test_table_records_romaji() -> None:
    assert municipalities.by_code()["132152"].romaji == "Kunitachi-shi"
    assert municipalities.by_code()["132152"].reading == "くにたちし"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("目野市", "日野市"),  # one character changed
        ("日野区", "日野市"),  # kind suffix slip
        ("八王子区", "八王子市"),
        ("国分寺", "国分寺市"),  # suffix dropped
        ("東京都目野市", "日野市"),  # prefecture in the name
        ("品川　区", None),  # spaces inside a name are no slip: it is 品川区 itself
        ("品用区x", None),  # two edits away: nothing offered
    ],
)
def test_look_alikes_of_a_slip(name: str, expected: str | None) -> None:
    found = municipalities.look_alikes(name, "東京都")
    assert (found[0].name if found else None) == expected
    assert all(m.prefecture == "東京都" for m in found)


def test_look_alikes_are_never_the_name_itself() -> None:
    assert municipalities.look_alikes("国立市", "東京都") == ()
    assert len(municipalities.look_alikes("日野市")) == 0


def test_look_alikes_outside_the_prefecture_only_when_it_has_none() -> None:
    # 国x市 is one edit from 国立市 (東京都) and from 国東市 (大分県): a Tokyo document gets 国立市 only
    assert [m.name for m in municipalities.look_alikes("国x市", "東京都")] == ["国立市"]
    assert {m.prefecture for m in municipalities.look_alikes("国x市")} >= {"東京都", "大分県"}
    # no look-alike in the prefecture: the other prefectures' are offered, kind slips first
    assert municipalities.look_alikes("国東町", "東京都")[0].name == "国東市"
