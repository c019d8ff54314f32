"""Charts: matplotlib only — draw what :mod:`toolkit.cohort` and :mod:`toolkit.scoring` computed.

Every function takes its data (a mapping or a DataFrame that the core returned), the
questionnaire when labels come from it, ``lang`` for the figures (tick labels and numbers
written through :mod:`toolkit.fmt`), its words as ``labels`` (already translated; what is
left out comes from :func:`labels_for`) and an optional ``ax``, and returns the
:class:`~matplotlib.axes.Axes` it drew on. No function computes a statistic: the numbers are
tested on the DataFrames, the drawings are smoke-tested on the Agg backend. Where placing
things takes thought (the radar's spokes, the stakeholder grid), a pure layout function
returns the positions and the drawing only follows them.

Colours are the Okabe–Ito palette, safe for the common colour-vision deficiencies; where a
colour carries meaning, a text label or a marker shape carries it too.

>>> from toolkit import charts, questionnaire
>>> q = questionnaire.load()
>>> labels = charts.labels_for("en")
>>> ax = charts.radar({"motivation": 80, "audience": 40}, q, "en", labels=labels)  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import io
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

import matplotlib

matplotlib.rcParams.setdefault("svg.fonttype", "none")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.axis import Axis  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402
from matplotlib.projections.polar import PolarAxes  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from . import fmt, stakeholders, words  # noqa: E402
from .palette import OKABE_ITO, RECOMMENDATION_COLOURS  # noqa: E402
from .questionnaire import Questionnaire, default  # noqa: E402

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
Alignment = Literal["left", "center", "right"]


def labels_for(lang: str | None = None) -> dict[str, str]:
    """Every chart's words in ``lang`` (resolved by :func:`toolkit.words.resolve`), by name.

    Pass the result (or part of it, or your own words under the same names) as ``labels=``;
    a chart takes what it is not given from here.

    >>> labels_for("en")["before"], labels_for("fr")["before"]
    ('Before', 'Avant')
    """
    lang = words.resolve(lang)
    return {name: words.template(key, lang) for name, key in LABEL_KEYS.items()}


def __getattr__(name: str) -> Any:
    # ``charts.WORDS[lang][name]``, the word table the charts used to own, read from the
    # catalogue: only until the dashboard and notebook 03 call labels_for(lang) instead.
    if name == "WORDS":
        return {lang: labels_for(lang) for lang in words.LANGUAGES}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _labels(labels: Labels | None, lang: str) -> Labels:
    if not labels:
        return labels_for(lang)
    if all(name in labels for name in LABEL_KEYS):
        return labels
    return {**labels_for(lang), **labels}


def _fill(template: str, **figures: str) -> str:
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


def _format_ticks(
    axis: Axis, lang: str, digits: int = 1, signed: bool = False, absolute: bool = False
) -> None:
    """Tick labels of ``axis`` written through :mod:`toolkit.fmt` in ``lang``."""

    def label(value: float, _position: Any = None) -> str:
        return tick_text(abs(value) if absolute else value, lang, digits, signed)

    axis.set_major_formatter(FuncFormatter(label))


def _new_ax(ax: Axes | None, figsize: tuple[float, float] = (7.0, 4.5)) -> Axes:
    if ax is not None:
        return ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig.add_subplot()


def _wrap(text: str, width: int = 28, max_lines: int = 3) -> str:
    lines = textwrap.wrap(str(text), width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, width - 1)].rstrip() + "…"
    return "\n".join(lines)


def _shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _empty(ax: Axes, labels: Labels) -> Axes:
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


# --------------------------------------------------------------------------------------------
# Radar


@dataclass(frozen=True)
class RadarLayout:
    """Where a radar's parts go: computed by :func:`radar_layout`, drawn by :func:`radar`."""

    angles: np.ndarray
    """One angle per spoke (radians, clockwise from the top once the axes are set)."""
    alignments: list[Alignment]
    """How each spoke's label sits: ``left`` on the right half, ``right`` on the left one."""
    values: np.ndarray
    """The scores, NaN where missing."""
    drawn: np.ndarray
    """The scores as drawn: missing ones at 0."""
    value_radii: np.ndarray
    """How far along its spoke each value label goes: just outside its point."""

    @property
    def closed(self) -> np.ndarray:
        """The angles with the first repeated, to close a line around the radar."""
        return np.concatenate([self.angles, self.angles[:1]])


def radar_layout(values: Sequence[float | None]) -> RadarLayout:
    """The layout of a radar with one spoke per value (``None`` or NaN: missing).

    >>> layout = radar_layout([80.0, None, 40.0, 20.0])
    >>> layout.alignments, layout.value_radii.tolist()
    (['center', 'left', 'center', 'right'], [90.0, 10.0, 50.0, 30.0])
    """
    scores = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    angles = np.linspace(0, 2 * math.pi, len(scores), endpoint=False)
    alignments: list[Alignment] = []
    for angle in angles:
        across = math.cos(math.pi / 2 - angle)  # where the spoke points on screen
        alignments.append("left" if across > 0.1 else "right" if across < -0.1 else "center")
    drawn = np.nan_to_num(scores, nan=0.0)
    return RadarLayout(angles, alignments, scores, drawn, drawn + 10)


