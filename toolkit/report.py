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

from . import charts, cohort, scoring, stakeholders
from .answers import Submission
from .messages import text_of
from .questionnaire import (
    AUDIENCE_PATH,
    DEFAULT_EFFORT_PATH,
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

WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "lang": "fr-CA",
        "group_title": "Rapport de l'organisme",
        "cohort_title": "Rapport de cohorte",
        "cohort": "Cohorte",
        "generated": "Produit le",
        "organisation": "Organisme",
        "recommendation": "Recommandation",
        "why": "Pourquoi",
        "scores": "Scores",
        "global": "Indice global",
        "dimension": "Dimension",
        "score": "Score",
        "weight": "Poids",
        "needs_evidence": "à documenter",
        "subindices": "Sous-indices",
        "radar_caption": "Vos scores par dimension (0 à 100).",
        "radar_caption_cohort": "Vos scores par dimension, la médiane de la cohorte (tirets) et "
        "l'écart interquartile de la cohorte (bande), sur {n} organismes.",
        "cohort_hidden": "La comparaison avec la cohorte n'est pas affichée : elle compte moins de "
        "{min} organismes, et ses statistiques pourraient permettre de reconnaître un organisme.",
        "cohort_small": "Cette cohorte compte moins de {min} organismes : les statistiques de "
        "groupe sont masquées pour qu'aucun organisme ne puisse être reconnu.",
        "flags": "Signaux d'alerte",
        "no_flags": "Aucun signal d'alerte.",
        "hard": "majeur",
        "soft": "mineur",
        "gaps": "Écarts à combler, par priorité",
        "no_gaps": "Aucun écart à combler.",
        "priority": "priorité",
        "plan": "Plan d'action",
        "hours": "Heures",
        "hours_needed": "Heures nécessaires par semaine (tableau A)",
        "hours_freed": "Heures libérées par semaine",
        "covered": "Plateformes que ces heures couvrent",
        "none": "aucune",
        "stakeholders": "Carte des parties prenantes",
        "actor": "Acteur",
        "type": "Type",
        "influence": "Influence",
        "relationship": "Relation",
        "zone": "Zone",
        "advice": "Conseil",
        "methodology": "Méthodologie",
        "sources": "Sources",
        "article": "Points de l'article source",
        "table_a": "Tableau A — effort pour maintenir une présence active",
        "table_b": "Tableau B — part des adultes qui utilisent chaque plateforme (%)",
        "table_b_note": "Les bases diffèrent (adultes du Québec, 18–34 ans du Québec, adultes des "
        "États-Unis; années différentes) : ne comparez pas d'une colonne à l'autre.",
        "platform": "Plateforme",
        "hours_week": "h/semaine",
        "guidance": "Fréquence suggérée",
        "source": "Source",
        "year": "Année",
        "population": "Population",
        "share": "Part (%)",
        "footer": "Pertinence — outil d'atelier. Rapport autonome : aucune ressource externe.",
        "suppressed": "masqué (n < {min})",
        "summary": "Vue d'ensemble",
        "submissions": "Réponses soumises",
        "organisations": "Organismes",
        "cohorts": "Cohortes",
        "dimension_stats": "Statistiques par dimension",
        "question_stats": "Statistiques par question",
        "question": "Question",
        "median": "Médiane",
        "q1": "1er quartile",
        "q3": "3e quartile",
        "mean": "Moyenne",
        "n": "n",
        "dont_know": "« Je ne sais pas »",
        "heatmap": "Scores par organisme",
        "names_hidden": "Les organismes sont désignés par un pseudonyme (org-…) : ce rapport ne "
        "nomme aucun organisme.",
        "names_shown": "Vue d'analyste : les noms des organismes sont affichés. Ne diffusez pas "
        "ce rapport aux participants.",
        "recommendations": "Recommandations",
        "count": "Nombre",
        "likert": "Réponses aux énoncés d'accord",
        "flag_frequency": "Signaux d'alerte",
        "flag": "Signal",
        "level": "Niveau",
        "capacity": "Capacité : heures nécessaires et heures libérées",
        "median_needed": "Heures nécessaires (médiane)",
        "median_freed": "Heures libérées (médiane)",
        "share_short": "Part sous la moitié des heures nécessaires",
        "total_short": "Heures manquantes, au total",
        "segments": "Segments",
        "value": "Valeur",
        "not_given": "non précisé",
        "percentiles": "Rang centile de chaque organisme",
        "before_after": "Avant et après",
        "no_before_after": "Aucun organisme n'a répondu dans deux cohortes.",
        "agreement": "Accord au sein des organismes",
        "agreement_intro": "Quand plusieurs personnes d'un même organisme ont répondu dans une "
        "cohorte, l'écart entre leurs scores est en soi un constat : il mérite une discussion. "
        "Un écart de {points} points ou plus est signalé.",
        "no_agreement": "Aucun organisme n'a répondu à plusieurs dans une même cohorte.",
        "respondents": "Répondants",
        "range": "Écart (max − min)",
        "std": "Écart type",
        "disagree": "Désaccord",
        "yes": "oui",
        "no": "non",
        "change": "Variation",
        "before": "Avant",
        "after": "Après",
        "improved": "En hausse",
        "problems": "Problèmes de lecture",
        "problems_intro": "Ces fichiers ou ces lignes n'ont pas pu être lus; le reste du rapport "
        "les ignore.",
        "anonymity": "Anonymat",
        "anonymity_text": "Une statistique n'est affichée que si son groupe compte au moins {min} "
        "organismes (jamais moins de 3); sinon elle est masquée et marquée comme telle. Les "
        "organismes sont comptés une seule fois même si plusieurs personnes ont répondu.",
        "empty": "Aucune réponse soumise.",
    },
    "en": {
        "lang": "en",
        "group_title": "Organisation report",
        "cohort_title": "Cohort report",
        "cohort": "Cohort",
        "generated": "Generated on",
        "organisation": "Organisation",
        "recommendation": "Recommendation",
        "why": "Why",
        "scores": "Scores",
        "global": "Global index",
        "dimension": "Dimension",
        "score": "Score",
        "weight": "Weight",
        "needs_evidence": "needs evidence",
        "subindices": "Sub-indices",
        "radar_caption": "Your scores by dimension (0 to 100).",
        "radar_caption_cohort": "Your scores by dimension, the cohort median (dashed) and the "
        "cohort's interquartile range (band), over {n} organisations.",
        "cohort_hidden": "The cohort comparison is not shown: the cohort has fewer than {min} "
        "organisations, and its statistics could let someone recognise an organisation.",
        "cohort_small": "This cohort has fewer than {min} organisations: group statistics are "
        "hidden so that no organisation can be recognised.",
        "flags": "Red flags",
        "no_flags": "No red flag.",
        "hard": "major",
        "soft": "minor",
        "gaps": "Gaps to close, by priority",
        "no_gaps": "No gap to close.",
        "priority": "priority",
        "plan": "Action plan",
        "hours": "Hours",
        "hours_needed": "Hours needed per week (table A)",
        "hours_freed": "Hours freed per week",
        "covered": "Platforms these hours cover",
        "none": "none",
        "stakeholders": "Stakeholder map",
        "actor": "Actor",
        "type": "Type",
        "influence": "Influence",
        "relationship": "Relationship",
        "zone": "Zone",
        "advice": "Advice",
        "methodology": "Methodology",
        "sources": "Sources",
        "article": "Points of the source article",
        "table_a": "Table A — effort to keep an active presence",
        "table_b": "Table B — share of adults using each platform (%)",
        "table_b_note": "The bases differ (Québec adults, Québec 18–34, US adults; different "
        "years): do not compare across populations.",
        "platform": "Platform",
        "hours_week": "h/week",
        "guidance": "Posting guidance",
        "source": "Source",
        "year": "Year",
        "population": "Population",
        "share": "Share (%)",
        "footer": "Pertinence — workshop toolkit. Self-contained report: no external resource.",
        "suppressed": "hidden (n < {min})",
        "summary": "Overview",
        "submissions": "Submissions",
        "organisations": "Organisations",
        "cohorts": "Cohorts",
        "dimension_stats": "Statistics by dimension",
        "question_stats": "Statistics by question",
        "question": "Question",
        "median": "Median",
        "q1": "1st quartile",
        "q3": "3rd quartile",
        "mean": "Mean",
        "n": "n",
        "dont_know": '"Don\'t know"',
        "heatmap": "Scores by organisation",
        "names_hidden": "Organisations are shown by a pseudonym (org-…): this report names no "
        "organisation.",
        "names_shown": "Analyst view: organisation names are shown. Do not hand this report to "
        "participants.",
        "recommendations": "Recommendations",
        "count": "Count",
        "likert": "Answers to the agreement statements",
        "flag_frequency": "Red flags",
        "flag": "Flag",
        "level": "Level",
        "capacity": "Capacity: hours needed and hours freed",
        "median_needed": "Hours needed (median)",
        "median_freed": "Hours freed (median)",
        "share_short": "Share under half the hours needed",
        "total_short": "Hours missing, in total",
        "segments": "Segments",
        "value": "Value",
        "not_given": "not given",
        "percentiles": "Each organisation's percentile rank",
        "before_after": "Before and after",
        "no_before_after": "No organisation answered in two cohorts.",
        "agreement": "Agreement within organisations",
        "agreement_intro": "When several people of one organisation answered in a cohort, the "
        "spread of their scores is itself a finding worth discussing. A spread of {points} points "
        "or more is flagged.",
        "no_agreement": "No organisation answered with several people in one cohort.",
        "respondents": "Respondents",
        "range": "Spread (max − min)",
        "std": "Standard deviation",
        "disagree": "Disagreement",
        "yes": "yes",
        "no": "no",
        "change": "Change",
        "before": "Before",
        "after": "After",
        "improved": "Improved",
        "problems": "Reading problems",
        "problems_intro": "These files or rows could not be read; the rest of the report leaves "
        "them out.",
        "anonymity": "Anonymity",
        "anonymity_text": "A statistic is shown only when its group holds at least {min} "
        "organisations (never fewer than 3); otherwise it is hidden and marked as such. An "
        "organisation counts once even when several people answered.",
        "empty": "No submitted answers.",
    },
}

