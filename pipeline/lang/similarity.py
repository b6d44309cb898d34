"""How alike two program names are, for following a program from one plan to the next.

Two programs with the same ``name_key`` are the same program.  A program renamed slightly
(DX伴走支援事業 → DX伴走型支援事業, 促進 → 推進) keeps most of its *subject*, while two
different programs of one municipality often share only the words that name the form of
any program (支援, 事業, 推進…).  So the score compares subjects:

1. the **core key** of a name: its SudachiPy normalized forms (as ``name_key``), without
   symbols, particles and auxiliaries (の, を…) and without the generic words of
   ``pipeline/data/generic_words.csv``; when nothing of two characters or more is left (a
   program called 支援事業), the whole key is used;
2. the **Dice coefficient of the character bigrams** of the two core keys:
   2·|A∩B| / (|A| + |B|) over bigram multisets, in [0, 1].  Bigrams suit Japanese
   compounds, whose words are not separated and whose tokenisation varies with the
   dictionary; Dice on bigrams is the usual measure for short strings.

:data:`SIMILAR_MIN_SCORE` is the threshold above which a renamed program counts as the
same program continued.  It was chosen on the hand-labelled pairs of
``tests/data/program_pairs.csv`` (docs/rounds.md shows the sweep, and
``python -m pipeline.tools.thresholds`` recomputes it): on those pairs the plain bigram
Dice of the name keys cannot separate renamed programs from different ones (0.625 vs
0.632), the core keys can (every different pair ≤ 0.40, every renamed pair ≥ 0.50), and
the threshold is the middle of that gap.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter

from pipeline.lang.datafiles import read_data_csv
from pipeline.lang.normalize import strip_provisional
from pipeline.lang.sudachi import tokenize

GENERIC_WORDS_FILE = "generic_words.csv"
#: Score from which a renamed program is linked as ``similar`` (docs/rounds.md).
SIMILAR_MIN_SCORE = 0.45
#: Decimals kept of a score, so that CSV and Parquet hold the same value on every machine.
SCORE_DECIMALS = 3
#: Shortest core key used on its own; shorter ones fall back to the whole key.
MIN_CORE_CHARS = 2
#: Parts of speech that carry no subject: particles and auxiliary verbs.
FUNCTION_POS = frozenset({"助詞", "助動詞"})
#: Texts whose bigrams are kept per process (core keys of program names: a few per program).
BIGRAM_CACHE_SIZE = 65536


@functools.cache
def generic_words() -> frozenset[str]:
    """The Sudachi normalized forms of the generic program words.

    >>> sorted(generic_words())[:3]
    ['事業', '促進', '推進']
    """
    rows = read_data_csv(GENERIC_WORDS_FILE, required=("word", "reason"))
    return frozenset(t.normalized for r in rows for t in tokenize(unicodedata.normalize("NFKC", r["word"])))


@functools.lru_cache(maxsize=65536)
def core_key(name: str) -> str:
    """The subject of a program name: normalized forms without generic words and particles.

    >>> core_key("ビジネスサポートセンターの運営"), core_key("中小企業等デジタル化推進支援事業")
    ('ビジネスサポートセンター運営', '中小企業デジタル化')
    >>> core_key("支援事業")
    '支援事業'
    """
    text = unicodedata.normalize("NFKC", strip_provisional(name)[0]).lower()
    tokens = [t for t in tokenize(text) if not t.is_symbol]
    generic = generic_words()
    kept = "".join(t.normalized.lower() for t in tokens if t.normalized not in generic and t.pos[0] not in FUNCTION_POS)
    return kept if len(kept) >= MIN_CORE_CHARS else "".join(t.normalized.lower() for t in tokens)


def bigrams(text: str) -> Counter[str]:
    """The character bigrams of ``text`` as a multiset (a one-character text is its own bigram).

    >>> sorted(bigrams("産業振興").elements())
    ['振興', '業振', '産業']
    """
    if len(text) < 2:
        return Counter([text] if text else [])
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


@functools.lru_cache(maxsize=BIGRAM_CACHE_SIZE)
def _bigram_set(text: str) -> tuple[Counter[str], int]:
    """:func:`bigrams` of ``text`` and their count, computed once per text: a plan's program is
    compared with every program of the previous plan, so each name recurs many times."""
    found = bigrams(text)
    return found, sum(found.values())


def dice(a: str, b: str) -> float:
    """Dice coefficient of the bigram multisets of ``a`` and ``b`` (1.0 for two empty texts).

    >>> dice("産業基礎調査", "産業実態基礎調査")
    0.6666666666666666
    >>> dice("ab", "cd"), dice("", "")
    (0.0, 1.0)
    """
    (x, nx), (y, ny) = _bigram_set(a), _bigram_set(b)
    total = nx + ny
    if not total:
        return 1.0
    if len(y) < len(x):
        x, y = y, x
    shared = 0  # the size of the multisets' intersection; Counter's ``&`` builds a new Counter
    for gram, count in x.items():
        if gram in y:
            shared += min(count, y[gram])
    return 2 * shared / total


def name_similarity(a: str, b: str) -> float:
    """The score of two program names (see the module docstring), rounded.

    >>> name_similarity("新分野展開促進事業", "新分野展開支援事業")
    1.0
    >>> name_similarity("販路拡大支援事業", "創業促進支援事業")
    0.0
    >>> name_similarity("事業承継支援事業", "事業承継総合支援事業") >= SIMILAR_MIN_SCORE
    True
    """
    return round(dice(core_key(a), core_key(b)), SCORE_DECIMALS)
