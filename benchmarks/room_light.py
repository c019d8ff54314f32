"""A light protocol client: what a group's page asks of the server, without a browser drawing it.

For each group: fetch the page (following the join redirect, keeping cookies) and the static
files it links, open the kernel websocket and do what the page's JavaScript does until the
questionnaire's widget state has arrived (recorded from a real Chromium with Playwright's
``page.on("websocket")``), then send one widget update (a tap on a choice group's first
option, as a click does) and wait until the server has handled it. Two dialects:

- **Voilà** (``/api/kernels/<id>/channels``, the id is in the page; binary
  ``v1.kernel.websocket.jupyter.org`` frames): ``kernel_info_request``; ``comm_open`` on
  ``jupyter.widget.control`` then ``comm_msg {"method": "request_states"}`` → one
  ``update_states`` message holding every widget's state.
- **Solara** (``/jupyter/api/kernels/<new uuid>/channels``, JSON text frames, the
  ``solara-session-id`` cookie): ``kernel_info_request``; ``comm_open`` on ``solara.control``
  then ``comm_msg {"method": "run", "args": {"path": "/"}}`` → a ``comm_open`` per widget,
  then ``status: idle``.

Times: interactive = page request → the kernel is idle after sending the widget state;
click = update sent → the kernel is idle after handling it (echo, answered count, gauges sent).
"""

from __future__ import annotations

import asyncio
import json
import re
import struct
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
_ASSET = re.compile(r"""<(?:script[^>]*\ssrc|link[^>]*\shref)=["']([^"']+)["']""", re.IGNORECASE)
_VOILA_KERNEL = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


@dataclass
class LightResult:
    """One light group's figures (seconds) or its failure."""

    index: int
    interactive: float | None = None
    click: float | None = None
    static_files: int = 0
    widgets: int = 0
    blank: bool = False
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def encode_v1(msg: dict[str, Any]) -> bytes:
    """A kernel message as a ``v1.kernel.websocket.jupyter.org`` binary frame."""
    parts = [
        msg["channel"].encode(),
        json.dumps(msg["header"]).encode(),
        json.dumps(msg["parent_header"]).encode(),
        json.dumps(msg["metadata"]).encode(),
        json.dumps(msg["content"]).encode(),
    ]
    count = len(parts) + 1
    offsets = [8 * (count + 1)]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return struct.pack(f"<{count + 1}Q", count, *offsets) + b"".join(parts)


def decode_v1(frame: bytes) -> dict[str, Any]:
    """A ``v1.kernel.websocket.jupyter.org`` binary frame as a kernel message (no buffers)."""
    count = struct.unpack_from("<Q", frame, 0)[0]
    offsets = list(struct.unpack_from(f"<{count}Q", frame, 8)) + [len(frame)]
    part = [frame[offsets[i] : offsets[i + 1]] for i in range(min(count, 5))]
    return {
        "channel": part[0].decode(),
        "header": json.loads(part[1]),
        "parent_header": json.loads(part[2]),
        "metadata": json.loads(part[3]),
        "content": json.loads(part[4]),
    }


class KernelSocket:
    """A kernel websocket speaking one dialect: JSON text (Solara) or v1 binary (Voilà)."""

    def __init__(self, conn: WebSocketClientConnection, binary: bool):
        self.conn = conn
        self.binary = binary
        self.session = uuid.uuid4().hex

    async def send(
        self, msg_type: str, content: dict[str, Any], metadata: dict[str, Any] | None = None
    ) -> str:
        msg_id = uuid.uuid4().hex
        msg = {
            "channel": "shell",
            "header": {
                "msg_id": msg_id,
                "msg_type": msg_type,
                "session": self.session,
                "username": "",
                "version": "5.2",
                "date": datetime.now(timezone.utc).isoformat(),
            },
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
        }
        if self.binary:
            await self.conn.write_message(encode_v1(msg), binary=True)
        else:
            await self.conn.write_message(json.dumps({**msg, "buffers": []}))
        return msg_id

    async def receive(self) -> dict[str, Any]:
        frame = await self.conn.read_message()
        if frame is None:
            raise ConnectionError("the server closed the kernel websocket")
        if isinstance(frame, bytes):
            return decode_v1(frame)
        msg: dict[str, Any] = json.loads(frame)
        return msg

    async def until_idle(self, parent: str, seen: list[dict[str, Any]] | None = None) -> None:
        """Read messages until the kernel reports idle after handling message ``parent``."""
        while True:
            msg = await self.receive()
            if seen is not None:
                seen.append(msg)
            header = msg.get("parent_header") or {}
            if (
                header.get("msg_id") == parent
                and msg["header"]["msg_type"] == "status"
                and msg["content"].get("execution_state") == "idle"
            ):
                return


