"""The facilitator's screen for the projector: the QR code, address and workshop code large
enough to read from the back of the room, live counts, then the dashboard below."""

from __future__ import annotations

import threading
from typing import Any

import ipywidgets as W

from .. import fmt
from ..app.markup import esc
from ..words import HTML_LANG, render
from . import network, presence
from .config import Room

COUNTS_SECONDS = 3.0

STYLE = """<style>
.pertinence-room-head{display:flex;flex-wrap:wrap;gap:2.5rem;align-items:center;
  padding:1rem 0 1.5rem;border-bottom:2px solid #ccc;margin-bottom:1rem}
.pertinence-room-head .pertinence-qr{width:min(40vh,420px);height:min(40vh,420px);
  background:#fff;flex:none}
.pertinence-room-join{font-size:2.2rem;line-height:1.3;color:#111}
.pertinence-room-join .pertinence-room-address{font-size:3.2rem;font-weight:700;
  word-break:break-all}
.pertinence-room-join .pertinence-room-code{font-size:5.5rem;font-weight:800;
  letter-spacing:.15em;font-family:'DejaVu Sans Mono',monospace}
.pertinence-room-counts{display:flex;flex-wrap:wrap;gap:2.5rem;font-size:1.8rem;color:#111}
.pertinence-room-counts b{font-size:3.5rem;display:block;line-height:1.1}
</style>"""


class FacilitatorScreen(W.VBox):
    """QR code, address and code; groups joined, answering and submitted; the dashboard.

    ``refresh_counts()`` updates the counts at once (a background thread does it every
    ``interval`` seconds until :meth:`close`).
    """

    def __init__(self, room: Room, lang: str = "fr", interval: float = COUNTS_SECONDS):
        super().__init__()
        self.room = room
        self.lang = lang
        self.interval = interval
        self.head = W.HTML(self._head_html())
        self.counts_html = W.HTML()
        self.counts = presence.Counts(0, 0, 0)
        self.refresh_counts()
        from ..dashboard import Dashboard

        self.dashboard = Dashboard(room.cohort_dir, room.definition, lang=lang)
        self.children = [W.HTML(STYLE), self.head, self.counts_html, self.dashboard]
        self.add_class("pertinence-room")
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._loop, name="pertinence-room-counts", daemon=True
        )
        if interval > 0:
            self._thread.start()
        self._close_with_kernel()

    def _head_html(self) -> str:
        room, lang = self.room, self.lang
        qr = network.qr_svg(room.join_url, render("room.qr_title", lang))
        return (
            f'<div class="pertinence-room-head" lang="{HTML_LANG[lang]}">{qr}'
            f'<div class="pertinence-room-join"><h1 style="font-size:2.6rem;margin:0 0 .5rem">'
            f"{esc(render('room.screen_title', lang))}</h1>"
            f"<div>{esc(render('room.screen_scan', lang))}</div>"
            f'<div class="pertinence-room-address">{esc(room.base_url)}</div>'
            f"<div>{esc(render('room.screen_code', lang))}</div>"
            f'<div class="pertinence-room-code">{esc(room.secrets.code)}</div></div></div>'
        )

    def refresh_counts(self) -> presence.Counts:
        """Count again (open pages, drafts with answers, submissions) and show the counts."""
        self.counts = found = presence.counts(self.room.cohort_dir)
        items = [
            ("room.count_joined", found.joined),
            ("room.count_answering", found.answering),
            ("room.count_submitted", found.submitted),
        ]
        cells = "".join(
            f'<div class="pertinence-room-count" data-count="{key.rsplit("_", 1)[1]}">'
            f"<b>{fmt.count(n, self.lang)}</b>{esc(render(key, self.lang))}</div>"
            for key, n in items
        )
        self.counts_html.value = (
            f'<div class="pertinence-room-counts" role="status" aria-live="polite">{cells}</div>'
        )
        return found

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.refresh_counts()
            except Exception:  # noqa: BLE001 - the next round tries again
                continue

    def _close_with_kernel(self) -> None:
        try:
            from solara.server import kernel_context

            kernel_context.get_current_context().on_close(self.close)
        except (ImportError, RuntimeError):
            pass

    def close(self, *args: Any) -> None:
        self._stop.set()
        self.dashboard.close()
        super().close()
