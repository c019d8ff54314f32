"""Advice a person acts on: for each recommendation a persona of conftest gets its own kind of
plan — three to five actions, each need once, with who and when — in plain words, the
computation kept for facilitators in a closed « Détails du calcul », and a readiness label that
never contradicts the recommendation (core, app, report and export)."""

from __future__ import annotations

import csv
import html
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings

from tests.conftest import CROWD_FOLLOWER, NOBODY_NAMED, OPEN_HOUSE, READY_ANSWERS
from tests.test_scoring import _answer_strategy
from toolkit import advice, cli, explanation, report, scoring, store
from toolkit import questionnaire as qmod
from toolkit.answers import Submission, normalise_answer
from toolkit.app.result_markup import advice_html, headline_html
from toolkit.errors import QuestionnaireError
from toolkit.fmt import UNKNOWN as fmt_unknown

Q = qmod.load()
NBSP = "\u00a0"

# One persona per recommendation, and the plan each one gets (hand-checked against
# data/advice.yaml): go = the 90 first days; prepare = the one need behind the hard flag, then
# the plan's fill steps up to three; one_off = the campaign, with the spokesperson step since
# crisis.2 is "no"; abstain = the alternatives, then when to look again (audience.2 is "dk").
PERSONAS = {
    "go": (READY_ANSWERS, ["go_start", "go_answer", "go_review"]),
    "prepare": (NOBODY_NAMED, ["name_person", "prepare_again", "prepare_one_platform"]),
    "one_off": (
        OPEN_HOUSE,
        ["oneoff_person", "oneoff_start", "oneoff_spokesperson", "oneoff_end", "oneoff_close"],
    ),
    "abstain": (
        CROWD_FOLLOWER,
        [
            "abstain_own_channels",
            "abstain_partners",
            "abstain_listen",
            "abstain_reconsider_unknown",
        ],
    ),
}

QUESTION_ID = re.compile(r"\b[a-z]+\.\d+\b")
FORMULA = re.compile(r"[<=≥≤]|\bratio\b|priorité|priority", re.IGNORECASE)
# English (or code) words that must never show in a French text a participant reads
ENGLISH = re.compile(
    r"\b(facebook|instagram|linkedin|tiktok|youtube|overhead|ready|hours?|week|gap|flag|"
    r"table A|the|and|none|qc_adults|us_adults|one_off|go|prepare|abstain)\b"
)
LAUNCH = re.compile(r"^(Commencer|Lancer|Ouvrir|Publier|Nommer|Libérer|Start|Launch|Open)")


def participant_texts(exp: explanation.Explanation) -> list[str]:
    """Every text of the result a participant reads (the details left out)."""
    return [
        exp.recommendation_text,
        exp.headline,
        exp.label_text,
        exp.label_note,
        *exp.reasons,
        *[a["text"] for a in exp.plan],
        *[a["who"] or "" for a in exp.plan],
        *[a["when"] or "" for a in exp.plan],
    ]


