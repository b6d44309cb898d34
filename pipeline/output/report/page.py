"""The report page: one HTML file with its styles, scripts and data inlined.

The page is rendered with a Jinja2 template (``templates/report.html.j2``, autoescaped;
chart specs go in ``<script type="application/json">`` blocks through Jinja's ``tojson``,
which escapes ``<``, ``>`` and ``&``).  The Vega, Vega-Lite and vega-embed JavaScript
comes from `vl-convert <https://github.com/vega/vl-convert>`_, which bundles the
libraries offline, for the Vega-Lite version that Altair writes.  Nothing is loaded
from the network when the page opens, and the same data give the same bytes (no
date, no absolute path: the folder the data came from is not written into the page).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt
import jinja2
import pyarrow.parquet as pq
import vl_convert

from pipeline.core.fileio import write_atomic
from pipeline.output.report import charts, data

logger = logging.getLogger(__name__)

REPORT_NAME = "report.html"
TEMPLATE = "report.html.j2"
#: Script bundled with the Vega libraries (which it sees as ``vegaEmbed``): draws every chart whose
#: spec is in a ``<script type="application/json" data-chart="<element id>">`` block, as SVG.
EMBED_SNIPPET = """
for (const el of document.querySelectorAll("script[data-chart]")) {
  const target = document.getElementById(el.dataset.chart);
  vegaEmbed(target, JSON.parse(el.textContent), { renderer: "svg", actions: false }).catch((error) => {
    target.textContent = "グラフを表示できません Chart failed: " + error;
    console.error(error);
  });
}
"""
#: The tables the report reads from the build's output folder.
TABLES = ("documents", "plans", "programs", "warnings")


class ReportError(Exception):
    """The report cannot be written (missing tables, an unsupported Vega-Lite version)."""


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart of the page: element id, bilingual heading, a sentence on how to read it, spec."""

    id: str
    title: str
    note: str
    spec: dict[str, Any]


def read_tables(output_dir: Path) -> dict[str, list[data.Row]]:
    """The rows of the tables the report needs, from the build's Parquet files.

    Raises:
        ReportError: a table is missing: the build has not run.
    """
    out = {}
    for name in TABLES:
        path = output_dir / f"{name}.parquet"
        if not path.is_file():
            raise ReportError(f"{path} does not exist: run `make` (or `make OUTPUT={output_dir}`) first")
        out[name] = pq.read_table(path).to_pylist()
    return out


def vegalite_version() -> str:
    """The ``major.minor`` Vega-Lite version of Altair's specs, as vl-convert names its bundles.

    >>> vegalite_version().count(".")
    1
    """
    version = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    if version not in vl_convert.get_vegalite_versions():
        raise ReportError(
            f"vl-convert has no JavaScript for Vega-Lite {version} (Altair {alt.__version__}); "
            "install the versions of requirements-report.lock"
        )
    return version


def javascript_bundle() -> str:
    """Vega, Vega-Lite and vega-embed with :data:`EMBED_SNIPPET`, as one script (no imports)."""
    bundle = vl_convert.javascript_bundle(EMBED_SNIPPET, vl_version=vegalite_version())
    if "</script" in bundle.lower():  # would end the inline <script> element early
        raise ReportError("the Vega JavaScript bundle contains '</script' and cannot be inlined")
    return bundle


def build_charts(tables: dict[str, list[data.Row]], vocab: data.Vocabulary) -> list[Chart]:
    """The four charts of the page, in reading order."""
    plans, programs = tables["plans"], tables["programs"]
    order = list(data.municipalities(plans).values())
    return [
        Chart(
            "chart-counts",
            "自治体別の事業数 Programs per municipality",
            "色は計画の開始年度（回）。Colour: the fiscal year the plan starts in (round).",
            charts.counts_chart(data.counts(plans, programs), order),
        ),
        Chart(
            "chart-themes",
            "テーマ × 自治体 Themes by municipality",
            "1事業が複数のテーマに数えられることがあります。A program with several themes counts in each.",
            charts.heatmap_chart(data.theme_matrix(plans, programs, vocab), order, vocab),
        ),
        Chart(
            "chart-instruments",
            "手法の構成 Instrument mix per municipality",
            "各自治体の事業に占める手法の割合。Share of each instrument in the municipality's programs.",
            charts.instrument_chart(data.instrument_mix(plans, programs, vocab), order, vocab),
        ),
        Chart(
            "chart-periods",
            "計画期間 Plan periods",
            "年度は4月〜翌3月。Fiscal years run from April to March.",
            charts.timeline_chart(data.periods(plans), order),
        ),
    ]


def summary(tables: dict[str, list[data.Row]]) -> list[tuple[str, int]]:
    """Headline counts: documents, municipalities, plans, programs, errors and warnings.

    >>> summary({"documents": [{}], "plans": [], "programs": [], "warnings": [{"severity": "warning"}]})[-2:]
    [('エラー Errors', 0), ('警告 Warnings', 1)]
    """
    severities = [w["severity"] for w in tables["warnings"]]
    return [
        ("文書 Documents", len(tables["documents"])),
        ("自治体 Municipalities", len(data.municipalities(tables["plans"]))),
        ("計画 Plans", len(tables["plans"])),
        ("事業 Programs", len(tables["programs"])),
        ("エラー Errors", severities.count("error")),
        ("警告 Warnings", severities.count("warning")),
    ]


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.output.report"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render(tables: dict[str, list[data.Row]], bundle: str) -> str:
    """The page's HTML for the given tables and Vega bundle."""
    vocab = data.vocabulary()
    plans, programs = tables["plans"], tables["programs"]
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            summary=summary(tables),
            rounds=data.rounds(plans, programs),
            charts=build_charts(tables, vocab),
            programs=data.program_rows(plans, programs, vocab),
            vega_bundle=bundle,
            vega_version=vegalite_version(),
        )
    )


def write_report(output_dir: Path, path: Path | None = None) -> Path:
    """Write the report of the build in ``output_dir`` atomically.

    Args:
        output_dir: the folder the build wrote (its Parquet files are read).
        path: the file to write; ``<output_dir>/report.html`` by default.

    Returns:
        The path written.
    """
    target = path or output_dir / REPORT_NAME
    html = render(read_tables(output_dir), javascript_bundle())
    write_atomic(target, lambda f: f.write(html))
    logger.info("wrote %s (%d KiB)", target, len(html.encode()) // 1024)
    return target
