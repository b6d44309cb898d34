"""Every generated page of the documentation, rewritten by one command (``make docs``).

Some documentation is derived from the code and the data files, so that it cannot drift
from them:

* ``docs/data-dictionary.md`` from :mod:`pipeline.output.schema`;
* ``docs/themes.md`` from ``pipeline/data/themes.csv`` and the figures of
  :mod:`pipeline.tools.eval_themes` on ``tests/data/program_labels.csv``;
* the troubleshooting table of ``README.md`` from the code registry
  (:mod:`pipeline.core.registry`), between ``<!-- codes:start … -->`` and ``<!-- codes:end -->``;
* the threshold study of ``docs/rounds.md`` from ``tests/data/program_pairs.csv``
  (:mod:`pipeline.tools.thresholds`), between its ``thresholds`` markers.

:func:`write_all` rewrites them; :func:`stale` names the ones that differ from what would be
written (a test runs it, so a change to the schema or a code without ``make docs`` fails).
This module is a tool: it is not part of any stage, so editing it never invalidates the
build's cached results.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pipeline.core import registry
from pipeline.core.fileio import write_atomic
from pipeline.output import datapackage
from pipeline.tools import eval_themes, thresholds

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """A generated file, or a generated section of a hand-written file.

    Attributes:
        path: the file, relative to the project root.
        render: the generated text, given the project root.
        section: the marker name of the generated section (``<!-- name:start … -->`` …
            ``<!-- name:end -->``); ``None`` when the whole file is generated.
    """

    path: Path
    render: Callable[[Path], str]
    section: str | None = None


def _themes_page(root: Path) -> str:
    return eval_themes.docs_page(eval_themes.load_labels(root / eval_themes.LABELS_PATH))


PAGES: tuple[GeneratedPage, ...] = (
    GeneratedPage(datapackage.DICTIONARY_PATH, lambda root: datapackage.markdown()),
    GeneratedPage(eval_themes.DOCS_PATH, _themes_page),
    GeneratedPage(Path("README.md"), lambda root: registry.markdown_table(), section="codes"),
    GeneratedPage(Path("docs") / "rounds.md", lambda root: thresholds.section(), section="thresholds"),
)


class MarkersMissingError(ValueError):
    """A hand-written file lacks the markers of its generated section."""


def splice(text: str, section: str, body: str) -> str:
    """``text`` with the body of its generated ``section`` replaced by ``body``.

    >>> splice("a\\n<!-- x:start -->\\nold\\n<!-- x:end -->\\nb\\n", "x", "new\\n")
    'a\\n<!-- x:start -->\\nnew\\n<!-- x:end -->\\nb\\n'

    Raises:
        MarkersMissingError: the start or end marker is missing.
    """
    pattern = re.compile(rf"(<!-- {section}:start[^>]*-->\n)(.*?)(<!-- {section}:end -->)", re.S)
    if not pattern.search(text):
        raise MarkersMissingError(f"markers <!-- {section}:start --> … <!-- {section}:end --> not found")
    return pattern.sub(lambda m: m.group(1) + body + m.group(3), text, count=1)


def expected(page: GeneratedPage, root: Path) -> str:
    """The text the page should have."""
    if page.section is None:
        return page.render(root)
    return splice((root / page.path).read_text(encoding="utf-8"), page.section, page.render(root))


def stale(root: Path) -> list[Path]:
    """The pages under ``root`` whose text differs from the generated one."""
    out = []
    for page in PAGES:
        path = root / page.path
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != expected(page, root):
            out.append(page.path)
    return out


def _writer(text: str) -> Callable[[IO[str]], object]:
    return lambda f: f.write(text)


def write_all(root: Path) -> list[Path]:
    """Rewrite every generated page under ``root``; return the ones that changed."""
    changed = []
    for page in PAGES:
        path = root / page.path
        text = expected(page, root)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, _writer(text))
            changed.append(page.path)
            logger.info("wrote %s", path)
    return changed
