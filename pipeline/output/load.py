"""Loading the datasets into pandas with the right types, for notebooks.

:func:`load` reads every ``<table>.parquet`` of an output folder and maps the
Arrow types of :mod:`pipeline.output.schema` to pandas' nullable dtypes: ``int16`` →
``Int16`` (a year may be missing without turning into a float), ``int64`` → ``Int64``,
``float64`` → ``Float64``, ``bool`` → ``boolean``, strings → ``string``, dates →
``datetime64``, dictionary-encoded columns → ``category``, and list columns (e.g.
``list<string>``) → ``ArrowDtype`` lists.  The column
descriptions from the Parquet field metadata are kept in ``df.attrs``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.output.schema import TABLES

logger = logging.getLogger(__name__)

PARQUET_SUFFIX = ".parquet"
#: Arrow type → pandas dtype for the scalar types; dictionaries become ``category``.
PANDAS_TYPES: dict[pa.DataType, pd.api.extensions.ExtensionDtype] = {
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.float64(): pd.Float64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
    pa.string(): pd.StringDtype(),
}


def types_mapper(t: pa.DataType) -> pd.api.extensions.ExtensionDtype | None:
    """The pandas dtype of an Arrow type (``None``: pyarrow's default, e.g. category).

    >>> types_mapper(pa.int16()), types_mapper(pa.list_(pa.string()))
    (Int16Dtype(), list<item: string>[pyarrow])
    """
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return pd.ArrowDtype(t)
    return PANDAS_TYPES.get(t)


def read_table(path: Path) -> pd.DataFrame:
    """One Parquet file as a typed DataFrame; descriptions in ``df.attrs``."""
    table = pq.read_table(path)
    df = table.to_pandas(types_mapper=types_mapper, date_as_object=False)  # dates as datetime64
    df.attrs["descriptions"] = {f.name: (f.metadata or {}).get(b"description", b"").decode() for f in table.schema}
    return df


def load(output_dir: str | Path = "output") -> dict[str, pd.DataFrame]:
    """Every table of an output folder as typed DataFrames, keyed by table name.

    Args:
        output_dir: the folder the build wrote (``output`` by default).

    Returns:
        ``{table name: DataFrame}`` in the schema's order; a table whose Parquet
        file is missing is left out (with a log message).

    Raises:
        FileNotFoundError: when the folder holds no Parquet file; run ``make``.
    """
    folder = Path(output_dir)
    out = {}
    for name in TABLES:
        path = folder / f"{name}{PARQUET_SUFFIX}"
        if path.exists():
            out[name] = read_table(path)
        else:
            logger.warning("%s is missing; run `make` to build it", path)
    if not out:
        raise FileNotFoundError(f"no tables in {folder}: run `make` (or `make OUTPUT={folder}`) first")
    return out
