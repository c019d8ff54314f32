"""The room's browser files, compressed once (``toolkit.room.assets``): each file is asked of
Solara once per encoding, then sent again as it was; what is not a plain GET of a static file,
or not a complete 200, is always asked of Solara."""

from __future__ import annotations

import asyncio
import gzip

from toolkit.room import assets
from toolkit.room.assets import AssetCache

BUNDLE = b"console.log('solara');\n" * 2000


class Solara:
    """Stands for Solara's static files: counts the answers it had to make (and compress)."""

    def __init__(self, status: int = 200, delay: float = 0.0):
        self.status = status
        self.delay = delay
        self.made: list[tuple[str, bool]] = []

    async def __call__(self, scope, receive, send):
        gz = any(k == b"accept-encoding" and b"gzip" in v for k, v in scope["headers"])
        self.made.append((scope["path"], gz))
        await asyncio.sleep(self.delay)
        body = gzip.compress(BUNDLE) if gz else BUNDLE
        headers = [(b"content-type", b"text/javascript")]
        if gz:
            headers.append((b"content-encoding", b"gzip"))
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        half = len(body) // 2  # in two pieces, as a streamed file is sent
        await send({"type": "http.response.body", "body": body[:half], "more_body": True})
        await send({"type": "http.response.body", "body": body[half:], "more_body": False})


def get(app, path: str, *headers: tuple[bytes, bytes], method: str = "GET", query: bytes = b""):
    """One request through ``app``: (status, headers, body)."""
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query,
        "headers": list(headers),
    }
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    async def run():
        await app(scope, receive, send)

    asyncio.run(run())
    start = sent[0]
    return start["status"], dict(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


GZIP = (b"accept-encoding", b"gzip, deflate, br")
PATH = "/_solara/cdn/@widgetti/solara-vuetify3-app@5.1.1/dist/solara-vuetify-app8.min.js"


def test_a_file_is_compressed_once_then_sent_again_byte_for_byte():
    solara = Solara()
    app = AssetCache(solara)
    first = get(app, PATH, GZIP)
    again = [get(app, PATH, GZIP) for _ in range(5)]
    assert solara.made == [(PATH, True)]
    assert all(answer == first for answer in again)
    status, headers, body = first
    assert status == 200
    assert headers[b"content-encoding"] == b"gzip"
    assert gzip.decompress(body) == BUNDLE


def test_each_encoding_is_its_own_answer_and_a_query_makes_no_copy():
    solara = Solara()
    app = AssetCache(solara)
    plain = get(app, PATH)
    zipped = get(app, PATH, GZIP)
    assert plain[2] == BUNDLE
    assert b"content-encoding" not in plain[1]
    assert gzip.decompress(zipped[2]) == BUNDLE
    assert get(app, PATH) == plain
    assert get(app, PATH, GZIP) == zipped
    # Solara serves a path the same whatever its query: a query never makes a second copy
    for version in range(50):
        assert get(app, PATH, GZIP, query=f"v={version}".encode()) == zipped
    assert len(solara.made) == 2
    assert app.kept_bytes == len(plain[2]) + len(zipped[2])


def test_past_its_limit_nothing_more_is_kept_and_files_are_still_served(monkeypatch):
    monkeypatch.setattr(assets, "MAX_KEPT", len(BUNDLE) + 10)
    solara = Solara()
    app = AssetCache(solara)
    get(app, PATH)  # kept: within the limit
    for name in ("a.js", "b.js", "a.js"):
        status, _, body = get(app, f"/static/{name}")
        assert status == 200
        assert body == BUNDLE
    get(app, PATH)
    assert [path for path, _ in solara.made] == [
        PATH,
        "/static/a.js",
        "/static/b.js",
        "/static/a.js",
    ]
    assert app.kept_bytes == len(BUNDLE)


def test_conditional_and_non_get_requests_and_other_paths_always_reach_solara():
    solara = Solara()
    app = AssetCache(solara)
    get(app, PATH, GZIP)
    get(app, PATH, GZIP, (b"if-none-match", b'"abc"'))
    get(app, PATH, GZIP, (b"range", b"bytes=0-10"))
    get(app, PATH, GZIP, method="HEAD")
    get(app, "/", GZIP)
    get(app, "/jupyter/api/kernels/x", GZIP)
    get(app, "/", GZIP)
    assert len(solara.made) == 7


def test_an_error_is_never_kept():
    solara = Solara(status=404)
    app = AssetCache(solara)
    assert get(app, PATH, GZIP)[0] == 404
    assert get(app, PATH, GZIP)[0] == 404
    assert len(solara.made) == 2


def test_pages_asking_the_same_file_at_once_wait_for_one_compression():
    solara = Solara(delay=0.05)
    app = AssetCache(solara)
    bodies: list[bytes] = []

    async def one():
        scope = {
            "type": "http",
            "method": "GET",
            "path": PATH,
            "query_string": b"",
            "headers": [GZIP],
        }
        parts: list[bytes] = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            parts.append(message.get("body", b""))

        await app(scope, receive, send)
        bodies.append(b"".join(parts))

    async def room():
        await asyncio.gather(*(one() for _ in range(25)))

    asyncio.run(room())
    assert solara.made == [(PATH, True)]
    assert len(bodies) == 25
    assert all(gzip.decompress(b) == BUNDLE for b in bodies)
