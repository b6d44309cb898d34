"""Every warning and error code the pipeline can emit, and the two severities.

A problem met in a source document is reported as a row of the ``warnings`` table with a
stable machine-readable ``code``.  Every code is a member of :class:`Code`, and every member
has one :class:`~pipeline.core.registry.CodeInfo` in :mod:`pipeline.core.registry`: its
severity, whether it fails a strict build, what it means and what to do.  The README's
troubleshooting table is generated from that registry (``make docs``) and a test checks that
the two agree, so a code cannot be emitted without being documented: warnings and errors
are built with a :class:`Code`, never a bare string (the type checker enforces it).

``error`` rows make the build exit non-zero; ``warning`` rows do not, except the *strict*
ones under ``--strict`` (warnings that mean a value may be wrong, not only missing).
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """How bad a warning is: ``error`` rows make the build exit non-zero."""

    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    """Every code of the ``warnings`` table (see :data:`pipeline.core.registry.REGISTRY` for their meaning)."""

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
    MUNICIPALITY_NAME_MISMATCH = "municipality_name_mismatch"
    DUPLICATE_MUNICIPALITY = "duplicate_municipality"
    MISSING_PERIOD = "missing_period"
    UNPARSABLE_PERIOD = "unparsable_period"
    CATEGORY_OUT_OF_RANGE = "category_out_of_range"
    UNRECOGNISED_CATEGORY = "unrecognised_category"
    CATEGORY_NUMBER_MISMATCH = "category_number_mismatch"
    DUPLICATE_CATEGORY = "duplicate_category"
    CATEGORY_MISSING = "category_missing"
    CATEGORY_OUT_OF_ORDER = "category_out_of_order"
    EMPTY_CATEGORY_BODY = "empty_category_body"
    UNBALANCED_BRACKETS = "unbalanced_brackets"
    NO_PROGRAM_LIST = "no_program_list"
    PLAN_WITHOUT_PROGRAMS = "plan_without_programs"
    SUSPECT_STRUCTURE = "suspect_structure"
    VERY_LONG_LINE = "very_long_line"
    OCR_SUSPECT = "ocr_suspect"
    UNCLASSIFIED_PROGRAM = "unclassified_program"
    VALIDATION_FAILED = "validation_failed"
    HTML_PARSER_MISSING = "html_parser_missing"
    HTML_NO_TEXT = "html_no_text"
    HTML_CHARSET_MISMATCH = "html_charset_mismatch"
    HTML_CHARSET_UNDECLARED = "html_charset_undeclared"
    HTML_TOO_COMPLEX = "html_too_complex"
    HTML_DEEP_NESTING = "html_deep_nesting"
    HTML_LARGE_PAGE = "html_large_page"
    HTML_TRUNCATED = "html_truncated"
    HTML_TABLE_UNLABELLED_COLUMN = "html_table_unlabelled_column"
    HTML_TABLE_NO_PLAN_NAME = "html_table_no_plan_name"
    HTML_TABLE_UNREAD = "html_table_unread"
    MIXED_ENCODING = "mixed_encoding"
    CONTROL_CHARACTERS_REMOVED = "control_characters_removed"
    NAME_COLLISION = "name_collision"
    SKIPPED_FILE = "skipped_file"
    IO_ERROR = "io_error"
    MANIFEST_INVALID = "manifest_invalid"
    MANIFEST_UNKNOWN_FILE = "manifest_unknown_file"
    FIELD_TRUNCATED = "field_truncated"
    FORMULA_LIKE_VALUE = "formula_like_value"
    ANNOUNCEMENT_DATE = "announcement_date"
    UNREADABLE_RELEASE_VALUE = "unreadable_release_value"
    ANNOUNCED_COUNT_MISMATCH = "announced_count_mismatch"
    ANNOUNCED_PLAN_MISSING = "announced_plan_missing"
    AMBIGUOUS_ANNOUNCEMENT = "ambiguous_announcement"
    MANIFEST_ROW_MISSING = "manifest_row_missing"
    PDF_TABLE_NO_HEADER = "pdf_table_no_header"
    PDF_TABLE_UNLABELLED_COLUMN = "pdf_table_unlabelled_column"
    PDF_TABLE_NO_PLAN_NAME = "pdf_table_no_plan_name"
    PDF_TABLE_IMAGE = "pdf_table_image"
