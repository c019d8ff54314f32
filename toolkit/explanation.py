"""The words of a result: a submission's :class:`~toolkit.scoring.Analysis` in French or English.

:func:`toolkit.scoring.analyse` computes what is behind a result (scores, the parts of the rule
that hold, the ranked gaps) as numbers, codes and ids; :func:`word` says it with the words
catalogue (``data/words/explain.yaml``), the advice catalogue (:mod:`toolkit.advice`) and the
questionnaire's own texts, numbers through :mod:`toolkit.fmt`: for participants, sentences
and a plan of three to five actions; for facilitators, the computation as formulas.
:func:`toolkit.scoring.explain` does both.

>>> from toolkit import questionnaire, scoring, explanation
>>> q = questionnaire.default()
>>> analysis = scoring.analyse(answers, q)                 # doctest: +SKIP
>>> explanation.word(analysis, q, "fr").reasons            # doctest: +SKIP
['Préparation aux crises : 0 sur 100, moins que les 50 qu'il faut.', 'Les 3,5 h libérées…']
>>> explanation.word(analysis, q, "fr").computation        # doctest: +SKIP
['Préparation aux crises = 0 < 50', 'Heures nécessaires : 11 h par semaine (…)']
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import advice, fmt, words
from .questionnaire import OVERHEAD, Questionnaire

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

    For everyone: :attr:`headline` (the recommendation in one sentence), :attr:`plan` (three
    to five actions, each a dict with ``id``, ``need``, ``text``, ``who`` and ``when``; their
    texts in :attr:`actions`), :attr:`reasons` (sentences, numbers in words: never a formula,
    a code or a priority), :attr:`label_text` and, when the recommendation caps the label,
    :attr:`label_note`. For facilitators (« Détails du calcul »): :attr:`computation` (the
    parts of the rule as formulas), :attr:`flags`, :attr:`gaps` with their priority and
    actions, :attr:`items` and :attr:`dimensions`. The numbers are those of :attr:`analysis`;
    :func:`word` gives the same result in another language without scoring again.
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
    headline: str = ""
    plan: list[dict[str, Any]] = field(default_factory=list)
    computation: list[str] = field(default_factory=list)
    label_note: str = ""
    hours_text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The worded fields as plain data (the analysis left out)."""
        return {k: v for k, v in self.__dict__.items() if k != "analysis"}

    def to_text(self) -> str:
        """Plain text for a terminal or a courriel: the advice first, the computation last."""
        lang = self.lang

        def heading(key: str) -> str:
            return fmt.colon(words.render(key, lang), lang)

        weight = words.render("explain.weight", lang)
        needs_evidence = words.render("common.needs_evidence", lang)
        lines = [
            f"{heading('common.recommendation')} {self.recommendation_text}",
            self.headline,
            f"{heading('common.global')} {fmt.score(self.scores['global'], lang)}/100"
            f" — {self.label_text}",
            *([self.label_note] if self.label_note else []),
            "",
            heading("common.plan"),
            *[
                f"  {i}. {a['text']}"
                + (f" ({action_when_who(a, lang)})" if a["who"] or a["when"] else "")
                for i, a in enumerate(self.plan, 1)
            ],
            "",
            heading("common.why"),
            *[f"  - {r}" for r in self.reasons],
            "",
            heading("explain.details"),
            *[f"  - {r}" for r in self.computation],
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
        return "\n".join(lines)


def action_when_who(action: dict[str, Any], lang: str) -> str:
    """``Qui : la direction · Quand : avant le lancement`` (the parts the data gives)."""
    parts = []
    if action.get("who"):
        parts.append(words.render("explain.who", lang, who=action["who"]))
    if action.get("when"):
        parts.append(words.render("explain.when", lang, when=action["when"]))
    return " · ".join(parts)


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


_SHARES = (
    (1 / 4, "explain.share.quarter"),
    (1 / 3, "explain.share.third"),
    (1 / 2, "explain.share.half"),
    (2 / 3, "explain.share.two_thirds"),
    (3 / 4, "explain.share.three_quarters"),
)


def _share(ratio: float, lang: str) -> str:
    """How much of the hours needed the freed hours cover: ``le tiers des``, ``45 % des``."""
    if ratio >= 1:
        return words.render("explain.share.all", lang)
    for fraction, key in _SHARES:
        if abs(ratio - fraction) <= 0.02:
            return words.render(key, lang)
    return words.render("explain.share.percent", lang, percent=fmt.percent(ratio, lang=lang))


def _platform_names(codes: tuple[str, ...], q: Questionnaire, lang: str) -> str:
    names = [q.platform_question().label_of(p, lang) for p in codes]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {words.render('explain.and', lang)} {names[-1]}"


def hours_sentence(
    analysis: Analysis, questionnaire: Questionnaire, lang: str | None = None
) -> str:
    """The hours needed against the hours freed, in one sentence: ``Les 3,5 h libérées
    couvrent le tiers des 11 h par semaine que demandent Facebook et Instagram.``"""
    lang = words.resolve(lang)
    needed, freed = analysis.hours_needed, analysis.hours_freed
    many = len(analysis.planned) > 1  # the verb agrees: « demande » / « demandent »
    platforms = _platform_names(analysis.planned, questionnaire, lang)
    if not analysis.planned or needed is None or math.isnan(needed):
        if freed is None:
            return words.render("explain.hours.no_platform", lang)
        return words.render("explain.hours.no_platform_freed", lang, freed=fmt.hours(freed, lang))
    if freed is None:
        return words.render(
            ("explain.hours.unknown_freed_one", "explain.hours.unknown_freed_many")[many],
            lang,
            platforms=platforms,
            needed=fmt.hours(needed, lang),
        )
    if freed <= 0:
        return words.render(
            ("explain.hours.none_one", "explain.hours.none_many")[many],
            lang,
            platforms=platforms,
            needed=fmt.hours(needed, lang),
        )
    return words.render(
        (
            ("explain.hours.cover_few_one", "explain.hours.cover_few_many")
            if freed < 2  # « 1 h » is singular in French: said in parentheses
            else ("explain.hours.cover_one", "explain.hours.cover_many")
        )[many],
        lang,
        freed=fmt.hours(freed, lang),
        share=_share(freed / needed, lang),
        needed=fmt.hours(needed, lang),
        platforms=platforms,
    )


def hours_computation(
    analysis: Analysis, questionnaire: Questionnaire, lang: str | None = None
) -> str:
    """The hours as computed (for the details): each platform's hours from table A, the
    overhead, the total and the hours freed."""
    lang = words.resolve(lang)
    q = questionnaire
    freed = fmt.hours(analysis.hours_freed, lang)
    if not analysis.planned:
        return words.render("explain.hours_no_platform", lang, freed=freed)
    platforms = q.platform_question()
    detail = " + ".join(
        [f"{platforms.label_of(p, lang)} {fmt.hours(q.effort[p], lang)}" for p in analysis.planned]
        + [f"{words.render('common.overhead', lang)} {fmt.hours(q.effort[OVERHEAD], lang)}"]
    )
    return words.render(
        "explain.hours",
        lang,
        needed=fmt.hours(analysis.hours_needed, lang),
        detail=detail,
        freed=freed,
    )


_SAY_SCORES = {
    ("global", "ge"): "explain.say.global_at_least",
    ("global", "lt"): "explain.say.global_below",
    ("fit", "ge"): "explain.say.fit_at_least",
    ("fit", "lt"): "explain.say.fit_below",
    ("capacity_index", "lt"): "explain.say.capacity_below",
}


def reason_sentence(
    reason: Reason, analysis: Analysis, questionnaire: Questionnaire, lang: str | None = None
) -> str:
    """One reason as a sentence a participant reads: numbers in words, no formula, no code.

    The hours ratio is said by :func:`hours_sentence`; an answer that raised a red flag is said
    by the flag's message.
    """
    lang = words.resolve(lang)
    q = questionnaire
    below = reason.comparison == "lt"
    if reason.kind == "score":
        if reason.name == "hours_ratio":
            return hours_sentence(analysis, q, lang)
        key = _SAY_SCORES.get((reason.name, reason.comparison or ""))
        values = {
            "value": fmt.score(reason.value, lang),
            "limit": fmt.number(reason.limit, 0, lang),
        }
        if key is not None:
            return words.render(key, lang, **values)
        return words.render(
            "explain.say.score_below" if below else "explain.say.score_at_least",
            lang,
            name=score_name(reason.name, q, lang),
            **values,
        )
    if reason.kind == "all_dimensions":
        return words.render(
            "explain.say.all_below" if below else "explain.say.all_at_least",
            lang,
            limit=fmt.number(reason.limit, 0, lang),
        )
    if reason.kind == "answer":
        return _answer_sentence(reason.name, reason.answer, analysis, q, lang)
    if reason.kind == "flag":
        return q.flag(reason.name).message(lang)
    if reason.kind == "no_flag":
        return words.render("explain.say.no_flag", lang)
    if reason.kind == "needs_evidence":
        lacking = ", ".join(q.dimension(d).label(lang) for d in reason.dimensions)
        return words.render("explain.say.needs_evidence", lang, dimensions=lacking)
    return words.render("explain.say.no_needs_evidence", lang)


def _answer_sentence(
    question_id: str, code: str | None, analysis: Analysis, q: Questionnaire, lang: str
) -> str:
    question = q.question(question_id)
    flag = next((f for f in question.flags if code is not None and code in f.codes), None)
    if flag is not None:
        return flag.message(lang)
    if question.scale.id == "yn" and not question.scored and code in ("yes", "no"):
        # the one-off question (routing): said in words of its own
        if code == "no":
            return words.render("explain.say.oneoff_no", lang)
        if analysis.event_date:
            return words.render(
                "explain.say.oneoff_yes_dated", lang, date=fmt.date(analysis.event_date, lang)
            )
        return words.render("explain.say.oneoff_yes", lang)
    text = fmt.quote(question.text(lang), lang)
    if code is None:
        sentence = words.render("explain.say.unanswered", lang, question=text)
    else:
        answer = fmt.quote(question.label_of(code, lang), lang)
        sentence = words.render("explain.say.answer", lang, answer=answer, question=text)
    return sentence if sentence.rstrip("»”  ").endswith((".", "?", "!")) else sentence + "."


def word(analysis: Analysis, questionnaire: Questionnaire, lang: str | None = None) -> Explanation:
    """The :class:`Explanation` of ``analysis`` in ``lang`` (resolved by :func:`words.resolve`).

    The plan comes from :func:`toolkit.advice.plan`; reasons are the parts of the rule that
    hold, said as sentences, then the hours sentence (once); the computation keeps the same
    parts as formulas for the details.
    """
    lang = words.resolve(lang)
    q = questionnaire
    rec = q.rule(analysis.recommendation)

    reasons = [reason_sentence(r, analysis, q, lang) for r in analysis.reasons] or [
        rec.summary(lang)
    ]
    hours = hours_sentence(analysis, q, lang)
    if hours not in reasons:
        reasons.append(hours)
    reasons = list(dict.fromkeys(reasons))  # two parts said by the same flag: said once
    computation = [reason_text(r, q, lang) for r in analysis.reasons]
    computation.append(hours_computation(analysis, q, lang))
    gaps = [_gap(g, q, lang) for g in analysis.gaps]
    if rec.id == "abstain":
        # abstaining is a decision, not a gap list: no launch step, not even in the details
        for gap in gaps:
            gap["actions"] = []
    plan = [a.to_dict() for a in advice.plan(analysis, q, lang)]
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

    def label_of(band_id: str) -> str:
        return next(b.label(lang) for b in q.labels if b.id == band_id)

    label_note = ""
    if analysis.label_capped:
        label_note = words.render(
            "explain.label_capped",
            lang,
            index_label=fmt.quote(label_of(analysis.index_label), lang),
            label=fmt.quote(label_of(analysis.label), lang),
            recommendation=fmt.quote(rec.label(lang), lang),
        )
    return Explanation(
        lang=lang,
        scores=dict(analysis.scores),
        label=analysis.label,
        label_text=label_of(analysis.label),
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
        actions=[a["text"] for a in plan],
        hours_needed=analysis.hours_needed,
        hours_freed=analysis.hours_freed,
        analysis=analysis,
        platforms_covered=list(analysis.platforms_covered),
        sources=[f"{s} — {q.sources[s](lang)}" for s in rec.source],
        headline=advice.headline(rec.id, lang),
        plan=plan,
        computation=computation,
        label_note=label_note,
        hours_text=hours,
    )


__all__ = [
    "Explanation",
    "action_when_who",
    "hours_computation",
    "hours_sentence",
    "reason_sentence",
    "reason_text",
    "score_name",
    "word",
]
