"""Generated documentation is current: `make docs` would change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.tools.docs import PAGES, MarkersMissingError, splice, stale
from pipeline.tools.eval_themes import LABELS_PATH

ROOT = Path(__file__).resolve().parents[2]


def test_no_generated_page_is_stale() -> None:
    assert stale(ROOT) == [], "run: make docs"


def test_a_stale_page_is_detected(tmp_path: Path) -> None:
    for path in [*(page.path for page in PAGES), LABELS_PATH]:  # the pages, and the labels they are made from
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text((ROOT / path).read_text(encoding="utf-8"), encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("| `no_plans` |", "| `no_plan` |"), encoding="utf-8")
    assert stale(tmp_path) == [Path("README.md")]


def test_readme_table_lists_validation_failed() -> None:
    assert "| `validation_failed` | error |" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_splice_needs_its_markers() -> None:
    with pytest.raises(MarkersMissingError):
        splice("no markers here", "codes", "x")
