"""Charts: matplotlib only — draw what :mod:`toolkit.cohort` and :mod:`toolkit.scoring` computed.

Every function takes its data (a mapping or a DataFrame that the core returned), the
questionnaire when labels come from it, ``lang`` (``"fr"`` or ``"en"``) and an optional ``ax``,
and returns the :class:`~matplotlib.axes.Axes` it drew on. No function computes a statistic:
the numbers are tested on the DataFrames, the drawings are smoke-tested on the Agg backend.

Colours are the Okabe–Ito palette, safe for the common colour-vision deficiencies; where a
colour carries meaning, a text label or a marker shape carries it too.

>>> from toolkit import charts, questionnaire
>>> q = questionnaire.load()
>>> ax = charts.radar({"motivation": 80, "audience": 40}, q, lang="en")   # doctest: +SKIP
"""

from __future__ import annotations

import base64
import io
import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any, cast

import matplotlib

matplotlib.rcParams.setdefault("svg.fonttype", "none")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402
from matplotlib.projections.polar import PolarAxes  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from . import stakeholders  # noqa: E402
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

WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "organisation": "Votre organisme",
        "cohort_median": "Médiane de la cohorte",
        "cohort_iqr": "Écart interquartile de la cohorte",
        "radar_title": "Scores par dimension (0–100)",
        "cohort_hidden": "Comparaison avec la cohorte masquée : moins de {n} organismes",
        "no_data": "Aucune donnée à afficher",
        "suppressed": "masqué (n < {n})",
        "stakeholder_title": "Carte des parties prenantes",
        "influence": "Influence (1 = faible, 5 = forte)",
        "relationship": "Relation (−2 détracteur … +2 allié)",
        "detractor": "Détracteurs",
        "neutral": "Neutres",
        "ally": "Alliés",
        "high_influence": "Forte influence",
        "low_influence": "Faible influence",
        "heatmap_title": "Scores par organisme et par dimension",
        "heatmap_more": "{n} organismes (étiquettes masquées)",
        "heatmap_binned": "Organismes regroupés par rang de l'indice global",
        "score": "Score (0–100)",
        "recommendations_title": "Répartition des recommandations",
        "organisations": "Organismes",
        "share": "Part des réponses (%)",
        "likert_title": "Réponses par question",
        "dont_know": "Je ne sais pas",
        "dk_apart": "« Je ne sais pas »\n(à part)",
        "flags_title": "Fréquence des signaux d'alerte",
        "flag_hard": "majeur",
        "flag_soft": "mineur",
        "share_orgs": "Part des réponses où le signal est levé (%)",
        "hours_title": "Heures nécessaires et heures libérées (h/semaine)",
        "hours_needed": "Heures nécessaires (tableau A)",
        "hours_freed": "Heures libérées",
        "ratio_ok": "libérées ≥ nécessaires",
        "ratio_mid": "entre la moitié et le total",
        "ratio_low": "moins de la moitié (signal d'alerte)",
        "line_equal": "libérées = nécessaires",
        "line_half": "libérées = moitié",
        "segments_title": "Comparaison par segment : {measure}",
        "median_iqr": "médiane et écart interquartile",
        "slope_title": "Avant et après : {measure}",
        "before": "Avant",
        "after": "Après",
        "median_change": "Variation médiane : {value:+.0f} points",
        "up": "en hausse ou stable",
        "down": "en baisse",
        "global": "Indice global",
        "fit": "Pertinence",
        "capacity_index": "Capacité (sous-indice)",
        "resilience": "Résilience",
    },
    "en": {
        "organisation": "Your organisation",
        "cohort_median": "Cohort median",
        "cohort_iqr": "Cohort interquartile range",
        "radar_title": "Scores by dimension (0–100)",
        "cohort_hidden": "Cohort comparison hidden: fewer than {n} organisations",
        "no_data": "No data to show",
        "suppressed": "hidden (n < {n})",
        "stakeholder_title": "Stakeholder map",
        "influence": "Influence (1 = low, 5 = high)",
        "relationship": "Relationship (−2 detractor … +2 ally)",
        "detractor": "Detractors",
        "neutral": "Neutral",
        "ally": "Allies",
        "high_influence": "High influence",
        "low_influence": "Low influence",
        "heatmap_title": "Scores by organisation and dimension",
        "heatmap_more": "{n} organisations (labels hidden)",
        "heatmap_binned": "Organisations grouped by rank on the global index",
        "score": "Score (0–100)",
        "recommendations_title": "Distribution of recommendations",
        "organisations": "Organisations",
        "share": "Share of answers (%)",
        "likert_title": "Answers by question",
        "dont_know": "Don't know",
        "dk_apart": '"Don\'t know"\n(apart)',
        "flags_title": "How often each red flag is raised",
        "flag_hard": "major",
        "flag_soft": "minor",
        "share_orgs": "Share of answers raising the flag (%)",
        "hours_title": "Hours needed and hours freed (h/week)",
        "hours_needed": "Hours needed (table A)",
        "hours_freed": "Hours freed",
        "ratio_ok": "freed ≥ needed",
        "ratio_mid": "between half and all",
        "ratio_low": "less than half (red flag)",
        "line_equal": "freed = needed",
        "line_half": "freed = half",
        "segments_title": "Segment comparison: {measure}",
        "median_iqr": "median and interquartile range",
        "slope_title": "Before and after: {measure}",
        "before": "Before",
        "after": "After",
        "median_change": "Median change: {value:+.0f} points",
        "up": "up or stable",
        "down": "down",
        "global": "Global index",
        "fit": "Fit",
        "capacity_index": "Capacity (sub-index)",
        "resilience": "Resilience",
    },
}