def visible_text(markup: str) -> str:
    """The text of HTML, tags removed, up to the closed details."""
    shown = markup.split("<details", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", " ", shown))


@pytest.mark.parametrize("recommendation", list(PERSONAS))
def test_each_recommendation_has_its_own_plan_of_three_to_five_actions(recommendation):
    answers, expected = PERSONAS[recommendation]
    for lang in ("fr", "en"):
        exp = scoring.explain(answers, Q, lang=lang)
        assert exp.recommendation == recommendation
        ids = [a["id"] for a in exp.plan]
        assert ids == expected
        assert 3 <= len(exp.plan) <= 5
        assert len(set(exp.actions)) == len(exp.actions)  # no action twice
        needs = [a["need"] for a in exp.plan if a["need"]]
        assert len(set(needs)) == len(needs)
        assert all(a["who"] and a["when"] for a in exp.plan)


@pytest.mark.parametrize("recommendation", list(PERSONAS))
def test_the_french_result_has_no_code_no_formula_and_no_english(recommendation):
    answers, _ = PERSONAS[recommendation]
    exp = scoring.explain(answers, Q, lang="fr")
    for text in participant_texts(exp):
        assert not QUESTION_ID.search(text), text
        assert not FORMULA.search(text), text
        assert not ENGLISH.search(text), text
        assert "—/semaine" not in text
        assert "aucune plateforme" not in text
    # the same on the page: everything above the closed details
    page = visible_text(headline_html(exp) + advice_html(exp, Q))
    assert exp.headline in page
    assert not QUESTION_ID.search(page), page
    assert not FORMULA.search(page), page
    assert not ENGLISH.search(page), page
    # and in the participant report, up to its closed details
    sub = Submission.new(Q, "test-cohort", "fr")
    sub.organisation = {"name": "Café du Quai", "sector": "retail", "size": "1-9"}
    sub.answers = {k: normalise_answer(Q.question(k), v) for k, v in answers.items()}
    document = report.group_report(sub, Q, lang="fr")
    top = document[document.index('<section id="recommendation"') :]
    top = top[: top.index('<section id="scores"')]
    text = visible_text(top)
    assert exp.headline in text
    for action in exp.actions:
        assert action in text
    assert not QUESTION_ID.search(text), text
    assert not FORMULA.search(text), text
    assert not ENGLISH.search(text), text


def test_abstaining_gives_alternatives_and_when_to_look_again_never_a_launch_step():
    exp = scoring.explain(CROWD_FOLLOWER, Q, lang="fr")
    assert exp.recommendation == "abstain"
    said = " ".join(exp.actions)
    for alternative in ("site Web", "infolettre", "partenaires", "Écouter sans publier"):
        assert alternative in said
    assert exp.actions[-1].startswith("Refaire l'exercice dans un an, ou dès que des données")
    assert "Facebook, Instagram et TikTok" in exp.actions[-1]  # what to find out, in words
    assert not any(LAUNCH.match(a) for a in exp.actions)
    # the 18 gaps of this persona stay in the details, without their launch actions
    assert len(exp.gaps) == 18
    assert all(g["actions"] == [] for g in exp.gaps)
    page = advice_html(exp, Q)
    for step in ("Rédiger un plan de crise", "Nommer une personne", "Libérer"):
        assert step not in page
    en = scoring.explain(CROWD_FOLLOWER, Q, lang="en")
    assert "newsletter" in " ".join(en.actions)
    assert "partners' channels" in " ".join(en.actions)


def test_a_weak_dimension_and_a_flag_on_the_same_question_give_one_action():
    # crisis 37.5 and no crisis plan; influence 37.5 and detractors unknown: before, the plan
    # listed the crisis plan twice and the stakeholder map twice
    answers = {
        **READY_ANSWERS,
        "crisis.1": "no",
        "crisis.2": "no",
        "influence.1": "dk",
        "influence.3": "no",
    }
    exp = scoring.explain(answers, Q, lang="fr")
    assert exp.recommendation == "prepare"
    gap_actions = [a for g in exp.gaps for a in g["actions"]]
    assert sum("plan de crise" in a for a in gap_actions) == 2  # the computation's view
    # gaps by priority: crisis.1 flag 10 × 100 = 1 000; crisis 10 × 62.5 = 625 (weak items
    # crisis.1, crisis.2 → crisis plan, crisis.3 "partly" 50 → monitoring); influence.3 flag
    # 5 × 100 = 500; influence 5 × 62.5 = 312.5 (influence.1 dk → map, influence.4 50 → relations)
    assert [a["id"] for a in exp.plan] == [
        "crisis_plan",
        "monitoring",
        "stakeholder_map",
        "influencer_relations",
    ]
    assert sum("plan de crise" in a for a in exp.actions) == 1
    assert sum("carte des parties prenantes" in a for a in exp.actions) == 1
    # who: a person is named (capacity.1 yes), so the crisis plan is theirs
    assert exp.plan[0]["who"] == "la personne responsable"
    assert exp.plan[0]["when"] == "avant le lancement"


def test_who_follows_the_answers():
    named = advice.plan(scoring.analyse({**READY_ANSWERS, "crisis.1": "no"}, Q), Q, "fr")
    nobody = {**READY_ANSWERS, "crisis.1": "no", "capacity.1": "no"}
    unnamed = advice.plan(scoring.analyse(nobody, Q), Q, "fr")
    assert named[0].id == "crisis_plan"
    assert named[0].who == "la personne responsable"
    # nobody named: naming someone comes first (a hard flag), and the crisis plan is the board's
    assert [a.id for a in unnamed][:2] == ["name_person", "crisis_plan"]
    assert unnamed[1].who == "la direction"


def test_the_one_off_campaign_is_dated_around_the_event():
    exp = scoring.explain(OPEN_HOUSE, Q, lang="fr")
    # open house on 1 May 2027: start 28 days before, end 7 days after, close 14 days after
    assert [a["when"] for a in exp.plan] == [
        "avant le 3 avril 2027",
        "le 3 avril 2027",
        "avant le 3 avril 2027",
        "le 8 mai 2027",
        "le 15 mai 2027",
    ]
    assert exp.actions[0] == (
        f"Nommer une personne responsable de la campagne et lui réserver 9{NBSP}h par semaine"
        " pendant les semaines de la campagne seulement."
    )
    assert "Vous avez un besoin ponctuel et daté, le 1 mai 2027." in exp.reasons
    # without a date, the moments are said relative to the event
    undated = scoring.explain({**OPEN_HOUSE, "oneoff.date": None}, Q, lang="en")
    assert [a["when"] for a in undated.plan][-2:] == [
        "one week after the event",
        "two weeks after the event",
    ]


def test_a_hard_flag_caps_the_label_the_same_way_in_app_report_and_exports(tmp_path, capsys):
    analysis = scoring.analyse(NOBODY_NAMED, Q)
    # 90.6375 − capacity.1 (100 → 0) × 20 / 4 / 100 = 85.6375: « ready » by the index alone
    assert analysis.scores["global"] == pytest.approx(85.6375)
    assert (analysis.index_label, analysis.label) == ("ready", "almost_ready")
    assert analysis.label_capped
    fr = explanation.word(analysis, Q, "fr")
    assert fr.label_text == "Presque prêt"
    assert fr.label_note == (
        f"L'indice seul donnerait «{NBSP}Prêt{NBSP}»; le niveau est ramené à «{NBSP}Presque"
        f" prêt{NBSP}» tant que la recommandation est «{NBSP}Préparer d'abord{NBSP}»."
    )
    # the app
    top = html.unescape(headline_html(fr))
    assert "86/100 — Presque prêt" in re.sub(r"<[^>]+>", "", top)
    assert "<b>Prêt</b>" not in top
    # the report
    sub = Submission.new(Q, "test-cohort", "fr")
    sub.organisation = {"name": "Café du Quai", "sector": "retail", "size": "1-9"}
    sub.answers = {k: normalise_answer(Q.question(k), v) for k, v in NOBODY_NAMED.items()}
    sub.status = "submitted"
    document = html.unescape(report.group_report(sub, Q, lang="fr"))
    assert "86/100</strong> — Presque prêt" in document
    assert "— Prêt" not in document
    # the exports: pertinence score (CSV) and the scores table every export reads
    store.save(sub, tmp_path / "cohort", Q)
    out = tmp_path / "scores.csv"
    assert cli.main(["score", str(tmp_path / "cohort"), "--out", str(out), "--plain"]) == 0
    capsys.readouterr()
    (row,) = csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines())
    assert row["recommendation"] == "prepare"
    assert row["label"] == "almost_ready"
    # go is never capped
    assert scoring.analyse(READY_ANSWERS, Q).label == "ready"


