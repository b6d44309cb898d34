import pytest

from pipeline.core.model import Line
from pipeline.extract import extract
from pipeline.segment import SegmentConfig, segment
from pipeline.segment.headings import match_category_heading, match_period, match_plan_heading

CFG = SegmentConfig(prefecture="東京都")


def lines(text: str) -> list[Line]:
    return [Line(line_no=i, text=t) for i, t in enumerate(text.split("\n"), start=1)]


def test_heading_with_period_on_the_same_line() -> None:
    h = match_plan_heading("「八王子市地域産業活性化計画」（八王子市） 【計画期間：令和5年度～令和7年度】", CFG)
    assert h is not None
    assert (h.plan_title, h.municipality_text) == ("八王子市地域産業活性化計画", "八王子市")


def test_heading_without_markdown_or_brackets() -> None:
    h = match_plan_heading("府中市地域産業活性化計画（府中市）", CFG)
    assert h is not None and h.municipality_text == "府中市"


def test_body_line_starting_with_bracket_is_not_a_heading() -> None:
    assert match_plan_heading("「SDGs 達成への貢献」を切り口に、課題解決への糸口を探す", CFG) is None
    assert match_plan_heading("「新しい地域産業活性化計画」を策定する", CFG) is None


def test_category_variants_classify() -> None:
    for text, no in [
        ("#### (1)多様な主体との連携を図る取組", 1),
        ("（１）多様な主体との連携を図る取り組み", 1),
        ("①多様な主体との連携を図る取組", 1),
        ("(2)感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革への対応に係る取組", 2),
        ("（３）（１）、（２）以外の取組", 3),
    ]:
        m = match_category_heading(text, CFG)
        assert m is not None, text
        assert m.number == no and m.category is not None and m.category.category_no == no, text


def test_subheading_after_category_three() -> None:
    m = match_category_heading("(3) (1)、(2)以外の取組（持続的な産業基盤の整備）", CFG)
    assert m is not None
    assert (m.heading, m.subheading) == ("(1)、(2)以外の取組", "持続的な産業基盤の整備")


def test_sentence_in_parentheses_is_not_a_category() -> None:
    assert match_category_heading("(1)多様な主体と連携し、区内企業の販路を広げる取組を実施する。", CFG) is None


SAMPLE = """## 【承認した地域産業活性化計画の概要】

### 「府中市地域産業活性化計画」（府中市）
【計画期間：令和6年度～令和8年度】
市内の産業を支援する。
展示会の様子
(1)多様な主体との連携を図る取組
連携を図る（A事業、B事業）
(2)感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革への対応に係る取組
支援する（C事業）
(3) (1)、(2)以外の取組
D事業、E事業"""


def test_segment_small_document() -> None:
    doc, issues = segment("t", lines(SAMPLE), CFG)
    assert issues == []
    assert doc.title == "【承認した地域産業活性化計画の概要】"
    assert doc.dropped == {2: "blank"}
    (plan,) = doc.plans
    assert plan.municipality_code == "132063"
    assert plan.period_raw == "令和6年度～令和8年度" and plan.period_line == 4
    assert plan.summary_lines == [5] and plan.caption_lines == [6]
    assert [(s.category_no, s.body_lines) for s in plan.sections] == [(1, [8]), (2, [10]), (3, [12])]


def test_unknown_municipality_is_a_warning_not_a_crash() -> None:
    text = SAMPLE.replace("府中市", "ほげ町")
    doc, issues = segment("t", lines(text), CFG)
    # The full 「X…計画」（X） form starts a plan even for a name outside the code table.
    (plan,) = doc.plans
    assert (plan.heading_line, plan.municipality_text, plan.municipality_code) == (3, "ほげ町", None)
    assert [(i.code, i.line_no) for i in issues] == [("unknown_municipality", 3)]
    assert doc.preamble_lines == []


def test_unknown_name_without_the_full_form_is_body_text() -> None:
    assert match_plan_heading("ほげ町地域産業活性化計画（ほげ町）", CFG) is None


def test_full_form_with_two_unknown_names_still_starts_a_plan() -> None:
    # 「X…計画」（Y）: both names unknown and disagreeing; the plan is kept (not folded into the
    # previous one) under the title's name, and both problems are warned on the heading line
    text = SAMPLE.replace("「府中市地域産業活性化計画」（府中市）", "「ほげ町地域産業活性化計画」（ふが村）")
    doc, issues = segment("t", lines(text), CFG)
    (plan,) = doc.plans
    assert (plan.heading_line, plan.municipality_text, plan.municipality_code) == (3, "ほげ町", None)
    assert [(i.code, i.line_no) for i in issues] == [("municipality_name_mismatch", 3), ("unknown_municipality", 3)]


