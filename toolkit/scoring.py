"""Scoring: the answers table in, the scores table out — vectorised, explainable, pure.

One submission goes through the same code path as a million: a one-row table.

>>> from toolkit import questionnaire, scoring
>>> q = questionnaire.load()
>>> table = scoring.score(frame_of_answers, q)          # doctest: +SKIP
>>> table[["global", "label", "recommendation"]]        # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from . import answers as answers_mod
from .answers import Submission, codes_of
from .explanation import Explanation, word
from .questionnaire import (
    DATE,
    MULTI,
    NUMBER,
    OVERHEAD,
    RECOMMENDATIONS,
    SINGLE,
    SUBINDEX_COLUMNS,
    SUBINDEX_NAMES,
    Question,
    Questionnaire,
    default,
)

GAP_DIMENSION_BELOW = 60.0
# The readiness label never says more than the recommendation: the highest label each
# recommendation allows (``go`` allows every label). A hard flag that forces "prepare" on an
# index of 87 gives « Presque prêt », never « Prêt » beside « Préparer d'abord »; abstaining is
# "not ready" for social media, whatever the index. The one place this rule lives: the scores
# table (and so the app, the reports and every export) reads the capped label.
LABEL_CEILING = {"prepare": "almost_ready", "one_off": "to_prepare", "abstain": "not_ready"}
PARALLEL_ROWS = 200_000
SCORE_COLUMNS_TAIL = (
    "fit",
    "capacity_index",
    "resilience",
    "global",
    "label",
    "flags",
    "needs_evidence",
    "recommendation",
    "hours_needed",
    "hours_ratio",
    "gap_count",
    "top_gap",
)


# --------------------------------------------------------------------------------------------
# Columns → arrays


def _category_codes(frame: pd.DataFrame, q: Question, owner: Questionnaire) -> np.ndarray:
    """Integer position of each answer in the scale's codes; -1 when unanswered."""
    if q.id not in frame.columns:
        return np.full(len(frame), -1, dtype=np.intp)
    col = frame[q.id]
    if not (
        isinstance(col.dtype, pd.CategoricalDtype) and list(col.cat.categories) == list(q.codes)
    ):
        col = answers_mod.coerce_answers(frame[[q.id]], owner)[q.id]
    return np.asarray(col.cat.codes, dtype=np.intp)


def _masks(frame: pd.DataFrame, q: Question, owner: Questionnaire) -> np.ndarray:
    """Multi-select bit masks; -1 when unanswered."""
    if q.id not in frame.columns:
        return np.full(len(frame), -1, dtype=np.int64)
    col = frame[q.id]
    if not pd.api.types.is_integer_dtype(col.dtype):
        col = answers_mod.coerce_answers(frame[[q.id]], owner)[q.id]
    return np.asarray(col, dtype=np.int64)


def _numbers(frame: pd.DataFrame, q: Question) -> np.ndarray:
    if q.id not in frame.columns:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[q.id], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _code_in(positions: np.ndarray, q: Question, codes: Sequence[str]) -> np.ndarray:
    """Whether each answer is one of ``codes`` (a boolean lookup, faster than ``np.isin``)."""
    lut = np.zeros(len(q.codes) + 1, dtype=bool)  # the extra slot is "unanswered" (-1)
    lut[[q.codes.index(code) for code in codes]] = True
    return np.take(lut, positions)


def _mask_lut(q: Question, value_of) -> np.ndarray:
    """A value for every possible multi-select mask, indexed by mask + 1 (0: unanswered).

    ``value_of`` gets the chosen codes (a tuple; empty when nothing or nothing answered) and
    returns a number; the table has 2**options + 1 entries, small for a scale of six options.
    """
    size = 1 << len(q.codes)
    values = [value_of(())] + [value_of(codes_of(q, mask)) for mask in range(size)]
    return np.array(values, dtype=float)


