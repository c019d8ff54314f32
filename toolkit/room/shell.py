"""The questionnaire page's HTML: Solara's page, in the group's language (``<html lang>``, a
title naming the questionnaire, Solara's few English messages translated) and never blank — a
notice says the page is coming, says so again if the server is busy, and retries."""

from __future__ import annotations

import json
import re
from html import escape

from ..words import HTML_LANG, render

WAIT_SECONDS = 6  # then "the server is busy"
RETRY_SECONDS = 45  # then the page reloads itself

# Solara's own messages (English in its page template) and the catalogue key replacing each.
_SOLARA_WORDS = (
    (
        r"App is disconnected, and may not function properly\. Please refresh the page\.",
        "room.disconnected",
    ),
    (r"Server\s+disconnected\.", "room.disconnected"),
    (r"Restoring session…", "room.wait"),
    (r"Could not restore session\. Please refresh\.", "room.refresh"),
    (r"Please refresh the page", "room.refresh"),
    (r"Refresh now", "room.refresh_now"),
)

_WAIT = """<div id="pertinence-wait" role="status" aria-live="polite" style="position:fixed;inset:0;
z-index:100010;display:flex;align-items:center;justify-content:center;background:#f4f6f8;
color:#1a1a1a;font:1.25rem/1.5 system-ui,sans-serif;padding:1.5rem;text-align:center">
<p id="pertinence-wait-text" style="max-width:30rem">{loading}</p></div>
<script>
(function () {{
  var words = {words};
  var box = document.getElementById("pertinence-wait");
  var text = document.getElementById("pertinence-wait-text");
  var since = Date.now();
  setInterval(function () {{
    if (document.querySelector(".pertinence-app, .pertinence-room, .pertinence-refused")) {{
      box.style.display = "none";
      since = Date.now();
      return;
    }}
    box.style.display = "flex";
    var waited = (Date.now() - since) / 1000;
    if (waited > {retry}) {{
      text.textContent = words.retry;
      location.reload();
    }} else if (waited > {busy}) {{
      text.textContent = words.busy;
    }}
  }}, 500);
}})();
</script>
"""


def localise(solara_html: str, lang: str, title: str) -> str:
    """Solara's page for one language: ``<html lang>``, ``<title>``, its messages, the notice."""
    page = re.sub(r"<html[^>]*>", f'<html lang="{HTML_LANG[lang]}">', solara_html, count=1)
    page = re.sub(
        r"<title>.*?</title>", f"<title>{escape(title)}</title>", page, count=1, flags=re.S
    )
    for pattern, key in _SOLARA_WORDS:
        page = re.sub(pattern, escape(render(key, lang)), page)
    words = {"busy": render("room.busy", lang), "retry": render("room.retry", lang)}
    notice = _WAIT.format(
        loading=escape(render("room.wait", lang)),
        words=json.dumps(words, ensure_ascii=False).replace("</", "<\\/"),
        busy=WAIT_SECONDS,
        retry=RETRY_SECONDS,
    )
    body = re.search(r"<body[^>]*>", page)
    if body is None:
        return page + notice
    return page[: body.end()] + notice + page[body.end() :]
