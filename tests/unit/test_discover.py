"""Discovery: the manifest's checks, document ids and interim folders that never collide, the raw folder's walk."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipeline.driver.discover import assign_doc_ids, discover
from pipeline.driver.interim import folder_name
from pipeline.driver.manifest import parse_manifest, read_manifest
from pipeline.driver.walk import walk
from pipeline.lang.municipalities import prefectures

HEADER = "file,title,publisher,published,url,prefecture,edition_of,sha256,licence"
ROW = "a.txt,題名,東京都産業労働局,,,東京都,,,CC BY 4.0"


def _manifest(tmp_path: Path, data: bytes) -> list[tuple[int, str]]:
    path = tmp_path / "sources.csv"
    path.write_bytes(data)
    return [(p.line, p.message) for p in read_manifest(path, prefectures()).problems]


def test_a_valid_manifest_in_cp932_is_read(tmp_path: Path) -> None:
    path = tmp_path / "sources.csv"
    path.write_bytes(f"{HEADER}\n{ROW}\n".encode("cp932"))
    m = read_manifest(path, prefectures())
    assert m.problems == () and m.row("a.txt")["title"] == "題名" and m.row("a.txt")["prefecture"] == "東京都"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("name,prefecture\na.txt,東京都\n", 1, "no file column"),
        (f"{HEADER}\n{ROW},extra\n", 2, "10 field(s) but the header has 9"),
        (f"{HEADER}\n{ROW}\na.txt,t,p\n", 3, "3 field(s) but the header has 9"),
        (f"{HEADER}\n{ROW}\n{ROW.replace('題名', '別の題名')}\n", 3, "already has a row (line 2)"),
        (f"{HEADER},colour\n{ROW},red\n", 1, "unknown column(s) ['colour']"),
        (f"{HEADER}\n{ROW.replace(',,CC', ',xyz,CC')}\n", 2, "sha256 'xyz' is not 64 hexadecimal digits"),
        (f"{HEADER}\n{ROW.replace('東京都,', '東京,')}\n", 2, "prefecture '東京' is not a prefecture"),
        (f"{HEADER}\n,t,p,,,,,,\n", 2, "the file column is empty"),
        (f'{HEADER}\n{ROW}\n"a.txt,broken\n', 3, "field(s) but the header has 9"),
    ],
)
def test_each_manifest_problem_names_its_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    problems = _manifest(tmp_path, text.encode())
    assert any(p_line == line and words in message for p_line, message in problems), problems


def test_a_duplicate_row_never_replaces_the_first() -> None:
    m = parse_manifest(f"{HEADER}\n{ROW}\n{ROW.replace('東京都,', '大阪府,')}\n", prefectures())
    assert m.row("a.txt")["prefecture"] == "東京都" and m.lines == {"a.txt": 2}


def test_a_bad_value_is_dropped_but_its_row_kept() -> None:
    m = parse_manifest(f"{HEADER}\n{ROW.replace('東京都,', '東京,')}\n", prefectures())
    assert m.row("a.txt")["prefecture"] == "" and m.row("a.txt")["title"] == "題名"


def test_a_manifest_row_matches_the_file_in_either_normalisation() -> None:
    m = parse_manifest(f"{HEADER}\n{ROW.replace('a.txt', unicodedata.normalize('NFD', 'が.txt'))}\n")
    assert m.row(unicodedata.normalize("NFC", "が.txt"))["title"] == "題名"


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (f"{HEADER}\n{ROW}\n".encode() + b"b.txt,\x00,,,,,,,\n", 3, "control characters"),
        (f"{HEADER}\n{ROW}\n".encode() + "b.txt,題名,,,,,,,\n".encode("cp932"), 3, "mixes encodings"),
        (b"", 0, "empty"),
    ],
)
def test_a_manifest_that_cannot_be_decoded_is_not_used(tmp_path: Path, data: bytes, line: int, words: str) -> None:
    problems = _manifest(tmp_path, data)
    assert len(problems) == 1 and problems[0][0] == line and words in problems[0][1], problems


def test_a_folder_in_place_of_the_manifest(tmp_path: Path) -> None:
    (tmp_path / "sources.csv").mkdir()
    m = read_manifest(tmp_path / "sources.csv")
    assert m.rows == {} and "a folder" in m.problems[0].message


def test_document_ids_are_distinct_whatever_the_names() -> None:
    rels = ["a.b.c", "a.b.txt", "a.b.c.pdf", "x", "x.txt", "が.txt", unicodedata.normalize("NFD", "が.txt")]
    ids = assign_doc_ids(rels)
    assert len(set(ids.values())) == len(rels)
    assert ids["x"] == "x" and ids["x.txt"] == "x.txt" and ids["が.txt"] == "が"


def test_interim_folders_never_collide() -> None:
    rels = ["x.txt", "x/read.json.txt", "X.txt", "が.txt", unicodedata.normalize("NFD", "が.txt"), "..txt", ".txt"]
    names = [folder_name(r) for r in rels]
    assert len({n.casefold() for n in names}) == len(rels)  # even where the file system folds case
    assert len({unicodedata.normalize("NFC", n) for n in names}) == len(rels)  # or normalises names
    assert all("/" not in n and not n.startswith(".") for n in names)


def test_walk_refuses_links_and_follows_them_only_when_asked(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "sub" / "doc.txt").write_text("x", encoding="utf-8")
    (raw / "sub" / "loop").symlink_to(raw)  # a link back up: walking it would never end
    (raw / "copy.txt").symlink_to(raw / "sub" / "doc.txt")
    (raw / "broken.txt").symlink_to(raw / "missing.txt")
    plain = walk(raw)
    assert [rel for rel, _ in plain.files] == ["sub/doc.txt"]
    assert {s.rel: s.reason.split(";")[0] for s in plain.skipped if s.refused} == {
        "broken.txt": "a broken symbolic link",
        "copy.txt": "a symbolic link to 'sub/doc.txt'",
        "sub/loop": "a symbolic link to the raw folder itself",
    }
    followed = walk(raw, follow_symlinks=True)
    assert [rel for rel, _ in followed.files] == ["copy.txt", "sub/doc.txt"]
    assert [s.rel for s in followed.skipped if s.refused] == ["broken.txt", "sub/loop/"]


def test_discover_reports_rows_for_missing_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sources.csv").write_text(f"{HEADER}\n{ROW}\n{ROW.replace('a.txt', 'gone.txt')}\n", encoding="utf-8")
    found = discover(tmp_path)
    assert [(i.code, i.line_no) for i in found.issues] == [("manifest_unknown_file", 3)]
    assert found.sources[0].meta["title"] == "題名"
