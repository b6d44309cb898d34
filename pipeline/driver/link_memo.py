"""The program links of each pair of plans, kept between builds as Arrow.

Comparing the programs of two consecutive plans (:mod:`pipeline.driver.program_links`) is
the largest piece of Python in the assembly, and a rebuild after one document changed
needs it only for the few pairs whose plans or programs changed.  A pair is known by its
key (:func:`~pipeline.driver.program_links.pair_key`: a hash of the two plans' ids and
their programs' ids, places and names).

The links of the last assembly are kept in ``interim/_program_links.arrows``: an Arrow IPC
file of the ``program_links`` storage columns (:mod:`pipeline.output.storage`) plus each
row's pair key and its position among its pair's rows, under the assembly's fingerprint
(schema metadata).  A pair whose key is in the file is not compared again, and its rows
are taken as Arrow, without becoming Python rows; the rows are then put in the order of
the pairs, so the table is the one a build without the file makes.  The file is rewritten
when the set of pairs changed, and holds exactly this corpus's pairs.  It is a cache: a
missing, damaged or foreign file is ignored and made again.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.core.fileio import atomic_path
from pipeline.driver import program_links
from pipeline.driver.cache import Stage, stage_fingerprint
from pipeline.extract.records import Row
from pipeline.output.schema import PROGRAM_LINKS
from pipeline.output.storage import storage_schema, to_arrow

logger = logging.getLogger(__name__)

PROGRAM_LINKS_FILE = "_program_links.arrows"
#: The columns the file adds to the table's: the row's pair key and its place in the pair.
PAIR_COLUMN, POSITION_COLUMN = "_pair", "_position"
FINGERPRINT_KEY = b"fingerprint"


def memo_schema(fingerprint: str) -> pa.Schema:
    """The file's schema: the table's storage columns, the pair and position, the fingerprint."""
    fields = [*storage_schema(PROGRAM_LINKS), pa.field(PAIR_COLUMN, pa.string()), pa.field(POSITION_COLUMN, pa.int32())]
    return pa.schema(fields, metadata={FINGERPRINT_KEY: fingerprint.encode()})


def linked_programs(interim_dir: Path, plans: list[Row], programs: list[Row]) -> pa.Table:
    """The ``program_links`` table (storage Arrow); pairs of plans unchanged since the last
    build are taken from :data:`PROGRAM_LINKS_FILE` instead of being compared again."""
    path = interim_dir / PROGRAM_LINKS_FILE
    schema = memo_schema(stage_fingerprint(Stage.ASSEMBLE))
    pairs = program_links.plan_pairs(plans, programs)
    keys = [pair.key for pair in pairs]
    if len(set(keys)) < len(keys):  # the same pair twice: no key can stand for one of them
        return to_arrow(PROGRAM_LINKS, [row for pair in pairs for row in program_links.pair_links(pair)])
    stored = _stored(path, schema)
    known = set(pc.unique(stored.column(PAIR_COLUMN)).to_pylist()) if stored.num_rows else set()
    fresh = [
        {**row, PAIR_COLUMN: key, POSITION_COLUMN: i}
        for pair, key in zip(pairs, keys, strict=True)
        if key not in known
        for i, row in enumerate(program_links.pair_links(pair))
    ]
    kept = stored.filter(pc.is_in(stored.column(PAIR_COLUMN), value_set=pa.array(keys, pa.string())))
    memo = pa.concat_tables([kept, _memo_rows(fresh, schema)])
    memo = memo.take(_pair_order(memo, keys))
    if known != set(keys):
        _save(path, memo)
    return memo.drop_columns([PAIR_COLUMN, POSITION_COLUMN]).replace_schema_metadata(None)


def _memo_rows(rows: list[Row], schema: pa.Schema) -> pa.Table:
    table = to_arrow(
        PROGRAM_LINKS, [{k: v for k, v in r.items() if k not in (PAIR_COLUMN, POSITION_COLUMN)} for r in rows]
    )
    table = table.append_column(schema.field(PAIR_COLUMN), pa.array([r[PAIR_COLUMN] for r in rows], pa.string()))
    table = table.append_column(schema.field(POSITION_COLUMN), pa.array([r[POSITION_COLUMN] for r in rows], pa.int32()))
    return table.replace_schema_metadata(schema.metadata)


def _pair_order(memo: pa.Table, keys: list[str]) -> pa.Array:
    """The indices that put the rows in the order of the pairs, then of their positions."""
    rank = {key: i for i, key in enumerate(keys)}
    ranks = pa.array([rank[k] for k in memo.column(PAIR_COLUMN).to_pylist()], pa.int64())
    order = pa.table({"rank": ranks, "position": memo.column(POSITION_COLUMN)})
    return pc.sort_indices(order, sort_keys=[("rank", "ascending"), ("position", "ascending")])


def _stored(path: Path, schema: pa.Schema) -> pa.Table:
    """The kept links, or no rows when the file is missing, damaged or of another fingerprint."""
    try:
        with pa.memory_map(str(path)) as source:
            table = pa.ipc.open_file(source).read_all()
        if table.schema.equals(schema, check_metadata=True):
            return table
    except (OSError, pa.ArrowException) as exc:
        logger.debug("%s not used: %s", path, exc)
    return schema.empty_table()


def _save(path: Path, memo: pa.Table) -> None:
    try:
        with atomic_path(path) as tmp, pa.ipc.new_file(str(tmp), memo.schema) as writer:
            writer.write_table(memo)
    except OSError as exc:  # compared again on the next build
        logger.debug("%s not written: %s", path, exc)
