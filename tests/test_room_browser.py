"""The room in a real browser: ``pertinence serve`` on 127.0.0.1, a phone joins by the QR
address, answers and submits; the facilitator screen counts it; nothing is served without the
code; nothing the pages load comes from anywhere but the laptop; the server restarted keeps
the codes and the drafts; axe-core finds nothing serious on the join page and the facilitator
screen. Saves the facilitator screen at 1920×1080 for the README."""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser import (
    BIN,
    ROOT,
    answer,
    fill_profile,
    free_port,
    launch_chromium,
    require_browser,
    server_env,
    start_server,
)
from tests.cohort_factory import random_cohort, write_cohort
from tests.conftest import ORGANISATION, READY_ANSWERS
from toolkit import questionnaire as questionnaire_mod
from toolkit.room import codes

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CODE = "K7QMX"
KEY = "clef-de-test"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "fr-CA",
}
SCREEN = {"viewport": {"width": 1920, "height": 1080}, "locale": "fr-CA"}
SCREENSHOT = ROOT / "screenshots" / "room-facilitator.png"


def start_room(
    tmp_path: Path,
    cohort: Path,
    request,
    port: int | None = None,
    env: dict[str, str] | None = None,
    **flags: str,
):
    port = port or free_port()
    argv = [
        str(BIN / "pertinence"),
        "serve",
        "--cohort",
        str(cohort),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    for name, value in flags.items():
        argv += [f"--{name.replace('_', '-')}", value]
    log = tmp_path / f"room-{time.monotonic_ns()}.log"
    environment = server_env(**(env or {}))
    server = start_server("pertinence serve", argv, log, environment, request.addfinalizer, port)
    server.wait_for_port()
    return server


@pytest.fixture
def room(tmp_path, request):
    """The server on a cohort that already holds six submissions (the dashboard has charts)."""
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    write_cohort(random_cohort(questionnaire_mod.load(), 6, seed=3), cohort)
    server = start_room(tmp_path, cohort, request, code=CODE, facilitator_key=KEY)
    return server, cohort


def watch_requests(page, seen: list[str], failed: list[tuple[int, str]]) -> None:
    page.on("request", lambda r: seen.append(r.url))
    page.on("websocket", lambda ws: seen.append(ws.url))
    page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)


def outside(urls: list[str]) -> list[str]:
    """The addresses that are not this laptop's (blob: and data: stay in the page)."""
    out = []
    for url in urls:
        parsed = urlparse(url)
        if parsed.scheme == "data":
            continue
        if parsed.scheme == "blob":
            parsed = urlparse(url[len("blob:") :])
        if parsed.hostname != "127.0.0.1":
            out.append(url)
    return out


def axe_serious(page) -> list[str]:
    import axe_playwright_python

    script = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    page.add_script_tag(path=str(script))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => [v.id, v.impact, v.nodes.length])"
    )
    return [f"{v[0]} ({v[1]}, {v[2]})" for v in found if v[1] in ("serious", "critical")]


def answer_everything(page, q, expect) -> None:
    fill_profile(page, q, ORGANISATION)
    for question in q.questions:
        if not question.scored and question.id in READY_ANSWERS:
            answer(page, q, question.id, READY_ANSWERS[question.id])
    next_button = page.get_by_role("button", name="Suivant →")
    for d in q.dimensions:
        next_button.click()
        for question in q.questions_of(d.id):
            answer(page, q, question.id, READY_ANSWERS[question.id])
    next_button.click()  # the stakeholder map (optional)
    next_button.click()  # review
    expect(page.get_by_text("Toutes les questions ont une réponse")).to_be_visible()


