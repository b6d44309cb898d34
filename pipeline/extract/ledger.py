"""The line ledger: every line of a document goes to exactly one place.

While records are built, each line that feeds a value is *assigned* to its place
(``table.field``) and the id of the record it went to.  At the end, the segmenter's
dropped lines (``dropped.<reason>``) are added, and every line of the stream becomes one
row of the ``lines`` table.  A line assigned nowhere is kept as ``dropped.unassigned``
with an ``unassigned_line`` warning; a line assigned twice is an ``line_assigned_twice``
error (both would be pipeline bugs, and a property test feeds mutated documents to
check that neither happens).
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.core.errors import Code, Issue, Severity
from pipeline.core.model import Line
from pipeline.extract.records import Row
from pipeline.output.schema import LINES

UNASSIGNED = "dropped.unassigned"
#: Characters of an unassigned line quoted in its warning.
QUOTE_CHARS = 80


class Ledger:
    """Where each line of one document went."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.places: dict[int, list[tuple[str, str]]] = {}

    def assign(self, line_nos: Iterable[int] | int | None, place: str, record_id: str) -> None:
        """Record that ``line_nos`` feed ``place`` of record ``record_id``."""
        if line_nos is None:
            return
        for n in [line_nos] if isinstance(line_nos, int) else line_nos:
            self.places.setdefault(n, []).append((place, record_id))

    def rows(self, lines: list[Line], dropped: dict[int, str]) -> tuple[list[Row], list[Issue]]:
        """The ``lines`` rows of the document and the issues of lines placed nowhere or twice."""
        rows: list[Row] = []
        issues: list[Issue] = []
        for line in lines:
            places = self.places.get(line.line_no, [])
            reason = dropped.get(line.line_no)
            if reason is not None:
                places = [*places, (f"dropped.{reason}", "")]
            if not places:
                issues.append(
                    self._issue(line, Code.UNASSIGNED_LINE, f"line not assigned anywhere: {line.text[:QUOTE_CHARS]!r}")
                )
                places = [(UNASSIGNED, "")]
            elif len(places) > 1:
                where = ", ".join(p for p, _ in places)
                issues.append(self._issue(line, Code.LINE_ASSIGNED_TWICE, f"line assigned to {where}", Severity.ERROR))
            place, record_id = places[0]
            rows.append(
                LINES.row(
                    doc_id=self.doc_id,
                    line_no=line.line_no,
                    page=line.page,
                    text=line.text,
                    place=place,
                    record_id=record_id or None,
                    element=line.element,
                    role=line.role,
                )
            )
        return rows, issues

    def _issue(self, line: Line, code: Code, message: str, severity: Severity = Severity.WARNING) -> Issue:
        return Issue(self.doc_id, severity, code, line.location, message, line.line_no)
