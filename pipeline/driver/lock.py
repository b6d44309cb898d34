"""One build at a time per folder: a lock on the interim and output folders.

Two builds that share a folder corrupt each other: with one interim folder and two raw
folders, one build's stage files are read back as the other's; with the same output
folder, one build removes the other's staging folder mid-write.  So a build holds a lock
on each folder it writes — the interim folder, and the output folder unless it stops
before the assembly — for as long as it runs.

The lock is the file :data:`LOCK_NAME` in the folder, locked with the operating system's
file lock (``flock``; the well-kept :mod:`filelock` library, which falls back to a marker
file where a file system has no ``flock``).  The holder writes its process id, host and
start time into the file, so a waiting build can say who holds it, and empties it when it
ends (the file itself stays: a waiting build holds it open).  Because the system releases
the lock when its holder dies, a lock left by a killed build (the file still names it, and
its process id is dead) is simply taken over, and the new build says so.  A second build waits at most
``wait_s`` seconds (``--lock-wait``), then stops with a message naming the holder and exit
status 2.  Locks are taken in a fixed order (sorted paths), so two builds never deadlock.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.core.errors import BuildError

logger = logging.getLogger(__name__)

LOCK_NAME = ".pipeline.lock"
#: Default seconds a build waits for another build to release a folder.
DEFAULT_LOCK_WAIT_S = 60.0
#: Seconds between two attempts to take a lock.
POLL_INTERVAL_S = 0.2
#: Largest lock file read back (a holder's description is a line of JSON).
MAX_HOLDER_BYTES = 4096


class BuildLockedError(BuildError):
    """Another build holds a folder of this build longer than the build may wait."""


def holder_info() -> dict[str, object]:
    """What a build writes into the lock file it holds: process id, host and start time."""
    return {"pid": os.getpid(), "host": socket.gethostname(), "since": time.strftime("%Y-%m-%d %H:%M:%S")}


def read_holder(path: Path) -> dict[str, object] | None:
    """The holder's description in a lock file, or ``None`` (no file, empty, or unreadable)."""
    try:
        with path.open("rb") as f:
            data = json.loads(f.read(MAX_HOLDER_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def describe(holder: dict[str, object] | None) -> str:
    """A holder for a message.

    >>> describe({"pid": 12, "host": "ci", "since": "2025-01-01 10:00:00"})
    'the build with process id 12 on ci (since 2025-01-01 10:00:00)'
    >>> describe(None)
    'another build'
    """
    if not holder:
        return "another build"
    return f"the build with process id {holder.get('pid')} on {holder.get('host')} (since {holder.get('since')})"


def is_alive(holder: dict[str, object] | None) -> bool:
    """Whether the holder's process still runs (``True`` when it cannot be told: another host)."""
    if not holder or holder.get("host") != socket.gethostname() or not isinstance(holder.get("pid"), int):
        return True
    pid = holder["pid"]
    assert isinstance(pid, int)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write_holder(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(holder_info()).encode("utf-8") + b"\n", 0)


@contextlib.contextmanager
def folder_lock(folder: Path, wait_s: float = DEFAULT_LOCK_WAIT_S) -> Iterator[None]:
    """Hold the lock of ``folder`` (created if needed) for the body of the ``with``.

    Raises:
        BuildLockedError: another build held it for ``wait_s`` seconds.
        BuildError: the folder or its lock file cannot be created.
    """
    path = folder / LOCK_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"the folder {folder} cannot be created ({exc}); set another folder") from exc
    before = read_holder(path)
    lock = FileLock(path, timeout=wait_s, poll_interval=POLL_INTERVAL_S, on_acquired=_write_holder)
    try:
        if before and is_alive(before):
            logger.info("%s is in use by %s; waiting up to %g s", folder, describe(before), wait_s)
        lock.acquire()
    except Timeout as exc:
        raise BuildLockedError(
            f"{folder} is in use by {describe(read_holder(path) or before)}, which did not finish within "
            f"{wait_s:g} s; wait for it, raise --lock-wait, or give this build other folders (INTERIM=…, OUTPUT=…)"
        ) from exc
    except OSError as exc:
        raise BuildError(f"the lock file {path} cannot be written ({exc}); check the folder's permissions") from exc
    if before and not is_alive(before):
        logger.warning(
            "%s was left locked by %s, which is no longer running: lock taken over", folder, describe(before)
        )
    try:
        yield
    finally:
        with contextlib.suppress(OSError):  # the file stays (waiters hold its inode); emptied, it names no one
            os.truncate(path, 0)
        lock.release()


@contextlib.contextmanager
def folders_locked(folders: list[Path], wait_s: float = DEFAULT_LOCK_WAIT_S) -> Iterator[None]:
    """Hold the locks of several folders, taken in sorted order (no two builds deadlock)."""
    with contextlib.ExitStack() as stack:
        for folder in sorted({f.resolve() for f in folders}):
            stack.enter_context(folder_lock(folder, wait_s))
        yield
