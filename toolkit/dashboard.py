"""The facilitator's live dashboard: submissions arriving in the cohort folder, then the
cohort's distributions — anonymous, each chart hidden until the facilitator reveals it.

The dashboard polls the folder every few seconds from a background thread. Each poll is cheap:
the folder's file names, sizes and modification times; only when they change does it count
submitted and draft files (:func:`toolkit.store.count`), reload the submitted answers and redraw
the charts that are revealed. :meth:`Dashboard.refresh` does one poll by hand (tests call it).

>>> from toolkit.dashboard import Dashboard
>>> board = Dashboard("cohorts/2026-12-sherbrooke", lang="fr")   # doctest: +SKIP
>>> board                                                          # doctest: +SKIP
>>> board.reveal("recommendations")                                # doctest: +SKIP
"""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as W

from . import charts, cohort, fmt, forms, messages, store, words
from .answers import Submission
from .errors import PertinenceError, SubmissionError
from .questionnaire import Questionnaire, default

log = logging.getLogger(__name__)

POLL_ENV = "PERTINENCE_POLL_SECONDS"
DEFAULT_INTERVAL = 4.0
PANELS = ("recommendations", "dimensions", "flags", "likert", "hours")

# The catalogue key of each panel's title.
PANEL_TITLES = {
    "recommendations": "common.recommendations",
    "dimensions": "dashboard.dimensions",
    "flags": "common.flags",
    "likert": "common.likert",
    "hours": "dashboard.hours",
}


def folder_signature(folder: str | Path) -> tuple[Any, ...] | None:
    """A cheap fingerprint of a cohort folder: (name, size, mtime) of each submission file.

    No file is opened; a new, changed or removed submission changes the fingerprint. None
    when the folder does not exist.
    """
    try:
        with os.scandir(folder) as entries:
            found = []
            for entry in entries:
                if entry.name.endswith(".json") and not entry.name.startswith("."):
                    info = entry.stat()
                    found.append((entry.name, info.st_size, info.st_mtime_ns))
    except (FileNotFoundError, NotADirectoryError):
        return None
    return tuple(sorted(found))


def poll_interval(default_seconds: float = DEFAULT_INTERVAL) -> float:
    """Seconds between polls: ``$PERTINENCE_POLL_SECONDS`` (0 turns polling off) or the default."""
    raw = os.environ.get(POLL_ENV, "").strip()
    if not raw:
        return default_seconds
    try:
        return max(0.0, float(raw))
    except ValueError:
        return default_seconds


CHART_WIDTH = "min(100%, 900px)"
"""How wide a chart is shown: the room's screen, up to 900 px (a 1920×1080 projector)."""


class _Panel:
    """One chart with its show/hide toggle; the chart is drawn only while it is shown.

    ``chart`` holds the chart as inline SVG named by its text alternative (``alt``: what it
    shows, in words and figures), and the same words under a « what the chart shows »
    disclosure for whoever wants to read them."""

    def __init__(self, key: str, board: Dashboard):
        self.key = key
        self.title = W.HTML()
        self.toggle = W.ToggleButton(value=False, icon="eye", layout=W.Layout(width="auto"))
        self.chart = W.HTML(layout=W.Layout(width="100%"))
        self.alt = ""
        self.note = W.HTML()
        self.content = W.VBox([self.note, self.chart])
        self.box = W.VBox(
            [
                W.HBox(
                    [self.title, self.toggle],
                    layout=W.Layout(justify_content="space-between", align_items="center"),
                ),
                self.content,
            ]
        )
        self.box.add_class("pertinence-panel")
        self.drawn_for: tuple[Any, ...] | None = None
        self.toggle.observe(board._guard(lambda _c: board._on_toggle(self)), "value")

    @property
    def shown(self) -> bool:
        return bool(self.toggle.value)


