"""The report's figures: embedded as base64 PNG, and, while a page is built with
:func:`_with_figures`, drawn together at the end, in two forked processes when that is safe."""

from __future__ import annotations

import contextvars
import multiprocessing
import os
import sys
from typing import Any

from .. import charts
from .markup import esc

# Figures of a report being built: drawn at the end, side by side (see render_figures).
_PENDING: contextvars.ContextVar[list[Any] | None] = contextvars.ContextVar(
    "pending_figures", default=None
)
_TO_RENDER: list[Any] = []  # what forked workers render, by index
PLACEHOLDER = "@@pertinence-figure-{}@@"


def _figure(ax: Any, alt: str, caption: str | None = None) -> str:
    pending = _PENDING.get()
    if pending is None:
        data = charts.to_png_base64(ax)
    else:
        data = PLACEHOLDER.format(len(pending))
        pending.append(ax)
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f'<figure><img alt="{esc(alt)}" src="data:image/png;base64,{data}">{cap}</figure>'


def _render_one(index: int) -> str:
    return charts.to_png_base64(_TO_RENDER[index])


def render_figures(figures: list[Any]) -> list[str]:
    """PNG (base64) of each figure: in two forked processes when that is safe and worth it.

    Rendering is most of a cohort report's time and matplotlib holds the GIL, so processes,
    not threads. Forking is avoided inside a Jupyter kernel (its threads and sockets) and on
    systems without fork; there, and for a few figures, they are drawn one after the other.
    """
    global _TO_RENDER
    workers = min(2, os.cpu_count() or 1)
    if (
        len(figures) < 4
        or workers < 2
        or "fork" not in multiprocessing.get_all_start_methods()
        or "ipykernel" in sys.modules
    ):
        return [charts.to_png_base64(f) for f in figures]
    _TO_RENDER = figures
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_render_one, range(len(figures)), chunksize=1)
    finally:
        _TO_RENDER = []


def _with_figures(build: Any) -> str:
    """Build a page whose figures are rendered together at the end."""
    pending: list[Any] = []
    token = _PENDING.set(pending)
    try:
        page = build()
    finally:
        _PENDING.reset(token)
    for index, data in enumerate(render_figures(pending)):
        page = page.replace(PLACEHOLDER.format(index), data, 1)
    return page
