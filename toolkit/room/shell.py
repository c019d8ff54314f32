"""The questionnaire page's HTML: Solara's page, in the group's language (``<html lang>``,
following the app's language switch, a title naming the questionnaire, Solara's few English
messages translated) and never blank — a notice says the page is coming, says so again if the
server is busy, and retries.

Never a dead questionnaire either. A page whose connection to its kernel is lost (a phone
asleep, the network gone, the server restarted) covers the questionnaire with a notice that
says so, that the answers given are saved, and shows the group's resume code. Once the
connection has been lost :data:`LOST_SECONDS`, or Jupyter's own reconnection has given up
(after 7 tries, about two minutes), the page asks the server every :data:`PROBE_SECONDS`
(never reloading into the browser's offline error page). As soon as the server answers, the
page reconnects at once rather than at Jupyter's next try (up to a minute later): to its kernel
if it is still there (a short sleep: the page goes on as it was), otherwise Solara reloads it
(the kernel culled, the server restarted), and so does the shell if the reconnection has not
succeeded within :data:`RECONNECT_SECONDS`: a fresh questionnaire, where the group types its
code. The
code is kept in the tab's ``sessionStorage`` only (forgotten once the answers are submitted),
and shown above a reloaded page, until the app shows a code again, so that a group who did not
note it still has it."""

from __future__ import annotations

import json
import re
from html import escape

from ..words import HTML_LANG, render

