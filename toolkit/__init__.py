"""Pertinence: decide whether, why and how an organisation should use social media.

The public API, by module (imported on first use, so ``import toolkit`` stays instant):

* ``toolkit.load_questionnaire()`` — the questionnaire definition (``toolkit.questionnaire``);
* ``toolkit.Submission`` — one group's answers (``toolkit.answers``);
* ``toolkit.score``, ``toolkit.explain``, ``toolkit.analyse``, ``toolkit.ranked_gaps`` — scoring
  (``toolkit.scoring``; ``toolkit.explanation`` words an analysis, ``toolkit.advice`` plans
  its three to five actions);
* ``toolkit.save``, ``toolkit.submit`` — a submission into its cohort folder (``toolkit.store``);
* ``toolkit.load_cohort`` — folders, submission files, CSV/XLSX → one table (``toolkit.sources``);
* ``toolkit.read_wide``, ``toolkit.write_wide`` — CSV/XLSX exchange (``toolkit.forms``);
* ``toolkit.app`` — the participants' ipywidgets apps (``toolkit.app.Questionnaire``,
  ``toolkit.app.Debrief``), imported only when asked for.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_questionnaire": ("questionnaire", "load"),
    "Questionnaire": ("questionnaire", "Questionnaire"),
    "Submission": ("answers", "Submission"),
    "score": ("scoring", "score"),
    "explain": ("scoring", "explain"),
    "analyse": ("scoring", "analyse"),
    "ranked_gaps": ("scoring", "ranked_gaps"),
    "save": ("store", "save"),
    "submit": ("store", "submit"),
    "load_cohort": ("sources", "load"),
    "read_wide": ("forms", "read_wide"),
    "write_wide": ("forms", "write_wide"),
    "PertinenceError": ("errors", "PertinenceError"),
    "Problem": ("errors", "Problem"),
}

__all__ = sorted(_EXPORTS)


# Subpackages reachable as attributes (``toolkit.app``) without importing them up front.
_SUBPACKAGES = ("app",)


def __getattr__(name: str) -> Any:
    if name in _SUBPACKAGES:
        return importlib.import_module(f".{name}", __name__)
    if name in _EXPORTS:
        module, attribute = _EXPORTS[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS, *_SUBPACKAGES])
