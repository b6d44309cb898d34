"""Walking the raw folder: which entries are source documents, and why the others are not.

Every regular file below the raw folder is a candidate document.  The other entries are
*skipped*, each with its reason, so that nothing in ``raw/`` is left out silently:

* hidden entries (a name starting with ``.``: ``.DS_Store``, ``.git/``, ``..txt``) and
  read-me files (:data:`IGNORED_NAMES`) are skipped on purpose and listed in the build's
  summary line only;
* symbolic links are refused (a ``skipped_file`` warning) unless ``follow_symlinks`` is
  set: a link can make the build read a file outside the raw folder, and a link loop
  would never end.  When links are followed, a folder already visited is not walked twice;
* names that are not valid UTF-8 (possible on Linux), folders that cannot be listed, and
  special files (pipes, sockets, devices: opening a pipe would block the build) are
  refused with a ``skipped_file`` warning.

Outputs never hold an absolute path, so a link that points outside the raw folder is
reported as such, without its target (the log names it).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

MANIFEST_NAME = "sources.csv"
#: Files that are never source documents (the manifest, read-me files).
IGNORED_NAMES = frozenset({MANIFEST_NAME, "README.md", "README.txt"})
HIDDEN_PREFIX = "."


@dataclass(frozen=True, slots=True)
class Skipped:
    """An entry of the raw folder that is not read.

    Attributes:
        rel: its path relative to the raw folder (``/`` after a folder), printable.
        reason: why, and what to do.
        refused: reported as a ``skipped_file`` warning (else only in the summary line).
    """

    rel: str
    reason: str
    refused: bool = False


@dataclass(slots=True)
class Walk:
    """What :func:`walk` found: documents as ``(relative path, file)`` pairs sorted by path, and the rest."""

    files: list[tuple[str, Path]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def printable(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 shown as ``\\xNN``.

    >>> printable("計画.txt"), printable(os.fsdecode(b"\\xff.txt"))
    ('計画.txt', '\\\\xff.txt')
    """
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _link_reason(entry: os.DirEntry[str], raw_root: Path) -> str:
    try:
        target = Path(entry.path).resolve(strict=True)
    except (OSError, RuntimeError):
        return "a broken symbolic link"
    logger.info("symbolic link %s -> %s", entry.path, target)
    if not target.is_relative_to(raw_root):
        return "a symbolic link to a file outside the raw folder"
    where = target.relative_to(raw_root).as_posix()
    return "a symbolic link to the raw folder itself" if where == "." else f"a symbolic link to {where!r}"


class _Walker:
    def __init__(self, raw_dir: Path, follow_symlinks: bool) -> None:
        self.root = raw_dir.resolve()
        self.follow = follow_symlinks
        self.out = Walk()
        self.seen: set[tuple[int, int]] = set()

    def refuse(self, rel: str, reason: str) -> None:
        self.out.skipped.append(Skipped(rel, reason, refused=True))

    def visit(self, folder: Path, prefix: str) -> None:
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in self.seen:
                self.refuse(prefix, "a folder already walked through another symbolic link (a loop); it is read once")
                return
            self.seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self.refuse(prefix or "./", f"the folder cannot be listed ({exc.strerror or exc}); its files are not read")
            return
        for entry in entries:
            try:
                self.entry(entry, prefix)
            except OSError as exc:  # its type cannot be read (a permission, a vanished file)
                self.refuse(prefix + printable(entry.name), f"it cannot be read ({exc.strerror or exc})")

    def entry(self, entry: os.DirEntry[str], prefix: str) -> None:
        rel = prefix + printable(entry.name)
        if printable(entry.name) != entry.name:
            self.refuse(rel, "the name is not valid UTF-8 text; rename the file")
        elif entry.name.startswith(HIDDEN_PREFIX):
            self.out.skipped.append(Skipped(rel + ("/" if entry.is_dir() else ""), "hidden: the name starts with '.'"))
        elif entry.is_symlink() and not self.follow:
            self.refuse(rel, f"{_link_reason(entry, self.root)}; links are not followed (--follow-symlinks)")
        elif entry.is_dir():
            self.visit(Path(entry.path), rel + "/")
        elif not entry.is_file():
            why = "a broken symbolic link" if entry.is_symlink() else "not a regular file (a pipe, socket or device)"
            self.refuse(rel, why)
        elif entry.name in IGNORED_NAMES:
            if rel != MANIFEST_NAME:
                self.out.skipped.append(Skipped(rel, "a read-me file or manifest, not a document"))
        else:
            self.out.files.append((rel, Path(entry.path)))


def walk(raw_dir: Path, follow_symlinks: bool = False) -> Walk:
    """The documents and skipped entries below ``raw_dir`` (see the module docstring).

    Args:
        raw_dir: the raw folder (an existing folder).
        follow_symlinks: read files and folders behind symbolic links.

    Returns:
        The documents sorted by relative path, and the skipped entries in walking order.
    """
    walker = _Walker(raw_dir, follow_symlinks)
    walker.visit(raw_dir, "")
    walker.out.files.sort(key=lambda f: f[0])
    return walker.out
