"""What every report ends with: the methodology (scoring rules, anonymity) and the sources
(the article's points, reference tables A and B)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from .. import fmt
from ..questionnaire import AUDIENCE_PATH, DEFAULT_EFFORT_PATH, OVERHEAD, Questionnaire
from .markup import _label, _number, _percent, _say, _table, esc

METHOD = (
    "report.method_score",
    "report.method_hours",
    "report.method_dont_know",
    "report.method_dimension",
    "report.method_labels",
    "report.method_recommendation",
)
"""The methodology's paragraphs, in order (keys of the words catalogue)."""


def read_reference(path: str | Path) -> list[dict[str, str]]:
    """A reference CSV (table A or B) as a list of rows."""
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _sources_section(q: Questionnaire, lang: str, points: Iterable[str] | None = None) -> str:
    chosen = [p for p in q.sources if points is None or p in set(points)]
    article = "".join(
        f"<li><strong>{esc(p)}</strong> — {esc(q.sources[p](lang))}</li>" for p in chosen
    )
    effort = read_reference(DEFAULT_EFFORT_PATH)
    guidance_col = f"posting_guidance_{lang}"
    table_a = _table(
        [
            _say("report.platform", lang),
            _say("common.hours_per_week", lang),
            _say("report.guidance", lang),
            _say("report.source", lang),
            _say("report.year", lang),
        ],
        [
            (
                esc(r.get("platform")),
                _number(r.get("hours_per_week"), lang),
                esc(fmt.typography(r.get(guidance_col, ""), lang)),
                esc(r.get("source")),
                esc(r.get("year")),
            )
            for r in effort
        ],
    )
    audience = read_reference(AUDIENCE_PATH)
    table_b = _table(
        [
            _say("report.platform", lang),
            _say("report.population", lang),
            _say("report.share", lang),
            _say("report.year", lang),
            _say("report.source", lang),
        ],
        [
            (
                esc(r.get("platform")),
                esc(r.get("population")),
                _percent(r.get("share_percent"), lang, 0),
                esc(r.get("year")),
                esc(r.get("source"))
                + (f" <span class='note'>({esc(r['note'])})</span>" if r.get("note") else ""),
            )
            for r in audience
        ],
    )
    return (
        f'<section id="sources"><h2>{_say("report.sources", lang)}</h2>'
        f"<h3>{_say('report.article', lang)}</h3><ul class='small'>{article}</ul>"
        f"<h3>{_say('report.table_a', lang)}</h3>{table_a}"
        f"<h3>{_say('report.table_b', lang)}</h3>"
        f"<p class='note'>{_say('report.table_b_note', lang)}</p>{table_b}"
        "</section>"
    )


def _method_section(q: Questionnaire, lang: str, min_group: int) -> str:
    overhead = fmt.hours(q.effort.get(OVERHEAD), lang)
    items = "".join(f"<li>{_say(key, lang, overhead=overhead)}</li>" for key in METHOD)
    weights = ", ".join(f"{d.label(lang)} {fmt.number(d.weight, 2, lang)}" for d in q.dimensions)
    rules = "".join(
        f"<li><strong>{esc(r.label(lang))}</strong> — {esc(r.summary(lang))} "
        f"<span class='note'>({esc(', '.join(r.source))})</span></li>"
        for r in q.rules
    )
    return (
        f'<section id="methodology"><h2>{_say("report.methodology", lang)}</h2><ul>{items}'
        f"<li>{_label('common.weight', lang)}{esc(weights)}</li></ul><ol>{rules}</ol>"
        f"<h3>{_say('report.anonymity', lang)}</h3>"
        f"<p>{_say('report.anonymity_text', lang, min=min_group)}</p>"
        "</section>"
    )
