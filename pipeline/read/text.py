"""The text reader: decode a text file into numbered lines.

Text files are decoded by explicit rules rather than by a statistical guess, and
the encoding that was used is reported, so a user can see *why* a file was read
the way it was:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE);
2. without BOM, NULs or line breaks in the even/odd byte pattern of UTF-16 mean UTF-16
   (:func:`_sniff_utf16`); a UTF-16 file with an odd number of bytes was cut short, and
   says so;
3. otherwise strict UTF-8, then strict CP932 (the Windows superset of Shift_JIS) — unless
   the lines decode under different encodings (UTF-8 text pasted into a CP932 file, or the
   reverse), which is a :class:`~pipeline.core.errors.MixedEncodingError` naming the first
   line of the minority encoding (:func:`_decode_legacy`);
4. if none decodes, :class:`~pipeline.core.errors.DecodeError` names the first bad line.

Line endings (CRLF, CR, LF) are normalised; nothing else in the text is changed.

A text saved from a paginated document keeps its page numbers as lines of their own
(``- 2 -``, ``－３－``, ``3/10``): such a line gets ``drop_reason="page_number"`` (the PDF
reader's rule, :func:`pipeline.lang.markers.is_page_number`), so the ``lines`` table accounts
for it and it never ends a program name.  Digits alone are a page number only between
blank lines (or a form feed), since a wrapped name may end in a year on a line of its own.
"""

from __future__ import annotations

import codecs
import contextlib
import logging
import re
from dataclasses import replace
from pathlib import Path

from pipeline.core.errors import (
    BinaryDocumentError,
    DecodeError,
    EmptyDocumentError,
    MixedEncodingError,
)
from pipeline.core.model import Line
from pipeline.lang.markers import is_bare_number, is_page_number
from pipeline.read.clean import check_line_count
from pipeline.read.result import Format, ReadResult

logger = logging.getLogger(__name__)

#: Share of control characters (other than tab/newline) above which a decoded file
#: is treated as binary rather than text.
MAX_CONTROL_CHAR_RATIO = 0.01
#: Candidate encodings tried in order after BOM and UTF-16 sniffing.
TEXT_ENCODINGS = ("utf-8", "cp932")
#: Bytes looked at to sniff BOM-less UTF-16.
UTF16_SNIFF_BYTES = 8192
#: Non-ASCII characters a line must have, decoded as UTF-8, to count as UTF-8 in a file that is
#: not UTF-8 as a whole (a short CP932 line is valid UTF-8 by chance far more often than a long one).
MIN_UTF8_EVIDENCE_CHARS = 2
#: Line numbers named in one message; the rest are counted.
MAX_LINES_NAMED = 10
#: Control characters that do not occur in text (tab, newlines and form feed do).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _sniff_utf16(data: bytes) -> tuple[str, bool] | None:
    """Sniff BOM-less UTF-16: ``(encoding, strong)``, or ``None``.

    *Strong* evidence: NULs in every other byte (Latin text).  *Weak* evidence: line breaks
    encoded as ``0A 00`` / ``00 0A`` at even offsets (Japanese text has few NULs) for at
    least half of the file's ``0A`` bytes; a stray NUL after a newline of a UTF-8 file is
    not enough.  An odd length is sniffed on the even prefix (a truncated UTF-16 file).

    >>> _sniff_utf16("計画期間\\n令和五年度\\n".encode("utf-16-le")), _sniff_utf16(b"a\\x00b\\x00c\\x00d\\x00")
    (('utf-16-le', False), ('utf-16-le', True))
    >>> _sniff_utf16("計画\\n\\x00期間\\n令和\\n年度\\n".encode()) is None
    True
    """
    sample = data[: min(len(data), UTF16_SNIFF_BYTES) // 2 * 2]
    if len(sample) < 4 or b"\x00" not in sample:
        return None  # every UTF-16 pattern below needs NUL bytes
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) / len(odd) > 0.3 and even.count(0) / len(even) < 0.05:
        return "utf-16-le", True
    if even.count(0) / len(even) > 0.3 and odd.count(0) / len(odd) < 0.05:
        return "utf-16-be", True
    pairs = list(zip(even, odd, strict=True))
    le = sum(1 for a, b in pairs if (a, b) in ((10, 0), (13, 0)))
    be = sum(1 for a, b in pairs if (a, b) in ((0, 10), (0, 13)))
    breaks = max(1, sample.count(b"\n"))
    if le > be and le * 2 >= breaks:
        return "utf-16-le", False
    if be > le and be * 2 >= breaks:
        return "utf-16-be", False
    return None


