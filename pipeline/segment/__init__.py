"""Stage 2, *segment*: the line stream split into title, plans and category sections."""

from pipeline.segment.segmenter import SegmentConfig, segment

__all__ = ["SegmentConfig", "segment"]
