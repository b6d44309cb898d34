"""make report: one self-contained HTML page, the same bytes for the same data, checked in a real browser.

The browser test opens the page in Debian's Chromium (``/usr/bin/chromium``, installed by
``.ci/run``) through Playwright, with every request other than the page itself refused,
and checks that there are no console errors, that every chart has drawn its marks (the
counts are compared with the data), and that the search box finds a program.  It saves
a screenshot under pytest's temporary folder (``REPORT_SCREENSHOT=path`` copies it, e.g.
to docs/img/report.png).  Without Chromium it is skipped on a developer's machine and
fails in CI (``CI=true``).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import require_browser

from pipeline.driver.build import BuildConfig, build
from pipeline.output.report import write_report
from pipeline.output.report.data import vocabulary

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHART_IDS = ("chart-counts", "chart-themes", "chart-instruments", "chart-periods")
#: Milliseconds the charts may take to draw.
RENDER_TIMEOUT_MS = 30_000
VIEWPORT = {"width": 1200, "height": 900}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, real_doc: Path) -> Path:
    root = tmp_path_factory.mktemp("report")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(real_doc, raw / "announcement.txt")
    assert build(BuildConfig(raw_dir=raw, interim_dir=root / "interim", output_dir=root / "output")).errors == 0
    return root / "output"


@pytest.fixture(scope="module")
def report(out: Path) -> Path:
    return write_report(out)


@pytest.fixture(scope="module")
def joined(out: Path) -> pd.DataFrame:
    plans = pd.read_parquet(out / "plans.parquet")[["plan_id", "municipality", "start_fy"]]
    return pd.read_parquet(out / "programs.parquet").merge(plans, on="plan_id")


def test_report_is_self_contained_and_deterministic(report: Path, out: Path, tmp_path: Path) -> None:
    text = report.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc=", text), "scripts must be inlined"
    markup = re.sub(r"<script\b.*?</script>", "", text, flags=re.S)  # the page without script bodies
    assert not re.search(r"<(link|img|iframe|object|embed)\b", markup), "styles and images must be inlined"
    assert str(out) not in text and str(ROOT) not in text
    again = write_report(out, tmp_path / "again.html")
    assert again.read_bytes() == report.read_bytes()


def test_every_program_is_in_the_table_with_its_source(report: Path, joined: pd.DataFrame) -> None:
    rows = re.findall(r'<tr id="([^"]+)" data-search="[^"]*">(.*?)</tr>', report.read_text(encoding="utf-8"))
    assert [pid for pid, _ in rows] == list(joined["program_id"])
    cells = {pid: [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)] for pid, row in rows}
    for p in joined.itertuples():
        municipality, _, _, name, *_, source = cells[p.program_id]
        assert (municipality, name) == (p.municipality, p.name)
        assert source == f"announcement, line {p.source_line}"


def test_make_report_command_writes_the_file(out: Path, tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline.output.report", "--output", str(out), "--path", str(target)]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert target.stat().st_size > 0 and str(target) in proc.stdout
    missing = subprocess.run([*command[:4], str(tmp_path / "nothing")], env=env, capture_output=True, text=True)
    assert missing.returncode == 2 and "run `make`" in missing.stderr


@pytest.fixture(scope="module")
def browser_page(report: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, list, list]]:
    require_browser(CHROMIUM)
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS, viewport=VIEWPORT
        )
        requests: list[str] = []
        context.route(
            "**/*", lambda route: route.abort() if route.request.url != report.as_uri() else route.continue_()
        )
        page = context.new_page()
        messages: list[str] = []
        page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri())
        page.wait_for_function(
            "ids => ids.every(id => document.querySelector('#' + id + ' svg .role-mark'))",
            arg=list(CHART_IDS),
            timeout=RENDER_TIMEOUT_MS,
        )
        yield page, messages, requests
        context.close()


def test_browser_opens_the_page_offline_without_errors(browser_page: tuple, report: Path) -> None:
    page, messages, requests = browser_page
    assert [m for m in messages if m.startswith(("error", "pageerror", "warning"))] == []
    assert set(requests) == {report.as_uri()}, "the page must not load anything else"
    assert page.title().startswith("地域産業活性化計画")


def _marks(page: object, chart: str, kind: str) -> list[str]:
    selector = f"#{chart} svg g.mark-{kind}.role-mark {'text' if kind == 'text' else 'path'}"
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")  # type: ignore[attr-defined]


def test_every_chart_draws_the_data(browser_page: tuple, joined: pd.DataFrame, out: Path) -> None:
    page = browser_page[0]
    for chart in CHART_IDS:
        box = page.eval_on_selector(f"#{chart} svg", "s => [s.getBBox().width, s.getBBox().height]")
        assert box[0] > 100 and box[1] > 50, chart
    municipalities = joined["municipality"].nunique()
    assert len(_marks(page, "chart-counts", "rect")) == joined.groupby(["municipality", "start_fy"]).ngroups
    per_cell = Counter((m, t) for m, ts in zip(joined["municipality"], joined["themes"], strict=True) for t in ts)
    assert len(_marks(page, "chart-themes", "rect")) == len(per_cell)  # one cell per theme with programs
    assert sorted(int(t) for t in _marks(page, "chart-themes", "text")) == sorted(per_cell.values())
    axis = page.eval_on_selector_all(  # every theme has its row, and every municipality its column
        "#chart-themes svg g.role-axis-label text", "els => els.map(e => e.textContent)"
    )
    assert len(axis) == len(vocabulary().themes) + municipalities
    instruments = joined.groupby(["municipality", "instrument"], observed=True).ngroups
    assert len(_marks(page, "chart-instruments", "rect")) == instruments
    assert len(_marks(page, "chart-periods", "rect")) == len(pd.read_parquet(out / "plans.parquet"))


def test_tooltip_names_the_cell_in_both_languages(browser_page: tuple, joined: pd.DataFrame) -> None:
    """Hovering the number of the heatmap's first cell (first municipality, its first theme) shows its tooltip."""
    page = browser_page[0]
    municipality = joined["municipality"].iloc[0]  # programs are sorted by plan_id: municipality code first
    per_theme = Counter(t for ts in joined.loc[joined["municipality"] == municipality, "themes"] for t in ts)
    theme = next(t for t in vocabulary().themes if per_theme[t.key])
    page.hover("#chart-themes svg g.mark-text.role-mark text")  # the number lies over the cell
    page.wait_for_selector("#vg-tooltip-element.visible")
    tip = page.inner_text("#vg-tooltip-element")
    values = [line.strip() for line in tip.splitlines() if line.strip()][1::2]
    assert values == [municipality, theme.ja, theme.en, str(per_theme[theme.key])]
    page.mouse.move(0, 0)


