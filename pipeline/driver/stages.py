"""Running one document through read → segment → extract, with caching and a time limit.

Each stage of a document is looked up in its stage file first
(:func:`~pipeline.driver.interim.load_stage_file`); only a miss runs the stage.  Keys chain:

* *read*: the read fingerprint, the raw file's SHA-256 and its suffix;
* *segment*: the read key, the segment fingerprint and the document's prefecture;
* *extract*: the segment key, the extract fingerprint, the prefecture and the manifest's
  ``published`` date (a release's date when its text states none).

After *extract*, the worker makes the document's table fragment
(:mod:`pipeline.driver.fragment`, keyed on the extract key), so that work too runs in
parallel and is kept until the document changes.  A document whose fragment is current
is done: its stage files are not opened (a no-op build reads one small index per
document), and a damaged stage file is found when a stage needs it again.

So a changed raw file re-runs all three stages of that document only, and a changed
vocabulary only *extract*.  Whatever goes wrong — a bad file, a resource limit, a bug —
ends as a :class:`~pipeline.driver.interim.Failure` of that document: the failure path
never raises, and the other documents go on.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pipeline.core.engines import PDF_ENGINE
from pipeline.core.errors import Code, Issue, LimitError, PipelineError, Severity
from pipeline.core.fileio import read_jsonl, sha256_file, write_jsonl
from pipeline.core.limits import Limits, check_size, time_limit
from pipeline.core.model import Line
from pipeline.driver.cache import Stage, key, stage_fingerprint
from pipeline.driver.discover import Source
from pipeline.driver.interim import (
    LINES_FILE,
    STAGE_FILES,
    DocResult,
    Failure,
    ReadSummary,
    Segmented,
    Serializable,
    StageFile,
    document_folder,
    ensure_folder,
    load_stage_file,
    make_room,
    save_stage_file,
)
from pipeline.extract.records import Records

logger = logging.getLogger(__name__)

#: The per-document stages, in order.
DOCUMENT_STAGES = (Stage.READ, Stage.SEGMENT, Stage.EXTRACT)
#: lines.jsonl files kept in memory per process: segment and extract of the same
#: document read it back to back, so one is enough to parse it once.
LINES_CACHE_SIZE = 2

T = TypeVar("T", bound=Serializable)


@dataclass(frozen=True, slots=True)
class StageSettings:
    """What the per-document stages need besides the document."""

    interim_dir: Path
    limits: Limits = field(default_factory=Limits)
    default_prefecture: str | None = None
    #: the library that reads PDF pages (``pdfplumber`` or ``pdfium``); part of the read key
    pdf_engine: str = PDF_ENGINE


def stage_keys(
    src: Source, raw_sha: str, prefecture: str | None, pdf_engine: str = PDF_ENGINE, upto: Stage = Stage.EXTRACT
) -> dict[Stage, str]:
    """The cache key of each per-document stage up to ``upto`` (see the module docstring).

    The PDF engine is part of the read key: switching engines reads the documents again.
    A later stage's key is not made: its fingerprint reads all of that stage's code, which
    ``python -m pipeline read`` would pay for at start-up and never use.
    """
    keys = {
        Stage.READ: key(
            stage_fingerprint(Stage.READ), raw_sha, Path(src.rel).suffix.lower(), f"pdf_engine={pdf_engine}"
        )
    }
    if upto is not Stage.READ:
        keys[Stage.SEGMENT] = key(keys[Stage.READ], stage_fingerprint(Stage.SEGMENT), prefecture or "")
    if upto is Stage.EXTRACT:
        keys[Stage.EXTRACT] = key(
            keys[Stage.SEGMENT], stage_fingerprint(Stage.EXTRACT), prefecture or "", src.published or ""
        )
    return keys


def failure_of(src: Source, exc: BaseException, limits: Limits) -> Failure:
    """The failure a document's exception stands for; an ``OSError`` of the machine is transient."""
    transient = isinstance(exc, OSError)
    if isinstance(exc, PipelineError):  # a DocumentError, or broken reference data
        code, msg, loc = exc.code, exc.message, exc.location
    elif transient:
        code, loc = Code.IO_ERROR, ""
        msg = f"a file could not be read or written ({type(exc).__name__}: {exc}); it is retried on the next build"
    else:
        code, loc = Code.INTERNAL_ERROR, ""
        msg = f"unexpected {type(exc).__name__}: {exc}; this is a pipeline bug, please report it with the file"
        logger.debug("%s", "".join(traceback.format_exception(exc)))
    issue = Issue(src.doc_id, Severity.ERROR, code, loc, f"{src.rel}: {msg}")
    return Failure(issue, limits.to_dict() if isinstance(exc, LimitError) else None, transient)