# Stakeholder quadrants, used when toolkit.stakeholders is not available.
HIGH_INFLUENCE_FROM = 3.5  # influence 4 and 5 are "high"


def _lang(lang: str | None) -> str:
    return lang if lang in WORDS else "fr"


def _w(lang: str, key: str, **kwargs: Any) -> str:
    text = WORDS[_lang(lang)][key]
    return text.format(**kwargs) if kwargs else text


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


def _empty(ax: Axes, lang: str, message: str | None = None) -> Axes:
    ax.text(
        0.5,
        0.5,
        message or _w(lang, "no_data"),
        ha="center",
        va="center",
        transform=ax.transAxes,
        color=GREY,
    )
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def measure_label(
    measure: str, questionnaire: Questionnaire | None = None, lang: str = "fr"
) -> str:
    """The fr/en label of a dimension id, or of ``fit``, ``capacity_index``, ``resilience``,
    ``global``."""
    q = questionnaire or default()
    lang = _lang(lang)
    if measure in q.dimension_ids:
        return q.dimension(measure).label(lang)
    return WORDS[lang].get(measure, measure)


# --------------------------------------------------------------------------------------------
# Radar


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


def radar(
    dimension_scores: Mapping[str, float],
    questionnaire: Questionnaire | None = None,
    lang: str = "fr",
    cohort_stats: pd.DataFrame | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    label: str | None = None,
) -> Axes:
    """One organisation's score by dimension on a radar, optionally against the cohort.

    Parameters
    ----------
    dimension_scores : ``{dimension id: score 0–100}`` (a scores-table row works too);
        missing or NaN scores are drawn at 0 and marked « — ».
    questionnaire : gives the dimensions, their order and their fr/en labels.
    cohort_stats : the cohort's statistics indexed by dimension id with columns ``median``,
        ``q1``, ``q3`` and optionally ``suppressed`` (what :func:`toolkit.cohort.dimension_stats`
        returns). The median is drawn as a dashed line and the interquartile range as a band;
        suppressed rows (group too small) are not drawn, and a note says why.
        Without a ``median`` column only the band is drawn (e.g. when the solid line already
        is the cohort median).
    ax : a polar Axes; a plain Axes is replaced by a polar one in the same place.
    label : the legend of the solid line (« Votre organisme » / "Your organisation").

    Returns the polar Axes.
    """
    q = questionnaire or default()
    lang = _lang(lang)
    ax = cast(PolarAxes, _polar(ax))
    dims = list(q.dimension_ids)
    labels = [_wrap(q.dimension(d).label(lang), 22) for d in dims]
    raw = [dimension_scores.get(d) if hasattr(dimension_scores, "get") else None for d in dims]
    values = np.array([np.nan if v is None else float(v) for v in raw], dtype=float)
    angles = np.linspace(0, 2 * math.pi, len(dims), endpoint=False)
    closed = np.concatenate([angles, angles[:1]])

    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(0, 116)  # room outside the 100 circle for the value labels
    ax.spines["polar"].set_visible(False)
    ax.set_yticks([20, 40, 60, 80, 100])
    ax.set_yticklabels(["20", "40", "60", "80", "100"], color=GREY, fontsize=7)
    ax.set_rlabel_position(180 / len(dims))
    ax.set_xticks(angles)
    ax.set_xticklabels(labels, fontsize=8)
    ax.tick_params(axis="x", pad=6)
    for tick, angle in zip(ax.get_xticklabels(), angles, strict=False):
        across = math.cos(math.pi / 2 - angle)  # where the spoke points on screen
        tick.set_horizontalalignment(
            "left" if across > 0.1 else "right" if across < -0.1 else "center"
        )
    ax.grid(color=LIGHT_GREY)

    note = None
    if cohort_stats is not None and len(cohort_stats):
        stats = cohort_stats.reindex(dims)
        shown = stats["q1"].notna() & stats["q3"].notna()
        if "suppressed" in stats.columns:
            shown &= ~stats["suppressed"].fillna(True).astype(bool)
        if shown.all():
            q1 = stats["q1"].to_numpy(dtype=float)
            q3 = stats["q3"].to_numpy(dtype=float)
            ax.fill_between(
                closed,
                np.r_[q1, q1[:1]],
                np.r_[q3, q3[:1]],
                color=OKABE_ITO["sky_blue"],
                alpha=0.3,
                linewidth=0,
                label=_w(lang, "cohort_iqr"),
            )
            if "median" in stats.columns:
                med = stats["median"].to_numpy(dtype=float)
                ax.plot(
                    closed,
                    np.r_[med, med[:1]],
                    color=OKABE_ITO["black"],
                    linestyle="--",
                    linewidth=1.2,
                    label=_w(lang, "cohort_median"),
                )
        else:
            n = int(stats["n_orgs"].min()) if "n_orgs" in stats.columns else None
            limit = _min_group_of(cohort_stats)
            note = _w(lang, "cohort_hidden", n=limit if limit else (n or 5))

    drawn = np.nan_to_num(values, nan=0.0)
    ax.plot(
        closed,
        np.r_[drawn, drawn[:1]],
        color=OKABE_ITO["blue"],
        linewidth=2.2,
        marker="o",
        markersize=5,
        label=label or _w(lang, "organisation"),
    )
    ax.fill(closed, np.r_[drawn, drawn[:1]], color=OKABE_ITO["blue"], alpha=0.12)
    for angle, value in zip(angles, values, strict=False):
        text = "—" if np.isnan(value) else f"{value:.0f}"
        # the value sits just outside its point, along the spoke, on a white patch
        radius = (0 if np.isnan(value) else value) + 10
        ax.text(
            angle,
            radius,
            text,
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
    ax.set_title(title or _w(lang, "radar_title"), pad=18, fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.11), ncol=3, fontsize=8, frameon=False)
    if note:
        ax.text(0.5, -0.19, note, transform=ax.transAxes, ha="center", fontsize=8, color=GREY)
    return ax


