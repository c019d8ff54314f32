"""The explanation of one result: the core computes it as numbers and codes (hand-checked here
on the prepared persona of conftest), the words catalogue says it in French and English."""

from __future__ import annotations

import dataclasses
import re

import pytest

from tests.conftest import READY_ANSWERS
from toolkit import explanation, scoring, words
from toolkit import questionnaire as qmod

Q = qmod.load()
NBSP = "\u00a0"

# READY_ANSWERS by hand. Items: agree5 1–5 → 0, 25, 50, 75, 100 (motivation.2 reversed);
# audience.2 "50_74" → 67; partly → 50; capacity.2 = min(1, 9 h freed / 9 h needed) × 100.
# Hours needed: overhead 2 + facebook 4 + linkedin 3 = 9.
DIMENSIONS = {
    "motivation": (100 + 100 + 100 + 100) / 4,  # weight 15
    "audience": (100 + 67 + 100 + 75) / 4,  # 15
    "content": (100 + 75 + 75) / 3,  # 10
    "capacity": (100 + 100 + 100 + 75) / 4,  # 20
    "competence": (75 + 100 + 100) / 3,  # 10
    "crisis": (100 + 100 + 50 + 100) / 4,  # 10
    "influence": (100 + 100 + 50 + 50) / 4,  # 5
    "planning": (100 + 100 + 75 + 100) / 4,  # 15
}
FIT = (15 * 100 + 15 * 85.5 + 10 * DIMENSIONS["content"]) / 40
CAPACITY_INDEX = (20 * 93.75 + 10 * DIMENSIONS["competence"] + 15 * 93.75) / 45
RESILIENCE = (10 * 87.5 + 5 * 75) / 15
GLOBAL = 9063.75 / 100  # Σ weight × dimension score / 100


def test_the_analysis_of_the_prepared_persona_matches_the_hand_computation():
    analysis = scoring.analyse(READY_ANSWERS, Q)
    assert analysis.scores["global"] == pytest.approx(GLOBAL)
    assert analysis.scores["fit"] == pytest.approx(FIT)
    assert analysis.scores["capacity_index"] == pytest.approx(CAPACITY_INDEX)
    assert analysis.scores["resilience"] == pytest.approx(RESILIENCE)
    assert analysis.scores["hours_ratio"] == pytest.approx(1.0)
    assert {d.id: d.score for d in analysis.dimensions} == pytest.approx(DIMENSIONS)
    assert not any(d.needs_evidence for d in analysis.dimensions)
    assert (analysis.label, analysis.recommendation) == ("ready", "go")
    assert analysis.flags == ()
    assert analysis.gaps == ()
    # the go rule: global ≥ 70, fit ≥ 60, every dimension ≥ 50, no red flag
    assert [(r.kind, r.name, r.comparison, r.limit) for r in analysis.reasons] == [
        ("score", "global", "ge", 70),
        ("score", "fit", "ge", 60),
        ("all_dimensions", "", "ge", 50),
        ("no_flag", "", None, None),
    ]
    assert analysis.reasons[0].value == pytest.approx(GLOBAL)
    assert (analysis.hours_needed, analysis.hours_freed) == (9.0, 9.0)
    assert analysis.planned == ("facebook", "linkedin")
    # 9 h freed − 2 h overhead = 7 h: linkedin (3 h), then facebook (4 h)
    assert analysis.platforms_covered == ("linkedin", "facebook")
    item = {i.id: i for i in analysis.items}
    assert (item["motivation.2"].score, item["motivation.2"].codes) == (100.0, ("1",))
    assert item["motivation.1"].weight == pytest.approx(15 / 4)
    assert item["content.1"].weight == pytest.approx(10 / 3)
    assert item["motivation.3"].codes == ("promote_offer", "customer_relations")
    assert (item["capacity.2"].number, item["capacity.2"].score) == (9.0, 100.0)
    assert sum(i.weight for i in analysis.items) == pytest.approx(100)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def test_the_analysis_holds_ids_and_codes_not_words():
    analysis = scoring.analyse({**READY_ANSWERS, "crisis.1": "no", "audience.2": "dk"}, Q)
    assert analysis.language is None  # plain answers say no language
    found = _strings(dataclasses.asdict(analysis))
    assert {"crisis.1", "no_crisis_plan", "dk", "global"} <= set(found)
    assert all(re.fullmatch(r"[a-z0-9_.]*", s) for s in found), found


