"""Faults of the machine are reported and retried; they never become a document's cached verdict."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from test_real_document import PROGRAMS

import pipeline.read
from pipeline.driver import build as build_module
from pipeline.driver import interim as interim_module
from pipeline.driver.build import ASSEMBLY_STAMP, BuildConfig, build
from pipeline.driver.discover import Source
from pipeline.driver.fragment import FRAGMENT_INDEX
from pipeline.driver.interim import document_folder
from pipeline.driver.lock import LOCK_NAME

pytestmark = pytest.mark.integration

#: A child build must end well within this (a hang guard, not a speed measurement).
BOUND_S = 240


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
    assert issue.code == "io_error" and "No space left on device" in issue.message
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


# -- faults outside a stage: each becomes an error row of its document, never a crash --------------------------


def _two_documents(root: Path, real_doc: Path) -> BuildConfig:
    cfg = _cfg(root, real_doc)
    text = real_doc.read_text(encoding="utf-8").replace("令和5年度～令和7年度", "令和6年度～令和8年度")
    (cfg.raw_dir / "other.txt").write_text(text, encoding="utf-8")
    return cfg


def _real_programs(cfg: BuildConfig) -> dict[tuple[str, int], list[str]]:
    progs = pd.read_parquet(cfg.output_dir / "programs.parquet")
    progs = progs[progs["plan_id"].str.endswith("-2023")]
    return {k: list(g.sort_values("seq")["name_raw"]) for k, g in progs.groupby(["plan_id", "category_no"])}


def test_stage_files_replaced_by_folders_are_rebuilt(tmp_path: Path, real_doc: Path) -> None:
    cfg = _two_documents(tmp_path, real_doc)
    build(cfg)
    before = {p.name: p.read_bytes() for p in cfg.output_dir.iterdir()}
    folder = document_folder(cfg.interim_dir, "announcement.txt")
    (folder / "records.json").unlink()
    (folder / "records.json" / "debris").mkdir(parents=True)  # a folder where the pipeline's file belongs
    (folder / FRAGMENT_INDEX).unlink()  # and its fragment gone, so the stage files are needed again
    other = document_folder(cfg.interim_dir, "other.txt")
    shutil.rmtree(other)
    other.write_text("not a folder", encoding="utf-8")  # a file where the document's folder belongs
    result = build(cfg)
    assert result.errors == 0 and sorted(result.rebuilt) == ["announcement", "other"]
    assert (folder / "records.json").is_file() and other.is_dir()
    assert {p.name: p.read_bytes() for p in cfg.output_dir.iterdir()} == before


def test_a_current_fragment_is_all_a_no_op_build_reads(tmp_path: Path, real_doc: Path) -> None:
    """Stage files are opened only when the fragment made from them is missing or stale."""
    cfg = _two_documents(tmp_path, real_doc)
    build(cfg)
    before = {p.name: p.read_bytes() for p in cfg.output_dir.iterdir()}
    folder = document_folder(cfg.interim_dir, "announcement.txt")
    for name in ("records.json", "segments.json"):
        (folder / name).unlink()
    (cfg.interim_dir / ASSEMBLY_STAMP).unlink()  # the assembly runs again, from the fragments
    result = build(cfg)
    assert result.errors == 0 and result.rebuilt == [] and result.assembled
    assert {p.name: p.read_bytes() for p in cfg.output_dir.iterdir()} == before
    (folder / FRAGMENT_INDEX).unlink()  # now the stages are needed: they run again
    assert build(cfg).rebuilt == ["announcement"] and (folder / "records.json").is_file()


def test_malformed_records_fail_only_their_document(tmp_path: Path, real_doc: Path) -> None:
    cfg = _two_documents(tmp_path, real_doc)
    build(cfg)
    path = document_folder(cfg.interim_dir, "other.txt") / "records.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["result"]["plans"] = "not a list of rows"  # parses, with the right key, but cannot be assembled
    path.write_text(json.dumps(data), encoding="utf-8")
    (cfg.interim_dir / ASSEMBLY_STAMP).unlink()  # the next assembly, e.g. after another file changed
    (path.parent / FRAGMENT_INDEX).unlink()  # and the fragment made again from the records (new code)
    result = build(cfg)
    assert [(i.doc_id, i.code) for i in result.failed] == [("other", "internal_error")]
    assert "make clean" in result.failed[0].message and "other.txt" in result.failed[0].message
    assert _real_programs(cfg) == PROGRAMS
    lines = pd.read_parquet(cfg.output_dir / "lines.parquet")
    assert set(lines["doc_id"]) == {"announcement"}  # the failed document's rows were taken back


def test_a_fault_is_never_hidden_by_the_assembly_stamp(
    tmp_path: Path, real_doc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = _cfg(tmp_path, real_doc)
    build(cfg)
    folder = document_folder(cfg.interim_dir, "announcement.txt")
    for name in ("records.json", FRAGMENT_INDEX):  # extract must run again, and write its file
        (folder / name).unlink()

    def full_disk(path: Path, obj: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    with monkeypatch.context() as m:
        m.setattr(interim_module, "write_json", full_disk)
        faulty = build(cfg)  # same keys as the stamp's: only the fault differs
    assert faulty.assembled and [i.code for i in faulty.failed] == ["io_error"]
    assert "retried on the next build" in faulty.failed[0].message
    healed = build(cfg)
    assert healed.errors == 0 and healed.rebuilt == ["announcement"]
    assert _real_programs(cfg) == PROGRAMS


def _limited_child(limit_bytes: int) -> None:  # runs in the child, before the pipeline starts
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))


def test_a_real_write_failure_is_reported_and_retried(tmp_path: Path, real_doc: Path) -> None:
    """No file of more than 16 KB can be written (as on a full disk): a clear message, no
    traceback, nothing cached; the next build, with room, extracts the document."""
    cfg = _cfg(tmp_path, real_doc)
    command = [sys.executable, "-m", "pipeline", "build", "--raw", str(cfg.raw_dir), "--interim", str(cfg.interim_dir)]
    command += ["--output", str(cfg.output_dir), "--jobs", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        timeout=BOUND_S,
        preexec_fn=lambda: _limited_child(16_000),
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2
    assert "error: the tables could not be written" in proc.stderr and "File too large" in proc.stderr
    folder = document_folder(cfg.interim_dir, "announcement.txt")
    for name in ("read.json", "segments.json"):  # small enough: written, with their results
        assert "result" in json.loads((folder / name).read_text(encoding="utf-8"))
    assert not (folder / "records.json").exists()  # too large: the fault is not cached as a verdict
    assert [p.name for p in cfg.output_dir.iterdir()] == [LOCK_NAME]  # no half set of tables
    result = build(cfg)
    assert result.errors == 0 and result.rebuilt == ["announcement"]
    assert _real_programs(cfg) == PROGRAMS


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the test patches the workers by forking")
def test_a_worker_that_dies_fails_only_its_document(
    tmp_path: Path, real_doc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = _two_documents(tmp_path, real_doc)
    cfg = BuildConfig(cfg.raw_dir, cfg.interim_dir, cfg.output_dir, jobs=2)
    original = build_module.process_document

    def crash_on_other(settings: object, src: Source, upto: object) -> object:
        if src.doc_id == "other":
            os._exit(9)  # as when the system kills a worker for lack of memory
        return original(settings, src, upto)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "process_document", crash_on_other)
    result = build(cfg)
    assert [(i.doc_id, i.code) for i in result.failed] == [("other", "internal_error")]
    assert "process reading it died" in result.failed[0].message
    assert _real_programs(cfg) == PROGRAMS


def test_a_value_that_does_not_fit_its_column_fails_only_its_document(tmp_path: Path, real_doc: Path) -> None:
    """A value beyond its column's type once stopped every table from being written (Arrow refused it)."""
    cfg = _two_documents(tmp_path, real_doc)
    build(cfg)
    path = document_folder(cfg.interim_dir, "other.txt") / "records.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["result"]["programs"][0]["seq"] = 2**40
    path.write_text(json.dumps(data), encoding="utf-8")
    (cfg.interim_dir / ASSEMBLY_STAMP).unlink()
    (path.parent / FRAGMENT_INDEX).unlink()  # the fragment is made again from these records
    result = build(cfg)
    assert [(i.doc_id, i.code) for i in result.failed] == [("other", "validation_failed")]
    assert "programs row 1: seq = 1099511627776 does not fit int32" in result.failed[0].message
    assert _real_programs(cfg) == PROGRAMS
