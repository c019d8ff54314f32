"""A cohort's report: overview, recommendations, dimension and question statistics, red
flags, capacity, segments, percentile ranks, before/after, agreement, methodology and sources.

Every statistic comes from :mod:`toolkit.cohort` (imported as ``cohort_mod``: this module is
``toolkit.report.cohort``) and is hidden for groups under the minimum group size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .. import charts, fmt, words
from .. import cohort as cohort_mod
from ..messages import text_of
from ..questionnaire import Questionnaire, default
from .figures import _figure, _with_figures
from .markup import (
    _count,
    _generated,
    _hours,
    _label,
    _level,
    _number,
    _page,
    _percent,
    _say,
    _suppressed_cell,
    _table,
    esc,
)
from .reference import _method_section, _sources_section

SEGMENT_TITLES = {
    "sector": "report.by_sector",
    "size": "report.by_size",
    "region": "report.by_region",
    "cohort": "report.by_cohort",
    "year": "report.by_year",
}
"""The heading of each segment's comparison (a key of the words catalogue)."""


MAX_ROWS = 200
"""Per-organisation tables stop after this many rows (the export has them all)."""


def _stat_cells(row: Any, cols: Sequence[str], lang: str, min_group: int) -> list[Any]:
    if bool(row.get("suppressed", False)):
        hidden = _suppressed_cell(lang, min_group)
        return [hidden] + [("", "suppressed")] * (len(cols) - 1)
    whole = ("n", "n_orgs", "dont_know", "improved")
    return [_count(row.get(c), lang) if c in whole else _number(row.get(c), lang) for c in cols]


def _measure_table(
    stats: pd.DataFrame, columns: Mapping[str, str], q: Questionnaire, lang: str, limit: int
) -> str:
    """One row per measure of ``stats`` (global index, sub-indices, dimensions): its label, then
    the statistics named by ``columns`` (column → catalogue key of its heading)."""
    rows = [
        [esc(charts.measure_label(m, q, lang)), *_stat_cells(row, list(columns), lang, limit)]
        for m, row in stats.iterrows()
    ]
    headings = [_say("common.dimension", lang), *(_say(key, lang) for key in columns.values())]
    return _table(headings, rows)


def _truncated(total: int, lang: str) -> str:
    if total <= MAX_ROWS:
        return ""
    shown, everything = fmt.count(MAX_ROWS, lang), fmt.count(total, lang)
    return f"<p class='note'>{_say('report.truncated', lang, shown=shown, total=everything)}</p>"


def _org_label(frame: pd.DataFrame, names: bool) -> pd.Series:
    """Each row's organisation: its pseudonym, or with ``names`` its name beside its key (the
    key says which names count as one organisation)."""
    shown = cohort_mod.anonymise(
        frame[[c for c in ("organisation", "org_key", "submission_id") if c in frame.columns]],
        names=names,
    )
    label = shown["organisation"].astype(object).fillna("—").astype(str)
    if names and "org_key" in shown.columns:
        keys = shown["org_key"].astype(object).fillna("").astype(str)
        label = label.where(keys == "", label + " [" + keys + "]")
    return label


