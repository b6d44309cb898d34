"""Make tests/pdfs/exports/*.pdf: the real announcement exported to PDF by real programs.

The reportlab fixtures (render.py) come from the project's own renderer; these come from
the programs the published PDFs come from: an office suite and a browser.  The text
becomes HTML (headings, paragraphs, a grey photo above each caption in a smaller font),
then

* ``libreoffice.pdf``: LibreOffice Writer/Web's PDF export (embedded IPA Gothic subsets);
* ``chromium.pdf``: Chromium's print to PDF (embedded subsets, line height 1, which
  makes line boxes touch, and the wave dash mapped to U+301C).

They are committed, so the tests need neither program.  To remake them (Debian:
``apt-get install libreoffice-writer-nogui chromium fonts-ipafont-gothic``)::

    python tests/pdfs/make_exports.py /tmp/ex
    soffice --headless --convert-to pdf:writer_web_pdf_Export --outdir /tmp/ex /tmp/ex/announcement.html
    cp /tmp/ex/announcement.pdf tests/pdfs/exports/libreoffice.pdf
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \\
        --print-to-pdf=tests/pdfs/exports/chromium.pdf file:///tmp/ex/announcement.html

The captions are the lines the text path extracts as captions (output/captions.csv).
"""

from __future__ import annotations

import csv
import html
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
REAL_DOC = ROOT / "tests" / "fixtures" / "corpus" / "000_5eb07730d5f2e640.txt"
PHOTO_SIZE = (320, 180)
PHOTO_GREY = (190, 190, 190)
STYLE = 'body{font-family:"IPAGothic";font-size:10.5pt}'
HEADINGS = (("#### ", "h4"), ("### ", "h3"), ("## ", "h2"))


def to_html(lines: list[str], caption_lines: set[int]) -> str:
    """The announcement as HTML: markdown headings, paragraphs, photos with captions.

    >>> to_html(["### 「A」", "", "本文。", "写真"], {4}).count("<img")
    1
    """
    out = [f'<html><head><meta charset="utf-8"><style>{STYLE}</style></head><body>']
    for i, text in enumerate(lines, start=1):
        s = text.strip()
        if not s:
            continue
        if i in caption_lines:
            out.append(
                f'<p><img src="photo.png" width="240" height="135"><br>'
                f'<span style="font-size:8pt">{html.escape(s)}</span></p>'
            )
            continue
        tag = next((t for mark, t in HEADINGS if s.startswith(mark)), None)
        out.append(f"<{tag}>{html.escape(s.lstrip('# '))}</{tag}>" if tag else f"<p>{html.escape(s)}</p>")
    out.append("</body></html>")
    return "\n".join(out)


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", PHOTO_SIZE, PHOTO_GREY).save(out_dir / "photo.png")
    with (ROOT / "output" / "captions.csv").open(encoding="utf-8") as f:
        captions = {int(r["source_line"]) for r in csv.DictReader(f)}
    lines = REAL_DOC.read_text(encoding="utf-8").split("\n")
    (out_dir / "announcement.html").write_text(to_html(lines, captions), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "libreoffice-fixture"))