def test_the_details_keep_the_computation_closed():
    exp = scoring.explain(NOBODY_NAMED, Q, lang="fr")
    page = html.unescape(advice_html(exp, Q))
    details = page[page.index("<details") :]
    assert "<details open" not in page
    assert "<summary>Détails du calcul</summary>" in details
    assert (
        f"Heures nécessaires{NBSP}: 9{NBSP}h par semaine (Facebook 4{NBSP}h + LinkedIn 3{NBSP}h"
        f" + écoute, planification et bilans 2{NBSP}h); heures libérées{NBSP}: 9{NBSP}h."
    ) in details
    assert f"«{NBSP}Une personne nommée est responsable des plateformes.{NBSP}»{NBSP}: Non" in (
        details
    )
    # capacity.1 "no": weight 20 × (100 − 0) = 2 000
    assert f"priorité 2{NBSP}000" in details
    # capacity (0 + 100 + 100 + 75) / 4 = 68.75; capacity index (20 × 68.75 + 10 × 91.67
    # + 15 × 93.75) / 45 = 82.2; fit 90.4; resilience (10 × 87.5 + 5 × 75) / 15 = 83.3
    assert "Pertinence 90 · Capacité 82 · Résilience 83" in details
    sub = Submission.new(Q, "test-cohort", "fr")
    sub.organisation = {"name": "Café du Quai", "sector": "retail", "size": "1-9"}
    sub.answers = {k: normalise_answer(Q.question(k), v) for k, v in NOBODY_NAMED.items()}
    document = html.unescape(report.group_report(sub, Q, lang="fr"))
    closed = document[document.index('<section id="details">') :]
    closed = closed[: closed.index("</section>")]
    assert "<details><summary>Détails du calcul</summary>" in closed
    assert f"priorité 2{NBSP}000" in closed
    assert "Une personne nommée est responsable des plateformes." in closed


