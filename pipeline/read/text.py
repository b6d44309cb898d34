"""The text reader: decode a text file into numbered lines.

Text files are decoded by explicit rules rather than by a statistical guess, and
the encoding that was used is reported, so a user can see *why* a file was read
the way it was:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE);
2. without BOM, NULs or line breaks in the even/odd byte pattern of UTF-16 mean UTF-16;
3. otherwise strict UTF-8, then strict CP932 (the Windows superset of Shift_JIS);
4. if none decodes, :class:`~pipeline.core.errors.DecodeError` names the first bad line.

Line endings (CRLF, CR, LF) are normalised; nothing else in the text is changed.
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from pipeline.core.errors import (
    BinaryDocumentError,
    DecodeError,
    EmptyDocumentError,
)
from pipeline.core.model import Line
from pipeline.read.result import Format, ReadResult

logger = logging.getLogger(__name__)

#: Share of control characters (other than tab/newline) above which a decoded file
#: is treated as binary rather than text.
MAX_CONTROL_CHAR_RATIO = 0.01
#: Candidate encodings tried in order after BOM and UTF-16 sniffing.
TEXT_ENCODINGS = ("utf-8", "cp932")
#: Control characters that do not occur in text (tab, newlines and form feed do).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _looks_utf16(data: bytes) -> str | None:
    """Sniff BOM-less UTF-16: NULs in every other byte (Latin text) or line breaks
    encoded as ``0A 00`` / ``00 0A`` at even offsets (Japanese text has few NULs)."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:8192]
    if b"\x00" not in sample:
        return None  # every UTF-16 pattern below needs NUL bytes
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) / len(odd) > 0.3 and even.count(0) / len(even) < 0.05:
        return "utf-16-le"
    if even.count(0) / len(even) > 0.3 and odd.count(0) / len(odd) < 0.05:
        return "utf-16-be"
    pairs = list(zip(even, odd, strict=True))
    le = sum(1 for a, b in pairs if (a, b) in ((10, 0), (13, 0)))
    be = sum(1 for a, b in pairs if (a, b) in ((0, 10), (0, 13)))
    if le > be and le > 0:
        return "utf-16-le"
    if be > le and be > 0:
        return "utf-16-be"
    return None


def _first_bad_line(data: bytes, exc: UnicodeDecodeError) -> int:
    return data[: exc.start].count(b"\n") + 1


def decode_text(data: bytes, path: str = "") -> tuple[str, str]:
    """Decode ``data`` by the rules in the module docstring.

    Args:
        data: the raw bytes of a text document.
        path: the file name, for error messages.

    Returns:
        ``(text, encoding)``.

    >>> decode_text("計画".encode("cp932"))
    ('計画', 'cp932')
    >>> decode_text(codecs.BOM_UTF8 + "計画".encode())
    ('計画', 'utf-8-sig')
    """
    if not data.strip():
        raise EmptyDocumentError("the file is empty; remove it or replace it with the full download", path=path)
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {enc} byte-order mark but is not valid {enc}; re-save the file as UTF-8",
                    path=path,
                    location=f"line {_first_bad_line(data, exc)}",
                ) from exc
    utf16 = _looks_utf16(data)
    candidates = (utf16, *TEXT_ENCODINGS) if utf16 else TEXT_ENCODINGS
    first_error: UnicodeDecodeError | None = None
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    raise DecodeError(
        f"not valid {' or '.join(candidates)} text (first bad byte at offset {first_error.start}); "
        "re-save the file as UTF-8",
        path=path,
        location=f"line {_first_bad_line(data, first_error)}",
    ) from first_error


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


def read_text(path: Path, display_path: str = "") -> ReadResult:
    data = path.read_bytes()
    text, encoding = decode_text(data, display_path or str(path))
    check_not_binary(text, display_path or str(path))
    return ReadResult(format=Format.TEXT, encoding=encoding, n_pages=None, lines=split_lines(text))
