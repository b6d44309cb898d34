"""The driver: run the stages per document with caching, then assemble and write the tables.

``build`` is the whole pipeline:

1. :func:`~pipeline.driver.discover.discover` the source documents of the raw folder;
2. run read → segment → extract for each (:mod:`pipeline.driver.stages`), in a process
   pool, each stage reused from ``interim/<doc_id>/`` when its key is unchanged;
3. :func:`~pipeline.driver.assemble.assemble` the records into tables, kept as Arrow from
   the documents' fragments on (:mod:`pipeline.output.storage`), check formula-like values
   (:mod:`pipeline.output.formulas`) and validate them (:mod:`pipeline.output.checks`, then
   :mod:`pipeline.output.validate` when a rule may fail), and write every table into a
   staging folder that is then moved into ``output/`` file by file, so an interrupted build
   leaves the previous set of outputs whole.

The build holds the lock of the interim and output folders throughout, so a second build
on the same folders waits for it (:mod:`pipeline.driver.lock`).

A caller follows the build's progress through a :class:`BuildObserver` (the command line's
progress bar and per-document lines): told how many documents there are, each document's
result as its stages finish (in the order they finish), and when the assembly starts.  The
driver itself draws nothing, so it stays a library API.

Step 3 is skipped when none of its inputs changed and the outputs are intact
(``interim/_assemble.json`` holds the key and the SHA-256 of every output; the digests of
raw files and outputs are remembered while the files are unchanged: :mod:`pipeline.driver.digests`).  So a second
``make`` does no work, and changing one raw file re-runs only that document's stages,
its table fragment (:mod:`pipeline.driver.fragment`) and the assembly, which reuses the
other documents' fragments; an output whose bytes did not change is left in place.  A document that fails at any stage yields one ``error`` row in ``warnings``
and no records; the others are extracted as usual; the build reports the error rows so
the command line can exit non-zero.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pipeline.core.engines import ENGINES, PDF_ENGINE
from pipeline.core.errors import BuildError, Code, Issue, Severity
from pipeline.core.fileio import dumps, read_json, sha256_file, write_json
from pipeline.core.limits import Limits
from pipeline.core.registry import strict_counts
from pipeline.driver.cache import Stage, key, stage_fingerprint
from pipeline.driver.digests import DIGESTS_FILE, DigestStore
from pipeline.driver.discover import Discovery, Source, discover
from pipeline.driver.interim import DocResult, Failure
from pipeline.driver.lock import DEFAULT_LOCK_WAIT_S, folders_locked
from pipeline.driver.stages import StageSettings, finished_result, process_document
from pipeline.driver.walk import Skipped

logger = logging.getLogger(__name__)

ASSEMBLY_STAMP = "_assemble.json"
#: Most worker processes used by default.
MAX_DEFAULT_JOBS = 8


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
    follow_symlinks: bool = False
    lock_wait_s: float = DEFAULT_LOCK_WAIT_S
    pdf_engine: str = PDF_ENGINE

    def __post_init__(self) -> None:
        if self.pdf_engine not in ENGINES:
            raise ValueError(f"pdf_engine must be one of {', '.join(ENGINES)}, not {self.pdf_engine!r}")
        if self.jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {self.jobs}")
        if self.lock_wait_s < 0:
            raise ValueError(f"lock_wait_s must not be negative, not {self.lock_wait_s}")

    @property
    def stage_settings(self) -> StageSettings:
        return StageSettings(self.interim_dir, self.limits, self.default_prefecture, self.pdf_engine)


@dataclass(slots=True)
class BuildResult:
    """What a build did: documents seen and re-processed, error rows, failed documents, entries skipped."""

    documents: int = 0
    failed: list[Issue] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    assembled: bool = False
    errors: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    #: documents whose stages failed (each has an ``error`` row once the tables are assembled)
    failed_documents: int = 0
    #: rows written per table, by table name (empty unless the tables were assembled)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def strict_counts(self) -> dict[str, int]:
        """The counts of the warnings that mean data may be wrong, by code."""
        return strict_counts(self.counts)

    @property
    def warning_rows(self) -> int:
        """The rows of ``warnings`` that are not errors."""
        return sum(self.counts.values()) - self.errors


class BuildObserver(Protocol):
    """What a caller is told while a build runs (all from the process that called :func:`build`)."""

    def documents_started(self, total: int) -> None:
        """The per-document stages start for ``total`` documents."""

    def document_done(self, source: Source, result: DocResult) -> None:
        """One document's stages finished (or were reused), in the order they finish."""

    def assembly_started(self) -> None:
        """The tables are being assembled, validated and written."""


class SilentObserver:
    """A :class:`BuildObserver` that ignores everything (the default)."""

    def documents_started(self, total: int) -> None:
        pass

    def document_done(self, source: Source, result: DocResult) -> None:
        pass

    def assembly_started(self) -> None:
        pass


