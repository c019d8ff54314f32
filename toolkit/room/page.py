"""What a virtual kernel shows: the questionnaire for a group, the facilitator screen for the
facilitator — decided from the connection's verified cookie, never from the path alone.

Solara runs :func:`Page` once per open page, each in its own virtual kernel of one process.
"""

from __future__ import annotations

import ipywidgets as W
import solara
from solara.lab.utils.cookies import cookies as connection_cookies

from ..app.markup import esc
from ..words import render
from . import config, presence
from .codes import FACILITATOR, PARTICIPANT


def _refused(lang: str) -> W.Widget:
    refused = W.HTML(f"<p role='alert'>{esc(render('room.forbidden', lang))}</p>")
    refused.add_class("pertinence-refused")
    return refused


def build(path: str, cookies: dict[str, str] | None) -> W.Widget:
    """The widget a connection gets for ``path``: which one depends on the cookie's role."""
    room = config.current()
    roles = room.roles(cookies)
    lang = room.lang_of(cookies)
    wants_facilitator = path.strip("/") == "facilitator"
    if FACILITATOR in roles and (wants_facilitator or PARTICIPANT not in roles):
        from .facilitator import FacilitatorScreen

        return FacilitatorScreen(room, lang=lang)
    if PARTICIPANT in roles and not wants_facilitator:
        from ..app import Questionnaire

        app = Questionnaire(room.cohort_dir, room.definition, lang=lang)
        presence.register(app)
        return app
    return _refused(lang)


@solara.component
def Page() -> None:
    router = solara.use_router()
    cookies = connection_cookies.value
    widget = solara.use_memo(lambda: build(router.path, cookies), [])
    room = config.current()
    lang = str(getattr(widget, "lang", room.lang_of(cookies)))
    solara.Title(room.definition.title(lang))
    solara.display(widget)


@solara.component
def Bare(children: list | None = None) -> None:
    """No app bar, no navigation: the page is the widget alone."""
    solara.Column(children=children or [], style={"padding": "0", "max-width": "100%"})


# Two addresses, one component: which screen shows is the cookie's decision (see build).
routes = [
    solara.Route(path="/", component=Page, layout=Bare),
    solara.Route(path="facilitator", component=Page),
]
