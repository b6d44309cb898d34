"""Recognise an HTML file by its suffix or its first bytes, without the HTML parser.

The byte patterns are those of the MIME Sniffing Standard's rules for identifying an
unknown type as ``text/html`` (https://mimesniff.spec.whatwg.org/#identifying-a-resource-with-an-unknown-mime-type),
restricted to the document-level ones — ``<!DOCTYPE HTML``, ``<HTML``, ``<HEAD``,
``<BODY`` — so that a text file that merely starts with ``<p>`` or a comment stays text:
after leading white space (and a byte-order mark), one of them, case-insensitive,
followed by a space or ``>``.
"""

from __future__ import annotations

import codecs

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
#: Document-level patterns of the MIME Sniffing Standard (compared in upper case).
PATTERNS = (b"<!DOCTYPE HTML", b"<HTML", b"<HEAD", b"<BODY")
_TERMINATORS = b" >\t\n\x0c\r"
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of a file are clearly an HTML document.

    >>> looks_like_html(b"\\n <!doctype html><html>"), looks_like_html(b"<HTML>"), looks_like_html(b"<p>text")
    (True, True, False)
    >>> looks_like_html("## 【概要】".encode())
    False
    """
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != codecs.BOM_UTF8:
                head = head.replace(b"\x00", b"")
            break
    head = head.lstrip(b" \t\n\x0c\r")
    upper = head[:32].upper()
    return any(upper.startswith(p) and len(upper) > len(p) and upper[len(p)] in _TERMINATORS for p in PATTERNS)