def _first_bad_line(data: bytes, exc: UnicodeDecodeError) -> int:
    return data[: exc.start].count(b"\n") + 1


def _odd_length(data: bytes, enc: str, path: str) -> DecodeError:
    last_line = data.count(b"\n") + 1
    return DecodeError(
        f"the file is {enc} text with an odd number of bytes ({len(data):,}), but every {enc} character "
        "takes two or four: it was cut short (an interrupted download or copy); download it again, "
        "or re-save it as UTF-8",
        path=path,
        location=f"line {last_line}",
    )


def _line_kind(raw: bytes) -> str:
    """``ascii``, ``utf-8``, ``cp932`` or ``bad``: how one line of a non-UTF-8 file decodes.

    >>> [_line_kind(t) for t in (b"abc", "計画期間".encode(), "計画期間".encode("cp932"), b"\\x81\\xff")]
    ['ascii', 'utf-8', 'cp932', 'bad']
    """
    if raw.isascii():
        return "ascii"
    try:
        as_utf8 = raw.decode("utf-8")
        if sum(1 for ch in as_utf8 if ord(ch) > 0x7F) >= MIN_UTF8_EVIDENCE_CHARS:
            return "utf-8"
    except UnicodeDecodeError:
        as_utf8 = None
    try:
        raw.decode("cp932")
        return "cp932"
    except UnicodeDecodeError:
        return "utf-8" if as_utf8 is not None else "bad"


def _decode_legacy(data: bytes, path: str) -> tuple[str, str]:
    """Decode a file that is not UTF-8 as a whole: CP932, unless its lines mix encodings.

    A CP932 file with a few UTF-8 lines (text pasted from another file) decodes as CP932
    without error, the UTF-8 lines turned into mojibake; a UTF-8 file with one CP932 line
    would be all mojibake.  So each line is classified (:func:`_line_kind`), and lines of
    both kinds are a :class:`MixedEncodingError` naming the first line of the minority.
    """
    kinds = [_line_kind(raw) for raw in data.split(b"\n")]
    lines_of = {k: [i for i, kind in enumerate(kinds, start=1) if kind == k] for k in ("utf-8", "cp932", "bad")}
    if lines_of["bad"]:
        n = lines_of["bad"][0]
        raise DecodeError(
            f"line {n} is not valid UTF-8 or CP932 text; re-save the file as UTF-8", path=path, location=f"line {n}"
        )
    utf8, cp932 = lines_of["utf-8"], lines_of["cp932"]
    if utf8 and cp932:
        major, minor, odd = ("UTF-8", "CP932", cp932) if len(utf8) >= len(cp932) else ("CP932", "UTF-8", utf8)
        raise MixedEncodingError(
            f"the file mixes encodings: line {odd[0]} is {minor} but most lines ({max(len(utf8), len(cp932))} of "
            f"{len(utf8) + len(cp932)} non-ASCII lines) are {major}, so part of it would be mojibake; "
            f"re-save the whole file as UTF-8 (lines in {minor}: {_some(odd)})",
            path=path,
            location=f"line {odd[0]}",
        )
    return data.decode("cp932"), "cp932"


def _some(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:MAX_LINES_NAMED])
    return shown + (f" and {len(numbers) - MAX_LINES_NAMED} more" if len(numbers) > MAX_LINES_NAMED else "")


