"""Recognising the three kinds of heading of a plan overview, one line at a time.

* :func:`match_plan_heading` — ``「X地域産業活性化計画」（X）``, with or without markdown
  ``#`` marks, office bullets or brackets, optionally followed by the plan period.  The title
  must end with a known plan-title suffix (white space inside the title is ignored) and the
  title's place or the bracketed name must contain a municipality of the reference table on
  Sudachi token boundaries (:func:`pipeline.lang.municipalities.find_in_text`) — or the title
  must stand in 「」 (「X地域産業活性化計画」（Y））, in which case an unknown or disagreeing
  name still starts a plan (with a warning) instead of its lines silently falling into the
  previous plan.  Which name the plan takes is
  :func:`pipeline.segment.places.read_place`'s decision.
* :func:`match_period` — ``【計画期間：…】`` and its variants.
* :func:`match_category_heading` — a number in any common form (:mod:`pipeline.segment.markers`:
  ``(1)``, ``（１）``, ``⑴``, ``①``, ``1``, ``1.``, ``1)``, ``【取組１】``, ``第1``, ``取組1``,
  ``(一)``, ``一、``) followed by a short text, classified by comparing its Sudachi
  normalised lemmas with those of the known headings (``pipeline/data/categories.csv``), so
  取組/取り組み or full-width digits still classify.  A trailing parenthesised group that
  improves the match when removed is the ``subheading``.  A weak marker (a bare number…)
  makes a heading only when the text classifies; a line without any number whose whole text
  reads as a heading (score ≥ :data:`UNMARKED_HEADING_SCORE`) is taken as that heading and
  flagged by the segmenter, so a dropped number neither loses a category nor merges it.

Every function here is pure: a line's text in, its reading out.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, replace

from pipeline.lang.categories import Category, load_categories
from pipeline.lang.municipalities import compact
from pipeline.lang.sudachi import lemmas
from pipeline.segment.config import DEFAULT_CAPTION_MAX_CHARS, SegmentConfig
from pipeline.segment.markers import split_marker
from pipeline.segment.places import PlaceReading, read_place

SENTENCE_ENDINGS = ("。", "．", ".")
#: Heading marks in front of a heading: markdown ``#`` or the bullets of office documents
#: (repeated or spaced out: ``# ###``).
_MARKDOWN = re.compile(r"^\s*(?:(?:#{1,6}|[■□◆◇●○◎▼▽▲△►▶・])\s*)+")
_CIRCLED = {chr(0x2460 + i): f"({i + 1})" for i in range(20)}  # ①..⑳
_CIRCLED_TABLE = str.maketrans(_CIRCLED)
#: Lines whose cleaned text (:func:`clean_heading`) is remembered: more than a document's lines.
CLEAN_CACHE_SIZE = 8192
#: Segment settings whose plan-heading pattern is remembered (one per build, as a rule).
PATTERN_CACHE_SIZE = 8
#: Distinct category-heading texts whose classification is remembered per process;
#: headings repeat across documents, and the lemma comparison is the segment stage's
#: largest cost.
CLASSIFY_CACHE_SIZE = 4096
#: Lowest score for a line *without* a number to be taken as a category heading.  A heading's
#: own text scores 1.0 (spaces, 取組/取り組み and full-width forms do not count); the real
#: document's body lines and captions score at most about 0.5, but a caption such as
#: 「多様な主体との連携を図る取組の様子」 scores 0.9, so it stays a caption (and is warned).
UNMARKED_HEADING_SCORE = 0.95
#: 【計画期間：…】 and its variants: （計画期間：…）, 【計画期間】…, 計画期間　…から…まで.
_PERIOD = re.compile(
    r"[【\[(（]?\s*計\s*画\s*期\s*間\s*[】\])）]?\s*[:：]?\s*"
    r"(?P<period>[^【】\[\]()（）]*?(?:\d|元|[一二三四五六七八九十])[^【】\[\]()（）]*?年度?[^【】\[\]()（）]*?"
    r"(?:\s*[(（][^【】\[\]()（）]{1,20}[)）])?)\s*[】\])）]?\s*$"
)
_TRAILING_GROUP = re.compile(r"^(?P<head>.*?)\s*\((?P<sub>[^()]*)\)\s*$")
#: Longest text in which a plan period is looked for.  A period line is a few dozen
#: characters; the period pattern backtracks on a long run of digits without 年, and a
#: regular-expression call cannot be interrupted by the time limit.
PERIOD_MAX_CHARS = 200


@functools.lru_cache(maxsize=CLEAN_CACHE_SIZE)
def clean_heading(text: str) -> str:
    """Strip markdown marks or a leading bullet and surrounding space, NFKC-normalise, expand ①.

    Each line is asked about by several heading tests in turn, so the cleaned text is
    remembered (:data:`CLEAN_CACHE_SIZE`).

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
    """A plan heading's parts.

    Attributes:
        plan_title: the title without its 「」 (NFKC).
        place: the municipality the heading names (:func:`~pipeline.segment.places.read_place`).
        rest: what follows the title and brackets (the period, when on the same line).
    """

    plan_title: str
    place: PlaceReading
    rest: str

    @property
    def municipality_text(self) -> str:
        return self.place.text


