"""Benchmark: a form tool's export of 10,000 (and 95,000) rows imported into an empty cohort.

Builds a Google Forms CSV export (question texts as headers, labels as answers; see
``exports.py``), then times ``forms.import_to_cohort`` into an empty cohort folder — every
file written atomically and durably (temp file, fsync, rename, folder fsync) — and, in the same
run, reading the file alone (``read_wide``) and the per-row path used before (``store.save``
for each row, which validates, encodes and syncs one file at a time). Prints the peak memory
of the process and checks that one file landed per row. Targets (2 cores): 10,000 rows < 3 s;
95,000 rows < 30 s.

    .venv/bin/python benchmarks/bench_import.py [--sizes 10000,95000] [--no-baseline] [--repeat 3]

The disk's speed varies from run to run on a shared machine (the same 10,000 files: 0.5 to
1.7 s): 10,000 rows are imported ``--repeat`` times, each into a new folder, and the median is
held against the target.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from exports import write_google_forms

from toolkit import forms, questionnaire, store

TARGETS = {10_000: 3.0, 95_000: 30.0}


def peak_mb() -> float:
    """The process's peak resident memory so far (VmHWM), in MiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def per_row(path: Path, folder: Path, q: questionnaire.Questionnaire) -> int:
    """The import as it was: read, then one existence check and one ``store.save`` per row."""
    reading = forms.read_wide(path, q, cohort=folder.name)
    for submission in reading.submissions:
        if not store.submission_path(folder, submission.submission_id).exists():
            store.save(submission, folder, q)
    return len(reading.submissions)


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,95000", help="rows, comma-separated")
    parser.add_argument("--no-baseline", action="store_true", help="skip the per-row path")
    parser.add_argument(
        "--repeat", type=int, default=3, help="imports of 10,000 rows or fewer (median shown)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    q = questionnaire.load()
    base = Path(tempfile.mkdtemp(prefix="pertinence-bench-import-"))
    figures: dict[str, dict[str, float]] = {}
    try:
        for n in sizes:
            export = write_google_forms(base / f"google_{n}.csv", n)
            print(
                f"\n{n} rows: {export.stat().st_size / 2**20:.1f} MiB CSV (load {load_average()})"
            )
            runs: list[float] = []
            for run in range(args.repeat if n <= 10_000 else 1):
                folder = base / f"cohort_{n}_{run}"
                start = time.perf_counter()
                result = forms.import_to_cohort(export, folder, q)
                runs.append(time.perf_counter() - start)
                if run == 0:
                    peak = peak_mb()  # the import's (the first large thing this process holds)
                landed = sum(1 for name in os.listdir(folder) if name.endswith(".json"))
                assert landed == len(result.submissions) == n, (landed, result.problems[:3])
                del result
            import_s = statistics.median(runs)
            start = time.perf_counter()
            read = forms.read_wide(export, q)
            read_s = time.perf_counter() - start
            assert len(read.submissions) == n, read.problems[:3]
            del read
            row = {"read_wide": read_s, "import": import_s, "peak_mb": peak, "fastest": min(runs)}
            if not args.no_baseline and n <= 10_000:
                other = base / f"per_row_{n}"
                start = time.perf_counter()
                per_row(export, other, q)
                row["per_row"] = time.perf_counter() - start
            target = TARGETS.get(n)
            print(f"{'stage':<30}{'seconds':>9}{'target':>9}{'ratio':>8}")
            print(f"{'read_wide alone':<30}{read_s:>9.2f}")
            shown = f"{target:.0f}" if target else ""
            ratio = f"{import_s / target:.2f}" if target else ""
            print(f"{'import_to_cohort (median)':<30}{import_s:>9.2f}{shown:>9}{ratio:>8}")
            if len(runs) > 1:
                print(f"  runs: {', '.join(f'{r:.2f}' for r in runs)} (each into a new folder)")
            if "per_row" in row:
                print(f"{'before: per-row store.save':<30}{row['per_row']:>9.2f}")
            print(f"files landed: {landed} of {n} rows; peak memory {peak:.0f} MiB (process)")
            verdict = "OK" if target is None or import_s < target else "OVER"
            print(f"verdict: {verdict} (on {os.cpu_count()} cores, load {load_average()})")
            figures[str(n)] = {k: round(v, 3) for k, v in row.items()}
            for run in range(len(runs)):
                shutil.rmtree(base / f"cohort_{n}_{run}", ignore_errors=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
