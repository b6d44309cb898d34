"""The committed snapshot output/*.csv equals a fresh build of raw/; a change shows as a
record diff.

The snapshot is the committed version (``git show HEAD:output/<table>.csv``) when the
project is a git checkout, else the files in output/.  After an intended change to the
data: ``make update``, review ``make diff``, commit output/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.driver.build import BuildConfig, build
from pipeline.tools.diff import diff_datasets, format_text, parse_csv, read_dir, read_git

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
RAW, OUTPUT = ROOT / "raw", ROOT / "output"
OLD_NAME, NEW_NAME = "エンジニア確保支援事業", "エンジニア採用支援事業"


def snapshot() -> dict[str, str]:
    try:
        return read_git("HEAD", OUTPUT)
    except ValueError:
        return read_dir(OUTPUT)


def rebuild(raw: Path, root: Path) -> dict[str, str]:
    out = root / "output"
    build(BuildConfig(raw_dir=raw, interim_dir=root / "interim", output_dir=out))
    return read_dir(out)


def test_rebuild_matches_committed_snapshot(tmp_path: Path) -> None:
    committed = snapshot()
    assert {"programs", "plans", "lines", "warnings"} <= committed.keys()
    d = diff_datasets(committed, rebuild(RAW, tmp_path))
    if d:
        pytest.fail(
            "the data differ from the committed snapshot output/*.csv; if intended, run "
            "`make update`, review `make diff` and commit output/:\n" + format_text(d)
        )


def test_renamed_program_shows_old_and_new_name(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    doc = raw / "000_5eb07730d5f2e640.txt"
    text = doc.read_text(encoding="utf-8")
    assert text.count(OLD_NAME) == 1
    doc.write_text(text.replace(OLD_NAME, NEW_NAME), encoding="utf-8")

    d = diff_datasets(snapshot(), rebuild(raw, tmp_path))
    assert d, "a renamed program must make the snapshot check fail"
    progs = d.tables["programs"]
    # one changed record (paired on initiative_id + seq although its id hashes the name);
    # the other programs keep their ids: nothing else in the table changed
    assert progs.removed == [] and progs.added == []
    (renamed,) = progs.changed
    fields = {c: (old, new) for c, old, new in renamed.fields}
    assert fields["name_raw"] == (OLD_NAME, NEW_NAME)
    assert fields["name"] == (OLD_NAME, NEW_NAME)
    assert " → " in renamed.key and fields["program_id"][0] != fields["program_id"][1]
    (changed_line,) = d.tables["lines"].changed
    assert changed_line.key == "000_5eb07730d5f2e640:29"
    report = format_text(d)
    assert OLD_NAME in report and NEW_NAME in report
    assert not d.tables["plans"] and not d.tables["captions"]


def test_inserted_program_keeps_other_ids(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    doc = raw / "000_5eb07730d5f2e640.txt"
    text = doc.read_text(encoding="utf-8")
    doc.write_text(
        text.replace("事業PR販売促進助成、", "事業PR販売促進助成、新設支援事業、", 1),
        encoding="utf-8",
    )

    committed = snapshot()
    ids = {r["name_raw"]: r["program_id"] for r in parse_csv(committed["programs"])[1]}
    progs = diff_datasets(committed, rebuild(raw, tmp_path)).tables["programs"]
    assert [r["name_raw"] for _, r in progs.added] == ["新設支援事業"]
    assert progs.removed == []
    # the programs after it move one place down, under the same ids
    assert {c.key: c.fields for c in progs.changed} == {
        ids["エンジニア確保支援事業"]: (("seq", "2", "3"),),
        ids["スタートアップとの連携強化"]: (("seq", "3", "4"),),
        ids["創業支援施設事業充実"]: (("seq", "4", "5"),),
    }
