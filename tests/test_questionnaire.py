"""The questionnaire definition: the bundled one is valid and complete; broken ones fail loudly."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from toolkit import questionnaire as qmod
from toolkit.errors import QuestionnaireError

RAW = yaml.safe_load(qmod.DEFAULT_PATH.read_text(encoding="utf-8"))


def test_bundled_questionnaire_has_the_contract_ids_weights_and_scales(questionnaire):
    assert questionnaire.id == "social-media-readiness"
    assert questionnaire.version == 1
    weights = {d.id: d.weight for d in questionnaire.dimensions}
    assert weights == {
        "motivation": 15,
        "audience": 15,
        "content": 10,
        "capacity": 20,
        "competence": 10,
        "crisis": 10,
        "influence": 5,
        "planning": 15,
    }
    counts = {d: len(questionnaire.questions_of(d)) for d in weights}
    assert counts == {
        "motivation": 4,
        "audience": 4,
        "content": 3,
        "capacity": 4,
        "competence": 3,
        "crisis": 4,
        "influence": 4,
        "planning": 4,
    }
    assert [r.id for r in questionnaire.rules] == ["abstain", "one_off", "prepare", "go"]
    assert questionnaire.question("motivation.2").reverse
    assert {q.id for q in questionnaire.questions if q.knowledge} == {
        "audience.2",
        "audience.3",
        "crisis.3",
        "influence.1",
        "influence.3",
    }
    assert [d.id for d in questionnaire.dimensions_of("capacity")] == [
        "capacity",
        "competence",
        "planning",
    ]


def test_every_source_point_s1_to_s13_is_served(questionnaire):
    served_by_questions_or_rules = {s for q in questionnaire.questions for s in q.source} | {
        s for r in questionnaire.rules for s in r.source
    }
    assert {f"S{i}" for i in range(1, 14)} <= served_by_questions_or_rules


def test_every_question_and_answer_has_french_and_english_text(questionnaire):
    for q in questionnaire.questions:
        for lang in ("fr", "en"):
            assert q.text(lang).strip(), q.id
            assert q.help(lang).strip(), q.id
            for o in q.scale.options:
                assert o.label(lang).strip(), (q.id, o.code)
        assert q.text("fr") != q.text("en"), q.id


@pytest.mark.parametrize(
    ("scale", "code", "reverse", "knowledge", "expected"),
    [
        ("agree5", "1", False, False, 0.0),
        ("agree5", "4", False, False, 75.0),
        ("agree5", "4", True, False, 25.0),  # (5 - 4) / 4 × 100
        ("agree5", "dk", False, False, None),  # opinion: missing
        ("agree5", "dk", False, True, 0.0),  # knowledge: the gap itself
        ("share4", "25_49", False, True, 33.0),
        ("share4", "dk", False, True, 0.0),
        ("ypn_progress", "in_progress", False, False, 50.0),
        ("level5", "2", False, False, 25.0),
    ],
)
def test_item_score_follows_the_scale_rules(
    questionnaire, scale, code, reverse, knowledge, expected
):
    q = qmod.Question(
        id="x.1",
        scale=questionnaire.scales[scale],
        text=qmod.Text("a", "b"),
        help=qmod.Text("a", "b"),
        source=("S1",),
        dimension="x",
        reverse=reverse,
        knowledge=knowledge,
    )
    assert q.item_score(code) == expected


def _load_broken(tmp_path: Path, raw) -> list[str]:
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(QuestionnaireError) as info:
        qmod.load(path)
    return info.value.problems


def test_missing_english_text_names_file_question_and_field(tmp_path):
    raw = copy.deepcopy(RAW)
    question = next(q for q in raw["questions"] if q["id"] == "motivation.2")
    del question["text"]["en"]
    problems = _load_broken(tmp_path, raw)
    assert len(problems) == 1
    assert "broken.yaml" in problems[0]
    assert "(motivation.2)" in problems[0]
    assert "field text" in problems[0]
    assert "'en' is a required property" in problems[0]


def test_every_question_has_a_short_label_in_both_languages_that_fits_a_chart(questionnaire):
    for q in questionnaire.questions:
        for lang in ("fr", "en"):
            label = q.short_label(lang)
            assert 0 < len(label) <= qmod.SHORT_LABEL_MAX, (q.id, lang, label)
            assert "\n" not in label
            assert q.id not in label
    assert questionnaire.question("planning.1").short_label("fr") == "Budget prévu"
    assert questionnaire.question("capacity.1").short_label("en") == "Named person in charge"


def test_the_schema_and_the_loader_agree_on_the_short_label_limit():
    schema = json.loads(qmod.SCHEMA_PATH.read_text(encoding="utf-8"))
    for lang in ("fr", "en"):
        assert schema["$defs"]["shortText"]["properties"][lang]["maxLength"] == qmod.SHORT_LABEL_MAX


def test_a_missing_short_label_names_the_question_and_the_field(tmp_path):
    raw = copy.deepcopy(RAW)
    del next(q for q in raw["questions"] if q["id"] == "content.2")["short"]
    problems = _load_broken(tmp_path, raw)
    assert len(problems) == 1
    assert "(content.2)" in problems[0]
    assert "'short' is a required property" in problems[0]


def test_a_short_label_too_long_for_a_chart_names_the_question_and_the_language(tmp_path):
    raw = copy.deepcopy(RAW)
    question = next(q for q in raw["questions"] if q["id"] == "audience.4")
    question["short"]["en"] = "Our clients expect to find us there, or already contact us"
    problems = _load_broken(tmp_path, raw)
    assert len(problems) == 1
    assert "(audience.4): field short.en" in problems[0]
    assert "is too long" in problems[0]


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    raw = copy.deepcopy(RAW)
    raw["questions"][5]["scale"] = "agree7"
    raw["questions"][6]["dimension"] = "nope"
    raw["dimensions"][0]["weight"] = 30
    problems = _load_broken(tmp_path, raw)
    text = "\n".join(problems)
    assert len(problems) >= 3
    assert f"question {raw['questions'][5]['id']}: field scale: unknown scale 'agree7'" in text
    assert "unknown dimension 'nope'" in text
    assert "weights must add up to 100, they add up to 115" in text


def test_flag_on_an_unknown_code_is_refused(tmp_path):
    raw = copy.deepcopy(RAW)
    question = next(q for q in raw["questions"] if q["id"] == "crisis.1")
    question["flags"][0]["when"]["codes"] = ["nope"]
    problems = _load_broken(tmp_path, raw)
    assert problems == [
        f"{tmp_path / 'broken.yaml'}: question crisis.1: flag no_crisis_plan: field when.codes: "
        "unknown code 'nope'"
    ]


def test_rule_on_an_unknown_question_is_refused(tmp_path):
    raw = copy.deepcopy(RAW)
    raw["rules"][0]["when"]["any"][1]["all"][0]["answer"] = "audience.9"
    problems = _load_broken(tmp_path, raw)
    assert any("rule abstain" in p and "unknown question 'audience.9'" in p for p in problems)


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nversion: [1\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match=r"bad\.yaml: not valid YAML at line"):
        qmod.load(path)


def test_effort_table_missing_a_platform_is_refused(tmp_path):
    effort = tmp_path / "effort.csv"
    effort.write_text("platform,hours_per_week\nfacebook,4\noverhead,2\n", encoding="utf-8")
    with pytest.raises(
        QuestionnaireError, match="no hours for: instagram, linkedin, x, youtube, tiktok"
    ):
        qmod.load(qmod.DEFAULT_PATH, effort)


def test_edited_effort_table_changes_hours_needed(tmp_path, questionnaire):
    effort = tmp_path / "effort.csv"
    text = qmod.DEFAULT_EFFORT_PATH.read_text(encoding="utf-8").replace(
        "facebook,4,", "facebook,7,"
    )
    effort.write_text(text, encoding="utf-8")
    assert qmod.load(qmod.DEFAULT_PATH, effort).effort["facebook"] == 7.0
    assert questionnaire.effort["facebook"] == 4.0
