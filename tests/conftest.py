from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
#: The suite's own corpus (tests/fixtures/corpus/README.md): the tests never read the user's raw/,
#: except the snapshot test, whose job it is.
FIXTURE_RAW = ROOT / "tests" / "fixtures" / "corpus"
REAL_DOC = FIXTURE_RAW / "000_5eb07730d5f2e640.txt"
# tests/html holds the HTML page generator; it is no package (a package named html would
# hide the standard library's), so its folder goes on the path.
sys.path.insert(0, str(ROOT / "tests" / "html"))


@pytest.fixture(scope="session")
def real_doc() -> Path:
    return REAL_DOC


@pytest.fixture(scope="session")
def fixture_raw() -> Path:
    """The folder of the suite's own corpus (copy it before building into it)."""
    return FIXTURE_RAW


@pytest.fixture(scope="session")
def pdf_fixtures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The PDF fixtures of tests/pdfs/make_fixtures.py, rendered once per session."""
    from pdfs.make_fixtures import make_bad, make_good

    out = tmp_path_factory.mktemp("pdfs")
    return {**make_good(out), **make_bad(out)}


@pytest.fixture(scope="session")
def html_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The HTML test pages of tests/html/make_pages.py, written once per session."""
    from make_pages import make_bad, make_good

    out = tmp_path_factory.mktemp("html")
    return {**make_good(out), **make_bad(out)}


@pytest.fixture(scope="session")
def table_fixtures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The spreadsheet-like PDF fixtures of tests/pdfs/make_fixtures.py, rendered once per session."""
    from pdfs.make_fixtures import make_tables

    return make_tables(tmp_path_factory.mktemp("tables"))


def run_pipeline(
    raw: Path,
    interim: Path,
    output: Path,
    *extra: str,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m pipeline build`` in a child process, as ``make`` runs it (killed after ``timeout`` s)."""
    command = [sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--interim", str(interim)]
    command += ["--output", str(output), *extra]
    child_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(command, env=child_env, capture_output=True, text=True, check=False, timeout=timeout)


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
