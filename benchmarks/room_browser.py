"""One simulated group in a real Chromium page: join, answer every question, submit, and time it.

Used by ``bench_room.py`` (25 groups) and ``tests/test_room_load.py`` (5 groups). Each group has
its own browser context (cookies, storage) in one shared headless Chromium, which runs at the
lowest CPU priority so that the server under test gets the cores.

Times are taken inside the page (``Date.now()``): a MutationObserver notes when each awaited
thing first appears, and a capturing click listener notes each click, so a slow driver (one
Python thread for 25 pages) never adds to a figure. What each figure means:

- interactive: page request → the organisation-name field is on screen and enabled;
- click: a click on an answer → the answered-count text shows the new count (the server got
  the change, recorded it and sent the new text back, and the page drew it);
- submit: the submit click → the recommendation is on screen.

The simulated groups tap an option or "Next" by sending the click event to it, as a tap
does, rather than through Playwright's pointer checks (scroll into view, two stable frames, a
hit test, mouse down and up). Those checks cost the 25 simulated phones on this machine about
as much CPU as the page's own answer: per answer 57 → 37 ms of Chromium and driver CPU, per
step change 200 → 140 ms. What is timed starts at the click event either way. The test suite
drives real pointer, touch and keyboard input (``tests/test_accessibility.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import stat
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.browser import CHROMIUM_ARGS as TEST_CHROMIUM_ARGS
from toolkit.app.markup import css_id
from toolkit.app.questionnaire import demo_answers
from toolkit.app.words import plural, word
from toolkit.questionnaire import MULTI, NUMBER, SINGLE, Questionnaire, default

# The test suite's Chromium flags (off the network, no background requests), and any address
# but this machine's fails at once: a page that asks the internet for a file waits for nothing.
CHROMIUM_ARGS = [*TEST_CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}

# In every document of a page: note clicks, and the first moment each awaited thing is seen.
_PROBE_JS = """
(() => {
  if (window.__bench) return;
  const b = window.__bench = {seen: {}, wants: [], waiters: {}, lastClick: null, clicks: 0};
  addEventListener('click', () => { b.lastClick = Date.now(); b.clicks += 1; }, true);
  const enabledField = (text) => {
    for (const label of document.querySelectorAll('label')) {
      if (label.textContent.trim() !== text) continue;
      const box = label.control || (label.parentElement &&
        label.parentElement.querySelector('input, textarea, select'));
      if (box && !box.disabled && box.offsetParent !== null) return true;
    }
    return false;
  };
  const test = (w) => {
    if (w.kind === 'field') return enabledField(w.arg);
    if (w.kind === 'selector') {
      const el = document.querySelector(w.arg);
      return !!el && el.offsetParent !== null;
    }
    return !!document.body && document.body.textContent.includes(w.arg);
  };
  const check = () => {
    for (const w of b.wants) {
      if (b.seen[w.name]) continue;
      if (!test(w)) continue;
      b.seen[w.name] = {at: Date.now(), click: b.lastClick};
      for (const resolve of b.waiters[w.name] || []) resolve(b.seen[w.name]);
      delete b.waiters[w.name];
    }
    b.wants = b.wants.filter((w) => !b.seen[w.name]);
  };
  // Test once per frame at most, and only while something is awaited: testing the whole page
  // on every DOM mutation cost the 25 simulated phones more CPU than the pages themselves.
  let queued = false;
  const schedule = () => {
    if (queued || !b.wants.length) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; check(); });
  };
  b.want = (name, kind, arg) => { b.wants.push({name, kind, arg}); check(); };
  // resolves once ``name`` is seen: the driver awaits it in one call, no polling in the page
  b.until = (name) => b.seen[name] ? Promise.resolve(b.seen[name])
    : new Promise((resolve) => { (b.waiters[name] = b.waiters[name] || []).push(resolve); });
  const start = () => new MutationObserver(schedule).observe(document, {
    childList: true, subtree: true, characterData: true, attributes: true,
    attributeFilter: ['disabled', 'style', 'class'],
  });
  start();
})();
"""


@dataclass
class GroupResult:
    """What one group saw: its name, its times (seconds) and what went wrong."""

    index: int
    name: str
    device: str
    started: float = 0.0  # epoch seconds of the page request
    interactive: float | None = None
    clicks: list[float] = field(default_factory=list)
    submit: float | None = None
    submitted: bool = False
    blank: bool = False
    error: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)  # the group's, once it has submitted

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "name": self.name,
            "device": self.device,
            "interactive": self.interactive,
            "clicks": self.clicks,
            "submit": self.submit,
            "submitted": self.submitted,
            "blank": self.blank,
            "error": self.error,
        }


def nice_chromium(chromium: str, folder: Path, nice: int = 19) -> str:
    """A wrapper script that starts ``chromium`` at CPU priority ``nice`` (19: the lowest)."""
    wrapper = folder / "chromium-nice"
    wrapper.write_text(f'#!/bin/sh\nexec nice -n {nice} "{chromium}" "$@"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return str(wrapper)


def count_text(lang: str, n: int, total: int) -> str:
    """The answered-count text the app shows after ``n`` of ``total`` answers."""
    noun = plural(lang, n, "app.answer_one", "app.answer_many")
    return word(lang, "app.answered_of", n=n, total=total, word=noun)


class GroupPage:
    """A group's page and the probes in it."""

    def __init__(self, page: Any, deadline: float):
        self.page = page
        self.deadline_ms = deadline * 1000

    async def want(self, name: str, kind: str, arg: str) -> None:
        await self.page.evaluate("([n, k, a]) => window.__bench.want(n, k, a)", [name, kind, arg])

    async def seen(self, name: str, timeout: float | None = None) -> dict[str, float]:
        """``{"at": ms, "click": ms}`` when ``name`` was first seen (waits for it)."""
        wait = self.deadline_ms / 1000 if timeout is None else timeout
        try:
            found: dict[str, float] = await asyncio.wait_for(
                self.page.evaluate("n => window.__bench.until(n)", name), wait
            )
        except asyncio.TimeoutError:
            raise TimeoutError(f"{name!r} not seen within {wait:g} s") from None
        return found


