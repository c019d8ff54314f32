"""The door of the room: an ASGI layer in front of Solara that serves nothing without the
workshop code (or the facilitator's key), and only what the pages need with it.

* ``/?code=CODE`` (what the QR code encodes) sets the participant cookie (HttpOnly,
  SameSite=Lax, an HMAC of the code) and redirects to ``/``, the questionnaire;
* ``/`` without the cookie is the join page; a wrong code says so, and nothing else is served;
* ``/facilitator?key=KEY`` sets the facilitator cookie and redirects to ``/facilitator``;
* every other path without a valid cookie is refused (403), websockets included; with one,
  only Solara's page files, widget scripts and kernel websocket are let through (allow-list).
"""

from __future__ import annotations

import re
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, unquote

from starlette.requests import cookie_parser
from starlette.responses import HTMLResponse, RedirectResponse, Response

from .codes import FACILITATOR, PARTICIPANT
from .config import COOKIE_MAX_AGE, HOST_COOKIE, JOIN_COOKIE, LANG_COOKIE, Room
from .joinpage import CSS, CSS_PATH, join_page, refusal_page

ASGIApp = Callable[..., Awaitable[None]]
PageMaker = Callable[[str, str], Awaitable[str]]
SOLARA_SESSION = "solara-session-id"

# What a page with a valid cookie may fetch from Solara (prefixes), and what it never may.
ALLOWED = (
    "/static/",  # Solara's page scripts and its assets (not /static/public, below)
    "/jupyter/nbextensions/",  # the widget libraries' scripts
    "/_solara/cdn/",  # the browser libraries, from solara-assets on this laptop
    "/jupyter/api/kernels/",  # the page's virtual kernel (websocket)
    "/_solara/api/close/",  # a page says it is closing
)
# Wrong workshop codes from one address: past this many in the window, it waits (HTTP 429).
# Five characters give about 24 million codes: guessing one would take years at this pace.
MAX_WRONG_CODES = 10
WRONG_CODE_WINDOW = 60.0  # seconds
DENIED = ("/static/public", "/_solara/api/evict", "/resourcez", "/readyz")
# Encoded separators and dots, backslashes, NUL: no legitimate page file needs them.
_SUSPECT = re.compile(r"%2e|%2f|%5c|%00|\\|\x00", re.I)


def cookies_of(scope: dict[str, Any]) -> dict[str, str]:
    """The request's cookies, parsed as browsers send them (a malformed one is skipped, the
    others kept; the last value of a name wins)."""
    found: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            found.update(cookie_parser(value.decode("latin-1")))
    return found


def suspect(scope: dict[str, Any]) -> bool:
    """A path that climbs, hides a separator or a NUL (checked before and after decoding)."""
    raw = scope.get("raw_path") or scope.get("path", "").encode()
    text = raw.decode("latin-1")
    path = unquote(text)
    return bool(
        _SUSPECT.search(text) or ".." in path or "//" in path or "\\" in path or "\x00" in path
    )


def allowed_path(path: str) -> bool:
    """Whether a page with a valid cookie may fetch ``path`` (beyond the two pages)."""
    if any(path.startswith(denied) for denied in DENIED):
        return False
    return any(path.startswith(prefix) for prefix in ALLOWED)


def _cookie(response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name, value, max_age=COOKIE_MAX_AGE, path="/", httponly=True, samesite="lax"
    )


