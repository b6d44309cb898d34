"""The hostile corpus: every input that can be wrong, built beside the real announcement.

One raw folder holds the real document and a hostile input of each kind
(:mod:`hostile_cases`); it is built once by the command line, as ``make`` runs it, in a
child process with a time bound.  Each test then checks one reported problem: a clear
error or warning naming the file (and line), the real document's data intact by value
(its 6 plans and 43 programs), and no traceback.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import ROOT, run_pipeline
from hostile_cases import (
    FORMULA_CAPTION,
    FORMULA_NAMES,
    N_PROGRAMS,
    NFC_NAME,
    NFD_NAME,
    PARAGRAPH_LINE,
    REAL_DOC,
    REAL_ID,
    REAL_NAME,
    UTF8_AS_CP932_LINES,
    manifest,
    self_referential_pdf,
    write_encodings,
    write_entries,
    write_names,
    write_paragraph,
    write_sizes,
    write_values,
)
from test_real_document import PLANS, PROGRAMS

from pipeline.core.limits import DEFAULT_MAX_LINES
from pipeline.driver.build import BuildConfig, build
from pipeline.driver.interim import folder_name
from pipeline.output.schema import MAX_CELL_CHARS

pytestmark = pytest.mark.integration

TABLES = ("documents", "plans", "initiatives", "programs", "captions", "lines", "warnings")
#: The whole corpus must build well within this (a hang guard, not a speed measurement).
BUILD_BOUND_S = 240
#: The overview paragraph of the huge-paragraph case, as reported.
PARAGRAPH_BYTES = 50 * 10**6
#: The time limit of the self-referential PDF's build: short, so the test is quick.
PDF_TIME_LIMIT_S = 3
#: That build must end within this: the limit, start-up and the real document's stages.
PDF_BOUND_S = 120
#: Peak memory of that build (5 GB when the summary held the paragraph whole; about 0.65 GB since).
PEAK_RSS_BOUND_MB = 1_500
#: Runs the command line and reports the process's peak memory (the build runs in it: --jobs 1).
MEASURED = """
import resource, sys
from pipeline.cli import main
code = main(sys.argv[1:])
print(f"maxrss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
sys.exit(code)
"""


class Built:
    """The corpus build: its folders, tables, exit status and messages."""

    def __init__(self, root: Path, returncode: int, stderr: str, seconds: float) -> None:
        self.root, self.returncode, self.stderr, self.seconds = root, returncode, stderr, seconds
        self.tables = {t: pd.read_parquet(root / "output" / f"{t}.parquet") for t in TABLES}

    def warnings_of(self, doc_id: str, code: str | None = None) -> pd.DataFrame:
        w = self.tables["warnings"]
        w = w[w["doc_id"] == doc_id]
        return w if code is None else w[w["code"] == code]

    def document(self, doc_id: str) -> pd.Series:
        return self.tables["documents"].set_index("doc_id").loc[doc_id]

    def plan_years(self, doc_id: str) -> set[str]:
        plans = self.tables["plans"]
        return {p[-4:] for p in plans.loc[plans["doc_id"] == doc_id, "plan_id"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("hostile")
    raw = root / "raw"
    raw.mkdir()
    (raw / REAL_NAME).write_bytes(REAL_DOC.read_bytes())
    (raw / "sources.csv").write_text(manifest(hashlib.sha256(REAL_DOC.read_bytes()).hexdigest()), encoding="utf-8")
    write_names(raw)
    write_entries(raw, root / "outside.txt")
    write_encodings(raw)
    write_sizes(raw, DEFAULT_MAX_LINES)
    write_values(raw)
    started = time.monotonic()
    proc = run_pipeline(
        raw, root / "interim", root / "output", "--jobs", "2", "--prefecture", "東京都", timeout=BUILD_BOUND_S
    )
    return Built(root, proc.returncode, proc.stderr, time.monotonic() - started)


def assert_real_document_intact(b: Built) -> None:
    """The real announcement's 6 plans and 43 programs, by value."""
    plans = b.tables["plans"]
    real = plans[plans["doc_id"] == REAL_ID].set_index("plan_id")
    assert {p: real.loc[p, "municipality"] for p in real.index} == {p: v[0] for p, v in PLANS.items()}
    assert set(real["prefecture"]) == {"東京都"}
    progs = b.tables["programs"]
    mine = progs[progs["plan_id"].isin(PLANS)]
    assert {k: list(g.sort_values("seq")["name_raw"]) for k, g in mine.groupby(["plan_id", "category_no"])} == PROGRAMS
    assert b.document(REAL_ID)["status"] == "ok"


def test_the_build_ends_without_a_traceback(built: Built) -> None:
    assert "Traceback" not in built.stderr, built.stderr
    assert built.returncode == 1  # error rows exist: the manifest's, the name collision's
    assert built.seconds < BUILD_BOUND_S
    assert_real_document_intact(built)


def test_a_file_beside_a_folder_of_the_same_name(built: Built) -> None:
    """``x.txt`` and ``x/read.json.txt`` once shared an interim folder; both are extracted."""
    assert built.plan_years("x") == {"2024"}
    assert built.plan_years("x/read.json") == {"2025"}
    assert len(built.warnings_of("x/read.json", "io_error")) == 0
    folders = {p.name for p in (built.root / "interim").iterdir() if p.is_dir()}
    assert {folder_name("x.txt"), folder_name("x/read.json.txt")} <= folders


def test_names_that_differ_only_in_normalisation(built: Built) -> None:
    """NFC and NFD ``が.txt``: the NFC one is extracted, the other is an error naming both."""
    assert built.plan_years("が") == {"2026"}
    (collided,) = [d for d in built.tables["documents"]["doc_id"] if d.startswith("が~")]
    assert built.document(collided)["status"] == "failed"
    assert built.document(collided)["source_path"] == NFD_NAME
    (row,) = built.warnings_of(collided, "name_collision").itertuples()
    assert row.severity == "error" and NFD_NAME in row.message and NFC_NAME in row.message
    assert "\\u304b\\u3099" in row.message  # the two spellings are told apart
    assert f"FAILED {collided}: [name_collision]" in built.stderr
    assert folder_name(NFC_NAME) != folder_name(NFD_NAME)


def test_the_manifest_is_checked_row_by_row(built: Built) -> None:
    rows = built.warnings_of("(manifest)").set_index("line_no")
    assert set(rows["code"]) == {"manifest_invalid"} and set(rows["severity"]) == {"error"}
    assert "prefecure" in rows.loc[1, "message"]  # the misspelt column is named
    assert "already has a row (line 2)" in rows.loc[3, "message"]  # the duplicate does not replace the real row
    assert "3 field(s) but the header has 10" in rows.loc[4, "message"]
    assert rows.loc[4, "location"] == "line 4"
    unknown = built.warnings_of("(manifest)", "manifest_unknown_file")
    assert len(unknown) == 0  # short.txt's row was not used, so it is not reported twice
    assert "ERROR (manifest): [manifest_invalid] line 3" in built.stderr


def test_links_hidden_files_pipes_and_bad_names_are_skipped(built: Built) -> None:
    docs = set(built.tables["documents"]["doc_id"])
    assert not docs & {"link", ".hidden", ".", "pipe", "\\xff-latin1"}
    skipped = built.tables["warnings"].query("code == 'skipped_file'").set_index("doc_id")
    assert set(skipped["severity"]) == {"warning"}
    assert "outside the raw folder" in skipped.loc["link", "message"]
    assert "--follow-symlinks" in skipped.loc["link", "message"]
    assert str(built.root) not in skipped.loc["link", "message"]  # no absolute path in the outputs
    assert "not a regular file" in skipped.loc["pipe", "message"]
    assert "not valid UTF-8" in skipped.loc["\\xff-latin1", "message"]
    summary = next(ln for ln in built.stderr.splitlines() if ln.startswith("skipped "))
    assert ".hidden.txt (hidden" in summary and "..txt (hidden" in summary


def test_a_file_that_mixes_encodings_is_an_error_naming_the_line(built: Built) -> None:
    """A CP932 file with two UTF-8 lines once gave mojibake captions and exit 0."""
    assert built.document("mixed")["status"] == "failed"
    (row,) = built.warnings_of("mixed", "mixed_encoding").itertuples()
    assert row.severity == "error" and row.location == f"line {UTF8_AS_CP932_LINES[0]}"
    assert "mixed.txt" in row.message and "UTF-8" in row.message and "CP932" in row.message
    assert not built.plan_years("mixed")


def test_nul_characters_are_removed_with_a_warning(built: Built) -> None:
    (row,) = built.warnings_of("nul", "control_characters_removed").itertuples()
    assert row.severity == "warning" and "U+0000 NUL ×2" in row.message and row.location == "line 9"
    progs = built.tables["programs"]
    assert "事業承継支援事業" in set(progs.loc[progs["plan_id"] == "131091-2033", "name_raw"])
    plans = built.tables["plans"].set_index("plan_id")
    assert plans.loc["131091-2033", "summary"].startswith("区内中小企業の経営環境は")
    for path in (built.root / "output").glob("*.csv"):
        assert "\x00" not in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize("doc_id", ["odd16", "odd16le"])
def test_utf16_cut_short_says_so(built: Built, doc_id: str) -> None:
    (row,) = built.warnings_of(doc_id, "undecodable_text").itertuples()
    assert "odd number of bytes" in row.message and f"{doc_id}.txt" in row.message
    assert built.document(doc_id)["status"] == "failed"


def test_33000_programs_in_one_list(built: Built) -> None:
    """Their seq once overflowed 16 bits and no table was written for any document."""
    progs = built.tables["programs"]
    mine = progs[progs["initiative_id"] == "132098-2024-3"].sort_values("seq")
    assert len(mine) == N_PROGRAMS
    assert pq.read_schema(built.root / "output" / "programs.parquet").field("seq").type == pa.int32()
    assert list(mine["seq"]) == list(range(1, N_PROGRAMS + 1))
    assert mine["name_raw"].iloc[-1] == f"第{N_PROGRAMS}号支援事業"
    assert mine["program_id"].is_unique
    (row,) = built.warnings_of("many_programs", "field_truncated").itertuples()
    assert "initiatives.text of 132098-2024-3" in row.message and f"({MAX_CELL_CHARS:,})" in row.message
    text = built.tables["initiatives"].set_index("initiative_id").loc["132098-2024-3", "text"]
    assert len(text) == MAX_CELL_CHARS
    lines = built.tables["lines"]
    assert len(lines.loc[(lines["doc_id"] == "many_programs") & (lines["line_no"] == 25), "text"].iloc[0]) > 300_000


def test_a_document_with_too_many_lines_is_refused(built: Built) -> None:
    (row,) = built.warnings_of("many_lines", "limit_exceeded").itertuples()
    assert "MAX_LINES" in row.message and "many_lines.txt" in row.message
    assert built.document("many_lines")["status"] == "failed"


def test_formula_like_values_are_kept_exact_and_reported(built: Built) -> None:
    progs = built.tables["programs"]
    names = list(progs.loc[progs["initiative_id"] == "132080-2024-3"].sort_values("seq")["name_raw"])
    assert names == list(FORMULA_NAMES)
    csv_text = (built.root / "output" / "programs.csv").read_text(encoding="utf-8")
    assert '"=HYPERLINK(""http://example.com"",""x"")"' in csv_text  # exact, CSV-quoted, no prefix added
    rows = built.warnings_of("formula", "formula_like_value")
    assert set(rows["severity"]) == {"warning"}
    for value in FORMULA_NAMES:  # one warning per value, naming every cell that holds it
        (row,) = rows[rows["message"].str.startswith(f"the value {value!r}")].itertuples()
        assert "programs.name_raw of 132080-2024-3-" in row.message and row.location == "line 25"
    (caption,) = rows[rows["message"].str.startswith(f"the value {FORMULA_CAPTION!r}")].itertuples()
    assert "captions.text of 132080-2024-c2, lines.text of formula:13" in caption.message
    (listed,) = rows[rows["message"].str.startswith('the value \'=HYPERLINK("http://example.com","x")、')].itertuples()
    assert "initiatives.text of 132080-2024-3, lines.text of formula:25" in listed.message  # the whole list line


def test_a_municipality_outside_the_prefecture_is_a_warning(built: Built) -> None:
    (row,) = built.warnings_of("osaka", "municipality_name_mismatch").itertuples()
    assert row.severity == "warning" and row.location == "line 1"
    assert "'大阪市' is in 大阪府, not in the document's prefecture 東京都" in row.message
    plans = built.tables["plans"].set_index("plan_id")
    assert plans.loc["271004-2024", "prefecture"] == "大阪府"


def test_a_50_mb_paragraph_is_bounded(tmp_path: Path) -> None:
    """It became one 17-million-character summary cell, 5 GB of peak memory and no warning."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / REAL_NAME).write_bytes(REAL_DOC.read_bytes())
    n = write_paragraph(raw / "paragraph.txt", PARAGRAPH_BYTES)
    command = [sys.executable, "-c", MEASURED, "build", "--raw", str(raw), "--interim", str(tmp_path / "interim")]
    command += ["--output", str(tmp_path / "output"), "--jobs", "1", "--prefecture", "東京都"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=BUILD_BOUND_S, check=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    peak_mb = int(proc.stderr.rsplit("maxrss_kb=", 1)[1]) / 1024
    assert peak_mb < PEAK_RSS_BOUND_MB
    b = Built(tmp_path, proc.returncode, proc.stderr, 0.0)
    assert_real_document_intact(b)
    summary = b.tables["plans"].set_index("plan_id").loc["132128-2024", "summary"]
    assert len(summary) == MAX_CELL_CHARS and summary.startswith("地域の中小企業の経営基盤を強化し")
    (row,) = b.warnings_of("paragraph", "field_truncated").itertuples()
    assert "plans.summary of 132128-2024" in row.message and f"(lines 5–{5 + n})" in row.message
    lines = b.tables["lines"]
    kept = lines[(lines["doc_id"] == "paragraph") & lines["place"].eq("plans.summary")]
    assert len(kept) == n + 1 and kept["text"].iloc[:n].eq(PARAGRAPH_LINE).all()  # every line, whole


@pytest.mark.parametrize(("engine", "code"), [("pdfplumber", "time_limit_exceeded"), ("pdfium", "no_plans")])
def test_a_pdf_whose_stream_length_refers_to_itself_is_bounded(tmp_path: Path, engine: str, code: str) -> None:
    """It hung the build forever with no output (closing the PDF walked it again after the timer).

    pdfminer still loops on the length, so pdfplumber ends at the time limit; pdfium
    repairs the stream and reads its one word, which is no plan.
    """
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / REAL_NAME).write_bytes(REAL_DOC.read_bytes())
    (raw / "looping.pdf").write_bytes(self_referential_pdf())
    extra = ("--jobs", "2", "--prefecture", "東京都", "--time-limit", str(PDF_TIME_LIMIT_S), "--pdf-engine", engine)
    proc = run_pipeline(raw, tmp_path / "interim", tmp_path / "output", *extra, timeout=PDF_BOUND_S)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert f"FAILED looping: [{code}] looping.pdf" in proc.stderr
    b = Built(tmp_path, proc.returncode, proc.stderr, 0.0)
    (row,) = b.warnings_of("looping").itertuples()
    assert row.code == code and row.severity == "error"
    if code == "time_limit_exceeded":
        assert f"time limit of {PDF_TIME_LIMIT_S} s" in row.message
    assert b.document("looping")["status"] == "failed"
    assert_real_document_intact(b)


@pytest.mark.parametrize("kind", ["folder", "cp932", "no file column"])
def test_a_broken_manifest_never_stops_the_build(tmp_path: Path, kind: str) -> None:
    """Each of these ended in a traceback; now the documents are extracted and the manifest reported."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / REAL_NAME).write_bytes(REAL_DOC.read_bytes())
    manifest_path = raw / "sources.csv"
    if kind == "folder":
        manifest_path.mkdir()
    elif kind == "cp932":  # valid, in the other encoding the documents may have: read, not refused
        manifest_path.write_bytes(f"file,title,prefecture\n{REAL_NAME},承認した計画の概要,東京都\n".encode("cp932"))
    else:
        manifest_path.write_text(f"name,prefecture\n{REAL_NAME},東京都\n", encoding="utf-8")
    result = build(BuildConfig(raw, tmp_path / "interim", tmp_path / "output"))
    b = Built(tmp_path, 1 if result.errors else 0, "", 0.0)
    assert_real_document_intact(b)
    problems = b.warnings_of("(manifest)")
    if kind == "cp932":
        assert len(problems) == 0 and result.errors == 0
    else:
        expected = ["a folder, not a file"] if kind == "folder" else ["no file column", "unknown column(s) ['name']"]
        assert set(problems["code"]) == {"manifest_invalid"} and result.errors == len(expected)
        assert all(any(e in m for m in problems["message"]) for e in expected)
