"""The two tables every document contributes to whatever it holds: its lines and its problems.

* ``lines`` — every line of every source document and where it went (the "nothing lost"
  ledger: :mod:`pipeline.extract.ledger`);
* ``warnings`` — every problem met, with a code of ``pipeline/data/codes.csv``.

They are registered in :data:`pipeline.output.schema.TABLES` with the other tables.
"""

from __future__ import annotations

from pipeline.output.columns import DOC_ID, Column, ForeignKey, Table, Type

S, I32, CAT = Type.STRING, Type.INT32, Type.CATEGORY

LINES = Table(
    "lines",
    "Every line of every source document and where it went (the 'nothing lost' ledger).",
    "全出典行とその行き先（欠落なしの台帳）",
    (
        DOC_ID,
        Column("line_no", I32, "Line number in the document's line stream, from 1.", "行番号", required=True),
        Column("page", I32, "Page (PDF only).", "ページ（PDFのみ）"),
        Column("text", S, "The line as read.", "行の本文", required=True),
        Column(
            "place",
            S,
            "table.field the line went to, or dropped.<reason>.",
            "行き先（表.列 または dropped.理由）",
            required=True,
        ),
        Column("record_id", S, "Id of the record the line went to.", "行き先のレコードID"),
        Column("element", S, "HTML only: CSS selector of the line's element.", "HTMLのみ：行の要素のセレクタ"),
        Column(
            "role",
            CAT,
            "What the PDF reader saw the line as: caption (small print by a figure), table_cell (the text "
            "of a table cell, as published), table_composed (composed from table cells with words added: "
            "a plan heading 「計画名」（区市町村名）, a period line with its 【計画期間：…】 label); empty for "
            "flowing text and text files.",
            "PDFでの行の種類（caption=図の説明、table_cell=表のセルの文字、table_composed=表のセルから組み立てた行）",
            enum=("caption", "table_cell", "table_composed"),
        ),
    ),
    primary_key=("doc_id", "line_no"),
    sort_by=("doc_id", "line_no"),
    foreign_keys=(ForeignKey("doc_id", "documents", "doc_id"),),
)

WARNINGS = Table(
    "warnings",
    "Problems met while extracting; error rows make the build fail.",
    "抽出時の警告とエラー",
    (
        DOC_ID,
        Column("severity", CAT, "error or warning.", "重大度", required=True, enum=("error", "warning")),
        Column("code", S, "Stable code; see the README's troubleshooting table.", "コード", required=True),
        Column("location", S, "Where in the document: line and page.", "位置"),
        Column("line_no", I32, "The line the problem is about, when there is one.", "該当行番号"),
        Column("message", S, "What is wrong and what to do.", "内容と対処", required=True),
    ),
    primary_key=(),
    sort_by=("doc_id", "line_no", "code", "message"),
)
