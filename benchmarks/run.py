"""Measure the pipeline end to end and write ``docs/benchmarks.md``.

Every figure comes from running the pipeline's own command line
(``python -m pipeline read|segment|extract|build``) in a child process on a corpus
made by :mod:`benchmarks.corpus`, exactly as ``make`` runs it:

* **wall time** — ``time.perf_counter`` around the child; the best (minimum) of
  ``--repeat`` runs, each on an empty interim folder unless said otherwise;
* **peak memory** — ``ru_maxrss`` of the child from :func:`os.wait4`: the peak
  resident set of the largest single process of its tree (worker processes
  included once reaped), not their sum;
* **start-up** — ``python -m pipeline read`` on an empty folder: interpreter,
  imports and discovery; *per-document* figures subtract it;
* **stages** — ``read``, then ``segment``, then ``extract``, then ``build`` on the
  same interim folder: each command finds the earlier stages cached, so its time is
  its own stage plus start-up and cache checks; ``build`` then only assembles;
* **parallel** — the same fresh build with ``--jobs 1`` and ``--jobs 2``;
* **incremental** — after a full build, one document's text is changed (a line
  appended) and the build re-run; then a build with nothing changed (no-op);
* **targets** — each figure with a target is checked; the run exits 1 and names every
  missed target on stderr.  A figure not measured (``--pdf-engine pdfium`` while the
  command line has no such option) is reported as such and is not a miss;
* **PDF** — when ``tests.pdfs.render`` is importable and :mod:`pipeline.read.pdf` reads
  the rendered files: our read stage (the PDF stage) against bare pdfplumber
  (``page.chars`` of every page, pages closed as read) on the same files in the
  same run, both as child processes including their start-up.

Nothing here shapes the dataset; the corpus and the work folders live under
``--workdir`` (default ``build/bench``, ignored by git).
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from benchmarks.corpus import PDF_LAYOUTS, ROOT, CorpusSpec, generate, write_corpus

logger = logging.getLogger(__name__)

#: Libraries whose versions are reported with the figures.
LIBRARIES = (
    "sudachipy",
    "sudachidict-core",
    "pdfplumber",
    "pdfminer.six",
    "pypdfium2",
    "pyarrow",
    "pandas",
)
#: Document counts of the text scaling table.
QUICK_SIZES = (10, 100, 300)
FULL_SIZES = (10, 100, 1000)
#: Corpus size for the parallel speed-up.
QUICK_PARALLEL_N = 200
FULL_PARALLEL_N = 1000
#: Corpus size for the incremental rebuild (its target is set at the full size).
QUICK_INCREMENTAL_N = 200
FULL_INCREMENTAL_N = 1000
#: Pages×documents of the PDF table.
PDF_PAGE_TARGETS = (10, 50, 200)
#: Seed of the PDF corpus (a different draw from the text corpus).
PDF_SEED = 7
#: Jobs used by ``make`` (Makefile's JOBS) for the incremental table.
MAKE_JOBS = 2
MIB = 1024.0
#: The build's assembly stamp in the interim folder (see pipeline.driver.build).
ASSEMBLE_STAMP = "_assemble.json"
#: Sections of the report, in order (``--only`` picks some).
SECTIONS = ("scaling", "parallel", "incremental", "pdf")

TARGETS = {
    "throughput": 50.0,  # documents/s, one core
    "linearity": 1.2,  # per-document time N_max / N=10
    "speedup": 1.6,  # whole build, jobs 2 / jobs 1
    "stage_speedup": 1.7,  # per-document stages, jobs 2 / jobs 1
    "noop_s": 0.5,
    "one_file_fraction": 0.15,  # at N = FULL_INCREMENTAL_N
    "pdf_speedup": 10.0,  # bare pdfplumber s / our PDF stage s
    "memory_growth": 1.2,  # peak RSS of read/segment/extract, N_max / N=10 ("flat")
}
#: The option that picks the PDF engine, when the command line has it.
PDF_ENGINE_OPTION = "--pdf-engine"
PDFIUM_ENGINE = "pdfium"
#: The line after which docs/benchmarks.md is hand-written: kept as it is on every run.
HAND_WRITTEN_MARKER = "<!-- hand-written below: kept by benchmarks/run.py -->"


@dataclass(frozen=True, slots=True)
class Run:
    """One child process: wall and CPU seconds, peak RSS, exit code, its stderr."""

    wall: float
    cpu: float
    maxrss_mib: float
    returncode: int
    stderr: str


@dataclass(frozen=True, slots=True)
class Settings:
    name: str
    sizes: tuple[int, ...]
    parallel_n: int
    incremental_n: int
    repeat: int
    #: runs per PDF figure (PDF parsing is slow: one run in the quick setting)
    pdf_repeat: int
    workdir: Path
    out: Path
    command: str


@dataclass(slots=True)
class Report:
    sections: list[str] = field(default_factory=list)
    #: (target, measured, wanted, met) — met is None when the figure was not measured
    checks: list[tuple[str, str, str, bool | None]] = field(default_factory=list)

    def add(self, text: str) -> None:
        print(text, flush=True)
        self.sections.append(text)

    def check(self, target: str, measured: str, wanted: str, ok: bool | None) -> None:
        self.checks.append((target, measured, wanted, ok))


def run_child(args: list[str]) -> Run:
    """Run ``args`` from the repository root and measure it (see the module docstring)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / MIB, proc.returncode, text)


