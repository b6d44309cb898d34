"""Remembered file digests: reused only while the file's status shows it unchanged."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from pipeline.driver import digests
from pipeline.driver.digests import RACY_MARGIN_NS, DigestStore, FileStatus

#: Long enough for a file's last change to be a tick older than its hash (RACY_MARGIN_NS).
SETTLE_S = 3 * RACY_MARGIN_NS / 1e9


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files actually read to hash them."""
    read: list[Path] = []
    real = digests.sha256_file

    def counting(path: Path) -> str:
        read.append(path)
        return real(path)

    monkeypatch.setattr(digests, "sha256_file", counting)
    return read


def _settled(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    time.sleep(SETTLE_S)
    return path


def test_a_settled_file_is_hashed_once_across_builds(tmp_path: Path, hashes: list[Path]) -> None:
    doc = _settled(tmp_path / "a.txt", "計画".encode())
    store = DigestStore(tmp_path / "digests.json")
    assert store.sha256(doc) == hashlib.sha256("計画".encode()).hexdigest()
    assert store.sha256(doc) == hashlib.sha256("計画".encode()).hexdigest()
    store.save()
    again = DigestStore(tmp_path / "digests.json")  # the next build
    assert again.sha256(doc) == hashlib.sha256("計画".encode()).hexdigest()
    assert hashes == [doc]


def test_same_size_and_restored_time_is_still_a_change(tmp_path: Path, hashes: list[Path]) -> None:
    """``cp -p`` or ``touch -d`` can put the modification time back; the change time moves anyway."""
    doc = _settled(tmp_path / "a.txt", b"AAAA")
    store = DigestStore(tmp_path / "digests.json")
    old = store.sha256(doc)
    st = doc.stat()
    doc.write_bytes(b"BBBB")
    os.utime(doc, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert doc.stat().st_mtime_ns == st.st_mtime_ns and doc.stat().st_size == st.st_size
    assert store.sha256(doc) == hashlib.sha256(b"BBBB").hexdigest() != old
    assert len(hashes) == 2


def test_a_file_hashed_within_a_tick_of_its_change_is_hashed_again(
    tmp_path: Path, hashes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """git's racily-clean rule: a second change in the same tick would keep the file's times."""
    doc = tmp_path / "a.txt"
    doc.write_bytes(b"x")
    changed = max(doc.stat().st_mtime_ns, doc.stat().st_ctime_ns)
    monkeypatch.setattr(digests.time, "time_ns", lambda: changed + 1)
    store = DigestStore(tmp_path / "digests.json")
    store.sha256(doc)
    store.sha256(doc)
    assert hashes == [doc, doc]
    monkeypatch.setattr(digests.time, "time_ns", lambda: changed + RACY_MARGIN_NS + 1)
    store.sha256(doc)  # hashed a tick after its change: this digest is kept
    store.sha256(doc)
    assert hashes == [doc, doc, doc]


def test_coarse_times_need_a_longer_wait() -> None:
    whole_seconds = FileStatus(1, 1, 10**9 * 100, 10**9 * 100)
    assert not whole_seconds.settled_before(10**9 * 101)
    assert whole_seconds.settled_before(10**9 * 103)


def test_a_missing_file_raises_and_a_damaged_store_is_ignored(tmp_path: Path, hashes: list[Path]) -> None:
    (tmp_path / "digests.json").write_text("{not json", encoding="utf-8")
    store = DigestStore(tmp_path / "digests.json")
    with pytest.raises(FileNotFoundError):
        store.sha256(tmp_path / "gone.txt")
    doc = _settled(tmp_path / "a.txt", b"x")
    assert store.sha256(doc) == hashlib.sha256(b"x").hexdigest()
    store.save()
    assert DigestStore(tmp_path / "digests.json").sha256(doc) == hashlib.sha256(b"x").hexdigest()
    assert hashes == [doc]


def test_files_not_asked_for_are_forgotten(tmp_path: Path) -> None:
    a, b = _settled(tmp_path / "a.txt", b"a"), _settled(tmp_path / "b.txt", b"b")
    store = DigestStore(tmp_path / "digests.json")
    store.sha256(a), store.sha256(b)
    store.save()
    later = DigestStore(tmp_path / "digests.json")
    later.sha256(a)
    later.save()
    assert list(DigestStore(tmp_path / "digests.json")._entries) == [str(a)]
