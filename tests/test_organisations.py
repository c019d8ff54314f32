"""Organisations, not rows: the organisation key, and statistics that count each organisation
once per cohort with its latest submission (issue 11, item 4)."""

from __future__ import annotations

import re
import uuid

import pandas as pd
import pytest

from tests.conftest import CROWD_FOLLOWER
from toolkit import answers as A
from toolkit import cli, cohort, forms, report, scoring, store


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Café Le Fût inc.", "cafe le fut"),
        ("Cafe le Fut", "cafe le fut"),
        ("CAFÉ  LE FÛT, INC", "cafe le fut"),
        ("Café Le Fût Incorporée", "cafe le fut"),
        ("Boulangerie Roy ltée", "boulangerie roy"),
        ("Boulangerie Roy Limitée", "boulangerie roy"),
        ("Atelier Gagnon enr.", "atelier gagnon"),
        ("Atelier Gagnon Enregistrée", "atelier gagnon"),
        ("Tremblay Avocats S.E.N.C.R.L.", "tremblay avocats"),
        ("Tremblay Avocats s.e.n.c.r.l.", "tremblay avocats"),
        ("Tremblay Avocats SENCRL", "tremblay avocats"),
        ("Ferme Côté S.E.N.C.", "ferme cote"),
        ("Ferme Côté senc", "ferme cote"),
        ("Maison des jeunes OBNL", "maison des jeunes"),
        ("Le Quai coop", "le quai"),
        ("Le Quai Coopérative", "le quai"),
        ("Tremblay et Cie ltée", "tremblay"),
        ("Tremblay & Cie", "tremblay"),
        ("Northwind Ltd.", "northwind"),
        ("Northwind LLC", "northwind"),
        ("Northwind Corp.", "northwind"),
    ],
)
def test_the_key_folds_case_accents_punctuation_and_legal_suffixes(name, key):
    assert A.org_key(name) == key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Coop du Quai", "coop du quai"),  # a suffix word at the start is part of the name
        ("Inc. Solutions", "inc solutions"),
        ("La Coop", "la coop"),  # only an article would remain
        ("Coop", "coop"),  # a name that is only a suffix keeps it
        ("Nettoyage à sec", "nettoyage a sec"),  # "sec" alone is a word, S.E.C. is not
        ("Tremblay et associés", "tremblay et associes"),  # part of a firm's name
        ("Bistro Co", "bistro co"),
        ("", ""),
    ],
)
def test_the_key_keeps_what_names_the_organisation(name, key):
    assert A.org_key(name) == key


def test_coop_du_quai_and_the_quai_are_two_organisations():
    assert A.org_key("Coop du Quai") != A.org_key("Quai")


def test_the_key_is_computed_on_load_never_stored(make_submission, questionnaire):
    sub = make_submission(name="Café Le Fût inc.")
    raw = sub.to_dict()
    assert "org_key" not in raw
    assert "org_key" not in raw["organisation"]
    frame = A.to_frame([A.Submission.from_dict(raw, questionnaire)], questionnaire)
    assert frame["org_key"].tolist() == ["cafe le fut"]


# --------------------------------------------------------------------------------------------
# Statistics count organisations: the duplicate-import scenario of issue 11

HIGH = {"Alpha inc.": "5", "Bravo": "4", "Charlie": "3", "Delta": "2"}  # content.1-3


@pytest.fixture
def five(make_submission):
    """Five organisations at 10:00: four ready ones (content 5, 4, 3, 2) and Echo, low."""
    subs = [
        make_submission({"content.1": c, "content.2": c, "content.3": c}, name=name)
        for name, c in HIGH.items()
    ]
    subs.append(make_submission(CROWD_FOLLOWER, name="Écho ltée"))
    for sub in subs:
        sub.submitted = "2026-12-03T10:00:00+00:00"
    return subs


def _alone(sub, questionnaire):
    """One submission scored on its own: what the cohort's statistic should read for it."""
    return scoring.score(A.to_frame([sub], questionnaire), questionnaire).iloc[0]


