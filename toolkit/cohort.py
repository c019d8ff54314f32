"""Cohort aggregation: many submissions → statistics, percentiles, segments, before/after,
agreement — with the anonymity rule applied everywhere (pure pandas, no drawing).

A *group* is any set of submissions that one statistic summarises: the whole cohort, a
segment (a sector, a size, a region, a cohort, a year), a recommendation count. A group is
counted in distinct **organisations** (``org_key``), not submissions, because several people of
one organisation may answer. A group under ``min_group`` organisations (default 5, never below
3) is *suppressed*: its numbers become NaN, its ``suppressed`` column is True and its ``note``
says why, so that no one can read another organisation's answers off a small group.

>>> from toolkit import cohort
>>> result = cohort.load(["data/sample_cohort"])                       # doctest: +SKIP
>>> scores = cohort.scores(result.frame)                               # doctest: +SKIP
>>> cohort.dimension_stats(scores)[["n_orgs", "median", "suppressed"]]  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import answers as answers_mod
from . import scoring
from .answers import META_COLUMNS, Submission, codes_of
from .errors import PertinenceError, Problem
from .questionnaire import (
    MULTI,
    NUMBER,
    RECOMMENDATIONS,
    SINGLE,
    SUBINDEX_COLUMNS,
    Questionnaire,
    default,
)
from .sources import load
from .store import LoadResult

DEFAULT_MIN_GROUP = 5
ABSOLUTE_MIN_GROUP = 3
DISAGREEMENT_POINTS = 25.0
SEGMENTS = ("sector", "size", "region", "cohort", "year")
STAT_COLUMNS = ("n", "n_orgs", "mean", "median", "q1", "q3", "suppressed", "note")
FORMULA_STARTS = ("=", "+", "-", "@")
PSEUDONYM_PREFIX = "org-"


class AnonymityError(PertinenceError, ValueError):
    """A minimum group size below the floor that keeps organisations unrecognisable."""


# --------------------------------------------------------------------------------------------
# Anonymity


def check_min_group(min_group: int | None = None) -> int:
    """The minimum group size to use; raise :class:`AnonymityError` below 3.

    >>> check_min_group(None), check_min_group(4)
    (5, 4)
    """
    if min_group is None:
        return DEFAULT_MIN_GROUP
    if isinstance(min_group, bool) or not isinstance(min_group, (int, np.integer)):
        raise AnonymityError.of("cohort.min_group_type", value=min_group)
    if min_group < ABSOLUTE_MIN_GROUP:
        raise AnonymityError.of(
            "cohort.min_group_low",
            value=int(min_group),
            floor=ABSOLUTE_MIN_GROUP,
            default=DEFAULT_MIN_GROUP,
        )
    return int(min_group)


def suppression_note(min_group: int) -> str:
    return f"suppressed: fewer than {min_group} organisations"


def pseudonym(key: str, salt: str = "") -> str:
    """A stable, short stand-in for an organisation key: ``org-`` + 8 hex digits.

    The same key (and salt) always gives the same pseudonym, so before/after pairs stay
    matched in an export. A pseudonym of a known name can be recomputed: pass a secret
    ``salt`` when an export leaves the team.
    """
    digest = hashlib.sha256(f"{salt}\x1f{key}".encode()).hexdigest()
    return PSEUDONYM_PREFIX + digest[:8]


def anonymise(frame: pd.DataFrame, names: bool = False, salt: str = "") -> pd.DataFrame:
    """A copy fit to leave the analyst's hands.

    With ``names=False`` (the default) ``organisation`` and ``org_key`` become pseudonyms and
    the free-text ``respondent_role`` is dropped; with ``names=True`` the frame is returned as is.
    """
    if names:
        return frame.copy()
    out = frame.copy()
    if "org_key" in out.columns:
        keys = _org_ids(out)
        mapping = {k: pseudonym(k, salt) for k in pd.unique(keys)}
        out["org_key"] = keys.map(mapping)
        if "organisation" in out.columns:
            out["organisation"] = out["org_key"]
    elif "organisation" in out.columns:
        out["organisation"] = [
            pseudonym(answers_mod.org_key(str(v)), salt) for v in out["organisation"]
        ]
    return out.drop(columns=[c for c in ("respondent_role",) if c in out.columns])


def _org_ids(frame: pd.DataFrame) -> pd.Series:
    """The organisation of each row: its ``org_key``, or its submission id when it has no name."""
    keys = frame["org_key"].astype(object) if "org_key" in frame.columns else None
    if keys is None:
        keys = pd.Series([""] * len(frame), index=frame.index, dtype=object)
    keys = keys.where(keys.notna() & (keys.astype(str) != ""), None)
    if "submission_id" in frame.columns:
        keys = keys.fillna("submission:" + frame["submission_id"].astype(str))
    else:
        keys = keys.fillna(pd.Series([f"row:{i}" for i in range(len(frame))], index=frame.index))
    return keys.astype(str)


# --------------------------------------------------------------------------------------------
# Loading: :func:`toolkit.sources.load` is the one loader; ``cohort.load`` is the same function.


def as_frame(
    source: Any, questionnaire: Questionnaire | None = None, include_drafts: bool = False
) -> tuple[pd.DataFrame, list[Problem]]:
    """An answers table from a DataFrame, a list of submissions, or path(s) to load."""
    q = questionnaire or default()
    if isinstance(source, pd.DataFrame):
        return source, []
    if hasattr(source, "frame") and hasattr(source, "problems"):  # a LoadResult
        return source.frame, list(source.problems)
    if (
        isinstance(source, (list, tuple))
        and source
        and all(isinstance(s, Submission) for s in source)
    ):
        return answers_mod.to_frame(list(source), q), []
    result = load(source, q, include_drafts=include_drafts)
    return result.frame, result.problems


# --------------------------------------------------------------------------------------------
# Scores


def measures(questionnaire: Questionnaire | None = None) -> list[str]:
    """Score columns summarised by cohort statistics: every dimension, the sub-indices, global."""
    q = questionnaire or default()
    return [*q.dimension_ids, *SUBINDEX_COLUMNS.values(), "global"]


def scores(frame: pd.DataFrame, questionnaire: Questionnaire | None = None) -> pd.DataFrame:
    """The scores table of an answers table (``scoring.score``) plus ``source``, ``year`` and
    ``hours_freed`` — one row per submission."""
    q = questionnaire or default()
    if "global" in frame.columns:  # already scored
        table = frame.copy()
    else:
        table = scoring.score(frame, q)
        for col in ("source",):
            if col in frame.columns:
                table[col] = frame[col].to_numpy()
    if "year" not in table.columns:
        table["year"] = _year(table)
    if "hours_freed" not in table.columns:
        hours_q = q.hours_question().id
        if hours_q in frame.columns:
            table["hours_freed"] = pd.to_numeric(frame[hours_q], errors="coerce").to_numpy()
        else:
            table["hours_freed"] = table["hours_ratio"] * table["hours_needed"]
    return table


def _year(table: pd.DataFrame) -> pd.Series:
    when = None
    for col in ("submitted", "started"):
        if col in table.columns:
            parsed = pd.to_datetime(table[col], errors="coerce", utc=True, format="ISO8601")
            when = parsed if when is None else when.fillna(parsed)
    if when is None:
        return pd.Series(pd.NA, index=table.index, dtype="Int64")
    return when.dt.year.astype("Int64")


_NA_GROUP = "\x00na"  # stands for "no value" while grouping (groupby drops None keys)


def _group_stats(
    values: pd.DataFrame, orgs: pd.Series, groups: pd.Series, min_group: int
) -> pd.DataFrame:
    """Statistics of every column within every group, in one vectorised pass.

    Long table indexed by (group, measure) with :data:`STAT_COLUMNS`; a cell whose group has
    fewer than ``min_group`` distinct organisations with a value is suppressed.
    """
    v = values.apply(pd.to_numeric, errors="coerce").astype(float)
    keys = groups.astype(object).where(groups.notna(), _NA_GROUP)
    grouped = v.groupby(keys, sort=False)
    parts = {
        "n": grouped.count(),
        "mean": grouped.mean(),
        "median": grouped.median(),
        "q1": grouped.quantile(0.25),
        "q3": grouped.quantile(0.75),
    }
    present = v.notna()
    parts["n_orgs"] = (
        present.groupby([keys, orgs.to_numpy()], sort=False)
        .any()
        .groupby(level=0, sort=False)
        .sum()
    )
    long = pd.DataFrame(
        {name: frame.stack(future_stack=True) for name, frame in parts.items()}  # noqa: PD013
    )
    long.index = long.index.set_names(["group", "measure"])
    long["n"] = long["n"].fillna(0)
    long["n_orgs"] = long["n_orgs"].fillna(0)
    suppressed = long["n_orgs"] < min_group
    long.loc[suppressed, ["mean", "median", "q1", "q3"]] = np.nan
    long["suppressed"] = suppressed
    long["note"] = np.where(suppressed, suppression_note(min_group), "")
    return long[list(STAT_COLUMNS)]


def _stats(values: pd.DataFrame, orgs: pd.Series, min_group: int) -> pd.DataFrame:
    """n, n_orgs, mean, median, q1, q3 of each column, suppressed under min_group organisations."""
    columns = list(values.columns)
    if len(values) == 0:
        out = pd.DataFrame(
            {
                "n": 0,
                "n_orgs": 0,
                "mean": np.nan,
                "median": np.nan,
                "q1": np.nan,
                "q3": np.nan,
                "suppressed": True,
                "note": suppression_note(min_group),
            },
            index=pd.Index(columns),
        )
    else:
        long = _group_stats(values, orgs, pd.Series(0, index=values.index), min_group)
        out = long.droplevel("group").reindex(columns)
    out.index.name = "measure"
    return _typed_stats(out, min_group)


def _typed_stats(out: pd.DataFrame, min_group: int) -> pd.DataFrame:
    out = out.astype(
        {
            "n": "int64",
            "n_orgs": "int64",
            "mean": "float64",
            "median": "float64",
            "q1": "float64",
            "q3": "float64",
            "suppressed": "bool",
        }
    )
    out.attrs["min_group"] = min_group
    return out


def dimension_stats(
    scores_table: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
) -> pd.DataFrame:
    """Cohort statistics of every measure (dimensions, sub-indices, global).

    Index: measure id. Columns: ``n`` (submissions with a score), ``n_orgs`` (distinct
    organisations), ``mean``, ``median``, ``q1``, ``q3`` (quartiles, linear interpolation),
    ``suppressed`` and ``note``. A measure scored by fewer than ``min_group`` organisations
    is suppressed.
    """
    q = questionnaire or default()
    limit = check_min_group(min_group)
    cols = [m for m in measures(q) if m in scores_table.columns]
    return _stats(scores_table[cols], _org_ids(scores_table), limit)


# --------------------------------------------------------------------------------------------
# The comparison a screen shows


@dataclass(frozen=True, eq=False)
class CohortComparison:
    """The cohort a result is compared against: tables and numbers, no words.

    The same for the app's results, a group's report and the facilitator's dashboard: the
    cohort's submitted answers, their scores, the statistics of every measure (suppressed for
    groups under ``min_group`` organisations) and the organisations counted.
    """

    answers: pd.DataFrame
    """The cohort's answers table, drafts left out."""
    scores: pd.DataFrame
    """:func:`scores` of ``answers``: one row per submission."""
    dimension_stats: pd.DataFrame
    """:func:`dimension_stats` of ``scores``: one row per measure."""
    n_organisations: int
    """Distinct organisations among the submissions (``org_key``; a nameless one counts once)."""
    min_group: int
    dimensions_shown: bool
    """True when no dimension's statistics are suppressed: the cohort band can be drawn."""
    problems: tuple[Problem, ...] = ()
    """What loading the cohort found (empty when it was given as a table)."""

    @property
    def empty(self) -> bool:
        """True when the cohort has no submitted answers."""
        return len(self.scores) == 0

    @property
    def big_enough(self) -> bool:
        """True when the cohort holds at least ``min_group`` organisations."""
        return self.n_organisations >= self.min_group


