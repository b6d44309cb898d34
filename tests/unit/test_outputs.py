"""pipeline.driver.outputs: work done in a forked process reports its failure to the parent; the
database built beside the other files receives the checks' warnings."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pyarrow as pa
import pytest

from pipeline.core.errors import Code, Issue, Severity
from pipeline.driver.outputs import CAN_FORK, LATE_TABLE, in_background, with_warnings, write_outputs
from pipeline.output.schema import TABLES
from pipeline.output.sqlite import creation_order
from pipeline.output.storage import as_storage

pytestmark = pytest.mark.skipif(not CAN_FORK, reason="processes cannot be forked here")


def test_the_work_is_done_in_another_process(tmp_path: Path) -> None:
    target = tmp_path / "done.txt"
    wait = in_background(lambda: target.write_text("yes", encoding="utf-8"), "done.txt")
    wait()
    assert target.read_text(encoding="utf-8") == "yes"


def test_an_os_error_stays_an_os_error(tmp_path: Path) -> None:
    wait = in_background(lambda: (tmp_path / "missing" / "x").write_text("", encoding="utf-8"), "x")
    with pytest.raises(OSError, match="x: FileNotFoundError"):
        wait()


def test_another_error_is_raised_as_such() -> None:
    def broken() -> None:
        raise ValueError("not a value SQLite can store")

    wait = in_background(broken, "plans.db")
    with pytest.raises(RuntimeError, match=r"plans\.db: ValueError: not a value SQLite can store"):
        wait()


def _empty_tables() -> dict[str, pa.Table]:
    return {name: as_storage(table, []) for name, table in TABLES.items()}


def _checked(tables: dict[str, pa.Table]) -> None:
    issue = Issue("doc", Severity.ERROR, Code.VALIDATION_FAILED, "line 3", "a check's finding")
    with_warnings(tables, [issue])


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_checks_warnings_reach_every_output(tmp_path: Path, jobs: int) -> None:
    """With two jobs the database's process starts before the checks and receives their rows."""
    written = write_outputs(_empty_tables(), tmp_path, jobs, complete=_checked)
    assert {p.name for p in written} >= {"plans.db", "warnings.csv", "warnings.parquet"}
    with sqlite3.connect(tmp_path / "plans.db") as db:
        assert db.execute("select doc_id, code, location from warnings").fetchall() == [
            ("doc", "validation_failed", "line 3")
        ]
    assert "a check's finding" in (tmp_path / "warnings.csv").read_text(encoding="utf-8")


def test_one_job_and_two_give_the_same_database(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    write_outputs(_empty_tables(), one, 1, complete=_checked)
    write_outputs(_empty_tables(), two, 2, complete=_checked)
    assert (one / "plans.db").read_bytes() == (two / "plans.db").read_bytes()


def test_failing_checks_leave_no_output_and_no_process(tmp_path: Path) -> None:
    def broken(_tables: dict[str, pa.Table]) -> None:
        raise ValueError("a check broke")

    with pytest.raises(ValueError, match="a check broke"):
        write_outputs(_empty_tables(), tmp_path, 2, complete=broken)
    assert list(tmp_path.iterdir()) == []  # the staging folder is gone, nothing was moved in
    assert multiprocessing.active_children() == []


def test_the_late_table_is_the_one_the_database_creates_last() -> None:
    assert creation_order(TABLES)[-1].name == LATE_TABLE == "warnings"


def test_a_large_warnings_table_reaches_the_database(tmp_path: Path) -> None:
    """Megabytes of warnings go through the staging folder, not the pipe (which holds 64 KiB)."""

    def many(tables: dict[str, pa.Table]) -> None:
        issues = [Issue("doc", Severity.WARNING, Code.VALIDATION_FAILED, f"line {i}", "x" * 200) for i in range(20_000)]
        with_warnings(tables, issues)

    write_outputs(_empty_tables(), tmp_path, 2, complete=many)
    with sqlite3.connect(tmp_path / "plans.db") as db:
        assert db.execute("select count(*), count(distinct location) from warnings").fetchone() == (20_000, 20_000)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
