"""The answers as tables: long (one answer per row), wide (one submission per row) and
organisations × dimensions (the heatmap's)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import scoring
from ..answers import META_COLUMNS, codes_of
from ..questionnaire import MULTI, NUMBER, SINGLE, Questionnaire, default
from .anonymity import _org_ids, pseudonym
from .latest import latest_per_organisation
from .stats import measures, scores


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

    One row per organisation and cohort, its latest submission (:func:`latest_per_organisation`).
    The index is the organisation's name with ``names=True`` (analyst view) and its pseudonym
    otherwise; the same organisation in a second cohort gets `` (2)``, and so on. With
    more than ``max_rows`` rows, consecutive ranks are grouped into ``max_rows`` bands (mean
    scores; index ``"rank 1–125"``), since one pixel a row shows nothing; ``attrs["binned"]``
    is then True.
    """
    q = questionnaire or default()
    table = latest_per_organisation(scores_table).sort_values(
        "global", ascending=False, kind="stable", na_position="last"
    )
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
