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
    MixedEncodingError,
    TooManyLinesError,
    UnsupportedFormatError,
)
from pipeline.read import Format, detect_format, read_document
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


# -- encodings that fooled the reader ----------------------------------------------------------------------

LINES = [
    "「品川区地域産業活性化計画」（品川区）",
    "【計画期間：令和5年度～令和7年度】",
    "連携事業のイメージ",
    "三鷹産業プラザ",
]


def test_utf8_lines_in_a_cp932_file_are_an_error_naming_the_first() -> None:
    data = b"\n".join(ln.encode("utf-8" if i in (2, 3) else "cp932") for i, ln in enumerate(LINES + LINES[:2]))
    with pytest.raises(MixedEncodingError) as exc:
        decode_text(data, "raw/mixed.txt")
    assert exc.value.location == "line 3" and exc.value.code == "mixed_encoding"
    assert "line 3 is UTF-8 but most lines (4 of 6 non-ASCII lines) are CP932" in exc.value.message


def test_a_cp932_line_in_a_utf8_file_is_an_error_naming_it() -> None:
    data = b"\n".join(ln.encode("cp932" if i == 1 else "utf-8") for i, ln in enumerate(LINES))
    with pytest.raises(MixedEncodingError) as exc:
        decode_text(data)
    assert exc.value.location == "line 2" and "line 2 is CP932" in exc.value.message


def test_a_short_cp932_file_is_not_mistaken_for_mixed() -> None:
    assert decode_text("\n".join(LINES).encode("cp932")) == ("\n".join(LINES), "cp932")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_an_odd_number_of_bytes_says_it_was_cut_short(encoding: str) -> None:
    data = "\n".join(LINES).encode(encoding)[:-1]
    with pytest.raises(DecodeError) as exc:
        decode_text(data, "raw/cut.txt")
    assert "odd number of bytes" in exc.value.message and exc.value.location == "line 4"


def test_a_stray_nul_after_a_newline_does_not_make_utf8_utf16() -> None:
    text = "\n".join(LINES) + "\n"
    data = text.encode().replace(b"\n", b"\n\x00", 1)
    assert decode_text(data) == (text.replace("\n", "\n\x00", 1), "utf-8")


def test_control_characters_are_removed_from_the_lines_with_a_warning(tmp_path: Path) -> None:
    p = tmp_path / "nul.txt"
    p.write_bytes(("計画" * 200 + "\n事業\x00承継\x00\n\x1b説明\n").encode())  # few enough not to be binary
    result = read_document(p, "nul.txt")
    assert [ln.text for ln in result.lines] == ["計画" * 200, "事業承継", "説明"]
    (issue,) = result.issues
    assert issue.code == "control_characters_removed" and issue.line_no == 2
    assert "U+0000 NUL ×2, U+001B ×1" in issue.message and "line(s) 2, 3" in issue.message


def test_too_many_lines_are_refused_before_they_are_made(tmp_path: Path) -> None:
    p = tmp_path / "long.txt"
    p.write_bytes(b"a\r\n" * 1_000)
    assert len(read_text(p, max_lines=1_001).lines) == 1_000
    with pytest.raises(TooManyLinesError) as exc:
        read_text(p, "long.txt", max_lines=999)
    assert exc.value.code == "limit_exceeded" and "MAX_LINES" in exc.value.message
