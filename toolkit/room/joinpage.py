"""The pages the room serves itself, before Solara: the join page (one field for the code,
French by default with a language switch, phone-first, no script) and the refusal page."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from ..words import HTML_LANG, LANGUAGES, render
from .config import Room

CSS_PATH = "/_room/room.css"

CSS = """
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;
  font-size:112.5%;line-height:1.5;color:#1a1a1a;background:#f4f6f8}
body{margin:0}
main{max-width:32rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
label{display:block;font-weight:700;font-size:1.15rem;margin:1.25rem 0 .4rem}
input[type=text]{width:100%;font-size:1.8rem;letter-spacing:.2em;text-transform:uppercase;
  padding:.6rem .8rem;border:2px solid #444;border-radius:.4rem;background:#fff;color:#000}
input[type=text]:focus,button:focus,a:focus{outline:3px solid #0072b2;outline-offset:2px}
.help{color:#333;margin:.4rem 0 0}
button{display:block;width:100%;margin-top:1.25rem;font-size:1.25rem;font-weight:700;
  padding:.8rem 1rem;border:0;border-radius:.4rem;background:#005a8c;color:#fff;cursor:pointer}
.error{background:#fdecea;border-left:.35rem solid #b3261e;color:#5f1410;padding:.6rem .8rem;
  margin:1rem 0 0}
nav{margin-top:2rem}
nav a{color:#005a8c;font-weight:700;font-size:1.1rem}
"""


def _other(lang: str) -> str:
    return next(x for x in LANGUAGES if x != lang)


def join_page(room: Room, lang: str, error: bool = False, code: str = "") -> str:
    """The join page in ``lang``; with ``error``, says that the code typed is not this room's."""
    title = room.definition.title(lang)
    other = _other(lang)
    switch = escape(render("room.other_language", other))
    error_html = ""
    described = "code-help"
    if error:
        wrong = escape(render("room.wrong_code", lang))
        error_html = f'<p id="code-error" class="error" role="alert">{wrong}</p>'
        described += " code-error"
    return f"""<!doctype html>
<html lang="{HTML_LANG[lang]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(render("room.join_title", lang))} · {escape(title)}</title>
<link rel="stylesheet" href="{CSS_PATH}">
</head>
<body>
<main>
<h1>{escape(title)}</h1>
<p>{escape(render("room.join_intro", lang))}</p>
<form method="get" action="/">
<label for="code">{escape(render("room.code_label", lang))}</label>
<input type="text" id="code" name="code" value="{escape(code)}" autocomplete="off"
 autocapitalize="characters" spellcheck="false" required maxlength="12"
 aria-describedby="{described}"{' aria-invalid="true"' if error else ""}>
<p id="code-help" class="help">{escape(render("room.code_help", lang))}</p>
{error_html}
<input type="hidden" name="lang" value="{lang}">
<button type="submit">{escape(render("room.join", lang))}</button>
</form>
<nav aria-label="{escape(render("room.language", lang))}">
<a href="/?lang={other}" lang="{HTML_LANG[other]}" hreflang="{HTML_LANG[other]}">{switch}</a>
</nav>
</main>
</body>
</html>
"""


def refusal_page(lang: str, key: str = "room.forbidden") -> str:
    """A short page saying that nothing is served here without the code."""
    return f"""<!doctype html>
<html lang="{HTML_LANG[lang]}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(render("room.forbidden_title", lang))}</title>
<link rel="stylesheet" href="{CSS_PATH}"></head>
<body><main><h1>{escape(render("room.forbidden_title", lang))}</h1>
<p>{escape(render(key, lang))}</p>
<nav><a href="/?lang={quote(lang)}">{escape(render("room.back_to_join", lang))}</a></nav>
</main></body></html>
"""