async def _answer(gp: GroupPage, q: Questionnaire, qid: str, value: Any, lang: str) -> None:
    question = q.question(qid)
    block = gp.page.locator(f".{css_id(qid)}")
    kind = question.scale.type
    if kind in (SINGLE, MULTI):
        # one radio or checkbox per option, its value the option's code ("don't know" too)
        for code in value if kind == MULTI else [value]:
            await block.locator(f'input[value="{code}"]').dispatch_event("click")
    elif kind == NUMBER:
        text = f"{value:g}".replace(".", ",") if lang == "fr" else f"{value:g}"
        box = block.locator("input")
        await box.fill(text)
        await box.press("Tab")
    else:  # pragma: no cover - demo answers hold no date or text answer
        raise ValueError(f"no browser filler for {kind}")


async def open_page(browser: Any, phone: bool = True) -> Any:
    """A group's own browser context (cookies, storage) and page, with the probe in it.

    Opened before the first group arrives: a phone's browser is already running when its
    group scans the code. Here each page is a new renderer process, about 0.8 s of CPU to
    start, which the phones of a room do not take from each other."""
    context = await browser.new_context(locale="fr-CA", **(PHONE if phone else LAPTOP))
    page = await context.new_page()
    await page.add_init_script(_PROBE_JS)
    return page


