"""The data dictionary: datapackage.json validates with frictionless, docs are current,
Parquet carries the descriptions, and pipeline.load() gives notebook-ready types."""

from __future__ import annotations

import json
import runpy
import shutil
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from frictionless import Package, validate

import pipeline
from pipeline.driver.build import BuildConfig, build
from pipeline.output.datapackage import DATAPACKAGE_NAME
from pipeline.output.schema import TABLES

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, fixture_raw: Path) -> Path:
    root = tmp_path_factory.mktemp("dict")
    result = build(BuildConfig(raw_dir=fixture_raw, interim_dir=root / "interim", output_dir=root / "output"))
    assert result.errors == 0
    return root / "output"


def test_datapackage_validates(out: Path) -> None:
    report = validate(str(out / DATAPACKAGE_NAME))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_datapackage_catches_a_broken_foreign_key(out: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    programs = broken / "programs.csv"
    programs.write_text(
        programs.read_text(encoding="utf-8").replace(",131091-2023,", ",999999-2023,", 1),
        encoding="utf-8",
    )
    report = validate(str(broken / DATAPACKAGE_NAME))
    assert not report.valid
    assert "foreign-key" in {e[0] for e in report.flatten(["type"])}


def test_datapackage_describes_every_column(out: Path) -> None:
    pkg = Package(str(out / DATAPACKAGE_NAME))
    assert [r.name for r in pkg.resources] == list(TABLES)
    committed = json.loads((ROOT / "output" / DATAPACKAGE_NAME).read_text(encoding="utf-8"))
    assert committed == json.loads((out / DATAPACKAGE_NAME).read_text(encoding="utf-8"))
    programs = next(r for r in committed["resources"] if r["name"] == "programs")
    assert programs["schema"]["primaryKey"] == ["program_id"]
    assert {
        "fields": ["plan_id"],
        "reference": {"resource": "plans", "fields": ["plan_id"]},
    } in programs["schema"]["foreignKeys"]
    for res in committed["resources"]:
        for f in res["schema"]["fields"]:
            assert f["description"] and f["description_ja"], (res["name"], f["name"])


def test_parquet_field_metadata_has_descriptions(out: Path) -> None:
    for table in TABLES.values():
        schema = pq.read_schema(out / f"{table.name}.parquet")
        assert schema.metadata[b"description"].decode() == table.en
        for col in table.columns:
            meta = schema.field(col.name).metadata
            assert meta[b"description"].decode() == col.en
            assert meta[b"description_ja"].decode() == col.ja


def test_load_gives_notebook_types(out: Path) -> None:
    tables = pipeline.load(out)
    plans, programs = tables["plans"], tables["programs"]
    assert plans["start_fy"].dtype == pd.Int16Dtype() and plans["end_fy"].tolist() == [2025] * 6
    assert plans["source_page"].isna().all() and plans["source_page"].dtype == pd.Int32Dtype()
    assert programs["is_provisional"].dtype == pd.BooleanDtype()
    assert int(programs["is_provisional"].sum()) == 2
    assert isinstance(plans["municipality_kind"].dtype, pd.CategoricalDtype)
    assert set(plans["municipality_kind"]) == {"特別区", "市"}
    assert programs["name"].dtype == pd.StringDtype()
    assert programs.attrs["descriptions"]["seq"] == "Position in the published list, from 1."
    counts = programs.merge(plans, on="plan_id").groupby("municipality")["program_id"].count()
    assert counts["江戸川区"] == 11 and counts.sum() == 43


def test_example_script_runs(out: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", ["explore.py", str(out)])
    runpy.run_path(str(ROOT / "docs" / "examples" / "explore.py"), run_name="__main__")
    printed = capsys.readouterr().out
    assert "江戸川区" in printed and "provisional names: 2" in printed
