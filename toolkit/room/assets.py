"""The pages' browser files, compressed once: an ASGI layer in front of Solara's static files.

Solara compresses every response as it sends it (gzip, level 9). Its browser files are the
same for every group: 3.5 MB of scripts and 1.2 MB of style sheets, about 0.3 s of the server's
CPU per page, in the loop that also answers every group's clicks. This layer keeps each file's
first complete answer (status, headers, body, per encoding asked) and sends it again as it is.
Requests that ask "has it changed?" (``If-None-Match``) go through to Solara, which answers 304.

A file is kept by its path (Solara serves a path the same whatever its query, such as
``?v=…``), so no request can make it keep a file twice; and it keeps at most
:data:`MAX_KEPT` bytes in all (a page needs under 2 MB), then passes the rest on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

ASGIApp = Callable[..., Awaitable[None]]

# Solara's files that are the same for every page and every group while the server runs.
STATIC_PREFIXES = ("/static/", "/jupyter/nbextensions/", "/_solara/cdn/")
MAX_KEPT = 64 * 1024 * 1024  # bytes kept in all; past it, answers are passed on, not kept
_CONDITIONAL = (b"if-none-match", b"if-modified-since", b"range")


@dataclass(frozen=True)
class Kept:
    """One complete answer of the inner application."""

    start: dict[str, Any]
    body: bytes


def _gzip_accepted(scope: dict[str, Any]) -> bool:
    return any(
        name == b"accept-encoding" and b"gzip" in value.lower()
        for name, value in scope.get("headers", [])
    )


def cacheable(scope: dict[str, Any]) -> bool:
    """A plain GET of one of Solara's static files."""
    if scope.get("type") != "http" or scope.get("method") != "GET":
        return False
    if not scope.get("path", "").startswith(STATIC_PREFIXES):
        return False
    return not any(name in _CONDITIONAL for name, _ in scope.get("headers", []))


class AssetCache:
    """``inner`` (Solara's Starlette app), with its static files' answers kept in memory."""

    def __init__(self, inner: ASGIApp):
        self.inner = inner
        self.kept: dict[tuple[str, bool], Kept] = {}
        self.kept_bytes = 0
        self._pending: dict[tuple[str, bool], asyncio.Event] = {}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if not cacheable(scope):
            await self.inner(scope, receive, send)
            return
        key = (scope["path"], _gzip_accepted(scope))
        pending = self._pending.get(key)
        if pending is not None and key not in self.kept:
            await pending.wait()  # the same file is being compressed for another page
        kept = self.kept.get(key)
        if kept is not None:
            await send(kept.start)
            await send({"type": "http.response.body", "body": kept.body, "more_body": False})
            return
        event = self._pending.setdefault(key, asyncio.Event())
        try:
            await self._answer_and_keep(key, scope, receive, send)
        finally:
            event.set()
            self._pending.pop(key, None)

    async def _answer_and_keep(
        self, key: tuple[str, bool], scope: dict[str, Any], receive: Any, send: Any
    ) -> None:
        start: dict[str, Any] | None = None
        chunks: list[bytes] = []
        size = 0

        async def keep_and_send(message: dict[str, Any]) -> None:
            nonlocal start, size
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body" and start is not None:
                body = message.get("body", b"")
                size += len(body)
                if start.get("status") == 200 and self.kept_bytes + size <= MAX_KEPT:
                    chunks.append(body)
                    if not message.get("more_body", False):
                        self.kept[key] = Kept(start, b"".join(chunks))
                        self.kept_bytes += size
            await send(message)

        await self.inner(scope, receive, keep_and_send)
