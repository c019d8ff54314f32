"""Realistic form-tool exports of any size, built from the questionnaire (benchmarks, tests).

A Google Forms export as its CSV download writes it: ``Horodateur`` and ``Adresse courriel``,
then the profile fields' and questions' texts as headers, labels as answers, multi-selects
joined with ", ", hours with a decimal comma in French.
"""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from toolkit import questionnaire

GOOGLE_META = {"fr": ("Horodateur", "Adresse courriel"), "en": ("Timestamp", "Email")}


def random_answers(q: questionnaire.Questionnaire, rng: random.Random) -> dict[str, Any]:
    """One group's answers: every required question answered, readiness drawn at random."""
    readiness = rng.random()
    out: dict[str, Any] = {}
    for question in q.questions:
        kind = question.scale.type
        codes = list(question.codes)
        if question.id == "oneoff.need":
            out[question.id] = "no"
        elif kind == questionnaire.SINGLE:
            scored = [c for c in codes if c != "dk"]
            ranked = sorted(scored, key=lambda c: question.item_score(c) or 0)
            index = min(int(max(rng.gauss(readiness, 0.3), 0) * len(ranked)), len(ranked) - 1)
            out[question.id] = ranked[index]
        elif kind == questionnaire.MULTI:
            options = [c for c in codes if not any(o.exclusive for o in question.scale.options
                                                   if o.code == c)]  # fmt: skip
            out[question.id] = rng.sample(options, rng.randint(1, min(3, len(options))))
        elif kind == questionnaire.NUMBER:
            out[question.id] = round(max(0.0, rng.gauss(readiness * 12, 3)) * 2) / 2
    return out


def google_forms_rows(
    n: int, lang: str = "fr", seed: int = 7, q: questionnaire.Questionnaire | None = None
) -> tuple[list[str], list[list[str]]]:
    """The header and ``n`` rows of a Google Forms export (distinct organisations)."""
    q = q or questionnaire.default()
    rng = random.Random(seed)
    header = [*GOOGLE_META[lang]]
    header += [field.text(lang) for field in q.profile]
    header += [question.text(lang) for question in q.questions]
    start = datetime(2026, 11, 30, 9, 0, 0)
    rows: list[list[str]] = []
    for i in range(n):
        row = [(start + timedelta(seconds=7 * i)).strftime("%Y/%m/%d %H:%M:%S"), f"p{i}@ex.ca"]
        for field in q.profile:
            if field.id == "name":
                row.append(f"Organisme {i:06d}")
            else:
                option = rng.choice(field.options)
                row.append(option.label(lang))
        answers = random_answers(q, rng)
        for question in q.questions:
            value = answers.get(question.id)
            if value is None:
                row.append("")
            elif isinstance(value, list):
                row.append(", ".join(question.label_of(c, lang) for c in value))
            elif isinstance(value, float):
                text = f"{value:g}"
                row.append(text.replace(".", ",") if lang == "fr" else text)
            else:
                row.append(question.label_of(value, lang))
        rows.append(row)
    return header, rows


def write_google_forms(path: Path, n: int, lang: str = "fr", seed: int = 7) -> Path:
    """A Google Forms CSV export of ``n`` groups at ``path`` (UTF-8, ``,``)."""
    header, rows = google_forms_rows(n, lang, seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path