def cohort_report(
    paths_or_frame: Any,
    lang: str | None = None,
    min_group: int = cohort_mod.DEFAULT_MIN_GROUP,
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
    lang: str | None,
    min_group: int,
    names: bool,
    questionnaire: Questionnaire | None,
    title: str | None,
) -> str:
    """The page itself (:func:`cohort_report`'s arguments, all given: the defaults live
    there); its figures are rendered by :func:`_with_figures`."""
    q = questionnaire or default()
    lang = words.resolve(lang)
    limit = cohort_mod.check_min_group(min_group)
    comparison = cohort_mod.compare(paths_or_frame, q, limit)
    frame, table, problems = comparison.answers, comparison.scores, comparison.problems
    # what the statistics count, chosen once here rather than again by each of them
    counted = cohort_mod.latest_per_organisation(table)
    counted_answers = cohort_mod.latest_per_organisation(frame)
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
            [_say("report.drafts_left_out", lang), _count(comparison.drafts, lang)],
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

    parts.append(_recommendation_section(counted, q, lang, limit))
    parts.append(_dimension_section(comparison.dimension_stats, q, lang, limit))
    parts.append(_heatmap_section(counted, q, lang, limit, names, big_enough))
    parts.append(_question_section(counted_answers, q, lang, limit))
    parts.append(_flag_section(counted, q, lang, limit))
    parts.append(_capacity_section(counted, lang, limit, big_enough))
    parts.append(_segment_section(counted, q, lang, limit))
    parts.append(_percentile_section(counted, q, lang, limit, names))
    parts.append(_before_after_section(counted, q, lang, limit, names))
    parts.append(_agreement_section(table, q, lang, names))  # every respondent, not the latest
    parts.append(_method_section(q, lang, limit))
    parts.append(_sources_section(q, lang))
    return _page(title or words.render("report.cohort_title", lang), lang, "".join(parts))


