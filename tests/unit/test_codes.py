"""The code registry is complete: every code emitted is documented, and every documented code is emitted.

The README's troubleshooting table is generated from the registry (checked by
``test_generated_docs.py``); these tests check the registry against the code base by
introspection: the exception classes' codes, and the ``Code`` members used in the source.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import pipeline
from pipeline.core.codes import Code, Severity
from pipeline.core.errors import Issue, PipelineError
from pipeline.core.registry import REGISTRY, STRICT_CODES, CodeInfo

PIPELINE = Path(pipeline.__file__).resolve().parent


def all_subclasses(cls: type) -> set[type]:
    out = set()
    for sub in cls.__subclasses__():
        out |= {sub, *all_subclasses(sub)}
    return out


def codes_used_in_source() -> set[str]:
    """Names ``X`` of every ``Code.X`` in the pipeline's source, outside the registry itself."""
    used = set()
    for path in PIPELINE.rglob("*.py"):
        if path.name in ("codes.py", "registry.py") and path.parent.name == "core":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Code":
                used.add(node.attr)
    return used


@pytest.fixture(scope="module", autouse=True)
def import_everything() -> None:
    """Import every module, so that every exception class is defined."""
    for mod in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if not mod.name.endswith("__main__"):
            importlib.import_module(mod.name)


def test_every_member_has_documentation() -> None:
    assert set(REGISTRY) == set(Code)


def test_every_error_class_has_a_registered_error_code() -> None:
    classes = all_subclasses(PipelineError) | {PipelineError}
    assert len(classes) > 10
    for cls in classes:
        assert isinstance(cls.code, Code), cls
        assert REGISTRY[cls.code].severity is Severity.ERROR, cls


def test_every_documented_code_is_emitted_somewhere() -> None:
    assert {c.name for c in Code} - codes_used_in_source() == set()


def test_only_warnings_are_strict_and_the_structure_codes_are() -> None:
    assert all(REGISTRY[c].severity is Severity.WARNING for c in STRICT_CODES)
    assert {Code.UNBALANCED_BRACKETS, Code.UNKNOWN_MUNICIPALITY, Code.CATEGORY_NUMBER_MISMATCH} <= STRICT_CODES
    assert {Code.SUSPECT_STRUCTURE, Code.CATEGORY_MISSING, Code.MUNICIPALITY_NAME_MISMATCH} <= STRICT_CODES
    # a suggestion or a note on how the file was made is no sign of wrong data
    assert not {Code.OCR_SUSPECT, Code.UNCLASSIFIED_PROGRAM, Code.PDF_CJK_VARIANTS_REPAIRED} & STRICT_CODES
    with pytest.raises(ValueError, match="only warnings"):
        CodeInfo(Code.NO_PLANS, Severity.ERROR, "m", "a", strict=True)


def test_an_issue_refuses_an_unregistered_code() -> None:
    with pytest.raises(ValueError, match="not_a_code"):
        Issue.from_dict({"doc_id": "d", "severity": "warning", "code": "not_a_code", "location": "", "message": "m"})
    with pytest.raises(TypeError, match="Code"):
        Issue("d", Severity.WARNING, "missing_period", "", "m")  # type: ignore[arg-type]
