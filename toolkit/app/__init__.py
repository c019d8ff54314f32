"""The participants' ipywidgets apps, one job per module (names imported on first use).

* :class:`Questionnaire` (``questionnaire``) — profile, one step per dimension, stakeholder
  map, review and submit, result; over :class:`AnswersModel` (``model``, no widgets);
* :class:`Debrief` (``debrief``) — our latest submission against the cohort;
* the per-question views (``questions``), the stakeholder editor (``stakeholders``), the
  result (``results``, its HTML in ``result_markup``), the HTML (``markup``), the screen's
  words (``words``), and where the cohort folder is (``context``).

>>> from toolkit.app import Questionnaire
>>> app = Questionnaire("cohorts/2026-12-sherbrooke", lang="fr")  # doctest: +SKIP
>>> app.value                             # the Submission                   # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "AnswersModel": "model",
    "Debrief": "debrief",
    "Questionnaire": "questionnaire",
    "DEMO_ACTORS": "questionnaire",
    "demo_answers": "questionnaire",
    "ResultsView": "results",
    "comparison_html": "results",
    "StakeholderEditor": "stakeholders",
    "advice_table_html": "stakeholders",
    "stakeholder_map_html": "stakeholders",
    "gauge_html": "markup",
    "result_html": "result_markup",
    "STYLE": "markup",
    "word": "words",
    "COHORT_ENV": "context",
    "MIN_GROUP": "context",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'toolkit.app' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
