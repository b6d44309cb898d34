"""The README's Python examples run against a fresh build and give the data's real figures.

Every top-level expression of each ```python block is evaluated (as a notebook shows it),
and its value is compared with the same figure computed independently from the CSVs.
"""

from __future__ import annotations

import ast
import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pytest

from pipeline.driver.build import BuildConfig, build
from pipeline.output.schema import PROGRAMS

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


ROUNDS = ROOT / "tests" / "fixtures" / "rounds"


def _build(root: Path, raw: Path) -> Path:
    shutil.copytree(raw, root / "raw")
    assert (
        build(BuildConfig(raw_dir=root / "raw", interim_dir=root / "interim", output_dir=root / "output")).errors == 0
    )
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, fixture_raw: Path) -> Path:
    return _build(tmp_path_factory.mktemp("readme"), fixture_raw)


@pytest.fixture(scope="module")
def built_rounds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The made-up releases and two rounds of overviews (tests/fixtures/rounds)."""
    return _build(tmp_path_factory.mktemp("readme_rounds"), ROUNDS)


def python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def run_block(source: str, label: str) -> list[Any]:
    """Run a block statement by statement; the values of its expression statements, in order."""
    namespace: dict[str, Any] = {}
    values = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Expr):
            values.append(eval(compile(ast.Expression(node.value), label, "eval"), namespace))
        else:
            exec(compile(ast.Module([node], type_ignores=[]), label, "exec"), namespace)
    return values


def programs_per_municipality(out: Path) -> dict[str, int]:
    programs = pd.read_csv(out / "programs.csv", dtype=str)
    plans = pd.read_csv(out / "plans.csv", dtype=str)
    return dict(Counter(programs.merge(plans[["plan_id", "municipality"]], on="plan_id")["municipality"]))


def theme_counts(out: Path) -> dict[str, int]:
    themes = pd.read_csv(out / "programs.csv", dtype=str)["themes"]
    return dict(Counter(t for cell in themes for t in cell.split(";")))


def check_pandas(values: list[Any], out: Path) -> None:
    (counts,) = values
    assert counts.to_dict() == programs_per_municipality(out)


def check_load(values: list[Any], out: Path) -> None:
    per_theme, description, labelled = values
    assert per_theme.groupby(level="themes").sum().to_dict() == theme_counts(out)
    assert description == next(c.en for c in PROGRAMS.columns if c.name == "seq")
    programs = pd.read_csv(out / "programs.csv", dtype=str)
    instruments = pd.read_csv(out / "instruments.csv", dtype=str).set_index("instrument")["label_ja"]
    assert sorted(zip(labelled["name"], labelled["label_ja"], strict=True)) == sorted(
        zip(programs["name"], programs["instrument"].map(instruments), strict=True)
    )


def check_duckdb_polars(values: list[Any], out: Path) -> None:
    relation, frame = values
    assert isinstance(relation, duckdb.DuckDBPyRelation) and isinstance(frame, pl.DataFrame)
    assert dict(relation.fetchall()) == programs_per_municipality(out)
    assert dict(zip(frame["themes"].to_list(), frame["len"].to_list(), strict=True)) == theme_counts(out)


def check_sqlite(values: list[Any], out: Path) -> None:
    by_fts, by_like = values
    names = pd.read_csv(out / "programs.csv", dtype=str)["name"]
    assert sorted(n for (n,) in by_fts) == sorted(n for n in names if "商談会" in n) != []
    assert sorted(n for (n,) in by_like) == sorted(n for n in names if "創業" in n) != []


def check_rounds(values: list[Any], out: Path) -> None:
    per_round, crosstab, continued = values
    releases = pd.read_csv(out / "announcements.csv", dtype=str, keep_default_na=False).set_index("announcement_id")
    plans = pd.read_csv(out / "plans.csv", dtype=str, keep_default_na=False)
    expected: dict[tuple[str, str, str], list[str]] = {}
    for p in plans[plans["announcement_id"] != ""].itertuples():
        r = releases.loc[p.announcement_id]
        expected.setdefault((r["published_on"], r["scheme"], r["round"]), []).append(p.municipality)
    got = {(str(d.date()), s, r): names for (d, s, r), names in per_round.items()}
    assert got == {k: sorted(v) for k, v in expected.items()} and len(got) == 3
    links = pd.read_csv(out / "program_links.csv", dtype=str, keep_default_na=False)
    assert crosstab.stack().loc[lambda c: c > 0].to_dict() == dict(
        Counter(zip(links["municipality"], links["link"], strict=True))
    )
    kept = links[links["link"].isin(["same", "similar"])]
    assert sorted(zip(continued["previous_name"], continued["name"], strict=True)) == sorted(
        zip(kept["previous_name"], kept["name"], strict=True)
    )


#: Each README block's check, and the corpus it runs on (the suite's own corpus, or the rounds).
CHECKS: list[tuple[Callable[[list[Any], Path], None], str]] = [
    (check_pandas, "built"),
    (check_load, "built"),
    (check_duckdb_polars, "built"),
    (check_rounds, "built_rounds"),
    (check_sqlite, "built"),
]


def test_every_block_has_a_check() -> None:
    assert len(python_blocks()) == len(CHECKS), "a README block was added or removed: add or remove its check"


@pytest.mark.parametrize("index", range(len(CHECKS)))
def test_readme_block_gives_the_datas_figures(
    request: pytest.FixtureRequest, index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    check, corpus = CHECKS[index]
    root: Path = request.getfixturevalue(corpus)
    monkeypatch.chdir(root)
    values = run_block(python_blocks()[index], f"README block {index}")
    check(values, root / "output")


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
