"""Dimension tables: the labels of the codes the other tables use.

Programs carry theme and instrument *keys* (``startup``, ``subsidy``), initiatives a
category number, plans a municipality code.  These tables give each key its English and
Japanese label (and, for municipalities, reading and romanised name), so a user joins
instead of looking labels up in the source code or in ``pipeline/data/``:

* ``themes`` and ``instruments`` — the controlled vocabulary of ``pipeline/data/themes.csv``
  (docs/themes.md), with ``unclassified``;
* ``categories`` — the three category headings of ``pipeline/data/categories.csv``;
* ``municipalities`` — the municipalities that occur in the data, from
  ``pipeline/data/municipalities.csv`` (6-digit 全国地方公共団体コード).

They are registered in :data:`pipeline.output.schema.TABLES` with the other tables.
"""

from __future__ import annotations

from pipeline.output.columns import Column, Table, Type

S, I16, CAT = Type.STRING, Type.INT16, Type.CATEGORY


def _vocabulary_table(name: str, key: str, en: str, ja: str, what_en: str, what_ja: str) -> Table:
    return Table(
        name,
        en,
        ja,
        (
            Column(key, S, f"Key of the {what_en}, as in the programs table.", f"{what_ja}のキー", required=True),
            Column("label_en", S, "English label.", "英語の名称", required=True),
            Column("label_ja", S, "Japanese label.", "日本語の名称", required=True),
            Column(
                "keywords",
                S,
                "Keywords that give this label, '|'-separated (empty for unclassified); docs/themes.md has the rules.",
                "この分類を与えるキーワード（| 区切り。未分類は空）",
            ),
        ),
        primary_key=(key,),
        sort_by=(key,),
    )


THEMES = _vocabulary_table(
    "themes",
    "theme",
    "One row per theme of the controlled vocabulary (what a program is about).",
    "事業テーマの統制語彙（1テーマ1行）",
    "theme",
    "テーマ",
)
INSTRUMENTS = _vocabulary_table(
    "instruments",
    "instrument",
    "One row per instrument of the controlled vocabulary (how a program works).",
    "事業手法の統制語彙（1手法1行）",
    "instrument",
    "手法",
)
CATEGORIES = Table(
    "categories",
    "The three category headings under which a plan lists its initiatives.",
    "取組区分（3区分）",
    (
        Column("category_no", I16, "Category number as published: 1, 2 or 3.", "区分番号（1〜3）", required=True),
        Column("category", S, "Short English key.", "区分キー", required=True),
        Column("heading_ja", S, "The heading as the announcements word it.", "見出しの文言", required=True),
        Column("label_en", S, "English label.", "英語の名称", required=True),
        Column("label_ja", S, "Short Japanese label.", "日本語の略称", required=True),
    ),
    primary_key=("category_no",),
    sort_by=("category_no",),
)
MUNICIPALITIES = Table(
    "municipalities",
    "One row per municipality that occurs in the data (plans or announcements), from the code list.",
    "データに現れる地方公共団体（1団体1行、コード表から）",
    (
        Column(
            "municipality_code",
            S,
            "6-digit local government code (JIS X 0402 with check digit).",
            "全国地方公共団体コード（6桁、検査数字付き）",
            required=True,
        ),
        Column("prefecture", S, "Prefecture.", "都道府県", required=True),
        Column("municipality", S, "Name.", "団体名", required=True),
        Column("kind", CAT, "Kind of municipality.", "団体区分", required=True, enum=("特別区", "市", "町", "村")),
        Column("reading", S, "Reading in hiragana.", "読み（ひらがな）"),
        Column("romaji", S, "Hepburn name without macrons, e.g. Hachioji-shi.", "ローマ字表記"),
    ),
    primary_key=("municipality_code",),
    sort_by=("municipality_code",),
)
