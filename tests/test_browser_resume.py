"""Resume codes and ``started`` in a real browser, on a Voilà server with a preheated kernel.

One group types its name on a page served by a kernel that ran the notebook well before the
page was opened: its draft is dated from the page's opening, and the page shows its resume
code. A second page (a phone after a reload, another group) types the same name: it sees
that the name is taken and nothing of the draft; a wrong code loads nothing; the code, typed
in lower case without its dash, brings every answer back, those of steps not built yet
included.
"""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timezone

import pytest

from tests.browser import (
    ROOT,
    VIEWPORT,
    answer,
    free_port,
    launch_chromium,
    require_browser,
    server_env,
    start_server,
    voila_argv,
)
from tests.conftest import READY_ANSWERS
from toolkit import questionnaire as questionnaire_mod
from toolkit.app.markup import css_id

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = ROOT / "notebooks" / "01_questionnaire.ipynb"
NAME = "Atelier Cèdre et Frêne"


def _draft_with_code(cohort, code: str) -> dict:
    for path in cohort.glob("*.json"):
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("resume_code") == code:
            return raw
    raise AssertionError(f"no draft holds {code}")


def test_a_preheated_page_dates_its_draft_from_its_opening_and_resumes_only_by_code(
    tmp_path, request
):
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    cohort = tmp_path / "cohort"
    cohort.mkdir()
    port = free_port()
    argv = voila_argv(NOTEBOOK, port, "--preheat_kernel=True", "--pool_size=1")
    log_path = tmp_path / "voila.log"
    env = server_env(PERTINENCE_COHORT=str(cohort))
    server = start_server("Voilà (preheated)", argv, log_path, env, request.addfinalizer, port)
    server.wait_for_port()
    deadline = time.monotonic() + 120
    while "is filled with" not in server.log():
        assert time.monotonic() < deadline, server.log()[-2000:]
        time.sleep(0.5)
    time.sleep(15)  # the kernel runs the notebook: the app is built long before the page opens
    q = questionnaire_mod.load()
    name_label = q.profile_field("name").text("fr")

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            # the first group: the preheated page
            page = browser.new_context(viewport=VIEWPORT).new_page()
            opened = datetime.now(timezone.utc).replace(microsecond=0)
            page.goto(server.url, wait_until="commit", timeout=120_000)
            name = page.get_by_label(name_label)
            expect(name).to_be_editable(timeout=120_000)
            name.fill(NAME)
            name.press("Tab")
            note = page.locator(".pertinence-code")
            expect(note).to_contain_text("Votre code de reprise", timeout=30_000)
            expect(note).to_contain_text("Notez-le")
            code = note.locator("strong").inner_text().strip()
            assert re.fullmatch(r"[0-9A-Z]{3}-[0-9A-Z]{3}", code), code
            page.get_by_role("button", name="Suivant →").click()
            answer(page, q, "motivation.1", READY_ANSWERS["motivation.1"])
            time.sleep(1)
            page.context.close()
            assert "Using pre-heated kernel" in server.log()

            draft = _draft_with_code(cohort, code.replace("-", ""))
            assert datetime.fromisoformat(draft["started"]) >= opened
            assert draft["answers"] == {"motivation.1": READY_ANSWERS["motivation.1"]}

            # a second page types the same name: told it is taken, shown nothing of it
            other = browser.new_context(viewport=VIEWPORT).new_page()
            other.goto(server.url, wait_until="commit", timeout=120_000)
            name = other.get_by_label(name_label)
            expect(name).to_be_editable(timeout=120_000)
            name.fill(NAME.upper())
            name.press("Tab")
            prompt = other.locator(".pertinence-draft-prompt")
            expect(prompt).to_contain_text("Un autre brouillon porte déjà le nom", timeout=30_000)
            assert code not in other.content()

            field = prompt.get_by_label("Notre code de reprise")
            field.fill("ZZZ-ZZZ" if code != "ZZZ-ZZZ" else "YYY-YYY")
            field.press("Tab")
            prompt.get_by_role("button", name="Reprendre notre brouillon").click()
            expect(other.locator(".pertinence-msg").first).to_contain_text(
                "Aucun brouillon n'a ce code"
            )

            field.fill(code.lower().replace("-", ""))
            field.press("Tab")
            prompt.get_by_role("button", name="Reprendre notre brouillon").click()
            expect(other.get_by_text("Brouillon repris")).to_be_visible(timeout=30_000)
            expect(other.locator(".pertinence-code strong")).to_have_text(code)
            other.get_by_role("button", name="Suivant →").click()
            option = q.question("motivation.1").scale.option(READY_ANSWERS["motivation.1"])
            block = other.locator(f".{css_id('motivation.1')}")
            expect(block.get_by_role("radio", name=option.label("fr"), exact=True)).to_be_checked()
        finally:
            browser.close()

    drafts = [json.loads(p.read_text(encoding="utf-8")) for p in cohort.glob("*.json")]
    assert [d["resume_code"] for d in drafts] == [code.replace("-", "")]  # no empty second one
    assert "Traceback" not in server.log()