def _polar(ax: Axes | None) -> Axes:
    if ax is None:
        # fixed margins: a layout engine does not see the spoke labels that stick out sideways
        fig = Figure(figsize=(7.8, 6.6))
        return fig.add_axes((0.23, 0.17, 0.54, 0.68), projection="polar")
    if ax.name == "polar":
        return ax
    # a plain Axes was passed: put a polar one in its place, in the same grid cell
    parent: Any = ax.figure
    spec = ax.get_subplotspec()
    position = ax.get_position()
    ax.remove()
    if spec is not None:
        return parent.add_subplot(spec, projection="polar")
    return parent.add_axes(position.bounds, projection="polar")


def _cohort_band(
    cohort_stats: pd.DataFrame | None, dims: Sequence[str]
) -> tuple[pd.DataFrame | None, bool]:
    """The cohort rows to draw around a radar and whether they are hidden (group too small)."""
    if cohort_stats is None or not len(cohort_stats):
        return None, False
    stats = cohort_stats.reindex(dims)
    shown = stats["q1"].notna() & stats["q3"].notna()
    if "suppressed" in stats.columns:
        shown &= ~stats["suppressed"].fillna(True).astype(bool)
    return (stats, False) if shown.all() else (None, True)


def _draw_radar_frame(
    ax: PolarAxes, layout: RadarLayout, spoke_labels: Sequence[str], lang: str
) -> None:
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(0, 116)  # room outside the 100 circle for the value labels
    ax.spines["polar"].set_visible(False)
    ax.set_yticks([20, 40, 60, 80, 100])
    _format_ticks(ax.yaxis, lang, digits=0)
    ax.tick_params(axis="y", colors=GREY, labelsize=7)
    ax.set_rlabel_position(180 / len(layout.angles))
    ax.set_xticks(layout.angles)
    ax.set_xticklabels(spoke_labels, fontsize=8)
    ax.tick_params(axis="x", pad=6)
    for tick, alignment in zip(ax.get_xticklabels(), layout.alignments, strict=False):
        tick.set_horizontalalignment(alignment)
    ax.grid(color=LIGHT_GREY)


def _draw_cohort_band(
    ax: PolarAxes, layout: RadarLayout, stats: pd.DataFrame, labels: Labels
) -> None:
    closed = layout.closed
    q1 = stats["q1"].to_numpy(dtype=float)
    q3 = stats["q3"].to_numpy(dtype=float)
    ax.fill_between(
        closed,
        np.r_[q1, q1[:1]],
        np.r_[q3, q3[:1]],
        color=OKABE_ITO["sky_blue"],
        alpha=0.3,
        linewidth=0,
        label=labels["cohort_iqr"],
    )
    if "median" in stats.columns:
        med = stats["median"].to_numpy(dtype=float)
        ax.plot(
            closed,
            np.r_[med, med[:1]],
            color=OKABE_ITO["black"],
            linestyle="--",
            linewidth=1.2,
            label=labels["cohort_median"],
        )


def _draw_radar_scores(ax: PolarAxes, layout: RadarLayout, label: str, lang: str) -> None:
    closed, drawn = layout.closed, layout.drawn
    ax.plot(
        closed,
        np.r_[drawn, drawn[:1]],
        color=OKABE_ITO["blue"],
        linewidth=2.2,
        marker="o",
        markersize=5,
        label=label,
    )
    ax.fill(closed, np.r_[drawn, drawn[:1]], color=OKABE_ITO["blue"], alpha=0.12)
    for angle, value, radius in zip(layout.angles, layout.values, layout.value_radii, strict=False):
        # the value sits just outside its point, along the spoke, on a white patch
        ax.text(
            angle,
            radius,
            fmt.score(value, lang),
            ha="center",
            va="center",
            fontsize=7.5,
            color=OKABE_ITO["blue"],
            fontweight="bold",
            clip_on=False,
            zorder=5,
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.85,
            },
        )


def radar(
    dimension_scores: Mapping[str, float],
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    cohort_stats: pd.DataFrame | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    label: str | None = None,
    labels: Labels | None = None,
) -> Axes:
    """One organisation's score by dimension on a radar, optionally against the cohort.

    Parameters
    ----------
    dimension_scores : ``{dimension id: score 0–100}`` (a scores-table row works too);
        missing or NaN scores are drawn at 0 and marked « — ».
    questionnaire : gives the dimensions, their order and their fr/en labels.
    lang : the language of the spoke labels and figures (:func:`toolkit.words.resolve`).
    cohort_stats : the cohort's statistics indexed by dimension id with columns ``median``,
        ``q1``, ``q3`` and optionally ``suppressed`` (what :func:`toolkit.cohort.dimension_stats`
        returns). The median is drawn as a dashed line and the interquartile range as a band;
        suppressed rows (group too small) are not drawn, and a note says why.
        Without a ``median`` column only the band is drawn (e.g. when the solid line already
        is the cohort median).
    ax : a polar Axes; a plain Axes is replaced by a polar one in the same place.
    title, label : the title and the legend of the solid line (« Votre organisme »).
    labels : the chart's words (:func:`labels_for`): ``radar_title``, ``organisation``,
        ``cohort_median``, ``cohort_iqr``, ``cohort_hidden``.

    Returns the polar Axes.
    """
    q = questionnaire or default()
    lang = words.resolve(lang)
    labels = _labels(labels, lang)
    ax = cast(PolarAxes, _polar(ax))
    dims = list(q.dimension_ids)
    get = getattr(dimension_scores, "get", None)
    layout = radar_layout([get(d) if get else None for d in dims])
    _draw_radar_frame(ax, layout, [_wrap(q.dimension(d).label(lang), 22) for d in dims], lang)

    band, hidden = _cohort_band(cohort_stats, dims)
    if band is not None:
        _draw_cohort_band(ax, layout, band, labels)
    _draw_radar_scores(ax, layout, label or labels["organisation"], lang)
    ax.set_title(title or labels["radar_title"], pad=18, fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.11), ncol=3, fontsize=8, frameon=False)
    if hidden:
        limit = _min_group(cohort_stats)
        note = _fill(labels["cohort_hidden"], n=fmt.count(limit, lang))
        ax.text(0.5, -0.19, note, transform=ax.transAxes, ha="center", fontsize=8, color=GREY)
    return ax


