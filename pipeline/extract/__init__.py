"""Stage 3, *extract*: a segmented document turned into table records.

:mod:`~pipeline.extract.extractor` builds the records, :mod:`~pipeline.extract.programs`
reads program lists, :mod:`~pipeline.extract.ledger` accounts for every line, and
:mod:`~pipeline.extract.records` is the stage's typed output.
"""

from pipeline.extract.extractor import extract
from pipeline.extract.records import DocumentFields, Records

__all__ = ["DocumentFields", "Records", "extract"]