class Dashboard(W.VBox):
    """The facilitator's live view of a cohort folder (anonymous: no organisation is named).

    Parameters
    ----------
    cohort_dir : the cohort folder the groups submit into.
    lang : ``"fr"`` or ``"en"`` (a toggle switches it live); by default the language of the
        work in progress (:func:`toolkit.words.resolve`).
    min_group : charts appear only from this many organisations (default 5, never below 3).
    interval : seconds between polls (default ``$PERTINENCE_POLL_SECONDS`` or 4); 0 turns
        polling off (call :meth:`refresh` yourself).
    autostart : start polling at once.

    Attributes worth knowing: ``counts`` (submitted, drafts), ``panels`` (by key, each with a
    ``toggle`` ToggleButton, a ``chart`` HTML and its ``alt`` text), ``errors`` (an Output
    showing refresh errors).
    """

    def __init__(
        self,
        cohort_dir: str | Path,
        questionnaire: Questionnaire | None = None,
        lang: str | None = None,
        min_group: int = cohort.DEFAULT_MIN_GROUP,
        interval: float | None = None,
        autostart: bool = True,
    ):
        super().__init__()
        self.questionnaire = questionnaire or default()
        self.cohort_dir = Path(cohort_dir)
        self.min_group = cohort.check_min_group(min_group)
        self.interval = poll_interval() if interval is None else float(interval)
        self._lang = words.resolve(lang)
        self.counts: tuple[int, int] = (0, 0)
        self.n_organisations = 0
        self.refreshes = 0
        self._signature: tuple[Any, ...] | None = ("never",)
        self._data: dict[str, Any] = {}
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

        self.heading = W.HTML()
        self.language = W.ToggleButtons(
            options=[("Français", "fr"), ("English", "en")],
            value=self._lang,
            style={"button_width": "90px", "description_width": "initial"},
        )
        self.refresh_button = W.Button(icon="refresh")
        self.status = W.HTML()
        self.updated = W.HTML()
        self.waiting = W.HTML()
        self.errors = W.Output()
        self.panels = {key: _Panel(key, self) for key in PANELS}
        header = W.HBox(
            [self.heading, W.HBox([self.refresh_button, self.language])],
            layout=W.Layout(
                justify_content="space-between", align_items="center", flex_flow="row wrap"
            ),
        )
        self.children = [
            header,
            self.status,
            self.updated,
            self.waiting,
            *[p.box for p in self.panels.values()],
            self.errors,
        ]
        self.add_class("pertinence-dashboard")
        self.language.observe(self._guard(self._on_language), "value")
        self.refresh_button.on_click(self._guard(lambda _b: self.refresh(force=True)))
        self._relabel()
        self.refresh(force=True)
        if autostart and self.interval > 0:
            self.start()

    # -- words ----------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self._lang

    def w(self, key: str, **params: Any) -> str:
        """The words of catalogue ``key`` in the dashboard's language."""
        return words.render(key, self._lang, **params)

    def _relabel(self) -> None:
        self.heading.value = f"<h2>{self.w('dashboard.title')}</h2>"
        self.language.description = self.w("dashboard.language")
        self.refresh_button.description = self.w("dashboard.refresh")
        self.refresh_button.tooltip = self.w("dashboard.refresh")
        for panel in self.panels.values():
            title = self.w(PANEL_TITLES[panel.key])
            panel.title.value = f"<h3>{title}</h3>"
            panel.toggle.description = self.w("dashboard.hide" if panel.shown else "dashboard.show")
            panel.toggle.tooltip = f"{panel.toggle.description} — {title}"
            if not panel.shown:
                panel.note.value = f"<p><i>{self.w('dashboard.hidden')}</i></p>"

    def _guard(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - shown on screen, the dashboard goes on
                log.error("dashboard error", exc_info=exc)
                if isinstance(exc, PertinenceError):
                    error = exc.text(self._lang)
                else:
                    error = f"{type(exc).__name__}: {exc}"
                self.errors.append_stderr(self.w("dashboard.error", error=error) + "\n")
                return None

        return wrapper

    # -- reveal / hide ----------------------------------------------------------------------

    def reveal(self, key: str, shown: bool = True) -> None:
        """Show (or, with ``shown=False``, hide) one chart to the room."""
        self.panels[key].toggle.value = shown

    def _on_toggle(self, panel: _Panel) -> None:
        self._relabel()
        with self._lock:
            self._draw(panel)

    def _on_language(self, change: dict[str, Any]) -> None:
        self._lang = change["new"]
        self._relabel()
        with self._lock:
            for panel in self.panels.values():
                panel.drawn_for = None
                self._draw(panel)
            self._show_status()

    # -- data -------------------------------------------------------------------------------

    def refresh(self, force: bool = False) -> bool:
        """Poll the folder once; reload and redraw only if it changed (or ``force``).

        Returns True when the data were reloaded.
        """
        with self._lock:
            signature = folder_signature(self.cohort_dir)
            if not force and signature == self._signature:
                return False
            self._signature = signature
            self._load(signature is not None)
            self.refreshes += 1
            self._show_status()
            for panel in self.panels.values():
                self._draw(panel)
            return True

    def _load(self, exists: bool) -> None:
        q = self.questionnaire
        self._data = {}
        self.n_organisations = 0
        if not exists:
            self.counts = (0, 0)
            return
        self.counts = store.count(self.cohort_dir)
        comparison = cohort.compare(self.cohort_dir, q, self.min_group)
        self._data["problems"] = len(comparison.problems)
        if comparison.empty:
            return
        self.n_organisations = comparison.n_organisations
        self._data.update(
            frame=comparison.answers,
            table=comparison.scores,
            stats=comparison.dimension_stats,
        )

    def _show_status(self) -> None:
        submitted, drafts, orgs = (
            f"<b>{fmt.count(n, self._lang)}</b>" for n in (*self.counts, self.n_organisations)
        )
        self.status.value = (
            f"<p style='font-size:1.4em'>"
            f"{self.w('dashboard.counts', submitted=submitted, drafts=drafts, orgs=orgs)}</p>"
        )
        stamp = time.strftime("%H:%M:%S")
        extra = ""
        if self._data.get("problems"):
            extra = " · " + self.w("dashboard.problems", n=self._data["problems"])
        self.updated.value = (
            f"<p style='color:#555'>{self.w('dashboard.updated', time=stamp)}{extra}</p>"
        )
        if self._signature is None:
            folder = html.escape(str(self.cohort_dir))
            self.waiting.value = f"<p>{self.w('dashboard.no_folder', path=folder)}</p>"
        elif self.n_organisations < self.min_group:
            self.waiting.value = (
                f"<p>{self.w('dashboard.waiting', min=self.min_group, n=self.n_organisations)}</p>"
            )
        else:
            self.waiting.value = ""

    def _draw(self, panel: _Panel) -> None:
        panel.content.layout.display = None if panel.shown else "none"
        if not panel.shown:
            return
        ready = self.n_organisations >= self.min_group and "table" in self._data
        key = (self.refreshes, self._lang, ready)
        if panel.drawn_for == key:
            return
        panel.drawn_for = key
        if not ready:
            waiting = self.w("dashboard.waiting", min=self.min_group, n=self.n_organisations)
            panel.note.value = f"<p><i>{waiting}</i></p>"
            panel.chart.value = ""
            panel.alt = ""
            panel.chart.layout.display = "none"
            return
        panel.note.value = ""
        panel.chart.layout.display = None
        ax, panel.alt = self._chart(panel.key)
        said = html.escape(panel.alt)
        panel.chart.value = (
            charts.figure_html(ax, panel.alt, max_width=CHART_WIDTH)
            + f"<details><summary>{html.escape(self.w('dashboard.in_words'))}</summary>"
            + f"<p>{said}</p></details>"
        )

    def _chart(self, key: str) -> tuple[Any, str]:
        """The chart of one panel, drawn, and its text alternative."""
        q, lang, limit = self.questionnaire, self._lang, self.min_group
        frame, table = self._data["frame"], self._data["table"]
        if key == "recommendations":
            dist = cohort.recommendation_distribution(table, min_group=limit)
            return (
                charts.recommendations(dist, q, lang),
                charts.recommendations_alt(dist, q, lang),
            )
        if key == "dimensions":
            stats = self._data["stats"]
            dims = list(q.dimension_ids)
            medians = stats.loc[dims, "median"].to_dict()
            band = stats.loc[dims, ["q1", "q3", "suppressed"]]
            label, title = self.w("common.cohort_median"), self.w("dashboard.dimensions")
            return (
                charts.radar(medians, q, lang, cohort_stats=band, label=label, title=title),
                charts.radar_alt(medians, q, lang, cohort_stats=band, label=label, title=title),
            )
        if key == "flags":
            flags = cohort.flag_frequency(table, q, limit)
            return charts.red_flags(flags, q, lang), charts.red_flags_alt(flags, q, lang)
        if key == "likert":
            counts = cohort.likert_counts(frame, q, "agree5", limit)
            return charts.likert(counts, q, lang), charts.likert_alt(counts, q, lang)
        if key == "hours":
            gap = cohort.capacity_gap(table)
            return (
                charts.hours(gap, lang, min_group=limit),
                charts.hours_alt(gap, lang, min_group=limit),
            )
        raise KeyError(key)

    # -- polling ----------------------------------------------------------------------------

    def start(self) -> None:
        """Poll every ``interval`` seconds in a background thread (until :meth:`stop`)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="pertinence-dashboard", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._guard(self.refresh)()

    def stop(self) -> None:
        """Stop polling (the dashboard stays on screen, the Refresh button still works)."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=max(self.interval, 1.0) + 5)

    @property
    def polling(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def close(self) -> None:
        self.stop()
        super().close()


# --------------------------------------------------------------------------------------------
# Collecting answer files (groups on Binder download theirs and hand them in)


def save_uploaded(
    files: Any,
    cohort_dir: str | Path,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
) -> tuple[list[Path], list[str]]:
    """Validate uploaded answer files and save each one into the cohort folder.

    ``files`` is the ``value`` of a multi-file ``FileUpload`` (dicts with ``name`` and
    ``content``) or ``(name, bytes)`` pairs. Each file must be one submission's JSON; it is
    validated (questionnaire version included) and written with :func:`toolkit.store.save`
    under its own submission id, so a file handed in twice is saved once. Returns the paths
    saved and one line per file refused, in ``lang`` (the process's language by default).
    """
    q = questionnaire or default()
    saved: list[Path] = []
    problems: list[str] = []
    for item in files or ():
        name, content = (
            (item.get("name", "?"), item.get("content", b"")) if isinstance(item, dict) else item
        )
        try:
            data = bytes(content)
            if len(data) > store.MAX_FILE_BYTES:
                raise SubmissionError.of("file.upload_too_big", size=len(data))
            try:
                raw = json.loads(data.decode("utf-8-sig"))
            except UnicodeDecodeError as exc:
                raise SubmissionError.of(
                    "json.not_utf8", byte=exc.object[exc.start], position=exc.start
                ) from None
            except json.JSONDecodeError as exc:
                raise SubmissionError.of(
                    "json.invalid",
                    detail=messages.json_reason(exc.msg),
                    line=exc.lineno,
                    column=exc.colno,
                ) from None
            except RecursionError:
                raise SubmissionError.of("json.too_deep") from None
            submission = Submission.from_dict(raw, q)
            saved.append(store.save(submission, cohort_dir, q))
        except (PertinenceError, ValueError) as exc:
            sep = words.render("where.sep", lang)
            problems.append(f"{name}{sep}{messages.text_of(exc, lang)}")
    return saved, problems


WIDE_SUFFIXES = (".csv", ".xlsx")
"""Uploads read as wide tables (other tools' exports, the template): shown, then confirmed."""

MAX_LISTED = 200
"""Preview tables stop after this many problems or organisations."""


@dataclass
class PendingImport:
    """A wide file read without writing anything, waiting for the facilitator to confirm.

    ``preview`` is :func:`toolkit.forms.import_to_cohort` run with ``dry_run=True``: its
    ``columns`` are the mapping ``pertinence import --dry-run`` prints. :meth:`save` imports
    the same file for real; :meth:`discard` forgets it.
    """

    name: str
    path: Path
    cohort_dir: Path
    questionnaire: Questionnaire
    preview: forms.ImportResult

    def save(self) -> forms.ImportResult:
        """Import the file into the cohort folder (rows already there are not saved again)."""
        try:
            return forms.import_to_cohort(self.path, self.cohort_dir, self.questionnaire)
        finally:
            self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.path.parent, ignore_errors=True)


def preview_upload(
    name: str,
    content: bytes,
    cohort_dir: str | Path,
    questionnaire: Questionnaire | None = None,
) -> PendingImport:
    """Read an uploaded CSV/XLSX as ``pertinence import --dry-run`` does, writing nothing in
    the cohort: the bytes go to a private temporary folder until :meth:`PendingImport.save`
    or :meth:`PendingImport.discard`. Raises what reading the file raises
    (:class:`~toolkit.errors.InputFormatError` for a file that is not a table).
    """
    q = questionnaire or default()
    if len(content) > forms.MAX_IMPORT_BYTES:  # refused before a byte is copied
        raise SubmissionError.of("file.upload_too_big", size=len(content))
    suffix = Path(name).suffix.lower()
    folder = Path(tempfile.mkdtemp(prefix="pertinence-upload-"))
    path = folder / f"upload{suffix}"  # the upload's own name never becomes a path
    try:
        path.write_bytes(bytes(content))
        preview = forms.import_to_cohort(path, cohort_dir, q, dry_run=True)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return PendingImport(name, path, Path(cohort_dir), q, preview)


def mapping_html(result: forms.ImportResult, lang: str | None = None) -> str:
    """The column mapping of an import (the table ``pertinence import --dry-run`` prints),
    its problems and the organisations it holds with their keys, as HTML (all text escaped)."""
    lang = words.resolve(lang)

    def table(heads: list[str], rows: list[tuple[Any, ...]]) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
            for row in rows
        )
        return f"<table class='pertinence-mapping'><thead><tr>{head}</tr></thead>{body}</table>"

    heads = [
        words.render(key, lang)
        for key in ("dashboard.mapping_column", "dashboard.mapping_holds", "dashboard.mapping_how")
    ]
    parts = [
        f"<p><b>{html.escape(words.render('cli.mapping', lang))}</b></p>",
        table(heads, result.columns.rows(lang)),
    ]
    said = [*result.notes, *result.problems]
    if said:
        lines = "".join(f"<li>{html.escape(p.text(lang))}</li>" for p in said[:MAX_LISTED])
        parts.append(f"<ul>{lines}</ul>")
    frame = result.frame
    if len(frame):
        names = frame.assign(_name=frame["organisation"].astype(object).fillna("").astype(str))
        groups = names.groupby(names["org_key"].astype(str), sort=True)
        rows = [
            (" / ".join(dict.fromkeys(part["_name"])), key, fmt.count(len(part), lang))
            for key, part in groups
        ][:MAX_LISTED]
        heads = [
            words.render(key, lang)
            for key in ("dashboard.orgs_name", "dashboard.orgs_key", "dashboard.orgs_count")
        ]
        parts.append(table(heads, rows))
    return "".join(parts)


