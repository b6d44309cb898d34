"""Recognising the three kinds of heading of a plan overview, one line at a time.

* :func:`match_plan_heading` — ``「X地域産業活性化計画」（X）``, with or without markdown
  ``#`` marks, office bullets or brackets, optionally followed by the plan period.  The title
  must end with a known plan-title suffix and the place part must contain a municipality of
  the reference table on Sudachi token boundaries
  (:func:`pipeline.lang.municipalities.find_in_text`) — or the line must have the full form
  「X地域産業活性化計画」（X） with the same X twice, in which case an unknown X still starts
  a plan instead of its lines silently falling into the previous plan.
* :func:`match_period` — ``【計画期間：…】`` and its variants.
* :func:`match_category_heading` — a number ``(n)``/``（ｎ）``/``①``/``n.`` followed by a
  short text, classified by comparing its Sudachi normalised lemmas with those of the known
  headings (``pipeline/data/categories.csv``), so 取組/取り組み or full-width digits still
  classify.  A trailing parenthesised group that improves the match when removed is the
  ``subheading``.

Every function here is pure: a line's text in, its reading out.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from pipeline.lang import municipalities
from pipeline.lang.categories import Category, load_categories
from pipeline.lang.sudachi import lemmas
from pipeline.segment.config import DEFAULT_CAPTION_MAX_CHARS, SegmentConfig

SENTENCE_ENDINGS = ("。", "．", ".")
#: Heading marks in front of a heading: markdown ``#`` or the bullets of office documents.
_MARKDOWN = re.compile(r"^\s*(?:#{1,6}|[■□◆◇●○◎▼▽▲△►▶・])\s*")
_CIRCLED = {chr(0x2460 + i): f"({i + 1})" for i in range(20)}  # ①..⑳
_CIRCLED_TABLE = str.maketrans(_CIRCLED)
#: Distinct category-heading texts whose classification is remembered per process;
#: headings repeat across documents, and the lemma comparison is the segment stage's
#: largest cost.
CLASSIFY_CACHE_SIZE = 4096
_CATEGORY = re.compile(r"^\s*(?:\(\s*(?P<a>\d{1,2})\s*\)|(?P<b>\d{1,2})\s*[.)])\s*(?P<rest>.*)$")
#: 【計画期間：…】 and its variants: （計画期間：…）, 【計画期間】…, 計画期間　…から…まで.
_PERIOD = re.compile(
    r"[【\[(（]?\s*計画期間\s*[】\])）]?\s*[:：]?\s*"
    r"(?P<period>[^【】\[\]()（）]*?(?:\d|元|[一二三四五六七八九十])[^【】\[\]()（）]*?年度?[^【】\[\]()（）]*?)\s*[】\])）]?\s*$"
)
_TRAILING_GROUP = re.compile(r"^(?P<head>.*?)\s*\((?P<sub>[^()]*)\)\s*$")
#: Longest text in which a plan period is looked for.  A period line is a few dozen
#: characters; the period pattern backtracks on a long run of digits without 年, and a
#: regular-expression call cannot be interrupted by the time limit.
PERIOD_MAX_CHARS = 200


def clean_heading(text: str) -> str:
    """Strip markdown marks or a leading bullet and surrounding space, NFKC-normalise, expand ①.

    >>> clean_heading("#### （１）多様な主体"), clean_heading("■「品川区地域産業活性化計画」")
    ('(1)多様な主体', '「品川区地域産業活性化計画」')
    """
    text = _MARKDOWN.sub("", text)
    text = text.translate(_CIRCLED_TABLE)
    return unicodedata.normalize("NFKC", text).strip()


def is_blank(text: str) -> bool:
    return not text.strip()


def is_sentence(text: str, caption_max_chars: int = DEFAULT_CAPTION_MAX_CHARS) -> bool:
    """A line that holds a full stop, or is too long to be a caption.

    A caption is a label; a line with 。 inside it is prose (e.g. the first line of a
    paragraph whose wrapping a PDF reader could not undo), so it goes to the summary.

    >>> is_sentence("デジタル人材育成講座"), is_sentence("支援を行う。"), is_sentence("課題がある。現在の主要課")
    (False, True, True)
    """
    t = text.strip()
    return t.endswith(SENTENCE_ENDINGS) or "。" in t or len(t) > caption_max_chars


@dataclass(frozen=True, slots=True)
class PlanHeading:
    plan_title: str
    municipality_text: str
    rest: str


def match_plan_heading(text: str, config: SegmentConfig) -> PlanHeading | None:
    """Recognise a plan heading; return its parts, or ``None`` for any other line.

    >>> h = match_plan_heading("### 「品川区地域産業活性化計画」（品川区）", SegmentConfig())
    >>> (h.plan_title, h.municipality_text, h.rest)
    ('品川区地域産業活性化計画', '品川区', '')
    >>> match_plan_heading("「SDGs 達成への貢献」を切り口に", SegmentConfig()) is None
    True
    >>> match_plan_heading("「ほげ町地域産業活性化計画」（ほげ町）", SegmentConfig()).municipality_text
    'ほげ町'
    """
    t = clean_heading(text)
    suffix = "|".join(re.escape(unicodedata.normalize("NFKC", s)) for s in config.plan_title_suffixes)
    m = re.match(
        r"^(?P<open>「)?(?P<title>[^「」]{1,40}?(?:" + suffix + r"))(?P<close>」)?\s*"
        r"(?:\((?P<paren>[^()]{1,20})\))?\s*(?P<rest>.*)$",
        t,
    )
    if not m:
        return None
    rest = m["rest"].strip()
    paren = m["paren"]
    if paren and "計画期間" in paren:  # （計画期間：…） right after the title: a period, not a place
        rest, paren = f"({paren}){rest}", None
    if rest and (len(rest) > PERIOD_MAX_CHARS or not _PERIOD.search(rest)):
        return None  # a sentence that starts with a plan title is body text
    title_place = m["title"]
    for s in config.plan_title_suffixes:
        title_place = title_place.removesuffix(unicodedata.normalize("NFKC", s))
    place = (paren or title_place).strip()
    if municipalities.find_in_text(place, config.prefecture) is None and not _full_form(m, title_place):
        # Neither a known place on token boundaries nor the full 「X…計画」（X） form: body text.
        return None
    return PlanHeading(plan_title=m["title"], municipality_text=place, rest=rest)


def _full_form(m: re.Match[str], title_place: str) -> bool:
    """True for the complete heading pattern 「X地域産業活性化計画」（X）: title in 「」 and the
    same place X repeated in the parentheses.  Such a line is a plan heading even when X is
    not in the reference table (it then gets an ``unknown_municipality`` warning)."""
    return bool(
        m["open"] and m["close"] and m["paren"] and title_place.strip() and m["paren"].strip() == title_place.strip()
    )


def match_period(text: str) -> str | None:
    """The period text of a ``【計画期間：…】`` line, or ``None``.

    >>> match_period("【計画期間：令和5年度～令和7年度】")
    '令和5年度～令和7年度'
    """
    if "計画期間" not in text or len(text) > PERIOD_MAX_CHARS:
        return None
    m = _PERIOD.search(clean_heading(text).replace("~", "～"))
    if not m:
        return None
    # Return the published spelling, not the NFKC form.
    raw = _PERIOD.search(text)
    return (raw["period"] if raw else m["period"]).strip()


def _similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@functools.cache
def _category_lemmas() -> tuple[tuple[Category, tuple[str, ...]], ...]:
    return tuple((c, lemmas(clean_heading(c.heading_ja))) for c in load_categories())


@functools.lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def classify_category(rest: str) -> tuple[Category | None, str | None, float]:
    """Classify a category heading text (after its number).

    Returns:
        ``(category, subheading, score)``; ``category`` is the best match whatever
        its score, so the caller decides with its threshold.

    >>> c, sub, score = classify_category("(1)、(2)以外の取組(持続的な産業基盤の整備)")
    >>> (c.category_no, sub, round(score, 2))
    (3, '持続的な産業基盤の整備', 1.0)
    >>> classify_category("多様な主体との連携を図る取り組み")[0].category
    'collaboration'
    """
    variants: list[tuple[str, str | None]] = [(rest, None)]
    m = _TRAILING_GROUP.match(rest)
    if m and m["head"]:
        variants.append((m["head"], m["sub"].strip() or None))
    best: tuple[Category | None, str | None, float] = (None, None, 0.0)
    for text, sub in variants:
        lm = lemmas(text)
        for cat, ref in _category_lemmas():
            score = _similarity(lm, ref)
            if score > best[2] + 1e-9:
                best = (cat, sub, score)
    return best


def match_category_heading(
    text: str, config: SegmentConfig
) -> tuple[int, Category | None, str, str | None, float] | None:
    """Recognise a category heading line.

    Returns:
        ``(number, category, heading_text, subheading, score)`` or ``None``.
    """
    t = clean_heading(text)
    m = _CATEGORY.match(t)
    if not m or len(t) > config.category_heading_max_chars or t.endswith(SENTENCE_ENDINGS):
        return None
    number = int(m["a"] or m["b"])
    rest = m["rest"].strip()
    if not rest:
        return None
    cat, sub, score = classify_category(rest)
    if score < config.category_match_threshold:
        cat, sub = None, None
    heading = rest if sub is None else _TRAILING_GROUP.match(rest)["head"].strip()  # type: ignore[index]
    return number, cat, heading, sub, score