SEGMENT_TITLES = {
    "fr": {
        "sector": "Par secteur",
        "size": "Par taille",
        "region": "Par région",
        "cohort": "Par cohorte",
        "year": "Par année",
    },
    "en": {
        "sector": "By sector",
        "size": "By size",
        "region": "By region",
        "cohort": "By cohort",
        "year": "By year",
    },
}

METHOD = {
    "fr": [
        "Chaque réponse reçoit un score de 0 à 100 : échelle d'accord (x − 1) ÷ 4 × 100, inversée "
        "pour les énoncés formulés à l'envers; oui / en partie / non = 100 / 50 / 0; part du "
        "public cible < 25 % / 25–49 % / 50–74 % / ≥ 75 % = 0 / 33 / 67 / 100.",
        "Heures libérées : min(1, heures libérées ÷ heures nécessaires) × 100, où les heures "
        "nécessaires sont la somme des heures du tableau A pour les plateformes prévues, plus "
        "2 h de veille et de planification.",
        "« Je ne sais pas » compte comme une réponse manquante pour une opinion, mais vaut 0 pour "
        "une question de connaissance : ne pas savoir est l'écart. Une dimension dont plus du "
        "tiers des réponses manquent est « à documenter » et compte comme un écart.",
        "Score d'une dimension : moyenne de ses questions. Indice global : somme des poids × "
        "scores ÷ 100. Sous-indices : pertinence (motivation, public, contenu), capacité "
        "(personne et temps, compétences, planification), résilience (crises, influence).",
        "Étiquettes : 0–39 pas prêt, 40–59 à préparer, 60–79 presque prêt, 80–100 prêt.",
        "Recommandation : la première règle qui s'applique, dans l'ordre s'abstenir, usage "
        "ponctuel, préparer d'abord, intégrer au plan. Les écarts sont classés par poids × "
        "(100 − score).",
    ],
    "en": [
        "Each answer gets a score from 0 to 100: agreement scale (x − 1) ÷ 4 × 100, reversed for "
        "statements worded the other way; yes / partly / no = 100 / 50 / 0; share of the target "
        "audience < 25% / 25–49% / 50–74% / ≥ 75% = 0 / 33 / 67 / 100.",
        "Hours freed: min(1, hours freed ÷ hours needed) × 100, where hours needed is the sum of "
        "table A's hours for the planned platforms plus 2 h of listening and planning.",
        '"Don\'t know" counts as missing for an opinion but scores 0 for a knowledge question: '
        "not knowing is the gap. A dimension with more than a third of its answers missing "
        '"needs evidence" and counts as a gap.',
        "Dimension score: the mean of its questions. Global index: the sum of weight × score ÷ "
        "100. Sub-indices: fit (motivation, audience, content), capacity (person and time, "
        "competence, planning), resilience (crisis, influence).",
        "Labels: 0–39 not ready, 40–59 to prepare, 60–79 almost ready, 80–100 ready.",
        "Recommendation: the first rule that applies, in the order abstain, one-off use, prepare "
        "first, make it part of the plan. Gaps are ranked by weight × (100 − score).",
    ],
}


