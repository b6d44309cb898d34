"""The driver: run the stages per document with caching, then assemble the tables.

Stages and the files they leave in ``interim/<doc_id>/``:

=========  ===================  ==============================================
stage      file                 content
=========  ===================  ==============================================
read       ``lines.jsonl``      numbered lines with provenance (+ ``read.json``)
segment    ``segments.json``    title, plans, sections: line numbers only
extract    ``records.json``     rows for every table from this document
=========  ===================  ==============================================

Each file records the *cache key* it was made from: a hash of the raw file's bytes,
the document's manifest row and the pipeline's fingerprint (its code, its data files
and the versions of the libraries that shape the data).  A stage whose file holds
the expected key is skipped; a missing, stale or unreadable file is rebuilt.  So a
second ``make`` does no per-document work, and changing one raw file re-runs only
that document.  The final *assemble* step is skipped too when none of its inputs
changed and the outputs are intact.

A document that fails at any stage yields one ``error`` row in ``warnings`` and no
records; the others are extracted as usual.  The build returns the number of
failed documents so the CLI can exit non-zero.  Each document runs under the generic
limits of :mod:`pipeline.core.limits` (file size, wall-clock time); a result caused by a limit
is stored with the limits and rebuilt when they change.  ``lines.jsonl`` is trusted only
if its hash matches the one recorded in ``read.json``.  The tables are written into a
staging folder and then moved into ``output/`` together, so an interrupted build leaves
the previous set of outputs whole.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import logging
import os
import shutil
import tempfile
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from pipeline.core.errors import Issue, LimitError, PipelineError, Severity
from pipeline.core.fileio import dumps, read_json, read_jsonl, sha256_file, write_json, write_jsonl
from pipeline.core.limits import Limits, check_size, time_limit
from pipeline.core.model import Document, Line

logger = logging.getLogger(__name__)

MANIFEST_NAME = "sources.csv"
#: Page limit passed to the PDF reader when the user switched the limit off.
UNLIMITED_PAGES = 10**9
#: Files in the raw folder that are not source documents.
IGNORED_NAMES = frozenset({MANIFEST_NAME, "README.md", "README.txt", ".gitkeep"})
#: Prefix of the hidden folder in the output folder where tables are staged before the move.
STAGING_PREFIX = ".staging-"
#: Libraries whose versions change the extracted data.
DATA_LIBRARIES = ("sudachipy", "sudachidict-core", "pdfplumber", "pdfminer.six", "pyarrow")


class Stage(StrEnum):
    READ = "read"
    SEGMENT = "segment"
    EXTRACT = "extract"


STAGE_FILES = {Stage.READ: "read.json", Stage.SEGMENT: "segments.json", Stage.EXTRACT: "records.json"}


@dataclass(frozen=True, slots=True)
class BuildConfig:
    """Where to read and write, and how hard to work."""

    raw_dir: Path
    interim_dir: Path
    output_dir: Path
    jobs: int = 1
    default_prefecture: str | None = None
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True, slots=True)
class Source:
    """A source document found in the raw folder, with its manifest row."""

    path: Path
    rel: str
    doc_id: str
    manifest: tuple[tuple[str, str], ...] = ()

    @property
    def meta(self) -> dict[str, str]:
        return dict(self.manifest)


@dataclass(slots=True)
class BuildResult:
    documents: int = 0
    failed: list[Issue] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    assembled: bool = False
    errors: int = 0


@functools.cache
def fingerprint() -> str:
    """Hash of the pipeline's code, data files and data-shaping library versions."""
    h = hashlib.sha256()
    root = resources.files("pipeline")
    files = sorted(
        (p for p in Path(str(root)).rglob("*") if p.is_file() and p.suffix in {".py", ".csv", ".json", ".toml"}),
        key=lambda p: p.relative_to(Path(str(root))).as_posix(),
    )
    for p in files:
        h.update(p.relative_to(Path(str(root))).as_posix().encode())
        h.update(p.read_bytes())
    for lib in DATA_LIBRARIES:
        try:
            h.update(f"{lib}=={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}==none".encode())
    return h.hexdigest()


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


