"""Benchmark: a 10,000-organisation cohort, from files on disk to the HTML report.

Writes 10,000 submission files in a temporary folder, then times each stage — load, score,
cohort statistics, every chart (drawn and encoded as PNG), the HTML report — and, separately,
the whole pipeline a user runs (``pertinence report``: files → HTML report, which loads, scores,
computes and draws everything once). Targets (2 cores): loading 10,000 files < 2 s; the whole
pipeline < 5 s. The sum of the stages is printed too; it counts the charts twice (the report
draws its own). Speed is measured here, not in timed tests.

    .venv/bin/python benchmarks/bench_cohort.py [--n 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]

from toolkit import answers as A  # noqa: E402
from toolkit import charts, cohort, questionnaire, report  # noqa: E402

TARGETS = {"load": 2.0, "total": 5.0}


def _answers(q: questionnaire.Questionnaire, rng: random.Random) -> dict[str, Any]:
    readiness = rng.random()
    out: dict[str, Any] = {}
    for question in q.questions:
        kind = question.scale.type
        if question.id == "oneoff.need":
            out[question.id] = "yes" if rng.random() < 0.3 else "no"
        elif question.id == "platforms.planned":
            out[question.id] = rng.sample(list(question.codes), rng.randint(1, 3))
        elif kind == questionnaire.SINGLE:
            codes = list(question.codes)
            if rng.random() < 0.05 and "dk" in codes:
                out[question.id] = "dk"
                continue
            scored = [c for c in codes if c != "dk"]
            index = min(int(max(rng.gauss(readiness, 0.3), 0) * len(scored)), len(scored) - 1)
            ranked = sorted(scored, key=lambda c: question.item_score(c) or 0)
            out[question.id] = ranked[index]
        elif kind == questionnaire.MULTI:
            options = [c for c in question.codes if c != "none_specific"]
            out[question.id] = rng.sample(options, rng.randint(1, 2))
        elif kind == questionnaire.NUMBER:
            out[question.id] = round(max(0.0, rng.gauss(readiness * 12, 3)))
    return out


def write_cohort(folder: Path, n: int, seed: int = 7) -> None:
    """n submitted submissions as JSON files (10 % of organisations answer in two cohorts,
    5 % with two respondents), written the way the store writes them."""
    q = questionnaire.load()
    # sectors, sizes and regions as the questionnaire lists them (as the tests' cohorts do)
    sectors, sizes, regions = (q.profile_field(f).codes for f in ("sector", "size", "region"))
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        org = i if rng.random() > 0.15 else rng.randrange(max(i, 1))
        second = i != org and rng.random() < 0.66
        sub = A.Submission.new(
            q, "bench-2026" if second else "bench-2025", rng.choice(("fr", "en"))
        )
        sub.organisation = {
            "name": f"Organisme {org:05d}",
            "sector": rng.choice(sectors),
            "size": rng.choice(sizes),
            "region": rng.choice(regions),
        }
        sub.answers = _answers(q, rng)
        sub.status = "submitted"
        sub.submitted = "2026-03-01T10:00:00+00:00" if second else "2025-03-01T10:00:00+00:00"
        (folder / f"{sub.submission_id}.json").write_text(
            json.dumps(sub.to_dict(), ensure_ascii=False), encoding="utf-8"
        )


def timed(times: dict[str, float], name: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    times[name] = time.perf_counter() - start
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="organisations (default 10000)")
    parser.add_argument("--keep", help="write the cohort and the report here and keep them")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="pertinence-bench-"))
    folder = base / "cohort"
    try:
        start = time.perf_counter()
        if not folder.exists() or not any(folder.iterdir()):
            write_cohort(folder, args.n)
        setup = time.perf_counter() - start
        print(f"setup: {args.n} submission files written in {setup:.1f} s (not counted)")

        q = questionnaire.load()
        times: dict[str, float] = {}
        loaded = timed(times, "load", lambda: cohort.load([folder], q))
        frame = loaded.frame
        table = timed(times, "score", lambda: cohort.scores(frame, q))

        def stats() -> dict[str, Any]:
            return {
                "dimensions": cohort.dimension_stats(table, q),
                "questions": cohort.question_stats(frame, q),
                "percentiles": cohort.percentile_ranks(table, q),
                "segments": {by: cohort.segment_stats(table, by, q) for by in cohort.SEGMENTS},
                "recommendations": cohort.recommendation_distribution(table),
                "flags": cohort.flag_frequency(table, q),
                "likert": cohort.likert_counts(frame, q),
                "capacity": cohort.capacity_gap(table),
                "before_after": cohort.before_after(table, q),
                "agreement": cohort.agreement(table, q),
                "heatmap": cohort.heatmap_table(table, q),
                "tidy": cohort.tidy(frame, q),
            }

        s = timed(times, "statistics", stats)
        first = table.iloc[0]
        drawings: dict[str, Callable[[], Any]] = {
            "radar": lambda: charts.radar(first, q, cohort_stats=s["dimensions"]),
            "heatmap": lambda: charts.heatmap(s["heatmap"], q),
            "recommendations": lambda: charts.recommendations(s["recommendations"], q),
            "likert": lambda: charts.likert(s["likert"], q),
            "red_flags": lambda: charts.red_flags(s["flags"], q),
            "hours": lambda: charts.hours(s["capacity"]),
            "segments": lambda: charts.segments(
                cohort.segment_table(table, "sector", "global", q), q
            ),
            "slope": lambda: charts.slope(cohort.anonymise(s["before_after"]), "global", q),
            "stakeholder_map": lambda: charts.stakeholder_map(
                [
                    {"name": f"Acteur {i}", "influence": 1 + i % 5, "relationship": -2 + i % 5}
                    for i in range(15)
                ]
            ),
        }
        chart_times: dict[str, float] = {}
        for name, draw in drawings.items():
            timed(chart_times, name, lambda draw=draw: charts.to_png_base64(draw()))
        times["charts"] = sum(chart_times.values())
        html = timed(times, "report", lambda: report.cohort_report(frame, "fr", questionnaire=q))
        stages = sum(times.values())
        out = base / "report.html"
        whole = timed(
            times, "whole", lambda: report.write_cohort_report([folder], out, "fr", questionnaire=q)
        )
        total = times["whole"]
        assert whole.is_file()

        print(
            f"\n{len(frame)} submissions, {table['org_key'].nunique()} organisations, "
            f"{len(loaded.problems)} problems; report {len(html) / 1e6:.1f} MB"
        )
        print(f"{'stage':<22}{'seconds':>9}{'target':>9}{'ratio':>8}")
        for name in ("load", "score", "statistics", "charts", "report"):
            target = TARGETS.get(name)
            ratio = f"{times[name] / target:.2f}" if target else ""
            print(
                f"{name:<22}{times[name]:>9.3f}{(f'{target:.1f}' if target else ''):>9}{ratio:>8}"
            )
            if name == "charts":
                for chart, seconds in chart_times.items():
                    print(f"  {chart:<20}{seconds:>9.3f}")
        print(f"{'sum of the stages':<22}{stages:>9.3f}   (charts counted twice)")
        print(
            f"{'whole: files → HTML':<22}{total:>9.3f}{TARGETS['total']:>9.1f}"
            f"{total / TARGETS['total']:>8.2f}"
        )
        verdict = [
            f"load {'OK' if times['load'] < TARGETS['load'] else 'OVER'}",
            f"whole {'OK' if total < TARGETS['total'] else 'OVER'}",
        ]
        print("verdict: " + ", ".join(verdict) + f" (on {os.cpu_count()} cores)")
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            figures = {
                "organisations": args.n,
                "stages": {k: round(v, 3) for k, v in times.items() if k != "whole"},
                "total": round(total, 3),
            }
            args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
        if args.keep:
            print(f"kept: {folder} and {out}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
