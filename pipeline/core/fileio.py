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
