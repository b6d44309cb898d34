"""The driver: run the stages per document with caching, then assemble and write the tables.

``build`` is the whole pipeline:

1. :func:`~pipeline.driver.discover.discover` the source documents of the raw folder;
2. run read → segment → extract for each (:mod:`pipeline.driver.stages`), in a process
   pool, each stage reused from ``interim/<doc_id>/`` when its key is unchanged;
3. :func:`~pipeline.driver.assemble.assemble` the records into table rows,
   validate them (:mod:`pipeline.output.validate`), and write every table into a staging
   folder that is then moved into ``output/`` file by file, so an interrupted build
   leaves the previous set of outputs whole.

Step 3 is skipped when none of its inputs changed and the outputs are intact
(``interim/_assemble.json`` holds the key and the SHA-256 of every output).  So a second
``make`` does no work, and changing one raw file re-runs only that document's stages and
the assembly.  A document that fails at any stage yields one ``error`` row in ``warnings``
and no records; the others are extracted as usual; the build reports the error rows so
the command line can exit non-zero.

The result also counts the ``warnings`` rows by code (kept in the assembly stamp, so a
build with nothing to do reports the same), and :func:`exit_status` turns it into the
command line's exit code: :data:`EXIT_ERRORS` for error rows, :data:`EXIT_STRICT` for the
*strict* warnings (those that mean data may be wrong, :mod:`pipeline.core.registry`) when
the build is run with ``--strict``, for CI.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.errors import Issue, Severity
from pipeline.core.fileio import dumps, read_json, sha256_file, write_json
from pipeline.core.limits import Limits
from pipeline.core.registry import strict_counts
from pipeline.driver.assemble import Rows, assemble
from pipeline.driver.cache import Stage, key, stage_fingerprint
from pipeline.driver.discover import Source, discover
from pipeline.driver.interim import DocResult
from pipeline.driver.stages import StageSettings, process_document

logger = logging.getLogger(__name__)

#: Prefix of the hidden folder in the output folder where tables are staged before the move.
STAGING_PREFIX = ".staging-"
ASSEMBLY_STAMP = "_assemble.json"
#: Most worker processes used by default.
MAX_DEFAULT_JOBS = 8
#: Exit codes of the command line: success; error rows (or a failed document); bad
#: arguments or a missing folder; strict warnings under ``--strict``.
EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_STRICT = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class BuildConfig:
    """Where to read and write, and how hard to work.

    Raises:
        ValueError: ``jobs`` is less than 1.
    """

    raw_dir: Path
    interim_dir: Path
    output_dir: Path
    jobs: int = 1
    default_prefecture: str | None = None
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {self.jobs}")

    @property
    def stage_settings(self) -> StageSettings:
        return StageSettings(self.interim_dir, self.limits, self.default_prefecture)


@dataclass(slots=True)
class BuildResult:
    """What a build did: documents seen and re-processed, error rows, failed documents, and
    the rows of the ``warnings`` table counted by code (errors included)."""

    documents: int = 0
    failed: list[Issue] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    assembled: bool = False
    errors: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def strict_counts(self) -> dict[str, int]:
        """The counts of the warnings that mean data may be wrong, by code."""
        return strict_counts(self.counts)


def _run_one(args: tuple[StageSettings, Source, Stage]) -> DocResult:
    return process_document(*args)


def run_stages(cfg: BuildConfig, sources: list[Source], upto: Stage) -> list[DocResult]:
    """Run the per-document stages, in a process pool when ``cfg.jobs > 1``."""
    work = [(cfg.stage_settings, s, upto) for s in sources]
    if cfg.jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(max_workers=cfg.jobs) as pool:
            return list(pool.map(_run_one, work, chunksize=max(1, len(work) // (cfg.jobs * 4))))
    return [_run_one(w) for w in work]


def write_outputs(rows: Rows, output_dir: Path, columns: dict[str, dict[str, list[Any]]] | None = None) -> list[Path]:
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


def assembly_key(sources: list[Source], results: list[DocResult]) -> str:
    """The key of the assembly: its code, the manifest rows and every document's result."""
    parts = (f"{s.doc_id}:{dumps(s.meta)}:{r.result_key}" for s, r in zip(sources, results, strict=True))
    return key(stage_fingerprint(Stage.ASSEMBLE), *parts)


def _stamp_valid(cfg: BuildConfig, stamp_key: str) -> dict[str, Any] | None:
    """The assembly stamp, if it holds ``stamp_key`` and every output file is intact."""
    try:
        stamp = read_json(cfg.interim_dir / ASSEMBLY_STAMP)
        if stamp.get("cache_key") != stamp_key or not stamp.get("outputs") or "counts" not in stamp:
            return None
        for name, sha in stamp["outputs"].items():
            if sha256_file(cfg.output_dir / name) != sha:
                return None
    except (OSError, ValueError, AttributeError):
        return None
    return stamp


