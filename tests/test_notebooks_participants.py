"""The participants' notebooks: committed clean, and run end to end by nbval with demo answers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from tests.notebooks import run_nbval

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = [
    ROOT / "notebooks" / "01_questionnaire.ipynb",
    ROOT / "notebooks" / "02_our_results.ipynb",
]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_notebook_is_committed_clean_and_safe_for_voila(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code), "strip the outputs"
    assert "parameters" in code[0].metadata.get("tags", []), (
        "the first code cell holds the parameters"
    )
    assert "PERTINENCE_COHORT" in code[0].source
    assert "PERTINENCE_DEMO" in code[0].source
    # a cell whose click() writes into an Output widget can hang nbclient, so Voilà, after the
    # kernel has replied (seen under CPU load): none outside the demo switch
    assert not any(".click()" in c.source for c in code)
    assert not any("sys.path" in c.source for c in code)
    if path.name == "01_questionnaire.ipynb":
        # the intro is in the app, so that it follows the language switch; Voilà's page
        # (title, lang, loading screen) comes from the metadata
        assert nb.cells[0].cell_type == "code"
        assert nb.metadata["voila"]["template"] == "pertinence"
    else:
        assert nb.cells[0].cell_type == "markdown"
        assert "---" in nb.cells[0].source


@pytest.mark.notebook
def test_both_notebooks_run_end_to_end_with_demo_answers(tmp_path):
    cohort = tmp_path / "cohort"
    shutil.copytree(ROOT / "data" / "sample_cohort", cohort)
    before = {p.name for p in cohort.glob("*.json")}
    run = run_nbval(NOTEBOOKS, PERTINENCE_DEMO="1", PERTINENCE_COHORT=str(cohort))
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    new = [
        json.loads((cohort / name).read_text(encoding="utf-8"))
        for name in {p.name for p in cohort.glob("*.json")} - before
    ]
    assert [s["status"] for s in new] == ["submitted"]  # notebook 01 submitted its demo answers
