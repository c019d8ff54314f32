"""One organisation's charts: its radar of scores by dimension and its stakeholder map.

Each is computed apart from its drawing: :func:`radar_layout` and :func:`stakeholder_layout`
return where things go as data; :func:`radar` and :func:`stakeholder_map` only draw them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.projections.polar import PolarAxes

from .. import fmt, stakeholders, words
from ..questionnaire import Questionnaire
from .common import (
    GREY,
    LIGHT_GREY,
    OKABE_ITO,
    Labels,
    chart_labels,
    fill,
    format_ticks,
    min_group_of,
    new_axes,
    setup,
    shorten,
    tick_text,
    wrap,
)

Alignment = Literal["left", "center", "right"]

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


RADAR_SIZE = (5.0, 5.4)
"""The radar's figure in inches: narrow, so that shown at a phone's width
(:data:`~toolkit.charts.common.PHONE_WIDTH_PX`) its :data:`RADAR_TEXT_PT` text is at least
:data:`~toolkit.charts.common.MIN_TEXT_PX` tall (12 pt on 5 in at 350 px: 11.7 px)."""

RADAR_TEXT_PT = 12.0
"""The size of every text on the radar but its title (points)."""

RADAR_LABEL_WIDTH = (13, 24)
"""Spoke labels wrap at this many characters: on the sides (« Influence et / parties /
prenantes »), and at the top and bottom, where they have the width of the circle."""

_RADAR_RECT = (0.28, 0.39, 0.44, 0.4074)
"""Where the round part sits in the figure (left, bottom, width, height as fractions): a
circle 2.2 in across, with room for the spoke labels around it, the title above and the
legend and note below. Fixed margins: a layout engine does not see the spoke labels that
stick out sideways."""


def _polar(ax: Axes | None) -> Axes:
    if ax is None:
        fig = Figure(figsize=RADAR_SIZE)
        return fig.add_axes(_RADAR_RECT, projection="polar")
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
    # rings at every 20 points, unlabelled: each score is written beside its own point
    ax.set_yticks([20, 40, 60, 80, 100])
    format_ticks(ax.yaxis, lang, digits=0)
    ax.tick_params(axis="y", labelleft=False, labelright=False)
    ax.set_xticks(layout.angles)
    ax.set_xticklabels(spoke_labels, fontsize=RADAR_TEXT_PT)
    ax.tick_params(axis="x", pad=1)
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
            fontsize=RADAR_TEXT_PT,
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


def radar_alt(
    dimension_scores: Mapping[str, float],
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    cohort_stats: pd.DataFrame | None = None,
    title: str | None = None,
    label: str | None = None,
    labels: Labels | None = None,
) -> str:
    """What :func:`radar` shows, in words, for its text alternative (``alt``, ``aria-label``):
    each dimension's score, the weakest, and the cohort's medians when the radar draws them.
    Takes :func:`radar`'s arguments; draws nothing.

    >>> radar_alt({"motivation": 80, "crisis": 20}, lang="en")[:60]
    'Scores by dimension (0–100) — Your organisation: Motivation '
    """
    q, lang, labels = setup(questionnaire, lang, labels)
    dims = list(q.dimension_ids)
    get = getattr(dimension_scores, "get", None)
    layout = radar_layout([get(d) if get else None for d in dims])
    names = [q.dimension(d).label(lang) for d in dims]
    scores = layout.values  # noqa: PD011 - a RadarLayout field, not a DataFrame
    values = ", ".join(
        f"{name} {fmt.score(v, lang)}" for name, v in zip(names, scores, strict=True)
    )
    known = [i for i, v in enumerate(scores) if not np.isnan(v)]
    lowest = fmt.UNKNOWN
    if known:
        i = min(known, key=lambda k: scores[k])
        lowest = f"{names[i]}, {fmt.score(scores[i], lang)}"
    text = words.render(
        "charts.alt_radar",
        lang,
        title=title or labels["radar_title"],
        who=label or labels["organisation"],
        values=values,
        lowest=lowest,
    )
    band, hidden = _cohort_band(cohort_stats, dims)
    if band is not None and "median" in band.columns:
        medians = ", ".join(
            f"{name} {fmt.score(m, lang)}"
            for name, m in zip(names, band["median"].to_numpy(dtype=float), strict=True)
        )
        text += " " + words.render("charts.alt_cohort_median", lang, values=medians)
    elif hidden:
        text += " " + fill(labels["cohort_hidden"], n=fmt.count(min_group_of(cohort_stats), lang))
    return text


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
    q, lang, labels = setup(questionnaire, lang, labels)
    ax = cast(PolarAxes, _polar(ax))
    dims = list(q.dimension_ids)
    get = getattr(dimension_scores, "get", None)
    layout = radar_layout([get(d) if get else None for d in dims])
    side, middle = RADAR_LABEL_WIDTH
    spoke_labels = [
        wrap(q.dimension(d).label(lang), middle if alignment == "center" else side)
        for d, alignment in zip(dims, layout.alignments, strict=True)
    ]
    _draw_radar_frame(ax, layout, spoke_labels, lang)

    band, hidden = _cohort_band(cohort_stats, dims)
    if band is not None:
        _draw_cohort_band(ax, layout, band, labels)
    _draw_radar_scores(ax, layout, label or labels["organisation"], lang)
    ax.set_title(wrap(title or labels["radar_title"], 36), pad=40, fontsize=RADAR_TEXT_PT + 2)
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.24),
        ncol=1,
        fontsize=RADAR_TEXT_PT,
        frameon=False,
        handlelength=1.6,
    )
    if hidden:
        limit = min_group_of(cohort_stats)
        note = wrap(fill(labels["cohort_hidden"], n=fmt.count(limit, lang)), 40)
        ax.text(
            0.5,
            -0.46,
            note,
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=RADAR_TEXT_PT,
            color="#555555",
        )
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
        return x, y, "center", wrap(name, 16, 2), 7.0
    if n <= 4:
        step = 0.8 / n
        return x - 0.4, y + 0.4 - step * (k + 0.5), "left", shorten(name, 20), 6.8
    rows = math.ceil(n / 2)
    step = 0.84 / rows
    column, line = k % 2, k // 2
    return (
        x - 0.44 + column * 0.47,
        y + 0.42 - step * (line + 0.5),
        "left",
        shorten(name, 9),
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


_ZONE_TITLE_PLACES: tuple[tuple[str, float, dict[str, Any]], ...] = (
    ("top", 5.86, {"fontsize": 8.5}),  # the column's heading, inside its top edge
    ("bottom", 0.16, {"fontsize": 8, "color": "#333333"}),  # the low zone's title
)
"""Where a stance column's titles stand (``top_<stance>``, ``bottom_<stance>`` of
:func:`stakeholder_labels`, which always gives the top one): the place, which is also the
text's vertical alignment, its height and its look."""


