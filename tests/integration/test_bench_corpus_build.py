"""A generated benchmark corpus goes through the pipeline without an unexpected warning."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from benchmarks.corpus import CorpusSpec, write_corpus
from pipeline.driver.build import BuildConfig, build

pytestmark = pytest.mark.integration


def test_generated_corpus_builds_cleanly(tmp_path: Path) -> None:
    docs = write_corpus(CorpusSpec(4, seed=5), tmp_path / "raw")
    cfg = BuildConfig(tmp_path / "raw", tmp_path / "interim", tmp_path / "output")
    result = build(cfg)
    assert result.errors == 0 and result.documents == 4
    out = cfg.output_dir
    # only the OCR-suspect spellings the real document's fragments carry (パピリオン, EXP02022)
    assert set(pd.read_csv(out / "warnings.csv")["code"]) <= {"ocr_suspect"}
    plans = pd.read_csv(out / "plans.csv", dtype=str)
    assert sorted(plans["plan_id"]) == sorted(p for d in docs for p in d.plan_ids)
    assert set(plans["prefecture"]) <= {d.prefecture for d in docs}
    # every line of every document is in the ledger, none unassigned
    lines = pd.read_csv(out / "lines.csv", dtype=str, keep_default_na=False)
    assert len(lines) == sum(d.text.count("\n") for d in docs)
    assert "dropped.unassigned" not in set(lines["place"])
    # three initiatives per plan, each with at least one program
    initiatives = pd.read_csv(out / "initiatives.csv", dtype=str)
    assert len(initiatives) == 3 * len(plans)
    programs = pd.read_csv(out / "programs.csv", dtype=str)
    assert set(programs["initiative_id"]) == set(initiatives["initiative_id"])
