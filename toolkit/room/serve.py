"""``pertinence serve``: check the cohort folder, print how to join (address, code, QR code,
facilitator link), then serve the room until Ctrl+C.

A user mistake (the bundled sample cohort without ``--demo``, a folder missing or read-only,
a port taken) is one clear line and exit status 1, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sys
from pathlib import Path
from typing import TextIO

from .. import paths
from ..questionnaire import Questionnaire
from ..words import render
from . import codes, network
from .config import Room

DEFAULT_PORT = 8866
DEFAULT_HOST = "0.0.0.0"


class Refused(Exception):
    """A reason not to start, already worded for the facilitator."""


def _sample_folders() -> list[Path]:
    here = Path(__file__).resolve().parents[2]  # the repository holding this package
    return [(root / "data" / "sample_cohort").resolve() for root in {here, paths.repo_root()}]


def is_sample_cohort(folder: Path) -> bool:
    """Whether ``folder`` is the bundled sample cohort (of this or any checkout of the repo)."""
    resolved = folder.expanduser().resolve()
    if resolved in _sample_folders():
        return True
    return (
        resolved.name == "sample_cohort"
        and resolved.parent.name == "data"
        and (resolved.parent.parent / "pyproject.toml").is_file()
    )


def check_folder(folder: Path, demo: bool, lang: str) -> Path:
    """The cohort folder, resolved, or :class:`Refused` with the reason."""
    shown = str(folder)
    if is_sample_cohort(folder) and not demo:
        raise Refused(render("room.refuse_sample", lang, path=shown))
    if not folder.is_dir():
        raise Refused(render("room.refuse_missing", lang, path=shown))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise Refused(render("room.refuse_unwritable", lang, path=shown))
    return folder.resolve()


def check_port(host: str, port: int, lang: str) -> None:
    """:class:`Refused` when ``host:port`` cannot be listened on (taken, or not this laptop's)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            key = "room.refuse_port" if exc.errno == errno.EADDRINUSE else "room.refuse_host"
            raise Refused(render(key, lang, host=host, port=str(port))) from None


def banner(room: Room, bind_host: str, lang: str) -> str:
    """What the terminal shows at start: address, code, QR code, facilitator link."""
    lines = [
        render("room.started", lang),
        render("room.print_address", lang, url=room.base_url),
        render("room.print_code", lang, code=room.secrets.code),
        render("room.print_qr", lang, url=room.join_url),
        network.qr_terminal(room.join_url),
        render("room.print_facilitator", lang, url=room.facilitator_url),
        render("room.print_folder", lang, path=str(room.cohort_dir)),
    ]
    if bind_host not in network.WILDCARDS and room.host in ("127.0.0.1", "localhost", "::1"):
        lines.append(render("room.print_local_only", lang))
    lines.append(render("room.print_stop", lang))
    return "\n".join(lines)


def prepare(
    cohort: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    lang: str = "fr",
    demo: bool = False,
    code: str | None = None,
    facilitator_key: str | None = None,
    questionnaire: Questionnaire | None = None,
) -> Room:
    """The room for a cohort folder, its secrets read or created; :class:`Refused` if not."""
    folder = check_folder(Path(cohort), demo, lang)
    try:
        found = codes.load_or_create(folder, code, facilitator_key)
    except OSError:
        raise Refused(render("room.refuse_unwritable", lang, path=str(cohort))) from None
    except ValueError:
        raise Refused(render("room.refuse_code", lang)) from None
    return Room(folder, found, network.public_host(host), port, lang, questionnaire)


def main(
    cohort: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    lang: str = "fr",
    demo: bool = False,
    code: str | None = None,
    facilitator_key: str | None = None,
    questionnaire: Questionnaire | None = None,
    out: TextIO | None = None,
) -> int:
    """Check, print, serve; the exit status."""
    out = out or sys.stdout
    try:
        room = prepare(cohort, host, port, lang, demo, code, facilitator_key, questionnaire)
        check_port(host, port, lang)
    except Refused as reason:
        print(render("cli.error", lang, reason=str(reason)), file=sys.stderr)
        return 1
    from .server import run

    print(banner(room, host, lang), file=out, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        run(room, host)
    return 0