def _min_group_of(frame: pd.DataFrame) -> int | None:
    value = frame.attrs.get("min_group") if hasattr(frame, "attrs") else None
    return int(value) if value else None


# --------------------------------------------------------------------------------------------
# Stakeholder map


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


def _guide() -> stakeholders.Guide:
    """The stakeholder exercise of :mod:`toolkit.stakeholders` (it ships with the package)."""
    return stakeholders.default()


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


def _shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def stakeholder_map(
    actors: Any,
    lang: str = "fr",
    ax: Axes | None = None,
    title: str | None = None,
    advice: bool = True,
) -> Axes:
    """The stakeholder grid: influence (1–5, vertical) × relationship (−2 … +2, horizontal).

    Parameters
    ----------
    actors : a list of ``{"name", "type", "influence", "relationship"}`` dicts (a submission's
        ``stakeholders``) or a DataFrame with those columns. Actors that share a cell are
        spread inside it so that every name stays readable.
    advice : write each zone's title (« Ambassadeurs », « À surveiller » …, from
        ``data/stakeholders.yaml``); the advice itself is text for beside the chart
        (:func:`toolkit.stakeholders.classify`).

    The six zones are shaded: detractors (vermillion), neutral (grey), allies (green); high
    influence (from the guide's ``high_influence_min``, 4 by default) darker than low. Marker
    shapes repeat the stance (▼ detractor, ● neutral, ▲ ally) for readers who cannot tell the
    colours apart.
    """
    lang = _lang(lang)
    ax = _new_ax(ax, figsize=(8.5, 6.5))
    frame = _actors_frame(actors)
    guide = _guide()
    high_from = (guide.high_influence_min if guide else HIGH_INFLUENCE_FROM + 0.5) - 0.5

    zones = [
        (-2.5, -0.5, OKABE_ITO["vermillion"], "detractor"),
        (-0.5, 0.5, GREY, "neutral"),
        (0.5, 2.5, OKABE_ITO["bluish_green"], "ally"),
    ]
    for x0, x1, colour, _name in zones:
        ax.add_patch(
            Rectangle(
                (x0, high_from),
                x1 - x0,
                5.9 - high_from,
                facecolor=colour,
                alpha=0.22,
                linewidth=0,
                zorder=0,
            )
        )
        ax.add_patch(
            Rectangle(
                (x0, 0.1),
                x1 - x0,
                high_from - 0.1,
                facecolor=colour,
                alpha=0.08,
                linewidth=0,
                zorder=0,
            )
        )
    ax.axhline(high_from, color=GREY, linewidth=1, linestyle="--", zorder=1)
    ax.axvline(-0.5, color=GREY, linewidth=0.8, zorder=1)
    ax.axvline(0.5, color=GREY, linewidth=0.8, zorder=1)

    stance_names = {k: (guide.stances[k](lang) if guide else _w(lang, k)) for _, _, _, k in zones}
    for x0, x1, _colour, name in zones:
        centre = (x0 + x1) / 2
        high_zone = guide.quadrants.get(f"high_{name}") if (advice and guide) else None
        low_zone = guide.quadrants.get(f"low_{name}") if (advice and guide) else None
        heading = stance_names[name] + (f" — {high_zone.title(lang)}" if high_zone else "")
        ax.text(
            centre, 5.86, heading, ha="center", va="top", fontsize=8.5, fontweight="bold", zorder=2
        )
        if low_zone:
            ax.text(
                centre,
                0.16,
                low_zone.title(lang),
                ha="center",
                va="bottom",
                fontsize=8,
                fontweight="bold",
                color="#333333",
                zorder=2,
            )
    high_name = guide.levels["high"](lang) if guide else _w(lang, "high_influence")
    low_name = guide.levels["low"](lang) if guide else _w(lang, "low_influence")
    ax.text(2.47, high_from + 0.04, high_name, ha="right", va="bottom", fontsize=7, color="#444444")
    ax.text(2.47, high_from - 0.04, low_name, ha="right", va="top", fontsize=7, color="#444444")

    if len(frame):
        keys = ["influence", "relationship"]
        cells = frame.groupby(keys).cumcount().to_numpy()
        sizes = frame.groupby(keys)["name"].transform("size").to_numpy()
        for i, row in frame.iterrows():
            x, y, ha, text, size = _actor_place(
                float(row["relationship"]),
                float(row["influence"]),
                int(cells[i]),
                int(sizes[i]),
                str(row["name"]),
            )
            stance = row["relationship"]
            colour = (
                OKABE_ITO["vermillion"]
                if stance < 0
                else OKABE_ITO["bluish_green"]
                if stance > 0
                else OKABE_ITO["black"]
            )
            marker = "v" if stance < 0 else "^" if stance > 0 else "o"
            ax.scatter(
                [x],
                [y],
                s=40 if sizes[i] < 5 else 28,
                color=colour,
                marker=marker,
                zorder=3,
                edgecolor="white",
                linewidth=0.6,
            )
            if ha == "center":
                ax.annotate(
                    text,
                    (x, y),
                    textcoords="offset points",
                    xytext=(0, -6),
                    ha="center",
                    va="top",
                    fontsize=size,
                    zorder=4,
                )
            else:
                ax.annotate(
                    text,
                    (x, y),
                    textcoords="offset points",
                    xytext=(5, 0),
                    ha="left",
                    va="center",
                    fontsize=size,
                    zorder=4,
                )
    ax.set_xlim(-2.5, 2.5)
    ax.set_ylim(0.1, 5.9)
    ax.set_xticks([-2, -1, 0, 1, 2])
    ax.set_xticklabels(["−2", "−1", "0", "+1", "+2"])
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_xlabel(_w(lang, "relationship"))
    ax.set_ylabel(_w(lang, "influence"))
    ax.set_title(title or _w(lang, "stakeholder_title"))
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
    lang: str = "fr",
    ax: Axes | None = None,
    max_labels: int = 60,
) -> Axes:
    """Organisations (rows) × dimensions (columns), coloured by score 0–100.

    ``data`` is :func:`toolkit.cohort.heatmap_table`: its index is already a name, a
    pseudonym or a band of ranks (``attrs["binned"]``). With more than ``max_labels`` rows
    the row labels are left out and the count is given instead; scores are written in the
    cells up to 25 rows.
    """
    q = questionnaire or default()
    lang = _lang(lang)
    n = len(data)
    labelled = n <= max_labels and not data.attrs.get("binned")
    ax = _new_ax(ax, figsize=(8.0, min(2.0 + 0.26 * n, 18.0) if labelled else 6.5))
    if n == 0:
        return _empty(ax, lang)
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
        ax.set_ylabel(_w(lang, "heatmap_binned"), fontsize=8)
    elif n <= max_labels:
        ax.set_yticks(range(n))
        ax.set_yticklabels([_shorten(str(x), 28) for x in data.index], fontsize=7)
    else:
        ax.set_yticks([])
        ax.set_ylabel(_w(lang, "heatmap_more", n=n))
    if n <= 25 and not data.attrs.get("binned"):
        for i in range(n):
            for j in range(len(dims)):
                v = values[i, j]
                if not np.isnan(v):
                    ax.text(
                        j,
                        i,
                        f"{v:.0f}",
                        ha="center",
                        va="center",
                        fontsize=6.5,
                        color="white" if v < 55 else "black",
                    )
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    colorbar.set_label(_w(lang, "score"), fontsize=8)
    ax.set_title(_w(lang, "heatmap_title"))
    return ax


