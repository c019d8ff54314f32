"""What statistics count: the latest submission of each organisation in each cohort, and
the organisations met more than once (what ``pertinence validate`` reports).

An *organisation* is an ``org_key`` within a cohort (a nameless submission is its own
organisation). Whatever number of times it answered there — several respondents, the same
group submitting again, the same answers imported from several files — every group statistic
(medians, quartiles, distributions of recommendations, flags and answers, segments, the
anonymity threshold, the report's counts) reads **one** answer set for it: its latest
submission by ``submitted`` time (``started`` when it was never submitted; among equal times
the one met last). The other submissions stay in the data: :func:`~toolkit.cohort.agreement`
shows how its respondents differ, and the same ``org_key`` in another cohort is its
before/after (:func:`~toolkit.cohort.before_after`).

Why the latest and not a blend of respondents: a blend (median codes, union of platforms)
would be an answer set nobody gave, scored into a recommendation nobody got; the latest is a
real one, what the group submitted last, and the same file the group's own report shows. The
rule is one line: the same ``org_key`` in the same cohort is one organisation, whatever the
time between its submissions; another cohort is another session.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..questionnaire import Questionnaire, default
from .anonymity import _org_ids


def latest_per_organisation(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``table`` that statistics count: the latest of each organisation in each
    cohort, in their original order and with their original index.

    ``table`` is an answers or a scores table (it needs ``org_key`` or ``submission_id``, and
    reads ``cohort``, ``submitted`` and ``started`` when present). A table with one row per
    organisation is returned as is.

    >>> latest = latest_per_organisation(scores_table)          # doctest: +SKIP
    >>> len(latest) == scores_table["org_key"].nunique()        # doctest: +SKIP
    True
    """
    if len(table) < 2:
        return table
    orgs = _org_ids(table)
    cohorts = (
        table["cohort"].astype(object).fillna("").astype(str)
        if "cohort" in table.columns
        else pd.Series("", index=table.index)
    )
    units = cohorts.str.cat(orgs, sep="\x1f")
    repeated = units.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return table
    # only the rows of organisations met more than once need their times read
    rows = np.flatnonzero(repeated)
    subset = table.iloc[rows]
    when = pd.Series(pd.NaT, index=subset.index, dtype="datetime64[ns, UTC]")
    for col in ("submitted", "started"):
        if col in subset.columns:
            parsed = pd.to_datetime(subset[col], errors="coerce", utc=True, format="ISO8601")
            when = when.fillna(parsed)
    # order by (unit, time, position): the last row of each unit is its latest submission
    ticks = when.dt.tz_localize(None).to_numpy().view("int64")  # NaT is the smallest
    codes = pd.factorize(units.iloc[rows])[0]
    order = np.lexsort((rows, ticks, codes))
    last = np.ones(len(order), dtype=bool)
    last[:-1] = codes[order][1:] != codes[order][:-1]
    keep = np.sort(np.concatenate([np.flatnonzero(~repeated), rows[order[last]]]))
    return table.iloc[keep]


REPEAT_COLUMNS = (
    "kind",
    "cohort",
    "org_key",
    "organisation",
    "submission_ids",
    "sources",
    "counted",
)


def repeats(frame: pd.DataFrame, questionnaire: Questionnaire | None = None) -> pd.DataFrame:
    """Organisations met more than once in a cohort: what ``pertinence validate`` reports.

    One row per finding, of two kinds:

    * ``same_content`` — the same answers (organisation, cohort, respondent role and every
      answer; ids and times aside) under several submission ids: the same response saved or
      imported more than once. Statistics count it once; the extra files can go.
    * ``same_organisation`` — several different submissions of one organisation (``org_key``)
      in one cohort: several respondents, or the group answering again. A note, not an error:
      statistics count the latest (``counted``), :func:`~toolkit.cohort.agreement` shows them
      all.

    Columns: ``kind``, ``cohort``, ``org_key``, ``organisation`` (the name of the latest),
    ``submission_ids`` and ``sources`` (tuples, oldest first; ``sources`` is empty when the
    table has no ``source`` column) and ``counted`` (the submission statistics read).
    """
    q = questionnaire or default()
    if len(frame) < 2 or "submission_id" not in frame.columns:
        return pd.DataFrame(columns=list(REPEAT_COLUMNS))
    table = frame.copy()
    table["_org"] = _org_ids(table)
    table["_cohort"] = (
        table["cohort"].astype(object).fillna("").astype(str) if "cohort" in table.columns else ""
    )
    when = pd.Series(pd.NaT, index=table.index, dtype="datetime64[ns, UTC]")
    for col in ("submitted", "started"):
        if col in table.columns:
            when = when.fillna(
                pd.to_datetime(table[col], errors="coerce", utc=True, format="ISO8601")
            )
    table["_when"] = when
    table["_position"] = np.arange(len(table))
    table = table[table.groupby(["_cohort", "_org"])["_org"].transform("size") >= 2]
    if table.empty:
        return pd.DataFrame(columns=list(REPEAT_COLUMNS))
    table = table.sort_values(["_when", "_position"], na_position="first", kind="stable")
    content = [c for c in ("respondent_role", *(x.id for x in q.questions)) if c in table.columns]
    values = table[content].astype(object)
    table["_content"] = (
        pd.util.hash_pandas_object(values.where(values.notna(), ""), index=False) if content else 0
    )
    counted = latest_per_organisation(frame)["submission_id"]
    counted_ids = set(counted.astype(str))
    rows = []
    for (cohort_value, org), unit in table.groupby(["_cohort", "_org"], sort=True):
        if len(unit) < 2:
            continue
        latest = next(
            (
                sid
                for sid in reversed(unit["submission_id"].astype(str).tolist())
                if sid in counted_ids
            ),
            str(unit["submission_id"].iloc[-1]),
        )
        name = str(unit["organisation"].iloc[-1]) if "organisation" in unit.columns else ""
        groups = list(unit.groupby("_content", sort=False))
        for _, same in groups:
            if len(same) > 1:
                rows.append(_repeat("same_content", cohort_value, org, name, same, latest))
        if len(groups) > 1:
            rows.append(_repeat("same_organisation", cohort_value, org, name, unit, latest))
    return pd.DataFrame(rows, columns=list(REPEAT_COLUMNS))


def _repeat(
    kind: str, cohort_value: str, org: str, name: str, rows: pd.DataFrame, counted: str
) -> dict[str, object]:
    sources = tuple(rows["source"].astype(str)) if "source" in rows.columns else ()
    return {
        "kind": kind,
        "cohort": cohort_value,
        "org_key": org,
        "organisation": name,
        "submission_ids": tuple(rows["submission_id"].astype(str)),
        "sources": sources,
        "counted": counted,
    }