def test_category_out_of_range_is_reported() -> None:
    text = SAMPLE.replace("(3) (1)、(2)以外の取組", "(4) (1)、(2)以外の取組")
    doc, issues = segment("t", lines(text), CFG)
    assert [(i.code, i.line_no) for i in issues] == [("category_out_of_range", 11), ("category_missing", 3)]
    assert doc.plans[0].sections[-1].category_no is None


@pytest.mark.parametrize(
    ("line", "period"),
    [
        ("【計画期間：令和5年度～令和7年度】", "令和5年度～令和7年度"),
        ("【計画期間】令和5年度～令和7年度", "令和5年度～令和7年度"),
        ("（計画期間：令和５年度～令和７年度）", "令和５年度～令和７年度"),
        ("計画期間　令和5年度から令和7年度まで", "令和5年度から令和7年度まで"),
        ("[計画期間:令和元年度~令和3年度]", "令和元年度~令和3年度"),
    ],
)
def test_period_line_variants(line: str, period: str) -> None:
    assert match_period(line) == period


def test_prose_mentioning_the_period_is_not_a_period_line() -> None:
    assert match_period("計画期間中に支援を行う。") is None


def test_heading_with_the_period_in_parentheses() -> None:
    h = match_plan_heading("「府中市地域産業活性化計画」（計画期間：令和6年度～令和8年度）", CFG)
    assert h is not None and h.municipality_text == "府中市"
    assert match_period("「府中市地域産業活性化計画」（計画期間：令和6年度～令和8年度）") == "令和6年度～令和8年度"


def test_heading_behind_a_bullet() -> None:
    h = match_plan_heading("■「府中市地域産業活性化計画」（府中市）", CFG)
    assert h is not None and h.municipality_text == "府中市"
    m = match_category_heading(
        "◆(2)感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革への対応に係る取組", CFG
    )
    assert m is not None and m.number == 2


def test_a_period_with_a_note_after_it() -> None:
    assert match_period("計画期間：令和6年度～令和8年度（3か年）") == "令和6年度～令和8年度（3か年）"
    assert match_period("【計画期間：令和6年度～令和8年度（３か年）】") == "令和6年度～令和8年度（３か年）"


@pytest.mark.parametrize(
    ("head", "more"),
    [
        ("「足立区地域産業活性化計画」（足立区）\n【計画期間：令和５年度～", "令和７年度】"),
        ("「足立区地域産業活性化計画」（足立区）【計画期間：令和５年度～", "令和７年度】"),
        ("「足立区地域産業活性化計画」（足立区）\n【計画期間：令和５年度", "～令和７年度】"),
    ],
)
def test_a_period_cut_at_a_line_break_is_read_from_both_lines(head: str, more: str) -> None:
    text = f"{head}\n{more}\n区内のものづくり企業を支援する。\n(3) (1)、(2)以外の取組\n足立ブランド認定事業"
    lns = lines(text)
    doc, _ = segment("t", lns, CFG)
    (plan,) = doc.plans
    more_line = next(ln.line_no for ln in lns if ln.text == more)
    assert plan.period_more_lines == [more_line] and plan.summary_lines == [more_line + 1]
    records = extract(doc, lns, "東京都")
    (row,) = records.plans
    assert (row["period_raw"], row["start_fy"], row["end_fy"]) == ("令和５年度～令和７年度", 2023, 2025)
    assert not [w for w in records.warnings if w.code == "unparsable_period"]
    assert {r["line_no"] for r in records.lines if r["place"] == "plans.period_raw"} >= {more_line}


def test_a_sentence_after_a_cut_period_is_not_read_as_its_end() -> None:
    text = "「足立区地域産業活性化計画」（足立区）\n【計画期間：令和５年度～\n区内のものづくり企業を支援する。"
    lns = lines(text)
    doc, _ = segment("t", lns, CFG)
    records = extract(doc, lns, "東京都")
    (row,) = records.plans
    assert (row["period_raw"], row["start_fy"], row["end_fy"]) == ("令和５年度～", None, None)
    assert [w.line_no for w in records.warnings if w.code == "unparsable_period"] == [2]


