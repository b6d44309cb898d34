"""The committed snapshot output/*.csv equals a fresh build of raw/.

This is the one test that reads the user's ``raw/`` and ``output/``.  The snapshot is the
committed version (``git show HEAD:output/<table>.csv``) when the project is a git
checkout, else the files in output/.  A fresh build that differs from it passes only if
``make update`` accepted exactly that build (``interim/_accepted.json``, see
:mod:`pipeline.tools.snapshot`) and the change awaits its commit; a clean clone (CI) has
no such acceptance, so an unreviewed change to the data always fails there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.driver.build import BuildConfig, build
from pipeline.tools.diff import diff_datasets, format_text, read_dir, read_git
from pipeline.tools.snapshot import ACCEPTED_NAME, is_accepted

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
RAW, OUTPUT, INTERIM = ROOT / "raw", ROOT / "output", ROOT / "interim"


def snapshot() -> dict[str, str]:
    try:
        return read_git("HEAD", OUTPUT)
    except ValueError:
        return read_dir(OUTPUT)


def rebuild(raw: Path, root: Path) -> dict[str, str]:
    out = root / "output"
    build(BuildConfig(raw_dir=raw, interim_dir=root / "interim", output_dir=out))
    return read_dir(out)


def test_rebuild_matches_committed_snapshot(tmp_path: Path) -> None:
    committed = snapshot()
    assert {"programs", "plans", "lines", "warnings"} <= committed.keys()
    fresh = rebuild(RAW, tmp_path)
    d = diff_datasets(committed, fresh)
    if d and not is_accepted(tmp_path / "output", INTERIM / ACCEPTED_NAME):
        pytest.fail(
            "the data built from raw/ differ from the committed snapshot output/*.csv (this test "
            "reads your raw/ and output/). If the change is intended, run `make update`, review "
            "`make diff` and commit output/:\n" + format_text(d)
        )
