"""Following programs from one plan of a municipality to the next, at assembly.

For each municipality with two or more plans in the corpus (matched by code, or by name
without one; plans without a start fiscal year cannot be ordered and are left out), each
plan is compared with the one that starts before it.  Every program of the later plan
gets one ``program_links`` row, and every program of the earlier plan that nothing
continues gets one too:

1. ``same`` — equal ``name_key`` (notation differences only: 斡旋/あっせん, （仮称）
   dropped, full-width letters); paired in published order when a key repeats;
2. ``similar`` — a renamed program: the best remaining pair whose name similarity
   (:func:`pipeline.lang.similarity.name_similarity`) is at least
   :data:`~pipeline.lang.similarity.SIMILAR_MIN_SCORE`; pairs are taken greedily from the
   highest score, so each program is linked at most once (ties: published order);
3. ``new`` — a later program that is neither;
4. ``ended`` — an earlier program that nothing continues.

The thresholds and how they were chosen: docs/rounds.md.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pipeline.core.fileio import dumps
from pipeline.driver.links import municipality_key
from pipeline.lang.similarity import SIMILAR_MIN_SCORE, name_similarity
from pipeline.output.schema import PROGRAM_LINKS

logger = logging.getLogger(__name__)

Row = dict[str, Any]
#: The fields of a plan and of a program that its links depend on (:func:`pair_key`).
PLAN_FIELDS = ("plan_id", "municipality_code", "municipality")
PROGRAM_FIELDS = ("program_id", "name", "name_key", "category_no", "seq")


def consecutive_plans(plans: list[Row]) -> list[tuple[Row, Row]]:
    """Each plan with a start year paired with the municipality's plan that starts before it.

    >>> p = [{"plan_id": f"131091-{y}", "municipality_code": "131091", "start_fy": y} for y in (2023, 2017, 2020)]
    >>> [(a["plan_id"], b["plan_id"]) for a, b in consecutive_plans(p)]
    [('131091-2017', '131091-2020'), ('131091-2020', '131091-2023')]
    """
    by_municipality: dict[str, list[Row]] = defaultdict(list)
    for plan in plans:
        if plan.get("start_fy") is not None:
            by_municipality[municipality_key(plan.get("municipality_code"), plan.get("municipality"))].append(plan)
    pairs = []
    for key in sorted(by_municipality):
        ordered = sorted(by_municipality[key], key=lambda p: (p["start_fy"], p["plan_id"]))
        pairs += [(a, b) for a, b in itertools.pairwise(ordered) if a["start_fy"] < b["start_fy"]]
    return pairs


def match_programs(earlier: list[Row], later: list[Row]) -> list[tuple[Row | None, Row | None, str, float | None]]:
    """The links between two plans' programs: ``(earlier, later, link, score)`` (module docstring).

    >>> a = [{"name": "DX伴走支援事業", "name_key": "dx伴走支援事業"}, {"name": "産業基礎調査", "name_key": "産業基礎調査"}]
    >>> b = [{"name": "DX伴走型支援事業", "name_key": "dx伴走型支援事業"}, {"name": "創業塾", "name_key": "創業塾"}]
    >>> [(x and x["name"], y and y["name"], link, score) for x, y, link, score in match_programs(a, b)]
    [('DX伴走支援事業', 'DX伴走型支援事業', 'similar', 0.857), (None, '創業塾', 'new', None), ('産業基礎調査', None, 'ended', None)]
    """
    pairs: dict[int, tuple[int, str, float]] = {}  # later index -> (earlier index, link, score)
    used: set[int] = set()
    for j, prog in enumerate(later):
        i = next((i for i, e in enumerate(earlier) if i not in used and e["name_key"] == prog["name_key"]), None)
        if i is not None:
            used.add(i)
            pairs[j] = (i, "same", name_similarity(earlier[i]["name"], prog["name"]))
    candidates = sorted(
        (-score, j, i)
        for j, prog in enumerate(later)
        if j not in pairs
        for i, e in enumerate(earlier)
        if i not in used and (score := name_similarity(e["name"], prog["name"])) >= SIMILAR_MIN_SCORE
    )
    for negative, j, i in candidates:
        if j not in pairs and i not in used:
            used.add(i)
            pairs[j] = (i, "similar", -negative)
    out: list[tuple[Row | None, Row | None, str, float | None]] = []
    for j, prog in enumerate(later):
        if j in pairs:
            i, link, score = pairs[j]
            out.append((earlier[i], prog, link, score))
        else:
            out.append((None, prog, "new", None))
    out += [(e, None, "ended", None) for i, e in enumerate(earlier) if i not in used]
    return out


def _published_order(programs: list[Row]) -> list[Row]:
    return sorted(programs, key=lambda p: (p["category_no"], p["seq"], p["program_id"]))


def pair_key(previous: Row, plan: Row, earlier: list[Row], later: list[Row]) -> str:
    """What the links between two plans depend on, hashed: the plans' ids and municipality,
    and each program's id, place and names.

    >>> p, q = {"plan_id": "a-2020"}, {"plan_id": "a-2023", "municipality": "x"}
    >>> pair_key(p, q, [], []) == pair_key(p, q, [], []) != pair_key(p, q, [], [{"name": "y"}])
    True
    """
    fields = [
        previous["plan_id"],
        [plan.get(k) for k in PLAN_FIELDS],
        [[r.get(k) for k in PROGRAM_FIELDS] for r in earlier],
        [[r.get(k) for k in PROGRAM_FIELDS] for r in later],
    ]
    return hashlib.sha256(dumps(fields).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class PlanPair:
    """A plan and the municipality's plan before it, with their programs in published order."""

    previous: Row
    plan: Row
    earlier: list[Row]
    later: list[Row]

    @property
    def key(self) -> str:
        """What the pair's links depend on, hashed (:func:`pair_key`)."""
        return pair_key(self.previous, self.plan, self.earlier, self.later)


