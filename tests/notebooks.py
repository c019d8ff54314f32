"""Run notebooks end to end with nbval, as a separate pytest process (shared by the tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_nbval(notebooks: Iterable[Path], **env: str) -> subprocess.CompletedProcess[str]:
    """``pytest --nbval-lax`` on the notebooks in this environment's kernel.

    ``env`` adds variables (PERTINENCE_COHORT, PERTINENCE_DEMO …); MPLBACKEND is removed:
    the ``Agg`` that conftest.py sets would reach the kernels, and notebooks would lose their
    inline figures.
    """
    environment = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "--nbval-current-env",
            "-p",
            "no:cacheprovider",
            "-q",
            *map(str, notebooks),
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
