"""A deterministic, seeded generator of announcement-shaped documents for benchmarks.

The corpus is built from *fragments* of the real announcement
(``raw/000_5eb07730d5f2e640.txt``): its title line, each plan's heading style
(markdown ``###`` or plain, period on the heading line or on its own line), overview
paragraphs, photo captions and the three category sections with their program
lists.  A generated document is the title followed by a few plans; each plan mixes
the style, overview, captions and sections of randomly chosen real plans and takes
a new municipality and plan period.

Plan ids (municipality code + start fiscal year) never repeat across the corpus:
each document draws its municipalities, without replacement, from one prefecture's
pool for one start year, so the build never reports ``duplicate_plan_across_documents``.
Only municipalities whose name the pipeline recognises on its own (a place name on
Sudachi token boundaries, unique in its prefecture) are used, so every generated
heading is a heading for the pipeline too.

The same ``CorpusSpec`` (seed included) always gives byte-identical files.  The
generator lives outside ``pipeline/``: it shapes test input, never the dataset.
"""

from __future__ import annotations

import csv
import functools
import logging
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
#: The real announcement whose fragments make up the corpus.
REAL_DOCUMENT = ROOT / "raw" / "000_5eb07730d5f2e640.txt"
MUNICIPALITIES_CSV = ROOT / "pipeline" / "data" / "municipalities.csv"
PLAN_TITLE_SUFFIX = "地域産業活性化計画"
#: Start fiscal years drawn for plans, as 令和 years (元年 = 2019).
REIWA_START_YEARS = tuple(range(1, 10))
REIWA_OFFSET = 2018
#: Plan lengths in years beyond the start year (the real plans run three years).
PERIOD_EXTRA_YEARS = (2, 2, 2, 1, 3, 4)
#: Blank lines the real document puts around photo captions.
CAPTION_GAP = 3
#: The corpus seed unless told otherwise.
DEFAULT_SEED = 20240401
#: File layouts of the PDF renderer the PDF corpus cycles through.
PDF_LAYOUTS = ("single", "cid", "figures", "two_column", "headers", "table")

_HEADING = re.compile(r"^(?P<md>#+\s*)?「[^「」]+" + PLAN_TITLE_SUFFIX + r"」")
_CATEGORY = re.compile(r"^(?:#+\s*)?[(（]\s*(?P<no>\d)\s*[)）]")