async def run_group(
    page: Any,
    index: int,
    url: str,
    name: str,
    *,
    delay: float = 0.0,
    phone: bool = True,
    lang: str = "fr",
    think: float = 3.0,
    deadline: float = 60.0,
    questionnaire: Questionnaire | None = None,
) -> GroupResult:
    """One group, in ``page`` (from :func:`open_page`): after ``delay`` s, open ``url``, answer
    every question (waiting ``think`` s on average between answers), submit. The page stays
    open, so that the server holds every group until the end, as in a room."""
    q = questionnaire or default()
    result = GroupResult(index, name, "phone" if phone else "laptop")
    rng = random.Random(index)
    context = page.context
    await asyncio.sleep(delay)
    gp = GroupPage(page, deadline)
    # when the kernel websocket opened and its first message came: tells a server that never
    # answered from a browser too slow to draw what it got
    events: dict[str, float] = {}

    def on_websocket(ws: Any) -> None:
        events.setdefault("websocket", time.time())
        ws.once("framereceived", lambda _frame: events.setdefault("message", time.time()))

    page.on("websocket", on_websocket)
    try:
        result.started = time.time()
        await page.goto(url, wait_until="commit", timeout=deadline * 1000)
        name_text = q.profile_field("name").text(lang)
        await gp.want("ready", "field", name_text)
        try:
            ready = await gp.seen("ready")
        except Exception:  # the name field never came: a blank page for this group
            result.blank = True
            widgets: Any = "?"
            with contextlib.suppress(Exception):
                widgets = await asyncio.wait_for(
                    page.evaluate("() => document.querySelectorAll('.jupyter-widgets').length"),
                    10,
                )
            got = ", ".join(f"{k} at {v - result.started:.1f} s" for k, v in events.items())
            result.error = f"blank: no name field; {got or 'no websocket'}; {widgets} widgets drawn"
            return result
        result.interactive = ready["at"] / 1000 - result.started

        field_box = page.get_by_label(name_text, exact=True)
        await field_box.fill(name)
        await field_box.press("Tab")
        for field_id in ("sector", "size", "region"):
            profile = q.profile_field(field_id)
            label = profile.options[index % len(profile.options)].label(lang)
            await page.get_by_label(profile.text(lang), exact=True).select_option(label)

        answers = demo_answers(q)
        total = sum(1 for x in q.questions if x.required)
        answered = 0
        steps: list[tuple[str | None, list[str]]] = [
            (None, [x.id for x in q.questions if not x.scored and x.id in answers])
        ]
        steps += [(d.id, [x.id for x in q.questions_of(d.id)]) for d in q.dimensions]
        next_button = page.get_by_role("button", name=word(lang, "app.next"), exact=True)
        for dimension, qids in steps:
            if dimension is not None:
                await gp.want(f"step-{dimension}", "selector", f".{css_id(qids[0])}")
                await next_button.dispatch_event("click")
                await gp.seen(f"step-{dimension}")
            for qid in qids:
                question = q.question(qid)
                value = answers[qid]
                # a multi-select answer counts once, at its first box: time that click alone
                multi = question.scale.type == MULTI
                first, rest = (value[:1], value[1:]) if multi else (value, None)
                if question.required:
                    answered += 1
                    key = f"count-{answered}"
                    await gp.want(key, "text", count_text(lang, answered, total))
                    await _answer(gp, q, qid, first, lang)
                    seen = await gp.seen(key)
                    # a typed number is no click: only clicks are timed
                    if question.scale.type != NUMBER and seen["click"] is not None:
                        result.clicks.append((seen["at"] - seen["click"]) / 1000)
                else:
                    await _answer(gp, q, qid, first, lang)
                if rest:
                    await _answer(gp, q, qid, rest, lang)
                await asyncio.sleep(rng.uniform(0, 2 * think))
        # the stakeholder map (left empty), then the review
        await next_button.click()
        await page.get_by_role("button", name=word(lang, "app.add_actor")).wait_for(
            timeout=deadline * 1000
        )
        await next_button.click()
        await gp.want("complete", "text", word(lang, "app.missing_none"))
        await gp.seen("complete")
        await gp.want("result", "selector", ".pertinence-recommendation")
        await page.get_by_role("button", name=word(lang, "app.submit")).click()
        shown = await gp.seen("result")
        result.submit = (shown["at"] - shown["click"]) / 1000
        result.submitted = True
        result.cookies = {c["name"]: c["value"] for c in await context.cookies()}
    except Exception as exc:  # a benchmark counts failures, it does not stop
        lines = [x.strip() for x in str(exc).splitlines() if x.strip()]
        result.error = f"{type(exc).__name__}: {' | '.join(lines[:1] + lines[-3:])[:400]}"
    return result


async def run_groups(
    url: str,
    names: Sequence[str],
    *,
    spread: float = 60.0,
    chromium: str = "/usr/bin/chromium",
    laptop_every: int = 5,
    lang: str = "fr",
    think: float = 3.0,
    deadline: float = 60.0,
    nice: int = 19,
    on_all_done: Any = None,
) -> list[GroupResult]:
    """Every group in one Chromium (nice 19), arriving evenly over ``spread`` seconds; one in
    ``laptop_every`` uses a 1366×768 laptop screen, the others a 390×844 phone.

    ``on_all_done()`` is called once every group has finished, before the pages close (to
    read the server's CPU and memory while it still holds every group)."""
    from playwright.async_api import async_playwright

    q = default()
    keep: list[Any] = []
    with tempfile.TemporaryDirectory(prefix="pertinence-chromium-") as tmp:
        async with async_playwright() as p:
            browser = await p.chromium.launch(
                executable_path=nice_chromium(chromium, Path(tmp), nice), args=CHROMIUM_ARGS
            )
            try:
                n = len(names)
                phones = [(i % laptop_every) != laptop_every - 1 for i in range(n)]
                pages = [await open_page(browser, phone) for phone in phones]
                keep.extend(page.context for page in pages)
                await asyncio.sleep(2.0)  # the new renderer processes settle before anyone joins
                tasks = [
                    run_group(
                        page,
                        i,
                        url,
                        name,
                        delay=spread * i / n if n else 0.0,
                        phone=phone,
                        lang=lang,
                        think=think,
                        deadline=deadline,
                        questionnaire=q,
                    )
                    for i, (name, page, phone) in enumerate(zip(names, pages, phones, strict=True))
                ]
                results = list(await asyncio.gather(*tasks))
                if on_all_done is not None:
                    on_all_done()
            finally:
                for context in keep:
                    with contextlib.suppress(Exception):  # closing is best effort
                        await context.close()
                await browser.close()
    return results


def landed(cohort: Path, names: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The submission files in ``cohort`` for each of ``names`` (parsed JSON)."""
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for path in sorted(cohort.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        org = (data.get("organisation") or {}).get("name")
        if org in found:
            found[org].append({**data, "_file": path.name})
    return found
