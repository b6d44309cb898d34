"""Captions: the small print next to a figure, kept apart from the body text.

A fragment set in a font no larger than ``caption_size_ratio`` of the body size, within
``caption_distance_em`` (of its own font size) under, above or beside a figure, is a
caption of that figure; so is a fragment of the same size directly under a caption
(a caption of two lines).  Captions get ``role="caption"`` and reach the ``captions``
table, never a plan's summary; reading order reads them after the text beside their
figure.
"""

from __future__ import annotations

from pipeline.read.pdf.fragments import Box, Fragment
from pipeline.read.pdf.params import PdfParams


def next_to(v: Fragment, fig: Box, reach: float) -> bool:
    """Whether the fragment lies under, above or beside the figure, within ``reach`` points.

    >>> fig = Box(100, 100, 300, 200)
    >>> under = Fragment(1, 0, [("写", 120, 128, 8)], 205, 213)
    >>> far = Fragment(1, 0, [("写", 120, 128, 8)], 260, 268)
    >>> next_to(under, fig, 16.0), next_to(far, fig, 16.0)
    (True, False)
    """
    overlap_x = min(v.x1, fig.x1) - max(v.x0, fig.x0) > 0
    overlap_y = min(v.bottom, fig.bottom) - max(v.top, fig.top) > 0
    below = overlap_x and 0 <= v.top - fig.bottom <= reach
    above = overlap_x and 0 <= fig.top - v.bottom <= reach
    beside = overlap_y and (0 <= v.x0 - fig.x1 <= reach or 0 <= fig.x0 - v.x1 <= reach)
    return below or above or beside


def _caption_above(ordered: list[Fragment], k: int, reach: float, params: PdfParams) -> Fragment | None:
    """The caption fragment directly above ``ordered[k]``, of the same size, if there is one."""
    v = ordered[k]
    return next(
        (
            u
            for u in reversed(ordered[:k])
            if u.role == "caption"
            and abs(u.size - v.size) <= params.size_tolerance_pt
            and 0 <= v.top - u.bottom <= reach
            and u.x0 - reach <= v.x0 <= u.x1
        ),
        None,
    )


def mark_captions(frags: list[Fragment], figures: list[Box], body_size: float, params: PdfParams) -> None:
    """Small-font fragments under, above or beside a figure (or under one) are captions."""
    if not figures:
        return
    ordered = sorted((f for f in frags if f.drop_reason is None), key=lambda f: f.top)
    for k, v in enumerate(ordered):
        if v.size > body_size * params.caption_size_ratio:
            continue
        reach = params.caption_distance_em * v.size
        fig_no = next((i for i, fig in enumerate(figures) if next_to(v, fig, reach)), None)
        if fig_no is not None:
            v.role, v.figure = "caption", fig_no
        elif (prev := _caption_above(ordered, k, reach, params)) is not None:
            v.role, v.figure = "caption", prev.figure
