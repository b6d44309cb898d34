import signal
import threading
import time
from pathlib import Path

import pytest

from pipeline.core.errors import DocumentTimeoutError, DocumentTooLargeError
from pipeline.core.limits import Limits, check_deadline, check_size, time_limit


def test_size_limit_names_the_file_and_the_fix(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_bytes(b"x" * 101)
    check_size(p, "big.txt", Limits(max_bytes=101))
    check_size(p, "big.txt", Limits(max_bytes=None))
    with pytest.raises(DocumentTooLargeError) as exc:
        check_size(p, "big.txt", Limits(max_bytes=100))
    assert exc.value.code == "document_too_large"
    assert "big.txt" in str(exc.value) and "101 bytes" in exc.value.message and "MAX_MB" in exc.value.message


def test_time_limit_interrupts_a_busy_loop() -> None:
    start = time.monotonic()
    with pytest.raises(DocumentTimeoutError) as exc, time_limit(0.05, "slow.txt"):
        while time.monotonic() - start < 5:
            pass
    assert time.monotonic() - start < 1
    assert exc.value.code == "time_limit_exceeded" and "slow.txt" in str(exc.value)


def test_time_limit_is_disarmed_after_the_block() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with time_limit(0.05):
        pass
    time.sleep(0.1)  # would raise here if the timer were still armed
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


def test_zero_means_no_limit() -> None:
    assert Limits.from_cli(0, 0) == Limits(max_bytes=None, time_limit_s=None)
    assert Limits.from_cli(0.5, 2) == Limits(max_bytes=524288, time_limit_s=2.0)
    with time_limit(None):
        time.sleep(0.01)


@pytest.mark.parametrize("field", ["max_bytes", "time_limit_s", "max_pages"])
@pytest.mark.parametrize("value", [-1, 0, True, float("nan"), float("inf")])
def test_limits_refuse_anything_but_a_positive_number_or_none(field: str, value: object) -> None:
    """``None`` is the only "no limit"; 0 and negatives are CLI spellings, refused inside the code."""
    with pytest.raises(ValueError, match=f"Limits.{field} must be a positive number"):
        Limits(**{field: value})  # type: ignore[arg-type]


def test_limits_from_cli_never_make_a_zero_limit() -> None:
    assert Limits.from_cli(0, 0, 0) == Limits(max_bytes=None, time_limit_s=None, max_pages=None)
    assert Limits.from_cli(-1, -1, -1) == Limits(max_bytes=None, time_limit_s=None, max_pages=None)
    assert Limits.from_cli(1e-9, 1, 1).max_bytes == 1  # a tiny limit stays a limit, not "none"


@pytest.mark.parametrize("seconds", [0, -1.0])
def test_time_limit_refuses_zero_and_negative_seconds(seconds: float) -> None:
    with pytest.raises(ValueError, match="positive number of seconds"), time_limit(seconds):
        pass


def test_check_deadline_applies_the_limit_without_sigalrm() -> None:
    """Off the main thread no timer fires; the clock check raises the same error."""
    caught: list[BaseException] = []

    def run() -> None:
        try:
            with time_limit(0.05, "slow.pdf"):
                check_deadline()  # in time
                time.sleep(0.1)
                check_deadline()
        except BaseException as exc:
            caught.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    (exc,) = caught
    assert isinstance(exc, DocumentTimeoutError) and "slow.pdf" in str(exc) and "--time-limit" in exc.message
    check_deadline()  # outside any limit: nothing to check


def test_check_deadline_follows_the_earliest_enclosing_limit() -> None:
    with (
        pytest.raises(DocumentTimeoutError),
        time_limit(0.05, "outer.pdf"),
        time_limit(10, "outer.pdf", error=lambda: RuntimeError("inner")),
    ):
        signal.setitimer(signal.ITIMER_REAL, 0)  # only the clock check is left
        time.sleep(0.1)
        check_deadline()


def test_inner_limit_keeps_the_outer_one_armed() -> None:
    """An inner limit inside the document's limit must not disarm the latter."""
    with pytest.raises(DocumentTimeoutError), time_limit(0.3, "outer.pdf"):
        with time_limit(10, "outer.pdf", error=lambda: RuntimeError("inner")):
            pass  # the inner block ends at once; the outer timer must be restored
        time.sleep(2)


def test_outer_limit_that_fires_first_is_left_alone() -> None:
    with (
        pytest.raises(DocumentTimeoutError),
        time_limit(0.2, "outer.pdf"),
        time_limit(10, "outer.pdf", error=lambda: RuntimeError("inner")),
    ):
        time.sleep(2)
