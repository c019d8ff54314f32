"""Self-contained HTML reports: one organisation's (``group_report``) and a cohort's
(``cohort_report``).

A report is one HTML text: charts embedded as base64 PNG, CSS inline, no external resource and
no JavaScript, so it can be e-mailed, archived or opened offline. Every organisation name and
every free text comes through :func:`html.escape`; nothing from the data can become markup.

>>> from toolkit import report
>>> html = report.group_report(submission, lang="fr")          # doctest: +SKIP
>>> report.write_cohort_report(["data/sample_cohort"], "cohorte.html", lang="fr")  # doctest: +SKIP
"""

from __future__ import annotations

import contextvars
import csv
import html
import math
import multiprocessing
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from . import charts, cohort, fmt, scoring, stakeholders, words
from .answers import Submission
from .messages import text_of
from .questionnaire import (
    AUDIENCE_PATH,
    DEFAULT_EFFORT_PATH,
    OVERHEAD,
    SUBINDEX_COLUMNS,
    Questionnaire,
    default,
)

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
 color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2.2rem;
 border-bottom:2px solid #0072B2;padding-bottom:.2rem}h3{font-size:1.05rem;margin-top:1.4rem}
.meta{color:#555;margin-top:0}.rec{border-left:6px solid #0072B2;background:#f2f7fb;
 padding:.8rem 1rem;margin:1rem 0}.rec.abstain{border-color:#D55E00;background:#fcf1ea}
.rec.one_off{border-color:#E69F00;background:#fdf6e6}.rec.prepare{border-color:#56B4E9}
.rec.go{border-color:#009E73;background:#e9f6f1}.rec strong{font-size:1.2rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.92rem}
th,td{border:1px solid #ccc;padding:.3rem .55rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.suppressed{color:#777;font-style:italic;background:#f7f7f7}
.flag-hard{color:#A6400A;font-weight:600}.flag-soft{color:#8a5a00}
figure{margin:1rem 0}figure img{max-width:100%;height:auto}
figcaption{color:#555;font-size:.88rem}.note{color:#555;font-size:.9rem}
.small{font-size:.85rem}.scroll{overflow-x:auto}ol.gaps>li{margin-bottom:.6rem}
footer{margin-top:3rem;color:#666;font-size:.85rem;border-top:1px solid #ccc;padding-top:.6rem}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}figure{page-break-inside:avoid}}
"""

SEGMENT_TITLES = {
    "sector": "report.by_sector",
    "size": "report.by_size",
    "region": "report.by_region",
    "cohort": "report.by_cohort",
    "year": "report.by_year",
}
"""The heading of each segment's comparison (a key of the words catalogue)."""

METHOD = (
    "report.method_score",
    "report.method_hours",
    "report.method_dont_know",
    "report.method_dimension",
    "report.method_labels",
    "report.method_recommendation",
)
"""The methodology's paragraphs, in order (keys of the words catalogue)."""

FLAG_LEVELS = {"hard": "common.flag_hard", "soft": "common.flag_soft"}


# --------------------------------------------------------------------------------------------
# HTML helpers


def esc(value: Any) -> str:
    """Any value as inert HTML text (``None`` as nothing)."""
    return html.escape("" if value is None else str(value), quote=True)


def _say(key: str, lang: str, **params: Any) -> str:
    """The words of ``key`` (:func:`toolkit.words.render`) as HTML text."""
    return esc(words.render(key, lang, **params))


def _float(value: Any) -> float | None:
    """A number read from a table or a CSV cell; ``None`` when there is none."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _number(value: Any, lang: str, digits: int = 1) -> tuple[str, str]:
    """A table cell holding a number as the language writes it (``3,5`` / ``3.5``)."""
    return esc(fmt.number(_float(value), digits, lang)), "num"


def _count(value: Any, lang: str) -> tuple[str, str]:
    """A table cell holding a count (``5 022`` / ``5,022``)."""
    return esc(fmt.count(_float(value), lang)), "num"


def _percent(value: Any, lang: str, digits: int = 1) -> tuple[str, str]:
    """A table cell holding a percentage given from 0 to 100 (``45,5 %`` / ``45.5%``)."""
    number = _float(value)
    return esc(fmt.percent(None if number is None else number / 100, digits, lang)), "num"


def _hours(value: Any, lang: str) -> tuple[str, str]:
    """A table cell holding hours (``3,5 h``)."""
    return esc(fmt.hours(_float(value), lang)), "num"


def _level(level: str, lang: str) -> str:
    """A red flag's level in words (« majeur » / "major"), as HTML."""
    return _say(FLAG_LEVELS[level], lang) if level in FLAG_LEVELS else esc(level)


def _signed(value: Any, lang: str) -> str:
    """A whole number with its sign (``+2``, ``−1``)."""
    number = _float(value)
    return fmt.UNKNOWN if number is None else charts.tick_text(number, lang, 0, signed=True)


# Figures of a report being built: drawn at the end, side by side (see _render_figures).
_PENDING: contextvars.ContextVar[list[Any] | None] = contextvars.ContextVar(
    "pending_figures", default=None
)
_TO_RENDER: list[Any] = []  # what forked workers render, by index
PLACEHOLDER = "@@pertinence-figure-{}@@"


def _figure(ax: Any, alt: str, caption: str | None = None) -> str:
    pending = _PENDING.get()
    if pending is None:
        data = charts.to_png_base64(ax)
    else:
        data = PLACEHOLDER.format(len(pending))
        pending.append(ax)
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f'<figure><img alt="{esc(alt)}" src="data:image/png;base64,{data}">{cap}</figure>'


def _render_one(index: int) -> str:
    return charts.to_png_base64(_TO_RENDER[index])


def _render_figures(figures: list[Any]) -> list[str]:
    """PNG (base64) of each figure: in two forked processes when that is safe and worth it.

    Rendering is most of a cohort report's time and matplotlib holds the GIL, so processes,
    not threads. Forking is avoided inside a Jupyter kernel (its threads and sockets) and on
    systems without fork; there, and for a few figures, they are drawn one after the other.
    """
    global _TO_RENDER
    workers = min(2, os.cpu_count() or 1)
    if (
        len(figures) < 4
        or workers < 2
        or "fork" not in multiprocessing.get_all_start_methods()
        or "ipykernel" in sys.modules
    ):
        return [charts.to_png_base64(f) for f in figures]
    _TO_RENDER = figures
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_render_one, range(len(figures)), chunksize=1)
    finally:
        _TO_RENDER = []


def _with_figures(build: Any) -> str:
    """Build a page whose figures are rendered together at the end."""
    pending: list[Any] = []
    token = _PENDING.set(pending)
    try:
        page = build()
    finally:
        _PENDING.reset(token)
    for index, data in enumerate(_render_figures(pending)):
        page = page.replace(PLACEHOLDER.format(index), data, 1)
    return page


def _table(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], classes: Sequence[str] = ()
) -> str:
    """A table of already-escaped cells (use :func:`esc` on every value from data)."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            if isinstance(cell, tuple):  # (html, css class)
                cells.append(f'<td class="{cell[1]}">{cell[0]}</td>')
            else:
                cls = classes[i] if i < len(classes) and classes[i] else ""
                cells.append(f'<td class="{cls}">{cell}</td>' if cls else f"<td>{cell}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<div class='scroll'><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _page(title: str, lang: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{words.HTML_LANG[lang]}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>{body}"
        f"<footer>{_say('report.footer', lang)}</footer></body></html>\n"
    )


def _label(key: str, lang: str) -> str:
    """The words of ``key`` introducing what follows, as HTML: ``Cohorte :`` / ``Cohort:``."""
    return esc(fmt.colon(words.render(key, lang), lang)) + " "


def _generated(lang: str) -> str:
    """« Produit le 30 novembre 2026 » / "Generated on November 30, 2026", as HTML."""
    today = datetime.now(timezone.utc).astimezone()
    return _say("report.generated", lang, date=fmt.date(today, lang))


def _suppressed_cell(lang: str, min_group: int) -> tuple[str, str]:
    return _say("report.suppressed", lang, min=min_group), "suppressed"


# --------------------------------------------------------------------------------------------
# Reference tables and sources


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


# --------------------------------------------------------------------------------------------
# One organisation


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

    Sections: recommendation and its reasons; scores (global, sub-indices, each dimension) with
    a radar — against the cohort's median and interquartile band when ``cohort_frame`` (an
    answers or scores table of the cohort) holds at least ``min_group`` organisations; red
    flags; ranked gaps with their actions; action plan; hours; the stakeholder map when the
    submission has one; methodology; sources (article points, tables A and B). The report names
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
    # Recommendation
    reasons = "".join(f"<li>{esc(r)}</li>" for r in exp.reasons)
    parts.append(
        f'<section id="recommendation"><h2>{_say("common.recommendation", lang)}</h2>'
        f'<div class="rec {esc(exp.recommendation)}">'
        f"<strong>{esc(exp.recommendation_text)}</strong>"
        f"<p>{esc(exp.summary)}</p></div>"
        f"<h3>{_say('common.why', lang)}</h3><ul>{reasons}</ul></section>"
    )
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
        + _figure(ax, words.render("report.radar_caption", lang), caption)
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
    # Gaps
    if exp.gaps:
        gaps = "".join(
            f"<li><strong>{esc(g['title'])}</strong> "
            f"<span class='note'>({_say('report.score', lang)} "
            f"{esc(fmt.score(g['score'], lang))} · {_say('report.priority', lang)} "
            f"{esc(fmt.number(g['priority'], 0, lang))})</span><ul>"
            + "".join(f"<li>{esc(a)}</li>" for a in g["actions"])
            + "</ul></li>"
            for g in exp.gaps
        )
        gaps_html = f"<ol class='gaps'>{gaps}</ol>"
    else:
        gaps_html = f"<p>{_say('report.no_gaps', lang)}</p>"
    parts.append(f'<section id="gaps"><h2>{_say("report.gaps", lang)}</h2>{gaps_html}</section>')
    # Plan and hours
    plan = "".join(f"<li>{esc(a)}</li>" for a in exp.actions)
    platforms_q = q.platform_question()
    covered = ", ".join(
        platforms_q.label_of(p, lang) for p in exp.platforms_covered
    ) or words.render("report.none", lang)
    parts.append(
        f'<section id="plan"><h2>{_say("common.plan", lang)}</h2><ol>{plan}</ol>'
        f"<h3>{_say('report.hours', lang)}</h3>"
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


def _stakeholder_section(actors: list[dict[str, Any]], lang: str) -> str:
    ax = charts.stakeholder_map(actors, lang=lang, labels=charts.labels_for(lang))
    figure = _figure(ax, words.render("common.stakeholder_map", lang))
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


# --------------------------------------------------------------------------------------------
# A cohort


MAX_ROWS = 200
"""Per-organisation tables stop after this many rows (the export has them all)."""


def _stat_cells(row: Any, cols: Sequence[str], lang: str, min_group: int) -> list[Any]:
    if bool(row.get("suppressed", False)):
        hidden = _suppressed_cell(lang, min_group)
        return [hidden] + [("", "suppressed")] * (len(cols) - 1)
    whole = ("n", "n_orgs", "dont_know", "improved")
    return [_count(row.get(c), lang) if c in whole else _number(row.get(c), lang) for c in cols]


def _truncated(total: int, lang: str) -> str:
    if total <= MAX_ROWS:
        return ""
    shown, everything = fmt.count(MAX_ROWS, lang), fmt.count(total, lang)
    return f"<p class='note'>{_say('report.truncated', lang, shown=shown, total=everything)}</p>"


def _org_label(frame: pd.DataFrame, names: bool) -> pd.Series:
    shown = cohort.anonymise(
        frame[[c for c in ("organisation", "org_key", "submission_id") if c in frame.columns]],
        names=names,
    )
    return shown["organisation"].astype(object).fillna("—").astype(str)


def cohort_report(
    paths_or_frame: Any,
    lang: str | None = None,
    min_group: int = cohort.DEFAULT_MIN_GROUP,
    names: bool = False,
    questionnaire: Questionnaire | None = None,
    title: str | None = None,
) -> str:
    """A cohort's report as a self-contained HTML page.

    ``paths_or_frame`` is a cohort folder, a wide CSV/XLSX, a list of them, an answers table
    or a :class:`~toolkit.store.LoadResult`. Sections: overview (and reading problems),
    recommendations, dimension statistics with the cohort radar, organisations × dimensions,
    question statistics with the agreement statements, red flags, capacity (hours), segments
    (sector, size, region, cohort, year), percentile ranks, before/after, agreement within
    organisations, methodology and sources. Any statistic of a group under ``min_group``
    organisations is marked as hidden. Organisations appear as pseudonyms unless ``names``.
    """
    return _with_figures(
        lambda: _cohort_page(paths_or_frame, lang, min_group, names, questionnaire, title)
    )


def _cohort_page(
    paths_or_frame: Any,
    lang: str | None = None,
    min_group: int = cohort.DEFAULT_MIN_GROUP,
    names: bool = False,
    questionnaire: Questionnaire | None = None,
    title: str | None = None,
) -> str:
    """The page itself; its figures are rendered by :func:`_with_figures`."""
    q = questionnaire or default()
    lang = words.resolve(lang)
    limit = cohort.check_min_group(min_group)
    comparison = cohort.compare(paths_or_frame, q, limit)
    frame, table, problems = comparison.answers, comparison.scores, comparison.problems
    n_orgs, big_enough = comparison.n_organisations, comparison.big_enough
    cohorts = sorted(str(c) for c in pd.unique(table["cohort"].dropna())) if len(table) else []

    names_key = "report.names_shown" if names else "report.names_hidden"
    parts = [
        f"<h1>{esc(title or words.render('report.cohort_title', lang))}</h1>",
        f"<p class='meta'>{_label('report.cohorts', lang)}{esc(', '.join(cohorts) or '—')} · "
        f"{_generated(lang)}</p>",
        f"<p class='note'>{_say(names_key, lang)}</p>",
    ]
    overview = _table(
        [_say("report.summary", lang), ""],
        [
            [_say("report.submissions", lang), _count(len(table), lang)],
            [_say("common.organisations", lang), _count(n_orgs, lang)],
            [_say("report.cohorts", lang), _count(len(cohorts), lang)],
        ],
    )
    problem_html = ""
    if problems:
        shown = "".join(f"<li>{esc(text_of(p, lang))}</li>" for p in problems[:MAX_ROWS])
        problem_html = (
            f"<h3>{_say('report.problems', lang)}</h3><p class='note'>"
            f"{_say('report.problems_intro', lang)}</p><ul class='small'>{shown}</ul>"
            + _truncated(len(problems), lang)
        )
    hidden_all = (
        ""
        if big_enough
        else (f"<p class='note'>{_say('report.cohort_small', lang, min=limit)}</p>")
    )
    parts.append(
        f'<section id="overview"><h2>{_say("report.summary", lang)}</h2>{overview}{hidden_all}'
        f"{problem_html}</section>"
    )
    if len(table) == 0:
        parts.append(f"<p>{_say('report.empty', lang)}</p>")
        parts.append(_method_section(q, lang, limit))
        parts.append(_sources_section(q, lang))
        return _page(title or words.render("report.cohort_title", lang), lang, "".join(parts))

    parts.append(_recommendation_section(table, q, lang, limit))
    parts.append(_dimension_section(comparison.dimension_stats, q, lang, limit))
    parts.append(_heatmap_section(table, q, lang, limit, names, big_enough))
    parts.append(_question_section(frame, q, lang, limit))
    parts.append(_flag_section(table, q, lang, limit))
    parts.append(_capacity_section(table, lang, limit, big_enough))
    parts.append(_segment_section(table, q, lang, limit))
    parts.append(_percentile_section(table, q, lang, limit, names))
    parts.append(_before_after_section(table, q, lang, limit, names))
    parts.append(_agreement_section(table, q, lang, names))
    parts.append(_method_section(q, lang, limit))
    parts.append(_sources_section(q, lang))
    return _page(title or words.render("report.cohort_title", lang), lang, "".join(parts))


def _recommendation_section(table: pd.DataFrame, q: Questionnaire, lang: str, limit: int) -> str:
    dist = cohort.recommendation_distribution(table, min_group=limit)
    figure = _figure(
        charts.recommendations(dist, q, lang, labels=charts.labels_for(lang)),
        words.render("common.recommendations", lang),
    )
    rows: list[Any] = []
    for r in dist.itertuples():
        label = esc(q.rule(r.recommendation).label(lang))
        if r.suppressed:
            rows.append([label, _suppressed_cell(lang, limit), ("", "suppressed")])
        else:
            rows.append(
                [
                    label,
                    _count(r.count, lang),
                    _percent(r.share, lang),
                ]
            )
    body = _table(
        [
            _say("common.recommendation", lang),
            _say("report.count", lang),
            _say("report.share", lang),
        ],
        rows,
    )
    title = _say("common.recommendations", lang)
    return f'<section id="recommendations"><h2>{title}</h2>{figure}{body}</section>'


def _dimension_section(stats: pd.DataFrame, q: Questionnaire, lang: str, limit: int) -> str:
    cols = ["n_orgs", "median", "q1", "q3", "mean"]
    rows = [
        [esc(charts.measure_label(m, q, lang)), *_stat_cells(row, cols, lang, limit)]
        for m, row in stats.iterrows()
    ]
    body = _table(
        [
            _say("common.dimension", lang),
            _say("common.organisations", lang),
            _say("report.median", lang),
            _say("report.q1", lang),
            _say("report.q3", lang),
            _say("report.mean", lang),
        ],
        rows,
    )
    dims = list(q.dimension_ids)
    figure = ""
    if not stats.loc[dims, "suppressed"].any():
        medians = stats.loc[dims, "median"].to_dict()
        ax = charts.radar(
            medians,
            q,
            lang,
            cohort_stats=stats.loc[dims, ["q1", "q3", "suppressed"]],
            label=words.render("common.cohort_median", lang),
            labels=charts.labels_for(lang),
        )
        figure = _figure(ax, words.render("report.dimension_stats", lang))
    heading = _say("report.dimension_stats", lang)
    return f'<section id="dimensions"><h2>{heading}</h2>{figure}{body}</section>'


def _heatmap_section(
    table: pd.DataFrame, q: Questionnaire, lang: str, limit: int, names: bool, big_enough: bool
) -> str:
    if not big_enough:
        body = f"<p class='note'>{_say('report.suppressed', lang, min=limit)}</p>"
    else:
        data = cohort.heatmap_table(table, q, names=names)
        body = _figure(
            charts.heatmap(data, q, lang, labels=charts.labels_for(lang)),
            words.render("report.heatmap", lang),
        )
    return f'<section id="heatmap"><h2>{_say("report.heatmap", lang)}</h2>{body}</section>'


def _question_section(frame: pd.DataFrame, q: Questionnaire, lang: str, limit: int) -> str:
    stats = cohort.question_stats(frame, q, limit)
    cols = ["n_orgs", "median", "q1", "q3", "mean", "dont_know"]
    rows = [
        [esc(qid), esc(q.question(qid).text(lang)), *_stat_cells(row, cols, lang, limit)]
        for qid, row in stats.iterrows()
    ]
    body = _table(
        [
            _say("report.question", lang),
            "",
            _say("common.organisations", lang),
            _say("report.median", lang),
            _say("report.q1", lang),
            _say("report.q3", lang),
            _say("report.mean", lang),
            _say("report.dont_know", lang),
        ],
        rows,
    )
    likert = cohort.likert_counts(frame, q, "agree5", limit)
    figure = _figure(
        charts.likert(likert, q, lang, labels=charts.labels_for(lang)),
        words.render("common.likert", lang),
    )
    return (
        f'<section id="questions"><h2>{_say("report.question_stats", lang)}</h2>'
        f"<h3>{_say('common.likert', lang)}</h3>{figure}{body}</section>"
    )


def _flag_section(table: pd.DataFrame, q: Questionnaire, lang: str, limit: int) -> str:
    freq = cohort.flag_frequency(table, q, limit)
    figure = _figure(
        charts.red_flags(freq, q, lang, labels=charts.labels_for(lang)),
        words.render("common.flags", lang),
    )
    rows: list[Any] = []
    for fid, row in freq.iterrows():
        cells: list[Any] = [
            esc(q.flag(str(fid)).message(lang)),
            _level(row["level"], lang),
        ]
        if row["suppressed"]:
            cells += [_suppressed_cell(lang, limit), ("", "suppressed")]
        else:
            cells += [
                _count(row["count"], lang),
                _percent(row["share"], lang),
            ]
        rows.append(cells)
    body = _table(
        [
            _say("report.flag", lang),
            _say("report.level", lang),
            _say("report.count", lang),
            _say("report.share", lang),
        ],
        rows,
    )
    return f'<section id="flags"><h2>{_say("common.flags", lang)}</h2>{figure}{body}</section>'


def _capacity_section(table: pd.DataFrame, lang: str, limit: int, big_enough: bool) -> str:
    gap = cohort.capacity_gap(table)
    summary = cohort.capacity_summary(gap, limit)
    if summary["suppressed"]:
        return (
            f'<section id="capacity"><h2>{_say("report.capacity", lang)}</h2><p class="note">'
            f"{_say('report.suppressed', lang, min=limit)}</p></section>"
        )
    figure = (
        _figure(
            charts.hours(gap, lang, min_group=limit, labels=charts.labels_for(lang)),
            words.render("report.capacity", lang),
        )
        if big_enough
        else ""
    )
    rows = [
        [_say("report.median_needed", lang), _hours(summary["median_needed"], lang)],
        [_say("report.median_freed", lang), _hours(summary["median_freed"], lang)],
        [_say("report.share_short", lang), _percent(summary["share_short"], lang)],
        [_say("report.total_short", lang), _hours(summary["total_short"], lang)],
    ]
    return (
        f'<section id="capacity"><h2>{_say("report.capacity", lang)}</h2>{figure}'
        f"{_table([_say('report.hours', lang), ''], rows)}</section>"
    )


def _segment_section(table: pd.DataFrame, q: Questionnaire, lang: str, limit: int) -> str:
    parts = [f'<section id="segments"><h2>{_say("report.segments", lang)}</h2>']
    dims = [*q.dimension_ids, "global"]
    chart_words = charts.labels_for(lang)
    for by in cohort.SEGMENTS:
        if by not in table.columns or table[by].isna().all():
            continue
        long = cohort.segment_stats(table, by, q, limit, measures_=dims)
        if long.empty:
            continue
        one = cohort.segment_table(table, by, "global", q, limit)
        heading = words.render(SEGMENT_TITLES[by], lang)
        figure = ""
        if (~one["suppressed"]).sum() >= 2:  # a comparison needs two values to compare
            figure = _figure(charts.segments(one, q, lang, labels=chart_words), heading)
        headers = [_say("report.value", lang), _say("common.organisations", lang)] + [
            esc(charts.measure_label(m, q, lang)) for m in dims
        ]
        rows: list[Any] = []
        for value, part in long.groupby("value", sort=False, dropna=False):
            part = part.set_index("measure")
            label = (
                charts.segment_value_label(by, value, q, lang)
                if value is not None
                else words.render("report.not_given", lang)
            )
            cells: list[Any] = [esc(label), _count(part["n_orgs"].max(), lang)]
            for m in dims:
                row = part.loc[m]
                cells.append(
                    _suppressed_cell(lang, limit)
                    if row["suppressed"]
                    else _number(row["median"], lang)
                )
            rows.append(cells)
        parts.append(
            f"<h3>{esc(heading)}</h3>{figure}"
            f"<p class='note'>{_say('report.medians', lang)}</p>{_table(headers, rows)}"
        )
    parts.append("</section>")
    return "".join(parts)


def _percentile_section(
    table: pd.DataFrame, q: Questionnaire, lang: str, limit: int, names: bool
) -> str:
    ranks = cohort.percentile_ranks(table, q, limit)
    dims = [*q.dimension_ids, "global"]
    if ranks["suppressed"].all():
        body = f"<p class='note'>{_say('report.suppressed', lang, min=limit)}</p>"
    else:
        labels = _org_label(table, names)
        order = ranks["global"].sort_values(ascending=False, kind="stable").index[:MAX_ROWS]
        rows = [[esc(labels[i]), *[_number(ranks.loc[i, m], lang, 0) for m in dims]] for i in order]
        headers = [_say("report.organisation", lang)] + [
            esc(charts.measure_label(m, q, lang)) for m in dims
        ]
        body = _table(headers, rows) + _truncated(len(ranks), lang)
    return f'<section id="percentiles"><h2>{_say("report.percentiles", lang)}</h2>{body}</section>'


def _before_after_section(
    table: pd.DataFrame, q: Questionnaire, lang: str, limit: int, names: bool
) -> str:
    pairs = cohort.before_after(table, q)
    head = f'<section id="before-after"><h2>{_say("report.before_after", lang)}</h2>'
    if pairs.empty:
        return head + f"<p>{_say('report.no_before_after', lang)}</p></section>"
    summary = cohort.before_after_summary(pairs, limit)
    cols = ["n_orgs", "median_before", "median_after", "median_change", "improved"]
    rows = [
        [esc(charts.measure_label(m, q, lang)), *_stat_cells(row, cols, lang, limit)]
        for m, row in summary.iterrows()
    ]
    body = _table(
        [
            _say("common.dimension", lang),
            _say("common.organisations", lang),
            _say("common.before", lang),
            _say("common.after", lang),
            _say("report.change", lang),
            _say("report.improved", lang),
        ],
        rows,
    )
    figure = ""
    if not summary.loc["global", "suppressed"]:
        shown = cohort.anonymise(pairs, names=names)
        figure = _figure(
            charts.slope(shown, "global", q, lang, min_group=limit, labels=charts.labels_for(lang)),
            words.render("report.before_after", lang),
        )
    return head + figure + body + "</section>"


def _agreement_section(table: pd.DataFrame, q: Questionnaire, lang: str, names: bool) -> str:
    spread = cohort.agreement(table, q)
    head = (
        f'<section id="agreement"><h2>{_say("report.agreement", lang)}</h2><p>'
        f"{_say('report.agreement_intro', lang, points=int(cohort.DISAGREEMENT_POINTS))}</p>"
    )
    if spread.empty:
        return head + f"<p>{_say('report.no_agreement', lang)}</p></section>"
    shown = cohort.anonymise(spread, names=names)
    rows: list[Any] = []
    for r in shown.head(MAX_ROWS * 9).itertuples():
        flag = words.render("report.yes", lang) if r.disagree else words.render("report.no", lang)
        rows.append(
            [
                esc(r.cohort),
                esc(r.organisation),
                esc(charts.measure_label(r.measure, q, lang)),
                _count(r.respondents, lang),
                _number(r.range, lang, 0),
                _number(r.std, lang),
                (f"<strong>{esc(flag)}</strong>" if r.disagree else esc(flag), ""),
            ]
        )
    body = _table(
        [
            _say("report.cohort", lang),
            _say("report.organisation", lang),
            _say("common.dimension", lang),
            _say("report.respondents", lang),
            _say("report.range", lang),
            _say("report.std", lang),
            _say("report.disagree", lang),
        ],
        rows,
    )
    return head + body + "</section>"


def write_cohort_report(
    paths: Any,
    out: str | Path,
    lang: str | None = None,
    min_group: int = cohort.DEFAULT_MIN_GROUP,
    names: bool = False,
    questionnaire: Questionnaire | None = None,
) -> Path:
    """Write :func:`cohort_report` of ``paths`` to ``out`` (UTF-8) and return the path.

    For the command line: ``pertinence report PATH --out report.html [--lang]``.
    """
    out = Path(out)
    html_text = cohort_report(
        paths, lang=lang, min_group=min_group, names=names, questionnaire=questionnaire
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html_text, encoding="utf-8")
    return out


__all__ = [
    "cohort_report",
    "esc",
    "group_report",
    "read_reference",
    "write_cohort_report",
    "write_group_report",
]
