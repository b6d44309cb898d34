"""The one source of truth for every output table's columns.

Each :class:`~pipeline.output.columns.Column` carries its type, whether it may be empty,
and an English and Japanese description.  Counters that grow with the input (``seq``, pages,
lines, plans) are 32-bit, enough for the largest document the limits let through (a list
of 33,000 programs overflowed 16 bits); years and category numbers, bounded by what the
parsers accept, stay 16-bit.  No text cell is longer than :data:`MAX_CELL_CHARS`, except a
line of the ``lines`` table, which keeps the text as read.  From these the build derives the Arrow schema of
the Parquet files (descriptions go into field metadata), the CSV column order, the sort
order and primary/foreign keys, and the data dictionary in the docs.
"""

from __future__ import annotations

from pipeline.output import schema_dimensions, schema_ledger, schema_rounds
from pipeline.output.columns import (
    CATEGORY_NO,
    DOC_ID,
    MAX_CELL_CHARS,
    PLAN_ID,
    SOURCE_LINE,
    SOURCE_PAGE,
    Column,
    ForeignKey,
    SchemaError,
    Table,
    Type,
)

__all__ = ["MAX_CELL_CHARS", "TABLES", "Column", "ForeignKey", "SchemaError", "Table", "Type"]

S, I16, I32, B, CAT = Type.STRING, Type.INT16, Type.INT32, Type.BOOL, Type.CATEGORY
FORMATS = ("text", "pdf", "html")  # the values of pipeline.read.result.Format

TABLES: dict[str, Table] = {}


def _table(t: Table) -> Table:
    TABLES[t.name] = t
    return t


DOCUMENTS = _table(
    Table(
        "documents",
        "One row per source document in raw/.",
        "出典文書（raw/ の1ファイル1行）",
        (
            DOC_ID,
            Column(
                "source_path",
                S,
                "Path of the file relative to the raw folder.",
                "raw フォルダからの相対パス",
                required=True,
            ),
            Column("sha256", S, "SHA-256 of the file's bytes.", "ファイルのSHA-256", required=True),
            Column("format", CAT, "Format the file was read as.", "読み取り形式", required=True, enum=FORMATS),
            Column("encoding", S, "Text encoding detected (text files only).", "検出した文字コード（テキストのみ）"),
            Column("n_pages", I32, "Number of pages (PDF only).", "ページ数（PDFのみ）"),
            Column("n_lines", I32, "Number of lines in the document's line stream.", "行数"),
            Column("title", S, "Document title (the first line before the first plan).", "文書の表題"),
            Column("preamble", S, "Other text before the first plan.", "最初の計画より前のその他の本文"),
            Column("n_plans", I32, "Number of plans extracted.", "抽出した計画数"),
            Column(
                "status",
                CAT,
                "ok, or failed when the document could not be extracted (see warnings).",
                "抽出結果（ok / failed）",
                required=True,
                enum=("ok", "failed"),
            ),
            Column(
                "kind",
                CAT,
                "What the document is: announcement (a press release of approved plans), plan_overview "
                "(the overview of the plans, 別紙), or both; empty when it could not be extracted.",
                "文書の種類（announcement：報道発表、plan_overview：計画の概要（別紙）、both：両方）",
                enum=("announcement", "plan_overview", "both"),
            ),
            Column(
                "edition_of",
                S,
                "doc_id of the document this one is another edition of (raw/sources.csv column "
                "edition_of): its records are compared with that document's, not added to the tables.",
                "同じ発表の別版（例：PDF版）である場合の元文書ID。レコードは表に加えず照合のみ行う",
            ),
            # -- provenance, from the document's row of raw/sources.csv --
            Column("url", S, "Where the document was published (raw/sources.csv).", "公開URL（raw/sources.csv）"),
            Column("publisher", S, "Publisher of the document (raw/sources.csv).", "発行者（raw/sources.csv）"),
            Column(
                "published_on",
                Type.DATE,
                "Publication date given in raw/sources.csv (column published, YYYY-MM-DD).",
                "公表日（raw/sources.csv の published 列）",
            ),
            Column(
                "licence",
                S,
                "Licence or terms of re-use of the source document (raw/sources.csv).",
                "出典文書の利用条件（raw/sources.csv）",
            ),
        ),
        primary_key=("doc_id",),
        sort_by=("doc_id",),
        foreign_keys=(ForeignKey("edition_of", "documents", "doc_id"),),
    )
)