def decode_text(data: bytes, path: str = "") -> tuple[str, str]:
    """Decode ``data`` by the rules in the module docstring.

    Args:
        data: the raw bytes of a text document.
        path: the file name, for error messages.

    Returns:
        ``(text, encoding)``.

    Raises:
        EmptyDocumentError: nothing but white space.
        DecodeError: not valid in any candidate encoding, or UTF-16 cut short; the location
            names the first bad line.
        MixedEncodingError: lines in different encodings.

    >>> decode_text("計画".encode("cp932"))
    ('計画', 'cp932')
    >>> decode_text(codecs.BOM_UTF8 + "計画".encode())
    ('計画', 'utf-8-sig')
    """
    if not data.strip():
        raise EmptyDocumentError("the file is empty; remove it or replace it with the full download", path=path)
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            if enc == "utf-16" and len(data) % 2:
                raise _odd_length(data, "UTF-16", path)
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {enc} byte-order mark but is not valid {enc}; re-save the file as UTF-8",
                    path=path,
                    location=f"line {_first_bad_line(data, exc)}",
                ) from exc
    sniffed = _sniff_utf16(data)
    if sniffed is not None and (sniffed[1] or not _is_utf8(data)):
        if len(data) % 2:
            raise _odd_length(data, "UTF-16", path)
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(sniffed[0]), sniffed[0]
    if _is_utf8(data):
        return data.decode("utf-8"), "utf-8"
    return _decode_legacy(data, path)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_not_binary(text: str, path: str = "") -> None:
    """Refuse decoded text that is mostly control characters (a binary file)."""
    control = len(_CONTROL_CHARS.findall(text))
    if control > max(1, len(text) * MAX_CONTROL_CHAR_RATIO):
        raise BinaryDocumentError(
            f"{control} control characters in {len(text)}: this is a binary file, not text; "
            "check that the download is the announcement itself",
            path=path,
        )


def split_lines(text: str) -> list[Line]:
    """Split text into :class:`Line` s, numbering from 1; CRLF and CR count as LF.

    >>> [(ln.line_no, ln.text) for ln in split_lines("a\\r\\nb\\rc\\n")]
    [(1, 'a'), (2, 'b'), (3, 'c')]
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    return [Line(line_no=i, text=t) for i, t in enumerate(text.split("\n"), start=1)]


def _stands_alone(lines: list[Line], i: int) -> bool:
    """Whether line ``i`` has a blank line, a form feed or the file's edge on both sides."""
    before = i == 0 or not lines[i - 1].text.strip() or "\f" in lines[i].text + lines[i - 1].text
    after = i + 1 == len(lines) or not lines[i + 1].text.strip() or "\f" in lines[i].text + lines[i + 1].text
    return before and after


def mark_page_numbers(lines: list[Line]) -> list[Line]:
    """Set ``drop_reason="page_number"`` on the lines that are page numbers (module docstring).

    >>> lines = split_lines("計画\\n\\n- 2 -\\n販路拡大事業\\n2025\\n\\n3\\n")
    >>> [(ln.text, ln.drop_reason) for ln in mark_page_numbers(lines) if ln.text]
    [('計画', None), ('- 2 -', 'page_number'), ('販路拡大事業', None), ('2025', None), ('3', 'page_number')]
    """
    return [
        replace(ln, drop_reason="page_number")
        if ln.drop_reason is None
        and is_page_number(ln.text)
        and (not is_bare_number(ln.text) or _stands_alone(lines, i))
        else ln
        for i, ln in enumerate(lines)
    ]


def count_lines(text: str) -> int:
    """The number of lines :func:`split_lines` would make (at most one more), without making them.

    >>> count_lines("a\\r\\nb\\rc\\n"), len(split_lines("a\\r\\nb\\rc\\n"))
    (4, 3)
    """
    return text.count("\n") + text.count("\r") - text.count("\r\n") + 1


def read_text(path: Path, display_path: str = "", max_lines: int | None = None) -> ReadResult:
    """Read a text file into numbered lines; refuse it beyond ``max_lines`` before making them."""
    name = display_path or str(path)
    text, encoding = decode_text(path.read_bytes(), name)
    check_not_binary(text, name)
    check_line_count(count_lines(text), max_lines, name)
    return ReadResult(format=Format.TEXT, encoding=encoding, n_pages=None, lines=mark_page_numbers(split_lines(text)))
