"""The PDF reader's rules on small inputs, and its errors on bad PDFs."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pdfplumber.pdf
import pytest
from pdfs.render import render_pdf

from pipeline.core.engines import ENGINES
from pipeline.core.errors import DocumentTimeoutError
from pipeline.core.limits import Limits, time_limit
from pipeline.read import pdf, read_document
from pipeline.read.pdf import PdfParams, loader, read_pdf
from pipeline.read.pdf.fragments import Box, Fragment, PageData
from pipeline.read.pdf.glyphs import repair_variants
from pipeline.read.pdf.lines import join_visual
from pipeline.read.pdf.margins import is_page_number, mark_running
from pipeline.read.pdf.order import xy_cut

#: The reference engine, for the tests of its loader (pipeline/read/pdf/loader.py).
PLUMBER = PdfParams(engine="pdfplumber")


def _frag(text: str, x0: float, top: float, size: float = 10.0, row: int = 0, page: int = 1) -> Fragment:
    chars = [(ch, x0 + i * size, x0 + (i + 1) * size, size) for i, ch in enumerate(text)]
    return Fragment(page, row, chars, top, top + size)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_pages", 0),
        ("max_pages", -5),
        ("max_pages", 2.5),
        ("max_pages", True),
        ("row_tolerance_em", 0),
        ("fragment_gap_em", -1.2),
        ("word_gap_em", float("nan")),
        ("column_gap_em", float("inf")),
        ("margin_zone", 0.6),
        ("margin_zone", 0),
        ("running_min_share", 1.5),
        ("running_min_share", 0),
        ("caption_size_ratio", 1.01),
        ("caption_distance_em", 0),
        ("paragraph_gap_em", -0.1),
        ("line_overlap_em", -0.01),
        ("size_tolerance_pt", -1),
        ("wrap_tolerance_em", "0.25"),
    ],
)
def test_params_refuse_values_out_of_range(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=rf"^PdfParams\.{field} must be"):
        PdfParams(**{field: value})  # type: ignore[arg-type]


def test_params_accept_the_edges_of_their_ranges() -> None:
    edges = PdfParams(
        max_pages=None,
        margin_zone=0.5,
        running_min_share=1,
        caption_size_ratio=1.0,
        line_overlap_em=0,
        size_tolerance_pt=0,
    )
    assert edges.max_pages is None and edges.caption_size_ratio == 1.0
    assert PdfParams(max_pages=1).max_pages == 1


def test_page_number_forms() -> None:
    assert all(is_page_number(t) for t in ("- 3 -", "3", "3/10", "３", "－ ３ －", "12 / 40"))
    assert not any(is_page_number(t) for t in ("令和5年度", "(1)多様な主体", "3月", "2023年"))


def test_join_visual_keeps_latin_spaces_only() -> None:
    assert join_visual(["中小企業等 SDGs ", "推進"]) == "中小企業等 SDGs 推進"
    assert join_visual(["事業を実", "施する"]) == "事業を実施する"
    assert join_visual(["Open", "Innovation"]) == "Open Innovation"


def test_kangxi_and_compatibility_code_points_are_repaired() -> None:
    text, n = repair_variants("\u2f47\u2f49\u2f12\ufa19\u2ed1")  # ⽇⽉⼒ 神(compat) ⻑
    assert (text, n) == ("日月力神長", 5)


def test_running_headers_need_several_pages() -> None:
    pages = [
        PageData(
            n,
            600,
            800,
            [
                _frag("年次報告書", 50, 20, row=0, page=n),
                _frag(f"本文{n}", 50, 300, row=1, page=n),
                _frag(f"- {n} -", 280, 770, row=2, page=n),
            ],
            [],
            False,
        )
        for n in (1, 2, 3)
    ]
    mark_running(pages, PdfParams())
    reasons = [[f.drop_reason for f in p.fragments] for p in pages]
    assert reasons == [["running_header", None, "page_number"]] * 3
    single = [PageData(1, 600, 800, [_frag("年次報告書", 50, 20), _frag("本文", 50, 300, row=1)], [], False)]
    mark_running(single, PdfParams())
    assert [f.drop_reason for f in single[0].fragments] == [None, None]


def test_xy_cut_reads_columns_then_full_width() -> None:
    left = [_frag("左" * 10, 50, 100 + 20 * i, row=i) for i in range(3)]
    right = [_frag("右" * 10, 200, 100 + 20 * i, row=i) for i in range(3)]
    below = _frag("全" * 25, 50, 200, row=9)
    items = [(Box(f.x0, f.top, f.x1, f.bottom), f) for f in [*left, *right, below]]
    order = [
        f.text[0] for _, leaf in xy_cut(items, 10.0) for _, f in sorted(leaf, key=lambda it: it[0].top) if f is not None
    ]
    assert order == ["左"] * 3 + ["右"] * 3 + ["全"]


def test_caption_beside_figure_is_read_after_the_paragraph(tmp_path: Path) -> None:
    text = (
        "「品川区地域産業活性化計画」（品川区）\n【計画期間：令和5年度～令和7年度】\n"
        + "区内中小企業の経営環境は厳しい状況にある。" * 12
        + "\n写真の説明\n(1)多様な主体との連携を図る取組\n本文（A事業）"
    )
    lines = read_pdf(render_pdf(text, tmp_path / "f.pdf", "figures"), "f.pdf").lines
    kept = [(ln.role, ln.text) for ln in lines if not ln.drop_reason]
    assert kept[2] == (None, "区内中小企業の経営環境は厳しい状況にある。" * 12)
    assert kept[3] == ("caption", "写真の説明")
    assert kept[4][1] == "(1)多様な主体との連携を図る取組"
    line = lines[3]
    assert line.page == 1 and line.font_size == 8.0 and line.x0 > 300 and line.top < line.bottom


def test_lines_are_numbered_and_deterministic(pdf_fixtures: dict[str, Path]) -> None:
    a = read_pdf(pdf_fixtures["page_break"], "x.pdf")
    b = read_pdf(pdf_fixtures["page_break"], "x.pdf")
    assert a.lines == b.lines
    assert [ln.line_no for ln in a.lines] == list(range(1, len(a.lines) + 1))
    assert {ln.drop_reason for ln in a.lines} == {None, "page_number", "running_header"}
    assert a.n_pages is not None and {ln.page for ln in a.lines} == set(range(1, a.n_pages + 1))


def test_renderer_is_deterministic(tmp_path: Path, real_doc: Path) -> None:
    text = real_doc.read_text(encoding="utf-8")
    one = render_pdf(text, tmp_path / "a.pdf", "headers").read_bytes()
    two = render_pdf(text, tmp_path / "b.pdf", "headers").read_bytes()
    assert one == two


@pytest.mark.parametrize(
    ("name", "error", "words"),
    [
        ("scan", pdf.ScannedPdfError, "OCR"),
        ("encrypted", pdf.EncryptedPdfError, "password"),
        ("truncated", pdf.CorruptPdfError, "download it again"),
        ("unmapped", pdf.UnmappedFontError, "no Unicode mapping"),
    ],
)
@pytest.mark.parametrize("engine", ENGINES)
def test_bad_pdfs(pdf_fixtures: dict[str, Path], name: str, error: type[Exception], words: str, engine: str) -> None:
    """Both engines give the same error, naming the file and what to do."""
    with pytest.raises(error) as info:
        read_pdf(pdf_fixtures[name], f"raw/{name}.pdf", PdfParams(engine=engine))
    assert str(info.value).startswith(f"raw/{name}.pdf")
    assert words in str(info.value)


def test_page_limit(pdf_fixtures: dict[str, Path]) -> None:
    with pytest.raises(pdf.PdfTooLargeError, match="more than the limit of 2"):
        read_pdf(pdf_fixtures["single"], "big.pdf", PdfParams(max_pages=2))
    assert read_pdf(pdf_fixtures["single"], "big.pdf", PdfParams(max_pages=None)).n_pages == 5


def test_read_document_takes_the_build_limits(pdf_fixtures: dict[str, Path]) -> None:
    """The page limit reaches the PDF reader from the build's Limits; None means none."""
    with pytest.raises(pdf.PdfTooLargeError, match="more than the limit of 4"):
        read_document(pdf_fixtures["single"], "big.pdf", Limits(max_pages=4))
    assert read_document(pdf_fixtures["single"], "big.pdf", Limits(max_pages=5)).n_pages == 5
    assert read_document(pdf_fixtures["single"], "big.pdf", Limits(max_pages=None)).n_pages == 5


