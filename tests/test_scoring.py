"""Scoring checked against hand computation: four personas from the article, every flag,
every recommendation branch, and properties over random answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CROWD_FOLLOWER, READY_ANSWERS
from toolkit import answers as A
from toolkit import questionnaire as qmod
from toolkit import scoring

Q = qmod.load()


def table_of(*answer_dicts: dict) -> pd.DataFrame:
    subs = []
    for raw in answer_dicts:
        sub = A.Submission.new(Q, "t")
        sub.organisation = {"name": "Org"}
        sub.answers = {
            k: v
            for k, v in ((k, A.normalise_answer(Q.question(k), v)) for k, v in raw.items())
            if v is not None
        }
        subs.append(sub)
    return A.to_frame(subs, Q)


def score_one(changes: dict | None = None, drop: tuple[str, ...] = ()) -> pd.Series:
    raw = {k: v for k, v in {**READY_ANSWERS, **(changes or {})}.items() if k not in drop}
    return scoring.score(table_of(raw), Q).iloc[0]


# Many answers a little weaker, none raising a flag: global under 70, so "prepare".
LOW_WITHOUT_FLAGS = {
    "crisis.3": "no",
    "crisis.4": "no",
    "influence.2": "no",
    "influence.4": "1",
    "planning.2": "no",
    "planning.4": "no",
    "capacity.3": "no",
    "competence.1": "3",
    "content.2": "3",
    "audience.4": "3",
    "motivation.4": "partly",
}

# --- The four personas ------------------------------------------------------------------------


OPEN_HOUSE_ONLY = {
    "oneoff.need": "yes",
    "oneoff.date": "2026-12-12",
    "platforms.planned": ["facebook"],
    "motivation.1": "4",
    "motivation.2": "2",
    "motivation.3": ["promote_offer"],
    "motivation.4": "partly",
    "audience.1": "partly",
    "audience.2": "25_49",
    "audience.3": "dk",
    "audience.4": "3",
    "content.1": "4",
    "content.2": "2",
    "content.3": "3",
    "capacity.1": "no",
    "capacity.2": 2,
    "capacity.3": "no",
    "capacity.4": "2",
    "competence.1": "3",
    "competence.2": "4",
    "competence.3": "4",
    "crisis.1": "no",
    "crisis.2": "yes",
    "crisis.3": "no",
    "crisis.4": "no",
    "influence.1": "partly",
    "influence.2": "no",
    "influence.3": "partly",
    "influence.4": "2",
    "planning.1": "partly",
    "planning.2": "no",
    "planning.3": "3",
    "planning.4": "no",
}

NO_CRISIS_PLAN = {
    **READY_ANSWERS,
    "crisis.1": "no",
    "crisis.2": "no",
    "crisis.3": "no",
    "crisis.4": "no",
}


def test_ready_organisation_goes_with_hand_computed_scores():
    row = score_one()
    # motivation: 5→100, reverse 1→100, specific objective→100, yes→100
    assert row["motivation"] == 100
    # audience: yes 100, 50–74 % 67, yes 100, agree 4→75 → 342 / 4
    assert row["audience"] == pytest.approx(85.5)
    assert row["content"] == pytest.approx(250 / 3)  # 100, 75, 75
    # capacity: yes 100, 9 h freed / (4 facebook + 3 linkedin + 2 overhead) → 100, yes 100, 75
    assert row["capacity"] == pytest.approx(93.75)
    assert row["competence"] == pytest.approx(275 / 3)
    assert row["crisis"] == pytest.approx(87.5)  # 100, 100, partly 50, 100
    assert row["influence"] == pytest.approx(75)  # 100, 100, 50, level 3 → 50
    assert row["planning"] == pytest.approx(93.75)
    assert row["fit"] == pytest.approx((15 * 100 + 15 * 85.5 + 10 * 250 / 3) / 40)
    assert row["capacity_index"] == pytest.approx((20 * 93.75 + 10 * 275 / 3 + 15 * 93.75) / 45)
    assert row["resilience"] == pytest.approx((10 * 87.5 + 5 * 75) / 15)
    assert row["global"] == pytest.approx(90.6375)
    assert row["label"] == "ready"
    assert row["flags"] == ()
    assert row["hours_needed"] == 9
    assert row["hours_ratio"] == 1
    assert row["recommendation"] == "go"
    assert row["gap_count"] == 0
    assert pd.isna(row["top_gap"])


def test_crowd_follower_with_nobody_free_abstains():
    row = scoring.score(table_of(CROWD_FOLLOWER), Q).iloc[0]
    assert row["motivation"] == pytest.approx(6.25)  # 25, reverse 5→0, none_specific→0, no→0
    assert row["audience"] == pytest.approx(6.25)  # no 0, dk (knowledge)→0, dk→0, 2→25
    assert row["content"] == pytest.approx(100 / 3)  # 50, 25, 25
    assert row["fit"] == pytest.approx((15 * 6.25 + 15 * 6.25 + 10 * 100 / 3) / 40)  # 13.02 < 40
    assert row["capacity"] == 0  # no, 0 h of 16 needed, no, 1→0
    assert row["hours_needed"] == 16  # facebook 4 + instagram 5 + tiktok 5 + overhead 2
    assert math.isnan(row["competence"])  # three opinion "don't know": nothing to score
    assert row["needs_evidence"] == ("competence",)
    assert row["global"] == pytest.approx((3 * 15 * 6.25 + 10 * 100 / 3) / 100)
    assert row["label"] == "not_ready"
    assert set(row["flags"]) == {
        "vague_purpose",
        "following_the_crowd",
        "no_specific_objective",
        "audience_absent",
        "avoids_public_exchange",
        "no_named_person",
        "not_enough_hours",
        "no_crisis_plan",
        "detractors_unknown",
        "no_budget",
    }
    assert row["recommendation"] == "abstain"


def test_open_house_next_month_only_is_a_one_off():
    row = scoring.score(table_of(OPEN_HOUSE_ONLY), Q).iloc[0]
    assert row["motivation"] == pytest.approx(75)  # 75, reverse 2→75, 100, partly 50
    assert row["audience"] == pytest.approx(33.25)  # 50, 33, dk→0, 50
    assert row["content"] == pytest.approx(50)  # 75, 25, 50
    assert row["fit"] == pytest.approx(2123.75 / 40)  # 53.1: not an abstention
    assert row["hours_needed"] == 6
    assert row["hours_ratio"] == pytest.approx(1 / 3)
    assert row["capacity"] == pytest.approx((0 + 100 / 3 + 0 + 25) / 4)
    assert row["global"] == pytest.approx(38.6333, abs=1e-3)
    assert {"no_named_person", "not_enough_hours", "no_crisis_plan"} <= set(row["flags"])
    assert row["recommendation"] == "one_off"


def test_good_reasons_and_staff_but_no_crisis_plan_prepares_first():
    row = scoring.score(table_of(NO_CRISIS_PLAN), Q).iloc[0]
    assert row["crisis"] == 0
    assert row["resilience"] == pytest.approx(5 * 75 / 15)
    assert row["global"] == pytest.approx(90.6375 - 8.75)  # crisis loses 87.5 × 10 / 100
    # a high index does not hide the missing plan: 81.9 alone is « ready », but the label
    # never says more than the recommendation, so « prepare » caps it at « almost ready »
    assert row["label"] == "almost_ready"
    assert row["flags"] == ("no_crisis_plan",)
    assert row["recommendation"] == "prepare"
    gaps = scoring.ranked_gaps(table_of(NO_CRISIS_PLAN), Q)
    assert gaps[["rank", "gap", "kind", "priority"]].to_dict("records") == [
        {"rank": 1, "gap": "crisis", "kind": "dimension", "priority": 1000.0},
        {"rank": 2, "gap": "crisis.1", "kind": "item", "priority": 1000.0},
    ]


# --- Every flag -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "changes"),
    [
        ("vague_purpose", {"motivation.1": "2"}),
        ("following_the_crowd", {"motivation.2": "4"}),
        ("no_specific_objective", {"motivation.3": ["none_specific"]}),
        ("audience_absent", {"audience.2": "lt25"}),
        ("audience_absent", {"audience.2": "dk"}),
        ("avoids_public_exchange", {"content.3": "1"}),
        ("no_named_person", {"capacity.1": "no"}),
        ("not_enough_hours", {"capacity.2": 4.4}),  # 4.4 / 9 = 0.49
        ("judgment_doubts", {"competence.3": "2"}),
        ("no_crisis_plan", {"crisis.1": "no"}),
        ("detractors_unknown", {"influence.3": "no"}),
        ("detractors_unknown", {"influence.3": "dk"}),
        ("no_budget", {"planning.1": "no"}),
    ],
)
def test_each_flag_is_raised_by_its_answer_alone(flag, changes):
    row = score_one(changes)
    assert row["flags"] == (flag,)
    assert row["recommendation"] in ("prepare", "abstain")


@pytest.mark.parametrize(
    "changes",
    [
        {"motivation.1": "3"},
        {"motivation.2": "3"},
        {"motivation.3": ["new_markets"]},
        {"audience.2": "25_49"},
        {"content.3": "3"},
        {"capacity.2": 4.5},  # exactly half: not below 0.5
        {"competence.3": "3"},
        {"crisis.1": "in_progress"},
        {"influence.3": "partly"},
        {"planning.1": "partly"},
    ],
)
def test_answers_at_the_threshold_raise_no_flag(changes):
    assert score_one(changes)["flags"] == ()


# --- Every recommendation branch --------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # abstain: audience absent (or unknown) and no dated need, even with a good fit
        ({"audience.2": "lt25"}, "abstain"),
        ({"audience.2": "dk"}, "abstain"),
        # ... but with a dated need the same audience gives a one-off
        ({"audience.2": "lt25", "oneoff.need": "yes"}, "one_off"),
        # one_off triggers, each alone
        ({"oneoff.need": "yes", "capacity.1": "no"}, "one_off"),
        ({"oneoff.need": "yes", "capacity.2": 4}, "one_off"),
        (
            {
                "oneoff.need": "yes",
                "capacity.3": "no",
                "capacity.4": "1",
                "competence.1": "1",
                "competence.2": "1",
                "competence.3": "3",
                "planning.2": "no",
                "planning.3": "1",
                "planning.4": "no",
            },
            "one_off",
        ),
        # a dated need with the capacity to manage: the usual rules apply
        ({"oneoff.need": "yes"}, "go"),
        # prepare: global under 70 without any flag
        (
            LOW_WITHOUT_FLAGS,
            "prepare",
        ),
        # prepare: one dimension under 50 without any flag, global still ≥ 70
        (
            {"influence.1": "no", "influence.2": "no", "influence.3": "partly", "influence.4": "1"},
            "prepare",
        ),
    ],
)
def test_recommendation_branches(changes, expected):
    assert score_one(changes)["recommendation"] == expected


def test_capacity_subindex_under_50_alone_triggers_one_off():
    changes = {
        "oneoff.need": "yes",
        "capacity.3": "no",
        "capacity.4": "1",
        "competence.1": "1",
        "competence.2": "1",
        "competence.3": "3",
        "planning.2": "no",
        "planning.3": "1",
        "planning.4": "no",
    }
    row = score_one(changes)
    # capacity 50 (100, 100, 0, 0); competence 16.7 (0, 0, 50); planning 25 (100, 0, 0, 0)
    assert row["capacity_index"] == pytest.approx((20 * 50 + 10 * 50 / 3 + 15 * 25) / 45)
    assert row["capacity_index"] < 50
    assert row["hours_ratio"] == 1
    assert row["flags"] == ()


def test_global_under_70_without_flag_prepares():
    row = score_one(LOW_WITHOUT_FLAGS)
    assert row["flags"] == ()
    assert row["global"] < 70


def test_missing_answers_make_a_dimension_need_evidence_and_prepare():
    # two of four crisis answers missing: more than a third → "needs evidence"
    row = score_one(drop=("crisis.2", "crisis.4"))
    assert row["needs_evidence"] == ("crisis",)
    assert row["crisis"] == pytest.approx(75)  # mean of the two answered: 100, 50
    assert row["recommendation"] == "prepare"
    # one of four missing is not more than a third
    assert score_one(drop=("crisis.4",))["needs_evidence"] == ()


def test_opinion_dont_know_is_missing_but_knowledge_dont_know_scores_zero():
    assert score_one({"audience.4": "dk"})["audience"] == pytest.approx((100 + 67 + 100) / 3)
    assert score_one({"audience.3": "dk"})["audience"] == pytest.approx((100 + 67 + 0 + 75) / 4)


def test_fit_under_60_alone_still_prepares():
    row = score_one(
        {
            "audience.1": "partly",
            "audience.3": "no",
            "audience.4": "2",
            "audience.2": "25_49",
            "content.1": "3",
            "content.2": "3",
            "content.3": "3",
            "motivation.4": "no",
            "motivation.1": "3",
        }
    )
    assert row["flags"] == ()
    assert 40 <= row["fit"] < 60
    assert row["recommendation"] == "prepare"


def test_one_row_and_many_rows_score_identically():
    many = scoring.score(
        table_of(READY_ANSWERS, CROWD_FOLLOWER, OPEN_HOUSE_ONLY, NO_CRISIS_PLAN), Q
    )
    for i, raw in enumerate([READY_ANSWERS, CROWD_FOLLOWER, OPEN_HOUSE_ONLY, NO_CRISIS_PLAN]):
        one = scoring.score(table_of(raw), Q).drop(columns=["submission_id", "started"])
        pd.testing.assert_frame_equal(
            one,
            many.drop(columns=["submission_id", "started"]).iloc[[i]].reset_index(drop=True),
            check_dtype=False,
        )
    assert list(many["recommendation"]) == ["go", "abstain", "one_off", "prepare"]


def test_table_built_by_hand_with_plain_codes_and_lists_scores_the_same():
    typed = table_of(READY_ANSWERS)
    plain = pd.DataFrame([{**READY_ANSWERS, "motivation.1": 5}])  # a number for a code
    assert scoring.score(plain, Q)["global"].iloc[0] == scoring.score(typed, Q)["global"].iloc[0]


def test_effort_override_changes_hours_needed():
    row = scoring.score(table_of(READY_ANSWERS), Q, effort={"facebook": 8}).iloc[0]
    assert row["hours_needed"] == 13
    assert row["hours_ratio"] == pytest.approx(9 / 13)


# --- Explanations -----------------------------------------------------------------------------


def test_explain_gives_items_weights_rule_and_actions_in_both_languages():
    fr = scoring.explain(NO_CRISIS_PLAN, Q, lang="fr")
    en = scoring.explain(NO_CRISIS_PLAN, Q, lang="en")
    assert fr.recommendation == en.recommendation == "prepare"
    assert fr.recommendation_text == "Préparer d'abord"
    assert en.recommendation_text == "Prepare first"
    assert any("plan de crise" in r for r in fr.reasons)
    assert "Crisis readiness: 0 out of 100, under the 50 it takes." in en.reasons
    assert "Crisis readiness = 0 < 50" in en.computation  # the formula stays in the details
    item = next(i for i in en.items if i["id"] == "crisis.1")
    assert item["score"] == 0
    assert item["answer"] == "No"
    assert item["weight"] == pytest.approx(2.5)
    assert sum(i["weight"] for i in en.items) == pytest.approx(100)
    assert [g["id"] for g in en.gaps] == ["crisis", "crisis.1"]
    # the crisis dimension and the crisis.1 flag are one need: one action, not two
    assert [a["id"] for a in en.plan] == ["crisis_plan", "monitoring", "prepare_again"]
    assert sum("crisis plan" in a for a in en.actions) == 1
    assert "Prepare first" in en.to_text()
    assert "Plan d'action" in fr.to_text()


def test_explain_go_starts_with_the_platforms_the_hours_cover():
    en = scoring.explain(
        {
            **READY_ANSWERS,
            "platforms.planned": ["facebook", "linkedin", "youtube"],
            "capacity.2": 15,
        },
        Q,
        lang="en",
    )
    # needed 4 + 3 + 6 + 2 = 15; 13 h after overhead cover linkedin 3, facebook 4, youtube 6
    assert en.recommendation == "go"
    assert en.platforms_covered == ["linkedin", "facebook", "youtube"]
    assert en.actions[0].startswith("Start with LinkedIn, Facebook and YouTube, what your 15")


def test_explain_one_off_plans_the_campaign_around_the_event():
    fr = scoring.explain(OPEN_HOUSE_ONLY, Q, lang="fr")
    assert fr.recommendation == "one_off"
    en = scoring.explain(OPEN_HOUSE_ONLY, Q, lang="en")
    assert en.recommendation == "one_off"
    # The one-off rule: a dated need, and any of its four conditions; three of them hold here.
    # capacity_index = (20 × 14.58 capacity + 10 × 66.67 competence + 15 × 25 planning) / 45
    # = 29.6; hours: 2 freed / (facebook 4 + overhead 2) needed = 0.33; audience.2 is not lt25.
    assert en.computation == [
        "\u201cDo you have a dated one-off need: an event, a launch, an open house?\u201d: Yes",
        "Capacity sub-index = 30 < 50",
        "\u201cA named person is responsible for the platforms.\u201d: No",
        "Ratio of hours freed to hours needed = 0.33 < 0.5",
        "Hours needed: 6\u00a0h a week (Facebook 4\u00a0h + listening, planning and reporting"
        " 2\u00a0h); hours freed: 2\u00a0h.",
    ]
    assert en.reasons == [
        "You have a dated one-off need, on December 12, 2026.",
        "The person, their skills, the time and the budget score 30 out of 100, under the 50 a"
        " continuous presence takes.",
        "Nobody is named to manage the platforms.",
        "The 2\u00a0h freed cover a third of the 6\u00a0h a week that Facebook takes.",
    ]
    assert fr.reasons[3] == (
        "Les 2\u00a0h libérées couvrent le tiers des 6\u00a0h par semaine que demande Facebook."
    )
    assert [f["id"] for f in en.flags] == ["no_named_person", "not_enough_hours", "no_crisis_plan"]
    # the campaign: start four weeks before the open house, end one week after, close two after
    assert [(a["id"], a["when"]) for a in en.plan] == [
        ("oneoff_person", "before November 14, 2026"),
        ("oneoff_start", "on November 14, 2026"),
        ("oneoff_end", "on December 19, 2026"),
        ("oneoff_close", "on December 26, 2026"),
    ]


# --- Properties -------------------------------------------------------------------------------


def _answer_strategy():
    per_question = {}
    for q in Q.questions:
        if q.scale.type == "single":
            per_question[q.id] = st.sampled_from(q.codes)
        elif q.scale.type == "number":
            per_question[q.id] = st.floats(0, 80, allow_nan=False)
        elif q.scale.type == "multi":
            choices = [c for c in q.codes if not q.scale.option(c).exclusive]
            exclusive = [c for c in q.codes if q.scale.option(c).exclusive]
            per_question[q.id] = st.one_of(
                st.lists(st.sampled_from(choices), min_size=1, unique=True),
                *[st.just([c]) for c in exclusive],
            )
    return st.fixed_dictionaries(per_question)


SCORE_COLUMNS = [*Q.dimension_ids, "fit", "capacity_index", "resilience", "global"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_answer_strategy(), min_size=1, max_size=8))
def test_every_score_stays_within_0_and_100(rows):
    table = scoring.score(table_of(*rows), Q)
    values = table[SCORE_COLUMNS].to_numpy(dtype=float)
    finite = values[~np.isnan(values)]
    assert ((finite >= 0) & (finite <= 100)).all()
    assert not np.isnan(table["global"]).any()
    assert set(table["recommendation"]) <= {"abstain", "one_off", "prepare", "go"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_answer_strategy(), st.sampled_from([q.id for q in Q.scored_questions]), st.data())
def test_a_better_answer_never_lowers_a_score(answers, qid, data):
    question = Q.question(qid)
    before = dict(answers)
    if question.scale.type == "number":
        after = {**answers, qid: answers[qid] + data.draw(st.floats(0, 80 - answers[qid]))}
    elif question.scale.type == "single":
        current = question.item_score(answers[qid])
        better = [
            c
            for c in question.codes
            if question.item_score(c) is not None
            and (current is None or question.item_score(c) >= current)
        ]
        if current is None:  # a missing answer cannot be "improved": it changes the mean's base
            return
        after = {**answers, qid: data.draw(st.sampled_from(better))}
    else:
        after = {**answers, qid: ["promote_offer"]}
        if answers[qid] != ["none_specific"]:
            return
    scored = scoring.score(table_of(before, after), Q)
    for column in [question.dimension, "global"]:
        assert scored[column].iloc[1] >= scored[column].iloc[0] - 1e-9
