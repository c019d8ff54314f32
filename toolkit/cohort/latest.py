"""What statistics count: the latest submission of each organisation in each cohort.

An *organisation* is an ``org_key`` within a cohort (a nameless submission is its own
organisation). Whatever number of times it answered there — several respondents, the same
group submitting again, the same answers imported from several files — every group statistic
(medians, quartiles, distributions of recommendations, flags and answers, segments, the
anonymity threshold, the report's counts) reads **one** answer set for it: its latest
submission by ``submitted`` time (``started`` when it was never submitted; among equal times
the one met last). The other submissions stay in the data: :func:`~toolkit.cohort.agreement`
shows how its respondents differ, and the same ``org_key`` in another cohort is its
before/after (:func:`~toolkit.cohort.before_after`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

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
    if not units.duplicated().any():
        return table
    when = pd.Series(pd.NaT, index=table.index, dtype="datetime64[ns, UTC]")
    for col in ("submitted", "started"):
        if col in table.columns:
            parsed = pd.to_datetime(table[col], errors="coerce", utc=True, format="ISO8601")
            when = when.fillna(parsed)
    # order by (unit, time, position): the last row of each unit is its latest submission
    ticks = when.dt.tz_localize(None).to_numpy().view("int64")  # NaT is the smallest
    position = np.arange(len(table))
    codes = pd.factorize(units)[0]
    order = np.lexsort((position, ticks, codes))
    last = np.ones(len(order), dtype=bool)
    last[:-1] = codes[order][1:] != codes[order][:-1]
    keep = np.sort(order[last])
    return table.iloc[keep]
