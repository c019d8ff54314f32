"""The room in a real browser: ``pertinence serve`` on 127.0.0.1, a phone joins by the QR
address, answers and submits; the facilitator screen counts it; nothing is served without the
code; nothing the pages load comes from anywhere but the laptop; axe-core finds nothing serious
on the join page and the facilitator screen. Saves the facilitator screen at 1920×1080 for the
README.

The faults of a workshop (issue 9, item 8), each end to end on a phone: a page reloaded, a
phone asleep longer than the cull timeout, the server stopped (SIGTERM) or killed (SIGKILL) and
started again. Each time the page says so or reloads by itself, and the group gets every answer
back by typing its resume code, and only its own; typing another group's name loads nothing."""

from __future__ import annotations

import json
import os
import re
import signal
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser import (
    ROOT,
    answer,
    fill_profile,
    free_port,
    launch_chromium,
    require_browser,
    room_argv,
    server_env,
    start_server,
)
from tests.cohort_factory import random_cohort, write_cohort
from tests.conftest import ORGANISATION, READY_ANSWERS
from toolkit import questionnaire as questionnaire_mod
from toolkit.app.markup import css_id
from toolkit.room import codes, shell

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
SCREENSHOT = ROOT / "screenshots" / "run" / "room-facilitator.png"  # ignored: runs differ
KERNEL_SOCKET = re.compile(r".*/jupyter/api/kernels/.*")  # a page's connection to its kernel


def start_room(
    tmp_path: Path,
    cohort: Path,
    request,
    port: int | None = None,
    env: dict[str, str] | None = None,
    **flags: str,
):
    port = port or free_port()
    argv = room_argv(cohort, port, **flags)
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


OTHER_ORGANISATION = {**ORGANISATION, "name": "Boulangerie des Cantons"}
# the answers of the first two steps (the profile's questions, the first dimension) for two
# groups that answer differently
FIRST_DIMENSION = "motivation"


def first_answers(q, **changes: object) -> dict[str, object]:
    """READY_ANSWERS to the questions of the first two steps, with ``changes``."""
    ids = [x.id for x in q.questions if not x.scored] + [
        x.id for x in q.questions_of(FIRST_DIMENSION)
    ]
    answers = {qid: READY_ANSWERS[qid] for qid in ids if qid in READY_ANSWERS}
    return {**answers, **changes}


def next_step(page) -> None:
    page.get_by_role("button", name="Suivant →").click()


def answer_questions(page, q, answers: dict[str, object], step: str) -> None:
    """Answer, on the step shown, the questions of ``answers`` that belong to it."""
    for qid, value in answers.items():
        if step_of(q, qid) == step:
            answer(page, q, qid, value)


def step_of(q, qid: str) -> str:
    question = q.question(qid)
    return question.dimension if question.scored else "profile"


def answer_first_steps(page, q, organisation, answers) -> None:
    """The profile and its questions, then the first dimension: answers on two steps."""
    fill_profile(page, q, organisation)
    answer_questions(page, q, answers, "profile")
    next_step(page)
    answer_questions(page, q, answers, FIRST_DIMENSION)


def finish_and_submit(page, q, expect, after: str = "") -> None:
    """Answer the dimensions after ``after`` (all of them when empty), go to the review and
    submit; the result is shown."""
    dimensions = [d.id for d in q.dimensions]
    for dimension in dimensions[dimensions.index(after) + 1 if after else 0 :]:
        next_step(page)
        answer_questions(page, q, READY_ANSWERS, dimension)
    next_step(page)  # the stakeholder map (optional)
    next_step(page)  # review
    expect(page.get_by_text("Toutes les questions ont une réponse")).to_be_visible()
    page.get_by_role("button", name="Soumettre nos réponses").click()
    expect(page.locator(".pertinence-recommendation")).to_be_visible(timeout=60_000)


def expect_answers(page, q, organisation, answers, expect) -> None:
    """The widgets of the first two steps show ``organisation`` and ``answers`` (the page is on
    the first step; it ends on the second)."""
    expect(page.get_by_label(q.profile_field("name").text("fr"))).to_have_value(
        organisation["name"]
    )
    for field_id in ("sector", "size", "region"):
        field = q.profile_field(field_id)
        label = next(o.label("fr") for o in field.options if o.code == organisation[field_id])
        chosen = page.get_by_label(field.text("fr"))
        expect(chosen.locator("option:checked")).to_have_text(label)
    for step in ("profile", FIRST_DIMENSION):
        if step != "profile":
            next_step(page)
        for qid, value in answers.items():
            if step_of(q, qid) != step:
                continue
            question = q.question(qid)
            block = page.locator(f".{css_id(qid)}")
            codes_ = value if isinstance(value, list) else [value]
            for option in question.scale.options:
                role = "checkbox" if question.scale.type == "multi" else "radio"
                box = block.get_by_role(role, name=option.label("fr"), exact=True)
                if option.code in codes_:
                    expect(box).to_be_checked()
                else:
                    expect(box).not_to_be_checked()


