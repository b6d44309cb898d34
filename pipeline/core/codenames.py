"""The names of the warning and error codes, and their severities.

:class:`Code` lists every code of the ``warnings`` table; its documentation (what it means,
what to do) is the registry in :mod:`pipeline.core.codes`, which re-exports both enums and
generates the README's troubleshooting table.  A new code gets a member here and a
:class:`~pipeline.core.codes.CodeInfo` there; a test checks that neither is missing.
"""

from __future__ import annotations

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
    MIXED_ENCODING = "mixed_encoding"
    CONTROL_CHARACTERS_REMOVED = "control_characters_removed"
    UNSUPPORTED_FORMAT = "unsupported_format"
    PDF_ERROR = "pdf_error"
    PDF_NO_TEXT_LAYER = "pdf_no_text_layer"
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_CORRUPT = "pdf_corrupt"
    PDF_UNMAPPED_GLYPHS = "pdf_unmapped_glyphs"
    PDF_TOO_LARGE = "pdf_too_large"
    PDF_TIMEOUT = "pdf_timeout"
    PDF_PAGE_NO_TEXT = "pdf_page_no_text"
    PDF_CJK_VARIANTS_REPAIRED = "pdf_cjk_variants_repaired"
    DOCUMENT_TOO_LARGE = "document_too_large"
    TIME_LIMIT_EXCEEDED = "time_limit_exceeded"
    LIMIT_EXCEEDED = "limit_exceeded"
    NO_PLANS = "no_plans"
    NAME_COLLISION = "name_collision"
    SKIPPED_FILE = "skipped_file"
    DOCUMENT_ERROR = "document_error"
    REFERENCE_DATA = "reference_data"
    PIPELINE_ERROR = "pipeline_error"
    INTERNAL_ERROR = "internal_error"
    IO_ERROR = "io_error"
    DUPLICATE_PLAN = "duplicate_plan"
    DUPLICATE_PLAN_ACROSS_DOCUMENTS = "duplicate_plan_across_documents"
    EDITION_OF_UNKNOWN = "edition_of_unknown"
    EDITION_MISMATCH = "edition_mismatch"
    LINE_ASSIGNED_TWICE = "line_assigned_twice"
    UNASSIGNED_LINE = "unassigned_line"
    MANIFEST_SHA256_MISMATCH = "manifest_sha256_mismatch"
    MANIFEST_INVALID = "manifest_invalid"
    MANIFEST_UNKNOWN_FILE = "manifest_unknown_file"
    UNKNOWN_MUNICIPALITY = "unknown_municipality"
    AMBIGUOUS_MUNICIPALITY = "ambiguous_municipality"
    MUNICIPALITY_OUTSIDE_PREFECTURE = "municipality_outside_prefecture"
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
    FIELD_TRUNCATED = "field_truncated"
    OCR_SUSPECT = "ocr_suspect"
    UNCLASSIFIED_PROGRAM = "unclassified_program"
    VALIDATION_FAILED = "validation_failed"
    FORMULA_LIKE_VALUE = "formula_like_value"
