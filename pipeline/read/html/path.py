"""Where a line came from: a CSS selector path to its element.

Each line of an HTML page carries the path of the element it was read from, e.g.
``#tmp_contents > h3:nth-of-type(2)``, in the ``lines`` table's ``element`` column:
``document.querySelector(path)`` in the browser's console finds it.  The path starts
at the nearest ancestor with an ``id`` (an id that is a plain CSS identifier), else at
``html``; ``:nth-of-type(k)`` is left out where the element is the only one of its
kind among its siblings.  A path longer than :data:`MAX_PATH_STEPS` steps (a table
nested a thousand times) keeps its start and its last steps, with the number of levels
left out in between: ``#x > … 3996 levels … > td > p``.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.read.html.dom import TEXT, Dom

#: Most steps shown after the anchor of a path.
MAX_PATH_STEPS = 16
_IDENT = re.compile(r"^-?[A-Za-z_][A-Za-z0-9_-]*$")


class Paths:
    """Selector paths of a page's elements, computed on demand.

    >>> from pipeline.read.html.dom import parse
    >>> dom = parse('<div id="c"><p>a</p><p>b<span>x</span></p></div>')
    >>> paths = Paths(dom)
    >>> [paths.of(i) for i, n in enumerate(dom.nodes) if n.tag in ("p", "span")]
    ['#c > p:nth-of-type(1)', '#c > p:nth-of-type(2)', '#c > p:nth-of-type(2) > span']
    """

    def __init__(self, dom: Dom) -> None:
        self.dom = dom
        n = len(dom.nodes)
        self.step: list[str] = [""] * n
        #: nearest ancestor-or-self with a usable id (-1: none), and depth from the root
        self.anchor: list[int] = [-1] * n
        self.depth: list[int] = [0] * n
        for i, node in enumerate(dom.nodes):
            if node.tag == TEXT:
                continue
            p = node.parent
            self.depth[i] = self.depth[p] + 1 if p >= 0 else 0
            ident = node.attr("id").strip()
            self.anchor[i] = i if ident and _IDENT.match(ident) else (self.anchor[p] if p >= 0 else -1)
            kids = dom.element_children(i)
            totals = Counter(dom.nodes[c].tag for c in kids)
            seen: Counter[str] = Counter()
            for c in kids:
                tag = dom.nodes[c].tag
                seen[tag] += 1
                self.step[c] = tag if totals[tag] == 1 else f"{tag}:nth-of-type({seen[tag]})"
        if n:
            self.step[0] = dom.nodes[0].tag

    def of(self, i: int) -> str:
        """The selector path of element ``i``."""
        anchor = self.anchor[i]
        start = f"#{self.dom.nodes[anchor].attr('id').strip()}" if anchor >= 0 else self.step[0] or "html"
        top = anchor if anchor >= 0 else 0
        steps: list[str] = []
        while i != top and len(steps) < MAX_PATH_STEPS:
            steps.append(self.step[i])
            i = self.dom.nodes[i].parent
        skipped = self.depth[i] - self.depth[top]
        middle = [f"… {skipped} levels …"] if skipped else []
        return " > ".join([start, *middle, *reversed(steps)])