def open_questionnaire(browser, server, q, expect):
    """A phone joins by the QR address; the questionnaire is ready to be typed in."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{server.url}?code={CODE}")
    expect(page.get_by_label(q.profile_field("name").text("fr"))).to_be_editable(timeout=60_000)
    return page


def resume_code_on(page, expect) -> str:
    """The resume code the page shows under the progress bar (``K7P-4QX``)."""
    shown = page.locator(".pertinence-code strong")
    expect(shown).to_have_text(re.compile(r"^[0-9A-Z]{3}-[0-9A-Z]{3}$"), timeout=15_000)
    return shown.inner_text().strip()


def fall_asleep(page) -> dict[str, bool]:
    """The phone sleeps: no network, and its connection to the kernel gone with it (the
    browser's offline mode leaves an open websocket alone and may let a new one through, so
    the kernel's socket is closed and new ones refused). Returns the switch :func:`wake` turns
    off; the page carries a marker that a reload would lose."""
    asleep = {"now": True}

    def kernel_socket(ws) -> None:
        if asleep["now"]:
            ws.close()
        else:
            ws.connect_to_server()

    page.route_web_socket(KERNEL_SOCKET, kernel_socket)
    page.evaluate("() => { window.pertinenceAsleep = true; }")
    page.context.set_offline(True)
    assert page.evaluate("() => solara.debug.dropConnection()")
    return asleep


def wake(page, asleep: dict[str, bool]) -> None:
    asleep["now"] = False
    page.context.set_offline(False)


def expect_fresh_questionnaire(page, q, code: str, expect, timeout: float = 60_000) -> None:
    """A fresh questionnaire (nothing in it), the tab's last resume code shown above it."""
    name = page.get_by_label(q.profile_field("name").text("fr"))
    expect(name).to_be_editable(timeout=timeout)
    expect(name).to_have_value("")
    expect(page.locator("#pertinence-hint")).to_contain_text(code)
    expect(page.locator("#pertinence-hint")).to_contain_text("Reprendre avec notre code")
    expect(page.locator("#pertinence-wait")).to_be_hidden()


def resume(page, code: str, expect) -> None:
    """Type the code in "Reprendre avec notre code" (the first step), as a phone would: lower
    case, no dash."""
    box = page.locator(".pertinence-resume")
    field = box.get_by_label("Reprendre avec notre code")
    field.fill(code.lower().replace("-", ""))
    field.press("Tab")
    box.get_by_role("button", name="Reprendre notre brouillon").click()
    expect(page.get_by_text("Brouillon repris")).to_be_visible(timeout=30_000)
    expect(page.locator(".pertinence-code strong")).to_have_text(code)
    expect(page.locator("#pertinence-hint")).to_be_hidden()


def files_of(cohort: Path, code: str) -> list[dict]:
    """The answers files holding the resume code ``code`` (``K7P-4QX``)."""
    found = [json.loads(f.read_text("utf-8")) for f in cohort.glob("*.json")]
    return [raw for raw in found if raw.get("resume_code") == code.replace("-", "")]


def wait_for_draft(cohort: Path, code: str, organisation, answers, timeout: float = 20) -> dict:
    """The group's one draft on disk, once it holds every answer given."""
    deadline = time.monotonic() + timeout
    while True:
        drafts = files_of(cohort, code)
        if len(drafts) == 1 and drafts[0]["answers"] == answers:
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"{code}: {drafts}")
        time.sleep(0.2)
    (draft,) = drafts
    assert draft["status"] == "draft"
    assert draft["organisation"] == organisation
    return draft


def start_draft(browser, server, cohort: Path, q, answers, expect):
    """A group opens the questionnaire, answers the first steps, and its draft reaches the
    disk: ``(page, resume code)``."""
    page = open_questionnaire(browser, server, q, expect)
    answer_first_steps(page, q, ORGANISATION, answers)
    code = resume_code_on(page, expect)
    wait_for_draft(cohort, code, ORGANISATION, answers)
    return page, code


