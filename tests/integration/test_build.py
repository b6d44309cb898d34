"""The build driver: determinism, caching, any folder of documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_pipeline

from pipeline.driver.build import BuildConfig, build
from pipeline.output.schema import TABLES as SCHEMA_TABLES

pytestmark = pytest.mark.integration

TABLES = tuple(SCHEMA_TABLES)


def _cfg(root: Path, raw: Path, jobs: int = 1) -> BuildConfig:
    return BuildConfig(raw_dir=raw, interim_dir=root / "interim", output_dir=root / "output", jobs=jobs)


def _raw(root: Path, real_doc: Path, name: str = "announcement.txt") -> Path:
    raw = root / "raw"
    raw.mkdir(parents=True)
    shutil.copy(real_doc, raw / name)
    return raw


def _bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".csv", ".parquet")}


def test_two_builds_are_byte_identical(tmp_path: Path, real_doc: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    build(_cfg(a, _raw(a, real_doc), jobs=1))
    build(_cfg(b, _raw(b, real_doc), jobs=2))
    first, second = _bytes(a / "output"), _bytes(b / "output")
    assert sorted(first) == sorted(f"{t}.{ext}" for t in TABLES for ext in ("csv", "parquet"))
    assert first == second
    for name, data in first.items():
        assert str(tmp_path).encode() not in data, f"{name} holds an absolute path"


def test_noop_and_incremental_rebuild(tmp_path: Path, real_doc: Path) -> None:
    raw = _raw(tmp_path, real_doc)
    shutil.copy(real_doc, raw / "second.txt")
    (raw / "second.txt").write_text(
        real_doc.read_text(encoding="utf-8").replace("令和5年度～令和7年度", "令和6年度～令和8年度"), encoding="utf-8"
    )
    cfg = _cfg(tmp_path, raw)
    first = build(cfg)
    assert first.assembled and sorted(first.rebuilt) == ["announcement", "second"]
    again = build(cfg)
    assert again.rebuilt == [] and not again.assembled
    text = (raw / "second.txt").read_text(encoding="utf-8").replace("産業基礎調査", "産業実態調査")
    (raw / "second.txt").write_text(text, encoding="utf-8")
    third = build(cfg)
    assert third.rebuilt == ["second"] and third.assembled
    programs = pd.read_parquet(tmp_path / "output" / "programs.parquet")
    assert set(programs["plan_id"].str[-4:]) == {"2023", "2024"}
    assert "産業実態調査" in set(programs.loc[programs["plan_id"] == "131091-2024", "name_raw"])
    assert "産業基礎調査" in set(programs.loc[programs["plan_id"] == "131091-2023", "name_raw"])


def test_removed_output_is_rewritten(tmp_path: Path, real_doc: Path) -> None:
    cfg = _cfg(tmp_path, _raw(tmp_path, real_doc))
    build(cfg)
    (tmp_path / "output" / "plans.csv").unlink()
    assert build(cfg).assembled
    assert (tmp_path / "output" / "plans.csv").exists()


def test_output_edited_in_place_is_rewritten(tmp_path: Path, real_doc: Path) -> None:
    """An output changed by hand, even with its size and modification time kept, is found by its
    change time and written again (:mod:`pipeline.driver.digests`)."""
    import os
    import time

    cfg = _cfg(tmp_path, _raw(tmp_path, real_doc))
    build(cfg)
    plans = tmp_path / "output" / "plans.csv"
    time.sleep(0.1)
    assert not build(cfg).assembled  # every output's digest is now remembered
    good, st = plans.read_bytes(), plans.stat()
    plans.write_bytes(good.replace(b"2023", b"2032", 1))
    os.utime(plans, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert build(cfg).assembled
    assert plans.read_bytes() == good


def test_file_names_with_spaces_parentheses_and_japanese(tmp_path: Path, real_doc: Path) -> None:
    raw = _raw(tmp_path, real_doc, name="令和5年度 承認計画（概要）(web).txt")
    result = build(_cfg(tmp_path, raw))
    assert result.errors == 0
    docs = pd.read_parquet(tmp_path / "output" / "documents.parquet")
    assert list(docs["doc_id"]) == ["令和5年度 承認計画（概要）(web)"]
    assert list(docs["source_path"]) == ["令和5年度 承認計画（概要）(web).txt"]
    assert len(pd.read_parquet(tmp_path / "output" / "programs.parquet")) == 43


def test_outputs_do_not_depend_on_the_hash_seed(tmp_path: Path, real_doc: Path, pdf_fixtures: dict[str, Path]) -> None:
    """Set iteration order changes with PYTHONHASHSEED; the outputs must not."""
    raw = _raw(tmp_path, real_doc)
    shutil.copy(pdf_fixtures["figures"], raw / "figures.pdf")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        proc = run_pipeline(raw, tmp_path / f"i{seed}", out, "--jobs", "1", env={"PYTHONHASHSEED": seed})
        assert proc.returncode in (0, 1), proc.stderr
        outputs.append(_bytes(out))
    assert outputs[0] == outputs[1]
    # the PDF repeats the text announcement: its plans are reported as duplicates, the same way both times
