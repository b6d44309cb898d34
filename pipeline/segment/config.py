"""Parameters of segmentation, as a frozen dataclass that checks itself."""

from __future__ import annotations

from dataclasses import dataclass

#: Lines up to this length that do not end a sentence are captions.
DEFAULT_CAPTION_MAX_CHARS = 60
#: Longer lines are never category headings.
DEFAULT_CATEGORY_HEADING_MAX_CHARS = 120
#: Minimum lemma-sequence similarity (0–1) for a heading to take a known category.
DEFAULT_CATEGORY_MATCH_THRESHOLD = 0.6
DEFAULT_PLAN_TITLE_SUFFIXES = ("地域産業活性化計画",)
#: Lines longer than this are reported (``very_long_line``): the announcements' longest
#: paragraph is a few hundred characters, so a longer line usually means lost line breaks.
DEFAULT_LONG_LINE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class SegmentConfig:
    """Parameters of segmentation (all have defaults that fit the Tokyo announcement)."""

    prefecture: str | None = None
    plan_title_suffixes: tuple[str, ...] = DEFAULT_PLAN_TITLE_SUFFIXES
    caption_max_chars: int = DEFAULT_CAPTION_MAX_CHARS
    category_heading_max_chars: int = DEFAULT_CATEGORY_HEADING_MAX_CHARS
    category_match_threshold: float = DEFAULT_CATEGORY_MATCH_THRESHOLD
    long_line_chars: int = DEFAULT_LONG_LINE_CHARS

    def __post_init__(self) -> None:
        for name in ("caption_max_chars", "category_heading_max_chars", "long_line_chars"):
            if getattr(self, name) < 1:
                raise ValueError(f"SegmentConfig.{name} must be a positive number of characters")
        if not 0 < self.category_match_threshold <= 1:
            raise ValueError("SegmentConfig.category_match_threshold must be in (0, 1]")
        if not self.plan_title_suffixes or not all(self.plan_title_suffixes):
            raise ValueError("SegmentConfig.plan_title_suffixes must name at least one non-empty suffix")