def test_a_subheading_on_the_line_under_its_category_heading() -> None:
    text = (
        "「檜原村地域産業活性化計画」（檜原村）\n【計画期間：令和2年度～令和4年度】\n村の産業の振興を図る。\n"
        "(3)(1)、(2)以外の取組\n（持続的な産業基盤の整備）\n創業支援事業、特産品開発事業"
    )
    lns = lines(text)
    doc, _ = segment("t", lns, CFG)
    (section,) = doc.plans[0].sections
    assert (section.subheading, section.subheading_line, section.body_lines) == ("持続的な産業基盤の整備", 5, [6])
    records = extract(doc, lns, "東京都")
    (initiative,) = records.initiatives
    assert (initiative["subheading"], initiative["text"]) == ("持続的な産業基盤の整備", "創業支援事業、特産品開発事業")
    assert [p["name"] for p in records.programs] == ["創業支援事業", "特産品開発事業"]
    assert [r["place"] for r in records.lines if r["line_no"] == 5] == ["initiatives.subheading"]


def test_a_bracketed_program_list_under_a_heading_is_its_body() -> None:
    text = (
        "「檜原村地域産業活性化計画」（檜原村）\n(1)多様な主体との連携を図る取組\n（檜原材活用推進事業、森林連携事業）"
    )
    doc, _ = segment("t", lines(text), CFG)
    (section,) = doc.plans[0].sections
    assert (section.subheading, section.body_lines) == (None, [3])


@pytest.mark.parametrize("number", ["1．", "1.", "(1)", "（１）", "1)", "第1", "１　", "2、"])
def test_a_plan_heading_behind_its_running_number(number: str) -> None:
    text = (
        f"{number}「調布市地域産業活性化計画」（調布市）\n【計画期間：令和6年度～令和8年度】\n市内の商業の振興を図る。\n"
        "(1)多様な主体との連携を図る取組\n商店会と連携する（商店会連携事業）\n(3)(1)、(2)以外の取組\n映画のまち調布推進事業"
    )
    lns = lines(text)
    doc, _ = segment("t", lns, CFG)
    (plan,) = doc.plans
    assert (plan.plan_title, plan.municipality_code, plan.heading_line) == ("調布市地域産業活性化計画", "132080", 1)
    records = extract(doc, lns, "東京都")
    assert [(p["plan_id"], p["name"]) for p in records.programs] == [
        ("132080-2024", "商店会連携事業"),
        ("132080-2024", "映画のまち調布推進事業"),
    ]


def test_a_year_before_a_plan_title_is_no_running_number() -> None:
    assert match_plan_heading("2023「調布市地域産業活性化計画」（調布市）", CFG) is None


def test_a_category_heading_wrapped_over_two_lines_is_one_heading() -> None:
    text = (
        "「昭島市地域産業活性化計画」（昭島市）\n【計画期間：令和6年度～令和8年度】\n市内の商工業の振興を図る。\n"
        "(1)多様な主体との連携を図る取組\n連携を支援する（産学連携推進事業）\n"
        "(2)感染症や災害などの発生による社会経済活動の大きな\n変化や社会構造の変革への対応に係る取組\n"
        "デジタル化を支援する（デジタル化支援事業、\nテレワーク導入支援事業）\n"
        "(3)(1)、(2)以外の\n取組\n創業支援事業"
    )
    lns = lines(text)
    doc, issues = segment("t", lns, CFG)
    assert issues == []
    assert [(s.category_no, s.heading_line, s.heading_more_lines, s.body_lines) for s in doc.plans[0].sections] == [
        (1, 4, [], [5]),
        (2, 6, [7], [8, 9]),
        (3, 10, [11], [12]),
    ]
    records = extract(doc, lns, "東京都")
    assert [(i["category_no"], i["heading"]) for i in records.initiatives] == [
        (1, "多様な主体との連携を図る取組"),
        (2, "感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革への対応に係る取組"),
        (3, "(1)、(2)以外の取組"),
    ]
    assert [(p["category_no"], p["name"]) for p in records.programs] == [
        (1, "産学連携推進事業"),
        (2, "デジタル化支援事業"),
        (2, "テレワーク導入支援事業"),
        (3, "創業支援事業"),
    ]
    assert [r["place"] for r in records.lines if r["line_no"] in (7, 11)] == ["initiatives.heading"] * 2


def test_a_whole_heading_is_not_joined_to_its_body() -> None:
    text = "「昭島市地域産業活性化計画」（昭島市）\n(3)(1)、(2)以外の取組\n取組推進事業"
    doc, _ = segment("t", lines(text), CFG)
    (section,) = doc.plans[0].sections
    assert (section.heading_more_lines, section.body_lines) == ([], [3])
