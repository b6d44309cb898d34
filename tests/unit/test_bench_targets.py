"""The benchmark's targets: every missed one is named and fails the run; the hand-written notes survive."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import run
from benchmarks.run import HAND_WRITTEN_MARKER, Report, hand_written, missed_targets


def test_each_missed_target_is_named_and_unmeasured_ones_are_not_missed() -> None:
    report = Report()
    report.check("no-op rebuild (s)", "0.30", "< 0.5", True)
    report.check("one-file rebuild / full build, N=1000", "0.52", "<= 0.15", False)
    report.check("speed-up --jobs 2 over 1, whole build, N=1000", "1.31", ">= 1.6", False)
    report.check("PDF stage speed-up over bare pdfplumber, --pdf-engine pdfium", "not measured", ">= 10×", None)
    assert missed_targets(report) == [
        "one-file rebuild / full build, N=1000: measured 0.52, wanted <= 0.15",
        "speed-up --jobs 2 over 1, whole build, N=1000: measured 1.31, wanted >= 1.6",
    ]


def test_the_targets_are_the_published_ones() -> None:
    assert run.TARGETS["speedup"] == 1.6
    assert run.TARGETS["noop_s"] == 0.5
    assert run.TARGETS["one_file_fraction"] == 0.15
    assert run.TARGETS["pdf_speedup"] == 10.0
    assert run.FULL_INCREMENTAL_N == 1000


def test_the_hand_written_part_is_kept(tmp_path: Path) -> None:
    report = tmp_path / "benchmarks.md"
    assert hand_written(report) == HAND_WRITTEN_MARKER + "\n"  # no report yet
    report.write_text(f"# Benchmarks\n\nold figures\n\n{HAND_WRITTEN_MARKER}\n\n## Notes\n\nwhy\n", encoding="utf-8")
    assert hand_written(report) == f"{HAND_WRITTEN_MARKER}\n\n## Notes\n\nwhy\n"


def test_the_pdfium_engine_is_measured_only_when_the_command_line_has_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "accepts_option", lambda command, option: False)
    assert run.pdfium_command() is None
    monkeypatch.setattr(run, "accepts_option", lambda command, option: command == "build")
    assert run.pdfium_command() == "build"
    monkeypatch.setattr(run, "accepts_option", lambda command, option: True)
    assert run.pdfium_command() == "read"
    monkeypatch.undo()
    assert run.accepts_option("build", "--jobs")  # the real command line
