"""Two editions of one announcement (web text and PDF) check each other instead of clashing."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.driver.build import BuildConfig, build

pytestmark = pytest.mark.integration


def _raw(
    tmp_path: Path, real_doc: Path, pdf: Path, text: str | None = None, edition_of: str = "announcement.txt"
) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "announcement.txt").write_text(text or real_doc.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copy(pdf, raw / "announcement.pdf")
    with (raw / "sources.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "title", "prefecture", "edition_of"])
        w.writerow(["announcement.txt", "web text", "東京都", ""])
        w.writerow(["announcement.pdf", "PDF", "東京都", edition_of])
    return raw


def _build(tmp_path: Path, raw: Path) -> tuple[int, dict[str, pd.DataFrame]]:
    result = build(BuildConfig(raw, tmp_path / "interim", tmp_path / "output"))
    names = ("documents", "plans", "programs", "warnings", "lines")
    return result.errors, {n: pd.read_csv(tmp_path / "output" / f"{n}.csv", dtype=str) for n in names}


def test_equal_editions_give_one_set_of_records(tmp_path: Path, real_doc: Path, pdf_fixtures: dict[str, Path]) -> None:
    errors, t = _build(tmp_path, _raw(tmp_path, real_doc, pdf_fixtures["figures"]))
    assert errors == 0
    assert len(t["plans"]) == 6 and len(t["programs"]) == 43
    assert set(t["plans"]["doc_id"]) == {"announcement.txt"}  # x.txt and x.pdf keep their extension
    docs = t["documents"].set_index("doc_id")
    assert docs.loc["announcement.pdf", "edition_of"] == "announcement.txt"
    assert pd.isna(docs.loc["announcement.txt", "edition_of"])
    assert "edition_mismatch" not in set(t["warnings"]["code"])
    assert set(t["lines"]["doc_id"]) == {"announcement.txt", "announcement.pdf"}  # both ledgers kept


def test_a_difference_between_editions_is_named(tmp_path: Path, real_doc: Path, pdf_fixtures: dict[str, Path]) -> None:
    text = real_doc.read_text(encoding="utf-8").replace("産業基礎調査", "産業実態調査")
    errors, t = _build(tmp_path, _raw(tmp_path, real_doc, pdf_fixtures["single"], text=text))
    assert errors == 0
    messages = t["warnings"].loc[t["warnings"]["code"] == "edition_mismatch", "message"]
    assert any("産業実態調査" in m and "産業基礎調査" in m for m in messages)
    assert (t["warnings"].loc[t["warnings"]["code"] == "edition_mismatch", "doc_id"] == "announcement.pdf").all()


def test_unknown_first_edition_is_an_error(tmp_path: Path, real_doc: Path, pdf_fixtures: dict[str, Path]) -> None:
    errors, t = _build(tmp_path, _raw(tmp_path, real_doc, pdf_fixtures["single"], edition_of="missing.txt"))
    assert errors == 1
    (row,) = t["warnings"][t["warnings"]["code"] == "edition_of_unknown"].to_dict("records")
    assert "missing.txt" in row["message"] and row["doc_id"] == "announcement.pdf"
    assert len(t["programs"]) == 43  # the first edition's records are still there
