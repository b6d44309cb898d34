"""Per-document isolation, limits, atomic outputs and untrusted interim files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from bad_cases import REAL_DOC, shifted

from pipeline.core.limits import Limits
from pipeline.driver.build import BuildConfig, build
from pipeline.driver.fragment import FRAGMENT_INDEX
from pipeline.driver.interim import document_folder
from pipeline.driver.outputs import STAGING_PREFIX
from pipeline.extract import extractor as extract_module
from pipeline.output import tables as tables_module

pytestmark = pytest.mark.integration


def _setup(root: Path, limits: Limits | None = None) -> BuildConfig:
    raw = root / "raw"
    raw.mkdir(parents=True)
    shutil.copy(REAL_DOC, raw / "real.txt")
    (raw / "other.txt").write_text(shifted(6), encoding="utf-8")
    return BuildConfig(raw, root / "interim", root / "output", default_prefecture="東京都", limits=limits or Limits())


def _outputs(cfg: BuildConfig) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(cfg.output_dir.iterdir())}


def test_exception_mid_extract_gives_an_error_row_and_no_partial_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = _setup(tmp_path)
    original = extract_module.Extractor.programs

    def flaky(self: extract_module.Extractor, plan_id: str, *args: object) -> None:
        if self.doc.doc_id == "other" and len(self.records.plans) == 3:
            raise RuntimeError("boom")
        original(self, plan_id, *args)

    monkeypatch.setattr(extract_module.Extractor, "programs", flaky)
    result = build(cfg)
    assert [(i.doc_id, i.code) for i in result.failed] == [("other", "internal_error")]
    assert "pipeline bug" in result.failed[0].message and "other.txt" in result.failed[0].message
    for name in ("plans", "initiatives", "programs", "captions", "lines"):
        frame = pd.read_parquet(cfg.output_dir / f"{name}.parquet")
        ids = frame["doc_id"] if "doc_id" in frame else frame["plan_id"].str[-4:]
        assert "other" not in set(ids) and "2024" not in set(ids), name
    assert len(pd.read_parquet(cfg.output_dir / "programs.parquet")) == 43


def test_interrupted_write_leaves_previous_outputs_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = _setup(tmp_path)
    build(cfg)
    before = _outputs(cfg)
    (cfg.raw_dir / "other.txt").write_text(shifted(7), encoding="utf-8")
    original = tables_module.write_table

    def crash_on_programs(table: object, *args: object) -> list[Path]:
        if getattr(table, "name", "") == "programs":
            raise KeyboardInterrupt  # an interruption, not an error the build could catch
        return original(table, *args)

    monkeypatch.setattr(tables_module, "write_table", crash_on_programs)
    with pytest.raises(KeyboardInterrupt):
        build(cfg)
    assert _outputs(cfg) == before  # no table replaced, no temporary file left
    assert not list(cfg.output_dir.glob(STAGING_PREFIX + "*"))
    monkeypatch.undo()
    result = build(cfg)  # the next build is not fooled by the old assembly stamp
    assert result.assembled
    plans = pd.read_parquet(cfg.output_dir / "plans.parquet")
    assert {p[-4:] for p in plans["plan_id"]} == {"2023", "2025"}


@pytest.mark.parametrize(
    ("file", "damage"),
    [
        ("records.json", lambda p: p.write_text(p.read_text(encoding="utf-8")[:500], encoding="utf-8")),
        (
            "records.json",
            lambda p: p.write_text(
                json.dumps({**json.loads(p.read_text(encoding="utf-8")), "cache_key": "stale"}), encoding="utf-8"
            ),
        ),
        ("segments.json", lambda p: p.write_bytes(b"\x00\xff not json")),
        ("lines.jsonl", lambda p: p.write_text(p.read_text(encoding="utf-8")[:-200], encoding="utf-8")),
    ],
    ids=["truncated-records", "stale-records", "garbage-segments", "truncated-lines"],
)
def test_corrupt_or_stale_interim_file_is_rebuilt(tmp_path: Path, file: str, damage: object) -> None:
    cfg = _setup(tmp_path)
    build(cfg)
    before = _outputs(cfg)
    folder = document_folder(cfg.interim_dir, "real.txt")
    damage(folder / file)  # type: ignore[operator]
    if file == "lines.jsonl":  # make the next stage need the lines again
        (folder / "segments.json").unlink()
    untouched = build(cfg)  # the fragment made from the stage files is current: they are not opened
    assert untouched.rebuilt == [] and untouched.errors == 0 and _outputs(cfg) == before
    (folder / FRAGMENT_INDEX).unlink()  # e.g. a new version of the code: the stage files are needed
    result = build(cfg)
    assert result.rebuilt == ["real"] and result.errors == 0
    assert _outputs(cfg) == before


def test_size_limit_and_rebuild_when_the_limit_changes(tmp_path: Path) -> None:
    cfg = _setup(tmp_path, Limits(max_bytes=5_000))
    result = build(cfg)
    assert sorted((i.doc_id, i.code) for i in result.failed) == [
        ("other", "document_too_large"),
        ("real", "document_too_large"),
    ]
    assert "MAX_MB" in result.failed[0].message
    again = build(cfg)
    assert again.rebuilt == [] and len(again.failed) == 2  # cached under the same limit
    raised = BuildConfig(
        cfg.raw_dir, cfg.interim_dir, cfg.output_dir, default_prefecture="東京都", limits=Limits(max_bytes=None)
    )
    fixed = build(raised)
    assert fixed.failed == [] and fixed.assembled and sorted(fixed.rebuilt) == ["other", "real"]
    assert len(pd.read_parquet(cfg.output_dir / "programs.parquet")) == 86


def test_time_limit_is_reported_and_lifted(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    # A big document: the real one forty times over with distinct periods (about 0.4 MB).
    (raw / "big.txt").write_text("\n".join(shifted(n) for n in range(10, 50)), encoding="utf-8")
    cfg = BuildConfig(
        raw, tmp_path / "interim", tmp_path / "output", default_prefecture="東京都", limits=Limits(time_limit_s=0.001)
    )
    result = build(cfg)
    assert [(i.doc_id, i.code) for i in result.failed] == [("big", "time_limit_exceeded")]
    assert "TIME_LIMIT" in result.failed[0].message and "big.txt" in result.failed[0].message
    docs = pd.read_parquet(cfg.output_dir / "documents.parquet")
    assert list(docs["status"]) == ["failed"]
    unlimited = BuildConfig(
        raw, cfg.interim_dir, cfg.output_dir, default_prefecture="東京都", limits=Limits(time_limit_s=None)
    )
    result = build(unlimited)
    assert result.failed == [] and result.rebuilt == ["big"]
    assert len(pd.read_parquet(cfg.output_dir / "plans.parquet")) == 6 * 40
