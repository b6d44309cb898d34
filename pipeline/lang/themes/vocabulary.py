"""The controlled vocabulary of themes and instruments (``pipeline/data/themes.csv``).

One row per class.  ``kind`` is ``theme`` (what a program is about; a program gets every
theme that matches) or ``instrument`` (how it works; a program gets exactly one).  Three
keyword columns, each a ``|``-separated list of plain words:

* ``keywords`` — matched as whole-token sequences of SudachiPy normalized forms anywhere
  in the name (取組/取り組み, あっせん/斡旋 alike; 会 never inside 会議所);
* ``suffixes`` — matched at the end of a single token's normalized form, for compounds the
  dictionary keeps whole (産業祭 ends with 祭, バスツアー with ツアー, お祭り → 御祭り with 祭り);
* ``weak_keywords`` — used only when no keyword of the same kind matched: words that
  suggest rather than name a class (設備投資 or 商品券 support is mostly a subsidy, 連携 a
  network; 中小企業 or 融資 alone make a program about management);
* ``tail_keywords`` — instruments only, used when neither matched: the generic heads of
  program names (…支援事業 → consulting, …推進事業 → other);
* ``support_as`` and ``support_heads`` — instruments only, optional: a name whose keyword
  of this class is followed by one of the ``support_heads`` (支援, サポート, 応援) is of
  instrument ``support_as``.  Support for a thing the municipality does not provide itself
  is a grant: 農業後継者**研修支援**事業, 創業サポート**施設開設支援**事業 are subsidies;
  support for a service stays that service (企業課題**相談支援**事業 is consulting), and
  other generic heads (…システムの**構築**) change nothing.

The file is validated when loaded: a bad row raises :class:`ReferenceDataError` naming
the line, so a typo never silently drops a class.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.datafiles import data_path, read_data_csv
from pipeline.lang.sudachi import DEFAULT_MODE, tokenize

THEMES_FILE = "themes.csv"
THEME = "theme"
INSTRUMENT = "instrument"
KINDS = (THEME, INSTRUMENT)
KEYWORD_SEPARATOR = "|"
UNCLASSIFIED = "unclassified"
#: Sudachi's short units: theme keywords are also looked for inside compounds the default
#: mode keeps whole (技能者 → 技能・者, 特許権 → 特許・権, 交流会 → 交流・会).
SHORT_UNIT_MODE = "A"
#: Columns every row must have (the keyword columns may be empty, see parse_vocabulary).
REQUIRED_COLUMNS = ("kind", "class", "label_en", "label_ja", "keywords", "suffixes", "weak_keywords", "tail_keywords")
#: Optional columns (see the module docstring).
SUPPORT_AS, SUPPORT_HEADS = "support_as", "support_heads"


@dataclass(frozen=True, slots=True)
class ThemeClass:
    """One class of the vocabulary, its keywords as written and as normalized-form sequences."""

    kind: str
    name: str
    label_en: str
    label_ja: str
    keywords: tuple[str, ...]
    sequences: tuple[tuple[str, ...], ...]
    suffixes: tuple[str, ...] = ()
    weak_keywords: tuple[str, ...] = ()
    weak_sequences: tuple[tuple[str, ...], ...] = ()
    tail_keywords: tuple[str, ...] = ()
    tail_sequences: tuple[tuple[str, ...], ...] = ()
    support_as: str = ""
    support_heads: tuple[str, ...] = ()


def forms(text: str, mode: str = DEFAULT_MODE) -> tuple[str, ...]:
    """Lower-cased Sudachi normalized forms of ``text``; symbols and spaces become ``""``.

    Symbols are kept as empty forms so that a keyword never matches across them.
    ``mode`` is Sudachi's split mode (:data:`SHORT_UNIT_MODE` splits compounds further).

    >>> forms("ものづくり・IT商談会")
    ('物作り', '', 'it', '商談', '会')
    >>> forms("卓越技能者表彰", SHORT_UNIT_MODE)
    ('卓越', '技能', '者', '表彰')
    """
    text = unicodedata.normalize("NFKC", text)
    return tuple("" if t.is_symbol else t.normalized.lower() for t in tokenize(text, mode))


def unknown_words(text: str) -> tuple[str, ...]:
    """Lower-cased normalized forms of the tokens of ``text`` the dictionary does not know.

    Unknown words are mostly compounds written together (ゼロカーボンチャレンジ), which
    :func:`pipeline.lang.themes.matching.inside_unknown` looks into.

    >>> unknown_words("中小企業者ゼロカーボンチャレンジ補助金")
    ('ゼロカーボンチャレンジ',)
    """
    text = unicodedata.normalize("NFKC", text)
    return tuple(t.normalized.lower() for t in tokenize(text) if t.oov and not t.is_symbol)


def split_keywords(cell: str | None) -> tuple[str, ...]:
    """The non-empty, stripped words of a ``|``-separated cell.

    >>> split_keywords(" 補助金| 助成 ||")
    ('補助金', '助成')
    """
    return tuple(k.strip() for k in (cell or "").split(KEYWORD_SEPARATOR) if k.strip())


def keyword_sequence(keyword: str) -> tuple[str, ...]:
    """The normalized-form sequence a keyword is matched as (symbols dropped).

    >>> keyword_sequence("利子補給")
    ('利子', '補給')
    """
    return tuple(f for f in forms(keyword) if f)


def suffix_form(suffix: str) -> str:
    """A suffix as compared with the end of a token's normalized form: as written, NFKC, lower-cased.

    Written as the normalized form ends (御祭り ends with 祭り, 産業祭 with 祭).

    >>> suffix_form("ＣＥＮＴＥＲ")
    'center'
    """
    return unicodedata.normalize("NFKC", suffix).lower()


def _row_error(message: str, path: str, line: int) -> ReferenceDataError:
    return ReferenceDataError(message, path=path, location=f"line {line}")


def parse_row(r: dict[str, str], line: int, path: str = THEMES_FILE) -> ThemeClass:
    """One validated class from one row of the vocabulary file.

    Raises:
        ReferenceDataError: unknown kind, no class name, no labels or no keyword at all.
    """
    kind, name = (r.get("kind") or "").strip(), (r.get("class") or "").strip()
    if kind not in KINDS or not name or name == UNCLASSIFIED:
        raise _row_error(f"bad kind/class {kind!r}/{name!r}; kind must be one of {', '.join(KINDS)}", path, line)
    keywords, weak = split_keywords(r.get("keywords")), split_keywords(r.get("weak_keywords"))
    suffixes, tail = split_keywords(r.get("suffixes")), split_keywords(r.get("tail_keywords"))
    support_as, support_heads = (r.get(SUPPORT_AS) or "").strip(), split_keywords(r.get(SUPPORT_HEADS))
    if (tail or support_as or support_heads) and kind != INSTRUMENT:
        raise _row_error(f"class {name!r}: tail_keywords and {SUPPORT_AS} are for instruments only", path, line)
    if bool(support_as) != bool(support_heads):
        raise _row_error(f"class {name!r}: {SUPPORT_AS} and {SUPPORT_HEADS} go together", path, line)
    if (
        not (keywords or weak or suffixes or tail)
        or not (r.get("label_en") or "").strip()
        or not (r.get("label_ja") or "")
    ):
        raise _row_error(f"class {name!r} needs keywords and both labels", path, line)
    return ThemeClass(
        kind=kind,
        name=name,
        label_en=r["label_en"].strip(),
        label_ja=r["label_ja"].strip(),
        keywords=keywords,
        sequences=tuple(keyword_sequence(k) for k in keywords),
        suffixes=tuple(suffix_form(s) for s in suffixes),
        weak_keywords=weak,
        weak_sequences=tuple(keyword_sequence(k) for k in weak),
        tail_keywords=tail,
        tail_sequences=tuple(keyword_sequence(k) for k in tail),
        support_as=support_as,
        support_heads=tuple(suffix_form(h) for h in support_heads),
    )


def parse_vocabulary(rows: list[dict[str, str]], path: str = THEMES_FILE) -> tuple[ThemeClass, ...]:
    """Validate the rows of the vocabulary file and tokenise their keywords.

    Raises:
        ReferenceDataError: a bad row (see :func:`parse_row`) or a class listed twice.
    """
    out: list[ThemeClass] = []
    seen: set[tuple[str, str]] = set()
    for line, r in enumerate(rows, start=2):
        cls = parse_row(r, line, path)
        if (cls.kind, cls.name) in seen:
            raise _row_error(f"duplicate kind/class {cls.kind!r}/{cls.name!r}", path, line)
        seen.add((cls.kind, cls.name))
        out.append(cls)
    instruments = {c.name for c in out if c.kind == INSTRUMENT}
    for line, cls in enumerate(out, start=2):
        if cls.support_as and cls.support_as not in instruments:
            raise _row_error(f"class {cls.name!r}: {SUPPORT_AS} {cls.support_as!r} is no instrument class", path, line)
    return tuple(out)


@functools.cache
def load_vocabulary() -> tuple[ThemeClass, ...]:
    """The packaged vocabulary."""
    return parse_vocabulary(read_data_csv(THEMES_FILE, REQUIRED_COLUMNS), data_path(THEMES_FILE))