def _slow_from_page(monkeypatch: pytest.MonkeyPatch, page: int, seconds: float) -> None:
    """Make every page from ``page`` on take ``seconds`` more to read."""
    real = loader.page_fragments

    def slow(chars: list[dict[str, Any]], page_no: int, *args: Any) -> Any:
        if page_no >= page:
            time.sleep(seconds)
        return real(chars, page_no, *args)

    monkeypatch.setattr(loader, "page_fragments", slow)


def test_document_time_limit_names_the_page_and_the_knob(
    pdf_fixtures: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The document's limit is the PDF reader's only one; it says where it stopped and what to raise."""
    _slow_from_page(monkeypatch, 2, 60.0)
    start = time.monotonic()
    with pytest.raises(DocumentTimeoutError) as info, time_limit(2.0, "raw/slow.pdf"):
        read_pdf(pdf_fixtures["single"], "raw/slow.pdf")
    assert time.monotonic() - start < 10
    assert info.value.code == "time_limit_exceeded" and info.value.location == "page 2"
    assert str(info.value).startswith("raw/slow.pdf, page 2: stopped at page 2 of 5")
    assert "make TIME_LIMIT=" in info.value.message and "--time-limit" in info.value.message


def test_time_limit_between_pages_without_sigalrm(
    pdf_fixtures: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Off the main thread no signal interrupts: the clock check before each page still applies."""
    _slow_from_page(monkeypatch, 1, 1.5)
    caught: list[BaseException] = []

    def run() -> None:
        try:
            with time_limit(1.0, "raw/slow.pdf"):
                read_pdf(pdf_fixtures["single"], "raw/slow.pdf")
        except BaseException as exc:
            caught.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    (exc,) = caught
    assert isinstance(exc, DocumentTimeoutError) and exc.location == "page 2"


def test_recursion_error_is_corrupt(pdf_fixtures: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(loader, "page_fragments", boom)
    with pytest.raises(pdf.CorruptPdfError) as info:
        read_pdf(pdf_fixtures["single"], "crafted.pdf")
    assert info.value.location == "page 1"


@pytest.mark.parametrize("ending", ["success", "corrupt page", "timeout"])
def test_closing_never_walks_the_page_tree_again(
    pdf_fixtures: dict[str, Path], monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    """Regression: pdfplumber's ``close()`` walks the page tree again.

    After a failure that walk can raise a second error hiding the first, or, on a crafted
    file, loop forever once the time limit has fired; so only the file itself is closed.
    """
    walks: list[object] = []
    real_walk = pdfplumber.pdf.PDFPage.create_pages

    def walk(doc: object) -> Any:
        walks.append(doc)
        return real_walk(doc)

    opened: list[Any] = []
    real_open = loader.open_pdf

    def open_pdf(*args: Any) -> Any:
        opened.append(real_open(*args))
        return opened[-1]

    monkeypatch.setattr(pdfplumber.pdf.PDFPage, "create_pages", staticmethod(walk))
    monkeypatch.setattr(loader, "open_pdf", open_pdf)
    if ending == "success":
        assert read_pdf(pdf_fixtures["single"], "ok.pdf", PLUMBER).n_pages == 5
    elif ending == "corrupt page":
        real = loader.page_fragments

        def boom(chars: list[dict[str, Any]], page_no: int, *args: Any) -> Any:
            if page_no == 2:
                raise RecursionError("maximum recursion depth exceeded")
            return real(chars, page_no, *args)

        monkeypatch.setattr(loader, "page_fragments", boom)
        with pytest.raises(pdf.CorruptPdfError, match="page 2"):
            read_pdf(pdf_fixtures["single"], "crafted.pdf", PLUMBER)
    else:
        _slow_from_page(monkeypatch, 2, 60.0)
        with pytest.raises(DocumentTimeoutError), time_limit(2.0, "slow.pdf"):
            read_pdf(pdf_fixtures["single"], "slow.pdf", PLUMBER)
    assert len(walks) == 1
    assert opened[0].stream.closed


@pytest.mark.parametrize(("engine", "module"), [("pdfplumber", "pdfplumber"), ("pdfium", "pypdfium2")])
def test_without_the_pdf_extra_a_pdf_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str, module: str
) -> None:
    import sys

    from pipeline.core.errors import PdfError

    monkeypatch.setitem(sys.modules, module, None)  # as if the [pdf] extra were not installed
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(PdfError, match=r"chiiki-sangyo-plans\[pdf\]") as info:
        read_pdf(path, "a.pdf", PdfParams(engine=engine))
    assert info.value.path == "a.pdf"
