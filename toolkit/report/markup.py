"""The report's HTML: the page shell and its CSS, escaping, words as HTML text, and table
cells and tables.

Every value from data goes through :func:`esc`; the underscored helpers are shared by the
report's modules, not part of :mod:`toolkit.report`'s API.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

from .. import charts, fmt, words

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
 color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2.2rem;
 border-bottom:2px solid #0072B2;padding-bottom:.2rem}h3{font-size:1.05rem;margin-top:1.4rem}
.meta{color:#555;margin-top:0}.rec{border-left:6px solid #0072B2;background:#f2f7fb;
 padding:.8rem 1rem;margin:1rem 0}.rec.abstain{border-color:#D55E00;background:#fcf1ea}
.rec.one_off{border-color:#E69F00;background:#fdf6e6}.rec.prepare{border-color:#56B4E9}
.rec.go{border-color:#009E73;background:#e9f6f1}.rec strong{font-size:1.2rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.92rem}
th,td{border:1px solid #ccc;padding:.3rem .55rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.suppressed{color:#555;font-style:italic;background:#f7f7f7}
.flag-hard{color:#A6400A;font-weight:600}.flag-soft{color:#8a5a00}
figure{margin:1rem 0}figure img{max-width:100%;height:auto}
figcaption{color:#555;font-size:.88rem}.note{color:#555;font-size:.9rem}
.small{font-size:.85rem}.scroll{overflow-x:auto}ol.gaps>li{margin-bottom:.6rem}
.scroll:focus{outline:2px solid #0072B2}
footer{margin-top:3rem;color:#666;font-size:.85rem;border-top:1px solid #ccc;padding-top:.6rem}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}figure{page-break-inside:avoid}}
"""

FLAG_LEVELS = {"hard": "common.flag_hard", "soft": "common.flag_soft"}


def esc(value: Any) -> str:
    """Any value as inert HTML text (``None`` as nothing)."""
    return html.escape("" if value is None else str(value), quote=True)


def _say(key: str, lang: str, **params: Any) -> str:
    """The words of ``key`` (:func:`toolkit.words.render`) as HTML text."""
    return esc(words.render(key, lang, **params))


def _float(value: Any) -> float | None:
    """A number read from a table or a CSV cell; ``None`` when there is none."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _number(value: Any, lang: str, digits: int = 1) -> tuple[str, str]:
    """A table cell holding a number as the language writes it (``3,5`` / ``3.5``)."""
    return esc(fmt.number(_float(value), digits, lang)), "num"


def _count(value: Any, lang: str) -> tuple[str, str]:
    """A table cell holding a count (``5 022`` / ``5,022``)."""
    return esc(fmt.count(_float(value), lang)), "num"


def _percent(value: Any, lang: str, digits: int = 1) -> tuple[str, str]:
    """A table cell holding a percentage given from 0 to 100 (``45,5 %`` / ``45.5%``)."""
    number = _float(value)
    return esc(fmt.percent(None if number is None else number / 100, digits, lang)), "num"


def _hours(value: Any, lang: str) -> tuple[str, str]:
    """A table cell holding hours (``3,5 h``)."""
    return esc(fmt.hours(_float(value), lang)), "num"


def _level(level: str, lang: str) -> str:
    """A red flag's level in words (« majeur » / "major"), as HTML."""
    return _say(FLAG_LEVELS[level], lang) if level in FLAG_LEVELS else esc(level)


def _signed(value: Any, lang: str) -> str:
    """A whole number with its sign (``+2``, ``−1``)."""
    number = _float(value)
    return fmt.UNKNOWN if number is None else charts.tick_text(number, lang, 0, signed=True)


def _table(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], classes: Sequence[str] = ()
) -> str:
    """A table of already-escaped cells (use :func:`esc` on every value from data)."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            if isinstance(cell, tuple):  # (html, css class)
                cells.append(f'<td class="{cell[1]}">{cell[0]}</td>')
            else:
                cls = classes[i] if i < len(classes) and classes[i] else ""
                cells.append(f'<td class="{cls}">{cell}</td>' if cls else f"<td>{cell}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    # a wide table scrolls sideways on a phone: its wrapper is a named region that takes the
    # focus, so that a keyboard can scroll it too
    columns = ", ".join(html.unescape(re.sub(r"<[^>]+>", "", h)) for h in headers)
    name = esc(columns)  # the headers, already in the report's language
    return (
        f"<div class='scroll' tabindex='0' role='region' aria-label='{name}'>"
        f"<table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _page(title: str, lang: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{words.HTML_LANG[lang]}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>{body}"
        f"<footer>{_say('report.footer', lang)}</footer></body></html>\n"
    )


def _label(key: str, lang: str) -> str:
    """The words of ``key`` introducing what follows, as HTML: ``Cohorte :`` / ``Cohort:``."""
    return esc(fmt.colon(words.render(key, lang), lang)) + " "


def _generated(lang: str) -> str:
    """« Produit le 30 novembre 2026 » / "Generated on November 30, 2026", as HTML."""
    today = datetime.now(timezone.utc).astimezone()
    return _say("report.generated", lang, date=fmt.date(today, lang))


def _suppressed_cell(lang: str, min_group: int) -> tuple[str, str]:
    return _say("report.suppressed", lang, min=min_group), "suppressed"
