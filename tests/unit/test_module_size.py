"""The readers stay small enough to read at once (the project's size limits, checked on the AST)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Packages held to the limits by this test.
CHECKED = ("pipeline/read",)
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

MODULES = sorted(p for package in CHECKED for p in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_and_function_sizes(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    n_lines = len(source.splitlines())
    assert n_lines <= MAX_MODULE_LINES, f"{n_lines} lines: split the module"
    too_long = [
        f"{node.name} (line {node.lineno}): {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert too_long == []


def test_the_check_sees_the_modules() -> None:
    assert len(MODULES) >= 10 and any(p.name == "loader.py" for p in MODULES)
