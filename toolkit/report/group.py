"""One organisation's report: recommendation, scores against the cohort, red flags, gaps,
plan and hours, stakeholder map, methodology and sources."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .. import charts, cohort, fmt, scoring, stakeholders, words
from ..answers import Submission
from ..explanation import action_when_who
from ..questionnaire import SUBINDEX_COLUMNS, Questionnaire, default
from .figures import _figure
from .markup import (
    _count,
    _generated,
    _hours,
    _label,
    _level,
    _number,
    _page,
    _say,
    _signed,
    _table,
    esc,
)
from .reference import _method_section, _sources_section


def _as_submission(submission: Any, q: Questionnaire) -> Submission:
    if isinstance(submission, Submission):
        return submission
    if isinstance(submission, Mapping):
        return Submission.from_dict(dict(submission), q)
    raise TypeError("group_report() takes a Submission or its JSON dict")


def group_report(
    submission: Submission | Mapping[str, Any],
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    cohort_frame: pd.DataFrame | None = None,
    min_group: int = cohort.DEFAULT_MIN_GROUP,
) -> str:
    """One organisation's report as a self-contained HTML page.

    Sections: the recommendation in one sentence, its three to five actions and its reasons in
    sentences; scores (global, sub-indices, each dimension) with a radar — against the cohort's
    median and interquartile band when ``cohort_frame`` (an answers or scores table of the
    cohort) holds at least ``min_group`` organisations; red flags; hours; the computation
    (« Détails du calcul », closed: the rule's parts and the ranked gaps with their priority);
    the stakeholder map when the submission has one; methodology; sources (article points,
    tables A and B). The report names
    no other organisation.
    """
    q = questionnaire or default()
    limit = cohort.check_min_group(min_group)
    sub = _as_submission(submission, q)
    lang = words.resolve(lang or sub.language)
    exp = scoring.explain(sub, q, lang=lang)
    name = sub.organisation.get("name") or "—"

    parts = [
        f"<h1>{_say('report.group_title', lang)} — {esc(name)}</h1>",
        f"<p class='meta'>{_label('report.cohort', lang)}{esc(sub.cohort or '—')} · "
        f"{_generated(lang)}</p>",
    ]
    # Recommendation: one sentence, the plan, then why in sentences
    parts.append(_recommendation_section(exp, lang))
    # Scores
    comparison = cohort.compare(cohort_frame, q, limit)
    stats = comparison.dimension_stats
    show_cohort = comparison.dimensions_shown
    dims = {d["id"]: d["score"] for d in exp.dimensions}
    ax = charts.radar(
        dims,
        q,
        lang=lang,
        cohort_stats=stats if show_cohort else None,
        labels=charts.labels_for(lang),
    )
    caption = (
        words.render("report.radar_caption_cohort", lang, n=comparison.n_organisations)
        if show_cohort
        else words.render("report.radar_caption", lang)
    )
    median_col = [] if not show_cohort else [esc(words.render("common.cohort_median", lang))]
    rows: list[Any] = []
    for d in exp.dimensions:
        score_text = esc(fmt.score(d["score"], lang))
        if d["needs_evidence"]:
            score_text += f" <span class='note'>({_say('common.needs_evidence', lang)})</span>"
        row = [esc(d["label"]), (score_text, "num"), _number(d["weight"], lang, 2)]
        if show_cohort and stats is not None:
            row.append(_number(stats.loc[d["id"], "median"], lang, 0))
        rows.append(row)
    sub_rows = [
        [
            esc(q.subindices[k](lang)),
            _number(exp.scores.get(col, exp.scores.get(k, float("nan"))), lang, 0),
        ]
        for k, col in SUBINDEX_COLUMNS.items()
    ]
    hidden_note = ""
    if not comparison.empty and not show_cohort:
        hidden_note = f"<p class='note'>{_say('report.cohort_hidden', lang, min=limit)}</p>"
    parts.append(
        f'<section id="scores"><h2>{_say("report.scores", lang)}</h2>'
        f"<p><strong>{_label('common.global', lang)}"
        f"{esc(fmt.score(exp.scores['global'], lang))}/100</strong>"
        f" — {esc(exp.label_text)}</p>"
        + (f"<p class='note'>{esc(exp.label_note)}</p>" if exp.label_note else "")
        + _figure(
            ax,
            charts.radar_alt(dims, q, lang, cohort_stats=stats if show_cohort else None),
            caption,
        )
        + hidden_note
        + _table(
            [
                _say("common.dimension", lang),
                _say("report.score", lang),
                _say("common.weight", lang),
                *median_col,
            ],
            rows,
        )
        + f"<h3>{_say('report.subindices', lang)}</h3>"
        + _table([_say("report.subindices", lang), _say("report.score", lang)], sub_rows)
        + "</section>"
    )
    # Flags
    if exp.flags:
        flags = "".join(
            f"<li class='flag-{esc(f['level'])}'>[{_level(f['level'], lang)}] "
            f"{esc(f['message'])}</li>"
            for f in exp.flags
        )
        flags_html = f"<ul>{flags}</ul>"
    else:
        flags_html = f"<p>{_say('report.no_flags', lang)}</p>"
    parts.append(f'<section id="flags"><h2>{_say("common.flags", lang)}</h2>{flags_html}</section>')
    # Hours: one sentence, then the figures
    platforms_q = q.platform_question()
    covered = ", ".join(
        platforms_q.label_of(p, lang) for p in exp.platforms_covered
    ) or words.render("report.none", lang)
    parts.append(
        f'<section id="hours"><h2>{_say("report.hours", lang)}</h2><p>{esc(exp.hours_text)}</p>'
        + _table(
            [_say("report.hours", lang), ""],
            [
                [_say("report.hours_needed", lang), _hours(exp.hours_needed, lang)],
                [_say("report.hours_freed", lang), _hours(exp.hours_freed, lang)],
                [_say("report.covered", lang), esc(covered)],
            ],
        )
        + "</section>"
    )
    # The computation, closed, for facilitators
    parts.append(_details_section(exp, lang))
    # Stakeholder map
    if sub.stakeholders:
        parts.append(_stakeholder_section(sub.stakeholders, lang))
    parts.append(_method_section(q, lang, limit))
    points = sorted(
        {s for r in q.rules for s in r.source} | {s for s in q.sources},
        key=lambda s: int(s[1:]) if s[1:].isdigit() else 99,
    )
    parts.append(_sources_section(q, lang, points))
    return _page(f"{words.render('report.group_title', lang)} — {name}", lang, "".join(parts))


def _recommendation_section(exp: scoring.Explanation, lang: str) -> str:
    """The recommendation in one sentence, its three to five actions, then why."""
    actions = "".join(
        f"<li>{esc(a['text'])}"
        + (
            f"<br><span class='note'>{esc(action_when_who(a, lang))}</span>"
            if a["who"] or a["when"]
            else ""
        )
        + "</li>"
        for a in exp.plan
    )
    reasons = "".join(f"<li>{esc(r)}</li>" for r in exp.reasons)
    title = words.render(f"explain.plan.{exp.recommendation}", lang)
    return (
        f'<section id="recommendation"><h2>{_say("common.recommendation", lang)}</h2>'
        f'<div class="rec {esc(exp.recommendation)}">'
        f"<strong>{esc(exp.recommendation_text)}</strong>"
        f"<p>{esc(exp.headline)}</p>"
        f"<p>{_label('common.global', lang)}{esc(fmt.score(exp.scores['global'], lang))}/100"
        f" — {esc(exp.label_text)}</p>"
        + (f"<p class='note'>{esc(exp.label_note)}</p>" if exp.label_note else "")
        + "</div>"
        f"<h3>{esc(title)}</h3><ol class='plan'>{actions}</ol>"
        f"<h3>{_say('common.why', lang)}</h3><ul>{reasons}</ul></section>"
    )


def _details_section(exp: scoring.Explanation, lang: str) -> str:
    """« Détails du calcul » (closed): the rule's parts as formulas and every gap ranked by
    priority with its actions."""
    computation = "".join(f"<li>{esc(r)}</li>" for r in exp.computation)
    gaps = "".join(
        f"<li><strong>{esc(g['title'])}</strong> "
        f"<span class='note'>({_say('report.score', lang)} "
        f"{esc(fmt.score(g['score'], lang))} · {_say('explain.priority', lang)} "
        f"{esc(fmt.number(g['priority'], 0, lang))})</span>"
        + (
            "<ul>" + "".join(f"<li>{esc(a)}</li>" for a in g["actions"]) + "</ul>"
            if g["actions"]
            else ""
        )
        + "</li>"
        for g in exp.gaps
    )
    return (
        f'<section id="details"><details><summary>{_say("explain.details", lang)}</summary>'
        f"<p class='note'>{_say('explain.details_note', lang)}</p>"
        f"<h3>{_say('explain.rule_parts', lang)}</h3><ul>{computation}</ul>"
        + (
            f"<h3>{_say('explain.ranked_gaps', lang)}</h3><ol class='gaps'>{gaps}</ol>"
            if gaps
            else ""
        )
        + "</details></section>"
    )


def _stakeholder_section(actors: list[dict[str, Any]], lang: str) -> str:
    ax = charts.stakeholder_map(actors, lang=lang, labels=charts.labels_for(lang))
    figure = _figure(ax, charts.stakeholder_alt(actors, lang=lang))
    try:
        table = stakeholders.classify(actors, lang=lang)
        rows = [
            [
                esc(r.name),
                esc(r.type_label),
                _count(r.influence, lang),
                (esc(_signed(r.relationship, lang)), "num"),
                esc(r.quadrant_title),
                esc(r.advice),
            ]
            for r in table.itertuples()
        ]
        listing = _table(
            [
                _say("report.actor", lang),
                _say("common.type", lang),
                _say("common.influence", lang),
                _say("common.relationship", lang),
                _say("common.zone", lang),
                _say("common.advice", lang),
            ],
            rows,
        )
        review = f"<p class='note'>{esc(stakeholders.default().review(lang))}</p>"
    except Exception:  # noqa: BLE001 - the map stays useful without the advice table
        listing, review = "", ""
    return (
        f'<section id="stakeholders"><h2>{_say("common.stakeholder_map", lang)}</h2>'
        f"{figure}{listing}{review}</section>"
    )


def write_group_report(
    submission: Submission | Mapping[str, Any],
    out: str | Path,
    **kwargs: Any,
) -> Path:
    """Write :func:`group_report` to ``out`` (UTF-8) and return the path."""
    out = Path(out)
    out.write_text(group_report(submission, **kwargs), encoding="utf-8")
    return out
