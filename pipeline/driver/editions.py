"""Editions: the same announcement published twice, e.g. as web text and as PDF.

A row of ``raw/sources.csv`` whose ``edition_of`` column names another file says the
document is another edition of it.  The edition is read, segmented and extracted like
any document, and its lines are accounted for in the ``lines`` table, but its records
are **not** added to the tables (they would repeat the first edition's plan ids).
Instead they are compared with the first edition's, value by value, ignoring where a
value stood (``doc_id``, ``source_page``, ``source_line``); each difference is an
``edition_mismatch`` warning.  So the PDF and the web text of an announcement check
each other on every build.
"""

from __future__ import annotations

from typing import Any

from pipeline.core.errors import Code, Issue, Severity
from pipeline.output.schema import TABLES

#: The tables of a document's plans (each row has a ``plan_id``) and of its announcement.
PLAN_TABLES = ("plans", "initiatives", "programs", "captions")
ANNOUNCEMENT_TABLES = ("announcements", "announcement_municipalities")
#: The tables compared between editions, keyed by their primary key.
COMPARED_TABLES = (*PLAN_TABLES, *ANNOUNCEMENT_TABLES)
#: Columns that say where a value stood, which differ between editions by nature.
PROVENANCE_COLUMNS = frozenset({"doc_id", "source_page", "source_line"})
#: Differences named one by one per table; the rest are counted.
MAX_NAMED = 10
MISMATCH = Code.EDITION_MISMATCH


def _comparable(table: str, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    key = TABLES[table].primary_key
    return {
        ":".join(str(r.get(k)) for k in key): {c: v for c, v in r.items() if c not in PROVENANCE_COLUMNS} for r in rows
    }


def differences(first: dict[str, list[dict[str, Any]]], other: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Human-readable differences between two editions' records, table by table.

    Args:
        first: the first edition's rows per table.
        other: the other edition's rows per table.

    Returns:
        One line per difference (record only in one edition, or a field that differs).

    >>> a = {"plans": [{"plan_id": "p", "summary": "x", "source_line": 3}]}
    >>> b = {"plans": [{"plan_id": "p", "summary": "y", "source_line": 9}]}
    >>> differences(a, b)
    ["plans p: summary 'x' → 'y'"]
    """
    out: list[str] = []
    for table in COMPARED_TABLES:
        old, new = _comparable(table, first.get(table, [])), _comparable(table, other.get(table, []))
        out += [f"{table} {k}: only in the first edition" for k in sorted(old.keys() - new.keys())]
        out += [f"{table} {k}: only in this edition" for k in sorted(new.keys() - old.keys())]
        for k in sorted(old.keys() & new.keys()):
            for col in sorted(old[k].keys() | new[k].keys()):
                a, b = old[k].get(col), new[k].get(col)
                if a != b:
                    out.append(f"{table} {k}: {col} {a!r} → {b!r}")
    return out


def compare(doc_id: str, first_id: str, first: dict[str, Any], other: dict[str, Any]) -> list[Issue]:
    """The ``edition_mismatch`` warnings of an edition against its first edition."""
    found = differences(first, other)
    named = found[:MAX_NAMED]
    more = f" (and {len(found) - MAX_NAMED} more)" if len(found) > MAX_NAMED else ""
    return [
        Issue(
            doc_id,
            Severity.WARNING,
            MISMATCH,
            "",
            f"differs from its first edition {first_id}: {d}{more if i == len(named) - 1 else ''}; "
            "check both files: one of them was extracted differently or the editions differ",
        )
        for i, d in enumerate(named)
    ]
