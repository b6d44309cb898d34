"""Program links: pairs of plans unchanged since the last assembly are not compared again."""

from __future__ import annotations

from typing import Any

from pipeline.driver import program_links
from pipeline.driver.program_links import link_programs, pair_key

PLANS = [
    {"plan_id": f"131091-{y}", "municipality_code": "131091", "municipality": "品川区", "start_fy": y}
    for y in (2017, 2020, 2023)
]


def _program(plan: str, seq: int, name: str) -> dict[str, Any]:
    return {
        "program_id": f"{plan}:1:{seq}",
        "plan_id": plan,
        "category_no": 1,
        "seq": seq,
        "name": name,
        "name_key": name,
    }


PROGRAMS = [
    _program("131091-2017", 1, "創業支援事業"),
    _program("131091-2020", 1, "創業支援事業"),
    _program("131091-2020", 2, "販路拡大支援"),
    _program("131091-2023", 1, "販路拡大支援事業"),
]


def test_known_pairs_are_reused_and_only_this_corpus_pairs_are_kept(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    known: dict[str, list[dict[str, Any]]] = {"gone": []}
    first = link_programs(PLANS, PROGRAMS, known)
    assert len(known) == 2 and "gone" not in known  # 2017→2020 and 2020→2023
    assert [(r["previous_program_id"], r["program_id"], r["link"]) for r in first][:1] == [
        ("131091-2017:1:1", "131091-2020:1:1", "same")
    ]
    compared = []
    real = program_links.match_programs
    monkeypatch.setattr(program_links, "match_programs", lambda a, b: compared.append(1) or real(a, b))
    assert link_programs(PLANS, PROGRAMS, known) == first and compared == []  # nothing compared again
    renamed = [*PROGRAMS[:3], _program("131091-2023", 1, "海外販路開拓支援")]
    again = link_programs(PLANS, renamed, known)
    assert len(compared) == 1  # only the pair whose later plan changed
    assert again[: len(first) - 2] == first[: len(first) - 2]
    assert link_programs(PLANS, renamed) == again  # the same rows as without any memory


def test_pair_key_covers_names_and_places() -> None:
    earlier, later = PROGRAMS[:1], PROGRAMS[1:3]
    base = pair_key(PLANS[0], PLANS[1], earlier, later)
    assert base == pair_key(PLANS[0], PLANS[1], [dict(p) for p in earlier], later)
    moved = [{**later[0], "seq": 5}, later[1]]
    assert pair_key(PLANS[0], PLANS[1], earlier, moved) != base
    assert pair_key(PLANS[0], {**PLANS[1], "municipality": "品川"}, earlier, later) != base
