from __future__ import annotations

from pathlib import Path

import pytest

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
