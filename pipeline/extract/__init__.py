"""Stage 3, *extract*: a segmented document turned into table records."""

from pipeline.extract.extractor import extract

__all__ = ["extract"]
