"""Provenance and labels in the data: the manifest's columns reach documents, a document
without a manifest row is warned, and the dimension tables label every code used."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.driver.build import BuildConfig, build

pytestmark = pytest.mark.integration

MANIFEST = (
    "file,title,publisher,published,url,prefecture,licence\n"
    "a.txt,承認した計画の概要,東京都産業労働局,2023-03-31,https://example.org/a.html,東京都,CC BY 4.0\n"
)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, real_doc: Path) -> Path:
    root = tmp_path_factory.mktemp("provenance")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(real_doc, raw / "a.txt")
    text = real_doc.read_text(encoding="utf-8").replace("令和5年度～令和7年度", "令和6年度～令和8年度")
    (raw / "unlisted.txt").write_text(text, encoding="utf-8")
    (raw / "sources.csv").write_text(MANIFEST, encoding="utf-8")
    assert build(BuildConfig(raw, root / "interim", root / "output")).errors == 0
    return root / "output"


def read(out: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{table}.csv", dtype=str, keep_default_na=False)


def test_documents_carry_the_manifest_row(out: Path) -> None:
    docs = read(out, "documents").set_index("doc_id")
    a = docs.loc["a"]
    assert (a["url"], a["publisher"], a["published_on"], a["licence"]) == (
        "https://example.org/a.html",
        "東京都産業労働局",
        "2023-03-31",
        "CC BY 4.0",
    )
    assert (docs.loc["unlisted", ["url", "publisher", "published_on", "licence"]] == "").all()


def test_a_document_without_a_manifest_row_is_warned(out: Path) -> None:
    warnings = read(out, "warnings")
    rows = warnings[warnings["code"] == "manifest_row_missing"]
    assert rows["doc_id"].tolist() == ["unlisted"]
    assert "unlisted.txt has no row in raw/sources.csv" in rows["message"].iloc[0]


def test_dimension_tables_label_every_code_used(out: Path) -> None:
    programs, plans = read(out, "programs"), read(out, "plans")
    instruments = read(out, "instruments").set_index("instrument")
    themes = read(out, "themes").set_index("theme")
    assert set(programs["instrument"]) <= set(instruments.index)
    assert {t for cell in programs["themes"] for t in cell.split(";")} <= set(themes.index)
    assert instruments.loc["financing", "label_ja"] and instruments.loc["unclassified", "label_en"]
    municipalities = read(out, "municipalities").set_index("municipality_code")
    assert set(municipalities.index) == set(plans["municipality_code"])  # exactly the ones that occur
    assert municipalities.loc["132012", ["municipality", "kind", "romaji"]].tolist() == [
        "八王子市",
        "市",
        "Hachioji-shi",
    ]
    assert read(out, "categories")["category_no"].tolist() == ["1", "2", "3"]
