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
