"""Page numbers left in a text saved from a paginated document are dropped, not read as data."""

from pathlib import Path

from pipeline.extract import extract
from pipeline.read.text import read_text
from pipeline.segment import SegmentConfig, segment

DOC = """「大島町地域産業活性化計画」（大島町）

【計画期間：平成29年度～令和元年度】

椿油等の特産品を活かした産業振興を図る。

(1)多様な主体との連携を図る取組

椿油生産者と観光事業者の連携を促進する（椿ブランド連携事業）

- 1 -

(2)感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革への対応に係る取組

災害からの復旧を支援する（事業再建支援補助金）
－２－
(3)(1)、(2)以外の取組

創業支援事業、東京ビジネスフォーラム
2025

3
"""


def test_page_numbers_of_a_text_are_dropped_and_programs_kept(tmp_path: Path) -> None:
    path = tmp_path / "oshima.txt"
    path.write_text(DOC, encoding="utf-8")
    lines = read_text(path).lines
    doc, _ = segment("oshima", lines, SegmentConfig(prefecture="東京都"))
    records = extract(doc, lines, "東京都")
    assert [(p["category_no"], p["name"]) for p in records.programs] == [
        (1, "椿ブランド連携事業"),
        (2, "事業再建支援補助金"),
        (3, "創業支援事業"),
        (3, "東京ビジネスフォーラム2025"),
    ]
    assert {ln.text: ln.drop_reason for ln in lines if ln.drop_reason} == {
        "- 1 -": "page_number",
        "－２－": "page_number",
        "3": "page_number",
    }
    assert not [w for w in records.warnings if w.code == "no_program_list"]
