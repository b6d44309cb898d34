"""Bad text inputs built from the real announcement, one file per case of the bad-input list.

Each case is a ``(file name, bytes, expected code)``; ``expected code`` is the
``warnings.code`` the file must be reported with (``None`` for files that must be read
correctly and give data).  Cases that keep a plan use their own municipality or period so
that no plan id collides with the real document's.
"""

from __future__ import annotations

import codecs
import random
from dataclasses import dataclass
from pathlib import Path

REAL_DOC = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "corpus" / "000_5eb07730d5f2e640.txt"

REAL = REAL_DOC.read_text(encoding="utf-8")
#: Lines 5–29 of the real document: the 品川区 plan, heading to category (3) body.
BLOCK = "\n".join(REAL.split("\n")[4:29]) + "\n"
PERIOD = "令和5年度～令和7年度"
LINE_OF_60KB = "長" * 20_000  # 60,000 UTF-8 bytes, more than one Sudachi call accepts


def plan(muni: str, period: str = "令和6年度～令和8年度") -> str:
    """The 品川区 block with another municipality and period."""
    return BLOCK.replace("品川区", muni).replace(PERIOD, period)


def shifted(start_reiwa: int) -> str:
    """The whole real document with every period moved to start in 令和<start_reiwa>年度."""
    return REAL.replace(PERIOD, f"令和{start_reiwa}年度～令和{start_reiwa + 2}年度")


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    code: str | None
    failed: bool = False


def text_cases() -> list[Case]:
    """Every bad (text) case of the list, plus the encodings that must decode correctly."""
    rng = random.Random(6)
    no_plans = "【お知らせ】\n\n東京都の中小企業向け支援策をまとめました。\n詳しくは各区市町村へ。\n"
    unbalanced = plan("日野市").replace("実施する（事業承継支援事業", "実施する事業承継支援事業")
    return [
        Case("empty.txt", b"", "empty_document", failed=True),
        Case("garbage.txt", bytes(range(1, 32)) * 64, "binary_document", failed=True),
        Case("garbage_highbytes.txt", b"\x81\xff" + rng.randbytes(4000), "undecodable_text", failed=True),
        Case("cp932.txt", shifted(6).encode("cp932"), None),
        Case("utf8_bom.txt", codecs.BOM_UTF8 + shifted(7).encode("utf-8"), None),
        Case("utf16.txt", shifted(8).encode("utf-16"), None),
        Case(
            "undecodable.txt",
            "一行目\n二行目\n".encode() + b"\x81\xff\xfe broken\n" + BLOCK.encode(),
            "undecodable_text",
            failed=True,
        ),
        Case(
            "no_period.txt",
            plan("武蔵野市").replace("【計画期間：令和6年度～令和8年度】\n", "").encode(),
            "missing_period",
        ),
        Case("bad_period.txt", plan("調布市", "令和六年度から当分の間").encode(), "unparsable_period"),
        Case(
            "category_4.txt",
            plan("町田市").replace("(3) (1)、(2)以外の取組", "(4) (1)、(2)以外の取組").encode(),
            "category_out_of_range",
        ),
        Case("empty_body.txt", plan("小金井市").rsplit("\n", 2)[0].encode() + b"\n", "empty_category_body"),
        Case("unbalanced.txt", unbalanced.encode(), "unbalanced_brackets"),
        Case("twice.txt", (plan("国分寺市") + "\n" + plan("国分寺市")).encode(), "duplicate_plan"),
        Case("unknown_muni.txt", plan("ほげ町").encode(), "unknown_municipality"),
        Case("long_line.txt", (plan("小平市") + LINE_OF_60KB + "\n").encode(), "very_long_line"),
        Case("no_plans.txt", no_plans.encode(), "no_plans", failed=True),
    ]


def garbage_pdf() -> Case:
    """Random bytes named .pdf: the PDF reader must refuse them as corrupt."""
    return Case("broken_download.pdf", random.Random(7).randbytes(5000), "pdf_corrupt", failed=True)


def pdf_cases(fixtures: dict[str, Path]) -> list[Case]:
    """The bad PDF fixtures of tests/pdfs (scan, encrypted, truncated, unmapped font)."""
    from pdfs.make_fixtures import BAD

    return [Case(f"{name}.pdf", fixtures[name].read_bytes(), code, failed=True) for name, code in BAD.items()]


def huge(n_bytes: int) -> Case:
    """A file above a size limit of ``n_bytes``: the real text repeated."""
    data = REAL.encode()
    return Case("huge.txt", data * (n_bytes // len(data) + 2), "document_too_large", failed=True)
