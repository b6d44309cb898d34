"""The HTML Standard's *prescan* of a byte stream for a ``<meta>`` charset declaration.

Implements https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-its-encoding
over the first :data:`PRESCAN_BYTES` bytes, step by step: comments are skipped, every
start tag's attributes are read (so a ``charset`` inside another tag's attribute value
is not taken), and a ``<meta>`` counts only with ``charset="…"`` or with
``http-equiv="Content-Type"`` plus ``content="…charset=…"`` (the algorithm for
extracting a character encoding from a meta element, also in the HTML Standard).

This is a byte scanner defined by the standard, not a parser of the page: the page itself
is parsed by the HTML5 parser (:mod:`pipeline.read.html.dom`).  The label found is
returned as written; :mod:`pipeline.read.html.encoding` maps it to an encoding.
"""

from __future__ import annotations

#: The HTML Standard lets the prescan stop after 1024 bytes.
PRESCAN_BYTES = 1024
_WS = b"\t\n\x0c\r "
_LETTERS = frozenset(range(ord("a"), ord("z") + 1)) | frozenset(range(ord("A"), ord("Z") + 1))


def _get_attribute(data: bytes, pos: int) -> tuple[bytes, bytes, int] | None:
    """The "get an attribute" algorithm: ``(name, value, new position)`` or ``None`` at ``>``/end."""
    n = len(data)
    while pos < n and (data[pos] in _WS or data[pos] == ord("/")):
        pos += 1
    if pos >= n or data[pos] == ord(">"):
        return None
    name = bytearray()
    while pos < n:
        c = data[pos]
        if c == ord("=") and name:
            pos += 1
            return _attribute_value(data, pos, bytes(name))
        if c in _WS:
            break
        if c in (ord("/"), ord(">")):
            return bytes(name), b"", pos
        name += bytes([c]).lower()
        pos += 1
    while pos < n and data[pos] in _WS:
        pos += 1
    if pos >= n or data[pos] != ord("="):
        return bytes(name), b"", pos
    return _attribute_value(data, pos + 1, bytes(name))


def _attribute_value(data: bytes, pos: int, name: bytes) -> tuple[bytes, bytes, int] | None:
    n = len(data)
    while pos < n and data[pos] in _WS:
        pos += 1
    if pos >= n:
        return None
    quote = data[pos]
    if quote in (ord('"'), ord("'")):
        end = data.find(bytes([quote]), pos + 1)
        if end < 0:
            return None
        return name, data[pos + 1 : end].lower(), end + 1
    if quote == ord(">"):
        return name, b"", pos
    start = pos
    while pos < n and data[pos] not in _WS and data[pos] != ord(">"):
        pos += 1
    return name, data[start:pos].lower(), pos


def charset_from_content(content: bytes) -> bytes | None:
    """The HTML Standard's "extracting a character encoding from a meta element".

    >>> charset_from_content(b"text/html; charset=Shift_JIS".lower())
    b'shift_jis'
    >>> charset_from_content(b'text/html; charset="euc-jp"') , charset_from_content(b"text/html")
    (b'euc-jp', None)
    """
    pos = 0
    lowered = content.lower()
    while True:
        i = lowered.find(b"charset", pos)
        if i < 0:
            return None
        pos = i + len(b"charset")
        while pos < len(content) and content[pos] in _WS:
            pos += 1
        if pos < len(content) and content[pos] == ord("="):
            break
    pos += 1
    while pos < len(content) and content[pos] in _WS:
        pos += 1
    if pos >= len(content):
        return None
    if content[pos] in (ord('"'), ord("'")):
        end = content.find(bytes([content[pos]]), pos + 1)
        return content[pos + 1 : end] if end > 0 else None
    end = pos
    while end < len(content) and content[end] not in _WS and content[end] != ord(";"):
        end += 1
    return content[pos:end] or None


def _meta_label(data: bytes, pos: int) -> tuple[bytes | None, int]:
    """Read a ``<meta`` tag's attributes; return (charset label or None, position after it)."""
    seen: set[bytes] = set()
    got_pragma = False
    need_pragma: bool | None = None
    charset: bytes | None = None
    while (attr := _get_attribute(data, pos)) is not None:
        name, value, pos = attr
        if name in seen:
            continue
        seen.add(name)
        if name == b"http-equiv" and value == b"content-type":
            got_pragma = True
        elif name == b"content" and charset is None:
            found = charset_from_content(value)
            if found is not None:
                charset, need_pragma = found, True
        elif name == b"charset":
            charset, need_pragma = value, False
    if need_pragma is None or (need_pragma and not got_pragma) or not charset:
        return None, pos
    return charset.strip(_WS), pos


def prescan(data: bytes) -> str | None:
    """The charset label declared by a ``<meta>`` in the first 1024 bytes, or ``None``.

    >>> prescan(b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')
    'shift_jis'
    >>> prescan(b'<!-- <meta charset="euc-jp"> --><meta charset=utf-8>')
    'utf-8'
    >>> prescan(b'<p title="<meta charset=euc-jp>">x</p>') is None
    True
    """
    data = data[:PRESCAN_BYTES]
    pos, n = 0, len(data)
    while pos < n:
        if data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 2)
            if end < 0:
                return None
            pos = end + 3
            continue
        if data[pos : pos + 5].lower() == b"<meta" and pos + 5 < n and data[pos + 5] in _WS + b"/":
            label, pos = _meta_label(data, pos + 5)
            if label is not None:
                return label.decode("ascii", "replace")
            continue
        if data[pos] == ord("<") and pos + 1 < n:
            nxt = data[pos + 1]
            if nxt in _LETTERS or (nxt == ord("/") and pos + 2 < n and data[pos + 2] in _LETTERS):
                pos += 2
                while pos < n and data[pos] not in _WS and data[pos] not in b"/>":
                    pos += 1
                while (attr := _get_attribute(data, pos)) is not None:
                    pos = attr[2]
                pos += 1
                continue
            if nxt in b"!/?":
                end = data.find(b">", pos)
                if end < 0:
                    return None
                pos = end + 1
                continue
        pos += 1
    return None
