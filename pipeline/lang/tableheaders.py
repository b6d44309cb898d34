"""The fields a table's column labels name, from ``pipeline/data/table_headers.csv``.

A spreadsheet of approved plans says what each column holds in its header row: 区市町村名,
計画名, 計画期間, 概要, 取組区分, 取組内容…  The PDF reader maps every column to a field by
its label, never by its position, so a table with its columns in another order, or with
a column more or less, is still read right.

Labels are compared by their SudachiPy normalized forms with particles and symbols left
out (:func:`label_key`): 計画の名称 = 計画名称, 取組内容 = 取り組み内容 = 取組み内容, full-width
and half-width forms alike, spaces and line breaks inside a label ignored.  A label with
a trailing bracketed note (計画期間（年度）) is tried without the note too.  The fields:

========================  ============================================================
``municipality``          the municipality (区市町村名, 自治体名, 団体名…)
``plan_name``             the plan's title (計画名, 計画の名称…)
``period``                the plan period (計画期間, 期間…)
``summary``               the plan's overview (概要, 計画の概要…)
``category``              the category heading of an initiative (取組区分, 区分…)
``content``               the initiative's text and programs (取組内容, 主な事業…)
``program``               one program's name per row (事業名, 主な事業名)
``row_number``            a running number, which carries no data (No., 番号…)
========================  ============================================================
"""

from __future__ import annotations

import functools
import re
import unicodedata

from pipeline.core.errors import ReferenceDataError
from pipeline.lang.datafiles import data_path, read_data_csv
from pipeline.lang.sudachi import tokenize

TABLE_HEADERS_FILE = "table_headers.csv"
#: The fields a column can hold, in the order a plan's lines are written.
FIELDS = ("municipality", "plan_name", "period", "summary", "category", "content", "program", "row_number")
#: Parts of speech left out of a label's key: 計画の名称 and 計画名称 are one label.
IGNORED_POS = ("助詞", "補助記号", "空白")
_TRAILING_NOTE = re.compile(r"^(?P<head>.+?)\s*[(（［\[][^()（）［］\[\]]*[)）］\]]\s*$")


def label_key(text: str) -> tuple[str, ...]:
    """The matching key of a column label: normalized forms of its content tokens.

    >>> label_key("計画の名称") == label_key("計画名称"), label_key("取組内容") == label_key("取組み 内容")
    (True, True)
    """
    t = "".join(unicodedata.normalize("NFKC", text).split())
    return tuple(tok.normalized for tok in tokenize(t) if tok.pos[0] not in IGNORED_POS)


@functools.cache
def _keys() -> dict[tuple[str, ...], str]:
    keys: dict[tuple[str, ...], str] = {}
    for i, row in enumerate(read_data_csv(TABLE_HEADERS_FILE, required=("field", "label")), start=2):
        field, label = row["field"].strip(), row["label"].strip()
        if field not in FIELDS or not label:
            raise ReferenceDataError(
                f"field {field!r} is not one of {', '.join(FIELDS)}, or the label is empty",
                path=data_path(TABLE_HEADERS_FILE),
                location=f"line {i}",
            )
        key = label_key(label)
        if keys.get(key, field) != field:
            raise ReferenceDataError(
                f"label {label!r} names two fields ({keys[key]}, {field})",
                path=data_path(TABLE_HEADERS_FILE),
                location=f"line {i}",
            )
        keys[key] = field
    return keys


def header_field(label: str) -> str | None:
    """The field a column label names, or ``None``.

    >>> [header_field(t) for t in ("区市町村名", "計画の名称", "計画期間（年度）", "取り組み内容", "ＮＯ．", "備考")]
    ['municipality', 'plan_name', 'period', 'content', 'row_number', None]
    """
    if not label.strip():
        return None
    field = _keys().get(label_key(label))
    if field is None and (m := _TRAILING_NOTE.match(unicodedata.normalize("NFKC", label.strip()))):
        field = _keys().get(label_key(m["head"]))
    return field
