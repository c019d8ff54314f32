"""The room server without a browser: codes kept in the cohort folder, the gate (cookies,
join page, what is refused), refusal lines of ``pertinence serve``, the LAN address, the
facilitator's counts, and groups that do not share a language in one process."""

from __future__ import annotations

import html
import json
import os
import socket
import stat
import time
import warnings
from pathlib import Path

import pytest
from starlette.websockets import WebSocketDisconnect

from tests.browser import room_argv
from tests.cohort_factory import random_cohort, write_cohort
from toolkit import cli, store, words
from toolkit.questionnaire import default
from toolkit.room import codes, network, presence, serve, shell
from toolkit.room import gate as gate_mod
from toolkit.room.codes import FACILITATOR, PARTICIPANT
from toolkit.room.config import HOST_COOKIE, JOIN_COOKIE, LANG_COOKIE, Room, set_room
from toolkit.room.gate import Gate

with warnings.catch_warnings():
    # starlette 1.10 prefers the httpx2 package for its test client; httpx works the same
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
CODE = "K7QMX"
KEY = "clef-animateur"


# --------------------------------------------------------------------------------------------
# Codes


def test_a_new_code_is_five_unambiguous_characters():
    for _ in range(200):
        code = codes.new_code()
        assert len(code) == 5
        assert set(code) <= set(codes.ALPHABET)
    assert not set("0O1IL2Z5S8B") & set(codes.ALPHABET)


def test_codes_persist_in_the_cohort_folder_readable_by_the_owner_only(tmp_path):
    first = codes.load_or_create(tmp_path)
    path = tmp_path / codes.FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = codes.load_or_create(tmp_path)
    assert again == first  # a restarted server keeps code, key and cookie secret
    chosen = codes.load_or_create(tmp_path, code="ab-cd e", facilitator_key="k")
    assert (chosen.code, chosen.facilitator_key, chosen.secret) == ("ABCDE", "k", first.secret)
    assert json.loads(path.read_text(encoding="utf-8"))["code"] == "ABCDE"
    assert codes.load_or_create(tmp_path).code == "ABCDE"
    assert sorted(p.name for p in tmp_path.iterdir()) == [codes.FILE_NAME]  # no temp left


def test_the_cohort_loader_ignores_the_codes_file(tmp_path):
    codes.load_or_create(tmp_path)
    result = store.load_cohort(tmp_path)
    assert not result.problems
    assert store.count(tmp_path) == (0, 0)


def test_cookies_prove_a_role_and_nothing_else(tmp_path):
    room = codes.load_or_create(tmp_path, code=CODE, facilitator_key=KEY)
    participant, facilitator = room.cookie(PARTICIPANT), room.cookie(FACILITATOR)
    assert participant != facilitator
    assert len(participant) == 64
    assert room.role_of(participant) == PARTICIPANT
    assert room.role_of(facilitator) == FACILITATOR
    flipped = participant[:-1] + ("1" if participant[-1] == "0" else "0")
    assert room.role_of(flipped) is None
    assert room.role_of("") is None
    assert room.role_of(None) is None
    other = codes.RoomSecrets(CODE, KEY, "another secret")
    assert room.role_of(other.cookie(PARTICIPANT)) is None  # the HMAC needs the secret
    assert room.code_matches(" k7q-mx ")
    assert not room.code_matches("K7QMY")


# --------------------------------------------------------------------------------------------
# The gate


