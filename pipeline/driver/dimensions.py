"""The rows of the dimension tables: labels of the keys the other tables use.

``themes``, ``instruments`` and ``categories`` list the whole vocabulary (a key that
occurs nowhere is still a label a user may filter on); ``municipalities`` lists the
municipalities that occur in the data — in plans and in announcements' lists — from the
code list, so the table joins on ``municipality_code`` without carrying all 1,788.
"""

from __future__ import annotations

from pipeline.extract.records import Row
from pipeline.lang import municipalities
from pipeline.lang.categories import load_categories
from pipeline.lang.themes.vocabulary import INSTRUMENT, THEME, UNCLASSIFIED, load_vocabulary
from pipeline.output.schema import CATEGORIES, INSTRUMENTS, MUNICIPALITIES, THEMES

#: Label of the key given when no keyword matched.
UNCLASSIFIED_LABELS = ("Unclassified (no keyword matched)", "未分類")
KEYWORD_SEPARATOR = "|"
#: Tables whose ``municipality_code`` column names a municipality of the data.
CODED_TABLES = ("plans", "announcement_municipalities")


def vocabulary_rows(kind: str) -> list[Row]:
    """The rows of ``themes`` (kind ``theme``) or ``instruments`` (kind ``instrument``).

    >>> [r["theme"] for r in vocabulary_rows("theme")][-1]
    'unclassified'
    """
    table, key = (THEMES, "theme") if kind == THEME else (INSTRUMENTS, "instrument")
    rows = [
        table.row(
            **{key: c.name},
            label_en=c.label_en,
            label_ja=c.label_ja,
            keywords=KEYWORD_SEPARATOR.join(c.keywords) or None,
        )
        for c in load_vocabulary()
        if c.kind == kind
    ]
    en, ja = UNCLASSIFIED_LABELS
    return [*rows, table.row(**{key: UNCLASSIFIED}, label_en=en, label_ja=ja)]


def category_rows() -> list[Row]:
    return [
        CATEGORIES.row(
            category_no=c.category_no,
            category=c.category,
            heading_ja=c.heading_ja,
            label_en=c.label_en,
            label_ja=c.label_ja,
        )
        for c in load_categories()
    ]


def municipality_rows(rows: dict[str, list[Row]]) -> list[Row]:
    """The municipalities whose codes occur in ``rows`` (plans, announcements' lists)."""
    codes = sorted(
        {r["municipality_code"] for t in CODED_TABLES for r in rows.get(t, []) if r.get("municipality_code")}
    )
    by_code = municipalities.by_code()
    return [
        MUNICIPALITIES.row(
            municipality_code=m.code,
            prefecture=m.prefecture,
            municipality=m.name,
            kind=m.kind,
            reading=m.reading or None,
            romaji=m.romaji or None,
        )
        for m in (by_code[c] for c in codes if c in by_code)
    ]


def dimension_rows(rows: dict[str, list[Row]]) -> dict[str, list[Row]]:
    """Every dimension table's rows, for the assembled ``rows`` of the other tables."""
    return {
        THEMES.name: vocabulary_rows(THEME),
        INSTRUMENTS.name: vocabulary_rows(INSTRUMENT),
        CATEGORIES.name: category_rows(),
        MUNICIPALITIES.name: municipality_rows(rows),
    }