def _run_one(args: tuple[StageSettings, Source, Stage]) -> DocResult:
    return process_document(*args)


def run_stages(
    cfg: BuildConfig,
    sources: list[Source],
    upto: Stage,
    on_done: Callable[[Source, DocResult], None] | None = None,
    digest: Callable[[Path], str] = sha256_file,
) -> list[DocResult]:
    """Run the per-document stages, in a process pool when ``cfg.jobs > 1``; ``on_done`` is
    called once per document as its result arrives; ``digest`` gives a raw file's SHA-256
    (:class:`~pipeline.driver.digests.DigestStore` remembers them between builds).

    A document whose fragment is current (:func:`~pipeline.driver.stages.finished_result`)
    is known in this process, from its raw file's SHA-256 and one small index: a no-op
    build starts no worker, and a rebuild sends only the changed documents to the pool
    (none when one document changed: it runs here).

    A worker process that dies (killed for memory, or a crash inside a library) breaks the
    pool: the documents it leaves without a result are then run one at a time, each in a
    worker of its own, so the one that kills its worker again is known and gets an error
    row, and the others are extracted as usual.
    """
    done = on_done or (lambda _s, _r: None)
    settings = cfg.stage_settings
    work = [(settings, s, upto) for s in sources]
    results: list[DocResult | None] = [None] * len(work)
    if upto is Stage.EXTRACT:  # documents already extracted are known here, without a worker
        for i, src in enumerate(sources):
            found = finished_result(settings, src, digest)
            results[i] = _reported(found, src, done) if found is not None else None
    pending = [i for i, r in enumerate(results) if r is None]
    if cfg.jobs == 1 or len(pending) <= 1:
        for i in pending:
            results[i] = _reported(_run_one(work[i]), sources[i], done)
        return [r for r in results if r is not None]
    # multiprocessing is imported only here: a run with one job never starts a worker
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=cfg.jobs) as pool:
        futures = {pool.submit(_run_one, work[i]): i for i in pending}
        for future in as_completed(futures):
            with contextlib.suppress(BrokenProcessPool):
                i = futures[future]
                results[i] = _reported(future.result(), sources[i], done)
    left = [i for i, r in enumerate(results) if r is None]
    if left:
        logger.warning("a worker process died; %d document(s) are run again one at a time", len(left))
        for i, result in zip(left, _run_isolated([work[i] for i in left], done), strict=True):
            results[i] = result
    return [r for r in results if r is not None]


def _reported(result: DocResult, source: Source, done: Callable[[Source, DocResult], None]) -> DocResult:
    done(source, result)
    return result


