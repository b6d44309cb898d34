"""What the build command prints: the summary line, the -v/-q levels and the progress bar.

The summary line's numbers are checked against the CSVs the build wrote; the progress bar
is checked on a pseudo-terminal (drawn, advanced to every document, then the tables' phase)
and on a pipe (no control characters at all).
"""

from __future__ import annotations

import csv
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_pipeline

from pipeline.cli import PROGRESS_MIN_DOCUMENTS
from pipeline.driver.summary import SUMMARY_TABLES

pytestmark = pytest.mark.integration

ROUNDS = ROOT / "tests" / "fixtures" / "rounds"
#: Seconds a build of the test corpora may take on a busy machine before the test gives up.
BUILD_TIMEOUT_S = 600
SUMMARY = re.compile(
    r"^build: (?P<docs>\d+) documents? \((?P<ok>\d+) ok, (?P<failed>\d+) failed\), (?P<rebuilt>\d+) re-processed; "
    r"rows: (?P<rows>[^;\n]+); warnings: (?P<errors>\d+) errors?, (?P<warnings>\d+) warnings?, (?P<strict>[^;\n]+)"
    r"(?P<written>; tables written to .+)?$",
    flags=re.M,
)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _summary(stderr: str) -> re.Match[str]:
    found = SUMMARY.findall(stderr)
    assert len(found) == 1, stderr  # exactly one summary line
    match = SUMMARY.search(stderr)
    assert match is not None
    return match


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the rounds corpus (more documents than the progress bar's threshold), built once."""
    root = tmp_path_factory.mktemp("cli_rounds")
    shutil.copytree(ROUNDS, root / "raw")
    (root / "raw" / ".DS_Store").write_bytes(b"")  # skipped, and said so at the info level
    proc = run_pipeline(root / "raw", root / "interim", root / "output", timeout=BUILD_TIMEOUT_S)
    assert proc.returncode == 0, proc.stderr
    return root


def _run(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_pipeline(root / "raw", root / "interim", root / "output", *extra, timeout=BUILD_TIMEOUT_S)


def test_summary_line_numbers_are_the_written_rows(tmp_path: Path, fixture_raw: Path) -> None:
    shutil.copytree(fixture_raw, tmp_path / "raw")
    first = run_pipeline(tmp_path / "raw", tmp_path / "interim", tmp_path / "output", timeout=BUILD_TIMEOUT_S)
    assert first.returncode == 0, first.stderr
    line = _summary(first.stderr)
    out = tmp_path / "output"
    documents = _csv_rows(out / "documents.csv")
    assert int(line["docs"]) == len(documents) == 1
    assert int(line["failed"]) == sum(d["status"] == "failed" for d in documents)
    assert int(line["ok"]) == len(documents) - int(line["failed"])
    rows = dict(part.rsplit(" ", 1) for part in line["rows"].split(", "))
    assert list(rows) == list(SUMMARY_TABLES)
    assert {t: int(n) for t, n in rows.items()} == {t: len(_csv_rows(out / f"{t}.csv")) for t in SUMMARY_TABLES}
    assert int(rows["plans"]) == 6 and int(rows["programs"]) > 0  # the six municipalities of the document
    warnings = _csv_rows(out / "warnings.csv")
    assert int(line["errors"]) == sum(w["severity"] == "error" for w in warnings)
    assert int(line["warnings"]) == sum(w["severity"] == "warning" for w in warnings) > 0
    assert line["written"] == f"; tables written to {out}"
    # nothing to redo: the same numbers, from the assembly stamp
    again = _summary(run_pipeline(tmp_path / "raw", tmp_path / "interim", out, timeout=BUILD_TIMEOUT_S).stderr)
    assert again["rebuilt"] == "0" and again["written"] is None
    assert (again["rows"], again["errors"], again["warnings"]) == (line["rows"], line["errors"], line["warnings"])


def test_no_progress_bar_when_stderr_is_not_a_terminal(rounds: Path) -> None:
    proc = _run(rounds)
    assert proc.returncode == 0, proc.stderr
    assert int(_summary(proc.stderr)["docs"]) > PROGRESS_MIN_DOCUMENTS
    assert "\x1b" not in proc.stderr and "\r" not in proc.stderr
    assert any(ln.startswith("skipped ") and ".DS_Store (hidden" in ln for ln in proc.stderr.splitlines())


def test_quiet_keeps_errors_and_the_summary_line(rounds: Path) -> None:
    quiet = _run(rounds, "-q")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr.splitlines() == [_summary(quiet.stderr).group(0)]  # the info line about .DS_Store is gone
    silent = _run(rounds, "-qq")
    assert (silent.returncode, silent.stderr) == (0, "")
    (rounds / "raw" / "broken.txt").write_text("", encoding="utf-8")
    try:
        failed = _run(rounds, "-qq")
    finally:
        (rounds / "raw" / "broken.txt").unlink()
    assert failed.returncode == 1
    assert any(ln.startswith("FAILED ") and "broken.txt" in ln for ln in failed.stderr.splitlines()), failed.stderr
    assert not SUMMARY.search(failed.stderr)


def test_verbose_prints_a_line_per_document(rounds: Path) -> None:
    names = sorted(p.name for p in (rounds / "raw").glob("*.txt"))
    default = _run(rounds)
    assert not any(f"{name} (" in default.stderr for name in names)
    verbose = _run(rounds, "-v")
    assert verbose.returncode == 0, verbose.stderr
    lines = [ln for ln in verbose.stderr.splitlines() if ln.endswith(": reused")]
    assert sorted(ln.split(" (")[0] for ln in lines) == names  # nothing changed: every document reused
    assert _summary(verbose.stderr)["docs"] == str(len(names))


def _run_on_terminal(root: Path, *extra: str) -> tuple[int, str]:
    """The build with stderr on a pseudo-terminal; its exit code and everything it drew there."""
    controller, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR")}
    env.update(TERM="xterm", COLUMNS="100", PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "pipeline", "build", "--raw", str(root / "raw")]
    command += ["--interim", str(root / "interim"), "--output", str(root / "output"), *extra]
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=terminal, env=env)
    os.close(terminal)
    chunks, deadline = [], time.monotonic() + BUILD_TIMEOUT_S
    try:
        while time.monotonic() < deadline:
            if not select.select([controller], [], [], 1)[0]:
                continue
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the child closed the terminal (EIO on Linux)
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = proc.wait(timeout=BUILD_TIMEOUT_S)
    finally:
        os.close(controller)
        if proc.poll() is None:
            proc.kill()
    return code, b"".join(chunks).decode("utf-8", errors="replace")


def test_progress_bar_on_a_terminal(rounds: Path) -> None:
    (rounds / "interim" / "_assemble.json").unlink(missing_ok=True)  # so the tables' phase runs too
    n = len(list((rounds / "raw").glob("*.txt")))
    assert n > PROGRESS_MIN_DOCUMENTS
    code, drawn = _run_on_terminal(rounds)
    assert code == 0, drawn
    assert "\x1b[?25l" in drawn and "\r\x1b[2K" in drawn  # the cursor hidden, the bar redrawn in place
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn)
    counts = [int(m) for m in re.findall(rf"documents .*?━+ (\d+)/{n}", plain)]
    assert counts[0] == 0 and counts[-1] == n and counts == sorted(counts), counts  # it only goes forward
    assert re.search(r"tables .*?━+ 1/1", plain), plain
    after_bar = plain[plain.rindex("━") :].split("\n", 1)[1].replace("\r\n", "\n")
    assert _summary(after_bar)["docs"] == str(n)  # printed below the finished bar, not through it


def test_quiet_draws_no_bar_on_a_terminal(rounds: Path) -> None:
    code, drawn = _run_on_terminal(rounds, "-q")
    assert code == 0, drawn
    assert "\x1b" not in drawn and "━" not in drawn
    assert SUMMARY.search(drawn.replace("\r\n", "\n"))


def test_verbose_lines_are_printed_above_the_bar(rounds: Path) -> None:
    names = sorted(p.name for p in (rounds / "raw").glob("*.txt"))
    code, drawn = _run_on_terminal(rounds, "-v")
    assert code == 0, drawn
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn)
    lines = re.split(r"[\r\n]+", plain)
    assert sorted(ln.split(" (")[0] for ln in lines if ln.endswith(": reused")) == names  # whole lines, not torn
    assert re.findall(rf"documents .*?━+ (\d+)/{len(names)}", plain)[-1] == str(len(names))
