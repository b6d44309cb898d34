"""Atomic, deterministic file writing and JSON Lines helpers.

Every file the pipeline writes goes to a temporary file in the same folder and is
then renamed over the target (``os.replace`` is atomic on POSIX and Windows), so an
interrupted build leaves the previous output intact, never half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

CHUNK_SIZE = 1 << 20
#: Mode of written files before the process umask is applied (as ``open()`` would).
DEFAULT_FILE_MODE = 0o666


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp creates the file private (0600); give it the permissions of a normal file
        os.chmod(tmp_path, DEFAULT_FILE_MODE & ~_umask())
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_atomic(target: Path, writer: Callable[[IO[str]], object]) -> None:
    """Write a UTF-8 text file atomically with ``\\n`` line endings."""
    with atomic_path(target) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as f:
        writer(f)


def dumps(obj: Any) -> str:
    """Deterministic JSON: sorted keys, real UTF-8, no trailing spaces."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write_json(target: Path, obj: Any) -> None:
    """Write ``obj`` as deterministic JSON on one line (see :func:`dumps`).

    Compact on purpose: ``indent`` makes :mod:`json` fall back from its C encoder to
    the pure-Python one, several times slower on the records files.  Read them with
    ``python -m json.tool FILE``.
    """
    text = dumps(obj) + "\n"
    write_atomic(target, lambda f: f.write(text))


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def write_jsonl(target: Path, rows: Iterable[dict[str, Any]]) -> None:
    def _write(f: IO[str]) -> None:
        for row in rows:
            f.write(dumps(row))
            f.write("\n")

    write_atomic(target, _write)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK_SIZE):
            h.update(chunk)
    return h.hexdigest()


def same_bytes(a: Path, b: Path) -> bool:
    """Whether two files hold the same bytes (``False`` when either is missing or not a file).

    Sizes are compared first, so files of different lengths are not read.
    """
    try:
        if not (a.is_file() and b.is_file()) or a.stat().st_size != b.stat().st_size:
            return False
        with a.open("rb") as fa, b.open("rb") as fb:
            while chunk := fa.read(CHUNK_SIZE):
                if chunk != fb.read(len(chunk)):
                    return False
    except OSError:
        return False
    return True


def replace_if_changed(staged: Path, target: Path) -> bool:
    """Move a finished file ``staged`` over ``target``, unless ``target`` already holds its bytes.

    An unchanged output keeps its inode and modification time, so tools that watch the
    output folder (``make``, rsync, a file browser, Datasette) see only what changed.  The
    move itself is :func:`os.replace`, atomic as :func:`atomic_path`.

    Returns:
        ``True`` when ``target`` was replaced, ``False`` when it was left as it was (and
        ``staged`` removed).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "new").write_text("x"), (d / "out").write_text("x")
    >>> replace_if_changed(d / "new", d / "out"), (d / "new").exists()
    (False, False)
    >>> _ = (d / "new").write_text("y")
    >>> replace_if_changed(d / "new", d / "out"), (d / "out").read_text()
    (True, 'y')
    """
    if same_bytes(staged, target):
        staged.unlink()
        return False
    os.replace(staged, target)
    return True
