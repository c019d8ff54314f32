"""The report's figures: each embedded with its text alternative — inline SVG named by
``role="img"`` and ``aria-label`` (crisp at any size, its text real text), or a PNG with
``alt`` when the SVG would be heavy (:func:`toolkit.charts.figure_html`) — and, while a page is
built with :func:`_with_figures`, rendered together at the end, in two forked processes when
that is safe."""

from __future__ import annotations

import contextvars
import multiprocessing
import os
import sys
from typing import Any

from .. import charts
from .markup import esc

# Figures of a report being built, with their alt texts: drawn at the end, side by side.
_PENDING: contextvars.ContextVar[list[tuple[Any, str]] | None] = contextvars.ContextVar(
    "pending_figures", default=None
)
_TO_RENDER: list[tuple[Any, str]] = []  # what forked workers render, by index
PLACEHOLDER = "@@pertinence-figure-{}@@"


def _figure(ax: Any, alt: str, caption: str | None = None) -> str:
    """A ``<figure>`` holding the chart drawn on ``ax``, named by ``alt`` (what it shows, in
    words and figures: the ``*_alt`` function beside each chart), with an optional caption."""
    pending = _PENDING.get()
    if pending is None:
        chart = charts.figure_html(ax, alt)
    else:
        chart = PLACEHOLDER.format(len(pending))
        pending.append((ax, alt))
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f"<figure>{chart}{cap}</figure>"


def _render_one(index: int) -> str:
    return charts.figure_html(*_TO_RENDER[index])


def render_figures(figures: list[tuple[Any, str]]) -> list[str]:
    """Each ``(figure, alt)`` as HTML (:func:`toolkit.charts.figure_html`): in two forked
    processes when that is safe and worth it.

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
        return [charts.figure_html(fig, alt) for fig, alt in figures]
    _TO_RENDER = figures
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_render_one, range(len(figures)), chunksize=1)
    finally:
        _TO_RENDER = []


def _with_figures(build: Any) -> str:
    """Build a page whose figures are rendered together at the end."""
    pending: list[tuple[Any, str]] = []
    token = _PENDING.set(pending)
    try:
        page = build()
    finally:
        _PENDING.reset(token)
    for index, chart in enumerate(render_figures(pending)):
        page = page.replace(PLACEHOLDER.format(index), chart, 1)
    return page