class Cookies(dict[str, str]):
    def take(self, headers: Any) -> None:
        for raw in headers.get_list("Set-Cookie"):
            name, _, rest = raw.partition("=")
            self[name.strip()] = rest.split(";", 1)[0].strip()

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.items())


async def fetch(url: str, cookies: Cookies, timeout: float) -> tuple[str, str]:
    """GET ``url`` following redirects by hand (so that each hop's cookies are kept);
    returns the final URL and body."""
    client = AsyncHTTPClient()
    for _ in range(5):
        request = HTTPRequest(
            url,
            headers={"Cookie": cookies.header()} if cookies else {},
            follow_redirects=False,
            request_timeout=timeout,
            connect_timeout=timeout,
        )
        try:
            response = await client.fetch(request, raise_error=False)
        except HTTPClientError as exc:  # pragma: no cover - raise_error=False returns instead
            raise ConnectionError(str(exc)) from exc
        cookies.take(response.headers)
        if response.code in (301, 302, 303, 307, 308):
            url = urljoin(url, response.headers["Location"])
            continue
        if response.code != 200:
            raise ConnectionError(f"GET {url}: HTTP {response.code}")
        return url, response.body.decode("utf-8", errors="replace")
    raise ConnectionError(f"GET {url}: too many redirects")


async def fetch_static(page_url: str, html: str, cookies: Cookies, timeout: float) -> int:
    """Fetch every same-origin script and style sheet the page links; how many."""
    origin = urlsplit(page_url).netloc
    urls = {urljoin(page_url, m) for m in _ASSET.findall(html)}
    urls = {u for u in urls if urlsplit(u).netloc == origin}
    await asyncio.gather(*(fetch(u, cookies, timeout) for u in urls))
    return len(urls)


def _ws_url(page_url: str, path: str) -> str:
    parts = urlsplit(page_url)
    return f"ws://{parts.netloc}{path}"


async def _greet(ks: KernelSocket, timeout: float) -> str:
    """What every page does first: ask the kernel's info, wait for it; a fresh comm id."""
    info = await ks.send("kernel_info_request", {})
    await asyncio.wait_for(ks.until_idle(info), timeout)
    return uuid.uuid4().hex


async def _first_choice_solara(
    ks: KernelSocket, timeout: float
) -> tuple[tuple[str, dict[str, Any]], int]:
    messages: list[dict[str, Any]] = []
    comm = await _greet(ks, timeout)
    await ks.send("comm_open", {"comm_id": comm, "target_name": "solara.control", "data": {}})
    run = await ks.send(
        "comm_msg",
        {
            "comm_id": comm,
            "data": {
                "method": "run",
                "args": {"path": "/", "dark": False, "themes": {}, "appName": None},
            },
        },
    )
    await asyncio.wait_for(ks.until_idle(run, messages), timeout)
    states: dict[str, dict[str, Any]] = {}
    for m in messages:  # each widget's state as opened, then as updated since
        kind, content = m["header"]["msg_type"], m["content"]
        data = content.get("data", {}) or {}
        if kind == "comm_open":
            states[content["comm_id"]] = dict(data.get("state", {}) or {})
        elif kind == "comm_msg" and data.get("method") == "update":
            states.setdefault(content["comm_id"], {}).update(data.get("state", {}) or {})
    return _first_choice(states), len(states)