def test_search_finds_a_program(
    browser_page: tuple, joined: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory
) -> None:
    page = browser_page[0]
    visible = "#programs tbody tr:not([hidden])"
    page.fill("#program-search", "ときめき")  # a word only in a program's name (not in a label)
    assert (
        page.eval_on_selector_all(visible, "rows => rows.map(r => r.cells[3].textContent)")
        == [n for n in joined["name"] if "ときめき" in n]
        == ["産業ときめきフェア"]
    )
    assert page.text_content("#program-count") == f"1 / {len(joined)}"
    page.fill("#program-search", "ＩＴ商談 品川区")  # full-width letters are folded (NFKC); every word must occur
    assert page.text_content("#program-count") == f"1 / {len(joined)}"
    page.fill("#program-search", "東村山市")
    names = page.eval_on_selector_all(visible, "rows => rows.map(r => r.cells[3].textContent)")
    assert names == list(joined.loc[joined["municipality"] == "東村山市", "name"]) and len(names) == 4
    page.fill("#program-search", "")
    assert page.text_content("#program-count") == f"{len(joined)} / {len(joined)}"
    shot = tmp_path_factory.mktemp("artefacts") / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    assert shot.stat().st_size > 10_000
    if target := os.environ.get("REPORT_SCREENSHOT"):
        shutil.copy(shot, target)