def pipeline_cmd(command: str, raw: Path, work: Path, jobs: int, extra: tuple[str, ...] = ()) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pipeline",
        command,
        "--raw",
        str(raw),
        "--interim",
        str(work / "interim"),
        "--output",
        str(work / "output"),
        "--jobs",
        str(jobs),
        *extra,
    ]


def fresh(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.wall)


def fresh_build(
    raw: Path, work: Path, jobs: int, repeat: int, command: str = "build", extra: tuple[str, ...] = ()
) -> Run:
    runs = []
    for _ in range(repeat):
        fresh(work)
        runs.append(run_child(pipeline_cmd(command, raw, work, jobs, extra)))
    return best(runs)


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def machine(load_start: tuple[float, ...]) -> str:
    model = "unknown"
    mem = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / MIB / MIB:.1f} GiB"
    except OSError:
        pass
    libs = []
    for lib in LIBRARIES:
        try:
            libs.append(f"{lib} {metadata.version(lib)}")
        except metadata.PackageNotFoundError:
            libs.append(f"{lib} (not installed)")
    load = " / ".join(f"{x:.2f}" for x in load_start)
    load_end = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return "\n".join(
        [
            f"- CPU: {model}; nproc {usable} (os.cpu_count {os.cpu_count()}); memory {mem}",
            f"- OS: {platform.system()} {platform.release()} {platform.machine()}",
            f"- load average (1/5/15 min) at the start: {load}; at the end: {load_end} — "
            "other work on the machine inflates wall times and hides parallel speed-up",
            f"- Python {platform.python_version()} ({platform.python_implementation()})",
            f"- {', '.join(libs)}",
        ]
    )


def text_corpus(settings: Settings, n: int) -> Path:
    raw = settings.workdir / f"corpus-{n}"
    write_corpus(CorpusSpec(n), raw)
    return raw


def check_ok(run: Run, what: str) -> str:
    if run.returncode != 0:
        logger.warning("%s exited %d: %s", what, run.returncode, run.stderr[-500:])
        return f" (exit {run.returncode})"
    return ""


