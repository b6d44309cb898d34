"""OCR-suspect spellings: out-of-vocabulary tokens that one look-alike character would fix.

Published names are sometimes typed from a scan or mistyped: パピリオン for パビリオン,
EXP02022 for EXPO2022, センタ一 (kanji one) for センター.  SudachiPy's dictionary is the
judge: a character is *suspect* when

* it sits in a token SudachiPy marks out of vocabulary (``is_oov``), or
* it is a one-character token whose script differs from a neighbour's (katakana カ
  between kanji, as in 協カ), which is how a look-alike usually tokenises;

and it has a row in ``pipeline/data/ocr_confusions.csv``.  Rows with context
``latin`` are only tried next to a Latin letter, so the 0 of 2022 is never an O.

A substitution is *accepted* when, re-tokenised, the character lies inside one
in-vocabulary dictionary word of at least :data:`MIN_WORD_LENGTH` characters that is
not a numeral or symbol, and the text has no more out-of-vocabulary tokens than before.
The suggestion is the whole text with every accepted substitution applied; the
published text is never changed (see ``pipeline/lang/corrections.py`` for accepting one).
"""

from __future__ import annotations

import bisect
import functools
import logging
import unicodedata
from dataclasses import dataclass

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.datafiles import read_data_csv
from pipeline.lang.sudachi import Token, tokenize

logger = logging.getLogger(__name__)

#: The corrected word must be at least this long, so a lone kana never "fixes" a token.
MIN_WORD_LENGTH = 2
#: Parts of speech that do not count as a dictionary word for a correction.
NON_WORD_POS = frozenset({"補助記号", "空白"})
NUMERAL_POS = "数詞"
CONTEXTS = ("any", "latin")
CONFUSIONS_FILE = "ocr_confusions.csv"


@dataclass(frozen=True, slots=True)
class Confusion:
    """One row of the confusion table: ``source`` may have been read for ``target``."""

    source: str
    target: str
    context: str
    reason: str


@dataclass(frozen=True, slots=True)
class Suspicion:
    """A suspect character and the dictionary word its look-alike makes.

    Attributes:
        position: offset of the character in the text.
        token: the surface of the token it was found in (e.g. ``パピリオン``).
        word: the in-vocabulary word after the substitution (e.g. ``パビリオン``).
        confusion: the confusion-table row used.
    """

    position: int
    token: str
    word: str
    confusion: Confusion


@functools.cache
def load_confusions() -> tuple[Confusion, ...]:
    """Read ``pipeline/data/ocr_confusions.csv``; fail loudly if it is malformed."""
    rows = read_data_csv(CONFUSIONS_FILE)
    out = []
    for i, r in enumerate(rows, start=2):
        if len(r.get("from") or "") != 1 or len(r.get("to") or "") != 1 or r.get("context") not in CONTEXTS:
            raise ReferenceDataError(
                "each row needs one-character from/to and context any|latin",
                path=f"pipeline/data/{CONFUSIONS_FILE}",
                location=f"line {i}",
            )
        out.append(Confusion(r["from"], r["to"], r["context"], r["reason"]))
    return tuple(out)


def script_of(ch: str) -> str:
    """A coarse script class: latin, digit, katakana, hiragana, kanji or other.

    >>> [script_of(c) for c in "Aア一ー0あ・"]
    ['latin', 'katakana', 'kanji', 'katakana', 'digit', 'hiragana', 'other']
    """
    c = unicodedata.normalize("NFKC", ch)
    if c.isascii() and c.isalpha():
        return "latin"
    if c.isascii() and c.isdigit():
        return "digit"
    if "\u30a1" <= c <= "\u30fa" or c == "ー":
        return "katakana"
    if "\u3041" <= c <= "\u3096":
        return "hiragana"
    if "\u4e00" <= c <= "\u9fff" or c in "々〆ヶ":
        return "kanji"
    return "other"


def _token_at(tokens: tuple[Token, ...], pos: int) -> Token | None:
    """The token that covers ``pos`` (tokens are in order and do not overlap), found by bisection:
    scanning from the first token made a long name cost the square of its length."""
    i = bisect.bisect_right(tokens, pos, key=lambda t: t.begin) - 1
    return tokens[i] if i >= 0 and tokens[i].begin <= pos < tokens[i].end else None


def _neighbours(text: str, pos: int) -> list[str]:
    return [text[i] for i in (pos - 1, pos + 1) if 0 <= i < len(text)]