def assemble_and_write(
    cfg: BuildConfig, sources: list[Source], results: list[DocResult]
) -> tuple[int, list[Issue], dict[str, int]]:
    """Assemble, validate and write the tables; the number of error rows, the failed
    documents' errors and the warnings rows counted by code."""
    from pipeline.output.schema import TABLES
    from pipeline.output.tables import columns_of
    from pipeline.output.validate import validate_tables

    rows = assemble(cfg.interim_dir, sources, results)
    # the rows are split into columns once, for validation and for writing
    columns = {name: columns_of(table, rows[name]) for name, table in TABLES.items()}
    rows["warnings"].extend(i.to_dict() for i in validate_tables(rows, columns))  # errors -> non-zero exit
    del columns["warnings"]  # validation added rows to it
    written = write_outputs(rows, cfg.output_dir, columns)
    errors = sum(1 for w in rows["warnings"] if w["severity"] == Severity.ERROR)
    counts = dict(sorted(Counter(str(w["code"]) for w in rows["warnings"]).items()))
    failed_ids = {d["doc_id"] for d in rows["documents"] if d["status"] == "failed"}
    failed = [
        Issue.from_dict(w) for w in rows["warnings"] if w["doc_id"] in failed_ids and w["severity"] == Severity.ERROR
    ]
    if not any(r.failure is not None and r.failure.transient for r in results):  # else: retried next build
        stamp = {
            "cache_key": assembly_key(sources, results),
            "errors": errors,
            "counts": counts,
            "failed": [i.to_dict() for i in failed],
            "outputs": {p.name: sha256_file(p) for p in sorted(written)},
        }
        write_json(cfg.interim_dir / ASSEMBLY_STAMP, stamp)
    return errors, failed, counts


def build(cfg: BuildConfig, upto: Stage | None = None) -> BuildResult:
    """Run the whole pipeline (or the per-document stages up to ``upto``)."""
    sources = discover(cfg.raw_dir)
    results = run_stages(cfg, sources, upto or Stage.EXTRACT)
    out = BuildResult(documents=len(sources), rebuilt=[r.doc_id for r in results if r.rebuilt])
    if upto is not None:
        return out
    stamp = _stamp_valid(cfg, assembly_key(sources, results))
    if stamp is not None:
        out.errors, out.counts = stamp["errors"], stamp["counts"]
        out.failed = [Issue.from_dict(d) for d in stamp["failed"]]
        return out
    out.errors, out.failed, out.counts = assemble_and_write(cfg, sources, results)
    out.assembled = True
    return out


def iter_error_lines(result: BuildResult) -> Iterable[str]:
    for issue in result.failed:
        yield f"FAILED {issue.doc_id}: [{issue.code}] {issue.location + ': ' if issue.location else ''}{issue.message}"


def describe_warnings(result: BuildResult) -> str:
    """The warnings part of the build's summary line: rows, and the strict ones by code.

    >>> describe_warnings(BuildResult(counts={"ocr_suspect": 3}))
    '3 warning row(s), none that means data may be wrong'
    >>> describe_warnings(BuildResult(counts={"ocr_suspect": 3, "unknown_municipality": 2, "no_program_list": 1}))
    '6 warning row(s), 3 that mean data may be wrong: no_program_list 1, unknown_municipality 2'
    >>> describe_warnings(BuildResult(counts={"unknown_municipality": 1}))
    '1 warning row(s), 1 that means data may be wrong: unknown_municipality 1'
    """
    total = sum(result.counts.values())
    strict = result.strict_counts
    if not strict:
        return f"{total} warning row(s), none that means data may be wrong"
    listed = ", ".join(f"{code} {n}" for code, n in strict.items())
    n_strict = sum(strict.values())
    return f"{total} warning row(s), {n_strict} that mean{'s' if n_strict == 1 else ''} data may be wrong: {listed}"


def exit_status(result: BuildResult, strict: bool = False) -> int:
    """The command line's exit code for a build (see the ``EXIT_`` constants).

    >>> r = BuildResult(counts={"unbalanced_brackets": 1})
    >>> exit_status(r), exit_status(r, strict=True), exit_status(BuildResult(errors=1), strict=True)
    (0, 3, 1)
    """
    if result.errors:
        return EXIT_ERRORS
    return EXIT_STRICT if strict and result.strict_counts else EXIT_OK


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_JOBS))