def _suppressed_note(ax: Axes, lang: str, frame_or_min_group: Any) -> Axes:
    limit = (
        frame_or_min_group
        if isinstance(frame_or_min_group, int)
        else _min_group(frame_or_min_group)
    )
    ax.text(
        0.5,
        0.5,
        _w(lang, "suppressed", n=limit),
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
    lang: str = "fr",
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars: how many submissions got each recommendation, with the share.

    ``data`` is :func:`toolkit.cohort.recommendation_distribution` (one group, or the rows
    of one ``value``).
    """
    q = questionnaire or default()
    lang = _lang(lang)
    ax = _new_ax(ax, figsize=(7.0, 3.2))
    ax.set_title(_w(lang, "recommendations_title"))
    if data is None or len(data) == 0:
        return _empty(ax, lang)
    if "value" in data.columns and (data["value"] != data["value"].iloc[0]).any():
        data = data[data["value"] == data["value"].iloc[0]]
    if _all_suppressed(data):
        return _suppressed_note(ax, lang, data)
    data = data.set_index("recommendation").reindex(
        [r.id for r in q.rules if r.id in set(data["recommendation"])]
    )
    labels = [_wrap(q.rule(r).label(lang), 26) for r in data.index]
    counts = data["count"].fillna(0).to_numpy(dtype=float)
    y = np.arange(len(data), dtype=float)
    colours = [RECOMMENDATION_COLOURS.get(r, GREY) for r in data.index]
    ax.barh(y, counts, color=colours, edgecolor="white")
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()
    top = max(counts.max(), 1.0)
    for yi, count, share in zip(y, counts, data["share"].to_numpy(dtype=float), strict=False):
        text = f"{count:.0f}" + (
            "" if np.isnan(share) else f" ({share:.0f} %)" if lang == "fr" else f" ({share:.0f}%)"
        )
        ax.text(count + top * 0.02, yi, text, va="center", fontsize=8)
    ax.set_xlim(0, top * 1.25)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(_w(lang, "organisations"))
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
    lang: str = "fr",
    ax: Axes | None = None,
    max_text: int = 42,
) -> Axes:
    """Diverging stacked bars per question, centred on the neutral answer; « don't know »
    drawn apart on the right, after a gap, so it never counts as an opinion.

    ``data`` is :func:`toolkit.cohort.likert_counts` (answer counts by code, one row per
    question). Shares are of each question's answers; suppressed questions are marked.
    """
    q = questionnaire or default()
    lang = _lang(lang)
    n = len(data) if data is not None else 0
    ax = _new_ax(ax, figsize=(9.0, 1.2 + 0.42 * max(n, 1)))
    ax.set_title(_w(lang, "likert_title"))
    if n == 0:
        return _empty(ax, lang)
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
            label=_w(lang, "dont_know"),
        )
        ax.axvline(offset - 4, color=GREY, linewidth=0.8, linestyle=":")
        ax.text(offset, -0.7, _w(lang, "dk_apart"), fontsize=7, color="#444444", va="bottom")
    for yi in np.nonzero(suppressed)[0]:
        ax.text(
            0,
            float(yi),
            _w(lang, "suppressed", n=_min_group(data)),
            ha="center",
            va="center",
            fontsize=7,
            color="#444444",
        )
    ax.axvline(0, color="black", linewidth=0.8)
    labels = [f"{qid} — {_shorten(q.question(qid).text(lang), max_text)}" for qid in data.index]
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=7)
    ax.invert_yaxis()
    right = offset + max(float(np.nanmax(dk_share)) if dk_codes and n else 0.0, 30.0) + 2
    ax.set_xlim(-100, right)
    ticks = [-100, -50, 0, 50, 100]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{abs(t)}" for t in ticks])
    ax.set_xlabel(_w(lang, "share"))
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
    lang: str = "fr",
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars: the share of submissions raising each red flag, major flags in
    vermillion and minor in orange (the level is also written in the label).

    ``data`` is :func:`toolkit.cohort.flag_frequency`.
    """
    q = questionnaire or default()
    lang = _lang(lang)
    n = len(data) if data is not None else 0
    ax = _new_ax(ax, figsize=(8.0, 1.0 + 0.38 * max(n, 1)))
    ax.set_title(_w(lang, "flags_title"))
    if n == 0:
        return _empty(ax, lang)
    if _all_suppressed(data):
        return _suppressed_note(ax, lang, data)
    y = np.arange(n, dtype=float)
    shares = data["share"].fillna(0).to_numpy(dtype=float)
    levels = data["level"].astype(str).tolist()
    ax.barh(y, shares, color=[FLAG_LEVEL_COLOURS.get(lv, GREY) for lv in levels], edgecolor="white")
    labels = [
        f"[{_w(lang, 'flag_' + lv) if lv in ('hard', 'soft') else lv}] "
        + _shorten(q.flag(fid).message(lang), 60)
        for fid, lv in zip(data.index, levels, strict=False)
    ]
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=7)
    ax.invert_yaxis()
    for yi, share, count in zip(
        y, shares, data["count"].fillna(0).to_numpy(dtype=float), strict=False
    ):
        ax.text(share + 1, yi, f"{count:.0f}", va="center", fontsize=7)
    ax.set_xlim(0, max(100.0, float(shares.max()) + 8))
    ax.set_xlabel(_w(lang, "share_orgs"))
    ax.legend(
        handles=[
            Patch(color=FLAG_LEVEL_COLOURS["hard"], label=_w(lang, "flag_hard")),
            Patch(color=FLAG_LEVEL_COLOURS["soft"], label=_w(lang, "flag_soft")),
        ],
        loc="lower right",
        fontsize=7,
        frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def hours(
    data: pd.DataFrame,
    lang: str = "fr",
    ax: Axes | None = None,
    min_group: int = 5,
) -> Axes:
    """Scatter of hours needed (x) against hours freed (y), one point per submission, with
    the lines freed = needed and freed = half; marker shape and colour give the band.

    ``data`` is :func:`toolkit.cohort.capacity_gap`. Points at the same place are nudged
    apart a little (a deterministic jitter) so that a crowd shows as a crowd. With fewer
    than ``min_group`` organisations nothing is drawn but a note: each point is someone.
    """
    lang = _lang(lang)
    ax = _new_ax(ax, figsize=(6.5, 5.0))
    ax.set_title(_w(lang, "hours_title"))
    if data is None or len(data) == 0 or data["hours_needed"].notna().sum() == 0:
        return _empty(ax, lang)
    if data["org_key"].nunique() < min_group:
        return _suppressed_note(ax, lang, min_group)
    needed = data["hours_needed"].to_numpy(dtype=float)
    freed = data["hours_freed"].to_numpy(dtype=float)
    rng = np.random.default_rng(0)
    jitter_x = rng.uniform(-0.25, 0.25, len(data))
    jitter_y = rng.uniform(-0.25, 0.25, len(data))
    top = float(np.nanmax(np.r_[needed, freed, 10.0])) * 1.08
    line = np.array([0, top])
    ax.plot(line, line, color="black", linewidth=1, label=_w(lang, "line_equal"))
    ax.plot(line, line / 2, color="black", linewidth=1, linestyle="--", label=_w(lang, "line_half"))
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
                label=_w(lang, key),
            )
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_xlabel(_w(lang, "hours_needed"))
    ax.set_ylabel(_w(lang, "hours_freed"))
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def segments(
    data: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    lang: str = "fr",
    ax: Axes | None = None,
) -> Axes:
    """One measure across the values of a segment: a dot at the median and a line over the
    interquartile range per value, with n; suppressed values are listed as such.

    ``data`` is :func:`toolkit.cohort.segment_table` (its ``attrs`` name the segment and the
    measure).
    """
    q = questionnaire or default()
    lang = _lang(lang)
    n = len(data) if data is not None else 0
    ax = _new_ax(ax, figsize=(7.5, 1.2 + 0.4 * max(n, 1)))
    measure = data.attrs.get("measure", "global") if data is not None else "global"
    ax.set_title(_w(lang, "segments_title", measure=measure_label(measure, q, lang)))
    if n == 0:
        return _empty(ax, lang)
    segment = data.attrs.get("segment") or (
        data["segment"].iloc[0] if "segment" in data.columns else ""
    )
    labels = [_segment_value_label(segment, v, q, lang) for v in data["value"]]
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
        label=_w(lang, "median_iqr"),
    )
    ax.scatter(med[shown], y[shown], color=OKABE_ITO["blue"], zorder=3, s=36)
    for yi, m, s, count in zip(y, med, suppressed, data["n_orgs"].to_numpy(), strict=False):
        if s or np.isnan(m):
            ax.text(
                50,
                yi,
                _w(lang, "suppressed", n=_min_group(data)) + f" — n = {count}",
                ha="center",
                va="center",
                fontsize=7,
                color="#555555",
            )
        else:
            ax.text(101, yi, f"n = {count}", va="center", fontsize=7, color="#444444")
    ax.set_yticks(y)
    ax.set_yticklabels([_shorten(x, 32) for x in labels], fontsize=8)
    ax.set_ylim(n - 0.4, -0.6)  # first value on top, with room under the title
    ax.set_xlim(0, 112)
    ax.set_xlabel(_w(lang, "score"))
    ax.grid(axis="x", color=LIGHT_GREY)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _segment_value_label(segment: str, value: Any, q: Questionnaire, lang: str) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "—"
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
    lang: str = "fr",
    ax: Axes | None = None,
    max_labels: int = 15,
    min_group: int = 5,
) -> Axes:
    """Before/after slope chart: one line per organisation from its first to its last score.

    ``data`` is :func:`toolkit.cohort.before_after` (pass it through
    :func:`toolkit.cohort.anonymise` first unless names may be shown); ``organisation`` labels
    the lines when there are at most ``max_labels`` of them. Rising lines are blue and solid,
    falling ones vermillion and dashed. Fewer than ``min_group`` organisations give a note
    instead of lines.
    """
    q = questionnaire or default()
    lang = _lang(lang)
    ax = _new_ax(ax, figsize=(6.0, 5.5))
    ax.set_title(_w(lang, "slope_title", measure=measure_label(measure, q, lang)))
    rows = data[data["measure"] == measure] if data is not None and len(data) else data
    if rows is None or len(rows) == 0:
        return _empty(ax, lang)
    if rows["org_key"].nunique() < min_group:
        return _suppressed_note(ax, lang, min_group)
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
    ax.plot([], [], color=OKABE_ITO["blue"], label=_w(lang, "up"))
    ax.plot([], [], color=OKABE_ITO["vermillion"], linestyle="--", label=_w(lang, "down"))
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
        _w(lang, "median_change", value=change),
        transform=ax.transAxes,
        ha="center",
        fontsize=8,
    )
    ax.set_xticks([0, 1])
    ax.set_xticklabels([_w(lang, "before"), _w(lang, "after")])
    ax.set_xlim(-0.15, 1.5 if label_them else 1.15)
    ax.set_ylim(0, 105)
    ax.set_ylabel(_w(lang, "score"))
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
    "OKABE_ITO",
    "PALETTE",
    "heatmap",
    "hours",
    "likert",
    "measure_label",
    "radar",
    "recommendations",
    "red_flags",
    "segments",
    "slope",
    "stakeholder_map",
    "to_png",
    "to_png_base64",
]
