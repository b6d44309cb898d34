"""Building a folder of documents and comparing its tables by value, for the PDF tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from pipeline.driver.build import PDF_ENGINE, BuildConfig, build

COMPARED = ("plans", "initiatives", "programs", "captions")
PROVENANCE = ("doc_id", "source_page", "source_line")


def build_folder(root: Path, *files: Path, pdf_engine: str = PDF_ENGINE) -> tuple[int, dict[str, pd.DataFrame]]:
    """Build ``files`` (copied into ``root/raw``, each with its manifest row, as a user adds a
    document) with ``pdf_engine``; return the error count and every table."""
    raw = root / "raw"
    raw.mkdir(parents=True)
    for f in files:
        shutil.copy(f, raw / f.name)
    rows = "".join(f"{f.name},東京都\n" for f in files)
    (raw / "sources.csv").write_text("file,prefecture\n" + rows, encoding="utf-8")
    cfg = BuildConfig(raw_dir=raw, interim_dir=root / "interim", output_dir=root / "output", pdf_engine=pdf_engine)
    result = build(cfg)
    names = (*COMPARED, "warnings", "lines", "documents")
    return result.errors, {n: pd.read_parquet(root / "output" / f"{n}.parquet") for n in names}


def values(df: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of a table without where they came from, sorted: what two editions must share."""
    df = df.drop(columns=[c for c in PROVENANCE if c in df.columns])
    rows = df.astype(object).where(df.notna(), None).to_dict("records")
    # list columns (themes) come back as numpy arrays: compare them as lists
    rows = [{k: (list(v) if hasattr(v, "tolist") else v) for k, v in r.items()} for r in rows]
    return sorted(rows, key=repr)