PLANS = _table(
    Table(
        "plans",
        "One row per approved plan (one municipality, one period).",
        "承認された計画（1団体1期間1行）",
        (
            PLAN_ID,
            DOC_ID,
            Column(
                "announcement_id",
                S,
                "The press release that approved the plan: same municipality and same start fiscal year "
                "(never the municipality alone); empty when no such release is in raw/.",
                "計画を承認した報道発表のID（団体と開始年度が一致するもののみ。なければ空）",
            ),
            Column("prefecture", S, "Prefecture of the municipality.", "都道府県"),
            Column(
                "municipality", S, "Municipality name from the reference table.", "市区町村名（参照表）", required=True
            ),
            Column(
                "municipality_raw",
                S,
                "Municipality name as published in the heading.",
                "見出しの表記のままの市区町村名",
                required=True,
            ),
            Column(
                "municipality_code",
                S,
                "6-digit local government code (JIS X 0402 with check digit).",
                "全国地方公共団体コード（6桁、検査数字付き）",
            ),
            Column("municipality_kind", CAT, "Kind of municipality.", "団体区分", enum=("特別区", "市", "町", "村")),
            Column(
                "municipality_reading",
                S,
                "Reading of the municipality name in hiragana (reference table).",
                "市区町村名の読み（ひらがな）",
            ),
            Column(
                "municipality_romaji",
                S,
                "Romanised municipality name, Hepburn without macrons, e.g. Hachioji-shi (pipeline/data/SOURCES.md).",
                "市区町村名のローマ字表記（ヘボン式、長音記号なし）",
            ),
            Column("plan_title", S, "Plan title as published, without brackets.", "計画名", required=True),
            Column("period_raw", S, "Plan period as published.", "計画期間（原文）"),
            Column("start_fy", I16, "First fiscal year of the plan (Gregorian; April–March).", "開始年度（西暦）"),
            Column("end_fy", I16, "Last fiscal year of the plan (Gregorian).", "終了年度（西暦）"),
            Column("summary", S, "Overview paragraph.", "計画の概要"),
            SOURCE_PAGE,
            SOURCE_LINE,
        ),
        primary_key=("plan_id",),
        sort_by=("plan_id",),
        foreign_keys=(
            ForeignKey("doc_id", "documents", "doc_id"),
            ForeignKey("announcement_id", "announcements", "announcement_id"),
            ForeignKey("municipality_code", "municipalities", "municipality_code"),
        ),
    )
)

INITIATIVES = _table(
    Table(
        "initiatives",
        "One row per category section of a plan.",
        "計画の取組区分（1計画最大3行）",
        (
            Column("initiative_id", S, "plan_id and category number, e.g. 131091-2023-1.", "取組ID", required=True),
            PLAN_ID,
            CATEGORY_NO,
            Column(
                "category",
                CAT,
                "Short English key of the category.",
                "区分キー",
                required=True,
                enum=("collaboration", "socioeconomic_change", "other"),
            ),
            Column(
                "heading",
                S,
                "Category heading as published (number and subheading removed).",
                "区分見出し",
                required=True,
            ),
            Column("subheading", S, "Parenthesised subheading after the heading, if any.", "小見出し（括弧内）"),
            Column("text", S, "Body text of the section.", "本文"),
            SOURCE_PAGE,
            SOURCE_LINE,
        ),
        primary_key=("initiative_id",),
        sort_by=("initiative_id",),
        foreign_keys=(
            ForeignKey("plan_id", "plans", "plan_id"),
            ForeignKey("category_no", "categories", "category_no"),
        ),
    )
)

