"""Reviewed corrections of theme and instrument labels (``pipeline/data/theme_overrides.csv``).

When the keyword rules give a program a wrong label and no general rule can fix it
without breaking others, a row here sets the label by hand.  Rows are keyed by the
program's ``name_key`` (Sudachi normalized forms, so spelling variants of one name
share a row) and say why and where the label was checked; the program's
``themes_rule`` / ``instrument_rule`` then read ``correction:<override_id>``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.datafiles import data_path, read_data_csv
from pipeline.lang.themes.vocabulary import INSTRUMENT, THEME, ThemeClass, load_vocabulary, split_keywords

OVERRIDES_FILE = "theme_overrides.csv"
REQUIRED_COLUMNS = ("override_id", "name_key", "themes", "instrument", "reason", "source")
#: The rule recorded for a label set by an override.
CORRECTION_PREFIX = "correction:"


@dataclass(frozen=True, slots=True)
class Override:
    """Labels for one name key; an empty ``themes`` or ``instrument`` keeps the rule's label."""

    override_id: str
    name_key: str
    themes: tuple[str, ...]
    instrument: str | None
    reason: str
    source: str

    @property
    def rule(self) -> str:
        """The rule recorded on the labels it sets.

        >>> Override("t0001", "k", (), "event", "r", "s").rule
        'correction:t0001'
        """
        return f"{CORRECTION_PREFIX}{self.override_id}"


def _check_row(o: Override, vocab: tuple[ThemeClass, ...], path: str, line: int) -> None:
    themes = {c.name for c in vocab if c.kind == THEME}
    instruments = {c.name for c in vocab if c.kind == INSTRUMENT}
    problem = None
    if not o.override_id or not o.name_key or not o.reason or not o.source:
        problem = "override_id, name_key, reason and source are required"
    elif not (o.themes or o.instrument):
        problem = "set themes, instrument or both"
    elif set(o.themes) - themes or (o.instrument and o.instrument not in instruments):
        problem = f"unknown class in themes {o.themes} or instrument {o.instrument!r}"
    if problem:
        raise ReferenceDataError(problem, path=path, location=f"line {line}")


def parse_overrides(
    rows: list[dict[str, str]], vocab: tuple[ThemeClass, ...], path: str = OVERRIDES_FILE
) -> dict[str, Override]:
    """Validated overrides by name key.

    Raises:
        ReferenceDataError: a missing field, an unknown class, or a name key listed twice.
    """
    out: dict[str, Override] = {}
    for line, r in enumerate(rows, start=2):
        o = Override(
            override_id=(r.get("override_id") or "").strip(),
            name_key=(r.get("name_key") or "").strip(),
            themes=split_keywords(r.get("themes", "").replace(";", "|")),
            instrument=(r.get("instrument") or "").strip() or None,
            reason=(r.get("reason") or "").strip(),
            source=(r.get("source") or "").strip(),
        )
        _check_row(o, vocab, path, line)
        if o.name_key in out:
            raise ReferenceDataError(f"name_key {o.name_key!r} is listed twice", path=path, location=f"line {line}")
        out[o.name_key] = o
    return out


@functools.cache
def load_overrides() -> dict[str, Override]:
    """The packaged overrides, checked against the packaged vocabulary."""
    rows = read_data_csv(OVERRIDES_FILE, REQUIRED_COLUMNS)
    return parse_overrides(rows, load_vocabulary(), data_path(OVERRIDES_FILE))
