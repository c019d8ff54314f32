"""What every chart shares: colours, words taken from the catalogue as labels, tick labels
and figures written in the reader's language, small text helpers, and figures as PNG.

The other modules of :mod:`toolkit.charts` draw; this one holds what they all need, so that a
chart's words and numbers are written the same way everywhere.
"""

from __future__ import annotations

import base64
import html
import io
import re
import textwrap
from collections.abc import Mapping
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from .. import fmt, words
from ..palette import OKABE_ITO
from ..questionnaire import Questionnaire, default

PALETTE = tuple(
    OKABE_ITO[k]
    for k in (
        "blue",
        "orange",
        "bluish_green",
        "vermillion",
        "sky_blue",
        "reddish_purple",
        "yellow",
        "black",
    )
)
GREY = "#999999"
LIGHT_GREY = "#DDDDDD"
FLAG_LEVEL_COLOURS = {"hard": OKABE_ITO["vermillion"], "soft": OKABE_ITO["orange"]}

# --------------------------------------------------------------------------------------------
# Words: the charts own none; they are passed in as labels

# The name of each chart label and its key in the words catalogue. Templates keep their
# placeholders ({n}, {measure}, {value}): a chart fills them with figures it formats itself.
LABEL_KEYS: Mapping[str, str] = {
    "organisation": "common.your_organisation",
    "cohort_median": "common.cohort_median",
    "cohort_iqr": "charts.cohort_iqr",
    "radar_title": "charts.radar_title",
    "cohort_hidden": "charts.cohort_hidden",
    "no_data": "charts.no_data",
    "suppressed": "charts.suppressed",
    "stakeholder_title": "common.stakeholder_map",
    "influence": "charts.influence_axis",
    "relationship": "charts.relationship_axis",
    "heatmap_title": "charts.heatmap_title",
    "heatmap_more": "charts.heatmap_more",
    "heatmap_binned": "charts.heatmap_binned",
    "score": "charts.score",
    "recommendations_title": "charts.recommendations_title",
    "organisations": "common.organisations",
    "share": "charts.share",
    "likert_title": "charts.likert_title",
    "dont_know": "charts.dont_know",
    "dk_apart": "charts.dk_apart",
    "flags_title": "charts.flags_title",
    "flag_hard": "common.flag_hard",
    "flag_soft": "common.flag_soft",
    "share_orgs": "charts.share_orgs",
    "hours_title": "charts.hours_title",
    "hours_needed": "charts.hours_needed",
    "hours_freed": "common.hours_freed",
    "ratio_ok": "charts.ratio_ok",
    "ratio_mid": "charts.ratio_mid",
    "ratio_low": "charts.ratio_low",
    "line_equal": "charts.line_equal",
    "line_half": "charts.line_half",
    "segments_title": "charts.segments_title",
    "median_iqr": "charts.median_iqr",
    "slope_title": "charts.slope_title",
    "before": "common.before",
    "after": "common.after",
    "median_change": "charts.median_change",
    "up": "charts.up",
    "down": "charts.down",
}

# Measures that are not dimensions: their names, shared with the other screens.
MEASURE_KEYS: Mapping[str, str] = {
    "global": "common.global",
    "fit": "common.fit",
    "capacity_index": "common.capacity_index",
    "resilience": "common.resilience",
}

Labels = Mapping[str, str]


def labels_for(lang: str | None = None) -> dict[str, str]:
    """Every chart's words in ``lang`` (resolved by :func:`toolkit.words.resolve`), by name.

    Pass the result (or part of it, or your own words under the same names) as ``labels=``;
    a chart takes what it is not given from here.

    >>> labels_for("en")["before"], labels_for("fr")["before"]
    ('Before', 'Avant')
    """
    lang = words.resolve(lang)
    return {name: words.template(key, lang) for name, key in LABEL_KEYS.items()}


def chart_labels(labels: Labels | None, lang: str) -> Labels:
    """A chart's words: those it was given, completed from :func:`labels_for`."""
    if not labels:
        return labels_for(lang)
    if all(name in labels for name in LABEL_KEYS):
        return labels
    return {**labels_for(lang), **labels}


def setup(
    questionnaire: Questionnaire | None, lang: str | None, labels: Labels | None
) -> tuple[Questionnaire, str, Labels]:
    """What every chart starts from: the questionnaire (the bundled one by default), the
    language resolved (:func:`toolkit.words.resolve`) and the chart's words in it."""
    lang = words.resolve(lang)
    return questionnaire or default(), lang, chart_labels(labels, lang)


def fill(template: str, **figures: str) -> str:
    """A label template with its placeholders filled by figures already formatted."""
    return template.format(**figures)


def measure_label(
    measure: str, questionnaire: Questionnaire | None = None, lang: str | None = None
) -> str:
    """The label of a dimension id, or of ``fit``, ``capacity_index``, ``resilience``,
    ``global``, in ``lang`` (resolved by :func:`toolkit.words.resolve`)."""
    q = questionnaire or default()
    lang = words.resolve(lang)
    if measure in q.dimension_ids:
        return q.dimension(measure).label(lang)
    key = MEASURE_KEYS.get(measure)
    return words.render(key, lang) if key else measure


