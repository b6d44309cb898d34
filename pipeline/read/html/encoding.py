"""Decode an HTML file the way the HTML Standard decides its encoding — but strictly.

Order (https://html.spec.whatwg.org/multipage/parsing.html#determining-the-character-encoding):

1. a byte-order mark (UTF-8, UTF-16 LE/BE) decides;
2. else a ``<meta charset>`` or ``<meta http-equiv="Content-Type" content="…charset=…">``
   in the first 1024 bytes (:func:`pipeline.read.html.prescan.prescan`), its label mapped
   by the Encoding Standard's label table (``pipeline/data/html_encodings.csv``):
   Shift_JIS and its aliases are decoded as CP932 (the Encoding Standard's Shift_JIS *is*
   the Windows table), EUC-JP as EUC-JP with the Encoding Standard's index-jis0208 code
   points (``pipeline/data/html_euc_jp_whatwg.csv``: 0xA1C1 is ～, as a browser shows it);
3. else strict UTF-8, then strict CP932, then strict EUC-JP.

Where a browser would replace undecodable bytes by U+FFFD, this reader never does:
every candidate is decoded strictly, and the result must also be *plausible* — a
Japanese decoding made mostly of half-width katakana is the classic sign of EUC-JP
read as Shift_JIS (or the reverse).  When the declaration contradicts the bytes (declared
UTF-8 but the bytes are CP932; declared Shift_JIS but the bytes are valid UTF-8, which
random CP932 text almost never is), the encoding that fits the bytes is used and a
``html_charset_mismatch`` warning names the file, the declared and the used encoding.
A page without declaration read as anything but UTF-8 gets ``html_charset_undeclared``
(a browser in another locale would show it garbled).  Bytes that no candidate decodes
raise :class:`~pipeline.core.errors.DecodeError` naming the first bad line.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from pipeline.core.errors import Code, DecodeError, Issue, Severity
from pipeline.lang.datafiles import read_data_csv
from pipeline.read.html.prescan import prescan

logger = logging.getLogger(__name__)

#: Encodings tried, in order, when nothing is declared or the declaration does not fit.
FALLBACK_CODECS = ("utf-8", "cp932", "euc_jp")
#: Largest share of half-width katakana among the non-ASCII characters of a plausible
#: Japanese decoding (real pages use almost none; EUC-JP read as CP932 is mostly them).
MAX_HALFWIDTH_KANA_SHARE = 0.3
#: Share of Japanese letters among non-ASCII characters above which a Japanese decoding
#: beats a declared single-byte Latin encoding.
MIN_JAPANESE_SHARE = 0.5
LATIN_CODECS = frozenset({"cp1252"})
#: Longest character of the encodings read here, in bytes.
MAX_CHAR_BYTES = 4
_HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]")
_JAPANESE = re.compile("[\u3000-\u30ff\u4e00-\u9fff]")
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True, slots=True)
class Decoded:
    """The decoded page and how its encoding was decided.

    Attributes:
        text: the page as text.
        codec: the Python codec used (``cp932`` for Shift_JIS).
        declared: the label found by the prescan, or ``None``.
        source: ``bom``, ``meta`` or ``fallback``.
        cut: bytes of an incomplete character at the very end of the file that were left
            out (a download cut in the middle of a character), else 0.
        warning: the warning when the declaration did not fit or was missing (the build
            stamps its doc_id).
    """

    text: str
    codec: str
    declared: str | None
    source: str
    warning: Issue | None = None
    cut: int = 0


@functools.cache
def labels() -> dict[str, str]:
    """Encoding label -> Python codec (Encoding Standard labels of the encodings read here).

    >>> labels()["x-sjis"], labels()["euc-jp"], labels()["utf8"]
    ('cp932', 'euc_jp', 'utf-8')
    """
    rows = read_data_csv("html_encodings.csv", required=("label", "codec"))
    return {r["label"].strip().lower(): r["codec"] for r in rows}


@functools.cache
def _euc_jp_table() -> dict[int, str]:
    rows = read_data_csv("html_euc_jp_whatwg.csv", required=("python", "whatwg"))
    return {int(r["python"][2:], 16): chr(int(r["whatwg"][2:], 16)) for r in rows}


def decode_as(data: bytes, codec: str) -> str:
    """Strictly decode ``data``; EUC-JP gets the Encoding Standard's code points.

    >>> decode_as("令和5年度〜令和7年度".encode("euc_jp"), "euc_jp")
    '令和5年度～令和7年度'

    Raises:
        UnicodeDecodeError: a byte sequence is invalid in ``codec``.
    """
    text = data.decode(codec)
    return text.translate(_euc_jp_table()) if codec == "euc_jp" else text


def plausible(text: str, codec: str) -> bool:
    """Whether a strict decoding reads like text of that encoding (see the module docstring).

    >>> plausible("ｷﾗｲ計画", "cp932"), plausible("計画の概要", "cp932"), plausible("café", "cp1252")
    (False, True, True)
    """
    if codec in ("utf-8", "utf-8-sig") or codec in LATIN_CODECS:
        return True
    non_ascii = _non_ascii(text)
    return not non_ascii or _count(_HALFWIDTH_KANA, text) / non_ascii <= MAX_HALFWIDTH_KANA_SHARE


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(text) - len(pattern.sub("", text))


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def _japanese_share(text: str) -> float:
    non_ascii = _non_ascii(text)
    return _count(_JAPANESE, text) / non_ascii if non_ascii else 0.0


def _try(data: bytes, codec: str) -> str | None:
    try:
        return decode_as(data, codec)
    except (UnicodeDecodeError, LookupError):
        return None


def incomplete_tail(data: bytes, codec: str) -> int:
    """Bytes of an incomplete multi-byte character at the end of ``data`` (0 when none).

    >>> incomplete_tail("計画".encode()[:-1], "utf-8"), incomplete_tail("計画".encode(), "utf-8")
    (2, 0)
    """
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        decoder.decode(data[-MAX_CHAR_BYTES * 2 :] if len(data) > MAX_CHAR_BYTES * 2 else data, final=False)
    except UnicodeDecodeError:
        return 0
    pending, _ = decoder.getstate()
    return len(pending)


def _first_bad_line(data: bytes, codec: str) -> tuple[int, int]:
    try:
        data.decode(codec)
    except UnicodeDecodeError as exc:
        return data[: exc.start].count(b"\n") + 1, exc.start
    return 1, 0  # pragma: no cover - only called after a failure


def decode_html(data: bytes, path: str = "") -> Decoded:
    """Decode an HTML page by the rules of the module docstring.

    >>> decode_html('<meta charset="shift_jis"><p>計画</p>'.encode("cp932")).text.endswith("<p>計画</p>")
    True
    >>> d = decode_html('<meta charset="utf-8"><p>計画の概要</p>'.encode("cp932"))
    >>> d.codec, str(d.warning.code)
    ('cp932', 'html_charset_mismatch')

    Raises:
        DecodeError: no candidate decodes the bytes strictly.
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            text = _try(data, codec)
            if text is None:
                line, offset = _first_bad_line(data, codec)
                raise DecodeError(
                    f"starts with a {codec} byte-order mark but is not valid {codec} (offset {offset}); "
                    "save the page again from the browser",
                    path=path,
                    location=f"line {line}",
                )
            return Decoded(text.lstrip("\ufeff"), codec, None, "bom")
    label = prescan(data)
    declared = labels().get(label.strip().lower()) if label else None
    if label and declared is None:
        logger.info("%s: unknown charset label %r; the encoding is decided from the bytes", path, label)
    try:
        return _decide(data, label, declared, path)
    except DecodeError:
        cut = incomplete_tail(data, declared or "utf-8")
        if not cut:
            raise
        decoded = _decide(data[:-cut], label, declared, path)
        return Decoded(decoded.text, decoded.codec, decoded.declared, decoded.source, decoded.warning, cut)