def test_a_phone_joins_by_the_qr_address_submits_and_the_facilitator_counts_it(room, tmp_path):
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    server, cohort = room
    q = questionnaire_mod.load()
    before = {p.name for p in cohort.glob("*.json")}
    seen: list[str] = []
    failed: list[tuple[int, str]] = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            phone = browser.new_context(**PHONE).new_page()
            watch_requests(phone, seen, failed)
            start = time.perf_counter()
            phone.goto(f"{server.url}?code={CODE}")
            name = phone.get_by_label(q.profile_field("name").text("fr"))
            expect(name).to_be_editable(timeout=60_000)
            interactive = time.perf_counter() - start
            expect(phone.locator("#pertinence-wait")).to_be_hidden()  # the notice gives way
            assert phone.evaluate("document.documentElement.lang") == "fr-CA"
            expect(phone).to_have_title(q.title("fr"))
            # the icons' font comes from the laptop too
            assert any("font-awesome" in u for u in seen)
            answer_everything(phone, q, expect)
            phone.get_by_role("button", name="Soumettre nos réponses").click()
            expect(phone.locator(".pertinence-recommendation")).to_be_visible(timeout=60_000)

            screen = browser.new_context(**SCREEN).new_page()
            watch_requests(screen, seen, failed)
            screen.goto(f"{server.url}facilitator?key={KEY}")
            submitted = screen.locator("[data-count=submitted] b")
            expect(submitted).to_have_text("7", timeout=60_000)
            expect(screen.locator("[data-count=joined] b")).to_have_text("1", timeout=15_000)
            expect(screen.locator(".pertinence-room-code")).to_have_text(CODE)
            qr = screen.locator("svg.pertinence-qr").bounding_box()
            assert qr is not None
            assert qr["width"] >= 380  # scannable from the back of a room
            code_box = screen.locator(".pertinence-room-code").bounding_box()
            assert code_box is not None
            assert code_box["height"] >= 80
            assert axe_serious(screen) == []
            screen.get_by_role("button", name="Afficher").first.click()
            screen.wait_for_function(
                "() => [...document.querySelectorAll('.pertinence-panel img')]"
                ".some(i => i.complete && i.naturalWidth > 100)",
                timeout=30_000,
            )
            SCREENSHOT.parent.mkdir(exist_ok=True)
            screen.screenshot(path=str(SCREENSHOT))
        finally:
            browser.close()

    assert outside(seen) == []
    assert failed == []
    new = [
        json.loads((cohort / n).read_text("utf-8"))
        for n in {p.name for p in cohort.glob("*.json")} - before
    ]
    assert [s["status"] for s in new] == ["submitted"]
    assert new[0]["organisation"]["name"] == ORGANISATION["name"]
    assert new[0]["answers"]["capacity.2"] == READY_ANSWERS["capacity.2"]
    assert "Traceback" not in server.log()
    print(f"room: page → questionnaire interactive {interactive:.1f} s")


