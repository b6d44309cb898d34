"""Linking announcements and plans across documents, at assembly.

A press release approves municipalities for plans that start in one fiscal year; a
municipality comes back with a new plan every three years (品川区: plans starting FY2017
and FY2023).  So a plan belongs to a release only when **both** the municipality and the
start fiscal year match — never by municipality alone: 品川区's FY2023 plan must not link
to the 2017 release that approved its FY2017 plan.

:func:`link_announcements` fills ``plans.announcement_id`` and
``announcement_municipalities.plan_id`` in place and returns the cross-checks as warnings:

* ``announced_plan_missing`` — a listed municipality whose plan for the release's start
  fiscal year is not in the corpus (or the release states no start fiscal year);
* ``ambiguous_announcement`` — several releases approve the same municipality for the same
  start year: the plan is linked to none of them (nothing is guessed).

A municipality is matched by its code, or by its name when the reference table does not
know it.
"""

from __future__ import annotations

import logging
import unicodedata
from collections import defaultdict
from typing import Any

from pipeline.core.errors import Code, Issue, Severity

logger = logging.getLogger(__name__)

Row = dict[str, Any]
#: Prefix of the matching key of a municipality without a code.
NAME_KEY_PREFIX = "name:"


def municipality_key(code: str | None, name: str | None) -> str:
    """The key a municipality is matched on: its code, else its NFKC name.

    >>> municipality_key("131091", "品川区"), municipality_key(None, "ほげ町")
    ('131091', 'name:ほげ町')
    """
    return code if code else NAME_KEY_PREFIX + unicodedata.normalize("NFKC", name or "")


def _warning(row: Row, doc_id: str, code: Code, message: str) -> Issue:
    line = row.get("source_line")
    page = row.get("source_page")
    location = (f"page {page}, line {line}" if page else f"line {line}") if line is not None else ""
    return Issue(doc_id, Severity.WARNING, code, location, message, line)


def link_announcements(rows: dict[str, list[Row]]) -> list[Issue]:
    """Link plans and announcements on municipality and start fiscal year (module docstring).

    Args:
        rows: the assembled rows of every table; ``plans`` and ``announcement_municipalities``
            are updated in place.

    Returns:
        The warnings of the cross-checks.

    >>> rows = {"announcements": [{"announcement_id": "a", "doc_id": "r", "start_fy": 2017}],
    ...         "announcement_municipalities": [{"announcement_id": "a", "municipality_code": "131091",
    ...             "municipality": "品川区", "seq": 1, "source_line": 11}],
    ...         "plans": [{"plan_id": "131091-2023", "municipality_code": "131091", "start_fy": 2023}]}
    >>> [i.code.value for i in link_announcements(rows)], rows["plans"][0].get("announcement_id")
    (['announced_plan_missing'], None)
    """
    announcements = {a["announcement_id"]: a for a in rows["announcements"]}
    approvals: dict[tuple[str, int], list[Row]] = defaultdict(list)
    for m in rows["announcement_municipalities"]:
        start = announcements[m["announcement_id"]].get("start_fy")
        if start is not None:
            approvals[(municipality_key(m.get("municipality_code"), m.get("municipality")), start)].append(m)
    issues: list[Issue] = []
    matched: set[int] = set()
    for plan in rows["plans"]:
        start = plan.get("start_fy")
        key = municipality_key(plan.get("municipality_code"), plan.get("municipality"))
        listed = approvals.get((key, start), []) if start is not None else []
        ids = sorted({m["announcement_id"] for m in listed})
        if len(ids) == 1:
            plan["announcement_id"] = ids[0]
            for m in listed:
                m["plan_id"] = plan["plan_id"]
        elif len(ids) > 1:
            issues += [
                _warning(
                    m,
                    announcements[m["announcement_id"]]["doc_id"],
                    Code.AMBIGUOUS_ANNOUNCEMENT,
                    f"plan {plan['plan_id']} is approved by {len(ids)} releases ({', '.join(ids)}); it is linked "
                    "to none of them. Keep one release, or mark the other as an edition in raw/sources.csv",
                )
                for m in listed
            ]
        matched.update(id(m) for m in listed)
    issues += _missing(rows["announcement_municipalities"], announcements, matched)
    return issues


def _missing(listed: list[Row], announcements: dict[str, Row], matched: set[int]) -> list[Issue]:
    """An ``announced_plan_missing`` warning per listed municipality without a plan."""
    out = []
    for m in listed:
        if id(m) in matched:
            continue
        ann = announcements[m["announcement_id"]]
        start = ann.get("start_fy")
        why = (
            f"its plan starting in FY{start} is not in the raw folder"
            if start is not None
            else "the release states no start fiscal year, so no plan can be matched"
        )
        out.append(
            _warning(
                m,
                ann["doc_id"],
                Code.ANNOUNCED_PLAN_MISSING,
                f"{m['announcement_id']} approves {m['municipality']}, but {why}; add that round's plan "
                "overview (別紙) to raw/ if you have it",
            )
        )
    return out
