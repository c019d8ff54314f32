"""The room being served: its cohort folder, secrets, language and addresses (set once by
:func:`toolkit.room.server.serve`, read by the pages that every group's virtual kernel runs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..questionnaire import Questionnaire, default
from . import network
from .codes import RoomSecrets

# Cookie names: one per role, so a facilitator who also joins as a group keeps both.
JOIN_COOKIE = "pertinence-join"
HOST_COOKIE = "pertinence-host"
LANG_COOKIE = "pertinence-lang"
COOKIE_MAX_AGE = 12 * 3600  # a workshop day


@dataclass
class Room:
    """Everything the pages need to know about the room."""

    cohort_dir: Path
    secrets: RoomSecrets
    host: str  # the address people type (the LAN address when listening everywhere)
    port: int
    lang: str = "fr"
    questionnaire: Questionnaire | None = None

    @property
    def definition(self) -> Questionnaire:
        if self.questionnaire is None:
            self.questionnaire = default()
        return self.questionnaire

    @property
    def join_url(self) -> str:
        return network.join_url(self.host, self.port, self.secrets.code)

    @property
    def base_url(self) -> str:
        return network.base_url(self.host, self.port)

    @property
    def facilitator_url(self) -> str:
        return network.facilitator_url(self.host, self.port, self.secrets.facilitator_key)

    def roles(self, cookies: dict[str, str] | None) -> set[str]:
        """The roles the request's cookies prove (``participant``, ``facilitator``)."""
        cookies = cookies or {}
        found = set()
        for name in (JOIN_COOKIE, HOST_COOKIE):
            role = self.secrets.role_of(cookies.get(name))
            if role is not None:
                found.add(role)
        return found

    def lang_of(self, cookies: dict[str, str] | None) -> str:
        chosen = (cookies or {}).get(LANG_COOKIE, "")
        return chosen if chosen in ("fr", "en") else self.lang


_current: Room | None = None


def set_room(room: Room | None) -> None:
    global _current
    _current = room


def current() -> Room:
    """The room this process serves (a RuntimeError before :func:`set_room`)."""
    if _current is None:
        raise RuntimeError("no room is being served: call toolkit.room.server.serve first")
    return _current
