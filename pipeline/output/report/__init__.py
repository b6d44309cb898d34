"""``make report``: one self-contained HTML page about the build's data (``output/report.html``).

The page, in Japanese with English labels, shows headline counts, plans per round
(the fiscal year plans start in), programs per municipality, a theme × municipality
heatmap, each municipality's instrument mix, a timeline of plan periods, and a
searchable table of every program with its source document and line.

* :mod:`~pipeline.output.report.data` computes the figures from the tables (pure functions);
* :mod:`~pipeline.output.report.charts` turns them into Vega-Lite specs with Altair;
* :mod:`~pipeline.output.report.page` renders the page with the Vega JavaScript inlined.

Everything the page needs is inside the file: it opens offline, from disk or as an e-mail
attachment.  Why Vega-Lite rather than matplotlib SVG, with the measurements:
docs/report.md.  The libraries are the optional extra ``[report]``
(``requirements-report.lock``), which ``make report`` installs.

``python -m pipeline.output.report --output output [--path FILE]`` writes it.
"""

from __future__ import annotations

from pipeline.output.report.page import REPORT_NAME, ReportError, write_report

__all__ = ["REPORT_NAME", "ReportError", "write_report"]
