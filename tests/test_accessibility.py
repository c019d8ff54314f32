"""Phone, keyboard and axe-core: the questionnaire, its result and the reports in Chromium.

One Voilà per notebook (01 questionnaire, 04 dashboard) serves the whole module, on a copy of
the sample cohort. A group completes the questionnaire on a 390×844 touch phone (nothing
wider than the screen, every target at least 44×44 px, each new step's heading at the top
and focused), another with the keyboard alone (Tab, arrows, Space, Enter) on a 1366×768
laptop. axe-core, injected from the ``axe-playwright-python`` wheel, runs on every step, the
result, the participant report, the cohort report and the dashboard with its charts revealed:
any serious or critical violation fails. Screenshots go to ``screenshots/run/`` (``after_*``;
the committed set in ``screenshots/`` holds ``before_*``, taken from the code before this work,
and ``after_*`` from a run of this module).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import (
    BIN,
    LAPTOP,
    PHONE,
    PROJECTOR,
    ROOT,
    SCREENSHOTS,
    axe_counts,
    axe_violations,
    launch_chromium,
    layout_problems,
    phone_context,
    require_browser,
    serious,
    server_env,
    start_voila,
)
from tests.conftest import ORGANISATION, READY_ANSWERS
from toolkit import questionnaire as questionnaire_mod
from toolkit import stakeholders
from toolkit.app.markup import css_id
from toolkit.app.page import notebook_metadata
from toolkit.words import render

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOKS = ROOT / "notebooks"
NEXT = ".pertinence-bar > button:last-child"  # "Suivant →"
AXE_COUNTS: dict[str, dict[str, int]] = {}  # page → nodes per impact, printed at the end


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Voilà on notebooks 01 and 04, one cohort folder for both; stopped by their PIDs."""
    require_browser()
    tmp = tmp_path_factory.mktemp("a11y")
    cohort = tmp / "cohort"
    shutil.copytree(ROOT / "data" / "sample_cohort", cohort)
    env = server_env(PERTINENCE_COHORT=str(cohort), PERTINENCE_POLL_SECONDS="0")
    stops: list[Any] = []
    started = {
        name: start_voila(NOTEBOOKS / f"{name}.ipynb", tmp / f"{name}.log", env, stops.append)
        for name in ("01_questionnaire", "04_dashboard")
    }
    try:
        for server in started.values():
            server.wait_for_port()
        yield {"cohort": cohort, "tmp": tmp, **started}
    finally:
        for stop in stops:
            stop()
        print("\naxe-core, nodes per impact:")
        for page, counts in AXE_COUNTS.items():
            print(f"  {page}: {counts}")


@pytest.fixture(scope="module")
def browser(servers: dict[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def q() -> questionnaire_mod.Questionnaire:
    return questionnaire_mod.load()


def check_axe(page: Any, name: str) -> None:
    """Run axe-core, note the counts, fail on serious or critical violations."""
    found = axe_violations(page)
    AXE_COUNTS[name] = axe_counts(found)
    assert serious(found) == [], f"{name}: {serious(found)}"


def check_layout(page: Any, name: str, scope: str = ".pertinence-app") -> None:
    found = layout_problems(page, scope)
    assert found["scrollWidth"] <= found["innerWidth"], (name, found)
    assert found["wide"] == [], (name, found["wide"][:10])
    assert found["small"] == [], (name, found["small"][:10])


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"after_{name}.png"))


def open_questionnaire(page: Any, url: str) -> None:
    from playwright.sync_api import expect

    page.goto(url, wait_until="commit", timeout=120_000)
    expect(page.get_by_role("button", name="Suivant →")).to_be_visible(timeout=120_000)


def expect_step_on_top(page: Any, title: str) -> None:
    """The new step's heading is focused and at the top of the screen."""
    from playwright.sync_api import expect

    heading = page.locator(".pertinence-step h2")
    expect(heading).to_have_text(title)
    expect(heading).to_be_focused(timeout=10_000)
    page.wait_for_function(
        "() => Math.abs(document.querySelector('.pertinence-step h2')"
        ".getBoundingClientRect().top) < 40",
        timeout=10_000,
    )


# --------------------------------------------------------------------------------------------
# Touch, on a phone