# --------------------------------------------------------------------------------------------
# Stakeholder map

STANCES = ("detractor", "neutral", "ally")
# Each stance's column of the grid (relationship −2 … +2) and colour.
_STANCE_ZONES = {
    "detractor": (-2.5, -0.5, OKABE_ITO["vermillion"]),
    "neutral": (-0.5, 0.5, GREY),
    "ally": (0.5, 2.5, OKABE_ITO["bluish_green"]),
}


def _actors_frame(actors: Any) -> pd.DataFrame:
    frame = actors.copy() if isinstance(actors, pd.DataFrame) else pd.DataFrame(list(actors or []))
    for col in ("name", "type"):
        if col not in frame.columns:
            frame[col] = ""
    for col in ("influence", "relationship"):
        if col not in frame.columns:
            frame[col] = np.nan
        frame[col] = pd.to_numeric(frame[col], errors="coerce")
    return frame.dropna(subset=["influence", "relationship"]).reset_index(drop=True)


def _actor_place(
    x: float, y: float, k: int, n: int, name: str
) -> tuple[float, float, str, str, float]:
    """Where the k-th of n actors sharing one grid cell goes, and how its name is written.

    One actor: marker at the centre, name below. Two to four: one column, names to the right.
    More: two columns of short names. Names never leave their cell.
    """
    if n == 1:
        return x, y, "center", _wrap(name, 16, 2), 7.0
    if n <= 4:
        step = 0.8 / n
        return x - 0.4, y + 0.4 - step * (k + 0.5), "left", _shorten(name, 20), 6.8
    rows = math.ceil(n / 2)
    step = 0.84 / rows
    column, line = k % 2, k // 2
    return (
        x - 0.44 + column * 0.47,
        y + 0.42 - step * (line + 0.5),
        "left",
        _shorten(name, 9),
        6.0 if rows <= 4 else 5.2,
    )


def stakeholder_layout(actors: Any) -> pd.DataFrame:
    """Where each actor of a stakeholder map goes and how it is drawn: one row per actor with
    ``x``, ``y`` (marker), ``ha`` (name to the right, or centred below), ``text`` (the name,
    shortened to fit), ``fontsize``, ``marker`` (▼ detractor, ● neutral, ▲ ally), ``colour``
    and ``size``.

    ``actors`` is a list of ``{"name", "type", "influence", "relationship"}`` dicts or a
    DataFrame; actors without both numbers are left out. Actors sharing a grid cell are spread
    inside it so that every name stays readable.
    """
    frame = _actors_frame(actors)
    columns = ["x", "y", "ha", "text", "fontsize", "marker", "colour", "size"]
    if not len(frame):
        return pd.DataFrame(columns=columns)
    keys = ["influence", "relationship"]
    cells = frame.groupby(keys).cumcount().to_numpy()
    sizes = frame.groupby(keys)["name"].transform("size").to_numpy()
    rows = []
    for i, row in frame.iterrows():
        x, y, ha, text, fontsize = _actor_place(
            float(row["relationship"]),
            float(row["influence"]),
            int(cells[i]),
            int(sizes[i]),
            str(row["name"]),
        )
        stance = float(row["relationship"])
        colour = (
            OKABE_ITO["vermillion"]
            if stance < 0
            else OKABE_ITO["bluish_green"]
            if stance > 0
            else OKABE_ITO["black"]
        )
        marker = "v" if stance < 0 else "^" if stance > 0 else "o"
        size = 40 if sizes[i] < 5 else 28
        rows.append((x, y, ha, text, fontsize, marker, colour, size))
    return pd.DataFrame(rows, columns=columns)


def stakeholder_labels(lang: str | None = None, advice: bool = True) -> dict[str, str]:
    """The stakeholder map's own words in ``lang``, from the exercise's guide
    (``data/stakeholders.yaml``): the heading of each stance's column (``top_<stance>``, with
    the high-influence zone's title when ``advice``), the low-influence zone's title
    (``bottom_<stance>``, only with ``advice``), and the two levels (``high``, ``low``)."""
    lang = words.resolve(lang)
    guide = stakeholders.default()
    out: dict[str, str] = {}
    for stance in STANCES:
        high_zone = guide.quadrants.get(f"high_{stance}") if advice else None
        low_zone = guide.quadrants.get(f"low_{stance}") if advice else None
        heading = guide.stances[stance](lang)
        out[f"top_{stance}"] = heading + (f" — {high_zone.title(lang)}" if high_zone else "")
        if low_zone:
            out[f"bottom_{stance}"] = low_zone.title(lang)
    out["high"] = guide.levels["high"](lang)
    out["low"] = guide.levels["low"](lang)
    return out


