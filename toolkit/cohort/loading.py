"""What a cohort function accepts, as an answers table: :func:`as_frame`.

:func:`toolkit.sources.load` is the one loader; ``cohort.load`` is the same function.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import answers as answers_mod
from ..answers import Submission
from ..errors import Problem
from ..questionnaire import Questionnaire, default
from ..sources import load


def as_frame(
    source: Any, questionnaire: Questionnaire | None = None, include_drafts: bool = False
) -> tuple[pd.DataFrame, list[Problem]]:
    """An answers table from a DataFrame, a list of submissions, or path(s) to load."""
    q = questionnaire or default()
    if isinstance(source, pd.DataFrame):
        return source, []
    if hasattr(source, "frame") and hasattr(source, "problems"):  # a LoadResult
        return source.frame, list(source.problems)
    if (
        isinstance(source, (list, tuple))
        and source
        and all(isinstance(s, Submission) for s in source)
    ):
        return answers_mod.to_frame(list(source), q), []
    result = load(source, q, include_drafts=include_drafts)
    return result.frame, result.problems