def discover(raw_dir: Path) -> list[Source]:
    """Every source document below ``raw_dir``, sorted by path."""
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist; set RAW= to a folder of documents")
    manifest = load_manifest(raw_dir)
    sources = []
    for p in sorted(raw_dir.rglob("*"), key=lambda p: p.relative_to(raw_dir).as_posix()):
        rel = p.relative_to(raw_dir).as_posix()
        if not p.is_file() or p.name in IGNORED_NAMES or any(part.startswith(".") for part in rel.split("/")):
            continue
        row = manifest.get(rel, {})
        sources.append(Source(p, rel, make_doc_id(rel), tuple(sorted(row.items()))))
    # x.txt and x.pdf side by side (two editions, say): both keep their extension in the id,
    # so neither id depends on which of the two sorts first.
    stems = Counter(s.doc_id for s in sources)
    return [
        Source(s.path, s.rel, unicodedata.normalize("NFC", s.rel), s.manifest) if stems[s.doc_id] > 1 else s
        for s in sources
    ]


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _cached(path: Path, key: str, limits: Limits | None = None) -> dict[str, Any] | None:
    """The stage file at ``path`` if it was made from ``key`` (and, for a result caused by a
    resource limit, under the same ``limits``); else ``None``: missing, unreadable, stale."""
    try:
        data = read_json(path)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("cache_key") != key:
        return None
    if "limits" in data and (limits is None or data["limits"] != limits.to_dict()):
        return None
    return data


def _interim(cfg: BuildConfig, src: Source) -> Path:
    return cfg.interim_dir / src.doc_id


def _error_payload(key: str, src: Source, exc: BaseException, limits: Limits | None = None) -> dict[str, Any]:
    if isinstance(exc, PipelineError):  # a DocumentError, or broken reference data
        code, msg, loc = exc.code, exc.message, exc.location
    else:
        code = "internal_error"
        msg = f"unexpected {type(exc).__name__}: {exc}; this is a pipeline bug, please report it with the file"
        loc = ""
        logger.debug("%s", "".join(traceback.format_exception(exc)))
    issue = Issue(src.doc_id, Severity.ERROR, code, loc, f"{src.rel}: {msg}")
    payload: dict[str, Any] = {"cache_key": key, "error": issue.to_dict()}
    if isinstance(exc, LimitError) and limits is not None:
        payload["limits"] = limits.to_dict()  # valid only while the limits stay the same
    return payload


def _upstream_error(key: str, upstream: dict[str, Any]) -> dict[str, Any]:
    """A later stage's payload for a document that failed earlier (limits travel with it)."""
    return {"cache_key": key, **{k: upstream[k] for k in ("error", "limits") if k in upstream}}


def _stage_read(cfg: BuildConfig, src: Source, raw_sha: str) -> tuple[str, dict[str, Any], bool]:
    from pipeline.read import read_document

    key = _key(fingerprint(), raw_sha, dumps(src.meta))
    path = _interim(cfg, src) / STAGE_FILES[Stage.READ]
    cached = _cached(path, key, cfg.limits)
    lines_path = _interim(cfg, src) / "lines.jsonl"
    if cached is not None and ("error" in cached or _lines_intact(lines_path, cached)):
        return key, cached, False
    try:
        check_size(src.path, src.rel, cfg.limits)
        result = read_document(src.path, src.rel, cfg.limits.max_pages or UNLIMITED_PAGES)
        write_jsonl(lines_path, (ln.to_dict() for ln in result.lines))
        payload = {
            "cache_key": key,
            "format": str(result.format),
            "encoding": result.encoding,
            "n_pages": result.n_pages,
            "n_lines": len(result.lines),
            "notes": list(result.notes),
            "issues": [{**i.to_dict(), "doc_id": src.doc_id} for i in result.issues],
            "lines_sha256": sha256_file(lines_path),
        }
    except Exception as exc:  # one bad document never stops the others
        payload = _error_payload(key, src, exc, cfg.limits)
    write_json(path, payload)
    return key, payload, True


def _lines_intact(lines_path: Path, read: dict[str, Any]) -> bool:
    """``lines.jsonl`` exists and is the file the read stage wrote (not truncated or edited)."""
    try:
        return sha256_file(lines_path) == read.get("lines_sha256")
    except OSError:
        return False


def _load_lines(cfg: BuildConfig, src: Source) -> list[Line]:
    path = _interim(cfg, src) / "lines.jsonl"
    st = path.stat()
    return list(_read_lines(str(path), st.st_ino, st.st_mtime_ns, st.st_size))


#: lines.jsonl files kept in memory per process: segment and extract of the same
#: document read it back to back, so one is enough to parse it once.
LINES_CACHE_SIZE = 2


