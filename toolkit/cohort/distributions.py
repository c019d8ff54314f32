"""Distributions over a group: recommendations, red flags, answers on one scale (Likert), and
the capacity gap (hours needed against hours freed)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..questionnaire import RECOMMENDATIONS, Questionnaire, default
from .anonymity import _org_ids, check_min_group, suppression_note
from .latest import latest_per_organisation


def _count_cells(count: int, n: int, n_orgs: int, limit: int) -> dict[str, Any]:
    """``count`` of a group of ``n`` submissions from ``n_orgs`` organisations, with its share
    (percent): both hidden (NaN) and a note given when the group is under ``limit``."""
    suppressed = n_orgs < limit
    return {
        "count": np.nan if suppressed else count,
        "share": np.nan if suppressed or not n else count / n * 100.0,
        "n": n,
        "n_orgs": n_orgs,
        "suppressed": suppressed,
        "note": suppression_note(limit) if suppressed else "",
    }


def recommendation_distribution(
    scores_table: pd.DataFrame,
    by: str | None = None,
    min_group: int | None = None,
) -> pd.DataFrame:
    """How many organisations got each recommendation (abstain, one_off, prepare, go).

    Each organisation counts once per cohort, with its latest submission. Columns: ``value``
    (the segment value; ``"all"`` without ``by``), ``recommendation``, ``count``, ``share``
    (percent of the group), ``n`` (group size: organisations, once per cohort), ``n_orgs``,
    ``suppressed``, ``note``. Every recommendation appears, with 0 when none got it.
    """
    limit = check_min_group(min_group)
    scores_table = latest_per_organisation(scores_table)
    orgs = _org_ids(scores_table)
    groups = scores_table[by].astype(object) if by else pd.Series("all", index=scores_table.index)
    rows = []
    for value in pd.unique(groups.dropna()) if len(groups) else ["all"]:
        mask = groups == value
        recs = scores_table.loc[mask, "recommendation"].astype(object)
        n, n_orgs = int(mask.sum()), int(orgs[mask].nunique())
        for rec in RECOMMENDATIONS:
            count = int((recs == rec).sum())
            rows.append(
                {
                    "value": value,
                    "recommendation": rec,
                    **_count_cells(count, n, n_orgs, limit),
                }
            )
    out = pd.DataFrame(
        rows,
        columns=["value", "recommendation", "count", "share", "n", "n_orgs", "suppressed", "note"],
    )
    out = out.astype({"count": "float64", "share": "float64", "suppressed": "bool"})
    out.attrs["min_group"] = limit
    return out


def flag_frequency(
    scores_table: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
) -> pd.DataFrame:
    """How often each red flag is raised. Index: flag id; columns ``question``, ``level``,
    ``count``, ``share`` (percent of organisations), ``n``, ``n_orgs``, ``suppressed``,
    ``note``. Sorted by count, most frequent first. Each organisation counts once per cohort,
    with its latest submission."""
    q = questionnaire or default()
    limit = check_min_group(min_group)
    scores_table = latest_per_organisation(scores_table)
    n = len(scores_table)
    n_orgs = int(_org_ids(scores_table).nunique())
    exploded = scores_table["flags"].explode().dropna() if n else pd.Series(dtype=object)
    counts = exploded.value_counts()
    rows = []
    for flag in q.flags:
        count = int(counts.get(flag.id, 0))
        rows.append(
            {
                "flag": flag.id,
                "question": flag.question_id,
                "level": flag.level,
                **_count_cells(count, n, n_orgs, limit),
            }
        )
    out = pd.DataFrame(rows).set_index("flag")
    out = out.astype({"count": "float64", "share": "float64", "suppressed": "bool"})
    out = out.sort_values(["count", "level"], ascending=[False, True], kind="stable")
    out.attrs["min_group"] = limit
    return out


def likert_counts(
    frame: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    scale: str = "agree5",
    min_group: int | None = None,
) -> pd.DataFrame:
    """Answer counts of every question on one scale (``agree5`` by default).

    Index: question id; one column per answer code in the scale's order (``dk`` last),
    then ``n`` (answers given), ``n_orgs``, ``suppressed``, ``note``. What the diverging
    Likert chart draws; the scale id is kept in ``attrs["scale"]``. Each organisation counts
    once per cohort, with its latest submission.
    """
    q = questionnaire or default()
    limit = check_min_group(min_group)
    frame = latest_per_organisation(frame)
    sc = q.scales[scale]
    codes = list(sc.codes)
    orgs = _org_ids(frame)
    rows = {}
    for question in q.questions:
        if question.scale.id != scale or question.id not in frame.columns:
            continue
        col = frame[question.id].astype(object)
        present = col.notna()
        n_orgs = int(orgs[present].nunique())
        counts = col.value_counts()
        suppressed = n_orgs < limit
        row: dict[str, Any] = {
            c: (np.nan if suppressed else float(counts.get(c, 0))) for c in codes
        }
        row.update(
            n=int(present.sum()),
            n_orgs=n_orgs,
            suppressed=suppressed,
            note=suppression_note(limit) if suppressed else "",
        )
        rows[question.id] = row
    out = pd.DataFrame.from_dict(
        rows, orient="index", columns=[*codes, "n", "n_orgs", "suppressed", "note"]
    )
    out.index.name = "question"
    out.attrs["scale"] = scale
    out.attrs["min_group"] = limit
    return out.astype({"suppressed": "bool"})


def capacity_gap(scores_table: pd.DataFrame) -> pd.DataFrame:
    """Hours needed (table A) against hours freed, one row per organisation and cohort (its
    latest submission).

    Columns: ``submission_id``, ``org_key``, ``hours_needed``, ``hours_freed``,
    ``hours_short`` (needed − freed, 0 when enough), ``hours_ratio`` and ``band``:
    ``enough`` (ratio ≥ 1), ``partial`` (0.5–1), ``short`` (< 0.5, the red flag) or
    ``unknown``. Individual rows: draw them only for groups that are not suppressed
    (see :func:`capacity_summary`).
    """
    scores_table = latest_per_organisation(scores_table)
    needed = pd.to_numeric(scores_table["hours_needed"], errors="coerce")
    if "hours_freed" in scores_table.columns:
        freed = pd.to_numeric(scores_table["hours_freed"], errors="coerce")
    else:
        freed = pd.to_numeric(scores_table["hours_ratio"], errors="coerce") * needed
    ratio = freed / needed
    band = np.select(
        [ratio >= 1, ratio >= 0.5, ratio < 0.5], ["enough", "partial", "short"], default="unknown"
    )
    out = pd.DataFrame(
        {
            "submission_id": scores_table.get(
                "submission_id", pd.Series(index=scores_table.index)
            ).to_numpy(),
            "org_key": _org_ids(scores_table).to_numpy(),
            "hours_needed": needed.to_numpy(),
            "hours_freed": freed.to_numpy(),
            "hours_short": (needed - freed).clip(lower=0).to_numpy(),
            "hours_ratio": ratio.to_numpy(),
            "band": band,
        },
        index=scores_table.index,
    )
    return out


def capacity_summary(gap: pd.DataFrame, min_group: int | None = None) -> pd.Series:
    """The capacity gap of a group in one line: medians, shares by band, total hours short."""
    limit = check_min_group(min_group)
    n_orgs = int(gap["org_key"].nunique())
    suppressed = n_orgs < limit
    known = gap["hours_ratio"].notna()
    data = {
        "n": int(len(gap)),
        "n_orgs": n_orgs,
        "median_needed": gap["hours_needed"].median(),
        "median_freed": gap["hours_freed"].median(),
        "median_ratio": gap["hours_ratio"].median(),
        "share_enough": (gap["band"] == "enough").sum() / max(int(known.sum()), 1) * 100,
        "share_short": (gap["band"] == "short").sum() / max(int(known.sum()), 1) * 100,
        "total_short": gap["hours_short"].sum(),
    }
    if suppressed:
        data = {k: (v if k in ("n", "n_orgs") else np.nan) for k, v in data.items()}
    data["suppressed"] = suppressed
    data["note"] = suppression_note(limit) if suppressed else ""
    return pd.Series(data, dtype=object)
