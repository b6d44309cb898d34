import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.core.errors import (
    BinaryDocumentError,
    DecodeError,
    DocumentError,
    EmptyDocumentError,
    UnsupportedFormatError,
)
from pipeline.read import Format, detect_format
from pipeline.read.text import check_not_binary, decode_text, read_text

TEXT = "「品川区地域産業活性化計画」（品川区）\n【計画期間：令和5年度～令和7年度】\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("cp932"), "cp932"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_decodes_each_encoding(data: bytes, encoding: str) -> None:
    assert decode_text(data) == (TEXT, encoding)


def test_undecodable_bytes_name_the_line() -> None:
    data = "一行目\n二行目\n".encode() + b"\x81\xff\xfe broken\n"
    with pytest.raises(DecodeError) as exc:
        decode_text(data, "raw/bad.txt")
    assert exc.value.location == "line 3"
    assert "raw/bad.txt" in str(exc.value)
    assert "UTF-8" in exc.value.message


def test_empty_file_is_an_error() -> None:
    with pytest.raises(EmptyDocumentError):
        decode_text(b"  \n\n")


def test_binary_garbage_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "garbage.txt"
    p.write_bytes(bytes(range(0, 32)) * 40)
    with pytest.raises((BinaryDocumentError, DecodeError)):
        read_text(p)


def test_line_endings_are_normalised(tmp_path: Path) -> None:
    p = tmp_path / "crlf.txt"
    p.write_bytes("一\r\n二\r三\n".encode())
    result = read_text(p)
    assert [(ln.line_no, ln.text) for ln in result.lines] == [(1, "一"), (2, "二"), (3, "三")]


def test_format_detection(tmp_path: Path) -> None:
    pdf = tmp_path / "noext"
    pdf.write_bytes(b"%PDF-1.7\n...")
    assert detect_format(pdf) is Format.PDF
    txt = tmp_path / "a.txt"
    txt.write_text("x")
    assert detect_format(txt) is Format.TEXT
    doc = tmp_path / "a.docx"
    doc.write_text("x")
    with pytest.raises(UnsupportedFormatError):
        detect_format(doc)


@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_raise_a_document_error(data: bytes) -> None:
    """Whatever is dropped into raw/ with a .txt name, the reader answers clearly."""
    try:
        text, encoding = decode_text(data, "raw/any.txt")
        check_not_binary(text, "raw/any.txt")
    except DocumentError as exc:
        assert "raw/any.txt" in str(exc)
        return
    assert encoding in {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp932"}
    assert data.decode(encoding) == text