def plan_pairs(plans: list[Row], programs: list[Row]) -> list[PlanPair]:
    """Every pair of consecutive plans of the corpus (:func:`consecutive_plans`), with their programs.

    Args:
        plans: every plan of the corpus.
        programs: every program of the corpus (at least the fields of :data:`PROGRAM_FIELDS`
            and ``plan_id``).
    """
    by_plan: dict[str, list[Row]] = defaultdict(list)
    for prog in programs:
        by_plan[prog["plan_id"]].append(prog)
    return [
        PlanPair(
            previous, plan, _published_order(by_plan[previous["plan_id"]]), _published_order(by_plan[plan["plan_id"]])
        )
        for previous, plan in consecutive_plans(plans)
    ]


def link_programs(plans: list[Row], programs: list[Row]) -> list[Row]:
    """The ``program_links`` rows of the corpus (module docstring), pair by pair.

    >>> plans = [{"plan_id": f"131091-{y}", "municipality_code": "131091", "municipality": "品川区", "start_fy": y}
    ...          for y in (2020, 2023)]
    >>> programs = [{"program_id": f"p{y}", "plan_id": f"131091-{y}", "name": "創業支援事業", "name_key": "創業支援事業",
    ...              "category_no": 1, "seq": 1} for y in (2020, 2023)]
    >>> [(r["previous_program_id"], r["program_id"], r["link"]) for r in link_programs(plans, programs)]
    [('p2020', 'p2023', 'same')]
    """
    return [row for pair in plan_pairs(plans, programs) for row in pair_links(pair)]


def pair_links(pair: PlanPair) -> list[Row]:
    """The ``program_links`` rows between two consecutive plans."""
    previous, plan = pair.previous, pair.plan
    rows = []
    for old, new, link, score in match_programs(pair.earlier, pair.later):
        subject = new if new is not None else old
        assert subject is not None
        rows.append(
            PROGRAM_LINKS.row(
                link_id=f"{plan['plan_id']}:{subject['program_id']}",
                municipality_code=plan.get("municipality_code"),
                municipality=plan["municipality"],
                previous_plan_id=previous["plan_id"],
                plan_id=plan["plan_id"],
                previous_program_id=old["program_id"] if old else None,
                program_id=new["program_id"] if new else None,
                previous_name=old["name"] if old else None,
                name=new["name"] if new else None,
                link=link,
                score=score,
            )
        )
    return rows
