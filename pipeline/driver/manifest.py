"""The manifest ``raw/sources.csv``: decoded like a document, checked row by row.

The manifest holds one row per source file: ``file`` (its path relative to the raw
folder) and, optionally, the other columns of :data:`MANIFEST_COLUMNS`.  A user edits it
by hand or in a spreadsheet, so it is read as strictly as the documents are:

* decoded by the documents' rules (:func:`pipeline.read.text.decode_text`: BOM, UTF-16,
  UTF-8, CP932, and a file that mixes encodings is refused); control characters are refused;
* the header must name ``file``, and every column must be one of :data:`MANIFEST_COLUMNS`
  (an unknown column is usually a misspelt one whose values would be lost);
* every row has as many fields as the header: a short row would shift its values into
  the wrong columns and a long one would lose some, so neither is used;
* ``file`` is not empty and appears once (compared in NFC, as file names are); a repeated
  row is not used, the first one is kept;
* ``sha256`` is 64 hexadecimal digits and ``prefecture`` is a prefecture of the municipality
  table, when given; a bad value is not used (the rest of its row is).

Each problem is a :class:`ManifestProblem` naming the line; the build reports it as a
``manifest_invalid`` error row and still extracts every document, with the rows that are
valid, so the exit status is non-zero and nothing is guessed.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.errors import Code, DocumentError, Issue, Severity

logger = logging.getLogger(__name__)

#: Every column the manifest may have, in the documented order.
MANIFEST_COLUMNS = ("file", "title", "publisher", "published", "url", "prefecture", "edition_of", "sha256", "licence")
REQUIRED_COLUMNS = ("file",)
#: ``doc_id`` of the warning rows about the manifest itself.
MANIFEST_DOC_ID = "(manifest)"
_SHA256 = re.compile(r"[0-9a-f]{64}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class ManifestProblem:
    """One problem of the manifest: the line it is on (1 = the header) and what to do."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Manifest:
    """The valid rows of the manifest, keyed by the NFC form of their ``file``, and its problems."""

    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: tuple[ManifestProblem, ...] = ()

    def row(self, rel: str) -> dict[str, str]:
        """The manifest row of a file (by its path relative to the raw folder), or ``{}``."""
        return self.rows.get(unicodedata.normalize("NFC", rel), {})

    def issues(self, name: str) -> list[Issue]:
        """The problems as ``manifest_invalid`` error rows; ``name`` is the manifest's path for messages."""
        return [
            Issue(
                MANIFEST_DOC_ID,
                Severity.ERROR,
                Code.MANIFEST_INVALID,
                f"line {p.line}" if p.line else "",
                f"{name}{f', line {p.line}' if p.line else ''}: {p.message}",
                p.line or None,
            )
            for p in self.problems
        ]


def _header_problems(header: list[str]) -> list[str]:
    out = []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        out.append(f"the header has no {', '.join(missing)!s} column; the manifest is not used until it has one")
    unknown = [c for c in header if c not in MANIFEST_COLUMNS]
    if unknown:
        out.append(
            f"unknown column(s) {unknown}: their values are not used; the columns are {', '.join(MANIFEST_COLUMNS)}"
        )
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        out.append(f"column(s) {repeated} appear more than once; only the first of each is used")
    return out


