"""The tables of announcements and of the links between approval rounds.

* ``announcements`` — one row per press release (報道発表) announcing approved plans: its
  date, scheme, round, the plans' start fiscal year, support period and subsidy terms,
  each value as stated (an unstated value is empty, never guessed) and, for a normalised
  value, its published spelling next to it;
* ``announcement_municipalities`` — the municipalities a release approves, in published
  order, with the plan of the corpus each stands for;
* ``program_links`` — how the programs of a municipality's plan continue those of its
  previous plan: ``same``, ``similar`` (a renamed program, with its score), ``new`` or
  ``ended`` (docs/rounds.md).

They are registered in :data:`pipeline.output.schema.TABLES` with the other tables.
"""

from __future__ import annotations

from pipeline.output.columns import DOC_ID, SOURCE_LINE, SOURCE_PAGE, Column, ForeignKey, Table, Type

S, I16, I64, CAT = Type.STRING, Type.INT16, Type.INT64, Type.CATEGORY

ANNOUNCEMENT_ID = Column(
    "announcement_id",
    S,
    "Announcement id: ann- + publication date (or 'undated') + a hash of the title, e.g. ann-2017-03-06-1a2b3c.",
    "報道発表ID（ann-公表日-表題のハッシュ）",
    required=True,
)
LINK_KINDS = ("same", "similar", "new", "ended")

ANNOUNCEMENTS = Table(
    "announcements",
    "One row per press release (報道発表) announcing approved plans.",
    "計画の承認を発表した報道発表（1件1行）",
    (
        ANNOUNCEMENT_ID,
        DOC_ID,
        Column(
            "published_on",
            Type.DATE,
            "Publication date: from the release's text, else from raw/sources.csv (column published); "
            "empty when neither states it.",
            "公表日（本文から。本文になければ raw/sources.csv の published 列）",
        ),
        Column("published_raw", S, "The date as the release prints it, e.g. 2017年03月06日.", "本文の日付表記（原文）"),
        Column(
            "published_on_source",
            CAT,
            "Where published_on comes from: text or manifest (raw/sources.csv).",
            "公表日の出典（text：本文、manifest：raw/sources.csv）",
            enum=("text", "manifest"),
        ),
        Column("publisher", S, "The bureau named in the header, e.g. 産業労働局.", "発表部局（見出しの表記）"),
        Column("title", S, "Title as published, e.g. 5区市の「地域産業活性化計画」を承認しました.", "表題"),
        Column(
            "subtitle",
            S,
            "Line(s) above the title, as published: usually the round and the scheme.",
            "表題の上の行（回・事業名）",
        ),
        Column("scheme", CAT, "Support scheme named by the release, e.g. 産業集積活性化支援事業.", "支援事業名"),
        Column("round", S, "Approval round as published, e.g. 平成28年度 or 令和6年度後期.", "募集回（原文）"),
        Column("start_fy", I16, "First fiscal year of the approved plans (Gregorian).", "計画の開始年度（西暦）"),
        Column(
            "end_fy",
            I16,
            "Last fiscal year of support: stated, or start_fy + support_years - 1 when the lead states "
            "the number of years (not from a maximum alone).",
            "支援の最終年度（本文の記載、または開始年度＋年数−1）",
        ),
        Column(
            "support_years",
            I16,
            "Years of support: from the lead (…から3年間), else the support period of the terms (最長3年間).",
            "支援年数",
        ),
        Column("support_period_raw", S, "Support period as published, e.g. 最長3年間.", "支援期間（原文）"),
        Column(
            "subsidy_cap_yen",
            I64,
            "Most subsidy per year in yen, e.g. 100000000 for 1億円/年限度; empty unless stated per year.",
            "年間の補助上限額（円）",
        ),
        Column("subsidy_cap_raw", S, "The cap as published, e.g. 1億円/年限度.", "補助上限（原文）"),
        Column("subsidy_rate", S, "Subsidy rate as a reduced fraction, e.g. 1/2 for 2分の1以内.", "補助率（分数）"),
        Column("subsidy_rate_raw", S, "The rate as published, e.g. 2分の1以内.", "補助率（原文）"),
        Column(
            "subsidy_notes",
            S,
            "Exceptions and other lines of the terms, as published (e.g. a higher rate for small "
            "enterprises with its own cap); lines separated by a line break.",
            "補助内容の例外・その他（原文のまま、改行区切り）",
        ),
        Column(
            "n_municipalities",
            I16,
            "Municipalities approved: those listed, else the count in the title (5区市).",
            "承認された団体数",
        ),
        Column("lead", S, "The opening paragraphs (who was approved, from when).", "冒頭の本文"),
        Column("outline", S, "The outline of the scheme (…の概要 section).", "事業の概要"),
        Column("contact", S, "The contact section, lines separated by a line break.", "問い合わせ先"),
        Column(
            "attachments",
            S,
            "The attachments as listed (e.g. 【別紙】承認した地域産業活性化計画の概要), line breaks between them.",
            "添付資料（別紙）",
        ),
        Column(
            "other_text",
            S,
            "Text of the release that fits no other column (other sections, with their headings).",
            "その他の本文",
        ),
        SOURCE_PAGE,
        SOURCE_LINE,
    ),
    primary_key=("announcement_id",),
    sort_by=("announcement_id",),
    foreign_keys=(ForeignKey("doc_id", "documents", "doc_id"),),
)

