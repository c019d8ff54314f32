"""Where the notebooks find their cohort: an argument, $PERTINENCE_COHORT, or the sample cohort."""

from __future__ import annotations

from pathlib import Path

from toolkit import paths

ROOT = Path(__file__).resolve().parent.parent


def test_cohort_folder_defaults_to_the_sample_cohort_at_the_repo_root(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.COHORT_ENV, raising=False)
    monkeypatch.chdir(Path(__file__).parent)
    assert paths.cohort_folder() == ROOT / "data" / "sample_cohort"
    monkeypatch.setenv(paths.COHORT_ENV, str(tmp_path))
    assert paths.cohort_folder() == tmp_path
    assert paths.cohort_folder(tmp_path / "other") == tmp_path / "other"


def test_repo_root_is_the_start_folder_outside_any_project(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert paths.repo_root() == tmp_path.resolve()
    assert paths.repo_root(ROOT / "toolkit") == ROOT


def test_a_tilde_in_the_cohort_variable_means_home(monkeypatch):
    monkeypatch.setenv(paths.COHORT_ENV, "~/cohortes/2026-12-sherbrooke")
    assert paths.cohort_folder() == Path.home() / "cohortes" / "2026-12-sherbrooke"
