"""The report's figures, computed from the build's tables as plain rows.

Every function here is pure: it takes table rows (dicts, as
``pyarrow.Table.to_pylist()`` gives them) and returns rows for one chart or table,
in a fixed order, so the same data always give the same report.

A municipality is identified by its code (the same name can exist in two
prefectures: 府中市 is in Tokyo and in Hiroshima); its label is its name, with the
prefecture added only when two municipalities of the data share a name.  A plan's
*round* is the fiscal year it starts in: the plans approved together in one
announcement usually share it.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pipeline.lang.datafiles import read_data_csv

logger = logging.getLogger(__name__)

Row = dict[str, Any]

THEMES_FILE = "themes.csv"
UNCLASSIFIED = "unclassified"
#: Label of a plan whose period could not be read (no start year).
UNKNOWN_ROUND = "不明 unknown"


@dataclass(frozen=True, slots=True)
class Label:
    """A class of the theme vocabulary with its Japanese and English labels."""

    key: str
    ja: str
    en: str


UNCLASSIFIED_LABEL = Label(UNCLASSIFIED, "未分類", "Unclassified")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Themes and instruments in the order of ``pipeline/data/themes.csv``, ``unclassified`` last."""

    themes: tuple[Label, ...]
    instruments: tuple[Label, ...]

    def theme(self, key: str) -> Label:
        return next((t for t in self.themes if t.key == key), Label(key, key, key))

    def instrument(self, key: str) -> Label:
        return next((t for t in self.instruments if t.key == key), Label(key, key, key))


def vocabulary(rows: list[dict[str, str]] | None = None) -> Vocabulary:
    """The labels of ``pipeline/data/themes.csv`` (read without tokenising its keywords).

    >>> v = vocabulary([{"kind": "theme", "class": "digital", "label_ja": "デジタル化", "label_en": "Digital"}])
    >>> [t.key for t in v.themes], v.theme("digital").ja, v.instruments[-1].ja
    (['digital', 'unclassified'], 'デジタル化', '未分類')
    """
    rows = read_data_csv(THEMES_FILE, required=("kind", "class", "label_ja", "label_en")) if rows is None else rows
    by_kind: dict[str, list[Label]] = {"theme": [], "instrument": []}
    for r in rows:
        by_kind.setdefault(r["kind"], []).append(Label(r["class"], r["label_ja"], r["label_en"]))
    return Vocabulary(
        (*by_kind["theme"], UNCLASSIFIED_LABEL),
        (*by_kind["instrument"], UNCLASSIFIED_LABEL),
    )


def municipality_key(plan: Row) -> str:
    """The municipality's code, or its name when the code is unknown.

    >>> municipality_key({"municipality_code": "131091", "municipality": "品川区"})
    '131091'
    >>> municipality_key({"municipality_code": None, "municipality": "架空町"})
    '架空町'
    """
    return plan.get("municipality_code") or plan["municipality"]


def municipalities(plans: list[Row]) -> dict[str, str]:
    """Municipality key → label, in code order (names without a code last).

    >>> municipalities([
    ...     {"municipality_code": "342068", "municipality": "府中市", "prefecture": "広島県"},
    ...     {"municipality_code": "132063", "municipality": "府中市", "prefecture": "東京都"},
    ...     {"municipality_code": "131091", "municipality": "品川区", "prefecture": "東京都"}])
    {'131091': '品川区', '132063': '府中市（東京都）', '342068': '府中市（広島県）'}
    """
    first: dict[str, Row] = {}
    for p in plans:
        first.setdefault(municipality_key(p), p)
    names = Counter(p["municipality"] for p in first.values())
    ordered = sorted(first.items(), key=lambda kv: (kv[1].get("municipality_code") is None, kv[0]))
    return {
        key: f"{p['municipality']}（{p.get('prefecture') or '?'}）"
        if names[p["municipality"]] > 1
        else p["municipality"]
        for key, p in ordered
    }


def round_label(start_fy: int | None) -> str:
    """The label of a round (the fiscal year plans start in).

    >>> round_label(2023), round_label(None)
    ('2023年度 FY2023', '不明 unknown')
    """
    return UNKNOWN_ROUND if start_fy is None else f"{start_fy}年度 FY{start_fy}"


