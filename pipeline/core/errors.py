"""The pipeline's exception hierarchy and its warning record.

Every problem the pipeline can meet in a source document has a stable ``code``
(listed in the README's troubleshooting table).  A problem that stops a whole
document is raised as a :class:`DocumentError`; the driver catches it, records an
``error`` row in the ``warnings`` table and goes on with the other documents.
A problem that only affects one value becomes an :class:`Issue` that travels with
the document's records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a warning is: ``error`` rows make the build exit non-zero."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Issue:
    """One row of the ``warnings`` table.

    Attributes:
        doc_id: the document the issue was found in.
        severity: ``error`` or ``warning``.
        code: stable machine-readable code, e.g. ``unknown_municipality``.
        location: where in the document, e.g. ``line 54`` or ``page 2, line 31``.
        message: what is wrong and what to do about it.
        line_no: the line the issue is about, when there is one (for sorting).
    """

    doc_id: str
    severity: Severity
    code: str
    location: str
    message: str
    line_no: int | None = None

    def to_dict(self) -> dict[str, str]:
        d = asdict(self)
        d["severity"] = str(self.severity)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Issue:
        return cls(
            doc_id=d["doc_id"],
            severity=Severity(d["severity"]),
            code=d["code"],
            location=d["location"],
            message=d["message"],
            line_no=d.get("line_no"),
        )


class PipelineError(Exception):
    """Base class of every error the pipeline raises on purpose."""

    code = "pipeline_error"

    def __init__(self, message: str, *, path: str = "", location: str = "") -> None:
        self.message = message
        self.path = path
        self.location = location
        where = ", ".join(p for p in (path, location) if p)
        super().__init__(f"{where}: {message}" if where else message)


class DocumentError(PipelineError):
    """A source document cannot be extracted at all."""

    code = "document_error"


class EmptyDocumentError(DocumentError):
    code = "empty_document"


class BinaryDocumentError(DocumentError):
    code = "binary_document"


class DecodeError(DocumentError):
    code = "undecodable_text"


class UnsupportedFormatError(DocumentError):
    code = "unsupported_format"


class LimitError(DocumentError):
    """A per-document resource limit was hit (see :mod:`pipeline.core.limits`).

    Unlike other errors its cached result is only trusted while the limits are unchanged.
    """

    code = "limit_exceeded"


class DocumentTooLargeError(LimitError):
    code = "document_too_large"


class DocumentTimeoutError(LimitError):
    code = "time_limit_exceeded"


class NoPlansError(DocumentError):
    code = "no_plans"


class PdfError(DocumentError):
    code = "pdf_error"


class ReferenceDataError(PipelineError):
    """A reference data file shipped with the pipeline is missing or malformed."""

    code = "reference_data"