def test_one_low_organisation_saved_three_more_times_moves_no_statistic(
    five, tmp_path, questionnaire
):
    folder = tmp_path / "2026-12-sherbrooke"
    for sub in five:
        store.save(sub, folder)
    before = cohort.compare(folder, questionnaire)
    globals_ = sorted(_alone(s, questionnaire)["global"] for s in five)
    assert globals_[0] == pytest.approx(6.1458, abs=1e-3)  # Echo, abstain
    # the median of five organisations is the third: Charlie's global
    charlie = _alone(five[2], questionnaire)["global"]
    assert globals_[2] == charlie
    assert before.dimension_stats.loc["global", "median"] == pytest.approx(charlie)
    shares = cohort.recommendation_distribution(before.scores).set_index("recommendation")
    assert shares.loc["abstain", "share"] == pytest.approx(20.0)  # 1 of 5

    # Écho's same answers come back three times: twice saved again, once from another export
    echo = five[4]
    for minute in ("05", "10"):
        again = A.Submission.from_dict(echo.to_dict(), questionnaire)
        again.submission_id = str(uuid.uuid4())
        again.submitted = f"2026-12-03T10:{minute}:00+00:00"
        store.save(again, folder)
    exported = A.Submission.from_dict(echo.to_dict(), questionnaire)
    exported.organisation["name"] = "ECHO"  # typed differently in the other tool
    exported.submission_id = str(uuid.uuid4())
    exported.submitted = "2026-12-03T10:15:00+00:00"
    forms.write_wide([exported], tmp_path / "export.csv", questionnaire)
    imported = forms.import_to_cohort(tmp_path / "export.csv", folder, questionnaire)
    assert len(imported.submissions) == 1

    after = cohort.compare(folder, questionnaire)
    assert len(after.scores) == 8  # eight submissions …
    assert after.n_organisations == 5  # … of five organisations
    # counted by row, the median would fall between Écho and Delta: (6.15 + 84.80) / 2 = 45.5
    by_row = after.scores["global"].median()
    assert by_row == pytest.approx((globals_[0] + globals_[1]) / 2)
    assert by_row == pytest.approx(45.475, abs=0.01)
    stats = after.dimension_stats
    assert stats.loc["global", "median"] == pytest.approx(charlie)  # unmoved
    assert stats.loc["global", "n"] == 5
    assert stats.loc["global", "n_orgs"] == 5
    pd.testing.assert_frame_equal(stats, before.dimension_stats)
    shares = cohort.recommendation_distribution(after.scores).set_index("recommendation")
    assert shares.loc["abstain", "share"] == pytest.approx(20.0)  # not 4 of 8 = 50 %
    assert shares.loc["abstain", "count"] == 1
    assert shares["n"].unique().tolist() == [5]
    flags = cohort.flag_frequency(after.scores, questionnaire)
    assert flags.loc["vague_purpose", "count"] == 1
    assert flags.loc["vague_purpose", "share"] == pytest.approx(20.0)
    likert = cohort.likert_counts(after.answers, questionnaire)
    assert likert.loc["content.1"].loc[["1", "2", "3", "4", "5"]].tolist() == [0, 1, 2, 1, 1]
    assert likert.loc["content.1", "n"] == 5
    segments = cohort.segment_stats(after.scores, "cohort", questionnaire)
    assert segments.set_index("measure").loc["global", "median"] == pytest.approx(charlie)
    assert len(cohort.capacity_gap(after.scores)) == 5
    ranks = cohort.percentile_ranks(after.scores, questionnaire)
    assert len(ranks) == 5
    assert len(cohort.heatmap_table(after.scores, questionnaire)) == 5  # no Écho (2), (3), (4)
    assert ranks.set_index("organisation").loc["Charlie", "global"] == pytest.approx(50)  # 3rd/5

    page = report.cohort_report(folder, lang="fr", questionnaire=questionnaire)
    summary = page[page.index("<table") : page.index("</table>")]
    assert re.search(r"Organismes</t[dh]><t[dh][^>]*>5<", summary)
    assert re.search(r"Réponses soumises</t[dh]><t[dh][^>]*>8<", summary)
    named = report.cohort_report(folder, lang="fr", names=True, questionnaire=questionnaire)
    assert "Alpha inc. [alpha]" in named  # the name beside its key
    assert named.count("ECHO [echo]") == 1  # Écho's latest, listed once


def test_the_latest_submission_of_an_organisation_is_the_one_counted(
    five, questionnaire, make_submission
):
    # Delta answers again later and better: its latest answers replace the earlier ones
    better = make_submission(name="DELTA")
    better.submitted = "2026-12-03T11:00:00+00:00"
    older = make_submission(CROWD_FOLLOWER, name="delta")
    older.submitted = "2026-12-03T09:00:00+00:00"
    table = cohort.scores(A.to_frame([better, *five, older], questionnaire), questionnaire)
    kept = cohort.latest_per_organisation(table)
    assert len(kept) == 5
    assert kept["submission_id"].tolist() == [better.submission_id] + [
        s.submission_id for s in five if s.organisation["name"] != "Delta"
    ]
    # the same organisation in another cohort is counted there too (before/after)
    other = make_submission(name="Delta", cohort="2027-03-granby")
    both = cohort.scores(A.to_frame([*five, other], questionnaire), questionnaire)
    assert len(cohort.latest_per_organisation(both)) == 6


# --------------------------------------------------------------------------------------------
# validate reports what repeats


@pytest.fixture
def repeated_folder(tmp_path, make_submission, questionnaire):
    """Café Le Fût: the same answers twice (two ids, two spellings), then its DG's own
    answers; Boulangerie Roy once."""
    folder = tmp_path / "2026-12-sherbrooke"
    first = make_submission(name="Café Le Fût inc.", cohort=folder.name)
    first.submitted = "2026-12-03T10:00:00+00:00"
    copy = A.Submission.from_dict(first.to_dict(), questionnaire)
    copy.submission_id = str(uuid.uuid4())
    copy.organisation["name"] = "Cafe le Fut"
    copy.submitted = "2026-12-03T10:05:00+00:00"
    dg = make_submission({"content.1": "1"}, name="Café Le Fût", cohort=folder.name)
    dg.respondent_role = "DG"
    dg.submitted = "2026-12-03T10:07:00+00:00"
    roy = make_submission(name="Boulangerie Roy ltée", cohort=folder.name)
    for sub in (first, copy, dg, roy):
        store.save(sub, folder)
    return folder, first, copy, dg, roy


