"""SHA-256 digests of files, remembered while the file's status shows it unchanged.

A build with nothing to do is mostly the SHA-256 of every raw file (is the document the
one its interim folder was made from?) and of every output (are the outputs the ones the
last assembly wrote?).  At a thousand documents that is about a third of a no-op build, and
it grows with the corpus.  :class:`DigestStore` keeps, in ``interim/_digests.json``, each
file's digest beside the status it had when it was hashed, and reuses the digest while the
file still has that status.

The status is the file's size, inode, and its modification and change times in
nanoseconds (:class:`FileStatus`).  Writing a file changes its modification time, and any
change to it, ``touch -d`` and ``cp -p`` included, sets its change time, which no user
command can set back.  This is the test ``make`` and git rely on, with git's guard against
*racily clean* entries (https://git-scm.com/docs/racy-git): a file changed again within
the same timestamp tick as the change before keeps its times.  A digest is therefore
reused only when the file had last changed at least one tick before it was hashed
(:data:`RACY_MARGIN_NS`; :data:`COARSE_MARGIN_NS` for file systems that keep whole seconds,
such as FAT's two-second times).  A file changed just before it was hashed is hashed again
next time, until a hash is taken a tick after its last change.

Limits: a clock that runs backwards, or a network file system whose server stamps times
far behind this machine's clock, can defeat the guard for a file changed within a tick of
being hashed; ``make clean`` (or deleting ``interim/_digests.json``) forgets every digest.
The store is a cache: a missing, damaged or foreign file is ignored and rewritten.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.fileio import read_json, sha256_file, write_json

logger = logging.getLogger(__name__)

DIGESTS_FILE = "_digests.json"
#: Format of the store; another value is ignored (the store is rebuilt).
DIGESTS_FORMAT = 1
#: A file whose last change is less than this before its hash is hashed again next time: more
#: than the tick of the clock file systems stamp times with (a kernel jiffy, at most 10 ms).
RACY_MARGIN_NS = 20_000_000
#: The same margin for a file whose times are whole seconds: its file system keeps coarse times
#: (FAT: 2 s).
COARSE_MARGIN_NS = 2_000_000_000
NS_PER_S = 1_000_000_000


@dataclass(frozen=True, slots=True)
class FileStatus:
    """What :func:`os.stat` says of a file that changes whenever its bytes do."""

    size: int
    ino: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileStatus:
        st = os.stat(path)
        return cls(st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns)

    def settled_before(self, moment_ns: int) -> bool:
        """Whether the file's last change was at least one timestamp tick before ``moment_ns``.

        >>> FileStatus(1, 1, 5 * NS_PER_S + 1, 5 * NS_PER_S + 1).settled_before(5 * NS_PER_S + RACY_MARGIN_NS + 2)
        True
        >>> FileStatus(1, 1, 5 * NS_PER_S + 1, 5 * NS_PER_S + 1).settled_before(5 * NS_PER_S + RACY_MARGIN_NS)
        False
        >>> FileStatus(1, 1, 5 * NS_PER_S, 5 * NS_PER_S).settled_before(6 * NS_PER_S)  # whole seconds: coarse
        False
        """
        changed = max(self.mtime_ns, self.ctime_ns)
        coarse = self.mtime_ns % NS_PER_S == 0 and self.ctime_ns % NS_PER_S == 0
        return changed + (COARSE_MARGIN_NS if coarse else RACY_MARGIN_NS) < moment_ns


class DigestStore:
    """Digests of files keyed by path, reused while :class:`FileStatus` is unchanged.

    Args:
        path: the store's file (``interim/_digests.json``); read now, written by :meth:`save`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, list[Any]] = _load(path)
        self._used: set[str] = set()
        self._changed = False

    def sha256(self, file: Path) -> str:
        """The SHA-256 of ``file`` (hex), from the store when its status is unchanged.

        Raises:
            OSError: the file cannot be read.
        """
        name = str(file)
        self._used.add(name)
        before = FileStatus.of(file)
        entry = self._entries.get(name)
        if entry is not None and _status(entry) == before and before.settled_before(entry[4]):
            return str(entry[5])
        hashed_ns = time.time_ns()
        digest = sha256_file(file)
        if FileStatus.of(file) == before:  # not changed while it was read
            self._entries[name] = [before.size, before.ino, before.mtime_ns, before.ctime_ns, hashed_ns, digest]
            self._changed = True
        return digest

    def save(self) -> None:
        """Write the store if it changed, keeping only the files asked for since it was read (a
        file no longer in the raw folder is forgotten); a store that cannot be written is left
        for the next build to remake."""
        kept = {k: v for k, v in self._entries.items() if k in self._used}
        if not self._changed and len(kept) == len(self._entries):
            return
        try:
            write_json(self.path, {"format": DIGESTS_FORMAT, "files": dict(sorted(kept.items()))})
        except OSError as exc:
            logger.debug("%s not written: %s", self.path, exc)


def _status(entry: list[Any]) -> FileStatus:
    return FileStatus(*entry[:4])


def _load(path: Path) -> dict[str, list[Any]]:
    try:
        data = read_json(path)
        files = data["files"] if data.get("format") == DIGESTS_FORMAT else {}
        return {str(k): list(v) for k, v in files.items() if isinstance(v, list) and len(v) == 6}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
