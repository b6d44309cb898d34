"""The PDF page limit is settable per build, reported when hit, and lifted by a rebuild."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.core.limits import Limits
from pipeline.driver.build import BuildConfig, build

pytestmark = pytest.mark.integration


def test_page_limit_is_reported_and_lifted(tmp_path: Path, pdf_fixtures: dict[str, Path]) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(pdf_fixtures["single"], raw / "announcement.pdf")

    def run(max_pages: int | None) -> tuple[int, pd.DataFrame]:
        cfg = BuildConfig(raw, tmp_path / "interim", tmp_path / "output", limits=Limits(max_pages=max_pages))
        result = build(cfg)
        return result.errors, pd.read_csv(tmp_path / "output" / "warnings.csv")

    errors, warnings = run(2)
    assert errors == 1
    (row,) = warnings[warnings["code"] == "pdf_too_large"].to_dict("records")
    assert "announcement.pdf" in row["message"] and "--max-pages" in row["message"]

    errors, warnings = run(None)  # the cached failure depends on the limit: rebuilt, not trusted
    assert errors == 0 and "pdf_too_large" not in set(warnings["code"])
    assert len(pd.read_csv(tmp_path / "output" / "programs.csv")) == 43


def test_cli_max_pages(tmp_path: Path, pdf_fixtures: dict[str, Path]) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(pdf_fixtures["single"], raw / "announcement.pdf")
    args = [
        "build",
        "--raw",
        str(raw),
        "--interim",
        str(tmp_path / "i"),
        "--output",
        str(tmp_path / "o"),
        "--jobs",
        "1",
    ]
    assert main([*args, "--max-pages", "1"]) == 1
    assert main([*args, "--max-pages", "0"]) == 0