def _value_problems(row: dict[str, str], prefectures: frozenset[str]) -> list[tuple[str, str]]:
    """``(column, message)`` for each bad value of a row; the caller drops those values."""
    out = []
    sha = row.get("sha256", "")
    if sha and not _SHA256.fullmatch(sha.lower()):
        out.append(("sha256", f"sha256 {sha!r} is not 64 hexadecimal digits; it is not checked"))
    published = row.get("published", "")
    if published and not _ISO_DATE.fullmatch(published):
        out.append(("published", f"published {published!r} is not a date written YYYY-MM-DD; it is not used"))
    pref = row.get("prefecture", "")
    if pref and prefectures and pref not in prefectures:
        out.append(("prefecture", f"prefecture {pref!r} is not a prefecture (e.g. 東京都); it is not used"))
    return out


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """The CSV records of ``text`` with the line each one starts on; blank lines are left out."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for record in reader:
        if record:
            yield start, record
        start = reader.line_num + 1


def parse_manifest(text: str, prefectures: frozenset[str] = frozenset()) -> Manifest:
    """Parse and check the manifest's text (see the module docstring).

    Args:
        text: the decoded manifest.
        prefectures: the valid ``prefecture`` values (not checked when empty).

    Returns:
        The valid rows and the problems.

    >>> m = parse_manifest("file,prefecture\\na.txt,東京都\\nb.txt\\na.txt,大阪府\\n")
    >>> m.rows
    {'a.txt': {'file': 'a.txt', 'prefecture': '東京都'}}
    >>> [(p.line, p.message[:40]) for p in m.problems]
    [(3, 'the row has 1 field(s) but the header ha'), (4, "file 'a.txt' already has a row (line 2);")]
    """
    problems: list[ManifestProblem] = []
    records = _records(text)
    try:
        first = next(records, None)
        if first is None:
            return Manifest()
        header = first[1]
        problems += [ManifestProblem(first[0], m) for m in _header_problems(header)]
        if "file" not in header:
            return Manifest(problems=tuple(problems))
        rows: dict[str, dict[str, str]] = {}
        lines: dict[str, int] = {}
        for line, record in records:
            problems += _row(line, record, header, prefectures, rows, lines)
    except csv.Error as exc:
        problems.append(ManifestProblem(0, f"the file is not valid CSV ({exc}); the rest of it is not used"))
        return Manifest(problems=tuple(problems))
    return Manifest(rows, lines, tuple(problems))


def _row(
    line: int,
    record: list[str],
    header: list[str],
    prefectures: frozenset[str],
    rows: dict[str, dict[str, str]],
    lines: dict[str, int],
) -> list[ManifestProblem]:
    """Check one record and add it to ``rows`` if it is usable; its problems."""
    if len(record) != len(header):
        return [
            ManifestProblem(
                line,
                f"the row has {len(record)} field(s) but the header has {len(header)}; a short row would shift "
                "its values into other columns and a long one would lose some, so the row is not used. "
                "Quote values that contain commas",
            )
        ]
    row: dict[str, str] = {}
    for column, value in zip(header, record, strict=True):
        if column in MANIFEST_COLUMNS and column not in row:
            row[column] = value
    key = unicodedata.normalize("NFC", row["file"])
    if not key.strip():
        return [ManifestProblem(line, "the file column is empty; the row is not used")]
    if key in rows:
        return [
            ManifestProblem(
                line,
                f"file {row['file']!r} already has a row (line {lines[key]}); this one is not used. "
                "Keep one row per file",
            )
        ]
    bad = _value_problems(row, prefectures)
    for column, _ in bad:
        row[column] = ""
    rows[key], lines[key] = row, line
    return [ManifestProblem(line, message) for _, message in bad]


def check_text(text: str) -> list[ManifestProblem]:
    """Control characters (NUL…) in the manifest, by line: a spreadsheet or a broken download wrote them.

    >>> [p.line for p in check_text("file\\na\\x00.txt\\n")]
    [2]
    """
    return [
        ManifestProblem(i, "control characters (e.g. NUL) in the line; the manifest is not used until they are removed")
        for i, text_line in enumerate(text.split("\n"), start=1)
        if _CONTROL_CHARS.search(text_line)
    ]


def read_manifest(path: Path, prefectures: frozenset[str] = frozenset()) -> Manifest:
    """The manifest at ``path``: empty when there is none, its problems when it cannot be used."""
    from pipeline.read.text import decode_text

    if not path.exists() and not path.is_symlink():
        return Manifest()
    if path.is_dir():
        return Manifest(problems=(ManifestProblem(0, "it is a folder, not a file; no manifest row is used"),))
    try:
        text, _ = decode_text(path.read_bytes(), path.name)
    except OSError as exc:
        return Manifest(problems=(ManifestProblem(0, f"it cannot be read ({exc.strerror or exc}); it is not used"),))
    except DocumentError as exc:
        line = int(exc.location.removeprefix("line ")) if exc.location.startswith("line ") else 0
        return Manifest(problems=(ManifestProblem(line, f"{exc.message}; the manifest is not used"),))
    control = check_text(text)
    if control:
        return Manifest(problems=tuple(control))
    return parse_manifest(text, prefectures)