def _draw_zones(ax: Axes, high_from: float, zone_labels: Mapping[str, str]) -> None:
    for stance, (x0, x1, colour) in _STANCE_ZONES.items():
        for y0, y1, alpha in ((high_from, 5.9, 0.22), (0.1, high_from, 0.08)):
            ax.add_patch(
                Rectangle(
                    (x0, y0), x1 - x0, y1 - y0, facecolor=colour, alpha=alpha, linewidth=0, zorder=0
                )
            )
        centre = (x0 + x1) / 2
        ax.text(
            centre,
            5.86,
            zone_labels[f"top_{stance}"],
            ha="center",
            va="top",
            fontsize=8.5,
            fontweight="bold",
            zorder=2,
        )
        if f"bottom_{stance}" in zone_labels:
            ax.text(
                centre,
                0.16,
                zone_labels[f"bottom_{stance}"],
                ha="center",
                va="bottom",
                fontsize=8,
                fontweight="bold",
                color="#333333",
                zorder=2,
            )
    ax.axhline(high_from, color=GREY, linewidth=1, linestyle="--", zorder=1)
    ax.axvline(-0.5, color=GREY, linewidth=0.8, zorder=1)
    ax.axvline(0.5, color=GREY, linewidth=0.8, zorder=1)
    for text, y, va in ((zone_labels["high"], 0.04, "bottom"), (zone_labels["low"], -0.04, "top")):
        ax.text(2.47, high_from + y, text, ha="right", va=va, fontsize=7, color="#444444")


def _draw_actors(ax: Axes, layout: pd.DataFrame) -> None:
    for row in layout.itertuples():
        ax.scatter(
            [row.x],
            [row.y],
            s=row.size,
            color=row.colour,
            marker=row.marker,
            zorder=3,
            edgecolor="white",
            linewidth=0.6,
        )
        below = row.ha == "center"
        ax.annotate(
            row.text,
            (row.x, row.y),
            textcoords="offset points",
            xytext=(0, -6) if below else (5, 0),
            ha="center" if below else "left",
            va="top" if below else "center",
            fontsize=row.fontsize,
            zorder=4,
        )


def stakeholder_map(
    actors: Any,
    lang: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    advice: bool = True,
    labels: Labels | None = None,
) -> Axes:
    """The stakeholder grid: influence (1–5, vertical) × relationship (−2 … +2, horizontal).

    Parameters
    ----------
    actors : a list of ``{"name", "type", "influence", "relationship"}`` dicts (a submission's
        ``stakeholders``) or a DataFrame with those columns; placed by
        :func:`stakeholder_layout`.
    lang : the language of the zone titles and tick labels.
    advice : write each zone's title (« Ambassadeurs », « À surveiller » …, from
        ``data/stakeholders.yaml``); the advice itself is text for beside the chart
        (:func:`toolkit.stakeholders.classify`).
    labels : the chart's words (:func:`labels_for`: ``stakeholder_title``, ``influence``,
        ``relationship``) and the zones' (:func:`stakeholder_labels`).

    The six zones are shaded: detractors (vermillion), neutral (grey), allies (green); high
    influence (from the guide's ``high_influence_min``, 4 by default) darker than low. Marker
    shapes repeat the stance (▼ detractor, ● neutral, ▲ ally) for readers who cannot tell the
    colours apart.
    """
    lang = words.resolve(lang)
    labels = {**stakeholder_labels(lang, advice), **_labels(labels, lang)}
    ax = _new_ax(ax, figsize=(8.5, 6.5))
    high_from = stakeholders.default().high_influence_min - 0.5
    _draw_zones(ax, high_from, labels)
    _draw_actors(ax, stakeholder_layout(actors))
    ax.set_xlim(-2.5, 2.5)
    ax.set_ylim(0.1, 5.9)
    ax.set_xticks([-2, -1, 0, 1, 2])
    _format_ticks(ax.xaxis, lang, digits=0, signed=True)
    ax.set_yticks([1, 2, 3, 4, 5])
    _format_ticks(ax.yaxis, lang, digits=0)
    ax.set_xlabel(labels["relationship"])
    ax.set_ylabel(labels["influence"])
    ax.set_title(title or labels["stakeholder_title"])
    return ax


# --------------------------------------------------------------------------------------------
# Cohort charts


def _min_group(frame: Any, default_value: int = 5) -> int:
    value = getattr(frame, "attrs", {}).get("min_group")
    return int(value) if value else default_value


def _all_suppressed(frame: pd.DataFrame) -> bool:
    return "suppressed" in frame.columns and len(frame) > 0 and bool(frame["suppressed"].all())


