"""Accepting a rebuilt snapshot: ``make update`` records which CSVs it wrote, on purpose.

``output/*.csv`` are committed: they are the reviewed snapshot of the data.  The snapshot
test rebuilds ``raw/`` and compares the result with the committed CSVs.  Between
``make update`` (which rewrites output/ deliberately) and the commit, the working tree
holds a snapshot that is accepted but not yet committed; :func:`accept` records the
SHA-256 of each CSV it wrote in ``interim/_accepted.json`` (never committed), and
:func:`is_accepted` tells the snapshot test that a fresh build is exactly that one.  A
plain ``make`` rewrites output/ too but accepts nothing, and a clean clone (CI) has no
acceptance at all, so an unreviewed change to the data still fails there.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pipeline.core.fileio import read_json, sha256_file, write_json

logger = logging.getLogger(__name__)

ACCEPTED_NAME = "_accepted.json"
SNAPSHOT_SUFFIX = ".csv"


def csv_digests(output_dir: Path) -> dict[str, str]:
    """SHA-256 of every CSV of an output folder, by file name."""
    return {p.name: sha256_file(p) for p in sorted(output_dir.glob(f"*{SNAPSHOT_SUFFIX}"))}


def accept(output_dir: Path, stamp: Path) -> Path:
    """Record the CSVs of ``output_dir`` as the accepted snapshot."""
    write_json(stamp, {"csv_sha256": csv_digests(output_dir)})
    logger.info("accepted the snapshot in %s (commit output/ to keep it)", output_dir)
    return stamp


def is_accepted(output_dir: Path, stamp: Path) -> bool:
    """Whether the CSVs of ``output_dir`` are exactly the ones ``make update`` accepted."""
    try:
        accepted = read_json(stamp)["csv_sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return bool(accepted) and accepted == csv_digests(output_dir)