@functools.lru_cache(maxsize=LINES_CACHE_SIZE)
def _read_lines(path: str, inode: int, mtime_ns: int, size: int) -> tuple[Line, ...]:
    """The lines of a ``lines.jsonl``, keyed by its identity so a rewritten file is re-read."""
    return tuple(Line.from_dict(d) for d in read_jsonl(Path(path)))


def _prefecture(cfg: BuildConfig, src: Source) -> str | None:
    return src.meta.get("prefecture") or cfg.default_prefecture


def _downstream_stage(
    cfg: BuildConfig,
    src: Source,
    stage: Stage,
    upstream_key: str,
    upstream: dict[str, Any],
    compute: Callable[[], dict[str, Any]],
) -> tuple[str, dict[str, Any], bool]:
    """Run a stage after *read*: reuse its cached file, carry an upstream error, or compute.

    Returns:
        ``(cache key, payload, whether it was computed)``.
    """
    key = _key(upstream_key, stage.value)
    path = _interim(cfg, src) / STAGE_FILES[stage]
    cached = _cached(path, key, cfg.limits)
    if cached is not None:
        return key, cached, False
    if "error" in upstream:
        payload = _upstream_error(key, upstream)
    else:
        try:
            payload = {"cache_key": key, **compute()}
        except Exception as exc:  # one bad document never stops the others
            payload = _error_payload(key, src, exc, cfg.limits)
    write_json(path, payload)
    return key, payload, True


def _stage_segment(cfg: BuildConfig, src: Source, read_key: str, read: dict[str, Any]) -> tuple[str, dict, bool]:
    from pipeline.segment.segmenter import SegmentConfig, segment

    def compute() -> dict[str, Any]:
        doc, issues = segment(src.doc_id, _load_lines(cfg, src), SegmentConfig(prefecture=_prefecture(cfg, src)))
        return {"document": doc.to_dict(), "issues": [i.to_dict() for i in issues]}

    return _downstream_stage(cfg, src, Stage.SEGMENT, read_key, read, compute)


def _stage_extract(
    cfg: BuildConfig, src: Source, seg_key: str, seg: dict[str, Any], read: dict[str, Any], raw_sha: str
) -> tuple[str, dict, bool]:
    from pipeline.extract.extractor import extract

    def compute() -> dict[str, Any]:
        document = {
            "doc_id": src.doc_id,
            "source_path": src.rel,
            "sha256": raw_sha,
            "format": read["format"],
            "encoding": read["encoding"],
            "n_pages": read["n_pages"],
            "n_lines": read["n_lines"],
            "status": "ok",
        }
        records, _ = extract(
            Document.from_dict(seg["document"]), _load_lines(cfg, src), document, _prefecture(cfg, src)
        )
        records.warnings = [*read.get("issues", []), *seg["issues"], *records.warnings]
        return {"records": records.to_dict()}

    return _downstream_stage(cfg, src, Stage.EXTRACT, seg_key, seg, compute)


def _result_key(key: str, payload: dict[str, Any]) -> str:
    """The key the assembly stamp depends on: a limit-caused result also depends on the limits."""
    return _key(key, dumps(payload["limits"])) if "limits" in payload else key


def process_document(cfg: BuildConfig, src: Source, upto: Stage = Stage.EXTRACT) -> tuple[str, str | None, bool]:
    """Run the stages of one document up to ``upto``, within the per-document time limit.

    Whatever goes wrong (a bad file, a limit, a pipeline bug) ends as an error payload
    in the stage files, so the document is reported and the others go on.

    Returns:
        ``(result key of the last stage, error code or None, whether anything was rebuilt)``.
    """
    try:
        with time_limit(cfg.limits.time_limit_s, src.rel):
            return _process_document(cfg, src, upto)
    except Exception as exc:  # raised outside a stage's own guard, e.g. the timer between stages
        try:
            raw_sha = sha256_file(src.path)
        except OSError:
            raw_sha = "unreadable"
        keys = [_key(fingerprint(), raw_sha, dumps(src.meta))]
        keys.append(_key(keys[0], "segment"))
        keys.append(_key(keys[1], "extract"))
        payload = _error_payload("", src, exc, cfg.limits)
        for stage, key in zip(Stage, keys, strict=True):
            write_json(_interim(cfg, src) / STAGE_FILES[stage], {**payload, "cache_key": key})
            if stage is upto:
                return _result_key(key, payload), payload["error"]["code"], True
        raise AssertionError(upto) from exc  # pragma: no cover - every Stage is in the loop


