"""Refresh the README's pictures: the questionnaire (Voilà) and the cohort report.

    .venv/bin/python docs/make_screenshots.py

Needs Chromium (CHROMIUM, default /usr/bin/chromium). Starts Voilà on 127.0.0.1 on a free
port with a temporary cohort, and renders the sample cohort's report; writes
docs/images/questionnaire.png and docs/images/cohort_report.png.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # for tests.browser, the shared server helpers

from tests.browser import launch_chromium, server_env, start_voila  # noqa: E402
from toolkit import report  # noqa: E402

OUT = ROOT / "docs" / "images"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="pertinence-shots-"))
    html = report.write_cohort_report([ROOT / "data" / "sample_cohort"], work / "report.html", "fr")
    cohort = work / "cohort"
    shutil.copytree(ROOT / "data" / "sample_cohort", cohort)
    stops = []
    server = start_voila(
        ROOT / "notebooks" / "01_questionnaire.ipynb",
        work / "voila.log",
        server_env(PERTINENCE_COHORT=str(cohort)),
        stops.append,
    )
    try:
        server.wait_for_port()
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1100, "height": 1250})
            page.goto(f"http://127.0.0.1:{server.port}/", timeout=120_000)
            page.get_by_role("button", name="Suivant →").wait_for(timeout=120_000)
            page.get_by_label("Nom de l'organisme ou de l'entreprise").fill(
                "Fromagerie des Cantons"
            )
            page.keyboard.press("Tab")
            page.wait_for_timeout(500)
            page.screenshot(path=str(OUT / "questionnaire.png"))
            page.goto(html.as_uri())
            page.wait_for_timeout(500)
            page.screenshot(path=str(OUT / "cohort_report.png"))
            browser.close()
    finally:
        for stop in stops:
            stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {OUT / 'questionnaire.png'} and {OUT / 'cohort_report.png'}")


if __name__ == "__main__":
    main()
