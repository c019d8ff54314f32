"""Charts in a real browser: on a 390-px phone the report's radar fits the screen and its
smallest text is at least 11 px, as computed from the figure; every chart is named."""

from __future__ import annotations

import pytest

from tests.browser import launch_chromium, require_browser
from toolkit import charts, report

pytestmark = pytest.mark.browser

# For each chart of the page: its width on screen, the viewport's, and the smallest text in
# CSS px (the SVG's font size in its own units × its shown width / its viewBox width).
MEASURE = """() => [...document.querySelectorAll('figure svg')].map(svg => {
  const shown = svg.getBoundingClientRect();
  const scale = shown.width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')]
    .filter(t => t.textContent.trim())
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return {label: svg.getAttribute('aria-label'), role: svg.getAttribute('role'),
          right: shown.right, width: shown.width, smallest: Math.min(...sizes),
          texts: sizes.length};
})"""


def test_the_report_radar_reads_at_11_px_on_a_390_px_phone(
    make_submission, questionnaire, tmp_path
):
    require_browser()
    from playwright.sync_api import sync_playwright

    sub = make_submission({"crisis.1": "no", "capacity.2": 3})
    page_path = tmp_path / "rapport.html"
    page_path.write_text(report.group_report(sub, questionnaire, "fr"), encoding="utf-8")
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(
                viewport={"width": 390, "height": 844},
                is_mobile=True,
                has_touch=True,
                device_scale_factor=2,
                locale="fr-CA",
            )
            page = context.new_page()
            page.goto(page_path.as_uri())
            measured = page.evaluate(MEASURE)
            inner = page.evaluate("() => innerWidth")
            wide = page.evaluate("() => document.documentElement.scrollWidth")
        finally:
            browser.close()
    radar = next(m for m in measured if m["label"].startswith("Scores par dimension"))
    assert radar["role"] == "img"
    assert radar["texts"] >= 8 + 8  # the spoke labels and the scores, as text
    assert radar["right"] <= inner
    assert radar["width"] >= charts.PHONE_WIDTH_PX  # shown at the page's width
    assert radar["smallest"] >= charts.MIN_TEXT_PX, radar
    assert wide <= inner  # nothing on the page scrolls sideways because of a chart


# Each text of each revealed chart: inside its chart's box (not cut), no « … », no question id.
DASHBOARD_CHARTS = """() => {
  const out = {unnamed_img: document.querySelectorAll('img:not([alt]), img[alt=""]').length,
               charts: []};
  for (const svg of document.querySelectorAll('.pertinence-dashboard svg[role="img"]')) {
    const box = svg.getBoundingClientRect();
    const cut = [...svg.querySelectorAll('text')].filter(t => {
      const r = t.getBoundingClientRect();
      return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1
                             || r.top < box.top - 1 || r.bottom > box.bottom + 1);
    }).map(t => t.textContent);
    const texts = [...svg.querySelectorAll('text')].map(t => t.textContent);
    out.charts.push({label: svg.getAttribute('aria-label') || '', width: box.width,
                     cut: cut, texts: texts});
  }
  return out;
}"""


@pytest.mark.slow
def test_the_dashboard_on_a_projector_names_every_chart_and_cuts_no_label(tmp_path, request):
    require_browser()
    import re

    from playwright.sync_api import expect, sync_playwright

    from tests.browser import ROOT, server_env, start_voila
    from toolkit import dashboard

    env = server_env(PERTINENCE_COHORT=str(ROOT / "data" / "sample_cohort"))
    env["PERTINENCE_POLL_SECONDS"] = "0"
    board = start_voila(
        ROOT / "notebooks" / "04_dashboard.ipynb", tmp_path / "voila.log", env, request.addfinalizer
    )
    board.wait_for_port()
    question_id = re.compile(
        r"\b(?:motivation|audience|content|capacity|competence|crisis"
        r"|influence|planning)\.\d\b"
    )
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.goto(board.url, timeout=120_000)
            shows = page.locator(".pertinence-panel button", has_text="Afficher")
            expect(shows.first).to_be_visible(timeout=120_000)
            for left in range(len(dashboard.PANELS), 0, -1):
                expect(shows).to_have_count(left, timeout=60_000)  # the last click has landed
                shows.first.click()  # turns one « Afficher » into « Masquer »
            charts_ = page.locator('.pertinence-dashboard svg[role="img"]')
            expect(charts_).to_have_count(len(dashboard.PANELS), timeout=120_000)
            found = page.evaluate(DASHBOARD_CHARTS)
            text = page.inner_text("body")
        finally:
            browser.close()
    assert found["unnamed_img"] == 0
    assert len(found["charts"]) == len(dashboard.PANELS)
    for chart in found["charts"]:
        assert re.search(r"\d", chart["label"]), chart["label"]
        assert chart["cut"] == [], (chart["label"][:40], chart["cut"])
        assert not [t for t in chart["texts"] if "…" in t or question_id.search(t)]
        assert chart["width"] > 600  # grown for the room's screen
    assert not question_id.search(text)
