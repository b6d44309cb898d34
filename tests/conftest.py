from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
REAL_DOC = ROOT / "raw" / "000_5eb07730d5f2e640.txt"


@pytest.fixture(scope="session")
def real_doc() -> Path:
    return REAL_DOC


@pytest.fixture(scope="session")
def pdf_fixtures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The PDF fixtures of tests/pdfs/make_fixtures.py, rendered once per session."""
    from pdfs.make_fixtures import make_bad, make_good

    out = tmp_path_factory.mktemp("pdfs")
    return {**make_good(out), **make_bad(out)}


def run_pipeline(
    raw: Path, interim: Path, output: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m pipeline build`` in a child process, as ``make`` runs it."""
    command = [sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--interim", str(interim)]
    command += ["--output", str(output), *extra]
    child_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(command, env=child_env, capture_output=True, text=True, check=False)


def require_browser(chromium: Path) -> None:
    """Skip the calling test when ``chromium`` is missing on a developer's machine; fail in CI.

    CI (``CI=true``) installs Debian's Chromium in ``.ci/run``, so a missing browser there is a
    broken set-up, not a reason to skip.
    """
    if chromium.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{chromium} is missing in CI: .ci/run installs it (apt-get install chromium)")
    pytest.skip(f"{chromium} is not installed (apt-get install chromium); the browser test needs it")


# Property tests explore new examples on a developer's machine, but CI (CI=true) replays a
# fixed, derandomised set so that a red build always means a change, not a new draw.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")
