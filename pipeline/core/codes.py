"""The registry of every warning and error code the pipeline can emit.

A problem met in a source document is reported as a row of the ``warnings`` table with a
stable machine-readable ``code``.  Every code is a member of :class:`Code` (declared in
:mod:`pipeline.core.codenames`, re-exported here), and every member has one :class:`CodeInfo` here: its severity, what it means and what to do.  The README's
troubleshooting table is generated from this registry (``make docs``) and a test checks that
the two agree, so a code cannot be emitted without being documented: warnings and errors
are built with a :class:`Code`, never a bare string (the type checker enforces it).

``error`` rows make the build exit non-zero; ``warning`` rows do not.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.core.codenames import Code, Severity

__all__ = ["REGISTRY", "Code", "CodeInfo", "Severity", "markdown_table"]


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """The documentation of one code: one row of the README's troubleshooting table.

    Attributes:
        code: the code.
        severity: ``error`` or ``warning`` (the severity it is emitted with).
        meaning: what happened, in Markdown.
        action: what the user should do, in Markdown.
    """

    code: Code
    severity: Severity
    meaning: str
    action: str


_INFOS: tuple[CodeInfo, ...] = (
    CodeInfo(
        Code.EMPTY_DOCUMENT,
        Severity.ERROR,
        "the file is empty or only white space",
        "replace it with the full download, or remove it",
    ),
    CodeInfo(
        Code.BINARY_DOCUMENT,
        Severity.ERROR,
        "the file decodes but is mostly control characters",
        "check that the download is the announcement itself (not an image or archive)",
    ),
    CodeInfo(
        Code.UNDECODABLE_TEXT,
        Severity.ERROR,
        "the text is not valid UTF-8, UTF-16 or CP932, or a UTF-16 file was cut short (an odd number of bytes); `location` gives the first bad line",
        "re-save the file as UTF-8",
    ),
    CodeInfo(
        Code.MIXED_ENCODING,
        Severity.ERROR,
        "the lines of the file decode under different encodings (UTF-8 text pasted into a CP932 file, or the reverse); `location` gives the first line of the minority encoding",
        "re-save the whole file as UTF-8 (convert the pasted lines first)",
    ),
    CodeInfo(
        Code.CONTROL_CHARACTERS_REMOVED,
        Severity.WARNING,
        "control characters (NUL…) in the text were removed; the message counts them and names the lines",
        "check the file: it may be damaged or converted badly; the values are read without them",
    ),
    CodeInfo(
        Code.UNSUPPORTED_FORMAT,
        Severity.ERROR,
        "neither a text (`.txt`, `.md`) nor a PDF file",
        "convert it to text or PDF",
    ),
    CodeInfo(
        Code.PDF_ERROR,
        Severity.ERROR,
        "the PDF cannot be read (see the message)",
        "re-download the PDF, or provide the text",
    ),
    CodeInfo(
        Code.PDF_NO_TEXT_LAYER,
        Severity.ERROR,
        "the PDF has no text layer (a scan or images of text)",
        "run OCR on it (e.g. ocrmypdf) and put the OCR'd PDF in raw/, or provide the text",
    ),
    CodeInfo(
        Code.PDF_ENCRYPTED,
        Severity.ERROR,
        "the PDF is encrypted or password-protected",
        "save an unencrypted copy, or provide the text",
    ),
    CodeInfo(
        Code.PDF_CORRUPT,
        Severity.ERROR,
        "the PDF is damaged or truncated (a failed download), or its structure makes the parser fail",
        "download it again",
    ),
    CodeInfo(
        Code.PDF_UNMAPPED_GLYPHS,
        Severity.ERROR,
        "a page uses a font whose glyphs map to no Unicode (`(cid:NNN)`); the page would be mojibake",
        "use the web-text version of the announcement, or OCR the page",
    ),
    CodeInfo(
        Code.PDF_TOO_LARGE,
        Severity.ERROR,
        "more pages than the page limit (500 by default)",
        "split the PDF, or raise the limit: `make MAX_PAGES=…` or `--max-pages` (0: none)",
    ),
    CodeInfo(
        Code.PDF_TIMEOUT,
        Severity.ERROR,
        "parsing took longer than the reader's time limit",
        "check the file; raise the limit if it is a genuinely large document",
    ),
    CodeInfo(
        Code.PDF_PAGE_NO_TEXT,
        Severity.WARNING,
        "a page has images but no text (a scanned page inside a text PDF)",
        "check that page; OCR it if it holds plan text",
    ),
    CodeInfo(
        Code.PDF_CJK_VARIANTS_REPAIRED,
        Severity.WARNING,
        "Kangxi-radical or compatibility code points (⽇ for 日…) were mapped back to the unified ideographs; the count is in the message",
        "nothing to do: the data are correct; the count shows how the PDF was made",
    ),
    CodeInfo(
        Code.DOCUMENT_TOO_LARGE,
        Severity.ERROR,
        "the file is larger than the size limit",
        "check the file; raise `MAX_MB` / `--max-mb` if it is right",
    ),
    CodeInfo(
        Code.TIME_LIMIT_EXCEEDED,
        Severity.ERROR,
        "processing one document took longer than the time limit",
        "check the file; raise `TIME_LIMIT` / `--time-limit` if it is right",
    ),
    CodeInfo(
        Code.LIMIT_EXCEEDED,
        Severity.ERROR,
        "another resource limit was hit (see the message)",
        "as the message says",
    ),
    CodeInfo(
        Code.NO_PLANS,
        Severity.ERROR,
        "no plan heading 「X地域産業活性化計画」（X） in the document",
        "check that it is an announcement of approved plans; remove other documents from `raw/`",
    ),
    CodeInfo(
        Code.NAME_COLLISION,
        Severity.ERROR,
        "two file names differ only in Unicode normalisation (NFC/NFD, e.g. `が.txt` written by macOS); they would be one document, so only one is extracted",
        "rename or remove one of the two files (the message names both)",
    ),
    CodeInfo(
        Code.SKIPPED_FILE,
        Severity.WARNING,
        "an entry of `raw/` is not read: a symbolic link, a name that is not UTF-8, a folder that cannot be listed, or a pipe or device",
        "copy the file itself into `raw/` (or pass `--follow-symlinks`), rename it, or fix the folder's permissions",
    ),
    CodeInfo(
        Code.DOCUMENT_ERROR,
        Severity.ERROR,
        "the document cannot be extracted (see the message)",
        "as the message says",
    ),
    CodeInfo(
        Code.REFERENCE_DATA,
        Severity.ERROR,
        "a file in `pipeline/data/` is missing or malformed",
        "restore it from the repository",
    ),
    CodeInfo(
        Code.PIPELINE_ERROR,
        Severity.ERROR,
        "the pipeline refused the document (see the message)",
        "as the message says",
    ),
    CodeInfo(
        Code.INTERNAL_ERROR,
        Severity.ERROR,
        "an unexpected exception: a pipeline bug",
        "report it with the file; run with `-v` for the traceback",
    ),
    CodeInfo(
        Code.IO_ERROR,
        Severity.ERROR,
        "a file could not be read or written (a full disk, a permission, a file that vanished); nothing is cached for the document",
        "fix the cause (free space, permissions) and run the build again: the document is retried",
    ),
    CodeInfo(
        Code.DUPLICATE_PLAN,
        Severity.ERROR,
        "the same municipality and period appear twice in one document; the second gets id `…-2`",
        "check the source; keep one block",
    ),
    CodeInfo(
        Code.DUPLICATE_PLAN_ACROSS_DOCUMENTS,
        Severity.ERROR,
        "a plan is already extracted from another document; this copy is left out",
        "remove one of the documents from `raw/`, or, if it is the same announcement in another format, name the other file in its `edition_of` column of `raw/sources.csv`",
    ),
    CodeInfo(
        Code.EDITION_OF_UNKNOWN,
        Severity.ERROR,
        "`edition_of` in `raw/sources.csv` names a file that is not an extracted document; the edition's records are left out",
        "fix the `edition_of` value (a path relative to the raw folder)",
    ),
    CodeInfo(
        Code.EDITION_MISMATCH,
        Severity.WARNING,
        "an edition's records differ from its first edition's (the message names the record and field)",
        "read both files at that place: one was extracted differently, or the editions really differ",
    ),
    CodeInfo(
        Code.LINE_ASSIGNED_TWICE,
        Severity.ERROR,
        "a line went to two places (a pipeline bug)",
        "report it with the file",
    ),
    CodeInfo(
        Code.UNASSIGNED_LINE,
        Severity.WARNING,
        "a line went nowhere; it is kept in `lines` as `dropped.unassigned`",
        "report it with the file",
    ),
    CodeInfo(
        Code.MANIFEST_SHA256_MISMATCH,
        Severity.WARNING,
        "the file's SHA-256 differs from `raw/sources.csv`",
        "if the file was replaced on purpose, update its manifest row",
    ),
    CodeInfo(
        Code.MANIFEST_INVALID,
        Severity.ERROR,
        "`raw/sources.csv` cannot be used as written: no `file` column, an unknown column, a row with too few or too many fields, a repeated file, a bad `sha256` or `prefecture`, or a file that cannot be decoded; the message names the line, and that row (or value) is not used",
        "fix the line (quote values that contain commas); the documents are extracted anyway",
    ),
    CodeInfo(
        Code.MANIFEST_UNKNOWN_FILE,
        Severity.WARNING,
        "a row of `raw/sources.csv` names a file that is not a document of the raw folder",
        "fix the file name (a path relative to the raw folder), or remove the row",
    ),
    CodeInfo(
        Code.UNKNOWN_MUNICIPALITY,
        Severity.WARNING,
        "a plan heading names a place not in `pipeline/data/municipalities.csv`; the plan is kept with an empty code and id `<name>-<year>`",
        "check the spelling, or add the municipality to the table",
    ),
    CodeInfo(
        Code.AMBIGUOUS_MUNICIPALITY,
        Severity.WARNING,
        "the name exists in several prefectures",
        "set `prefecture` in `raw/sources.csv` or pass `--prefecture`",
    ),
    CodeInfo(
        Code.MUNICIPALITY_OUTSIDE_PREFECTURE,
        Severity.WARNING,
        "a plan heading names a municipality of another prefecture than the document's (`prefecture` in `raw/sources.csv`, or `--prefecture`); the plan is kept with that municipality's code",
        "check the heading and the document's prefecture",
    ),
    CodeInfo(
        Code.MISSING_PERIOD,
        Severity.WARNING,
        "a plan has no 【計画期間：…】 line; `start_fy`/`end_fy` are empty and its id ends in `-unknown`",
        "check the source",
    ),
    CodeInfo(
        Code.UNPARSABLE_PERIOD,
        Severity.WARNING,
        "the period is not one or two era or Gregorian years",
        "check the source; `period_raw` keeps the text",
    ),
    CodeInfo(
        Code.CATEGORY_OUT_OF_RANGE,
        Severity.WARNING,
        "a category number outside 1–3; its lines go to `lines` as `dropped.category_out_of_range`, no initiative",
        "check the source numbering",
    ),
    CodeInfo(
        Code.UNRECOGNISED_CATEGORY,
        Severity.WARNING,
        "a category heading matches no known heading; its number is used",
        "check the heading, or add it to `pipeline/data/categories.csv`",
    ),
    CodeInfo(
        Code.CATEGORY_NUMBER_MISMATCH,
        Severity.WARNING,
        "the heading text reads like another category number",
        "check the source; the published number is kept",
    ),
    CodeInfo(
        Code.DUPLICATE_CATEGORY,
        Severity.WARNING,
        "a category appears twice in a plan; the texts are joined",
        "check the source",
    ),
    CodeInfo(
        Code.EMPTY_CATEGORY_BODY,
        Severity.WARNING,
        "a category heading with no text under it",
        "check the source",
    ),
    CodeInfo(
        Code.UNBALANCED_BRACKETS,
        Severity.WARNING,
        "the program list's brackets do not pair up; no programs for that category",
        "fix the brackets in the source, or add a correction",
    ),
    CodeInfo(
        Code.NO_PROGRAM_LIST,
        Severity.WARNING,
        "the category text ends without a （…） list of programs",
        "check the source",
    ),
    CodeInfo(
        Code.VERY_LONG_LINE,
        Severity.WARNING,
        "a line of more than 2,000 characters: line breaks may have been lost",
        "check the file's line endings and the values taken from the line",
    ),
    CodeInfo(
        Code.FIELD_TRUNCATED,
        Severity.WARNING,
        "a text value (summary, program name, caption…) is longer than a spreadsheet cell holds (32,767 characters); it is cut there, and the full text of its lines is in the `lines` table",
        "check the source: such a value usually means lost line breaks or a document that is not an announcement",
    ),
    CodeInfo(
        Code.OCR_SUSPECT,
        Severity.WARNING,
        "a token is not in the Sudachi dictionary but a look-alike character makes it a word",
        "check the source; accept with a row in `pipeline/data/corrections.csv`",
    ),
    CodeInfo(
        Code.UNCLASSIFIED_PROGRAM,
        Severity.WARNING,
        "no theme or no instrument keyword matched the program name",
        "add a keyword for its meaning to `pipeline/data/themes.csv`",
    ),
    CodeInfo(
        Code.VALIDATION_FAILED,
        Severity.ERROR,
        "a table broke a rule of its schema (type, required value, unique or foreign key, value domain, check digit, `start_fy <= end_fy`); the message names the table, column, rule and records",
        "a pipeline or reference-data bug unless the source is wrong: report it with the file, or fix the document",
    ),
    CodeInfo(
        Code.FORMULA_LIKE_VALUE,
        Severity.WARNING,
        "a value begins with `=`, `+`, `-` or `@`, so a spreadsheet opening the CSV would run it as a formula; the value is kept exactly, and the message names every cell that holds it",
        "open the CSVs as *Opening the CSVs in a spreadsheet* says, or load them with pandas, DuckDB or polars",
    ),
)

#: Every code with its documentation, in the order of the README's table.
REGISTRY: dict[Code, CodeInfo] = {info.code: info for info in _INFOS}

TABLE_HEADER = ("| code | severity | meaning | what to do |", "|---|---|---|---|")


def markdown_table() -> str:
    """The README's troubleshooting table, generated from :data:`REGISTRY`.

    >>> markdown_table().splitlines()[2].startswith("| `empty_document` | error |")
    True
    """
    rows = [f"| `{i.code}` | {i.severity} | {i.meaning} | {i.action} |" for i in _INFOS]
    return "\n".join([*TABLE_HEADER, *rows]) + "\n"
