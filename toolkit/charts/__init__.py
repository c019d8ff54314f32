"""Charts: matplotlib only — draw what :mod:`toolkit.cohort` and :mod:`toolkit.scoring` computed.

Every chart takes its data (a mapping or a DataFrame that the core returned), the
questionnaire when labels come from it, ``lang`` for the figures (tick labels and numbers are
written through :mod:`toolkit.fmt`), its words as ``labels`` (already translated; what is left
out comes from :func:`labels_for`) and an optional ``ax``, and returns the
:class:`~matplotlib.axes.Axes` it drew on. No chart computes a statistic: the numbers are
tested on the DataFrames, the drawings are smoke-tested on the Agg backend. Where placing
things takes thought (the radar's spokes, the stakeholder grid), a pure layout function
returns the positions and the drawing only follows them.

One module per kind of chart: :mod:`~toolkit.charts.organisation` (one organisation's radar
and stakeholder map), :mod:`~toolkit.charts.comparison` (a cohort's charts) and
:mod:`~toolkit.charts.common` (colours, labels, tick formatting, PNG export).

Every chart has a text alternative built by a pure function beside it (:func:`radar_alt`,
:func:`likert_alt` …: the same data and words, figures through :mod:`toolkit.fmt`, nothing
drawn), and :func:`figure_html` embeds a chart in a page with it: inline SVG named by
``role="img"`` and ``aria-label``, or ``<img alt>`` of a PNG when the SVG would be heavy.
The radar is sized for a phone (text at least :data:`MIN_TEXT_PX` px when shown
:data:`PHONE_WIDTH_PX` px wide: :func:`smallest_text_px`); long labels wrap, never cut.

Colours are the Okabe–Ito palette, safe for the common colour-vision deficiencies; where a
colour carries meaning, a text label or a marker shape carries it too.

>>> from toolkit import charts, questionnaire
>>> q = questionnaire.load()
>>> labels = charts.labels_for("en")
>>> ax = charts.radar({"motivation": 80, "audience": 40}, q, "en", labels=labels)  # doctest: +SKIP
"""

from __future__ import annotations

from ..palette import OKABE_ITO, RECOMMENDATION_COLOURS
from .common import (
    LABEL_KEYS,
    MIN_TEXT_PX,
    PALETTE,
    PHONE_WIDTH_PX,
    display_px,
    figure_html,
    img_html,
    labels_for,
    measure_label,
    smallest_text_px,
    texts_cut_off,
    tick_text,
    to_png,
    to_png_base64,
    to_svg,
)
from .comparison import (
    heatmap,
    heatmap_alt,
    hours,
    hours_alt,
    likert,
    likert_alt,
    recommendations,
    recommendations_alt,
    red_flags,
    red_flags_alt,
    segment_value_label,
    segments,
    segments_alt,
    slope,
    slope_alt,
    spread_labels,
)
from .organisation import (
    RadarLayout,
    radar,
    radar_alt,
    radar_layout,
    stakeholder_alt,
    stakeholder_labels,
    stakeholder_layout,
    stakeholder_map,
)

__all__ = [
    "LABEL_KEYS",
    "MIN_TEXT_PX",
    "OKABE_ITO",
    "PALETTE",
    "PHONE_WIDTH_PX",
    "RECOMMENDATION_COLOURS",
    "RadarLayout",
    "display_px",
    "figure_html",
    "heatmap",
    "heatmap_alt",
    "hours",
    "hours_alt",
    "img_html",
    "labels_for",
    "likert",
    "likert_alt",
    "measure_label",
    "radar",
    "radar_alt",
    "radar_layout",
    "recommendations",
    "recommendations_alt",
    "red_flags",
    "red_flags_alt",
    "segment_value_label",
    "segments",
    "segments_alt",
    "slope",
    "slope_alt",
    "smallest_text_px",
    "spread_labels",
    "stakeholder_alt",
    "stakeholder_labels",
    "stakeholder_layout",
    "stakeholder_map",
    "texts_cut_off",
    "tick_text",
    "to_png",
    "to_png_base64",
    "to_svg",
]
