"""The code base stays ruff-clean (lint and format) and type-checks, with the pinned tools."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["pipeline", "tests", "benchmarks", "docs/examples"]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff(command: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *PATHS], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_sees_every_module() -> None:
    """No package folder is left out of the lint by an exclude pattern (a bare ``output`` in
    ``extend-exclude`` once matched ``pipeline/output`` as well as the top-level folder)."""
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--show-files", *PATHS], cwd=ROOT, capture_output=True, text=True
    )
    checked = {Path(line.strip()).resolve() for line in proc.stdout.splitlines() if line.strip().endswith(".py")}
    modules = {p.resolve() for folder in PATHS for p in (ROOT / folder).rglob("*.py") if ".venv" not in p.parts}
    assert modules - checked == set()


def test_mypy() -> None:
    """``mypy`` with the settings of pyproject.toml ([tool.mypy]: check_untyped_defs)."""
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pre_commit_hooks_use_the_pinned_tools() -> None:
    """Every hook of .pre-commit-config.yaml is local and runs a module of the project's venv."""
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    assert {h["id"] for h in hooks} >= {"ruff-check", "ruff-format", "mypy", "fast-tests"}
    for repo in config["repos"]:
        assert repo["repo"] == "local"
    for hook in hooks:
        assert hook["entry"].startswith(".venv/bin/python -m "), hook["id"]
        assert hook["language"] == "system"


def test_github_workflow_is_valid() -> None:
    """The workflow users copy validates against the GitHub-workflow schema (vendored, offline)."""
    workflow = ROOT / ".github" / "workflows" / "data.yml"
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow)]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = workflow.read_text(encoding="utf-8")
    assert "make test" in text and "FORMAT=markdown" in text and "GITHUB_STEP_SUMMARY" in text
