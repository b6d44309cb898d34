"""Warnings that mean data may be wrong: counted in the summary line, fatal under --strict.

The real announcement with one slip (the opening bracket of 品川区's first program list lost)
gives an ``unbalanced_brackets`` warning: the build still exits 0 and lists it, ``--strict``
exits 3, also when the build has nothing to redo; errors keep exit code 1 whatever the flag.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_pipeline

from pipeline.driver.build import BuildConfig, build
from pipeline.driver.summary import EXIT_ERRORS, EXIT_OK, EXIT_STRICT

pytestmark = pytest.mark.integration

SLIP = ("を実施する（事業承継支援事業", "を実施する事業承継支援事業")


def _raw(root: Path, real_doc: Path, slip: bool) -> Path:
    raw = root / "raw"
    raw.mkdir(parents=True)
    text = real_doc.read_text(encoding="utf-8")
    (raw / "announcement.txt").write_text(text.replace(*SLIP, 1) if slip else text, encoding="utf-8")
    (raw / "sources.csv").write_text("file,prefecture\nannouncement.txt,東京都\n", encoding="utf-8")
    return raw


def _build(root: Path, raw: Path, *extra: str) -> tuple[int, str]:
    proc = run_pipeline(raw, root / "interim", root / "output", *extra)
    return proc.returncode, proc.stderr


def test_strict_warning_is_listed_and_fails_only_a_strict_build(tmp_path: Path, real_doc: Path) -> None:
    raw = _raw(tmp_path, real_doc, slip=True)
    code, err = _build(tmp_path, raw)
    assert code == EXIT_OK, err
    assert "warnings: 0 errors, 4 warnings, 1 that means data may be wrong: unbalanced_brackets 1" in err
    code, err = _build(tmp_path, raw, "--strict")  # nothing to redo: the counts come from the stamp
    assert code == EXIT_STRICT, err
    assert "unbalanced_brackets 1" in err and "--strict" in err
    warnings = (tmp_path / "output" / "warnings.csv").read_text(encoding="utf-8")
    assert "unbalanced_brackets,line 21,21," in warnings


def test_clean_document_passes_a_strict_build(tmp_path: Path, real_doc: Path) -> None:
    code, err = _build(tmp_path, _raw(tmp_path, real_doc, slip=False), "--strict")
    assert code == EXIT_OK, err
    assert "none that means data may be wrong" in err


def test_errors_keep_their_exit_code_under_strict(tmp_path: Path, real_doc: Path) -> None:
    raw = _raw(tmp_path, real_doc, slip=True)
    (raw / "empty.txt").write_text("", encoding="utf-8")
    code, err = _build(tmp_path, raw, "--strict")
    assert code == EXIT_ERRORS, err


def test_the_python_api_counts_warnings_by_code(tmp_path: Path, real_doc: Path) -> None:
    raw = _raw(tmp_path, real_doc, slip=True)
    cfg = BuildConfig(raw_dir=raw, interim_dir=tmp_path / "interim", output_dir=tmp_path / "output")
    first = build(cfg)
    assert first.counts == {"ocr_suspect": 3, "unbalanced_brackets": 1}
    assert first.strict_counts == {"unbalanced_brackets": 1}
    again = build(cfg)
    assert not again.assembled and again.counts == first.counts