@dataclass(frozen=True, slots=True)
class PlanFragment:
    """The reusable parts of one plan of the real document."""

    markdown: bool
    period_inline: bool
    summary: str
    captions: tuple[str, ...]
    #: category number -> (heading line as published, body lines as published)
    sections: tuple[tuple[int, str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class Fragments:
    title: str
    plans: tuple[PlanFragment, ...]


@dataclass(frozen=True, slots=True)
class CorpusSpec:
    """What to generate.

    Attributes:
        n_docs: number of documents.
        seed: the random seed; the same spec gives the same bytes.
        plans_per_doc: inclusive range of plans per document (the real one has 6).
    """

    n_docs: int
    seed: int = DEFAULT_SEED
    plans_per_doc: tuple[int, int] = (5, 7)


@dataclass(slots=True)
class GeneratedDocument:
    name: str
    prefecture: str
    text: str
    plan_ids: list[str] = field(default_factory=list)


def parse_fragments(text: str) -> Fragments:
    """Cut the real announcement into title and per-plan fragments.

    Args:
        text: the announcement as published.

    Returns:
        The fragments, in document order.

    >>> f = parse_fragments(REAL_DOCUMENT.read_text(encoding="utf-8"))
    >>> len(f.plans), f.plans[0].markdown, f.plans[2].period_inline
    (6, True, True)
    >>> [no for no, _, _ in f.plans[0].sections]
    [1, 2, 3]
    """
    lines = text.split("\n")
    title = next(ln for ln in lines if ln.strip())
    starts = [i for i, ln in enumerate(lines) if _HEADING.match(ln.strip())]
    plans = []
    for k, start in enumerate(starts):
        block = lines[start : starts[k + 1] if k + 1 < len(starts) else len(lines)]
        heading = block[0].strip()
        summary, captions, sections = "", [], []
        current: list[str] | None = None
        for ln in block[1:]:
            m = _CATEGORY.match(ln.strip())
            if m:
                current = []
                sections.append((int(m["no"]), ln.strip(), current))
            elif current is not None:
                current.append(ln)
            elif not ln.strip() or "計画期間" in ln:
                continue
            elif ln.strip().endswith("。"):
                summary = ln.strip()
            else:
                captions.append(ln.strip())
        plans.append(
            PlanFragment(
                markdown=heading.startswith("#"),
                period_inline="計画期間" in heading,
                summary=summary,
                captions=tuple(captions),
                sections=tuple((no, h, tuple(_trim_blank(body))) for no, h, body in sections),
            )
        )
    return Fragments(title=title, plans=tuple(plans))


def _trim_blank(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    while lines and not lines[0]:
        lines = lines[1:]
    return lines


@functools.cache
def real_fragments() -> Fragments:
    return parse_fragments(REAL_DOCUMENT.read_text(encoding="utf-8"))


@functools.cache
def municipality_pool() -> dict[str, tuple[tuple[str, str], ...]]:
    """Recognisable municipalities by prefecture: ``{prefecture: ((code, name), ...)}``.

    A municipality is kept when the pipeline's own look-up finds exactly it in its
    name with the prefecture as tie-breaker (see :func:`pipeline.lang.municipalities.find_in_text`).
    """
    from pipeline.lang.municipalities import find_in_text

    with MUNICIPALITIES_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    pool: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        found = find_in_text(r["name"], r["prefecture"])
        if found and found[0] == r["name"] and [m.code for m in found[1]] == [r["code"]]:
            pool.setdefault(r["prefecture"], []).append((r["code"], r["name"]))
    return {p: tuple(v) for p, v in sorted(pool.items())}


def era_year(fy: int) -> str:
    """The 令和 spelling of a fiscal year.

    >>> era_year(2019), era_year(2023)
    ('令和元年度', '令和5年度')
    """
    n = fy - REIWA_OFFSET
    return f"令和{'元' if n == 1 else n}年度"


def render_plan(
    frag_style: PlanFragment,
    summary: str,
    captions: tuple[str, ...],
    sections: list[tuple[int, str, tuple[str, ...]]],
    name: str,
    start: int,
    end: int,
) -> list[str]:
    """The lines of one plan in the announcement's format.

    >>> f = real_fragments().plans[0]
    >>> render_plan(f, "概要。", (), [], "札幌市", 2019, 2021)[:3]
    ['### 「札幌市地域産業活性化計画」（札幌市）', '', '【計画期間：令和元年度～令和3年度】']
    """
    period = f"【計画期間：{era_year(start)}～{era_year(end)}】"
    heading = f"「{name}{PLAN_TITLE_SUFFIX}」（{name}）"
    if frag_style.markdown:
        heading = "### " + heading
    out = [heading + (" " + period if frag_style.period_inline else ""), ""]
    if not frag_style.period_inline:
        out += [period, ""]
    out += [summary, *[""] * CAPTION_GAP]
    for c in captions:
        out += [c, *[""] * CAPTION_GAP]
    for _, head, body in sections:
        out += [head, "", *body, ""]
    return out


def generate(spec: CorpusSpec) -> list[GeneratedDocument]:
    """Generate the corpus in memory (see the module docstring).

    Raises:
        ValueError: more plans requested than distinct (municipality, start year) pairs.
    """
    rng = random.Random(spec.seed)
    frags = real_fragments()
    pool = municipality_pool()
    free = {(p, y): list(v) for p in pool for y in REIWA_START_YEARS for v in [pool[p]]}
    for key in sorted(free):
        rng.shuffle(free[key])
    docs = []
    for i in range(spec.n_docs):
        want = rng.randint(*spec.plans_per_doc)
        # pools that still hold a full document, else any pool left
        open_keys = sorted(k for k, v in free.items() if len(v) >= want)
        open_keys = open_keys or sorted(k for k, v in free.items() if v)
        if not open_keys:
            raise ValueError(f"corpus too large: every (municipality, start year) pair is used by document {i}")
        pref, year = rng.choice(open_keys)
        picked = [free[(pref, year)].pop() for _ in range(min(want, len(free[(pref, year)])))]
        start = REIWA_OFFSET + year
        lines = ["", "", frags.title, ""]
        plan_ids = []
        for code, name in picked:
            style, summ, capt = (
                rng.choice(frags.plans),
                rng.choice(frags.plans),
                rng.choice(frags.plans),
            )
            sections = []
            for no in (1, 2, 3):
                src = rng.choice([p for p in frags.plans if any(s[0] == no for s in p.sections)])
                sections.append(next(s for s in src.sections if s[0] == no))
            end = start + rng.choice(PERIOD_EXTRA_YEARS)
            lines += render_plan(style, summ.summary, capt.captions, sections, name, start, end)
            plan_ids.append(f"{code}-{start}")
        docs.append(GeneratedDocument(f"doc_{i:05d}.txt", pref, "\n".join(lines).rstrip("\n") + "\n", plan_ids))
    return docs


def write_corpus(spec: CorpusSpec, out_dir: Path) -> list[GeneratedDocument]:
    """Write the corpus as text files plus a ``sources.csv`` manifest naming each prefecture.

    Files already holding the same bytes are left untouched (so their mtimes stay).
    """
    docs = generate(spec)
    out_dir.mkdir(parents=True, exist_ok=True)
    for d in docs:
        _write_if_changed(out_dir / d.name, d.text.encode("utf-8"))
    rows = ["file,title,publisher,published,url,prefecture,sha256,licence"]
    rows += [f"{d.name},benchmark document {d.name},benchmarks/corpus.py,,,{d.prefecture},,synthetic" for d in docs]
    _write_if_changed(out_dir / "sources.csv", ("\n".join(rows) + "\n").encode("utf-8"))
    return docs


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n")[0])
    p.add_argument("out", type=Path, help="folder to write the documents into")
    p.add_argument("-n", "--docs", type=int, default=10)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = p.parse_args(argv)
    docs = write_corpus(CorpusSpec(args.docs, args.seed), args.out)
    print(f"{len(docs)} documents, {sum(len(d.plan_ids) for d in docs)} plans written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