def heatmap(
    data: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    ax: Axes | None = None,
    max_labels: int = 60,
    labels: Labels | None = None,
) -> Axes:
    """Organisations (rows) × dimensions (columns), coloured by score 0–100.

    ``data`` is :func:`toolkit.cohort.heatmap_table`: its index is already a name, a
    pseudonym or a band of ranks (``attrs["binned"]``). With more than ``max_labels`` rows
    the row labels are left out and the count is given instead; scores are written in the
    cells up to 25 rows.
    """
    q = questionnaire or default()
    lang = words.resolve(lang)
    w = _labels(labels, lang)
    n = len(data)
    labelled = n <= max_labels and not data.attrs.get("binned")
    ax = _new_ax(ax, figsize=(8.0, min(2.0 + 0.26 * n, 18.0) if labelled else 6.5))
    if n == 0:
        return _empty(ax, w)
    dims = [d for d in q.dimension_ids if d in data.columns]
    values = data[dims].to_numpy(dtype=float)
    cmap = matplotlib.colormaps["cividis"].with_extremes(bad=LIGHT_GREY)
    image = ax.imshow(
        np.ma.masked_invalid(values),
        aspect="auto",
        cmap=cmap,
        vmin=0,
        vmax=100,
        interpolation="nearest",
    )
    ax.set_xticks(range(len(dims)))
    ax.set_xticklabels(
        [_wrap(q.dimension(d).label(lang), 16) for d in dims],
        fontsize=7.5,
        rotation=35,
        ha="right",
        rotation_mode="anchor",
    )
    if data.attrs.get("binned"):
        step = max(1, math.ceil(n / 20))
        ax.set_yticks(range(0, n, step))
        ax.set_yticklabels([str(data.index[i]) for i in range(0, n, step)], fontsize=7)
        ax.set_ylabel(w["heatmap_binned"], fontsize=8)
    elif n <= max_labels:
        ax.set_yticks(range(n))
        ax.set_yticklabels([_shorten(str(x), 28) for x in data.index], fontsize=7)
    else:
        ax.set_yticks([])
        ax.set_ylabel(_fill(w["heatmap_more"], n=fmt.count(n, lang)))
    if n <= 25 and not data.attrs.get("binned"):
        for i in range(n):
            for j in range(len(dims)):
                v = values[i, j]
                if not np.isnan(v):
                    ax.text(
                        j,
                        i,
                        fmt.score(v, lang),
                        ha="center",
                        va="center",
                        fontsize=6.5,
                        color="white" if v < 55 else "black",
                    )
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    _format_ticks(colorbar.ax.yaxis, lang, digits=0)
    colorbar.set_label(w["score"], fontsize=8)
    ax.set_title(w["heatmap_title"])
    return ax


def _suppressed_note(ax: Axes, w: Labels, frame_or_min_group: Any, lang: str) -> Axes:
    limit = (
        frame_or_min_group
        if isinstance(frame_or_min_group, int)
        else _min_group(frame_or_min_group)
    )
    ax.text(
        0.5,
        0.5,
        _fill(w["suppressed"], n=fmt.count(limit, lang)),
        ha="center",
        va="center",
        transform=ax.transAxes,
        color=GREY,
        fontsize=11,
    )
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def recommendations(
    data: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    ax: Axes | None = None,
    labels: Labels | None = None,
) -> Axes:
    """Horizontal bars: how many submissions got each recommendation, with the share.

    ``data`` is :func:`toolkit.cohort.recommendation_distribution` (one group, or the rows
    of one ``value``).
    """
    q = questionnaire or default()
    lang = words.resolve(lang)
    w = _labels(labels, lang)
    ax = _new_ax(ax, figsize=(7.0, 3.2))
    ax.set_title(w["recommendations_title"])
    if data is None or len(data) == 0:
        return _empty(ax, w)
    if "value" in data.columns and (data["value"] != data["value"].iloc[0]).any():
        data = data[data["value"] == data["value"].iloc[0]]
    if _all_suppressed(data):
        return _suppressed_note(ax, w, data, lang)
    data = data.set_index("recommendation").reindex(
        [r.id for r in q.rules if r.id in set(data["recommendation"])]
    )
    row_labels = [_wrap(q.rule(r).label(lang), 26) for r in data.index]
    counts = data["count"].fillna(0).to_numpy(dtype=float)
    y = np.arange(len(data), dtype=float)
    colours = [RECOMMENDATION_COLOURS.get(r, GREY) for r in data.index]
    ax.barh(y, counts, color=colours, edgecolor="white")
    ax.set_yticks(y)
    ax.set_yticklabels(row_labels, fontsize=8)
    ax.invert_yaxis()
    top = max(counts.max(), 1.0)
    for yi, count, share in zip(y, counts, data["share"].to_numpy(dtype=float), strict=False):
        text = fmt.count(count, lang)
        if not np.isnan(share):
            text += f" ({fmt.percent(share / 100, lang=lang)})"
        ax.text(count + top * 0.02, yi, text, va="center", fontsize=8)
    ax.set_xlim(0, top * 1.25)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _format_ticks(ax.xaxis, lang, digits=0)
    ax.set_xlabel(w["organisations"])
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _likert_colours(n_negative: int, has_neutral: bool, n_positive: int) -> list[str]:
    negative = [OKABE_ITO["vermillion"], OKABE_ITO["orange"]]
    positive = [OKABE_ITO["sky_blue"], OKABE_ITO["blue"]]
    neg = negative[-n_negative:] if n_negative <= 2 else [OKABE_ITO["vermillion"]] * n_negative
    pos = positive[:n_positive] if n_positive <= 2 else [OKABE_ITO["blue"]] * n_positive
    return neg + ([LIGHT_GREY] if has_neutral else []) + pos


