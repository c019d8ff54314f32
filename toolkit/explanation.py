"""The words of a result: a submission's :class:`~toolkit.scoring.Analysis` in French or English.

:func:`toolkit.scoring.analyse` computes what is behind a result (scores, the parts of the rule
that hold, the ranked gaps) as numbers, codes and ids; :func:`word` says it with the words
catalogue (``data/words/explain.yaml``) and the questionnaire's own texts, numbers through
:mod:`toolkit.fmt`. :func:`toolkit.scoring.explain` does both.

>>> from toolkit import questionnaire, scoring, explanation
>>> q = questionnaire.default()
>>> analysis = scoring.analyse(answers, q)                 # doctest: +SKIP
>>> explanation.word(analysis, q, "en").reasons            # doctest: +SKIP
['Crisis readiness = 0 < 50', 'Hours needed: 5 h a week for Facebook; hours freed: 9 h.']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import fmt, words
from .questionnaire import Questionnaire

if TYPE_CHECKING:
    from .scoring import Analysis, GapResult, ItemResult, Reason

# The name of each score a rule compares (dimensions are named by the questionnaire).
_SCORE_NAMES = {
    "global": "common.global",
    "fit": "common.fit",
    "capacity_index": "explain.score.capacity_index",
    "resilience": "common.resilience",
    "hours_ratio": "explain.score.hours_ratio",
}
_FLAG_LEVELS = {"hard": "common.flag_hard", "soft": "common.flag_soft"}


@dataclass
class Explanation:
    """Everything behind one submission's result, in one language.

    The numbers are those of :attr:`analysis`; the texts (``*_text``, ``summary``, ``reasons``,
    labels in ``items``, ``dimensions``, ``flags`` and ``gaps``, ``actions``, ``sources``) are
    in :attr:`lang`. :func:`word` gives the same result in another language without scoring
    again: ``word(explanation.analysis, questionnaire, "en")``.
    """

    lang: str
    scores: dict[str, float]
    label: str
    label_text: str
    recommendation: str
    recommendation_text: str
    summary: str
    reasons: list[str]
    items: list[dict[str, Any]]
    dimensions: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    gaps: list[dict[str, Any]]
    actions: list[str]
    hours_needed: float
    hours_freed: float | None
    analysis: Analysis = field(repr=False, compare=False)
    platforms_covered: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The worded fields as plain data (the analysis left out)."""
        return {k: v for k, v in self.__dict__.items() if k != "analysis"}

    def to_text(self) -> str:
        """Plain text for a terminal or a courriel."""
        lang = self.lang

        def heading(key: str) -> str:
            return fmt.colon(words.render(key, lang), lang)

        weight = words.render("explain.weight", lang)
        needs_evidence = words.render("common.needs_evidence", lang)
        lines = [
            f"{heading('common.recommendation')} {self.recommendation_text}",
            f"{heading('common.global')} {fmt.score(self.scores['global'], lang)}/100"
            f" — {self.label_text}",
            "",
            self.summary,
            "",
            heading("common.why"),
            *[f"  - {r}" for r in self.reasons],
            "",
            heading("common.by_dimension"),
            *[
                f"  {d['label']:<45} {fmt.score(d['score'], lang):>5}"
                f"  ({weight} {fmt.number(d['weight'], 1, lang)})"
                + (f"  [{needs_evidence}]" if d["needs_evidence"] else "")
                for d in self.dimensions
            ],
        ]
        if self.flags:
            lines += [
                "",
                heading("common.flags"),
                *[f"  - [{f['level_text']}] {f['message']}" for f in self.flags],
            ]
        if self.actions:
            lines += [
                "",
                heading("common.plan"),
                *[f"  {i}. {a}" for i, a in enumerate(self.actions, 1)],
            ]
        return "\n".join(lines)


def score_name(name: str, questionnaire: Questionnaire, lang: str | None = None) -> str:
    """What a person calls a score column or a dimension id: ``Indice global``, ``Pertinence``…"""
    if name in questionnaire.dimension_ids:
        return questionnaire.dimension(name).label(lang)
    return words.render(_SCORE_NAMES[name], lang) if name in _SCORE_NAMES else name


def _score_value(name: str, value: float | None, lang: str) -> str:
    return fmt.fixed(value, 2, lang) if name == "hours_ratio" else fmt.score(value, lang)


def _answer(q: Questionnaire, question_id: str, code: str | None, lang: str) -> str:
    """``« question » : answer`` (or ``: sans réponse``)."""
    question = q.question(question_id)
    shown = (
        question.label_of(code, lang)
        if code is not None
        else words.render("explain.unanswered", lang)
    )
    return words.render(
        "explain.answer", lang, question=fmt.quote(question.text(lang), lang), answer=shown
    )


