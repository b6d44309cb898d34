"""Per-document resource limits that apply to every reader: file size, wall-clock time, pages.

A user may drop anything into ``raw/``: a 2 GB scan, a PDF crafted to make the parser loop.
Generic limits keep one such file from stalling the build; all are settable from the
CLI (``--max-mb``, ``--time-limit``, ``--max-pages``) and the Makefile (``MAX_MB=``,
``TIME_LIMIT=``, ``MAX_PAGES=``), where ``0`` switches one off.  Inside the code "no
limit" has one spelling, ``None``: :meth:`Limits.from_cli` converts at the edge, and
:class:`Limits` refuses anything else that is not a positive number.

* **Size**: :func:`check_size` refuses a file larger than ``max_bytes`` before it is read.
* **Time**: :func:`time_limit` arms a one-shot ``SIGALRM`` timer around a document's stages;
  when it fires, :class:`~pipeline.core.errors.DocumentTimeoutError` is raised in the running
  Python code, which the driver turns into an error row like any other document error.
  The worker processes of the build run each document in their main thread, where signals
  are delivered.  Limits: a single C call (one regex match, one Sudachi call of at most
  49 KB) is not interrupted until it returns.  Code that works in steps also calls
  :func:`check_deadline` between them (the PDF reader, before each page), which applies
  the same limit where ``SIGALRM`` is unavailable (Windows, or a non-main thread).
  This is the only time limit: readers have none of their own.
* **Pages**: ``max_pages`` is applied by the PDF reader, before any page is parsed.

A result caused by a limit depends on the limit, so the driver stores the limits with it
and rebuilds it when they change (:meth:`Limits.to_dict`).
"""

from __future__ import annotations

import logging
import math
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.core.errors import DocumentTimeoutError, DocumentTooLargeError

logger = logging.getLogger(__name__)

