"""Cache keys: a stage's result is reused only while everything that shaped it is unchanged.

A stage's output depends on its input (the raw file's bytes, or the previous stage's
output), its parameters (the document's prefecture), and the code, reference data and
library versions it runs.  :func:`stage_fingerprint` hashes exactly the last three, per
stage, found by reading the source rather than listed by hand:

1. **Code**: the stage's entry modules (:data:`STAGE_ENTRIES`) and every ``pipeline``
   module they import, transitively (imports inside functions included), found with
   :mod:`ast`.  A package entry (``pipeline.output``) stands for all of its modules.
   The stage-file format (:mod:`pipeline.driver.interim`) is part of every stage.  The
   assembly's entries are the writers of the build's outputs, not their readers
   (``pipeline.load``, the report).
2. **Reference data**: every file of ``pipeline/data/`` whose name appears as a string
   constant in that code (``"themes.csv"``).
3. **Libraries**: the installed versions of the third-party distributions that code
   imports, plus those they load by name (:data:`IMPLIED_DISTRIBUTIONS`: SudachiPy
   loads its dictionary package, pdfplumber runs pdfminer.six).

So editing :mod:`pipeline.tools.diff` or :mod:`pipeline.cli` invalidates nothing, editing
the theme vocabulary re-runs only *extract* (and the assembly), and a new Sudachi
dictionary re-runs *segment* and *extract* but not *read*.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import json
import logging
import os
import stat
import sys
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from pipeline.core.fileio import write_json

logger = logging.getLogger(__name__)

PACKAGE = "pipeline"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]
DATA_FOLDER = "data"
#: Source files whose imports and constants are kept per process (the package has ~130).
PARSED_CACHE_SIZE = 1024
#: Where the imports and constants found in a folder's files are kept between processes.
PYCACHE, PARSE_STORE, DISTS_STORE = "__pycache__", "fingerprint-parse.json", "fingerprint-dists.json"
#: Names of the metadata folders of installed distributions (PEP 376 / PEP 627, and setuptools' older form).
DIST_SUFFIXES = (".dist-info", ".egg-info")
#: Separator of the parts of a cache key (a character that occurs in no part).
KEY_SEPARATOR = "\x1f"


class Stage(StrEnum):
    READ = "read"
    SEGMENT = "segment"
    EXTRACT = "extract"
    FRAGMENT = "fragment"
    ASSEMBLE = "assemble"


#: The modules each stage runs; everything they import is found by :func:`closure`.
STAGE_ENTRIES: dict[Stage, tuple[str, ...]] = {
    Stage.READ: ("pipeline.read",),
    Stage.SEGMENT: ("pipeline.segment",),
    Stage.EXTRACT: ("pipeline.extract",),
    # a document's share of the tables (pipeline.driver.fragment), made after extract
    Stage.FRAGMENT: ("pipeline.driver.fragment",),
    # the writers of the build's outputs; not the readers of them (load, report)
    Stage.ASSEMBLE: (
        "pipeline.driver.assemble",
        "pipeline.output.tables",
        "pipeline.output.checks",
        "pipeline.output.validate",
        "pipeline.output.formulas",
        "pipeline.output.datapackage",
        "pipeline.output.sqlite",
    ),
}
#: Modules that shape every stage's file: the format of the stage files themselves.
SHARED_ENTRIES = ("pipeline.driver.interim",)
#: Distributions a library loads without an import statement in our code.
IMPLIED_DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "sudachipy": ("sudachidict-core",),
    "pdfplumber": ("pdfminer.six", "pypdfium2"),
}


def key(*parts: str) -> str:
    """A cache key: SHA-256 of the parts.

    >>> key("a", "b") == key("a", "b") != key("ab")
    True
    """
    return hashlib.sha256(KEY_SEPARATOR.join(parts).encode()).hexdigest()


def module_file(name: str, root: Path = PACKAGE_ROOT) -> Path | None:
    """The source file of a ``pipeline`` module or package, or ``None`` if there is none."""
    rel = Path(*name.split(".")[1:])
    for candidate in (root / rel / "__init__.py", (root / rel).with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def imported_names(tree: ast.AST) -> set[str]:
    """Every module name an AST imports, ``from a import b`` giving both ``a`` and ``a.b``.

    >>> sorted(imported_names(ast.parse("import x.y\\nfrom p import q, r")))
    ['p', 'p.q', 'p.r', 'x.y']
    """
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


@functools.lru_cache(maxsize=PARSED_CACHE_SIZE)
def _parsed(path: Path, mtime_ns: int, size: int) -> tuple[frozenset[str], frozenset[str]]:
    """The module names a source file imports and its string constants, parsed once per
    version of the file (every stage's fingerprint reads the shared modules again)."""
    stored = _parse_store(path.parent).get(path.name)
    if stored is not None and stored[:2] == [mtime_ns, size]:
        return frozenset(stored[2]), frozenset(stored[3])
    tree = ast.parse(path.read_bytes())
    constants = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    found = frozenset(imported_names(tree)), frozenset(constants)
    _parse_store(path.parent)[path.name] = [mtime_ns, size, sorted(found[0]), sorted(found[1])]
    _STORES_CHANGED.add(path.parent)
    return found


def parsed(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """:func:`_parsed` of the file as it is now."""
    st = path.stat()
    return _parsed(path, st.st_mtime_ns, st.st_size)


#: Folders whose parse store gained entries in this process (written by :func:`save_parse_stores`).
_STORES_CHANGED: set[Path] = set()


@functools.cache
def _parse_store(folder: Path) -> dict[str, list[Any]]:
    """What :func:`_parsed` found for the files of a folder in earlier processes, by file name.

    Kept in the folder's ``__pycache__`` (:data:`PARSE_STORE`), beside Python's own compiled
    files and trusted on the same terms: an entry counts only while the file's modification
    time (ns) and size are those it was parsed at.
    """
    try:
        data = json.loads((folder / PYCACHE / PARSE_STORE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_parse_stores() -> None:
    """Write the parse stores that gained entries (best effort: a read-only install parses again)."""
    for folder in sorted(_STORES_CHANGED):
        try:
            write_json(folder / PYCACHE / PARSE_STORE, _parse_store(folder))
        except OSError as exc:
            logger.debug("parse store of %s not written: %s", folder, exc)
    _STORES_CHANGED.clear()


def _package_modules(name: str, root: Path) -> list[str]:
    folder = root / Path(*name.split(".")[1:])
    return sorted(
        ".".join((PACKAGE, *p.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
        for p in folder.rglob("*.py")
    )


def closure(entries: tuple[str, ...], root: Path = PACKAGE_ROOT) -> tuple[dict[str, Path], set[str]]:
    """The ``pipeline`` modules reachable from ``entries`` and the top-level third-party modules they import.

    Returns:
        ``({module name: file}, {third-party top-level module names})``.
    """
    todo = list(entries)
    modules: dict[str, Path] = {}
    external: set[str] = set()
    while todo:
        name = todo.pop()
        path = module_file(name, root)
        if name in modules or path is None:
            continue
        modules[name] = path
        if path.name == "__init__.py" and name in entries:
            todo.extend(_package_modules(name, root))
        for imported in parsed(path)[0]:
            top = imported.split(".")[0]
            if top == PACKAGE:
                todo.append(imported)
            elif top not in sys.stdlib_module_names:
                external.add(top)
    return modules, external


def data_files(modules: dict[str, Path], root: Path = PACKAGE_ROOT) -> list[Path]:
    """The reference data files named by a string constant in ``modules``."""
    available = {p.name: p for p in (root / DATA_FOLDER).iterdir() if p.is_file()}
    named: set[str] = set()
    for path in modules.values():
        named.update(c for c in parsed(path)[1] if c in available)
    return [available[n] for n in sorted(named)]


def distributions(external: set[str]) -> list[str]:
    """Installed distributions providing the given top-level modules, and those they imply."""
    by_module = _packages_distributions()
    dists = {d for m in external for d in by_module.get(m, [m])}
    for m in external:
        dists.update(IMPLIED_DISTRIBUTIONS.get(m, ()))
    return sorted(d.lower() for d in dists)


def _packages_distributions() -> Mapping[str, list[str]]:
    """:func:`importlib.metadata.packages_distributions`, which scans every installed
    distribution's metadata: done once per process, and kept in the package's
    ``__pycache__`` (:data:`DISTS_STORE`) for as long as no folder of ``sys.path`` holding
    distributions changes (installing, upgrading or removing one adds or removes its
    ``.dist-info`` folder, which changes the folder's modification time: :func:`_path_stamp`)."""
    return _installed()[0]


@functools.cache
def _installed() -> tuple[dict[str, list[str]], dict[str, str]]:
    """The distributions of each top-level module, and every installed distribution's version.

    Both come from :mod:`importlib.metadata` (itself slow to import) and are kept in the
    package's ``__pycache__`` (:data:`DISTS_STORE`) on the terms of
    :func:`_packages_distributions`; a version changes only with an install, which the stamp
    sees.
    """
    stamp = _path_stamp()
    store = PACKAGE_ROOT / PYCACHE / DISTS_STORE
    try:
        data = json.loads(store.read_text(encoding="utf-8"))
        if data["stamp"] == stamp:
            return dict(data["map"]), dict(data["versions"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from importlib import metadata

    found = dict(metadata.packages_distributions())
    versions = {d: _metadata_version(d) for d in sorted({d.lower() for ds in found.values() for d in ds})}
    try:
        write_json(store, {"stamp": stamp, "map": found, "versions": versions})
    except OSError as exc:
        logger.debug("%s not written: %s", store, exc)
    return found, versions


def _path_stamp() -> list[list[Any]]:
    """Each folder of ``sys.path`` that holds installed distributions, with its modification
    time (ns).

    Only folders holding a ``.dist-info`` or ``.egg-info`` entry count: the current folder,
    first on ``sys.path`` under ``python -m``, changes whenever a file is made in it, and
    would otherwise make every build from a fresh folder read the metadata again.  A
    distribution installed into a folder that held none adds the folder to the stamp, so
    the stamp still changes.
    """
    stamp: list[list[Any]] = []
    for entry in sys.path:
        with contextlib.suppress(OSError):
            st = os.stat(entry or ".")
            if stat.S_ISDIR(st.st_mode) and _holds_distributions(entry or "."):
                stamp.append([entry, st.st_mtime_ns])
    return stamp


def _holds_distributions(folder: str) -> bool:
    """Whether ``folder`` has a distribution's metadata folder (``*.dist-info``, ``*.egg-info``)."""
    with os.scandir(folder) as entries:
        return any(e.name.endswith(DIST_SUFFIXES) for e in entries)


@functools.cache
def _version(dist: str) -> str:
    """The installed version of ``dist`` (lower case), ``"none"`` when it is not installed."""
    found = _installed()[1].get(dist)
    return found if found is not None else _metadata_version(dist)


def _metadata_version(dist: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "none"


def fingerprint_parts(stage: Stage, root: Path = PACKAGE_ROOT) -> list[tuple[str, str]]:
    """What a stage's fingerprint hashes: ``(name, digest or version)`` pairs, sorted."""
    modules, external = closure(STAGE_ENTRIES[stage] + SHARED_ENTRIES, root)
    files = sorted({*modules.values(), *data_files(modules, root)})
    parts = [(p.relative_to(root).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest()) for p in files]
    parts += [(dist, _version(dist)) for dist in distributions(external)]
    return parts


@functools.cache
def stage_fingerprint(stage: Stage, root: Path = PACKAGE_ROOT) -> str:
    """Hash of the code, reference data and library versions that shape ``stage``'s output."""
    digest = key(stage.value, *(f"{name}={value}" for name, value in fingerprint_parts(stage, root)))
    save_parse_stores()
    logger.debug("fingerprint of %s: %s", stage, digest)
    return digest
