"""Stage 3, *extract*: a segmented document turned into table records.

:mod:`~pipeline.extract.extractor` builds the records, :mod:`~pipeline.extract.programs`
reads program lists, :mod:`~pipeline.extract.ledger` accounts for every line, and
:mod:`~pipeline.extract.records` is the stage's typed output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.extract.records import DocumentFields, Records

if TYPE_CHECKING:
    from pipeline.extract.extractor import extract

__all__ = ["DocumentFields", "Records", "extract"]


def __getattr__(name: str) -> Any:
    """``extract`` is imported on first use: reading a stage's records (:mod:`pipeline.extract.records`)
    does not load the extraction's vocabulary and rules."""
    if name == "extract":
        from pipeline.extract.extractor import extract

        return extract
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
