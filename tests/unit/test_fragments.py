"""Table fragments: a document's rows stored as Arrow and read back exactly, and their concatenation."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from pipeline.driver.assemble import concatenated, without
from pipeline.driver.fragment import FRAGMENT_FILE, Fragment, load_fragment, save_fragment
from pipeline.output.schema import DOCUMENTS, PROGRAMS, TABLES
from pipeline.output.storage import to_arrow

PROGRAM_ROWS = [
    PROGRAMS.row(
        program_id="131091-2023:1:1",
        plan_id="131091-2023",
        initiative_id="131091-2023:1",
        category_no=1,
        seq=1,
        is_provisional=False,
        themes=["startup"],
        themes_rule=["創業"],
        instrument="advice",
        instrument_rule="支援",
        name="創業支援事業",
        name_raw="創業支援事業",
        name_key="創業支援事業",
        source_line=12,
    ),
    PROGRAMS.row(
        program_id="131091-2023:1:2",
        plan_id="131091-2023",
        initiative_id="131091-2023:1",
        category_no=1,
        seq=2,
        is_provisional=True,
        themes=[],
        themes_rule=[],
        instrument="unclassified",
        instrument_rule="",
        source_page=2,
        name="販路拡大",
        name_raw="販路拡大",
        name_key="販路拡大",
        source_line=13,
    ),
]


def _fragment() -> Fragment:
    doc = DOCUMENTS.row(doc_id="d", source_path="d.txt", sha256="0" * 64, format="text", status="ok")
    doc["published_on"] = "2023-04-01"
    return Fragment("key-1", doc, (), {"programs": to_arrow(PROGRAMS, PROGRAM_ROWS)})


def test_rows_read_back_as_they_were_made() -> None:
    table = TABLES["documents"]
    row = DOCUMENTS.row(doc_id="d", source_path="d.txt", sha256="0" * 64, format="pdf", status="ok")
    row.update(published_on="2023-04-01", n_pages=3, title=None)
    back = to_arrow(table, [row]).to_pylist()
    assert back == [{c: row.get(c) for c in table.column_names}]
    assert back[0]["published_on"] == "2023-04-01"  # a date stays the ISO string the rows hold
    assert to_arrow(PROGRAMS, PROGRAM_ROWS).to_pylist() == [
        {c: r.get(c) for c in PROGRAMS.column_names} for r in PROGRAM_ROWS
    ]


def test_saved_fragment_loads_only_for_its_key_and_intact(tmp_path: Path) -> None:
    fragment = _fragment()
    save_fragment(tmp_path, fragment)
    loaded = load_fragment(tmp_path, "key-1")
    assert loaded is not None
    assert loaded.document == fragment.document
    assert loaded.rows("programs") == fragment.rows("programs")
    assert loaded.column("programs", "seq") == [1, 2]
    assert loaded.rows("plans") == []
    assert load_fragment(tmp_path, "key-2") is None  # another key: made again
    data = (tmp_path / FRAGMENT_FILE).read_bytes()
    (tmp_path / FRAGMENT_FILE).write_bytes(data[:-8])  # truncated
    assert load_fragment(tmp_path, "key-1") is None


def test_concatenation_keeps_assembly_order_across_fragments_and_rows() -> None:
    first = to_arrow(PROGRAMS, PROGRAM_ROWS[:1])
    second = to_arrow(PROGRAMS, PROGRAM_ROWS[1:])
    made = {c: None for c in PROGRAMS.column_names} | {"program_id": "x", "seq": 9}
    rows = concatenated(PROGRAMS, [first, [made], second, first]).to_pylist()
    assert [r["program_id"] for r in rows] == ["131091-2023:1:1", "x", "131091-2023:1:2", "131091-2023:1:1"]
    assert rows[1] == made
    assert concatenated(PROGRAMS, []).num_rows == 0


def test_rows_of_taken_ids_are_left_out() -> None:
    table = to_arrow(PROGRAMS, PROGRAM_ROWS)
    assert without(table, "plan_id", set()) is table
    assert without(table, "plan_id", {"131091-2023"}).num_rows == 0  # type: ignore[union-attr]
    kept = without(table, "program_id", {"131091-2023:1:1"})
    assert kept is not None and kept.column("seq").to_pylist() == [2]
    assert without(None, "plan_id", {"a"}) is None
    assert isinstance(table, pa.Table)
