"""Who is in the room: groups with a page open (from Solara's virtual kernels), groups
answering (drafts with answers on disk) and submissions (files in the cohort folder)."""

from __future__ import annotations

import json
import os
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_lock = threading.Lock()
# virtual kernel id -> the participant app it shows (weak: a culled kernel drops out)
_apps: weakref.WeakValueDictionary[str, Any] = weakref.WeakValueDictionary()
_contexts: dict[str, Any] = {}


def register(app: Any) -> None:
    """Count ``app`` as a group's page while its virtual kernel has a page connected."""
    try:
        from solara.server import kernel_context

        context = kernel_context.get_current_context()
    except (ImportError, RuntimeError):
        return
    key = str(getattr(context, "id", id(context)))
    with _lock:
        _apps[key] = app
        _contexts[key] = context

    def forget() -> None:
        with _lock:
            _apps.pop(key, None)
            _contexts.pop(key, None)

    context.on_close(forget)


def open_pages() -> int:
    """Participant pages connected now (a phone asleep or a closed tab stops counting)."""
    with _lock:
        contexts = list(_contexts.values())
    count = 0
    for context in contexts:
        statuses = [str(getattr(s, "name", s)) for s in dict(context.page_status).values()]
        if "CONNECTED" in statuses and not context.closed_event.is_set():
            count += 1
    return count


@dataclass(frozen=True)
class Counts:
    joined: int
    answering: int
    submitted: int


def folder_counts(cohort_dir: str | Path) -> tuple[int, int]:
    """(drafts with at least one answer, submitted files) in a cohort folder."""
    answering = submitted = 0
    try:
        entries = list(os.scandir(cohort_dir))
    except OSError:
        return 0, 0
    for entry in entries:
        if not entry.name.endswith(".json") or entry.name.startswith("."):
            continue
        try:
            with open(entry.path, "rb") as handle:
                raw = json.loads(handle.read(2_000_000))
        except (OSError, ValueError):
            continue
        if not isinstance(raw, dict):
            continue
        if raw.get("status") == "submitted":
            submitted += 1
        elif raw.get("status") == "draft" and raw.get("answers"):
            answering += 1
    return answering, submitted


def counts(cohort_dir: str | Path) -> Counts:
    answering, submitted = folder_counts(cohort_dir)
    return Counts(joined=open_pages(), answering=answering, submitted=submitted)
