"""The package layout holds: imports run downward, no cycles, small modules and functions.

Layers, from the bottom: ``core`` ← ``lang`` ← the stages (``read``, ``segment``,
``extract``, ``output``) ← ``driver`` ← ``cli``.  A module may import its own package and
the layers below it; a stage imports no other stage, except that ``extract`` builds its
rows with ``output.schema``.  ``tools`` sit beside the driver and are imported by nothing
but the command line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pipeline

PIPELINE = Path(pipeline.__file__).resolve().parent
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

#: What each package may import besides itself.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "lang": {"core"},
    "read": {"core", "lang"},
    "segment": {"core", "lang"},
    "extract": {"core", "lang", "output.schema"},
    "output": {"core", "lang"},
    "driver": {"core", "lang", "read", "segment", "extract", "output"},
    "tools": {"core", "lang", "output"},
    "cli": {"core", "driver", "tools"},
    "__init__": {"output"},
    "__main__": {"cli"},
}


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PIPELINE.rglob("*.py")):
        rel = path.relative_to(PIPELINE).with_suffix("")
        out[".".join(rel.parts).removesuffix(".__init__") or "__init__"] = path
    return out


def imports_of(path: Path) -> set[str]:
    """The pipeline modules a file imports, at module level or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            names.add(node.module.removeprefix("pipeline").lstrip("."))
            names.update(f"{node.module}.{a.name}".removeprefix("pipeline.") for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name.removeprefix("pipeline.") for a in node.names if a.name.startswith("pipeline."))
    known = modules()
    return {n for n in names if n in known}


def package_of(module: str) -> str:
    return module.split(".")[0]


def allowed(importer: str, imported: str) -> bool:
    pkg = package_of(importer)
    if package_of(imported) == pkg:
        return True
    return any(imported == a or imported.startswith(a + ".") or package_of(imported) == a for a in ALLOWED[pkg])


def test_imports_run_downward() -> None:
    wrong = [
        f"{importer} imports {imported}"
        for importer, path in modules().items()
        for imported in sorted(imports_of(path))
        if not allowed(importer, imported)
    ]
    assert wrong == []


def test_no_import_cycle() -> None:
    graph = {m: imports_of(p) - {m} for m, p in modules().items()}
    # a package's __init__ re-exporting its submodules is not a cycle of code
    graph = {m: {n for n in deps if not (m.startswith(n + ".") and n in graph)} for m, deps in graph.items()}
    state: dict[str, int] = {}

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                pytest.fail("import cycle: " + " → ".join([*stack[stack.index(n) :], n]))
            if n not in state:
                visit(n, [*stack, n])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])


def test_modules_and_functions_are_small() -> None:
    too_big = []
    for name, path in modules().items():
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > MAX_MODULE_LINES:
            too_big.append(f"module {name}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_big.append(f"function {name}.{node.name}: {length} lines")
    assert too_big == []


def test_the_checks_see_a_violation() -> None:
    assert not allowed("lang.themes", "extract.records")
    assert not allowed("read.text", "segment.headings")
    assert allowed("extract.extractor", "output.schema") and not allowed("extract.extractor", "output.tables")
