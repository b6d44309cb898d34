"""The values of a press release, read from the texts of its parts (pure functions).

Each function takes the text of one part of the release, as the segment stage delimited
it (:mod:`pipeline.segment.release`), and returns the value it states, or ``None``: a value
a release does not state is never guessed.

* :func:`publisher_of` — the header minus its label and its date: 産業労働局;
* :func:`round_of` — a fiscal year, with a half-year suffix or 第N回 when printed
  (平成28年度, 令和6年度後期), from the subtitle or the title;
* :func:`title_count` — the count of a title (5区市 → 5);
* :func:`plan_years` — the plans' first fiscal year and number of years from the lead:
  ``平成29年度から3年間`` (first year and years), ``令和7年度から令和9年度まで`` (first
  and last), or a year in a sentence that says the plans start (開始);
* :func:`term_of` — one line of the terms (補助内容): which term it states (``cap``,
  ``rate``, ``period``) and the published value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.lang import releases
from pipeline.lang.periods import FISCAL_YEAR, YEAR_COUNT, PeriodError, fiscal_years_in, kanji_number, parse_period

SENTENCE_END = "。"
#: A round printed after its fiscal year: 第2回, 第1期 (the half-year suffixes are data).
_ORDINAL_ROUND = re.compile(r"\s*第\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[回期次]")
#: From a year: …年度から3年間 (only spaces and の between).
_FROM_YEARS = re.compile(r"\s*から\s*(?:の\s*)?" + YEAR_COUNT.pattern)
#: Between the two years of a range: から, ～.
_RANGE_JOIN = re.compile(r"\s*(?:から|[～〜~\-－―])\s*")
#: The second year of a range, with or without its era.
_RANGE_END = re.compile(
    r"(?:" + FISCAL_YEAR.pattern.replace("?P<", "?P<end_") + r"|(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*年度)"
)
#: The term kinds and the phrase kind of their keys in release_phrases.csv.
TERM_KINDS = {"cap": "term_cap", "rate": "term_rate", "period": "term_period"}
#: Marks of a bullet item in front of a term (• 補助金:…), full-width ones included.
BULLETS = "•●○◦‣-*・･ \u3000"


def publisher_of(header: str, date_raw: str | None) -> str | None:
    """The bureau named in the header: what is left without the label and the date.

    >>> publisher_of("報道発表資料  2017年03月06日  産業労働局", "2017年03月06日")
    '産業労働局'
    >>> publisher_of("報道発表資料", None) is None
    True
    """
    text = unicodedata.normalize("NFKC", header)
    if date_raw:
        text = text.replace(unicodedata.normalize("NFKC", date_raw), " ")
    for label in sorted(releases.phrases("header"), key=len, reverse=True):
        if label in text:
            text = text.replace(label, " ", 1)
            break
    rest = " ".join(text.split())
    return rest or None


def round_of(text: str) -> str | None:
    """The approval round as printed: a fiscal year and its half-year or ordinal suffix.

    >>> round_of("平成28年度 産業集積活性化支援事業"), round_of("令和6年度後期 地域産業成長支援事業")
    ('平成28年度', '令和6年度後期')
    >>> round_of("令和7年度 第2回"), round_of("5区市の計画を承認") is None
    ('令和7年度 第2回', True)
    """
    m = FISCAL_YEAR.search(text)
    if m is None:
        return None
    end = m.end()
    rest = text[end:]
    suffix = re.match(r"\s*(?:" + releases.alternation("round_suffix") + ")", unicodedata.normalize("NFKC", rest))
    ordinal = _ORDINAL_ROUND.match(rest)
    if suffix:
        end += suffix.end()
    elif ordinal:
        end += ordinal.end()
    return text[m.start() : end]


def title_count(text: str) -> int | None:
    """The number of municipalities a title announces: 5区市 → 5, 七自治体 → 7.

    >>> title_count("5区市の「地域産業活性化計画」を承認しました"), title_count("令和6年度後期")
    (5, None)
    """
    t = unicodedata.normalize("NFKC", text)
    m = re.search(r"(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:" + releases.alternation("count_unit") + ")", t)
    if m is None:
        return None
    return int(m[1]) if m[1].isdigit() else kanji_number(m[1])


@dataclass(frozen=True, slots=True)
class PlanYears:
    """What the lead says of the plans' years.

    Attributes:
        start_fy: the first fiscal year.
        end_fy: the last one, when stated as a range.
        years: the number of years, when stated (…から3年間) or given by a range.
    """

    start_fy: int | None = None
    end_fy: int | None = None
    years: int | None = None


def _years_in_sentence(sentence: str) -> PlanYears | None:
    found = fiscal_years_in(sentence)
    for fy in found:
        span = _FROM_YEARS.match(sentence, fy.end)
        if span:
            n = span["n"]
            return PlanYears(fy.fy, None, int(n) if n.isdigit() else kanji_number(n))
        join = _RANGE_JOIN.match(sentence, fy.end)
        end = _RANGE_END.match(sentence, join.end()) if join else None
        if end is not None:  # …年度から…年度まで; the end may omit the era (令和7年度～9年度)
            try:
                period = parse_period(sentence[fy.start : end.end()])
            except PeriodError:
                period = None
            if period is not None:
                return PlanYears(period.start_fy, period.end_fy, period.end_fy - period.start_fy + 1)
    if len(found) == 1 and any(cue in sentence for cue in releases.phrases("start_cue")):
        return PlanYears(found[0].fy)
    return None


def plan_years(lead: str) -> PlanYears:
    """The plans' first fiscal year (and years) stated by the lead, sentence by sentence.

    >>> plan_years("平成27年度から「事業」を実施。計画が開始される平成29年度から3年間にわたり助成を行い。")
    PlanYears(start_fy=2017, end_fy=None, years=3)
    >>> plan_years("令和7年度から令和9年度まで支援します。"), plan_years("令和７年度～９年度の計画")
    (PlanYears(start_fy=2025, end_fy=2027, years=3), PlanYears(start_fy=2025, end_fy=2027, years=3))
    >>> plan_years("令和7年度に開始する計画を支援します。"), plan_years("平成27年度から実施しています。")
    (PlanYears(start_fy=2025, end_fy=None, years=None), PlanYears(start_fy=None, end_fy=None, years=None))
    """
    for sentence in lead.split(SENTENCE_END):
        found = _years_in_sentence(sentence)
        if found is not None:
            return found
    return PlanYears()


def term_of(text: str) -> tuple[str, str] | None:
    """The term one line of 補助内容 states: ``(kind, value as published)``, or ``None``.

    >>> term_of("  • 補助金:1億円/年限度"), term_of("• 補助率：2分の1以内"), term_of("支援期間 最長3年間")
    (('cap', '1億円/年限度'), ('rate', '2分の1以内'), ('period', '最長3年間'))
    >>> term_of("(小規模企業支援に特化した事業については3分の2以内)") is None
    True
    >>> term_of("・補助限度額：１億円／年")
    ('cap', '１億円／年')
    """
    published = text.strip().lstrip(BULLETS).strip()
    core = unicodedata.normalize("NFKC", published)
    best: tuple[int, str, str] | None = None
    for kind, phrase_kind in TERM_KINDS.items():
        for phrase in releases.phrases(phrase_kind):
            if core.startswith(phrase) and (best is None or len(phrase) > best[0]):
                best = (len(phrase), kind, phrase)
    if best is None:
        return None
    value = _after_prefix(published, best[2]).lstrip(":： \u3000")
    return (best[1], value) if value else None


def _after_prefix(text: str, prefix: str) -> str:
    """What follows the part of ``text`` whose NFKC form is ``prefix`` (the published spelling).

    >>> _after_prefix("補助限度額：1億円", "補助限度額")
    '：1億円'
    """
    for k in range(len(text) + 1):
        if unicodedata.normalize("NFKC", text[:k]) == prefix:
            return text[k:]
    return text
