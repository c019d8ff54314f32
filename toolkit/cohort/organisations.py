"""Organisations across time and within one cohort: before/after for organisations that
answered in two cohorts (their latest submission in each), and the spread of several
respondents' answers in one organisation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..questionnaire import Questionnaire, default
from .anonymity import _org_ids, check_min_group, suppression_note
from .latest import latest_per_organisation
from .stats import measures

DISAGREEMENT_POINTS = 25.0


def _sessions(scores_table: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """One row per (organisation, cohort): its latest submission there, as statistics read it."""
    table = latest_per_organisation(scores_table).copy()
    table["_org"] = _org_ids(table)
    table["_cohort"] = (
        table["cohort"].astype(object).fillna("") if "cohort" in table.columns else ""
    )
    when = pd.to_datetime(table.get("submitted"), errors="coerce", utc=True, format="ISO8601")
    if "started" in table.columns:
        when = when.fillna(
            pd.to_datetime(table["started"], errors="coerce", utc=True, format="ISO8601")
        )
    table["_when"] = when
    agg: dict[str, Any] = {c: "mean" for c in cols}
    agg.update(_when="min", organisation="first", submission_id="count")
    return (
        table.groupby(["_org", "_cohort"], sort=False)
        .agg(agg)
        .rename(columns={"submission_id": "respondents"})
        .reset_index()
    )


def before_after(
    scores_table: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    measures_: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Change for organisations that answered in two or more cohorts (matched by ``org_key``).

    An organisation's *session* in a cohort is its latest submission there, the one every
    statistic reads (:func:`latest_per_organisation`); :func:`agreement` shows how its
    respondents differ. The earliest session is *before*, the latest *after*. Long table:
    ``org_key``, ``organisation``, ``measure``, ``before``, ``after``, ``change`` (after −
    before), ``before_cohort``, ``after_cohort``, ``before_date``, ``after_date``. Names are
    kept (analyst view).
    """
    q = questionnaire or default()
    cols = list(measures_ or [m for m in measures(q) if m in scores_table.columns])
    columns = [
        "org_key",
        "organisation",
        "measure",
        "before",
        "after",
        "change",
        "before_cohort",
        "after_cohort",
        "before_date",
        "after_date",
    ]
    if scores_table.empty:
        return pd.DataFrame(columns=columns)
    sessions = _sessions(scores_table, cols).sort_values(
        ["_org", "_when", "_cohort"], na_position="last", kind="stable"
    )
    counts = sessions.groupby("_org")["_cohort"].transform("size")
    sessions = sessions[counts >= 2]
    if sessions.empty:
        return pd.DataFrame(columns=columns)
    first = sessions.groupby("_org", sort=True).head(1).set_index("_org")
    last = sessions.groupby("_org", sort=True).tail(1).set_index("_org")
    parts = []
    for col in cols:
        parts.append(
            pd.DataFrame(
                {
                    "org_key": first.index,
                    "organisation": last["organisation"].reindex(first.index).to_numpy(),
                    "measure": col,
                    "before": first[col].to_numpy(dtype=float),
                    "after": last[col].reindex(first.index).to_numpy(dtype=float),
                    "before_cohort": first["_cohort"].to_numpy(),
                    "after_cohort": last["_cohort"].reindex(first.index).to_numpy(),
                    "before_date": first["_when"].to_numpy(),
                    "after_date": last["_when"].reindex(first.index).to_numpy(),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out["change"] = out["after"] - out["before"]
    return out[columns]


def before_after_summary(pairs: pd.DataFrame, min_group: int | None = None) -> pd.DataFrame:
    """Median before, after and change per measure, over the matched organisations;
    suppressed when fewer than ``min_group`` organisations answered twice."""
    limit = check_min_group(min_group)
    rows = {}
    for measure, part in pairs.groupby("measure", sort=False):
        n_orgs = int(part["org_key"].nunique())
        suppressed = n_orgs < limit
        rows[measure] = {
            "n_orgs": n_orgs,
            "median_before": np.nan if suppressed else part["before"].median(),
            "median_after": np.nan if suppressed else part["after"].median(),
            "median_change": np.nan if suppressed else part["change"].median(),
            "improved": np.nan if suppressed else float((part["change"] > 0).sum()),
            "suppressed": suppressed,
            "note": suppression_note(limit) if suppressed else "",
        }
    out = pd.DataFrame.from_dict(
        rows,
        orient="index",
        columns=[
            "n_orgs",
            "median_before",
            "median_after",
            "median_change",
            "improved",
            "suppressed",
            "note",
        ],
    )
    out.index.name = "measure"
    out.attrs["min_group"] = limit
    return out.astype({"suppressed": "bool"})


def agreement(
    scores_table: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    threshold: float = DISAGREEMENT_POINTS,
    measures_: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Spread of the answers when several people of one organisation answered in one cohort.

    Long table, one row per (cohort, organisation, measure) with two or more respondents:
    ``cohort``, ``org_key``, ``organisation``, ``measure``, ``respondents``, ``min``, ``max``,
    ``range`` (max − min), ``std`` (population standard deviation of the respondents, ddof=0)
    and ``disagree`` (range ≥ ``threshold``, 25 points by default). The disagreement is itself a
    finding to discuss within the group. Names are kept: share it only with that organisation.

    The same response counted twice is not a second respondent: rows of one organisation with
    the same ``respondent_role`` and the same scores on every measure count once.
    """
    q = questionnaire or default()
    cols = list(measures_ or [*q.dimension_ids, "global"])
    columns = [
        "cohort",
        "org_key",
        "organisation",
        "measure",
        "respondents",
        "min",
        "max",
        "range",
        "std",
        "disagree",
    ]
    if scores_table.empty:
        return pd.DataFrame(columns=columns)
    table = scores_table.copy()
    table["_org"] = _org_ids(table)
    table["_cohort"] = (
        table["cohort"].astype(object).fillna("") if "cohort" in table.columns else ""
    )
    same = ["_cohort", "_org", *(["respondent_role"] if "respondent_role" in table else []), *cols]
    table = table[~table[same].astype(object).fillna("").astype(str).duplicated(keep="last")]
    size = table.groupby(["_cohort", "_org"])["_org"].transform("size")
    table = table[size >= 2]
    if table.empty:
        return pd.DataFrame(columns=columns)
    long = table.melt(
        id_vars=["_cohort", "_org", "organisation"],
        value_vars=cols,
        var_name="measure",
        value_name="score",
    )
    long["score"] = pd.to_numeric(long["score"], errors="coerce")
    grouped = long.groupby(["_cohort", "_org", "measure"], sort=False)
    out = grouped.agg(
        organisation=("organisation", "first"),
        respondents=("score", "size"),
        min=("score", "min"),
        max=("score", "max"),
    )
    out["std"] = grouped["score"].std(ddof=0)
    out = out.reset_index().rename(columns={"_cohort": "cohort", "_org": "org_key"})
    out["range"] = out["max"] - out["min"]
    out["disagree"] = (out["range"] >= threshold).fillna(False).astype(bool)
    order = {m: i for i, m in enumerate(cols)}
    out = out.sort_values(["cohort", "org_key"], kind="stable")
    out = out.sort_values(
        ["cohort", "org_key", "measure"],
        key=lambda s: s.map(order) if s.name == "measure" else s,
        kind="stable",
    )
    return out[columns].reset_index(drop=True)
