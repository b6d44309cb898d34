"""Parse a page with the HTML5 parser and copy its tree into a flat, parser-independent form.

The parser is `selectolax <https://pypi.org/project/selectolax/>`_'s binding of
`lexbor <https://github.com/lexbor/lexbor>`_, a C implementation of the HTML Standard's
tokenizer and tree construction: broken markup (unclosed ``<p>``, misnested tags, stray
table text, truncated files) becomes the tree a browser builds.  It is the only module
that imports the parser; everything after works on :class:`Dom`, a list of
:class:`Node` s in document order with parent and child indices, built by one iterative
walk (no recursion, so a page nested thousands of levels deep cannot exhaust the stack).
The lexbor tree is released as soon as the copy is made.

Scripting is off when parsing, as in a browser with scripts disabled: ``<noscript>``
content is parsed as markup, so its text can be reported (and dropped) like any other.
``<template>`` content, which is not part of the document tree, is copied under its
``template`` element so that its text is reported too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from pipeline.core.errors import Code, DocumentError

logger = logging.getLogger(__name__)

TEXT = "#text"
#: Node names of the parser for nodes that carry no text (comments, doctype, document).
_SKIPPED = frozenset({"-comment", "!doctype", "-doctype", "-document"})
#: Shared by every text node and attribute-less element, never changed (saves memory on big pages).
_NO_ATTRS: dict[str, str | None] = {}
_NO_CHILDREN: list[int] = []


class HtmlParserMissingError(DocumentError):
    """The HTML parser (the ``html`` extra) is not installed."""

    code: Code = Code.HTML_PARSER_MISSING


@dataclass(slots=True)
class Node:
    """An element or a text node.

    Attributes:
        tag: lower-case element name, or ``#text``.
        parent: index of the parent node, ``-1`` for the root.
        attrs: the element's attributes (``None`` values for attributes without one).
        text: the text of a text node (entities already decoded by the parser).
        children: indices of the child nodes, in order.
    """

    tag: str
    parent: int
    attrs: dict[str, str | None] = field(default_factory=dict)
    text: str = ""
    children: list[int] = field(default_factory=list)

    def attr(self, name: str) -> str:
        """The attribute's value, ``""`` when absent or empty."""
        return self.attrs.get(name) or ""


@dataclass(slots=True)
class Dom:
    """The page as a flat list of nodes; node 0 is the ``html`` element."""

    nodes: list[Node]

    def element_children(self, i: int) -> list[int]:
        return [c for c in self.nodes[i].children if self.nodes[c].tag != TEXT]

    def find_first(self, tag: str) -> int | None:
        return next((i for i, n in enumerate(self.nodes) if n.tag == tag), None)


def _parser() -> Any:
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError as exc:
        raise HtmlParserMissingError(
            "reading HTML needs the HTML parser of the 'html' extra: run `make` (it installs it), "
            "or pip install 'chiiki-sangyo-plans[html]'",
        ) from exc
    return LexborHTMLParser


def parse(text: str) -> Dom:
    """Parse ``text`` as an HTML document and copy the tree.

    Misnested markup gives the browser's tree: the ``b`` left open in the ``p`` is
    reopened after it.

    >>> dom = parse("<p>a<b>b</p>c")
    >>> [(n.tag, n.text) for n in dom.nodes if n.tag in ("p", "b", "#text")]
    [('p', ''), ('#text', 'a'), ('b', ''), ('#text', 'b'), ('b', ''), ('#text', 'c')]

    Raises:
        HtmlParserMissingError: selectolax is not installed.
    """
    tree = _parser()(text)
    root = tree.root
    nodes: list[Node] = []
    if root is None:
        return Dom([Node("html", -1)])
    # (parser node, parent index); children are pushed in reverse to pop in order
    stack: list[tuple[Any, int]] = [(root, -1)]
    while stack:
        node, parent = stack.pop()
        tag = node.tag
        if node.is_text_node:
            _append(nodes, Node(TEXT, parent, _NO_ATTRS, node.text_content or "", _NO_CHILDREN))
            continue
        if tag in _SKIPPED or tag is None:
            continue
        attrs = node.attributes
        index = _append(nodes, Node(tag.lower(), parent, dict(attrs) if attrs else _NO_ATTRS))
        children = _children(node)
        stack.extend((c, index) for c in reversed(children))
    del tree
    return Dom(nodes)


def _append(nodes: list[Node], node: Node) -> int:
    nodes.append(node)
    if node.parent >= 0:
        nodes[node.parent].children.append(len(nodes) - 1)
    return len(nodes) - 1


def _children(node: Any) -> list[Any]:
    out = []
    child = node.child
    while child is not None:
        out.append(child)
        child = child.next
    if node.tag == "template":
        for fragment in node.template_fragments():
            child = fragment.child
            while child is not None:
                out.append(child)
                child = child.next
    return out
