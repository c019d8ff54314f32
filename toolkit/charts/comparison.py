"""A cohort's charts: organisations × dimensions, recommendations, agreement statements, red
flags, hours, segments and before/after.

Each draws one table that :mod:`toolkit.cohort` computed (named in its docstring) and marks
what the anonymity threshold hides. Each chart's text alternative (``*_alt``) sits beside it,
on purpose: the words must follow what the drawing shows, which is why this module runs past
800 lines rather than splitting charts from their descriptions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .. import fmt, words
from ..palette import RECOMMENDATION_COLOURS
from ..questionnaire import Questionnaire
from .common import (
    FLAG_LEVEL_COLOURS,
    GREY,
    LIGHT_GREY,
    OKABE_ITO,
    Labels,
    chart_labels,
    empty,
    fill,
    format_ticks,
    measure_label,
    min_group_of,
    new_axes,
    open_frame,
    setup,
    shorten,
    tick_text,
    wrap,
)

# --------------------------------------------------------------------------------------------
# Cohort charts


def _rows_axes(
    ax: Axes | None, data: pd.DataFrame | None, width: float, base: float, per_row: float
) -> tuple[Axes, int]:
    """``ax``, or new Axes ``width`` wide and tall enough for one band per row of ``data``
    (``base`` inches plus ``per_row`` a row, room for one row at least); and that row count."""
    n = len(data) if data is not None else 0
    return new_axes(ax, figsize=(width, base + per_row * max(n, 1))), n


def _legend(ax: Axes, **placement: Any) -> None:
    """A cohort chart's legend: small type, no frame, placed as ``placement`` says."""
    ax.legend(fontsize=8, frameon=False, **placement)


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
    q, lang, w = setup(questionnaire, lang, labels)
    n = len(data)
    labelled = n <= max_labels and not data.attrs.get("binned")
    ax = new_axes(ax, figsize=(8.0, min(2.0 + 0.26 * n, 18.0) if labelled else 6.5))
    if n == 0:
        return empty(ax, w)
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
        [wrap(q.dimension(d).label(lang), 16) for d in dims],
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
        ax.set_yticklabels([shorten(str(x), 28) for x in data.index], fontsize=7)
    else:
        ax.set_yticks([])
        ax.set_ylabel(fill(w["heatmap_more"], n=fmt.count(n, lang)))
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
    format_ticks(colorbar.ax.yaxis, lang, digits=0)
    colorbar.set_label(w["score"], fontsize=8)
    ax.set_title(w["heatmap_title"])
    return ax


