"""Shared fixtures: the bundled questionnaire and factories of answers and submissions."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

from toolkit import answers as answers_mod  # noqa: E402
from toolkit import questionnaire as questionnaire_mod  # noqa: E402

# A well-prepared organisation: every answer good but not perfect. Tests change a few answers.
READY_ANSWERS: dict[str, Any] = {
    "oneoff.need": "no",
    "platforms.planned": ["facebook", "linkedin"],
    "motivation.1": "5",
    "motivation.2": "1",
    "motivation.3": ["promote_offer", "customer_relations"],
    "motivation.4": "yes",
    "audience.1": "yes",
    "audience.2": "50_74",
    "audience.3": "yes",
    "audience.4": "4",
    "content.1": "5",
    "content.2": "4",
    "content.3": "4",
    "capacity.1": "yes",
    "capacity.2": 9,
    "capacity.3": "yes",
    "capacity.4": "4",
    "competence.1": "4",
    "competence.2": "5",
    "competence.3": "5",
    "crisis.1": "yes",
    "crisis.2": "yes",
    "crisis.3": "partly",
    "crisis.4": "yes",
    "influence.1": "yes",
    "influence.2": "yes",
    "influence.3": "partly",
    "influence.4": "3",
    "planning.1": "yes",
    "planning.2": "yes",
    "planning.3": "4",
    "planning.4": "yes",
}

# Following the crowd, with no time and no plan: global 6.15, abstain (tests/test_scoring.py).
CROWD_FOLLOWER = {
    "oneoff.need": "no",
    "platforms.planned": ["facebook", "instagram", "tiktok"],
    "motivation.1": "2",
    "motivation.2": "5",
    "motivation.3": ["none_specific"],
    "motivation.4": "no",
    "audience.1": "no",
    "audience.2": "dk",
    "audience.3": "dk",
    "audience.4": "2",
    "content.1": "3",
    "content.2": "2",
    "content.3": "2",
    "capacity.1": "no",
    "capacity.2": 0,
    "capacity.3": "no",
    "capacity.4": "1",
    "competence.1": "dk",
    "competence.2": "dk",
    "competence.3": "dk",
    "crisis.1": "no",
    "crisis.2": "no",
    "crisis.3": "dk",
    "crisis.4": "no",
    "influence.1": "dk",
    "influence.2": "no",
    "influence.3": "dk",
    "influence.4": "1",
    "planning.1": "no",
    "planning.2": "no",
    "planning.3": "2",
    "planning.4": "no",
}

# Well prepared but nobody is named: a hard red flag on an index that alone reads « ready »
# (85.6): prepare first, the label capped at « almost ready » (tests/test_advice.py).
NOBODY_NAMED = {**READY_ANSWERS, "capacity.1": "no"}

# An open house on a date, 2.5 h freed for the 9 h Facebook and LinkedIn take, nobody to approve
# or answer in public: one-off use only (tests/test_advice.py).
OPEN_HOUSE = {
    **READY_ANSWERS,
    "oneoff.need": "yes",
    "oneoff.date": "2027-05-01",
    "capacity.2": 2.5,
    "crisis.2": "no",
}

ORGANISATION = {"name": "Café du Quai", "sector": "retail", "size": "1-9", "region": "estrie"}


@pytest.fixture(scope="session")
def questionnaire() -> questionnaire_mod.Questionnaire:
    return questionnaire_mod.load()


@pytest.fixture
def make_submission(
    questionnaire: questionnaire_mod.Questionnaire,
) -> Callable[..., answers_mod.Submission]:
    """Build a complete, valid submission; keyword answers override READY_ANSWERS
    (use dots via a dict: ``make_submission({"crisis.1": "no"})``)."""

    def make(
        changes: dict[str, Any] | None = None,
        *,
        name: str = ORGANISATION["name"],
        cohort: str = "test-cohort",
        language: str = "fr",
        status: str = "submitted",
        drop: tuple[str, ...] = (),
    ) -> answers_mod.Submission:
        raw = {**READY_ANSWERS, **(changes or {})}
        answers = {
            qid: answers_mod.normalise_answer(questionnaire.question(qid), value)
            for qid, value in raw.items()
            if qid not in drop
        }
        sub = answers_mod.Submission.new(questionnaire, cohort, language)
        sub.organisation = {**ORGANISATION, "name": name}
        sub.answers = {k: v for k, v in answers.items() if v is not None}
        sub.status = status
        if status == "submitted":
            sub.submitted = answers_mod.now_iso()
        return sub

    return make