# --------------------------------------------------------------------------------------------
# HTML helpers


def esc(value: Any) -> str:
    """Any value as inert HTML text."""
    return html.escape("" if value is None else str(value), quote=True)


def _lang(lang: str | None) -> str:
    return lang if lang in WORDS else "fr"


def _num(value: Any, digits: int = 0) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "—"
    if math.isnan(number):
        return "—"
    text = f"{number:,.{digits}f}"
    return text


def _fmt_number(value: Any, lang: str, digits: int = 0) -> str:
    text = _num(value, digits)
    if lang == "fr" and text != "—":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


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
        f'<!DOCTYPE html>\n<html lang="{WORDS[lang]["lang"]}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>{body}"
        f"<footer>{esc(WORDS[lang]['footer'])}</footer></body></html>\n"
    )


def _colon(label: str, lang: str) -> str:
    """« Poids : » in French (space before the colon), "Weight: " in English."""
    return f"{label} : " if lang == "fr" else f"{label}: "


def _now(lang: str) -> str:
    return datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")


def _suppressed_cell(lang: str, min_group: int) -> tuple[str, str]:
    return esc(WORDS[lang]["suppressed"].format(min=min_group)), "suppressed"


# --------------------------------------------------------------------------------------------
# Reference tables and sources


def read_reference(path: str | Path) -> list[dict[str, str]]:
    """A reference CSV (table A or B) as a list of rows."""
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _sources_section(q: Questionnaire, lang: str, points: Iterable[str] | None = None) -> str:
    w = WORDS[lang]
    chosen = [p for p in q.sources if points is None or p in set(points)]
    article = "".join(
        f"<li><strong>{esc(p)}</strong> — {esc(q.sources[p](lang))}</li>" for p in chosen
    )
    effort = read_reference(DEFAULT_EFFORT_PATH)
    guidance_col = "posting_guidance_fr" if lang == "fr" else "posting_guidance_en"
    table_a = _table(
        [w["platform"], w["hours_week"], w["guidance"], w["source"], w["year"]],
        [
            (
                esc(r.get("platform")),
                (esc(_fmt_number(r.get("hours_per_week"), lang)), "num"),
                esc(r.get(guidance_col, "")),
                esc(r.get("source")),
                esc(r.get("year")),
            )
            for r in effort
        ],
    )
    audience = read_reference(AUDIENCE_PATH)
    table_b = _table(
        [w["platform"], w["population"], w["share"], w["year"], w["source"]],
        [
            (
                esc(r.get("platform")),
                esc(r.get("population")),
                (esc(_fmt_number(r.get("share_percent"), lang)), "num"),
                esc(r.get("year")),
                esc(r.get("source"))
                + (f" <span class='note'>({esc(r['note'])})</span>" if r.get("note") else ""),
            )
            for r in audience
        ],
    )
    return (
        f'<section id="sources"><h2>{esc(w["sources"])}</h2>'
        f"<h3>{esc(w['article'])}</h3><ul class='small'>{article}</ul>"
        f"<h3>{esc(w['table_a'])}</h3>{table_a}"
        f"<h3>{esc(w['table_b'])}</h3><p class='note'>{esc(w['table_b_note'])}</p>{table_b}"
        "</section>"
    )