def test_without_the_code_nothing_is_served_and_code_cannot_run(room, tmp_path):
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    server, cohort = room
    answers_file = sorted(cohort.glob("*.json"))[0].name
    marker = tmp_path / "executed"
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_context(**PHONE).new_page()
            page.goto(server.url)
            expect(page.get_by_label("Code de l'atelier")).to_be_visible()
            assert page.evaluate("document.documentElement.lang") == "fr-CA"
            assert axe_serious(page) == []
            page.get_by_label("Code de l'atelier").fill("AAAAA")
            page.get_by_role("button", name="Rejoindre").click()
            expect(page.get_by_role("alert")).to_contain_text("n'est pas celui de l'atelier")
            assert axe_serious(page) == []
            page.get_by_role("link", name="English").click()
            expect(page.get_by_label("Workshop code")).to_be_visible()
            assert axe_serious(page) == []

            probes = [
                "/static/main.js",
                f"/static/public/{answers_file}",
                f"/_solara/cdn/..%2f..%2f..%2f{cohort.name}/{answers_file}",
                f"/..%2f..%2f{cohort.name}/{answers_file}",
                "/jupyter/nbextensions/../../../etc/passwd",
                "/resourcefiles",
                "/readyz",
                "/facilitator",
            ]

            def statuses() -> dict[str, int]:
                return {
                    path: page.request.get(server.url.rstrip("/") + path).status for path in probes
                }

            assert set(statuses().values()) == {403}
            ws_js = """async (url) => await new Promise(done => {
                const ws = new WebSocket(url);
                ws.onopen = () => done("open");
                ws.onerror = () => done("refused");
            })"""
            kernel_url = f"ws://127.0.0.1:{server.port}/jupyter/api/kernels/{uuid.uuid4()}/channels?session_id=x"
            assert page.evaluate(ws_js, kernel_url) == "refused"

            # with the code: Solara's files, but no folder, no answers file, no facilitator
            page.goto(f"{server.url}?code={CODE.lower()}")
            expect(page.locator(".pertinence-app")).to_be_visible(timeout=60_000)
            found = statuses()
            assert found.pop("/static/main.js") == 200
            assert set(found.values()) == {403}, found
            execute = """async ([url, code]) => await new Promise(done => {
                const ws = new WebSocket(url);
                ws.onopen = () => {
                  ws.send(JSON.stringify({
                    header: {msg_id: "m1", msg_type: "execute_request", session: "s",
                             username: "", version: "5.3", date: new Date().toISOString()},
                    parent_header: {}, metadata: {}, channel: "shell", buffers: [],
                    content: {code: code, silent: false, store_history: false,
                              user_expressions: {}, allow_stdin: false, stop_on_error: true}}));
                  setTimeout(() => { ws.close(); done("sent"); }, 2000);
                };
                ws.onerror = () => done("refused");
            })"""
            code = f"open({str(marker)!r}, 'w').write('ran')"
            assert page.evaluate(execute, [kernel_url, code]) == "sent"
        finally:
            browser.close()
    time.sleep(1)
    assert not marker.exists()
    assert "Traceback" not in server.log()


def test_a_restarted_server_keeps_the_code_and_the_drafts(tmp_path, request):
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    q = questionnaire_mod.load()
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    port = free_port()
    first = start_room(tmp_path, cohort, request, port=port, code=CODE, facilitator_key=KEY)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(**PHONE)
            page = context.new_page()
            page.goto(f"{first.url}?code={CODE}")
            name = page.get_by_label(q.profile_field("name").text("fr"))
            expect(name).to_be_editable(timeout=60_000)
            fill_profile(page, q, ORGANISATION)
            routing = next(x for x in q.questions if not x.scored and x.id in READY_ANSWERS)
            answer(page, q, routing.id, READY_ANSWERS[routing.id])
            expect(page.locator(".pertinence-status[role=status]")).to_be_visible(timeout=15_000)

            first.stop()
            (draft,) = (json.loads(f.read_text("utf-8")) for f in cohort.glob("*.json"))
            assert draft["status"] == "draft"
            assert draft["organisation"]["name"] == ORGANISATION["name"]
            assert draft["answers"][routing.id] == READY_ANSWERS[routing.id]

            # the same folder, no --code: the code, key and cookie secret are the stored ones
            second = start_room(tmp_path, cohort, request, port=port)
            deadline = time.monotonic() + 20
            while "K7QMX" not in second.log() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert f"{CODE}" in second.log()
            assert f"facilitator?key={KEY}" in second.log()
            # the page reconnects, finds its kernel gone and reloads by itself; the phone's
            # cookie still opens the questionnaire: a fresh one (its draft is on disk)
            page.wait_for_event("load", timeout=90_000)
            name = page.get_by_label(q.profile_field("name").text("fr"))
            expect(name).to_be_editable(timeout=60_000)
            expect(name).to_have_value("")
        finally:
            browser.close()
    assert stat_mode(cohort / codes.FILE_NAME) == 0o600
    assert len(list(cohort.glob("*.json"))) == 1


def stat_mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777


