"""A group answers the questionnaire in a real browser: Voilà serves notebook 01, Chromium clicks.

Measures the time from the page request to an interactive questionnaire and from the submit
click to the visible result, prints them and writes them to ``voila_timings.json`` (in the
test's tmp folder and in ``benchmarks/results/``).
"""

from __future__ import annotations

import json
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.browser import (
    ROOT,
    VIEWPORT,
    answer,
    fill_profile,
    launch_chromium,
    require_browser,
    server_env,
    snap,
    start_voila,
)
from tests.conftest import ORGANISATION, READY_ANSWERS
from toolkit import questionnaire as questionnaire_mod
from toolkit import stakeholders
from toolkit.app.markup import css_id

pytestmark = pytest.mark.browser

NOTEBOOK = ROOT / "notebooks" / "01_questionnaire.ipynb"
ACTOR = {"name": "Journal régional", "type": "media", "influence": 5, "relationship": 0}


@pytest.fixture
def voila(tmp_path, request):
    """Voilà on notebook 01 with a fresh copy of the sample cohort; stopped by its PID."""
    cohort = tmp_path / "cohort"
    shutil.copytree(ROOT / "data" / "sample_cohort", cohort)
    env = server_env(PERTINENCE_COHORT=str(cohort))
    server = start_voila(NOTEBOOK, tmp_path / "voila.log", env, request.addfinalizer)
    server.wait_for_port()
    return server.url, cohort, server.log_path


def test_a_group_answers_and_submits_in_the_browser(voila, tmp_path):
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    url, cohort, log_path = voila
    q = questionnaire_mod.load()
    before = {p.name for p in cohort.glob("*.json")}
    shots = tmp_path / "screenshots"
    shots.mkdir()
    timings: dict[str, float] = {}

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
            start = time.perf_counter()
            page.goto(url, wait_until="commit", timeout=120_000)
            name = page.get_by_label(q.profile_field("name").text("fr"))
            expect(name).to_be_editable(timeout=120_000)
            timings["page_to_interactive_s"] = round(time.perf_counter() - start, 2)
            snap(page, shots / "01_profile.png")

            # profile and routing questions
            fill_profile(page, q, ORGANISATION)
            for question in q.questions:
                if not question.scored and question.id in READY_ANSWERS:
                    answer(page, q, question.id, READY_ANSWERS[question.id])
            expect(page.locator(".pertinence-gauge").first).to_contain_text("9 h/semaine")
            next_button = page.get_by_role("button", name="Suivant →")

            # one step per dimension
            for i, d in enumerate(q.dimensions):
                next_button.click()
                first = q.questions_of(d.id)[0]
                expect(page.locator(f".{css_id(first.id)}")).to_be_visible()
                hours = q.hours_question().id
                if hours in [x.id for x in q.questions_of(d.id)]:
                    # text is refused with a visible message, then a number is accepted
                    box = page.locator(f".{css_id(hours)}").get_by_role("textbox")
                    box.fill("beaucoup")
                    box.press("Tab")
                    expect(page.get_by_role("alert")).to_contain_text("Entrez un nombre d'heures")
                    snap(page, shots / "03_hours_refused.png")
                for question in q.questions_of(d.id):
                    answer(page, q, question.id, READY_ANSWERS[question.id])
                if i == 1:
                    # switch language halfway: labels change, the answers stay checked
                    page.get_by_role("button", name="English", exact=True).click()
                    audience = page.locator(f".{css_id('audience.2')}")
                    checked = q.question("audience.2").label_of(READY_ANSWERS["audience.2"], "en")
                    expect(audience.get_by_role("radio", name=checked, exact=True)).to_be_checked()
                    snap(page, shots / "02_audience_en.png")
                    page.get_by_role("button", name="Français", exact=True).click()
                    expect(next_button).to_be_visible()

            # the stakeholder map
            next_button.click()
            page.get_by_role("button", name="Ajouter un acteur").click()
            row = page.locator(".pertinence-actor").first
            row.get_by_label("Nom").fill(ACTOR["name"])
            row.get_by_label("Nom").press("Tab")
            guide = stakeholders.default()
            row.get_by_label("Type").select_option(guide.type_label(ACTOR["type"], "fr"))
            row.get_by_label("Influence").select_option(guide.influence[ACTOR["influence"]]("fr"))
            row.get_by_label("Relation").select_option(
                guide.relationship[ACTOR["relationship"]]("fr")
            )
            # the first map loads the drawing libraries (pandas, matplotlib: ~3 s of CPU, far
            # longer on a loaded machine), which the app no longer imports before they are needed
            expect(page.locator(".pertinence-stakeholders table")).to_contain_text(
                "Cultivez la relation", timeout=60_000
            )
            snap(page, shots / "04_stakeholders.png")

            # review, then submit
            next_button.click()
            expect(page.get_by_text("Toutes les questions ont une réponse")).to_be_visible()
            submit = page.get_by_role("button", name="Soumettre nos réponses")
            start = time.perf_counter()
            submit.click()
            recommendation = page.locator(".pertinence-recommendation")
            expect(recommendation).to_be_visible(timeout=60_000)
            timings["submit_to_result_s"] = round(time.perf_counter() - start, 2)
            shown = recommendation.inner_text()
            expect(page.locator(".pertinence-radar svg")).to_be_visible(timeout=60_000)
            report_link = page.get_by_role("link", name="Télécharger notre rapport")
            expect(report_link).to_be_visible(timeout=60_000)
            snap(page, shots / "05_result.png")
            with page.expect_download() as download:
                report_link.click()
            report = Path(download.value.path()).read_text(encoding="utf-8")
        finally:
            browser.close()

    assert q.rule("go").label("fr") in shown
    assert ORGANISATION["name"] in report
    new = [
        json.loads((cohort / n).read_text(encoding="utf-8"))
        for n in {p.name for p in cohort.glob("*.json")} - before
    ]
    assert len(new) == 1, [s["status"] for s in new]
    (saved,) = new
    assert saved["status"] == "submitted"
    assert saved["organisation"]["name"] == ORGANISATION["name"]
    assert saved["answers"]["capacity.2"] == READY_ANSWERS["capacity.2"]
    assert saved["answers"]["motivation.3"] == READY_ANSWERS["motivation.3"]
    assert saved["stakeholders"] == [ACTOR]
    assert "Traceback" not in log_path.read_text(encoding="utf-8")

    record = {
        **timings,
        "measured_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "notebook": NOTEBOOK.name,
        "what": "page request → questionnaire interactive; submit click → recommendation visible",
    }
    print(f"\nVoilà timings: {record}")
    (tmp_path / "voila_timings.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "voila_timings.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
