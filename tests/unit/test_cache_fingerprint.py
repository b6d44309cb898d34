"""Each stage's fingerprint covers exactly the code, data and libraries that shape its output."""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
from pathlib import Path

import pytest

import pipeline
from pipeline.driver import cache
from pipeline.driver.cache import Stage, fingerprint_parts, stage_fingerprint

PIPELINE = Path(pipeline.__file__).resolve().parent


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """A copy of the pipeline package to edit."""
    root = tmp_path / "pipeline"
    shutil.copytree(PIPELINE, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def fingerprints(root: Path) -> dict[Stage, str]:
    stage_fingerprint.cache_clear()
    return {s: stage_fingerprint(s, root) for s in Stage}


def touch(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\n# edited\n")


@pytest.mark.parametrize(
    ("edited", "changed"),
    [
        ("tools/diff.py", set()),
        ("cli.py", set()),
        ("tools/docs.py", set()),
        # the manifest is decoded by the same rules; its rows are in the documents table
        ("read/text.py", {Stage.READ, Stage.FRAGMENT, Stage.ASSEMBLE}),
        ("segment/headings.py", {Stage.SEGMENT}),
        ("lang/themes/classify.py", {Stage.EXTRACT}),
        ("data/theme_overrides.csv", {Stage.EXTRACT}),  # its labels are not in the themes table
        ("data/themes.csv", {Stage.EXTRACT, Stage.ASSEMBLE}),  # the labels of the themes table
        ("data/municipalities.csv", {Stage.SEGMENT, Stage.EXTRACT, Stage.FRAGMENT, Stage.ASSEMBLE}),
        ("output/tables.py", {Stage.ASSEMBLE}),
        ("output/schema.py", {Stage.EXTRACT, Stage.FRAGMENT, Stage.ASSEMBLE}),  # the fragments' columns
        ("driver/fragment.py", {Stage.FRAGMENT, Stage.ASSEMBLE}),
        ("driver/links.py", {Stage.ASSEMBLE}),  # across documents: no fragment is made again
        ("driver/interim.py", set(Stage)),
        ("core/model.py", set(Stage)),
    ],
)
def test_an_edit_changes_only_the_stages_it_shapes(tree: Path, edited: str, changed: set[Stage]) -> None:
    before = fingerprints(tree)
    touch(tree / edited)
    after = fingerprints(tree)
    assert {s for s in Stage if before[s] != after[s]} == changed


def test_library_versions_are_in_the_stages_that_import_them() -> None:
    names = {s: {n for n, _ in fingerprint_parts(s)} for s in Stage}
    assert {"pdfplumber", "pdfminer.six"} <= names[Stage.READ]
    assert {"sudachipy", "sudachidict-core"} <= names[Stage.SEGMENT] & names[Stage.EXTRACT]
    assert {"pyarrow", "pandera"} <= names[Stage.ASSEMBLE]
    assert "pdfplumber" not in names[Stage.EXTRACT]


def test_parsed_modules_are_kept_between_processes_while_unchanged(tree: Path) -> None:
    module = tree / "driver" / "links.py"
    first = cache.parsed(module)
    store = tree / "driver" / cache.PYCACHE / cache.PARSE_STORE
    cache.save_parse_stores()
    entry = json.loads(store.read_text(encoding="utf-8"))[module.name]
    assert entry[:2] == [module.stat().st_mtime_ns, module.stat().st_size]
    assert "pipeline.core.errors" in entry[2]
    cache._parse_store.cache_clear()  # as a new process: the stored entry is used
    cache._parsed.cache_clear()
    assert cache.parsed(module) == first
    # the same size, another modification time: parsed again
    text = module.read_text(encoding="utf-8").replace("import logging", "import loggin_", 1)
    module.write_text(text, encoding="utf-8")
    os.utime(module, ns=(entry[0] + 1_000_000_000, entry[0] + 1_000_000_000))
    assert "loggin_" in cache.parsed(module)[0]


def test_the_installed_distributions_are_read_again_when_sys_path_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.setattr(cache, "PACKAGE_ROOT", tmp_path)
    monkeypatch.setattr(cache.sys, "path", [str(site)])
    calls = []
    monkeypatch.setattr(importlib.metadata, "packages_distributions", lambda: calls.append(1) or {"x": ["x-dist"]})
    cache._installed.cache_clear()
    assert cache._packages_distributions() == {"x": ["x-dist"]}
    cache._installed.cache_clear()
    assert cache._packages_distributions() == {"x": ["x-dist"]} and len(calls) == 1  # from the store
    (site / "new_dist-1.0.dist-info").mkdir()  # a distribution installed
    os.utime(site, ns=(1, 1))
    cache._installed.cache_clear()
    cache._packages_distributions()
    assert len(calls) == 2
    cache._installed.cache_clear()


def test_a_folder_without_distributions_on_sys_path_does_not_reset_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Running from another folder (first on ``sys.path`` under ``python -m``) and making
    files there keeps the stored metadata; installing into that folder reads it again."""
    site, cwd = tmp_path / "site-packages", tmp_path / "work"
    site.mkdir()
    cwd.mkdir()
    (site / "x_dist-1.0.dist-info").mkdir()
    monkeypatch.setattr(cache, "PACKAGE_ROOT", tmp_path)
    monkeypatch.setattr(cache.sys, "path", [str(cwd), str(site)])
    calls = []
    monkeypatch.setattr(importlib.metadata, "packages_distributions", lambda: calls.append(1) or {"x": ["x-dist"]})
    cache._installed.cache_clear()
    cache._packages_distributions()
    (cwd / "notes.txt").write_text("a file made in the current folder")
    os.utime(cwd, ns=(2, 2))
    cache._installed.cache_clear()
    cache._packages_distributions()
    assert len(calls) == 1
    (cwd / "y_dist-2.0.dist-info").mkdir()  # a distribution installed into the current folder
    cache._installed.cache_clear()
    cache._packages_distributions()
    assert len(calls) == 2
    cache._installed.cache_clear()