def reason_text(reason: Reason, questionnaire: Questionnaire, lang: str | None = None) -> str:
    """One reason in plain words: ``Préparation à la crise = 0 < 50``, ``« … » : Non``…"""
    lang = words.resolve(lang)
    q = questionnaire
    below = reason.comparison == "lt"
    if reason.kind == "score":
        return words.render(
            "explain.below" if below else "explain.at_least",
            lang,
            name=score_name(reason.name, q, lang),
            value=_score_value(reason.name, reason.value, lang),
            limit=fmt.number(reason.limit, 2, lang),
        )
    if reason.kind == "all_dimensions":
        return words.render(
            "explain.all_below" if below else "explain.all_at_least",
            lang,
            limit=fmt.number(reason.limit, 2, lang),
        )
    if reason.kind == "answer":
        return _answer(q, reason.name, reason.answer, lang)
    if reason.kind == "flag":
        flag = q.flag(reason.name)
        if reason.answer is None:
            return flag.message(lang)
        return f"{flag.message(lang)} ({_answer(q, flag.question_id, reason.answer, lang)})"
    if reason.kind == "no_flag":
        return words.render("explain.no_flag", lang)
    if reason.kind == "needs_evidence":
        lacking = ", ".join(q.dimension(d).label(lang) for d in reason.dimensions)
        return words.render("explain.needs_evidence_in", lang, dimensions=lacking)
    return words.render("explain.no_needs_evidence", lang)


def _item(item: ItemResult, q: Questionnaire, lang: str) -> dict[str, Any]:
    question = q.question(item.id)
    if item.number is not None:
        answer: str | None = fmt.number(item.number, 1, lang)
    else:
        answer = ", ".join(question.label_of(code, lang) for code in item.codes) or None
    return {
        "id": item.id,
        "dimension": item.dimension,
        "text": question.text(lang),
        "answer": answer,
        "score": item.score,
        "weight": item.weight,
        "reverse": question.reverse,
        "knowledge": question.knowledge,
    }


def _gap(gap: GapResult, q: Questionnaire, lang: str) -> dict[str, Any]:
    if gap.kind == "dimension":
        dimension = q.dimension(gap.id)
        actions = list(dimension.actions(lang))
        title = words.render(
            "explain.gap_dimension",
            lang,
            limit=fmt.number(gap.below, 0, lang),
            dimension=dimension.label(lang),
        )
    else:
        assert gap.flag is not None
        flag = q.flag(gap.flag)
        actions = [flag.action(lang)]
        title = words.render("explain.gap_item", lang, flag=flag.message(lang))
    return {
        "rank": gap.rank,
        "id": gap.id,
        "kind": gap.kind,
        "title": title,
        "score": gap.score,
        "priority": gap.priority,
        "actions": actions,
    }


def word(analysis: Analysis, questionnaire: Questionnaire, lang: str | None = None) -> Explanation:
    """The :class:`Explanation` of ``analysis`` in ``lang`` (resolved by :func:`words.resolve`).

    Reasons are the parts of the rule that hold (the rule's summary when none can be shown),
    then the hours needed against the hours freed; actions are the rule's, then each gap's in
    rank order (each once), then — for ``go`` — the platforms the freed hours cover.
    """
    lang = words.resolve(lang)
    q = questionnaire
    rec = q.rule(analysis.recommendation)
    platforms = q.platform_question()

    def names(codes: tuple[str, ...]) -> str:
        return ", ".join(platforms.label_of(p, lang) for p in codes) or words.render(
            "explain.no_platform", lang
        )

    reasons = [reason_text(r, q, lang) for r in analysis.reasons] or [rec.summary(lang)]
    reasons.append(
        words.render(
            "explain.hours",
            lang,
            needed=fmt.hours(analysis.hours_needed, lang),
            platforms=names(analysis.planned),
            freed=fmt.hours(analysis.hours_freed, lang),
        )
    )
    gaps = [_gap(g, q, lang) for g in analysis.gaps]
    actions = list(rec.actions(lang))
    for gap in gaps:
        actions += [a for a in gap["actions"] if a not in actions]
    if rec.id == "go":
        covered = analysis.platforms_covered
        actions.append(words.render("explain.covered", lang, n=len(covered), names=names(covered)))
    flags = []
    for flag_id in analysis.flags:
        flag = q.flag(flag_id)
        flags.append(
            {
                "id": flag.id,
                "question": flag.question_id,
                "level": flag.level,
                "level_text": words.render(_FLAG_LEVELS[flag.level], lang)
                if flag.level in _FLAG_LEVELS
                else flag.level,
                "message": flag.message(lang),
                "action": flag.action(lang),
            }
        )
    return Explanation(
        lang=lang,
        scores=dict(analysis.scores),
        label=analysis.label,
        label_text=next(b.label(lang) for b in q.labels if b.id == analysis.label),
        recommendation=rec.id,
        recommendation_text=rec.label(lang),
        summary=rec.summary(lang),
        reasons=reasons,
        items=[_item(i, q, lang) for i in analysis.items],
        dimensions=[
            {
                "id": d.id,
                "label": q.dimension(d.id).label(lang),
                "score": d.score,
                "weight": d.weight,
                "needs_evidence": d.needs_evidence,
            }
            for d in analysis.dimensions
        ],
        flags=flags,
        gaps=gaps,
        actions=actions,
        hours_needed=analysis.hours_needed,
        hours_freed=analysis.hours_freed,
        analysis=analysis,
        platforms_covered=list(analysis.platforms_covered),
        sources=[f"{s} — {q.sources[s](lang)}" for s in rec.source],
    )


__all__ = ["Explanation", "reason_text", "score_name", "word"]