def tap_answer(page: Any, q: Any, qid: str, value: Any) -> None:
    from playwright.sync_api import expect

    question = q.question(qid)
    group = page.get_by_role("group", name=question.text("fr"), exact=True)
    kind = question.scale.type
    if kind == "single":
        radio = group.get_by_role("radio", name=question.label_of(value, "fr"), exact=True)
        radio.tap()
        expect(radio).to_be_checked()
    elif kind == "multi":
        for code in value:
            box = group.get_by_role("checkbox", name=question.label_of(code, "fr"), exact=True)
            box.tap()
            expect(box).to_be_checked()
    else:
        field = page.get_by_role("textbox", name=question.text("fr"), exact=True)
        assert field.get_attribute("inputmode") == "decimal"
        field.tap()
        field.fill("beaucoup")
        field.press("Tab")
        expect(page.get_by_role("alert")).to_contain_text("Entrez un nombre d'heures")
        expect(field).to_have_attribute("aria-invalid", "true")
        field.fill(str(value).replace(".", ","))
        field.press("Tab")
        expect(page.get_by_role("alert")).to_have_count(0)


def test_a_group_completes_the_questionnaire_by_touch_on_a_phone(servers, browser, q):
    from playwright.sync_api import expect

    context = phone_context(browser, accept_downloads=True)
    page = context.new_page()
    try:
        open_questionnaire(page, servers["01_questionnaire"].url)
        assert page.evaluate("document.documentElement.lang") == "fr-CA"
        assert page.title() == notebook_metadata("questionnaire")["pertinence"]["title"]["fr"]
        expect(page.locator("h1")).to_have_text(q.title("fr"))
        check_layout(page, "profile")
        check_axe(page, "phone: profile")
        shot(page, "phone_1_profile")

        organisation = {**ORGANISATION, "name": "Fromagerie du Lac"}
        name = page.get_by_label(q.profile_field("name").text("fr"))
        name.tap()
        name.fill(organisation["name"])
        name.press("Tab")
        for field_id in ("sector", "size", "region"):
            field = q.profile_field(field_id)
            label = next(o.label("fr") for o in field.options if o.code == organisation[field_id])
            page.get_by_label(field.text("fr")).select_option(label)
        for question in q.questions:
            if not question.scored and question.id in READY_ANSWERS:
                tap_answer(page, q, question.id, READY_ANSWERS[question.id])

        next_button = page.get_by_role("button", name="Suivant →")
        for i, d in enumerate(q.dimensions, start=2):
            # back and next stay at hand: the bar is on screen without scrolling
            box = next_button.bounding_box()
            assert box is not None
            assert box["y"] + box["height"] <= PHONE["height"], box
            next_button.tap()
            expect_step_on_top(page, d.label("fr"))
            for question in q.questions_of(d.id):
                tap_answer(page, q, question.id, READY_ANSWERS[question.id])
            check_layout(page, d.id)
            check_axe(page, f"phone: step {d.id}")
            if d.id in ("motivation", "capacity"):
                page.locator(".pertinence-step h2").scroll_into_view_if_needed()
                shot(page, f"phone_{i}_{d.id}")

        next_button.tap()  # the stakeholder map, left empty
        expect_step_on_top(page, stakeholders.default().title("fr"))
        check_layout(page, "stakeholders")
        check_axe(page, "phone: stakeholders")
        next_button.tap()
        expect_step_on_top(page, render("app.review", "fr"))
        expect(page.get_by_text("Toutes les questions ont une réponse")).to_be_visible()
        check_axe(page, "phone: review")

        page.get_by_role("button", name="Soumettre nos réponses").tap()
        recommendation = page.locator(".pertinence-recommendation")
        expect(recommendation).to_be_visible(timeout=60_000)
        expect(recommendation).to_be_focused(timeout=10_000)
        expect(page.locator(".pertinence-radar svg")).to_be_visible(timeout=60_000)
        report_link = page.get_by_role("link", name="Télécharger notre rapport")
        expect(report_link).to_be_visible(timeout=60_000)
        check_layout(page, "result")
        check_axe(page, "phone: result")
        shot(page, "phone_9_result")

        with page.expect_download() as download:
            report_link.tap()
        report = servers["tmp"] / "participant-report.html"
        shutil.copy(download.value.path(), report)
        page.goto(report.as_uri())
        assert page.evaluate("document.documentElement.lang") == "fr-CA"
        # the page never scrolls sideways; a wide table scrolls in its own named region
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        check_axe(page, "participant report")
        shot(page, "phone_10_participant_report")
    finally:
        context.close()

    saved = [json.loads(p.read_text(encoding="utf-8")) for p in servers["cohort"].glob("*.json")]
    (mine,) = [s for s in saved if s["organisation"]["name"] == "Fromagerie du Lac"]
    assert mine["status"] == "submitted"
    assert mine["answers"]["capacity.2"] == READY_ANSWERS["capacity.2"]
    assert mine["answers"]["motivation.3"] == READY_ANSWERS["motivation.3"]


