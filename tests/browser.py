"""What the browser tests share: local servers, headless Chromium, filling the questionnaire.

A plain helper module (``from tests.browser import ...``). What it does, and why:

- servers (Voilà, JupyterLab) listen on 127.0.0.1 on a free port, write to a log file, and are
  stopped by their own PID: :func:`start_server` registers the stop with a finalizer at once,
  so a server that never comes up is stopped too;
- wait for Voilà's TCP port, never for a page (a GET of the page starts a kernel);
- Chromium is Debian's (``$CHROMIUM``, default ``/usr/bin/chromium``), launched by Playwright's
  driver with flags that keep it off the network; Playwright never downloads a browser.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from toolkit.app.markup import css_id

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 1000}
# Environment variables that must not reach a server under test: the demo switch makes
# notebook 01 answer and submit by itself, and pytest's Agg backend hides figures.
SERVER_ENV_DROP = ("PERTINENCE_DEMO", "MPLBACKEND")


# --------------------------------------------------------------------------------------------
# Servers


def voila_argv(notebook: Path, port: int, *options: str) -> list[str]:
    """Voilà serving ``notebook`` on 127.0.0.1:``port``, no browser, with ``options`` added."""
    argv = [str(BIN / "voila"), str(notebook), "--no-browser", f"--port={port}"]
    return [*argv, "--Voila.ip=127.0.0.1", *options]


def room_argv(cohort: Path, port: int, **flags: str) -> list[str]:
    """``pertinence serve`` for ``cohort`` on 127.0.0.1:``port``; each of ``flags`` becomes
    ``--name=value`` (``facilitator_key`` → ``--facilitator-key``), one word, so that a value
    starting with "-" (a random key may) is never read as an option."""
    argv = [str(BIN / "pertinence"), "serve", "--cohort", str(cohort)]
    argv += ["--host", "127.0.0.1", "--port", str(port)]
    for name, value in flags.items():
        argv.append(f"--{name.replace('_', '-')}={value}")
    return argv


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(**extra: str) -> dict[str, str]:
    """This process's environment without the test-only switches, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in SERVER_ENV_DROP}
    env.update(extra)
    return env


@dataclass
class Server:
    """A server process started by a test: its name, port, log file and process."""

    name: str
    port: int
    log_path: Path
    proc: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def _check_alive(self) -> None:
        if self.proc.poll() is not None:
            tail = self.log()[-3000:]
            raise RuntimeError(f"{self.name} exited with code {self.proc.returncode}:\n{tail}")

    def wait_for_port(self, timeout: float = 60.0) -> None:
        """Wait for the TCP port, not for a page: a GET of a Voilà page would start a kernel."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise TimeoutError(f"{self.name} did not open port {self.port} in {timeout:.0f} s")

    def wait_for_http(self, path: str, timeout: float = 60.0) -> None:
        """Wait until ``GET path`` answers 200: JupyterLab's ``api/status``, never a Voilà page."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            try:
                with urllib.request.urlopen(self.url + path, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{self.name} did not answer {path} in {timeout:.0f} s")

    def stop(self) -> None:
        """Stop the server by its PID: SIGTERM (it shuts its kernels down), SIGKILL if stuck."""
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)


def start_server(
    name: str,
    argv: Sequence[str],
    log_path: Path,
    env: Mapping[str, str],
    stop_with: Callable[[Callable[[], None]], Any],
    port: int,
    cwd: Path = ROOT,
) -> Server:
    """Start ``argv`` with its output in ``log_path``; ``stop_with(server.stop)`` at once
    (pass ``request.addfinalizer``). Does not wait: call ``wait_for_port``/``wait_for_http``,
    so that several servers can start side by side."""
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            list(argv), stdout=log, stderr=subprocess.STDOUT, env=dict(env), cwd=cwd
        )
    server = Server(name, port, log_path, proc)
    stop_with(server.stop)
    return server


