"""A page's rotation: from the user space the PDF draws in to the page as displayed.

A page may carry a ``/Rotate`` entry, in clockwise quarter turns: printer drivers store a
landscape sheet as a portrait page turned by 90 degrees, its content drawn sideways so that
it reads upright once displayed.  pdfminer (the reference engine) measures such a page as
displayed, through the matrix its interpreter starts from (``PDFPageInterpreter.init_state``
via ``PDFPage.rotate``); pdfium gives origins, matrices, boxes and paths in the unrotated
user space, so the pdfium engine takes each through :func:`rotation_matrix` first.

Both engines decide whether a character is *upright* (read; text turned sideways or set
vertically is not) from its matrix by one rule, :func:`is_upright`: pdfminer's own flag
takes a matrix turned by 90 degrees in floating point (``cos 90° = 6e-17``) for upright,
and pdfium's exact test took a sheared one (a synthetic italic) for turned.

Spec: PDF 32000-1:2008, 7.7.3.3 (the page object's ``Rotate`` entry) and 9.4.4 (text
space to device space).
"""

from __future__ import annotations

#: A 2-D affine matrix (a, b, c, d, e, f), as PDF writes it.
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: A character's baseline is horizontal when its matrix's ``b`` is at most this share of ``a``:
#: the floating-point rest of a rotation, not a turn.
UPRIGHT_ROTATION_TOLERANCE = 1e-6


def rotation_matrix(quarter_turns: int, box: tuple[float, float, float, float]) -> Matrix:
    """The matrix from a page's user space to its space as displayed (pdfminer's page ``ctm``).

    Args:
        quarter_turns: the page's ``/Rotate`` in clockwise quarter turns (pdfium's ``FPDFPage_GetRotation``).
        box: the media box ``(x0, y0, x1, y1)``.

    Returns:
        The identity for an unrotated page (its coordinates are used as they are).

    >>> rotation_matrix(1, (0.0, 0.0, 842.0, 595.0)), rotation_matrix(0, (0.0, 0.0, 595.0, 842.0)) == IDENTITY
    ((0.0, -1.0, 1.0, 0.0, -0.0, 842.0), True)
    """
    x0, y0, x1, y1 = box
    turns = quarter_turns % 4
    if turns == 1:
        return (0.0, -1.0, 1.0, 0.0, -y0, x1)
    if turns == 2:
        return (-1.0, 0.0, 0.0, -1.0, x1, y1)
    if turns == 3:
        return (0.0, 1.0, -1.0, 0.0, y1, -x0)
    return IDENTITY


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """The point ``(x, y)`` through ``m``.

    >>> apply((0.0, -1.0, 1.0, 0.0, 0.0, 842.0), 56.0, 500.0)
    (500.0, 786.0)
    """
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def is_upright(a: float, b: float, c: float, d: float) -> bool:
    """Whether a character with this matrix (text space to the page) reads upright.

    Its baseline runs left to right (``a > 0``, ``b`` nought within
    :data:`UPRIGHT_ROTATION_TOLERANCE`) and it stands on it (``d > 0``); a shear (``c``,
    a synthetic italic) leaves it upright.

    >>> is_upright(1, 0, 0, 1), is_upright(1, 0, 0.21, 1), is_upright(6.123234e-17, 1.0, -1.0, 6.123234e-17)
    (True, True, False)
    >>> is_upright(-1, 0, 0, -1)
    False
    """
    return a > 0 and d > 0 and abs(b) <= UPRIGHT_ROTATION_TOLERANCE * a
