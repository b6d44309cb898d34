import pytest

from pipeline.core.model import Line
from pipeline.extract import extract
from pipeline.extract.programs import UnbalancedBrackets, final_group, program_list, split_items
from pipeline.output.schema import MAX_CELL_CHARS
from pipeline.segment import SegmentConfig, segment


def test_final_group_keeps_nested_provisional() -> None:
    assert final_group("支援する（中小企業等産業活性化補助金（仮称））") == (4, "中小企業等産業活性化補助金（仮称）")


def test_middle_dot_never_splits() -> None:
    assert split_items("ものづくり・IT商談会、DX・デジタル技術活用推進事業") == [
        "ものづくり・IT商談会",
        "DX・デジタル技術活用推進事業",
    ]


def test_only_the_final_group_is_the_list() -> None:
    body = "「SDGs 達成への貢献」（仮）を切り口に支援する（A事業、B事業）"
    assert program_list(body, 1) == ["A事業", "B事業"]


def test_category_three_body_is_the_list() -> None:
    assert program_list("創業塾・開業資金融資あっせん事業、創業支援補助金事業", 3) == [
        "創業塾・開業資金融資あっせん事業",
        "創業支援補助金事業",
    ]


def test_category_three_sentence_falls_back_to_group() -> None:
    assert program_list("商店街を支援する。（商店街振興事業、空き店舗対策）", 3) == ["商店街振興事業", "空き店舗対策"]


def test_unbalanced_brackets_raise() -> None:
    with pytest.raises(UnbalancedBrackets):
        split_items("A事業（仮称、B事業")
    with pytest.raises(UnbalancedBrackets):
        final_group("支援する A事業、B事業）")


def _records(text: str):
    lines = [Line(line_no=i, text=t) for i, t in enumerate(text.split("\n"), start=1)]
    doc, _ = segment("t", lines, SegmentConfig(prefecture="東京都"))
    records = extract(doc, lines, "東京都")
    return records, records.warnings


DOC = """「府中市地域産業活性化計画」（府中市）
【計画期間：令和6年度～令和8年度】
市内の産業を支援する。
(1)多様な主体との連携を図る取組
連携を図る（A事業、B事業（仮称））
(3) (1)、(2)以外の取組
"""


def test_records_ids_and_warnings() -> None:
    records, issues = _records(DOC)
    (plan,) = records.plans
    assert plan["plan_id"] == "132063-2024"
    assert (plan["start_fy"], plan["end_fy"]) == (2024, 2026)
    assert [(p["seq"], p["name"], p["is_provisional"]) for p in records.programs] == [
        (1, "A事業", False),
        (2, "B事業", True),
    ]
    assert all(p["program_id"].startswith("132063-2024-1-") for p in records.programs)
    # A事業/B事業 name no theme or instrument: one unclassified_program warning each
    assert [i.code for i in issues] == ["unclassified_program", "unclassified_program", "empty_category_body"]
    assert {r["place"] for r in records.lines} >= {"plans.plan_title", "plans.period_raw", "initiatives.text"}


def test_program_id_does_not_shift_when_a_program_is_inserted() -> None:
    before, _ = _records(DOC)
    after, _ = _records(DOC.replace("（A事業、", "（新事業、A事業、"))
    ids_before = {p["name"]: p["program_id"] for p in before.programs}
    ids_after = {p["name"]: p["program_id"] for p in after.programs}
    assert ids_after["A事業"] == ids_before["A事業"]
    assert ids_after["B事業"] == ids_before["B事業"]


def test_missing_period_and_duplicate_plan() -> None:
    text = DOC.replace("【計画期間：令和6年度～令和8年度】\n", "")
    records, issues = _records(text + text)
    assert [p["plan_id"] for p in records.plans] == ["132063-unknown", "132063-unknown-2"]
    assert {i.code for i in issues} >= {"missing_period", "duplicate_plan"}


def test_a_repeated_name_gets_numbered_ids_in_linear_time() -> None:
    records, _ = _records(DOC.replace("（A事業、B事業（仮称））", "（" + "、".join(["A事業"] * 3_000) + "）"))
    ids = [p["program_id"] for p in records.programs]
    assert len(set(ids)) == 3_000 and ids[1] == ids[0] + "-2" and ids[-1] == ids[0] + "-3000"
    assert [p["seq"] for p in records.programs] == list(range(1, 3_001))


def test_a_name_longer_than_a_cell_is_cut_with_a_warning() -> None:
    long_name = "長" * (MAX_CELL_CHARS + 10)
    records, issues = _records(DOC.replace("B事業（仮称）", long_name))
    assert [len(p["name_raw"]) for p in records.programs] == [3, MAX_CELL_CHARS]
    cut = sorted(i.message.split(":")[0] for i in issues if i.code == "field_truncated")
    assert cut == ["initiatives.text of 132063-2024-1", "programs.name_raw of 132063-2024-1 #2"]
    (issue,) = [i for i in issues if i.message.startswith("programs.name_raw")]
    assert issue.line_no == 5
    assert f"{MAX_CELL_CHARS + 10:,} characters" in issue.message
    assert any(r["text"].endswith("長）") for r in records.lines)  # the lines table keeps the whole line


def test_a_name_is_placed_on_the_line_of_the_list() -> None:
    text = DOC.replace("連携を図る（A事業、B事業（仮称））", "B事業を拡充し、連携を図る\n（A事業、B事業（仮称））")
    records, _ = _records(text)
    assert [p["source_line"] for p in records.programs] == [6, 6]


