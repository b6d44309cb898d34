"""The three category headings of a plan, from ``pipeline/data/categories.csv``.

Every plan overview lists its initiatives under the same three numbered headings:
(1) collaboration with diverse actors, (2) response to large socio-economic change,
(3) other.  Their published wording, keys and labels are reference data, read here once
per process for the segmenter (which recognises the headings) and the validator (which
checks ``category_no``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from pipeline.lang.datafiles import read_data_csv

CATEGORIES_FILE = "categories.csv"
CATEGORY_COLUMNS = ("category_no", "category", "heading_ja", "label_en", "label_ja")


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