def answer_everything(page, q, expect) -> None:
    fill_profile(page, q, ORGANISATION)
    answer_questions(page, q, READY_ANSWERS, "profile")
    for d in q.dimensions:
        next_step(page)
        answer_questions(page, q, READY_ANSWERS, d.id)
    next_step(page)  # the stakeholder map (optional)
    next_step(page)  # review
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
            expect(screen.locator(".pertinence-panel [role=img]").first).to_be_visible(
                timeout=30_000
            )
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
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


def test_a_reloaded_page_gets_every_answer_back_with_its_code_and_goes_on(room):
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    server, cohort = room
    q = questionnaire_mod.load()
    answers = first_answers(q)
    before = {p.name for p in cohort.glob("*.json")}
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page, code = start_draft(browser, server, cohort, q, answers, expect)

            # a nap shorter than the cull timeout: the page says so, then goes on as it was
            asleep = fall_asleep(page)
            wait = page.locator("#pertinence-wait")
            expect(wait).to_contain_text("Connexion au serveur perdue", timeout=10_000)
            page.wait_for_timeout(shell.LOST_SECONDS * 1000 + 2000)  # asks, nobody answers
            expect(wait).to_contain_text(f"Votre code de reprise : {code}")
            wake(page, asleep)
            expect(wait).to_be_hidden(timeout=20_000)
            assert page.evaluate("() => window.pertinenceAsleep === true")  # not reloaded
            next_step(page)  # its kernel answers
            expect(page.locator(f".{css_id('audience.1')}")).to_be_visible()

            page.reload()
            expect_fresh_questionnaire(page, q, code, expect)
            assert axe_serious(page) == []  # the code shown above the page included
            resume(page, code, expect)
            expect_answers(page, q, ORGANISATION, answers, expect)
            finish_and_submit(page, q, expect, after=FIRST_DIMENSION)
            # submitted: the tab forgets the code, a reload shows it no more
            page.wait_for_function("() => !sessionStorage.getItem('pertinence-resume-code')")
            page.reload()
            expect(page.get_by_label(q.profile_field("name").text("fr"))).to_be_editable()
            expect(page.locator("#pertinence-hint")).to_be_hidden()
        finally:
            browser.close()
    (mine,) = {p.name for p in cohort.glob("*.json")} - before  # exactly one file
    submitted = json.loads((cohort / mine).read_text("utf-8"))
    assert submitted["status"] == "submitted"
    assert submitted["resume_code"] == code.replace("-", "")
    assert submitted["answers"] == {
        qid: value for qid, value in READY_ANSWERS.items() if qid in submitted["answers"]
    }
    assert set(answers) <= set(submitted["answers"])
    assert "Traceback" not in server.log()


CULL = 3  # seconds: PERTINENCE_CULL_TIMEOUT for the test (the documented default is 30 min)


def test_a_phone_asleep_past_the_cull_timeout_is_told_then_resumes_with_its_code(tmp_path, request):
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    q = questionnaire_mod.load()
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    env = {"PERTINENCE_CULL_TIMEOUT": f"{CULL}s"}
    server = start_room(tmp_path, cohort, request, env=env, code=CODE, facilitator_key=KEY)
    answers = first_answers(q)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page, code = start_draft(browser, server, cohort, q, answers, expect)

            asleep = fall_asleep(page)
            fell_asleep = time.monotonic()
            wait = page.locator("#pertinence-wait")
            expect(wait).to_contain_text("Connexion au serveur perdue", timeout=10_000)
            expect(wait).to_contain_text("Les réponses déjà données sont enregistrées")
            expect(wait).to_contain_text(f"Votre code de reprise : {code}")
            # past the cull timeout and past the time when the page starts asking the server:
            # still this page (no browser error page), still saying so
            slept = time.monotonic() - fell_asleep
            page.wait_for_timeout(max(0, max(CULL, shell.LOST_SECONDS) + 2 - slept) * 1000)
            assert page.evaluate("() => window.pertinenceAsleep === true")
            expect(wait).to_contain_text("Connexion au serveur perdue")

            # awake: its kernel was let go, so the page reloads by itself (a page whose kernel
            # is still there goes on without reloading: see the reload test), a fresh
            # questionnaire with the code above it
            wake(page, asleep)
            expect_fresh_questionnaire(page, q, code, expect, timeout=30_000)
            assert page.evaluate("() => window.pertinenceAsleep === undefined")
            resume(page, code, expect)
            expect_answers(page, q, ORGANISATION, answers, expect)
        finally:
            browser.close()
    wait_for_draft(cohort, code, ORGANISATION, answers)
    assert len(list(cohort.glob("*.json"))) == 1
    assert "Traceback" not in server.log()


