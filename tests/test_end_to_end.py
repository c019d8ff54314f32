"""A workshop end to end, in a real browser (headless Debian Chromium driven by Playwright).

1. The facilitator opens the guide (notebook 00) in JupyterLab and runs it all: the kernel
   goes idle, the guide prints the cohort's counts, its upload widget renders, no cell fails.
2. Two groups answer the questionnaire (Voilà on notebook 01) at the same time, each in its
   own browser context, one in French and one in English; both submit; both files land in an
   empty cohort folder with the right status and language.
3. The facilitator's dashboard (Voilà on notebook 04, polling every second), open all along in
   a third page, shows the drafts in progress and then the two submissions.

Every server runs on 127.0.0.1, is started here and stopped by its PID in a finalizer.
Screenshots of each step go to the test's tmp folder and to ``screenshots/e2e/`` (gitignored)
for a person to look at after ``make test``, with the timings measured.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest

from tests.browser import (
    ROOT,
    VIEWPORT,
    answer,
    fill_profile,
    jupyterlab_env,
    launch_chromium,
    require_browser,
    seen_at,
    server_env,
    snap,
    start_jupyterlab,
    start_voila,
    watch,
)
from tests.conftest import ORGANISATION, READY_ANSWERS
from toolkit import fmt, store, words
from toolkit import questionnaire as questionnaire_mod
from toolkit.app.markup import css_id
from toolkit.app.words import word

pytestmark = pytest.mark.browser

NOTEBOOKS = ROOT / "notebooks"
GUIDE = NOTEBOOKS / "00_facilitator_guide.ipynb"
QUESTIONNAIRE = NOTEBOOKS / "01_questionnaire.ipynb"
DASHBOARD = NOTEBOOKS / "04_dashboard.ipynb"
REVIEW_DIR = ROOT / "screenshots" / "e2e"

STDERR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
ACTIVE_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
# "done" once every code cell shows its execution count, the stderr text as soon as one
# appears (JupyterLab renders errors and stderr alike), false while Run All goes on.
RUN_ALL_OUTCOME_JS = r"""
([notebook, stderr, nCode]) => {
  const nb = document.querySelector(notebook);
  if (!nb) return false;
  const errors = [...nb.querySelectorAll(stderr)].map((e) => e.textContent);
  if (errors.length) return errors.join("\n");
  const prompts = [...nb.querySelectorAll(".jp-CodeCell .jp-InputPrompt")];
  const done = prompts.map((e) => e.textContent.trim()).filter((t) => /^\[\d+\]:$/.test(t));
  return prompts.length === nCode && done.length === nCode ? "done" : false;
}
"""
APP_HEIGHT = 2200  # tall enough for the longest step and the result, in one screenshot


@pytest.fixture(scope="module")
def review_dir() -> Path:
    """``screenshots/e2e/`` emptied once per run, so that nothing stale is left to review."""
    if REVIEW_DIR.exists():
        shutil.rmtree(REVIEW_DIR)
    REVIEW_DIR.mkdir(parents=True)
    return REVIEW_DIR


@pytest.fixture
def shots(tmp_path: Path, review_dir: Path) -> Iterator[Path]:
    """The test's screenshot folder; copied to ``screenshots/e2e/`` at the end, pass or fail."""
    folder = tmp_path / "screenshots"
    folder.mkdir()
    yield folder
    for item in sorted(folder.iterdir()):
        shutil.copy2(item, review_dir / item.name)


def record(shots: Path, name: str, timings: dict[str, Any]) -> None:
    print(f"\n{name} timings (s): {timings}")
    (shots / f"{name}_timings.json").write_text(json.dumps(timings, indent=1), encoding="utf-8")


def snap_on_failure(pages: dict[str, Any], shots: Path) -> None:
    """What each page showed when the test failed (best effort: the page may be gone)."""
    for name, page in pages.items():
        with contextlib.suppress(Exception):  # the original failure matters more
            snap(page, shots / f"FAILED_{name}.png")


# --------------------------------------------------------------------------------------------
# 1. The facilitator runs the guide in JupyterLab