def _result_key(stage_file: StageFile[Any]) -> str:
    limits = stage_file.failure.limits if stage_file.failure else None
    return key(stage_file.cache_key, repr(sorted(limits.items()))) if limits else stage_file.cache_key


class DocumentRun:
    """The per-document stages of one source, run against its interim folder."""

    def __init__(self, settings: StageSettings, src: Source, raw_sha: str, upto: Stage = Stage.EXTRACT) -> None:
        self.settings = settings
        self.src = src
        self.folder = document_folder(settings.interim_dir, src.rel)
        self.prefecture = src.prefecture(settings.default_prefecture)
        self.raw_sha = raw_sha
        self.keys = stage_keys(src, raw_sha, self.prefecture, settings.pdf_engine, upto)
        self.rebuilt = False

    def stage(
        self,
        stage: Stage,
        compute: Callable[[], T],
        upstream: Failure | None = None,
        still_valid: Callable[[StageFile[T]], bool] = lambda _: True,
    ) -> StageFile[T]:
        """Reuse the stage's file, carry an upstream failure, or compute the stage."""
        name, result_type = STAGE_FILES[stage]
        path = self.folder / name
        cached: StageFile[T] | None = load_stage_file(path, self.keys[stage], result_type, self.settings.limits)
        if cached is not None and still_valid(cached):
            return cached
        self.rebuilt = True
        if upstream is not None:
            out: StageFile[T] = StageFile(self.keys[stage], failure=upstream)
        else:
            try:
                out = StageFile(self.keys[stage], result=compute())
            except Exception as exc:  # one bad document never stops the others
                out = StageFile(self.keys[stage], failure=failure_of(self.src, exc, self.settings.limits))
        save_stage_file(path, out)
        return out

    def read(self) -> StageFile[ReadSummary]:
        def compute() -> ReadSummary:
            from pipeline.read import read_document

            check_size(self.src.path, self.src.rel, self.settings.limits)
            result = read_document(self.src.path, self.src.rel, self.settings.limits, self.settings.pdf_engine)
            lines_path = self.folder / LINES_FILE
            make_room(lines_path)
            write_jsonl(lines_path, (ln.to_dict() for ln in result.lines))
            return ReadSummary(
                format=str(result.format),
                encoding=result.encoding,
                n_pages=result.n_pages,
                n_lines=len(result.lines),
                lines_sha256=sha256_file(lines_path),
                notes=tuple(result.notes),
                issues=tuple(_stamp(i, self.src.doc_id) for i in result.issues),
            )

        return self.stage(Stage.READ, compute, still_valid=self._lines_intact)

    def _lines_intact(self, read: StageFile[ReadSummary]) -> bool:
        """``lines.jsonl`` is the file the read stage wrote (not truncated or edited)."""
        if read.result is None:
            return True
        try:
            return sha256_file(self.folder / LINES_FILE) == read.result.lines_sha256
        except OSError:
            return False

    def lines(self) -> list[Line]:
        path = self.folder / LINES_FILE
        st = path.stat()
        return list(_read_lines(str(path), st.st_ino, st.st_mtime_ns, st.st_size))

    def segment(self, read: StageFile[ReadSummary]) -> StageFile[Segmented]:
        def compute() -> Segmented:
            from pipeline.segment import SegmentConfig, segment

            doc, issues = segment(self.src.doc_id, self.lines(), SegmentConfig(prefecture=self.prefecture))
            return Segmented(doc, tuple(issues))

        return self.stage(Stage.SEGMENT, compute, upstream=read.failure)

    def extract(self, read: StageFile[ReadSummary], seg: StageFile[Segmented]) -> StageFile[Records]:
        def compute() -> Records:
            from pipeline.extract import extract

            assert read.result is not None and seg.result is not None
            records = extract(seg.result.document, self.lines(), self.prefecture, self.src.published)
            records.warnings = [*read.result.issues, *seg.result.issues, *records.warnings]
            return records

        return self.stage(Stage.EXTRACT, compute, upstream=seg.failure)

    def run(self, upto: Stage) -> StageFile[Any]:
        """The stages up to ``upto``; the last stage file."""
        read = self.read()
        if upto is Stage.READ:
            return read
        seg = self.segment(read)
        if upto is Stage.SEGMENT:
            return seg
        records = self.extract(read, seg)
        if read.result is not None and records.result is not None:
            self.fragment(read.result, records)
        return records

    def finished(self) -> DocResult | None:
        """The document's result when its fragment is current: nothing of it needs to be read or
        run again, and its format is the one its ``documents`` row holds.

        A no-op build then opens one small index per document instead of parsing its stage
        files; a damaged fragment is still found, and remade from them, by the assembly.
        """
        from pipeline.driver.fragment import current_format, fragment_key  # pyarrow: not for read alone

        fmt = current_format(self.folder, fragment_key(self.keys[Stage.EXTRACT], self.src, self.raw_sha))
        if fmt is None:
            return None
        return DocResult(self.src.doc_id, self.keys[Stage.EXTRACT], self.raw_sha, None, rebuilt=False, format=fmt)

    def fragment(self, read: ReadSummary, records: StageFile[Records]) -> None:
        """Make the document's table fragment (:mod:`pipeline.driver.fragment`) unless it is current.

        A fragment that cannot be made here is made by the assembly, which then reports why.
        """
        from pipeline.driver.fragment import ensure_fragment, fragment_key

        assert records.result is not None
        frag_key = fragment_key(records.cache_key, self.src, self.raw_sha)
        try:
            made = ensure_fragment(self.folder, frag_key, self.src, self.raw_sha, read, records.result)
        except Exception as exc:  # e.g. a warning row that does not fit: the assembly reports it
            logger.debug("%s: fragment left to the assembly (%s)", self.src.rel, exc)
            return
        self.rebuilt = self.rebuilt or made


