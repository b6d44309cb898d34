"""Regional industrial revitalisation plans (地域産業活性化計画) as datasets.

``pipeline.load("output")`` returns the tables as typed pandas DataFrames
(:func:`pipeline.output.load.load`); pandas is imported only when it is called.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

DISTRIBUTION = "chiiki-sangyo-plans"
try:
    __version__ = metadata.version(DISTRIBUTION)
except metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"


def load(output_dir: str | Path = "output") -> dict[str, pd.DataFrame]:
    """The tables of ``output_dir`` as typed DataFrames; see :func:`pipeline.output.load.load`."""
    from pipeline.output.load import load as _load

    return _load(output_dir)
