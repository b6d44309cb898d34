"""What every part of the extract stage works with: a document's lines and its warnings.

:class:`DocumentContext` holds the segmented document and its lines by number, and the
helpers that turn them into values — re-joined text, the page of a line, a text value
bounded to what a spreadsheet cell holds, a program's themes and instrument, an OCR-slip
suggestion — each warning on the line when the value is not what was published.
"""

from __future__ import annotations

from pipeline.core.errors import Code, Issue, Severity
from pipeline.core.model import Document, Line
from pipeline.lang import ocr, themes
from pipeline.lang.normalize import join_wrapped
from pipeline.output.schema import MAX_CELL_CHARS


class DocumentContext:
    """A document's lines and the warnings met while reading values out of them."""

    def __init__(self, doc: Document, lines: list[Line]) -> None:
        self.doc = doc
        self.lines = lines
        self.by_no = {ln.line_no: ln for ln in lines}
        self.issues: list[Issue] = []

    def warn(self, line_no: int | None, code: Code, message: str, severity: Severity = Severity.WARNING) -> None:
        loc = self.by_no[line_no].location if line_no in self.by_no else ""
        self.issues.append(Issue(self.doc.doc_id, severity, code, loc, message, line_no))

    def text_of(self, line_nos: list[int]) -> str:
        return join_wrapped([self.by_no[n].text for n in line_nos])

    def page_of(self, line_no: int | None) -> int | None:
        return self.by_no[line_no].page if line_no in self.by_no else None

    def bounded(self, text: str | None, field: str, record_id: str, line_nos: list[int]) -> str | None:
        """``text`` cut to :data:`MAX_CELL_CHARS`, with a ``field_truncated`` warning when it was longer."""
        if text is None or len(text) <= MAX_CELL_CHARS:
            return text
        where = f"line {line_nos[0]}" if len(line_nos) == 1 else f"lines {line_nos[0]}–{line_nos[-1]}"
        self.warn(
            line_nos[0] if line_nos else None,
            Code.FIELD_TRUNCATED,
            f"{field} of {record_id}: {len(text):,} characters, more than a spreadsheet cell holds "
            f"({MAX_CELL_CHARS:,}); the value is cut there, and the full text is in the lines table ({where})",
        )
        return text[:MAX_CELL_CHARS]

    def classify(self, pid: str, name: str, context: str | None, line_no: int) -> themes.Classification:
        """Themes and instrument of a program, with a warning when either is unclassified."""
        cls = themes.classify(name, context)
        if themes.UNCLASSIFIED in (cls.instrument, *cls.themes):
            self.warn(
                line_no,
                Code.UNCLASSIFIED_PROGRAM,
                f"program {pid} {name!r}: no keyword of pipeline/data/themes.csv matched the name or the "
                "text before its list, and the learned model (theme_model.csv) knows nothing of the name "
                f"(themes {';'.join(cls.themes)}, instrument {cls.instrument}); add a "
                "keyword for its meaning to the vocabulary, or a reviewed row to pipeline/data/theme_overrides.csv",
            )
        return cls

    def ocr_check(
        self, line_no: int, table: str, record_id: str, text: str, correction_id: str | None = None
    ) -> str | None:
        """The OCR-suspect suggestion for ``text``, with one warning per suspicion."""
        found = ocr.find_suspicions(text)
        for s in found:
            done = (
                f"correction {correction_id} is applied to name"
                if correction_id
                else "if the source confirms it, add a row to pipeline/data/corrections.csv"
            )
            self.warn(
                line_no,
                Code.OCR_SUSPECT,
                f"{table} {record_id}: {ocr.describe([s])}; suggested {ocr.apply_suspicions(text, [s])!r}; "
                f"the published text is kept, {done}",
            )
        return ocr.apply_suspicions(text, found) if found else None
