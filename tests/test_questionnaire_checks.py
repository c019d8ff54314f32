"""Each check past the schema names the place and the mistake, one line per mistake."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from toolkit import questionnaire as qmod
from toolkit.errors import QuestionnaireError

RAW = yaml.safe_load(qmod.DEFAULT_PATH.read_text(encoding="utf-8"))


def question(raw: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for q in raw["questions"] if q["id"] == qid)


def set_weight(raw: dict[str, Any]) -> None:
    raw["dimensions"][0]["weight"] += 1


def reserved_dimension_id(raw: dict[str, Any]) -> None:
    raw["dimensions"][-1]["id"] = "global"


def unsorted_bands(raw: dict[str, Any]) -> None:
    raw["labels"].reverse()


def scored_dont_know(raw: dict[str, Any]) -> None:
    next(o for o in raw["scales"]["yn_dk"]["options"] if o.get("dk"))["score"] = 0


def repeated_question(raw: dict[str, Any]) -> None:
    raw["questions"].append(copy.deepcopy(question(raw, "oneoff.date")))


def misplaced_question(raw: dict[str, Any]) -> None:
    question(raw, "motivation.1")["dimension"] = "audience"


def reversed_number(raw: dict[str, Any]) -> None:
    question(raw, "capacity.2")["reverse"] = True


def unknown_source(raw: dict[str, Any]) -> None:
    question(raw, "oneoff.need")["source"].append("S99")


def repeated_flag(raw: dict[str, Any]) -> None:
    flag = copy.deepcopy(question(raw, "motivation.1")["flags"][0])
    question(raw, "motivation.2")["flags"].append(flag)


def repeated_short_label(raw: dict[str, Any]) -> None:
    question(raw, "planning.3")["short"]["en"] = question(raw, "planning.1")["short"]["en"]


def id_as_short_label(raw: dict[str, Any]) -> None:
    question(raw, "crisis.2")["short"]["fr"] = "crisis.2"


def missing_routing_question(raw: dict[str, Any]) -> None:
    raw["questions"] = [q for q in raw["questions"] if q["id"] != "oneoff.need"]
    for rule in raw["rules"]:
        rule["when"] = {"score": "global", "ge": 0}


def rules_out_of_order(raw: dict[str, Any]) -> None:
    raw["rules"].reverse()


def unknown_code_in_a_rule(raw: dict[str, Any]) -> None:
    raw["rules"][0]["when"]["any"][1]["all"][1]["in"] = ["peut-être"]


CASES: list[tuple[Callable[[dict[str, Any]], None], list[str]]] = [
    (set_weight, ["dimensions: field weight: weights must add up to 100, they add up to 101"]),
    (
        reserved_dimension_id,
        [
            "dimension global: field id: this id is reserved for a score column",
            "question planning.1: field dimension: unknown dimension 'planning'",
            "question planning.2: field dimension: unknown dimension 'planning'",
            "question planning.3: field dimension: unknown dimension 'planning'",
            "question planning.4: field dimension: unknown dimension 'planning'",
        ],
    ),
    (unsorted_bands, ["labels: field min: bands must start at 0 and go up"]),
    (scored_dont_know, ["scale 'yn_dk': option dk: a don't-know option has no score"]),
    (repeated_question, ["question oneoff.date: question ids must be unique"]),
    (
        misplaced_question,
        ["question motivation.1: field id: a scored question's id starts with 'audience.'"],
    ),
    (
        reversed_number,
        ["question capacity.2: field reverse: only single-choice questions can be reverse-coded"],
    ),
    (unknown_source, ["question oneoff.need: field source: unknown source point 'S99'"]),
    (repeated_flag, ["question motivation.2: flag vague_purpose: flag ids must be unique"]),
    (
        repeated_short_label,
        [
            "question planning.3: field short.en: the same short label as question planning.1: "
            "'Budget set aside'"
        ],
    ),
    (
        id_as_short_label,
        [
            "question crisis.2: field short.fr: a short label says what is asked, not the "
            "question's id"
        ],
    ),
    (missing_routing_question, ["questions: the routing question 'oneoff.need' is missing"]),
    (rules_out_of_order, ["rules: rules must be, in order: abstain, one_off, prepare, go"]),
    (
        unknown_code_in_a_rule,
        ["rule abstain: field when: question oneoff.need has no code 'peut-être'"],
    ),
]


@pytest.mark.parametrize(("mistake", "expected"), CASES, ids=[c[0].__name__ for c in CASES])
def test_a_mistake_past_the_schema_gives_its_own_line(mistake, expected):
    raw = copy.deepcopy(RAW)
    mistake(raw)
    with pytest.raises(QuestionnaireError) as info:
        qmod.from_dict(raw, "q.yaml")
    assert info.value.problems == [f"q.yaml: {line}" for line in expected]


def test_the_bundled_definition_passes_every_check():
    assert qmod.validate_definition(copy.deepcopy(RAW), "q.yaml") == []