def is_suspect_position(text: str, tokens: tuple[Token, ...], pos: int, context: str) -> bool:
    """Whether the character at ``pos`` may be tried with a confusion of ``context``.

    >>> t = "パピリオン共同出展"
    >>> is_suspect_position(t, tokenize(t), 1, "any"), is_suspect_position(t, tokenize(t), 5, "any")
    (True, False)
    >>> t = "令和2022年"
    >>> is_suspect_position(t, tokenize(t), 3, "latin")
    False
    """
    if context == "latin":
        return any(script_of(n) == "latin" for n in _neighbours(text, pos))
    tok = _token_at(tokens, pos)
    if tok is None:
        return False
    if tok.oov:
        return True
    mine = script_of(text[pos])
    return tok.end - tok.begin == 1 and any(script_of(n) not in ("other", mine) for n in _neighbours(text, pos))


def _accepted_word(original: tuple[Token, ...], corrected_text: str, pos: int) -> str | None:
    """The dictionary word covering ``pos`` after the substitution, if it is one."""
    tokens = tokenize(corrected_text)
    tok = _token_at(tokens, pos)
    if (
        tok is None
        or tok.oov
        or tok.end - tok.begin < MIN_WORD_LENGTH
        or tok.pos[0] in NON_WORD_POS
        or tok.pos[1] == NUMERAL_POS
        or sum(t.oov for t in tokens) > sum(t.oov for t in original)
    ):
        return None
    return tok.surface


def find_suspicions(text: str) -> list[Suspicion]:
    """Every suspect character of ``text`` whose look-alike makes a dictionary word.

    Characters are tried left to right, confusions in the order of the table; each
    accepted substitution is applied before the next character is tried, so a fixed
    word (データ) is not taken apart again.

    Args:
        text: a name or caption as published.

    Returns:
        The suspicions, in text order (empty when the text looks fine).

    >>> [(s.token, s.word) for s in find_suspicions("パピリオン共同出展事業")]
    [('パピリオン', 'パビリオン')]
    >>> [(s.token, s.word) for s in find_suspicions("ものづくり EXP02022の様子")]
    [('02022', 'EXPO')]
    >>> find_suspicions("パビリオン共同出展事業"), find_suspicions("令和5年度～令和7年度")
    ([], [])
    """
    return list(_find_suspicions(text))


@functools.cache
def _confusions_by_char() -> dict[str, tuple[Confusion, ...]]:
    by_char: dict[str, list[Confusion]] = {}
    for c in load_confusions():
        by_char.setdefault(c.source, []).append(c)
    return {k: tuple(v) for k, v in by_char.items()}


@functools.lru_cache(maxsize=65536)
def _find_suspicions(text: str) -> tuple[Suspicion, ...]:
    """:func:`find_suspicions`, cached: names and captions recur across documents."""
    by_char = _confusions_by_char()
    current = text
    tokens = tokenize(current)
    out: list[Suspicion] = []
    for pos in range(len(text)):
        tok = _token_at(tokens, pos)
        if tok is None:
            continue
        for conf in by_char.get(current[pos], ()):
            if not is_suspect_position(current, tokens, pos, conf.context):
                continue
            candidate = current[:pos] + conf.target + current[pos + 1 :]
            word = _accepted_word(tokens, candidate, pos)
            if word is not None:
                out.append(Suspicion(pos, tok.surface, word, conf))
                current, tokens = candidate, tokenize(candidate)
                break
    return tuple(out)


def apply_suspicions(text: str, suspicions: list[Suspicion]) -> str:
    """``text`` with every suspicion's character replaced by its look-alike.

    >>> apply_suspicions("センタ一", find_suspicions("センタ一"))
    'センター'
    """
    chars = list(text)
    for s in suspicions:
        chars[s.position] = s.confusion.target
    return "".join(chars)


def suggest(text: str) -> str | None:
    """The suggested spelling of ``text``, or ``None`` when nothing is suspect.

    >>> suggest("ものづくり EXP02022の様子"), suggest("DX実践ゼミ")
    ('ものづくり EXPO2022の様子', None)
    """
    found = find_suspicions(text)
    return apply_suspicions(text, found) if found else None


def describe(suspicions: list[Suspicion]) -> str:
    """A human-readable account of the suspicions, for a warning message.

    >>> describe(find_suspicions("パピリオン共同出展事業"))
    "'パピリオン' is not in the dictionary but 'パビリオン' is (ピ→ビ: semi-voiced mark read for a voiced mark)"
    """
    return "; ".join(
        f"{s.token!r} is not in the dictionary but {s.word!r} is "
        f"({s.confusion.source}→{s.confusion.target}: {s.confusion.reason})"
        for s in suspicions
    )
