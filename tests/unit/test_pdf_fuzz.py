"""Damaged PDFs: whatever the bytes, the reader answers with a PdfError, never a crash.

Bytes of a real fixture are flipped, deleted, duplicated or cut (hypothesis); the reader
must either read the file or raise one of its own errors (which the build turns into a
clear error row), within the document time limit.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.core.errors import DocumentError
from pipeline.core.limits import time_limit
from pipeline.read.pdf import read_pdf

EXAMPLES = int(os.environ.get("PDF_FUZZ_EXAMPLES", "20"))
#: A damaged file must fail fast; the fixture reads in well under a second.
TIME_LIMIT_S = 20.0


@pytest.fixture(scope="module")
def pdf_bytes(pdf_fixtures: dict[str, Path]) -> bytes:
    return pdf_fixtures["single"].read_bytes()


@st.composite
def damage(draw: st.DrawFn, size: int) -> list[tuple[str, int, int]]:
    ops = st.tuples(
        st.sampled_from(["flip", "delete", "duplicate", "cut"]), st.integers(0, size - 1), st.integers(1, 64)
    )
    return draw(st.lists(ops, min_size=1, max_size=4))


def apply(data: bytes, ops: list[tuple[str, int, int]]) -> bytes:
    for op, pos, n in ops:
        pos %= max(len(data), 1)
        if op == "flip":
            data = data[:pos] + bytes(b ^ 0xFF for b in data[pos : pos + n]) + data[pos + n :]
        elif op == "delete":
            data = data[:pos] + data[pos + n :]
        elif op == "duplicate":
            data = data[: pos + n] + data[pos : pos + n] + data[pos + n :]
        else:
            data = data[:pos]
    return data


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(ops=damage(200_000))
# regressions: pdfplumber's close() re-walked a damaged page tree and hid the clear error
@example(ops=[("flip", 659, 18)])
@example(ops=[("flip", 328, 1)])
def test_damaged_pdf_reads_or_raises_a_pdf_error(
    pdf_bytes: bytes, tmp_path: Path, ops: list[tuple[str, int, int]]
) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(apply(pdf_bytes, ops))
    try:
        with time_limit(TIME_LIMIT_S, "damaged.pdf"):
            result = read_pdf(path, "damaged.pdf")
    except DocumentError as exc:
        assert "damaged.pdf" in str(exc)
        return
    assert all(line.text is not None for line in result.lines)