def bench_scaling(settings: Settings, report: Report, startup: Run) -> None:
    rows, stage_rows = [], []
    per_doc: dict[int, float] = {}
    throughput: dict[int, float] = {}
    stage_rss: dict[int, float] = {}
    for n in settings.sizes:
        raw = text_corpus(settings, n)
        work = settings.workdir / f"work-{n}"
        full = fresh_build(raw, work, 1, settings.repeat)
        noop = run_child(pipeline_cmd("build", raw, work, 1))
        stages = staged_build(raw, work, settings.repeat)
        marginal = max(full.wall - startup.wall, 1e-9) / n
        per_doc[n] = marginal
        throughput[n] = n / full.wall
        stage_rss[n] = max(s.maxrss_mib for s in stages[:3])
        rows.append(
            [
                str(n),
                f"{full.wall:.2f}{check_ok(full, f'build N={n}')}",
                f"{n / full.wall:.1f}",
                f"{1000 * full.wall / n:.1f}",
                f"{1000 * marginal:.1f}",
                f"{full.cpu:.2f}",
                f"{full.maxrss_mib:.0f}",
                f"{noop.wall:.2f}",
            ]
        )
        stage_sum = sum(st.wall for st in stages) - 3 * startup.wall
        stage_rows.append(
            [str(n)] + [_stage_cell(st, startup, n) for st in stages] + [f"{stage_sum:.2f} / {full.wall:.2f}"]
        )
    report.add(
        "## Text documents: scaling, one job\n\n"
        f"Start-up (`python -m pipeline read` on an empty folder): {startup.wall:.2f} s, "
        f"{startup.maxrss_mib:.0f} MiB.  Best of {settings.repeat} fresh builds "
        "(`build --jobs 1`, empty interim folder).\n"
    )
    report.add(
        table(
            [
                "N docs",
                "wall s",
                "docs/s",
                "ms/doc",
                "ms/doc − start-up",
                "CPU s",
                "peak RSS MiB",
                "no-op s",
            ],
            rows,
        )
        + "\n"
    )
    report.add(
        "## Per-stage breakdown, one job\n\nEach cell: wall s of the command (start-up "
        "included), its per-document cost after subtracting start-up, and peak RSS.  "
        "`read`, `segment`, `extract` are the per-document stages (extract includes "
        "normalisation); `build` after them only assembles the tables.  Each stage is the "
        f"best of {settings.repeat} runs, each sequence on an empty interim folder.  The stages "
        "run one by one re-read the earlier stages' files, so their sum is above the full "
        "build's time.\n"
    )
    report.add(
        table(
            [
                "N docs",
                "read",
                "segment",
                "extract / normalise",
                "build (assemble)",
                "sum − 3 start-ups / full build s",
            ],
            stage_rows,
        )
        + "\n"
    )
    n_max = max(settings.sizes)
    best_tp = max(throughput.values())
    report.check(
        "text throughput, one job (docs/s, start-up included, best N)",
        f"{best_tp:.1f}",
        f">= {TARGETS['throughput']:.0f}",
        best_tp >= TARGETS["throughput"],
    )
    if 10 in per_doc:
        ratio = per_doc[n_max] / per_doc[10]
        report.check(
            f"per-document time N={n_max} / N=10 (start-up subtracted)",
            f"{ratio:.2f}",
            f"<= {TARGETS['linearity']}",
            ratio <= TARGETS["linearity"],
        )
        mem = stage_rss[n_max] / stage_rss[10]
        report.check(
            f"peak RSS of the per-document stages, N={n_max} / N=10",
            f"{mem:.2f}",
            f"<= {TARGETS['memory_growth']}",
            mem <= TARGETS["memory_growth"],
        )


def staged_build(raw: Path, work: Path, repeat: int) -> list[Run]:
    """Best time of each stage command run in order on an empty interim folder."""
    runs: list[list[Run]] = [[], [], [], []]
    for _ in range(repeat):
        fresh(work)
        for i, command in enumerate(("read", "segment", "extract", "build")):
            runs[i].append(run_child(pipeline_cmd(command, raw, work, 1)))
    return [best(r) for r in runs]


def _stage_cell(run: Run, startup: Run, n: int) -> str:
    per_doc = max(run.wall - startup.wall, 0) * 1000 / n
    return f"{run.wall:.2f} ({per_doc:.1f} ms/doc, {run.maxrss_mib:.0f} MiB)"