PROGRAMS = _table(
    Table(
        "programs",
        "One row per program (事業) named in an initiative.",
        "取組に掲げられた事業（1事業1行）",
        (
            Column(
                "program_id",
                S,
                "initiative_id and a hash of name_key: does not shift when a program is inserted.",
                "事業ID（取組ID＋名称キーのハッシュ）",
                required=True,
            ),
            PLAN_ID,
            Column("initiative_id", S, "The initiative the program is listed under.", "取組ID", required=True),
            CATEGORY_NO,
            Column("seq", I32, "Position in the published list, from 1.", "掲載順（1から）", required=True),
            Column("name_raw", S, "Name exactly as published.", "名称（原文のまま）", required=True),
            Column(
                "name",
                S,
                "Name normalised for display (NFKC, spaces squeezed, （仮称） removed).",
                "表示用に正規化した名称",
                required=True,
            ),
            Column(
                "name_key",
                S,
                "Matching key from Sudachi normalised forms, for grouping across documents.",
                "照合キー（Sudachi正規化形）",
                required=True,
            ),
            Column(
                "is_provisional",
                B,
                "True when the name carries （仮称） (provisional name).",
                "仮称かどうか",
                required=True,
            ),
            # -- normalisation and classification (pipeline/lang/ocr.py, pipeline/lang/themes/) --
            Column(
                "ocr_suspect",
                S,
                "The name with a suspected OCR/typing slip corrected, e.g. パピリオン→パビリオン; empty when "
                "none. A suggestion only: name_raw and name are not changed by it.",
                "OCR・誤記の疑いがある場合の修正候補（なければ空）",
            ),
            Column(
                "correction_id",
                S,
                "Id of the row of pipeline/data/corrections.csv applied to name; empty when none.",
                "name に適用した修正（corrections.csv の ID）",
            ),
            Column(
                "themes",
                Type.LIST,
                "Themes of the program from the controlled vocabulary (docs/themes.md), one or more; "
                "unclassified when neither a keyword nor the learned model reads one. ';'-joined in CSV.",
                "事業のテーマ（統制語彙、複数可。CSV では ; 区切り）",
                required=True,
            ),
            Column(
                "themes_rule",
                Type.LIST,
                "The rule behind each theme, in the order of themes: keyword:<word> (a keyword of the name), "
                "keyword:<word>@weak, model:<theme> (the learned model, pipeline/data/theme_model.csv, when the "
                "name has no theme keyword), context:<word> (a keyword of the initiative's text before the list), "
                "correction:<id> (a row of pipeline/data/theme_overrides.csv) or none. ';'-joined in CSV.",
                "各テーマの判定根拠（themes と同順。keyword:語＝名称中のキーワード、@weak＝弱いキーワード、"
                "model:テーマ＝学習モデル、context:語＝一覧の前の本文、correction:ID＝theme_overrides.csv の修正、"
                "none＝該当なし。CSV では ; 区切り）",
                required=True,
            ),
            Column(
                "instrument",
                CAT,
                "How the program works (one class of docs/themes.md), or unclassified.",
                "事業の手法（補助金・融資・イベント・講座・伴走支援・施設・調査・ネットワーク・その他）",
                required=True,
            ),
            Column(
                "instrument_rule",
                S,
                "The rule behind instrument: keyword:<word>@head (the keyword that ends last in the name), "
                "keyword:<word>@weak (a weaker word, used when no keyword matched), model:<class> (the learned "
                "model, pipeline/data/theme_model.csv, in place of a generic tail such as 支援 or when no word "
                "matched), keyword:<word>@tail (the tail, when the model knows nothing of the name), "
                "context:<word>, correction:<id> or none.",
                "手法の判定根拠（keyword:語@head＝名称の末尾側のキーワード、@weak＝キーワードがない場合の弱い語、"
                "model:手法＝学習モデル（支援などの汎用語しかない場合）、@tail＝モデルも判定しない場合の汎用語、"
                "context:語＝一覧の前の本文、correction:ID＝theme_overrides.csv の修正、none＝該当なし）",
                required=True,
            ),
            SOURCE_PAGE,
            SOURCE_LINE,
        ),
        primary_key=("program_id",),
        sort_by=("plan_id", "category_no", "seq"),
        foreign_keys=(
            ForeignKey("plan_id", "plans", "plan_id"),
            ForeignKey("initiative_id", "initiatives", "initiative_id"),
            ForeignKey("instrument", "instruments", "instrument"),
        ),
        rename_key=("initiative_id", "seq"),
    )
)

CAPTIONS = _table(
    Table(
        "captions",
        "Photo captions printed with a plan's overview.",
        "計画の概要に添えられた写真の説明",
        (
            Column("caption_id", S, "plan_id and c + position.", "キャプションID", required=True),
            PLAN_ID,
            Column("seq", I32, "Position within the plan, from 1.", "掲載順", required=True),
            Column("text", S, "Caption text as published.", "キャプション本文", required=True),
            Column(
                "ocr_suspect",
                S,
                "The caption with a suspected OCR/typing slip corrected; empty when none.",
                "OCR・誤記の疑いがある場合の修正候補（なければ空）",
            ),
            SOURCE_PAGE,
            SOURCE_LINE,
        ),
        primary_key=("caption_id",),
        sort_by=("plan_id", "seq"),
        foreign_keys=(ForeignKey("plan_id", "plans", "plan_id"),),
    )
)

# -- announcements and the links between rounds (pipeline/output/schema_rounds.py) --------
ANNOUNCEMENTS = _table(schema_rounds.ANNOUNCEMENTS)
ANNOUNCEMENT_MUNICIPALITIES = _table(schema_rounds.ANNOUNCEMENT_MUNICIPALITIES)
PROGRAM_LINKS = _table(schema_rounds.PROGRAM_LINKS)

# -- labels of the codes the tables use (pipeline/output/schema_dimensions.py) ---------------
THEMES = _table(schema_dimensions.THEMES)
INSTRUMENTS = _table(schema_dimensions.INSTRUMENTS)
CATEGORIES = _table(schema_dimensions.CATEGORIES)
MUNICIPALITIES = _table(schema_dimensions.MUNICIPALITIES)

# -- the ledger of lines and the warnings (pipeline/output/schema_ledger.py) ---------------
LINES = _table(schema_ledger.LINES)
WARNINGS = _table(schema_ledger.WARNINGS)
