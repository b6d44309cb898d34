"""Regression: a failure raised outside a stage's own guard (e.g. the per-document timer firing
between two stages) is written as an error payload for every stage, instead of crashing the build."""

from pathlib import Path

import pytest

from pipeline.driver import build as build_module
from pipeline.driver.build import BuildConfig, Source, Stage, process_document


def test_failure_between_stages_is_recorded_for_every_stage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("本文\n", encoding="utf-8")
    cfg = BuildConfig(raw, tmp_path / "interim", tmp_path / "output")

    def boom(*_: object) -> None:
        raise RuntimeError("timer fired between stages")

    monkeypatch.setattr(build_module, "_process_document", boom)
    key, code, rebuilt = process_document(cfg, Source(raw / "a.txt", "a.txt", "a"), Stage.EXTRACT)
    assert code and rebuilt and key
    written = sorted(p.name for p in (cfg.interim_dir / "a").iterdir())
    assert len(written) == len(Stage)
