"""Regression: a failure raised outside a stage's own guard (the per-document timer firing
between two stages, a bug in the driver) becomes the document's failure in every stage file,
and process_document never raises."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.driver import stages
from pipeline.driver.cache import Stage
from pipeline.driver.discover import Source
from pipeline.driver.interim import STAGE_FILES, document_folder
from pipeline.driver.stages import StageSettings, process_document


def test_failure_between_stages_is_recorded_for_every_stage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "a.txt"
    raw.write_text("本文\n", encoding="utf-8")
    settings = StageSettings(tmp_path / "interim")

    def boom(self: stages.DocumentRun, upto: Stage) -> None:
        raise RuntimeError("timer fired between stages")

    monkeypatch.setattr(stages.DocumentRun, "run", boom)
    result = process_document(settings, Source(raw, "a.txt", "a"), Stage.EXTRACT)
    assert result.failure is not None and result.rebuilt
    assert (
        result.failure.issue.code == "internal_error" and "timer fired between stages" in result.failure.issue.message
    )
    written = sorted(p.name for p in document_folder(settings.interim_dir, "a.txt").iterdir())
    assert written == sorted(name for name, _ in STAGE_FILES.values())