async def _first_choice_voila(
    ks: KernelSocket, timeout: float
) -> tuple[tuple[str, dict[str, Any]], int]:
    messages: list[dict[str, Any]] = []
    comm = await _greet(ks, timeout)
    await ks.send(
        "comm_open",
        {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}},
        {"version": "1.0.0"},
    )
    ask = await ks.send("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}})
    await asyncio.wait_for(ks.until_idle(ask, messages), timeout)
    await ks.send("comm_close", {"comm_id": comm, "data": {}})
    states: dict[str, Any] = {}
    for m in messages:
        data = m["content"].get("data", {}) if m["header"]["msg_type"] == "comm_msg" else {}
        if data.get("method") == "update_states":
            states = data["states"]
    return _first_choice({k: v.get("state", {}) for k, v in states.items()}), len(states)


def _first_choice(states: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    """The first single-choice question among the widget states (the app's choice group:
    options as ``[code, label]`` pairs, ``multiple`` false), and the update a tap on its
    first option sends."""
    for comm_id, state in states.items():
        if state.get("options") and state.get("multiple") is False and "value" in state:
            return comm_id, {"value": [state["options"][0][0]]}
    raise LookupError("no single-choice question in the widget state")


async def light_group(
    index: int,
    url: str,
    dialect: str,
    *,
    delay: float = 0.0,
    timeout: float = 120.0,
    keep: list[WebSocketClientConnection] | None = None,
) -> LightResult:
    """One group through the protocol alone (``dialect``: ``"voila"`` or ``"solara"``).

    The websocket stays open when ``keep`` is given (appended to it): the server then holds
    every group until the caller closes them, as it would in a room."""
    result = LightResult(index)
    await asyncio.sleep(delay)
    cookies = Cookies()
    start = time.perf_counter()
    conn: WebSocketClientConnection | None = None
    try:
        page_url, html = await fetch(url, cookies, timeout)
        result.static_files = await fetch_static(page_url, html, cookies, timeout)
        session = uuid.uuid4()
        if dialect == "voila":
            found = _VOILA_KERNEL.search(html)
            if not found:
                raise LookupError("no kernel id in the page (a blank page)")
            path = f"/api/kernels/{found.group(1)}/channels?session_id={session}"
            protocols = [V1_PROTOCOL]
        else:
            path = f"/jupyter/api/kernels/{uuid.uuid4()}/channels?session_id={session}"
            protocols = []
        request = HTTPRequest(
            _ws_url(page_url, path),
            headers={"Cookie": cookies.header()},
            connect_timeout=timeout,
            request_timeout=timeout,
        )
        conn = await websocket_connect(
            request, subprotocols=protocols or None, max_message_size=256 * 1024 * 1024
        )
        if keep is not None:
            keep.append(conn)
        ks = KernelSocket(conn, binary=conn.selected_subprotocol == V1_PROTOCOL)
        if dialect == "voila":
            (radio, tap), result.widgets = await _first_choice_voila(ks, timeout)
        else:
            (radio, tap), result.widgets = await _first_choice_solara(ks, timeout)
        result.interactive = time.perf_counter() - start
        clicked = time.perf_counter()
        update = await ks.send(
            "comm_msg",
            {
                "comm_id": radio,
                "data": {"method": "update", "state": tap, "buffer_paths": []},
            },
        )
        await asyncio.wait_for(ks.until_idle(update), timeout)
        result.click = time.perf_counter() - clicked
    except Exception as exc:  # a benchmark counts failures, it does not stop
        # no widget state within the deadline (page, websocket or state): a blank page
        result.blank = result.interactive is None
        kind = "blank: " if result.blank else ""
        result.error = f"{kind}{type(exc).__name__}: {str(exc)[:200]}"
    finally:
        if conn is not None and keep is None:
            conn.close()
    return result


async def light_groups(
    url: str,
    dialect: str,
    groups: int,
    *,
    spread: float = 60.0,
    timeout: float = 120.0,
    on_all_done: Any = None,
) -> list[LightResult]:
    """``groups`` light clients arriving evenly over ``spread`` seconds (0: all at once).

    ``on_all_done()`` runs once every group is done, before the websockets close."""
    AsyncHTTPClient.configure(None, max_clients=max(groups * 4, 10))
    keep: list[WebSocketClientConnection] = []
    tasks: Sequence[Any] = [
        light_group(
            i, url, dialect, delay=spread * i / groups if groups else 0, timeout=timeout, keep=keep
        )
        for i in range(groups)
    ]
    try:
        results = list(await asyncio.gather(*tasks))
        if on_all_done is not None:
            on_all_done()
    finally:
        for conn in keep:
            conn.close()
    return results
