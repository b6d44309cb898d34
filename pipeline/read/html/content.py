"""Find the main content of a page and say, for every node, whether and why it is dropped.

**Chrome.**  Each element's own rule comes from :mod:`pipeline.read.html.chrome`.  A node
inherits the reason of its outermost chrome ancestor (a link list in the footer is
``html_footer``), except that a script, style sheet, template, ``noscript`` or ruby
reading keeps its own (``html_script`` inside the footer): those say what kind of text it
is.

**Main content**, tried in this order:

1. a ``main`` element or ``role="main"`` (the one with the most text) holding at least
   :data:`MIN_LANDMARK_SHARE` of the page's text;
2. a container whose ``id``/``class`` names main content (``contents``, ``main``,
   ``honbun``…, from ``pipeline/data/html_chrome.csv``) holding at least
   :data:`MIN_NAME_SHARE` of the text: of those, the deepest that still holds
   :data:`TIGHT_SHARE` of the largest one's text (``#tmp_contents`` rather than the
   ``#tmp_main`` around it and its enquiry box);
3. text density: from ``body`` down, step into the child element that holds at least
   :data:`DESCEND_SHARE` of its parent's non-link text, while there is one.

"Text" counts the characters of text nodes outside chrome; link text is left out of
the density (menus are links).  Everything outside the main content is dropped with
its chrome reason, or ``html_outside_main``.  The ancestors of the main content are
never chrome (a page wrapped in one ASP.NET ``<form>``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pipeline.read.html.chrome import SECTIONING, main_name_match, own_reason
from pipeline.read.html.dom import TEXT, Dom

logger = logging.getLogger(__name__)

#: Reasons that describe the kind of text rather than the place: they win over an
#: enclosing container's reason.
TEXT_KIND_REASONS = frozenset(
    {"html_script", "html_style", "html_template", "html_noscript", "html_ruby_text", "html_head"}
)
#: Least share of the page's text in a ``main`` landmark for it to be taken.
MIN_LANDMARK_SHARE = 0.2
#: Least share of the page's text in a container named like main content.
MIN_NAME_SHARE = 0.5
#: A deeper named container is preferred while it holds this share of the largest one's text.
TIGHT_SHARE = 0.9
#: Density descent: the child must hold this share of its parent's non-link text.
DESCEND_SHARE = 0.8
OUTSIDE_MAIN = "html_outside_main"
#: Tag whose chrome rule does not count when weighing candidates (a form may wrap a page).
WRAPPER_TAGS = frozenset({"form"})


@dataclass(frozen=True, slots=True)
class Layout:
    """Per node: the reason it is dropped (``None``: it is content), and the main content.

    Attributes:
        reasons: node index -> drop reason or ``None``.
        main: index of the main-content element.
        strategy: how it was found: ``landmark``, ``name``, ``density`` or ``body``.
    """

    reasons: list[str | None]
    main: int
    strategy: str


def _own_reasons(dom: Dom) -> tuple[list[tuple[str, str] | None], list[int]]:
    """Each element's own rule and each node's depth (parents come before children)."""
    n = len(dom.nodes)
    own: list[tuple[str, str] | None] = [None] * n
    depth = [0] * n
    scoped: dict[int, bool] = {}
    for i, node in enumerate(dom.nodes):
        p = node.parent
        depth[i] = depth[p] + 1 if p >= 0 else 0
        if node.tag == TEXT:
            continue
        scoped[i] = p >= 0 and (scoped.get(p, False) or dom.nodes[p].tag in SECTIONING)
        own[i] = own_reason(dom, i, scoped)
    return own, depth


def _inherit(
    dom: Dom, own: list[tuple[str, str] | None], scopes: tuple[str, ...], skip: frozenset[str]
) -> list[str | None]:
    """Effective reason of every node from the rules of the given scopes (see module docstring)."""
    eff: list[str | None] = [None] * len(dom.nodes)
    for i, node in enumerate(dom.nodes):
        parent = eff[node.parent] if node.parent >= 0 else None
        mine = own[i]
        if mine is not None and mine[1] in scopes and node.tag not in skip:
            eff[i] = mine[0] if parent is None or mine[0] in TEXT_KIND_REASONS else parent
        else:
            eff[i] = parent
    return eff


def _weights(dom: Dom, dropped: list[str | None]) -> tuple[list[int], list[int]]:
    """Characters of kept text under each node: all of it, and outside links."""
    n = len(dom.nodes)
    total, nonlink = [0] * n, [0] * n
    in_link = [False] * n
    for i, node in enumerate(dom.nodes):
        in_link[i] = node.tag == "a" or (node.parent >= 0 and in_link[node.parent])
    for i in range(n - 1, -1, -1):
        node = dom.nodes[i]
        if node.tag == TEXT and dropped[i] is None:
            k = len(node.text.strip())
            total[i] += k
            nonlink[i] += 0 if in_link[i] else k
        if node.parent >= 0:
            total[node.parent] += total[i]
            nonlink[node.parent] += nonlink[i]
    return total, nonlink


def find_main(
    dom: Dom, weight: list[int], nonlink: list[int], depth: list[int], chrome: list[str | None]
) -> tuple[int, str]:
    """The main-content element and the strategy that found it (see module docstring)."""
    body = dom.find_first("body")
    root = body if body is not None else 0
    page = max(weight[root], 1)
    elements = [i for i, n in enumerate(dom.nodes) if n.tag != TEXT and chrome[i] is None]
    marks = [i for i in elements if dom.nodes[i].tag == "main" or dom.nodes[i].attr("role").strip().lower() == "main"]
    if marks:
        best = max(marks, key=lambda i: weight[i])
        if weight[best] >= MIN_LANDMARK_SHARE * page:
            return best, "landmark"
    named = [i for i in elements if weight[i] >= MIN_NAME_SHARE * page and main_name_match(dom.nodes[i])]
    if named:
        top = max(weight[i] for i in named)
        tight = [i for i in named if weight[i] >= TIGHT_SHARE * top]
        return max(tight, key=lambda i: (depth[i], -i)), "name"
    current, moved = root, False
    while True:
        kids = [c for c in dom.element_children(current) if chrome[c] is None]
        step = next((c for c in kids if nonlink[c] >= DESCEND_SHARE * nonlink[current] > 0), None)
        if step is None:
            return current, "density" if moved else "body"
        current, moved = step, True


def layout(dom: Dom) -> Layout:
    """Drop reasons of every node and the main content (see module docstring)."""
    own, depth = _own_reasons(dom)
    chrome_weighing = _inherit(dom, own, ("any", "site"), WRAPPER_TAGS)
    weight, nonlink = _weights(dom, chrome_weighing)
    main, strategy = find_main(dom, weight, nonlink, depth, chrome_weighing)
    for a in _ancestors(dom, main):
        own[a] = None
    anywhere = _inherit(dom, own, ("any",), frozenset())
    outside = _inherit(dom, own, ("any", "site"), frozenset())
    inside = [False] * len(dom.nodes)
    for i, node in enumerate(dom.nodes):
        inside[i] = i == main or (node.parent >= 0 and inside[node.parent])
    reasons = [anywhere[i] if inside[i] else (outside[i] or OUTSIDE_MAIN) for i in range(len(dom.nodes))]
    logger.debug("main content: node %d <%s> by %s", main, dom.nodes[main].tag, strategy)
    return Layout(reasons, main, strategy)


def _ancestors(dom: Dom, i: int) -> list[int]:
    out = []
    while i >= 0:
        out.append(i)
        i = dom.nodes[i].parent
    return out
