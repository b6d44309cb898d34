"""``make serve``: browse the build's SQLite database in Datasette, read-only and on loopback.

``python -m pipeline.tools.serve --output output`` checks that ``output/plans.db`` and
``output/metadata.json`` exist (written by the build, :mod:`pipeline.output.sqlite`),
picks a free TCP port on 127.0.0.1 unless ``--port`` names one, prints the URL, and then
becomes ``datasette serve`` (``os.execv``, so Ctrl-C and signals reach Datasette itself):

* ``-i`` (immutable): Datasette opens the file read-only and may cache counts, so a
  running server never changes the data; rebuild and restart to see new data;
* ``--metadata``: titles, licence, descriptions, facets and canned queries;
* ``--host 127.0.0.1``: reachable from this machine only.

Datasette is the optional extra ``[explore]`` (``requirements-explore.lock``), which
``make serve`` installs; plain ``make`` does not need it.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from pipeline.output.sqlite import DATABASE_LABEL, DATABASE_NAME, METADATA_NAME

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"
#: Port number that asks for a free port.
ANY_PORT = 0
#: Exit status when the database or Datasette is missing.
EXIT_NOT_READY = 2


class ServeError(Exception):
    """The database or Datasette is missing; the message says what to run."""


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """Where the build wrote the database, and the address to serve it on."""

    output_dir: Path
    host: str = HOST
    port: int = ANY_PORT

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port {self.port} is not a TCP port (0-65535; 0 picks a free one)")

    @property
    def database(self) -> Path:
        return self.output_dir / DATABASE_NAME

    @property
    def metadata(self) -> Path:
        return self.output_dir / METADATA_NAME


def free_port(host: str = HOST) -> int:
    """A TCP port that is free on ``host`` now (the kernel's choice for port 0).

    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, ANY_PORT))
        return int(s.getsockname()[1])


def datasette_command(cfg: ServeConfig, port: int) -> list[str]:
    """The ``datasette serve`` command line, run with this interpreter.

    >>> datasette_command(ServeConfig(Path("out")), 8123)[3:]
    ['serve', '-i', 'out/plans.db', '--metadata', 'out/metadata.json', '--host', '127.0.0.1', '--port', '8123']
    """
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "-i",
        str(cfg.database),
        "--metadata",
        str(cfg.metadata),
        "--host",
        cfg.host,
        "--port",
        str(port),
    ]


def check_ready(cfg: ServeConfig) -> None:
    """Raise :class:`ServeError` naming the command to run when something is missing."""
    for path in (cfg.database, cfg.metadata):
        if not path.is_file():
            raise ServeError(f"{path} does not exist: run `make` (or `make OUTPUT={cfg.output_dir}`) first")
    if importlib.util.find_spec("datasette") is None:
        raise ServeError("Datasette is not installed: run `make serve`, which installs requirements-explore.lock")


def url(host: str, port: int) -> str:
    """The address of the database's page.

    >>> url("127.0.0.1", 8001)
    'http://127.0.0.1:8001/plans'
    """
    return f"http://{host}:{port}/{DATABASE_LABEL}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m pipeline.tools.serve", description=__doc__)
    p.add_argument("--output", type=Path, default=Path("output"), help="folder the build wrote")
    p.add_argument("--port", type=int, default=ANY_PORT, help="TCP port (default: a free one)")
    args = p.parse_args(argv)
    cfg = ServeConfig(args.output, port=args.port)
    try:
        check_ready(cfg)
    except ServeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_NOT_READY
    port = cfg.port or free_port(cfg.host)
    print(f"Datasette (read-only): {url(cfg.host, port)}  (Ctrl-C stops it)", flush=True)
    command = datasette_command(cfg, port)
    os.execv(command[0], command)
    return 0  # pragma: no cover - execv does not return


if __name__ == "__main__":
    raise SystemExit(main())