def start_voila(
    notebook: Path,
    log_path: Path,
    env: Mapping[str, str],
    stop_with: Callable[[Callable[[], None]], Any],
) -> Server:
    """Voilà serving one notebook on 127.0.0.1 (not yet waited for)."""
    port = free_port()
    argv = voila_argv(notebook, port)
    return start_server(f"Voilà ({notebook.name})", argv, log_path, env, stop_with, port)


def jupyterlab_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment for JupyterLab under test: settings (news pop-up off), workspaces and
    config in ``tmp_path``, so nothing of the user's own set-up leaks in or is changed."""
    settings = tmp_path / "lab-settings"
    notification = settings / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True, exist_ok=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8"
    )
    workspaces = tmp_path / "lab-workspaces"
    workspaces.mkdir(exist_ok=True)
    config = tmp_path / "jupyter-config"
    config.mkdir(exist_ok=True)
    return server_env(
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(workspaces),
        JUPYTER_CONFIG_DIR=str(config),
        **extra,
    )


def start_jupyterlab(
    root_dir: Path,
    log_path: Path,
    env: Mapping[str, str],
    stop_with: Callable[[Callable[[], None]], Any],
) -> Server:
    """JupyterLab on 127.0.0.1, no token, no news, no update check (not yet waited for)."""
    port = free_port()
    argv = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={root_dir}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    return start_server("JupyterLab", argv, log_path, env, stop_with, port, cwd=root_dir)


# --------------------------------------------------------------------------------------------
# Chromium


def chromium_path() -> str:
    return os.environ.get("CHROMIUM", "/usr/bin/chromium")


def require_browser() -> str:
    """Skip the test when Playwright or Chromium is missing; the Chromium path otherwise."""
    pytest.importorskip("playwright")
    path = chromium_path()
    if not os.access(path, os.X_OK):
        pytest.skip(f"no Chromium at {path} (make browser, or set CHROMIUM)")
    return path


def launch_chromium(playwright: Any) -> Any:
    """Headless Debian Chromium through Playwright's driver, kept off the network."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def snap(page: Any, path: Path, height: int = 3400) -> None:
    """A screenshot of the whole app: Voilà scrolls an inner panel, so grow the viewport."""
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    page.screenshot(path=str(path))
    page.set_viewport_size(VIEWPORT)


# Timestamps taken in the page itself: with two pages driven from one thread, waiting on one
# page would delay noticing the other; a MutationObserver notes when each thing first appears.
_WATCH_JS = """
(watches) => {
  window.__seen = window.__seen || {};
  const check = () => {
    for (const w of watches) {
      if (window.__seen[w.name]) continue;
      const re = w.pattern ? new RegExp(w.pattern) : null;
      for (const el of document.querySelectorAll(w.selector)) {
        if (!re || re.test(el.textContent)) { window.__seen[w.name] = Date.now(); break; }
      }
    }
  };
  new MutationObserver(check).observe(document, {
    childList: true, subtree: true, characterData: true,
  });
  check();
}
"""


def watch(page: Any, **watches: str | tuple[str, str]) -> None:
    """Note the wall-clock time (ms) when each selector (optionally with a text regex) first
    matches, in this page and in every document it loads later: ``watch(page, ready=".x")``."""
    spec = [
        {"name": name, "selector": w[0], "pattern": w[1]}
        if isinstance(w, tuple)
        else {"name": name, "selector": w, "pattern": None}
        for name, w in watches.items()
    ]
    page.add_init_script(f"({_WATCH_JS})({json.dumps(spec)})")


def seen_at(page: Any, name: str, timeout_ms: float = 60_000) -> float:
    """When ``name`` was first seen, in seconds since the epoch (waits for it)."""
    page.wait_for_function("n => window.__seen && window.__seen[n]", arg=name, timeout=timeout_ms)
    return page.evaluate("n => window.__seen[n]", name) / 1000.0


# --------------------------------------------------------------------------------------------
# The questionnaire app


def answer(page: Any, q: Any, qid: str, value: Any, lang: str = "fr") -> None:
    """Answer one question by clicking and typing, found by its block and its ``lang`` labels."""
    from playwright.sync_api import expect

    question = q.question(qid)
    block = page.locator(f".{css_id(qid)}")
    kind = question.scale.type
    if kind == "single":
        option = question.scale.option(value)  # "don't know" is a radio of the same group
        block.get_by_role("radio", name=option.label(lang), exact=True).check()
    elif kind == "multi":
        for code in value:
            block.get_by_role("checkbox", name=question.label_of(code, lang), exact=True).check()
    elif kind == "number":
        text = str(value).replace(".", ",") if lang == "fr" else str(value)
        box = block.get_by_role("textbox")
        box.fill(text)
        box.press("Tab")
        expect(box).to_have_value(text)
    else:  # pragma: no cover - the tests' answers have no date or text answer
        raise AssertionError(f"no browser filler for {kind}")


def fill_profile(page: Any, q: Any, organisation: Mapping[str, str], lang: str = "fr") -> None:
    """Type the organisation's name and pick sector, size and region by their labels."""
    name = page.get_by_label(q.profile_field("name").text(lang))
    name.fill(organisation["name"])
    name.press("Tab")
    for field_id in ("sector", "size", "region"):
        field = q.profile_field(field_id)
        label = next(o.label(lang) for o in field.options if o.code == organisation[field_id])
        page.get_by_label(field.text(lang)).select_option(label)


