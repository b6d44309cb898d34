"""The real announcement as a list of blocks, the input of every HTML fixture.

The text (raw/000_5eb07730d5f2e640.txt) is cut into blocks by its visible structure:
markdown headings, plan headings, the period line, overview sentences, photo slots (a
run of three or more blank lines inside an overview is where a photo stood, followed by
its caption line if it has one), category headings and their body paragraphs.  The HTML
fixtures render these blocks in different markups, so the reader has to recover the
same line structure from each.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REAL_DOC = ROOT / "tests" / "fixtures" / "corpus" / "000_5eb07730d5f2e640.txt"
#: Text rendering of a real press release of the Tokyo Metropolitan Government (報道発表,
#: 2017-03-06, 産業労働局: 5区市の「地域産業活性化計画」を承認), kept as the model of its page.
PRESS_RELEASE = Path(__file__).resolve().parent / "press_release_2017-03-06.txt"
#: Blank lines in a row that stand for a photo in the text rendering of the page.
PHOTO_GAP = 3
#: Lines up to this length without 。 inside an overview are captions (as in the segmenter).
CAPTION_MAX = 60


@dataclass(frozen=True)
class Block:
    """One block of the announcement.

    ``kind`` is one of ``title``, ``plan`` (heading, ``period`` may be set when the text
    has both on one line), ``period``, ``summary``, ``photo`` (``text`` is the caption or
    empty), ``category``, ``body``, ``space`` (a paragraph holding only a space).
    """

    kind: str
    text: str
    period: str = ""
    marked: bool = False  # the text line carried markdown heading marks


def _plan_line(s: str) -> Block | None:
    if "地域産業活性化計画」（" not in s:
        return None
    marked = s.startswith("### ")
    s = s.removeprefix("### ")
    head, sep, period = s.partition(" 【計画期間")
    return Block("plan", head.strip(), f"【計画期間{period}" if sep else "", marked)


def parse(text: str) -> list[Block]:
    """Cut the announcement text into :class:`Block` s (see the module docstring).

    >>> [b.kind for b in parse("## 【概要】\\n### 「A区地域産業活性化計画」（A区）\\n本文。\\n\\n\\n\\n写真\\n(1)見出し\\n本文")]
    ['title', 'plan', 'summary', 'photo', 'category', 'body']
    """
    blocks: list[Block] = []
    blanks = 0
    in_overview = False
    for raw in text.split("\n"):
        s = raw.rstrip()
        if not s.strip():
            if raw == " ":
                blocks.append(Block("space", ""))
            blanks += 1
            continue
        gap, blanks = blanks, 0
        block = _classify(s, in_overview)
        if in_overview and gap >= PHOTO_GAP and block.kind != "photo":
            blocks.append(Block("photo", ""))  # a photo without caption (東村山市, 国立市)
        blocks.append(block)
        if block.kind == "plan":
            in_overview = True
        elif block.kind == "category":
            in_overview = False
    return blocks


def _classify(s: str, in_overview: bool) -> Block:
    plan = _plan_line(s)
    if s.startswith("## "):
        return Block("title", s[3:], marked=True)
    if plan is not None:
        return plan
    if s.startswith("【計画期間"):
        return Block("period", s)
    if s.lstrip("# ").startswith("("):
        return Block("category", s.lstrip("# "), marked=s.startswith("#"))
    if in_overview and "。" not in s and len(s) <= CAPTION_MAX:
        return Block("photo", s)
    return Block("summary" if in_overview else "body", s)


def real_blocks() -> list[Block]:
    return parse(REAL_DOC.read_text(encoding="utf-8"))


def municipality(plan: Block) -> str:
    """The place in a plan heading: 「X地域産業活性化計画」（X） -> X."""
    return plan.text.rsplit("（", 1)[-1].rstrip("）")