# --------------------------------------------------------------------------------------------
# The keyboard alone


def tab_to(page: Any, selector: str, text: str = "", limit: int = 120) -> None:
    """Press Tab until the focused element is inside ``selector`` (or is it) and shows
    ``text``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            """([s, t]) => { const el = document.activeElement;
              return !!el && !!el.closest(s) && el.textContent.includes(t); }""",
            [selector, text],
        ):
            return
    raise AssertionError(f"{limit} Tabs did not reach {selector}")


def focused_value(page: Any) -> str:
    return page.evaluate("() => document.activeElement.value")


def key_answer(page: Any, q: Any, qid: str, value: Any) -> None:
    """Answer a question as a keyboard user: Tab into its group, arrows, Space, typing."""
    from playwright.sync_api import expect

    question = q.question(qid)
    block = f".{css_id(qid)}"
    tab_to(page, block)
    kind = question.scale.type
    codes = [o.code for o in question.scale.options if not o.dk and not o.exclusive]
    codes += [o.code for o in question.scale.options if o.dk or o.exclusive]
    if kind == "single":
        assert focused_value(page) == codes[0]  # one tab stop: the group's first option
        if value == codes[0]:
            page.keyboard.press("Space")
        for _ in range(codes.index(value)):
            page.keyboard.press("ArrowDown")  # a radio group checks as it moves
        expect(page.locator(f"{block} input[value='{value}']")).to_be_checked()
    elif kind == "multi":
        here = 0
        for code in sorted(value, key=codes.index):
            for _ in range(codes.index(code) - here):
                page.keyboard.press("ArrowDown")
            here = codes.index(code)
            assert focused_value(page) == code
            page.keyboard.press("Space")
            expect(page.locator(f"{block} input[value='{code}']")).to_be_checked()
    else:
        page.keyboard.type(str(value).replace(".", ","))
        page.keyboard.press("Tab")


def key_select(page: Any, block: str, label: str) -> None:
    """Choose an option of a drop-down with the arrow keys."""
    tab_to(page, block)
    for _ in range(40):
        if focused_value(page) == label:  # ipywidgets writes the label as the value
            return
        page.keyboard.press("ArrowDown")
    state = page.evaluate(
        "() => [document.activeElement.outerHTML.slice(0, 200), document.activeElement.value]"
    )
    raise AssertionError(f"{label} not reached in {block}: {state}")


def test_the_questionnaire_can_be_completed_with_the_keyboard_alone(servers, browser, q):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=LAPTOP, locale="fr-CA")
    page = context.new_page()
    try:
        open_questionnaire(page, servers["01_questionnaire"].url)
        shot(page, "laptop_1_profile")
        tab_to(page, f".{css_id('organisation.name')}")
        page.keyboard.type("Quincaillerie Bouchard")
        for field_id in ("sector", "size", "region"):
            field = q.profile_field(field_id)
            code = ORGANISATION[field_id]
            label = next(o.label("fr") for o in field.options if o.code == code)
            key_select(page, f".{css_id('organisation.' + field_id)}", label)
        for question in q.questions:
            if not question.scored and question.id in READY_ANSWERS:
                key_answer(page, q, question.id, READY_ANSWERS[question.id])

        for d in q.dimensions:
            tab_to(page, NEXT)
            page.keyboard.press("Enter")
            expect_step_on_top(page, d.label("fr"))
            for question in q.questions_of(d.id):
                key_answer(page, q, question.id, READY_ANSWERS[question.id])
            if d.id == "motivation":
                page.locator(".pertinence-step h2").scroll_into_view_if_needed()
                shot(page, "laptop_2_motivation")
                check_layout(page, "laptop motivation")

        tab_to(page, NEXT)
        page.keyboard.press("Enter")
        expect_step_on_top(page, stakeholders.default().title("fr"))
        tab_to(page, NEXT)
        page.keyboard.press("Enter")
        expect_step_on_top(page, render("app.review", "fr"))
        expect(page.get_by_text("Toutes les questions ont une réponse")).to_be_visible()
        tab_to(page, "button", "Soumettre nos réponses")
        page.keyboard.press("Enter")
        recommendation = page.locator(".pertinence-recommendation")
        expect(recommendation).to_be_visible(timeout=60_000)
        expect(recommendation).to_be_focused(timeout=10_000)
        expect(recommendation).to_contain_text(q.rule("go").label("fr"))
        check_axe(page, "laptop: result")
        shot(page, "laptop_3_result")
    finally:
        context.close()

    saved = [json.loads(p.read_text(encoding="utf-8")) for p in servers["cohort"].glob("*.json")]
    (mine,) = [s for s in saved if s["organisation"]["name"] == "Quincaillerie Bouchard"]
    assert mine["status"] == "submitted"
    assert mine["organisation"]["region"] == ORGANISATION["region"]
    assert {k: mine["answers"].get(k) for k in READY_ANSWERS} == READY_ANSWERS


def test_the_page_follows_the_language_switch(servers, browser, q):
    from playwright.sync_api import expect

    context = phone_context(browser)
    page = context.new_page()
    try:
        page.goto(servers["01_questionnaire"].url, wait_until="commit", timeout=120_000)
        # Voilà's loading screen names the app in the participant's language
        loading = page.locator("#loading_text")
        expect(loading).to_have_text(render("page.loading", "fr", title=q.title("fr")))
        expect(page.get_by_role("button", name="Suivant →")).to_be_visible(timeout=120_000)
        page.get_by_role("button", name="English", exact=True).tap()
        expect(page.locator("h1")).to_have_text(q.title("en"))
        page.wait_for_function("() => document.documentElement.lang === 'en-CA'")
        assert page.title() == render("page.title", "en", title=q.title("en"))
        expect(page.get_by_text(render("page.intro_lead", "en"))).to_be_visible()
        group = page.get_by_role("group", name=q.question("oneoff.need").text("en"))
        expect(group.get_by_role("radio")).to_have_count(
            len(q.question("oneoff.need").scale.options)
        )
    finally:
        context.close()


# --------------------------------------------------------------------------------------------
# The reports and the dashboard


def test_the_cohort_report_passes_axe_on_a_phone(servers, browser):
    out = servers["tmp"] / "cohort-report.html"
    subprocess.run(
        [
            str(BIN / "pertinence"),
            "report",
            str(ROOT / "data" / "sample_cohort"),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
        env=server_env(),
    )
    context = phone_context(browser)
    page = context.new_page()
    try:
        page.goto(out.as_uri())
        assert page.evaluate("document.documentElement.lang") == "fr-CA"
        shot(page, "phone_11_cohort_report")
        check_axe(page, "cohort report")
        # a wide table scrolls inside its own named region, never the page
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        regions = page.locator("div.scroll[role=region][tabindex='0']")
        assert regions.count() > 3
    finally:
        context.close()


def test_the_dashboard_with_every_chart_revealed_passes_axe_on_a_projector(servers, browser):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PROJECTOR, locale="fr-CA")
    page = context.new_page()
    try:
        page.goto(servers["04_dashboard"].url, wait_until="commit", timeout=120_000)
        # a toggle's name is its icon's character, then its word
        show = page.get_by_role("button", name=re.compile(rf"{render('dashboard.show', 'fr')}$"))
        expect(show.first).to_be_visible(timeout=120_000)
        assert page.title() == notebook_metadata("dashboard")["pertinence"]["title"]["fr"]
        toggles = page.locator(".pertinence-panel button")
        count = toggles.count()
        assert count >= 3
        for i in range(count):
            toggles.nth(i).click()
        expect(show).to_have_count(0, timeout=60_000)
        expect(page.locator(".pertinence-panel [role=img]").first).to_be_visible(timeout=60_000)
        page.wait_for_timeout(2000)
        shot(page, "projector_dashboard")
        found = axe_violations(page)
        AXE_COUNTS["dashboard (charts revealed)"] = axe_counts(found)
    finally:
        context.close()
    # every chart is named by its text alternative: no image-alt, nothing serious
    assert serious(found) == [], serious(found)