def _run_isolated(
    work: list[tuple[StageSettings, Source, Stage]], done: Callable[[Source, DocResult], None]
) -> list[DocResult]:
    """Run documents one at a time in a single worker; one that kills it gets an error row."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    out: list[DocResult] = []
    pool = ProcessPoolExecutor(max_workers=1)
    try:
        for w in work:
            try:
                out.append(_reported(pool.submit(_run_one, w).result(), w[1], done))
            except BrokenProcessPool:
                out.append(_reported(_worker_died(w[1]), w[1], done))
                pool.shutdown(wait=True)
                pool = ProcessPoolExecutor(max_workers=1)
    finally:
        pool.shutdown(wait=True)
    return out


def _worker_died(src: Source) -> DocResult:
    message = (
        f"{src.rel}: the process reading it died (killed by the system, e.g. for lack of memory, or a crash "
        "inside a library); it is retried on the next build. Check the file, or run `make JOBS=1 LOG=-vv`"
    )
    issue = Issue(src.doc_id, Severity.ERROR, Code.INTERNAL_ERROR, "", message)
    return DocResult(src.doc_id, key("worker died", src.rel), "", Failure(issue, transient=True), rebuilt=True)


def assembly_key(found: Discovery, results: list[DocResult]) -> str:
    """The key of the assembly: its code, the manifest rows, every document's result and the
    problems met finding the documents."""
    parts = (f"{s.doc_id}:{dumps(s.meta)}:{r.result_key}" for s, r in zip(found.sources, results, strict=True))
    issues = dumps([i.to_dict() for i in found.issues])
    return key(stage_fingerprint(Stage.ASSEMBLE), issues, *parts)


def _stamp_valid(
    cfg: BuildConfig, stamp_key: str, digest: Callable[[Path], str] = sha256_file
) -> dict[str, Any] | None:
    """The assembly stamp, if it holds ``stamp_key`` and every output file is intact (its
    SHA-256 from ``digest``)."""
    try:
        stamp = read_json(cfg.interim_dir / ASSEMBLY_STAMP)
        if stamp.get("cache_key") != stamp_key or not stamp.get("outputs") or not {"counts", "rows"} <= set(stamp):
            return None
        for name, sha in stamp["outputs"].items():
            if digest(cfg.output_dir / name) != sha:
                return None
    except (OSError, ValueError, AttributeError):
        return None
    return stamp


@dataclass(frozen=True, slots=True)
class Assembled:
    """What the assembly wrote: error rows, the failed documents' errors, the ``warnings``
    rows counted by code and the rows of every table."""

    errors: int
    failed: list[Issue]
    counts: dict[str, int]
    rows: dict[str, int]


def assemble_and_write(
    cfg: BuildConfig, found: Discovery, results: list[DocResult], digest: Callable[[Path], str] = sha256_file
) -> Assembled:
    """Assemble, validate and write the tables (see :class:`Assembled`).

    The assembly's modules (pyarrow among them) are imported here, not with the driver:
    ``python -m pipeline read`` and a no-op build never need them.
    """
    from pipeline.driver.assemble import Tables, assemble
    from pipeline.driver.outputs import tally, validation_issues, with_warnings, write_outputs
    from pipeline.output.formulas import formula_issues
    from pipeline.output.schema import TABLES

    def checked(tables: Tables) -> None:
        with_warnings(tables, formula_issues(tables))
        with_warnings(tables, validation_issues(tables))  # errors -> non-zero exit

    tables = assemble(cfg.interim_dir, found.sources, results, found.issues)
    try:
        written = write_outputs(tables, cfg.output_dir, cfg.jobs, complete=checked)
    except OSError as exc:
        raise BuildError(
            f"the tables could not be written to {cfg.output_dir} ({exc}); the previous tables are left as they "
            "were. Free some space or fix the permissions, then run the build again"
        ) from exc
    errors, counts, failed = tally(tables)
    n_rows = {name: tables[name].num_rows for name in TABLES}
    if not any(r.failure is not None and r.failure.transient for r in results):  # else: retried next build
        stamp = {
            "cache_key": assembly_key(found, results),
            "errors": errors,
            "counts": counts,
            "failed": [i.to_dict() for i in failed],
            "rows": n_rows,
            "outputs": {p.name: digest(p) for p in sorted(written)},
        }
        with contextlib.suppress(OSError):  # without the stamp, the next build assembles again
            write_json(cfg.interim_dir / ASSEMBLY_STAMP, stamp)
    return Assembled(errors, failed, counts, n_rows)


def build(cfg: BuildConfig, upto: Stage | None = None, observer: BuildObserver | None = None) -> BuildResult:
    """Run the whole pipeline (or the per-document stages up to ``upto``), holding the lock of
    every folder it writes (:mod:`pipeline.driver.lock`), telling ``observer`` how it goes.

    Raises:
        FileNotFoundError: the raw folder does not exist.
        BuildError: the outputs cannot be written, or another build holds a folder too long.
    """
    if not cfg.raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {cfg.raw_dir} does not exist; set RAW= to a folder of documents")
    folders = [cfg.interim_dir] if upto is not None else [cfg.interim_dir, cfg.output_dir]
    with folders_locked(folders, cfg.lock_wait_s):
        return _build(cfg, upto, observer or SilentObserver())


def _build(cfg: BuildConfig, upto: Stage | None, observer: BuildObserver) -> BuildResult:
    digests = DigestStore(cfg.interim_dir / DIGESTS_FILE)
    try:
        return _build_with(cfg, upto, observer, digests.sha256)
    finally:
        digests.save()


def _build_with(
    cfg: BuildConfig, upto: Stage | None, observer: BuildObserver, digest: Callable[[Path], str]
) -> BuildResult:
    found = discover(cfg.raw_dir, cfg.follow_symlinks)
    observer.documents_started(len(found.sources))
    results = run_stages(cfg, found.sources, upto or Stage.EXTRACT, observer.document_done, digest)
    out = BuildResult(
        documents=len(found.sources),
        rebuilt=[r.doc_id for r in results if r.rebuilt],
        skipped=list(found.skipped),
        failed_documents=sum(1 for r in results if r.failure is not None),
    )
    if upto is not None:
        return out
    transient = any(r.failure is not None and r.failure.transient for r in results)
    stamp = None if transient else _stamp_valid(cfg, assembly_key(found, results), digest)  # a fault is never hidden
    if stamp is not None:
        out.errors, out.counts, out.rows = stamp["errors"], stamp["counts"], stamp["rows"]
        out.failed = [Issue.from_dict(d) for d in stamp["failed"]]
        return out
    observer.assembly_started()
    done = assemble_and_write(cfg, found, results, digest)
    out.errors, out.failed, out.counts, out.rows = done.errors, done.failed, done.counts, done.rows
    out.assembled = True
    return out


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_JOBS))
