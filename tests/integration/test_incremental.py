"""Incremental builds: only what changed is recomputed, and only changed outputs are rewritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.driver.build import ASSEMBLY_STAMP, BuildConfig, build

pytestmark = pytest.mark.integration


def _cfg(root: Path, raw: Path, jobs: int = 1) -> BuildConfig:
    return BuildConfig(raw_dir=raw, interim_dir=root / "interim", output_dir=root / "output", jobs=jobs)


def _stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


def test_unchanged_outputs_are_not_rewritten(tmp_path: Path, real_doc: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(real_doc, raw / "announcement.txt")
    cfg = _cfg(tmp_path, raw)
    assert build(cfg).assembled
    before = _stats(cfg.output_dir)
    (cfg.interim_dir / ASSEMBLY_STAMP).unlink()  # the assembly runs again, on the same inputs
    assert build(cfg).assembled
    assert _stats(cfg.output_dir) == before
    text = real_doc.read_text(encoding="utf-8").replace("産業基礎調査", "産業実態調査")
    (raw / "announcement.txt").write_text(text, encoding="utf-8")
    assert build(cfg).assembled
    after = _stats(cfg.output_dir)
    assert after["programs.csv"] != before["programs.csv"]  # the renamed program
    assert after["categories.csv"] == before["categories.csv"]  # vocabulary only: untouched
    assert after["themes.parquet"] == before["themes.parquet"]
