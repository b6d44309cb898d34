"""Characters as a PDF gives them, turned into the code points the text path has.

A PDF's text map is not the text: Word and browser exports map common ideographs to
Kangxi-radical or CJK-compatibility code points (⽇ U+2F47 for 日), Japanese fonts draw
〜 and ～ with one glyph so only one of them comes back, and a font without a Unicode
map gives pdfminer's ``(cid:NNN)`` placeholders.  The first two are repaired from data
files (``pipeline/data/cjk_variants.csv``, ``pdf_cid_folds.csv``, sources in
``pipeline/data/SOURCES.md``); the third stops the document, because a guessed
character would be a silent wrong value.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from pipeline.lang.datafiles import read_data_csv
from pipeline.read.pdf.errors import UnmappedFontError
from pipeline.read.pdf.rotation import is_upright

#: Code points folded to unified ideographs, with their source in ``SOURCES.md``.
CJK_VARIANTS_FILE = "cjk_variants.csv"
#: Folds for non-embedded (Adobe-Japan1) CID fonts, whose CIDs merge some code points.
CID_FOLDS_FILE = "pdf_cid_folds.csv"

_CID = re.compile(r"^\(cid:\d+\)$")
#: The six-letter tag of an embedded subset (``ABCDEF+``): two subsets of one font are one font.
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")

#: One upright character of a page: bottom, x0, x1, top, font size, text, font name.
Glyph = tuple[float, float, float, float, float, str, str]


def font_name(name: str) -> str:
    """A font's name without its subset tag: the family and weight, as a PDF names them.

    >>> font_name("ABCDEF+IPAexGothic"), font_name("MS-Gothic,Bold")
    ('IPAexGothic', 'MS-Gothic,Bold')
    """
    return _SUBSET_TAG.sub("", name)


@functools.cache
def cjk_variants() -> dict[str, str]:
    """Kangxi radicals and CJK compatibility ideographs to unified ideographs.

    >>> cjk_variants()["\\u2f47"], cjk_variants()["\\u2ed1"]
    ('日', '長')
    """
    return {
        chr(int(r["code_point"][2:], 16)): chr(int(r["unified"][2:], 16))
        for r in read_data_csv(CJK_VARIANTS_FILE, required=("code_point", "unified"))
    }


@functools.cache
def cid_folds() -> dict[str, str]:
    """Characters a PDF cannot tell apart, mapped to the form Japanese office documents use.

    Japanese fonts draw 〜 (U+301C) and ～ (U+FF5E) with one glyph, so a PDF's text map can
    give only one of them: non-embedded Adobe-Japan1 fonts and browsers' embedded subsets
    both answer U+301C.  Documents written in CP932 (Word, Excel, the web text of the
    announcements) use U+FF5E, so that is what the reader returns.

    >>> cid_folds()["\u301c"]
    '～'
    """
    rows = read_data_csv(CID_FOLDS_FILE, required=("from", "to"))
    return {chr(int(r["from"][2:], 16)): chr(int(r["to"][2:], 16)) for r in rows}


def repair_variants(text: str) -> tuple[str, int]:
    """Map Kangxi-radical / compatibility code points back; return the text and the count.

    >>> repair_variants("\\u2f47本\\u2f49")
    ('日本月', 2)
    """
    table = cjk_variants()
    out = [table.get(ch, ch) for ch in text]
    n = sum(1 for a, b in zip(text, out, strict=True) if a != b)
    return "".join(out), n


def page_glyphs(chars: list[dict[str, Any]], page_no: int, display_path: str) -> tuple[list[Glyph], int, int]:
    """:func:`record_glyphs` of pdfplumber's ``page.chars`` dicts.

    >>> ch = {"bottom": 20.0, "x0": 0.0, "x1": 10.0, "top": 10.0, "size": 10, "text": "\\u2f47", "fontname": "F"}
    >>> page_glyphs([ch, {**ch, "text": "\u301c"}, {**ch, "upright": False}], 1, "a.pdf")
    ([(20.0, 0.0, 10.0, 10.0, 10.0, '日', 'F'), (20.0, 0.0, 10.0, 10.0, 10.0, '～', 'F')], 1, 1)
    """
    records = (
        (
            ch["text"],
            ch["x0"],
            ch["x1"],
            ch["top"],
            ch["bottom"],
            ch["size"],
            ch.get("fontname", ""),
            is_upright(*ch["matrix"][:4]) if "matrix" in ch else ch.get("upright", True),
        )
        for ch in chars
    )
    return record_glyphs(records, page_no, display_path)


def record_glyphs(
    chars: Iterable[tuple[str, float, float, float, float, float, str, bool]], page_no: int, display_path: str
) -> tuple[list[Glyph], int, int]:
    """The upright characters of a page with their code points repaired, the repair count, and the sideways count.

    Args:
        chars: ``(text, x0, x1, top, bottom, size, fontname, upright)`` per character, the
            fields of pdfplumber's ``page.chars``.
        page_no: the page number, for the message.
        display_path: the file's name in messages.

    Returns:
        The glyphs in the order given, how many Kangxi/compatibility code points
        were mapped to unified ideographs (wave-dash folds are not counted), and how many
        characters other than spaces were left out for not being upright (text turned
        sideways, or vertical writing), so that a page of such text is not taken for blank.

    Raises:
        UnmappedFontError: a glyph has no Unicode mapping.

    >>> record_glyphs([("\u2f47", 0.0, 10.0, 10.0, 20.0, 10, "ABCDEF+F", True)], 1, "a.pdf")
    ([(20.0, 0.0, 10.0, 10.0, 10.0, '日', 'F')], 1, 0)
    """
    glyphs: list[Glyph] = []
    repaired = sideways = 0
    table = cjk_variants()
    folds = cid_folds()
    fonts: dict[str, str] = {}
    append = glyphs.append
    for text, x0, x1, top, bottom, size, fontname, upright in chars:
        if not upright:
            sideways += not text.isspace()
            continue
        if len(text) > 1 and _CID.match(text):
            raise UnmappedFontError(
                f"font {fontname!r} has glyphs with no Unicode mapping "
                f"({text}); the text cannot be read reliably. Re-export the PDF with fonts "
                "embedded (or as PDF/A), or supply the text version of the document",
                path=display_path,
                location=f"page {page_no}",
            )
        if text in table:
            text = table[text]
            repaired += 1
        elif text in folds:
            text = folds[text]  # one glyph, two code points: keep the office-document one
        font = fonts.get(fontname)
        if font is None:
            font = fonts[fontname] = font_name(fontname)
        append((bottom, x0, x1, top, float(size), text, font))
    return glyphs, repaired, sideways
