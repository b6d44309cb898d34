"""The build's plans.db holds the same data as the Parquet files, and Datasette serves it.

The Datasette test runs ``python -m pipeline.tools.serve`` (what ``make serve`` runs) on a
free loopback port, reads its JSON API, and stops it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.driver.build import BuildConfig, build
from pipeline.output.schema import TABLES
from pipeline.tools.serve import free_port

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
#: Seconds Datasette may take to answer its first request.
STARTUP_TIMEOUT_S = 60.0
POLL_INTERVAL_S = 0.2


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, real_doc: Path) -> Path:
    root = tmp_path_factory.mktemp("datasette")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(real_doc, raw / "announcement.txt")
    assert build(BuildConfig(raw_dir=raw, interim_dir=root / "interim", output_dir=root / "output")).errors == 0
    return root / "output"


def test_database_has_the_rows_of_every_table(out: Path) -> None:
    con = sqlite3.connect(out / "plans.db")
    for name in TABLES:
        frame = pd.read_parquet(out / f"{name}.parquet")
        assert con.execute(f"select count(*) from {name}").fetchone() == (len(frame),), name
    programs = pd.read_parquet(out / "programs.parquet")
    got = con.execute("select program_id, name, themes, source_line from programs").fetchall()
    expected = [
        (r.program_id, r.name, json.dumps(list(r.themes), ensure_ascii=False), r.source_line)
        for r in programs.itertuples()
    ]
    assert got == expected  # same values, same order (the table's sort key)


def test_rebuild_without_the_database_rewrites_it(out: Path, tmp_path: Path) -> None:
    """A deleted plans.db is noticed by the no-op check of the build and written again."""
    root = out.parent
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    (copy / "output" / "plans.db").unlink()
    cfg = BuildConfig(raw_dir=copy / "raw", interim_dir=copy / "interim", output_dir=copy / "output")
    assert build(cfg).assembled
    assert (copy / "output" / "plans.db").read_bytes() == (out / "plans.db").read_bytes()


def _get(base: str, path: str, **params: str) -> Any:
    query = urllib.parse.urlencode({**params, "_shape": "array"})
    with urllib.request.urlopen(f"{base}{path}?{query}", timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def datasette(out: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline.tools.serve", "--output", str(out), "--port", str(port)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        assert f"{base}/plans" in first, first
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            try:
                _get(base, "/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Datasette did not start: {proc.stdout.read()}")
                time.sleep(POLL_INTERVAL_S)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_programs_of_one_municipality(datasette: str, out: Path) -> None:
    rows = _get(datasette, "/plans/programs_of_municipality.json", municipality="国立市")
    programs = pd.read_parquet(out / "programs.parquet").merge(pd.read_parquet(out / "plans.parquet"), on="plan_id")
    expected = programs[programs["municipality"] == "国立市"]
    assert [r["name"] for r in rows] == list(expected["name"])
    assert len(rows) == 5
    assert {r["municipality"] for r in rows} == {"国立市"}
    assert all(r["doc_id"] == "announcement" and r["source_line"] > 0 for r in rows)


def test_full_text_search_and_like_fallback(datasette: str) -> None:
    found = _get(datasette, "/plans/programs.json", _search="商談会")
    assert [r["name"] for r in found] == ["ものづくり・IT商談会"]
    assert json.loads(found[0]["themes"]) == ["digital", "sales_channels", "manufacturing"]
    assert _get(datasette, "/plans/programs.json", _search="創業") == []  # two characters: no trigram
    like = _get(datasette, "/plans/search_programs.json", q="創業")
    assert like and all("創業" in r["name"] for r in like)


def test_served_read_only_with_the_metadata(datasette: str) -> None:
    databases = _get(datasette, "/-/databases.json")
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("plans", False)]
    with urllib.request.urlopen(f"{datasette}/-/metadata.json", timeout=10) as response:
        meta = json.load(response)
    assert meta["databases"]["plans"]["tables"]["programs"]["columns"]["name_raw"].startswith("Name exactly")