#: Default largest source file, in bytes (the announcements are well under 10 MB).
DEFAULT_MAX_BYTES = 100 * 2**20
#: Default wall-clock seconds for all stages of one document.
DEFAULT_TIME_LIMIT_S = 300.0
#: Default largest number of pages of a PDF (the announcements have a few dozen).
DEFAULT_MAX_PAGES = 500
#: Default most lines of one document (the announcements have a few hundred; the stages keep a
#: few objects per line, so a million lines would take gigabytes).
DEFAULT_MAX_LINES = 100_000
BYTES_PER_MB = 2**20


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-document limits; ``None`` switches a limit off.

    Attributes:
        max_bytes: largest file accepted, in bytes.
        time_limit_s: wall-clock seconds allowed for reading, segmenting and extracting
            one document.
        max_pages: most pages a PDF may have (checked before any page is parsed).
        max_lines: most lines of one document (checked before the lines are made).
    """

    max_bytes: int | None = DEFAULT_MAX_BYTES
    time_limit_s: float | None = DEFAULT_TIME_LIMIT_S
    max_pages: int | None = DEFAULT_MAX_PAGES
    max_lines: int | None = DEFAULT_MAX_LINES

    def __post_init__(self) -> None:
        """Refuse a limit that is not a positive number or ``None``.

        ``0`` is how the CLI says "no limit"; inside the code that is ``None`` only, so a
        zero (or negative) limit is a mistake, not a silent "off".

        >>> Limits(time_limit_s=-1)
        Traceback (most recent call last):
        ...
        ValueError: Limits.time_limit_s must be a positive number, or None for no limit; got -1
        """
        for name, value, kinds in (
            ("max_bytes", self.max_bytes, (int,)),
            ("time_limit_s", self.time_limit_s, (int, float)),
            ("max_pages", self.max_pages, (int,)),
        ):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, kinds) or not (0 < value < math.inf):
                raise ValueError(f"Limits.{name} must be a positive number, or None for no limit; got {value!r}")

    @classmethod
    def from_cli(
        cls, max_mb: float, time_limit_s: float, max_pages: int = DEFAULT_MAX_PAGES, max_lines: int = DEFAULT_MAX_LINES
    ) -> Limits:
        """Limits from CLI values, where ``0`` (or less) means no limit.

        >>> Limits.from_cli(1, 0, 0, 0)
        Limits(max_bytes=1048576, time_limit_s=None, max_pages=None, max_lines=None)
        """
        return cls(
            max_bytes=math.ceil(max_mb * BYTES_PER_MB) if max_mb > 0 else None,
            time_limit_s=float(time_limit_s) if time_limit_s > 0 else None,
            max_pages=int(max_pages) if max_pages > 0 else None,
            max_lines=int(max_lines) if max_lines > 0 else None,
        )

    def to_dict(self) -> dict[str, float | int | None]:
        """JSON form, stored with results that a limit caused.

        >>> Limits(10, 1.5, 20, 30).to_dict()
        {'max_bytes': 10, 'time_limit_s': 1.5, 'max_pages': 20, 'max_lines': 30}
        """
        return asdict(self)


#: The limits of a build run with the defaults (make, python -m pipeline build).
DEFAULT_LIMITS = Limits()


def check_size(path: Path, display_path: str, limits: Limits) -> None:
    """Refuse a file larger than ``limits.max_bytes``.

    Args:
        path: the file.
        display_path: its name for the message (relative to the raw folder).
        limits: the limits in force.

    Raises:
        DocumentTooLargeError: the file is too large.
    """
    if limits.max_bytes is None:
        return
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise DocumentTooLargeError(
            f"the file has {size:,} bytes, more than the limit of {limits.max_bytes:,}; check that it "
            "is the announcement, or raise the limit (make MAX_MB=…, or --max-mb)",
            path=display_path,
        )


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


#: Delay used to re-arm an outer timer whose time ran out while an inner one was armed.
REARM_MIN_S = 0.001


def _timeout_error(seconds: float, display_path: str) -> Exception:
    return DocumentTimeoutError(
        f"processing took longer than the time limit of {seconds:g} s; check that the file is "
        "the announcement, or raise the limit (make TIME_LIMIT=…, or --time-limit)",
        path=display_path,
    )


@dataclass(frozen=True, slots=True)
class _Deadline:
    """The innermost time limit in force: when it ends and the error it raises."""

    at: float  # time.monotonic()
    error: Callable[[], Exception]


_DEADLINE: ContextVar[_Deadline | None] = ContextVar("pipeline_deadline", default=None)


def check_deadline() -> None:
    """Raise the time limit's error now if the time of the enclosing :func:`time_limit` is up.

    The clock check for code that works in steps (the PDF reader calls it before each
    page).  It applies the limit where no ``SIGALRM`` can interrupt (a non-main thread),
    and catches a timer whose exception a library swallowed in a broad ``except``.
    Outside any time limit it does nothing.

    >>> check_deadline()
    """
    current = _DEADLINE.get()
    if current is not None and time.monotonic() > current.at:
        raise current.error()


@contextmanager
def time_limit(
    seconds: float | None,
    display_path: str = "",
    error: Callable[[], Exception] | None = None,
) -> Iterator[None]:
    """Raise ``error()`` (default :class:`DocumentTimeoutError`) if the body runs longer
    than ``seconds``.

    Two ways: a ``SIGALRM`` timer interrupts the running Python code (main thread only),
    and :func:`check_deadline` compares the clock with the deadline wherever it is
    called.  The timer is one-shot and disarmed on leaving the block, so the error is
    raised at most once and never after the block.  Blocks nest: an inner limit inside
    an outer one leaves the outer timer armed if it fires first, and on leaving restores
    the outer timer with the time it has left.  ``None`` means no limit.

    Raises:
        ValueError: ``seconds`` is zero or negative (``None`` is the only "no limit").

    >>> with time_limit(5):
    ...     sum(range(10))
    45
    """
    if seconds is None:
        yield
        return
    if isinstance(seconds, bool) or not 0 < seconds < math.inf:
        raise ValueError(f"time_limit needs a positive number of seconds, or None for no limit; got {seconds!r}")
    make_error = error or (lambda: _timeout_error(seconds, display_path))
    current = _DEADLINE.get()
    at = time.monotonic() + seconds
    token = _DEADLINE.set(_Deadline(at, make_error)) if current is None or at < current.at else None
    try:
        with _alarm(seconds, display_path, make_error):
            yield
    finally:
        if token is not None:
            _DEADLINE.reset(token)


@contextmanager
def _alarm(seconds: float, display_path: str, make_error: Callable[[], Exception]) -> Iterator[None]:
    """The ``SIGALRM`` half of :func:`time_limit`."""
    if not _can_alarm():
        logger.debug("no SIGALRM here: only check_deadline() applies the time limit to %s", display_path)
        yield
        return
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer_left and outer_left <= seconds:
        yield  # the enclosing limit fires first and says so itself
        return
    armed = True

    def _on_alarm(signum: int, frame: object) -> None:
        if armed:
            raise make_error()

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:
            left = outer_left - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, REARM_MIN_S))