def test_the_catalogue_covers_every_scored_question_and_refuses_mistakes(tmp_path):
    import yaml

    raw = yaml.safe_load(advice.DEFAULT_PATH.read_text(encoding="utf-8"))
    catalogue = advice.from_dict(raw, Q)  # every scored question reveals exactly one need
    assert set(catalogue.plans) == {"go", "prepare", "one_off", "abstain"}
    broken = json.loads(json.dumps(raw))
    broken["needs"]["crisis_plan"]["questions"] = ["crisis.1", "crisis.9"]
    broken["needs"]["budget"]["who"] = "the intern"
    del broken["needs"]["budget"]["text"]["en"]
    broken["plans"]["go"]["steps"][0]["text"]["fr"] = "Commencer par {nowhere}."
    with pytest.raises(QuestionnaireError) as error:
        advice.from_dict(broken, Q)
    problems = "\n".join(error.value.problems)
    assert "needs.crisis_plan: no question 'crisis.9'" in problems
    assert "needs: no need for question crisis.2" in problems
    assert "'the intern' is not one of responsible, board, group" in problems
    assert "needs.budget: text: needs a text in fr and en" in problems
    assert "unknown placeholder 'nowhere' in fr" in problems


def test_action_counts_per_recommendation():
    """The numbers for the note: how many actions each persona's plan holds."""
    counts = {
        rec: len(scoring.explain(answers, Q, lang="fr").plan)
        for rec, (answers, _) in PERSONAS.items()
    }
    assert counts == {"go": 3, "prepare": 3, "one_off": 5, "abstain": 4}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_answer_strategy())
def test_any_answers_get_three_to_five_actions_each_need_once(answers):
    analysis = scoring.analyse(answers, Q)
    plan = advice.plan(analysis, Q, "fr")
    assert 3 <= len(plan) <= 5, (analysis.recommendation, [a.id for a in plan])
    needs = [a.need for a in plan if a.need]
    assert len(set(needs)) == len(needs)
    assert len({a.text for a in plan}) == len(plan)
    if analysis.recommendation == "abstain":
        assert not any(LAUNCH.match(a.text) for a in plan)
        assert not needs  # what to do instead, not gaps to close before a launch
    for action in plan:
        assert not QUESTION_ID.search(action.text)
        assert not FORMULA.search(action.text)
        assert fmt_unknown not in action.text


def test_with_no_gap_left_the_plan_takes_the_weakest_answers():
    # every dimension at 60 or more, no red flag, but an index under 70: prepare, no gap.
    # motivation (50, 50, 100, 50) 62.5; audience (50, 67, 100, 50) 66.75; content (75, 50, 75)
    # 66.7; capacity (100, 100, 0, 50) 62.5; competence (50, 75, 75) 66.7; crisis (50, 100, 0,
    # 100) 62.5; influence (50, 100, 50, 50) 62.5; planning (50, 50, 75, 100) 68.75 → 64.9
    answers = {
        **READY_ANSWERS,
        "motivation.1": "3",
        "motivation.2": "3",
        "motivation.4": "partly",
        "audience.1": "partly",
        "audience.4": "3",
        "content.1": "4",
        "content.2": "3",
        "content.3": "4",
        "capacity.3": "no",
        "capacity.4": "3",
        "competence.1": "3",
        "competence.2": "4",
        "competence.3": "4",
        "crisis.1": "partly",
        "crisis.3": "no",
        "influence.1": "partly",
        "influence.3": "partly",
        "influence.4": "3",
        "planning.1": "partly",
        "planning.2": "partly",
    }
    analysis = scoring.analyse(answers, Q)
    assert analysis.recommendation == "prepare"
    assert analysis.gaps == ()
    assert all(d.score is not None and d.score >= 60 for d in analysis.dimensions)
    assert analysis.scores["global"] == pytest.approx(64.9083, abs=1e-3)
    plan = advice.plan(analysis, Q, "fr")
    # the two fixed fill steps, then the weakest answer: capacity.3 "no", 20 / 4 × 100 = 500
    # before capacity.4 and crisis.3 (250 each)
    assert advice.weakest_needs(analysis, advice.default())[:3] == [
        "backup",
        "name_person",
        "monitoring",
    ]
    assert [a.id for a in plan] == ["prepare_again", "prepare_one_platform", "backup"]
