"""Values a spreadsheet would run as formulas: reported, never changed.

A CSV cell that begins with ``=``, ``+``, ``-`` or ``@`` is taken for a formula when the
file is opened in Excel, LibreOffice Calc or Google Sheets: ``=HYPERLINK("http://…")`` in a
program name becomes a live link, and worse formulas can run commands (the attack known
as CSV or formula injection, https://owasp.org/www-community/attacks/CSV_Injection).
The usual defence, a ``'`` put before such a value, would change the data, and the CSVs
are data: loaded with pandas, DuckDB or any CSV reader they must give the value exactly as
published.  So the values stay exact, and each one is reported: one
``formula_like_value`` warning per document and value, naming every cell that holds it
(table, column and record).  The README says how to open the CSVs safely.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from pipeline.core.errors import Code, Issue, Severity
from pipeline.output.schema import TABLES, Type
from pipeline.output.storage import Data, as_storage

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@")
#: A signed number or a page number (``-2``, ``- 3 -``): a spreadsheet shows it as a number or as
#: text and runs nothing, so it is not reported (PDF page numbers are often written so).
SIGNED_NUMBER = re.compile(r"[-+]\s*[0-9０-９]+(?:[.,][0-9]+)?\s*[-+]?")
#: Tables whose values are not checked: the warnings are the pipeline's own text.
UNCHECKED_TABLES = frozenset({"warnings"})
#: Characters of a value quoted in its warning; cells named per warning.
QUOTE_CHARS, MAX_CELLS_NAMED = 80, 10
TEXT_TYPES = frozenset({Type.STRING, Type.CATEGORY, Type.LIST})


def is_formula_like(value: str) -> bool:
    """True for a value a spreadsheet would take for a formula (see :data:`SIGNED_NUMBER`).

    >>> [is_formula_like(v) for v in ('=HYPERLINK("http://x")', "+1+1", "-A1", "@SUM(A1)", "DX推進", "")]
    [True, True, True, True, False, False]
    >>> is_formula_like("-2"), is_formula_like("- 3 -")
    (False, False)
    """
    return value.startswith(FORMULA_PREFIXES) and not SIGNED_NUMBER.fullmatch(value)


def _record_name(table: str, row: dict[str, Any]) -> str:
    key = TABLES[table].primary_key
    return ":".join(str(row.get(k)) for k in key) if key else "row"


def formula_like_cells(tables: Mapping[str, Data]) -> dict[tuple[str, str], list[tuple[str, int | None]]]:
    """``{(doc_id, value): [(cell, line), …]}`` for every formula-like text value of the tables.

    Args:
        tables: each table's storage Arrow (:mod:`pipeline.output.storage`) or rows.

    >>> rows = {"programs": [{"program_id": "p1", "name_raw": "=1+1", "plan_id": "131091-2023"}],
    ...         "plans": [{"plan_id": "131091-2023", "doc_id": "d"}]}
    >>> formula_like_cells(rows)
    {('d', '=1+1'): [('programs.name_raw of p1', None)]}
    """
    plans = as_storage(TABLES["plans"], tables.get("plans"))
    doc_of_plan = dict(zip(plans.column("plan_id").to_pylist(), plans.column("doc_id").to_pylist(), strict=True))
    found: dict[tuple[str, str], list[tuple[str, int | None]]] = {}
    for name, table in TABLES.items():
        if name in UNCHECKED_TABLES or name not in tables:
            continue
        data = as_storage(table, tables[name])
        columns = [c.name for c in table.columns if c.type in TEXT_TYPES]
        hits = [h for pos, column in enumerate(columns) for h in _column_candidates(data.column(column), pos)]
        hits.sort(key=lambda h: (h[0], h[1]))  # back to row by row, column by column (stable: list items in order)
        hits = [h for h in hits if is_formula_like(h[2])]
        at = sorted({i for i, _, _ in hits})
        rows = dict(zip(at, data.take(at).to_pylist(), strict=True)) if at else {}
        for i, pos, item in hits:
            row = rows[i]
            doc_id = row.get("doc_id") or doc_of_plan.get(row.get("plan_id")) or "(dataset)"
            line = row.get("source_line") or row.get("line_no")
            cell = f"{name}.{columns[pos]} of {_record_name(name, row)}"
            found.setdefault((str(doc_id), item), []).append((cell, line))
    return found


def _column_candidates(column: pa.ChunkedArray, pos: int) -> list[tuple[int, int, str]]:
    """``(row index, pos, value)`` of the text values of one column (list items one by one) that
    begin with a formula's first character.

    Most values do not, so this is the only work done for them: a vectorised look at the
    first character (every prefix is one ASCII character, so a byte prefix is a character
    prefix); only the few that match become Python strings.

    >>> _column_candidates(pa.chunked_array([["=1", "x", None]]), 0)
    [(0, 0, '=1')]
    >>> _column_candidates(pa.chunked_array([[["y", "@z"], None, ["-"]]]), 1)
    [(0, 1, '@z'), (2, 1, '-')]
    """
    import pyarrow.compute as pc

    values = column.combine_chunks()
    rows = None
    if pa.types.is_list(values.type):
        rows = pc.list_parent_indices(values)
        values = pc.list_flatten(values)
    mask = functools.reduce(pc.or_, [pc.starts_with(values, p) for p in FORMULA_PREFIXES])
    at = pc.indices_nonzero(mask.fill_null(False))
    items = values.take(at).to_pylist()
    where = (rows.take(at) if rows is not None else at).to_pylist()
    return [(i, pos, v) for i, v in zip(where, items, strict=True)]


def formula_issues(rows: Mapping[str, Data]) -> list[Issue]:
    """One ``formula_like_value`` warning per document and formula-like value (see the module docstring)."""
    out = []
    for (doc_id, value), cells in sorted(formula_like_cells(rows).items()):
        lines = sorted({line for _, line in cells if line is not None})
        quoted = value if len(value) <= QUOTE_CHARS else value[:QUOTE_CHARS] + "…"
        named = ", ".join(cell for cell, _ in cells[:MAX_CELLS_NAMED])
        more = f" and {len(cells) - MAX_CELLS_NAMED} more" if len(cells) > MAX_CELLS_NAMED else ""
        message = (
            f"the value {quoted!r} begins with {value[0]!r}: a spreadsheet opening the CSV would run it as a "
            f"formula. It is kept exactly as published in {named}{more}; open the CSVs as the README says "
            "(Opening the CSVs in a spreadsheet)"
        )
        location = f"line {lines[0]}" if lines else ""
        out.append(
            Issue(doc_id, Severity.WARNING, Code.FORMULA_LIKE_VALUE, location, message, lines[0] if lines else None)
        )
    return out