def _plan_index(plans: list[Row]) -> dict[str, Row]:
    return {p["plan_id"]: p for p in plans}


def counts(plans: list[Row], programs: list[Row]) -> list[Row]:
    """Plans and programs per municipality and round, in municipality then round order.

    >>> plans = [{"plan_id": "a", "municipality_code": "1", "municipality": "甲町", "start_fy": 2023}]
    >>> counts(plans, [{"plan_id": "a"}, {"plan_id": "a"}])
    [{'municipality': '甲町', 'round': '2023年度 FY2023', 'plans': 1, 'programs': 2}]
    """
    labels = municipalities(plans)
    order = {key: i for i, key in enumerate(labels)}
    by_plan = Counter(p["plan_id"] for p in programs)
    cells: dict[tuple[str, int | None], list[int]] = {}
    for p in plans:
        cell = cells.setdefault((municipality_key(p), p.get("start_fy")), [0, 0])
        cell[0] += 1
        cell[1] += by_plan[p["plan_id"]]
    ordered = sorted(cells.items(), key=lambda kv: (order[kv[0][0]], kv[0][1] is None, kv[0][1] or 0))
    return [
        {"municipality": labels[m], "round": round_label(fy), "plans": n[0], "programs": n[1]} for (m, fy), n in ordered
    ]


def rounds(plans: list[Row], programs: list[Row]) -> list[Row]:
    """Municipalities, plans and programs per round.

    >>> plans = [{"plan_id": "a", "municipality_code": "1", "municipality": "甲町", "start_fy": 2023},
    ...          {"plan_id": "b", "municipality_code": "2", "municipality": "乙村", "start_fy": 2023}]
    >>> rounds(plans, [{"plan_id": "a"}])
    [{'round': '2023年度 FY2023', 'municipalities': 2, 'plans': 2, 'programs': 1}]
    """
    out: dict[str, Row] = {}
    for c in counts(plans, programs):
        r = out.setdefault(c["round"], {"round": c["round"], "municipalities": 0, "plans": 0, "programs": 0})
        r["municipalities"] += 1
        r["plans"] += c["plans"]
        r["programs"] += c["programs"]
    return sorted(out.values(), key=lambda r: (r["round"] == UNKNOWN_ROUND, r["round"]))


def _per_municipality(plans: list[Row], programs: list[Row], keys_of: Any) -> Counter[tuple[str, str]]:
    index = _plan_index(plans)
    n: Counter[tuple[str, str]] = Counter()
    for pr in programs:
        for key in keys_of(pr):
            n[(municipality_key(index[pr["plan_id"]]), key)] += 1
    return n


def labels(classes: tuple[Label, ...]) -> list[Row]:
    """The Japanese label, English label and position of each class: the charts look the English up.

    >>> labels(vocabulary([]).themes)
    [{'ja': '未分類', 'en': 'Unclassified', 'order': 0}]
    """
    return [{"ja": c.ja, "en": c.en, "order": i} for i, c in enumerate(classes)]


def theme_matrix(plans: list[Row], programs: list[Row], vocab: Vocabulary) -> list[Row]:
    """Programs per theme and municipality, for the heatmap: the cells with at least one program.

    A program with two themes counts in both.  Cells are in theme, then municipality order.

    >>> v = vocabulary([{"kind": "theme", "class": "digital", "label_ja": "デジタル化", "label_en": "Digital"}])
    >>> plans = [{"plan_id": "a", "municipality_code": "1", "municipality": "甲町"}]
    >>> theme_matrix(plans, [{"plan_id": "a", "themes": ["digital"]}], v)
    [{'municipality': '甲町', 'theme': 'デジタル化', 'n': 1}]
    """
    n = _per_municipality(plans, programs, lambda pr: pr.get("themes") or [UNCLASSIFIED])
    return [
        {"municipality": label, "theme": t.ja, "n": n[(key, t.key)]}
        for t in vocab.themes
        for key, label in municipalities(plans).items()
        if n[(key, t.key)]
    ]


