"""Bad input end to end: a raw folder with the real document and one file of each bad case.

The real document must give exactly its own data; every bad file must be reported in
``warnings`` with its code; failed documents leave no records; the CLI exits non-zero
and prints one line per failed document.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from bad_cases import REAL_DOC, Case, garbage_pdf, huge, pdf_cases, text_cases
from test_real_document import PROGRAMS

from pipeline.cli import main
from pipeline.core.limits import Limits
from pipeline.driver.build import BuildConfig, build

pytestmark = pytest.mark.integration

SIZE_LIMIT = 2**20
TABLES = (
    "documents",
    "plans",
    "initiatives",
    "programs",
    "captions",
    "announcements",
    "announcement_municipalities",
    "program_links",
    "lines",
    "warnings",
)


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0]


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, pdf_fixtures: dict[str, Path]
) -> tuple[Path, dict[str, pd.DataFrame], list[Case]]:
    root = tmp_path_factory.mktemp("bad")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(REAL_DOC, raw / REAL_DOC.name)
    shutil.copy(REAL_DOC.parent / "sources.csv", raw / "sources.csv")
    cases = [*text_cases(), garbage_pdf(), *pdf_cases(pdf_fixtures), huge(SIZE_LIMIT)]
    for case in cases:
        (raw / case.name).write_bytes(case.data)
    cfg = BuildConfig(
        raw, root / "interim", root / "output", jobs=2, default_prefecture="東京都", limits=Limits(max_bytes=SIZE_LIMIT)
    )
    result = build(cfg)
    assert result.assembled and result.documents == len(cases) + 1
    return root, {t: pd.read_parquet(root / "output" / f"{t}.parquet") for t in TABLES}, cases


def test_real_document_data_is_unharmed(built: tuple[Path, dict[str, pd.DataFrame], list[Case]]) -> None:
    _, tables, _ = built
    progs = tables["programs"]
    real = progs[progs["plan_id"].str.endswith("-2023")]
    got = {k: list(g.sort_values("seq")["name_raw"]) for k, g in real.groupby(["plan_id", "category_no"])}
    assert got == PROGRAMS
    warnings = tables["warnings"]
    # The real document's only warnings are its OCR-suspect spellings (パピリオン, EXP02022).
    real_warnings = warnings[warnings["doc_id"] == "000_5eb07730d5f2e640"]
    assert set(real_warnings["code"]) == {"ocr_suspect"}
    assert set(real_warnings["severity"]) == {"warning"}


@pytest.mark.parametrize(("name", "start"), [("cp932.txt", 2024), ("utf8_bom.txt", 2025), ("utf16.txt", 2026)])
def test_encodings_give_the_same_programs(
    built: tuple[Path, dict[str, pd.DataFrame], list[Case]], name: str, start: int
) -> None:
    _, tables, _ = built
    progs = tables["programs"]
    mine = progs[progs["plan_id"].isin({f"{plan_id[:6]}-{start}" for plan_id, _ in PROGRAMS})]
    got = {
        (k[0][:6], k[1]): list(g.sort_values("seq")["name_raw"]) for k, g in mine.groupby(["plan_id", "category_no"])
    }
    assert got == {(k[0][:6], k[1]): v for k, v in PROGRAMS.items()}
    doc = tables["documents"].set_index("doc_id").loc[_stem(name)]
    assert doc["status"] == "ok" and doc["n_lines"] == 141


def test_every_bad_file_is_reported_with_its_code(built: tuple[Path, dict[str, pd.DataFrame], list[Case]]) -> None:
    _, tables, cases = built
    warnings, docs = tables["warnings"], tables["documents"].set_index("doc_id")
    for case in cases:
        doc_id = _stem(case.name)
        codes = set(warnings.loc[warnings["doc_id"] == doc_id, "code"])
        codes -= {"ocr_suspect"}  # the real document's own spellings, reported for every copy of it
        codes -= {"manifest_row_missing"}  # the bad files are listed in no manifest
        if case.code is None and not case.failed:
            assert codes == set(), case.name
            continue
        assert docs.loc[doc_id, "status"] == ("failed" if case.failed else "ok"), case.name
        assert case.code in codes, (case.name, codes)
        if case.failed:
            row = warnings[warnings["doc_id"] == doc_id].iloc[0]
            assert row["severity"] == "error" and case.name in row["message"]


def test_error_rows_say_where(built: tuple[Path, dict[str, pd.DataFrame], list[Case]]) -> None:
    _, tables, _ = built
    w = tables["warnings"].set_index(["doc_id", "code"])
    assert w.loc[("undecodable", "undecodable_text"), "location"] == "line 3"
    assert w.loc[("bad_period", "unparsable_period"), "location"] == "line 3"
    assert w.loc[("unknown_muni", "unknown_municipality"), "line_no"] == 1
    assert w.loc[("long_line", "very_long_line"), "line_no"] == 26


def test_failed_documents_leave_no_records(built: tuple[Path, dict[str, pd.DataFrame], list[Case]]) -> None:
    _, tables, _ = built
    failed = set(tables["documents"].query("status == 'failed'")["doc_id"])
    assert failed == {
        "empty",
        "garbage",
        "garbage_highbytes",
        "undecodable",
        "no_plans",
        "huge",
        "broken_download",
        "scan",
        "encrypted",
        "truncated",
        "unmapped",
        "sideways",
    }
    for name in ("plans", "lines"):
        assert not set(tables[name]["doc_id"]) & failed, name


def test_values_of_the_degraded_documents(built: tuple[Path, dict[str, pd.DataFrame], list[Case]]) -> None:
    _, tables, _ = built
    plans = tables["plans"].set_index("plan_id")
    assert pd.isna(plans.loc["132039-unknown", "start_fy"])  # 武蔵野市, no period
    assert plans.loc["ほげ町-2024", "municipality"] == "ほげ町"
    assert pd.isna(plans.loc["ほげ町-2024", "municipality_code"])
    assert {"132144-2024", "132144-2024-2"} <= set(plans.index)  # 国分寺市 twice
    ini = tables["initiatives"]
    assert set(ini.loc[ini["plan_id"] == "132098-2024", "category_no"]) == {1, 2}  # 町田市 (4) dropped
    lines = tables["lines"]
    dropped = lines[(lines["doc_id"] == "category_4") & (lines["place"] == "dropped.category_out_of_range")]
    assert len(dropped) == 2
    progs = tables["programs"]
    assert set(progs.loc[progs["plan_id"] == "132128-2024", "category_no"]) == {2, 3}  # 日野市 (1) unreadable
    # 小平市: the 60 KB line continues the last item of category (3); its name_key is
    # tokenized in chunks (one Sudachi call takes at most 49 KB).
    last = progs[progs["plan_id"] == "132110-2024"].sort_values("seq").iloc[-1]
    assert last["name_raw"] == "創業支援施設事業充実" + "長" * 20_000
    assert len(last["name_key"]) >= 20_000


def test_lines_ledger_balances_for_every_ok_document(
    built: tuple[Path, dict[str, pd.DataFrame], list[Case]],
) -> None:
    _, tables, _ = built
    docs = tables["documents"].query("status == 'ok'").set_index("doc_id")
    lines = tables["lines"]
    for doc_id, g in lines.groupby("doc_id"):
        assert list(g["line_no"]) == list(range(1, int(docs.loc[doc_id, "n_lines"]) + 1)), doc_id
    assert not lines["place"].eq("dropped.unassigned").any()


def test_cli_exits_non_zero_with_one_line_per_failed_document(
    built: tuple[Path, dict[str, pd.DataFrame], list[Case]], capsys: pytest.CaptureFixture[str]
) -> None:
    root, tables, _ = built
    before = {p.name: p.read_bytes() for p in (root / "output").iterdir()}
    code = main(
        [
            "build",
            "--raw",
            str(root / "raw"),
            "--interim",
            str(root / "interim"),
            "--output",
            str(root / "output"),
            "--jobs",
            "1",
            "--prefecture",
            "東京都",
            "--max-mb",
            str(SIZE_LIMIT / 2**20),
        ]
    )
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    failed = [ln for ln in err if ln.startswith("FAILED ")]
    assert sorted(ln.split(":")[0].removeprefix("FAILED ") for ln in failed) == sorted(
        tables["documents"].query("status == 'failed'")["doc_id"]
    )
    assert any("[document_too_large]" in ln and "huge.txt" in ln for ln in failed)
    # Same raw folder, same limits: the outputs are not rewritten and stay the same.
    assert {p.name: p.read_bytes() for p in (root / "output").iterdir()} == before
