"""Pass 2 of the PDF reader: running headers, footers and page numbers.

They are found across all pages before any layout work, because a header is only
recognisable as one by recurring.  A fragment in the top or bottom ``margin_zone`` of
the page is

* a **page number** (``page_number``) if it is on the first or last row of its page and
  reads as one: ``3``, ``３``, ``- 3 -``, ``－３－``, ``3/10``, ``p. 3``, ``3ページ``;
* a **running header/footer** (``running_header`` / ``running_footer``) if its text,
  with spaces removed and digits ignored, appears in the same zone on at least
  ``running_min_share`` of the pages, and on two pages at least.

They are not removed: they stay in the line stream with ``drop_reason`` set, so the
``lines`` table accounts for them (``dropped.page_number``…) and nothing is lost.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from pipeline.lang.markers import is_page_number
from pipeline.read.pdf.fragments import Fragment, PageData
from pipeline.read.pdf.params import PdfParams

_DIGITS = re.compile(r"[0-9０-９]+")
#: A text must recur on this many pages at least to be a running header or footer.
RUNNING_MIN_PAGES = 2


def running_key(text: str) -> str:
    """Header/footer identity: text without spaces, digits replaced.

    >>> running_key("計画の概要  3") == running_key("計画の概要 12")
    True
    """
    return _DIGITS.sub("#", "".join(text.split()))


def margin_zone(p: PageData, f: Fragment, params: PdfParams) -> str | None:
    """``"header"`` or ``"footer"`` when the fragment lies in that margin zone of its page.

    >>> page = PageData(1, 600, 800, [], [], False)
    >>> [margin_zone(page, Fragment(1, 0, [("1", 0, 5, 10)], top, top + 10), PdfParams()) for top in (20, 400, 770)]
    ['header', None, 'footer']
    """
    if f.bottom <= p.height * params.margin_zone:
        return "header"
    if f.top >= p.height * (1 - params.margin_zone):
        return "footer"
    return None


def mark_running(pages: list[PageData], params: PdfParams) -> None:
    """Set ``drop_reason`` on running headers/footers and page numbers (see module docstring)."""
    seen: Counter[tuple[str, str]] = Counter()
    for p in pages:
        keys = {(z, running_key(f.text)) for f in p.fragments if (z := margin_zone(p, f, params))}
        seen.update(keys)
    need = max(RUNNING_MIN_PAGES, math.ceil(params.running_min_share * len(pages)))
    for p in pages:
        rows = sorted({f.row for f in p.fragments})
        outer = set(rows[:1] + rows[-1:])
        for f in p.fragments:
            z = margin_zone(p, f, params)
            if z is None:
                continue
            if f.row in outer and is_page_number(f.text):
                f.drop_reason = "page_number"
            elif len(pages) > 1 and seen[(z, running_key(f.text))] >= need:
                f.drop_reason = f"running_{z}"
