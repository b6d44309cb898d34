"""Semantic diff of the datasets: which records were added, removed or changed.

The committed ``output/*.csv`` files are the reviewed state of the data.  A line
diff of a CSV is hard to review (one inserted row shifts everything after it), so
this module compares two versions *record by record*:

* each table is keyed by its primary key from :mod:`pipeline.output.schema`
  (``program_id`` is a hash of the program's ``name_key``, so inserting one program
  in a list does not shift the keys of the others; ``lines`` is keyed by
  ``doc_id`` + ``line_no``);
* a table without a key (``warnings``) is compared as a multiset of whole rows;
* a record on one side only is *added* or *removed*; a record on both sides whose
  values differ is *changed*, with every changed field as ``old → new``;
* a column on one side only is reported once per table, not once per record.

Values are compared as the CSV text the snapshot holds, so the diff shows exactly
what a reviewer would see in the file.  Either side can be a folder or a git ref
(``git show REF:output/programs.csv``); a table missing on one side counts as
empty.  :func:`format_diff` renders the result as text, JSON or Markdown (for a
pull-request comment).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath

from pipeline.output.schema import TABLES

logger = logging.getLogger(__name__)

#: Separator between the parts of a composite key when it is displayed.
KEY_SEPARATOR = ":"
#: Suffix of the snapshot files.
CSV_SUFFIX = ".csv"

Row = dict[str, str]


class DiffFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


@dataclass(frozen=True, slots=True)
class ChangedRecord:
    """A record present on both sides with at least one different field."""

    key: str
    fields: tuple[tuple[str, str, str], ...]  # (column, old, new)


@dataclass(slots=True)
class TableDiff:
    """The differences of one table between two versions."""

    table: str
    key: tuple[str, ...]
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    added: list[tuple[str, Row]] = field(default_factory=list)
    removed: list[tuple[str, Row]] = field(default_factory=list)
    changed: list[ChangedRecord] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.columns_added or self.columns_removed or self.added or self.removed or self.changed)

    def to_dict(self) -> dict:
        return {
            "key": list(self.key),
            "columns_added": self.columns_added,
            "columns_removed": self.columns_removed,
            "added": [{"key": k, "record": r} for k, r in self.added],
            "removed": [{"key": k, "record": r} for k, r in self.removed],
            "changed": [
                {"key": c.key, "fields": {col: {"old": o, "new": n} for col, o, n in c.fields}} for c in self.changed
            ],
        }


@dataclass(slots=True)
class DatasetDiff:
    """The differences of every table; empty tables are left out."""

    tables: dict[str, TableDiff] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(self.tables.values())

    def to_dict(self) -> dict:
        return {"tables": {name: d.to_dict() for name, d in self.tables.items() if d}}


def parse_csv(text: str | None) -> tuple[list[str], list[Row]]:
    """Header and rows of a CSV text; ``None`` (a missing file) is an empty table.

    >>> parse_csv("a,b\\n1,\\n")
    (['a', 'b'], [{'a': '1', 'b': ''}])
    >>> parse_csv(None)
    ([], [])
    """
    if not text:
        return [], []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    return header, [dict(zip(header, r, strict=False)) for r in reader]


def record_key(row: Row, key: tuple[str, ...]) -> str:
    """The display key of a row: its key columns joined with ``:``.

    >>> record_key({"doc_id": "d", "line_no": "12", "text": "x"}, ("doc_id", "line_no"))
    'd:12'
    """
    return KEY_SEPARATOR.join(row.get(k, "") for k in key)


def _keyed(rows: list[Row], key: tuple[str, ...]) -> dict[str, Row]:
    out: dict[str, Row] = {}
    for row in rows:
        k = record_key(row, key)
        n, base = 1, k
        while k in out:  # a duplicate key is a validation error; keep both rows visible
            n += 1
            k = f"{base}#{n}"
        out[k] = row
    return out


def _row_label(row: Row, columns: list[str]) -> str:
    return json.dumps([row.get(c, "") for c in columns], ensure_ascii=False)


def diff_table(name: str, old_text: str | None, new_text: str | None) -> TableDiff:
    """Compare two CSV versions of one table.

    >>> old = "program_id,name\\np1,A\\np2,B\\n"
    >>> new = "program_id,name\\np1,A\\np2,C\\np3,D\\n"
    >>> d = diff_table("programs", old, new)
    >>> [k for k, _ in d.added], d.removed, d.changed
    (['p3'], [], [ChangedRecord(key='p2', fields=(('name', 'B', 'C'),))])
    """
    old_cols, old_rows = parse_csv(old_text)
    new_cols, new_rows = parse_csv(new_text)
    table = TABLES.get(name)
    key = table.primary_key if table is not None else ()
    if key and not (set(key) <= set(old_cols or new_cols) and set(key) <= set(new_cols or old_cols)):
        key = ()  # key columns renamed: fall back to whole-row comparison
    out = TableDiff(name, key)
    if old_cols and new_cols:
        out.columns_added = [c for c in new_cols if c not in old_cols]
        out.columns_removed = [c for c in old_cols if c not in new_cols]
    common = [c for c in new_cols if c in old_cols] if old_cols and new_cols else (new_cols or old_cols)
    if key:
        old_map, new_map = _keyed(old_rows, key), _keyed(new_rows, key)
        out.removed = [(k, r) for k, r in old_map.items() if k not in new_map]
        out.added = [(k, r) for k, r in new_map.items() if k not in old_map]
        for k, new in new_map.items():
            old = old_map.get(k)
            if old is None:
                continue
            changes = tuple((c, old.get(c, ""), new.get(c, "")) for c in common if old.get(c, "") != new.get(c, ""))
            if changes:
                out.changed.append(ChangedRecord(k, changes))
        if table is not None and table.rename_key:
            _pair_renamed(out, table.rename_key, common)
        return out
    # No key: a multiset of rows over the common columns.
    old_count = Counter(_row_label(r, common) for r in old_rows)
    new_count = Counter(_row_label(r, common) for r in new_rows)
    by_label = {_row_label(r, common): r for r in [*old_rows, *new_rows]}
    for label, n in sorted((old_count - new_count).items()):
        out.removed.extend([("", by_label[label])] * n)
    for label, n in sorted((new_count - old_count).items()):
        out.added.extend([("", by_label[label])] * n)
    return out


def _pair_renamed(out: TableDiff, rename_key: tuple[str, ...], columns: list[str]) -> None:
    """Turn a removed and an added record with the same ``rename_key`` into one change.

    A renamed program gets a new ``program_id`` (it hashes the name), so without this
    it would show as one removal and one addition; paired, the reviewer sees
    ``program_id`` and ``name_raw`` as ``old → new`` under the key ``old → new``.
    Only one-to-one matches are paired.
    """
    removed = Counter(record_key(r, rename_key) for _, r in out.removed)
    added = Counter(record_key(r, rename_key) for _, r in out.added)
    pairable = {k for k in removed if removed[k] == 1 and added.get(k) == 1}
    if not pairable:
        return
    old_by = {record_key(r, rename_key): (k, r) for k, r in out.removed if record_key(r, rename_key) in pairable}
    new_by = {record_key(r, rename_key): (k, r) for k, r in out.added if record_key(r, rename_key) in pairable}
    for ident in sorted(pairable):
        (old_key, old), (new_key, new) = old_by[ident], new_by[ident]
        changes = tuple((c, old.get(c, ""), new.get(c, "")) for c in columns if old.get(c, "") != new.get(c, ""))
        out.changed.append(ChangedRecord(f"{old_key} → {new_key}", changes))
    out.removed = [(k, r) for k, r in out.removed if record_key(r, rename_key) not in pairable]
    out.added = [(k, r) for k, r in out.added if record_key(r, rename_key) not in pairable]


def diff_datasets(old: dict[str, str], new: dict[str, str]) -> DatasetDiff:
    """Compare two datasets given as ``{table name: CSV text}``.

    Tables are visited in the schema's order, then any others by name.
    """
    names = [n for n in TABLES if n in old or n in new]
    names += sorted((set(old) | set(new)) - set(names))
    return DatasetDiff({n: diff_table(n, old.get(n), new.get(n)) for n in names})


def read_dir(folder: Path) -> dict[str, str]:
    """The CSV snapshot in a folder: ``{table name: text}``."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob(f"*{CSV_SUFFIX}"))}


