"""The stakeholder map exercise, pure: zones at their boundaries, advice from the data file."""

from __future__ import annotations

import pytest
import yaml

from toolkit import stakeholders
from toolkit.errors import QuestionnaireError, SubmissionError


@pytest.mark.parametrize(
    ("influence", "relationship", "quadrant"),
    [
        (5, 2, "high_ally"),
        (4, 1, "high_ally"),  # 4 is the lowest high influence (« Élevé / High » on level5)
        (4, 0, "high_neutral"),
        (4, -1, "high_detractor"),
        (5, -2, "high_detractor"),
        (3, 1, "low_ally"),  # 3 (moderate) is not high
        (3, 0, "low_neutral"),
        (3, -1, "low_detractor"),
        (1, -2, "low_detractor"),
        (1, 2, "low_ally"),
    ],
)
def test_each_actor_falls_in_its_zone_at_the_boundaries(influence, relationship, quadrant):
    assert stakeholders.quadrant_of(influence, relationship) == quadrant


def test_classify_gives_each_actor_the_advice_of_its_zone_in_the_chosen_language():
    actors = [
        {"name": "La Tribune", "type": "media", "influence": 5, "relationship": 0},
        {"name": "Voisin mécontent", "type": "critic", "influence": 2, "relationship": -2},
        {"name": "Chambre de commerce", "type": "association", "influence": 4, "relationship": 2},
    ]
    frame = stakeholders.classify(actors, lang="en")
    assert list(frame.columns) == list(stakeholders.COLUMNS)
    assert frame["quadrant"].tolist() == ["high_neutral", "low_detractor", "high_ally"]
    assert frame["type_label"].tolist() == ["Media", "Known critic", "Association or network"]
    assert frame.loc[0, "advice"].startswith("Cultivate the relationship now, before any crisis")
    assert "do not feed the conflict" in frame.loc[1, "advice"]
    assert "co-create" in frame.loc[2, "advice"]
    french = stakeholders.classify(actors, lang="fr")
    assert french.loc[1, "advice"].startswith("Surveillez")
    assert french.loc[0, "quadrant_title"] == "À cultiver"


def test_classify_validates_each_actor():
    with pytest.raises(SubmissionError) as info:
        stakeholders.classify([{"name": "X", "influence": 6, "relationship": 0}])
    assert "influence must be 1 to 5" in info.value.text("en")
    assert "doit aller de 1 à 5" in str(info.value)
    with pytest.raises(SubmissionError) as info:
        stakeholders.classify([{"name": "X", "influence": 3, "relationship": 2.5}])
    assert "relationship must be -2 to 2" in info.value.text("en")


def test_classify_keeps_free_text_types_and_accepts_an_empty_list():
    frame = stakeholders.classify(
        [{"name": "Y", "type": "Conseil municipal", "influence": "4", "relationship": "-1"}]
    )
    assert frame.loc[0, "type_label"] == "Conseil municipal"
    assert frame.loc[0, "quadrant"] == "high_detractor"
    empty = stakeholders.classify([])
    assert len(empty) == 0
    assert list(empty.columns) == list(stakeholders.COLUMNS)


def test_every_zone_has_a_title_and_advice_in_both_languages():
    guide = stakeholders.load()
    assert set(guide.quadrants) == set(stakeholders.QUADRANTS)
    for lang in ("fr", "en"):
        texts = stakeholders.quadrant_texts(lang)
        assert set(texts) == set(stakeholders.QUADRANTS)
        assert all(title and advice for title, advice in texts.values())
    assert guide.review("fr") == "Revoyez cette carte chaque trimestre et avant chaque lancement."
    assert [v for _, v in stakeholders.relationship_options("fr")] == [-2, -1, 0, 1, 2]
    assert [v for _, v in stakeholders.influence_options("en")] == [1, 2, 3, 4, 5]


def test_the_threshold_of_high_influence_comes_from_the_data(tmp_path):
    raw = yaml.safe_load(stakeholders.DEFAULT_PATH.read_text(encoding="utf-8"))
    raw["high_influence_min"] = 3
    path = tmp_path / "stakeholders.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    guide = stakeholders.load(path)
    assert stakeholders.quadrant_of(3, 0, guide) == "high_neutral"
    assert (
        stakeholders.classify([{"name": "Z", "influence": 3, "relationship": 1}], guide=guide).loc[
            0, "level"
        ]
        == "high"
    )


def test_a_broken_exercise_file_names_every_problem(tmp_path):
    raw = yaml.safe_load(stakeholders.DEFAULT_PATH.read_text(encoding="utf-8"))
    raw["quadrants"] = [q for q in raw["quadrants"] if q["id"] != "low_neutral"]
    raw["quadrants"][0]["advice"] = {"fr": "seulement en français"}
    raw["high_influence_min"] = 9
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(QuestionnaireError) as info:
        stakeholders.load(path)
    problems = "\n".join(info.value.problems)
    assert "no advice for low_neutral" in problems
    assert "quadrants[0] (high_ally): field advice: needs a text in fr and en" in problems
    assert "high_influence_min" in problems
    assert all(p.startswith(str(path)) for p in info.value.problems)