def tick_text(value: float, lang: str, digits: int = 1, signed: bool = False) -> str:
    """A tick value as the language writes it: ``2,5`` / ``2.5``; ``−2`` and, if ``signed``,
    ``+2``.

    >>> tick_text(2.5, "fr"), tick_text(-2, "en", 0), tick_text(1, "fr", 0, signed=True)
    ('2,5', '−2', '+1')
    """
    text = fmt.number(abs(value), digits, lang)
    if text == fmt.UNKNOWN or text.strip("0,.") == "":
        return text
    if value < 0:
        return "\u2212" + text
    return "+" + text if signed else text


def format_ticks(
    axis: Axis, lang: str, digits: int = 1, signed: bool = False, absolute: bool = False
) -> None:
    """Tick labels of ``axis`` written through :mod:`toolkit.fmt` in ``lang``."""

    def label(value: float, _position: Any = None) -> str:
        return tick_text(abs(value) if absolute else value, lang, digits, signed)

    axis.set_major_formatter(FuncFormatter(label))


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (7.0, 4.5)) -> Axes:
    if ax is not None:
        return ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig.add_subplot()


def open_frame(ax: Axes) -> Axes:
    """The house look of a bar or scatter chart: no top or right spine. Returns ``ax``."""
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def wrap(text: str, width: int = 28, max_lines: int | None = None) -> str:
    r"""``text`` on lines of about ``width`` characters, every word kept; a word longer than
    ``width`` stays whole on its own line. Only with ``max_lines`` (a name typed by a person,
    in a cell of fixed size) is the rest cut with « … ».

    >>> wrap("Compétences de la personne responsable", 16)
    'Compétences de\nla personne\nresponsable'
    """
    lines = textwrap.wrap(str(text), width, break_long_words=False) or [""]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, width - 1)].rstrip() + "…"
    return "\n".join(lines)


def shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def empty(ax: Axes, labels: Labels) -> Axes:
    ax.text(
        0.5,
        0.5,
        labels["no_data"],
        ha="center",
        va="center",
        transform=ax.transAxes,
        color=GREY,
    )
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def min_group_of(frame: Any, default_value: int = 5) -> int:
    value = getattr(frame, "attrs", {}).get("min_group")
    return int(value) if value else default_value


# --------------------------------------------------------------------------------------------
# Text size where a figure is shown

PHONE_WIDTH_PX = 350
"""The width (CSS px) a chart gets on a 390-px phone once the page's margins are taken: the
figure is shown at 100 % of it."""

MIN_TEXT_PX = 11
"""The smallest text a chart may show, in CSS px at display size."""


def display_px(fontsize_pt: float, figure_width_in: float, display_width_px: float) -> float:
    """How tall text of ``fontsize_pt`` points is, in CSS px, on a figure ``figure_width_in``
    inches wide shown ``display_width_px`` wide: pt × dpi/72 × (display width / (inches × dpi)),
    where the dpi cancels out.

    >>> round(display_px(12, 5.0, 350), 2)
    11.67
    """
    return fontsize_pt / 72 * display_width_px / figure_width_in


def visible_texts(fig: Figure) -> list[Text]:
    """Every piece of text a figure shows (titles, tick labels, legends, notes), once drawn."""
    fig.draw_without_rendering()
    undrawn: set[int] = set()  # labels of ticks outside the axes' limits are not drawn
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            ticks: Any = axis._update_ticks()  # type: ignore[union-attr]  # noqa: SLF001
            drawn = {id(tick) for tick in ticks}
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if id(tick) not in drawn:
                    undrawn |= {id(tick.label1), id(tick.label2)}
    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible()
        and t.get_text().strip()
        and t.figure is not None
        and id(t) not in undrawn
    ]


def texts_cut_off(fig: Figure) -> list[str]:
    """The texts of ``fig`` that stick out of it (a saved image would cut them)."""
    texts = visible_texts(fig)
    renderer = fig._get_renderer()  # type: ignore[attr-defined]  # noqa: SLF001
    box = fig.bbox
    out = []
    for t in texts:
        extent = t.get_window_extent(renderer)
        if (
            extent.x0 < box.x0 - 0.5
            or extent.y0 < box.y0 - 0.5
            or extent.x1 > box.x1 + 0.5
            or extent.y1 > box.y1 + 0.5
        ):
            out.append(t.get_text())
    return out


def smallest_text_px(fig: Figure, display_width_px: float) -> float:
    """The size of the smallest text of ``fig`` in CSS px when it is shown that wide."""
    width = fig.get_figwidth()
    sizes = [
        display_px(float(t.get_fontsize()), width, display_width_px) for t in visible_texts(fig)
    ]
    return min(sizes, default=float("inf"))


# --------------------------------------------------------------------------------------------
# Figures as data

PNG_DPI = 144
"""Pixels per inch of a chart as PNG: sharp on a phone's 2× screen at the width it is shown."""