def compare(
    source: Any,
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
) -> CohortComparison:
    """The cohort comparison a screen shows: load, score, dimension statistics, organisations.

    ``source`` is anything :func:`as_frame` takes (cohort folders and files, an answers or
    scores table, a ``LoadResult``, submissions), or None for no cohort (an empty
    comparison). Drafts are left out. Raises :class:`AnonymityError` when ``min_group`` is
    below 3.

    >>> comparison = compare("data/sample_cohort", q, min_group=5)  # doctest: +SKIP
    >>> comparison.n_organisations, comparison.dimensions_shown     # doctest: +SKIP
    (28, True)
    """
    q = questionnaire or default()
    limit = check_min_group(min_group)
    frame, problems = (
        as_frame(source, q) if source is not None else (answers_mod.to_frame([], q), [])
    )
    if "status" in frame.columns:
        frame = frame[frame["status"].astype(str) != "draft"].reset_index(drop=True)
    table = scores(frame, q)
    stats = dimension_stats(table, q, limit)
    suppressed = stats.reindex(list(q.dimension_ids))["suppressed"].fillna(True).astype(bool)
    return CohortComparison(
        answers=frame,
        scores=table,
        dimension_stats=stats,
        n_organisations=int(_org_ids(table).nunique()) if len(table) else 0,
        min_group=limit,
        dimensions_shown=bool(len(table)) and not suppressed.any(),
        problems=tuple(problems),
    )


