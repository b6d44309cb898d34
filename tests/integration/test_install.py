"""The package installs into a user's existing environment without replacing its libraries.

The wheel is built from the checkout, and pip's resolver is asked (``--dry-run --report``,
nothing is installed) to install it beside pandas 2.2: the answer must keep pandas 2.2,
which exact pins would refuse.  This needs PyPI (or the machine's package index) for the
dependencies' metadata.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import pipeline

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_PANDAS = "2.2.3"


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", out, ".")
    assert "error" not in proc.stderr.lower()
    (whl,) = out.glob("*.whl")
    return whl


def test_version_is_the_distributions() -> None:
    assert pipeline.__version__ != "0+unknown"
    proc = run(sys.executable, "-m", "pipeline", "--version")
    assert proc.stdout.strip() == f"python -m pipeline {pipeline.__version__}"


def test_wheel_holds_the_reference_data(wheel: Path) -> None:
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"pipeline/data/municipalities.csv", "pipeline/data/themes.csv", "pipeline/read/pdf/__init__.py"} <= names
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


def test_installing_beside_pandas_2_2_keeps_it(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    report = tmp_path / "report.json"
    run(
        env / "bin" / "python",
        "-m",
        "pip",
        "install",
        "--dry-run",
        "--quiet",
        "--report",
        report,
        wheel,
        f"pandas=={NOTEBOOK_PANDAS}",
    )
    chosen = {
        i["metadata"]["name"].lower(): i["metadata"]["version"] for i in json.loads(report.read_text())["install"]
    }
    assert chosen["pandas"] == NOTEBOOK_PANDAS
    assert chosen["chiiki-sangyo-plans"] == pipeline.__version__
    assert "pdfplumber" not in chosen  # PDF support is the [pdf] extra
