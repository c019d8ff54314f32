"""Robustness: hostile files, crowds of writers, killed writers and hostile text break nothing.

Each case and its expected outcome (one test each, named for the behaviour it checks):

Imports (``forms.read_wide``, ``forms.import_to_cohort``), tables generated with hypothesis
 1. CSV in UTF-8, UTF-8 with BOM or cp1252, delimited by ``;``, ``,`` or tab; answers as codes,
    French or English labels (shouted, padded, "4 - label", decimal commas, "6,5 h"); metadata
    columns missing, unknown columns added, a headerless column, blank rows before and between
    rows, cells of 10,000 characters, hostile names: no exception at all, and every valid row (a
    name and at least one valid answer) comes back once with its organisation, sector, size,
    region, language, cohort, role and exactly its valid answers; blank rows vanish silently;
    rows with no usable name or no answer are skipped with one "row skipped" problem each.
 2. The same tables as XLSX workbooks (numbers as numbers, dates as dates): same outcome.
 3. Importing such a file into a cohort folder saves every valid row; the folder then loads
    with no problem and nothing ignored. (Files that are not tables at all, the only case where
    ``InputFormatError`` is allowed, are covered by test_forms.)

Many writers
 4. 50 processes submitting into one cohort folder at once, each saving its drafts several
    times: exactly one file per submission and no temp file left, every file parses, every
    draft and every submission holds its last version, and a reader polling during the storm
    never sees a torn file.

Killed writers
 5. A writer saving big submissions in a loop (new ones and rewrites) is killed with SIGKILL
    between writing a temp file and renaming it (``store._before_rename`` pauses it there, so
    every kill lands mid-write): only its temp files (``.*.tmp``) are left, which loading lists
    as ignored; no problem; every save it acknowledged is on disk in exactly that version, the
    cut save left the file before it (or none), and the files written before are untouched; a
    new writer works in the same folder afterwards.

Hostile strings — ``<script>alert(1)</script>``, ``=HYPERLINK("http://x","y")``,
``+cmd|' /C calc'!A0``, ``@SUM(1)``, ``-2+3``, ``../../etc/passwd``, NUL, ESC[31m, CR LF, U+202E,
10,000 characters — in organisation names, roles, cohort ids and stakeholder names
 6. Files: each submission is one ``<uuid>.json`` in the cohort folder and nothing else is
    created, there or above; the text reads back cleaned (no control or bidi character); an
    imported ``submission_id`` or ``cohort`` cell of ``../../etc/passwd`` stays data.
 7. Widgets: the questionnaire's draft prompt, resumed-draft notice, stakeholder table and
    result, the debrief, and the upload notices show the text escaped (no element and no
    attribute comes from data); the download file names come from the organisation key only.
 8. Reports: the group report and the cohort report (names shown, reading problems listed,
    a file named like a tag) contain no element or event handler from data; names escaped.
 9. Exports: ``forms.write_wide`` (CSV ``;`` ``,`` tab, XLSX), ``cohort.export`` (CSV, XLSX, names)
    and ``pertinence score --out`` (CSV, XLSX): no text cell starts with = + - @ (or tab, CR)
    unless it starts with an apostrophe; no XLSX cell is a formula.

Wrong version and size limits
10. A submission of another questionnaire version in a cohort folder: ``load_cohort`` reports
    it naming the file, both versions and the fix, and loads the others; ``pertinence validate``
    exits 1 with that line; the upload collector refuses such a file with the same reason.
11. A cohort JSON over ``store.MAX_FILE_BYTES`` (an 8 GiB sparse file) is refused without being
    read, fast: one "too big" problem; ``count`` and ``find_draft`` skip it; ``pertinence
    validate`` exits 1 naming it; the upload collector refuses an oversized file.
12. A CSV or XLSX over ``forms.MAX_IMPORT_BYTES`` (a 4 GiB sparse file): ``InputFormatError``
    "too big"; ``pertinence validate`` and ``pertinence import`` exit 1 with one line and no
    traceback, and nothing is written into the cohort.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import multiprocessing
import os
import random
import re
import signal
import string
import tempfile
import time
import uuid
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests.cohort_factory import complete_submission
from toolkit import cli, cohort, forms, questionnaire, report, store, words
from toolkit.answers import Submission, clean_text, normalise_answer
from toolkit.app import Debrief, Questionnaire
from toolkit.dashboard import UploadCollector, save_uploaded
from toolkit.errors import InputFormatError

Q = questionnaire.default()
QUESTIONS = {q.id: q for q in Q.questions}
QIDS = list(QUESTIONS)
PROFILE = {p.id: p for p in Q.profile}
UUID_JSON = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.json$"
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "hyperlink": '=HYPERLINK("http://x","y")',
    "dde": "+cmd|' /C calc'!A0",
    "at": "@SUM(1)",
    "minus": "-2+3",
    "path": "../../etc/passwd",
    "nul": "\x00nul",
    "ansi": "\x1b[31mrouge",
    "crlf": "ligne\r\nsuivante",
    "rtl": "\u202eexe.txt",
    "tab_formula": "\t=1+1",
    "huge": "A" * 10_000,
}
INVISIBLE = ("\x00", "\x1b", "\u202e", "\r", "\n", "\t")


def fork_context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


# --------------------------------------------------------------------------------------------
# 1–3. Generated wide tables

# "Nom" and "Name" are the respondent's own name in form tools: never the organisation
NAME_HEADERS = ("organisation", "Organisation", "organization", "Organisme", "Entreprise")
EXTRA_HEADERS = ("Horodateur", "Courriel", "Commentaires libres", "Note interne", "Q99", "")
META_FREE_TEXT = ("cohort", "respondent_role")
LANGUAGES = {"fr": "fr", "en": "en", "Français": "fr", "English": "en", "FR": "fr"}
GARBAGE = ("beaucoup", "???", "=1+1", "@SUM(A1)", "peut-être", "x" * 10_000)
PLAIN = string.ascii_letters + string.digits + " .,;:!?'\"()&/_-" + "éèêàâçôûîÉÈÀÇÔ"
WIDE = PLAIN + "«»’–—œ漢字🙂\u202e\u200b\t\n\r"


@dataclass
class Format:
    """How a generated table is written: CSV (encoding, delimiter) or XLSX."""

    kind: str  # "csv" or "xlsx"
    encoding: str = "utf-8"
    delimiter: str = ";"

    @property
    def xlsx(self) -> bool:
        return self.kind == "xlsx"

    def prepare(self, text: str) -> str:
        """The text as it can be stored in this format (what a real export would hold)."""
        if self.xlsx:
            text = ILLEGAL_CHARACTERS_RE.sub("", text)
            return "'" + text if text.startswith("=") else text  # else openpyxl writes a formula
        text = text.replace("\x00", "")  # a NUL byte makes a file binary (test_forms)
        return text.encode(self.encoding, errors="ignore").decode(self.encoding)


def as_read(text: str | None, max_length: int) -> str | None:
    """What a reader makes of a free-text cell: trimmed, un-neutralised, cleaned, capped."""
    if text is None:
        return None
    text = text.strip()[: forms.MAX_CELL_CHARS]
    if text[:1] == "'" and text[1:2] in forms.FORMULA_TRIGGERS:
        text = text[1:]
    return clean_text(text, max_length) or None


@dataclass
class Table:
    fmt: Format
    header: list[str]
    rows: list[list[Any]]
    expected: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0
    leading_blank: int = 0

    def write(self, folder: Path, stem: str = "answers") -> Path:
        if self.fmt.xlsx:
            path = folder / f"{stem}.xlsx"
            workbook = openpyxl.Workbook(write_only=True)
            sheet = workbook.create_sheet("Réponses")
            for _ in range(self.leading_blank):
                sheet.append([])
            sheet.append(self.header)
            for row in self.rows:
                sheet.append(row)
            workbook.save(path)
            return path
        path = folder / f"{stem}.csv"
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=self.fmt.delimiter, lineterminator="\r\n")
        for _ in range(self.leading_blank):
            writer.writerow([])
        writer.writerow(self.header)
        writer.writerows(["" if v is None else v for v in row] for row in self.rows)
        path.write_bytes(out.getvalue().encode(self.fmt.encoding))
        return path


def _option_text(option: Any, style: str) -> str:
    return {
        "code": option.code,
        "fr": option.label.fr,
        "en": option.label.en,
        "shout": option.label.fr.upper(),
        "padded": f"  {option.label.en}  ",
        "code_label": f"{option.code} - {option.label.fr}",
    }[style]


OPTION_STYLES = ("code", "fr", "en", "shout", "padded", "code_label")


@st.composite
def answer_cells(draw: Any, question: Any, fmt: Format) -> tuple[Any, Any]:
    """(the cell as a person or a form tool would write it, the canonical answer)."""
    kind = question.scale.type
    if kind == "single":
        option = draw(st.sampled_from(question.scale.options))
        if fmt.xlsx and option.code.isdigit() and draw(st.booleans()):
            return int(option.code), option.code  # a number cell
        return _option_text(option, draw(st.sampled_from(OPTION_STYLES))), option.code
    if kind == "multi":
        exclusive = [o for o in question.scale.options if o.exclusive]
        others = [o for o in question.scale.options if not o.exclusive]
        if exclusive and draw(st.integers(0, 4)) == 0:
            chosen = [draw(st.sampled_from(exclusive))]
        else:
            chosen = draw(st.lists(st.sampled_from(others), min_size=1, max_size=4, unique=True))
        sep = draw(st.sampled_from([";", " ; ", " | ", "\n"]))
        text = sep.join(_option_text(o, draw(st.sampled_from(OPTION_STYLES[:5]))) for o in chosen)
        return text, normalise_answer(question, [o.code for o in chosen])
    if kind == "number":
        lo, hi = int(question.scale.min or 0), int(question.scale.max or 80)
        value = draw(st.integers(lo * 10, hi * 10)) / 10
        if fmt.xlsx and draw(st.booleans()):
            return value, float(value)
        text = draw(st.sampled_from(["{}", "{} h", " {} heures ", "{}h/sem"])).format(
            f"{value:g}".replace(".", draw(st.sampled_from([",", "."])))
        )
        return text, float(value)
    if kind == "date":
        day = draw(
            st.dates(min_value=datetime(2026, 1, 1).date(), max_value=datetime(2028, 12, 31).date())
        )
        if fmt.xlsx and draw(st.booleans()):
            return datetime(day.year, day.month, day.day), day.isoformat()
        return day.isoformat(), day.isoformat()
    raise AssertionError(f"no generator for {kind}")  # pragma: no cover


def free_text(fmt: Format) -> st.SearchStrategy[str]:
    alphabet = PLAIN if fmt.encoding == "cp1252" else WIDE
    return st.one_of(
        st.sampled_from(list(HOSTILE.values())),
        st.text(alphabet=alphabet, max_size=30),
    ).map(fmt.prepare)


@st.composite
def tables(draw: Any, fmt: Format) -> Table:
    """A wide table with valid rows mixed with blank, nameless and answerless rows."""
    qids = draw(st.lists(st.sampled_from(QIDS), min_size=1, max_size=len(QIDS), unique=True))
    meta = draw(
        st.lists(
            st.sampled_from(["sector", "size", "region", "language", *META_FREE_TEXT]), unique=True
        )
    )
    extras = draw(st.lists(st.sampled_from(EXTRA_HEADERS), unique=True, max_size=3))
    columns: list[tuple[str | None, str]] = [("organisation", draw(st.sampled_from(NAME_HEADERS)))]
    columns += [(m, m) for m in meta]
    columns += [(q, q.upper() if draw(st.booleans()) else q) for q in qids]
    columns += [(None, x) for x in extras]
    columns = draw(st.permutations(columns))
    kinds = draw(
        st.lists(
            st.sampled_from(
                ["valid", "valid", "valid", "blank", "nameless", "answerless", "invisible"]
            ),
            min_size=1,
            max_size=8,
        )
    )
    table = Table(fmt, [h for _, h in columns], [], leading_blank=draw(st.integers(0, 2)))
    for i, kind in enumerate(kinds):
        cells: dict[str | None, Any] = {}
        extra_cells = {h: draw(st.sampled_from(GARBAGE)) for c, h in columns if c is None}
        if kind == "blank":
            table.rows.append([draw(st.sampled_from([None, "", "   "])) for _ in columns])
            continue
        name = fmt.prepare(f"Org-{i:03d} " + draw(free_text(fmt)))
        if kind == "nameless":
            name = draw(st.sampled_from(["", "   "]))
        elif kind == "invisible":  # only characters that cleaning removes
            name = fmt.prepare("\x1b\x07" if fmt.encoding == "cp1252" else "\u200b\u202e\u200b")
        cells["organisation"] = name
        expected: dict[str, Any] = {"name": as_read(name, 200), "org": {}, "answers": {}}
        for column in ("sector", "size", "region"):
            value = None
            if column in meta and draw(st.booleans()):
                option = draw(st.sampled_from(PROFILE[column].options))
                value = _option_text(option, draw(st.sampled_from(OPTION_STYLES[:5])))
                expected["org"][column] = option.code
            else:
                expected["org"][column] = None
            cells[column] = value
        language = draw(st.sampled_from([None, *LANGUAGES])) if "language" in meta else None
        cells["language"] = language
        expected["language"] = LANGUAGES.get(language or "", "fr")
        for column in META_FREE_TEXT:
            text = draw(free_text(fmt)) if column in meta else None
            cells[column] = text
        blank_cohort = cells["cohort"] is None or not cells["cohort"].strip()
        expected["cohort"] = None if blank_cohort else (as_read(cells["cohort"], 80) or "")
        expected["role"] = as_read(cells["respondent_role"], 80)
        if kind != "answerless":
            answered = draw(st.lists(st.sampled_from(qids), min_size=1, unique=True))
            for qid in qids:
                if qid in answered:
                    cell, canonical = draw(answer_cells(QUESTIONS[qid], fmt))
                    cells[qid] = cell
                    expected["answers"][qid] = canonical
                else:  # blank or garbage: never a valid answer
                    cells[qid] = draw(st.sampled_from([None, *GARBAGE]))
                    if isinstance(cells[qid], str):
                        cells[qid] = fmt.prepare(cells[qid])
        row = [extra_cells[h] if c is None else cells.get(c) for c, h in columns]
        table.rows.append(row)
        if kind == "valid":
            table.expected.append(expected)
        else:
            table.skipped += 1
    return table


def check_every_valid_row_came_back(
    result: store.LoadResult,
    table: Table,
    path: Path,
    default_cohort: str = "",
    read_problems: bool = True,
) -> None:
    by_name: dict[str | None, list[Submission]] = {}
    for s in result.submissions:
        by_name.setdefault(s.organisation.get("name"), []).append(s)
    for exp in table.expected:
        found = by_name.get(exp["name"], [])
        assert len(found) == 1, f"row of {exp['name']!r} came back {len(found)} times"
        s = found[0]
        assert s.answers == exp["answers"], exp["name"]
        assert {k: s.organisation.get(k) for k in exp["org"]} == exp["org"]
        assert s.language == exp["language"]
        assert s.respondent_role == exp["role"]
        assert s.cohort == (default_cohort if exp["cohort"] is None else exp["cohort"])
    assert len(result.submissions) == len(table.expected)
    if not read_problems:
        return
    skipped = [p for p in result.problems if p.message.endswith("row skipped")]
    assert len(skipped) == table.skipped, [str(p) for p in skipped]
    assert all(p.file == str(path) for p in result.problems)


CSV_FORMATS = st.builds(
    Format,
    kind=st.just("csv"),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    delimiter=st.sampled_from([";", ",", "\t"]),
)
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW)
@given(data=st.data(), fmt=CSV_FORMATS)
def test_generated_csv_imports_never_crash_and_keep_every_valid_row(data, fmt):
    table = data.draw(tables(fmt))
    with tempfile.TemporaryDirectory() as folder:
        path = table.write(Path(folder))
        result = forms.read_wide(path, Q)
        check_every_valid_row_came_back(result, table, path)


@settings(max_examples=12, deadline=None, suppress_health_check=SLOW)
@given(data=st.data())
def test_generated_xlsx_imports_never_crash_and_keep_every_valid_row(data):
    table = data.draw(tables(Format("xlsx")))
    with tempfile.TemporaryDirectory() as folder:
        path = table.write(Path(folder))
        result = forms.read_wide(path, Q)
        check_every_valid_row_came_back(result, table, path)


@settings(max_examples=10, deadline=None, suppress_health_check=SLOW)
@given(data=st.data(), fmt=st.one_of(CSV_FORMATS, st.just(Format("xlsx"))))
def test_importing_a_generated_file_saves_every_valid_row_into_the_cohort(data, fmt):
    table = data.draw(tables(fmt))
    with tempfile.TemporaryDirectory() as folder:
        path = table.write(Path(folder))
        cohort_dir = Path(folder) / "2027-01-granby"
        imported = forms.import_to_cohort(path, cohort_dir, Q)
        check_every_valid_row_came_back(imported, table, path, "2027-01-granby")
        if not table.expected:
            return
        loaded = store.load_cohort(cohort_dir, Q, include_drafts=True)
        assert loaded.problems == []
        assert loaded.ignored == []
        assert sorted(p.name for p in cohort_dir.iterdir()) == sorted(
            f"{s.submission_id}.json" for s in imported.submissions
        )
        check_every_valid_row_came_back(loaded, table, path, "2027-01-granby", read_problems=False)


# --------------------------------------------------------------------------------------------
# 4. Fifty writers at once

CROWD = 50
DRAFTS_PER_WRITER = 2
RESAVES = 4


def _crowd_writer(folder: str, worker: int, barrier: Any, results: Any) -> None:
    barrier.wait()
    last: dict[str, tuple[str, float, str]] = {}
    for i in range(DRAFTS_PER_WRITER):
        s = complete_submission(name=f"Groupe {worker:02d}-{i}")
        for k in range(RESAVES):
            s.answers["capacity.2"] = float(k)
            s.respondent_role = f"groupe {worker}, version {k}"
            store.save(s, folder)
        if i == 0:  # one submitted, one left as a draft
            s.answers["capacity.2"] = float(RESAVES)
            s.respondent_role = f"groupe {worker}, soumis"
            store.submit(s, folder)
        last[s.submission_id] = (s.status, s.answers["capacity.2"], s.respondent_role)
    results.put(last)


def test_fifty_processes_submitting_at_once_lose_and_tear_nothing(tmp_path):
    ctx = fork_context()
    barrier = ctx.Barrier(CROWD + 1)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_crowd_writer, args=(str(tmp_path), w, barrier, results))
        for w in range(CROWD)
    ]
    for p in procs:
        p.start()
    barrier.wait(timeout=120)
    reads = 0
    while any(p.is_alive() for p in procs) and reads < 100:
        during = store.load_cohort(tmp_path, Q, include_drafts=True)
        assert during.problems == []  # a reader never sees half a file
        reads += 1
    for p in procs:  # results are small: the queue's pipe holds them all, joining is safe
        p.join(timeout=120)
        assert p.exitcode == 0
    last: dict[str, tuple[str, float, str]] = {}
    for _ in procs:
        last.update(results.get(timeout=10))

    assert len(last) == CROWD * DRAFTS_PER_WRITER
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"{sid}.json" for sid in last)  # exact count, no temp file left
    for path in tmp_path.iterdir():
        json.loads(path.read_text(encoding="utf-8"))  # every file parses
    loaded = store.load_cohort(tmp_path, Q, include_drafts=True)
    assert loaded.problems == []
    assert loaded.ignored == []
    on_disk = {
        s.submission_id: (s.status, s.answers["capacity.2"], s.respondent_role)
        for s in loaded.submissions
    }
    assert on_disk == last  # every draft's last version won
    assert store.count(tmp_path) == (CROWD, CROWD)


# --------------------------------------------------------------------------------------------
# 5. A writer killed in the middle of a write

STAKEHOLDERS = 500  # about 120 KB once written


def big_submission(name: str) -> Submission:
    s = complete_submission(name=name)
    s.stakeholders = [
        {"name": f"Acteur {i} " + "x" * 100, "type": "media", "influence": 3, "relationship": 1}
        for i in range(STAKEHOLDERS)
    ]
    return s


def _write_until_killed(folder: str, ack_fd: int, seed: int, pause_at: int) -> None:
    """Save big submissions (new ones and rewrites) and acknowledge each finished save.

    Save number ``pause_at`` stops between writing its temp file and the rename (through
    ``store._before_rename``), says so on the pipe and waits there to be killed."""
    rng = random.Random(seed)
    mine: list[Submission] = []
    state: dict[str, Any] = {"version": 0}

    def pause(temp: Path) -> None:
        if state["version"] == pause_at:
            kind = "rewrite" if state["rewrite"] else "new"
            os.write(ack_fd, f"paused {state['id']} {kind} {temp.name}\n".encode())
            while True:
                time.sleep(60)

    store._before_rename = pause
    while state["version"] < pause_at:  # without a pause (no rename?), stop and say nothing
        state["version"] += 1
        state["rewrite"] = bool(mine) and rng.random() < 0.5
        if state["rewrite"]:
            s = rng.choice(mine)
        else:
            s = big_submission(f"Écrivain {seed}-{len(mine)}")
            mine.append(s)
        state["id"] = s.submission_id
        s.answers["capacity.2"] = float(state["version"])
        store.save(s, folder)
        os.write(ack_fd, f"{s.submission_id} {state['version']}\n".encode())  # < PIPE_BUF


def _temp_files(folder: Path) -> set[str]:
    return {n for n in os.listdir(folder) if n.endswith(".tmp")}


@dataclass
class KilledWriter:
    acked: dict[str, int]  # submission id → last version acknowledged
    paused_id: str  # the submission whose save was cut between its temp file and its rename
    rewrite: bool  # whether that save was rewriting a file already on disk
    temp_name: str  # the temp file it left behind


def _kill_one_writer(ctx: Any, folder: Path, seed: int, pause_at: int) -> KilledWriter:
    """Start a writer, wait until it pauses before the rename of save ``pause_at``, and SIGKILL
    it there."""
    read_fd, write_fd = os.pipe()
    proc = ctx.Process(target=_write_until_killed, args=(str(folder), write_fd, seed, pause_at))
    proc.start()
    os.close(write_fd)
    lines: list[str] = []
    with os.fdopen(read_fd, "rb") as pipe:
        while not (lines and lines[-1].startswith("paused ")):
            line = pipe.readline()
            if not line:  # the writer died without pausing: the pipe's end is here
                break
            lines.append(line.decode().rstrip("\n"))
        assert lines, "the writer said nothing"
        assert lines[-1].startswith("paused "), f"the writer stopped before pausing: {lines}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(timeout=30)
        assert proc.exitcode == -signal.SIGKILL
        assert pipe.read() == b""  # nothing was acknowledged after the pause
    _, paused_id, kind, temp_name = lines[-1].split()
    acked: dict[str, int] = {}
    for line in lines[:-1]:
        sid, version = line.split()
        acked[sid] = int(version)
    assert len(lines) - 1 == pause_at - 1  # every save before the paused one was acknowledged
    return KilledWriter(acked, paused_id, kind == "rewrite", temp_name)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_a_writer_killed_mid_write_leaves_no_half_file_and_loses_nothing_valid(tmp_path):
    ctx = fork_context()
    before = [complete_submission(name=f"Déjà là {i}") for i in range(3)]
    for s in before:
        store.submit(s, tmp_path)
    snapshot = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    acked: dict[str, int] = {}
    killed = []
    # Each writer is killed after its temp file is complete and before the rename: the
    # moment a reader could see a half-made submission if writes were not atomic. The seeds
    # and save numbers are fixed so that both a new file and a rewrite are cut.
    for seed, pause_at in [(0, 3), (1, 4), (2, 2), (3, 5)]:
        writer = _kill_one_writer(ctx, tmp_path, seed, pause_at)
        assert writer.temp_name in _temp_files(tmp_path)  # the kill landed mid-write
        acked.update(writer.acked)
        killed.append(writer)
    assert {w.rewrite for w in killed} == {True, False}

    loaded = store.load_cohort(tmp_path, Q, include_drafts=True)
    assert loaded.problems == []
    assert sorted(loaded.ignored) == sorted(w.temp_name for w in killed)  # and nothing else
    versions = {s.submission_id: s.answers["capacity.2"] for s in loaded.submissions}
    for w in killed:  # a cut rewrite leaves the version before; a cut new file, nothing
        assert versions.get(w.paused_id) == (acked[w.paused_id] if w.rewrite else None)
    for sid, version in acked.items():
        assert versions[sid] == version, f"acknowledged save of {sid} lost"
        assert len(store.load(sid, tmp_path).stakeholders) == STAKEHOLDERS
    assert set(versions) == set(acked) | {s.submission_id for s in before}
    for name, content in snapshot.items():
        assert (tmp_path / name).read_bytes() == content
    # the folder stays usable: no lock, no leftover that blocks the next writer
    after = complete_submission(name="Après")
    store.submit(after, tmp_path)
    assert store.load(after.submission_id, tmp_path).status == "submitted"


# --------------------------------------------------------------------------------------------
# 6–9. Hostile strings


def hostile_submissions(cohort_id: str | None = None) -> list[Submission]:
    """One submitted submission per hostile string, in its name, role, cohort and stakeholders."""
    subs = []
    for i, (key, text) in enumerate(HOSTILE.items()):
        s = complete_submission(name=text, cohort=cohort_id or text)
        s.respondent_role = text
        s.stakeholders = [
            {"name": text, "type": text, "influence": 1 + i % 5, "relationship": i % 5 - 2},
            {"name": f"Voisin {key}", "type": "media", "influence": 3, "relationship": 0},
        ]
        s.status, s.submitted = "submitted", f"2026-12-03T14:{i:02d}:00+00:00"
        subs.append(s)
    return subs


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_inert(page: str) -> None:
    """No script element, no event handler, no javascript: link — whatever the data held."""
    parser = _Elements()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag not in ("script", "iframe", "object", "embed"), f"<{tag}> in the page"
        for key, value in attrs.items():
            assert not key.startswith("on"), f"event handler {key} on <{tag}>"
            assert not (value or "").strip().lower().startswith("javascript:")
    assert "<script" not in page.lower()


def shown(text: str) -> str:
    """How a stored text must appear in HTML: cleaned as the store keeps it, then escaped."""
    return html.escape(clean_text(text), quote=True)


def tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_hostile_strings_never_become_paths_or_leave_the_cohort_folder(tmp_path):
    folder = tmp_path / "a" / "b" / "cohorte"
    subs = hostile_submissions()
    for s in subs:
        store.save(s, folder)
    assert tree(tmp_path) == ["a", "a/b", "a/b/cohorte"] + sorted(
        f"a/b/cohorte/{s.submission_id}.json" for s in subs
    )
    assert all(UUID_JSON.match(p.name) for p in folder.iterdir())
    loaded = store.load_cohort(folder, Q)
    assert loaded.problems == []
    by_id = {s.submission_id: s for s in loaded.submissions}
    for original in subs:
        back = by_id[original.submission_id]
        text = original.respondent_role
        for value in (
            back.organisation["name"],
            back.respondent_role,
            back.cohort,
            back.stakeholders[0]["name"],
        ):
            assert not any(ch in value for ch in INVISIBLE), repr(value)
        assert back.organisation["name"] == clean_text(text)
        assert back.stakeholders[0]["name"] == clean_text(text, 120)
    # the same strings in an imported file: ids and cohorts stay data
    rows = [["organisation", "submission_id", "cohort", "respondent_role", "audience.2"]]
    rows += [[text, text, text, text, "lt25"] for text in HOSTILE.values() if "\x00" not in text]
    rows.append(["Org", "../../etc/passwd", "../../etc", "x", "lt25"])
    source = tmp_path / "hostile.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    imported = forms.import_to_cohort(source, tmp_path / "importee", Q)
    assert len(imported.submissions) == len(rows) - 1
    assert tree(tmp_path / "importee") == sorted(
        f"{s.submission_id}.json" for s in imported.submissions
    )
    assert tree(tmp_path) == sorted(
        ["a", "a/b", "a/b/cohorte", "hostile.csv", "importee"]
        + [f"a/b/cohorte/{s.submission_id}.json" for s in subs]
        + [f"importee/{s.submission_id}.json" for s in imported.submissions]
    )


def all_html(widget: Any) -> str:
    """The markup a browser would render under a widget: every HTML widget's value, and the
    descriptions that allow HTML (input values and plain descriptions are shown as text)."""
    import ipywidgets

    parts: list[str] = []
    seen: set[int] = set()

    def walk(w: Any) -> None:
        if id(w) in seen:
            return
        seen.add(id(w))
        if isinstance(w, (ipywidgets.HTML, ipywidgets.HTMLMath)):
            parts.append(w.value)
        if getattr(w, "description_allow_html", False):
            parts.append(w.description)
        for child in getattr(w, "children", ()) or ():
            walk(child)

    walk(widget)
    return "\n".join(parts)


def _download_names(html_text: str) -> list[str]:
    return re.findall(r'download="([^"]*)"', html_text)


def _downloaded_report(html_text: str) -> str:
    match = re.search(r'href="data:text/html;charset=utf-8;base64,([^"]+)"', html_text)
    assert match, "no report download"
    return base64.b64decode(match.group(1)).decode("utf-8")


def test_hostile_names_are_escaped_in_every_widget(tmp_path):
    text = " ".join(
        [
            HOSTILE["script"],
            '<img src=x onerror="alert(2)">',
            HOSTILE["hyperlink"],
            HOSTILE["rtl"],
            HOSTILE["ansi"],
            HOSTILE["huge"],
        ]
    )
    folder = tmp_path / "cohorte"
    draft = complete_submission(name=text)
    draft.resume_code = "K7P4QX"
    store.save(draft, folder)

    # a new app typing the same name: the prompt names it, and the code resumes the draft
    resumed = Questionnaire(folder, lang="fr", min_group=5)
    resumed.fill(organisation={"name": text})
    assert shown(text) in all_html(resumed.draft_prompt)
    assert_inert(all_html(resumed))
    resumed.prompt_code_field.value = "k7p-4qx"
    resumed.resume_button.click()
    assert resumed.value.submission_id == draft.submission_id
    assert shown(text) in resumed.notice.value
    assert_inert(all_html(resumed))

    # a new app with an answer already: the prompt, in English, names it too
    offered = Questionnaire(folder, lang="en", min_group=5)
    offered.fill(answers={"audience.2": "lt25"})
    offered.fill(organisation={"name": text})
    assert shown(text) in all_html(offered.draft_prompt)
    assert_inert(all_html(offered))

    # a full run with hostile stakeholders: table, result and downloads stay inert
    app = Questionnaire(tmp_path / "autre", lang="fr", min_group=5)
    app.fill_demo()
    actors = [{"name": text, "type": "media", "influence": 5, "relationship": -2}]
    app.fill(organisation={"name": text}, stakeholders=actors)
    assert shown(text)[:40] in app.stakeholder_editor.table.value
    assert app.submit(), app.errors.outputs
    page = all_html(app)
    assert_inert(page)
    assert shown(text)[:40] in page
    for name in _download_names(app.result.downloads.value):
        assert re.fullmatch(r"pertinence-[a-z0-9-]+(-rapport|-report)?\.(html|json)", name), name
    document = _downloaded_report(app.result.downloads.value)
    assert_inert(document)
    assert shown(text) in document
    assert app.errors.outputs == ()

    # the debrief: a name typed that is not found, then ours
    debrief = Debrief(tmp_path / "autre", lang="fr", min_group=5)
    assert debrief.show(text + " inconnu") is None
    # control and bidirectional characters are shown as escapes, then the whole is escaped
    assert html.escape(words.inert(text + " inconnu"), quote=True) in debrief.message.value
    assert debrief.show(clean_text(text)) is not None
    assert_inert(all_html(debrief))
    assert debrief.errors.outputs == ()

    # uploads named like markup: the notices show the name escaped
    content = b"{not json"
    upload = {
        "name": text + ".json",
        "type": "application/json",
        "size": len(content),
        "content": memoryview(content),
        "last_modified": datetime(2026, 12, 3),
    }
    app2 = Questionnaire(tmp_path / "trois", lang="fr")
    app2.upload.value = (upload,)
    assert_inert(all_html(app2))
    collector = UploadCollector(tmp_path / "trois", lang="fr")
    collector.upload.value = (upload,)
    assert collector.problems
    assert html.escape(text, quote=True)[:40] in collector.result.value
    assert_inert(collector.result.value)


def test_reports_render_hostile_names_and_problems_as_text(tmp_path):
    subs = hostile_submissions(cohort_id="2026-12-<b>sherbrooke</b>")
    folder = tmp_path / "cohorte"
    for s in subs:
        store.save(s, folder)
    for s in subs[:3]:
        page = report.group_report(s, Q, lang="fr")
        assert_inert(page)
        assert shown(s.organisation["name"]) in page
        assert "&lt;b&gt;sherbrooke&lt;/b&gt;" in page
    bad_csv = tmp_path / '<img src=x onerror="alert(3)">.csv'
    bad_csv.write_text(
        "organisation;audience.2\r\nOrg;<script>alert(4)</script>\r\n", encoding="utf-8"
    )
    out = report.write_cohort_report(
        [folder, bad_csv], tmp_path / "rapport.html", lang="fr", names=True
    )
    page = out.read_text(encoding="utf-8")
    assert_inert(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # a name, shown as text
    assert "&lt;img src=x onerror=" in page  # the file's name in the problems list
    assert "alert(4)" in page  # the bad cell's value, quoted in its problem


def _csv_cells(path: Path, delimiter: str) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh, delimiter=delimiter) for cell in row]


def _xlsx_cells(path: Path) -> list[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(path)
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {sheet.title}!{cell.coordinate}"
                cells.append(cell.value)
    return cells


def assert_no_live_formula(cells: list[Any], where: str) -> None:
    live = [
        c
        for c in cells
        if isinstance(c, str)
        and c[:1] in FORMULA_STARTS
        and not re.fullmatch(r"[-+]?\d+([.,]\d+)?", c)
    ]
    assert live == [], f"{where}: cells that a spreadsheet would run: {live[:3]}"


def test_exports_neutralise_every_formula_from_hostile_text(tmp_path, capsys):
    subs = hostile_submissions()
    folder = tmp_path / "cohorte"
    for s in subs:
        store.save(s, folder)
    loaded = store.load_cohort(folder, Q)
    for n, delimiter in enumerate((";", ",", "\t")):
        path = forms.write_wide(loaded, tmp_path / f"wide{n}.csv", Q, delimiter=delimiter)
        cells = _csv_cells(path, delimiter)
        assert '\'=HYPERLINK("http://x","y")' in cells
        assert_no_live_formula(cells, path.name)
    for lang in (None, "fr"):
        path = forms.write_wide(loaded, tmp_path / f"wide-{lang}.xlsx", Q, lang=lang)
        cells = _xlsx_cells(path)
        assert "'@SUM(1)" in cells
        assert_no_live_formula(cells, path.name)
    for suffix in (".csv", ".xlsx"):
        path = cohort.export(folder, tmp_path / f"export{suffix}", names=True, questionnaire=Q)
        cells = _csv_cells(path, ";") if suffix == ".csv" else _xlsx_cells(path)
        assert "'+cmd|' /C calc'!A0" in cells
        assert_no_live_formula(cells, path.name)
        out = tmp_path / f"scores{suffix}"
        assert cli.main(["score", str(folder), "--out", str(out)]) == 0, capsys.readouterr().err
        cells = _csv_cells(out, ";") if suffix == ".csv" else _xlsx_cells(out)  # Excel fr-CA
        assert "'-2+3" in cells
        assert_no_live_formula(cells, out.name)


# --------------------------------------------------------------------------------------------
# 10–12. Wrong questionnaire version, files over the size limits


def _other_version_bytes() -> tuple[Submission, bytes]:
    s = complete_submission(name="Ancienne version")
    s.status, s.submitted = "submitted", "2026-12-03T14:00:00+00:00"
    raw = s.to_dict()
    raw["questionnaire"]["version"] = Q.version + 1
    return s, json.dumps(raw).encode("utf-8")


def _digits(text: str) -> str:
    """Text without the spaces that group thousands (French writes 1 048 577)."""
    return re.sub(r"[\s\u00a0\u202f]", "", text)


def test_a_submission_of_another_questionnaire_version_is_refused_clearly(tmp_path, capsys):
    good = complete_submission(name="Bonne version")
    store.submit(good, tmp_path)
    old, data = _other_version_bytes()
    bad = tmp_path / f"{old.submission_id}.json"
    bad.write_bytes(data)

    loaded = store.load_cohort(tmp_path, Q)
    assert [s.submission_id for s in loaded.submissions] == [good.submission_id]
    (problem,) = loaded.problems
    assert problem.file == str(bad)
    english = problem.text("en")
    assert f"version {Q.version + 1}" in english
    assert f"version {Q.version}" in english
    assert "matching version of Pertinence" in english
    assert "version correspondante de Pertinence" in problem.text("fr")

    code = cli.main(["validate", str(tmp_path), "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.splitlines() == [english]
    assert "Traceback" not in out + err

    saved, refused = save_uploaded([("ancienne.json", data)], tmp_path / "depot", Q)
    assert saved == []
    assert len(refused) == 1
    assert refused[0].startswith("ancienne.json")
    assert f"version {Q.version + 1}" in refused[0]
    assert not (tmp_path / "depot").exists() or list((tmp_path / "depot").iterdir()) == []


def _sparse(path: Path, size: int, head: bytes = b"") -> Path:
    with path.open("wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


def test_a_cohort_file_over_the_size_limit_is_refused_without_being_read(tmp_path, capsys):
    good = complete_submission(name="Normal")
    store.submit(good, tmp_path)
    draft = complete_submission(name="Brouillon")
    store.save(draft, tmp_path)
    huge = _sparse(tmp_path / f"{uuid.uuid4()}.json", 8 << 30, b'{"status": "draft", ')
    started = time.monotonic()
    loaded = store.load_cohort(tmp_path, Q)
    assert store.count(tmp_path) == (1, 1)
    assert store.find_draft(tmp_path, "Brouillon").submission_id == draft.submission_id
    assert time.monotonic() - started < 5  # 8 GiB were never read
    assert [s.submission_id for s in loaded.submissions] == [good.submission_id]
    (problem,) = loaded.problems
    assert problem.file == str(huge)
    assert f"too big ({8 << 30:,} bytes; the limit is {store.MAX_FILE_BYTES:,})" in problem.text(
        "en"
    )

    code = cli.main(["validate", str(tmp_path), "--lang", "en"])
    out, _ = capsys.readouterr()
    assert code == 1
    assert out.splitlines() == [problem.text("en")]

    saved, refused = save_uploaded(
        [("enorme.json", b" " * (store.MAX_FILE_BYTES + 1))], tmp_path / "depot", Q
    )
    assert saved == []
    assert len(refused) == 1
    assert refused[0].startswith("enorme.json")
    assert str(store.MAX_FILE_BYTES + 1) in _digits(refused[0])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_import_over_the_size_limit_is_refused_with_one_line(tmp_path, capsys, suffix):
    size = 4 << 30
    head = b"organisation;audience.2\r\n" if suffix == ".csv" else b"PK\x03\x04"
    big = _sparse(tmp_path / f"export{suffix}", size, head)
    with pytest.raises(InputFormatError) as info:
        forms.read_wide(big, Q)
    limit = forms.MAX_IMPORT_BYTES // 2**20
    reason = f"too big (4,096.0 MiB; the limit is {limit} MiB)"
    assert reason in info.value.text("en")

    cohort_dir = tmp_path / "cohorte"
    for argv in (["validate", str(big)], ["import", str(big), "--cohort", str(cohort_dir)]):
        code = cli.main([*argv, "--lang", "en"])
        out, err = capsys.readouterr()
        assert code == 1
        (line,) = err.splitlines()  # one line, no traceback
        assert line.startswith("pertinence: error: ")
        assert str(big) in line
        assert reason in line
        assert out == ""
    assert not cohort_dir.exists() or list(cohort_dir.iterdir()) == []
