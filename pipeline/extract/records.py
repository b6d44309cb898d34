"""The extract stage's output: rows of every table from one document, and its issues.

Rows are plain dicts, but they are never written by hand: each is built by
:meth:`pipeline.output.schema.Table.row`, which rejects a column the schema does not
know and fills the ones a record leaves empty, so a record meets its table's schema
at the extract boundary rather than at assembly.  ``records.json`` in a document's
interim folder is :meth:`Records.to_dict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.core.errors import Issue

Row = dict[str, Any]
#: The tables a document contributes rows to, in the order they are written.
RECORD_TABLES = (
    "plans",
    "initiatives",
    "programs",
    "captions",
    "announcements",
    "announcement_municipalities",
    "lines",
)
#: What a document can be (``documents.kind``).
KIND_ANNOUNCEMENT, KIND_PLAN_OVERVIEW, KIND_BOTH = "announcement", "plan_overview", "both"


@dataclass(frozen=True, slots=True)
class DocumentFields:
    """What extraction learns about the document itself (its ``documents`` row has more).

    Attributes:
        title: the release's title, else the first line before the first plan.
        preamble: the other text before the first plan (when it is no release).
        n_plans: plans extracted.
        kind: ``announcement``, ``plan_overview`` or ``both``.
    """

    title: str | None = None
    preamble: str | None = None
    n_plans: int = 0
    kind: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "preamble": self.preamble, "n_plans": self.n_plans, "kind": self.kind}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocumentFields:
        return cls(
            title=d.get("title"), preamble=d.get("preamble"), n_plans=int(d.get("n_plans") or 0), kind=d.get("kind")
        )


@dataclass(slots=True)
class Records:
    """Rows for every table, from one document.

    >>> r = Records("d")
    >>> Records.from_dict(r.to_dict()) == r
    True
    """

    doc_id: str
    document: DocumentFields = field(default_factory=DocumentFields)
    plans: list[Row] = field(default_factory=list)
    initiatives: list[Row] = field(default_factory=list)
    programs: list[Row] = field(default_factory=list)
    captions: list[Row] = field(default_factory=list)
    announcements: list[Row] = field(default_factory=list)
    announcement_municipalities: list[Row] = field(default_factory=list)
    lines: list[Row] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def table(self, name: str) -> list[Row]:
        """The rows of one of :data:`RECORD_TABLES`."""
        if name not in RECORD_TABLES:
            raise KeyError(f"a document has no {name!r} records; expected one of {RECORD_TABLES}")
        rows: list[Row] = getattr(self, name)
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "document": self.document.to_dict(),
            **{name: self.table(name) for name in RECORD_TABLES},
            "warnings": [i.to_dict() for i in self.warnings],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Records:
        return cls(
            doc_id=d["doc_id"],
            document=DocumentFields.from_dict(d["document"]),
            **{name: d[name] for name in RECORD_TABLES},
            warnings=[Issue.from_dict(w) for w in d["warnings"]],
        )