SVG_MAX_BYTES = 250_000
"""A chart heavier than this as SVG is embedded as PNG instead."""

SVG_MAX_MARKS = 1_000
"""A chart with more points and lines than this is a cloud: PNG from the start, at
:data:`CLOUD_DPI` (SVG would weigh a few hundred bytes a mark and take longer to draw)."""

CLOUD_DPI = 120
"""Pixels per inch of a cloud of marks as PNG: the shape of the cloud is what it shows."""


def marks(fig: Figure) -> int:
    """How many points and line segments the figure's collections draw."""
    count = 0
    for ax in fig.axes:
        for collection in ax.collections:
            offsets = np.atleast_2d(np.asarray(collection.get_offsets()))
            count += max(len(offsets), len(collection.get_paths()))
    return count


_STRUCTURAL_ID = re.compile(r' id="[A-Za-z][\w.]*_\d+"')
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_COMMENT = re.compile(r"\s*<!--.*?-->", re.DOTALL)


def to_png(ax_or_fig: Axes | Figure, dpi: int = PNG_DPI) -> bytes:
    """The figure of an Axes (or a Figure) as PNG bytes (for ``ipywidgets.Image``)."""
    fig: Any = ax_or_fig if isinstance(ax_or_fig, Figure) else ax_or_fig.figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    _close(fig)
    return buffer.getvalue()


def to_png_base64(ax_or_fig: Axes | Figure, dpi: int = PNG_DPI) -> str:
    """The figure of an Axes (or a Figure) as base64 PNG text, for ``<img src="data:…">``."""
    return base64.b64encode(to_png(ax_or_fig, dpi)).decode("ascii")


def _figure_of(ax_or_fig: Axes | Figure) -> Any:
    return ax_or_fig if isinstance(ax_or_fig, Figure) else ax_or_fig.figure


def to_svg(ax_or_fig: Axes | Figure, alt: str, max_width: str | None = None) -> str:
    """The figure as an inline ``<svg>`` element for an HTML page: text stays text, it scales
    to the page's width (at most its own size), and it reads as one image named by ``alt``
    (``role="img"``, ``aria-label``, a ``<title>``). Element ids that only matplotlib's own
    structure uses are dropped, so that several charts can share a page, and so is the
    metadata block (it names matplotlib's web site: the page links nowhere). ``max_width``
    (CSS) lets it grow past its own size, e.g. on a projector."""
    fig = _figure_of(ax_or_fig)
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # text as text, not glyph outlines
        fig.savefig(buffer, format="svg", facecolor="white", metadata={"Date": None})
    _close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = _STRUCTURAL_ID.sub("", _METADATA.sub("", _COMMENT.sub("", text)))
    head_end = text.index(">")
    # an HTML page places <svg> in its namespace itself: no xmlns (no address in the page)
    head = re.sub(r'\s(width|height|xmlns(:xlink)?|version)="[^"]*"', "", text[:head_end])
    widest = max_width or f"{fig.get_figwidth() * 72:.0f}pt"
    label = html.escape(alt, quote=True)
    return (
        f'{head} role="img" aria-label="{label}" width="100%" '
        f'style="max-width:{widest};height:auto;display:block">'
        f"<title>{label}</title>{text[head_end + 1 :]}"
    )


def figure_html(
    ax_or_fig: Axes | Figure,
    alt: str,
    max_svg_bytes: int = SVG_MAX_BYTES,
    max_width: str | None = None,
) -> str:
    """A chart for an HTML page, with its text alternative: inline SVG (crisp at any size),
    unless it draws more than :data:`SVG_MAX_MARKS` points and lines or its SVG would weigh
    more than ``max_svg_bytes``: then ``<img alt>`` of a PNG at :data:`CLOUD_DPI`. Either is
    as wide as the page allows, up to its own size or ``max_width`` (CSS)."""
    fig = _figure_of(ax_or_fig)
    if marks(fig) <= SVG_MAX_MARKS:
        svg = to_svg(fig, alt, max_width)
        if len(svg) <= max_svg_bytes:
            return svg
    return img_html(fig, alt, dpi=CLOUD_DPI, max_width=max_width)


def img_html(
    ax_or_fig: Axes | Figure, alt: str, dpi: int = PNG_DPI, max_width: str | None = None
) -> str:
    """The chart as ``<img alt="…">`` of an embedded PNG, at most its own size wide (or
    ``max_width``, CSS)."""
    fig = _figure_of(ax_or_fig)
    widest = max_width or f"{fig.get_figwidth() * 96:.0f}px"
    return (
        f'<img alt="{html.escape(alt, quote=True)}" '
        f'style="width:100%;max-width:{widest};height:auto;display:block" '
        f'src="data:image/png;base64,{to_png_base64(fig, dpi)}">'
    )


def _close(fig: Any) -> None:
    # figures made by this module are not registered with pyplot; those made by callers may be
    if isinstance(fig, Figure) and plt.fignum_exists(getattr(fig, "number", -1)):
        plt.close(fig)
