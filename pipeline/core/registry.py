"""The registry: one :class:`CodeInfo` per :class:`~pipeline.core.codes.Code`, from ``pipeline/data/codes.csv``.

Each entry says how a code is emitted (``error`` or ``warning``), whether it fails a strict
build, what it means and what to do; the README's troubleshooting table is generated from
it (:func:`markdown_table`, ``make docs``) and ``tests/unit/test_codes.py`` checks that every
code has an entry and is emitted somewhere.

*Strict* warnings are those that mean the data may be wrong — a program credited to
another category or municipality, a list left unread, lines that went to the wrong part of
a plan, a plan whose key (municipality code, start year) could not be read — as opposed to
a suggestion (``ocr_suspect``, ``unclassified_program``) or a note on how the file was
made (``pdf_cjk_variants_repaired``, ``manifest_sha256_mismatch``).  The build reports their counts by code after every run, and
``--strict`` (``make STRICT=1``) makes them fail it, for CI: see :mod:`pipeline.driver.build`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from pipeline.core.codes import Code, Severity

DATA_PACKAGE = "pipeline"
DATA_FOLDER = "data"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """The documentation of one code: one row of the README's troubleshooting table.

    Attributes:
        code: the code.
        severity: ``error`` or ``warning`` (the severity it is emitted with).
        meaning: what happened, in Markdown.
        action: what the user should do, in Markdown.
        strict: a warning that means data may be wrong; it fails a ``--strict`` build.

    Raises:
        ValueError: ``strict`` on an error (errors fail every build).
    """

    code: Code
    severity: Severity
    meaning: str
    action: str
    strict: bool = False

    def __post_init__(self) -> None:
        if self.strict and self.severity is not Severity.WARNING:
            raise ValueError(f"{self.code}: only warnings are strict; errors fail every build")


#: The registry's data file (one row per code, in the order of the README's table).
CODES_FILE = "codes.csv"
CODES_COLUMNS = ("code", "severity", "strict", "meaning", "action")
TRUE_VALUES = frozenset({"true"})


def parse_registry(text: str) -> tuple[CodeInfo, ...]:
    """The entries of the registry's CSV text.

    >>> parse_registry("code,severity,strict,meaning,action\\nno_plans,error,false,m,a\\n")[0].code
    <Code.NO_PLANS: 'no_plans'>

    Raises:
        ValueError: a column is missing, or a value is not a code, a severity or a boolean.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CODES_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"pipeline/data/{CODES_FILE}: missing column(s) {missing}")
    out = []
    for n, row in enumerate(reader, start=2):
        if row["strict"] not in ("true", "false"):
            raise ValueError(f"pipeline/data/{CODES_FILE} line {n}: strict must be true or false")
        info = CodeInfo(
            Code(row["code"]), Severity(row["severity"]), row["meaning"], row["action"], row["strict"] in TRUE_VALUES
        )
        out.append(info)
    return tuple(out)


def _load() -> tuple[CodeInfo, ...]:
    ref = resources.files(DATA_PACKAGE) / DATA_FOLDER / CODES_FILE
    return parse_registry(ref.read_text(encoding="utf-8"))


_INFOS: tuple[CodeInfo, ...] = _load()

#: Every code with its documentation, in the order of the README's table.
REGISTRY: dict[Code, CodeInfo] = {info.code: info for info in _INFOS}
#: The codes that fail a ``--strict`` build.
STRICT_CODES: frozenset[Code] = frozenset(info.code for info in _INFOS if info.strict)

TABLE_HEADER = ("| code | severity | `--strict` | meaning | what to do |", "|---|---|---|---|---|")
#: What the ``--strict`` column says of a strict warning (empty for the others).
STRICT_MARK = "fails"


def strict_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """The counts of the strict codes among ``counts`` (code → rows), sorted by code.

    >>> strict_counts({"ocr_suspect": 3, "unbalanced_brackets": 2, "unknown_municipality": 1})
    {'unbalanced_brackets': 2, 'unknown_municipality': 1}
    """
    return {c: n for c, n in sorted(counts.items()) if n and c in STRICT_CODES}


def markdown_table() -> str:
    """The README's troubleshooting table, generated from :data:`REGISTRY`.

    >>> markdown_table().splitlines()[2].startswith("| `empty_document` | error |  |")
    True
    """
    rows = [
        f"| `{i.code}` | {i.severity} | {STRICT_MARK if i.strict else ''} | {i.meaning} | {i.action} |" for i in _INFOS
    ]
    return "\n".join([*TABLE_HEADER, *rows]) + "\n"
