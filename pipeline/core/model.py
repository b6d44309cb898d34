"""Plain data passed between the stages.

The stages talk through files a person can open: ``lines.jsonl`` (one
:class:`Line` a row) from *read*, ``segments.json`` (a :class:`Document`) from
*segment*, ``records.json`` from *extract*.  These dataclasses are their in-memory
form; ``to_dict``/``from_dict`` are their JSON form.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

#: Values :func:`plain` passes through as they are.
_SCALARS = (str, int, float, bool, type(None))


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def plain(value: Any) -> Any:
    """``dataclasses.asdict`` for the stages' data, without its deep copy of every value:
    dataclasses become dicts, lists, tuples and dicts are rebuilt, scalars are shared.

    >>> plain(ReleaseSection("terms", 3, [4, 5]))
    {'kind': 'terms', 'heading_line': 3, 'body_lines': [4, 5]}
    """
    cls = value.__class__
    if cls in _SCALARS:
        return value
    if cls is list:
        return [plain(v) for v in value]
    if cls is dict:
        return {k: plain(v) for k, v in value.items()}
    if cls is tuple:
        return tuple(plain(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return {name: plain(getattr(value, name)) for name in _field_names(cls)}
    raise TypeError(f"{cls.__name__} is not data a stage file can hold")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a source document, with its provenance.

    For text input a line is a physical line of the file.  For PDF input it is a
    logical line in reading order (wrapped lines already re-joined); ``page`` is
    where it starts and the geometry fields say where it stands on the page.

    Attributes:
        line_no: 1-based position in the document's line stream; the key that every
            record's ``source_line`` points to.
        text: the text as published (only line endings removed).
        page: 1-based page number for PDF input, ``None`` for text.
        role: a layout hint from the reader: ``None`` or ``"caption"``.
        drop_reason: set when the reader already knows the line carries no data
            (``page_number``, ``running_header``...); such lines go to the report.
        x0, top, x1, bottom, font_size: PDF geometry in points, else ``None``.
        element: HTML only: the CSS selector path of the element the line was read
            from (``#tmp_contents > h3:nth-of-type(2)``), else ``None``.
    """

    line_no: int
    text: str
    page: int | None = None
    role: str | None = None
    drop_reason: str | None = None
    x0: float | None = None
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
    font_size: float | None = None
    element: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: fields that are set, in declaration order.

        (``dataclasses.asdict`` deep-copies every value; a Line holds only scalars.)

        >>> Line(3, "計画").to_dict()
        {'line_no': 3, 'text': '計画'}
        """
        return {k: v for k in _LINE_FIELDS if (v := getattr(self, k)) is not None}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Line:
        return cls(**{k: v for k, v in d.items() if k in _LINE_FIELD_SET})

    @property
    def location(self) -> str:
        """Human-readable place of the line, e.g. ``page 2, line 31`` or ``line 40 (#main > p)``."""
        where = f"page {self.page}, line {self.line_no}" if self.page else f"line {self.line_no}"
        return f"{where} ({self.element})" if self.element else where


_LINE_FIELDS = tuple(f.name for f in fields(Line))
_LINE_FIELD_SET = frozenset(_LINE_FIELDS)


@dataclass(slots=True)
class Section:
    """A category section of a plan: its heading line and its body lines."""

    category_no: int | None
    heading_line: int
    heading: str
    subheading: str | None = None
    match_score: float = 0.0
    body_lines: list[int] = field(default_factory=list)
    #: the line that holds the subheading when it stands under the heading, not on it
    subheading_line: int | None = None
    #: lines that continue the heading line (a heading wrapped over two lines)
    heading_more_lines: list[int] = field(default_factory=list)


@dataclass(slots=True)
class PlanBlock:
    """Everything segmentation found for one municipality."""

    heading_line: int
    plan_title: str
    municipality_text: str
    municipality_code: str | None
    period_raw: str | None = None
    period_line: int | None = None
    #: lines that continue the period line (a period wrapped over two lines)
    period_more_lines: list[int] = field(default_factory=list)
    summary_lines: list[int] = field(default_factory=list)
    caption_lines: list[int] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass(slots=True)
class ReleaseSection:
    """A section of a press release: its kind, its heading line and its body lines.

    ``kind`` is ``outline`` (…の概要), ``terms`` (補助内容), ``contact`` (問い合わせ先),
    ``attachments`` (別紙) or ``other``.  ``heading_line`` is the line that is only the
    heading: it is dropped (``section_heading``), except in an ``other`` section, whose
    heading stays in its text.  A heading that carries content (【問い合わせ先】産業労働局…,
    別紙) is the first body line instead, with ``heading_line`` ``None``.
    """

    kind: str
    heading_line: int | None
    body_lines: list[int] = field(default_factory=list)


@dataclass(slots=True)
class ReleaseBlock:
    """Everything segmentation found of a press release (報道発表) in a document.

    Attributes:
        header_lines: the 報道発表資料 line with the date and the bureau, and a line holding
            only the date when the layout put it apart.
        subtitle_lines: lines between the header and the title (the round and the scheme).
        title_line: the 「地域産業活性化計画」を承認 title.
        lead_lines: the paragraphs after the title, before the first section.
        sections: the sections that follow, in order.
        other_lines: lines that fit none of these (before the header, for instance).
    """

    header_lines: list[int] = field(default_factory=list)
    subtitle_lines: list[int] = field(default_factory=list)
    title_line: int | None = None
    lead_lines: list[int] = field(default_factory=list)
    sections: list[ReleaseSection] = field(default_factory=list)
    other_lines: list[int] = field(default_factory=list)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReleaseBlock:
        return cls(**{**d, "sections": [ReleaseSection(**s) for s in d["sections"]]})


@dataclass(slots=True)
class Document:
    """The segmented document: title, release, plans, and where every line went."""

    doc_id: str
    title: str | None = None
    title_line: int | None = None
    preamble_lines: list[int] = field(default_factory=list)
    plans: list[PlanBlock] = field(default_factory=list)
    # line_no -> reason, for lines that carry no data (blank, unrecognised...)
    dropped: dict[int, str] = field(default_factory=dict)
    #: the press release the document holds (before its first plan), if any
    release: ReleaseBlock | None = None

    def to_dict(self) -> dict[str, Any]:
        d = plain(self)
        d["dropped"] = {str(k): v for k, v in sorted(self.dropped.items())}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        plans = []
        for p in d["plans"]:
            sections = [Section(**s) for s in p["sections"]]
            plans.append(PlanBlock(**{**p, "sections": sections}))
        return cls(
            doc_id=d["doc_id"],
            title=d["title"],
            title_line=d["title_line"],
            preamble_lines=d["preamble_lines"],
            plans=plans,
            dropped={int(k): v for k, v in d["dropped"].items()},
            release=ReleaseBlock.from_dict(d["release"]) if d.get("release") else None,
        )
