"""Stage 2, *segment*: the line stream split into title, plans and category sections.

:mod:`~pipeline.segment.headings` recognises headings line by line,
:mod:`~pipeline.segment.segmenter` walks the lines as a state machine, and
:mod:`~pipeline.segment.config` holds the parameters.
"""

from pipeline.segment.config import SegmentConfig
from pipeline.segment.segmenter import segment

__all__ = ["SegmentConfig", "segment"]
