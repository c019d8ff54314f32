"""Synthetic cohorts for the cohort, chart, report and dashboard tests.

``random_submission`` draws plausible answers around a latent readiness so that a cohort spreads
over every recommendation, and its sector, size and region from the questionnaire's lists;
``write_cohort`` saves submissions with the store (``<id>.json`` files); ``complete_submission``
is a draft with every question answered, for the store, robustness and shared-folder tests.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit import answers as A
from toolkit import store
from toolkit.questionnaire import MULTI, NUMBER, SINGLE, Questionnaire, default


def profile_codes(q: Questionnaire, field: str) -> tuple[str, ...]:
    """The codes a profile field accepts (sector, size, region), as the questionnaire lists
    them: the one list the sample cohort, the tests and the benchmark draw from."""
    return q.profile_field(field).codes


def random_answers(q: Questionnaire, rng: random.Random, readiness: float) -> dict[str, Any]:
    """Answers whose item scores lean towards ``readiness`` (0–1)."""
    out: dict[str, Any] = {}
    for question in q.questions:
        kind = question.scale.type
        if question.id == "oneoff.need":
            out[question.id] = "yes" if rng.random() < 0.3 else "no"
        elif question.id == "platforms.planned":
            out[question.id] = rng.sample(list(question.codes), rng.randint(1, 3))
        elif kind == SINGLE:
            options = list(question.scale.options)
            if question.scored and rng.random() < 0.06 and question.scale.has_dk:
                out[question.id] = "dk"
                continue
            scored = [o for o in options if not o.dk]
            # pick the option whose item score is nearest a noisy target
            target = min(max(rng.gauss(readiness * 100, 25), 0), 100)
            best = min(scored, key=lambda o: abs((question.item_score(o.code) or 0) - target))
            out[question.id] = best.code
        elif kind == MULTI:
            codes = [c for c in question.codes if c != "none_specific"]
            if (
                rng.random() > readiness
                and "none_specific" in question.codes
                and rng.random() < 0.4
            ):
                out[question.id] = ["none_specific"]
            else:
                out[question.id] = rng.sample(codes, rng.randint(1, 2))
        elif kind == NUMBER:
            out[question.id] = round(max(0.0, rng.gauss(readiness * 12, 3)))
    return out


def random_submission(
    q: Questionnaire,
    rng: random.Random,
    name: str,
    cohort: str = "atelier-2025",
    submitted: str = "2025-11-20T14:00:00+00:00",
    readiness: float | None = None,
    status: str = "submitted",
    sector: str | None = None,
    **organisation: Any,
) -> A.Submission:
    readiness = rng.random() if readiness is None else readiness
    raw = random_answers(q, rng, readiness)
    sub = A.Submission.new(q, cohort, rng.choice(("fr", "en")))
    sub.organisation = {
        "name": name,
        "sector": sector or rng.choice(profile_codes(q, "sector")),
        "size": organisation.get("size") or rng.choice(profile_codes(q, "size")),
        "region": organisation.get("region") or rng.choice(profile_codes(q, "region")),
    }
    sub.answers = {
        k: v
        for k, v in ((k, A.normalise_answer(q.question(k), v)) for k, v in raw.items())
        if v is not None
    }
    sub.status = status
    sub.submitted = submitted if status == "submitted" else None
    return sub


def random_cohort(
    q: Questionnaire, n: int, seed: int = 1, cohort: str = "atelier-2025"
) -> list[A.Submission]:
    rng = random.Random(seed)
    return [random_submission(q, rng, f"Organisme {i:05d}", cohort=cohort) for i in range(n)]


def write_submission(sub: A.Submission, folder: Path) -> Path:
    return Path(store.save(sub, folder))


def write_cohort(subs: Sequence[A.Submission], folder: Path) -> Path:
    for sub in subs:
        write_submission(sub, folder)
    return folder


def complete_submission(
    name: str = "Café Le Fût", cohort: str = "2026-12-sherbrooke"
) -> A.Submission:
    """A draft with every question answered (first codes, 6.5 hours, two choices)."""
    q = default()
    s = A.Submission.new(q, cohort)
    s.organisation = {"name": name, "sector": "retail", "size": "1-9", "region": "estrie"}
    for question in q.questions:
        kind = question.scale.type
        if kind == SINGLE:
            s.answers[question.id] = question.codes[0]
        elif kind == NUMBER:
            s.answers[question.id] = 6.5
        elif kind == MULTI:
            s.answers[question.id] = tuple(question.codes[:2])
        elif kind == "date":
            s.answers[question.id] = "2026-12-03"
    return s
