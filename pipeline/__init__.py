"""Regional industrial revitalisation plans (地域産業活性化計画) as datasets.

``pipeline.load("output")`` returns the tables as typed pandas DataFrames
(:func:`pipeline.output.load.load`); pandas is imported only when it is called.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

DISTRIBUTION = "chiiki-sangyo-plans"


def __getattr__(name: str) -> str:
    """``__version__``, the installed distribution's, looked up when first asked for.

    :mod:`importlib.metadata` takes longer to import than the rest of ``python -m pipeline
    read``'s start-up, and only ``--version`` and a cache miss of the installed libraries
    (:mod:`pipeline.driver.cache`) need it.
    """
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import metadata

    try:
        version = metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # a source tree that was never installed
        version = "0+unknown"
    globals()["__version__"] = version
    return version


def load(output_dir: str | Path = "output") -> dict[str, pd.DataFrame]:
    """The tables of ``output_dir`` as typed DataFrames; see :func:`pipeline.output.load.load`."""
    from pipeline.output.load import load as _load

    return _load(output_dir)
