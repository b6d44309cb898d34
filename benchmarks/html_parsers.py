"""Compare HTML parsers for the HTML reader: speed, memory, broken markup, source positions.

Run it in an environment that has the candidates installed (the project installs only
the chosen one)::

    python -m venv /tmp/hp && /tmp/hp/bin/pip install selectolax lxml html5lib resiliparse
    /tmp/hp/bin/python benchmarks/html_parsers.py [--pages DIR] [--repeat 5]

The pages are the HTML test pages (``tests/html/make_pages.py``: seven site templates of
the real announcement, the 20 MB page, 1,000 nested tables); they are written to
``--pages`` when that folder is empty.  For every parser that imports:

* **time**: the median of ``--repeat`` parses of each page (bytes decoded to ``str``
  beforehand, as the reader does), plus a full walk of the tree that collects its text;
* **memory**: peak RSS of a child process that parses the 20 MB page, minus the peak of
  the same child that only imports the parser;
* **broken markup**: the text nodes of each snippet of :data:`BROKEN`, each with the
  names of its ancestor elements, compared with html5lib's — html5lib is the reference
  implementation of the WHATWG tree-construction algorithm, so agreeing with it means
  building the tree a browser builds;
* **depth**: characters of text recovered from inside 1,000 nested tables and 10,000
  nested ``div`` s (a browser shows all of it);
* **positions**: whether the parser reports where an element starts in the source.

Nothing here shapes the dataset.  The results are in ``docs/html-input.md``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Broken markup: each is parsed alone; the tree a browser builds is html5lib's.
BROKEN = {
    "unclosed p": "<p>a<p>b<div>c</div>d",
    "misnested b/p": "<b>1<p>2</b>3</p>",
    "foster parenting": "<table><tr><td>x</td></tr>stray<p>y</p></table>",
    "implied tbody/tr": "<table><td>a<td>b</table>after",
    "unclosed li": "<ul><li>a<li>b<ul><li>c</ul></ul>",
    "heading in heading": "<h3>x<h4>y</h4>z",
    "p closed by div": "<p>a<div>b</div>c</p>",
    "nested a": '<a href="1">x<a href="2">y</a>z',
    "dl implied": "<dl><dt>a<dd>b<dt>c</dl>",
    "font across table": "<font><table><tr><td>a</font>b</table>c",
    "stray end tags": "</div></span><p>a</br>b</p></td>",
    "script with tags": '<script>if(a<b)document.write("</p>")</script><p>t</p>',
    "unclosed comment": "<p>a</p><!-- c <p>b</p>",
    "truncated attribute": '<p>a</p><p class="x',
    "textarea": "<textarea><p>x</p></textarea><p>y</p>",
    "noscript": "<noscript><p>n</p></noscript><p>m</p>",
    "select": "<select><option>a<option>b</select>c",
}
Parser = Callable[[str], object]
Walker = Callable[[object], list[tuple[str, tuple[str, ...]]]]


def _selectolax() -> tuple[Parser, Walker]:
    from selectolax.lexbor import LexborHTMLParser

    def walk(tree: object) -> list[tuple[str, tuple[str, ...]]]:
        out = []
        for node in tree.root.traverse(include_text=True):  # type: ignore[attr-defined]
            if node.is_text_node and node.text_content.strip():
                anc, p = [], node.parent
                while p is not None and p.tag not in ("-document", "html"):
                    anc.append(p.tag)
                    p = p.parent
                out.append((node.text_content.strip(), tuple(reversed(anc))))
        return out

    return LexborHTMLParser, walk


def _etree_walk(tree: object) -> list[tuple[str, tuple[str, ...]]]:
    """Text nodes of an ElementTree-like tree (lxml, html5lib), iteratively, in order."""
    out: list[tuple[str, tuple[str, ...]]] = []
    stack: list[tuple[object, tuple[str, ...]]] = [(tree, ())]
    while stack:
        item, anc = stack.pop()
        if isinstance(item, str):
            out.append((item, anc))
            continue
        tag = getattr(item, "tag", None)
        if not isinstance(tag, str):  # comment or processing instruction: its tail is the parent's
            continue
        tag = tag.split("}", 1)[-1]
        here = (*anc, tag) if tag != "html" else anc
        seq: list[tuple[object, tuple[str, ...]]] = []
        text = getattr(item, "text", None)
        if text and text.strip():
            seq.append((text.strip(), here))
        for child in item:  # type: ignore[attr-defined]
            seq.append((child, here))
            if child.tail and child.tail.strip():
                seq.append((child.tail.strip(), here))
        stack.extend(reversed(seq))
    return out


def _lxml() -> tuple[Parser, Walker]:
    import lxml.html

    def parse(s: str) -> object:
        return lxml.html.document_fromstring(s or "<html></html>")

    return parse, _etree_walk


def _html5lib() -> tuple[Parser, Walker]:
    import html5lib

    def parse(s: str) -> object:
        return html5lib.parse(s, treebuilder="etree", namespaceHTMLElements=False)

    return parse, _etree_walk


def _resiliparse() -> tuple[Parser, Walker]:
    from resiliparse.parse.html import HTMLTree, NodeType

    def walk(tree: object) -> list[tuple[str, tuple[str, ...]]]:
        out = []
        stack = [tree.document]  # type: ignore[attr-defined]
        while stack:
            node = stack.pop()
            if node.type == NodeType.TEXT and node.text.strip():
                anc, p = [], node.parent
                while p is not None and p.type == NodeType.ELEMENT and p.tag != "html":
                    anc.append(p.tag)
                    p = p.parent
                out.append((node.text.strip(), tuple(reversed(anc))))
            stack.extend(reversed(list(node.child_nodes)))
        return out

    return HTMLTree.parse, walk


CANDIDATES: dict[str, tuple[str, Callable[[], tuple[Parser, Walker]]]] = {
    "selectolax (lexbor)": ("selectolax", _selectolax),
    "lxml.html (libxml2)": ("lxml", _lxml),
    "html5lib": ("html5lib", _html5lib),
    "resiliparse (lexbor)": ("resiliparse", _resiliparse),
}
POSITIONS = {
    "selectolax (lexbor)": "no",
    "lxml.html (libxml2)": "line of each element (`sourceline`)",
    "html5lib": "no (only in its tokenizer)",
    "resiliparse (lexbor)": "no",
}


def _pages(folder: Path) -> dict[str, str]:
    if not any(folder.glob("*.html")):
        sys.path.insert(0, str(ROOT / "tests" / "html"))
        make_pages = importlib.import_module("make_pages")
        folder.mkdir(parents=True, exist_ok=True)
        make_pages.make_good(folder)
        make_pages.make_bad(folder)
    dense = folder / "dense.html"
    if not dense.exists():  # 20 MB of small elements: the memory case
        item = '<li><a href="/list/0001.html">地域産業活性化計画の一覧</a></li>\n'
        dense.write_text("<!DOCTYPE html><html><body><ul>" + item * (20 * 2**20 // len(item.encode())) + "</ul>")
    decoded = {}
    for p in sorted(folder.glob("*.html")):
        data = p.read_bytes()
        for enc in ("utf-8", "cp932", "euc_jp"):
            try:
                decoded[p.stem] = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
    return decoded


def _time(parse: Parser, walk: Walker, text: str, repeat: int) -> tuple[float, int]:
    times = []
    n = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = sum(len(t) for t, _ in walk(parse(text)))
        times.append(time.perf_counter() - t0)
    return statistics.median(times), n


def _memory(name: str, page: Path) -> float:
    """Peak RSS (MiB) of parsing and walking ``page`` in a child, minus that of a child that
    reads the same text and imports the parser without parsing.

    The peak is the child's ``VmHWM`` (Linux): ``ru_maxrss`` would carry over the parent's
    peak into the child across fork and exec.
    """
    code = (
        "import sys;sys.path.insert(0,%r);import html_parsers as h;"
        "p,w=h.CANDIDATES[%r][1]();"
        "t=open(%r,encoding='utf-8').read();"
        "n=len(w(p(t))) if %s else 0;"
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
    )
    peaks = []
    for parse in (False, True):
        src = code % (str(Path(__file__).resolve().parent), name, str(page.resolve()), parse)
        out = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True, check=True)
        peaks.append(int(out.stdout.strip()) / 1024)
    return peaks[1] - peaks[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=Path, default=Path("build/html-pages"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--parsers", nargs="*", help="names of CANDIDATES to run (default: all that import)")
    args = ap.parse_args()
    pages = _pages(args.pages)
    parsers = {}
    for name, (module, make) in CANDIDATES.items():
        if args.parsers and name not in args.parsers:
            continue
        try:
            parsers[name] = make()
            version = importlib.metadata.version(module)
            print(f"- {name}: {module} {version}")
        except ImportError:
            print(f"- {name}: not installed, skipped")
    small = [k for k in pages if k not in ("huge", "nested_tables", "script_only", "dense")]
    print(
        "\n| parser | 7 template pages (ms, median, parse + walk) | 1,000 nested tables (ms) "
        "| 20 MB page / 20 MB of small elements: parse + walk (s), peak RSS (MiB) | broken markup as html5lib | text in 1,000 tables / 10,000 divs | positions |"
    )
    print("|---|---|---|---|---|---|---|")
    ref = parsers.get("html5lib")
    deep_tables = "<table><tr><td>" * 1000 + "深い" + "</td></tr></table>" * 1000
    deep_divs = "<div>" * 10000 + "深い" + "</div>" * 10000
    for name, (parse, walk) in parsers.items():
        small_ms = sum(_time(parse, walk, pages[k], args.repeat)[0] for k in small) * 1000
        huge_s, _ = _time(parse, walk, pages["huge"], max(1, args.repeat // 2))
        nested_ms = _time(parse, walk, pages["nested_tables"], args.repeat)[0] * 1000
        agree = "-"
        if ref is not None:
            ok = sum(walk(parse(s)) == ref[1](ref[0](s)) for s in BROKEN.values())
            agree = f"{ok}/{len(BROKEN)}"
        depth = []
        for deep in (deep_tables, deep_divs):
            try:
                depth.append(str(sum(len(t) for t, _ in walk(parse(deep)))))
            except RecursionError:
                depth.append("RecursionError")
        dense_s, _ = _time(parse, walk, pages["dense"], 1)
        mem = f"{huge_s:.2f}, {_memory(name, args.pages / 'huge.html'):.0f} / {dense_s:.2f}, "
        mem += f"{_memory(name, args.pages / 'dense.html'):.0f}"
        print(
            f"| {name} | {small_ms:.1f} | {nested_ms:.1f} | {mem} | {agree} "
            f"| {' / '.join(depth)} (of 2 / 2) | {POSITIONS[name]} |"
        )
    print(f"\n(peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
