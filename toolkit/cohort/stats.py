"""Scores and their statistics: the scores table, the statistics of every measure and every
question (suppressed under the minimum group size), percentile ranks, and the vectorised
group statistics that segments reuse."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import scoring
from ..questionnaire import SINGLE, SUBINDEX_COLUMNS, Questionnaire, default
from .anonymity import _org_ids, check_min_group, suppression_note
from .latest import latest_per_organisation

STAT_COLUMNS = ("n", "n_orgs", "mean", "median", "q1", "q3", "suppressed", "note")


def measures(questionnaire: Questionnaire | None = None) -> list[str]:
    """Score columns summarised by cohort statistics: every dimension, the sub-indices, global."""
    q = questionnaire or default()
    return [*q.dimension_ids, *SUBINDEX_COLUMNS.values(), "global"]


def scores(frame: pd.DataFrame, questionnaire: Questionnaire | None = None) -> pd.DataFrame:
    """The scores table of an answers table (``scoring.score``) plus ``source``, ``year`` and
    ``hours_freed`` — one row per submission."""
    q = questionnaire or default()
    if "global" in frame.columns:  # already scored
        table = frame.copy()
    else:
        table = scoring.score(frame, q)
        for col in ("source",):
            if col in frame.columns:
                table[col] = frame[col].to_numpy()
    if "year" not in table.columns:
        table["year"] = _year(table)
    if "hours_freed" not in table.columns:
        hours_q = q.hours_question().id
        if hours_q in frame.columns:
            table["hours_freed"] = pd.to_numeric(frame[hours_q], errors="coerce").to_numpy()
        else:
            table["hours_freed"] = table["hours_ratio"] * table["hours_needed"]
    return table


def _year(table: pd.DataFrame) -> pd.Series:
    when = None
    for col in ("submitted", "started"):
        if col in table.columns:
            parsed = pd.to_datetime(table[col], errors="coerce", utc=True, format="ISO8601")
            when = parsed if when is None else when.fillna(parsed)
    if when is None:
        return pd.Series(pd.NA, index=table.index, dtype="Int64")
    return when.dt.year.astype("Int64")


_NA_GROUP = "\x00na"  # stands for "no value" while grouping (groupby drops None keys)


def _group_stats(
    values: pd.DataFrame, orgs: pd.Series, groups: pd.Series, min_group: int
) -> pd.DataFrame:
    """Statistics of every column within every group, in one vectorised pass.

    Long table indexed by (group, measure) with :data:`STAT_COLUMNS`; a cell whose group has
    fewer than ``min_group`` distinct organisations with a value is suppressed.
    """
    v = values.apply(pd.to_numeric, errors="coerce").astype(float)
    keys = groups.astype(object).where(groups.notna(), _NA_GROUP)
    grouped = v.groupby(keys, sort=False)
    parts = {
        "n": grouped.count(),
        "mean": grouped.mean(),
        "median": grouped.median(),
        "q1": grouped.quantile(0.25),
        "q3": grouped.quantile(0.75),
    }
    present = v.notna()
    parts["n_orgs"] = (
        present.groupby([keys, orgs.to_numpy()], sort=False)
        .any()
        .groupby(level=0, sort=False)
        .sum()
    )
    long = pd.DataFrame(
        {name: frame.stack(future_stack=True) for name, frame in parts.items()}  # noqa: PD013
    )
    long.index = long.index.set_names(["group", "measure"])
    long["n"] = long["n"].fillna(0)
    long["n_orgs"] = long["n_orgs"].fillna(0)
    suppressed = long["n_orgs"] < min_group
    long.loc[suppressed, ["mean", "median", "q1", "q3"]] = np.nan
    long["suppressed"] = suppressed
    long["note"] = np.where(suppressed, suppression_note(min_group), "")
    return long[list(STAT_COLUMNS)]


def _stats(values: pd.DataFrame, orgs: pd.Series, min_group: int) -> pd.DataFrame:
    """n, n_orgs, mean, median, q1, q3 of each column, suppressed under min_group organisations."""
    columns = list(values.columns)
    if len(values) == 0:
        out = pd.DataFrame(
            {
                "n": 0,
                "n_orgs": 0,
                "mean": np.nan,
                "median": np.nan,
                "q1": np.nan,
                "q3": np.nan,
                "suppressed": True,
                "note": suppression_note(min_group),
            },
            index=pd.Index(columns),
        )
    else:
        long = _group_stats(values, orgs, pd.Series(0, index=values.index), min_group)
        out = long.droplevel("group").reindex(columns)
    out.index.name = "measure"
    return _typed_stats(out, min_group)


def _typed_stats(out: pd.DataFrame, min_group: int) -> pd.DataFrame:
    out = out.astype(
        {
            "n": "int64",
            "n_orgs": "int64",
            "mean": "float64",
            "median": "float64",
            "q1": "float64",
            "q3": "float64",
            "suppressed": "bool",
        }
    )
    out.attrs["min_group"] = min_group
    return out


def dimension_stats(
    scores_table: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
) -> pd.DataFrame:
    """Cohort statistics of every measure (dimensions, sub-indices, global).

    Each organisation counts once per cohort, with its latest submission
    (:func:`latest_per_organisation`). Index: measure id. Columns: ``n`` (answer sets with a
    score: one per organisation and cohort), ``n_orgs`` (distinct organisations), ``mean``,
    ``median``, ``q1``, ``q3`` (quartiles, linear interpolation), ``suppressed`` and
    ``note``. A measure scored by fewer than ``min_group`` organisations is suppressed.
    """
    q = questionnaire or default()
    limit = check_min_group(min_group)
    scores_table = latest_per_organisation(scores_table)
    cols = [m for m in measures(q) if m in scores_table.columns]
    return _stats(scores_table[cols], _org_ids(scores_table), limit)


def question_stats(
    frame: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
) -> pd.DataFrame:
    """Statistics of every scored item's 0–100 score, plus ``dont_know`` (answers « dk »).

    Index: question id; columns ``dimension``, then those of :func:`dimension_stats`, and
    ``dont_know``. Suppressed like every group statistic (the counts too); each organisation
    counts once per cohort, with its latest submission.
    """
    q = questionnaire or default()
    limit = check_min_group(min_group)
    frame = latest_per_organisation(frame)
    items = scoring.item_scores(frame, q)
    out = _stats(items, _org_ids(frame), limit)
    out.insert(0, "dimension", [q.question(x).dimension for x in out.index])
    dk = []
    for qid in out.index:
        question = q.question(qid)
        if question.scale.type == SINGLE and question.scale.has_dk and qid in frame.columns:
            dk.append(int((frame[qid].astype(object) == "dk").sum()))
        else:
            dk.append(0)
    out["dont_know"] = pd.array(dk, dtype="Int64")
    out.loc[out["suppressed"], ["n", "dont_know"]] = pd.NA
    out.index.name = "question"
    out.attrs["min_group"] = limit
    return out


def percentile_ranks(
    scores_table: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
    within: str | None = None,
) -> pd.DataFrame:
    """Each organisation's percentile rank per measure within its group: one row per
    organisation and cohort, its latest submission (:func:`latest_per_organisation`), so that
    a response saved twice neither appears twice nor pushes the others down.

    The percentile rank of a score is the percent of the group's scores below it plus half
    of those equal to it: ``(rank - 0.5) / n × 100`` with average ranks for ties. The group
    is the whole table, or each value of ``within`` (e.g. ``"cohort"``); a group under
    ``min_group`` organisations gives NaN and ``suppressed`` True. Names are kept: this is
    the analyst's view (pass the result through :func:`anonymise` before sharing).
    """
    q = questionnaire or default()
    limit = check_min_group(min_group)
    scores_table = latest_per_organisation(scores_table)
    cols = [m for m in measures(q) if m in scores_table.columns]
    ids = [
        c
        for c in ("submission_id", "cohort", "organisation", "org_key")
        if c in scores_table.columns
    ]
    out = scores_table[ids].copy()
    orgs = _org_ids(scores_table)
    groups = (
        scores_table[within].astype(object).fillna("")
        if within
        else pd.Series(0, index=scores_table.index)
    )
    sizes = orgs.groupby(groups).transform("nunique")
    for col in cols:
        values = pd.to_numeric(scores_table[col], errors="coerce")
        ranks = values.groupby(groups).rank(method="average")
        counts = values.notna().groupby(groups).transform("sum")
        pct = (ranks - 0.5) / counts * 100.0
        out[col] = pct.where(sizes >= limit)
    out["suppressed"] = (sizes < limit).to_numpy()
    out["note"] = np.where(out["suppressed"], suppression_note(limit), "")
    out.attrs["min_group"] = limit
    return out
