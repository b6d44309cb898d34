"""Which municipality a plan heading names, when its two names may disagree.

A plan heading names its municipality twice: in the title (「日野市地域産業活性化計画」)
and in the brackets after it (（日野市）).  A slip in one of them must neither fold the
plan into the one before it (the line would not be read as a heading) nor move it to
another municipality without a word.  :func:`read_place` therefore reads both names
against the municipality table (:func:`pipeline.lang.municipalities.find_in_text`, on
Sudachi token boundaries, white space removed) and decides:

* the names agree (the same text, or the same municipality found in both): nothing to say;
* they disagree: the name found in the table wins — the title's when both are found,
  unless only the bracket's lies in the document's prefecture — and the reading carries a
  ``mismatch`` note for the ``municipality_name_mismatch`` warning;
* neither is found: the title's text is used, and the caller warns
  ``unknown_municipality`` with look-alikes (:func:`~pipeline.lang.municipalities.look_alikes`);
* a name found only outside the document's prefecture is used but noted as a mismatch.

The look-alikes are only ever suggested: a plan whose name is unknown keeps an empty code.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.lang import municipalities
from pipeline.lang.municipalities import Municipality, compact


@dataclass(frozen=True, slots=True)
class PlaceReading:
    """What a plan heading says about its municipality.

    Attributes:
        text: the place text the plan takes, as published (the title's or the bracket's).
        candidates: the table's municipalities of that name (several: ambiguous; none: unknown).
        mismatch: why the heading's names disagree, for the warning; ``None`` when they agree.
    """

    text: str
    candidates: tuple[Municipality, ...]
    mismatch: str | None = None


def _found(place: str, prefecture: str | None) -> tuple[str, tuple[Municipality, ...]] | None:
    """The municipality name found in ``place`` and its table rows, or ``None`` when unknown."""
    hit = municipalities.find_in_text(compact(place), prefecture) if compact(place) else None
    return hit if hit is not None and hit[1] else None


def _inside(hit: tuple[str, tuple[Municipality, ...]] | None, prefecture: str | None) -> bool:
    return hit is not None and any(m.prefecture == prefecture for m in hit[1])


def read_place(title_place: str, bracket_place: str | None, prefecture: str | None) -> PlaceReading:
    """Read a plan heading's municipality from its title's place and its bracketed name.

    Args:
        title_place: the title without its suffix (``日野市`` of 日野市地域産業活性化計画).
        bracket_place: the bracketed name after the title, if any.
        prefecture: the document's prefecture (tie-breaker, and the expected prefecture).

    Returns:
        The place text used, its table rows, and a mismatch note when the names disagree.

    >>> r = read_place("日野市", "日野区", "東京都")
    >>> (r.text, [m.code for m in r.candidates], r.mismatch is not None)
    ('日野市', ['132128'], True)
    >>> r = read_place("目野市", "日野市", "東京都")
    >>> (r.text, r.candidates[0].name)
    ('日野市', '日野市')
    >>> read_place("品川区", "品川区", "東京都").mismatch is None
    True
    """
    title, bracket = title_place.strip(), (bracket_place or "").strip()
    t_hit = _found(title, prefecture) if title else None
    b_hit = _found(bracket, prefecture) if bracket else None
    if not bracket or not title or compact(title) == compact(bracket) or (t_hit and b_hit and t_hit[0] == b_hit[0]):
        text, hit = (bracket or title), (b_hit if bracket else t_hit)
        return PlaceReading(text, hit[1] if hit else (), _outside_note(text, hit, prefecture))
    use_bracket = (b_hit is not None and t_hit is None) or (
        t_hit is not None and b_hit is not None and _inside(b_hit, prefecture) and not _inside(t_hit, prefecture)
    )
    text, hit = (bracket, b_hit) if use_bracket else (title, t_hit)
    why = "the name found in the municipality table" if hit else "neither is in the municipality table"
    note = f"the title names {title!r} but the brackets say {bracket!r}; {text!r} is used ({why})"
    outside = _outside_note(text, hit, prefecture)
    return PlaceReading(text, hit[1] if hit else (), f"{note}; {outside}" if outside else note)


def _outside_note(text: str, hit: tuple[str, tuple[Municipality, ...]] | None, prefecture: str | None) -> str | None:
    """A note when the municipality lies only outside the document's prefecture.

    >>> _outside_note("国東市", ("国東市", municipalities.lookup("国東市")), "東京都")
    "'国東市' is in 大分県, not in the document's prefecture 東京都"
    """
    if hit is None or prefecture is None or _inside(hit, prefecture):
        return None
    where = ", ".join(sorted({m.prefecture for m in hit[1]}))
    return f"{text!r} is in {where}, not in the document's prefecture {prefecture}"
