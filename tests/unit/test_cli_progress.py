"""The command line's progress reporter: when it draws a bar, how the bar advances, the -v lines."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from pipeline.cli import PROGRESS_MIN_DOCUMENTS, ProgressReporter, shows_bar
from pipeline.driver.discover import Source
from pipeline.driver.interim import DocResult


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _doc(i: int, rebuilt: bool = True) -> tuple[Source, DocResult]:
    return Source(Path(f"raw/d{i}.txt"), f"d{i}.txt", f"d{i}"), DocResult(f"d{i}", "k", "sha", rebuilt=rebuilt)


@pytest.fixture(autouse=True)
def _xterm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")


def test_bar_only_on_a_terminal_for_more_than_a_few_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    many = PROGRESS_MIN_DOCUMENTS + 1
    assert shows_bar(FakeTerminal(), many, 0) and shows_bar(FakeTerminal(), many, 2)
    assert not shows_bar(FakeTerminal(), PROGRESS_MIN_DOCUMENTS, 0)
    assert not shows_bar(io.StringIO(), many, 0)
    assert not shows_bar(FakeTerminal(), many, -1)  # -q
    monkeypatch.setenv("TERM", "dumb")
    assert not shows_bar(FakeTerminal(), many, 0)


def test_bar_advances_per_document_then_shows_the_tables_done() -> None:
    n = PROGRESS_MIN_DOCUMENTS + 2
    stream = FakeTerminal()
    with ProgressReporter(0, stream) as reporter:
        reporter.documents_started(n)
        assert reporter.progress is not None
        for i in range(n):
            reporter.document_done(*_doc(i))
            assert reporter.progress.tasks[0].completed == i + 1
        reporter.assembly_started()
        progress = reporter.progress
        assert [t.description for t in progress.tasks] == ["documents", "tables"]
    assert reporter.progress is None and progress.finished
    assert f"{n}/{n}" in stream.getvalue() and "1/1" in stream.getvalue()


def test_no_bar_for_a_few_documents_or_off_a_terminal() -> None:
    for stream, n in ((FakeTerminal(), PROGRESS_MIN_DOCUMENTS), (io.StringIO(), 100)):
        with ProgressReporter(0, stream) as reporter:
            reporter.documents_started(n)
            reporter.document_done(*_doc(0))
            assert reporter.progress is None
        assert stream.getvalue() == ""


def test_verbose_logs_one_line_per_document(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="pipeline"), ProgressReporter(1, io.StringIO()) as reporter:
        reporter.documents_started(2)
        reporter.document_done(*_doc(0))
        reporter.document_done(*_doc(1, rebuilt=False))
    assert [r.getMessage() for r in caplog.records] == ["d0.txt (d0): re-processed", "d1.txt (d1): reused"]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="pipeline"), ProgressReporter(0, io.StringIO()) as reporter:
        reporter.document_done(*_doc(0))
    assert caplog.records == []