def bench_parallel(settings: Settings, report: Report) -> None:
    n = settings.parallel_n
    raw = text_corpus(settings, n)
    work = settings.workdir / f"work-par-{n}"
    rows, speedups, whole_j1 = [], {}, 0.0
    for command, label in (("build", "whole build"), ("extract", "per-document stages only")):
        j1 = fresh_build(raw, work, 1, settings.repeat, command)
        j2 = fresh_build(raw, work, 2, settings.repeat, command)
        speedups[command] = j1.wall / j2.wall
        whole_j1 = whole_j1 or j1.wall
        rows.append(
            [
                label,
                f"{j1.wall:.2f}",
                f"{j2.wall:.2f}",
                f"{j1.wall / j2.wall:.2f}×",
                f"{j1.cpu:.2f} / {j2.cpu:.2f}",
                f"{j2.cpu / j2.wall:.2f}",
                f"{j1.maxrss_mib:.0f} / {j2.maxrss_mib:.0f}",
            ]
        )
    # the per-document stages are now cached: this build only starts up and assembles
    serial_runs = []
    for _ in range(settings.repeat):
        (work / "interim" / ASSEMBLE_STAMP).unlink(missing_ok=True)  # else the build is a no-op
        serial_runs.append(run_child(pipeline_cmd("build", raw, work, 1)))
    serial = best(serial_runs)
    share = min(serial.wall / whole_j1, 1.0)
    bound = 1 / (share + (1 - share) / 2)
    report.add(
        f"## Parallel speed-up, N = {n} documents\n\nBest of {settings.repeat} fresh runs.  "
        "CPU s is user+system time of the whole process tree; *CPU/wall at --jobs 2* near 2 "
        "means both cores worked throughout, near 1 that the work ran one process at a time "
        "(serial parts, or the other core busy with other work on the machine).\n"
    )
    report.add(
        table(
            [
                "command",
                "--jobs 1 s",
                "--jobs 2 s",
                "speed-up",
                "CPU s (1 / 2)",
                "CPU/wall at --jobs 2",
                "peak RSS MiB (1 / 2)",
            ],
            rows,
        )
        + "\n"
    )
    report.add(
        f"Serial part of the whole build (start-up and assembly, timed as a `build` whose "
        f"stages are cached, as `make` runs it): {serial.wall:.2f} s = {share:.0%} of the one-job "
        f"build.  Counted as serial, Amdahl's law would bound the whole build's speed-up on 2 "
        f"cores at {bound:.2f}×; the assembly is not wholly serial with more than one job "
        f"(`plans.db` is written in a second process beside the CSV and Parquet files), so "
        f"the measured speed-up may pass that figure.\n"
    )
    report.check(
        f"speed-up --jobs 2 over 1, whole build, N={n}",
        f"{speedups['build']:.2f}",
        f">= {TARGETS['speedup']}",
        speedups["build"] >= TARGETS["speedup"],
    )
    report.check(
        f"speed-up --jobs 2 over 1, per-document stages, N={n}",
        f"{speedups['extract']:.2f}",
        f">= {TARGETS['stage_speedup']}",
        speedups["extract"] >= TARGETS["stage_speedup"],
    )


