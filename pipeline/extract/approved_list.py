"""The list of approved municipalities in a release's lead.

The lead names them in one sentence — 「この度、品川区、中野区、江戸川区、八王子市及び三鷹市が
策定した「地域産業活性化計画」を承認し…」 — or after it, one a line (「下記の区市の計画を承認
しました。」 then ・品川区 ・中野区…).  So the list is read from the first sentence of the
lead that holds the approval verb (承認, ``approval_verb`` in
``pipeline/data/release_phrases.csv``) and names a municipality, else from the sentence that
follows it, else from the lines after the lead's last sentence (a list or a table placed
after the lead's closing sentence):

1. the text is split at the list separators (及び, 並びに, 、, ・ …, kind
   ``list_separator``) and at line breaks;
2. a piece that is a name of the municipality table is a name; a piece may also carry the
   sentence around the list (この度品川区 / 三鷹市が策定した…): then the longest known
   name at its start (which ends the list) or at its end (which starts it) counts, else a
   known name inside it on Sudachi token boundaries (この度品川区が策定した…: a list of one);
3. a piece shaped like a municipality name (…区/市/町/村, no particle or punctuation,
   alone or before が/の/を) that the table does not know is kept as an *unknown* name (no
   code): the caller warns;
4. the list is the longest run of consecutive names.

A piece that ends in two of 区市町村 (承認した区市町村, 対象区市町村: the generic word) is not
shaped like an unknown name; real names that end so (十日町市, 四日市市) are in the table.
A table of the approved municipalities reaches the lead as ``label：value`` lines, one per
cell (``区市町村名：檜原村``, ``計画期間：令和元年度～令和3年度``): a cell labelled as the
municipality column (``pipeline/data/table_headers.csv``) is read as its value, a cell of
another known column is passed over without ending the run.

Names are looked up with the document's prefecture as tie-breaker
(:func:`pipeline.lang.municipalities.lookup`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.lang import municipalities, releases
from pipeline.lang.tableheaders import header_field

SENTENCE_END = "。"
LINE_BREAK = "\n"
#: Longest municipality name looked for inside a piece (四日市市, 小笠原村 are far shorter).
MAX_NAME_CHARS = 10
#: Characters an unknown name never holds: punctuation and the particles around a list.
_NOT_IN_NAME = r"\s、。，,「」『』()（）!?！？:：のがをはにでと"
#: A piece that is shaped like a municipality name.
_NAME_SHAPE = re.compile(rf"^[^{_NOT_IN_NAME}]{{1,{MAX_NAME_CHARS - 1}}}[区市町村]$")
#: An unknown name at the start of the last piece, before a particle: ほげ町が策定した….
_NAME_BEFORE_PARTICLE = re.compile(rf"^([^{_NOT_IN_NAME}]{{1,{MAX_NAME_CHARS - 1}}}?[区市町村])(?=[がのをはと])")
#: Characters a name is never made of alone (区市町村 is the generic word, not a place).
_GENERIC = frozenset("区市町村")
_MARKS = " \u3000\t•●○◦‣-*【】"
#: A table cell written as ``label：value``; the label is short.
_LABELLED = re.compile(r"^(?P<label>[^:：]{1,20})[:：]\s*")
#: The column whose cells name the approved municipalities.
MUNICIPALITY_FIELD = "municipality"


@dataclass(frozen=True, slots=True)
class Listed:
    """One municipality of the list.

    Attributes:
        raw: the name as published.
        code: its 6-digit code, ``None`` when the table does not know it (or knows several).
        name: the table's name, or the published one when unknown.
        offset: where it stands in the text the list was read from.
    """

    raw: str
    code: str | None
    name: str
    offset: int


def _known(name: str, prefecture: str | None) -> municipalities.Municipality | None:
    found = municipalities.lookup(name, prefecture) if name else ()
    return found[0] if len(found) == 1 else None


def _is_name(name: str, prefecture: str | None) -> bool:
    return bool(name) and bool(municipalities.lookup(name, prefecture))


def _pieces(text: str) -> list[tuple[int, str]]:
    """The text split at separators and line breaks, with each piece's offset."""
    pattern = re.compile("(?:" + releases.alternation("list_separator") + "|" + LINE_BREAK + ")")
    out, start = [], 0
    for m in pattern.finditer(text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return [(offset + len(p) - len(p.lstrip(_MARKS)), p.strip(_MARKS)) for offset, p in out if p.strip(_MARKS)]


def _cells(pieces: list[tuple[int, str]]) -> list[tuple[int, str | None]]:
    """Pieces with a table cell's label taken off: ``None`` for a cell of another known column.

    >>> _cells([(0, "区市町村名：檜原村"), (10, "計画期間：令和元年度"), (20, "備考：なし"), (30, "八丈町")])
    [(6, '檜原村'), (15, None), (20, '備考：なし'), (30, '八丈町')]
    """
    out: list[tuple[int, str | None]] = []
    for offset, piece in pieces:
        m = _LABELLED.match(piece)
        field = header_field(m["label"]) if m else None
        if m is None or field is None:
            out.append((offset, piece))
        else:
            out.append((offset + m.end(), piece[m.end() :] if field == MUNICIPALITY_FIELD else None))
    return out


def _name_in(piece: str, prefecture: str | None) -> tuple[int, str, str] | None:
    """The name a piece holds: ``(offset in the piece, spelling, role)`` by the rules of the module.

    ``role`` is ``whole`` (the piece is the name), ``ends`` (the sentence goes on after the
    name: it ends the list), ``starts`` (the sentence comes before it: it starts the list) or
    ``alone`` (a name inside a sentence, on Sudachi token boundaries: a list of one).
    """
    if _is_name(piece, prefecture) or (_NAME_SHAPE.match(piece) and not set(piece[-2:]) <= _GENERIC):
        return 0, piece, "whole"
    for n in range(min(len(piece), MAX_NAME_CHARS), 1, -1):
        if _is_name(piece[:n], prefecture):
            return 0, piece[:n], "ends"
    m = _NAME_BEFORE_PARTICLE.match(piece)
    if m and not set(m[1][-2:]) <= _GENERIC:
        return 0, m[1], "ends"
    for n in range(min(len(piece), MAX_NAME_CHARS), 1, -1):
        if _is_name(piece[-n:], prefecture):
            return len(piece) - n, piece[-n:], "starts"
    inside = municipalities.find_in_text(piece, prefecture)  # この度品川区が策定した…: a list of one
    if inside is not None and inside[1] and piece.rfind(inside[0]) >= 0:
        return piece.rfind(inside[0]), inside[0], "alone"
    return None


def names_in(text: str, prefecture: str | None = None) -> list[Listed]:
    """The longest run of municipality names in ``text`` (one sentence or list).

    >>> [x.name for x in names_in("この度、品川区、中野区、江戸川区、八王子市及び三鷹市が策定した計画を承認し、お知らせします")]
    ['品川区', '中野区', '江戸川区', '八王子市', '三鷹市']
    >>> [(x.name, x.code) for x in names_in("この度品川区並びにほげ町が策定した", "東京都")]
    [('品川区', '131091'), ('ほげ町', None)]
    """
    runs: list[list[Listed]] = [[]]
    for offset, piece in _cells(_pieces(text)):
        if piece is None:
            continue  # another column of a table row
        found = _name_in(piece, prefecture)
        if found is None:
            runs.append([])
            continue
        at, raw, role = found
        if role in ("starts", "alone"):
            runs.append([])
        muni = _known(unicodedata.normalize("NFKC", raw), prefecture)
        runs[-1].append(Listed(raw, muni.code if muni else None, muni.name if muni else raw, offset + at))
        if role in ("ends", "alone"):
            runs.append([])
    return max(runs, key=len)


def approved_municipalities(lead: str, prefecture: str | None = None) -> list[Listed]:
    """The approved municipalities of a lead (see the module docstring), offsets into ``lead``.

    >>> lead = "東京都は、区市町村を支援しています。\\n下記の区市の計画を承認しました。\\n・品川区\\n・中野区\\n計画が開始される令和7年度から3年間"
    >>> [x.name for x in approved_municipalities(lead)]
    ['品川区', '中野区']
    """
    verbs = releases.phrases("approval_verb")
    sentences, start = [], 0
    for part in lead.split(SENTENCE_END):
        sentences.append((start, part))
        start += len(part) + len(SENTENCE_END)
    for i, (_, sentence) in enumerate(sentences):
        if not any(v in unicodedata.normalize("NFKC", sentence) for v in verbs):
            continue
        # the approval sentence, the next one, and the lines that end the lead without a
        # sentence (a list or a table placed after the lead's last sentence)
        for at, text in [*sentences[i : i + 2], *sentences[max(i + 2, len(sentences) - 1) :]]:
            found = names_in(text, prefecture)
            if found:
                return [Listed(x.raw, x.code, x.name, at + x.offset) for x in found]
    return []
