"""Walk the page once, in document order, and emit its lines.

A *block* element (``p``, ``div``, ``li``, ``td``, ``h3``…) gives one line of the text
it holds directly and through inline elements (``span``, ``a``, ``strong``…); a block
nested in another cuts the outer one's text there, so text never appears twice.
Headings give their text whatever inline markup holds it (no markdown marks are added:
the segmenter recognises plan and category headings by their text).  ``<br>`` splits a
block's text into parts that are re-joined or kept apart by the rules of
:mod:`pipeline.read.html.inline`, except in a heading (``h1``–``h6``), where every ``<br>`` is
a line break: a heading is short and its ``<br>`` sets a subtitle or the municipality
apart, as the text edition's separate lines do; ``<pre>`` keeps its own line breaks.

Every text node ends in exactly one line.  Text that is dropped (chrome, scripts,
outside the main content: :mod:`pipeline.read.html.content`) gives lines with
``drop_reason`` set, in place, so the ``lines`` table accounts for it.  Dropped text
inside a kept block (a ``<script>`` or a ruby reading in a paragraph) becomes its own
dropped line right after the block's line, and does not cut the paragraph.  Script and style text is cut to :data:`MAX_CODE_CHARS`
characters (with the number left out) — it is code, not text of the page.

**Captions** (``role="caption"``): a ``figcaption``; a caption cell of a photo table
(:mod:`pipeline.read.html.tables`); and a short line (at most :data:`CAPTION_MAX_CHARS`
characters, no 。) that comes right after an image — after an ``<img>`` and ``<br>`` in
the same block, or as the block after a block that holds only images.  An image's
``alt`` text becomes a dropped line (``html_alt_text``) where the image stands: it is
kept as provenance and never replaces the visible caption.

The walk is iterative (an explicit stack), so the depth of the page does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.core.model import Line
from pipeline.lang.normalize import join_wrapped
from pipeline.read.html.chrome import phrase_reason
from pipeline.read.html.content import Layout
from pipeline.read.html.dom import TEXT, Dom
from pipeline.read.html.inline import finish, hard_break
from pipeline.read.html.path import Paths
from pipeline.read.html.tables import LABEL_MARK, Tables

#: Elements that start a line of their own (the HTML Standard's block-level rendering,
#: plus elements whose text is dropped as a whole).
BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "listing",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "plaintext",
        "pre",
        "search",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "xmp",
        "title",
        "noscript",
        "select",
        "option",
        "optgroup",
        "textarea",
        "button",
        "iframe",
        "object",
        "video",
        "audio",
        "canvas",
        "svg",
        "math",
    ]
)
#: Elements whose text never shows: inside a block they do not cut its line; their text
#: becomes a dropped line of its own after the block's line.
SIDE_TAGS = frozenset({"script", "style", "template"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: A short line right after an image is its caption up to this many characters.
CAPTION_MAX_CHARS = 80
#: Script and style lines are cut to this many characters.
MAX_CODE_CHARS = 1000
CODE_REASONS = frozenset({"html_script", "html_style"})
ALT_REASON = "html_alt_text"
HEADER_REASON = "html_table_header"
CAPTION = "caption"
#: The children of a table that hold its rows.
ROW_TAGS = frozenset({"thead", "tbody", "tfoot", "tr"})


@dataclass(slots=True)
class _Block:
    element: int
    reason: str | None
    pre: bool = False
    after_image: bool = False
    parts: list[str] = field(default_factory=lambda: [""])
    images: list[bool] = field(default_factory=lambda: [False])
    side: list[tuple[str | None, str]] = field(default_factory=list)
    child_images_only: bool = False


class Walker:
    """Emits the :class:`Line` s of a parsed page (see the module docstring)."""

    def __init__(self, dom: Dom, layout: Layout, tables: Tables) -> None:
        self.dom = dom
        self.layout = layout
        self.tables = tables
        self.paths = Paths(dom)
        self.lines: list[Line] = []
        #: the element each line was read from, in line order
        self.sources: list[int] = []
        self.blocks: list[_Block] = []
        #: per table, the number its first line will have (where warnings about it point)
        self.table_lines: dict[int, int] = {}

    def run(self) -> list[Line]:
        if not self.dom.nodes:
            return []
        self.blocks = [_Block(0, self.layout.reasons[0])]
        stack: list[tuple[int, bool]] = [(0, True)]
        while stack:
            i, entering = stack.pop()
            node = self.dom.nodes[i]
            if node.tag == TEXT:
                self._text(i)
            elif entering:
                if i != 0:
                    self._enter(i)
                stack.append((i, False))
                rows_read = i in self.tables.plans  # the rows of a table of plans give its composed lines
                stack.extend((c, True) for c in reversed(node.children) if not (rows_read and self._is_row(c)))
            elif node.tag in BLOCKS and i != 0:
                if i in self.tables.plans:
                    self._plan_table(i)
                self._leave()
        self._flush(self.blocks[0])
        return self.lines

    # -- events ---------------------------------------------------------------------------
    def _is_row(self, i: int) -> bool:
        return self.dom.nodes[i].tag in ROW_TAGS

    def _plan_table(self, table: int) -> None:
        """Emit the lines of a table of plans (:mod:`pipeline.read.html.plantable`)."""
        self._flush(self.blocks[-1])
        for ln in self.tables.plans[table].lines:
            self._add(ln.text, ln.role, ln.reason, ln.element)

    def _enter(self, i: int) -> None:
        node, top = self.dom.nodes[i], self.blocks[-1]
        if node.tag == "table":
            self.table_lines[i] = len(self.lines) + 1
        if node.tag == "br":
            top.parts.append("")
            top.images.append(False)
        elif node.tag in SIDE_TAGS:
            top.side.append((self.layout.reasons[i], ""))  # a line of its own, even next to another
        elif node.tag == "img":
            alt = finish(node.attr("alt"))
            if alt.strip():
                top.side.append((ALT_REASON, alt))
            top.images[-1] = True
        elif node.tag in BLOCKS:
            self._flush(top)
            reason = self.layout.reasons[i]
            if reason is None and i in self.tables.headers:
                reason = HEADER_REASON
            pre = top.pre or node.tag == "pre"
            self.blocks.append(_Block(i, reason, pre, after_image=top.child_images_only))

    def _text(self, i: int) -> None:
        top = self.blocks[-1]
        reason = self.layout.reasons[i]
        if reason is None and top.reason == HEADER_REASON:
            reason = HEADER_REASON
        text = self.dom.nodes[i].text
        if reason == top.reason:
            top.parts[-1] += text
        elif top.side and top.side[-1][0] == reason:
            top.side[-1] = (reason, top.side[-1][1] + text)
        else:
            top.side.append((reason, text))

    def _leave(self) -> None:
        block = self.blocks.pop()
        had_text, had_images = self._flush(block)
        parent = self.blocks[-1]
        if had_text:
            parent.child_images_only = False
        elif had_images:
            parent.child_images_only = True

    # -- lines ----------------------------------------------------------------------------
    def _flush(self, block: _Block) -> tuple[bool, bool]:
        """Emit the block's pending text as lines; returns (had text, had images)."""
        had_images = any(block.images)
        groups = self._pre_groups(block) if block.pre else self._groups(block)
        for text, after_image in groups:
            self._emit(block, text, after_image)
        for reason, text in block.side:
            self._emit_side(block, reason, text)
        block.parts, block.images, block.side = [""], [False], []
        if groups:
            block.after_image = False
        return bool(groups), had_images

    def _groups(self, block: _Block) -> list[tuple[str, bool]]:
        """Lines of the block's ``<br>`` parts: (text, comes right after an image)."""
        if block.reason in CODE_REASONS:
            code = _code("".join(block.parts))
            return [(code, False)] if code else []
        groups: list[tuple[list[str], bool]] = []
        previous = ""
        after_image = block.after_image
        # dropped text keeps every <br> as a break, and so does a heading: a <br> in a title
        # sets its subtitle apart (平成28年度 産業集積活性化支援事業<br>5区市の「…」を承認しました)
        join = block.reason is None and self.dom.nodes[block.element].tag not in HEADINGS
        for raw, image in zip(block.parts, block.images, strict=True):
            text = finish(raw)
            if not text:
                previous = ""
                after_image = after_image or image
                continue
            if join and groups and previous and not image and not hard_break(previous, text):
                groups[-1][0].append(text)
            else:
                groups.append(([text], after_image))
            previous, after_image = text, image
        return [(join_wrapped(g) if len(g) > 1 else g[0], a) for g, a in groups]

    def _pre_groups(self, block: _Block) -> list[tuple[str, bool]]:
        text = "\n".join(block.parts).replace("\r\n", "\n").replace("\xa0", " ")
        return [(ln.rstrip(), False) for ln in text.strip("\n").split("\n") if ln.strip()]

    def _emit(self, block: _Block, text: str, after_image: bool) -> None:
        element = self.dom.nodes[block.element]
        role = None
        if (
            element.tag == "figcaption"
            or block.element in self.tables.captions
            or (after_image and element.tag not in HEADINGS and len(text) <= CAPTION_MAX_CHARS and "。" not in text)
        ):
            role = CAPTION
        label = self.tables.labels.get(block.element)
        if label and block.reason is None:
            text = f"{label}{LABEL_MARK}{text}"
        reason = block.reason or phrase_reason(text)
        self._add(text, role if reason is None else None, reason, block.element)

    def _emit_side(self, block: _Block, reason: str | None, raw: str) -> None:
        text = _code(raw) if reason in CODE_REASONS else finish(raw)
        if text.strip():
            self._add(text, None, reason, block.element)

    def _add(self, text: str, role: str | None, reason: str | None, element: int) -> None:
        self.sources.append(element)
        self.lines.append(
            Line(
                line_no=len(self.lines) + 1,
                text=text,
                role=role,
                drop_reason=reason,
                element=self.paths.of(element),
            )
        )


def _code(raw: str) -> str:
    """Script or style text on one line, cut to :data:`MAX_CODE_CHARS` characters.

    >>> _code("a  =\\n 1;"), _code("x" * 1005)[-30:]
    ('a = 1;', 'xxx… [1,005 characters in all]')
    """
    if len(raw) <= MAX_CODE_CHARS:
        return finish(raw)
    head = finish(raw[: MAX_CODE_CHARS * 2])[:MAX_CODE_CHARS]
    return f"{head}… [{len(raw):,} characters in all]"
