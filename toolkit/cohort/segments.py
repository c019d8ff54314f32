"""Segments: the statistics of each measure for each value of a sector, size, region, cohort
or year."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..questionnaire import Questionnaire, default
from .anonymity import _org_ids, check_min_group
from .latest import latest_per_organisation
from .stats import _NA_GROUP, STAT_COLUMNS, _group_stats, _typed_stats, measures, scores

SEGMENTS = ("sector", "size", "region", "cohort", "year")


def segment_stats(
    scores_table: pd.DataFrame,
    by: str,
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
    measures_: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Statistics of each measure for each value of one segment (sector, size, region,
    cohort or year).

    Long table: ``segment`` (the name, e.g. ``sector``), ``value`` (e.g. ``retail``),
    ``measure``, then :data:`STAT_COLUMNS`. Segments under ``min_group`` organisations are
    suppressed; rows with no value for the segment are grouped under ``value`` NA. Each
    organisation counts once per cohort, with its latest submission.
    """
    q = questionnaire or default()
    limit = check_min_group(min_group)
    if by not in SEGMENTS and by not in scores_table.columns:
        raise ValueError(f"unknown segment {by!r}; choose one of {', '.join(SEGMENTS)}")
    table = scores_table if by in scores_table.columns else scores(scores_table, q)
    table = latest_per_organisation(table)
    cols = list(measures_ or [m for m in measures(q) if m in table.columns])
    keys = table[by].astype(object).where(table[by].notna(), None)
    order = _segment_order(by, keys, q)
    if not order:
        empty = pd.DataFrame(columns=["segment", "value", "measure", *STAT_COLUMNS])
        return _typed_stats(empty, limit)
    long = _group_stats(table[cols], _org_ids(table), keys, limit).reset_index()
    position = {(_NA_GROUP if v is None else v): i for i, v in enumerate(order)}
    measure_position = {m: i for i, m in enumerate(cols)}
    long["_order"] = long["group"].map(position) * len(cols) + long["measure"].map(measure_position)
    long = long.sort_values("_order", kind="stable").drop(columns="_order")
    long.insert(0, "value", long.pop("group").map(lambda g: None if g == _NA_GROUP else g))
    long.insert(0, "segment", by)
    return _typed_stats(long.reset_index(drop=True), limit)


def _segment_order(by: str, keys: pd.Series, q: Questionnaire) -> list[Any]:
    present = [k for k in pd.unique(keys.dropna())]
    try:
        codes = list(q.profile_field(by).codes)
    except KeyError:
        codes = []
    if codes:
        ordered = [c for c in codes if c in present] + sorted(
            (k for k in present if k not in codes), key=str
        )
    else:
        ordered = sorted(present, key=str)
    if keys.isna().any():
        ordered.append(None)
    return ordered


def segment_table(
    scores_table: pd.DataFrame,
    by: str,
    measure: str = "global",
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
) -> pd.DataFrame:
    """One measure across the values of one segment (what ``charts.segments`` draws)."""
    long = segment_stats(scores_table, by, questionnaire, min_group, measures_=[measure])
    out = long.drop(columns=["measure"]).reset_index(drop=True)
    out.attrs["min_group"] = long.attrs["min_group"]
    out.attrs["measure"] = measure
    out.attrs["segment"] = by
    return out