def _suppressed_note(ax: Axes, w: Labels, frame_or_min_group: Any, lang: str) -> Axes:
    limit = (
        frame_or_min_group
        if isinstance(frame_or_min_group, int)
        else min_group_of(frame_or_min_group)
    )
    ax.text(
        0.5,
        0.5,
        fill(w["suppressed"], n=fmt.count(limit, lang)),
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
    q, lang, w = setup(questionnaire, lang, labels)
    ax = new_axes(ax, figsize=(7.0, 3.2))
    ax.set_title(w["recommendations_title"])
    if data is None or len(data) == 0:
        return empty(ax, w)
    if "value" in data.columns and (data["value"] != data["value"].iloc[0]).any():
        data = data[data["value"] == data["value"].iloc[0]]
    if _all_suppressed(data):
        return _suppressed_note(ax, w, data, lang)
    data = data.set_index("recommendation").reindex(
        [r.id for r in q.rules if r.id in set(data["recommendation"])]
    )
    row_labels = [wrap(q.rule(r).label(lang), 26) for r in data.index]
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
    format_ticks(ax.xaxis, lang, digits=0)
    ax.set_xlabel(w["organisations"])
    return open_frame(ax)


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
    """Diverging stacked bars per question (named by its short label, wrapped past
    ``max_text`` characters), centred on the neutral answer; « don't know »
    drawn apart on the right, after a gap, so it never counts as an opinion.

    ``data`` is :func:`toolkit.cohort.likert_counts` (answer counts by code, one row per
    question). Shares are of each question's answers; suppressed questions are marked.
    """
    q, lang, w = setup(questionnaire, lang, labels)
    ax, n = _rows_axes(ax, data, 9.0, 1.2, 0.42)
    ax.set_title(w["likert_title"])
    if n == 0:
        return empty(ax, w)
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
        ax.text(offset, -0.7, w["dk_apart"], fontsize=8, color="#444444", va="bottom")
    for yi in np.nonzero(suppressed)[0]:
        ax.text(
            0,
            float(yi),
            fill(w["suppressed"], n=fmt.count(min_group_of(data), lang)),
            ha="center",
            va="center",
            fontsize=8,
            color="#444444",
        )
    ax.axvline(0, color="black", linewidth=0.8)
    row_labels = [wrap(q.question(qid).short_label(lang), max_text) for qid in data.index]
    ax.set_yticks(y)
    ax.set_yticklabels(row_labels, fontsize=8)
    ax.invert_yaxis()
    right = offset + max(float(np.nanmax(dk_share)) if dk_codes and n else 0.0, 30.0) + 2
    ax.set_xlim(-100, right)
    ticks = [-100, -50, 0, 50, 100]
    ax.set_xticks(ticks)
    format_ticks(ax.xaxis, lang, digits=0, absolute=True)
    ax.set_xlabel(w["share"])
    _legend(
        ax,
        loc="upper center",
        bbox_to_anchor=(0.4, -0.1 - 0.5 / max(n, 1)),
        ncol=3,
    )
    return open_frame(ax)


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
    q, lang, w = setup(questionnaire, lang, labels)
    ax, n = _rows_axes(ax, data, 8.0, 1.0, 0.5)
    ax.set_title(w["flags_title"])
    if n == 0:
        return empty(ax, w)
    if _all_suppressed(data):
        return _suppressed_note(ax, w, data, lang)
    y = np.arange(n, dtype=float)
    shares = data["share"].fillna(0).to_numpy(dtype=float)
    levels = data["level"].astype(str).tolist()
    ax.barh(y, shares, color=[FLAG_LEVEL_COLOURS.get(lv, GREY) for lv in levels], edgecolor="white")
    row_labels = [
        f"[{w['flag_hard'] if lv == 'hard' else w['flag_soft'] if lv == 'soft' else lv}] "
        + q.flag(fid).message(lang)
        for fid, lv in zip(data.index, levels, strict=False)
    ]
    ax.set_yticks(y)
    ax.set_yticklabels([wrap(label, 48) for label in row_labels], fontsize=7.5)
    ax.invert_yaxis()
    for yi, share, count in zip(
        y, shares, data["count"].fillna(0).to_numpy(dtype=float), strict=False
    ):
        ax.text(share + 1, yi, fmt.count(count, lang), va="center", fontsize=7.5)
    ax.set_xlim(0, max(100.0, float(shares.max()) + 8))
    format_ticks(ax.xaxis, lang, digits=0)
    ax.set_xlabel(w["share_orgs"])
    _legend(
        ax,
        handles=[
            Patch(color=FLAG_LEVEL_COLOURS["hard"], label=w["flag_hard"]),
            Patch(color=FLAG_LEVEL_COLOURS["soft"], label=w["flag_soft"]),
        ],
        loc="lower right",
    )
    return open_frame(ax)


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
    w = chart_labels(labels, lang)
    ax = new_axes(ax, figsize=(6.5, 5.0))
    ax.set_title(w["hours_title"])
    if data is None or len(data) == 0 or data["hours_needed"].notna().sum() == 0:
        return empty(ax, w)
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
    format_ticks(ax.xaxis, lang)
    format_ticks(ax.yaxis, lang)
    ax.set_xlabel(w["hours_needed"])
    ax.set_ylabel(w["hours_freed"])
    _legend(ax, loc="upper left")
    return open_frame(ax)


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
    q, lang, w = setup(questionnaire, lang, labels)
    ax, n = _rows_axes(ax, data, 7.5, 1.2, 0.4)
    measure = data.attrs.get("measure", "global") if data is not None else "global"
    ax.set_title(fill(w["segments_title"], measure=measure_label(measure, q, lang)))
    if n == 0:
        return empty(ax, w)
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
                fill(w["suppressed"], n=fmt.count(min_group_of(data), lang))
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
    ax.set_yticklabels([wrap(x, 32) for x in row_labels], fontsize=8)
    ax.set_ylim(n - 0.4, -0.6)  # first value on top, with room under the title
    ax.set_xlim(0, 112)
    format_ticks(ax.xaxis, lang, digits=0)
    ax.set_xlabel(w["score"])
    ax.grid(axis="x", color=LIGHT_GREY)
    return open_frame(ax)


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
    q, lang, w = setup(questionnaire, lang, labels)
    ax = new_axes(ax, figsize=(6.0, 5.5))
    ax.set_title(fill(w["slope_title"], measure=measure_label(measure, q, lang)))
    rows = data[data["measure"] == measure] if data is not None and len(data) else data
    if rows is None or len(rows) == 0:
        return empty(ax, w)
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
    _legend(ax, loc="lower left")
    if label_them:
        placed = spread_labels(np.nan_to_num(after), min_gap=3.2, low=0.0, high=105.0)
        for a, y, name in zip(after, placed, names, strict=False):
            ax.annotate(
                shorten(name, 22),
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
        fill(w["median_change"], value=tick_text(change, lang, digits=0, signed=True)),
        transform=ax.transAxes,
        ha="center",
        fontsize=8,
    )
    ax.set_xticks([0, 1])
    ax.set_xticklabels([w["before"], w["after"]])
    ax.set_xlim(-0.15, 1.5 if label_them else 1.15)
    ax.set_ylim(0, 105)
    format_ticks(ax.yaxis, lang, digits=0)
    ax.set_ylabel(w["score"])
    return open_frame(ax)


# --------------------------------------------------------------------------------------------
# Text alternatives: what each chart shows, in words and figures, from the same table it draws
# (nothing is drawn; the figures are written through toolkit.fmt)


def _alt(lang: str, title: str, values: str) -> str:
    return words.render("charts.alt_list", lang, title=title, values=values)


def _hidden(w: Labels, frame_or_min_group: Any, lang: str) -> str:
    limit = (
        frame_or_min_group
        if isinstance(frame_or_min_group, int)
        else min_group_of(frame_or_min_group)
    )
    return fill(w["suppressed"], n=fmt.count(limit, lang))


def recommendations_alt(
    data: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    labels: Labels | None = None,
) -> str:
    """What :func:`recommendations` shows: each recommendation's count and share.

    >>> frame = pd.DataFrame({"recommendation": ["go", "prepare"], "count": [3, 1],
    ...                       "share": [75.0, 25.0]})
    >>> recommendations_alt(frame, lang="en")
    'Distribution of recommendations — 4 organisations: Prepare first 1 (25%), Make it part of the plan 3 (75%).'
    """  # noqa: E501
    q, lang, w = setup(questionnaire, lang, labels)
    title = w["recommendations_title"]
    if data is None or len(data) == 0:
        return _alt(lang, title, w["no_data"])
    if "value" in data.columns and (data["value"] != data["value"].iloc[0]).any():
        data = data[data["value"] == data["value"].iloc[0]]
    if _all_suppressed(data):
        return _alt(lang, title, _hidden(w, data, lang))
    order = [r.id for r in q.rules if r.id in set(data["recommendation"])]
    rows = data.set_index("recommendation").reindex(order)
    parts = []
    for rule_id, row in rows.iterrows():
        text = f"{q.rule(str(rule_id)).label(lang)} {fmt.count(row['count'], lang)}"
        if not pd.isna(row["share"]):
            text += f" ({fmt.percent(float(row['share']) / 100, lang=lang)})"
        parts.append(text)
    total = fmt.count(float(rows["count"].fillna(0).sum()), lang)
    return words.render(
        "charts.alt_count_list", lang, title=title, n=total, values=", ".join(parts)
    )


def likert_alt(
    data: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    labels: Labels | None = None,
) -> str:
    """What :func:`likert` shows: for each statement (its short label), the share of answers
    that agree, that disagree and that do not know."""
    q, lang, w = setup(questionnaire, lang, labels)
    title = w["likert_title"]
    if data is None or len(data) == 0:
        return _alt(lang, title, w["no_data"])
    scale = q.scales[data.attrs.get("scale", "agree5")]
    opinion = [o for o in scale.options if not o.dk]
    dk_codes = [o.code for o in scale.options if o.dk]
    half = len(opinion) // 2
    disagree_codes = [o.code for o in opinion[:half]]
    agree_codes = [o.code for o in opinion[len(opinion) - half :]]
    counted = [o.code for o in opinion] + dk_codes
    parts = []
    for qid, row in data.iterrows():
        label = q.question(str(qid)).short_label(lang)
        total = float(row[counted].sum())
        if bool(row.get("suppressed", False)) or total == 0:
            parts.append(f"{fmt.colon(label, lang)} {_hidden(w, data, lang)}")
            continue

        def share(codes: list[str], total: float = total, row: Any = row) -> str:
            return fmt.percent(float(row[codes].sum()) / total, lang=lang)

        parts.append(
            words.render(
                "charts.alt_likert_item",
                lang,
                label=label,
                agree=share(agree_codes),
                disagree=share(disagree_codes),
                dont_know=share(dk_codes),
            )
        )
    return _alt(lang, title, "; ".join(parts))


def red_flags_alt(
    data: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    labels: Labels | None = None,
) -> str:
    """What :func:`red_flags` shows: each flag, its level and the share of answers raising it."""
    q, lang, w = setup(questionnaire, lang, labels)
    title = w["flags_title"]
    if data is None or len(data) == 0:
        return _alt(lang, title, w["no_data"])
    if _all_suppressed(data):
        return _alt(lang, title, _hidden(w, data, lang))
    parts = []
    for fid, row in data.iterrows():
        level = w["flag_hard"] if row["level"] == "hard" else w["flag_soft"]
        message = q.flag(str(fid)).message(lang).rstrip(".")
        share = fmt.percent(float(row["share"]) / 100, lang=lang)
        parts.append(f"{message} ({level}) {share}")
    return _alt(lang, title, "; ".join(parts))


def hours_alt(
    data: pd.DataFrame,
    lang: str | None = None,
    min_group: int = 5,
    labels: Labels | None = None,
) -> str:
    """What :func:`hours` shows: the median hours needed and freed, and how many answers free
    enough, half or less than half of what they need."""
    lang = words.resolve(lang)
    w = chart_labels(labels, lang)
    title = w["hours_title"]
    if data is None or len(data) == 0 or data["hours_needed"].notna().sum() == 0:
        return _alt(lang, title, w["no_data"])
    if data["org_key"].nunique() < min_group:
        return _alt(lang, title, _hidden(w, min_group, lang))
    bands = data["band"].value_counts()
    return words.render(
        "charts.alt_hours",
        lang,
        title=title,
        n=fmt.count(len(data), lang),
        needed=fmt.hours(float(data["hours_needed"].median()), lang),
        freed=fmt.hours(float(data["hours_freed"].median()), lang),
        short=fmt.count(int(bands.get("short", 0)), lang),
        partial=fmt.count(int(bands.get("partial", 0)), lang),
        enough=fmt.count(int(bands.get("enough", 0)), lang),
    )


def heatmap_alt(
    data: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    labels: Labels | None = None,
) -> str:
    """What :func:`heatmap` shows, without naming anyone: how many organisations, and the
    median score of each dimension across its rows."""
    q, lang, w = setup(questionnaire, lang, labels)
    title = w["heatmap_title"]
    if data is None or len(data) == 0:
        return _alt(lang, title, w["no_data"])
    n = len(data)
    if data.attrs.get("binned"):  # the last band ends with the last rank
        n = int(str(data.index[-1]).split("–")[-1])
    dims = [d for d in q.dimension_ids if d in data.columns]
    medians = data[dims].median()
    values = ", ".join(
        f"{q.dimension(d).label(lang)} {fmt.score(float(medians[d]), lang)}" for d in dims
    )
    return words.render(
        "charts.alt_heatmap", lang, title=title, n=fmt.count(n, lang), values=values
    )


def segments_alt(
    data: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    labels: Labels | None = None,
) -> str:
    """What :func:`segments` shows: each value's median, interquartile range and count."""
    q, lang, w = setup(questionnaire, lang, labels)
    measure = data.attrs.get("measure", "global") if data is not None else "global"
    title = fill(w["segments_title"], measure=measure_label(measure, q, lang))
    if data is None or len(data) == 0:
        return _alt(lang, title, w["no_data"])
    segment = data.attrs.get("segment") or (
        data["segment"].iloc[0] if "segment" in data.columns else ""
    )
    parts = []
    for row in data.itertuples():
        value = segment_value_label(segment, row.value, q, lang)
        if bool(row.suppressed) or pd.isna(row.median):
            parts.append(f"{value} — {_hidden(w, data, lang)}")
            continue
        parts.append(
            words.render(
                "charts.alt_segment_item",
                lang,
                value=value,
                median=fmt.score(float(row.median), lang),
                q1=fmt.score(float(row.q1), lang),
                q3=fmt.score(float(row.q3), lang),
                n=fmt.count(row.n_orgs, lang),
            )
        )
    return _alt(lang, title, "; ".join(parts))


def slope_alt(
    data: pd.DataFrame,
    measure: str = "global",
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    min_group: int = 5,
    labels: Labels | None = None,
) -> str:
    """What :func:`slope` shows: how many organisations went up or stayed, how many went
    down, and the median change."""
    q, lang, w = setup(questionnaire, lang, labels)
    title = fill(w["slope_title"], measure=measure_label(measure, q, lang))
    rows = data[data["measure"] == measure] if data is not None and len(data) else data
    if rows is None or len(rows) == 0:
        return _alt(lang, title, w["no_data"])
    if rows["org_key"].nunique() < min_group:
        return _alt(lang, title, _hidden(w, min_group, lang))
    before = rows["before"].to_numpy(dtype=float)
    after = rows["after"].to_numpy(dtype=float)
    up = int((after >= before).sum())
    return words.render(
        "charts.alt_slope",
        lang,
        title=title,
        n=fmt.count(len(rows), lang),
        up=fmt.count(up, lang),
        down=fmt.count(len(rows) - up, lang),
        change=tick_text(float(np.nanmedian(after - before)), lang, digits=0, signed=True),
    )
