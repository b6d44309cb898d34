"""The list<string> column type: a Parquet list, a ';'-joined CSV cell."""

from __future__ import annotations

import pyarrow as pa

from pipeline.output.schema import PROGRAMS, Type
from pipeline.output.tables import to_arrow, to_csv


def _row(themes: list[str]) -> dict:
    return {
        "program_id": "p",
        "plan_id": "a",
        "initiative_id": "a-1",
        "category_no": 1,
        "seq": 1,
        "name_raw": "n",
        "name": "n",
        "name_key": "n",
        "is_provisional": False,
        "themes": themes,
        "instrument": "other",
    }


def test_list_column_round_trips() -> None:
    assert next(c for c in PROGRAMS.columns if c.name == "themes").type is Type.LIST
    arrow = to_arrow(PROGRAMS, [_row(["digital", "startup"])])
    assert arrow.schema.field("themes").type == pa.list_(pa.string())
    assert arrow.column("themes").to_pylist() == [["digital", "startup"]]
    header, line = to_csv(PROGRAMS, [_row(["digital", "startup"])]).splitlines()
    assert line.split(",")[header.split(",").index("themes")] == "digital;startup"
