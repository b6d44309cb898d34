"""The README's troubleshooting table covers every warning code the pipeline can emit."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: How codes appear in the source: ``code = "x"`` on an error class, or the code argument
#: of ``warn(...)`` / ``Issue(...)``.
CODE_PATTERNS = (
    re.compile(r'\bcode = "([a-z_]+)"'),
    re.compile(r'warn\(\s*[^,()"]+,\s*"([a-z_]+)"'),
    re.compile(r'Severity\.[A-Z]+,\s*"([a-z_]+)"'),
)


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "pipeline").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in CODE_PATTERNS:
            codes.update(pattern.findall(text))
    return codes


def table_codes() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Troubleshooting", 1)[1]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))


def test_every_code_has_a_row() -> None:
    codes = emitted_codes()
    assert {"internal_error", "missing_period", "empty_document", "very_long_line"} <= codes
    assert codes - table_codes() == set()
