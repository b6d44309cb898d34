"""The vocabulary as Markdown tables (the vocabulary part of ``docs/themes.md``)."""

from __future__ import annotations

from pipeline.lang.themes.vocabulary import KINDS, UNCLASSIFIED, ThemeClass, load_vocabulary

#: Columns of the generated tables.
TABLE_HEADER = (
    "| class | English | 日本語 | keywords | token suffixes | weak keywords | tail keywords | followed by support |"
)
TABLE_RULE = "|---|---|---|---|---|---|---|---|"


def class_row(c: ThemeClass) -> str:
    """One Markdown table row.

    >>> class_row(ThemeClass("theme", "digital", "Digital", "デジタル", ("DX", "IT"), ()))
    '| `digital` | Digital | デジタル | DX、IT | — | — | — | — |'
    """
    cells = ["、".join(words) or "—" for words in (c.keywords, c.suffixes, c.weak_keywords, c.tail_keywords)]
    cells.append(f"`{c.support_as}` (…{'、…'.join(c.support_heads)})" if c.support_as else "—")
    return f"| `{c.name}` | {c.label_en} | {c.label_ja} | {' | '.join(cells)} |"


def markdown_tables(vocabulary: tuple[ThemeClass, ...] | None = None) -> list[str]:
    """The ``## themes`` and ``## instruments`` sections, as lines."""
    vocab = load_vocabulary() if vocabulary is None else vocabulary
    lines: list[str] = []
    for kind in KINDS:
        lines += [f"## {kind}s", "", TABLE_HEADER, TABLE_RULE]
        lines += [class_row(c) for c in vocab if c.kind == kind]
        lines += [f"| `{UNCLASSIFIED}` | no keyword matched | 未分類 | — | — | — | — | — |", ""]
    return lines