def _dimension_lut(
    members: Sequence[Question], needs_evidence_above: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Dimension score and needs-evidence for every combination of answers to its items.

    Item *i*'s answer position + 1 (0 = unanswered) is the *i*-th digit of the index, in a
    mixed radix whose ``strides`` are returned. A few hundred entries for this questionnaire.
    """
    num, den = needs_evidence_above
    per_item = [np.concatenate([[np.nan], _single_lut(x)[:-1]]) for x in members]
    grids = np.meshgrid(*per_item, indexing="ij")
    values = np.stack([g.ravel() for g in grids])
    answered = ~np.isnan(values)
    count = answered.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(answered, values, 0.0).sum(axis=0) / count
    lacking = (len(members) - count) * den > len(members) * num
    sizes = [len(v) for v in per_item]
    strides = [int(np.prod(sizes[i + 1 :])) for i in range(len(sizes))]
    return mean, lacking, strides


def _single_lut(q: Question) -> np.ndarray:
    """Item score by code position, with a trailing NaN for 'unanswered' (index -1)."""
    values = [q.item_score(c) for c in q.codes]
    return np.array([np.nan if v is None else v for v in values] + [np.nan], dtype=float)


@dataclass
class _Computed:
    """Everything the vectorised pass computes, kept for rules and explanations."""

    questionnaire: Questionnaire
    codes: dict[str, np.ndarray]
    masks: dict[str, np.ndarray]
    other_items: dict[str, np.ndarray]
    dims: dict[str, np.ndarray]
    needs_evidence: dict[str, np.ndarray]
    scores: dict[str, np.ndarray]
    flags: dict[str, np.ndarray]
    hours_needed: np.ndarray

    def item(self, question_id: str) -> np.ndarray:
        """0–100 score of one scored question for every row (NaN when missing)."""
        if question_id in self.codes:
            lut = _single_lut(self.questionnaire.question(question_id))
            return np.take(lut, self.codes[question_id])
        return self.other_items[question_id]


def _compute(frame: pd.DataFrame, q: Questionnaire, effort: Mapping[str, float]) -> _Computed:
    n = len(frame)
    codes: dict[str, np.ndarray] = {}
    masks: dict[str, np.ndarray] = {}
    for question in q.questions:
        if question.scale.type == SINGLE:
            codes[question.id] = _category_codes(frame, question, q)
        elif question.scale.type == MULTI:
            masks[question.id] = _masks(frame, question, q)

    platforms = q.platform_question()
    # no platform known: the hours needed are unknown, never just the overhead
    hours_needed = np.take(
        _mask_lut(
            platforms,
            lambda chosen: (
                effort[OVERHEAD] + sum(effort[code] for code in chosen) if chosen else np.nan
            ),
        ),
        masks[platforms.id] + 1,
    )

    hours_q = q.hours_question()
    hours = _numbers(frame, hours_q)
    ratio = hours / hours_needed

    # Items that are not single-choice; single-choice ones go through lookup tables.
    other_items: dict[str, np.ndarray] = {}
    for question in q.scored_questions:
        if question.scale.type == MULTI:
            best = _mask_lut(
                question,
                lambda chosen, question=question: max(
                    (question.scale.option(code).score or 0.0 for code in chosen), default=np.nan
                ),
            )
            other_items[question.id] = np.take(best, masks[question.id] + 1)
        elif question.scale.type == NUMBER:
            other_items[question.id] = np.minimum(1.0, ratio) * 100.0

    num, den = q.needs_evidence_above
    dims: dict[str, np.ndarray] = {}
    filled: dict[str, np.ndarray] = {}  # dimension scores with 0 where nothing was answered
    needs_evidence: dict[str, np.ndarray] = {}
    for d in q.dimensions:
        members = q.questions_of(d.id)
        if all(x.id in codes for x in members):
            # every item is single-choice: one lookup in a table of all answer combinations
            dim_lut, lacking_lut, strides = _dimension_lut(members, (num, den))
            index = sum(
                (codes[x.id] + 1) * stride for x, stride in zip(members, strides, strict=True)
            )
            dims[d.id] = np.take(dim_lut, index)
            filled[d.id] = np.where(np.isnan(dims[d.id]), 0.0, dims[d.id])
            needs_evidence[d.id] = np.take(lacking_lut, index)
            continue
        total = np.zeros(n)
        count = np.zeros(n, dtype=np.int8)
        for x in members:
            if x.id in codes:
                lut = _single_lut(x)
                answered = ~np.isnan(lut)
                total += np.take(np.where(answered, lut, 0.0), codes[x.id])
                count += np.take(answered, codes[x.id])
            else:
                answered = ~np.isnan(other_items[x.id])
                total += np.where(answered, other_items[x.id], 0.0)
                count += answered
        filled[d.id] = total / np.maximum(count, 1)
        dims[d.id] = np.where(count > 0, filled[d.id], np.nan)
        needs_evidence[d.id] = (len(members) - count) * den > len(members) * num
    if hours_q.dimension is not None:
        # hours freed cannot be weighed against unknown needs (or vice versa): evidence missing
        needs_evidence[hours_q.dimension] = needs_evidence[hours_q.dimension] | np.isnan(ratio)

    scores: dict[str, np.ndarray] = {}
    for sub in SUBINDEX_NAMES:
        members_d = q.dimensions_of(sub)
        weight = sum(d.weight for d in members_d)
        scores[SUBINDEX_COLUMNS[sub]] = np.asarray(
            sum(d.weight * filled[d.id] for d in members_d) / weight
        )
    scores["global"] = np.asarray(sum(d.weight * filled[d.id] for d in q.dimensions) / 100.0)
    scores["hours_ratio"] = ratio
    scores.update(dims)

    flags: dict[str, np.ndarray] = {}
    for flag in q.flags:
        question = q.question(flag.question_id)
        if flag.hours_ratio_below is not None:
            flags[flag.id] = ratio < flag.hours_ratio_below
        elif question.scale.type == MULTI:
            # raised when only flagged codes are chosen (e.g. "no specific objective")
            lut = _mask_lut(
                question, lambda chosen, flag=flag: bool(chosen) and set(chosen) <= set(flag.codes)
            )
            flags[flag.id] = np.take(lut.astype(bool), masks[question.id] + 1)
        else:
            flags[flag.id] = _code_in(codes[question.id], question, flag.codes)
    return _Computed(
        q, codes, masks, other_items, dims, needs_evidence, scores, flags, hours_needed
    )


# --------------------------------------------------------------------------------------------
# Rules


def _condition(cond: Mapping[str, Any], c: _Computed, q: Questionnaire, n: int) -> np.ndarray:
    if "any" in cond:
        return np.logical_or.reduce([_condition(x, c, q, n) for x in cond["any"]])
    if "all" in cond:
        return np.logical_and.reduce([_condition(x, c, q, n) for x in cond["all"]])
    if "score" in cond:
        return _compare(c.scores[cond["score"]], cond)
    if "dimensions" in cond:
        tests = [_compare(c.dims[d], cond) for d in q.dimension_ids]
        return (
            np.logical_or.reduce(tests)
            if cond["dimensions"] == "any"
            else np.logical_and.reduce(tests)
        )
    if "answer" in cond:
        question = q.question(cond["answer"])
        return _code_in(c.codes[question.id], question, cond["in"])
    if "flags" in cond:
        raised = np.logical_or.reduce(list(c.flags.values())) if c.flags else np.zeros(n, bool)
        return raised if cond["flags"] == "any" else ~raised
    if "needs_evidence" in cond:
        lacking = np.logical_or.reduce(list(c.needs_evidence.values()))
        return lacking if cond["needs_evidence"] == "any" else ~lacking
    raise ValueError(f"unknown condition {dict(cond)}")  # pragma: no cover - schema forbids it


def _compare(values: np.ndarray, cond: Mapping[str, Any]) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        if "lt" in cond:
            return values < cond["lt"]
        return values >= cond["ge"]


# --------------------------------------------------------------------------------------------
# Public API


def _tuples_from_masks(
    bool_columns: Sequence[np.ndarray], names: Sequence[str], n: int
) -> np.ndarray:
    """Per-row tuples of the names whose boolean column is true, built once per distinct mask."""
    mask = np.zeros(n, dtype=np.int64)
    for i, col in enumerate(bool_columns):
        mask |= col.astype(np.int64) << i
    codes, distinct = pd.factorize(mask)  # hashing: linear, however many names
    table = np.empty(len(distinct), dtype=object)
    for k, m in enumerate(distinct):
        table[k] = tuple(name for i, name in enumerate(names) if int(m) >> i & 1)
    return table[codes]


def _gap_candidates(c: _Computed, q: Questionnaire):
    """Each candidate gap: (id, kind, score, priority) with priority NaN where it is no gap.

    Gaps are dimensions under 60 (or needing evidence) and flagged items; the priority is
    weight × (100 − score), a flagged item carrying its dimension's weight.
    """
    for d in q.dimensions:
        score = c.dims[d.id]
        is_gap = (score < GAP_DIMENSION_BELOW) | c.needs_evidence[d.id] | np.isnan(score)
        priority = d.weight * (100.0 - np.where(np.isnan(score), 0.0, score))
        yield d.id, "dimension", score, np.where(is_gap, priority, np.nan)
    for flag in q.flags:
        question = q.question(flag.question_id)
        weight = q.dimension(question.dimension).weight if question.dimension else 0.0
        item = c.item(question.id) if question.scored else np.full(len(c.hours_needed), np.nan)
        priority = weight * (100.0 - np.where(np.isnan(item), 0.0, item))
        yield flag.question_id, "item", item, np.where(c.flags[flag.id], priority, np.nan)


def score(
    answers: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    effort: Mapping[str, float] | None = None,
    workers: int | None = None,
) -> pd.DataFrame:
    """Score every submission of an answers table (one row each).

    Parameters
    ----------
    answers : the answers table (see :mod:`toolkit.answers`); metadata columns are carried over.
    questionnaire : defaults to the bundled questionnaire.
    effort : table A overrides (hours a week per platform and ``overhead``).

    Returns
    -------
    The scores table: metadata, one column per dimension, the sub-indices ``fit``,
    ``capacity_index`` (the dimension ``capacity`` keeps its own column) and ``resilience``,
    ``global``, ``label``, ``flags`` (tuple of flag ids), ``needs_evidence`` (tuple of
    dimension ids), ``recommendation``, ``hours_needed``, ``hours_ratio``,
    ``gap_count`` and ``top_gap``. The ranked gaps themselves come from :func:`ranked_gaps`.

    Tables larger than ``PARALLEL_ROWS`` are scored in row blocks on ``workers`` threads
    (default: the CPU count); numpy releases the GIL, so the blocks run side by side.
    """
    q = questionnaire or default()
    effort = {**q.effort, **(effort or {})}
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(answers) > PARALLEL_ROWS:
        bounds = np.linspace(0, len(answers), workers + 1).astype(int)
        blocks = [answers.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        with ThreadPoolExecutor(workers) as pool:
            parts = list(pool.map(lambda block: _score_block(block, q, effort), blocks))
        return pd.concat(parts)
    return _score_block(answers, q, effort)


def _score_block(
    answers: pd.DataFrame, q: Questionnaire, effort: Mapping[str, float]
) -> pd.DataFrame:
    return _scores_table(_compute(answers, q, effort), answers, q)


def _scores_table(c: _Computed, answers: pd.DataFrame, q: Questionnaire) -> pd.DataFrame:
    """The scores table of what :func:`_compute` found for ``answers``."""
    n = len(answers)

    out: dict[str, Any] = {
        col: answers[col].to_numpy() for col in answers_mod.META_COLUMNS if col in answers.columns
    }
    for d in q.dimensions:
        out[d.id] = c.dims[d.id]
    for name in (*SUBINDEX_COLUMNS.values(), "global"):
        out[name] = c.scores[name]
    mins = np.array([b.min for b in q.labels])
    out["label"] = pd.Categorical.from_codes(
        np.searchsorted(mins, out["global"], side="right") - 1,
        dtype=pd.CategoricalDtype([b.id for b in q.labels], ordered=True),
    )
    flag_ids = [f.id for f in q.flags]
    out["flags"] = _tuples_from_masks([c.flags[f] for f in flag_ids], flag_ids, n)
    out["needs_evidence"] = _tuples_from_masks(
        [c.needs_evidence[d] for d in q.dimension_ids], list(q.dimension_ids), n
    )
    # first rule that holds; the data guarantees one does, "prepare" is the safe default
    chosen = np.full(n, RECOMMENDATIONS.index("prepare"), dtype=np.int8)
    for rule in reversed(q.rules):
        chosen[_condition(rule.when, c, q, n)] = RECOMMENDATIONS.index(rule.id)
    out["recommendation"] = pd.Categorical.from_codes(
        chosen, dtype=pd.CategoricalDtype(list(RECOMMENDATIONS))
    )
    out["label"] = _capped_label(out["label"], chosen, q)
    out["hours_needed"] = c.hours_needed
    out["hours_ratio"] = c.scores["hours_ratio"]
    gap_count = np.zeros(n, dtype=np.int16)
    best = np.full(n, -1.0)
    best_index = np.full(n, -1, dtype=np.int16)  # -1: no gap
    gap_ids: list[str] = []
    for k, (gap_id, _kind, _score, priority) in enumerate(_gap_candidates(c, q)):
        gap_ids.append(gap_id)
        is_gap = ~np.isnan(priority)
        gap_count += is_gap
        better = is_gap & (priority > best)
        best = np.where(better, priority, best)
        best_index[better] = k
    out["gap_count"] = gap_count
    categories = list(dict.fromkeys(gap_ids))
    to_category = np.array([categories.index(g) for g in gap_ids] + [-1], dtype=np.int16)
    out["top_gap"] = pd.Categorical.from_codes(to_category[best_index], categories=categories)
    return pd.DataFrame(out, index=answers.index, copy=False)


def _capped_label(label: pd.Categorical, chosen: np.ndarray, q: Questionnaire) -> pd.Categorical:
    """The label of the global index, lowered to the ceiling of each row's recommendation
    (:data:`LABEL_CEILING`)."""
    ids = [b.id for b in q.labels]
    top = len(ids) - 1
    ceiling = np.array(
        [
            ids.index(LABEL_CEILING[r]) if LABEL_CEILING.get(r) in ids else top
            for r in RECOMMENDATIONS
        ],
        dtype=np.int8,
    )
    codes = np.minimum(np.asarray(label.codes), ceiling[chosen])
    return pd.Categorical.from_codes(codes, dtype=label.dtype)


def ranked_gaps(
    answers: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    effort: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The ranked gap list of every submission, as a long table.

    Gaps are every dimension under 60 (or needing evidence) and every flagged item, ranked by
    weight × (100 − score); a flagged item carries its dimension's weight. Columns: ``row``
    (the answers table's index), ``rank`` (1 = first to close), ``gap`` (dimension or question
    id), ``kind`` (``dimension`` or ``item``), ``score`` and ``priority``.
    """
    q = questionnaire or default()
    return _gaps_table(_compute(answers, q, {**q.effort, **(effort or {})}), answers.index, q)


def _gaps_table(c: _Computed, index: pd.Index, q: Questionnaire) -> pd.DataFrame:
    """The long ranked-gap table of what :func:`_compute` found (see :func:`ranked_gaps`)."""
    ids, kinds, score_cols, prio_cols = zip(*_gap_candidates(c, q), strict=True)
    prio = np.column_stack(prio_cols)
    rows, cols = np.nonzero(~np.isnan(prio))
    long = pd.DataFrame(
        {
            "row": index.to_numpy()[rows],
            "position": rows,
            "gap": np.array(ids, dtype=object)[cols],
            "kind": np.array(kinds, dtype=object)[cols],
            "score": np.column_stack(score_cols)[rows, cols],
            "priority": prio[rows, cols],
        }
    )
    # one flagged item can be listed once even if (in a future version) two flags name it
    long = long.drop_duplicates(["position", "gap"])
    long = long.sort_values(
        ["position", "priority", "gap"], ascending=[True, False, True], kind="stable"
    )
    long["rank"] = long.groupby("position").cumcount() + 1
    return long.drop(columns="position").reset_index(drop=True)[
        ["row", "rank", "gap", "kind", "score", "priority"]
    ]


def item_scores(answers: pd.DataFrame, questionnaire: Questionnaire | None = None) -> pd.DataFrame:
    """Every scored item's 0–100 score (NaN when missing), one column per question id."""
    q = questionnaire or default()
    c = _compute(answers, q, q.effort)
    return pd.DataFrame({x.id: c.item(x.id) for x in q.scored_questions}, index=answers.index)


# --------------------------------------------------------------------------------------------
# Analysis: what is behind one submission's result, as data (toolkit.explanation words it)

Comparison = Literal["lt", "ge"]
ReasonKind = Literal[
    "score", "all_dimensions", "answer", "flag", "no_flag", "needs_evidence", "no_needs_evidence"
]


@dataclass(frozen=True)
class Reason:
    """One part of the recommendation's rule that holds for the submission.

    ``kind`` says which fields are set:

    * ``score``: ``name`` (a score column such as ``global`` or ``hours_ratio``, or a dimension
      id) has ``value``, compared ``lt`` or ``ge`` (``comparison``) with ``limit``;
    * ``all_dimensions``: every dimension is ``comparison`` ``limit``;
    * ``answer``: question ``name`` was answered ``answer`` (a code; ``None``: unanswered);
    * ``flag``: flag ``name`` is raised, by answer code ``answer`` when its question is
      single-choice (``None`` otherwise); ``no_flag``: none is raised;
    * ``needs_evidence``: the ``dimensions`` lack answers; ``no_needs_evidence``: none does.
    """

    kind: ReasonKind
    name: str = ""
    value: float | None = None
    comparison: Comparison | None = None
    limit: float | None = None
    answer: str | None = None
    dimensions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemResult:
    """One scored question: its 0–100 score (``None`` when missing) and share of the index.

    ``codes`` are the chosen answer codes (empty when unanswered); ``number`` the answer of a
    number question (hours).
    """

    id: str
    dimension: str
    score: float | None
    weight: float
    codes: tuple[str, ...] = ()
    number: float | None = None


@dataclass(frozen=True)
class DimensionResult:
    id: str
    score: float | None
    weight: float
    needs_evidence: bool


@dataclass(frozen=True)
class GapResult:
    """One gap to close, ranked by weight × (100 − score) (see :func:`ranked_gaps`).

    A ``dimension`` gap scored under ``below`` or needs evidence; an ``item`` gap is the
    question ``id`` that raised ``flag``.
    """

    rank: int
    id: str
    kind: Literal["dimension", "item"]
    score: float | None
    priority: float
    flag: str | None = None
    below: float | None = None


@dataclass(frozen=True)
class Analysis:
    """Everything behind one submission's result as numbers, codes and ids — no words.

    :func:`toolkit.explanation.word` turns it into sentences in either language.
    ``language`` is the submission's own language when it says one.
    """

    language: str | None
    scores: Mapping[str, float]
    label: str
    recommendation: str
    reasons: tuple[Reason, ...]
    items: tuple[ItemResult, ...]
    dimensions: tuple[DimensionResult, ...]
    flags: tuple[str, ...]
    gaps: tuple[GapResult, ...]
    hours_needed: float
    hours_freed: float | None
    planned: tuple[str, ...]
    platforms_covered: tuple[str, ...]
    index_label: str = ""
    routing: Mapping[str, str | None] = field(default_factory=dict)
    event_date: str | None = None

    @property
    def label_capped(self) -> bool:
        """Whether :attr:`label` is lower than the global index alone would give, because the
        recommendation caps it (:data:`LABEL_CEILING`)."""
        return bool(self.index_label) and self.index_label != self.label


def _held(cond: Mapping[str, Any], c: _Computed, q: Questionnaire) -> list[Reason]:
    """The parts of a rule's condition that hold for row 0, as reasons."""
    if "any" in cond or "all" in cond:
        parts = cond["any"] if "any" in cond else cond["all"]
        return [r for x in parts if _condition(x, c, q, 1)[0] for r in _held(x, c, q)]
    comparison: Comparison = "lt" if "lt" in cond else "ge"
    if "score" in cond:
        value = float(c.scores[cond["score"]][0])
        return [Reason("score", cond["score"], value, comparison, cond.get(comparison))]
    if "dimensions" in cond:
        if cond["dimensions"] == "all":
            return [Reason("all_dimensions", comparison=comparison, limit=cond[comparison])]
        return [
            Reason("score", d.id, _number(c.dims[d.id][0]), comparison, cond[comparison])
            for d in q.dimensions
            if _compare(c.dims[d.id], cond)[0]
        ]
    if "answer" in cond:
        return [Reason("answer", cond["answer"], answer=_code(c, q, cond["answer"]))]
    if "flags" in cond:
        if cond["flags"] == "none":
            return [Reason("no_flag")]
        reasons = []
        for flag_id, raised in c.flags.items():
            if raised[0]:
                question = q.question(q.flag(flag_id).question_id)
                code = _code(c, q, question.id) if question.scale.type == SINGLE else None
                reasons.append(Reason("flag", flag_id, answer=code))
        return reasons
    if "needs_evidence" in cond:
        if cond["needs_evidence"] == "none":
            return [Reason("no_needs_evidence")]
        lacking = tuple(d for d, v in c.needs_evidence.items() if v[0])
        return [Reason("needs_evidence", dimensions=lacking)]
    return []


def _code(c: _Computed, q: Questionnaire, question_id: str) -> str | None:
    position = int(c.codes[question_id][0])
    return q.question(question_id).codes[position] if position >= 0 else None


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def platforms_covered(
    planned: Sequence[str], hours_freed: float | None, effort: Mapping[str, float]
) -> list[str]:
    """The planned platforms that the freed hours can keep active, cheapest first (table A)."""
    if not hours_freed:
        return []
    budget = hours_freed - effort[OVERHEAD]
    covered = []
    for platform in sorted(planned, key=lambda p: (effort[p], p)):
        if effort[platform] <= budget:
            covered.append(platform)
            budget -= effort[platform]
    return covered


def _one_row(
    submission: Submission | Mapping[str, Any] | pd.DataFrame, q: Questionnaire
) -> tuple[pd.DataFrame, str | None]:
    """The one-row answers table of a submission, and the submission's language if it says."""
    if isinstance(submission, pd.DataFrame):
        if len(submission) != 1:
            raise ValueError("explain() takes one submission; use score() for a table")
        language = None
        if "language" in submission.columns and pd.notna(submission["language"].iloc[0]):
            language = str(submission["language"].iloc[0])
        return submission, language
    if isinstance(submission, Mapping) and "questionnaire" in submission:
        submission = Submission.from_dict(submission, q)
    if isinstance(submission, Submission):
        return answers_mod.to_frame([submission], q), submission.language
    answers = {k: answers_mod.normalise_answer(q.question(k), v) for k, v in submission.items()}
    plain = Submission(q.id, q.version, cohort="", answers=answers)
    return answers_mod.to_frame([plain], q), None  # plain answers say no language


def analyse(
    submission: Submission | Mapping[str, Any] | pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    effort: Mapping[str, float] | None = None,
) -> Analysis:
    """Every item's score and weight, the parts of the rule that hold, and the ranked gaps.

    ``submission`` is a :class:`~toolkit.answers.Submission`, its JSON dict, a plain
    ``{question id: answer}`` mapping, or a one-row answers table. The result holds numbers,
    codes and ids only; :func:`explain` (or :func:`toolkit.explanation.word`) words it.
    """
    q = questionnaire or default()
    effort = {**q.effort, **(effort or {})}
    frame, language = _one_row(submission, q)
    c = _compute(frame, q, effort)  # once: the table, the reasons and the gaps all read it
    row = _scores_table(c, frame, q).iloc[0]
    rec = q.rule(str(row["recommendation"]))

    items = []
    for question in q.scored_questions:
        assert question.dimension is not None
        weight = q.dimension(question.dimension).weight / len(q.questions_of(question.dimension))
        codes: tuple[str, ...] = ()
        number = None
        if question.scale.type == SINGLE:
            code = _code(c, q, question.id)
            codes = () if code is None else (code,)
        elif question.scale.type == MULTI:
            codes = codes_of(question, int(c.masks[question.id][0]))
        elif question.id in frame.columns:
            number = _number(frame[question.id].iloc[0])
        score_ = _number(c.item(question.id)[0])
        items.append(ItemResult(question.id, question.dimension, score_, weight, codes, number))

    dimensions = tuple(
        DimensionResult(d.id, _number(c.dims[d.id][0]), d.weight, bool(c.needs_evidence[d.id][0]))
        for d in q.dimensions
    )
    raised = tuple(row["flags"])
    gaps = []
    for g in _gaps_table(c, frame.index, q).itertuples():
        flag = None
        if g.kind == "item":
            flag = next(f.id for f in q.flags if f.question_id == g.gap and f.id in raised)
        gaps.append(
            GapResult(
                int(g.rank),
                str(g.gap),
                "dimension" if g.kind == "dimension" else "item",
                _number(g.score),
                float(g.priority),
                flag,
                GAP_DIMENSION_BELOW if g.kind == "dimension" else None,
            )
        )

    platforms = q.platform_question()
    planned = codes_of(platforms, int(c.masks[platforms.id][0]))
    hours_q = q.hours_question()
    freed = _number(frame[hours_q.id].iloc[0]) if hours_q.id in frame.columns else None
    scores = {name: float(row[name]) for name in (*SUBINDEX_COLUMNS.values(), "global")}
    scores["hours_ratio"] = float(row["hours_ratio"])
    routing = {x.id: _code(c, q, x.id) for x in q.questions if not x.scored and x.id in c.codes}
    dated = next((x.id for x in q.questions if x.scale.type == DATE), None)
    event_date = None
    if dated is not None and dated in frame.columns and pd.notna(frame[dated].iloc[0]):
        event_date = str(frame[dated].iloc[0])[:10] or None
    return Analysis(
        language=language,
        scores=scores,
        label=str(row["label"]),
        recommendation=rec.id,
        reasons=tuple(_held(rec.when, c, q)),
        items=tuple(items),
        dimensions=dimensions,
        flags=raised,
        gaps=tuple(gaps),
        hours_needed=float(c.hours_needed[0]),
        hours_freed=freed,
        planned=tuple(planned),
        platforms_covered=tuple(platforms_covered(planned, freed, effort)),
        index_label=q.band(scores["global"]).id,
        routing=routing,
        event_date=event_date,
    )


def explain(
    submission: Submission | Mapping[str, Any] | pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    effort: Mapping[str, float] | None = None,
) -> Explanation:
    """Every item's score and weight, the rule that fired and why, and the actions per gap,
    in words: :func:`analyse`, then :func:`toolkit.explanation.word`.

    ``lang``: the argument, else the submission's own language, else the language chosen for
    the work in progress (:func:`toolkit.words.resolve`).
    """
    q = questionnaire or default()
    analysis = analyse(submission, q, effort)
    return word(analysis, q, lang or analysis.language)
