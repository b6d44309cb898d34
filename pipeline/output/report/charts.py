"""The report's charts as Vega-Lite specifications, built with Altair.

Each function takes the rows of :mod:`pipeline.output.report.data` and returns a
Vega-Lite spec (a dict).  The browser draws them (as SVG) with the Vega JavaScript
inlined into the page, so text is set in the reader's own Japanese fonts and every mark
has a tooltip with the exact figures.  Altair validates each spec against the Vega-Lite
schema when it is built.  Axis titles are Japanese with the English after them.
"""

from __future__ import annotations

import logging
from typing import Any

import altair as alt

from pipeline.output.report.data import Row, Vocabulary, labels

logger = logging.getLogger(__name__)

#: Font stack for chart text: the reader's Japanese UI font.
FONT = "'Hiragino Sans', 'Noto Sans CJK JP', 'Noto Sans JP', 'Yu Gothic', Meiryo, 'IPAexGothic', sans-serif"
#: Width of the bar and timeline charts in pixels; the heatmap is sized by its cells.
CHART_WIDTH = 560
#: Height of one municipality's band in the bar charts, and the side of one heatmap cell.
STEP = 26
HEATMAP_STEP = 44
#: Counts above this share of the heatmap's maximum are written in white on the dark cells.
LIGHT_TEXT_SHARE = 0.6

MUNICIPALITY = "自治体 Municipality"
PROGRAMS = "事業数 Programs"
ROUND = "計画開始年度 Round (start year)"


def _configured(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's spec with the report's fonts and no outer frame."""
    return chart.configure(font=FONT).configure_view(stroke=None).to_dict()


def _municipality_axis(order: list[str], **kwargs: Any) -> alt.Y:
    return alt.Y("municipality:N", sort=order, title=MUNICIPALITY, **kwargs)


def counts_chart(rows: list[Row], order: list[str]) -> dict[str, Any]:
    """Programs per municipality, one colour per round.

    >>> spec = counts_chart([{"municipality": "甲町", "round": "2023年度 FY2023", "plans": 1, "programs": 2}], ["甲町"])
    >>> spec["mark"]["type"], spec["encoding"]["x"]["title"]
    ('bar', '事業数 Programs')
    """
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=_municipality_axis(order),
            x=alt.X("sum(programs):Q", title=PROGRAMS),
            color=alt.Color("round:N", title=ROUND),
            tooltip=[
                alt.Tooltip("municipality:N", title=MUNICIPALITY),
                alt.Tooltip("round:N", title=ROUND),
                alt.Tooltip("plans:Q", title="計画数 Plans"),
                alt.Tooltip("programs:Q", title=PROGRAMS),
            ],
        )
        .properties(width=CHART_WIDTH, height=alt.Step(STEP))
    )
    return _configured(chart)


def _english(vocab_labels: list[Row]) -> alt.LookupData:
    """A lookup of the English label (``en``) and position (``order``) of a Japanese label."""
    return alt.LookupData(alt.Data(values=vocab_labels), key="ja", fields=["en", "order"])


def heatmap_chart(rows: list[Row], order: list[str], vocab: Vocabulary) -> dict[str, Any]:
    """Programs per theme (rows) and municipality (columns), the count written in each cell.

    Every theme and municipality has its row and column; a blank cell has no program.

    >>> from pipeline.output.report.data import vocabulary
    >>> spec = heatmap_chart([{"municipality": "甲町", "theme": "未分類", "n": 1}], ["甲町"], vocabulary([]))
    >>> [layer["mark"]["type"] for layer in spec["layer"]], spec["layer"][0]["encoding"]["y"]["scale"]["domain"]
    (['rect', 'text'], ['未分類'])
    """
    top = max((r["n"] for r in rows), default=0)
    themes = [t.ja for t in vocab.themes]
    base = (
        alt.Chart(alt.Data(values=rows))
        .encode(
            x=alt.X(
                "municipality:N",
                sort=order,
                scale=alt.Scale(domain=order),
                title=MUNICIPALITY,
                axis=alt.Axis(labelAngle=-45, orient="top"),
            ),
            y=alt.Y("theme:N", sort=themes, scale=alt.Scale(domain=themes), title="テーマ Theme"),
            tooltip=[  # on the number too, which lies over the cell
                alt.Tooltip("municipality:N", title=MUNICIPALITY),
                alt.Tooltip("theme:N", title="テーマ"),
                alt.Tooltip("en:N", title="Theme"),
                alt.Tooltip("n:Q", title=PROGRAMS),
            ],
        )
        .transform_lookup(lookup="theme", from_=_english(labels(vocab.themes)))
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("n:Q", title=PROGRAMS, scale=alt.Scale(scheme="blues", domainMin=0))
    )
    text = base.mark_text().encode(
        text="n:Q",
        color=alt.condition(alt.datum.n > top * LIGHT_TEXT_SHARE, alt.value("white"), alt.value("black")),
    )
    chart = (cells + text).properties(width=alt.Step(HEATMAP_STEP), height=alt.Step(STEP))
    return _configured(chart)


def instrument_chart(rows: list[Row], order: list[str], vocab: Vocabulary) -> dict[str, Any]:
    """Each municipality's programs split by instrument (shares of 100 %).

    >>> from pipeline.output.report.data import vocabulary
    >>> spec = instrument_chart([], ["甲町"], vocabulary([]))
    >>> spec["encoding"]["x"]["stack"]
    'normalize'
    """
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=_municipality_axis(order),
            x=alt.X("n:Q", stack="normalize", title="割合 Share of programs", axis=alt.Axis(format="%")),
            color=alt.Color("instrument:N", sort=[t.ja for t in vocab.instruments], title="手法 Instrument"),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("municipality:N", title=MUNICIPALITY),
                alt.Tooltip("instrument:N", title="手法"),
                alt.Tooltip("en:N", title="Instrument"),
                alt.Tooltip("n:Q", title=PROGRAMS),
                alt.Tooltip("share:Q", title="割合 Share", format=".0%"),
            ],
        )
        .transform_lookup(lookup="instrument", from_=_english(labels(vocab.instruments)))
        .properties(width=CHART_WIDTH, height=alt.Step(STEP))
    )
    return _configured(chart)


def timeline_chart(rows: list[Row], order: list[str]) -> dict[str, Any]:
    """Plan periods: a bar from the first fiscal year to the end of the last, per municipality and round.

    >>> spec = timeline_chart([{"municipality": "甲町", "plan_id": "1-2023", "title": "甲町計画", "period": "",
    ...                         "round": "2023年度 FY2023", "start": 2023, "end": 2026}], ["甲町"])
    >>> spec["encoding"]["x2"]["field"], spec["encoding"]["x"]["scale"]["domain"]
    ('end', [2023, 2026])
    """
    domain = [min((r["start"] for r in rows), default=0), max((r["end"] for r in rows), default=1)]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(cornerRadius=3)
        .encode(
            y=_municipality_axis(order),
            yOffset=alt.YOffset("round:N"),
            x=alt.X(
                "start:Q",
                title="年度 Fiscal year (April–March)",
                scale=alt.Scale(domain=domain, nice=False),
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            x2="end:Q",
            color=alt.Color("round:N", title=ROUND),
            tooltip=[
                alt.Tooltip("title:N", title="計画 Plan"),
                alt.Tooltip("period:N", title="計画期間 Period"),
                alt.Tooltip("plan_id:N", title="plan_id"),
            ],
        )
        .properties(width=CHART_WIDTH, height=alt.Step(STEP))
    )
    return _configured(chart)
