"""Five groups join `pertinence serve` in real Chromium pages, answer and submit at once.

The benchmark's own code (benchmarks/bench_room.py) at a size the test suite can afford: it
asserts what must hold in a room — each group's answers on disk exactly once, no questionnaire
without the workshop code, no group's file reachable with another group's cookie — never
timings (benchmarks/bench_room.py measures those).
"""

from __future__ import annotations

import asyncio
import base64
import http.client
import os
import uuid

import pytest

from benchmarks.bench_room import group_names, start_host
from benchmarks.room_browser import CHROMIUM_ARGS, landed, run_groups
from tests.browser import require_browser
from toolkit import questionnaire as questionnaire_mod
from toolkit.words import render

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GROUPS = 5


@pytest.fixture
def room(tmp_path, request):
    """`pertinence serve` on a free 127.0.0.1 port with an empty cohort folder."""
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    host = start_host("room", cohort, tmp_path, request.addfinalizer)
    assert host.kind == "room", host.notes  # the real server, not the benchmark's stand-in
    return host


def raw_get(port: int, path: str, cookies: dict[str, str]) -> tuple[int, str]:
    """GET ``path`` exactly as written (no normalising of ``..``), with ``cookies``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        header = "; ".join(f"{k}={v}" for k, v in cookies.items())
        conn.request("GET", path, headers={"Cookie": header} if header else {})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        conn.close()


def test_five_groups_submit_once_each_and_see_only_their_own(room, tmp_path):
    chromium = require_browser()
    names = group_names(GROUPS, uuid.uuid4().hex[:6])
    results = asyncio.run(
        run_groups(room.join_url, names, spread=5, chromium=chromium, think=0.05, deadline=120)
    )
    assert [r.error for r in results] == [None] * GROUPS
    assert all(r.submitted for r in results)

    # each group's submission landed exactly once, submitted, under its own name
    files = landed(room.cohort, names)
    assert {name: len(found) for name, found in files.items()} == dict.fromkeys(names, 1)
    assert {found[0]["status"] for found in files.values()} == {"submitted"}
    q = questionnaire_mod.load()
    required = {x.id for x in q.questions if x.required}
    for found in files.values():
        assert required <= set(found[0]["answers"])
    assert len(list(room.cohort.glob("*.json"))) == GROUPS

    # a group's cookie fetches no other group's file, by any path a server might expose
    port = room.server.port
    first, other = results[0], files[names[1]][0]
    assert first.cookies  # the join cookie the QR address set
    assert websocket_status(room.server.port, first.cookies) == 101
    sid = other["submission_id"]
    paths = [
        f"/{sid}.json",
        f"/cohort/{sid}.json",
        f"/files/{sid}.json",
        f"/static/{sid}.json",
        f"/static/public/{sid}.json",
        f"/static/../{sid}.json",
        f"/static/%2e%2e/{sid}.json",
        f"/static/..%2f{sid}.json",
        f"/_solara/cdn/../../{sid}.json",
        f"/jupyter/files/{sid}.json",
        f"/jupyter/nbextensions/../{sid}.json",
        f"/api/contents/{sid}.json",
        f"/static{room.cohort}/{sid}.json",
        f"/static/..{room.cohort}/{sid}.json",
        "/facilitator",
    ]
    for path in paths:
        status, body = raw_get(port, path, first.cookies)
        assert sid not in body, path
        assert names[1] not in body, path
        assert status != 200 or path != "/facilitator", path


def test_without_the_code_a_page_gets_the_join_page_not_the_questionnaire(room):
    chromium = require_browser()
    from playwright.sync_api import expect, sync_playwright

    q = questionnaire_mod.load()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="fr-CA")
            page.goto(room.base_url)
            expect(page.get_by_label(render("room.code_label", "fr"))).to_be_editable()
            # the join page has no script: what is not there at load never comes
            assert page.get_by_label(q.profile_field("name").text("fr")).count() == 0
            assert page.locator(".widget-radio-box, .jupyter-widgets").count() == 0
        finally:
            browser.close()

    # nor does a kernel open without the cookie: its websocket is refused before the upgrade
    assert websocket_status(room.server.port, {}) == 403


def websocket_status(port: int, cookies: dict[str, str]) -> int:
    """The HTTP status of a kernel websocket upgrade: 101 when it opens, 403 when refused."""
    path = f"/jupyter/api/kernels/{uuid.uuid4()}/channels?session_id={uuid.uuid4()}"
    headers = {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
        "Sec-WebSocket-Version": "13",
    }
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers)
        return conn.getresponse().status
    finally:
        conn.close()