def _process_document(cfg: BuildConfig, src: Source, upto: Stage) -> tuple[str, str | None, bool]:
    raw_sha = sha256_file(src.path)
    read_key, read, r1 = _stage_read(cfg, src, raw_sha)
    if upto is Stage.READ:
        return _result_key(read_key, read), read.get("error", {}).get("code"), r1
    seg_key, seg, r2 = _stage_segment(cfg, src, read_key, read)
    if upto is Stage.SEGMENT:
        return _result_key(seg_key, seg), seg.get("error", {}).get("code"), r1 or r2
    ext_key, ext, r3 = _stage_extract(cfg, src, seg_key, seg, read, raw_sha)
    return _result_key(ext_key, ext), ext.get("error", {}).get("code"), r1 or r2 or r3


def _run_one(args: tuple[BuildConfig, Source, Stage]) -> tuple[str, str | None, bool]:
    cfg, src, upto = args
    return process_document(cfg, src, upto)


def run_stages(cfg: BuildConfig, sources: list[Source], upto: Stage) -> list[tuple[str, str | None, bool]]:
    """Run the per-document stages, in a process pool when ``cfg.jobs > 1``."""
    work = [(cfg, s, upto) for s in sources]
    if cfg.jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(max_workers=cfg.jobs) as pool:
            return list(pool.map(_run_one, work, chunksize=max(1, len(work) // (cfg.jobs * 4))))
    return [_run_one(w) for w in work]


def _outputs_intact(cfg: BuildConfig, stamp: dict[str, Any]) -> bool:
    files = stamp.get("outputs", {})
    if not files:
        return False
    for name, sha in files.items():
        p = cfg.output_dir / name
        if not p.exists() or sha256_file(p) != sha:
            return False
    return True


def assemble(cfg: BuildConfig, sources: list[Source]) -> dict[str, list[dict[str, Any]]]:
    """Gather every document's records into table rows (see :mod:`pipeline.output.tables`).

    First editions come first, then the documents that ``raw/sources.csv`` marks as another
    edition of one of them (``edition_of``): those are compared, not added
    (:mod:`pipeline.driver.editions`).  A plan id already taken by another document is an error
    and the later copy is left out.
    """
    from pipeline.driver import editions
    from pipeline.output.schema import TABLES

    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    by_rel = {s.rel: s for s in sources}
    extracted: dict[str, dict[str, Any]] = {}
    plan_owner: dict[str, str] = {}
    ordered = sorted(sources, key=lambda s: bool(s.meta.get("edition_of")))  # stable: path order kept
    for src in ordered:
        data = read_json(_interim(cfg, src) / STAGE_FILES[Stage.EXTRACT])
        if "error" in data:
            rows["warnings"].append(data["error"])
            rows["documents"].append(_failed_document(src))
            continue
        rec = data["records"]
        rows["warnings"].extend(i.to_dict() for i in _manifest_issues(src, rec["document"]))
        rows["documents"].append(rec["document"])
        rows["lines"].extend(rec["lines"])
        rows["warnings"].extend(rec["warnings"])
        first_rel = src.meta.get("edition_of")
        if first_rel:
            first = by_rel.get(first_rel)
            rec["document"]["edition_of"] = first.doc_id if first else None
            if first is None or first.doc_id not in extracted:
                rows["warnings"].append(
                    Issue(
                        src.doc_id,
                        Severity.ERROR,
                        "edition_of_unknown",
                        "",
                        f"{src.rel}: raw/{MANIFEST_NAME} says it is an edition of {first_rel!r}, which is "
                        "not an extracted document of the raw folder; its records are left out. Fix the "
                        "edition_of column (a file path relative to the raw folder)",
                    ).to_dict()
                )
            else:
                issues = editions.compare(src.doc_id, first.doc_id, extracted[first.doc_id], rec)
                rows["warnings"].extend(i.to_dict() for i in issues)
            continue
        extracted[src.doc_id] = rec
        taken = {p["plan_id"] for p in rec["plans"] if p["plan_id"] in plan_owner}
        for plan_id in sorted(taken):
            rows["warnings"].append(
                Issue(
                    src.doc_id,
                    Severity.ERROR,
                    "duplicate_plan_across_documents",
                    "",
                    f"plan {plan_id} is already extracted from {plan_owner[plan_id]}; this copy is left out. "
                    "Remove one of the two documents from the raw folder or, if it is the same announcement "
                    f"in another format, name the other file in its edition_of column of raw/{MANIFEST_NAME}",
                ).to_dict()
            )
        for p in rec["plans"]:
            plan_owner.setdefault(p["plan_id"], src.doc_id)
        for table in editions.COMPARED_TABLES:
            rows[table].extend(r for r in rec[table] if r["plan_id"] not in taken)
    return rows


def _failed_document(src: Source) -> dict[str, Any]:
    return {
        "doc_id": src.doc_id,
        "source_path": src.rel,
        "sha256": sha256_file(src.path),
        "format": "pdf" if src.path.suffix.lower() == ".pdf" else "text",
        "status": "failed",
    }


def _manifest_issues(src: Source, document: dict[str, Any]) -> list[Issue]:
    expected = src.meta.get("sha256")
    if not expected or expected == document["sha256"]:
        return []
    return [
        Issue(
            src.doc_id,
            Severity.WARNING,
            "manifest_sha256_mismatch",
            "",
            f"{src.rel}: the file's SHA-256 differs from raw/{MANIFEST_NAME}; if the file was "
            "replaced on purpose, update the manifest row",
        )
    ]


def write_outputs(
    rows: dict[str, list[dict[str, Any]]],
    output_dir: Path,
    columns: dict[str, dict[str, list[Any]]] | None = None,
) -> list[Path]:
    """Write every table into a staging folder inside ``output_dir``, then move the files
    into place, so a build interrupted while writing leaves the previous set of outputs
    whole (not some tables new and some old).  Returns the paths written."""
    from pipeline.output.datapackage import write_datapackage
    from pipeline.output.schema import TABLES
    from pipeline.output.sqlite import write_sqlite
    from pipeline.output.tables import write_table

    output_dir.mkdir(parents=True, exist_ok=True)
    for leftover in output_dir.glob(STAGING_PREFIX + "*"):  # from a build that was killed
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=output_dir))
    try:
        columns = columns or {}
        staged = [
            p for name, table in TABLES.items() for p in write_table(table, rows[name], staging, columns.get(name))
        ]
        staged.append(write_datapackage(staging))
        staged += write_sqlite(rows, staging)  # plans.db + metadata.json for Datasette
        for p in staged:
            os.replace(p, output_dir / p.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [output_dir / p.name for p in staged]


def build(cfg: BuildConfig, upto: Stage | None = None) -> BuildResult:
    """Run the whole pipeline (or the per-document stages up to ``upto``)."""

    sources = discover(cfg.raw_dir)
    results = run_stages(cfg, sources, upto or Stage.EXTRACT)
    out = BuildResult(documents=len(sources))
    out.rebuilt = [s.doc_id for s, r in zip(sources, results, strict=True) if r[2]]
    if upto is not None:
        return out
    stamp_path = cfg.interim_dir / "_assemble.json"
    stamp_key = _key(fingerprint(), *(f"{s.doc_id}:{r[0]}" for s, r in zip(sources, results, strict=True)))
    stamp = _cached(stamp_path, stamp_key)
    if stamp is not None and _outputs_intact(cfg, stamp):
        out.errors = stamp["errors"]
        out.failed = [Issue.from_dict(d) for d in stamp["failed"]]
        return out
    rows = assemble(cfg, sources)
    from pipeline.output.schema import TABLES
    from pipeline.output.tables import columns_of
    from pipeline.output.validate import validate_tables

    # the rows are split into columns once, for validation and for writing
    columns = {name: columns_of(table, rows[name]) for name, table in TABLES.items()}
    rows["warnings"].extend(i.to_dict() for i in validate_tables(rows, columns))  # errors -> non-zero exit
    del columns["warnings"]  # validation added rows to it
    written = write_outputs(rows, cfg.output_dir, columns)
    out.assembled = True
    out.errors = sum(1 for w in rows["warnings"] if w["severity"] == Severity.ERROR)
    failed_ids = {d["doc_id"] for d in rows["documents"] if d["status"] == "failed"}
    out.failed = [
        Issue.from_dict(w) for w in rows["warnings"] if w["doc_id"] in failed_ids and w["severity"] == Severity.ERROR
    ]
    write_json(
        stamp_path,
        {
            "cache_key": stamp_key,
            "errors": out.errors,
            "failed": [i.to_dict() for i in out.failed],
            "outputs": {p.name: sha256_file(p) for p in sorted(written)},
        },
    )
    return out


def iter_error_lines(result: BuildResult) -> Iterable[str]:
    for issue in result.failed:
        yield f"FAILED {issue.doc_id}: [{issue.code}] {issue.location + ': ' if issue.location else ''}{issue.message}"


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
