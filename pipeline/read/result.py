"""What every reader returns: the document's format, its lines and what the reader noticed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pipeline.core.errors import Issue
from pipeline.core.model import Line


class Format(StrEnum):
    """Source document formats the pipeline reads."""

    TEXT = "text"
    PDF = "pdf"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What the read stage knows about a document besides its lines."""

    format: Format
    encoding: str | None
    n_pages: int | None
    lines: list[Line]
    notes: tuple[str, ...] = ()
    #: warnings the reader met (e.g. repaired code points); the build stamps the doc_id
    issues: tuple[Issue, ...] = ()
