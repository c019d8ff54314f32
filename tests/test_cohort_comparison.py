"""The cohort comparison a screen shows: one computation for the app, the reports, the dashboard."""

from __future__ import annotations

import pytest

from toolkit import answers as A
from toolkit import cohort, store
from toolkit.cohort import AnonymityError


@pytest.fixture
def folder(tmp_path, make_submission):
    """Five organisations, one of them answering twice, and one draft."""
    path = tmp_path / "cohorte"
    for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Echo"):
        store.save(make_submission(name=name), path)
    store.save(make_submission(name="Foxtrot", status="draft"), path)
    return path


def test_a_folder_gives_scores_statistics_and_organisations_counted(folder, questionnaire):
    comparison = cohort.compare(folder, questionnaire, min_group=5)
    assert len(comparison.answers) == len(comparison.scores) == 6  # the draft is left out
    assert comparison.n_organisations == 5  # Echo answered twice: one organisation
    assert comparison.big_enough
    assert comparison.dimensions_shown
    assert not comparison.empty
    stats = comparison.dimension_stats
    assert list(stats.loc[list(questionnaire.dimension_ids), "n_orgs"].unique()) == [5]
    assert stats.equals(cohort.dimension_stats(comparison.scores, questionnaire, 5))
    assert comparison.problems == ()


def test_under_min_group_organisations_nothing_is_shown(folder, questionnaire):
    comparison = cohort.compare(folder, questionnaire, min_group=6)
    assert comparison.n_organisations == 5
    assert not comparison.big_enough
    assert not comparison.dimensions_shown
    assert comparison.dimension_stats["median"].isna().all()


def test_a_table_or_submissions_compare_like_the_folder(folder, questionnaire):
    loaded = store.load_cohort(folder, questionnaire, include_drafts=True)
    from_table = cohort.compare(loaded.frame, questionnaire)
    from_subs = cohort.compare(loaded.submissions, questionnaire)
    from_folder = cohort.compare(folder, questionnaire)
    for other in (from_table, from_subs):
        assert other.n_organisations == from_folder.n_organisations
        assert other.dimension_stats.equals(from_folder.dimension_stats)


def test_no_cohort_or_a_missing_folder_gives_an_empty_comparison(tmp_path, questionnaire):
    nothing = cohort.compare(None, questionnaire)
    assert nothing.empty
    assert nothing.n_organisations == 0
    assert not nothing.dimensions_shown
    assert nothing.problems == ()
    missing = cohort.compare(tmp_path / "absent", questionnaire)
    assert missing.empty
    assert [p.text("en") for p in missing.problems] == [
        f"{tmp_path / 'absent'}: no such file or folder"
    ]


def test_a_minimum_group_below_three_is_refused(questionnaire):
    with pytest.raises(AnonymityError):
        cohort.compare(A.to_frame([], questionnaire), questionnaire, min_group=2)