class UploadCollector(W.VBox):
    """A multi-file upload that saves groups' answer files into the cohort folder.

    JSON answer files are validated and saved at once. A CSV or XLSX (a form tool's export,
    the template) is first read without writing anything: its column mapping, its problems
    and its organisations with their keys are shown, and nothing is saved until the
    facilitator clicks the confirm button (or drops it with the cancel button).
    """

    def __init__(
        self,
        cohort_dir: str | Path,
        questionnaire: Questionnaire | None = None,
        lang: str | None = None,
    ):
        super().__init__()
        self.cohort_dir = Path(cohort_dir)
        self.questionnaire = questionnaire or default()
        self.lang = words.resolve(lang)
        self.upload = W.FileUpload(
            accept=".json,application/json," + ",".join(WIDE_SUFFIXES),
            multiple=True,
            description=words.render("dashboard.upload", self.lang),
            layout=W.Layout(width="auto"),
        )
        self.result = W.HTML()
        self.preview = W.HTML()
        self.confirm = W.Button(
            description=words.render("dashboard.confirm", self.lang),
            button_style="primary",
            icon="check",
            layout=W.Layout(width="auto", display="none"),
        )
        self.cancel = W.Button(
            description=words.render("dashboard.cancel", self.lang),
            layout=W.Layout(width="auto", display="none"),
        )
        self.errors = W.Output()
        self.saved: list[Path] = []
        self.problems: list[str] = []
        self.pending: list[PendingImport] = []
        self.children = [
            self.upload,
            self.result,
            self.preview,
            W.HBox([self.confirm, self.cancel]),
            self.errors,
        ]
        self.upload.observe(self._guarded(self._on_upload), "value")
        self.confirm.on_click(self._guarded(lambda _b: self._on_confirm()))
        self.cancel.on_click(self._guarded(lambda _b: self._on_cancel()))

    def _guarded(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Callback errors shown in the widget's Output, never lost in a log."""

        def wrapper(*args: Any) -> Any:
            with self.errors:
                try:
                    return fn(*args)
                except Exception:
                    log.exception("upload failed")
                    raise

        return wrapper

    def _say(self, text: str, items: list[str]) -> None:
        lines = "".join(f"<li>{html.escape(p)}</li>" for p in items)
        self.result.value = f"<p>{html.escape(text)}</p>" + (f"<ul>{lines}</ul>" if lines else "")

    def _on_upload(self, change: dict[str, Any]) -> None:
        if not change["new"]:
            return
        files = list(change["new"])
        try:
            answer_files, problems = [], []
            for item in files:
                name, content = (
                    (item.get("name", "?"), item.get("content", b""))
                    if isinstance(item, dict)
                    else item
                )
                if Path(str(name)).suffix.lower() not in WIDE_SUFFIXES:
                    answer_files.append(item)
                    continue
                try:
                    self.pending.append(
                        preview_upload(name, content, self.cohort_dir, self.questionnaire)
                    )
                except (PertinenceError, ValueError, OSError) as exc:
                    sep = words.render("where.sep", self.lang)
                    problems.append(f"{name}{sep}{messages.text_of(exc, self.lang)}")
            saved, refused = save_uploaded(
                answer_files, self.cohort_dir, self.questionnaire, self.lang
            )
        finally:
            self.upload.value = ()  # ready for the next batch
        self.saved += saved
        self.problems += refused + problems
        done = words.render("dashboard.saved", self.lang, n=len(saved), folder=str(self.cohort_dir))
        self._say(done, refused + problems)
        self._show_pending()

    def _show_pending(self) -> None:
        shown = "" if self.pending else "none"
        self.confirm.layout.display = self.cancel.layout.display = shown
        parts = []
        for item in self.pending:
            p = item.preview
            summary = words.render(
                "dashboard.preview",
                self.lang,
                name=item.name,
                rows=p.rows,
                count=len(p.submissions),
                drafts=p.drafts,
                already=p.already,
                refused=p.refused,
            )
            parts.append(f"<h4>{html.escape(summary)}</h4>{mapping_html(p, self.lang)}")
        self.preview.value = "".join(parts)

    def _on_confirm(self) -> None:
        lines = []
        pending, self.pending = self.pending, []
        for item in pending:
            result = item.save()
            self.saved += [
                store.submission_path(self.cohort_dir, s.submission_id) for s in result.submissions
            ]
            self.problems += [p.text(self.lang) for p in result.problems]
            lines.append(
                words.render(
                    "dashboard.imported",
                    self.lang,
                    name=item.name,
                    count=len(result.submissions),
                    folder=str(self.cohort_dir),
                    already=result.already,
                    refused=result.refused,
                )
            )
        self.result.value = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
        self._show_pending()

    def _on_cancel(self) -> None:
        for item in self.pending:
            item.discard()
        self.pending = []
        self._show_pending()
        self.result.value = f"<p>{html.escape(words.render('dashboard.cancelled', self.lang))}</p>"


__all__ = [
    "Dashboard",
    "PendingImport",
    "UploadCollector",
    "folder_signature",
    "mapping_html",
    "poll_interval",
    "preview_upload",
    "save_uploaded",
]