def likert(
    data: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    ax: Axes | None = None,
    max_text: int = 42,
    labels: Labels | None = None,
) -> Axes:
    """Diverging stacked bars per question, centred on the neutral answer; « don't know »
    drawn apart on the right, after a gap, so it never counts as an opinion.

    ``data`` is :func:`toolkit.cohort.likert_counts` (answer counts by code, one row per
    question). Shares are of each question's answers; suppressed questions are marked.
    """
    q = questionnaire or default()
    lang = words.resolve(lang)
    w = _labels(labels, lang)
    n = len(data) if data is not None else 0
    ax = _new_ax(ax, figsize=(9.0, 1.2 + 0.42 * max(n, 1)))
    ax.set_title(w["likert_title"])
    if n == 0:
        return _empty(ax, w)
    scale = q.scales[data.attrs.get("scale", "agree5")]
    opinion = [o for o in scale.options if not o.dk]
    dk_codes = [o.code for o in scale.options if o.dk]
    k = len(opinion)
    middle = k // 2 if k % 2 else None
    n_neg = k // 2
    colours = _likert_colours(
        n_neg, middle is not None, k - n_neg - (1 if middle is not None else 0)
    )
    counts = data[[o.code for o in opinion]].to_numpy(dtype=float)
    dk = data[dk_codes].to_numpy(dtype=float).sum(axis=1) if dk_codes else np.zeros(n)
    total = counts.sum(axis=1) + dk
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(total[:, None] > 0, counts / total[:, None] * 100.0, 0.0)
        dk_share = np.where(total > 0, dk / total * 100.0, 0.0)
    left_part = shares[:, :n_neg].sum(axis=1) + (shares[:, middle] / 2 if middle is not None else 0)
    y = np.arange(n, dtype=float)
    start = -left_part
    handles = []
    for j, option in enumerate(opinion):
        width = np.nan_to_num(shares[:, j])
        bars = ax.barh(
            y,
            width,
            left=start,
            color=colours[j],
            edgecolor="white",
            linewidth=0.5,
            label=option.label(lang),
        )
        handles.append(bars)
        start = start + width
    suppressed = (
        data["suppressed"].to_numpy(dtype=bool)
        if "suppressed" in data.columns
        else np.zeros(n, bool)
    )
    offset = 110.0  # « don't know » starts after a gap right of the +100 % limit
    if dk_codes:
        ax.barh(
            y,
            np.nan_to_num(dk_share),
            left=offset,
            color=GREY,
            edgecolor="white",
            hatch="//",
            label=w["dont_know"],
        )
        ax.axvline(offset - 4, color=GREY, linewidth=0.8, linestyle=":")
        ax.text(offset, -0.7, w["dk_apart"], fontsize=7, color="#444444", va="bottom")
    for yi in np.nonzero(suppressed)[0]:
        ax.text(
            0,
            float(yi),
            _fill(w["suppressed"], n=fmt.count(_min_group(data), lang)),
            ha="center",
            va="center",
            fontsize=7,
            color="#444444",
        )
    ax.axvline(0, color="black", linewidth=0.8)
    row_labels = [f"{qid} — {_shorten(q.question(qid).text(lang), max_text)}" for qid in data.index]
    ax.set_yticks(y)
    ax.set_yticklabels(row_labels, fontsize=7)
    ax.invert_yaxis()
    right = offset + max(float(np.nanmax(dk_share)) if dk_codes and n else 0.0, 30.0) + 2
    ax.set_xlim(-100, right)
    ticks = [-100, -50, 0, 50, 100]
    ax.set_xticks(ticks)
    _format_ticks(ax.xaxis, lang, digits=0, absolute=True)
    ax.set_xlabel(w["share"])
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.4, -0.1 - 0.5 / max(n, 1)),
        ncol=3,
        fontsize=7,
        frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def red_flags(
    data: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    ax: Axes | None = None,
    labels: Labels | None = None,
) -> Axes:
    """Horizontal bars: the share of submissions raising each red flag, major flags in
    vermillion and minor in orange (the level is also written in the label).

    ``data`` is :func:`toolkit.cohort.flag_frequency`.
    """
    q = questionnaire or default()
    lang = words.resolve(lang)
    w = _labels(labels, lang)
    n = len(data) if data is not None else 0
    ax = _new_ax(ax, figsize=(8.0, 1.0 + 0.38 * max(n, 1)))
    ax.set_title(w["flags_title"])
    if n == 0:
        return _empty(ax, w)
    if _all_suppressed(data):
        return _suppressed_note(ax, w, data, lang)
    y = np.arange(n, dtype=float)
    shares = data["share"].fillna(0).to_numpy(dtype=float)
    levels = data["level"].astype(str).tolist()
    ax.barh(y, shares, color=[FLAG_LEVEL_COLOURS.get(lv, GREY) for lv in levels], edgecolor="white")
    row_labels = [
        f"[{w['flag_hard'] if lv == 'hard' else w['flag_soft'] if lv == 'soft' else lv}] "
        + _shorten(q.flag(fid).message(lang), 60)
        for fid, lv in zip(data.index, levels, strict=False)
    ]
    ax.set_yticks(y)
    ax.set_yticklabels(row_labels, fontsize=7)
    ax.invert_yaxis()
    for yi, share, count in zip(
        y, shares, data["count"].fillna(0).to_numpy(dtype=float), strict=False
    ):
        ax.text(share + 1, yi, fmt.count(count, lang), va="center", fontsize=7)
    ax.set_xlim(0, max(100.0, float(shares.max()) + 8))
    _format_ticks(ax.xaxis, lang, digits=0)
    ax.set_xlabel(w["share_orgs"])
    ax.legend(
        handles=[
            Patch(color=FLAG_LEVEL_COLOURS["hard"], label=w["flag_hard"]),
            Patch(color=FLAG_LEVEL_COLOURS["soft"], label=w["flag_soft"]),
        ],
        loc="lower right",
        fontsize=7,
        frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def hours(
    data: pd.DataFrame,
    lang: str | None = None,
    ax: Axes | None = None,
    min_group: int = 5,
    labels: Labels | None = None,
) -> Axes:
    """Scatter of hours needed (x) against hours freed (y), one point per submission, with
    the lines freed = needed and freed = half; marker shape and colour give the band.

    ``data`` is :func:`toolkit.cohort.capacity_gap`. Points at the same place are nudged
    apart a little (a deterministic jitter) so that a crowd shows as a crowd. With fewer
    than ``min_group`` organisations nothing is drawn but a note: each point is someone.
    """
    lang = words.resolve(lang)
    w = _labels(labels, lang)
    ax = _new_ax(ax, figsize=(6.5, 5.0))
    ax.set_title(w["hours_title"])
    if data is None or len(data) == 0 or data["hours_needed"].notna().sum() == 0:
        return _empty(ax, w)
    if data["org_key"].nunique() < min_group:
        return _suppressed_note(ax, w, min_group, lang)
    needed = data["hours_needed"].to_numpy(dtype=float)
    freed = data["hours_freed"].to_numpy(dtype=float)
    rng = np.random.default_rng(0)
    jitter_x = rng.uniform(-0.25, 0.25, len(data))
    jitter_y = rng.uniform(-0.25, 0.25, len(data))
    top = float(np.nanmax(np.r_[needed, freed, 10.0])) * 1.08
    line = np.array([0, top])
    ax.plot(line, line, color="black", linewidth=1, label=w["line_equal"])
    ax.plot(line, line / 2, color="black", linewidth=1, linestyle="--", label=w["line_half"])
    styles = [
        ("enough", OKABE_ITO["bluish_green"], "o", "ratio_ok"),
        ("partial", OKABE_ITO["orange"], "s", "ratio_mid"),
        ("short", OKABE_ITO["vermillion"], "v", "ratio_low"),
    ]
    alpha = 0.85 if len(data) < 200 else 0.25
    size = 28 if len(data) < 200 else 6
    for band, colour, marker, key in styles:
        mask = (data["band"] == band).to_numpy()
        if mask.any():
            ax.scatter(
                needed[mask] + jitter_x[mask],
                freed[mask] + jitter_y[mask],
                s=size,
                color=colour,
                marker=marker,
                alpha=alpha,
                edgecolor="none",
                label=w[key],
            )
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    _format_ticks(ax.xaxis, lang)
    _format_ticks(ax.yaxis, lang)
    ax.set_xlabel(w["hours_needed"])
    ax.set_ylabel(w["hours_freed"])
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def segments(
    data: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    ax: Axes | None = None,
    labels: Labels | None = None,
) -> Axes:
    """One measure across the values of a segment: a dot at the median and a line over the
    interquartile range per value, with n; suppressed values are listed as such.

    ``data`` is :func:`toolkit.cohort.segment_table` (its ``attrs`` name the segment and the
    measure).
    """
    q = questionnaire or default()
    lang = words.resolve(lang)
    w = _labels(labels, lang)
    n = len(data) if data is not None else 0
    ax = _new_ax(ax, figsize=(7.5, 1.2 + 0.4 * max(n, 1)))
    measure = data.attrs.get("measure", "global") if data is not None else "global"
    ax.set_title(_fill(w["segments_title"], measure=measure_label(measure, q, lang)))
    if n == 0:
        return _empty(ax, w)
    segment = data.attrs.get("segment") or (
        data["segment"].iloc[0] if "segment" in data.columns else ""
    )
    row_labels = [segment_value_label(segment, v, q, lang) for v in data["value"]]
    y = np.arange(n, dtype=float)
    med = data["median"].to_numpy(dtype=float)
    q1 = data["q1"].to_numpy(dtype=float)
    q3 = data["q3"].to_numpy(dtype=float)
    suppressed = data["suppressed"].to_numpy(dtype=bool)
    shown = ~suppressed & ~np.isnan(med)
    ax.hlines(
        y[shown],
        q1[shown],
        q3[shown],
        color=OKABE_ITO["sky_blue"],
        linewidth=6,
        label=w["median_iqr"],
    )
    ax.scatter(med[shown], y[shown], color=OKABE_ITO["blue"], zorder=3, s=36)
    for yi, m, s, count in zip(y, med, suppressed, data["n_orgs"].to_numpy(), strict=False):
        if s or np.isnan(m):
            ax.text(
                50,
                yi,
                _fill(w["suppressed"], n=fmt.count(_min_group(data), lang))
                + f" — n = {fmt.count(count, lang)}",
                ha="center",
                va="center",
                fontsize=7,
                color="#555555",
            )
        else:
            ax.text(
                101, yi, f"n = {fmt.count(count, lang)}", va="center", fontsize=7, color="#444444"
            )
    ax.set_yticks(y)
    ax.set_yticklabels([_shorten(x, 32) for x in row_labels], fontsize=8)
    ax.set_ylim(n - 0.4, -0.6)  # first value on top, with room under the title
    ax.set_xlim(0, 112)
    _format_ticks(ax.xaxis, lang, digits=0)
    ax.set_xlabel(w["score"])
    ax.grid(axis="x", color=LIGHT_GREY)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def segment_value_label(segment: str, value: Any, q: Questionnaire, lang: str | None = None) -> str:
    """The label of one value of a segment (a sector, a size…) in ``lang``; « — » if missing."""
    lang = words.resolve(lang)
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return fmt.UNKNOWN
    try:
        field = q.profile_field(segment)
    except KeyError:
        return str(value)
    for option in field.options:
        if option.code == value:
            return option.label(lang)
    return str(value)


def spread_labels(
    positions: Sequence[float] | np.ndarray, min_gap: float, low: float, high: float
) -> np.ndarray:
    """Label positions near ``positions`` but at least ``min_gap`` apart, kept in [low, high].

    >>> spread_labels([30.0, 30.5, 80.0], 3.0, 0, 100).round(2).tolist()
    [28.75, 31.75, 80.0]
    """
    values = np.asarray(positions, dtype=float)
    order = np.argsort(values, kind="stable")
    y = values[order].copy()
    for _ in range(50):  # push apart clusters, centred on their members, until nothing overlaps
        moved = False
        i = 0
        while i < len(y) - 1:
            j = i
            while j < len(y) - 1 and y[j + 1] - y[j] < min_gap - 1e-9:
                j += 1
            if j > i:
                centre = values[order][i : j + 1].mean()
                span = min_gap * (j - i)
                y[i : j + 1] = centre - span / 2 + min_gap * np.arange(j - i + 1)
                moved = True
            i = j + 1
        if not moved:
            break
    y = np.clip(y, low, high)
    out = np.empty_like(y)
    out[order] = y
    return out


def slope(
    data: pd.DataFrame,
    measure: str = "global",
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    ax: Axes | None = None,
    max_labels: int = 15,
    min_group: int = 5,
    labels: Labels | None = None,
) -> Axes:
    """Before/after slope chart: one line per organisation from its first to its last score.

    ``data`` is :func:`toolkit.cohort.before_after` (pass it through
    :func:`toolkit.cohort.anonymise` first unless names may be shown); ``organisation`` labels
    the lines when there are at most ``max_labels`` of them. Rising lines are blue and solid,
    falling ones vermillion and dashed. Fewer than ``min_group`` organisations give a note
    instead of lines.
    """
    q = questionnaire or default()
    lang = words.resolve(lang)
    w = _labels(labels, lang)
    ax = _new_ax(ax, figsize=(6.0, 5.5))
    ax.set_title(_fill(w["slope_title"], measure=measure_label(measure, q, lang)))
    rows = data[data["measure"] == measure] if data is not None and len(data) else data
    if rows is None or len(rows) == 0:
        return _empty(ax, w)
    if rows["org_key"].nunique() < min_group:
        return _suppressed_note(ax, w, min_group, lang)
    before = rows["before"].to_numpy(dtype=float)
    after = rows["after"].to_numpy(dtype=float)
    names = rows["organisation"].astype(object).fillna(rows["org_key"]).astype(str).tolist()
    label_them = len(rows) <= max_labels
    alpha = 0.9 if len(rows) <= 50 else max(0.05, min(0.9, 25 / len(rows)))
    up = after >= before
    for mask, colour, style in ((up, OKABE_ITO["blue"], "-"), (~up, OKABE_ITO["vermillion"], "--")):
        if not mask.any():
            continue
        segments_ = np.stack(
            [
                np.column_stack([np.zeros(mask.sum()), before[mask]]),
                np.column_stack([np.ones(mask.sum()), after[mask]]),
            ],
            axis=1,
        )
        ax.add_collection(
            LineCollection(
                list(segments_), colors=colour, linestyles=style, linewidths=1.2, alpha=alpha
            )
        )
        ax.scatter(
            np.r_[np.zeros(mask.sum()), np.ones(mask.sum())],
            np.r_[before[mask], after[mask]],
            color=colour,
            s=14,
            alpha=alpha,
            edgecolor="none",
            zorder=3,
        )
    ax.plot([], [], color=OKABE_ITO["blue"], label=w["up"])
    ax.plot([], [], color=OKABE_ITO["vermillion"], linestyle="--", label=w["down"])
    ax.legend(loc="lower left", fontsize=7, frameon=False)
    if label_them:
        placed = spread_labels(np.nan_to_num(after), min_gap=3.2, low=0.0, high=105.0)
        for a, y, name in zip(after, placed, names, strict=False):
            ax.annotate(
                _shorten(name, 22),
                (1, a),
                xytext=(1.06, y),
                textcoords="data",
                va="center",
                fontsize=7,
                arrowprops={"arrowstyle": "-", "color": GREY, "linewidth": 0.5},
            )
    change = np.nanmedian(after - before)
    ax.text(
        0.5,
        -0.14,
        _fill(w["median_change"], value=tick_text(change, lang, digits=0, signed=True)),
        transform=ax.transAxes,
        ha="center",
        fontsize=8,
    )
    ax.set_xticks([0, 1])
    ax.set_xticklabels([w["before"], w["after"]])
    ax.set_xlim(-0.15, 1.5 if label_them else 1.15)
    ax.set_ylim(0, 105)
    _format_ticks(ax.yaxis, lang, digits=0)
    ax.set_ylabel(w["score"])
    ax.spines[["top", "right"]].set_visible(False)
    return ax


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


__all__ = [
    "LABEL_KEYS",
    "OKABE_ITO",
    "PALETTE",
    "RadarLayout",
    "heatmap",
    "hours",
    "labels_for",
    "likert",
    "measure_label",
    "radar",
    "radar_layout",
    "recommendations",
    "red_flags",
    "segment_value_label",
    "segments",
    "slope",
    "spread_labels",
    "stakeholder_labels",
    "stakeholder_layout",
    "stakeholder_map",
    "tick_text",
    "to_png",
    "to_png_base64",
]
