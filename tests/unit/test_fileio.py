"""Atomic writes."""

import os
import stat
from pathlib import Path

import pytest

from pipeline.core.fileio import atomic_path, replace_if_changed, same_bytes, write_atomic


def test_written_files_are_not_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "table.csv"
        write_atomic(target, lambda f: f.write("a\n"))
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
    finally:
        os.umask(old)


def test_failed_write_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_replace_if_changed_keeps_an_unchanged_target(tmp_path: Path) -> None:
    target, staged = tmp_path / "plans.csv", tmp_path / ".staged"
    target.write_bytes(b"a,b\n1,2\n")
    before = target.stat()
    staged.write_bytes(b"a,b\n1,2\n")
    assert replace_if_changed(staged, target) is False
    after = target.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not staged.exists()


def test_replace_if_changed_replaces_changed_or_missing_targets(tmp_path: Path) -> None:
    target, staged = tmp_path / "plans.csv", tmp_path / ".staged"
    staged.write_bytes(b"new")
    assert replace_if_changed(staged, target) is True
    assert target.read_bytes() == b"new" and not staged.exists()
    staged.write_bytes(b"neW")  # same length, other bytes
    assert replace_if_changed(staged, target) is True
    assert target.read_bytes() == b"neW"


def test_same_bytes(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    a.write_bytes(b"x" * 3_000_000)
    b.write_bytes(b"x" * 3_000_000)
    c.write_bytes(b"x" * 2_999_999 + b"y")
    assert same_bytes(a, b) and not same_bytes(a, c)
    assert not same_bytes(a, tmp_path / "missing") and not same_bytes(a, tmp_path)
