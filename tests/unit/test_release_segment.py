"""pipeline.segment.release: which line of a press release is what, on the line stream alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.model import Document, Line
from pipeline.segment import SegmentConfig, segment
from pipeline.segment.release import recognise_release, section_heading

RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "release" / "press_release_2017-03-06.txt"


def lines_of(text: str) -> list[Line]:
    return [Line(i, t) for i, t in enumerate(text.split("\n"), start=1) if t.strip()]


def test_the_real_release() -> None:
    found = recognise_release(lines_of(RELEASE.read_text(encoding="utf-8")))
    assert found is not None
    block, dropped = found
    assert (block.header_lines, block.subtitle_lines, block.title_line) == ([5], [7], 8)
    assert block.lead_lines == [10, 11] and block.other_lines == []
    assert [(s.kind, s.heading_line, s.body_lines) for s in block.sections] == [
        ("outline", 13, [15, 16]),
        ("terms", 20, [22, 23, 24, 25]),
    ]
    assert dropped == {
        1: "breadcrumb",
        3: "navigation",
        13: "section_heading",
        18: "figure",
        20: "section_heading",
        27: "figure_caption",
        29: "figure",
    }


def test_a_release_without_header_is_recognised_by_its_title() -> None:
    text = "テスト用データ（架空）\n令和4年度 産業集積活性化支援事業\n3区市の「地域産業活性化計画」を承認しました\nこの度、品川区が策定した計画を承認しました。"
    block, dropped = recognise_release(lines_of(text)) or (None, None)
    assert block is not None and dropped == {}
    assert (block.header_lines, block.other_lines, block.subtitle_lines, block.title_line) == ([], [1], [2], 3)
    assert block.lead_lines == [4]


def test_a_date_on_its_own_line_belongs_to_the_header() -> None:
    text = "報道発表資料\n2017年3月6日\n産業労働局\n5区市の「地域産業活性化計画」を承認しました\n本文です。"
    block, _ = recognise_release(lines_of(text)) or (None, None)
    assert block is not None
    assert block.header_lines == [1, 2] and block.other_lines == [3] and block.title_line == 4


def test_the_first_line_after_the_header_is_the_title_when_no_line_says_approve() -> None:
    text = "報道発表資料 2025年03月05日 産業労働局\n地域産業活性化計画の承認結果\n本文です。"
    block, _ = recognise_release(lines_of(text)) or (None, None)
    assert block is not None and block.title_line == 2 and block.lead_lines == [3]


@pytest.mark.parametrize(
    "text",
    [
        "【承認した地域産業活性化計画の概要】",  # the title of a plan overview
        "【お知らせ】\n東京都の中小企業向け支援策をまとめました。",
        "トップページ > 都政情報 > 報道発表 > 5区市の「地域産業活性化計画」を承認しました",  # a breadcrumb only
    ],
)
def test_other_texts_are_no_release(text: str) -> None:
    assert recognise_release(lines_of(text)) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("補助内容", ("terms", True)),
        ("■支援内容", ("terms", True)),
        ("【問い合わせ先】産業労働局商工部", ("contact", False)),
        ("問合せ先", ("contact", True)),
        ("別紙", ("attachments", True)),
        ("地域産業成長支援事業の概要", ("outline", True)),
        ("【今後の予定】", ("other", True)),
        ("  • 補助金:1億円/年限度", None),
        ("・品川区", None),
        ("この度、計画を承認しました。", None),
    ],
)
def test_section_headings(line: str, expected: tuple[str, bool] | None) -> None:
    assert section_heading(line) == expected


def test_sections_contact_attachments_and_other() -> None:
    text = (
        "報道発表資料 2020年03月10日 産業労働局\n3区市の「地域産業活性化計画」を承認しました\n本文です。\n"
        "【今後の予定】\n令和2年4月に交付決定します。\n別紙\n承認した地域産業活性化計画の概要（PDF：210KB）\n"
        "【問い合わせ先】産業労働局商工部地域産業振興課\n電話 03-0000-0000"
    )
    block, dropped = recognise_release(lines_of(text)) or (None, None)
    assert block is not None and dropped == {}
    assert [(s.kind, s.heading_line, s.body_lines) for s in block.sections] == [
        ("other", 4, [5]),
        ("attachments", None, [6, 7]),
        ("contact", None, [8, 9]),
    ]


def test_a_document_with_a_release_and_its_plans() -> None:
    text = (
        "報道発表資料 2025年3月5日 産業労働局\n1区の「地域産業活性化計画」を承認しました\n"
        "この度、品川区が策定した計画を承認しました。\n別紙\n## 【承認した地域産業活性化計画の概要】\n"
        "### 「品川区地域産業活性化計画」（品川区）\n【計画期間：令和7年度～令和9年度】\n"
        "(1)多様な主体との連携を図る取組\n連携する（事業承継支援事業）"
    )
    lines = [Line(i, t) for i, t in enumerate(text.split("\n"), start=1)]
    doc, issues = segment("both", lines, SegmentConfig(prefecture="東京都"))
    assert [(i.code, i.line_no) for i in issues] == [("category_missing", 6)]  # the plan lists category (1) only
    assert doc.release is not None and doc.title is None and doc.preamble_lines == []
    assert doc.release.sections[0].kind == "attachments" and doc.release.sections[0].body_lines == [4, 5]
    assert [p.municipality_code for p in doc.plans] == ["131091"]
    assert Document.from_dict(doc.to_dict()) == doc  # segments.json keeps the release