WAIT_SECONDS = 6  # then "the server is busy"
RETRY_SECONDS = 45  # then the page reloads itself
LOST_NOTICE_SECONDS = 2  # a connection lost this long is said (shorter blips pass unseen)
LOST_SECONDS = 4  # then the page asks the server, reconnects or reloads once it answers
PROBE_SECONDS = 2  # how often a page that lost its connection asks the server
RECONNECT_SECONDS = 5  # a reconnection that has not succeeded by then: the page reloads

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
<div style="max-width:30rem"><p id="pertinence-wait-text">{loading}</p>
<p id="pertinence-wait-code" style="font-weight:bold"></p></div></div>
<div id="pertinence-hint" role="status" style="display:none;background:#fff8e1;color:#1a1a1a;
border-bottom:3px solid #b35c00;padding:.75rem 1rem;font:1rem/1.4 system-ui,sans-serif;gap:1rem;
align-items:center;justify-content:center;flex-wrap:wrap">
<span id="pertinence-hint-text"></span>
<button type="button" id="pertinence-hint-close" style="font:inherit;padding:.4rem 1rem;
min-height:44px">{close}</button></div>
<script>
(function () {{
  var words = {words};
  var KEY = "pertinence-resume-code";
  var box = document.getElementById("pertinence-wait");
  var text = document.getElementById("pertinence-wait-text");
  var codeLine = document.getElementById("pertinence-wait-code");
  var since = Date.now(), connected = false, lostSince = null, lastProbe = 0;
  var probing = false, leaving = false, reconnecting = null;
  window.addEventListener("beforeunload", function () {{ leaving = true; }});
  // Solara's router writes the scroll position into the tab's history on every scroll event
  // ({{top: …}}, same address) and never reads it back. Each write is a round trip to the
  // browser's own process: on a phone scrolling through a step, dozens a second. Only those
  // writes are dropped; a history entry that changes the address goes through.
  var replaceState = history.replaceState.bind(history);
  history.replaceState = function (state, title, url) {{
    var scrollOnly = state && typeof state.top === "number" && Object.keys(state).length === 1;
    if (scrollOnly && String(url) === location.href) return;
    return replaceState(state, title, url);
  }};
  // the watcher below runs twice a second on every phone: it writes to the page or the
  // tab's storage only what changed (a write, even of the same value, restyles the page or
  // goes through the browser's storage process: 25 idle pages cost half a core)
  function stored(key, value) {{
    try {{
      var now = sessionStorage.getItem(key);
      if (value === undefined) return now;
      if (value === null) {{ if (now !== null) sessionStorage.removeItem(key); }}
      else if (now !== value) sessionStorage.setItem(key, value);
    }} catch (e) {{ return null; }}
  }}
  function display(element, value) {{
    if (element.style.display !== value) element.style.display = value;
  }}
  function codeText() {{
    var code = stored(KEY);
    return code ? words.code + " " + code : "";
  }}
  // a page reloaded (by the group, or after a lost connection) is a fresh questionnaire:
  // the tab's last resume code, to type in the first step, until the app shows a code again
  var hint = document.getElementById("pertinence-hint");
  var hinting = Boolean(stored(KEY));
  if (hinting) {{
    document.getElementById("pertinence-hint-text").textContent = codeText() + " " + words.hint;
    hint.style.display = "flex";
  }}
  function unhint() {{
    hinting = false;
    display(hint, "none");
  }}
  document.getElementById("pertinence-hint-close").onclick = unhint;
  function kernel() {{
    try {{
      var debug = typeof solara !== "undefined" ? solara.debug : null;
      return debug ? debug.kernel() : null;
    }} catch (e) {{
      return null;
    }}
  }}
  function reload() {{
    show(words.retry, codeText());
    location.reload();
  }}
  function show(message, code) {{
    text.textContent = message;
    codeLine.textContent = code || "";
    box.style.display = "flex";
  }}
  // the server answers: reconnect now (Solara reloads a page whose kernel is gone)
  function probe(connection) {{
    if (reconnecting !== null) {{
      if ((Date.now() - reconnecting) / 1000 > {reconnect}) reload();
      return;
    }}
    if (probing || Date.now() - lastProbe < {probe} * 1000) return;
    probing = true;
    lastProbe = Date.now();
    fetch(location.pathname, {{cache: "no-store", credentials: "same-origin"}}).then(function () {{
      probing = false;
      reconnecting = Date.now();
      try {{
        connection.reconnect().catch(reload);
      }} catch (e) {{
        reload();
      }}
    }}, function () {{
      probing = false;
    }});
  }}
  setInterval(function () {{
    if (leaving) return;
    var marker = document.querySelector(".pertinence-lang[data-lang]");
    var lang = marker ? marker.getAttribute("data-lang") : null;
    if (lang && document.documentElement.lang !== lang) document.documentElement.lang = lang;
    var connection = kernel();
    var status = connection ? connection.connectionStatus : null;
    if (status === "connected") {{
      connected = true;
      lostSince = reconnecting = null;
      var shown = document.querySelector(".pertinence-code strong");
      if (shown && shown.textContent.trim()) {{
        stored(KEY, shown.textContent.trim());
        if (hinting) unhint();
      }}
      if (document.querySelector(".pertinence-recommendation")) stored(KEY, null);  // submitted
    }} else if (connected && status) {{
      if (lostSince === null) lostSince = Date.now();
      var lost = (Date.now() - lostSince) / 1000;
      if (lost > {lost_notice}) show(words.lost, codeText());
      if (status === "disconnected" || lost > {lost}) probe(connection);
      return;
    }}
    if (document.querySelector(".pertinence-app, .pertinence-room, .pertinence-refused")) {{
      display(box, "none");
      since = Date.now();
      return;
    }}
    display(box, "flex");
    if (codeLine.textContent) codeLine.textContent = "";
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
    words = {
        "busy": render("room.busy", lang),
        "retry": render("room.retry", lang),
        "lost": render("room.lost", lang),
        "code": render("resume.your_code", lang),
        "hint": render("room.hint", lang, field=render("resume.code_field", lang)),
    }
    notice = _WAIT.format(
        loading=escape(render("room.wait", lang)),
        close=escape(render("room.hint_close", lang)),
        words=json.dumps(words, ensure_ascii=False).replace("</", "<\\/"),
        busy=WAIT_SECONDS,
        retry=RETRY_SECONDS,
        lost_notice=LOST_NOTICE_SECONDS,
        lost=LOST_SECONDS,
        probe=PROBE_SECONDS,
        reconnect=RECONNECT_SECONDS,
    )
    body = re.search(r"<body[^>]*>", page)
    if body is None:
        return page + notice
    return page[: body.end()] + notice + page[body.end() :]
