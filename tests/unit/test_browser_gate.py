"""The browser test skips without Chromium on a developer's machine, and fails in CI."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require_browser


def test_missing_browser_skips_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        require_browser(tmp_path / "chromium")


def test_missing_browser_fails_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="missing in CI"):
        require_browser(tmp_path / "chromium")


def test_present_browser_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    (tmp_path / "chromium").touch()
    assert require_browser(tmp_path / "chromium") is None  # neither skips nor fails
