"""Program links: pairs of plans unchanged since the last assembly are not compared again
(:mod:`pipeline.driver.link_memo`), and the table is the one made without the kept links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.driver import program_links
from pipeline.driver.link_memo import PAIR_COLUMN, PROGRAM_LINKS_FILE, linked_programs
from pipeline.driver.program_links import link_programs, pair_key
from pipeline.output.schema import PROGRAM_LINKS
from pipeline.output.storage import to_arrow

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


def _links(table: pa.Table) -> list[tuple[str | None, str | None, str]]:
    return list(zip(*(table.column(c).to_pylist() for c in ("previous_program_id", "program_id", "link")), strict=True))


def test_known_pairs_are_reused_and_only_this_corpus_pairs_are_kept(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = linked_programs(tmp_path, PLANS, PROGRAMS)
    assert _links(first)[:1] == [("131091-2017:1:1", "131091-2020:1:1", "same")]
    assert first.equals(to_arrow(PROGRAM_LINKS, link_programs(PLANS, PROGRAMS)))
    kept = pa.ipc.open_file(str(tmp_path / PROGRAM_LINKS_FILE)).read_all()
    assert kept.column(PAIR_COLUMN).unique().to_pylist() == [
        pair_key(PLANS[0], PLANS[1], PROGRAMS[:1], PROGRAMS[1:3]),
        pair_key(PLANS[1], PLANS[2], PROGRAMS[1:3], PROGRAMS[3:]),
    ]
    compared = []
    real = program_links.match_programs
    monkeypatch.setattr(program_links, "match_programs", lambda a, b: compared.append(1) or real(a, b))
    assert linked_programs(tmp_path, PLANS, PROGRAMS).equals(first) and compared == []  # nothing compared again
    renamed = [*PROGRAMS[:3], _program("131091-2023", 1, "海外販路開拓支援")]
    again = linked_programs(tmp_path, PLANS, renamed)
    assert len(compared) == 1  # only the pair whose later plan changed
    assert _links(again)[:2] == _links(first)[:2]  # the first pair's rows, taken from the file, come first
    assert again.equals(to_arrow(PROGRAM_LINKS, link_programs(PLANS, renamed)))  # as without any file
    assert len(pa.ipc.open_file(str(tmp_path / PROGRAM_LINKS_FILE)).read_all().column(PAIR_COLUMN).unique()) == 2


def test_a_damaged_or_foreign_file_is_made_again(tmp_path: Path) -> None:
    (tmp_path / PROGRAM_LINKS_FILE).write_bytes(b"not arrow")
    first = linked_programs(tmp_path, PLANS, PROGRAMS)
    assert first.equals(to_arrow(PROGRAM_LINKS, link_programs(PLANS, PROGRAMS)))
    kept = pa.ipc.open_file(str(tmp_path / PROGRAM_LINKS_FILE)).read_all()
    wrong = kept.set_column(
        kept.schema.get_field_index("link"), kept.schema.field("link"), pa.array(["ended"] * len(kept))
    )
    stale = wrong.replace_schema_metadata({"fingerprint": "old"})
    with pa.ipc.new_file(str(tmp_path / PROGRAM_LINKS_FILE), stale.schema) as writer:
        writer.write_table(stale)
    assert linked_programs(tmp_path, PLANS, PROGRAMS).equals(first)  # another fingerprint: not trusted


def test_pair_key_covers_names_and_places() -> None:
    earlier, later = PROGRAMS[:1], PROGRAMS[1:3]
    base = pair_key(PLANS[0], PLANS[1], earlier, later)
    assert base == pair_key(PLANS[0], PLANS[1], [dict(p) for p in earlier], later)
    moved = [{**later[0], "seq": 5}, later[1]]
    assert pair_key(PLANS[0], PLANS[1], earlier, moved) != base
    assert pair_key(PLANS[0], {**PLANS[1], "municipality": "品川"}, earlier, later) != base