def bench_incremental(settings: Settings, report: Report) -> None:
    n = settings.incremental_n
    raw = text_corpus(settings, n)
    work = settings.workdir / f"work-inc-{n}"
    full = fresh_build(raw, work, MAKE_JOBS, settings.repeat)
    victim = sorted(raw.glob("*.txt"))[n // 2]
    original = victim.read_bytes()
    one_runs = []
    try:
        for _ in range(settings.repeat):
            victim.write_bytes(original + b"\n")
            one_runs.append(run_child(pipeline_cmd("build", raw, work, MAKE_JOBS)))
            victim.write_bytes(original)
            run_child(pipeline_cmd("build", raw, work, MAKE_JOBS))
    finally:
        victim.write_bytes(original)
    one = best(one_runs)
    noop = best([run_child(pipeline_cmd("build", raw, work, MAKE_JOBS)) for _ in range(settings.repeat)])
    stamp = work / "interim" / ASSEMBLE_STAMP
    asm_runs = []
    for _ in range(settings.repeat):
        stamp.unlink(missing_ok=True)
        asm_runs.append(run_child(pipeline_cmd("build", raw, work, MAKE_JOBS)))
    asm = best(asm_runs)
    report.add(f"## Incremental rebuilds, N = {n} documents, --jobs {MAKE_JOBS} (as `make`)\n")
    report.add(
        table(
            ["build", "wall s", "fraction of full", "log"],
            [
                ["full (empty interim)", f"{full.wall:.2f}", "1.00", _log_line(full)],
                [
                    "one document changed",
                    f"{one.wall:.2f}",
                    f"{one.wall / full.wall:.2f}",
                    _log_line(one),
                ],
                [
                    f"assembly only ({ASSEMBLE_STAMP} removed)",
                    f"{asm.wall:.2f}",
                    f"{asm.wall / full.wall:.2f}",
                    _log_line(asm),
                ],
                [
                    "nothing changed (no-op)",
                    f"{noop.wall:.2f}",
                    f"{noop.wall / full.wall:.2f}",
                    _log_line(noop),
                ],
            ],
        )
        + "\n"
    )
    report.add(
        "A changed document re-runs its own stages and remakes its own table fragment; the "
        "other documents' fragments are reused, concatenated and checked across documents, "
        "then the tables are validated and written, and only the files whose bytes changed "
        "replace the old ones.  The writing and validation still cover every row, so a "
        "one-file rebuild costs about the assembly-only build, "
        f"{asm.wall / full.wall:.0%} of the full build here (start-up alone, the no-op, is "
        f"{noop.wall / full.wall:.0%}).\n"
    )
    report.check(
        "no-op rebuild (s)",
        f"{noop.wall:.2f}",
        f"< {TARGETS['noop_s']}",
        noop.wall < TARGETS["noop_s"],
    )
    frac = one.wall / full.wall
    report.check(
        f"one-file rebuild / full build, N={n} (target set at N={FULL_INCREMENTAL_N})",
        f"{frac:.2f}",
        f"<= {TARGETS['one_file_fraction']}",
        frac <= TARGETS["one_file_fraction"],
    )


def _log_line(run: Run) -> str:
    """The documents part of the build's summary line (its first part, before ``; ``)."""
    lines = [ln for ln in run.stderr.splitlines() if ln.startswith("build:")]
    return (lines[-1].split("; ")[0] if lines else "?") + (f"; exit {run.returncode}" if run.returncode else "")


# -- PDF ---------------------------------------------------------------------------


def pdf_status(workdir: Path) -> tuple[object | None, str]:
    """The renderer when the PDF section can run, else ``None`` and the reason."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    try:
        from tests.pdfs.render import render_pdf
    except ImportError as exc:
        return None, f"tests.pdfs.render is not importable ({exc})"
    probe = workdir / "pdf-probe" / "probe.pdf"
    probe.parent.mkdir(parents=True, exist_ok=True)
    try:
        render_pdf(generate(CorpusSpec(1, PDF_SEED))[0].text, probe)
        from pipeline.read import read_document

        result = read_document(probe, probe.name)
    except Exception as exc:  # the reader or renderer is not there yet
        return None, f"pipeline.read.pdf cannot read a rendered PDF yet ({type(exc).__name__}: {exc})"
    if not result.lines:
        return None, "pipeline.read.pdf returned no lines for a rendered PDF"
    return render_pdf, ""


def pdf_corpus(render_pdf, workdir: Path, pages: int) -> tuple[Path, int, int]:
    """Render documents (layouts in turn) until they hold at least ``pages`` pages."""
    import pypdfium2

    out = workdir / f"pdf-{pages}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    docs = generate(CorpusSpec(max(1, pages), PDF_SEED))
    total = n = 0
    rows = ["file,title,publisher,published,url,prefecture,sha256,licence"]
    for i, d in enumerate(docs):
        path = out / d.name.replace(".txt", ".pdf")
        render_pdf(d.text, path, layout=PDF_LAYOUTS[i % len(PDF_LAYOUTS)])
        pdf = pypdfium2.PdfDocument(path)
        total += len(pdf)
        pdf.close()
        rows.append(f"{path.name},benchmark PDF {path.name},benchmarks/corpus.py,,,{d.prefecture},,synthetic")
        n += 1
        if total >= pages:
            break
    (out / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return out, n, total


def bare_pdfplumber(folder: Path) -> int:
    """The floor: open every PDF with pdfplumber and read ``page.chars`` of every page."""
    import pdfplumber

    chars = 0
    for path in sorted(folder.glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                chars += len(page.chars)
                page.close()
    return chars


def accepts_option(command: str, option: str) -> bool:
    """Whether ``python -m pipeline <command> --help`` lists ``option``."""
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", command, "--help"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return proc.returncode == 0 and option in proc.stdout


def pdfium_command() -> str | None:
    """The command that times the pdfium engine: ``read`` when it takes the option, else ``build``;
    ``None`` when the build does not accept :data:`PDF_ENGINE_OPTION` (the engine is not there)."""
    if not accepts_option("build", PDF_ENGINE_OPTION):
        return None
    return "read" if accepts_option("read", PDF_ENGINE_OPTION) else "build"


def _pdf_checks(report: Report, pages: str, default: str, ok: bool | None, pdfium: str, pdfium_ok: bool | None) -> None:
    wanted = f">= {TARGETS['pdf_speedup']:.0f}×"
    report.check(f"PDF stage speed-up over bare pdfplumber, default engine, {pages}", default, wanted, ok)
    report.check(
        f"PDF stage speed-up over bare pdfplumber, {PDF_ENGINE_OPTION} {PDFIUM_ENGINE}, {pages}",
        pdfium,
        wanted,
        pdfium_ok,
    )


def bench_pdf(settings: Settings, report: Report) -> None:
    render_pdf, why = pdf_status(settings.workdir)
    if render_pdf is None:
        report.add(f"## PDF documents\n\nPDF section skipped: {why}.\n")
        _pdf_checks(report, "", "skipped", None, "skipped", None)
        return
    pdfium = pdfium_command()
    rows, pdfium_speedup = [], None
    for pages in PDF_PAGE_TARGETS:
        raw, n_docs, n_pages = pdf_corpus(render_pdf, settings.workdir, pages)
        work = settings.workdir / f"work-pdf-{pages}"
        bare = best(
            [
                run_child([sys.executable, "-m", "benchmarks.run", "--bare-pdfplumber", str(raw)])
                for _ in range(settings.pdf_repeat)
            ]
        )
        ours = fresh_build(raw, work, 1, settings.pdf_repeat, "read")
        full = fresh_build(raw, work, 1, settings.pdf_repeat)
        pdfium_cell = "not measured"
        if pdfium is not None:
            engine = fresh_build(raw, work, 1, settings.pdf_repeat, pdfium, (PDF_ENGINE_OPTION, PDFIUM_ENGINE))
            pdfium_speedup = bare.wall / engine.wall
            pdfium_cell = f"{engine.wall:.2f} ({pdfium}{check_ok(engine, f'pdfium {pages}')})"
        rows.append(
            [
                f"{n_pages} ({n_docs} docs)",
                f"{bare.wall:.2f}",
                f"{ours.wall:.2f}",
                f"{bare.wall / ours.wall:.2f}×",
                pdfium_cell,
                f"{full.wall:.2f}{check_ok(full, f'PDF build {pages}')}",
                f"{n_pages / full.wall:.1f}",
                f"{full.maxrss_mib:.0f}",
            ]
        )
    report.add(
        "## PDF documents, one job\n\nThe read stage is the PDF stage (layout included: "
        "reading order, captions and line joins are not timed apart).  Layouts in turn: "
        + ", ".join(PDF_LAYOUTS)
        + ".  Bare pdfplumber and our read stage both run as child processes (start-up "
        f"included) on the same files in the same run; best of {settings.pdf_repeat}.  The "
        f"`{PDF_ENGINE_OPTION} {PDFIUM_ENGINE}` column is measured only when "
        f"`python -m pipeline build --help` lists {PDF_ENGINE_OPTION}.\n"
    )
    report.add(
        table(
            [
                "pages (docs)",
                "bare pdfplumber s",
                "our PDF stage (read) s",
                "speed-up over bare",
                f"{PDF_ENGINE_OPTION} {PDFIUM_ENGINE} s",
                "full build s",
                "pages/s",
                "peak RSS MiB",
            ],
            rows,
        )
        + "\n"
    )
    # the largest corpus is the representative one: at 10 pages the ratio is mostly
    # the difference in start-up (our imports against pdfplumber's alone)
    speedup = bare.wall / ours.wall
    target = TARGETS["pdf_speedup"]
    _pdf_checks(
        report,
        f"{n_pages} pages",
        f"{speedup:.2f}×",
        speedup >= target,
        "not measured" if pdfium_speedup is None else f"{pdfium_speedup:.2f}×",
        None if pdfium_speedup is None else pdfium_speedup >= target,
    )


# -- driver ------------------------------------------------------------------------


def hand_written(path: Path) -> str:
    """The hand-written part of an existing report: the marker line and everything after it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return HAND_WRITTEN_MARKER + "\n"
    _, marker, rest = text.partition(HAND_WRITTEN_MARKER)
    return marker + rest if marker else HAND_WRITTEN_MARKER + "\n"


def missed_targets(report: Report) -> list[str]:
    """The targets measured and not met, one line each (a target not measured is not missed)."""
    return [
        f"{target}: measured {measured}, wanted {wanted}"
        for target, measured, wanted, ok in report.checks
        if ok is False
    ]


def render_markdown(settings: Settings, report: Report, load_start: tuple[float, ...]) -> str:
    checks = table(
        ["target", "measured", "wanted", "met"],
        [[t, m, w, "not measured" if ok is None else "yes" if ok else "**no**"] for t, m, w, ok in report.checks],
    )
    return (
        "\n".join(
            [
                "# Benchmarks",
                "",
                f"Setting `{settings.name}`, produced by `{settings.command}` (the script is "
                "`benchmarks/run.py`; methods in its docstring).  Figures are wall-clock "
                "seconds on a shared machine: treat differences under about 10% as noise.",
                "",
                "## Machine",
                "",
                machine(load_start),
                "",
                "## Targets",
                "",
                checks,
                "",
                *report.sections,
            ]
        ).rstrip()
        + "\n\n"
        + hand_written(settings.out)
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    p.add_argument("--full", action="store_true", help="the larger setting (N up to 1000)")
    p.add_argument("--repeat", type=int, default=None, help="runs per figure (best is kept)")
    p.add_argument("--workdir", type=Path, default=ROOT / "build" / "bench")
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    p.add_argument("--skip-pdf", action="store_true")
    p.add_argument("--only", action="append", choices=SECTIONS, help="run only this section (repeatable)")
    p.add_argument("--bare-pdfplumber", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.bare_pdfplumber:
        bare_pdfplumber(args.bare_pdfplumber)
        return 0
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    load_start = os.getloadavg()
    settings = Settings(
        name="bench-full" if args.full else "bench",
        sizes=FULL_SIZES if args.full else QUICK_SIZES,
        parallel_n=FULL_PARALLEL_N if args.full else QUICK_PARALLEL_N,
        incremental_n=FULL_INCREMENTAL_N if args.full else QUICK_INCREMENTAL_N,
        repeat=args.repeat or (3 if args.full else 2),
        pdf_repeat=args.repeat or (3 if args.full else 1),
        workdir=args.workdir,
        out=args.out,
        command="make bench-full" if args.full else "make bench",
    )
    settings.workdir.mkdir(parents=True, exist_ok=True)
    report = Report()
    empty = settings.workdir / "empty"
    empty.mkdir(exist_ok=True)
    wanted = set(args.only or SECTIONS)
    if "scaling" in wanted:
        startup = best(
            [
                run_child(pipeline_cmd("read", empty, settings.workdir / "work-empty", 1))
                for _ in range(settings.repeat + 1)
            ]
        )
        bench_scaling(settings, report, startup)
    if "parallel" in wanted:
        bench_parallel(settings, report)
    if "incremental" in wanted:
        bench_incremental(settings, report)
    if "pdf" not in wanted:
        pass
    elif args.skip_pdf:
        report.add("## PDF documents\n\nPDF section skipped: --skip-pdf.\n")
    else:
        bench_pdf(settings, report)
    text = render_markdown(settings, report, load_start)
    settings.out.parent.mkdir(parents=True, exist_ok=True)
    settings.out.write_text(text, encoding="utf-8")
    print("\n".join(text.split("\n## Targets\n", 1)[1].split("\n## ", 1)[0:1]))
    shown = settings.out.relative_to(ROOT) if settings.out.is_relative_to(ROOT) else settings.out
    print(f"written to {shown}")
    missed = missed_targets(report)
    for line in missed:
        print(f"missed target: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
