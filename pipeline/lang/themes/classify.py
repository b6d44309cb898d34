"""Choosing a program's themes and instrument from the keyword hits, and recording why.

Instrument — Japanese compound names are head-final: 創業支援**補助金**事業 is a subsidy
although it mentions support, so the instrument is that of the keyword hit that ends
*last* in the name (ties: the longer keyword, so 保証料補助金 is financing, not a
subsidy; then the earlier row).  Words such as 事業, 業務 or 等 are in no list, so they
never decide.  Three tiers, each used only when the one before found nothing: keywords
(the head noun: 補助金, セミナー, センター…), weak keywords (what the support is for:
設備投資 → subsidy, 連携 → network) and tails (the generic head: 支援 → consulting,
推進 → other).  When a generic head follows the deciding keyword, the keyword says what
is supported and its class's ``support_as`` the instrument (研修支援 is a grant for
training: subsidy; 相談支援 stays consulting); the rule is then ``keyword:<kw>+<head>@head``.
When the name's only instrument word is a tail, or it has none, the learned model
(:mod:`.model`) reads the whole name instead: counted from labelled names of other
municipalities, it knows, for instance, that most …支援事業 names are grants; the rule is then
``model:<class>``.  The initiative's text around the name (``context``) counts only when
neither the keywords nor the model read anything in the name.

Themes — every class with a keyword hit in the name, in vocabulary order, except a hit
inside a longer hit of another theme (地域連携 is community, not the 連携 of
open_innovation); else the weak keywords' (中小企業 → management); else the model's themes
(``model:<theme>``); else the themes of the context's keywords.  Theme keywords are looked for
twice: in the name's tokens and in its short units (Sudachi mode A), so a keyword inside a compound the dictionary keeps whole
counts too (卓越技能者表彰 is about talent, 特許権 about research), and in the words the
dictionary does not know, mostly compounds written together (ゼロカーボンチャレンジ is about
sustainability).  The instrument is read off the tokens only: the head of the name is a
whole word.  The context describes every program of its list, so it is trusted last.  The
model is used with the packaged vocabulary only: its classes are that file's.

Each label carries its rule: ``keyword:<kw>@head``, ``keyword:<kw>@weak`` or
``keyword:<kw>@tail`` for the deciding instrument keyword, ``keyword:<kw>`` for a
theme, ``model:<class>``, ``context:<kw>``, ``correction:<id>`` (:mod:`pipeline.lang.themes.overrides`) or
``none`` with :data:`UNCLASSIFIED`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.lang.normalize import name_key
from pipeline.lang.themes.matching import STRONG, TAIL, WEAK, Hit, inside_unknown, scan
from pipeline.lang.themes.model import MODEL_PREFIX, NaiveBayes, load_model
from pipeline.lang.themes.overrides import Override, load_overrides
from pipeline.lang.themes.vocabulary import (
    INSTRUMENT,
    SHORT_UNIT_MODE,
    THEME,
    UNCLASSIFIED,
    ThemeClass,
    forms,
    load_vocabulary,
    unknown_words,
)

#: Rule recorded with an unclassified label.
NO_RULE = "none"
#: Classifications kept per process (program names repeat across plans and rebuilds).
CLASSIFY_CACHE_SIZE = 65536
#: Tags of the rules.
HEAD, WEAK_TAG, TAIL_TAG, CONTEXT = "@head", "@weak", "@tail", "context:"
#: Instrument tiers in the order they are tried, with the tag their rule carries.
INSTRUMENT_TIERS = ((STRONG, HEAD), (WEAK, WEAK_TAG), (TAIL, TAIL_TAG))


@dataclass(frozen=True, slots=True)
class Classification:
    """Themes (vocabulary order) and instrument of a name, the rule of each, and every hit."""

    themes: tuple[str, ...]
    instrument: str
    themes_rule: tuple[str, ...]
    instrument_rule: str
    matched: tuple[str, ...]


def rank(hit: Hit) -> tuple[int, int, int]:
    """Sort key of instrument hits: the one ending last wins, then the longer, then the earlier row.

    >>> rank(Hit(3, "keyword", "補助金", 2, 3)) > rank(Hit(1, "keyword", "支援", 1, 2))
    True
    >>> rank(Hit(5, "keyword", "保証料補助金", 1, 3)) > rank(Hit(4, "keyword", "補助金", 2, 3))
    True
    """
    return (hit.end, hit.length, -hit.order)


def head_hit(hits: Iterable[Hit], vocab: tuple[ThemeClass, ...], strength: str) -> Hit | None:
    """The deciding instrument hit of one strength, or ``None``."""
    candidates = [h for h in hits if h.strength == strength and vocab[h.order].kind == INSTRUMENT]
    return max(candidates, key=rank, default=None)


def covered(hit: Hit, others: Iterable[Hit]) -> bool:
    """Whether a longer hit of another class spans ``hit`` (地域連携 spans its 連携).

    >>> covered(Hit(1, "keyword", "連携", 1, 2), [Hit(0, "keyword", "地域連携", 0, 2)])
    True
    >>> covered(Hit(1, "keyword", "連携", 1, 2), [Hit(1, "keyword", "産学連携", 0, 2)])
    False
    """
    return any(
        o.order != hit.order and o.start <= hit.start and hit.end <= o.end and o.length > hit.length for o in others
    )


def theme_labels(hits: Iterable[Hit], vocab: tuple[ThemeClass, ...], strength: str, prefix: str) -> dict[str, str]:
    """Theme → rule for every theme class with an uncovered hit of ``strength`` (first hit of each class).

    >>> v = (ThemeClass("theme", "digital", "D", "デ", ("DX",), (("dx",),)),)
    >>> theme_labels([Hit(0, "keyword", "DX", 0, 1)], v, "keyword", "keyword:")
    {'digital': 'keyword:DX'}
    """
    tag = WEAK_TAG if strength == WEAK else ""
    mine = [h for h in hits if h.strength == strength and vocab[h.order].kind == THEME]
    out: dict[str, str] = {}
    for h in sorted(mine, key=lambda h: (h.order, h.start)):
        if not covered(h, mine):
            out.setdefault(vocab[h.order].name, f"{prefix}{h.keyword}{tag}")
    return out


def theme_labels_of(
    hit_sets: Iterable[Iterable[Hit]], vocab: tuple[ThemeClass, ...], strength: str, prefix: str
) -> dict[str, str]:
    """:func:`theme_labels` of several scans of one text (tokens, short units), in vocabulary order.

    >>> v = (ThemeClass("theme", "a", "A", "ア", ("x",), (("x",),)), ThemeClass("theme", "b", "B", "イ", ("y",), (("y",),)))
    >>> theme_labels_of([[Hit(1, "keyword", "y", 0, 1)], [Hit(0, "keyword", "x", 0, 1)]], v, "keyword", "k:")
    {'a': 'k:x', 'b': 'k:y'}
    """
    found: dict[str, str] = {}
    for hits in hit_sets:
        for cls, rule in theme_labels(hits, vocab, strength, prefix).items():
            found.setdefault(cls, rule)
    order = [c.name for c in vocab]
    return dict(sorted(found.items(), key=lambda kv: order.index(kv[0])))


def context_instrument(hits: Iterable[Hit], vocab: tuple[ThemeClass, ...]) -> tuple[str, str] | None:
    """The instrument the context names, if its keywords name exactly one instrument class."""
    found = {vocab[h.order].name: h.keyword for h in hits if h.strength == STRONG and vocab[h.order].kind == INSTRUMENT}
    if len(found) != 1:
        return None
    (cls, kw), *_ = found.items()
    return cls, f"{CONTEXT}{kw}"


def supported(hit: Hit, hits: Iterable[Hit], vocab: tuple[ThemeClass, ...]) -> tuple[str, str] | None:
    """``(instrument, rule)`` when one of its class's ``support_heads`` follows ``hit`` as the generic head.

    >>> v = (ThemeClass("instrument", "subsidy", "S", "補", ("補助",), (("補助",),)),
    ...      ThemeClass("instrument", "training", "T", "研", ("研修",), (("研修",),), support_as="subsidy",
    ...                 support_heads=("支援",)),
    ...      ThemeClass("instrument", "consulting", "C", "相", ("相談",), (("相談",),), tail_keywords=("支援",)))
    >>> supported(Hit(1, "keyword", "研修", 0, 1), [Hit(2, "tail", "支援", 1, 2)], v)
    ('subsidy', 'keyword:研修+支援@head')
    >>> supported(Hit(2, "keyword", "相談", 0, 1), [Hit(2, "tail", "支援", 1, 2)], v) is None
    True
    """
    cls = vocab[hit.order]
    tail = head_hit(hits, vocab, TAIL)
    if not cls.support_as or tail is None or tail.start < hit.end or tail.keyword not in cls.support_heads:
        return None
    target = cls.support_as
    return target, f"keyword:{hit.keyword}+{tail.keyword}{HEAD}"


def pick_instrument(
    name_hits: tuple[Hit, ...],
    ctx_hits: tuple[Hit, ...],
    vocab: tuple[ThemeClass, ...],
    learned: tuple[str, str] | None = None,
) -> tuple[str, str]:
    """``(instrument, rule)``: head keyword, else weak, else ``learned`` (the model's), else tail
    keyword, else context, else unclassified.

    >>> v = (ThemeClass("instrument", "consulting", "C", "相", ("相談",), (("相談",),), tail_keywords=("支援",)),)
    >>> tail = (Hit(0, "tail", "支援", 1, 2),)
    >>> pick_instrument(tail, (), v)
    ('consulting', 'keyword:支援@tail')
    >>> pick_instrument(tail, (), v, ("subsidy", "model:subsidy"))
    ('subsidy', 'model:subsidy')
    """
    for strength, tag in INSTRUMENT_TIERS:
        hit = head_hit(name_hits, vocab, strength)
        if hit is not None and (tag != TAIL_TAG or learned is None):
            return supported(hit, name_hits, vocab) or (vocab[hit.order].name, f"keyword:{hit.keyword}{tag}")
    return learned or context_instrument(ctx_hits, vocab) or (UNCLASSIFIED, NO_RULE)


def pick_themes(
    name_hits: tuple[Hit, ...],
    ctx_hits: tuple[Hit, ...],
    vocab: tuple[ThemeClass, ...],
    more: tuple[tuple[Hit, ...], ...] = (),
    learned: dict[str, str] | None = None,
) -> dict[str, str]:
    """Theme → rule: name keywords (tokens, or the ``more`` scans of the name), else weak ones,
    else ``learned`` (the model's), else context."""
    scans = (name_hits, *more)
    return (
        theme_labels_of(scans, vocab, STRONG, "keyword:")
        or theme_labels_of(scans, vocab, WEAK, "keyword:")
        or learned
        or theme_labels(ctx_hits, vocab, STRONG, CONTEXT)
        or {UNCLASSIFIED: NO_RULE}
    )


def learned_instrument(model: NaiveBayes, name: str) -> tuple[str, str] | None:
    """The model's ``(instrument, rule)`` for a name; ``None`` when it knows none of its features."""
    found = model.instrument(name)
    return None if found is None else (found[0], f"{MODEL_PREFIX}{found[0]}")


def learned_themes(model: NaiveBayes, name: str, vocab: tuple[ThemeClass, ...]) -> dict[str, str]:
    """The model's themes → rule, in vocabulary order (empty when it knows no feature of the name)."""
    order = [c.name for c in vocab if c.kind == THEME]
    return {t: f"{MODEL_PREFIX}{t}" for t in model.themes(name, order)}


def apply_override(c: Classification, o: Override | None, vocab: tuple[ThemeClass, ...]) -> Classification:
    """``c`` with the labels an override sets (themes in vocabulary order)."""
    if o is None:
        return c
    order = [cls.name for cls in vocab if cls.kind == THEME]
    themes = tuple(sorted(o.themes, key=order.index)) if o.themes else c.themes
    return Classification(
        themes=themes,
        instrument=o.instrument or c.instrument,
        themes_rule=tuple(o.rule for _ in themes) if o.themes else c.themes_rule,
        instrument_rule=o.rule if o.instrument else c.instrument_rule,
        matched=c.matched,
    )


def classify(
    name: str,
    context: str | None = None,
    vocabulary: tuple[ThemeClass, ...] | None = None,
    overrides: dict[str, Override] | None = None,
    with_model: bool = True,
    model: NaiveBayes | None = None,
) -> Classification:
    """Themes and instrument of a program name.

    Args:
        name: the program's display name.
        context: the initiative's text around the list the name is in, used only when the
            name alone gives no theme or no instrument; ``None`` when there is none.
        vocabulary: the classes to use; the packaged file by default.
        overrides: reviewed corrections by name key; the packaged file by default.
        with_model: whether the learned model decides where the keywords only guess (with
            the packaged vocabulary only); ``False`` gives the keyword rules alone.
        model: a learned model to use in place of the packaged one (cross-validation
            counts one per fold); ``None``: the packaged model.

    Returns:
        The classification; ``themes == ("unclassified",)`` and/or
        ``instrument == "unclassified"`` (rule ``none``) when nothing matched.

    >>> c = classify("創業支援補助金事業")
    >>> c.themes, c.instrument, c.instrument_rule
    (('startup',), 'subsidy', 'keyword:補助金@head')
    >>> classify("信用保証料補助金").instrument
    'financing'
    >>> classify("商店街お祭り").instrument
    'event'
    >>> classify("販路拡大支援事業").instrument_rule, classify("販路拡大支援事業", with_model=False).instrument_rule
    ('model:subsidy', 'keyword:支援@tail')
    """
    if vocabulary is None and overrides is None and with_model and model is None:  # cached on the text alone
        return _classify_packaged(name, context or "")
    vocab = load_vocabulary() if vocabulary is None else vocabulary
    packaged = vocabulary is None
    table = tuple(sorted((overrides or {}).items())) if overrides is not None or not packaged else _packaged_overrides()
    learned = (model or load_model()) if with_model and packaged else None
    return _classify(name, context or "", vocab, table, learned)


@functools.cache
def _packaged_overrides() -> tuple[tuple[str, Override], ...]:
    return tuple(sorted(load_overrides().items()))


@functools.lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def _classify_packaged(name: str, context: str) -> Classification:
    """:func:`_classify` with the packaged vocabulary, overrides and model, without hashing them per call."""
    return _classify.__wrapped__(name, context, load_vocabulary(), _packaged_overrides(), load_model())


@functools.lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def _classify(
    name: str,
    context: str,
    vocab: tuple[ThemeClass, ...],
    overrides: tuple[tuple[str, Override], ...],
    model: NaiveBayes | None = None,
) -> Classification:
    name_hits = scan(forms(name), vocab)
    more = (scan(forms(name, SHORT_UNIT_MODE), vocab), inside_unknown(unknown_words(name), vocab, THEME))
    ctx_hits = _context_hits(context, vocab) if context else ()
    themes_learned = instrument_learned = None
    if model is not None and not any(theme_labels_of((name_hits, *more), vocab, k, "") for k in (STRONG, WEAK)):
        themes_learned = learned_themes(model, name, vocab)
    if model is not None and not any(head_hit(name_hits, vocab, k) for k in (STRONG, WEAK)):
        instrument_learned = learned_instrument(model, name)
    labels = pick_themes(name_hits, ctx_hits, vocab, more, themes_learned)
    instrument, rule = pick_instrument(name_hits, ctx_hits, vocab, instrument_learned)
    matched = tuple(f"{vocab[h.order].kind}:{vocab[h.order].name}:{h.keyword}" for h in name_hits)
    c = Classification(tuple(labels), instrument, tuple(labels.values()), rule, matched)
    return apply_override(c, dict(overrides).get(name_key(name)) if overrides else None, vocab)


@functools.lru_cache(maxsize=4096)
def _context_hits(context: str, vocab: tuple[ThemeClass, ...]) -> tuple[Hit, ...]:
    return scan(forms(context), vocab)
