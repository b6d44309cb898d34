"""Program themes and instruments from a controlled vocabulary, with the rule behind each label.

A program name is tokenised by SudachiPy and compared with the keywords of
``pipeline/data/themes.csv`` by normalized forms (:mod:`.vocabulary`, :mod:`.matching`).
Themes — what a program is about — are every class whose keyword occurs; the
instrument — how it works — is read off the head of the compound, the keyword that ends
last (:mod:`.classify`).  Reviewed corrections in ``pipeline/data/theme_overrides.csv``
win over the rules (:mod:`.overrides`).  Every label records its rule, so the
``themes_rule`` and ``instrument_rule`` columns of the programs table trace it.

The rules were tuned on the tuning parts of ``tests/data/program_labels.csv``, names of
other municipalities' programs; ``python -m pipeline.tools.eval_themes`` measures them on
the held part, ``held5`` (figures in docs/themes.md).
"""

from pipeline.lang.themes.classify import NO_RULE, Classification, classify
from pipeline.lang.themes.docs import markdown_tables
from pipeline.lang.themes.overrides import Override, load_overrides, parse_overrides
from pipeline.lang.themes.vocabulary import (
    INSTRUMENT,
    KINDS,
    THEME,
    UNCLASSIFIED,
    ThemeClass,
    forms,
    load_vocabulary,
    parse_vocabulary,
)

__all__ = [
    "INSTRUMENT",
    "KINDS",
    "NO_RULE",
    "THEME",
    "UNCLASSIFIED",
    "Classification",
    "Override",
    "ThemeClass",
    "classify",
    "forms",
    "load_overrides",
    "load_vocabulary",
    "markdown_tables",
    "parse_overrides",
    "parse_vocabulary",
]
