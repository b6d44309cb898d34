"""Finding the source documents in the raw folder, with their manifest rows.

Every file below the raw folder is a source document, except the manifest
(``sources.csv``), read-me files and hidden files (a name starting with ``.``).  A
document's id is its path relative to the raw folder without the extension
(:func:`make_doc_id`), kept when two files share a stem (``x.txt`` and ``x.pdf``, two
editions of one announcement), so neither id depends on which one sorts first.

The manifest ``raw/sources.csv`` holds one row per file: title, publisher, date, URL,
prefecture, ``edition_of``, SHA-256 and licence note.
"""

from __future__ import annotations

import csv
import logging
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

MANIFEST_NAME = "sources.csv"
#: Files in the raw folder that are not source documents.
IGNORED_NAMES = frozenset({MANIFEST_NAME, "README.md", "README.txt", ".gitkeep"})


@dataclass(frozen=True, slots=True)
class Source:
    """A source document found in the raw folder, with its manifest row.

    Attributes:
        path: the file.
        rel: its path relative to the raw folder, with ``/``.
        doc_id: the document id (:func:`make_doc_id`).
        manifest: the manifest row as sorted ``(column, value)`` pairs (hashable).
    """

    path: Path
    rel: str
    doc_id: str
    manifest: tuple[tuple[str, str], ...] = ()

    @property
    def meta(self) -> dict[str, str]:
        return dict(self.manifest)

    @property
    def published(self) -> str | None:
        """The manifest's publication date as written (a release's date when its text has none)."""
        return self.meta.get("published") or None

    def prefecture(self, default: str | None = None) -> str | None:
        """The manifest's prefecture, else ``default`` (the tie-breaker for place names)."""
        return self.meta.get("prefecture") or default


def make_doc_id(rel: str) -> str:
    """The document id: the relative path without its extension, NFC, ``/`` kept.

    >>> make_doc_id("2023/令和5年度 計画(概要).txt")
    '2023/令和5年度 計画(概要)'
    """
    stem = rel.rsplit(".", 1)[0] if "." in rel.rsplit("/", 1)[-1] else rel
    return unicodedata.normalize("NFC", stem)


def load_manifest(raw_dir: Path) -> dict[str, dict[str, str]]:
    """The manifest rows of ``raw/sources.csv`` keyed by file path, or empty."""
    path = raw_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {row["file"]: {k: (v or "") for k, v in row.items()} for row in csv.DictReader(f)}


def _is_document(p: Path, rel: str) -> bool:
    return p.is_file() and p.name not in IGNORED_NAMES and not any(part.startswith(".") for part in rel.split("/"))


def discover(raw_dir: Path) -> list[Source]:
    """Every source document below ``raw_dir``, sorted by path.

    Raises:
        FileNotFoundError: the raw folder does not exist.
    """
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist; set RAW= to a folder of documents")
    manifest = load_manifest(raw_dir)
    sources = []
    for p in sorted(raw_dir.rglob("*"), key=lambda p: p.relative_to(raw_dir).as_posix()):
        rel = p.relative_to(raw_dir).as_posix()
        if _is_document(p, rel):
            row = manifest.get(rel, {})
            sources.append(Source(p, rel, make_doc_id(rel), tuple(sorted(row.items()))))
    stems = Counter(s.doc_id for s in sources)
    return [
        Source(s.path, s.rel, unicodedata.normalize("NFC", s.rel), s.manifest) if stems[s.doc_id] > 1 else s
        for s in sources
    ]
