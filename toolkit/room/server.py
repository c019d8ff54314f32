"""The room server: Solara's Starlette app behind the gate, run by uvicorn in this process.

Solara is configured here, before it is imported: production mode, no telemetry, no version
check (the ``solara run`` command is not used), its browser files served from solara-assets on
this laptop (a missing file is asked of 127.0.0.1, never of the internet), no splash screen and
no banner, a page whose kernel is gone (server restarted) reloads itself, and idle pages
culled after :data:`CULL_TIMEOUT` (drafts are on disk already).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from typing import Any

from .config import Room, set_room

APP = "toolkit.room.page"
# A page gone this long (a phone asleep, a closed tab) loses its kernel; its answers are on
# disk already. PERTINENCE_CULL_TIMEOUT changes it (Solara's units: 30s, 10m, 1h).
CULL_ENV = "PERTINENCE_CULL_TIMEOUT"
CULL_TIMEOUT = "30m"
NOWHERE = "http://127.0.0.1:9/"  # where Solara would fetch a browser file it lacks

SOLARA_ENV = {
    "SOLARA_APP": APP,
    "SOLARA_MODE": "production",
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
    "SOLARA_ASSETS_PROXY": "True",
    "SOLARA_ASSETS_CDN": NOWHERE,
    "SOLARA_THEME_LOADER": "plain",
    "SOLARA_THEME_SHOW_BANNER": "False",
    "SOLARA_THEME_FORCE_REFRESH": "True",  # a page whose kernel is gone reloads by itself
    "SOLARA_SESSION_HTTP_ONLY": "True",
}

log = logging.getLogger(__name__)


def configure_solara() -> Any:
    """Set Solara's settings for the room, import its Starlette app and return it."""
    cull = os.environ.get(CULL_ENV, "").strip() or CULL_TIMEOUT
    os.environ.update(SOLARA_ENV, SOLARA_KERNEL_CULL_TIMEOUT=cull)
    import solara.server.settings as server_settings
    import solara.settings as solara_settings

    solara_settings.assets.proxy = True
    solara_settings.assets.cdn = NOWHERE
    server_settings.telemetry.mixpanel_enable = False
    server_settings.main.mode = "production"
    server_settings.main.root_path = ""
    server_settings.theme.loader = "plain"
    server_settings.theme.show_banner = False
    server_settings.theme.force_refresh = True
    server_settings.kernel.cull_timeout = cull
    server_settings.session.http_only = True
    import solara.server.starlette as solara_starlette

    return solara_starlette.app


def make_app(room: Room) -> Any:
    """The ASGI application of the room: the gate in front of Solara."""
    set_room(room)
    inner = configure_solara()
    from solara.server import server as solara_server

    from . import shell
    from .assets import AssetCache
    from .gate import Gate

    @functools.lru_cache(maxsize=8)
    def page_html(path: str, lang: str) -> str:
        html = solara_server.read_root(path, "")
        if html is None:  # Solara's router knows both pages; never expected
            html = solara_server.read_root("/", "") or ""
        return shell.localise(html, lang, room.definition.title(lang))

    warm_up()

    async def page(path: str, lang: str) -> str:
        return await asyncio.to_thread(page_html, path, lang)

    return Gate(AssetCache(inner), room, page)


def warm_up() -> None:
    """Import what every page needs (the app, pandas, matplotlib, the dashboard) once, at start,
    so that the first group does not wait for it."""
    from .. import dashboard  # noqa: F401
    from ..app import questionnaire, results  # noqa: F401


def run(room: Room, bind_host: str, ready: Any = None) -> None:
    """Serve the room on ``bind_host:room.port`` until interrupted (uvicorn, in this process);
    ``ready()`` is called once the app is built, just before listening."""
    import uvicorn

    app = make_app(room)
    config = uvicorn.Config(
        app,
        host=bind_host,
        port=room.port,
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=3,
    )
    server = uvicorn.Server(config)
    if ready is not None:
        ready()
    server.run()
