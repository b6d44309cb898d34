"""Hostile inputs, generated beside the real announcement: names, links, encodings, manifests, sizes.

Each helper writes its input into a raw folder and says what the build must make of it.
Documents that must be extracted move the real document's periods (:func:`shifted`) or
use another municipality, so that no plan id collides with the real document's.  Nothing
large is committed: big inputs are generated here, at run time.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from bad_cases import BLOCK, PERIOD, REAL, REAL_DOC, plan, shifted

__all__ = ["BLOCK", "PERIOD", "REAL", "REAL_DOC", "plan", "shifted"]

REAL_NAME = REAL_DOC.name
REAL_ID = REAL_NAME.removesuffix(".txt")
#: The manifest's documented columns, and one unknown column (a misspelling).
MANIFEST_HEADER = "file,title,publisher,published,url,prefecture,edition_of,sha256,licence,prefecure"
NFC_NAME = unicodedata.normalize("NFC", "が.txt")
NFD_NAME = unicodedata.normalize("NFD", "が.txt")


def manifest(real_sha: str) -> str:
    """A manifest with the real document's row, then a duplicate of it, then a short row."""
    return (
        f"{MANIFEST_HEADER}\n"
        f"{REAL_NAME},承認した地域産業活性化計画の概要,東京都産業労働局,,,東京都,,{real_sha},licence,\n"
        f"{REAL_NAME},a copy that must not replace the row above,someone,,,大阪府,,,,\n"
        "short.txt,a row,with too few fields\n"
    )


def write_names(raw: Path) -> dict[str, str]:
    """Names that collide: ``x.txt`` beside a folder ``x/``, and ``が.txt`` in NFC and NFD.

    Returns:
        ``{file: what it holds}``.
    """
    (raw / "x").mkdir()
    (raw / "x.txt").write_text(shifted(6), encoding="utf-8")
    (raw / "x" / "read.json.txt").write_text(shifted(7), encoding="utf-8")  # x/read.json: a stage file's name
    (raw / NFC_NAME).write_text(shifted(8), encoding="utf-8")
    (raw / NFD_NAME).write_text(shifted(9), encoding="utf-8")
    return {"x.txt": "2024", "x/read.json.txt": "2025", NFC_NAME: "2026", NFD_NAME: "2027"}


def write_entries(raw: Path, outside: Path) -> None:
    """Entries that are not documents: a link out of the raw folder, hidden files, a pipe, a bad name."""
    outside.write_text(shifted(10), encoding="utf-8")
    (raw / "link.txt").symlink_to(outside)
    (raw / ".hidden.txt").write_text(shifted(11), encoding="utf-8")
    (raw / "..txt").write_text(shifted(12), encoding="utf-8")
    os.mkfifo(raw / "pipe.txt")  # opening it would block the build
    (raw / os.fsdecode(b"\xff-latin1.txt")).write_text(shifted(13), encoding="utf-8")


#: Lines of the real document whose UTF-8 bytes happen to be valid CP932 (the 三鷹市 captions):
#: pasted as UTF-8 into a CP932 file, they decode without error, as mojibake.
UTF8_AS_CP932_LINES = (80, 84)


def write_encodings(raw: Path) -> None:
    """Encodings that fooled the reader: mixed, NULs, UTF-16 cut short."""
    lines = shifted(14).split("\n")
    mixed = [ln.encode("utf-8" if i in UTF8_AS_CP932_LINES else "cp932") for i, ln in enumerate(lines, start=1)]
    (raw / "mixed.txt").write_bytes(b"\n".join(mixed))
    with_nuls = (
        shifted(15).replace("事業承継支援事業", "事業承継\x00支援事業").replace("区内中小企業", "\x00区内中小企業")
    )
    (raw / "nul.txt").write_text(with_nuls, encoding="utf-8")
    (raw / "odd16.txt").write_bytes(shifted(16).encode("utf-16")[:-1])
    (raw / "odd16le.txt").write_bytes(shifted(17).encode("utf-16-le")[:-1])


#: The program list of category (3) of the 品川区 block.
LIST_3 = "事業PR販売促進助成、エンジニア確保支援事業、スタートアップとの連携強化、創業支援施設事業充実"
#: More programs in one list than a 16-bit ``seq`` holds.
N_PROGRAMS = 33_000
#: Values a spreadsheet would run as formulas, as program names and as a caption.
FORMULA_NAMES = ('=HYPERLINK("http://example.com","x")', "+1+1", "-A1", "@SUM(A1:A2)")
FORMULA_CAPTION = "=1+1"


def write_sizes(raw: Path, max_lines: int) -> None:
    """Sizes that overflowed or were unbounded: 33,000 programs in one list, too many lines."""
    items = "、".join(f"第{i}号支援事業" for i in range(1, N_PROGRAMS + 1))
    (raw / "many_programs.txt").write_text(plan("町田市").replace(LIST_3, items), encoding="utf-8")
    (raw / "many_lines.txt").write_text(shifted(18) + "\n" * max_lines, encoding="utf-8")


def write_values(raw: Path) -> None:
    """Values that passed silently: formula-like names, a municipality of another prefecture."""
    formulas = plan("調布市").replace(LIST_3, "、".join(FORMULA_NAMES)).replace("デジタル人材育成講座", FORMULA_CAPTION)
    (raw / "formula.txt").write_text(formulas, encoding="utf-8")
    (raw / "osaka.txt").write_text(plan("大阪市"), encoding="utf-8")


#: One line of the huge overview paragraph (1,200 characters).
PARAGRAPH_LINE = "地域の中小企業の経営基盤を強化し、新たな事業展開を支援する。" * 40


def write_paragraph(path: Path, n_bytes: int) -> int:
    """A plan whose overview paragraph is ``n_bytes`` of text over many lines; the number of its lines."""
    n = n_bytes // (len(PARAGRAPH_LINE.encode()) + 1)
    paragraph = "\n".join([PARAGRAPH_LINE] * n)
    path.write_text(
        plan("日野市").replace("区内中小企業の経営環境は", paragraph + "\n区内中小企業の経営環境は"), encoding="utf-8"
    )
    return n


def self_referential_pdf() -> bytes:
    """A PDF whose content stream's ``/Length`` is an object that refers to itself.

    pdfminer resolves ``6 0 obj 6 0 R endobj`` forever.  It hung the build with no output:
    the time limit fired, then closing the document walked the pages again with the timer
    off.  The cross-reference table is exact, so the parser takes the indirect length.
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 6 0 R >>\nstream\nBT /F1 12 Tf 72 720 Td (Hello) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"6 0 R",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