BULLETED = """「小笠原村地域産業活性化計画」（小笠原村）
【計画期間：令和6年度～令和7年度】
世界自然遺産の島として、地場産業の振興を図る。
(1)多様な主体との連携を図る取組
・研究機関と連携する
・エコツアーを開発する（エコツーリズム推進事業、島ガイド認定制度）
(2)感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革への対応に係る取組
○販路開拓支援補助金
○ デジタル化支援事業
(3)(1)、(2)以外の取組
次の事業を実施する
・島の特産品（パッションフルーツ、島レモン）の
　販路拡大事業
（イ）観光ガイド育成事業
ｳ．島しょ物流効率化事業、空き家活用創業支援事業
"""


def test_programs_listed_behind_bullets_are_one_program_each() -> None:
    records, warnings = _records(BULLETED)
    assert [(p["category_no"], p["name_raw"]) for p in records.programs] == [
        (1, "エコツーリズム推進事業"),
        (1, "島ガイド認定制度"),
        (2, "販路開拓支援補助金"),
        (2, "デジタル化支援事業"),
        (3, "島の特産品（パッションフルーツ、島レモン）の販路拡大事業"),
        (3, "観光ガイド育成事業"),
        (3, "島しょ物流効率化事業"),
        (3, "空き家活用創業支援事業"),
    ]
    assert [p["source_line"] for p in records.programs][2:4] == [8, 9]
    assert not [w for w in warnings if w.code == "no_program_list"]


NONE_LISTED = """「八丈町地域産業活性化計画」（八丈町）
【計画期間：令和元年度～令和4年度】
島の特産品のブランド化を進める。
【1】多様な主体との連携を図る取組
島内事業者と島外企業との商談機会を設ける（八丈島特産品商談会）
【2】感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革への対応に係る取組
該当なし
【3】（1）、（2）以外の取組
特になし。
"""


def test_a_category_that_says_it_has_no_program_lists_none_without_a_warning() -> None:
    records, warnings = _records(NONE_LISTED)
    assert [(p["category_no"], p["name"]) for p in records.programs] == [(1, "八丈島特産品商談会")]
    assert [(i["category_no"], i["text"]) for i in records.initiatives] == [
        (1, "島内事業者と島外企業との商談機会を設ける（八丈島特産品商談会）"),
        (2, "該当なし"),
        (3, "特になし。"),
    ]
    assert not [w for w in warnings if w.code == "no_program_list"]


ONE_A_LINE = """「奥多摩町地域産業活性化計画」（奥多摩町）
【計画期間：令和5年度～令和7年度】
町内の観光業の再生を図る。
(3)(1)、(2)以外の取組
商店街活性化事業
空き店舗対策事業（仮称）
Okutama Outdoor Festival
奥多摩ブランド（わさび、
ヤマメ）推進事業
"""


def test_a_category_three_list_of_one_name_a_line_is_one_program_a_line() -> None:
    records, _ = _records(ONE_A_LINE)
    assert [(p["name_raw"], p["source_line"]) for p in records.programs] == [
        ("商店街活性化事業", 5),
        ("空き店舗対策事業（仮称）", 6),
        ("Okutama Outdoor Festival", 7),
        ("奥多摩ブランド（わさび、ヤマメ）推進事業", 9),
    ]


def test_a_wrapped_comma_list_in_category_three_is_still_split_at_its_commas() -> None:
    text = (
        ONE_A_LINE.split("(3)")[0]
        + "(3)(1)、(2)以外の取組\n商店街活性化事業、空き店舗\n対策事業、奥多摩ブランド推進事業\n"
    )
    records, _ = _records(text)
    assert [p["name_raw"] for p in records.programs] == [
        "商店街活性化事業",
        "空き店舗対策事業",
        "奥多摩ブランド推進事業",
    ]


def test_note_lines_under_a_list_name_no_program() -> None:
    text = (
        "「奥多摩町地域産業活性化計画」（奥多摩町）\n【計画期間：令和2年度～令和4年度】\n町の観光資源を活かす。\n"
        "(1)多様な主体との連携を図る取組\n観光協会と連携する（奥多摩観光連携事業）\n※事業名は仮称を含む\n"
        "(3)(1)、(2)以外の取組\n商店街活性化事業\n特産品開発事業（仮称）\n※（仮称）は予定の名称\n"
        "（注）各事業の詳細は町ホームページを参照"
    )
    records, warnings = _records(text)
    assert [(p["category_no"], p["name_raw"]) for p in records.programs] == [
        (1, "奥多摩観光連携事業"),
        (3, "商店街活性化事業"),
        (3, "特産品開発事業（仮称）"),
    ]
    assert records.initiatives[1]["text"].endswith("（注）各事業の詳細は町ホームページを参照")
    assert not [w for w in warnings if w.code == "no_program_list"]


def test_quotation_marks_around_a_whole_name_are_not_part_of_its_display_name() -> None:
    text = (
        "「清瀬市地域産業活性化計画」（清瀬市）\n【計画期間：令和５年度～令和７年度】\n市内の商工業の振興を図る。\n"
        "（１）多様な主体との連携を図る取組\n市内事業者と連携する（「きよせ商工フェア」、「清瀬　ビジネス　交流会」、「稼ぐ力」強化事業）"
    )
    records, _ = _records(text)
    assert [(p["name_raw"], p["name"]) for p in records.programs] == [
        ("「きよせ商工フェア」", "きよせ商工フェア"),
        ("「清瀬　ビジネス　交流会」", "清瀬ビジネス交流会"),
        ("「稼ぐ力」強化事業", "「稼ぐ力」強化事業"),
    ]
