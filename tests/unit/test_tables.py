"""The list<string> column type: a Parquet list, a ';'-joined CSV cell; the CSV writer's quoting."""

from __future__ import annotations

import csv
import io

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

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


#: Text a cell may hold: Japanese, the characters CSV quotes (except a lone CR: see CSV_SPECIAL),
#: spaces and the list separator.
CELL_TEXT = st.text(alphabet='計画事業aZ ,";\n\u3000①', max_size=8)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(CELL_TEXT, st.none() | st.integers(-5, 40_000), st.none() | st.lists(CELL_TEXT, max_size=2)),
        max_size=5,
    )
)
def test_csv_is_what_pythons_csv_module_writes(values: list[tuple[str, int | None, list[str] | None]]) -> None:
    """The vectorised writer gives the bytes of ``csv.writer`` with minimal quoting (RFC 4180)."""
    rows = [dict(_row([]), name=name, seq=seq, themes=themes) for name, seq, themes in values]
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(PROGRAMS.column_names)
    writer.writerows([[_cell(row.get(c)) for c in PROGRAMS.column_names] for row in rows])
    assert to_csv(PROGRAMS, rows) == expected.getvalue()
    assert (
        list(csv.reader(io.StringIO(to_csv(PROGRAMS, rows))))[1:]
        == list(csv.reader(io.StringIO(expected.getvalue())))[1:]
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return ";".join(value) if isinstance(value, list) else str(value)


def test_a_carriage_return_is_quoted() -> None:
    """A lone CR ends a record for many CSV readers: the cell is quoted (Python's csv leaves it bare)."""
    text = to_csv(PROGRAMS, [dict(_row([]), name="a\rb")])
    assert '"a\rb"' in text
    assert list(csv.reader(io.StringIO(text)))[1][PROGRAMS.column_names.index("name")] == "a\rb"
