"""Text normalisation for names and joined lines.

Two forms of every name are kept side by side: ``name_raw`` exactly as published
and ``name`` normalised for display; ``name_key`` is a matching key for grouping
the same program across documents.  NFKC is applied for matching and display,
never to the ``*_raw`` fields.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pipeline.lang.sudachi import tokenize

PROVISIONAL = re.compile(r"[(（]\s*仮\s*称\s*[)）]")
#: Bracket variants unified in display names.
OPEN_BRACKETS = "(（［[｛{〔【"
CLOSE_BRACKETS = ")）］]｝}〕】"
WAVE_DASHES = "~∼〜～"
_LATIN = re.compile(r"[0-9A-Za-z]")
_SPACES = re.compile(r"[ \t\u3000]+")


def is_latin(ch: str) -> bool:
    """ASCII letters, digits and their full-width forms count as Latin."""
    return bool(_LATIN.match(unicodedata.normalize("NFKC", ch)))


def join_wrapped(parts: list[str]) -> str:
    """Re-join wrapped lines: no space between Japanese characters, one between Latin words.

    >>> join_wrapped(["ITスタートアッ", "プ支援事業"])
    'ITスタートアップ支援事業'
    >>> join_wrapped(["Kuni-Biz", "を中心として"]), join_wrapped(["SDGs", "goals"])
    ('Kuni-Bizを中心として', 'SDGs goals')
    """
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and is_latin(out[-1]) and is_latin(part[0]):
            out += " "
        out += part
    return out


def squeeze_spaces(text: str) -> str:
    """Drop spaces next to a Japanese character, keep single spaces between Latin words.

    >>> squeeze_spaces("中小企業等 SDGs 推進")
    '中小企業等SDGs推進'
    >>> squeeze_spaces("Kuni  Biz センター")
    'Kuni Bizセンター'
    """
    pieces = _SPACES.split(text.strip())
    return join_wrapped(pieces)


def strip_provisional(name: str) -> tuple[str, bool]:
    """Remove （仮称） and say whether it was there.

    >>> strip_provisional("中小企業等産業活性化補助金（仮称）")
    ('中小企業等産業活性化補助金', True)
    """
    stripped = PROVISIONAL.sub("", name)
    return stripped.strip(), stripped != name


def display_name(raw: str) -> str:
    """The display form of a published name.

    NFKC (full-width Latin and digits to ASCII), spaces squeezed, brackets unified
    to full-width （）, wave dashes to ～, （仮称） removed, and the quotation marks that
    enclose the whole name (「きよせ商工フェア」, as a list quotes an event's title) taken
    off; quotes inside a name (「稼ぐ力」強化事業) stay.

    >>> display_name("中小企業等 SDGs 推進")
    '中小企業等SDGs推進'
    >>> display_name("ＤＸ伴走支援事業（仮称）")
    'DX伴走支援事業'
    >>> display_name("SDGs経営導入・産業活性化ネットワーク委員会(仮称)")
    'SDGs経営導入・産業活性化ネットワーク委員会'
    >>> display_name("「清瀬　ビジネス　交流会」"), display_name("「稼ぐ力」強化事業"), display_name("「A」と「B」")
    ('清瀬ビジネス交流会', '「稼ぐ力」強化事業', '「A」と「B」')
    """
    name, _ = strip_provisional(raw)
    name = unicodedata.normalize("NFKC", name)
    name = name.translate({ord(c): "（" for c in OPEN_BRACKETS[:2]})
    name = name.translate({ord(c): "）" for c in CLOSE_BRACKETS[:2]})
    name = name.translate({ord(c): "～" for c in WAVE_DASHES})
    return squeeze_spaces(_unquoted(name.strip()))


#: Quotation marks that may enclose a whole name: opening, closing.
ENCLOSING_QUOTES = (("「", "」"), ("『", "』"), ("“", "”"), ('"', '"'))


def _unquoted(name: str) -> str:
    """``name`` without the one pair of quotation marks that encloses all of it."""
    for opening, closing in ENCLOSING_QUOTES:
        inner = name[len(opening) : -len(closing)]
        if (
            name.startswith(opening)
            and name.endswith(closing)
            and inner
            and opening not in inner
            and closing not in inner
        ):
            return inner
    return name


def name_key(name: str) -> str:
    """Matching key: Sudachi normalised forms of the content tokens, Latin lower-cased.

    >>> name_key("創業塾・開業資金融資あっせん事業") == name_key("創業塾 開業資金融資斡旋事業")
    True
    """
    text = unicodedata.normalize("NFKC", strip_provisional(name)[0]).lower()
    return "".join(t.normalized.lower() for t in tokenize(text) if not t.is_symbol)


def short_hash(text: str, n: int = 8) -> str:
    """A short stable hex digest, for ids that must not shift when a list changes.

    >>> short_hash("abc")
    'ba7816bf'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n]
