"""PDF engines compared: bare pdfplumber, and our read stage with pdfplumber and with pdfium.

Run ``.venv/bin/python -m benchmarks.pdf_engines [--pages N] [--repeat R]``.  The corpus is
the one of ``benchmarks/run.py``'s PDF section (synthetic announcements rendered by
``tests/pdfs/render.py``, layouts in turn: single, cid, figures, two columns, running
headers, tables), written to a temporary folder.  Everything runs in this process after a
warm-up read, so the figures are the work per page, without interpreter start-up:

* **bare pdfplumber**: ``page.chars`` of every page (pdfminer's parse, nothing else);
* **bare pdfium**: the characters of every page through the raw ``FPDFText_*`` calls
  (:func:`pipeline.read.pdf.pdfium_chars.page_chars`);
* **read stage, pdfplumber** and **read stage, pdfium**: :func:`pipeline.read.read_document`
  (page data, layout analysis and line joins: the whole PDF stage);
* **pdfium page data**: the pdfium engine's pages without the layout passes after
  (:func:`pipeline.read.pdf.pdfium.load_pages_pdfium`), to show where the time goes.

Figures are pages per second, best of ``--repeat`` runs; the machine is noisy.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.run import pdf_corpus, pdf_status

#: Pages of the default corpus.
DEFAULT_PAGES = 60
#: Runs per figure (the best is kept).
DEFAULT_REPEAT = 3


def bare_pdfplumber(files: list[Path]) -> int:
    """Characters of every page through pdfplumber's ``page.chars``."""
    import pdfplumber

    chars = 0
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                chars += len(page.chars)
                page.close()
    return chars


def bare_pdfium(files: list[Path]) -> int:
    """Characters of every page through pdfium's text page (raw calls)."""
    import pypdfium2  # noqa: F401  (initialises pdfium)
    import pypdfium2.raw as raw

    from pipeline.read.pdf.pdfium_chars import page_chars

    chars = 0
    for path in files:
        doc = raw.FPDF_LoadDocument(str(path).encode(), None)
        try:
            for i in range(raw.FPDF_GetPageCount(doc)):
                page = raw.FPDF_LoadPage(doc, i)
                text = raw.FPDFText_LoadPage(page)
                chars += len(page_chars(raw, text, raw.FPDF_GetPageHeightF(page)))
                raw.FPDFText_ClosePage(text)
                raw.FPDF_ClosePage(page)
        finally:
            raw.FPDF_CloseDocument(doc)
    return chars


def read_stage(engine: str) -> Callable[[list[Path]], int]:
    """Our whole PDF stage with ``engine``; returns the number of lines read."""
    from pipeline.read import read_document

    def run(files: list[Path]) -> int:
        return sum(len(read_document(p, p.name, pdf_engine=engine).lines) for p in files)

    return run


def pdfium_page_data(files: list[Path]) -> int:
    """The pdfium engine's page data (characters to fragments, rules, figures), no later pass."""
    from pipeline.read.pdf import PdfParams
    from pipeline.read.pdf.pdfium import load_pages_pdfium

    params = PdfParams(engine="pdfium")
    return sum(len(load_pages_pdfium(p, p.name, params)[0]) for p in files)


def best_of(fn: Callable[[list[Path]], int], files: list[Path], repeat: int) -> float:
    """The shortest wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(files)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.pdf_engines", description=__doc__.splitlines()[0])
    p.add_argument("--pages", type=int, default=DEFAULT_PAGES, help="pages of the corpus (at least)")
    p.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help="runs per figure; the best is kept")
    args = p.parse_args(argv)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="pdf-engines-") as tmp:
        render_pdf, why = pdf_status(Path(tmp))
        if render_pdf is None:
            print(f"cannot render the corpus: {why}", file=sys.stderr)
            return 1
        folder, n_docs, n_pages = pdf_corpus(render_pdf, Path(tmp), args.pages)
        files = sorted(folder.glob("*.pdf"))
        read_stage("pdfium")(files[:1])  # warm-up: imports, data files
        read_stage("pdfplumber")(files[:1])
        cases = {
            "bare pdfplumber (page.chars)": bare_pdfplumber,
            "bare pdfium (characters)": bare_pdfium,
            "read stage, pdfplumber": read_stage("pdfplumber"),
            "read stage, pdfium": read_stage("pdfium"),
            "pdfium page data (no layout passes)": pdfium_page_data,
        }
        walls = {name: best_of(fn, files, args.repeat) for name, fn in cases.items()}
    print(f"{n_pages} pages in {n_docs} documents, best of {args.repeat}")
    print(f"{'':40} {'s':>7} {'pages/s':>8} {'vs bare pdfplumber':>19}")
    bare = walls["bare pdfplumber (page.chars)"]
    for name, wall in walls.items():
        print(f"{name:40} {wall:7.2f} {n_pages / wall:8.1f} {bare / wall:18.1f}x")
    ratio = walls["read stage, pdfplumber"] / walls["read stage, pdfium"]
    print(f"read stage, pdfium against read stage, pdfplumber: {ratio:.1f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
