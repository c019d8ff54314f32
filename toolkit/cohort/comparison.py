"""The cohort comparison a screen shows: one call that loads, scores, computes the dimension
statistics and counts the organisations, for the app, the report and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import answers as answers_mod
from ..errors import Problem
from ..questionnaire import Questionnaire, default
from .anonymity import _org_ids, check_min_group
from .loading import as_frame
from .stats import dimension_stats, scores


@dataclass(frozen=True, eq=False)
class CohortComparison:
    """The cohort a result is compared against: tables and numbers, no words.

    The same for the app's results, a group's report and the facilitator's dashboard: the
    cohort's submitted answers, their scores, the statistics of every measure (suppressed for
    groups under ``min_group`` organisations) and the organisations counted.
    """

    answers: pd.DataFrame
    """The cohort's answers table, drafts left out."""
    scores: pd.DataFrame
    """:func:`scores` of ``answers``: one row per submission."""
    dimension_stats: pd.DataFrame
    """:func:`dimension_stats` of ``scores``: one row per measure."""
    n_organisations: int
    """Distinct organisations among the submissions (``org_key``; a nameless one counts once)."""
    min_group: int
    dimensions_shown: bool
    """True when no dimension's statistics are suppressed: the cohort band can be drawn."""
    problems: tuple[Problem, ...] = ()
    """What loading the cohort found (empty when it was given as a table)."""
    drafts: int = 0
    """Drafts and incomplete answers left out (never scored, but counted and said)."""

    @property
    def empty(self) -> bool:
        """True when the cohort has no submitted answers."""
        return len(self.scores) == 0

    @property
    def big_enough(self) -> bool:
        """True when the cohort holds at least ``min_group`` organisations."""
        return self.n_organisations >= self.min_group


def compare(
    source: Any,
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
) -> CohortComparison:
    """The cohort comparison a screen shows: load, score, dimension statistics, organisations.

    ``source`` is anything :func:`as_frame` takes (cohort folders and files, an answers or
    scores table, a ``LoadResult``, submissions), or None for no cohort (an empty
    comparison). Drafts are left out. Raises :class:`AnonymityError` when ``min_group`` is
    below 3.

    >>> comparison = compare("data/sample_cohort", q, min_group=5)  # doctest: +SKIP
    >>> comparison.n_organisations, comparison.dimensions_shown     # doctest: +SKIP
    (28, True)
    """
    q = questionnaire or default()
    limit = check_min_group(min_group)
    frame, problems = (
        as_frame(source, q, include_drafts=True)
        if source is not None
        else (answers_mod.to_frame([], q), [])
    )
    drafts = 0
    if "status" in frame.columns:
        is_draft = frame["status"].astype(str) == "draft"
        drafts = int(is_draft.sum())
        frame = frame[~is_draft].reset_index(drop=True)
    table = scores(frame, q)
    stats = dimension_stats(table, q, limit)
    suppressed = stats.reindex(list(q.dimension_ids))["suppressed"].fillna(True).astype(bool)
    return CohortComparison(
        answers=frame,
        scores=table,
        dimension_stats=stats,
        n_organisations=int(_org_ids(table).nunique()) if len(table) else 0,
        min_group=limit,
        dimensions_shown=bool(len(table)) and not suppressed.any(),
        problems=tuple(problems),
        drafts=drafts,
    )
