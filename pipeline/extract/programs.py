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
"""

from __future__ import annotations

import bisect

OPEN = "(（"
CLOSE = ")）"
ITEM_SEPARATORS = "、，"
SENTENCE_MARK = "。"
#: Categories whose body is itself the program list.
LIST_CATEGORIES = frozenset({3})
#: Group contents that annotate the item before them rather than list programs.
ANNOTATIONS = frozenset({"仮称"})


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
