"""Make the PDF test fixtures from the real announcement text.

The PDFs are not committed: the tests render them once per session into a temporary
folder (a session fixture in ``tests/conftest.py``), which takes well under a second.
To look at them, run ``python tests/pdfs/make_fixtures.py OUT_DIR``.

Good fixtures (``GOOD``) must give the same dataset as the text; bad ones (``BAD``)
must each fail with the error code given.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pdfs.render import render_pdf

ROOT = Path(__file__).resolve().parents[2]
#: The suite's own copy of the real announcement (tests/fixtures/corpus/README.md), not the user's raw/.
REAL_DOC = ROOT / "tests" / "fixtures" / "corpus" / "000_5eb07730d5f2e640.txt"

#: name: (layout, options)
GOOD: dict[str, tuple[str, dict[str, object]]] = {
    "single": ("single", {}),
    "cid": ("cid", {}),
    "figures": ("figures", {}),
    "two_column": ("two_column", {}),
    "headers": ("headers", {}),
    "page_break": ("page_break", {"page_number_format": "{n}/{total}"}),
    "kangxi": ("single", {"kangxi": True}),
}
#: name: expected error code
BAD = {
    "scan": "pdf_no_text_layer",
    "encrypted": "pdf_encrypted",
    "truncated": "pdf_corrupt",
    "unmapped": "pdf_unmapped_glyphs",
}


def make_good(out_dir: Path, text: str | None = None) -> dict[str, Path]:
    """Render the announcement in every good layout; return name -> PDF path."""
    text = text if text is not None else REAL_DOC.read_text(encoding="utf-8")
    return {name: render_pdf(text, out_dir / f"{name}.pdf", layout, **opts) for name, (layout, opts) in GOOD.items()}


def make_bad(out_dir: Path, text: str | None = None) -> dict[str, Path]:
    """Make the PDFs that must be refused; return name -> PDF path."""
    text = text if text is not None else REAL_DOC.read_text(encoding="utf-8")
    out = {
        "scan": render_pdf(text, out_dir / "scan.pdf", scan=True),
        "encrypted": render_pdf(text, out_dir / "encrypted.pdf", encrypt_password="secret"),
    }
    whole = render_pdf(text, out_dir / "whole.tmp", compress=False).read_bytes()
    (out_dir / "whole.tmp").unlink()
    out["truncated"] = out_dir / "truncated.pdf"
    out["truncated"].write_bytes(whole[: len(whole) // 3])
    # Same length, so the cross-reference offsets stay valid: the fonts lose their Unicode map.
    unmapped = whole.replace(b"/ToUnicode", b"/ToUnicodX")
    assert unmapped != whole, "the renderer no longer writes /ToUnicode; update this fixture"
    out["unmapped"] = out_dir / "unmapped.pdf"
    out["unmapped"].write_bytes(unmapped)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "pdf-fixtures")
    target.mkdir(parents=True, exist_ok=True)
    for name, path in {**make_good(target), **make_bad(target)}.items():
        print(f"{name:12} {path}")
