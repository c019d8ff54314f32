"""The result on screen as HTML: the recommendation in one sentence and its plan first, the
reasons in sentences next, the computation in a closed « Détails du calcul » for facilitators.
"""

from __future__ import annotations

from typing import Any

from .. import fmt, scoring
from ..explanation import action_when_who
from ..palette import OKABE_ITO, RECOMMENDATION_COLOURS
from ..questionnaire import SUBINDEX_COLUMNS
from ..questionnaire import Questionnaire as QuestionnaireDef
from .markup import esc
from .words import word

PLAN_TITLES = {
    "go": "explain.plan.go",
    "prepare": "explain.plan.prepare",
    "one_off": "explain.plan.one_off",
    "abstain": "explain.plan.abstain",
}
_FLAG_LEVELS = {"hard": "common.flag_hard", "soft": "common.flag_soft"}


def headline_html(explanation: scoring.Explanation) -> str:
    """The recommendation, its one sentence, and the readiness label said consistently."""
    lang = explanation.lang
    colour = RECOMMENDATION_COLOURS.get(explanation.recommendation, OKABE_ITO["black"])
    global_index = fmt.colon(word(lang, "common.global"), lang)
    note = (
        f'<br><span class="pertinence-help">{esc(explanation.label_note)}</span>'
        if explanation.label_note
        else ""
    )
    return (
        f'<section class="pertinence-result" style="--rec-colour:{colour}" '
        f'aria-label="{esc(word(lang, "common.recommendation"))}">'
        f'<p class="pertinence-help">{esc(word(lang, "common.recommendation"))}</p>'
        f'<h2 class="pertinence-recommendation">{esc(explanation.recommendation_text)}</h2>'
        f'<p class="pertinence-headline">{esc(explanation.headline)}</p>'
        f"<p>{esc(global_index)} {fmt.score(explanation.scores['global'], lang)}/100 — "
        f"<b>{esc(explanation.label_text)}</b>{note}</p></section>"
    )


def plan_html(explanation: scoring.Explanation) -> str:
    """The three to five actions, each with who and when where the data says."""
    lang = explanation.lang
    items = "".join(
        f"<li>{esc(a['text'])}"
        + (
            f'<br><span class="pertinence-help">{esc(action_when_who(a, lang))}</span>'
            if a["who"] or a["when"]
            else ""
        )
        + "</li>"
        for a in explanation.plan
    )
    title = word(lang, PLAN_TITLES.get(explanation.recommendation, "common.plan"))
    return f'<h3>{esc(title)}</h3><ol class="pertinence-plan">{items}</ol>'


def reasons_html(explanation: scoring.Explanation) -> str:
    """Why, in sentences (the red flags behind the recommendation among them)."""
    lang = explanation.lang
    return (
        f"<h3>{esc(word(lang, 'common.why'))}</h3><ul>"
        + "".join(f"<li>{esc(r)}</li>" for r in explanation.reasons)
        + "</ul>"
    )


def details_html(explanation: scoring.Explanation, questionnaire: QuestionnaireDef) -> str:
    """« Détails du calcul », closed: the sub-indices, the rule's parts as formulas, every red
    flag with its level, every gap ranked by priority with its actions, and the score of each
    dimension."""
    lang = explanation.lang
    q = questionnaire
    s = explanation.scores
    subindices = " · ".join(
        f"{esc(text(lang))} {fmt.score(s[SUBINDEX_COLUMNS.get(key, key)], lang)}"
        for key, text in q.subindices.items()
    )
    parts = [
        f'<details class="pertinence-details"><summary>{esc(word(lang, "explain.details"))}'
        f"</summary>",
        f'<p class="pertinence-help">{esc(word(lang, "explain.details_note"))}</p>',
        f"<p>{subindices}</p>",
        f"<h4>{esc(word(lang, 'explain.rule_parts'))}</h4><ul>"
        + "".join(f"<li>{esc(r)}</li>" for r in explanation.computation)
        + "</ul>",
    ]
    if explanation.flags:
        parts.append(
            f"<h4>{esc(word(lang, 'common.flags'))}</h4><ul>"
            + "".join(
                f"<li><b>{esc(_flag_level(f['level'], lang).capitalize())}</b> — "
                f"{esc(f['message'])}</li>"
                for f in explanation.flags
            )
            + "</ul>"
        )
    if explanation.gaps:
        items = []
        for g in explanation.gaps:
            numbers = ", ".join(
                x
                for x in (
                    ""
                    if g["score"] is None
                    else f"{word(lang, 'app.score')} {fmt.score(g['score'], lang)}/100",
                    f"{word(lang, 'explain.priority')} {fmt.number(g['priority'], 0, lang)}",
                )
                if x
            )
            actions = "".join(f"<li>{esc(a)}</li>" for a in g["actions"])
            listed = f"<ul>{actions}</ul>" if actions else ""
            items.append(f"<li><b>{esc(g['title'])}</b> ({esc(numbers)}){listed}</li>")
        parts.append(f"<h4>{esc(word(lang, 'explain.ranked_gaps'))}</h4><ol>{''.join(items)}</ol>")
    parts.append(_dimensions_table(explanation) + "</details>")
    return "".join(parts)


def _dimensions_table(explanation: scoring.Explanation) -> str:
    lang = explanation.lang
    needs_evidence = f" ({esc(word(lang, 'common.needs_evidence'))})"
    rows = "".join(
        f"<tr><td>{esc(d['label'])}</td><td>{fmt.score(d['score'], lang)}"
        f"{needs_evidence if d['needs_evidence'] else ''}</td>"
        f"<td>{fmt.number(d['weight'], 1, lang)}</td></tr>"
        for d in explanation.dimensions
    )
    head = "".join(
        f"<th>{esc(text)}</th>"
        for text in (
            word(lang, "common.dimension"),
            word(lang, "app.score").capitalize(),
            word(lang, "common.weight"),
        )
    )
    return (
        f"<h4>{esc(word(lang, 'common.by_dimension'))}</h4><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def advice_html(explanation: scoring.Explanation, questionnaire: QuestionnaireDef) -> str:
    """Everything under the headline: the plan, the reasons, then the closed details."""
    return (
        '<div class="pertinence-advice">'
        + plan_html(explanation)
        + reasons_html(explanation)
        + details_html(explanation, questionnaire)
        + "</div>"
    )


def result_html(
    explanation: scoring.Explanation, questionnaire: QuestionnaireDef, between: str = ""
) -> str:
    """The whole result as one HTML block: the headline, ``between`` (e.g. the report's
    download link), then :func:`advice_html`."""
    return headline_html(explanation) + between + advice_html(explanation, questionnaire)


def _flag_level(level: str, lang: str) -> str:
    """A flag's level as a word (``majeur``/``mineur``), or the code when the screen has none."""
    key = _FLAG_LEVELS.get(level)
    return word(lang, key) if key else level


__all__: list[Any] = ["advice_html", "details_html", "headline_html", "plan_html", "result_html"]
