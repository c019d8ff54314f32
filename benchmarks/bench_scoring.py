"""Scoring speed: 1,000,000 random valid submissions, vectorised, against a per-row loop.

Prints the rate of each, their ratio, and the peak memory of the vectorised run. The loop is a
plain-Python scoring of the same rules, run on a sample; its results are checked against the
vectorised ones so that the comparison is between two correct implementations.

    python benchmarks/bench_scoring.py [--rows 1000000] [--loop-rows 2000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import answers as A
from toolkit import questionnaire as qmod
from toolkit import scoring

TARGET_SECONDS = 1.0
TARGET_RATIO = 100.0


def random_answers(q: qmod.Questionnaire, rows: int, seed: int = 7) -> pd.DataFrame:
    """A typed answers table of random valid answers (what store/forms loading produces)."""
    rng = np.random.default_rng(seed)
    columns: dict[str, object] = {"submission_id": np.arange(rows)}
    for question in q.questions:
        kind = question.scale.type
        if kind == "single":
            codes = rng.integers(0, len(question.codes), rows, dtype=np.int8)
            columns[question.id] = pd.Categorical.from_codes(codes, categories=list(question.codes))
        elif kind == "number":
            columns[question.id] = rng.uniform(0, 30, rows).round(1)
        elif kind == "multi":
            exclusive = [i for i, o in enumerate(question.scale.options) if o.exclusive]
            free_bits = sum(1 << i for i in range(len(question.codes)) if i not in exclusive)
            masks = rng.integers(1, 1 << len(question.codes), rows) & free_bits
            masks[masks == 0] = 1
            for i in exclusive:
                masks = np.where(rng.random(rows) < 0.1, 1 << i, masks)
            columns[question.id] = masks.astype(np.int64)
    return pd.DataFrame(columns)


def loop_score(row: dict, q: qmod.Questionnaire) -> tuple[float, str]:
    """The same scoring, one submission at a time in plain Python (the baseline)."""
    planned = A.codes_of(q.platform_question(), row["platforms.planned"])
    needed = q.effort["overhead"] + sum(q.effort[p] for p in planned)
    ratio = row["capacity.2"] / needed
    items: dict[str, float | None] = {}
    for question in q.scored_questions:
        value = row[question.id]
        if question.scale.type == "single":
            items[question.id] = question.item_score(value)
        elif question.scale.type == "multi":
            chosen = A.codes_of(question, value)
            items[question.id] = max(question.scale.option(c).score or 0.0 for c in chosen)
        else:
            items[question.id] = min(1.0, ratio) * 100
    dims, lacking = {}, False
    for d in q.dimensions:
        values = [items[x.id] for x in q.questions_of(d.id)]
        answered = [v for v in values if v is not None]
        dims[d.id] = sum(answered) / len(answered) if answered else float("nan")
        lacking |= (len(values) - len(answered)) * 3 > len(values)
    filled = {k: (0.0 if v != v else v) for k, v in dims.items()}

    def sub(name: str) -> float:
        members = q.dimensions_of(name)
        return sum(d.weight * filled[d.id] for d in members) / sum(d.weight for d in members)

    fit, capacity = sub("fit"), sub("capacity")
    glob = sum(d.weight * filled[d.id] for d in q.dimensions) / 100
    flagged = False
    for flag in q.flags:
        value = row[flag.question_id]
        if flag.hours_ratio_below is not None:
            flagged |= ratio < flag.hours_ratio_below
        elif isinstance(value, (int, np.integer)):
            chosen = set(A.codes_of(q.question(flag.question_id), value))
            flagged |= bool(chosen) and chosen <= set(flag.codes)
        else:
            flagged |= value in flag.codes
    audience_absent = row["audience.2"] in ("lt25", "dk")
    if fit < 40 or (audience_absent and row["oneoff.need"] == "no"):
        rec = "abstain"
    elif row["oneoff.need"] == "yes" and (
        capacity < 50 or row["capacity.1"] == "no" or ratio < 0.5 or row["audience.2"] == "lt25"
    ):
        rec = "one_off"
    elif flagged or glob < 70 or any(v < 50 for v in dims.values()) or lacking or fit < 60:
        rec = "prepare"
    else:
        rec = "go"
    return glob, rec


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--loop-rows", type=int, default=2_000)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()

    q = qmod.load()
    table = random_answers(q, args.rows)
    scoring.score(table.head(1000), q)  # warm-up: imports, lookup tables

    times = []
    for _ in range(3):
        start = time.perf_counter()
        scores = scoring.score(table, q)
        times.append(time.perf_counter() - start)
    vector_seconds = min(times)
    vector_rate = args.rows / vector_seconds

    tracemalloc.start()
    scoring.score(table, q)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    sample = table.head(args.loop_rows)
    records = sample.astype(object).to_dict("records")
    loop_times = []
    for _ in range(3):  # best of three, like the vectorised run: the least disturbed
        start = time.perf_counter()
        loop_results = [loop_score(r, q) for r in records]
        loop_times.append(time.perf_counter() - start)
    loop_seconds = min(loop_times)
    loop_rate = args.loop_rows / loop_seconds

    expected = scores.head(args.loop_rows)
    glob = np.array([g for g, _ in loop_results])
    recs = [r for _, r in loop_results]
    mismatched = int((~np.isclose(glob, expected["global"].to_numpy())).sum()) + sum(
        a != b for a, b in zip(recs, expected["recommendation"].astype(str), strict=True)
    )

    ratio = vector_rate / loop_rate
    figures = {
        "rows": args.rows,
        "vectorised_seconds": round(vector_seconds, 3),
        "vectorised_rows_per_second": round(vector_rate),
        "loop_rows_per_second": round(loop_rate),
        "ratio": round(ratio, 1),
        "peak_memory_mb": round(peak / 2**20, 1),
        "loop_mismatches": mismatched,
        "recommendations": scores["recommendation"].value_counts().to_dict(),
    }
    print(
        f"vectorised: {args.rows:,} submissions in {vector_seconds:.3f} s "
        f"({vector_rate:,.0f}/s)  target < {TARGET_SECONDS:.0f} s  "
        f"{'OK' if vector_seconds < TARGET_SECONDS else 'MISSED'}"
    )
    print(
        f"per-row loop: {args.loop_rows:,} submissions in {loop_seconds:.3f} s ({loop_rate:,.0f}/s)"
    )
    print(
        f"ratio vectorised / loop: {ratio:,.0f}x  target >= {TARGET_RATIO:.0f}x  "
        f"{'OK' if ratio >= TARGET_RATIO else 'MISSED'}"
    )
    print(f"peak memory while scoring: {peak / 2**20:,.0f} MiB (tracemalloc)")
    print(f"loop vs vectorised disagreements on the sample: {mismatched}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    return 0 if mismatched == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