class Inner:
    """Stands for Solara: records what got through."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    async def __call__(self, scope, receive, send):
        self.paths.append(scope["path"])
        if scope["type"] == "websocket":
            await receive()
            await send({"type": "websocket.accept"})
            await send({"type": "websocket.close", "code": 1000})
            return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"solara file"})


@pytest.fixture
def room(tmp_path):
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    secrets = codes.load_or_create(cohort, code=CODE, facilitator_key=KEY)
    room = Room(cohort, secrets, "127.0.0.1", 8866, "fr")
    set_room(room)
    yield room
    set_room(None)


@pytest.fixture
def gate(room):
    inner = Inner()

    async def page(path: str, lang: str) -> str:
        return f"<html>solara page {path} {lang}</html>"

    client = TestClient(Gate(inner, room, page), base_url="http://127.0.0.1:8866")
    return client, inner


def joined(client, room, role=PARTICIPANT):
    name = JOIN_COOKIE if role == PARTICIPANT else HOST_COOKIE
    client.cookies.set(name, room.secrets.cookie(role))
    return client


def test_the_qr_address_sets_an_httponly_cookie_and_opens_the_questionnaire(gate, room):
    client, inner = gate
    response = client.get(f"/?code={CODE.lower()}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{JOIN_COOKIE}={room.secrets.cookie(PARTICIPANT)};")
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    page = client.get("/")
    assert page.text == "<html>solara page / fr</html>"
    assert page.headers["cache-control"] == "no-store"
    assert inner.paths == []  # the page comes from the gate; Solara only serves its files


def test_without_the_code_the_join_page_in_french_then_english(gate):
    client, inner = gate
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="fr-CA">' in page.text
    assert 'name="code"' in page.text
    assert '<label for="code">Code de l' in page.text
    assert 'href="/_room/room.css"' in page.text
    switched = client.get("/?lang=en", follow_redirects=False)
    assert switched.status_code == 303
    assert switched.headers["set-cookie"].startswith(f"{LANG_COOKIE}=en;")
    english = client.get("/")
    assert '<html lang="en-CA">' in english.text
    assert "Workshop code" in english.text
    css = client.get("/_room/room.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "http" not in css.text  # nothing fetched from elsewhere
    assert inner.paths == []


def test_a_wrong_code_says_so_and_gives_no_cookie(gate):
    client, _ = gate
    response = client.get("/?code=AAAAA")
    assert response.status_code == 403
    assert "set-cookie" not in response.headers
    assert 'role="alert"' in response.text
    assert html.escape(words.render("room.wrong_code", "fr")) in response.text
    assert client.get("/").text.count('name="code"') == 1  # still the join page


def test_too_many_wrong_codes_make_the_device_wait_even_with_the_right_one(gate, monkeypatch):
    client, _ = gate
    for _ in range(gate_mod.MAX_WRONG_CODES):
        assert client.get("/?code=AAAAA").status_code == 403
    waited = client.get(f"/?code={CODE}")  # right, but too late: no cookie for a minute
    assert waited.status_code == 429
    assert "set-cookie" not in waited.headers
    assert html.escape(words.render("room.too_many_codes", "fr")) in waited.text
    later = time.monotonic() + gate_mod.WRONG_CODE_WINDOW + 1
    monkeypatch.setattr(gate_mod.time, "monotonic", lambda: later)
    joined_now = client.get(f"/?code={CODE}", follow_redirects=False)
    assert joined_now.status_code == 303  # the minute past, the right code works
    assert JOIN_COOKIE in joined_now.headers["set-cookie"]


NO_COOKIE_PATHS = [
    "/static/main.js",
    "/static/public/x.json",
    "/static/assets/style.css",
    "/jupyter/nbextensions/jupyter-vuetify/nodeps.js",
    "/_solara/cdn/requirejs@2.3.6/require.js",
    "/jupyter/api/kernels/abc",
    "/readyz",
    "/resourcez",
    "/facilitator",
    "/cohort",
    "/api/contents",
]


@pytest.mark.parametrize("path", NO_COOKIE_PATHS)
def test_without_a_cookie_every_other_path_is_refused(gate, path):
    client, inner = gate
    response = client.get(path)
    assert response.status_code == 403, path
    assert inner.paths == []


def test_a_participant_cookie_gets_solara_files_and_nothing_else(gate, room):
    client, inner = joined(*[gate[0]], room), gate[1]
    for path in ("/static/main.js", "/_solara/cdn/requirejs@2.3.6/require.js"):
        assert client.get(path).text == "solara file", path
    refused = [
        "/static/public/answers.json",
        "/static/public",
        "/resourcefiles/x",
        "/resourcez",
        "/readyz",
        "/_solara/api/evict/abc",
        "/_solara/api/close/abc",  # a GET; a page closing POSTs
        f"/static/..%2f..%2f{room.cohort_dir.name}/a.json",
        "/static/%2e%2e/%2e%2e/cohort/a.json",
        "/..%2f..%2fcohort",
        "/static/assets/..\\..\\x",
        "/jupyter/nbextensions/../../../etc/passwd",
        "/cohort/",
        "/tree",
        "/api/kernels",
        "/facilitator",
        "/facilitator?key=wrong",
    ]
    before = list(inner.paths)
    for path in refused:
        assert client.get(path).status_code == 403, path
    assert inner.paths == before


def test_the_facilitator_key_opens_the_facilitator_screen_and_only_it_does(gate, room):
    client, _ = gate
    assert client.get("/facilitator?key=nope").status_code == 403
    response = client.get(f"/facilitator?key={KEY}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/facilitator"
    assert response.headers["set-cookie"].startswith(f"{HOST_COOKIE}=")
    assert "HttpOnly" in response.headers["set-cookie"]
    client.cookies.set(HOST_COOKIE, room.secrets.cookie(FACILITATOR))
    assert client.get("/facilitator").text == "<html>solara page /facilitator fr</html>"


def test_websockets_need_a_cookie_and_keep_the_role_that_opened_the_kernel(gate, room):
    client, inner = gate
    url = "/jupyter/api/kernels/k1/channels?session_id=s"
    with pytest.raises(WebSocketDisconnect), client.websocket_connect(url):
        pass
    assert inner.paths == []
    joined(client, room, FACILITATOR)
    with client.websocket_connect(url) as ws:
        ws.send_text("{}")
    assert inner.paths == ["/jupyter/api/kernels/k1/channels"]
    client.cookies.clear()
    joined(client, room, PARTICIPANT)
    with pytest.raises(WebSocketDisconnect), client.websocket_connect(url):
        pass  # a participant cannot attach to the facilitator's kernel
    with pytest.raises(WebSocketDisconnect), client.websocket_connect("/elsewhere/ws"):
        pass
    assert len(inner.paths) == 1
    # closing a page: only for a kernel this role opened
    assert client.post("/_solara/api/close/k1?session_id=s").status_code == 403
    assert client.post("/_solara/api/close/unknown?session_id=s").status_code == 403
    client.cookies.clear()
    joined(client, room, FACILITATOR)
    assert client.post("/_solara/api/close/k1?session_id=s").text == "solara file"


# --------------------------------------------------------------------------------------------
# What a kernel shows


def test_the_kernel_decides_from_the_cookie_not_the_path(room, monkeypatch):
    from toolkit.app import Questionnaire
    from toolkit.room.facilitator import FacilitatorScreen
    from toolkit.room.page import build

    monkeypatch.setenv("PERTINENCE_POLL_SECONDS", "0")
    participant = {JOIN_COOKIE: room.secrets.cookie(PARTICIPANT), LANG_COOKIE: "en"}
    app = build("/", participant)
    assert isinstance(app, Questionnaire)
    assert app.lang == "en"
    refused = build("/facilitator", participant)
    assert "pertinence-refused" in refused._dom_classes
    assert "pertinence-refused" in build("/", {})._dom_classes
    forged = {HOST_COOKIE: room.secrets.cookie(PARTICIPANT)}  # a participant's proof
    assert not isinstance(build("/facilitator", forged), FacilitatorScreen)
    screen = build("/facilitator", {HOST_COOKIE: room.secrets.cookie(FACILITATOR)})
    try:
        assert isinstance(screen, FacilitatorScreen)
        assert CODE in screen.head.value
        assert "<svg" in screen.head.value
    finally:
        screen.close()


# --------------------------------------------------------------------------------------------
# pertinence serve: refusals and what it prints


def serve_line(capsys, *argv: str) -> tuple[int, str]:
    status = cli.main(["serve", *argv])
    err = capsys.readouterr().err
    return status, err


def test_a_key_or_code_starting_with_a_dash_reaches_serve_whole(tmp_path):
    # the tests' and the benchmark's command line: a random key may start with "-"
    argv = room_argv(tmp_path, 8866, code="-K7QM", facilitator_key="-x_Y-z")
    args = cli.build_parser().parse_args(argv[1:])
    assert (args.code, args.facilitator_key, args.port) == ("-K7QM", "-x_Y-z", 8866)


def test_the_sample_cohort_is_refused_unless_demo(capsys, tmp_path):
    status, err = serve_line(capsys, "--cohort", str(ROOT / "data" / "sample_cohort"))
    assert status == 1
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert "--demo" in err
    assert "cohorte exemple" in err
    assert not (ROOT / "data" / "sample_cohort" / codes.FILE_NAME).exists()
    # another checkout of the repository: refused too, and served with --demo
    copy = tmp_path / "elsewhere" / "data" / "sample_cohort"
    copy.mkdir(parents=True)
    (tmp_path / "elsewhere" / "pyproject.toml").write_text("", encoding="utf-8")
    status, err = serve_line(capsys, "--cohort", str(copy))
    assert status == 1
    assert "--demo" in err
    room = serve.prepare(copy, demo=True, code="ABCDE")
    assert room.secrets.code == "ABCDE"


def test_a_missing_or_unwritable_folder_is_refused_in_one_line(capsys, tmp_path, monkeypatch):
    status, err = serve_line(capsys, "--cohort", str(tmp_path / "nope"), "--lang", "en")
    assert status == 1
    assert err.count("\n") == 1
    assert "does not exist" in err
    assert "mkdir" in err

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(codes.os, "open", refuse)
    status, err = serve_line(capsys, "--cohort", str(tmp_path))
    assert status == 1
    assert err.count("\n") == 1
    assert "ne peut pas écrire" in err
    assert "Traceback" not in err


def test_a_taken_port_and_an_empty_code_are_refused(capsys, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, err = serve_line(
            capsys, "--cohort", str(tmp_path), "--host", "127.0.0.1", "--port", str(port)
        )
    assert status == 1
    assert f"port {port}" in err
    assert "--port" in err
    status, err = serve_line(capsys, "--cohort", str(tmp_path), "--code=-.-")
    assert status == 1
    assert "--code" in err


def test_the_banner_gives_address_code_qr_and_facilitator_link(tmp_path):
    room = serve.prepare(tmp_path, host="127.0.0.1", port=8870, code=CODE, facilitator_key=KEY)
    text = serve.banner(room, "127.0.0.1", "fr")
    assert "http://127.0.0.1:8870" in text
    assert f"Code de l'atelier\u00a0: {CODE}" in text
    assert f"http://127.0.0.1:8870/?code={CODE}" in text
    assert f"http://127.0.0.1:8870/facilitator?key={KEY}" in text
    assert "\u2588" in text  # the QR code's blocks
    assert "--host 0.0.0.0" in text  # listening on 127.0.0.1: only this computer


# --------------------------------------------------------------------------------------------
# The LAN address


def test_the_lan_address_is_a_real_interface_or_localhost():
    address = network.lan_address()
    assert address == "127.0.0.1" or not address.startswith("127.")
    socket.inet_aton(address)
    assert network.public_host("0.0.0.0") == address
    assert network.public_host("127.0.0.1") == "127.0.0.1"


def test_without_a_network_the_address_falls_back_to_localhost(monkeypatch):
    class NoRoute:
        def __init__(self, *args):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

        def connect(self, _address):
            raise OSError(101, "Network is unreachable")

    monkeypatch.setattr(network.socket, "socket", NoRoute)
    monkeypatch.setattr(network.socket, "gethostbyname", lambda _name: "127.0.1.1")
    assert network.lan_address() == "127.0.0.1"


def test_the_qr_code_encodes_the_join_address():
    svg = network.qr_svg("http://192.168.1.20:8866/?code=K7QMX", "Code QR")
    assert svg.startswith("<svg")
    assert "<title>Code QR</title>" in svg
    assert network.join_url("192.168.1.20", 8866, "K7QMX") == "http://192.168.1.20:8866/?code=K7QMX"


# --------------------------------------------------------------------------------------------
# Counts and the page shell


def test_counts_answering_drafts_and_submissions_on_disk(tmp_path):
    def put(name, data):
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")

    put("a.json", {"status": "draft", "answers": {"motivation.1": "a"}})
    put("b.json", {"status": "draft", "answers": {}})
    put("c.json", {"status": "submitted", "answers": {"motivation.1": "a"}})
    put("d.json", {"status": "submitted", "answers": {}})
    put(".e.json", {"status": "submitted"})
    (tmp_path / "f.json").write_text("{not json", encoding="utf-8")
    codes.load_or_create(tmp_path)
    assert presence.folder_counts(tmp_path) == (1, 2)
    assert presence.counts(tmp_path) == presence.Counts(joined=0, answering=1, submitted=2)


def test_the_page_shell_names_the_language_and_questionnaire_and_waits_in_words():
    solara_like = (
        "<!doctype html>\n<html>\n<head><title>Solara ☀️</title></head>\n<body data-x='1'>"
        "<v-alert>App is disconnected, and may not function properly. Please refresh the page."
        "</v-alert><div>Server\n   disconnected.</div></body></html>"
    )
    page = shell.localise(solara_like, "fr", "Les médias sociaux, pour notre organisme ?")
    assert '<html lang="fr-CA">' in page
    assert "<title>Les médias sociaux, pour notre organisme ?</title>" in page
    assert "App is disconnected" not in page
    assert "disconnected." not in page
    assert words.render("room.disconnected", "fr") in page
    assert page.index('id="pertinence-wait"') > page.index("<body")
    assert words.render("room.wait", "fr") in page
    assert words.render("room.busy", "fr") in page
    assert '<html lang="en-CA">' in shell.localise(solara_like, "en", "x")


# --------------------------------------------------------------------------------------------
# One process, many groups: nothing shared


def test_two_groups_in_one_process_keep_their_own_language(tmp_path):
    from toolkit.app import Questionnaire

    before = words.get_language()
    french = Questionnaire(tmp_path, lang="fr")
    english = Questionnaire(tmp_path, lang="en")
    french_heading = french.step_heading.value
    english.language.value = "fr"
    english.language.value = "en"
    french.language.value = "en"
    french.language.value = "fr"
    assert french.step_heading.value == french_heading
    assert english.lang == "en"
    assert english.next_button.description == words.render("app.next", "en")
    assert french.next_button.description == words.render("app.next", "fr")
    assert words.get_language() == before


def test_the_facilitator_charts_leave_no_pyplot_figure(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    from toolkit.room.facilitator import FacilitatorScreen

    monkeypatch.setenv("PERTINENCE_POLL_SECONDS", "0")
    q = default()
    write_cohort(random_cohort(q, 8, seed=7), tmp_path)
    secrets = codes.load_or_create(tmp_path, code=CODE, facilitator_key=KEY)
    open_before = plt.get_fignums()
    screen = FacilitatorScreen(Room(tmp_path, secrets, "127.0.0.1", 8866), interval=0)
    try:
        assert screen.counts.submitted == 8
        for key in screen.dashboard.panels:
            screen.dashboard.reveal(key)
        assert all('role="img"' in p.chart.value for p in screen.dashboard.panels.values())
        assert plt.get_fignums() == open_before
    finally:
        screen.close()
    assert os.listdir(tmp_path).count(codes.FILE_NAME) == 1


def test_the_join_pages_language_goes_with_the_code(gate, room):
    client, _ = gate
    response = client.get(f"/?code={CODE}&lang=en", follow_redirects=False)
    assert response.status_code == 303
    set_cookies = response.headers.get_list("set-cookie")
    assert any(c.startswith(f"{JOIN_COOKIE}=") for c in set_cookies)
    assert any(c.startswith(f"{LANG_COOKIE}=en;") for c in set_cookies)
    assert client.get("/").text == "<html>solara page / en</html>"
    assert room.lang_of({LANG_COOKIE: "de"}) == "fr"  # an unknown language: the room's


def test_a_malformed_cookie_beside_ours_does_not_lock_a_group_out(gate, room):
    client, _ = gate
    proof = room.secrets.cookie(PARTICIPANT)
    headers = {"cookie": f'odd="unclosed; {JOIN_COOKIE}={proof}; x=a,b'}
    assert client.get("/", headers=headers).text == "<html>solara page / fr</html>"
