"""Every performance check in one command, each figure printed against its target.

    python benchmarks/run_all.py [--room]        (or: make bench)

Runs bench_scoring.py, bench_cohort.py and bench_import.py, measures `import toolkit` in fresh
interpreters, and reads the Voilà timings the browser test wrote
(benchmarks/results/voila_timings.json; run `make test` first to refresh them).

``--room`` also runs bench_room.py (25 Chromium groups against `pertinence serve`, then the
light protocol client): it takes a few minutes, so it is opt-in.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def run_script(name: str, *args: str) -> dict:
    out = RESULTS / f"{Path(name).stem}.json"
    print(f"\n$ python benchmarks/{name} {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, str(HERE / name), "--json", str(out), *args], check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def import_time(module: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        times.append(time.perf_counter() - start)
    baseline = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        baseline.append(time.perf_counter() - start)
    return statistics.median(times) - statistics.median(baseline)


def line(name: str, value: float, unit: str, target: str, ok: bool | None) -> str:
    verdict = "—" if ok is None else ("OK" if ok else "MISSED")
    return f"{name:<46} {value:>10.3f} {unit:<4} target {target:<12} {verdict}"


def room_rows() -> list[str]:
    """bench_room.py for the room server: browsers, then the light client (no exit on a miss:
    each figure is judged here)."""
    rows = []
    for client in ("browser", "light"):
        room = run_script("bench_room.py", "--client", client, "--no-fail")
        label = f"room, 25 groups over 60 s ({client})"
        for key, target, limit in (
            ("interactive", "p95 < 2 s", 2.0),
            ("click", "p95 < 0.15 s", 0.150),
            ("submit", "p95 < 0.5 s", 0.5),
        ):
            p95 = room[key]["p95"]
            if p95 is not None:
                rows.append(line(f"{label}: {key} p95", p95, "s", target, p95 < limit))
        rows.append(
            line(
                f"{label}: interactive max",
                room["interactive"]["max"] or float("nan"),
                "s",
                "< 5 s",
                (room["interactive"]["max"] or 99) < 5,
            )
        )
        peak = room["memory_peak_bytes"] / 2**20
        rows.append(line(f"{label}: server memory", peak, "MiB", "< 2048 MiB", peak < 2048))
        failures = room["blank"] + room["errors"]
        rows.append(line(f"{label}: blank + errors", failures, "", "0", failures == 0))
        if client == "browser":
            lost = room["groups"] - room["landed_once"]
            rows.append(line(f"{label}: submissions lost", lost, "", "0", lost == 0))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--room", action="store_true", help="also bench_room.py (minutes)")
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    scoring = run_script("bench_scoring.py")
    cohort = run_script("bench_cohort.py")
    imports = run_script("bench_import.py", "--no-baseline")
    toolkit_import = import_time("toolkit")
    scoring_import = import_time("toolkit.scoring")

    rows = [
        line(
            "1M submissions scored",
            scoring["vectorised_seconds"],
            "s",
            "< 1 s",
            scoring["vectorised_seconds"] < 1,
        ),
        line(
            "vectorised / per-row loop", scoring["ratio"], "x", ">= 100x", scoring["ratio"] >= 100
        ),
        line("peak memory scoring 1M", scoring["peak_memory_mb"], "MiB", "(reported)", None),
    ]
    for stage, seconds in cohort.get("stages", {}).items():
        rows.append(line(f"10,000 organisations: {stage}", seconds, "s", "", None))
    if "load" in cohort.get("stages", {}):
        rows.append(
            line(
                "10,000 files loaded",
                cohort["stages"]["load"],
                "s",
                "< 2 s",
                cohort["stages"]["load"] < 2,
            )
        )
    if "total" in cohort:
        rows.append(
            line(
                "10,000 organisations: load → HTML report",
                cohort["total"],
                "s",
                "< 5 s",
                cohort["total"] < 5,
            )
        )
    for size, target in (("10000", 3.0), ("95000", 30.0)):
        if size in imports:
            seconds = imports[size]["import"]
            rows.append(
                line(
                    f"{int(size):,} export rows imported",
                    seconds,
                    "s",
                    f"< {target:g} s",
                    seconds < target,
                )
            )
    rows.append(line("import toolkit", toolkit_import, "s", "< 0.1 s", toolkit_import < 0.1))
    rows.append(
        line("import toolkit.scoring (pandas, numpy)", scoring_import, "s", "(reported)", None)
    )
    voila = RESULTS / "voila_timings.json"
    if voila.exists():
        timings = json.loads(voila.read_text(encoding="utf-8"))
        for key, value in timings.items():
            if isinstance(value, (int, float)):
                rows.append(
                    line(f"Voilà: {key.replace('_', ' ')}", value, "s", "(browser test)", None)
                )
    else:
        rows.append("Voilà timings: none yet (run `make test`: the browser test writes them)")
    if args.room:
        rows += room_rows()
    print("\nSummary")
    print("\n".join(rows))
    return 0 if not any(r.endswith("MISSED") for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
