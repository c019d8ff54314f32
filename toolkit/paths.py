"""Where things are: the repository's root and the cohort folder a notebook or app works on.

No pandas, no widgets: a notebook finds its folder without importing the app.
"""

from __future__ import annotations

import os
from pathlib import Path

COHORT_ENV = "PERTINENCE_COHORT"
"""The variable naming the cohort folder (``make workshop`` sets it to the workshop's copy)."""


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

    >>> cohort_folder("~/cohortes/2026-12-sherbrooke")  # doctest: +SKIP
    PosixPath('/home/animatrice/cohortes/2026-12-sherbrooke')
    """
    chosen = value or os.environ.get(COHORT_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return repo_root() / "data" / "sample_cohort"