def test_a_closed_page_is_let_go_after_the_cull_timeout_and_its_answers_stay(tmp_path, request):
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    q = questionnaire_mod.load()
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    server = start_room(
        tmp_path,
        cohort,
        request,
        env={"PERTINENCE_CULL_TIMEOUT": "2s"},
        code=CODE,
        facilitator_key=KEY,
    )
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            screen = browser.new_context(**SCREEN).new_page()
            screen.goto(f"{server.url}facilitator?key={KEY}")
            joined = screen.locator("[data-count=joined] b")
            answering = screen.locator("[data-count=answering] b")
            expect(joined).to_have_text("0", timeout=60_000)

            phone_context = browser.new_context(**PHONE)
            phone = phone_context.new_page()
            phone.goto(f"{server.url}?code={CODE}")
            name = phone.get_by_label(q.profile_field("name").text("fr"))
            expect(name).to_be_editable(timeout=60_000)
            fill_profile(phone, q, ORGANISATION)
            routing = next(x for x in q.questions if not x.scored and x.id in READY_ANSWERS)
            answer(phone, q, routing.id, READY_ANSWERS[routing.id])
            expect(joined).to_have_text("1", timeout=15_000)
            expect(answering).to_have_text("1", timeout=15_000)

            # the page is closed (a phone asleep looks the same to the server): not counted,
            # its kernel culled after the timeout, its answers kept
            phone_context.close()
            expect(joined).to_have_text("0", timeout=15_000)
            time.sleep(4)
            expect(answering).to_have_text("1")

            # the waiting notice: a page whose kernel does not answer says so, in French
            slow = browser.new_context(**PHONE).new_page()
            slow.route_web_socket(re.compile(".*/jupyter/api/kernels/.*"), lambda ws: None)
            slow.goto(f"{server.url}?code={CODE}")
            wait = slow.locator("#pertinence-wait")
            expect(wait).to_contain_text("Le questionnaire arrive")
            expect(wait).to_contain_text("Le serveur est très occupé", timeout=15_000)
            expect(wait).to_have_attribute("role", "status")
        finally:
            browser.close()
    (draft,) = (json.loads(f.read_text("utf-8")) for f in cohort.glob("*.json"))
    assert draft["answers"] == {routing.id: READY_ANSWERS[routing.id]}
    assert "Traceback" not in server.log()


def test_two_groups_in_one_server_keep_their_own_language(room):
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    server, _ = room
    q = questionnaire_mod.load()
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            french = browser.new_context(**PHONE).new_page()
            english = browser.new_context(**PHONE).new_page()
            french.goto(f"{server.url}?code={CODE}")
            english.goto(f"{server.url}?code={CODE}&lang=en")
            fr_name = french.get_by_label(q.profile_field("name").text("fr"))
            en_name = english.get_by_label(q.profile_field("name").text("en"))
            expect(fr_name).to_be_editable(timeout=60_000)
            expect(en_name).to_be_editable(timeout=60_000)
            assert english.evaluate("document.documentElement.lang") == "en-CA"
            expect(english).to_have_title(q.title("en"))
            # the French group switches to English and back; the English group stays English
            french.get_by_role("button", name="English", exact=True).click()
            expect(french.get_by_label(q.profile_field("name").text("en"))).to_be_visible()
            expect(french).to_have_title(q.title("en"))
            french.wait_for_function("() => document.documentElement.lang === 'en-CA'")
            expect(en_name).to_be_visible()
            french.get_by_role("button", name="Français", exact=True).click()
            expect(fr_name).to_be_visible()
            french.wait_for_function("() => document.documentElement.lang === 'fr-CA'")
            assert english.evaluate("document.documentElement.lang") == "en-CA"
            expect(english.get_by_role("button", name="Next →")).to_be_visible()
            expect(french.get_by_role("button", name="Suivant →")).to_be_visible()
        finally:
            browser.close()
    assert "Traceback" not in server.log()
