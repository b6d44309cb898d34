from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_DOC = ROOT / "raw" / "000_5eb07730d5f2e640.txt"


@pytest.fixture(scope="session")
def real_doc() -> Path:
    return REAL_DOC