def _git(args: list[str], cwd: Path) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False)
    if proc.returncode != 0:
        raise ValueError(f"git {' '.join(args)} failed in {cwd}: {proc.stderr.strip()}")
    return proc.stdout


def read_git(ref: str, folder: Path) -> dict[str, str]:
    """The CSV snapshot of ``folder`` as committed in git ``ref``.

    Raises:
        ValueError: when ``folder`` is not in a git work tree or ``ref`` is unknown
            (the message says which).
    """
    folder = folder.resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], folder if folder.is_dir() else folder.parent).strip())
    rel = PurePosixPath(folder.relative_to(top).as_posix())
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    try:
        names = _git(["ls-tree", "--name-only", f"{ref}:{rel.as_posix() if rel.parts else ''}"], top).split()
    except ValueError:
        logger.warning("%s has no folder %s: comparing with an empty snapshot", ref, rel)
        return {}
    return {
        PurePosixPath(n).stem: _git(["show", f"{ref}:{rel / n}"], top) for n in sorted(names) if n.endswith(CSV_SUFFIX)
    }


def _fmt_record(row: Row) -> str:
    return ", ".join(f"{c}={v!r}" for c, v in row.items() if v != "")


def format_text(d: DatasetDiff) -> str:
    """Plain text, one line per record or field; empty when nothing changed."""
    out: list[str] = []
    for name, t in d.tables.items():
        if not t:
            continue
        out.append(
            f"== {name} (key: {', '.join(t.key) or 'whole row'}): "
            f"{len(t.added)} added, {len(t.removed)} removed, {len(t.changed)} changed"
        )
        out += [f"  + column {c}" for c in t.columns_added]
        out += [f"  - column {c}" for c in t.columns_removed]
        out += [f"  - {k + ' ' if k else ''}{_fmt_record(r)}" for k, r in t.removed]
        out += [f"  + {k + ' ' if k else ''}{_fmt_record(r)}" for k, r in t.added]
        for c in t.changed:
            out.append(f"  ~ {c.key}")
            out += [f"      {col}: {old!r} → {new!r}" for col, old, new in c.fields]
    return "\n".join(out) + ("\n" if out else "")