def _draw_zones(ax: Axes, high_from: float, zone_labels: Mapping[str, str]) -> None:
    for stance, (x0, x1, colour) in _STANCE_ZONES.items():
        for y0, y1, alpha in ((high_from, 5.9, 0.22), (0.1, high_from, 0.08)):
            ax.add_patch(
                Rectangle(
                    (x0, y0), x1 - x0, y1 - y0, facecolor=colour, alpha=alpha, linewidth=0, zorder=0
                )
            )
        for place, y, look in _ZONE_TITLE_PLACES:
            key = f"{place}_{stance}"
            if key in zone_labels:
                ax.text(
                    (x0 + x1) / 2,
                    y,
                    zone_labels[key],
                    ha="center",
                    va=place,
                    fontweight="bold",
                    zorder=2,
                    **look,
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


def stakeholder_alt(
    actors: Any,
    lang: str | None = None,
    title: str | None = None,
    labels: Labels | None = None,
) -> str:
    """What :func:`stakeholder_map` shows, in words: each actor placed, with its influence and
    relationship, the most influential first. Draws nothing."""
    lang = words.resolve(lang)
    labels = chart_labels(labels, lang)
    frame = _actors_frame(actors).sort_values("influence", ascending=False, kind="stable")
    title = title or labels["stakeholder_title"]
    if not len(frame):
        return words.render("charts.alt_list", lang, title=title, values=labels["no_data"])
    values = ", ".join(
        words.render(
            "charts.alt_actor",
            lang,
            name=str(row.name),
            influence=fmt.count(row.influence, lang),
            relationship=tick_text(float(row.relationship), lang, 0, signed=True),
        )
        for row in frame.itertuples()
    )
    return words.render("charts.alt_list", lang, title=title, values=values)


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
    labels = {**stakeholder_labels(lang, advice), **chart_labels(labels, lang)}
    ax = new_axes(ax, figsize=(8.5, 6.5))
    high_from = stakeholders.default().high_influence_min - 0.5
    _draw_zones(ax, high_from, labels)
    _draw_actors(ax, stakeholder_layout(actors))
    ax.set_xlim(-2.5, 2.5)
    ax.set_ylim(0.1, 5.9)
    ax.set_xticks([-2, -1, 0, 1, 2])
    format_ticks(ax.xaxis, lang, digits=0, signed=True)
    ax.set_yticks([1, 2, 3, 4, 5])
    format_ticks(ax.yaxis, lang, digits=0)
    ax.set_xlabel(labels["relationship"])
    ax.set_ylabel(labels["influence"])
    ax.set_title(title or labels["stakeholder_title"])
    return ax