class Gate:
    """The ASGI application in front of ``inner`` (Solara's Starlette app).

    ``page(path, lang)`` returns the HTML of Solara's page (see :mod:`toolkit.room.shell`).
    ``kernel_roles`` remembers which role opened each virtual kernel, so a websocket of
    another role cannot attach to it.
    """

    def __init__(self, inner: ASGIApp, room: Room, page: PageMaker):
        self.inner = inner
        self.room = room
        self.page = page
        self.kernel_roles: dict[str, frozenset[str]] = {}
        self.wrong_codes: dict[str, deque[float]] = {}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await self.inner(scope, receive, send)
            return
        cookies = cookies_of(scope)
        roles = self.room.roles(cookies)
        if kind == "websocket":
            await self._websocket(scope, receive, send, roles)
            return
        response = await self._http(scope, cookies, roles)
        if response is None:
            await self.inner(scope, receive, send)
        else:
            await response(scope, receive, send)

    # -- websocket --------------------------------------------------------------------------
    async def _websocket(
        self, scope: dict[str, Any], receive: Any, send: Any, roles: set[str]
    ) -> None:
        path = scope.get("path", "")
        if not roles or suspect(scope) or not path.startswith("/jupyter/api/kernels/"):
            await send({"type": "websocket.close", "code": 1008})  # before accept: HTTP 403
            return
        kernel_id = path[len("/jupyter/api/kernels/") :].split("/", 1)[0]
        first = self.kernel_roles.setdefault(kernel_id, frozenset(roles))
        if first != frozenset(roles) and not (FACILITATOR in first and FACILITATOR in roles):
            await send({"type": "websocket.close", "code": 1008})
            return
        await self.inner(scope, receive, send)

    # -- http -------------------------------------------------------------------------------
    async def _http(
        self, scope: dict[str, Any], cookies: dict[str, str], roles: set[str]
    ) -> Response | None:
        path = scope.get("path", "")
        method = scope.get("method", "GET")
        query = {
            k: v[-1] for k, v in parse_qs(scope.get("query_string", b"").decode("latin-1")).items()
        }
        asked = query.get("lang", "")
        lang = asked if asked in ("fr", "en") else self.room.lang_of(cookies)
        if path == CSS_PATH:
            return Response(CSS, media_type="text/css", headers={"Cache-Control": "max-age=3600"})
        if suspect(scope):
            return self._refuse(lang)
        if path == "/" and method in ("GET", "HEAD"):
            client = (scope.get("client") or ("?", 0))[0]
            return await self._root(query, cookies, roles, lang, client)
        if path == "/facilitator" and method in ("GET", "HEAD"):
            return await self._facilitator(query, cookies, roles, lang)
        if not roles or not allowed_path(path):
            return self._refuse(lang)
        if path.startswith("/_solara/api/close/"):
            # only a POST, and only for a kernel this role opened
            kernel_id = path[len("/_solara/api/close/") :].split("/", 1)[0]
            if method != "POST" or self.kernel_roles.get(kernel_id) != frozenset(roles):
                return self._refuse(lang)
        return None  # Solara serves it

    async def _root(
        self,
        query: dict[str, str],
        cookies: dict[str, str],
        roles: set[str],
        lang: str,
        client: str = "?",
    ) -> Response:
        if "code" in query:
            if self._too_many_wrong_codes(client):
                return HTMLResponse(refusal_page(lang, "room.too_many_codes"), status_code=429)
            if not self.room.secrets.code_matches(query["code"]):
                self.wrong_codes.setdefault(client, deque()).append(time.monotonic())
                return HTMLResponse(
                    join_page(self.room, lang, error=True, code=query["code"][:12]), status_code=403
                )
            response = RedirectResponse("/", status_code=303)
            _cookie(response, JOIN_COOKIE, self.room.secrets.cookie(PARTICIPANT))
            if "lang" in query:
                _cookie(response, LANG_COOKIE, lang)
            return response
        if "lang" in query:  # the join page's language switch
            response = RedirectResponse("/", status_code=303)
            _cookie(response, LANG_COOKIE, lang)
            return response
        if PARTICIPANT not in roles and FACILITATOR not in roles:
            return HTMLResponse(join_page(self.room, lang))
        return await self._solara_page("/", cookies, lang)

    def _too_many_wrong_codes(self, client: str) -> bool:
        """Whether ``client`` typed :data:`MAX_WRONG_CODES` wrong codes in the last window."""
        tries = self.wrong_codes.get(client)
        if not tries:
            return False
        while tries and tries[0] < time.monotonic() - WRONG_CODE_WINDOW:
            tries.popleft()
        return len(tries) >= MAX_WRONG_CODES

    async def _facilitator(
        self, query: dict[str, str], cookies: dict[str, str], roles: set[str], lang: str
    ) -> Response:
        if "key" in query:
            if not self.room.secrets.key_matches(query["key"]):
                return self._refuse(lang, "room.wrong_key")
            response = RedirectResponse("/facilitator", status_code=303)
            _cookie(response, HOST_COOKIE, self.room.secrets.cookie(FACILITATOR))
            return response
        if FACILITATOR not in roles:
            return self._refuse(lang, "room.wrong_key")
        return await self._solara_page("/facilitator", cookies, lang)

    async def _solara_page(self, path: str, cookies: dict[str, str], lang: str) -> Response:
        response = HTMLResponse(await self.page(path, lang), headers={"Cache-Control": "no-store"})
        if not cookies.get(SOLARA_SESSION):
            _cookie(response, SOLARA_SESSION, str(uuid.uuid4()))
        return response

    def _refuse(self, lang: str, key: str = "room.forbidden") -> Response:
        return HTMLResponse(refusal_page(lang, key), status_code=403)