def question_stats(
    frame: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
) -> pd.DataFrame:
    """Statistics of every scored item's 0–100 score, plus ``dont_know`` (answers « dk »).

    Index: question id; columns ``dimension``, then those of :func:`dimension_stats`, and
    ``dont_know``. Suppressed like every group statistic (the counts too).
    """
    q = questionnaire or default()
    limit = check_min_group(min_group)
    items = scoring.item_scores(frame, q)
    out = _stats(items, _org_ids(frame), limit)
    out.insert(0, "dimension", [q.question(x).dimension for x in out.index])
    dk = []
    for qid in out.index:
        question = q.question(qid)
        if question.scale.type == SINGLE and question.scale.has_dk and qid in frame.columns:
            dk.append(int((frame[qid].astype(object) == "dk").sum()))
        else:
            dk.append(0)
    out["dont_know"] = pd.array(dk, dtype="Int64")
    out.loc[out["suppressed"], ["n", "dont_know"]] = pd.NA
    out.index.name = "question"
    out.attrs["min_group"] = limit
    return out


def percentile_ranks(
    scores_table: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
    within: str | None = None,
) -> pd.DataFrame:
    """Each submission's percentile rank per measure within its group.

    The percentile rank of a score is the percent of the group's scores below it plus half
    of those equal to it: ``(rank - 0.5) / n × 100`` with average ranks for ties. The group
    is the whole table, or each value of ``within`` (e.g. ``"cohort"``); a group under
    ``min_group`` organisations gives NaN and ``suppressed`` True. Names are kept: this is
    the analyst's view (pass the result through :func:`anonymise` before sharing).
    """
    q = questionnaire or default()
    limit = check_min_group(min_group)
    cols = [m for m in measures(q) if m in scores_table.columns]
    ids = [
        c
        for c in ("submission_id", "cohort", "organisation", "org_key")
        if c in scores_table.columns
    ]
    out = scores_table[ids].copy()
    orgs = _org_ids(scores_table)
    groups = (
        scores_table[within].astype(object).fillna("")
        if within
        else pd.Series(0, index=scores_table.index)
    )
    sizes = orgs.groupby(groups).transform("nunique")
    for col in cols:
        values = pd.to_numeric(scores_table[col], errors="coerce")
        ranks = values.groupby(groups).rank(method="average")
        counts = values.notna().groupby(groups).transform("sum")
        pct = (ranks - 0.5) / counts * 100.0
        out[col] = pct.where(sizes >= limit)
    out["suppressed"] = (sizes < limit).to_numpy()
    out["note"] = np.where(out["suppressed"], suppression_note(limit), "")
    out.attrs["min_group"] = limit
    return out