def _stamp(issue: Issue, doc_id: str) -> Issue:
    """A reader's issue with the document id (readers do not know it)."""
    d = issue.to_dict()
    d["doc_id"] = doc_id
    return Issue.from_dict(d)


@functools.lru_cache(maxsize=LINES_CACHE_SIZE)
def _read_lines(path: str, inode: int, mtime_ns: int, size: int) -> tuple[Line, ...]:
    """The lines of a ``lines.jsonl``, keyed by its identity so a rewritten file is re-read."""
    return tuple(Line.from_dict(d) for d in read_jsonl(Path(path)))


def process_document(settings: StageSettings, src: Source, upto: Stage = Stage.EXTRACT) -> DocResult:
    """Run the stages of one document up to ``upto``, within the per-document time limit.

    Never raises: whatever goes wrong ends as the document's failure (and, unless it is
    transient, in its stage files).
    """
    try:
        raw_sha = sha256_file(src.path)
    except OSError as exc:
        failure = failure_of(src, exc, settings.limits)
        return DocResult(src.doc_id, key("unreadable", src.rel), "", failure, rebuilt=True)
    if src.refusal is not None:  # e.g. a name that collides with another's: never read
        return DocResult(src.doc_id, key("refused", src.refusal.message), raw_sha, Failure(src.refusal), format="text")
    run = DocumentRun(settings, src, raw_sha, upto)
    done = run.finished() if upto is Stage.EXTRACT else None
    if done is not None:
        return done
    from pipeline.read import guess_format

    fmt = str(guess_format(src.path))
    try:
        with time_limit(settings.limits.time_limit_s, src.rel):
            ensure_folder(run.folder)
            last = run.run(upto)
        return DocResult(src.doc_id, _result_key(last), raw_sha, last.failure, run.rebuilt, fmt)
    except Exception as exc:  # raised outside a stage's own guard, e.g. the timer between stages
        failure = failure_of(src, exc, settings.limits)
        return _record_failure(run, failure, upto, raw_sha, fmt)


def finished_result(
    settings: StageSettings, src: Source, digest: Callable[[Path], str] = sha256_file
) -> DocResult | None:
    """The result of a document whose fragment is current (its extraction would run nothing),
    else ``None`` (the document has stages to run, or cannot be read: :func:`process_document`
    says which).  Cheap: the raw file's SHA-256 (from ``digest``, which may remember it:
    :mod:`pipeline.driver.digests`) and one small index."""
    if src.refusal is not None:
        return None
    try:
        raw_sha = digest(src.path)
    except OSError:
        return None
    return DocumentRun(settings, src, raw_sha).finished()


def _record_failure(run: DocumentRun, failure: Failure, upto: Stage, raw_sha: str, fmt: str) -> DocResult:
    """Write the failure into every stage file up to ``upto`` (best effort) and report it."""
    last: StageFile[Any] = StageFile(run.keys[upto], failure=failure)
    for stage in DOCUMENT_STAGES[: DOCUMENT_STAGES.index(upto) + 1]:
        try:
            save_stage_file(run.folder / STAGE_FILES[stage][0], StageFile(run.keys[stage], failure=failure))
        except OSError as exc:
            logger.warning("could not record the failure of %s: %s", run.src.rel, exc)
            failure = Failure(failure.issue, failure.limits, transient=True)
            last = StageFile(run.keys[upto], failure=failure)
            break
    return DocResult(run.src.doc_id, _result_key(last), raw_sha, failure, rebuilt=True, format=fmt)
