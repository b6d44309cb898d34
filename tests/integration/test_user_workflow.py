"""The documented workflow of a user who adds a document keeps the suite green.

A copy of the project gets an invented announcement in raw/; ``make update`` rebuilds and
accepts the snapshot; ``make test`` (the whole suite, in the copy, with this project's
environment) passes before the commit, and the new plans are in output/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.prefix)
#: Set in the copy's own run, so the nested suite does not start this test again.
NESTED = "PIPELINE_NESTED_SUITE"
#: Tests left out of the nested run: this one, and the one that needs a package index.
NESTED_DESELECT = "not test_user_workflow and not test_installing_beside"
#: The fixture announcement made into another: two municipalities renamed (its period is chosen per run).
INVENTED = {"品川区": "府中市", "江戸川区": "調布市"}
#: A plan heading's municipality: 「X地域産業活性化計画」.
PLAN_HEADING = r"「(\S+?)地域産業活性化計画」"
#: The fixture's plan period, and the length of a plan in fiscal years.
FIXTURE_PERIOD = "令和5年度～令和7年度"
PLAN_YEARS = 3
#: 令和N年度 is fiscal year 2018 + N.
REIWA_OFFSET = 2018


def free_start_fy(project: Path, municipalities: set[str]) -> int:
    """The first fiscal year from 2024 whose plan period overlaps no plan of ``municipalities``
    in the project's snapshot, so the invented plans never collide with a user's own."""
    plans_csv = project / "output" / "plans.csv"
    plans = pd.read_csv(plans_csv, dtype=str) if plans_csv.is_file() else pd.DataFrame(columns=["municipality"])
    used = {int(y) for y in plans.loc[plans["municipality"].isin(municipalities), "start_fy"].dropna()}
    fy = 2024
    while any(abs(fy - y) < PLAN_YEARS for y in used):
        fy += 1
    return fy


def copy_project(dest: Path) -> None:
    """The checkout's files (tracked, and new ones not ignored), with their times kept."""
    names = (
        subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, names):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "copy"]):
        subprocess.run(["git", *args], cwd=dest, check=True, capture_output=True)


def make(project: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    installed = [f"-o{VENV}/.installed", f"-o{VENV}/.dev-installed"]  # never reinstall from the copy
    env = {**os.environ, NESTED: "1", "PYTEST_ADDOPTS": f"-p no:cacheprovider -k '{NESTED_DESELECT}'"}
    env.pop("PYTHONPATH", None)
    command = ["make", "--no-print-directory", f"VENV={VENV}", *installed, *targets]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)


@pytest.mark.skipif(os.environ.get(NESTED) == "1", reason="already inside the nested suite")
def test_user_workflow_add_a_document_update_and_test(tmp_path: Path) -> None:
    if not (VENV / ".dev-installed").exists():
        pytest.fail(f"run the suite with the project's environment ({VENV} has no .dev-installed): make test")
    project = tmp_path / "project"
    copy_project(project)
    text = (ROOT / "tests" / "fixtures" / "corpus" / "000_5eb07730d5f2e640.txt").read_text(encoding="utf-8")
    for old, new in INVENTED.items():
        text = text.replace(old, new)
    fy = free_start_fy(project, set(re.findall(PLAN_HEADING, text)))
    reiwa = fy - REIWA_OFFSET
    text = text.replace(FIXTURE_PERIOD, f"令和{reiwa}年度～令和{reiwa + PLAN_YEARS - 1}年度")
    (project / "raw" / "invented_test_announcement.txt").write_text("テスト用データ（架空）\n" + text, encoding="utf-8")
    with (project / "raw" / "sources.csv").open("a", encoding="utf-8") as f:
        f.write("invented_test_announcement.txt,テスト用データ（架空）,,,,東京都,,,invented for the tests\n")

    update = make(project, "update")
    assert update.returncode == 0, update.stdout[-3000:] + update.stderr[-3000:]
    plans = pd.read_csv(project / "output" / "plans.csv", dtype=str)
    assert {"府中市", "調布市"} <= set(plans["municipality"])
    assert f"132063-{fy}" in set(plans["plan_id"])

    test = make(project, "test")
    assert test.returncode == 0, test.stdout[-5000:] + test.stderr[-3000:]
