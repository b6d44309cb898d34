"""pipeline.driver.outputs: work done in a forked process reports its failure to the parent."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.driver.outputs import CAN_FORK, in_background

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
