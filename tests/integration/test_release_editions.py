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


def test_an_html_edition_whose_title_has_a_br_is_the_same_announcement(tmp_path: Path) -> None:
    lines = [ln.strip() for ln in RELEASE.read_text(encoding="utf-8").split("\n") if ln.strip()]
    header, subtitle, title, *rest = lines[2:]
    paragraphs = "".join(f"<p>{t}</p>" for t in rest if t != "図")
    html = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><div id="tmp_contents">'
        f"<p>{header}</p><h1>{subtitle}<br>{title}</h1>{paragraphs}</div></body></html>"
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "release.txt").write_text(RELEASE.read_text(encoding="utf-8"), encoding="utf-8")
    (raw / "release.html").write_text(html, encoding="utf-8")
    (raw / "sources.csv").write_text(
        "file,prefecture,edition_of\nrelease.txt,東京都,\nrelease.html,東京都,release.txt\n", encoding="utf-8"
    )
    result = build(BuildConfig(raw, tmp_path / "interim", tmp_path / "output"))
    assert result.errors == 0
    out = pd.read_csv(tmp_path / "output" / "announcements.csv", dtype=str)
    assert list(out[["doc_id", "subtitle", "title"]].itertuples(index=False, name=None)) == [
        ("release.txt", "平成28年度 産業集積活性化支援事業", "5区市の「地域産業活性化計画」を承認しました")
    ]
    w = pd.read_csv(tmp_path / "output" / "warnings.csv", dtype=str)
    assert not w["message"].str.contains("only in this edition", na=False).any()
