"""Amounts of money and subsidy rates as Japanese releases write them.

* Yen amounts use the myriad units 億 (10⁸), 万 (10⁴) and 千 (10³) with Arabic digits,
  commas allowed: ``1億円`` → 100,000,000; ``3,000万円`` → 30,000,000;
  ``1億5,000万円`` → 150,000,000; ``5千万円`` → 50,000,000.  Exact arithmetic
  (:class:`~decimal.Decimal`), so ``1.5億円`` is 150,000,000 too.  Kanji numerals
  (一億円) are not read: the value stays empty rather than guessed.
* Rates are written ``2分の1以内`` (the denominator first), ``1/2``, ``50%`` or in kanji
  (``二分の一``); they are returned as a reduced fraction string, ``1/2``, so 2分の1 and
  50% compare equal.

Full-width digits are read like ASCII (NFKC).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from pipeline.lang.periods import kanji_number

#: Value of each myriad unit.
UNITS = {"億": Decimal(10**8), "千万": Decimal(10**7), "万": Decimal(10**4), "千": Decimal(10**3)}
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_YEN = re.compile(
    rf"(?:(?P<oku>{_NUMBER})\s*億)?\s*(?:(?P<senman>{_NUMBER})\s*千万|(?P<man>{_NUMBER})\s*万)?\s*"
    rf"(?:(?P<sen>{_NUMBER})\s*千)?\s*(?P<ones>{_NUMBER})?\s*円"
)
_KANJI = "[〇一二三四五六七八九十]{1,3}"
_RATE_JA = re.compile(rf"(?P<den>\d+|{_KANJI})\s*分\s*の\s*(?P<num>\d+|{_KANJI})")
_RATE_SLASH = re.compile(r"(?P<num>\d+)\s*/\s*(?P<den>\d+)")
_PERCENT = re.compile(r"(?P<pct>\d+(?:\.\d+)?)\s*%")


@dataclass(frozen=True, slots=True)
class Found:
    """A value read from a text, with its spelling as published (NFKC)."""

    value: int | str
    raw: str


def _decimal(text: str | None) -> Decimal:
    if not text:
        return Decimal(0)
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        return Decimal(0)


def find_yen(text: str) -> Found | None:
    """The first amount of yen in ``text`` as an integer, or ``None``.

    >>> find_yen("補助金:1億円/年限度").value, find_yen("3,000万円/年を上限").value
    (100000000, 30000000)
    >>> find_yen("1億5,000万円").value, find_yen("５千万円").value, find_yen("1.5億円").value
    (150000000, 50000000, 150000000)
    >>> find_yen("上限なし") is None, find_yen("一億円") is None
    (True, True)
    """
    t = unicodedata.normalize("NFKC", text)
    for m in _YEN.finditer(t):
        parts = {name: m[name] for name in ("oku", "senman", "man", "sen", "ones")}
        if not any(parts.values()):
            continue
        total = (
            _decimal(parts["oku"]) * UNITS["億"]
            + _decimal(parts["senman"]) * UNITS["千万"]
            + _decimal(parts["man"]) * UNITS["万"]
            + _decimal(parts["sen"]) * UNITS["千"]
            + _decimal(parts["ones"])
        )
        if total != total.to_integral_value():
            continue  # a fraction of a yen: not an amount we can state
        return Found(int(total), m.group(0).strip())
    return None


def _number(text: str) -> int:
    return int(text) if text.isdigit() else kanji_number(text)


def find_rate(text: str) -> Found | None:
    """The first rate in ``text`` as a reduced fraction ``num/den``, or ``None``.

    >>> find_rate("補助率:2分の1以内").value, find_rate("３分の２").value, find_rate("二分の一").value
    ('1/2', '2/3', '1/2')
    >>> find_rate("1/2以内").value, find_rate("50%").value, find_rate("定額") is None
    ('1/2', '1/2', True)
    """
    t = unicodedata.normalize("NFKC", text)
    candidates: list[tuple[int, Fraction, str]] = []
    for pattern in (_RATE_JA, _RATE_SLASH):
        m = pattern.search(t)
        if m and _number(m["den"]):
            candidates.append((m.start(), Fraction(_number(m["num"]), _number(m["den"])), m.group(0)))
    p = _PERCENT.search(t)
    if p:
        candidates.append((p.start(), Fraction(Decimal(p["pct"])) / 100, p.group(0)))
    if not candidates:
        return None
    _, rate, raw = min(candidates, key=lambda c: c[0])
    return Found(f"{rate.numerator}/{rate.denominator}", raw)