def instrument_mix(plans: list[Row], programs: list[Row], vocab: Vocabulary) -> list[Row]:
    """Programs per instrument and municipality, with the instrument's share of the municipality's programs.

    >>> v = vocabulary([{"kind": "instrument", "class": "event", "label_ja": "イベント", "label_en": "Event"}])
    >>> plans = [{"plan_id": "a", "municipality_code": "1", "municipality": "甲町"}]
    >>> progs = [{"plan_id": "a", "instrument": "event"}, {"plan_id": "a", "instrument": "unclassified"}]
    >>> [(r["instrument"], r["n"], r["share"]) for r in instrument_mix(plans, progs, v)]
    [('イベント', 1, 0.5), ('未分類', 1, 0.5)]
    """
    n = _per_municipality(plans, programs, lambda pr: [pr["instrument"]])
    totals = Counter(key for key, _ in n.elements())
    order = {t.key: i for i, t in enumerate(vocab.instruments)}

    def rank(inst: str) -> tuple[int, str]:
        return order.get(inst, len(order)), inst

    return [
        {
            "municipality": label,
            "instrument": vocab.instrument(inst).ja,
            "n": n[(key, inst)],
            "share": round(n[(key, inst)] / totals[key], 4),
        }
        for key, label in municipalities(plans).items()
        for inst in sorted((i for k, i in n if k == key), key=rank)
    ]


def periods(plans: list[Row]) -> list[Row]:
    """One bar per plan with a known period: from its first fiscal year to the end of its last.

    >>> periods([{"plan_id": "a", "municipality_code": "1", "municipality": "甲町", "start_fy": 2023,
    ...           "end_fy": 2025, "period_raw": "令和5年度～令和7年度", "plan_title": "甲町計画"}])[0]["end"]
    2026
    """
    labels = municipalities(plans)
    return [
        {
            "municipality": labels[municipality_key(p)],
            "plan_id": p["plan_id"],
            "title": p["plan_title"],
            "period": p.get("period_raw") or "",
            "round": round_label(p["start_fy"]),
            "start": p["start_fy"],
            "end": p["end_fy"] + 1,
        }
        for p in sorted(plans, key=lambda p: p["plan_id"])
        if p.get("start_fy") is not None and p.get("end_fy") is not None
    ]


def extra_search_text(program: Row, vocab: Vocabulary) -> str:
    """Words a table row is also found by, beyond its visible text: English labels, the published name.

    The page searches each row's visible text plus this, both NFKC-normalised and lower-cased
    in the browser, as the query is.

    >>> extra_search_text({"name": "創業塾", "name_raw": "創業塾（仮称）", "themes": ["startup"],
    ...                    "instrument": "training"}, vocabulary([]))
    'startup training 創業塾（仮称）'
    """
    words = [vocab.theme(t).en for t in program.get("themes") or []] + [vocab.instrument(program["instrument"]).en]
    if program.get("name_raw") and program["name_raw"] != program["name"]:
        words.append(program["name_raw"])
    return " ".join(words)


def program_rows(plans: list[Row], programs: list[Row], vocab: Vocabulary) -> list[Row]:
    """The rows of the searchable programs table, in the programs table's order, with their source.

    >>> v = vocabulary([])
    >>> plans = [{"plan_id": "a", "municipality_code": "1", "municipality": "甲町", "doc_id": "d",
    ...           "period_raw": "令和5年度～令和7年度"}]
    >>> r = program_rows(plans, [{"plan_id": "a", "program_id": "a-1-x", "category_no": 1, "seq": 1,
    ...     "name": "創業塾", "themes": ["startup"], "instrument": "training", "source_line": 9}], v)[0]
    >>> r["source"], r["themes"]
    ('d, line 9', 'startup')
    """
    index = _plan_index(plans)
    labels = municipalities(plans)
    out = []
    for pr in programs:
        plan = index[pr["plan_id"]]
        page = f"p. {pr['source_page']}, " if pr.get("source_page") is not None else ""
        row = {
            "program_id": pr["program_id"],
            "municipality": labels[municipality_key(plan)],
            "period": plan.get("period_raw") or "",
            "category_no": pr["category_no"],
            "name": pr["name"],
            "themes": "・".join(vocab.theme(t).ja for t in pr.get("themes") or [UNCLASSIFIED]),
            "instrument": vocab.instrument(pr["instrument"]).ja,
            "source": f"{plan['doc_id']}, {page}line {pr['source_line']}",
        }
        row["search"] = extra_search_text(pr, vocab)
        out.append(row)
    return out
