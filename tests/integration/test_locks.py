"""Builds that share folders: they take turns, a killed build's lock is taken over, a waiting one stops clearly."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from hostile_cases import REAL_DOC, shifted

from pipeline.driver.build import BuildConfig, build
from pipeline.driver.lock import LOCK_NAME, read_holder

pytestmark = pytest.mark.integration

#: A child build must end well within this (a hang guard, not a speed measurement).
BOUND_S = 240
HOLD = """
import sys, time
from pathlib import Path
from pipeline.driver.lock import folder_lock
with folder_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(600)
"""


def _command(raw: Path, interim: Path, output: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--interim", str(interim), "--output", str(output), "--jobs", "1", *extra]  # fmt: skip


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _holder(folder: Path) -> subprocess.Popen[str]:
    """A process that holds the lock of ``folder`` until it is killed."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], env=_env(), stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def _plan_years(output: Path) -> set[str]:
    return {p[-4:] for p in pd.read_csv(output / "plans.csv", dtype=str)["plan_id"]}


def test_a_waiting_build_stops_with_a_message_and_a_killed_builds_lock_is_taken_over(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REAL_DOC, raw / "real.txt")
    interim, output = tmp_path / "interim", tmp_path / "output"
    holder = _holder(interim)
    try:
        proc = subprocess.run(
            _command(raw, interim, output, "--lock-wait", "1"),
            env=_env(),
            capture_output=True,
            text=True,
            timeout=BOUND_S,
            check=False,
        )
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert f"is in use by the build with process id {holder.pid} on" in proc.stderr
        assert "raise --lock-wait" in proc.stderr
        assert not output.exists()  # nothing was written
    finally:
        holder.send_signal(signal.SIGKILL)  # a build killed while it held the lock
        holder.wait()
    left = read_holder(interim / LOCK_NAME)  # the killed build's description is still in the lock file
    assert left is not None and left["pid"] == holder.pid
    with caplog.at_level(logging.WARNING, logger="pipeline.driver.lock"):
        result = build(BuildConfig(raw, interim, output, lock_wait_s=5))
    assert result.errors == 0 and _plan_years(output) == {"2023"}
    assert any(f"process id {holder.pid}" in r.message and "taken over" in r.message for r in caplog.records)
    assert (interim / LOCK_NAME).read_bytes() == b""  # released: it names no one


def test_builds_sharing_folders_take_turns(tmp_path: Path) -> None:
    """Three builds at once: two share the interim folder with different raw folders (they once
    mixed each other's data), two share every folder (one once ended in Errno 2 on a staging file)."""
    raws = {}
    for name, text in (("raw1", REAL_DOC.read_text(encoding="utf-8")), ("raw2", shifted(6))):
        raws[name] = tmp_path / name
        raws[name].mkdir()
        (raws[name] / "a.txt").write_text(text, encoding="utf-8")  # the same name: the same interim folder
    interim = tmp_path / "interim"
    runs = [("raw1", "out1"), ("raw2", "out2"), ("raw1", "out1")]
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            _command(raws[r], interim, tmp_path / o),
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for r, o in runs
    ]
    outcomes = [(p.wait(timeout=BOUND_S), (p.communicate()[1])) for p in procs]
    assert time.monotonic() - started < BOUND_S
    for code, stderr in outcomes:
        assert code == 0 and "Traceback" not in stderr and "Errno" not in stderr, stderr
    assert _plan_years(tmp_path / "out1") == {"2023"}
    assert _plan_years(tmp_path / "out2") == {"2024"}
    assert not list((tmp_path / "out1").glob(".staging-*"))
