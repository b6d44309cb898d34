"""Accepted corrections: they change name, say which row applied, and are validated."""

from __future__ import annotations

import pytest

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.corrections import Correction, apply_corrections, load_corrections, parse_corrections

ROWS = (
    Correction("x1", "センタ一", "センター", "kanji one for long-vowel mark", "test"),
    Correction("x2", "協カ", "協力", "katakana ka for kanji power", "test"),
)


def test_matching_corrections_apply_in_order_and_are_named() -> None:
    assert apply_corrections("産学協カセンタ一", ROWS) == ("産学協力センター", "x1;x2")
    assert apply_corrections("創業塾", ROWS) == ("創業塾", None)


def test_packaged_file_accepts_the_pavilion_case() -> None:
    (c,) = [c for c in load_corrections() if c.match == "パピリオン"]
    assert c.corrected == "パビリオン" and c.reason and c.source
    assert apply_corrections("パピリオン共同出展事業")[0] == "パビリオン共同出展事業"


def test_bad_rows_are_rejected_with_the_line() -> None:
    good = {"correction_id": "a", "match": "m", "corrected": "c", "reason": "r", "source": "s"}
    with pytest.raises(ReferenceDataError, match=r"line 2.*reason"):
        parse_corrections([{**good, "reason": ""}])
    with pytest.raises(ReferenceDataError, match="duplicate"):
        parse_corrections([good, good])
