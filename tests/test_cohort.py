"""Cohort aggregation checked against a small cohort computed by hand, and the anonymity rule.

The hand cohort: five organisations that answer like READY_ANSWERS except the three content
statements (agree5, (x − 1) ÷ 4 × 100), so that only the content dimension differs:

    org     content.1-3   content   global (= 88.3 + (content − 83.3) × 10 / 100)
    Alpha   5 5 5         100
    Bravo   4 4 4          75
    Charlie 3 3 3          50
    Delta   2 2 2          25       content.3 = 2 raises the soft flag avoids_public_exchange
    Echo    1 1 1           0       same flag

content, sorted: 0, 25, 50, 75, 100 → mean 50, median 50, linear quartiles at positions
0.25 × 4 = 1 and 0.75 × 4 = 3 → q1 25, q3 75.
Percentile rank = (rank − ½) ÷ n × 100 → Echo 10, Delta 30, Charlie 50, Bravo 70, Alpha 90.
Recommendations: Alpha, Bravo, Charlie go (every dimension ≥ 50, no flag, global ≥ 70,
fit ≥ 60); Delta and Echo prepare (content < 50 and a flag) → go 3 (60 %), prepare 2 (40 %).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from toolkit import answers as A
from toolkit import cohort, forms, scoring, store
from toolkit.errors import PertinenceError

CONTENT = {"Alpha": "5", "Bravo": "4", "Charlie": "3", "Delta": "2", "Echo": "1"}
SECTOR = {
    "Alpha": "retail",
    "Bravo": "retail",
    "Charlie": "retail",
    "Delta": "public",
    "Echo": "public",
}


@pytest.fixture
def hand_subs(make_submission):
    subs = []
    for name, code in CONTENT.items():
        sub = make_submission({"content.1": code, "content.2": code, "content.3": code}, name=name)
        sub.organisation["sector"] = SECTOR[name]
        sub.submitted = "2025-11-20T14:00:00+00:00"
        subs.append(sub)
    return subs


@pytest.fixture
def hand_frame(hand_subs, questionnaire):
    return A.to_frame(hand_subs, questionnaire)


@pytest.fixture
def hand_scores(hand_frame, questionnaire):
    return cohort.scores(hand_frame, questionnaire)


# --- statistics -------------------------------------------------------------------------------


def test_dimension_stats_match_the_hand_computation(hand_scores, questionnaire):
    stats = cohort.dimension_stats(hand_scores, questionnaire, min_group=5)
    content = stats.loc["content"]
    assert content["n"] == 5
    assert content["n_orgs"] == 5
    assert content["mean"] == pytest.approx(50)
    assert content["median"] == pytest.approx(50)
    assert content["q1"] == pytest.approx(25)
    assert content["q3"] == pytest.approx(75)
    assert not content["suppressed"]
    # every other dimension is the same for all five: READY's motivation is 100, audience 85.5
    assert stats.loc["motivation", "median"] == pytest.approx(100)
    assert stats.loc["audience", "q1"] == pytest.approx(85.5)
    assert list(stats.index[-4:]) == ["fit", "capacity_index", "resilience", "global"]


def test_question_stats_give_item_scores_and_dont_know_counts(
    make_submission, hand_subs, questionnaire
):
    extra = make_submission({"audience.2": "dk"}, name="Foxtrot")
    frame = A.to_frame([*hand_subs, extra], questionnaire)
    stats = cohort.question_stats(frame, questionnaire, min_group=5)
    # content.1 item scores: 100, 75, 50, 25, 0 and Foxtrot's READY 5 → 100
    assert stats.loc["content.1", "median"] == pytest.approx(62.5)
    assert stats.loc["content.1", "dimension"] == "content"
    # audience.2 is a knowledge item: « dk » scores 0 and is counted
    assert stats.loc["audience.2", "dont_know"] == 1
    assert stats.loc["audience.2", "q1"] == pytest.approx(67)


def test_percentile_ranks_are_mid_ranks(hand_scores, questionnaire):
    ranks = cohort.percentile_ranks(hand_scores, questionnaire, min_group=5)
    by_name = dict(zip(ranks["organisation"], ranks["content"], strict=False))
    assert by_name == pytest.approx(
        {"Echo": 10, "Delta": 30, "Charlie": 50, "Bravo": 70, "Alpha": 90}
    )
    # ties share their mid-rank: all five have motivation 100 → (3 − ½) ÷ 5 = 50
    assert set(ranks["motivation"]) == {50.0}


def test_recommendation_distribution_counts_every_recommendation(hand_scores):
    dist = cohort.recommendation_distribution(hand_scores, min_group=5).set_index("recommendation")
    assert dist.loc["go", "count"] == 3
    assert dist.loc["prepare", "count"] == 2
    assert dist.loc["abstain", "count"] == 0
    assert dist.loc["one_off", "count"] == 0
    assert dist.loc["go", "share"] == pytest.approx(60)


def test_flag_frequency_counts_the_flagged_submissions(hand_scores, questionnaire):
    freq = cohort.flag_frequency(hand_scores, questionnaire, min_group=5)
    assert freq.loc["avoids_public_exchange", "count"] == 2
    assert freq.loc["avoids_public_exchange", "share"] == pytest.approx(40)
    assert freq.loc["avoids_public_exchange", "question"] == "content.3"
    assert freq.index[0] == "avoids_public_exchange"  # most frequent first
    assert freq.loc["no_named_person", "count"] == 0


def test_likert_counts_one_answer_of_each_level(hand_frame, questionnaire):
    counts = cohort.likert_counts(hand_frame, questionnaire, "agree5", min_group=5)
    assert counts.loc["content.1", ["1", "2", "3", "4", "5", "dk"]].tolist() == [1, 1, 1, 1, 1, 0]
    assert counts.loc["motivation.1", "5"] == 5
    assert "audience.2" not in counts.index  # share4, another scale


def test_capacity_gap_compares_hours_freed_with_table_a(make_submission, questionnaire):
    # facebook 4 h + linkedin 3 h + overhead 2 h = 9 h needed; 3 h freed → 6 h short, ratio 1/3
    short = make_submission({"capacity.2": 3}, name="Short")
    enough = make_submission(name="Enough")
    table = cohort.scores(A.to_frame([short, enough], questionnaire), questionnaire)
    gap = cohort.capacity_gap(table)
    assert gap["hours_needed"].tolist() == [9, 9]
    assert gap["hours_freed"].tolist() == [3, 9]
    assert gap["hours_short"].tolist() == [6, 0]
    assert gap["band"].tolist() == ["short", "enough"]
    assert gap["hours_ratio"].iloc[0] == pytest.approx(1 / 3)


# --- anonymity --------------------------------------------------------------------------------


def test_a_group_of_four_organisations_is_suppressed_and_five_is_not(hand_scores, questionnaire):
    four = cohort.dimension_stats(hand_scores.iloc[:4], questionnaire, min_group=5)
    five = cohort.dimension_stats(hand_scores, questionnaire, min_group=5)
    assert four["suppressed"].all()
    assert four["median"].isna().all()
    assert four["q1"].isna().all()
    assert four["mean"].isna().all()
    assert four["note"].str.contains("fewer than 5").all()
    assert four.loc["content", "n_orgs"] == 4  # the size is still said
    assert not five["suppressed"].any()
    assert five["median"].notna().all()


def test_min_group_is_configurable_but_never_below_three(hand_scores, questionnaire):
    four = cohort.dimension_stats(hand_scores.iloc[:4], questionnaire, min_group=4)
    assert not four["suppressed"].any()
    assert cohort.check_min_group(3) == 3
    with pytest.raises(cohort.AnonymityError) as info:
        cohort.dimension_stats(hand_scores, questionnaire, min_group=2)
    assert "never be below 3" in info.value.text("en")
    assert "ne peut jamais être inférieur à 3" in str(info.value)
    with pytest.raises(PertinenceError):
        cohort.recommendation_distribution(hand_scores, min_group=1)


def test_several_respondents_of_one_organisation_count_once(
    make_submission, hand_subs, questionnaire
):
    # Alpha answers a second time: 5 submissions but 4 organisations, each counted once
    again = make_submission(name="alpha")
    table = cohort.scores(A.to_frame([*hand_subs[:4], again], questionnaire), questionnaire)
    stats = cohort.dimension_stats(table, questionnaire, min_group=5)
    assert stats.loc["content", "n"] == 4
    assert stats.loc["content", "n_orgs"] == 4
    assert stats["suppressed"].all()


def test_segments_suppress_small_segments(hand_scores, questionnaire):
    seg = cohort.segment_stats(hand_scores, "sector", questionnaire, min_group=3)
    content = seg[seg["measure"] == "content"].set_index("value")
    # retail: Alpha, Bravo, Charlie → 100, 75, 50; public: Delta and Echo, 2 < 3
    assert content.loc["retail", "median"] == pytest.approx(75)
    assert content.loc["retail", "n_orgs"] == 3
    assert not content.loc["retail", "suppressed"]
    assert content.loc["public", "suppressed"]
    assert math.isnan(content.loc["public", "median"])
    # the questionnaire's order of sectors: public before retail
    assert list(content.index) == ["public", "retail"]


def test_segments_by_year_come_from_the_submitted_date(hand_scores, questionnaire):
    seg = cohort.segment_table(hand_scores, "year", "global", questionnaire, min_group=5)
    assert seg["value"].tolist() == [2025]
    assert seg["n_orgs"].tolist() == [5]


def test_small_distributions_are_suppressed_too(hand_scores, questionnaire):
    dist = cohort.recommendation_distribution(hand_scores.iloc[:4], min_group=5)
    assert dist["suppressed"].all()
    assert dist["count"].isna().all()
    freq = cohort.flag_frequency(hand_scores.iloc[:4], questionnaire, min_group=5)
    assert freq["suppressed"].all()
    assert freq["share"].isna().all()
    ranks = cohort.percentile_ranks(hand_scores.iloc[:4], questionnaire, min_group=5)
    assert ranks["suppressed"].all()
    assert ranks["global"].isna().all()


def test_anonymise_replaces_names_with_stable_pseudonyms(hand_scores):
    shown = cohort.anonymise(hand_scores)
    assert not shown["organisation"].isin(list(CONTENT)).any()
    assert shown["organisation"].str.match(r"^org-[0-9a-f]{8}$").all()
    assert (shown["organisation"] == shown["org_key"]).all()
    assert cohort.pseudonym("alpha") == cohort.pseudonym("alpha")
    assert cohort.pseudonym("alpha") != cohort.pseudonym("alpha", salt="secret")
    assert cohort.anonymise(hand_scores, names=True)["organisation"].tolist() == list(CONTENT)


# --- before/after and agreement ---------------------------------------------------------------


def test_before_after_matches_organisations_by_key_earliest_against_latest(
    make_submission, hand_subs, questionnaire
):
    alpha, bravo = hand_subs[0], hand_subs[1]
    alpha.organisation["name"] = "Café  Le Fût, inc."
    later = make_submission(
        {"content.1": "1", "content.2": "1", "content.3": "1"},
        name="cafe le fut inc",
        cohort="second",
    )
    later.submitted = "2026-05-01T10:00:00+00:00"
    middle = make_submission(
        {"content.1": "3", "content.2": "3", "content.3": "3"},
        name="CAFÉ LE FÛT INC",
        cohort="middle",
    )
    middle.submitted = "2026-01-15T10:00:00+00:00"
    table = cohort.scores(A.to_frame([later, alpha, bravo, middle], questionnaire), questionnaire)
    pairs = cohort.before_after(table, questionnaire)
    assert pairs["org_key"].unique().tolist() == ["cafe le fut"]  # Bravo answered once
    content = pairs.set_index("measure").loc["content"]
    # earliest (alpha, 2025: content 100) against latest (2026-05: content 0); the middle is skipped
    assert content["before"] == pytest.approx(100)
    assert content["after"] == pytest.approx(0)
    assert content["change"] == pytest.approx(-100)
    assert content["before_cohort"] == "test-cohort"
    assert content["after_cohort"] == "second"
    # global moves by the content weight: 10 × (−100) ÷ 100
    assert pairs.set_index("measure").loc["global", "change"] == pytest.approx(-10)
    summary = cohort.before_after_summary(pairs, min_group=3)
    assert summary.loc["global", "suppressed"]  # one organisation is not a group


def test_before_after_is_empty_when_nobody_answered_twice(hand_scores, questionnaire):
    assert cohort.before_after(hand_scores, questionnaire).empty


def test_agreement_shows_the_spread_within_one_organisation(
    make_submission, hand_subs, questionnaire
):
    # Bravo answers with a second person who disagrees on content: 75 against 25
    second = make_submission({"content.1": "2", "content.2": "2", "content.3": "2"}, name="Bravo")
    table = cohort.scores(A.to_frame([*hand_subs, second], questionnaire), questionnaire)
    spread = cohort.agreement(table, questionnaire)
    assert spread["org_key"].unique().tolist() == ["bravo"]
    content = spread.set_index("measure").loc["content"]
    assert content["respondents"] == 2
    assert content["range"] == pytest.approx(50)
    assert content["std"] == pytest.approx(25)  # population std of 75 and 25
    assert content["disagree"]
    motivation = spread.set_index("measure").loc["motivation"]
    assert motivation["range"] == 0
    assert not motivation["disagree"]


def test_agreement_flags_a_spread_of_exactly_25_points(make_submission, questionnaire):
    one = make_submission({"content.1": "4", "content.2": "4", "content.3": "4"}, name="Golf")
    two = make_submission({"content.1": "3", "content.2": "3", "content.3": "3"}, name="Golf")
    table = cohort.scores(A.to_frame([one, two], questionnaire), questionnaire)
    content = cohort.agreement(table, questionnaire).set_index("measure").loc["content"]
    assert content["range"] == pytest.approx(25)
    assert content["disagree"]


def test_respondents_in_different_cohorts_are_not_a_disagreement(make_submission, questionnaire):
    one = make_submission(name="Hotel", cohort="a")
    two = make_submission({"content.1": "1"}, name="Hotel", cohort="b")
    table = cohort.scores(A.to_frame([one, two], questionnaire), questionnaire)
    assert cohort.agreement(table, questionnaire).empty


# --- tables -----------------------------------------------------------------------------------


def test_tidy_has_one_answer_per_row_with_labels_on_demand(hand_frame, questionnaire):
    long = cohort.tidy(hand_frame, questionnaire, lang="fr")
    alpha = long[long["organisation"] == "Alpha"].set_index("question")
    assert alpha.loc["content.1", "code"] == "5"
    assert alpha.loc["content.1", "label"] == "Tout à fait d'accord"
    assert alpha.loc["content.1", "item_score"] == 100
    assert alpha.loc["content.1", "dimension"] == "content"
    assert alpha.loc["platforms.planned", "code"] == "facebook;linkedin"
    assert np.isnan(alpha.loc["platforms.planned", "item_score"])
    assert alpha.loc["capacity.2", "value"] == 9
    assert alpha.loc["motivation.2", "item_score"] == 100  # reverse-coded: 1 → 100
    # one row per answer given: READY answers 32 questions (oneoff.date is not answered)
    assert len(alpha) == 32
    assert "label" not in cohort.tidy(hand_frame, questionnaire).columns
    en = cohort.tidy(hand_frame, questionnaire, lang="en")
    assert (
        en[(en["organisation"] == "Echo") & (en["question"] == "content.1")]["label"].item()
        == "Strongly disagree"
    )


def test_wide_has_one_submission_per_row(hand_frame, questionnaire):
    table = cohort.wide(hand_frame, questionnaire, with_scores=True)
    assert len(table) == 5
    assert table["platforms.planned"].iloc[0] == "facebook;linkedin"
    assert table["content.1"].tolist() == ["5", "4", "3", "2", "1"]
    assert table["content"].tolist() == pytest.approx([100, 75, 50, 25, 0])
    assert table["recommendation"].tolist() == ["go", "go", "go", "prepare", "prepare"]
    labels = cohort.wide(hand_frame, questionnaire, lang="en")
    assert labels["content.1"].iloc[0] == "Strongly agree"


def test_heatmap_table_uses_pseudonyms_unless_names_are_asked(hand_scores, questionnaire):
    hidden = cohort.heatmap_table(hand_scores, questionnaire)
    assert list(hidden.columns) == list(questionnaire.dimension_ids)
    assert all(x.startswith("org-") for x in hidden.index)
    named = cohort.heatmap_table(hand_scores, questionnaire, names=True)
    assert named.index[0] == "Alpha"
    assert named.index[-1] == "Echo"
    binned = cohort.heatmap_table(hand_scores, questionnaire, max_rows=2)
    assert binned.attrs["binned"]
    assert list(binned.index) == ["1–3", "4–5"]
    assert binned.loc["4–5", "content"] == pytest.approx(12.5)


# --- loading and export -----------------------------------------------------------------------


def test_load_combines_folders_and_wide_files_with_their_problems(
    hand_subs, questionnaire, tmp_path
):
    folder = tmp_path / "cohort"
    for sub in hand_subs[:3]:
        store.save(sub, folder, questionnaire)
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    wide_file = forms.write_wide(hand_subs[3:], tmp_path / "more.csv", questionnaire)
    # the same submission in a second source: kept once, reported once
    (tmp_path / "dup").mkdir()
    store.save(hand_subs[0], tmp_path / "dup", questionnaire)

    result = cohort.load([folder, wide_file, tmp_path / "dup", tmp_path / "missing"], questionnaire)
    assert sorted(result.frame["organisation"]) == sorted(CONTENT)
    assert set(result.frame["source"]) == {str(folder), str(wide_file)}
    messages = [p.text("en") for p in result.problems]
    assert any("broken.json" in m for m in messages)
    assert any("already loaded" in m for m in messages)
    assert any("missing" in m and "no such" in m for m in messages)
    assert len(result.submissions) == 5
    table = cohort.scores(result.frame, questionnaire)
    assert sorted(table["content"]) == pytest.approx([0, 25, 50, 75, 100])


def test_load_leaves_drafts_out_unless_asked(make_submission, questionnaire, tmp_path):
    store.save(make_submission(name="Done"), tmp_path, questionnaire)
    store.save(make_submission(name="Draft", status="draft"), tmp_path, questionnaire)
    assert cohort.load(tmp_path, questionnaire).frame["organisation"].tolist() == ["Done"]
    both = cohort.load(tmp_path, questionnaire, include_drafts=True)
    assert sorted(both.frame["organisation"]) == ["Done", "Draft"]
    assert both.drafts == 1


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_hides_names_by_default_and_neutralises_formulas(
    make_submission, hand_subs, questionnaire, tmp_path, suffix
):
    evil = make_submission(name='=HYPERLINK("http://x")')
    frame = A.to_frame([*hand_subs, evil], questionnaire)
    out = cohort.export(frame, tmp_path / f"export{suffix}", questionnaire=questionnaire)
    read = (
        pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig", dtype=str)
        if suffix == ".csv"
        else pd.read_excel(out, dtype=str)
    )
    text = read.to_csv()
    assert "Alpha" not in text
    assert "HYPERLINK" not in text
    assert read["organisation"].str.startswith("org-").all()
    assert "respondent_role" not in read.columns
    assert {"global", "recommendation", "content.1"} <= set(read.columns)

    named = cohort.export(
        frame, tmp_path / f"named{suffix}", names=True, questionnaire=questionnaire
    )
    read = (
        pd.read_csv(named, sep=";", decimal=",", encoding="utf-8-sig", dtype=str)
        if suffix == ".csv"
        else pd.read_excel(named, dtype=str)
    )
    assert "Alpha" in read["organisation"].tolist()
    assert '\'=HYPERLINK("http://x")' in read["organisation"].tolist()


def test_export_refuses_other_formats(hand_frame, tmp_path):
    with pytest.raises(PertinenceError) as info:
        cohort.export(hand_frame, tmp_path / "out.json")
    assert info.value.text("en").endswith(".csv or .xlsx")
    assert str(info.value).endswith(".csv ou .xlsx")


def test_neutralise_formulas_quotes_every_formula_start():
    frame = pd.DataFrame(
        {"a": ["=1+1", "+1", "-1", "@SUM(A1)", "ok", None], "n": [1, 2, 3, 4, 5, 6]}
    )
    out = cohort.neutralise_formulas(frame)
    assert out["a"].tolist()[:5] == ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "ok"]
    assert out["n"].tolist() == [1, 2, 3, 4, 5, 6]


def test_scores_matches_scoring_and_adds_year_and_hours(hand_frame, questionnaire):
    table = cohort.scores(hand_frame, questionnaire)
    plain = scoring.score(hand_frame, questionnaire)
    pd.testing.assert_series_equal(table["global"], plain["global"])
    assert table["year"].tolist() == [2025] * 5
    assert table["hours_freed"].tolist() == [9] * 5


def test_stats_of_a_json_round_trip_are_the_same(hand_subs, questionnaire, tmp_path):
    for sub in hand_subs:
        (tmp_path / f"{sub.submission_id}.json").write_text(json.dumps(sub.to_dict()), "utf-8")
    loaded = cohort.load(tmp_path, questionnaire)
    stats = cohort.dimension_stats(cohort.scores(loaded.frame, questionnaire), questionnaire)
    assert stats.loc["content", "median"] == pytest.approx(50)


def test_percentile_ranks_within_each_cohort(make_submission, hand_subs, questionnaire):
    # a second cohort of three: ranked among themselves, and too small to be shown
    others = [make_submission({"content.1": c}, name=f"Other {c}", cohort="b") for c in "123"]
    table = cohort.scores(A.to_frame([*hand_subs, *others], questionnaire), questionnaire)
    ranks = cohort.percentile_ranks(table, questionnaire, min_group=5, within="cohort")
    first = ranks[ranks["cohort"] == "test-cohort"]
    assert dict(zip(first["organisation"], first["content"], strict=True))["Alpha"] == 90
    assert ranks.loc[ranks["cohort"] == "b", "suppressed"].all()
    assert ranks.loc[ranks["cohort"] == "b", "content"].isna().all()
