"""Program (事業) lists: where they stand in an initiative's text and how they are split.

* categories (1) and (2): the items of the **final parenthesised group** of the
  body, e.g. ``…を実施する（事業承継支援事業、ものづくり・IT商談会）``;
* category (3): the body itself is the list, unless it is a sentence (contains 。)
  ending in a group, in which case the group is used as above.

Items are split on 、 (and ，) at bracket depth 0 only, so a nested （仮称） stays
with its item; ・ never splits.  Unbalanced brackets raise :class:`UnbalancedBrackets`:
the list cannot be read, and the caller warns instead of guessing.  The sentence before a
final group is the list's *context*: what the programs are for, used to classify a name
that says nothing itself (:func:`list_context`).

A body may also list its programs one to a line behind a bullet (``・`` ``○`` ``◆``…) or a
katakana number (``（ア）`` ``イ.``): :func:`bullet_items`.  Each marker opens an item, a line
without one continues the item above (a wrapped name, joined without a space between
Japanese characters), and the lines before the first marker are the context.  In category
(3) such a list is the program list; in categories (1) and (2) it is read only when the body
ends without a （…） group, so bulleted sentences that end in a group keep the rule above.
The marker is layout, not part of the name; the line keeps it in the ``lines`` table.

A category (3) body of several lines none of which holds a 、 between names is a list of one
name a line (an HTML ``<li>`` each, or a text typed so): :func:`line_items`.  A line
continues the one before it, as a wrapped name, when that one leaves a bracket open or it
starts indented or with a character that never starts a line (」）ー…).

A line that opens with a note mark (``※``, ``（注）``) annotates the list: it stays in the
initiative's text and names no program (:func:`is_note`).

A body that says there is no program (該当なし, 特になし, ―: ``pipeline/data/no_program_words.csv``)
lists none, in every category: it is neither a program named 該当なし nor a missing list
(:func:`says_no_program`).
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from pipeline.lang.categories import LIST_CATEGORIES, says_no_program
from pipeline.lang.normalize import join_wrapped

OPEN = "(（"
CLOSE = ")）"
ITEM_SEPARATORS = "、，"
SENTENCE_MARK = "。"
#: Group contents that annotate the item before them rather than list programs.
ANNOTATIONS = frozenset({"仮称"})


#: Marks that open a list item at the start of a line (``※`` is a note, not an item).
LIST_BULLETS = "・･○◯●◆◇■□◎★☆▶►▸▷"
#: A katakana item number, matched on the NFKC form: (ア) ア) ア. ア、 — the next character must not be katakana.
_KANA_NUMBER = re.compile(r"^\s*(?:\([ア-ン]\)|[ア-ン]\s*[).．、](?![ァ-ヴー]))\s*")


#: The phrases that make a whole body say "no program".


class UnbalancedBrackets(ValueError):
    """A program list whose round brackets do not pair up."""


def final_group(text: str) -> tuple[int, str] | None:
    """The start offset and content of the trailing （…） group of ``text``.

    Trailing 。 and spaces are ignored; nested groups stay inside the content.

    >>> final_group("支援を行う（A事業、B（仮称））。")
    (5, 'A事業、B（仮称）')
    >>> final_group("支援を行う") is None
    True

    Raises:
        UnbalancedBrackets: the final ）has no matching （.
    """
    t = text.rstrip().rstrip("。．. ")
    if not t or t[-1] not in CLOSE:
        return None
    depth = 0
    for i in range(len(t) - 1, -1, -1):
        if t[i] in CLOSE:
            depth += 1
        elif t[i] in OPEN:
            depth -= 1
            if depth == 0:
                return i, t[i + 1 : -1]
    raise UnbalancedBrackets(f"the closing bracket at the end of {text[-30:]!r} has no opening bracket")


def split_items(text: str) -> list[str]:
    """Split a program list on 、 at bracket depth 0.

    >>> split_items("SDGs経営導入・産業活性化ネットワーク委員会（仮称）、DX実践ゼミ")
    ['SDGs経営導入・産業活性化ネットワーク委員会（仮称）', 'DX実践ゼミ']

    Raises:
        UnbalancedBrackets: brackets do not pair up.
    """
    items: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth -= 1
            if depth < 0:
                raise UnbalancedBrackets(f"a closing bracket with no opening one in {text!r}")
        if ch in ITEM_SEPARATORS and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    if depth != 0:
        raise UnbalancedBrackets(f"{depth} bracket(s) left open in {text!r}")
    items.append("".join(current))
    return [i.strip() for i in items if i.strip()]


def program_list(body: str, category_no: int) -> list[str]:
    """The published program names of an initiative body (see the module docstring).

    >>> program_list("支援を実施する（A事業、B・C会）", 1)
    ['A事業', 'B・C会']
    >>> program_list("D事業、E事業（仮称）", 3)
    ['D事業', 'E事業（仮称）']
    """
    if category_no in LIST_CATEGORIES and SENTENCE_MARK not in body.rstrip("。 "):
        return split_items(body.rstrip("。 "))
    group = final_group(body)
    if group is None or group[1].strip() in ANNOTATIONS:
        return []
    return split_items(group[1])


def item_marker(text: str) -> int:
    """The length of the list-item marker ``text`` starts with, 0 when it has none.

    >>> [item_marker(t) for t in ("・A事業", "○ B事業", "（ア）C事業", "イ．D事業", "A事業", "アイデア.Lab")]
    [1, 2, 3, 2, 0, 0]
    """
    stripped = text.lstrip(" \u3000\t")
    lead = len(text) - len(stripped)
    if stripped[:1] and stripped[0] in LIST_BULLETS:
        return lead + len(stripped) - len(stripped[1:].lstrip(" \u3000\t"))
    m = _KANA_NUMBER.match(unicodedata.normalize("NFKC", stripped[:6]))
    if m is None:
        return 0
    # NFKC keeps the length of these marks (full-width brackets and stops are one character each)
    return lead + len(m.group(0))


def bullet_items(texts: list[str]) -> tuple[str, list[str]] | None:
    """The context and the items of a body listed behind bullets, or ``None`` when no line has one.

    >>> bullet_items(["次の事業を行う", "・島の特産品（島レモン）の", "　販路拡大事業", "・ガイド育成事業"])
    ('次の事業を行う', ['島の特産品（島レモン）の販路拡大事業', 'ガイド育成事業'])
    >>> bullet_items(["A事業、B事業"]) is None
    True
    """
    first = next((i for i, t in enumerate(texts) if item_marker(t)), None)
    if first is None:
        return None
    items: list[list[str]] = []
    for t in texts[first:]:
        n = item_marker(t)
        if n:
            items.append([t[n:]])
        else:
            items[-1].append(t)
    return join_wrapped(texts[:first]), [j for parts in items if (j := join_wrapped(parts))]


#: Characters that never start a line in Japanese typesetting (JIS X 4051 line-start rules).
NO_LINE_START = "、。，．）」』】〕］｝ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々・：；？！"


def _continues(previous: str, text: str) -> bool:
    """Whether ``text`` is the wrapped end of the name on the line ``previous``."""
    opened = sum(previous.count(c) for c in OPEN) > sum(previous.count(c) for c in CLOSE)
    return opened or text[:1] in " \u3000\t" or text.lstrip()[:1] in NO_LINE_START


def _has_separator(text: str) -> bool:
    """Whether a line holds a list separator outside brackets (a line may open or close one).

    >>> _has_separator("A事業、B事業"), _has_separator("島の特産品（島レモン、"), _has_separator("）の事業")
    (True, False, False)
    """
    depth = 0
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif ch in ITEM_SEPARATORS and depth == 0:
            return True
    return False


def line_items(texts: list[str]) -> list[str] | None:
    """The names of a body listed one a line, or ``None`` when it is not such a list.

    >>> line_items(["商店街活性化事業", "空き店舗対策事業"]), line_items(["A事業、B", "事業"])
    (['商店街活性化事業', '空き店舗対策事業'], None)
    >>> line_items(["島の特産品（島レモン", "）の販路拡大事業", "観光ガイド育成事業"])
    ['島の特産品（島レモン）の販路拡大事業', '観光ガイド育成事業']

    """
    lines = [t for t in texts if t.strip()]
    if len(lines) < 2 or any(_has_separator(t) for t in lines):
        return None
    items: list[list[str]] = []
    for t in lines:
        if items and _continues(items[-1][-1], t):
            items[-1].append(t)
        else:
            items.append([t])
    return [join_wrapped(parts) for parts in items]


#: How a note line starts (NFKC form): ※ (注) 注) 注:.
_NOTE = re.compile(r"^\s*(?:※|\(注\)|注\s*[):])")


def is_note(text: str) -> bool:
    """Whether a body line is a note on the list rather than part of it.

    >>> is_note("※（仮称）は予定の名称"), is_note("（注）詳細は町ホームページ"), is_note("注意喚起事業")
    (True, True, False)
    """
    return bool(_NOTE.match(unicodedata.normalize("NFKC", text)))


def program_list_of_lines(texts: list[str], category_no: int) -> list[str]:
    """The published program names of an initiative body given as its lines.

    >>> program_list_of_lines(["・A事業、B事業", "・C事業"], 3)
    ['A事業', 'B事業', 'C事業']
    >>> program_list_of_lines(["○販路開拓支援補助金", "○デジタル化支援事業"], 2)
    ['販路開拓支援補助金', 'デジタル化支援事業']
    >>> program_list_of_lines(["・連携を進める", "・事業者を支援する（A事業）"], 1)
    ['A事業']

    Raises:
        UnbalancedBrackets: brackets do not pair up.
    """
    texts, body, bullets = _list_form(texts, category_no)
    if says_no_program(body):
        return []
    if bullets is None and category_no in LIST_CATEGORIES and SENTENCE_MARK not in body.rstrip("。 "):
        items = line_items(texts)
        if items is not None:
            return [name for item in items for name in split_items(item)]  # refuses an unbalanced item
    if bullets is None:
        return program_list(body, category_no) if body else []
    return [name for item in bullets[1] for name in program_list(item, min(LIST_CATEGORIES))]


def _list_form(texts: list[str], category_no: int) -> tuple[list[str], str, tuple[str, list[str]] | None]:
    """A body's lines without its notes, the body joined, and its context and bulleted items
    when the bullets make its list (``None``: the final （…） group rule reads it; in categories
    (1) and (2) a body ending in such a group keeps that rule)."""
    texts = [t for t in texts if not is_note(t)]
    body = join_wrapped(texts)
    bullets = bullet_items(texts)
    if bullets is not None and category_no not in LIST_CATEGORIES and final_group(body) is not None:
        bullets = None
    return texts, body, bullets


def list_context_of_lines(texts: list[str], category_no: int) -> str | None:
    """The context of a body given as its lines (see :func:`list_context`, :func:`bullet_items`).

    >>> list_context_of_lines(["次の事業を行う", "・A事業"], 3), list_context_of_lines(["支援する（A事業）"], 1)
    ('次の事業を行う', '支援する')
    """
    _, body, bullets = _list_form(texts, category_no)
    if bullets is None:
        return list_context(body, category_no) if body else None
    return bullets[0] or None


def list_context(body: str, category_no: int) -> str | None:
    """The text of the body before its program list, or ``None`` when the body is the list.

    >>> list_context("DXの推進を支援する（A事業、B事業）", 1)
    'DXの推進を支援する'
    >>> list_context("D事業、E事業", 3) is None
    True

    Raises:
        UnbalancedBrackets: the final ）has no matching （.
    """
    if category_no in LIST_CATEGORIES and SENTENCE_MARK not in body.rstrip("。 "):
        return None
    group = final_group(body)
    if group is None or group[1].strip() in ANNOTATIONS:
        return None
    return body[: group[0]].strip() or None


class SectionText:
    """Finds the body line that holds each program name, in one pass over the section.

    A name is looked for from where the previous one was found (the list runs in order),
    then from the start; its line is the first that holds it whole (a name wrapped over
    two lines is in none, and the caller falls back to the body's last line).  Finding
    tens of thousands of names in a long body stays linear, where searching every line for
    every name grew with their product.

    >>> t = SectionText(["支援する", "（A事業、B事業）"], [7, 8])
    >>> t.line_of("B事業"), t.line_of("A事業"), t.line_of("C事業")
    (8, 8, None)
    """

    def __init__(self, texts: list[str], line_nos: list[int]) -> None:
        self.text = "\n".join(texts)  # a name holds no newline, so a match never spans two lines
        self.starts: list[int] = []
        offset = 0
        for t in texts:
            self.starts.append(offset)
            offset += len(t) + 1
        self.line_nos = line_nos
        self.cursor = 0

    def line_of(self, name: str) -> int | None:
        """The line of the first whole occurrence of ``name`` (see the class docstring), or ``None``."""
        if not name:
            return None
        pos = self.text.find(name, self.cursor)
        if pos < 0:
            pos = self.text.find(name, 0, self.cursor + len(name))
            if pos < 0:
                return None
        else:
            self.cursor = pos + len(name)
        return self.line_nos[bisect.bisect_right(self.starts, pos) - 1]