def _method_section(q: Questionnaire, lang: str, min_group: int) -> str:
    w = WORDS[lang]
    items = "".join(f"<li>{esc(t)}</li>" for t in METHOD[lang])
    weights = ", ".join(f"{d.label(lang)} {d.weight:g}" for d in q.dimensions)
    rules = "".join(
        f"<li><strong>{esc(r.label(lang))}</strong> — {esc(r.summary(lang))} "
        f"<span class='note'>({esc(', '.join(r.source))})</span></li>"
        for r in q.rules
    )
    return (
        f'<section id="methodology"><h2>{esc(w["methodology"])}</h2><ul>{items}'
        f"<li>{esc(_colon(w['weight'], lang))}{esc(weights)}</li></ul><ol>{rules}</ol>"
        f"<h3>{esc(w['anonymity'])}</h3><p>{esc(w['anonymity_text'].format(min=min_group))}</p>"
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
    lang = _lang(lang or sub.language)
    w = WORDS[lang]
    exp = scoring.explain(sub, q, lang=lang)
    name = sub.organisation.get("name") or "—"

    parts = [
        f"<h1>{esc(w['group_title'])} — {esc(name)}</h1>",
        f"<p class='meta'>{esc(_colon(w['cohort'], lang))}{esc(sub.cohort or '—')} · "
        f"{esc(w['generated'])} {esc(_now(lang))}</p>",
    ]
    # Recommendation
    reasons = "".join(f"<li>{esc(r)}</li>" for r in exp.reasons)
    parts.append(
        f'<section id="recommendation"><h2>{esc(w["recommendation"])}</h2>'
        f'<div class="rec {esc(exp.recommendation)}">'
        f"<strong>{esc(exp.recommendation_text)}</strong>"
        f"<p>{esc(exp.summary)}</p></div><h3>{esc(w['why'])}</h3><ul>{reasons}</ul></section>"
    )
    # Scores
    comparison = cohort.compare(cohort_frame, q, limit)
    stats = comparison.dimension_stats
    show_cohort = comparison.dimensions_shown
    dims = {d["id"]: d["score"] for d in exp.dimensions}
    ax = charts.radar(dims, q, lang=lang, cohort_stats=stats if show_cohort else None)
    caption = (
        w["radar_caption_cohort"].format(n=comparison.n_organisations)
        if show_cohort
        else w["radar_caption"]
    )
    median_col = [] if not show_cohort else [esc(charts.WORDS[lang]["cohort_median"])]
    rows: list[Any] = []
    for d in exp.dimensions:
        score_text = esc(_fmt_number(d["score"], lang))
        if d["needs_evidence"]:
            score_text += f" <span class='note'>({esc(w['needs_evidence'])})</span>"
        row = [esc(d["label"]), (score_text, "num"), (esc(_fmt_number(d["weight"], lang)), "num")]
        if show_cohort:
            row.append((esc(_fmt_number(stats.loc[d["id"], "median"], lang)), "num"))
        rows.append(row)
    sub_rows = [
        [
            esc(q.subindices[k](lang)),
            (esc(_fmt_number(exp.scores.get(col, exp.scores.get(k, float("nan"))), lang)), "num"),
        ]
        for k, col in SUBINDEX_COLUMNS.items()
    ]
    hidden_note = ""
    if not comparison.empty and not show_cohort:
        hidden_note = f"<p class='note'>{esc(w['cohort_hidden'].format(min=limit))}</p>"
    parts.append(
        f'<section id="scores"><h2>{esc(w["scores"])}</h2>'
        f"<p><strong>{esc(_colon(w['global'], lang))}"
        f"{esc(_fmt_number(exp.scores['global'], lang))}/100</strong>"
        f" — {esc(exp.label_text)}</p>"
        + _figure(ax, w["radar_caption"], caption)
        + hidden_note
        + _table([esc(w["dimension"]), esc(w["score"]), esc(w["weight"]), *median_col], rows)
        + f"<h3>{esc(w['subindices'])}</h3>"
        + _table([esc(w["subindices"]), esc(w["score"])], sub_rows)
        + "</section>"
    )
    # Flags
    if exp.flags:
        flags = "".join(
            f"<li class='flag-{esc(f['level'])}'>[{esc(w.get(f['level'], f['level']))}] "
            f"{esc(f['message'])}</li>"
            for f in exp.flags
        )
        flags_html = f"<ul>{flags}</ul>"
    else:
        flags_html = f"<p>{esc(w['no_flags'])}</p>"
    parts.append(f'<section id="flags"><h2>{esc(w["flags"])}</h2>{flags_html}</section>')
    # Gaps
    if exp.gaps:
        gaps = "".join(
            f"<li><strong>{esc(g['title'])}</strong> <span class='note'>({esc(w['score'])} "
            f"{esc(_fmt_number(g['score'], lang))} · {esc(w['priority'])} "
            f"{esc(_fmt_number(g['priority'], lang))})</span><ul>"
            + "".join(f"<li>{esc(a)}</li>" for a in g["actions"])
            + "</ul></li>"
            for g in exp.gaps
        )
        gaps_html = f"<ol class='gaps'>{gaps}</ol>"
    else:
        gaps_html = f"<p>{esc(w['no_gaps'])}</p>"
    parts.append(f'<section id="gaps"><h2>{esc(w["gaps"])}</h2>{gaps_html}</section>')
    # Plan and hours
    plan = "".join(f"<li>{esc(a)}</li>" for a in exp.actions)
    platforms_q = q.platform_question()
    covered = ", ".join(platforms_q.label_of(p, lang) for p in exp.platforms_covered) or w["none"]
    parts.append(
        f'<section id="plan"><h2>{esc(w["plan"])}</h2><ol>{plan}</ol>'
        f"<h3>{esc(w['hours'])}</h3>"
        + _table(
            [esc(w["hours"]), ""],
            [
                [esc(w["hours_needed"]), (esc(_fmt_number(exp.hours_needed, lang, 0)), "num")],
                [esc(w["hours_freed"]), (esc(_fmt_number(exp.hours_freed, lang, 0)), "num")],
                [esc(w["covered"]), esc(covered)],
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
    return _page(f"{w['group_title']} — {name}", lang, "".join(parts))


def _stakeholder_section(actors: list[dict[str, Any]], lang: str) -> str:
    w = WORDS[lang]
    ax = charts.stakeholder_map(actors, lang=lang)
    figure = _figure(ax, w["stakeholders"])
    try:
        table = stakeholders.classify(actors, lang=lang)
        rows = [
            [
                esc(r.name),
                esc(r.type_label),
                (esc(r.influence), "num"),
                (esc(f"{r.relationship:+d}"), "num"),
                esc(r.quadrant_title),
                esc(r.advice),
            ]
            for r in table.itertuples()
        ]
        listing = _table(
            [
                esc(w["actor"]),
                esc(w["type"]),
                esc(w["influence"]),
                esc(w["relationship"]),
                esc(w["zone"]),
                esc(w["advice"]),
            ],
            rows,
        )
        review = f"<p class='note'>{esc(stakeholders.default().review(lang))}</p>"
    except Exception:  # noqa: BLE001 - the map stays useful without the advice table
        listing, review = "", ""
    return (
        f'<section id="stakeholders"><h2>{esc(w["stakeholders"])}</h2>{figure}{listing}'
        f"{review}</section>"
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
    return [(esc(_fmt_number(row.get(c), lang, 0 if c in whole else 1)), "num") for c in cols]


def _truncated(total: int, lang: str) -> str:
    if total <= MAX_ROWS:
        return ""
    text = (
        f"{MAX_ROWS} premières lignes sur {total}; l'exportation les contient toutes."
        if lang == "fr"
        else f"First {MAX_ROWS} rows of {total}; the export holds them all."
    )
    return f"<p class='note'>{esc(text)}</p>"


def _org_label(frame: pd.DataFrame, names: bool) -> pd.Series:
    shown = cohort.anonymise(
        frame[[c for c in ("organisation", "org_key", "submission_id") if c in frame.columns]],
        names=names,
    )
    return shown["organisation"].astype(object).fillna("—").astype(str)


def cohort_report(
    paths_or_frame: Any,
    lang: str = "fr",
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
    lang: str = "fr",
    min_group: int = cohort.DEFAULT_MIN_GROUP,
    names: bool = False,
    questionnaire: Questionnaire | None = None,
    title: str | None = None,
) -> str:
    """The page itself; its figures are rendered by :func:`_with_figures`."""
    q = questionnaire or default()
    lang = _lang(lang)
    limit = cohort.check_min_group(min_group)
    w = WORDS[lang]
    comparison = cohort.compare(paths_or_frame, q, limit)
    frame, table, problems = comparison.answers, comparison.scores, comparison.problems
    n_orgs, big_enough = comparison.n_organisations, comparison.big_enough
    cohorts = sorted(str(c) for c in pd.unique(table["cohort"].dropna())) if len(table) else []

    parts = [
        f"<h1>{esc(title or w['cohort_title'])}</h1>",
        f"<p class='meta'>{esc(_colon(w['cohorts'], lang))}{esc(', '.join(cohorts) or '—')} · "
        f"{esc(w['generated'])} {esc(_now(lang))}</p>",
        f"<p class='note'>{esc(w['names_shown'] if names else w['names_hidden'])}</p>",
    ]
    overview = _table(
        [esc(w["summary"]), ""],
        [
            [esc(w["submissions"]), (esc(_fmt_number(len(table), lang)), "num")],
            [esc(w["organisations"]), (esc(_fmt_number(n_orgs, lang)), "num")],
            [esc(w["cohorts"]), (esc(_fmt_number(len(cohorts), lang)), "num")],
        ],
    )
    problem_html = ""
    if problems:
        shown = "".join(f"<li>{esc(text_of(p, lang))}</li>" for p in problems[:MAX_ROWS])
        problem_html = (
            f"<h3>{esc(w['problems'])}</h3><p class='note'>"
            f"{esc(w['problems_intro'])}</p><ul class='small'>{shown}</ul>"
            + _truncated(len(problems), lang)
        )
    hidden_all = (
        "" if big_enough else (f"<p class='note'>{esc(w['cohort_small'].format(min=limit))}</p>")
    )
    parts.append(
        f'<section id="overview"><h2>{esc(w["summary"])}</h2>{overview}{hidden_all}'
        f"{problem_html}</section>"
    )
    if len(table) == 0:
        parts.append(f"<p>{esc(w['empty'])}</p>")
        parts.append(_method_section(q, lang, limit))
        parts.append(_sources_section(q, lang))
        return _page(title or w["cohort_title"], lang, "".join(parts))

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
    return _page(title or w["cohort_title"], lang, "".join(parts))


def _recommendation_section(table: pd.DataFrame, q: Questionnaire, lang: str, limit: int) -> str:
    w = WORDS[lang]
    dist = cohort.recommendation_distribution(table, min_group=limit)
    figure = _figure(charts.recommendations(dist, q, lang), w["recommendations"])
    rows: list[Any] = []
    for r in dist.itertuples():
        label = esc(q.rule(r.recommendation).label(lang))
        if r.suppressed:
            rows.append([label, _suppressed_cell(lang, limit), ("", "suppressed")])
        else:
            rows.append(
                [
                    label,
                    (esc(_fmt_number(r.count, lang)), "num"),
                    (esc(_fmt_number(r.share, lang, 1)), "num"),
                ]
            )
    body = _table([esc(w["recommendation"]), esc(w["count"]), esc(w["share"])], rows)
    title = esc(w["recommendations"])
    return f'<section id="recommendations"><h2>{title}</h2>{figure}{body}</section>'


def _dimension_section(stats: pd.DataFrame, q: Questionnaire, lang: str, limit: int) -> str:
    w = WORDS[lang]
    cols = ["n_orgs", "median", "q1", "q3", "mean"]
    rows = [
        [esc(charts.measure_label(m, q, lang)), *_stat_cells(row, cols, lang, limit)]
        for m, row in stats.iterrows()
    ]
    body = _table(
        [
            esc(w["dimension"]),
            esc(w["organisations"]),
            esc(w["median"]),
            esc(w["q1"]),
            esc(w["q3"]),
            esc(w["mean"]),
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
            label=charts.WORDS[lang]["cohort_median"],
        )
        figure = _figure(ax, w["dimension_stats"])
    return f'<section id="dimensions"><h2>{esc(w["dimension_stats"])}</h2>{figure}{body}</section>'


def _heatmap_section(
    table: pd.DataFrame, q: Questionnaire, lang: str, limit: int, names: bool, big_enough: bool
) -> str:
    w = WORDS[lang]
    if not big_enough:
        body = f"<p class='note'>{esc(w['suppressed'].format(min=limit))}</p>"
    else:
        data = cohort.heatmap_table(table, q, names=names)
        body = _figure(charts.heatmap(data, q, lang), w["heatmap"])
    return f'<section id="heatmap"><h2>{esc(w["heatmap"])}</h2>{body}</section>'


def _question_section(frame: pd.DataFrame, q: Questionnaire, lang: str, limit: int) -> str:
    w = WORDS[lang]
    stats = cohort.question_stats(frame, q, limit)
    cols = ["n_orgs", "median", "q1", "q3", "mean", "dont_know"]
    rows = [
        [esc(qid), esc(q.question(qid).text(lang)), *_stat_cells(row, cols, lang, limit)]
        for qid, row in stats.iterrows()
    ]
    body = _table(
        [
            esc(w["question"]),
            "",
            esc(w["organisations"]),
            esc(w["median"]),
            esc(w["q1"]),
            esc(w["q3"]),
            esc(w["mean"]),
            esc(w["dont_know"]),
        ],
        rows,
    )
    likert = cohort.likert_counts(frame, q, "agree5", limit)
    figure = _figure(charts.likert(likert, q, lang), w["likert"])
    return (
        f'<section id="questions"><h2>{esc(w["question_stats"])}</h2>'
        f"<h3>{esc(w['likert'])}</h3>{figure}{body}</section>"
    )


def _flag_section(table: pd.DataFrame, q: Questionnaire, lang: str, limit: int) -> str:
    w = WORDS[lang]
    freq = cohort.flag_frequency(table, q, limit)
    figure = _figure(charts.red_flags(freq, q, lang), w["flag_frequency"])
    rows: list[Any] = []
    for fid, row in freq.iterrows():
        cells: list[Any] = [
            esc(q.flag(str(fid)).message(lang)),
            esc(w.get(row["level"], row["level"])),
        ]
        if row["suppressed"]:
            cells += [_suppressed_cell(lang, limit), ("", "suppressed")]
        else:
            cells += [
                (esc(_fmt_number(row["count"], lang)), "num"),
                (esc(_fmt_number(row["share"], lang, 1)), "num"),
            ]
        rows.append(cells)
    body = _table([esc(w["flag"]), esc(w["level"]), esc(w["count"]), esc(w["share"])], rows)
    return f'<section id="flags"><h2>{esc(w["flag_frequency"])}</h2>{figure}{body}</section>'


def _capacity_section(table: pd.DataFrame, lang: str, limit: int, big_enough: bool) -> str:
    w = WORDS[lang]
    gap = cohort.capacity_gap(table)
    summary = cohort.capacity_summary(gap, limit)
    if summary["suppressed"]:
        return (
            f'<section id="capacity"><h2>{esc(w["capacity"])}</h2><p class="note">'
            f"{esc(w['suppressed'].format(min=limit))}</p></section>"
        )
    figure = _figure(charts.hours(gap, lang, min_group=limit), w["capacity"]) if big_enough else ""
    rows = [
        [esc(w["median_needed"]), (esc(_fmt_number(summary["median_needed"], lang, 1)), "num")],
        [esc(w["median_freed"]), (esc(_fmt_number(summary["median_freed"], lang, 1)), "num")],
        [esc(w["share_short"]), (esc(_fmt_number(summary["share_short"], lang, 1)) + " %", "num")],
        [esc(w["total_short"]), (esc(_fmt_number(summary["total_short"], lang, 0)), "num")],
    ]
    return (
        f'<section id="capacity"><h2>{esc(w["capacity"])}</h2>{figure}'
        f"{_table([esc(w['hours']), ''], rows)}</section>"
    )


def _segment_section(table: pd.DataFrame, q: Questionnaire, lang: str, limit: int) -> str:
    w = WORDS[lang]
    parts = [f'<section id="segments"><h2>{esc(w["segments"])}</h2>']
    dims = [*q.dimension_ids, "global"]
    for by in cohort.SEGMENTS:
        if by not in table.columns or table[by].isna().all():
            continue
        long = cohort.segment_stats(table, by, q, limit, measures_=dims)
        if long.empty:
            continue
        one = cohort.segment_table(table, by, "global", q, limit)
        figure = ""
        if (~one["suppressed"]).sum() >= 2:  # a comparison needs two values to compare
            figure = _figure(charts.segments(one, q, lang), SEGMENT_TITLES[lang][by])
        headers = [esc(w["value"]), esc(w["organisations"])] + [
            esc(charts.measure_label(m, q, lang)) for m in dims
        ]
        rows: list[Any] = []
        for value, part in long.groupby("value", sort=False, dropna=False):
            part = part.set_index("measure")
            label = (
                charts._segment_value_label(by, value, q, lang)
                if value is not None
                else w["not_given"]
            )
            cells: list[Any] = [esc(label), (esc(_fmt_number(part["n_orgs"].max(), lang)), "num")]
            for m in dims:
                row = part.loc[m]
                cells.append(
                    _suppressed_cell(lang, limit)
                    if row["suppressed"]
                    else (esc(_fmt_number(row["median"], lang)), "num")
                )
            rows.append(cells)
        caption = "Médianes" if lang == "fr" else "Medians"
        parts.append(
            f"<h3>{esc(SEGMENT_TITLES[lang][by])}</h3>{figure}"
            f"<p class='note'>{esc(caption)}</p>{_table(headers, rows)}"
        )
    parts.append("</section>")
    return "".join(parts)


def _percentile_section(
    table: pd.DataFrame, q: Questionnaire, lang: str, limit: int, names: bool
) -> str:
    w = WORDS[lang]
    ranks = cohort.percentile_ranks(table, q, limit)
    dims = [*q.dimension_ids, "global"]
    if ranks["suppressed"].all():
        body = f"<p class='note'>{esc(w['suppressed'].format(min=limit))}</p>"
    else:
        labels = _org_label(table, names)
        order = ranks["global"].sort_values(ascending=False, kind="stable").index[:MAX_ROWS]
        rows = [
            [esc(labels[i]), *[(esc(_fmt_number(ranks.loc[i, m], lang)), "num") for m in dims]]
            for i in order
        ]
        headers = [esc(w["organisation"])] + [esc(charts.measure_label(m, q, lang)) for m in dims]
        body = _table(headers, rows) + _truncated(len(ranks), lang)
    return f'<section id="percentiles"><h2>{esc(w["percentiles"])}</h2>{body}</section>'


def _before_after_section(
    table: pd.DataFrame, q: Questionnaire, lang: str, limit: int, names: bool
) -> str:
    w = WORDS[lang]
    pairs = cohort.before_after(table, q)
    head = f'<section id="before-after"><h2>{esc(w["before_after"])}</h2>'
    if pairs.empty:
        return head + f"<p>{esc(w['no_before_after'])}</p></section>"
    summary = cohort.before_after_summary(pairs, limit)
    cols = ["n_orgs", "median_before", "median_after", "median_change", "improved"]
    rows = [
        [esc(charts.measure_label(m, q, lang)), *_stat_cells(row, cols, lang, limit)]
        for m, row in summary.iterrows()
    ]
    body = _table(
        [
            esc(w["dimension"]),
            esc(w["organisations"]),
            esc(w["before"]),
            esc(w["after"]),
            esc(w["change"]),
            esc(w["improved"]),
        ],
        rows,
    )
    figure = ""
    if not summary.loc["global", "suppressed"]:
        shown = cohort.anonymise(pairs, names=names)
        figure = _figure(charts.slope(shown, "global", q, lang, min_group=limit), w["before_after"])
    return head + figure + body + "</section>"


def _agreement_section(table: pd.DataFrame, q: Questionnaire, lang: str, names: bool) -> str:
    w = WORDS[lang]
    spread = cohort.agreement(table, q)
    head = (
        f'<section id="agreement"><h2>{esc(w["agreement"])}</h2><p>'
        f"{esc(w['agreement_intro'].format(points=int(cohort.DISAGREEMENT_POINTS)))}</p>"
    )
    if spread.empty:
        return head + f"<p>{esc(w['no_agreement'])}</p></section>"
    shown = cohort.anonymise(spread, names=names)
    rows: list[Any] = []
    for r in shown.head(MAX_ROWS * 9).itertuples():
        flag = w["yes"] if r.disagree else w["no"]
        rows.append(
            [
                esc(r.cohort),
                esc(r.organisation),
                esc(charts.measure_label(r.measure, q, lang)),
                (esc(r.respondents), "num"),
                (esc(_fmt_number(r.range, lang)), "num"),
                (esc(_fmt_number(r.std, lang, 1)), "num"),
                (f"<strong>{esc(flag)}</strong>" if r.disagree else esc(flag), ""),
            ]
        )
    body = _table(
        [
            esc(w["cohort"]),
            esc(w["organisation"]),
            esc(w["dimension"]),
            esc(w["respondents"]),
            esc(w["range"]),
            esc(w["std"]),
            esc(w["disagree"]),
        ],
        rows,
    )
    return head + body + "</section>"


def write_cohort_report(
    paths: Any,
    out: str | Path,
    lang: str = "fr",
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