# --------------------------------------------------------------------------------------------
# Phones, layout and axe-core

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}
# each run writes here (git ignores it); the committed before/after set is in screenshots/
SCREENSHOTS = ROOT / "screenshots" / "run"


def phone_context(browser: Any, **kwargs: Any) -> Any:
    """A 390×844 touch phone (device pixel ratio 2) in Canadian French."""
    return browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="fr-CA",
        **kwargs,
    )


# What a person sees that does not fit: elements past the screen's edges or cut inside their
# box, and targets (buttons, fields, links, option rows) smaller than 44×44 px.
_LAYOUT_JS = """
(scope) => {
  const vw = window.innerWidth;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const st = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && st.visibility !== "hidden";
  };
  const name = (el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} `
    + `"${(el.innerText || el.value || "").trim().slice(0, 40)}"`;
  const wide = [];
  for (const el of document.querySelectorAll(`${scope} *`)) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    const clipped = el.scrollWidth > el.clientWidth + 1
      && !["visible", "auto", "scroll"].includes(getComputedStyle(el).overflowX);
    const outside = r.right > vw + 0.5 || r.left < -0.5;
    if (outside || clipped) wide.push(`${name(el)} ${r.left}..${r.right}`);
  }
  const small = [];
  const targets = `${scope} button, ${scope} select, ${scope} input, ${scope} a[href], `
    + `${scope} textarea`;
  for (const el of document.querySelectorAll(targets)) {
    const target = el.closest("label") || el;  // an option's whole row is its target
    if (!shown(target) || (el.type === "file")) continue;
    const r = target.getBoundingClientRect();
    if (r.width < 44 || r.height < 44) small.push(`${name(target)} ${r.width}x${r.height}`);
  }
  return {
    scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, wide, small,
  };
}
"""


def layout_problems(page: Any, scope: str = ".pertinence-app") -> dict[str, Any]:
    """``{"scrollWidth", "innerWidth", "wide": [...], "small": [...]}`` for ``scope``."""
    return page.evaluate(_LAYOUT_JS, scope)


def axe_path() -> Path:
    """axe-core's ``axe.min.js``, as shipped inside the ``axe-playwright-python`` wheel."""
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now: ``id``, ``impact``, node count."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_path()))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])} for v in found]


def serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The violations a WCAG 2.2 AA page may not have: serious and critical ones."""
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def axe_counts(violations: list[dict[str, Any]]) -> dict[str, int]:
    """Nodes per impact: ``{"critical": 0, "serious": 0, "moderate": 2, "minor": 0}``."""
    counts = dict.fromkeys(("critical", "serious", "moderate", "minor"), 0)
    for v in violations:
        counts[v["impact"] or "minor"] += v["nodes"]
    return counts