def test_the_facilitator_runs_the_guide_in_jupyterlab(tmp_path, request, shots):
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    work = tmp_path / "work"  # JupyterLab autosaves: it gets a copy of the guide
    work.mkdir()
    guide = work / GUIDE.name
    shutil.copy2(GUIDE, guide)
    cohort = tmp_path / "cohort"
    shutil.copytree(ROOT / "data" / "sample_cohort", cohort)
    submitted, drafts = store.count(cohort)
    n_code = sum(c.cell_type == "code" for c in nbformat.read(GUIDE, as_version=4).cells)
    timings: dict[str, Any] = {}

    start = time.perf_counter()
    env = jupyterlab_env(tmp_path, PERTINENCE_COHORT=str(cohort))
    lab = start_jupyterlab(work, tmp_path / "jupyterlab.log", env, request.addfinalizer)
    lab.wait_for_http("api/status")
    timings["server_up"] = round(time.perf_counter() - start, 2)

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport=VIEWPORT)
        try:
            start = time.perf_counter()
            page.goto(f"{lab.url}lab/tree/{guide.name}", wait_until="commit", timeout=60_000)
            # the status bar, not the execution indicator (idle before the session exists)
            status_bar = page.locator("#jp-main-statusbar")
            expect(status_bar).to_contain_text("| Idle", timeout=90_000)
            timings["page_to_kernel_idle"] = round(time.perf_counter() - start, 2)
            notebook = page.locator(ACTIVE_NOTEBOOK)
            snap(page, shots / "lab_01_opened_kernel_idle.png", height=1400)

            start = time.perf_counter()
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.locator("li[data-command='runmenu:run-all']").click()
            # done when every code cell has its number; an error stops Run All: fail at once
            outcome = page.wait_for_function(
                RUN_ALL_OUTCOME_JS, arg=[ACTIVE_NOTEBOOK, STDERR_OUTPUT, n_code], timeout=60_000
            ).json_value()
            timings["run_all"] = round(time.perf_counter() - start, 2)
            assert outcome == "done", f"a cell failed or wrote to stderr:\n{outcome}"
            prompts = notebook.locator(".jp-CodeCell .jp-InputPrompt")
            expect(prompts).to_have_text([f"[{i}]:" for i in range(1, n_code + 1)])
            expect(status_bar).to_contain_text("| Idle", timeout=30_000)

            # what the guide prints, its rendered timetable, and its upload widget
            expect(notebook.locator(".jp-OutputArea-output").first).to_contain_text(
                f"Cohorte : {cohort}"
            )
            printed = notebook.get_by_text(f"{submitted} réponse(s) soumise(s), {drafts} en cours")
            expect(printed).to_be_visible()
            printed.scroll_into_view_if_needed()
            snap(page, shots / "lab_02_run_all_counts.png", height=1400)
            expect(notebook.locator(".jp-RenderedMarkdown table").first).to_contain_text(
                "Questionnaire en groupe"
            )
            upload = notebook.locator(".widget-upload")
            expect(upload).to_contain_text("Déposer les fichiers de réponses (.json, .csv, .xlsx)")
            expect(notebook.get_by_text("Loading widget")).to_have_count(0)
            expect(notebook.locator(STDERR_OUTPUT)).to_have_count(0)
            upload.scroll_into_view_if_needed()
            snap(page, shots / "lab_03_run_all_upload_widget.png", height=1400)

            # the outputs as saved: no cell raised (an ``ename`` output) or wrote to stderr
            page.keyboard.press("Control+s")
            saved = wait_for_saved_run(guide, n_code)
        except BaseException:
            snap_on_failure({"lab": page}, shots)
            raise
        finally:
            browser.close()

    outputs = [o for c in saved.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error" or "ename" in o], outputs
    assert not [o for o in outputs if o.get("name") == "stderr"], outputs
    assert "Traceback" not in lab.log()
    record(shots, "lab", timings)


def wait_for_saved_run(path: Path, n_code: int, timeout: float = 20.0) -> Any:
    """The notebook as JupyterLab saved it, once every code cell in it has been executed."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            nb = nbformat.read(path, as_version=4)
            code = [c for c in nb.cells if c.cell_type == "code"]
            if len(code) == n_code and all(c.execution_count for c in code):
                return nb
        except (ValueError, OSError):
            pass  # being written
        if time.monotonic() > deadline:
            raise TimeoutError(f"JupyterLab did not save the executed notebook in {timeout} s")
        time.sleep(0.2)


# --------------------------------------------------------------------------------------------
# 2–3. Two groups answer at once, in two languages; the dashboard counts them


@dataclass
class Group:
    """One group at its own computer: a language, an organisation, its answers, its page."""

    lang: str
    organisation: dict[str, str]
    answers: dict[str, Any]
    expected: str  # the recommendation's code
    page: Any = None
    opened_at: float = 0.0
    submitted_at: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def w(self, key: str) -> str:
        return word(self.lang, key)


def two_groups() -> list[Group]:
    """A French group (well prepared: "go") and an English one with too few hours freed."""
    return [
        Group("fr", dict(ORGANISATION), dict(READY_ANSWERS), "go"),
        Group(
            "en",
            {"name": "Harbour Bakery", "sector": "retail", "size": "10-49", "region": "estrie"},
            {**READY_ANSWERS, "capacity.2": 3},  # fewer hours freed than needed: prepare first
            "prepare",
        ),
    ]


def board_counts(submitted: int, drafts: int, organisations: int) -> str:
    """The dashboard's count line as the page reads it (French, the notebook's language)."""
    return words.render(
        "dashboard.counts", "fr", submitted=submitted, drafts=drafts, orgs=organisations
    )


def test_two_groups_answer_at_once_and_the_dashboard_counts_them(tmp_path, request, shots):
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    q = questionnaire_mod.load()
    cohort = tmp_path / "cohort"
    cohort.mkdir()  # empty: every file in it comes from this test
    env = server_env(PERTINENCE_COHORT=str(cohort), PERTINENCE_POLL_SECONDS="1")
    app = start_voila(QUESTIONNAIRE, tmp_path / "voila-01.log", env, request.addfinalizer)
    board = start_voila(DASHBOARD, tmp_path / "voila-04.log", env, request.addfinalizer)
    app.wait_for_port()
    board.wait_for_port()
    groups = two_groups()
    timings: dict[str, Any] = {}

    with sync_playwright() as p:
        browser = launch_chromium(p)
        pages: dict[str, Any] = {}
        try:
            # the facilitator's dashboard, open before anyone starts
            dash = browser.new_context(viewport=VIEWPORT, locale="fr-CA").new_page()
            pages["dashboard"] = dash
            watch(dash, two=(".pertinence-dashboard p", r"^\s*2 réponse\(s\) soumise"))
            start = time.perf_counter()
            dash.goto(board.url, wait_until="commit", timeout=60_000)
            counts = dash.locator(".pertinence-dashboard p", has_text="réponse(s) soumise(s)")
            expect(counts).to_have_text(board_counts(0, 0, 0), timeout=90_000)
            timings["dashboard_page_to_counts"] = round(time.perf_counter() - start, 2)
            snap(dash, shots / "groups_01_dashboard_empty.png", height=1400)

            # two groups open the app at the same moment, each in its own browser context
            for g in groups:
                # each group's browser in its language (Accept-Language, navigator.language)
                context = browser.new_context(viewport=VIEWPORT, locale=f"{g.lang}-CA")
                g.page = context.new_page()
                pages[g.lang] = g.page
                watch(
                    g.page,
                    ready=".pertinence-q-organisation-name input",
                    result=".pertinence-recommendation",
                    report=(".pertinence-download a", "rapport|report"),
                )
            for g in groups:
                g.opened_at = time.time()
                g.page.goto(app.url, wait_until="commit", timeout=60_000)
            for g in groups:
                name = g.page.get_by_label(q.profile_field("name").text("fr"))
                expect(name).to_be_editable(timeout=120_000)
                g.timings["page_to_interactive"] = round(seen_at(g.page, "ready") - g.opened_at, 2)

            # one group switches to English before it starts
            for g in groups:
                if g.lang != "fr":
                    g.page.get_by_role("button", name="English", exact=True).click()
                    expect(g.page.get_by_role("button", name=g.w("app.next"))).to_be_visible()

            # the profile and routing questions, each in the group's language
            for g in groups:
                fill_profile(g.page, q, g.organisation, g.lang)
                for question in q.questions:
                    if not question.scored and question.id in g.answers:
                        answer(g.page, q, question.id, g.answers[question.id], g.lang)
            for g in groups:
                expect(
                    g.page.get_by_text(g.w("common.your_organisation"), exact=True)
                ).to_be_visible()
                snap(g.page, shots / f"groups_02_{g.lang}_profile.png", APP_HEIGHT)

            # the dashboard sees both groups' drafts arrive
            expect(counts).to_have_text(board_counts(0, 2, 0), timeout=30_000)
            snap(dash, shots / "groups_03_dashboard_drafts.png", height=1400)

            # one step per dimension, the two groups side by side
            hours_id = q.hours_question().id
            for d in q.dimensions:
                for g in groups:
                    g.page.get_by_role("button", name=g.w("app.next")).click()
                    questions = q.questions_of(d.id)
                    first = g.page.locator(f".{css_id(questions[0].id)}")
                    expect(first).to_contain_text(questions[0].text(g.lang))
                    for question in questions:
                        answer(g.page, q, question.id, g.answers[question.id], g.lang)
                    if hours_id in {x.id for x in questions}:
                        hours = fmt.number(g.answers[hours_id], 1, g.lang)
                        freed = f"{hours}\u00a0{g.w('common.hours_per_week')}"
                        expect(g.page.locator(".pertinence-gauge").first).to_contain_text(freed)
                        snap(g.page, shots / f"groups_04_{g.lang}_{d.id}.png", APP_HEIGHT)

            # past the (optional) stakeholder map, to the review
            for g in groups:
                next_button = g.page.get_by_role("button", name=g.w("app.next"))
                next_button.click()
                expect(g.page.get_by_role("button", name=g.w("app.add_actor"))).to_be_visible()
                next_button.click()
                expect(g.page.get_by_text(g.w("app.missing_none"))).to_be_visible()
            for g in groups:
                snap(g.page, shots / f"groups_05_{g.lang}_review.png", APP_HEIGHT)

            # both submit at once: two clicks, then wait for both results
            for g in groups:
                submit = g.page.get_by_role("button", name=g.w("app.submit"))
                g.submitted_at = time.time()
                submit.click()
            for g in groups:
                recommendation = g.page.locator(".pertinence-recommendation")
                expect(recommendation).to_contain_text(
                    q.rule(g.expected).label(g.lang), timeout=60_000
                )
                expect(g.page.locator(".pertinence-radar svg")).to_be_visible(timeout=60_000)
                expect(g.page.get_by_role("link", name=g.w("app.download_report"))).to_be_visible(
                    timeout=60_000
                )
                expect(g.page.get_by_text(g.w("app.submitted"))).to_be_visible()
                g.timings["submit_to_result"] = round(seen_at(g.page, "result") - g.submitted_at, 2)
                g.timings["submit_to_report_link"] = round(
                    seen_at(g.page, "report") - g.submitted_at, 2
                )
            for g in groups:
                snap(g.page, shots / f"groups_06_{g.lang}_result.png", APP_HEIGHT)

            # the dashboard counts the two submissions (polling every second)
            expect(counts).to_have_text(board_counts(2, 0, 2), timeout=30_000)
            shown_two = seen_at(dash, "two")
            snap(dash, shots / "groups_07_dashboard_two.png", height=1400)
        except BaseException:
            snap_on_failure(pages, shots)
            raise
        finally:
            browser.close()

    # on disk: two files, both submitted, one per language, nothing else
    files = sorted(cohort.iterdir())
    assert [f.suffix for f in files] == [".json", ".json"], [f.name for f in files]
    saved = {s["language"]: s for s in (json.loads(f.read_text(encoding="utf-8")) for f in files)}
    assert sorted(saved) == ["en", "fr"]
    for g in groups:
        sub = saved[g.lang]
        assert sub["status"] == "submitted"
        assert sub["organisation"] == g.organisation
        assert sub["answers"]["capacity.2"] == g.answers["capacity.2"]
        assert sub["answers"]["motivation.3"] == g.answers["motivation.3"]
        assert sub["submitted"]
    assert saved["fr"]["submission_id"] != saved["en"]["submission_id"]
    for server in (app, board):
        assert "Traceback" not in server.log(), server.log()[-3000:]

    last_submit = max(g.submitted_at for g in groups)
    last_file = max(f.stat().st_mtime for f in files)
    timings.update(
        {f"{g.lang}_{k}": v for g in groups for k, v in g.timings.items()},
        dashboard_lag_after_second_submit=round(shown_two - last_submit, 2),
        dashboard_lag_after_second_file=round(shown_two - last_file, 2),
        poll_seconds=1,
    )
    record(shots, "groups", timings)
