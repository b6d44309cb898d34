"""The three category headings of a plan, from ``pipeline/data/categories.csv``.

Every plan overview lists its initiatives under the same three numbered headings:
(1) collaboration with diverse actors, (2) response to large socio-economic change,
(3) other.  Their published wording, keys and labels are reference data, read here once
per process for the segmenter (which recognises the headings) and the validator (which
checks ``category_no``).
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from pipeline.lang.datafiles import read_data_csv

CATEGORIES_FILE = "categories.csv"
CATEGORY_COLUMNS = ("category_no", "category", "heading_ja", "label_en", "label_ja")
#: Categories whose body is itself the program list ((3) その他の取組: 「A事業、B事業」);
#: the others name their programs in a final （…） group or behind bullets.
LIST_CATEGORIES = frozenset({3})
#: Phrases that say a category has no program (該当なし, 特になし, ―), with their source.
NO_PROGRAM_FILE = "no_program_words.csv"


@dataclass(frozen=True, slots=True)
class Category:
    category_no: int
    category: str
    heading_ja: str
    label_en: str
    label_ja: str


@functools.cache
def load_categories() -> tuple[Category, ...]:
    return tuple(
        Category(int(r["category_no"]), r["category"], r["heading_ja"], r["label_en"], r["label_ja"])
        for r in read_data_csv(CATEGORIES_FILE, required=CATEGORY_COLUMNS)
    )


def _phrase_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).rstrip("。.")


@functools.cache
def _no_program_phrases() -> frozenset[str]:
    return frozenset(_phrase_key(r["phrase"]) for r in read_data_csv(NO_PROGRAM_FILE, required=("phrase",)))


def says_no_program(body: str) -> bool:
    """Whether a whole body says the category has no program.

    >>> [says_no_program(t) for t in ("該当なし", "特になし。", "－", "なし崩し事業", "")]
    [True, True, True, False, False]
    """
    return _phrase_key(body) in _no_program_phrases()
