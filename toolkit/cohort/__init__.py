"""Cohort aggregation: many submissions → statistics, percentiles, segments, before/after,
agreement — with the anonymity rule applied everywhere (pure pandas, no drawing).

A *group* is any set of submissions that one statistic summarises: the whole cohort, a
segment (a sector, a size, a region, a cohort, a year), a recommendation count. A group is
counted in distinct **organisations** (``org_key``), not submissions, because several people of
one organisation may answer or the same answers may be imported twice: each organisation reads
its latest submission in each cohort (:func:`latest_per_organisation`). A group under
``min_group`` organisations (default 5, never below 3) is *suppressed*: its numbers become NaN,
its ``suppressed`` column is True and its ``note`` says why, so that no one can read another
organisation's answers off a small group.

One module per job, every public name re-exported here (``cohort.compare``, ``cohort.scores``…):

* :mod:`~toolkit.cohort.anonymity` — the minimum group size, pseudonyms, :func:`anonymise`;
* :mod:`~toolkit.cohort.latest` — :func:`latest_per_organisation`, what every statistic
  counts: the latest submission of each organisation in each cohort; :func:`repeats`;
* :mod:`~toolkit.cohort.loading` — :func:`as_frame` (what the functions accept) and
  :func:`load` (:func:`toolkit.sources.load`, the one loader);
* :mod:`~toolkit.cohort.stats` — :func:`scores`, :func:`dimension_stats`,
  :func:`question_stats`, :func:`percentile_ranks`;
* :mod:`~toolkit.cohort.comparison` — :func:`compare`, the comparison a screen shows;
* :mod:`~toolkit.cohort.segments` — :func:`segment_stats`, :func:`segment_table`;
* :mod:`~toolkit.cohort.distributions` — recommendations, red flags, Likert counts, capacity;
* :mod:`~toolkit.cohort.organisations` — :func:`before_after`, :func:`agreement`;
* :mod:`~toolkit.cohort.tables` — :func:`tidy`, :func:`wide`, :func:`heatmap_table`;
* :mod:`~toolkit.cohort.spreadsheet` — :func:`export` to CSV/XLSX, formulas neutralised.

>>> from toolkit import cohort
>>> result = cohort.load(["data/sample_cohort"])                       # doctest: +SKIP
>>> scores = cohort.scores(result.frame)                               # doctest: +SKIP
>>> cohort.dimension_stats(scores)[["n_orgs", "median", "suppressed"]]  # doctest: +SKIP
"""

from __future__ import annotations

from ..store import LoadResult
from .anonymity import (
    ABSOLUTE_MIN_GROUP,
    DEFAULT_MIN_GROUP,
    PSEUDONYM_PREFIX,
    AnonymityError,
    anonymise,
    check_min_group,
    pseudonym,
    suppression_note,
)
from .comparison import CohortComparison, compare
from .distributions import (
    capacity_gap,
    capacity_summary,
    flag_frequency,
    likert_counts,
    recommendation_distribution,
)
from .latest import REPEAT_COLUMNS, latest_per_organisation, repeats
from .loading import as_frame, load
from .organisations import DISAGREEMENT_POINTS, agreement, before_after, before_after_summary
from .segments import SEGMENTS, segment_stats, segment_table
from .spreadsheet import FORMULA_STARTS, export, neutralise_formulas
from .stats import (
    STAT_COLUMNS,
    dimension_stats,
    measures,
    percentile_ranks,
    question_stats,
    scores,
)
from .tables import heatmap_table, tidy, wide

__all__ = [
    "ABSOLUTE_MIN_GROUP",
    "DEFAULT_MIN_GROUP",
    "DISAGREEMENT_POINTS",
    "FORMULA_STARTS",
    "PSEUDONYM_PREFIX",
    "REPEAT_COLUMNS",
    "SEGMENTS",
    "STAT_COLUMNS",
    "AnonymityError",
    "CohortComparison",
    "LoadResult",
    "agreement",
    "anonymise",
    "as_frame",
    "before_after",
    "before_after_summary",
    "capacity_gap",
    "capacity_summary",
    "check_min_group",
    "compare",
    "dimension_stats",
    "export",
    "flag_frequency",
    "heatmap_table",
    "latest_per_organisation",
    "likert_counts",
    "load",
    "measures",
    "neutralise_formulas",
    "percentile_ranks",
    "pseudonym",
    "question_stats",
    "recommendation_distribution",
    "repeats",
    "scores",
    "segment_stats",
    "segment_table",
    "suppression_note",
    "tidy",
    "wide",
]