def test_repeats_names_the_same_content_and_the_same_organisation(repeated_folder, questionnaire):
    folder, first, copy, dg, _ = repeated_folder
    found = cohort.repeats(cohort.load(folder, questionnaire).frame, questionnaire)
    assert found["kind"].tolist() == ["same_content", "same_organisation"]
    assert found["org_key"].tolist() == ["cafe le fut", "cafe le fut"]
    assert found["cohort"].tolist() == [folder.name, folder.name]
    assert found.loc[0, "submission_ids"] == (first.submission_id, copy.submission_id)
    assert found.loc[1, "submission_ids"] == (
        first.submission_id,
        copy.submission_id,
        dg.submission_id,
    )
    assert found.loc[1, "counted"] == dg.submission_id  # the latest
    assert found.loc[1, "organisation"] == "Café Le Fût"


def test_different_organisations_and_cohorts_are_no_repeat(five, questionnaire):
    table = A.to_frame(five, questionnaire)
    assert cohort.repeats(table, questionnaire).empty


def test_validate_lists_keys_and_reports_duplicates_naming_the_files(capsys, repeated_folder):
    folder, first, copy, dg, _ = repeated_folder
    code = cli.main(["validate", str(folder), "--lang", "fr"])
    out, err = capsys.readouterr()
    assert code == 1  # the same answers twice: one to remove
    lines = out.splitlines()
    assert "« Boulangerie Roy ltée » → clé « boulangerie roy », 1 réponse(s)" in err.replace(
        "\u00a0", " "
    )
    duplicate = next(line for line in lines if line.startswith("doublon"))
    assert str(folder / f"{first.submission_id}.json") in duplicate
    assert str(folder / f"{copy.submission_id}.json") in duplicate
    assert str(folder / f"{dg.submission_id}.json") not in duplicate
    note = next(line for line in lines if line.startswith("note"))
    assert "3 réponses" in note
    assert f"la plus récente ({folder / f'{dg.submission_id}.json'})" in note
    assert "1 problème(s) à corriger" in err


def test_validate_notes_several_respondents_without_failing(capsys, tmp_path, make_submission):
    folder = tmp_path / "c"
    for role, answer in (("DG", "1"), ("Communications", "5")):
        sub = make_submission({"content.1": answer}, name="Café Le Fût", cohort="c")
        sub.respondent_role = role
        store.save(sub, folder)
    code = cli.main(["validate", str(folder), "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 0
    assert [line[:30] for line in out.splitlines() if line.startswith("note")] == [
        "note: 2 submissions of 'Café L"
    ]
    assert "duplicate" not in out
    assert "OK" in err


def test_agreement_counts_respondents_not_copies(five, make_submission, questionnaire):
    dg = make_submission({"content.1": "1", "content.2": "1", "content.3": "1"}, name="Bravo")
    dg.respondent_role = "DG"
    copy = A.Submission.from_dict(five[1].to_dict(), questionnaire)
    copy.submission_id = str(uuid.uuid4())  # Bravo's first answers saved once more
    table = cohort.scores(A.to_frame([*five, copy, dg], questionnaire), questionnaire)
    spread = cohort.agreement(table, questionnaire).set_index("measure")
    assert spread["org_key"].unique().tolist() == ["bravo"]
    assert spread.loc["content", "respondents"] == 2  # Bravo and its DG, not the copy
    assert spread.loc["content", "min"] == 0  # the DG: content 1 1 1
    assert spread.loc["content", "max"] == 75  # Bravo: content 4 4 4
    assert spread.loc["content", "range"] == 75
    assert bool(spread.loc["content", "disagree"])


def test_before_after_reads_the_latest_submission_of_each_cohort(make_submission, questionnaire):
    def answered(content, cohort_name, when):
        sub = make_submission(
            {"content.1": content, "content.2": content, "content.3": content},
            name="Café Le Fût inc.",
            cohort=cohort_name,
        )
        sub.submitted = when
        return sub

    subs = [
        answered("1", "2025-automne", "2025-11-20T10:00:00+00:00"),  # content 0, replaced
        answered("3", "2025-automne", "2025-11-20T10:30:00+00:00"),  # content 50: before
        answered("5", "2026-printemps", "2026-05-01T10:00:00+00:00"),  # content 100: after
    ]
    table = cohort.scores(A.to_frame(subs, questionnaire), questionnaire)
    content = cohort.before_after(table, questionnaire).set_index("measure").loc["content"]
    assert content["before"] == pytest.approx(50)  # not the mean of 0 and 50
    assert content["after"] == pytest.approx(100)
    assert content["change"] == pytest.approx(50)
