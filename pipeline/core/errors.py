"""The pipeline's exception hierarchy and its warning record.

Every problem the pipeline can meet in a source document has a stable ``code``
(a member of :class:`~pipeline.core.codes.Code`, documented in :mod:`pipeline.core.registry`).
A problem that stops a whole document is raised as a :class:`DocumentError`; the driver
catches it, records an ``error`` row in the ``warnings`` table and goes on with the other
documents.
A problem that only affects one value becomes an :class:`Issue` that travels with
the document's records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.core.codes import Code, Severity

__all__ = ["Code", "Severity"]  # re-exported: callers build issues from this module


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
    code: Code
    location: str
    message: str
    line_no: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.code, Code):
            raise TypeError(f"an Issue's code must be a Code member (pipeline/core/codes.py), not {self.code!r}")

    def to_dict(self) -> dict[str, Any]:
        # by hand: dataclasses.asdict deep-copies, and a document can have tens of thousands of issues
        return {
            "doc_id": self.doc_id,
            "severity": str(self.severity),
            "code": self.code,
            "location": self.location,
            "message": self.message,
            "line_no": self.line_no,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Issue:
        return cls(
            doc_id=d["doc_id"],
            severity=Severity(d["severity"]),
            code=Code(d["code"]),
            location=d["location"],
            message=d["message"],
            line_no=d.get("line_no"),
        )


class PipelineError(Exception):
    """Base class of every error the pipeline raises on purpose."""

    code: Code = Code.PIPELINE_ERROR

    def __init__(self, message: str, *, path: str = "", location: str = "") -> None:
        self.message = message
        self.path = path
        self.location = location
        where = ", ".join(p for p in (path, location) if p)
        super().__init__(f"{where}: {message}" if where else message)


class DocumentError(PipelineError):
    """A source document cannot be extracted at all."""

    code: Code = Code.DOCUMENT_ERROR


class EmptyDocumentError(DocumentError):
    code: Code = Code.EMPTY_DOCUMENT


class BinaryDocumentError(DocumentError):
    code: Code = Code.BINARY_DOCUMENT


class DecodeError(DocumentError):
    code: Code = Code.UNDECODABLE_TEXT


class MixedEncodingError(DecodeError):
    """Lines of one file decode under different encodings (e.g. UTF-8 lines in a CP932 file)."""

    code: Code = Code.MIXED_ENCODING


class UnsupportedFormatError(DocumentError):
    code: Code = Code.UNSUPPORTED_FORMAT


class LimitError(DocumentError):
    """A per-document resource limit was hit (see :mod:`pipeline.core.limits`).

    Unlike other errors its cached result is only trusted while the limits are unchanged.
    """

    code: Code = Code.LIMIT_EXCEEDED


class DocumentTooLargeError(LimitError):
    code: Code = Code.DOCUMENT_TOO_LARGE


class DocumentTimeoutError(LimitError):
    code: Code = Code.TIME_LIMIT_EXCEEDED


class TooManyLinesError(LimitError):
    """More lines than the per-document limit (``limit_exceeded``)."""


class NoPlansError(DocumentError):
    code: Code = Code.NO_PLANS


class PdfError(DocumentError):
    code: Code = Code.PDF_ERROR


class ReferenceDataError(PipelineError):
    """A reference data file shipped with the pipeline is missing or malformed."""

    code: Code = Code.REFERENCE_DATA


class BuildError(PipelineError):
    """The build as a whole cannot go on (its outputs cannot be written, or another build holds
    its folders); the command line prints the message and exits non-zero, without a traceback."""

    code: Code = Code.IO_ERROR
