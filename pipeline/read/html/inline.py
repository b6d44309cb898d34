"""The text of a block: white space as a browser renders it, and lines broken by ``<br>``.

**White space** follows CSS Text Level 3 (https://www.w3.org/TR/css-text-3/#white-space-phase-1
and #line-break-transform): a run of spaces, tabs and line breaks collapses to one space,
and a run holding a line break (a *segment break*: the source was wrapped there)
disappears when the characters on both sides are East Asian wide or full-width — so a
paragraph wrapped in the source between two Japanese characters reads without a space,
as in a browser.  A no-break space (``&nbsp;``) is an ordinary space here; a paragraph
holding only ``&nbsp;`` is a line with one space (a blank line, as the text edition has).

**``<br>``** splits a block into parts.  Two parts are re-joined like a wrapped line
(:func:`pipeline.lang.normalize.join_wrapped`: no space between Japanese characters, one
between Latin words) unless the break is a real line break: the first part ends a
sentence or a bracket (。」）】…), the second starts with an opening bracket, a bullet
or a number in brackets, or an empty part lies between them (``<br><br>``).
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.lang.normalize import join_wrapped

#: HTML's ASCII white space (the no-break space is not white space in HTML).
HTML_WHITESPACE = " \t\n\r\x0c"
_RUN = re.compile(f"[{re.escape(HTML_WHITESPACE)}]+")
#: A part ending in one of these ends its line: the ``<br>`` after it is a real break.
LINE_ENDINGS = "。．.!！?？」』）)】〕］]"
#: A part starting with one of these begins a new line.
LINE_STARTS = "「『（(【〔［[・●○■□◆◇▼▽▲△※＊*•◎"
_NUMBERED = re.compile(r"^\s*(?:[(（]?\s*[0-9０-９]{1,2}\s*[)）.．]|[①-⑳])")


def _wide(ch: str) -> bool:
    """East Asian wide, full-width or half-width, and not Hangul (CSS Text segment-break rule)."""
    if "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f":
        return False
    return unicodedata.east_asian_width(ch) in ("W", "F", "H")


def collapse(text: str) -> str:
    """Collapse white space as CSS does for ``white-space: normal`` (no trimming).

    >>> collapse("区内中小企業の\\n  経営環境"), collapse("SDGs\\n goals"), collapse("a  b\\t c")
    ('区内中小企業の経営環境', 'SDGs goals', 'a b c')
    """

    def repl(m: re.Match[str]) -> str:
        run = m.group(0)
        if "\n" in run or "\r" in run:
            before = text[m.start() - 1] if m.start() > 0 else ""
            after = text[m.end()] if m.end() < len(text) else ""
            if before and after and _wide(before) and _wide(after):
                return ""
        return " "

    return _RUN.sub(repl, text)


def finish(text: str) -> str:
    """Collapsed text with no-break spaces as spaces, trimmed; a line of only ``&nbsp;`` stays one space.

    >>> finish("\\xa0"), finish("  計画\\xa0 "), finish(" \\n ")
    (' ', '計画', '')
    """
    collapsed = collapse(text)
    trimmed = collapsed.strip(HTML_WHITESPACE)
    if not trimmed:
        return ""
    spaced = trimmed.replace("\xa0", " ")
    return spaced.strip(" ") or " "


def hard_break(before: str, after: str) -> bool:
    """Whether a ``<br>`` between two parts is a real line break (see module docstring).

    >>> hard_break("ITスタートアッ", "プ支援事業"), hard_break("「品川区地域産業活性化計画」（品川区）", "【計画期間】")
    (False, True)
    >>> hard_break("補助率:2分の1以内", "(小規模企業支援に特化した事業)")
    True
    """
    b, a = before.rstrip(), after.lstrip()
    if not b or not a:
        return True
    return b[-1] in LINE_ENDINGS or a[0] in LINE_STARTS or bool(_NUMBERED.match(a))


def join_parts(parts: list[str]) -> list[str]:
    """Lines of a block from its ``<br>``-separated parts (each already :func:`finish` ed).

    An empty part (``<br><br>``) separates lines and gives none itself.

    >>> join_parts(["事業環境の変化等をふまえた中小企業におけるDX推進や新事業展", "開・事業転換等に係る支援"])
    ['事業環境の変化等をふまえた中小企業におけるDX推進や新事業展開・事業転換等に係る支援']
    >>> join_parts(["報道発表資料", "", "2017年03月06日"])
    ['報道発表資料', '2017年03月06日']
    """
    lines: list[list[str]] = []
    previous = ""
    for part in parts:
        if not part:
            previous = ""
            continue
        if lines and previous and not hard_break(previous, part):
            lines[-1].append(part)
        else:
            lines.append([part])
        previous = part
    return [join_wrapped(group) if len(group) > 1 else group[0] for group in lines]
