"""The data dictionary, generated from :mod:`pipeline.output.schema`.

Two renderings of the same column metadata:

* ``output/datapackage.json``: a Frictionless `Data Package
  <https://specs.frictionlessdata.io/data-package/>`_ whose resources are the CSV
  files, each with a Table Schema (field types, ``required``/``enum`` constraints,
  ``primaryKey``, ``foreignKeys``, descriptions in English as ``description`` and in
  Japanese as ``description_ja``).  A CSV cell cannot tell an empty string from a
  missing value; a required string column is never missing, so its fields declare
  no missing values and an empty cell reads as ``""`` (a blank line's ``text``).
  It is written by the build, deterministically
  (no dates, no absolute paths), so it belongs to the reviewed snapshot.
* ``docs/data-dictionary.md``: the same as a Markdown page
  (``make docs`` rewrites it, :mod:`pipeline.tools.docs`; a test checks it is current).

The Parquet files carry the same descriptions in their field metadata
(:meth:`pipeline.output.schema.Table.arrow_schema`).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from pipeline.core.fileio import write_atomic
from pipeline.output.schema import TABLES, Column, Table, Type

logger = logging.getLogger(__name__)

DATAPACKAGE_NAME = "datapackage.json"
DICTIONARY_PATH = Path("docs") / "data-dictionary.md"
PACKAGE_NAME = "chiiki-sangyo-plans"
PACKAGE_TITLE = "地域産業活性化計画 — municipalities' regional industrial revitalisation plans"
#: Table Schema type of each schema type; any other type (e.g. a list) is a string cell.
FRICTIONLESS_TYPES: dict[str, str] = {
    Type.STRING: "string",
    Type.INT16: "integer",
    Type.INT32: "integer",
    Type.INT64: "integer",
    Type.FLOAT: "number",
    Type.DATE: "date",
    Type.BOOL: "boolean",
    Type.CATEGORY: "string",
}
DEFAULT_FRICTIONLESS_TYPE = "string"
NO_KEY = "none (compared as whole rows)"
#: How the CSV writer (pipeline.output.tables) spells booleans and missing values.
TRUE_VALUES, FALSE_VALUES, MISSING_VALUES = ["true"], ["false"], [""]


def field_descriptor(col: Column) -> dict[str, Any]:
    """The Table Schema field of one column.

    >>> from pipeline.output.schema import PROGRAMS
    >>> d = field_descriptor(PROGRAMS.columns[8])
    >>> d["type"], d["trueValues"]
    ('boolean', ['true'])
    """
    ftype = FRICTIONLESS_TYPES.get(col.type, DEFAULT_FRICTIONLESS_TYPE)
    d: dict[str, Any] = {
        "name": col.name,
        "type": ftype,
        "description": col.en,
        "description_ja": col.ja,
    }
    if ftype == "boolean":
        d["trueValues"], d["falseValues"] = TRUE_VALUES, FALSE_VALUES
    constraints: dict[str, Any] = {}
    if col.required:
        constraints["required"] = True
        if ftype == "string":  # never missing, so an empty cell is an empty string (a blank line)
            d["missingValues"] = []
    if col.enum and col.type in (Type.STRING, Type.CATEGORY):  # not list cells "a;b"
        constraints["enum"] = list(col.enum)
    if constraints:
        d["constraints"] = constraints
    return d


def table_schema(table: Table) -> dict[str, Any]:
    """The Table Schema of one table."""
    d: dict[str, Any] = {
        "fields": [field_descriptor(c) for c in table.columns],
        "missingValues": MISSING_VALUES,
    }
    if table.primary_key:
        d["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        d["foreignKeys"] = [
            {"fields": [fk.column], "reference": {"resource": fk.table, "fields": [fk.target]}}
            for fk in table.foreign_keys
        ]
    return d


def datapackage(tables: dict[str, Table] = TABLES) -> dict[str, Any]:
    """The Data Package descriptor of the CSV tables.

    >>> d = datapackage()
    >>> [r["path"] for r in d["resources"]][:2], d["resources"][3]["schema"]["primaryKey"]
    (['documents.csv', 'plans.csv'], ['program_id'])
    """
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": "Programs (事業) of Japanese municipalities' approved regional industrial "
        "revitalisation "
        "plans, extracted from the published announcements; every value traced to its source line. "
        "Source documents and licences: raw/sources.csv.",
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": t.name,
                "path": f"{t.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": t.en,
                "description_ja": t.ja,
                "schema": table_schema(t),
            }
            for t in tables.values()
        ],
    }


def write_datapackage(out_dir: Path) -> Path:
    """Write ``<out_dir>/datapackage.json`` atomically; return its path."""
    path = out_dir / DATAPACKAGE_NAME
    text = json.dumps(datapackage(), ensure_ascii=False, indent=1) + "\n"
    write_atomic(path, lambda f: f.write(text))
    return path


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(tables: dict[str, Table] = TABLES) -> str:
    """The data dictionary as Markdown.

    >>> "| `program_id` | string | yes |" in markdown()
    True
    """
    out = [
        "# Data dictionary / データ辞書",
        "",
        "<!-- Generated from pipeline/output/schema.py by `make docs`; do not edit. -->",
        "",
        "Every table is in `output/` as `<table>.csv` (the reviewed snapshot: UTF-8, "
        "empty cell = missing, `true`/`false`) and `<table>.parquet` (typed; these "
        "descriptions are in its field metadata). "
        "`output/datapackage.json` is the same dictionary as a Frictionless Data Package. "
        "Load them typed in Python with `pipeline.load()`. "
        "`output/plans.db` holds every table in SQLite (lists as JSON arrays, booleans as 0/1, "
        "the same keys, full-text search in `<table>_fts`), and `output/metadata.json` these "
        "descriptions for Datasette (`make serve`).",
        "",
        "Types: `string`; `int16`/`int32`/`int64` (nullable integers, `Int16`/`Int32`/`Int64` in pandas); "
        "`float64` (`Float64`); `date` (ISO 8601 `YYYY-MM-DD` in CSV, `date32` in Parquet, "
        "`datetime64` in pandas); `boolean`; "
        "`category` (a string from a small domain, listed under *values*).",
        "",
    ]
    for t in tables.values():
        out += [f"## `{t.name}`", "", f"{t.en}  ", f"{t.ja}", ""]
        out.append(f"Primary key: {', '.join(f'`{k}`' for k in t.primary_key) or NO_KEY}  ")
        for fk in t.foreign_keys:
            out.append(f"Foreign key: `{fk.column}` → `{fk.table}.{fk.target}`  ")
        out += [
            "",
            "| column | type | required | description | 説明 | values |",
            "|---|---|---|---|---|---|",
        ]
        for c in t.columns:
            values = ", ".join(f"`{v}`" for v in c.enum) if c.enum else ""
            out.append(
                f"| `{c.name}` | {c.type} | {'yes' if c.required else ''} | {_md(c.en)} | {_md(c.ja)} | {values} |"
            )
        out.append("")
    return "\n".join(out)