#: A plan's running number before its heading (NFKC form): 1. 1) (1) 1、 第1 or 1 and a space.
_PLAN_NUMBER = r"(?:(?:\(\d{1,2}\)|\d{1,2}\s*[.)、]|第\d{1,2}|\d{1,2}(?=\s))\s*)?"


@functools.lru_cache(maxsize=PATTERN_CACHE_SIZE)
def _plan_pattern(config: SegmentConfig) -> re.Pattern[str]:
    """The heading pattern: an optional running number of the plan (``1.``, ``(2)``, ``第3``,
    ``4　``), optional 「, a title (spaces allowed) ending in a suffix, optional 」, optional
    bracketed name, and the rest of the line."""
    suffix = "|".join(r"\s*".join(map(re.escape, compact(s))) for s in config.plan_title_suffixes)
    return re.compile(
        r"^" + _PLAN_NUMBER + r"(?P<open>「)?(?P<title>[^「」]{1,40}?(?:" + suffix + r"))\s*(?P<close>」)?\s*"
        r"(?:\((?P<paren>[^()]{1,20})\))?\s*(?P<rest>.*)$"
    )


@dataclass(frozen=True, slots=True)
class _PlanShape:
    """The parts of a line shaped like a plan heading (its names not yet read)."""

    title: str
    title_place: str
    paren: str | None
    rest: str
    quoted: bool


def _plan_shape(text: str, config: SegmentConfig) -> _PlanShape | None:
    """The parts of a line shaped like a plan heading, whatever its names say."""
    m = _plan_pattern(config).match(clean_heading(text))
    if not m:
        return None
    rest = m["rest"].strip()
    paren = m["paren"]
    if paren and "計画期間" in compact(paren):  # （計画期間：…） right after the title: a period, not a place
        rest, paren = f"({paren}){rest}", None
    if rest and (len(rest) > PERIOD_MAX_CHARS or not _PERIOD.search(rest)):
        return None  # a sentence that starts with a plan title is body text
    title_place = compact(m["title"])
    for s in config.plan_title_suffixes:
        title_place = title_place.removesuffix(compact(s))
    return _PlanShape(m["title"], title_place, paren, rest, bool(m["open"] and m["close"]))


def looks_like_plan_heading(text: str, config: SegmentConfig) -> bool:
    """True for a line shaped like a plan heading (title with its suffix, optional brackets and
    period, nothing else), whether or not its place is known.

    >>> looks_like_plan_heading("品用区地域産業活性化計画", SegmentConfig())
    True
    >>> looks_like_plan_heading("「新しい地域産業活性化計画」を策定する", SegmentConfig())
    False
    """
    return _plan_shape(text, config) is not None


def match_plan_heading(text: str, config: SegmentConfig) -> PlanHeading | None:
    """Recognise a plan heading; return its parts, or ``None`` for any other line.

    A line shaped like a heading is one when the title's place or the bracketed name is a
    municipality of the table, or when the title stands in 「」 (then an unknown or
    disagreeing name is warned by the segmenter instead of the plan silently falling into
    the one before it).

    >>> h = match_plan_heading("### 「品川区地域産業活性化計画」（品川区）", SegmentConfig())
    >>> (h.plan_title, h.municipality_text, h.rest)
    ('品川区地域産業活性化計画', '品川区', '')
    >>> match_plan_heading("「SDGs 達成への貢献」を切り口に", SegmentConfig()) is None
    True
    >>> match_plan_heading("「ほげ町地域産業活性化計画」（ほげ町）", SegmentConfig()).municipality_text
    'ほげ町'
    >>> match_plan_heading("ほげ町地域産業活性化計画（ほげ町）", SegmentConfig()) is None
    True
    >>> h = match_plan_heading("「日野市地域産業活性化計画」（日野区）", SegmentConfig(prefecture="東京都"))
    >>> (h.municipality_text, h.place.mismatch is not None)
    ('日野市', True)
    """
    shape = _plan_shape(text, config)
    if shape is None:
        return None
    place = read_place(shape.title_place, shape.paren, config.prefecture)
    if not place.candidates and not shape.quoted:
        return None  # neither a known place on token boundaries nor a title in 「」: body text
    return PlanHeading(plan_title=shape.title, place=place, rest=shape.rest)