ANNOUNCEMENT_MUNICIPALITIES = Table(
    "announcement_municipalities",
    "One row per municipality an announcement approves.",
    "報道発表で承認された団体（1団体1行）",
    (
        ANNOUNCEMENT_ID,
        Column("seq", I16, "Position in the published list, from 1.", "掲載順（1から）", required=True),
        Column(
            "municipality",
            S,
            "Municipality name from the reference table (as published when unknown).",
            "市区町村名（参照表）",
            required=True,
        ),
        Column("municipality_raw", S, "The name as published in the list.", "一覧の表記のままの名称", required=True),
        Column(
            "municipality_code",
            S,
            "6-digit local government code; empty when the name is not in the reference table.",
            "全国地方公共団体コード（6桁）",
        ),
        Column(
            "plan_id",
            S,
            "The plan of the corpus this approval stands for (same municipality and start fiscal year); "
            "empty when raw/ holds no such plan.",
            "対応する計画ID（団体と開始年度が一致するもの。なければ空）",
        ),
        SOURCE_PAGE,
        SOURCE_LINE,
    ),
    primary_key=("announcement_id", "seq"),
    sort_by=("announcement_id", "seq"),
    foreign_keys=(
        ForeignKey("announcement_id", "announcements", "announcement_id"),
        ForeignKey("plan_id", "plans", "plan_id"),
        ForeignKey("municipality_code", "municipalities", "municipality_code"),
    ),
)

PROGRAM_LINKS = Table(
    "program_links",
    "How each program of a municipality's plan continues its previous plan (docs/rounds.md).",
    "前の計画からの事業の継続（同一・類似・新規・終了）",
    (
        Column(
            "link_id",
            S,
            "plan_id of the later plan and the id of the program the row is about.",
            "リンクID（後の計画ID:事業ID）",
            required=True,
        ),
        Column("municipality_code", S, "6-digit local government code of the municipality.", "団体コード"),
        Column("municipality", S, "Municipality name.", "市区町村名", required=True),
        Column("previous_plan_id", S, "The earlier plan of the municipality.", "前の計画ID", required=True),
        Column(
            "plan_id",
            S,
            "The later plan of the municipality (the next start fiscal year in raw/).",
            "後の計画ID",
            required=True,
        ),
        Column(
            "previous_program_id",
            S,
            "Program of the earlier plan; empty for a new program.",
            "前の計画の事業ID（新規なら空）",
        ),
        Column(
            "program_id", S, "Program of the later plan; empty for an ended program.", "後の計画の事業ID（終了なら空）"
        ),
        Column("previous_name", S, "Display name of the earlier program.", "前の計画の事業名"),
        Column("name", S, "Display name of the later program.", "後の計画の事業名"),
        Column(
            "link",
            CAT,
            "same (equal name_key), similar (renamed: score at least the threshold of docs/rounds.md), "
            "new (no counterpart in the earlier plan) or ended (no successor in the later plan).",
            "継続の種類（same：同一、similar：類似、new：新規、ended：終了）",
            required=True,
            enum=LINK_KINDS,
        ),
        Column(
            "score",
            Type.FLOAT,
            "Name similarity in [0, 1] (character-bigram Dice of the names' core keys) for same and "
            "similar; empty for new and ended.",
            "名称の類似度（0〜1）",
        ),
    ),
    primary_key=("link_id",),
    sort_by=("plan_id", "link_id"),
    foreign_keys=(
        ForeignKey("previous_plan_id", "plans", "plan_id"),
        ForeignKey("plan_id", "plans", "plan_id"),
        ForeignKey("previous_program_id", "programs", "program_id"),
        ForeignKey("program_id", "programs", "program_id"),
    ),
)