def test_the_prepared_persona_is_worded_in_french_from_the_catalogue():
    fr = scoring.explain(READY_ANSWERS, Q, lang="fr")
    assert fr.recommendation_text == "Intégrer au plan de communication"
    assert fr.reasons == [
        "Indice global = 91 ≥ 70",
        "Pertinence = 90 ≥ 60",
        "toutes les dimensions ≥ 50",
        "aucun signal d'alerte",
        f"Heures nécessaires{NBSP}: 9{NBSP}h/semaine pour Facebook, LinkedIn; "
        f"heures libérées{NBSP}: 9{NBSP}h.",
    ]
    assert fr.actions[-1] == (
        f"Vos heures libérées couvrent 2 plateforme(s){NBSP}: LinkedIn, Facebook (tableau A)."
    )
    text = fr.to_text()
    assert f"Recommandation{NBSP}: Intégrer au plan de communication" in text
    assert f"Indice global{NBSP}: 91/100 — Prêt" in text
    assert f"Plan d'action{NBSP}:" in text
    assert "(poids 15)" in text


def test_the_same_analysis_is_worded_in_english_without_scoring_again():
    fr = scoring.explain(READY_ANSWERS, Q, lang="fr")
    en = explanation.word(fr.analysis, Q, "en")
    assert en.reasons == [
        "Global index = 91 ≥ 70",
        "Fit = 90 ≥ 60",
        "every dimension ≥ 50",
        "no red flag",
        f"Hours needed: 9{NBSP}h/week for Facebook, LinkedIn; hours freed: 9{NBSP}h.",
    ]
    assert en.actions[-1] == "Your freed hours cover 2 platform(s): LinkedIn, Facebook (table A)."
    assert en.scores == fr.scores
    assert en.platforms_covered == fr.platforms_covered
    assert "Recommendation: Make it part of the plan" in en.to_text()


def test_numbers_in_the_words_follow_the_language():
    # 2.5 h freed for 9 h needed: ratio 0.28, under the one-off rule's 0.5
    answers = {**READY_ANSWERS, "oneoff.need": "yes", "capacity.2": 2.5}
    fr = scoring.explain(answers, Q, lang="fr")
    en = explanation.word(fr.analysis, Q, "en")
    assert fr.recommendation == "one_off"
    assert "Ratio heures libérées / nécessaires = 0,28 < 0,5" in fr.reasons
    assert "Ratio of hours freed to hours needed = 0.28 < 0.5" in en.reasons
    assert fr.reasons[-1].endswith(f"heures libérées{NBSP}: 2,5{NBSP}h.")
    assert en.reasons[-1].endswith(f"hours freed: 2.5{NBSP}h.")
    assert next(i for i in fr.items if i["id"] == "capacity.2")["answer"] == "2,5"
    question = Q.question("oneoff.need").text("fr")
    assert f"«{NBSP}{question}{NBSP}»{NBSP}: Oui" in fr.reasons
    assert f"\u201c{Q.question('oneoff.need').text('en')}\u201d: Yes" in en.reasons


def test_gaps_and_flags_are_worded_from_the_catalogue():
    answers = {**READY_ANSWERS, "crisis.1": "no"}  # no crisis plan: a soft flag
    analysis = scoring.analyse(answers, Q)
    assert analysis.flags == ("no_crisis_plan",)
    assert [(g.id, g.kind, g.flag) for g in analysis.gaps] == [
        ("crisis.1", "item", "no_crisis_plan")
    ]
    fr, en = (explanation.word(analysis, Q, lang) for lang in ("fr", "en"))
    assert fr.gaps[0]["title"].startswith("Signal d'alerte — ")
    assert en.gaps[0]["title"] == "Red flag — You have no crisis plan for social media."
    assert (fr.flags[0]["level_text"], en.flags[0]["level_text"]) == ("mineur", "minor")
    assert "  - [minor] You have no crisis plan for social media." in en.to_text()


def test_without_a_language_the_explanation_speaks_the_chosen_one():
    with words.use_language("en"):
        assert scoring.explain(READY_ANSWERS, Q).reasons[0] == "Global index = 91 ≥ 70"
    with words.use_language("fr"):
        assert scoring.explain(READY_ANSWERS, Q).reasons[0] == "Indice global = 91 ≥ 70"
