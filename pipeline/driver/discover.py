"""Finding the source documents in the raw folder, with their ids and manifest rows.

The raw folder is walked by :mod:`pipeline.driver.walk` (hidden files, read-me files,
symbolic links and special files are skipped, each with its reason), and the manifest
``raw/sources.csv`` is read and checked by :mod:`pipeline.driver.manifest`.

A document's id is its path relative to the raw folder without the extension, in NFC
(:func:`make_doc_id`), kept when two files share a stem (``x.txt`` and ``x.pdf``, two
editions of one announcement), so neither id depends on which one sorts first.

Two names that differ only in Unicode normalisation (``が.txt`` typed as one code point,
and as か + a combining mark, as macOS writes it) are different files that would be the
same document: the one already in NFC (else the first) is extracted, and each other one
gets a ``name_collision`` error naming both and is not extracted.  Its id, and any id that
would still be shared, carries ``~`` and 8 hex digits of its name's SHA-256, so every
``documents`` row has its own id.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.errors import Code, Issue, Severity
from pipeline.driver.manifest import MANIFEST_DOC_ID, Manifest, read_manifest
from pipeline.driver.walk import MANIFEST_NAME, Skipped, walk
from pipeline.lang.municipalities import prefectures

__all__ = ["MANIFEST_NAME", "Discovery", "Source", "assign_doc_ids", "discover", "make_doc_id"]

logger = logging.getLogger(__name__)

#: Hex digits of the name's SHA-256 that tell apart two ids that would be equal.
ID_HASH_CHARS = 8
ID_HASH_MARK = "~"


@dataclass(frozen=True, slots=True)
class Source:
    """A source document found in the raw folder, with its manifest row.

    Attributes:
        path: the file.
        rel: its path relative to the raw folder, with ``/``.
        doc_id: the document id (:func:`assign_doc_ids`).
        manifest: the manifest row as sorted ``(column, value)`` pairs (hashable).
        refusal: why the document is not extracted at all (an ``error`` row), or ``None``.
    """

    path: Path
    rel: str
    doc_id: str
    manifest: tuple[tuple[str, str], ...] = ()
    refusal: Issue | None = None

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


@dataclass(frozen=True, slots=True)
class Discovery:
    """The sources of a raw folder, the problems met finding them, and the entries skipped.

    Attributes:
        sources: the documents, sorted by path.
        issues: rows for the ``warnings`` table that belong to no document's stages (the
            manifest's problems, refused entries).
        skipped: every entry that is not read, with its reason (for the build's summary).
    """

    sources: list[Source]
    issues: tuple[Issue, ...] = ()
    skipped: tuple[Skipped, ...] = ()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def make_doc_id(rel: str) -> str:
    """The document id: the relative path without its extension, NFC, ``/`` kept.

    >>> make_doc_id("2023/令和5年度 計画(概要).txt")
    '2023/令和5年度 計画(概要)'
    """
    stem = rel.rsplit(".", 1)[0] if "." in rel.rsplit("/", 1)[-1] else rel
    return nfc(stem)


def _hashed(doc_id: str, rel: str) -> str:
    return f"{doc_id}{ID_HASH_MARK}{hashlib.sha256(rel.encode('utf-8')).hexdigest()[:ID_HASH_CHARS]}"


def _preference(rel: str) -> tuple[bool, str]:
    """Sort key: names already in NFC first, then by code point."""
    return (nfc(rel) != rel, rel)


def assign_doc_ids(rels: list[str]) -> dict[str, str]:
    """Every file's document id, all distinct (see the module docstring).

    >>> ids = assign_doc_ids(["x.txt", "x.pdf", "y.txt", "が.txt", "か\\u3099.txt"])
    >>> [ids[r] for r in ("x.txt", "x.pdf", "y.txt", "が.txt")]
    ['x.txt', 'x.pdf', 'y', 'が']
    >>> ids["か\\u3099.txt"]
    'が~c1b88390'
    """
    stems = Counter(make_doc_id(r) for r in {nfc(r) for r in rels})  # one name in two normalisations: one stem
    base = {r: make_doc_id(r) if stems[make_doc_id(r)] == 1 else nfc(r) for r in rels}
    taken: set[str] = set()
    out: dict[str, str] = {}
    for rel in sorted(rels, key=_preference):
        doc_id = base[rel] if base[rel] not in taken else _hashed(base[rel], rel)
        taken.add(doc_id)
        out[rel] = doc_id
    return out


def name_collisions(rels: list[str]) -> dict[str, str]:
    """Files whose name equals another's after NFC: ``{file: the file that is extracted}``.

    >>> name_collisions(["が.txt", "か\\u3099.txt", "b.txt"])
    {'が.txt': 'が.txt'}
    """
    groups: dict[str, list[str]] = {}
    for rel in rels:
        groups.setdefault(nfc(rel), []).append(rel)
    out = {}
    for group in groups.values():
        kept, *others = sorted(group, key=_preference)
        out.update({other: kept for other in others})
    return out


def _collision_issue(doc_id: str, rel: str, kept: str) -> Issue:
    return Issue(
        doc_id,
        Severity.ERROR,
        Code.NAME_COLLISION,
        "",
        f"{rel} ({rel!a}) and {kept} ({kept!a}) differ only in Unicode normalisation "
        f"(NFC/NFD) and would be one document; only {kept} is extracted. Rename or remove one of them",
    )


def _skipped_issue(item: Skipped) -> Issue:
    return Issue(make_doc_id(item.rel), Severity.WARNING, Code.SKIPPED_FILE, "", f"{item.rel}: {item.reason}")


def _unknown_rows(manifest: Manifest, present: set[str]) -> list[Issue]:
    return [
        Issue(
            MANIFEST_DOC_ID,
            Severity.WARNING,
            Code.MANIFEST_UNKNOWN_FILE,
            f"line {line}",
            f"{MANIFEST_NAME}, line {line}: a row for {key!r}, which is not a document of the raw folder; "
            "its values are not used. Fix the file name (a path relative to the raw folder) or remove the row",
            line,
        )
        for key, line in sorted(manifest.lines.items(), key=lambda kv: kv[1])
        if key not in present
    ]


def discover(raw_dir: Path, follow_symlinks: bool = False) -> Discovery:
    """Every source document below ``raw_dir``, sorted by path, with the problems met.

    Raises:
        FileNotFoundError: the raw folder does not exist.
    """
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist; set RAW= to a folder of documents")
    found = walk(raw_dir, follow_symlinks)
    manifest = read_manifest(raw_dir / MANIFEST_NAME, prefectures())
    rels = [rel for rel, _ in found.files]
    ids = assign_doc_ids(rels)
    collisions = name_collisions(rels)
    sources = []
    for rel, path in found.files:
        row = tuple(sorted(manifest.row(rel).items()))
        refusal = _collision_issue(ids[rel], rel, collisions[rel]) if rel in collisions else None
        sources.append(Source(path, rel, ids[rel], row, refusal))
    present = {nfc(rel) for rel in rels} | {nfc(s.rel) for s in found.skipped}
    issues = [
        *manifest.issues(MANIFEST_NAME),
        *_unknown_rows(manifest, present),
        *(_skipped_issue(s) for s in found.skipped if s.refused),
    ]
    return Discovery(sources, tuple(issues), tuple(found.skipped))
