"""The report's figures: rounds, heatmap cells, instrument shares, periods and table rows."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipeline.output.report.data import (
    UNKNOWN_ROUND,
    counts,
    instrument_mix,
    periods,
    program_rows,
    rounds,
    theme_matrix,
    vocabulary,
)


def _plan(plan_id: str, code: str | None, name: str, start: int | None, end: int | None) -> dict[str, Any]:
    return {
        "plan_id": plan_id,
        "doc_id": "doc",
        "municipality_code": code,
        "municipality": name,
        "prefecture": "東京都",
        "start_fy": start,
        "end_fy": end,
        "period_raw": None if start is None else f"{start}～{end}",
        "plan_title": f"{name}地域産業活性化計画",
    }


PLANS = [
    _plan("132012-2026", "132012", "八王子市", 2026, 2028),
    _plan("131091-2023", "131091", "品川区", 2023, 2025),
    _plan("132012-2023", "132012", "八王子市", 2023, 2025),
    _plan("架空町-unknown", None, "架空町", None, None),
]


def _program(plan_id: str, seq: int, themes: list[str], instrument: str, page: int | None = None) -> dict[str, Any]:
    return {
        "program_id": f"{plan_id}-1-{seq}",
        "plan_id": plan_id,
        "category_no": 1,
        "seq": seq,
        "name": f"事業{seq}",
        "name_raw": f"事業{seq}",
        "themes": themes,
        "instrument": instrument,
        "source_page": page,
        "source_line": 10 + seq,
    }


PROGRAMS = [
    _program("131091-2023", 1, ["digital", "startup"], "subsidy"),
    _program("131091-2023", 2, ["unclassified"], "unclassified"),
    _program("132012-2023", 1, ["digital"], "event", page=2),
    _program("132012-2026", 1, ["talent"], "event"),
    _program("132012-2026", 2, ["talent"], "training"),
    _program("架空町-unknown", 1, ["retail"], "facility"),
]


def test_counts_per_municipality_and_round() -> None:
    got = [(r["municipality"], r["round"], r["plans"], r["programs"]) for r in counts(PLANS, PROGRAMS)]
    assert got == [
        ("品川区", "2023年度 FY2023", 1, 2),
        ("八王子市", "2023年度 FY2023", 1, 1),
        ("八王子市", "2026年度 FY2026", 1, 2),
        ("架空町", UNKNOWN_ROUND, 1, 1),  # no code: after the coded municipalities
    ]
    assert [(r["round"], r["municipalities"], r["plans"], r["programs"]) for r in rounds(PLANS, PROGRAMS)] == [
        ("2023年度 FY2023", 2, 2, 3),
        ("2026年度 FY2026", 1, 1, 2),
        (UNKNOWN_ROUND, 1, 1, 1),
    ]


def test_heatmap_counts_each_theme() -> None:
    vocab = vocabulary()
    cells = theme_matrix(PLANS, PROGRAMS, vocab)
    nonzero = {(c["municipality"], c["theme"]): c["n"] for c in cells}
    assert len(nonzero) == len(cells) and all(c["n"] > 0 for c in cells)  # only cells with programs
    digital, talent, retail = (vocab.theme(k).ja for k in ("digital", "talent", "retail"))
    assert nonzero == {
        ("品川区", digital): 1,
        ("品川区", vocab.theme("startup").ja): 1,
        ("品川区", "未分類"): 1,
        ("八王子市", digital): 1,
        ("八王子市", talent): 2,
        ("架空町", retail): 1,
    }


def test_instrument_shares_add_up_per_municipality() -> None:
    mix = instrument_mix(PLANS, PROGRAMS, vocabulary())
    shares: dict[str, float] = defaultdict(float)
    for r in mix:
        shares[r["municipality"]] += r["share"]
    assert shares == {"品川区": 1.0, "八王子市": 1.0, "架空町": 1.0}
    hachioji = [(r["instrument"], r["n"]) for r in mix if r["municipality"] == "八王子市"]
    assert hachioji == [
        (vocabulary().instrument("event").ja, 2),
        (vocabulary().instrument("training").ja, 1),
    ]  # its order
    assert [r["instrument"] for r in mix if r["municipality"] == "品川区"][-1] == "未分類"


def test_periods_leave_out_plans_without_a_period() -> None:
    got = [(p["municipality"], p["start"], p["end"]) for p in periods(PLANS)]
    assert got == [("品川区", 2023, 2026), ("八王子市", 2023, 2026), ("八王子市", 2026, 2029)]


def test_table_rows_name_the_source_and_are_searchable() -> None:
    rows = {r["program_id"]: r for r in program_rows(PLANS, PROGRAMS, vocabulary())}
    assert rows["132012-2023-1-1"]["source"] == "doc, p. 2, line 11"
    assert rows["131091-2023-1-1"]["source"] == "doc, line 11"
    assert rows["131091-2023-1-2"]["themes"] == "未分類"
    assert (
        rows["131091-2023-1-1"]["search"]
        == f"Digital transformation and IT Startups and founding {vocabulary().instrument('subsidy').en}"
    )
