"""Accepted corrections of published names (``pipeline/data/corrections.csv``).

The OCR-suspect detector (``pipeline/lang/ocr.py``) only *suggests*.  A person who has
checked a suggestion against the source accepts it by adding a row to the
corrections file: ``correction_id,match,corrected,reason,source``.  Where a display
name contains ``match`` it is replaced by ``corrected``; the program's ``name`` then
carries the corrected spelling, ``correction_id`` says which row applied, and
``name_raw`` keeps the published text.  Rows are applied in file order.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from dataclasses import dataclass

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.datafiles import data_path, read_data_csv

logger = logging.getLogger(__name__)

CORRECTIONS_FILE = "corrections.csv"
REQUIRED_COLUMNS = ("correction_id", "match", "corrected", "reason", "source")
#: Joins the ids when more than one correction applies to a name.
ID_SEPARATOR = ";"


@dataclass(frozen=True, slots=True)
class Correction:
    correction_id: str
    match: str
    corrected: str
    reason: str
    source: str


def parse_corrections(rows: list[dict[str, str]], path: str = CORRECTIONS_FILE) -> tuple[Correction, ...]:
    """Validate rows of the corrections file.

    Args:
        rows: ``csv.DictReader`` rows.
        path: the file name, for error messages.

    Returns:
        The corrections, in file order.

    Raises:
        ReferenceDataError: a missing column or value, or a duplicate id.

    >>> parse_corrections([{"correction_id": "c1", "match": "ロ", "corrected": "口", "reason": "r",
    ...                     "source": "s"}])[0].corrected
    '口'
    """
    out: list[Correction] = []
    seen: set[str] = set()
    for i, r in enumerate(rows, start=2):
        missing = [c for c in REQUIRED_COLUMNS if not (r.get(c) or "").strip()]
        if missing:
            raise ReferenceDataError(
                f"empty or missing {', '.join(missing)}; every correction needs "
                "an id, the text to match, its correction, a reason and a source",
                path=path,
                location=f"line {i}",
            )
        if r["correction_id"] in seen:
            raise ReferenceDataError(f"duplicate correction_id {r['correction_id']!r}", path=path, location=f"line {i}")
        seen.add(r["correction_id"])
        out.append(
            Correction(
                *(
                    unicodedata.normalize("NFKC", r[c].strip()) if c in ("match", "corrected") else r[c].strip()
                    for c in REQUIRED_COLUMNS
                )
            )
        )
    return tuple(out)


@functools.cache
def load_corrections() -> tuple[Correction, ...]:
    """The packaged corrections file."""
    return parse_corrections(read_data_csv(CORRECTIONS_FILE), data_path(CORRECTIONS_FILE))


def apply_corrections(name: str, corrections: tuple[Correction, ...] | None = None) -> tuple[str, str | None]:
    """Apply every matching correction to a display name.

    Args:
        name: the display name (``normalize.display_name``).
        corrections: the rows to use; the packaged file by default.

    Returns:
        The corrected name and the applied ids joined by ``;`` (``None`` when none applied).

    >>> rows = (Correction("c9", "センタ一", "センター", "kanji one for long vowel", "test"),)
    >>> apply_corrections("起業センタ一運営", rows)
    ('起業センター運営', 'c9')
    >>> apply_corrections("創業塾", rows)
    ('創業塾', None)
    """
    rows = load_corrections() if corrections is None else corrections
    applied: list[str] = []
    for c in rows:
        if c.match in name:
            name = name.replace(c.match, c.corrected)
            applied.append(c.correction_id)
    return name, ID_SEPARATOR.join(applied) or None
