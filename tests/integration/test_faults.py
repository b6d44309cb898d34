"""Faults of the machine are reported and retried; they never become a document's cached verdict."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import pipeline.read
from pipeline.driver.build import BuildConfig, build

pytestmark = pytest.mark.integration


def _cfg(root: Path, real_doc: Path) -> BuildConfig:
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(real_doc, raw / "announcement.txt")
    return BuildConfig(raw_dir=raw, interim_dir=root / "interim", output_dir=root / "output")


def test_an_os_error_is_retried_on_the_next_build(
    tmp_path: Path, real_doc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = _cfg(tmp_path, real_doc)

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(pipeline.read, "read_document", full_disk)
        first = build(cfg)
    assert first.errors == 1
    (issue,) = first.failed
    assert issue.code == "internal_error" and "No space left on device" in issue.message
    assert "retried on the next build" in issue.message
    second = build(cfg)  # the disk is fine again
    assert second.errors == 0 and second.rebuilt == ["announcement"]
    plans = pd.read_csv(tmp_path / "output" / "plans.csv", dtype=str)
    assert len(plans) == 6


def test_a_document_error_is_cached_as_the_verdict(tmp_path: Path, real_doc: Path) -> None:
    cfg = _cfg(tmp_path, real_doc)
    (cfg.raw_dir / "empty.txt").write_text("  \n", encoding="utf-8")
    first = build(cfg)
    assert [i.code for i in first.failed] == ["empty_document"]
    second = build(cfg)
    assert second.rebuilt == [] and [i.code for i in second.failed] == ["empty_document"]
