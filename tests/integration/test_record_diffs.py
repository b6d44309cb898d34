"""Record diffs of real changes: a renamed program is one change, an inserted one shifts only seq.

Both are built from the suite's own corpus (tests/fixtures/corpus), before and after an edit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.driver.build import BuildConfig, build
from pipeline.tools.diff import diff_datasets, format_text, parse_csv, read_dir

pytestmark = pytest.mark.integration

OLD_NAME, NEW_NAME = "エンジニア確保支援事業", "エンジニア採用支援事業"
DOC = "000_5eb07730d5f2e640.txt"


def rebuild(raw: Path, root: Path) -> dict[str, str]:
    out = root / "output"
    build(BuildConfig(raw_dir=raw, interim_dir=root / "interim", output_dir=out))
    return read_dir(out)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory, fixture_raw: Path) -> dict[str, str]:
    return rebuild(fixture_raw, tmp_path_factory.mktemp("baseline"))


def edited(fixture_raw: Path, tmp_path: Path, old: str, new: str) -> dict[str, str]:
    raw = tmp_path / "raw"
    shutil.copytree(fixture_raw, raw)
    text = (raw / DOC).read_text(encoding="utf-8")
    assert text.count(old) == 1
    (raw / DOC).write_text(text.replace(old, new), encoding="utf-8")
    return rebuild(raw, tmp_path)


def test_renamed_program_shows_old_and_new_name(baseline: dict[str, str], fixture_raw: Path, tmp_path: Path) -> None:
    d = diff_datasets(baseline, edited(fixture_raw, tmp_path, OLD_NAME, NEW_NAME))
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


def test_inserted_program_keeps_other_ids(baseline: dict[str, str], fixture_raw: Path, tmp_path: Path) -> None:
    after = edited(fixture_raw, tmp_path, "事業PR販売促進助成、", "事業PR販売促進助成、新設支援事業、")
    ids = {r["name_raw"]: r["program_id"] for r in parse_csv(baseline["programs"])[1]}
    progs = diff_datasets(baseline, after).tables["programs"]
    assert [r["name_raw"] for _, r in progs.added] == ["新設支援事業"]
    assert progs.removed == []
    # the programs after it move one place down, under the same ids
    assert {c.key: c.fields for c in progs.changed} == {
        ids["エンジニア確保支援事業"]: (("seq", "2", "3"),),
        ids["スタートアップとの連携強化"]: (("seq", "3", "4"),),
        ids["創業支援施設事業充実"]: (("seq", "4", "5"),),
    }
