"""What every chart shares: colours, words taken from the catalogue as labels, tick labels
and figures written in the reader's language, small text helpers, and figures as PNG.

The other modules of :mod:`toolkit.charts` draw; this one holds what they all need, so that a
chart's words and numbers are written the same way everywhere.
"""

from __future__ import annotations

import base64
import io
import textwrap
from collections.abc import Mapping
from typing import Any

import matplotlib

matplotlib.rcParams.setdefault("svg.fonttype", "none")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.axis import Axis  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from .. import fmt, words  # noqa: E402
from ..palette import OKABE_ITO  # noqa: E402
from ..questionnaire import Questionnaire, default  # noqa: E402

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


def wrap(text: str, width: int = 28, max_lines: int = 3) -> str:
    lines = textwrap.wrap(str(text), width) or [""]
    if len(lines) > max_lines:
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
# Figures as data


def to_png(ax_or_fig: Axes | Figure, dpi: int = 100) -> bytes:
    """The figure of an Axes (or a Figure) as PNG bytes (for ``ipywidgets.Image``)."""
    fig: Any = ax_or_fig if isinstance(ax_or_fig, Figure) else ax_or_fig.figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    _close(fig)
    return buffer.getvalue()


def to_png_base64(ax_or_fig: Axes | Figure, dpi: int = 100) -> str:
    """The figure of an Axes (or a Figure) as base64 PNG text, for ``<img src="data:…">``."""
    return base64.b64encode(to_png(ax_or_fig, dpi)).decode("ascii")


def _close(fig: Any) -> None:
    # figures made by this module are not registered with pyplot; those made by callers may be
    if isinstance(fig, Figure) and plt.fignum_exists(getattr(fig, "number", -1)):
        plt.close(fig)