def _recommendation_section(table: pd.DataFrame, q: Questionnaire, lang: str, limit: int) -> str:
    dist = cohort_mod.recommendation_distribution(table, min_group=limit)
    chart_words = charts.labels_for(lang)
    figure = _figure(
        charts.recommendations(dist, q, lang, labels=chart_words),
        charts.recommendations_alt(dist, q, lang, labels=chart_words),
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
    body = _measure_table(
        stats,
        {
            "n_orgs": "common.organisations",
            "median": "report.median",
            "q1": "report.q1",
            "q3": "report.q3",
            "mean": "report.mean",
        },
        q,
        lang,
        limit,
    )
    dims = list(q.dimension_ids)
    figure = ""
    if not stats.loc[dims, "suppressed"].any():
        medians = stats.loc[dims, "median"].to_dict()
        band = stats.loc[dims, ["q1", "q3", "suppressed"]]
        label = words.render("common.cohort_median", lang)
        chart_words = charts.labels_for(lang)
        ax = charts.radar(medians, q, lang, cohort_stats=band, label=label, labels=chart_words)
        alt = charts.radar_alt(medians, q, lang, cohort_stats=band, label=label, labels=chart_words)
        figure = _figure(ax, alt)
    heading = _say("report.dimension_stats", lang)
    return f'<section id="dimensions"><h2>{heading}</h2>{figure}{body}</section>'


def _heatmap_section(
    table: pd.DataFrame, q: Questionnaire, lang: str, limit: int, names: bool, big_enough: bool
) -> str:
    if not big_enough:
        body = f"<p class='note'>{_say('report.suppressed', lang, min=limit)}</p>"
    else:
        data = cohort_mod.heatmap_table(table, q, names=names)
        chart_words = charts.labels_for(lang)
        body = _figure(
            charts.heatmap(data, q, lang, labels=chart_words),
            charts.heatmap_alt(data, q, lang, labels=chart_words),
        )
    return f'<section id="heatmap"><h2>{_say("report.heatmap", lang)}</h2>{body}</section>'


def _question_section(frame: pd.DataFrame, q: Questionnaire, lang: str, limit: int) -> str:
    stats = cohort_mod.question_stats(frame, q, limit)
    cols = ["n_orgs", "median", "q1", "q3", "mean", "dont_know"]
    rows = []
    for qid, row in stats.iterrows():
        question = q.question(str(qid))
        named = (
            f"<strong>{esc(question.short_label(lang))}</strong>"
            f"<br><span class='small'>{esc(question.text(lang))}</span>"
        )
        rows.append([named, *_stat_cells(row, cols, lang, limit)])
    body = _table(
        [
            _say("report.question", lang),
            _say("common.organisations", lang),
            _say("report.median", lang),
            _say("report.q1", lang),
            _say("report.q3", lang),
            _say("report.mean", lang),
            _say("report.dont_know", lang),
        ],
        rows,
    )
    likert = cohort_mod.likert_counts(frame, q, "agree5", limit)
    chart_words = charts.labels_for(lang)
    figure = _figure(
        charts.likert(likert, q, lang, labels=chart_words),
        charts.likert_alt(likert, q, lang, labels=chart_words),
    )
    return (
        f'<section id="questions"><h2>{_say("report.question_stats", lang)}</h2>'
        f"<h3>{_say('common.likert', lang)}</h3>{figure}{body}</section>"
    )


def _flag_section(table: pd.DataFrame, q: Questionnaire, lang: str, limit: int) -> str:
    freq = cohort_mod.flag_frequency(table, q, limit)
    chart_words = charts.labels_for(lang)
    figure = _figure(
        charts.red_flags(freq, q, lang, labels=chart_words),
        charts.red_flags_alt(freq, q, lang, labels=chart_words),
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
    gap = cohort_mod.capacity_gap(table)
    summary = cohort_mod.capacity_summary(gap, limit)
    if summary["suppressed"]:
        return (
            f'<section id="capacity"><h2>{_say("report.capacity", lang)}</h2><p class="note">'
            f"{_say('report.suppressed', lang, min=limit)}</p></section>"
        )
    figure = (
        _figure(
            charts.hours(gap, lang, min_group=limit, labels=charts.labels_for(lang)),
            charts.hours_alt(gap, lang, min_group=limit, labels=charts.labels_for(lang)),
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
    for by in cohort_mod.SEGMENTS:
        if by not in table.columns or table[by].isna().all():
            continue
        long = cohort_mod.segment_stats(table, by, q, limit, measures_=dims)
        if long.empty:
            continue
        one = cohort_mod.segment_table(table, by, "global", q, limit)
        heading = words.render(SEGMENT_TITLES[by], lang)
        figure = ""
        if (~one["suppressed"]).sum() >= 2:  # a comparison needs two values to compare
            figure = _figure(
                charts.segments(one, q, lang, labels=chart_words),
                charts.segments_alt(one, q, lang, labels=chart_words),
            )
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
    ranks = cohort_mod.percentile_ranks(table, q, limit)
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
    pairs = cohort_mod.before_after(table, q)
    head = f'<section id="before-after"><h2>{_say("report.before_after", lang)}</h2>'
    if pairs.empty:
        return head + f"<p>{_say('report.no_before_after', lang)}</p></section>"
    summary = cohort_mod.before_after_summary(pairs, limit)
    body = _measure_table(
        summary,
        {
            "n_orgs": "common.organisations",
            "median_before": "common.before",
            "median_after": "common.after",
            "median_change": "report.change",
            "improved": "report.improved",
        },
        q,
        lang,
        limit,
    )
    figure = ""
    if not summary.loc["global", "suppressed"]:
        shown = cohort_mod.anonymise(pairs, names=names)
        chart_words = charts.labels_for(lang)
        figure = _figure(
            charts.slope(shown, "global", q, lang, min_group=limit, labels=chart_words),
            charts.slope_alt(shown, "global", q, lang, min_group=limit, labels=chart_words),
        )
    return head + figure + body + "</section>"


def _agreement_section(table: pd.DataFrame, q: Questionnaire, lang: str, names: bool) -> str:
    spread = cohort_mod.agreement(table, q)
    head = (
        f'<section id="agreement"><h2>{_say("report.agreement", lang)}</h2><p>'
        f"{_say('report.agreement_intro', lang, points=int(cohort_mod.DISAGREEMENT_POINTS))}</p>"
    )
    if spread.empty:
        return head + f"<p>{_say('report.no_agreement', lang)}</p></section>"
    shown = cohort_mod.anonymise(spread, names=names)
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
    min_group: int = cohort_mod.DEFAULT_MIN_GROUP,
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
