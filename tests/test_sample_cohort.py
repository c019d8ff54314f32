"""The bundled sample cohort is what its script makes, and every cohort the project makes up
(sample, tests, benchmark) draws sectors, sizes and regions from the questionnaire's lists."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.cohort_factory import profile_codes, random_cohort
from toolkit import store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample_cohort"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_sample_cohort", ROOT / "data" / "make_sample_cohort.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_rebuilds_the_bundled_sample_cohort_byte_for_byte(
    script, questionnaire, tmp_path
):
    script.write(tmp_path / "sample", questionnaire)
    made = {p.name: p.read_bytes() for p in (tmp_path / "sample").iterdir()}
    bundled = {p.name: p.read_bytes() for p in SAMPLE.iterdir()}
    assert sorted(made) == sorted(bundled), "run: python data/make_sample_cohort.py"
    changed = [name for name in made if made[name] != bundled[name]]
    assert changed == [], "run: python data/make_sample_cohort.py"


def test_the_script_refuses_a_region_the_questionnaire_does_not_list(
    script, questionnaire, monkeypatch
):
    monkeypatch.setattr(script, "DRAFTS", [("Pharmacie Lemieux", "retail", "10-49", "gatineau")])
    with pytest.raises(ValueError, match="Pharmacie Lemieux: region 'gatineau' is not a code"):
        script.check_profiles(questionnaire)


def test_made_up_cohorts_draw_profiles_from_the_questionnaire(questionnaire):
    subs = random_cohort(questionnaire, 300, seed=3)
    for field in ("sector", "size", "region"):
        codes = profile_codes(questionnaire, field)
        drawn = {s.organisation[field] for s in subs}
        assert drawn <= set(codes), field
        assert len(drawn) > len(codes) // 2, field  # spread over the list, not a few codes


def test_the_benchmark_draws_the_same_lists(tmp_path, questionnaire):
    spec = importlib.util.spec_from_file_location(
        "bench_cohort", ROOT / "benchmarks" / "bench_cohort.py"
    )
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.write_cohort(tmp_path, 60, seed=5)
    loaded = store.load_cohort(tmp_path, questionnaire)
    assert loaded.problems == []
    for field in ("sector", "size", "region"):
        drawn = {s.organisation[field] for s in loaded.submissions}
        assert drawn <= set(profile_codes(questionnaire, field)), field
