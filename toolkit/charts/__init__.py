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
    PALETTE,
    labels_for,
    measure_label,
    tick_text,
    to_png,
    to_png_base64,
)
from .comparison import (
    heatmap,
    hours,
    likert,
    recommendations,
    red_flags,
    segment_value_label,
    segments,
    slope,
    spread_labels,
)
from .organisation import (
    RadarLayout,
    radar,
    radar_layout,
    stakeholder_labels,
    stakeholder_layout,
    stakeholder_map,
)

__all__ = [
    "LABEL_KEYS",
    "OKABE_ITO",
    "PALETTE",
    "RECOMMENDATION_COLOURS",
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