# --------------------------------------------------------------------------------------------
# Segments


def segment_stats(
    scores_table: pd.DataFrame,
    by: str,
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
    measures_: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Statistics of each measure for each value of one segment (sector, size, region,
    cohort or year).

    Long table: ``segment`` (the name, e.g. ``sector``), ``value`` (e.g. ``retail``),
    ``measure``, then :data:`STAT_COLUMNS`. Segments under ``min_group`` organisations are
    suppressed; rows with no value for the segment are grouped under ``value`` NA.
    """
    q = questionnaire or default()
    limit = check_min_group(min_group)
    if by not in SEGMENTS and by not in scores_table.columns:
        raise ValueError(f"unknown segment {by!r}; choose one of {', '.join(SEGMENTS)}")
    table = scores_table if by in scores_table.columns else scores(scores_table, q)
    cols = list(measures_ or [m for m in measures(q) if m in table.columns])
    keys = table[by].astype(object).where(table[by].notna(), None)
    order = _segment_order(by, keys, q)
    if not order:
        empty = pd.DataFrame(columns=["segment", "value", "measure", *STAT_COLUMNS])
        return _typed_stats(empty, limit)
    long = _group_stats(table[cols], _org_ids(table), keys, limit).reset_index()
    position = {(_NA_GROUP if v is None else v): i for i, v in enumerate(order)}
    measure_position = {m: i for i, m in enumerate(cols)}
    long["_order"] = long["group"].map(position) * len(cols) + long["measure"].map(measure_position)
    long = long.sort_values("_order", kind="stable").drop(columns="_order")
    long.insert(0, "value", long.pop("group").map(lambda g: None if g == _NA_GROUP else g))
    long.insert(0, "segment", by)
    return _typed_stats(long.reset_index(drop=True), limit)


def _segment_order(by: str, keys: pd.Series, q: Questionnaire) -> list[Any]:
    present = [k for k in pd.unique(keys.dropna())]
    try:
        codes = list(q.profile_field(by).codes)
    except KeyError:
        codes = []
    if codes:
        ordered = [c for c in codes if c in present] + sorted(
            (k for k in present if k not in codes), key=str
        )
    else:
        ordered = sorted(present, key=str)
    if keys.isna().any():
        ordered.append(None)
    return ordered


def segment_table(
    scores_table: pd.DataFrame,
    by: str,
    measure: str = "global",
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
) -> pd.DataFrame:
    """One measure across the values of one segment (what ``charts.segments`` draws)."""
    long = segment_stats(scores_table, by, questionnaire, min_group, measures_=[measure])
    out = long.drop(columns=["measure"]).reset_index(drop=True)
    out.attrs["min_group"] = long.attrs["min_group"]
    out.attrs["measure"] = measure
    out.attrs["segment"] = by
    return out


# --------------------------------------------------------------------------------------------
# Distributions


def recommendation_distribution(
    scores_table: pd.DataFrame,
    by: str | None = None,
    min_group: int | None = None,
) -> pd.DataFrame:
    """How many submissions got each recommendation (abstain, one_off, prepare, go).

    Columns: ``value`` (the segment value; ``"all"`` without ``by``), ``recommendation``,
    ``count``, ``share`` (percent of the group), ``n`` (group size in submissions), ``n_orgs``,
    ``suppressed``, ``note``. Every recommendation appears, with 0 when none got it.
    """
    limit = check_min_group(min_group)
    orgs = _org_ids(scores_table)
    groups = scores_table[by].astype(object) if by else pd.Series("all", index=scores_table.index)
    rows = []
    for value in pd.unique(groups.dropna()) if len(groups) else ["all"]:
        mask = groups == value
        recs = scores_table.loc[mask, "recommendation"].astype(object)
        n, n_orgs = int(mask.sum()), int(orgs[mask].nunique())
        suppressed = n_orgs < limit
        for rec in RECOMMENDATIONS:
            count = int((recs == rec).sum())
            rows.append(
                {
                    "value": value,
                    "recommendation": rec,
                    "count": np.nan if suppressed else count,
                    "share": np.nan if suppressed or not n else count / n * 100.0,
                    "n": n,
                    "n_orgs": n_orgs,
                    "suppressed": suppressed,
                    "note": suppression_note(limit) if suppressed else "",
                }
            )
    out = pd.DataFrame(
        rows,
        columns=["value", "recommendation", "count", "share", "n", "n_orgs", "suppressed", "note"],
    )
    out = out.astype({"count": "float64", "share": "float64", "suppressed": "bool"})
    out.attrs["min_group"] = limit
    return out


def flag_frequency(
    scores_table: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    min_group: int | None = None,
) -> pd.DataFrame:
    """How often each red flag is raised. Index: flag id; columns ``question``, ``level``,
    ``count``, ``share`` (percent of submissions), ``n``, ``n_orgs``, ``suppressed``, ``note``.
    Sorted by count, most frequent first."""
    q = questionnaire or default()
    limit = check_min_group(min_group)
    n = len(scores_table)
    n_orgs = int(_org_ids(scores_table).nunique())
    suppressed = n_orgs < limit
    exploded = scores_table["flags"].explode().dropna() if n else pd.Series(dtype=object)
    counts = exploded.value_counts()
    rows = []
    for flag in q.flags:
        count = int(counts.get(flag.id, 0))
        rows.append(
            {
                "flag": flag.id,
                "question": flag.question_id,
                "level": flag.level,
                "count": np.nan if suppressed else count,
                "share": np.nan if suppressed or not n else count / n * 100.0,
                "n": n,
                "n_orgs": n_orgs,
                "suppressed": suppressed,
                "note": suppression_note(limit) if suppressed else "",
            }
        )
    out = pd.DataFrame(rows).set_index("flag")
    out = out.astype({"count": "float64", "share": "float64", "suppressed": "bool"})
    out = out.sort_values(["count", "level"], ascending=[False, True], kind="stable")
    out.attrs["min_group"] = limit
    return out


def likert_counts(
    frame: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    scale: str = "agree5",
    min_group: int | None = None,
) -> pd.DataFrame:
    """Answer counts of every question on one scale (``agree5`` by default).

    Index: question id; one column per answer code in the scale's order (``dk`` last),
    then ``n`` (answers given), ``n_orgs``, ``suppressed``, ``note``. What the diverging
    Likert chart draws; the scale id is kept in ``attrs["scale"]``.
    """
    q = questionnaire or default()
    limit = check_min_group(min_group)
    sc = q.scales[scale]
    codes = list(sc.codes)
    orgs = _org_ids(frame)
    rows = {}
    for question in q.questions:
        if question.scale.id != scale or question.id not in frame.columns:
            continue
        col = frame[question.id].astype(object)
        present = col.notna()
        n_orgs = int(orgs[present].nunique())
        counts = col.value_counts()
        suppressed = n_orgs < limit
        row: dict[str, Any] = {
            c: (np.nan if suppressed else float(counts.get(c, 0))) for c in codes
        }
        row.update(
            n=int(present.sum()),
            n_orgs=n_orgs,
            suppressed=suppressed,
            note=suppression_note(limit) if suppressed else "",
        )
        rows[question.id] = row
    out = pd.DataFrame.from_dict(
        rows, orient="index", columns=[*codes, "n", "n_orgs", "suppressed", "note"]
    )
    out.index.name = "question"
    out.attrs["scale"] = scale
    out.attrs["min_group"] = limit
    return out.astype({"suppressed": "bool"})


def capacity_gap(scores_table: pd.DataFrame) -> pd.DataFrame:
    """Hours needed (table A) against hours freed, one row per submission.

    Columns: ``submission_id``, ``org_key``, ``hours_needed``, ``hours_freed``,
    ``hours_short`` (needed − freed, 0 when enough), ``hours_ratio`` and ``band``:
    ``enough`` (ratio ≥ 1), ``partial`` (0.5–1), ``short`` (< 0.5, the red flag) or
    ``unknown``. Individual rows: draw them only for groups that are not suppressed
    (see :func:`capacity_summary`).
    """
    needed = pd.to_numeric(scores_table["hours_needed"], errors="coerce")
    if "hours_freed" in scores_table.columns:
        freed = pd.to_numeric(scores_table["hours_freed"], errors="coerce")
    else:
        freed = pd.to_numeric(scores_table["hours_ratio"], errors="coerce") * needed
    ratio = freed / needed
    band = np.select(
        [ratio >= 1, ratio >= 0.5, ratio < 0.5], ["enough", "partial", "short"], default="unknown"
    )
    out = pd.DataFrame(
        {
            "submission_id": scores_table.get(
                "submission_id", pd.Series(index=scores_table.index)
            ).to_numpy(),
            "org_key": _org_ids(scores_table).to_numpy(),
            "hours_needed": needed.to_numpy(),
            "hours_freed": freed.to_numpy(),
            "hours_short": (needed - freed).clip(lower=0).to_numpy(),
            "hours_ratio": ratio.to_numpy(),
            "band": band,
        },
        index=scores_table.index,
    )
    return out


def capacity_summary(gap: pd.DataFrame, min_group: int | None = None) -> pd.Series:
    """The capacity gap of a group in one line: medians, shares by band, total hours short."""
    limit = check_min_group(min_group)
    n_orgs = int(gap["org_key"].nunique())
    suppressed = n_orgs < limit
    known = gap["hours_ratio"].notna()
    data = {
        "n": int(len(gap)),
        "n_orgs": n_orgs,
        "median_needed": gap["hours_needed"].median(),
        "median_freed": gap["hours_freed"].median(),
        "median_ratio": gap["hours_ratio"].median(),
        "share_enough": (gap["band"] == "enough").sum() / max(int(known.sum()), 1) * 100,
        "share_short": (gap["band"] == "short").sum() / max(int(known.sum()), 1) * 100,
        "total_short": gap["hours_short"].sum(),
    }
    if suppressed:
        data = {k: (v if k in ("n", "n_orgs") else np.nan) for k, v in data.items()}
    data["suppressed"] = suppressed
    data["note"] = suppression_note(limit) if suppressed else ""
    return pd.Series(data, dtype=object)


# --------------------------------------------------------------------------------------------
# Organisations across time and within one cohort


def _sessions(scores_table: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """One row per (organisation, cohort): the mean of its respondents' scores and its date."""
    table = scores_table.copy()
    table["_org"] = _org_ids(table)
    table["_cohort"] = (
        table["cohort"].astype(object).fillna("") if "cohort" in table.columns else ""
    )
    when = pd.to_datetime(table.get("submitted"), errors="coerce", utc=True, format="ISO8601")
    if "started" in table.columns:
        when = when.fillna(
            pd.to_datetime(table["started"], errors="coerce", utc=True, format="ISO8601")
        )
    table["_when"] = when
    agg: dict[str, Any] = {c: "mean" for c in cols}
    agg.update(_when="min", organisation="first", submission_id="count")
    return (
        table.groupby(["_org", "_cohort"], sort=False)
        .agg(agg)
        .rename(columns={"submission_id": "respondents"})
        .reset_index()
    )


def before_after(
    scores_table: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    measures_: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Change for organisations that answered in two or more cohorts (matched by ``org_key``).

    Several respondents of one organisation in one cohort form one *session* (their scores are
    averaged; its date is its earliest ``submitted``). The earliest session is *before*, the
    latest *after*. Long table: ``org_key``, ``organisation``, ``measure``, ``before``,
    ``after``, ``change`` (after − before), ``before_cohort``, ``after_cohort``,
    ``before_date``, ``after_date``. Names are kept (analyst view).
    """
    q = questionnaire or default()
    cols = list(measures_ or [m for m in measures(q) if m in scores_table.columns])
    columns = [
        "org_key",
        "organisation",
        "measure",
        "before",
        "after",
        "change",
        "before_cohort",
        "after_cohort",
        "before_date",
        "after_date",
    ]
    if scores_table.empty:
        return pd.DataFrame(columns=columns)
    sessions = _sessions(scores_table, cols).sort_values(
        ["_org", "_when", "_cohort"], na_position="last", kind="stable"
    )
    counts = sessions.groupby("_org")["_cohort"].transform("size")
    sessions = sessions[counts >= 2]
    if sessions.empty:
        return pd.DataFrame(columns=columns)
    first = sessions.groupby("_org", sort=True).head(1).set_index("_org")
    last = sessions.groupby("_org", sort=True).tail(1).set_index("_org")
    parts = []
    for col in cols:
        parts.append(
            pd.DataFrame(
                {
                    "org_key": first.index,
                    "organisation": last["organisation"].reindex(first.index).to_numpy(),
                    "measure": col,
                    "before": first[col].to_numpy(dtype=float),
                    "after": last[col].reindex(first.index).to_numpy(dtype=float),
                    "before_cohort": first["_cohort"].to_numpy(),
                    "after_cohort": last["_cohort"].reindex(first.index).to_numpy(),
                    "before_date": first["_when"].to_numpy(),
                    "after_date": last["_when"].reindex(first.index).to_numpy(),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out["change"] = out["after"] - out["before"]
    return out[columns]


def before_after_summary(pairs: pd.DataFrame, min_group: int | None = None) -> pd.DataFrame:
    """Median before, after and change per measure, over the matched organisations;
    suppressed when fewer than ``min_group`` organisations answered twice."""
    limit = check_min_group(min_group)
    rows = {}
    for measure, part in pairs.groupby("measure", sort=False):
        n_orgs = int(part["org_key"].nunique())
        suppressed = n_orgs < limit
        rows[measure] = {
            "n_orgs": n_orgs,
            "median_before": np.nan if suppressed else part["before"].median(),
            "median_after": np.nan if suppressed else part["after"].median(),
            "median_change": np.nan if suppressed else part["change"].median(),
            "improved": np.nan if suppressed else float((part["change"] > 0).sum()),
            "suppressed": suppressed,
            "note": suppression_note(limit) if suppressed else "",
        }
    out = pd.DataFrame.from_dict(
        rows,
        orient="index",
        columns=[
            "n_orgs",
            "median_before",
            "median_after",
            "median_change",
            "improved",
            "suppressed",
            "note",
        ],
    )
    out.index.name = "measure"
    out.attrs["min_group"] = limit
    return out.astype({"suppressed": "bool"})


def agreement(
    scores_table: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    threshold: float = DISAGREEMENT_POINTS,
    measures_: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Spread of the answers when several people of one organisation answered in one cohort.

    Long table, one row per (cohort, organisation, measure) with two or more respondents:
    ``cohort``, ``org_key``, ``organisation``, ``measure``, ``respondents``, ``min``, ``max``,
    ``range`` (max − min), ``std`` (population standard deviation of the respondents, ddof=0)
    and ``disagree`` (range ≥ ``threshold``, 25 points by default). The disagreement is itself a
    finding to discuss within the group. Names are kept: share it only with that organisation.
    """
    q = questionnaire or default()
    cols = list(measures_ or [*q.dimension_ids, "global"])
    columns = [
        "cohort",
        "org_key",
        "organisation",
        "measure",
        "respondents",
        "min",
        "max",
        "range",
        "std",
        "disagree",
    ]
    if scores_table.empty:
        return pd.DataFrame(columns=columns)
    table = scores_table.copy()
    table["_org"] = _org_ids(table)
    table["_cohort"] = (
        table["cohort"].astype(object).fillna("") if "cohort" in table.columns else ""
    )
    size = table.groupby(["_cohort", "_org"])["_org"].transform("size")
    table = table[size >= 2]
    if table.empty:
        return pd.DataFrame(columns=columns)
    long = table.melt(
        id_vars=["_cohort", "_org", "organisation"],
        value_vars=cols,
        var_name="measure",
        value_name="score",
    )
    long["score"] = pd.to_numeric(long["score"], errors="coerce")
    grouped = long.groupby(["_cohort", "_org", "measure"], sort=False)
    out = grouped.agg(
        organisation=("organisation", "first"),
        respondents=("score", "size"),
        min=("score", "min"),
        max=("score", "max"),
    )
    out["std"] = grouped["score"].std(ddof=0)
    out = out.reset_index().rename(columns={"_cohort": "cohort", "_org": "org_key"})
    out["range"] = out["max"] - out["min"]
    out["disagree"] = (out["range"] >= threshold).fillna(False).astype(bool)
    order = {m: i for i, m in enumerate(cols)}
    out = out.sort_values(["cohort", "org_key"], kind="stable")
    out = out.sort_values(
        ["cohort", "org_key", "measure"],
        key=lambda s: s.map(order) if s.name == "measure" else s,
        kind="stable",
    )
    return out[columns].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Tables: long, wide, heatmap


def tidy(
    frame: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
) -> pd.DataFrame:
    """The long answers table: one answer per row.

    Columns: ``submission_id``, ``cohort``, ``organisation``, ``org_key``, ``question``,
    ``dimension`` (None for routing questions), ``code`` (the answer code; multi-select codes
    joined with ``;``; a number as text), ``value`` (the number for number questions),
    ``item_score`` (0–100, NaN when missing or not scored) and, with ``lang``, ``label``
    (the answer's words in that language). Unanswered questions are left out.
    """
    q = questionnaire or default()
    items = scoring.item_scores(frame, q) if len(frame) else pd.DataFrame(index=frame.index)
    ids = [c for c in ("submission_id", "cohort", "organisation", "org_key") if c in frame.columns]
    parts = []
    for question in q.questions:
        if question.id not in frame.columns:
            continue
        col = frame[question.id]
        kind = question.scale.type
        value = pd.Series(np.nan, index=frame.index)
        if kind == SINGLE:
            code = col.astype(object)
            label = (
                code.map({c: question.label_of(c, lang) for c in question.codes}) if lang else None
            )
        elif kind == MULTI:
            masks = pd.to_numeric(col, errors="coerce").fillna(-1).astype("int64")
            lookup = {m: codes_of(question, int(m)) for m in pd.unique(masks)}
            chosen = masks.map(lookup)
            code = chosen.map(lambda cs: ";".join(cs) if cs else None)
            label = (
                chosen.map(
                    lambda cs, q_=question: "; ".join(q_.label_of(c, lang) for c in cs) or None
                )
                if lang
                else None
            )
        elif kind == NUMBER:
            value = pd.to_numeric(col, errors="coerce")
            code = value.map(lambda v: None if pd.isna(v) else f"{v:g}")
            label = code if lang else None
        else:
            code = col.astype(object).where(col.notna() & (col.astype(str) != ""), None)
            label = code if lang else None
        part = frame[ids].copy()
        part["question"] = question.id
        part["dimension"] = question.dimension
        part["code"] = code.to_numpy()
        part["value"] = value.to_numpy(dtype=float)
        part["item_score"] = (
            items[question.id].to_numpy() if question.id in items.columns else np.nan
        )
        if lang and label is not None:
            part["label"] = label.to_numpy()
        parts.append(part[part["code"].notna()])
    if not parts:
        cols = [*ids, "question", "dimension", "code", "value", "item_score"] + (
            ["label"] if lang else []
        )
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)


def wide(
    frame: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    with_scores: bool = False,
) -> pd.DataFrame:
    """One submission per row: metadata, then one column per question holding its code
    (multi-select codes joined with ``;``) or, with ``lang``, its label; with ``with_scores``
    the score columns follow."""
    q = questionnaire or default()
    meta = [c for c in (*META_COLUMNS, "source") if c in frame.columns]
    out = frame[meta].copy()
    for question in q.questions:
        if question.id not in frame.columns:
            out[question.id] = None
            continue
        col = frame[question.id]
        kind = question.scale.type
        if kind == SINGLE:
            values = col.astype(object)
            if lang:
                values = values.map({c: question.label_of(c, lang) for c in question.codes})
        elif kind == MULTI:
            masks = pd.to_numeric(col, errors="coerce").fillna(-1).astype("int64")
            join = (
                (lambda cs, q_=question: "; ".join(q_.label_of(c, lang) for c in cs))
                if lang
                else ";".join
            )
            lookup = {m: (join(codes_of(question, int(m))) or None) for m in pd.unique(masks)}
            values = masks.map(lookup)
        elif kind == NUMBER:
            values = pd.to_numeric(col, errors="coerce")
        else:
            values = col.astype(object)
        out[question.id] = values.to_numpy()
    if with_scores:
        table = scores(frame, q)
        extra = [
            c
            for c in (
                *measures(q),
                "label",
                "recommendation",
                "flags",
                "needs_evidence",
                "hours_needed",
                "hours_ratio",
                "gap_count",
                "top_gap",
            )
            if c in table.columns
        ]
        for c in extra:
            values = table[c]
            if c in ("flags", "needs_evidence"):
                values = values.map(lambda t: ";".join(t) if isinstance(t, (tuple, list)) else t)
            out[c] = (
                values.astype(object).to_numpy()
                if c in ("label", "recommendation")
                else values.to_numpy()
            )
    return out


def heatmap_table(
    scores_table: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    names: bool = False,
    salt: str = "",
    max_rows: int | None = 80,
) -> pd.DataFrame:
    """Organisations × dimensions (what ``charts.heatmap`` draws), best global first.

    The index is the organisation's name with ``names=True`` (analyst view) and its pseudonym
    otherwise; a second respondent of the same organisation gets `` (2)``, and so on. With
    more than ``max_rows`` rows, consecutive ranks are grouped into ``max_rows`` bands (mean
    scores; index ``"rank 1–125"``), since one pixel a row shows nothing; ``attrs["binned"]``
    is then True.
    """
    q = questionnaire or default()
    table = scores_table.sort_values("global", ascending=False, kind="stable", na_position="last")
    dims = list(q.dimension_ids)
    values = table[dims].astype(float)
    if max_rows is not None and len(table) > max_rows:
        band = np.arange(len(table)) * max_rows // len(table)
        out = values.groupby(band).mean()
        first = pd.Series(np.arange(1, len(table) + 1)).groupby(band).agg(["min", "max"])
        out.index = pd.Index(
            [f"{lo}–{hi}" for lo, hi in zip(first["min"], first["max"], strict=False)], name="rank"
        )
        out.attrs["binned"] = True
        return out
    if names and "organisation" in table.columns:
        labels = table["organisation"].astype(object).fillna("").astype(str)
        labels = labels.where(labels != "", _org_ids(table))
    else:
        labels = _org_ids(table).map(lambda k: pseudonym(k, salt))
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    values.index = pd.Index(unique, name="organisation")
    values.attrs["binned"] = False
    return values


# --------------------------------------------------------------------------------------------
# Export


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells starting with ``= + - @`` get a leading apostrophe, so a spreadsheet shows
    them as text instead of running them (CSV/formula injection)."""
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
            continue
        out[col] = series.map(
            lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v
        ).astype(object)
    return out


def export(
    paths: Any,
    out: str | Path,
    names: bool = False,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    salt: str = "",
) -> Path:
    """Write the cohort's answers and scores, one submission per row, to ``.csv`` or ``.xlsx``.

    ``paths`` is anything :func:`as_frame` accepts (folders, files, a DataFrame). With
    ``names=False`` (the default) organisations appear as pseudonyms (``org-…``) and the
    respondent's role is left out. Formulas are neutralised. Codes are written (labels with
    ``lang``). The CSV is UTF-8 with a BOM so that Excel reads the accents. Returns the path.
    """
    q = questionnaire or default()
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise PertinenceError.of("cohort.export_suffix").at(out)
    frame, _problems = as_frame(paths, q)
    table = wide(frame, q, lang=lang, with_scores=True)
    table = anonymise(table, names=names, salt=salt)
    table = neutralise_formulas(table)
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        # what Excel fr-CA opens directly, like forms.write_wide: ';' and decimal commas
        table.to_csv(out, index=False, encoding="utf-8-sig", sep=";", decimal=",")
    else:
        table.to_excel(out, index=False, sheet_name="pertinence", engine="openpyxl")
    return out


__all__ = [
    "ABSOLUTE_MIN_GROUP",
    "DEFAULT_MIN_GROUP",
    "AnonymityError",
    "CohortComparison",
    "LoadResult",
    "agreement",
    "anonymise",
    "before_after",
    "before_after_summary",
    "capacity_gap",
    "capacity_summary",
    "check_min_group",
    "compare",
    "dimension_stats",
    "export",
    "flag_frequency",
    "heatmap_table",
    "likert_counts",
    "load",
    "measures",
    "neutralise_formulas",
    "percentile_ranks",
    "pseudonym",
    "question_stats",
    "recommendation_distribution",
    "scores",
    "segment_stats",
    "segment_table",
    "tidy",
    "wide",
]
