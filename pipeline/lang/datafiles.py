"""Reading the reference data files shipped in ``pipeline/data/``.

Vocabularies, code lists and corrections are CSV files (their sources are in
``pipeline/data/SOURCES.md``), read here in one way: UTF-8, a header row, and a clear
:class:`~pipeline.core.errors.ReferenceDataError` naming the file when it is missing or
lacks a column the caller needs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from importlib import resources

from pipeline.core.errors import ReferenceDataError

DATA_PACKAGE = "pipeline"
DATA_FOLDER = "data"


def data_path(name: str) -> str:
    """The file's path as shown in messages.

    >>> data_path("themes.csv")
    'pipeline/data/themes.csv'
    """
    return f"{DATA_PACKAGE}/{DATA_FOLDER}/{name}"


def read_data_csv(name: str, required: Iterable[str] = ()) -> list[dict[str, str]]:
    """The rows of ``pipeline/data/<name>`` as dicts (row *i* is on line *i* + 2).

    >>> rows = read_data_csv("categories.csv", required=("category_no", "heading_ja"))
    >>> [r["category_no"] for r in rows]
    ['1', '2', '3']

    Raises:
        ReferenceDataError: the file is missing, or lacks one of ``required`` columns.
    """
    ref = resources.files(DATA_PACKAGE) / DATA_FOLDER / name
    try:
        with ref.open("rb") as fb, io.TextIOWrapper(fb, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            header = reader.fieldnames or []
    except FileNotFoundError as exc:
        raise ReferenceDataError(
            "the reference file is missing; restore it from the repository", path=data_path(name)
        ) from exc
    missing = [c for c in required if c not in header]
    if missing:
        raise ReferenceDataError(
            f"missing column(s) {missing}; expected at least {list(required)}", path=data_path(name), location="line 1"
        )
    return rows
