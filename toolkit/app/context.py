"""Where the app finds its cohort folder, and what a result is compared against.

Kept apart on purpose: ``cohort_folder``/``repo_root`` are due to move to a non-UI home and
``cohort_context`` to a core "cohort comparison" function; the app imports them from here only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import store
from ..questionnaire import Questionnaire as QuestionnaireDef

COHORT_ENV = "PERTINENCE_COHORT"
DEMO_ENV = "PERTINENCE_DEMO"
MIN_GROUP = 5


def repo_root(start: str | Path | None = None) -> Path:
    """The folder holding ``pyproject.toml``, walking up from ``start`` (the current folder).

    Falls back to ``start`` itself when no such folder exists (an installed copy of the
    notebooks, for instance).
    """
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return here


def cohort_folder(value: str | Path | None = None) -> Path:
    """The cohort folder to use: ``value``, else ``$PERTINENCE_COHORT``, else the sample cohort.

    The sample cohort is ``data/sample_cohort`` under :func:`repo_root`.
    """
    chosen = value or os.environ.get(COHORT_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return repo_root() / "data" / "sample_cohort"


def demo_mode() -> bool:
    """True when ``$PERTINENCE_DEMO`` asks for demo answers (set only by the test runs)."""
    return os.environ.get(DEMO_ENV, "").strip().lower() in ("1", "true", "yes")


@dataclass
class CohortContext:
    """What the results compare against: the cohort's scores, when the group is big enough."""

    n_organisations: int = 0
    stats: Any = None  # cohort.dimension_stats: median, q1, q3, n_orgs, suppressed by measure
    answers: Any = None  # the cohort's answers table (submitted only)
    scores: Any = None  # the cohort's scores table (cohort.scores), one row per submission
    min_group: int = MIN_GROUP
    problems: list[str] = field(default_factory=list)


def cohort_context(
    cohort_dir: str | Path | None, questionnaire: QuestionnaireDef, min_group: int = MIN_GROUP
) -> CohortContext:
    """The cohort folder's submitted answers and their statistics by dimension
    (:func:`toolkit.cohort.dimension_stats`); ``stats`` stays None under ``min_group``
    organisations, so that no small group can be read off the chart."""
    from .. import cohort

    ctx = CohortContext(min_group=min_group)
    if cohort_dir is None or not Path(cohort_dir).is_dir():
        return ctx
    loaded = store.load_cohort(cohort_dir, questionnaire)
    ctx.problems = [str(p) for p in loaded.problems]
    if not len(loaded.frame):
        return ctx
    ctx.answers = loaded.frame
    ctx.scores = cohort.scores(loaded.frame, questionnaire)
    stats = cohort.dimension_stats(ctx.scores, questionnaire, min_group)
    dims = list(questionnaire.dimension_ids)
    ctx.n_organisations = int(stats["n_orgs"].max()) if len(stats) else 0
    if not stats.reindex(dims)["suppressed"].fillna(True).astype(bool).any():
        ctx.stats = stats
    return ctx