def _decide(data: bytes, label: str | None, declared: str | None, path: str) -> Decoded:
    cache: dict[str, str | None] = {}

    def text_as(codec: str) -> str | None:  # each candidate is decoded once, and only if needed
        if codec not in cache:
            cache[codec] = _try(data, codec)
        return cache[codec]

    has_non_ascii = any(b > 0x7F for b in data)
    if declared is not None:
        if declared != "utf-8" and has_non_ascii and (utf8 := text_as("utf-8")) is not None:
            return _mismatch(utf8, "utf-8", label, path)  # valid UTF-8 is no accident
        text = text_as(declared)
        if text is not None and plausible(text, declared):
            if declared in LATIN_CODECS and has_non_ascii:
                better = _japanese_alternative(text_as)
                if better is not None:
                    return _mismatch(better[1], better[0], label, path)
            return Decoded(text, declared, label, "meta")
    for codec in FALLBACK_CODECS:
        text = text_as(codec)
        if text is not None and plausible(text, codec):
            if declared is not None:
                return _mismatch(text, codec, label, path)
            warning = None
            if codec != "utf-8" and has_non_ascii:
                warning = Issue(
                    "",
                    Severity.WARNING,
                    Code.HTML_CHARSET_UNDECLARED,
                    "",
                    f"{path}: the page declares no character encoding; its bytes were read as "
                    f"{_name(codec)} (the first of UTF-8, Shift_JIS and EUC-JP that decodes them cleanly). "
                    f'Check the text; add <meta charset="{_name(codec)}"> or save the page as UTF-8',
                )
            return Decoded(text, codec, label, "fallback", warning)
    return _undecodable(data, label, declared, path)


def _japanese_alternative(text_as: Callable[[str], str | None]) -> tuple[str, str] | None:
    for codec in ("cp932", "euc_jp"):
        text = text_as(codec)
        if text is not None and plausible(text, codec) and _japanese_share(text) >= MIN_JAPANESE_SHARE:
            return codec, text
    return None


def _name(codec: str) -> str:
    return {"utf-8": "UTF-8", "cp932": "Shift_JIS", "euc_jp": "EUC-JP", "cp1252": "windows-1252"}.get(codec, codec)


def _mismatch(text: str, codec: str, label: str | None, path: str) -> Decoded:
    message = (
        f"{path}: the page declares charset {label!r} but its bytes are {_name(codec)}; they were read as "
        f"{_name(codec)}. Check the text; the page was probably re-saved in another encoding without "
        "updating its <meta> declaration"
    )
    warning = Issue("", Severity.WARNING, Code.HTML_CHARSET_MISMATCH, "", message)
    return Decoded(text, codec, label, "fallback", warning)


def _undecodable(data: bytes, label: str | None, declared: str | None, path: str) -> NoReturn:
    codec = declared or "utf-8"
    line, offset = _first_bad_line(data, codec)
    said = f"declares {label!r} but " if label else ""
    raise DecodeError(
        f"the page {said}is neither valid UTF-8, Shift_JIS nor EUC-JP (first bad byte at offset {offset} "
        f"as {_name(codec)}); save the page again from the browser, or provide the announcement as text",
        path=path,
        location=f"line {line}",
    )
