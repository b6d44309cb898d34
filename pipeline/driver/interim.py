"""The stage files in a document's interim folder: typed, keyed, and trusted only when current.

Each document has one folder directly in the interim folder, named by
:func:`folder_name`: its file name, made safe, then ``-`` and 16 hex digits of the
SHA-256 of its path relative to the raw folder (``announcement.txt-3f2a9c01b2d4e5f6``).
So two raw names can never share a folder: not ``x.txt`` and a folder ``x/``, not two
names that differ only in Unicode normalisation or in case (on a file system that folds
them), not ``..txt``; and the name still tells a person which document it holds.

=========  ===================  ===============================================
stage      file                 result (:class:`StageFile` ``.result``)
=========  ===================  ===============================================
read       ``read.json``        :class:`ReadSummary` (+ ``lines.jsonl``)
segment    ``segments.json``    :class:`Segmented`
extract    ``records.json``     :class:`~pipeline.extract.records.Records`
=========  ===================  ===============================================

Each file is ``{"cache_key": …, "result": …}`` or, for a document that failed,
``{"cache_key": …, "error": <warnings row>, "limits": …}``.  A file is trusted only when
its key is the expected one and, for a failure caused by a resource limit, the limits are
the ones in force; a missing, stale, unreadable or malformed file is a cache miss, never
an error.  A failure caused by the machine rather than the document (a full disk, a file
that cannot be opened) is *transient*: it is reported, but never written as a verdict, so
the next build tries again.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, Self, TypeVar

from pipeline.core.errors import Issue
from pipeline.core.fileio import read_json, write_json
from pipeline.core.limits import Limits
from pipeline.core.model import Document
from pipeline.extract.records import Records

logger = logging.getLogger(__name__)

#: Version of the stage-file layout; part of every stage's fingerprint through this module.
INTERIM_FORMAT = 3
#: Hex digits of the path's SHA-256 in a document's folder name (64 bits: no collision in practice).
FOLDER_HASH_CHARS = 16
#: Characters of the file name kept in a document's folder name.
FOLDER_STEM_CHARS = 40
#: Characters replaced in the readable part of a folder name (kept: letters, digits, ``_``, ``.``, ``-``).
_UNSAFE = re.compile(r"[^\w.-]+")


def folder_name(rel: str) -> str:
    """The name of a document's interim folder (see the module docstring).

    Args:
        rel: the document's path relative to the raw folder.

    >>> folder_name("2023/令和5年度 計画.txt")
    '令和5年度_計画.txt-b936d2dbee056123'
    >>> folder_name("..txt"), folder_name("...")
    ('txt-5e488905ce2dd5b8', 'document-ab5df625bc76dbd4')
    """
    digest = hashlib.sha256(rel.encode("utf-8", "surrogateescape")).hexdigest()[:FOLDER_HASH_CHARS]
    readable = _UNSAFE.sub("_", unicodedata.normalize("NFC", rel.rsplit("/", 1)[-1]))
    readable = readable[:FOLDER_STEM_CHARS].strip("._-") or "document"
    return f"{readable}-{digest}"


def document_folder(interim_dir: Path, rel: str) -> Path:
    """The interim folder of the document at ``rel`` (relative to the raw folder)."""
    return interim_dir / folder_name(rel)


def make_room(path: Path) -> None:
    """Remove a folder or link standing where the pipeline writes one of its own files.

    The interim folder holds only the pipeline's files, so a folder named ``records.json``
    is debris (a copy gone wrong, a tool's mistake), not data: it is removed, so the file
    can be written instead of failing on every build.
    """
    if path.is_symlink():
        path.unlink()
    elif path.is_dir():
        logger.warning("%s is a folder where a file of the pipeline belongs: removed", path)
        shutil.rmtree(path)


def ensure_folder(folder: Path) -> None:
    """Create a document's interim folder, replacing a file or link that stands in its place."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        logger.warning("%s is not a folder: replaced by the document's interim folder", folder)
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True)


class Serializable(Protocol):
    def to_dict(self) -> dict[str, Any]: ...

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self: ...


