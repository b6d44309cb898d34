"""The registry of every warning and error code the pipeline can emit.

A problem met in a source document is reported as a row of the ``warnings`` table with a
stable machine-readable ``code``.  Every code is a member of :class:`Code`, and every member
has one :class:`CodeInfo` here: its severity, what it means and what to do.  The README's
troubleshooting table is generated from this registry (``make docs``) and a test checks that
the two agree, so a code cannot be emitted without being documented: warnings and errors
are built with a :class:`Code`, never a bare string (the type checker enforces it).

``error`` rows make the build exit non-zero; ``warning`` rows do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a warning is: ``error`` rows make the build exit non-zero."""

    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    """Every code of the ``warnings`` table (see :data:`REGISTRY` for their meaning)."""

    EMPTY_DOCUMENT = "empty_document"
    BINARY_DOCUMENT = "binary_document"
    UNDECODABLE_TEXT = "undecodable_text"
    UNSUPPORTED_FORMAT = "unsupported_format"
    PDF_ERROR = "pdf_error"
    PDF_NO_TEXT_LAYER = "pdf_no_text_layer"
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_CORRUPT = "pdf_corrupt"
    PDF_UNMAPPED_GLYPHS = "pdf_unmapped_glyphs"
    PDF_TOO_LARGE = "pdf_too_large"
    PDF_PAGE_NO_TEXT = "pdf_page_no_text"
    PDF_CJK_VARIANTS_REPAIRED = "pdf_cjk_variants_repaired"
    PDF_TABLE_NO_HEADER = "pdf_table_no_header"
    PDF_TABLE_UNLABELLED_COLUMN = "pdf_table_unlabelled_column"
    PDF_TABLE_NO_PLAN_NAME = "pdf_table_no_plan_name"
    PDF_TABLE_IMAGE = "pdf_table_image"
    DOCUMENT_TOO_LARGE = "document_too_large"
    TIME_LIMIT_EXCEEDED = "time_limit_exceeded"
    LIMIT_EXCEEDED = "limit_exceeded"
    NO_PLANS = "no_plans"
    DOCUMENT_ERROR = "document_error"
    REFERENCE_DATA = "reference_data"
    PIPELINE_ERROR = "pipeline_error"
    INTERNAL_ERROR = "internal_error"
    DUPLICATE_PLAN = "duplicate_plan"
    DUPLICATE_PLAN_ACROSS_DOCUMENTS = "duplicate_plan_across_documents"
    EDITION_OF_UNKNOWN = "edition_of_unknown"
    EDITION_MISMATCH = "edition_mismatch"
    LINE_ASSIGNED_TWICE = "line_assigned_twice"
    UNASSIGNED_LINE = "unassigned_line"
    MANIFEST_SHA256_MISMATCH = "manifest_sha256_mismatch"
    UNKNOWN_MUNICIPALITY = "unknown_municipality"
    AMBIGUOUS_MUNICIPALITY = "ambiguous_municipality"
    MISSING_PERIOD = "missing_period"
    UNPARSABLE_PERIOD = "unparsable_period"
    CATEGORY_OUT_OF_RANGE = "category_out_of_range"
    UNRECOGNISED_CATEGORY = "unrecognised_category"
    CATEGORY_NUMBER_MISMATCH = "category_number_mismatch"
    DUPLICATE_CATEGORY = "duplicate_category"
    EMPTY_CATEGORY_BODY = "empty_category_body"
    UNBALANCED_BRACKETS = "unbalanced_brackets"
    NO_PROGRAM_LIST = "no_program_list"
    VERY_LONG_LINE = "very_long_line"
    OCR_SUSPECT = "ocr_suspect"
    UNCLASSIFIED_PROGRAM = "unclassified_program"
    VALIDATION_FAILED = "validation_failed"


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
        "the text is not valid UTF-8, UTF-16 or CP932; `location` gives the first bad line",
        "re-save the file as UTF-8",
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
        Code.PDF_TABLE_NO_HEADER,
        Severity.WARNING,
        "a ruled table has no header row naming its columns (区市町村名, 計画名, 計画期間, 概要, 取組区分, 取組内容…) and continues no table of the page before; its cells are listed in `lines` as `dropped.table_no_header` and not read",
        "check the table; if its header uses other words, add them to `pipeline/data/table_headers.csv`; or supply the text version",
    ),
    CodeInfo(
        Code.PDF_TABLE_UNLABELLED_COLUMN,
        Severity.WARNING,
        "a table column has no label, or a label that names no known field; its cells are listed in `lines` as `dropped.table_unlabelled_column` and not read",
        "if the column holds plan data, add its label to `pipeline/data/table_headers.csv`",
    ),
    CodeInfo(
        Code.PDF_TABLE_NO_PLAN_NAME,
        Severity.WARNING,
        "a table (or one of its rows) describes a plan but gives no plan name (計画名); its cells are listed in `lines` as `dropped.table_no_plan_name` and not read",
        "supply the text version of the document, or a table with a plan-name column",
    ),
    CodeInfo(
        Code.PDF_TABLE_IMAGE,
        Severity.WARNING,
        "a page holds an image of a ruled table (a spreadsheet pasted as a picture): its text cannot be read",
        "run OCR on the file (e.g. ocrmypdf -l jpn), or supply the text version",
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
        Code.OCR_SUSPECT,
        Severity.WARNING,
        "a token is not in the Sudachi dictionary but a look-alike character makes it a word",
        "check the source; accept with a row in `pipeline/data/corrections.csv`",
    ),
    CodeInfo(
        Code.UNCLASSIFIED_PROGRAM,
        Severity.WARNING,
        "no theme or no instrument keyword matched the program name or the text before its list",
        "add a keyword for its meaning to `pipeline/data/themes.csv`, or a reviewed row to `pipeline/data/theme_overrides.csv`",
    ),
    CodeInfo(
        Code.VALIDATION_FAILED,
        Severity.ERROR,
        "a table broke a rule of its schema (type, required value, unique or foreign key, value domain, check digit, `start_fy <= end_fy`); the message names the table, column, rule and records",
        "a pipeline or reference-data bug unless the source is wrong: report it with the file, or fix the document",
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
