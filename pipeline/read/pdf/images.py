"""Images of tables: a spreadsheet pasted into a document as a picture.

Such a table has no text layer, so nothing of it can be read; the reader says so
(``pdf_table_image``) instead of passing the page over in silence.  An image is taken
for a table when its pixels show a ruled grid (:func:`grid_like`): at least
:data:`GRID_MIN_HLINES` thin dark lines across at least :data:`GRID_LINE_SHARE` of its
width, and :data:`GRID_MIN_VLINES` down its height.  A photo has dark areas, not thin
straight lines from edge to edge.

:func:`grid_like` works on a grey-level array, whatever decoded it;
:func:`pdfplumber_gray` decodes what pdfminer gives (JPEG, and 8-bit grey or RGB samples
after Flate and the like).  An image it cannot decode (JPEG 2000, CCITT, indexed colours)
is not examined; a failure to decode one never stops the document.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pipeline.read.pdf.params import (
    GRID_LINE_SHARE,
    GRID_LINE_THICKNESS,
    GRID_MIN_HLINES,
    GRID_MIN_VLINES,
    IMAGE_MIN_SIDE_PT,
    INK_LEVEL,
    MAX_IMAGE_SIDE_PX,
)

if TYPE_CHECKING:  # numpy is imported when an image is examined: it costs a PDF without one nothing
    import numpy as np

logger = logging.getLogger(__name__)


def _lines(share: np.ndarray, thickness: int) -> int:
    """Runs of consecutive entries of ``share`` at least GRID_LINE_SHARE, at most ``thickness`` long."""
    import numpy as np

    hits = np.concatenate(([False], share >= GRID_LINE_SHARE, [False]))
    edges = np.flatnonzero(hits[1:] != hits[:-1])
    runs = edges[1::2] - edges[::2]
    return int(np.count_nonzero(runs <= thickness))


def grid_like(gray: np.ndarray) -> bool:
    """Whether a grey-level image shows a ruled grid (see the module docstring).

    >>> import numpy as np
    >>> img = np.full((100, 200), 255, dtype=np.uint8)
    >>> for y in (0, 30, 60, 99): img[y, :] = 0
    >>> for x in (0, 100, 199): img[:, x] = 0
    >>> grid_like(img), grid_like(np.full((100, 200), 40, dtype=np.uint8))
    (True, False)
    """
    if gray.ndim != 2 or min(gray.shape) < 8:
        return False
    step = max(1, max(gray.shape) // MAX_IMAGE_SIDE_PX)
    ink = gray[::step, ::step] < INK_LEVEL
    height, width = ink.shape
    h = _lines(ink.mean(axis=1), max(3, int(GRID_LINE_THICKNESS * height)))
    v = _lines(ink.mean(axis=0), max(3, int(GRID_LINE_THICKNESS * width)))
    return h >= GRID_MIN_HLINES and v >= GRID_MIN_VLINES


#: Components per pixel of the colour spaces decoded.
_COMPONENTS = {"DeviceGray": 1, "CalGray": 1, "DeviceRGB": 3, "CalRGB": 3, "DeviceCMYK": 4}


def _components(colorspace: Any) -> int | None:
    spaces = colorspace if isinstance(colorspace, list) else [colorspace]
    if not spaces:
        return None
    name = getattr(spaces[0], "name", str(spaces[0]))
    if name == "ICCBased" and len(spaces) > 1:
        stream = spaces[1].resolve() if hasattr(spaces[1], "resolve") else spaces[1]
        return int(stream.get("N", 0)) or None
    return _COMPONENTS.get(name)


def pdfplumber_gray(image: dict[str, Any]) -> np.ndarray | None:
    """The grey levels of a pdfplumber image object, or ``None`` when it cannot be decoded."""
    import numpy as np

    stream = image["stream"]
    filters = [getattr(f, "name", str(f)) for f, _ in stream.get_filters()]
    data = stream.get_data()
    if filters and filters[-1] in ("DCTDecode", "DCT"):
        from PIL import Image

        with Image.open(io.BytesIO(data)) as im:
            return np.asarray(im.convert("L"))
    if any(f in ("JPXDecode", "CCITTFaxDecode", "CCF", "JBIG2Decode") for f in filters) or image.get("bits") != 8:
        return None
    width, height = image["srcsize"]
    n = _components(image.get("colorspace"))
    if n is None or len(data) < width * height * n:
        return None
    pixels = np.frombuffer(data[: width * height * n], dtype=np.uint8).reshape(int(height), int(width), n)
    if n == 4:  # CMYK: ink is the sum of the inks
        return (255 - np.clip(pixels.astype(np.int32).sum(axis=2), 0, 255)).astype(np.uint8)
    return pixels.mean(axis=2).astype(np.uint8) if n == 3 else pixels[:, :, 0]


def is_table_image(image: dict[str, Any], decode: Callable[[dict[str, Any]], np.ndarray | None] | None = None) -> bool:
    """Whether a large image of a page shows a ruled grid; ``False`` when it cannot be decoded.

    Args:
        image: the image's dict (``width``, ``height``, and what ``decode`` reads).
        decode: its grey levels, or ``None``; by default :func:`pdfplumber_gray`.
    """
    if min(image["width"], image["height"]) < IMAGE_MIN_SIDE_PT:
        return False
    try:
        gray = (decode or pdfplumber_gray)(image)
    except Exception as exc:  # a broken image is not a broken document
        logger.debug("image not examined: %s", exc)
        return False
    return gray is not None and grid_like(gray)
