"""Checks every reader's line stream gets, whatever the format: control characters and size.

* **Control characters** (NUL and the other C0/C1 controls except tab and form feed) are not
  text: a damaged file or a bad conversion leaves them, and they would pass into program
  names and summaries, where a spreadsheet or a database shows them as garbage or cuts
  the value.  A file that is mostly control characters is refused as binary before this
  point (:func:`pipeline.read.text.check_not_binary`); a few are removed here, and one
  ``control_characters_removed`` warning counts them and names the lines.  The lines keep
  their numbers, so every value still points to its line.
* **Lines per document**: the stages keep a few objects per line, so a document of millions
  of lines would need gigabytes; more lines than the limit is a
  :class:`~pipeline.core.errors.TooManyLinesError` (``limit_exceeded``).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from pipeline.core.errors import Code, Issue, Severity, TooManyLinesError
from pipeline.core.model import Line

#: Control characters removed from lines (tab ``\x09`` and form feed ``\x0c`` are kept; line
#: breaks never reach a line).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
#: Line numbers named in the warning; the rest are counted.
MAX_LINES_NAMED = 10


def remove_control_characters(lines: list[Line]) -> tuple[list[Line], Issue | None]:
    """The lines without control characters, and the warning that says what was removed.

    >>> lines, issue = remove_control_characters([Line(1, "計画"), Line(2, "事業\\x00承継"), Line(3, "\\x00x\\x1b")])
    >>> [ln.text for ln in lines]
    ['計画', '事業承継', 'x']
    >>> issue.location, issue.message[:62]
    ('line 2', '3 control character(s) removed (U+0000 NUL ×2, U+001B ×1) from')
    """
    found: Counter[str] = Counter()
    where: list[Line] = []
    out = []
    for line in lines:
        chars = CONTROL_CHARS.findall(line.text)
        if chars:
            found.update(chars)
            where.append(line)
            line = dataclasses.replace(line, text=CONTROL_CHARS.sub("", line.text))
        out.append(line)
    if not where:
        return lines, None
    kinds = ", ".join(f"U+{ord(c):04X}{' NUL' if c == chr(0) else ''} ×{n}" for c, n in sorted(found.items()))
    named = ", ".join(str(ln.line_no) for ln in where[:MAX_LINES_NAMED])
    more = f" and {len(where) - MAX_LINES_NAMED} more" if len(where) > MAX_LINES_NAMED else ""
    message = (
        f"{sum(found.values())} control character(s) removed ({kinds}) from line(s) {named}{more}: they are not "
        "text and would pass into the values; check the file (a damaged download or a bad conversion)"
    )
    issue = Issue("", Severity.WARNING, Code.CONTROL_CHARACTERS_REMOVED, where[0].location, message, where[0].line_no)
    return out, issue


def check_line_count(n_lines: int, max_lines: int | None, path: str) -> None:
    """Refuse a document of more than ``max_lines`` lines (``None``: no limit).

    >>> check_line_count(10, 5, "a.txt")
    Traceback (most recent call last):
    ...
    pipeline.core.errors.TooManyLinesError: a.txt: the document has 10 lines, more than the limit of 5; check that it is the announcement (line breaks multiplied by a conversion?), or raise the limit (make MAX_LINES=…, or --max-lines)
    """
    if max_lines is not None and n_lines > max_lines:
        raise TooManyLinesError(
            f"the document has {n_lines:,} lines, more than the limit of {max_lines:,}; check that it is the "
            "announcement (line breaks multiplied by a conversion?), or raise the limit (make MAX_LINES=…, "
            "or --max-lines)",
            path=path,
        )
