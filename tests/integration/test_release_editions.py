"""A press release published twice: editions compare their announcements; copies clash."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from pipeline.driver.build import BuildConfig, build

pytestmark = pytest.mark.integration

RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "release" / "press_release_2017-03-06.txt"


def _build(tmp_path: Path, second: str, edition_of: str) -> tuple[int, dict[str, pd.DataFrame]]:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "release.txt").write_text(RELEASE.read_text(encoding="utf-8"), encoding="utf-8")
    (raw / "release_copy.txt").write_text(second, encoding="utf-8")
    with (raw / "sources.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "prefecture", "edition_of"])
        w.writerow(["release.txt", "東京都", ""])
        w.writerow(["release_copy.txt", "東京都", edition_of])
    result = build(BuildConfig(raw, tmp_path / "interim", tmp_path / "output"))
    names = ("announcements", "announcement_municipalities", "warnings")
    return result.errors, {n: pd.read_csv(tmp_path / "output" / f"{n}.csv", dtype=str) for n in names}


def test_an_edition_is_compared_not_added(tmp_path: Path) -> None:
    text = RELEASE.read_text(encoding="utf-8").replace("1億円/年限度", "9,000万円/年限度")
    errors, t = _build(tmp_path, text, "release.txt")
    assert errors == 0
    assert list(t["announcements"]["doc_id"]) == ["release"]
    assert len(t["announcement_municipalities"]) == 5
    w = t["warnings"]
    mismatches = w.loc[w["code"] == "edition_mismatch", "message"].tolist()
    assert len(mismatches) == 2  # subsidy_cap_yen and subsidy_cap_raw
    assert any("subsidy_cap_yen 100000000 → 90000000" in m for m in mismatches)


def test_a_copy_without_edition_of_is_refused(tmp_path: Path) -> None:
    errors, t = _build(tmp_path, RELEASE.read_text(encoding="utf-8"), "")
    assert errors == 1
    w = t["warnings"]
    (message,) = w.loc[w["code"] == "duplicate_plan_across_documents", "message"]
    assert message.startswith("announcement ann-2017-03-06-") and "already extracted from release" in message
    assert list(t["announcements"]["doc_id"]) == ["release"] and len(t["announcement_municipalities"]) == 5
