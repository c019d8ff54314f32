"""One submission's result on screen, and how it compares with the cohort."""

from __future__ import annotations

import json
from pathlib import Path

import ipywidgets as W

from .. import cohort, fmt, scoring
from .. import stakeholders as guide_data
from ..answers import Submission
from ..cohort import DEFAULT_MIN_GROUP
from ..questionnaire import Questionnaire as QuestionnaireDef
from .markup import download_link, esc, file_stem
from .result_markup import advice_html, headline_html
from .stakeholders import advice_table_html, stakeholder_map_html
from .words import word


class ResultsView(W.VBox):
    """One submission's result, top to bottom: the recommendation in one sentence
    (:attr:`summary`), our report and answers to download (:attr:`downloads`), the plan, the
    reasons and the closed computation details (:attr:`advice`), the radar, the stakeholder map.
    """

    def __init__(
        self,
        questionnaire: QuestionnaireDef,
        lang: str = "fr",
        cohort_dir: str | Path | None = None,
        min_group: int = DEFAULT_MIN_GROUP,
    ):
        self.summary = W.HTML()
        self.downloads = W.HTML()
        self.advice = W.HTML()
        self.radar = W.HTML()
        self.stakeholders = W.HTML()
        super().__init__([self.summary, self.downloads, self.advice, self.radar, self.stakeholders])
        self.add_class("pertinence-results")
        self.questionnaire = questionnaire
        self.lang = lang
        self.cohort_dir = cohort_dir
        self.min_group = min_group
        self.submission: Submission | None = None
        self.explanation: scoring.Explanation | None = None
        self.comparison: cohort.CohortComparison | None = None

    def show(self, submission: Submission, lang: str | None = None) -> scoring.Explanation:
        """Compute and draw everything for ``submission``; the text first, the pictures next.

        The answers file is offered here, once, beside the report: the questionnaire's own
        link goes once the submission is sent."""
        self.submission = submission
        self.lang = lang or self.lang
        q = self.questionnaire
        self.explanation = scoring.explain(submission, q, lang=self.lang)
        self.summary.value = headline_html(self.explanation)
        self.advice.value = advice_html(self.explanation, q)
        self.comparison = cohort.compare(self.cohort_dir, q, self.min_group)
        self.radar.value = self._radar_html()
        guide = guide_data.default()
        if submission.stakeholders:
            self.stakeholders.value = (
                f"<h3>{esc(guide.title(self.lang))}</h3>"
                + stakeholder_map_html(submission.stakeholders, self.lang)
                + advice_table_html(submission.stakeholders, self.lang, guide)
            )
        else:
            self.stakeholders.value = ""
        self.downloads.value = self._downloads_html()
        return self.explanation

    def relabel(self, lang: str) -> None:
        """Redraw the result shown, if any, in ``lang``."""
        self.lang = lang
        if self.submission is not None:
            self.show(self.submission, lang)

    def _radar_html(self) -> str:
        from .. import charts

        assert self.explanation is not None
        assert self.comparison is not None
        lang = self.lang
        scores = {d["id"]: d["score"] for d in self.explanation.dimensions}
        comparison = self.comparison
        stats = comparison.dimension_stats if comparison.dimensions_shown else None
        ax = charts.radar(scores, self.questionnaire, lang=lang, cohort_stats=stats)
        alt = charts.radar_alt(scores, self.questionnaire, lang, cohort_stats=stats)
        n = comparison.n_organisations
        note = (
            word(lang, "app.cohort_note", n=n)
            if stats is not None
            else word(lang, "app.cohort_small", min=self.min_group, n=n)
        )
        return (
            f'<div class="pertinence-radar">{charts.figure_html(ax, alt, max_width="520px")}</div>'
            f'<p class="pertinence-help">{esc(note)}</p>'
        )

    def _downloads_html(self) -> str:
        from .. import report

        assert self.submission is not None
        document = report.group_report(
            self.submission,
            questionnaire=self.questionnaire,
            lang=self.lang,
            cohort_frame=self.comparison.answers if self.comparison else None,
            min_group=self.min_group,
        )
        stem = file_stem(self.submission)
        return download_link(
            document.encode("utf-8"),
            f"{stem}-rapport.html" if self.lang == "fr" else f"{stem}-report.html",
            "text/html;charset=utf-8",
            word(self.lang, "app.download_report"),
        ) + download_link(
            json.dumps(self.submission.to_dict(), ensure_ascii=False, indent=1).encode("utf-8"),
            f"{stem}.json",
            "application/json;charset=utf-8",
            word(self.lang, "app.download_answers"),
        )


def comparison_html(
    explanation: scoring.Explanation, comparison: cohort.CohortComparison, lang: str
) -> str:
    """Our score by dimension beside the cohort median, or why the cohort is not shown."""
    title = f"<h3>{esc(word(lang, 'app.comparison'))}</h3>"
    if not comparison.dimensions_shown:
        small = word(
            lang, "app.cohort_small", min=comparison.min_group, n=comparison.n_organisations
        )
        return f"{title}<p>{esc(small)}</p>"
    rows = []
    for d in explanation.dimensions:
        median = float(comparison.dimension_stats.loc[d["id"], "median"])
        ours = d["score"]
        if ours is None:
            position = "—"
        elif ours > median:
            position = word(lang, "app.above")
        elif ours < median:
            position = word(lang, "app.below")
        else:
            position = word(lang, "app.at")
        shown = fmt.score(ours, lang)
        rows.append(
            f"<tr><td>{esc(d['label'])}</td><td>{shown}</td><td>{fmt.score(median, lang)}</td>"
            f"<td>{esc(position)}</td></tr>"
        )
    head = "".join(
        f"<th>{esc(word(lang, k))}</th>"
        for k in ("common.dimension", "app.ours", "common.cohort_median", "app.position")
    )
    note = word(lang, "app.cohort_table_note", n=comparison.n_organisations)
    return (
        f"{title}<table class='pertinence-table'><thead><tr>{head}</tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table><p class='pertinence-help'>{esc(note)}</p>"
    )
