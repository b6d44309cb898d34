"""pipeline.tools.diff: record-level comparison of CSV snapshots, and its three formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipeline.tools.diff import DiffFormat, diff_datasets, diff_table, format_diff

ROOT = Path(__file__).resolve().parents[2]

PROGRAMS_OLD = "program_id,name,seq\np1,A,1\np2,B,2\np3,C,3\n"
PROGRAMS_NEW = "program_id,name,seq\np1,A,1\np4,X,2\np2,B,3\np3,C2,4\n"


def test_keyed_added_removed_changed() -> None:
    d = diff_table("programs", PROGRAMS_OLD, PROGRAMS_NEW)
    assert [k for k, _ in d.added] == ["p4"] and d.removed == []
    assert {c.key: c.fields for c in d.changed} == {
        "p2": (("seq", "2", "3"),),
        "p3": (("name", "C", "C2"), ("seq", "3", "4")),
    }


def test_composite_key_for_lines() -> None:
    old = "doc_id,line_no,text\nd,1,a\nd,2,b\n"
    new = "doc_id,line_no,text\nd,1,a\nd,2,bb\n"
    (c,) = diff_table("lines", old, new).changed
    assert c.key == "d:2" and c.fields == (("text", "b", "bb"),)


def test_warnings_compared_as_multiset() -> None:
    old = "doc_id,code\nd,x\nd,x\nd,y\n"
    new = "doc_id,code\nd,y\nd,x\nd,z\n"
    d = diff_table("warnings", old, new)
    assert [r["code"] for _, r in d.removed] == ["x"]
    assert [r["code"] for _, r in d.added] == ["z"]
    assert not diff_table("warnings", old, "doc_id,code\nd,y\nd,x\nd,x\n")


def test_new_column_reported_once() -> None:
    d = diff_table(
        "programs",
        PROGRAMS_OLD,
        PROGRAMS_OLD.replace("seq\n", "seq,themes\n").replace("1\n", "1,dx\n"),
    )
    assert d.columns_added == ["themes"] and d.changed == [] and not d.added


def test_missing_table_is_all_added() -> None:
    d = diff_datasets({}, {"programs": PROGRAMS_OLD})
    assert len(d.tables["programs"].added) == 3


def test_formats() -> None:
    d = diff_datasets({"programs": PROGRAMS_OLD}, {"programs": PROGRAMS_NEW})
    text = format_diff(d, DiffFormat.TEXT)
    assert "~ p3" in text and "'C' → 'C2'" in text and "+ p4" in text
    data = json.loads(format_diff(d, DiffFormat.JSON))
    assert data["tables"]["programs"]["changed"][1]["fields"]["name"] == {"old": "C", "new": "C2"}
    md = format_diff(d, DiffFormat.MARKDOWN)
    assert "| ✏️ | `p3` | name | C | C2 |" in md
    same = diff_datasets({"programs": PROGRAMS_OLD}, {"programs": PROGRAMS_OLD})
    assert format_diff(same) == "" and json.loads(format_diff(same, DiffFormat.JSON)) == {"tables": {}}


def test_cli_diff_against_head_on_unchanged_tree_prints_nothing() -> None:
    """`make diff` on a clean checkout: output/ equals HEAD's snapshot."""
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "output"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "diff", "--ref", "HEAD", "--exit-code"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if dirty.strip():
        assert proc.returncode in (0, 1)  # uncommitted data changes: the diff may show them
    else:
        assert (proc.returncode, proc.stdout) == (0, "")


def test_renamed_program_is_paired_on_initiative_and_seq() -> None:
    head = "program_id,initiative_id,seq,name_raw\n"
    old = head + "a-1-x,a-1,1,A\na-1-y,a-1,2,B\n"
    new = head + "a-1-x,a-1,1,A\na-1-z,a-1,2,C\n"
    d = diff_table("programs", old, new)
    assert d.added == [] and d.removed == []
    (change,) = d.changed
    assert change.key == "a-1-y → a-1-z"
    assert change.fields == (("program_id", "a-1-y", "a-1-z"), ("name_raw", "B", "C"))


def test_ambiguous_renames_stay_added_and_removed() -> None:
    head = "program_id,initiative_id,seq,name_raw\n"
    old = head + "p1,a-1,1,A\n"
    new = head + "p2,a-1,1,B\np3,a-1,1,C\n"
    d = diff_table("programs", old, new)
    assert [k for k, _ in d.removed] == ["p1"] and sorted(k for k, _ in d.added) == ["p2", "p3"]


def test_markdown_summary_first_and_added_documents_collapsed() -> None:
    old = {
        "documents": "doc_id,title,n_plans\na,First,1\n",
        "plans": "plan_id,doc_id,summary\np1,a,x\n",
        "programs": "program_id,plan_id,name\nq1,p1,A\n",
    }
    new = {
        "documents": "doc_id,title,n_plans\na,First,1\nb,Second,1\n",
        "plans": "plan_id,doc_id,summary\np1,a,y\np2,b,z\n",
        "programs": "program_id,plan_id,name\nq1,p1,A\nq2,p2,B\nq3,p2,C\n",
    }
    md = format_diff(diff_datasets(old, new), DiffFormat.MARKDOWN)
    lines = md.splitlines()
    assert lines[2:7] == [
        "| table | added | removed | changed |",
        "|---|---:|---:|---:|",
        "| `documents` | 1 | 0 | 0 |",
        "| `plans` | 1 | 0 | 1 |",
        "| `programs` | 2 | 0 | 0 |",
    ]
    assert "- `b` — Second (1 plan(s))" in lines
    assert "- 2 record(s) of the added documents, not listed" in lines  # programs q2, q3
    assert "| ✏️ | `p1` | summary | x | y |" in lines  # a change of an old document is listed
    assert not any("`q2`" in ln for ln in lines)
    assert md.count("<details>") == md.count("</details>") == 3