def kill(server, how: signal.Signals) -> None:
    """Stop the server by its PID: SIGTERM (it shuts down) or SIGKILL (it just dies)."""
    server.proc.send_signal(how)
    server.proc.wait(timeout=20)


def test_a_server_stopped_or_killed_mid_workshop_gives_each_group_its_own_answers(
    tmp_path, request
):
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    q = questionnaire_mod.load()
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    port = free_port()
    server = start_room(tmp_path, cohort, request, port=port, code=CODE, facilitator_key=KEY)
    groups = [
        (ORGANISATION, first_answers(q)),
        (OTHER_ORGANISATION, first_answers(q, **{"motivation.1": "2", "motivation.4": "no"})),
    ]
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            pages, group_codes = [], []
            for organisation, answers in groups:
                page = open_questionnaire(browser, server, q, expect)
                answer_first_steps(page, q, organisation, answers)
                group_codes.append(resume_code_on(page, expect))
                pages.append(page)
            for (organisation, answers), code in zip(groups, group_codes, strict=True):
                wait_for_draft(cohort, code, organisation, answers)

            for how in (signal.SIGTERM, signal.SIGKILL):
                kill(server, how)
                for page in pages:  # the pages say so
                    expect(page.locator("#pertinence-wait")).to_contain_text(
                        "Connexion au serveur perdue", timeout=15_000
                    )
                # the same folder and port, no --code: the code, key and cookie secret are
                # the stored ones; the pages reload by themselves, their cookies still valid
                server = start_room(tmp_path, cohort, request, port=port)
                assert f"{CODE}" in server.log()
                assert f"facilitator?key={KEY}" in server.log()
                for page, code in zip(pages, group_codes, strict=True):
                    expect_fresh_questionnaire(page, q, code, expect)
                for page, code, (organisation, answers) in zip(
                    pages, group_codes, groups, strict=True
                ):
                    resume(page, code, expect)  # each code opens its own group's draft
                    expect_answers(page, q, organisation, answers, expect)

            # another page types the first group's name: told it is taken, given nothing of it
            other = open_questionnaire(browser, server, q, expect)
            name = other.get_by_label(q.profile_field("name").text("fr"))
            name.fill(ORGANISATION["name"])
            name.press("Tab")
            prompt = other.locator(".pertinence-draft-prompt")
            expect(prompt).to_contain_text("Un autre brouillon porte déjà le nom", timeout=15_000)
            expect(other.locator("#pertinence-hint")).to_be_hidden()
            routing = next(x for x in q.questions if not x.scored and x.id in READY_ANSWERS)
            expect(other.locator(f".{css_id(routing.id)} input:checked")).to_have_count(0)
            own_code = resume_code_on(other, expect)  # its own draft, saved apart
            content = other.content()
            assert not any(code in content for code in group_codes)
            assert OTHER_ORGANISATION["name"] not in content
        finally:
            browser.close()
    for (organisation, answers), code in zip(groups, group_codes, strict=True):
        wait_for_draft(cohort, code, organisation, answers)
    # the third page's draft holds its name alone
    unset = {"sector": None, "size": None, "region": None}
    wait_for_draft(cohort, own_code, {"name": ORGANISATION["name"], **unset}, {})
    assert len(list(cohort.glob("*.json"))) == 3
    assert stat_mode(cohort / codes.FILE_NAME) == 0o600
    assert "Traceback" not in server.log()


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
            slow.route_web_socket(KERNEL_SOCKET, lambda ws: None)
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


IDLE_WRITES = """() => new Promise((done) => {
  let htmlWrites = 0;
  new MutationObserver((m) => { htmlWrites += m.length; })
    .observe(document.documentElement, {attributes: true});
  history.replaceState({top: 42}, "", location.href);
  const scrollStateKept = Boolean(history.state && history.state.top === 42);
  history.replaceState({top: 1, step: 2}, "", location.href);
  const otherStateKept = Boolean(history.state && history.state.step === 2);
  setTimeout(() => done({htmlWrites, scrollStateKept, otherStateKept}), 1600);
})"""


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
            # an idle page writes nothing (the shell's watcher runs twice a second on every
            # phone), and Solara's scroll bookkeeping adds no history write
            idle = english.evaluate(IDLE_WRITES)
            assert idle == {"htmlWrites": 0, "scrollStateKept": False, "otherStateKept": True}
        finally:
            browser.close()
    assert "Traceback" not in server.log()