T = TypeVar("T", bound=Serializable)


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a document could not go through a stage.

    Attributes:
        issue: the ``error`` row for the ``warnings`` table.
        limits: the limits in force, when a resource limit caused the failure (the
            verdict holds only while they are unchanged).
        transient: caused by the machine, not the document: never cached.
    """

    issue: Issue
    limits: dict[str, Any] | None = None
    transient: bool = False


@dataclass(frozen=True, slots=True)
class ReadSummary:
    """What the read stage knows about a document besides its lines (``lines.jsonl``)."""

    format: str
    encoding: str | None
    n_pages: int | None
    n_lines: int
    lines_sha256: str
    notes: tuple[str, ...] = ()
    issues: tuple[Issue, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "encoding": self.encoding,
            "n_pages": self.n_pages,
            "n_lines": self.n_lines,
            "lines_sha256": self.lines_sha256,
            "notes": list(self.notes),
            "issues": [i.to_dict() for i in self.issues],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReadSummary:
        return cls(
            format=d["format"],
            encoding=d["encoding"],
            n_pages=d["n_pages"],
            n_lines=d["n_lines"],
            lines_sha256=d["lines_sha256"],
            notes=tuple(d["notes"]),
            issues=tuple(Issue.from_dict(i) for i in d["issues"]),
        )


@dataclass(frozen=True, slots=True)
class Segmented:
    """The segment stage's result: the document's structure and the issues met."""

    document: Document
    issues: tuple[Issue, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document.to_dict(), "issues": [i.to_dict() for i in self.issues]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Segmented:
        return cls(Document.from_dict(d["document"]), tuple(Issue.from_dict(i) for i in d["issues"]))


@dataclass(frozen=True, slots=True)
class StageFile(Generic[T]):
    """One stage's file: the key it was made from, and its result or its failure."""

    cache_key: str
    result: T | None = None
    failure: Failure | None = field(default=None)

    def to_dict(self) -> dict[str, Any]:
        if self.failure is not None:
            d: dict[str, Any] = {"cache_key": self.cache_key, "error": self.failure.issue.to_dict()}
            if self.failure.limits is not None:
                d["limits"] = self.failure.limits
            return d
        assert self.result is not None
        return {"cache_key": self.cache_key, "result": self.result.to_dict()}


@dataclass(frozen=True, slots=True)
class DocResult:
    """The outcome of one document's stages, as the assembly needs it.

    Attributes:
        doc_id: the document.
        result_key: the key of its last stage's result (with the limits, for a limit failure).
        raw_sha256: SHA-256 of the raw file ("" when it could not be read).
        failure: why the document failed, or ``None``.
        rebuilt: whether any stage ran (rather than being reused).
        format: the format the file is read as (``text`` when it cannot be told), for the
            ``documents`` row of a document that failed before its read summary.
    """

    doc_id: str
    result_key: str
    raw_sha256: str
    failure: Failure | None = None
    rebuilt: bool = False
    format: str = "text"


#: The file of each stage and the type of its result.
STAGE_FILES: dict[str, tuple[str, type[Any]]] = {
    "read": ("read.json", ReadSummary),
    "segment": ("segments.json", Segmented),
    "extract": ("records.json", Records),
}
LINES_FILE = "lines.jsonl"


def parse_stage_file(data: Any, result_type: type[T]) -> StageFile[T]:
    """The typed form of a stage file's JSON (raises ``KeyError``/``TypeError``/``ValueError`` if malformed)."""
    if "error" in data:
        return StageFile(data["cache_key"], failure=Failure(Issue.from_dict(data["error"]), data.get("limits")))
    return StageFile(data["cache_key"], result=result_type.from_dict(data["result"]))


def load_stage_file(path: Path, expected_key: str, result_type: type[T], limits: Limits) -> StageFile[T] | None:
    """The stage file at ``path`` if it can be trusted (see the module docstring), else ``None``."""
    try:
        data = read_json(path)
        if not isinstance(data, dict) or data.get("cache_key") != expected_key:
            return None
        stage_file = parse_stage_file(data, result_type)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.debug("%s is not usable (%s): rebuilt", path, exc)
        return None
    failure = stage_file.failure
    if failure is not None and failure.limits is not None and failure.limits != limits.to_dict():
        return None
    return stage_file


def save_stage_file(path: Path, stage_file: StageFile[Any]) -> None:
    """Write a stage file atomically; a transient failure is not written (it is retried next build)."""
    if stage_file.failure is not None and stage_file.failure.transient:
        return
    make_room(path)
    write_json(path, stage_file.to_dict())
