"""The advice a group acts on: each recommendation's own plan of three to five actions.

The actions are data (``data/advice.yaml``): one entry per underlying *need* (a crisis plan, a
named person, audience data…), found from the weak answers behind the ranked gaps, so a weak
dimension and a red flag on the same question give one action, not two. Each action says what
to do, who does it and by when, as far as the answers say. Each recommendation has its own
kind of plan: *abstain* what to do instead and when to look again (never a launch step),
*one_off* the campaign's start, end and closing around the event's date, *prepare* the gaps to
close first, *go* the first 90 days.

>>> from toolkit import advice, scoring, questionnaire
>>> q = questionnaire.default()
>>> [a.id for a in advice.plan(scoring.analyse(answers, q), q, "fr")]   # doctest: +SKIP
['name_person', 'free_hours', 'crisis_plan', 'budget']
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import fmt, words
from .errors import QuestionnaireError
from .questionnaire import RECOMMENDATIONS, Questionnaire, Text, _package_file

if TYPE_CHECKING:
    from .scoring import Analysis

DEFAULT_PATH = _package_file("data", "advice.yaml")
WEAK_BELOW = 60.0  # an item scored under this (or missing) reveals its need when its dimension
# is a gap: the same threshold as a dimension gap (scoring.GAP_DIMENSION_BELOW)
MAX_ACTIONS = 5
PARAMS = ("platforms", "covered", "needed", "freed", "date", "start", "end", "close")


@dataclass(frozen=True)
class Phrase:
    """A text in fr and en with placeholders, and the text to use when one is unknown."""

    text: Text
    fallback: Text | None = None

    def say(self, lang: str, params: Mapping[str, str | None]) -> str:
        wanted = _placeholders(self.text.fr) | _placeholders(self.text.en)
        chosen = self.text
        if any(params.get(name) is None for name in wanted) and self.fallback is not None:
            chosen = self.fallback
        known = {k: v if v is not None else fmt.UNKNOWN for k, v in params.items()}
        return fmt.typography(chosen(lang).format(**known), lang)


@dataclass(frozen=True)
class Choice:
    """``value`` when ``condition`` holds (always when it is ``None``)."""

    value: str
    condition: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Need:
    id: str
    questions: tuple[str, ...]
    who: tuple[Choice, ...]
    when: tuple[Choice, ...]
    phrase: Phrase


@dataclass(frozen=True)
class Step:
    """One place in a plan: a fixed action (``phrase``), a need's action (``need``), or the
    ``gaps`` most pressing needs."""

    id: str = ""
    phrase: Phrase | None = None
    need: str | None = None
    who: tuple[Choice, ...] = ()
    when: tuple[Choice, ...] = ()
    condition: Mapping[str, Any] | None = None
    gaps: int = 0
    weakest: int = 0


@dataclass(frozen=True)
class Plan:
    headline: Text
    steps: tuple[Step, ...]
    fill: tuple[Step, ...] = ()
    min: int = 0


@dataclass(frozen=True)
class Catalogue:
    """``data/advice.yaml`` validated: the people, the moments, the needs and the plans."""

    who: Mapping[str, Text]
    when: Mapping[str, Phrase]
    needs: Mapping[str, Need]
    plans: Mapping[str, Plan]
    campaign_days: Mapping[str, int]

    def need_of(self, question_id: str) -> str | None:
        """The need a weak answer to ``question_id`` reveals."""
        return next((n.id for n in self.needs.values() if question_id in n.questions), None)


@dataclass(frozen=True)
class Action:
    """One action of a plan, in one language: what (``text``), who and when (``None`` when the
    data says nothing). ``id`` is the step's or the need's id; ``need`` the need, if any."""

    id: str
    text: str
    who: str | None
    when: str | None
    need: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


# --------------------------------------------------------------------------------------------
# Loading


def _placeholders(template: str) -> set[str]:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _text(raw: Any, where: str, problems: list[str]) -> Text:
    if not isinstance(raw, Mapping) or not all(isinstance(raw.get(k), str) for k in ("fr", "en")):
        problems.append(f"{where}: needs a text in fr and en")
        return Text("", "")
    for lang in ("fr", "en"):
        unknown = _placeholders(raw[lang]) - set(PARAMS)
        if unknown:
            problems.append(f"{where}: unknown placeholder {sorted(unknown)[0]!r} in {lang}")
    return Text(fr=raw["fr"], en=raw["en"])


def _phrase(raw: Mapping[str, Any], where: str, problems: list[str]) -> Phrase:
    fallback = raw.get("fallback")
    return Phrase(
        _text(raw.get("text"), f"{where}: text", problems),
        _text(fallback, f"{where}: fallback", problems) if fallback is not None else None,
    )


def _choices(
    raw: Any, known: Mapping[str, Any], where: str, problems: list[str]
) -> tuple[Choice, ...]:
    items = raw if isinstance(raw, list) else [{"then": raw}]
    out = []
    for i, item in enumerate(items):
        value = item.get("then") if isinstance(item, Mapping) else None
        if value not in known:
            problems.append(f"{where}[{i}]: {value!r} is not one of {', '.join(known)}")
            continue
        out.append(Choice(str(value), item.get("if")))
    if out and out[-1].condition is not None:
        problems.append(f"{where}: the last choice needs no 'if' (the default)")
    return tuple(out)


def _check_condition(cond: Any, q: Questionnaire | None, where: str, problems: list[str]) -> None:
    if cond is None:
        return
    if not isinstance(cond, Mapping) or not ({"answer", "event_date"} & set(cond)):
        problems.append(f"{where}: a condition is {{answer: …, in|not_in: […]}} or event_date")
        return
    if "answer" in cond:
        if not ({"in", "not_in"} & set(cond)):
            problems.append(f"{where}: 'answer' needs 'in' or 'not_in'")
        if q is not None and cond["answer"] not in q.question_ids:
            problems.append(f"{where}: no question {cond['answer']!r}")


def _steps(
    items: Any,
    where: str,
    rec: str,
    known: tuple[Mapping[str, Any], Mapping[str, Any], Mapping[str, Any]],
    q: Questionnaire | None,
    problems: list[str],
) -> tuple[Step, ...]:
    """The steps of one plan (or its fill list); ``known``: the who, when and needs tables."""
    who, when, needs = known
    out = []
    for i, item in enumerate(items or []):
        at = f"{where}[{i}]"
        _check_condition(item.get("if"), q, at, problems)
        if "gaps" in item:
            out.append(Step(gaps=int(item["gaps"])))
        elif "weakest" in item:
            out.append(Step(weakest=int(item["weakest"])))
        elif "need" in item:
            if item["need"] not in needs:
                problems.append(f"{at}: no need {item['need']!r}")
            out.append(Step(str(item["need"]), need=item["need"], condition=item.get("if")))
        else:
            out.append(
                Step(
                    str(item.get("id") or f"{rec}_{i}"),
                    _phrase(item, at, problems),
                    who=_choices(item.get("who"), who, f"{at}: who", problems),
                    when=_choices(item.get("when"), when, f"{at}: when", problems),
                    condition=item.get("if"),
                )
            )
    return tuple(out)


def from_dict(
    raw: Any, questionnaire: Questionnaire | None = None, source: str = "<advice>"
) -> Catalogue:
    """Validate the raw advice catalogue (against ``questionnaire``'s question ids when given)
    and build the :class:`Catalogue`; raise :class:`~toolkit.errors.QuestionnaireError`
    listing every problem."""
    if not isinstance(raw, Mapping):
        raise QuestionnaireError([f"{source}: the file must hold a mapping"])
    problems: list[str] = []
    q = questionnaire
    who = {k: _text(v, f"{source}: who.{k}", problems) for k, v in (raw.get("who") or {}).items()}
    when: dict[str, Phrase] = {}
    for key, value in (raw.get("when") or {}).items():
        where = f"{source}: when.{key}"
        is_phrase = isinstance(value, Mapping) and "text" in value
        when[key] = (
            _phrase(value, where, problems) if is_phrase else Phrase(_text(value, where, problems))
        )
    needs: dict[str, Need] = {}
    claimed: dict[str, str] = {}
    for key, value in (raw.get("needs") or {}).items():
        where = f"{source}: needs.{key}"
        questions = tuple(value.get("questions") or ())
        for qid in questions:
            if q is not None and qid not in q.question_ids:
                problems.append(f"{where}: no question {qid!r}")
            if qid in claimed:
                problems.append(f"{where}: {qid} already reveals the need {claimed[qid]}")
            claimed[qid] = key
        needs[key] = Need(
            key,
            questions,
            _choices(value.get("who"), who, f"{where}: who", problems),
            _choices(value.get("when"), when, f"{where}: when", problems),
            _phrase(value, where, problems),
        )
    if q is not None:
        for question in q.scored_questions:
            if question.id not in claimed:
                problems.append(f"{source}: needs: no need for question {question.id}")
    plans: dict[str, Plan] = {}
    for rec in RECOMMENDATIONS:
        value = (raw.get("plans") or {}).get(rec)
        where = f"{source}: plans.{rec}"
        if not isinstance(value, Mapping):
            problems.append(f"{where}: missing")
            continue

        plans[rec] = Plan(
            _text(value.get("headline"), f"{where}: headline", problems),
            _steps(value.get("steps"), f"{where}: steps", rec, (who, when, needs), q, problems),
            _steps(value.get("fill"), f"{where}: fill", rec, (who, when, needs), q, problems),
            int(value.get("min") or 0),
        )
    for key, need in needs.items():
        for choice in (*need.who, *need.when):
            _check_condition(choice.condition, q, f"{source}: needs.{key}", problems)
    days = dict(raw.get("campaign_days") or {})
    if set(days) != {"start", "end", "close"}:
        problems.append(f"{source}: campaign_days needs start, end and close")
    if problems:
        raise QuestionnaireError(problems)
    return Catalogue(who, when, needs, plans, {k: int(v) for k, v in days.items()})


def load(path: str | Path, questionnaire: Questionnaire | None = None) -> Catalogue:
    """Read and validate an advice catalogue."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QuestionnaireError([f"{path}: cannot read the file ({exc.strerror})"]) from None
    except yaml.YAMLError as exc:
        raise QuestionnaireError([f"{path}: not valid YAML: {exc}"]) from None
    return from_dict(raw, questionnaire, str(path))


@cache
def default() -> Catalogue:
    """The bundled catalogue, loaded once per process."""
    return load(DEFAULT_PATH)


# --------------------------------------------------------------------------------------------
# Planning


def _answers(analysis: Analysis) -> dict[str, str | None]:
    """The single-choice answer code of every question the analysis knows (routing included)."""
    found: dict[str, str | None] = {
        i.id: (i.codes[0] if len(i.codes) == 1 else None) for i in analysis.items
    }
    found.update(analysis.routing)
    return found


def holds(cond: Mapping[str, Any] | None, analysis: Analysis) -> bool:
    """Whether a condition of the catalogue holds for the analysed submission."""
    if cond is None:
        return True
    if "event_date" in cond:
        return (analysis.event_date is not None) == bool(cond["event_date"])
    code = _answers(analysis).get(cond["answer"])
    if "in" in cond:
        return code in [str(c) for c in cond["in"]]
    return code not in [str(c) for c in cond["not_in"]]


def _choose(choices: Sequence[Choice], analysis: Analysis) -> str | None:
    return next((c.value for c in choices if holds(c.condition, analysis)), None)


def pressing_needs(
    analysis: Analysis, questionnaire: Questionnaire, catalogue: Catalogue
) -> list[str]:
    """The needs behind the ranked gaps, each once, most pressing first.

    A flagged item gives its question's need; a weak dimension gives the needs of its items
    scored under 60 or missing, the weightiest shortfall first. Needs with a hard red flag come
    first, then by the rank of the first gap that revealed them.
    """
    q = questionnaire
    hard = {q.flag(f).question_id for f in analysis.flags if q.flag(f).level == "hard"}
    items = {i.id: i for i in analysis.items}
    best: dict[str, tuple[int, int, int]] = {}
    for gap in analysis.gaps:
        if gap.kind == "item":
            questions = [gap.id]
        else:
            weak = [
                i
                for i in (items[x.id] for x in q.questions_of(gap.id) if x.id in items)
                if i.score is None or i.score < WEAK_BELOW
            ]
            weak.sort(key=lambda i: -i.weight * (100.0 - (i.score or 0.0)))
            questions = [i.id for i in weak]
        for order, qid in enumerate(questions):
            need = catalogue.need_of(qid)
            if need is None:
                continue
            key = (0 if qid in hard else 1, gap.rank, order)
            best[need] = min(best.get(need, key), key)
    return sorted(best, key=lambda n: best[n])


def weakest_needs(analysis: Analysis, catalogue: Catalogue) -> list[str]:
    """The needs of every answer short of full marks, the weightiest shortfall first (for a plan
    that has no gap left to close but still wants its three actions)."""
    shortfall = sorted(
        (i for i in analysis.items if i.score is None or i.score < 100.0),
        key=lambda i: (-i.weight * (100.0 - (i.score or 0.0)), i.id),
    )
    found = [catalogue.need_of(i.id) for i in shortfall]
    return list(dict.fromkeys(n for n in found if n is not None))


def _join(names: Sequence[str], lang: str) -> str | None:
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {words.render('explain.and', lang)} {names[-1]}"


def params(
    analysis: Analysis, questionnaire: Questionnaire, lang: str, catalogue: Catalogue
) -> dict[str, str | None]:
    """The values a text of the catalogue can hold, formatted for ``lang`` (``None``: unknown)."""
    platforms = questionnaire.platform_question()
    needed = analysis.hours_needed
    out: dict[str, str | None] = {
        "platforms": _join([platforms.label_of(p, lang) for p in analysis.planned], lang),
        "covered": _join([platforms.label_of(p, lang) for p in analysis.platforms_covered], lang),
        "needed": None if needed is None or math.isnan(needed) else fmt.hours(needed, lang),
        "freed": None if analysis.hours_freed is None else fmt.hours(analysis.hours_freed, lang),
        "date": None,
        "start": None,
        "end": None,
        "close": None,
    }
    if analysis.event_date:
        try:
            day = dt.date.fromisoformat(analysis.event_date[:10])
        except ValueError:
            return out
        out["date"] = fmt.date(day, lang)
        for name, offset in catalogue.campaign_days.items():
            out[name] = fmt.date(day + dt.timedelta(days=offset), lang)
    return out


def headline(
    recommendation: str, lang: str | None = None, catalogue: Catalogue | None = None
) -> str:
    """The recommendation in one sentence."""
    lang = words.resolve(lang)
    return fmt.typography((catalogue or default()).plans[recommendation].headline(lang), lang)


def plan(
    analysis: Analysis,
    questionnaire: Questionnaire,
    lang: str | None = None,
    catalogue: Catalogue | None = None,
) -> list[Action]:
    """The recommendation's plan for the analysed submission: three to five actions, each need
    once, in the plan's order (see ``data/advice.yaml``)."""
    lang = words.resolve(lang)
    cat = catalogue or default()
    chosen = cat.plans[analysis.recommendation]
    values = params(analysis, questionnaire, lang, cat)
    pressing = pressing_needs(analysis, questionnaire, cat)
    actions: list[Action] = []

    def said(choices: Sequence[Choice], table: Mapping[str, Any]) -> str | None:
        key = _choose(choices, analysis)
        if key is None:
            return None
        entry = table[key]
        return (
            entry.say(lang, values)
            if isinstance(entry, Phrase)
            else fmt.typography(entry(lang), lang)
        )

    def of_need(need_id: str) -> Action:
        need = cat.needs[need_id]
        return Action(
            need.id,
            need.phrase.say(lang, values),
            said(need.who, cat.who),
            said(need.when, cat.when),
            need.id,
        )

    def add(step: Step, room: int = MAX_ACTIONS) -> None:
        taken = {a.need for a in actions if a.need}
        if step.gaps or step.weakest:
            source = pressing if step.gaps else weakest_needs(analysis, cat)
            count = min(step.gaps or step.weakest, room)
            for need_id in [n for n in source if n not in taken][:count]:
                actions.append(of_need(need_id))
            return
        if not holds(step.condition, analysis):
            return
        if step.need is not None:
            if step.need not in taken:
                actions.append(of_need(step.need))
            return
        assert step.phrase is not None
        actions.append(
            Action(
                step.id,
                step.phrase.say(lang, values),
                said(step.who, cat.who),
                said(step.when, cat.when),
            )
        )

    for step in chosen.steps:
        add(step)
    for step in chosen.fill:
        if len(actions) >= chosen.min:
            break
        add(step, chosen.min - len(actions))
    return actions[:MAX_ACTIONS]


__all__ = [
    "Action",
    "Catalogue",
    "default",
    "from_dict",
    "headline",
    "holds",
    "load",
    "params",
    "plan",
    "pressing_needs",
    "weakest_needs",
]
