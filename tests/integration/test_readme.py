"""The README's Python examples run against a fresh build, with pandas, polars and DuckDB."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.driver.build import BuildConfig, build

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "raw", root / "raw")
    assert (
        build(BuildConfig(raw_dir=root / "raw", interim_dir=root / "interim", output_dir=root / "output")).errors == 0
    )
    return root


def python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_has_examples() -> None:
    assert len(python_blocks()) >= 3


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_readme_block_runs(built: Path, index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(built)
    namespace: dict[str, object] = {}
    exec(compile(python_blocks()[index], f"README block {index}", "exec"), namespace)


def test_polars_and_duckdb_see_typed_columns(built: Path) -> None:
    out = built / "output"
    plans = pl.read_parquet(out / "plans.parquet")
    assert plans.schema["start_fy"] == pl.Int16
    assert plans.schema["municipality_kind"] == pl.Categorical
    programs = pl.read_parquet(out / "programs.parquet")
    assert programs.schema["themes"] == pl.List(pl.String)
    assert programs.schema["is_provisional"] == pl.Boolean
    counts = dict(
        duckdb.sql(
            f"select municipality, count(*) from '{out}/programs.parquet' "
            f"join '{out}/plans.parquet' using (plan_id) group by 1"
        ).fetchall()
    )
    assert counts == {"品川区": 11, "江戸川区": 11, "八王子市": 4, "三鷹市": 8, "東村山市": 4, "国立市": 5}
