"""output/plans.db: typed tables with keys, trigram full-text search, Datasette metadata."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from pipeline.driver.dimensions import dimension_rows
from pipeline.output.schema import TABLES
from pipeline.output.sqlite import (
    DATABASE_NAME,
    FTS_COLUMNS,
    METADATA_NAME,
    QUERIES,
    datasette_metadata,
    write_sqlite,
)

PLAN = "131091-2023"


def _program(seq: int, name: str, themes: list[str], provisional: bool = False) -> dict[str, Any]:
    return {
        "program_id": f"{PLAN}-1-{seq:08x}",
        "plan_id": PLAN,
        "initiative_id": f"{PLAN}-1",
        "category_no": 1,
        "seq": seq,
        "name_raw": name,
        "name": name,
        "name_key": name,
        "is_provisional": provisional,
        "themes": themes,
        "themes_rule": [f"keyword:{name}" for _ in themes],
        "instrument": "event",
        "instrument_rule": "keyword:会",
        "source_line": 20 + seq,
    }


def rows() -> dict[str, list[dict[str, Any]]]:
    """A small data set: one document, one plan, one initiative, three programs, a caption."""
    out: dict[str, list[dict[str, Any]]] = {
        "documents": [{"doc_id": "d", "source_path": "d.txt", "sha256": "0" * 64, "format": "text", "status": "ok"}],
        "plans": [
            {
                "plan_id": PLAN,
                "doc_id": "d",
                "municipality": "品川区",
                "municipality_raw": "品川区",
                "plan_title": "品川区地域産業活性化計画",
                "start_fy": 2023,
                "end_fy": 2025,
                "summary": "区内中小企業の経営環境は厳しい。",
                "source_line": 5,
            }
        ],
        "initiatives": [
            {
                "initiative_id": f"{PLAN}-1",
                "plan_id": PLAN,
                "category_no": 1,
                "category": "collaboration",
                "heading": "多様な主体との連携を図る取組",
                "text": "ネットワークを活用する（ものづくり・IT商談会）",
                "source_line": 20,
            }
        ],
        # inserted out of order: the database keeps the table's sort order (seq)
        "programs": [
            _program(3, "創業支援補助金", ["startup"]),
            _program(1, "ものづくり・IT商談会", ["digital", "sales_channels"]),
            _program(2, "販路開拓支援事業（仮称）", ["sales_channels"], provisional=True),
        ],
        "captions": [{"caption_id": f"{PLAN}-c1", "plan_id": PLAN, "seq": 1, "text": "商談会の様子", "source_line": 9}],
        "lines": [{"doc_id": "d", "line_no": 1, "text": "表題", "place": "documents.title", "record_id": "d"}],
        "warnings": [],
    }
    out.update(dimension_rows(out))  # the labels of the codes used, which the foreign keys point to
    return out


@pytest.fixture
def db(tmp_path: Path) -> sqlite3.Connection:
    write_sqlite(rows(), tmp_path)
    con = sqlite3.connect(tmp_path / DATABASE_NAME)
    yield con
    con.close()


def _search(con: sqlite3.Connection, table: str, query: str) -> list[str]:
    sql = f"select {table}.rowid from {table}_fts join {table} on {table}.rowid = {table}_fts.rowid "
    sql += f"where {table}_fts match ? order by {table}.rowid"
    return [str(r[0]) for r in con.execute(sql, (json.dumps(query, ensure_ascii=False),))]


def test_trigram_search_finds_a_three_character_japanese_word(db: sqlite3.Connection) -> None:
    names = [
        r[0]
        for r in db.execute(
            "select name from programs where rowid in (select rowid from programs_fts where programs_fts match ?)",
            ('"商談会"',),
        )
    ]
    assert names == ["ものづくり・IT商談会"]
    # inside a word, across kana and Latin letters, case-insensitive
    found = db.execute("select count(*) from programs_fts where programs_fts match ?", ('"・it商"',)).fetchone()
    assert found == (1,)
    assert _search(db, "captions", "商談会") == ["1"]
    assert _search(db, "plans", "中小企業") == ["1"]
    assert _search(db, "initiatives", "連携を図る") == ["1"]


def test_two_character_words_need_the_like_fallback(db: sqlite3.Connection) -> None:
    """Trigram indexes cannot match a query shorter than three characters; LIKE can."""
    assert db.execute("select count(*) from programs_fts where programs_fts match ?", ('"創業"',)).fetchone() == (0,)
    sql = QUERIES["search_programs"]["sql"]
    found = db.execute(sql, {"q": "創業"}).fetchall()
    assert [r[5] for r in found] == ["創業支援補助金"]  # column 6 of the canned query is the name


def test_columns_are_typed_and_rows_sorted(db: sqlite3.Connection) -> None:
    got = db.execute(
        "select seq, typeof(seq), is_provisional, typeof(is_provisional), themes, typeof(source_page) from programs"
    ).fetchall()
    assert [(r[0], r[1], r[2], r[3]) for r in got] == [
        (1, "integer", 0, "integer"),
        (2, "integer", 1, "integer"),
        (3, "integer", 0, "integer"),
    ]
    assert [json.loads(r[4]) for r in got] == [["digital", "sales_channels"], ["sales_channels"], ["startup"]]
    assert {r[5] for r in got} == {"null"}
    declared = {r[1]: r[2] for r in db.execute("pragma table_info(plans)")}
    assert declared["start_fy"] == "INTEGER" and declared["summary"] == "TEXT"


def test_keys_and_indexes(db: sqlite3.Connection) -> None:
    for table in TABLES.values():
        info = db.execute(f"pragma table_info({table.name})").fetchall()
        assert [r[1] for r in info] == table.column_names
        pk = tuple(r[1] for r in sorted(info, key=lambda r: r[5]) if r[5])
        assert pk == table.primary_key
        not_null = {r[1] for r in info if r[3]}
        assert not_null == {c.name for c in table.columns if c.required}
        fks = {(r[3], r[2], r[4]) for r in db.execute(f"pragma foreign_key_list({table.name})")}
        assert fks == {(fk.column, fk.table, fk.target) for fk in table.foreign_keys}
    indexed = {r[1] for r in db.execute("pragma index_list(programs)")}
    assert {"idx_programs_plan_id", "idx_programs_initiative_id"} <= indexed
    assert db.execute("pragma foreign_key_check").fetchall() == []


def test_fts_tables_use_the_trigram_tokenizer(db: sqlite3.Connection) -> None:
    for table, columns in FTS_COLUMNS.items():
        (sql,) = db.execute("select sql from sqlite_master where name = ?", (f"{table}_fts",)).fetchone()
        assert "tokenize='trigram'" in sql and f'content="{table}"' in sql
        assert all(f'"{c}"' in sql for c in columns)


def test_same_rows_give_the_same_bytes(tmp_path: Path) -> None:
    write_sqlite(rows(), tmp_path / "a")
    write_sqlite(rows(), tmp_path / "b")
    for name in (DATABASE_NAME, METADATA_NAME):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert str(tmp_path).encode() not in (tmp_path / "a" / DATABASE_NAME).read_bytes()


def test_duplicate_keys_keep_every_row(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A broken key (already a validation_failed error) must not stop the build or lose rows."""
    data = rows()
    data["programs"].append(dict(data["programs"][0]))
    data["captions"][0]["text"] = None
    with caplog.at_level(logging.WARNING, logger="pipeline.output.sqlite"):
        write_sqlite(data, tmp_path)
    con = sqlite3.connect(tmp_path / DATABASE_NAME)
    assert con.execute("select count(*) from programs").fetchone() == (4,)
    assert not any(r[5] for r in con.execute("pragma table_info(programs)"))  # no primary key
    assert con.execute("select count(*) from captions where text is null").fetchone() == (1,)
    assert "programs: duplicate or missing primary key" in caplog.text
    assert "captions.text: missing required values" in caplog.text


def test_a_failed_write_leaves_the_previous_database(tmp_path: Path) -> None:
    write_sqlite(rows(), tmp_path)
    before = (tmp_path / DATABASE_NAME).read_bytes()
    broken = rows()
    broken["programs"][0]["name"] = object()  # not a value a text column can store
    with pytest.raises(TypeError, match="Expected bytes"):  # the rows are stored as Arrow first
        write_sqlite(broken, tmp_path)
    assert (tmp_path / DATABASE_NAME).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [METADATA_NAME, DATABASE_NAME]


def test_metadata_describes_every_table_and_column() -> None:
    meta = datasette_metadata()
    assert meta["license"] and meta["license_url"].startswith("https://creativecommons.org/")
    tables = meta["databases"]["plans"]["tables"]
    assert list(tables) == list(TABLES)
    for name, table in TABLES.items():
        assert tables[name]["description"] == f"{table.en} / {table.ja}"
        assert tables[name]["columns"] == {c.name: f"{c.en} / {c.ja}" for c in table.columns}
    assert tables["programs"]["fts_table"] == "programs_fts"
    assert {"array": "themes"} in tables["programs"]["facets"]