def match_period(text: str) -> str | None:
    """The period text of a ``【計画期間：…】`` line, or ``None``.

    >>> match_period("【計画期間：令和5年度～令和7年度】")
    '令和5年度～令和7年度'
    """
    if len(text) > PERIOD_MAX_CHARS or "計画期間" not in compact(text):
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


@dataclass(frozen=True, slots=True)
class CategoryHeading:
    """A category heading line's reading.

    Attributes:
        number: the published number, or the category's own when the line has none.
        category: the known category the text reads as, or ``None`` below the threshold.
        heading: the heading text after the number, without the subheading.
        subheading: a trailing parenthesised group that is not part of the heading.
        score: the similarity of the text with the category's heading (0–1).
        marker: the number as published (``(1)``, ``【取組1】``…); ``None`` when the line has none.
    """

    number: int
    category: Category | None
    heading: str
    subheading: str | None
    score: float
    marker: str | None


def _reading(number: int, rest: str, marker: str | None, threshold: float) -> CategoryHeading:
    cat, sub, score = classify_category(rest)
    if score < threshold:
        cat, sub = None, None
    heading = rest if sub is None else _TRAILING_GROUP.match(rest)["head"].strip()  # type: ignore[index]
    return CategoryHeading(number, cat, heading, sub, score, marker)


def match_category_heading(text: str, config: SegmentConfig) -> CategoryHeading | None:
    """Recognise a category heading line (see the module docstring).

    Returns:
        Its reading, or ``None`` for any other line.

    >>> [match_category_heading(t, SegmentConfig()).number for t in ("（２）感染症や災害などの発生による"
    ...   "社会経済活動の大きな変化や社会構造の変革への対応に係る取組", "3 (1)、(2)以外の取組", "【取組１】多様な主体との連携を図る取組")]
    [2, 3, 1]
    >>> h = match_category_heading("(1)、(2)以外の取組", SegmentConfig())  # the number dropped
    >>> (h.number, h.marker)
    (3, None)
    >>> match_category_heading("20校を超える大学等が立地する", SegmentConfig()) is None
    True
    """
    t = clean_heading(text)
    if len(t) > config.category_heading_max_chars or t.endswith(SENTENCE_ENDINGS):
        return None
    marker = split_marker(t)
    marked = None
    if marker is not None and marker.rest:
        marked = _reading(marker.number, marker.rest, marker.text, config.category_match_threshold)
        if marked.category is None and not marker.strong:
            marked = None  # a bare number before text that reads as no category: not a heading
    whole = _reading(0, t, None, UNMARKED_HEADING_SCORE)
    if whole.category is None:
        return marked
    unmarked = replace(whole, number=whole.category.category_no)
    if marked is None or (marked.number != unmarked.number and whole.score > marked.score):
        return unmarked  # e.g. "(1)、(2)以外の取組": the (1) belongs to the text of category (3)
    return marked


def reads_like_category(text: str, config: SegmentConfig) -> tuple[Category, float] | None:
    """The category a line that was *not* taken as a heading reads like, if any.

    The text after a marker, or the whole line, scores at least the category threshold;
    sentences and long lines never read like a heading.

    >>> reads_like_category("多様な主体との連携", SegmentConfig())[0].category_no
    1
    >>> reads_like_category("連携事業のイメージ", SegmentConfig()) is None
    True
    """
    t = clean_heading(text)
    if not t or len(t) > config.category_heading_max_chars or is_sentence(t, config.category_heading_max_chars):
        return None
    marker = split_marker(t)
    texts = [t, marker.rest] if marker is not None and marker.rest else [t]
    cat, _, score = max((classify_category(x) for x in texts), key=lambda r: r[2])
    return (cat, score) if cat is not None and score >= config.category_match_threshold else None
