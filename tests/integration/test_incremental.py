"""Incremental builds: only what changed is recomputed, and only changed outputs are rewritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.core.fileio import read_json
from pipeline.driver.build import ASSEMBLY_STAMP, BuildConfig, build
from pipeline.driver.fragment import FRAGMENT_FILE, FRAGMENT_INDEX, load_fragment
from pipeline.driver.interim import document_folder
from pipeline.driver.link_memo import PROGRAM_LINKS_FILE

pytestmark = pytest.mark.integration

ROUNDS = Path(__file__).parents[1] / "fixtures" / "rounds"


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


def _fragment_times(interim: Path) -> dict[str, int]:
    return {p.parent.name: p.stat().st_mtime_ns for p in sorted(interim.glob(f"*/{FRAGMENT_INDEX}"))}


def test_one_changed_document_is_the_only_one_recomputed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(ROUNDS, raw)
    cfg = _cfg(tmp_path, raw, jobs=2)  # fragments are made by the worker processes
    first = build(cfg)
    assert len(first.rebuilt) == first.documents == 5
    made = _fragment_times(cfg.interim_dir)
    assert len(made) == 5
    changed = raw / "r2_overview.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("創業支援事業", "創業者支援事業"), encoding="utf-8")
    second = build(cfg)
    assert second.rebuilt == ["r2_overview"] and second.assembled
    remade = _fragment_times(cfg.interim_dir)
    assert [name for name in made if remade[name] != made[name]] == [
        document_folder(cfg.interim_dir, "r2_overview.txt").name
    ]
    fresh = _cfg(tmp_path / "fresh", raw)
    build(fresh)
    outputs = sorted(p.name for p in cfg.output_dir.iterdir() if not p.name.startswith("."))
    assert "plans.db" in outputs and "programs.parquet" in outputs
    for name in outputs:
        assert (cfg.output_dir / name).read_bytes() == (fresh.output_dir / name).read_bytes(), name
    programs = (cfg.output_dir / "programs.csv").read_text(encoding="utf-8")
    assert "創業者支援事業" in programs


def test_a_fragment_changed_behind_the_build_is_made_again(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(ROUNDS, raw)
    cfg = _cfg(tmp_path, raw)
    build(cfg)
    expected = {p.name: p.read_bytes() for p in cfg.output_dir.iterdir() if not p.name.startswith(".")}
    folder = document_folder(cfg.interim_dir, "r1_overview.txt")
    (folder / FRAGMENT_FILE).write_bytes(b"damaged")
    (cfg.interim_dir / ASSEMBLY_STAMP).unlink()
    assert (cfg.interim_dir / PROGRAM_LINKS_FILE).is_file()  # the program links of every pair are reused
    assert build(cfg).assembled
    assert load_fragment(folder, read_json(folder / FRAGMENT_INDEX)["cache_key"]) is not None
    assert {p.name: p.read_bytes() for p in cfg.output_dir.iterdir() if not p.name.startswith(".")} == expected


def test_a_no_op_build_reads_no_file_twice_and_still_sees_a_quiet_change(
    tmp_path: Path, real_doc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Raw files and outputs are hashed once; a change that keeps the size and the modification
    time (an editor saving the same length, ``cp -p``) is still found by its change time."""
    import os
    import time

    from pipeline.driver import digests

    raw = tmp_path / "raw"
    raw.mkdir()
    doc = raw / "announcement.txt"
    shutil.copy(real_doc, doc)
    cfg = _cfg(tmp_path, raw)
    time.sleep(0.1)
    assert build(cfg).assembled
    time.sleep(0.1)
    assert not build(cfg).assembled  # the digests taken right after writing are taken once more
    read: list[str] = []
    real = digests.sha256_file
    monkeypatch.setattr(digests, "sha256_file", lambda p: read.append(Path(p).name) or real(p))
    assert not build(cfg).assembled
    assert read == []
    st = doc.stat()
    text = doc.read_text(encoding="utf-8")
    assert "産業基礎調査" in text
    doc.write_text(text.replace("産業基礎調査", "産業実態調査"), encoding="utf-8")  # same length in UTF-8
    os.utime(doc, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert doc.stat().st_size == st.st_size
    result = build(cfg)
    assert result.assembled and result.rebuilt == ["announcement"]
    assert "産業実態調査" in (cfg.output_dir / "programs.csv").read_text(encoding="utf-8")
