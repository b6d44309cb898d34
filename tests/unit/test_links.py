"""Linking across documents: plans to their announcement, programs to the previous plan's."""

from __future__ import annotations

from pipeline.driver.links import link_announcements
from pipeline.driver.program_links import consecutive_plans, match_programs


def plan(plan_id: str, code: str | None, start: int | None, name: str = "品川区") -> dict:
    return {"plan_id": plan_id, "municipality_code": code, "municipality": name, "start_fy": start}


def listed(ann: str, code: str | None, name: str = "品川区", line: int = 11) -> dict:
    return {"announcement_id": ann, "municipality_code": code, "municipality": name, "seq": 1, "source_line": line}


def rows(announcements: list[dict], approvals: list[dict], plans: list[dict]) -> dict[str, list[dict]]:
    return {"announcements": announcements, "announcement_municipalities": approvals, "plans": plans}


def test_a_plan_links_only_on_municipality_and_start_year() -> None:
    r = rows(
        [{"announcement_id": "a2017", "doc_id": "r", "start_fy": 2017}],
        [listed("a2017", "131091")],
        [plan("131091-2023", "131091", 2023), plan("131091-2017", "131091", 2017)],
    )
    assert link_announcements(r) == []
    assert [p.get("announcement_id") for p in r["plans"]] == [None, "a2017"]
    assert r["announcement_municipalities"][0]["plan_id"] == "131091-2017"


def test_missing_plan_and_unknown_start_year() -> None:
    r = rows(
        [{"announcement_id": "a", "doc_id": "r", "start_fy": 2017}, {"announcement_id": "b", "doc_id": "s"}],
        [listed("a", "131091"), listed("b", "131148", "中野区", 4)],
        [plan("131091-2023", "131091", 2023)],
    )
    issues = link_announcements(r)
    assert [(i.doc_id, i.code.value, i.line_no) for i in issues] == [
        ("r", "announced_plan_missing", 11),
        ("s", "announced_plan_missing", 4),
    ]
    assert "FY2017" in issues[0].message and "no start fiscal year" in issues[1].message
    assert "announcement_id" not in r["plans"][0]


def test_two_releases_for_one_plan_link_none() -> None:
    r = rows(
        [{"announcement_id": a, "doc_id": a, "start_fy": 2023} for a in ("a", "b")],
        [listed("a", "131091"), listed("b", "131091")],
        [plan("131091-2023", "131091", 2023)],
    )
    issues = link_announcements(r)
    assert [i.code.value for i in issues] == ["ambiguous_announcement"] * 2
    assert "announcement_id" not in r["plans"][0]
    assert all("plan_id" not in m for m in r["announcement_municipalities"])


def test_unknown_municipalities_match_by_name() -> None:
    r = rows(
        [{"announcement_id": "a", "doc_id": "r", "start_fy": 2024}],
        [listed("a", None, "ほげ町")],
        [plan("ほげ町-2024", None, 2024, "ほげ町")],
    )
    assert link_announcements(r) == []
    assert r["plans"][0]["announcement_id"] == "a"


def test_consecutive_plans_by_municipality() -> None:
    plans = [
        plan("131091-2023", "131091", 2023),
        plan("131091-2017", "131091", 2017),
        plan("131091-unknown", "131091", None),  # cannot be ordered
        plan("131148-2023", "131148", 2023, "中野区"),
        plan("ほげ町-2020", None, 2020, "ほげ町"),
        plan("ほげ町-2023", None, 2023, "ほげ町"),
    ]
    pairs = [(a["plan_id"], b["plan_id"]) for a, b in consecutive_plans(plans)]
    assert pairs == [("131091-2017", "131091-2023"), ("ほげ町-2020", "ほげ町-2023")]


def prog(name: str, key: str | None = None) -> dict:
    return {"name": name, "name_key": key or name}


def test_repeated_names_pair_in_published_order() -> None:
    earlier = [prog("セミナー"), prog("セミナー")]
    later = [prog("セミナー"), prog("セミナー"), prog("セミナー")]
    links = match_programs(earlier, later)
    assert [(e is earlier[0], e is earlier[1], link) for e, _, link, _ in links] == [
        (True, False, "same"),
        (False, True, "same"),
        (False, False, "new"),
    ]


def test_each_program_is_linked_once_to_its_best_match() -> None:
    earlier = [prog("新分野展開促進事業"), prog("新規事業展開支援助成")]
    later = [prog("新分野展開支援事業"), prog("新分野展開推進事業")]
    links = [(e and e["name"], n and n["name"], link, score) for e, n, link, score in match_programs(earlier, later)]
    assert links == [
        ("新分野展開促進事業", "新分野展開支援事業", "similar", 1.0),
        (None, "新分野展開推進事業", "new", None),  # its best match is taken; the other is too far
        ("新規事業展開支援助成", None, "ended", None),
    ]