def _md_cell(v: str) -> str:
    return v.replace("|", "\\|").replace("\n", " ") if v else "∅"


def new_documents(d: DatasetDiff) -> tuple[set[str], set[str]]:
    """The ids of documents added, and of the plans they brought."""
    docs = {r.get("doc_id", "") for _, r in d.tables["documents"].added} if "documents" in d.tables else set()
    plans = (
        {r.get("plan_id", "") for _, r in d.tables["plans"].added if r.get("doc_id") in docs}
        if "plans" in d.tables
        else set()
    )
    return docs, plans


def _of_new_document(row: Row, docs: set[str], plans: set[str]) -> bool:
    return row.get("doc_id") in docs or row.get("plan_id") in plans


def _md_summary(d: DatasetDiff) -> list[str]:
    out = ["| table | added | removed | changed |", "|---|---:|---:|---:|"]
    for name, t in d.tables.items():
        if t:
            out.append(f"| `{name}` | {len(t.added)} | {len(t.removed)} | {len(t.changed)} |")
    return [*out, ""]


def _md_rows(t: TableDiff, skip: Callable[[Row], bool]) -> list[str]:
    rows = []
    for sign, recs in (("➖", t.removed), ("➕", t.added)):
        for k, r in recs:
            if sign == "➕" and skip(r):
                continue
            for col, v in r.items():
                if v != "":
                    old, new = (v, "") if sign == "➖" else ("", v)
                    rows.append(f"| {sign} | `{k}` | {col} | {_md_cell(old)} | {_md_cell(new)} |")
    for c in t.changed:
        rows += [f"| ✏️ | `{c.key}` | {col} | {_md_cell(o)} | {_md_cell(n)} |" for col, o, n in c.fields]
    return rows


def _md_table(name: str, t: TableDiff, skip: Callable[[Row], bool]) -> list[str]:
    hidden = sum(1 for _, r in t.added if skip(r))
    title = f"<code>{name}</code>: {len(t.added)} added, {len(t.removed)} removed, {len(t.changed)} changed"
    out = ["<details>", f"<summary>{title}</summary>", ""]
    out += [f"- column added: `{c}`" for c in t.columns_added]
    out += [f"- column removed: `{c}`" for c in t.columns_removed]
    if hidden:
        out.append(f"- {hidden} record(s) of the added documents, not listed")
    rows = _md_rows(t, skip)
    if rows:
        out += ["", "| | record | field | old | new |", "|---|---|---|---|---|", *rows]
    return [*out, "", "</details>", ""]


def format_markdown(d: DatasetDiff) -> str:
    """Markdown for a pull-request comment or a CI job summary.

    A per-table summary comes first; added documents are one line each, and their
    records are counted but not listed; every other record is listed, field by field,
    in a collapsed ``<details>`` block per table.
    """
    if not d:
        return "**Datasets: no changes.**\n"
    docs, plans = new_documents(d)
    out = ["**Datasets: changes by record**", "", *_md_summary(d)]
    if docs:
        out.append("Documents added:")
        for _, r in d.tables["documents"].added:
            out.append(f"- `{r.get('doc_id')}` — {_md_cell(r.get('title', ''))} ({r.get('n_plans') or 0} plan(s))")
        out.append("")
    for name, t in d.tables.items():
        if t:
            out += _md_table(name, t, lambda r: _of_new_document(r, docs, plans))
    return "\n".join(out)


def format_diff(d: DatasetDiff, fmt: DiffFormat = DiffFormat.TEXT) -> str:
    """Render a diff as text, JSON or Markdown."""
    if fmt is DiffFormat.JSON:
        return json.dumps(d.to_dict(), ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    if fmt is DiffFormat.MARKDOWN:
        return format_markdown(d)
    return format_text(d)
