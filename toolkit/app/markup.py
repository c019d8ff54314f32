"""The app's HTML: its style sheet, escaping, download links and the hours gauge (the result's
markup is in ``result_markup``)."""

from __future__ import annotations

import base64
import html
import re
from typing import TYPE_CHECKING, Any

from .. import fmt
from ..answers import Submission, org_key
from ..palette import OKABE_ITO
from ..questionnaire import OVERHEAD
from ..questionnaire import Questionnaire as QuestionnaireDef
from .words import word

if TYPE_CHECKING:
    from .model import AnswersModel

# Phone first: at 390 px every text wraps and nothing is wider than the screen; every target
# (button, field, option row, link) is at least 44 px high; the back/next bar sticks to the
# bottom of the screen. Widget boxes scroll nothing themselves (``overflow: visible``), or
# the sticky bar would stick inside them.
STYLE = f"""<style>
.pertinence-app {{ max-width: 1100px; font-size: 16px; line-height: 1.45; overflow: visible;
  overflow-wrap: break-word; box-sizing: border-box; }}
.pertinence-app .widget-box {{ overflow: visible; min-width: 0; max-width: 100%; }}
.jp-OutputArea:has(.pertinence-app), .jp-OutputArea-child:has(.pertinence-app),
.jp-OutputArea-output:has(.pertinence-app) {{ overflow: visible; }}
.pertinence-app h1.pertinence-title {{ font-size: 1.5em; line-height: 1.25; margin: 0.3em 0; }}
.pertinence-app .pertinence-step h2 {{ margin: 0.6em 0 0 0; scroll-margin-top: 8px; }}
.pertinence-app h2 {{ font-size: 1.35em; margin: 0.4em 0; }}
.pertinence-app h3 {{ font-size: 1.1em; margin: 0.8em 0 0.3em; }}
.pertinence-app .widget-html-content, .pertinence-app .widget-label {{ white-space: normal;
  line-height: 1.45; overflow-wrap: break-word; }}
.pertinence-app .jupyter-button {{ min-height: 44px; height: auto; min-width: 44px;
  padding: 6px 14px; white-space: normal; font-size: 1em; }}
.pertinence-app .widget-toggle-button {{ min-height: 44px; height: auto; }}
.pertinence-app select, .pertinence-app input[type="text"],
.pertinence-app .widget-datepicker input {{ min-height: 44px; height: 44px; font-size: 16px;
  max-width: 100%; box-sizing: border-box; }}
.pertinence-app .widget-dropdown, .pertinence-app .widget-text,
.pertinence-app .widget-hprogress {{ max-width: 100%; min-width: 0; }}
.pertinence-app .widget-dropdown, .pertinence-app .widget-text,
.pertinence-app .widget-datepicker {{ height: auto; margin-bottom: 4px; }}
.pertinence-q {{ border-left: 3px solid #DDDDDD; padding: 4px 0 8px 12px; margin: 14px 0;
  max-width: 880px; box-sizing: border-box; }}
.pertinence-q .widget-label {{ font-weight: 600; }}
.pertinence-q .widget-inline-hbox {{ flex-direction: column; align-items: stretch;
  height: auto; }}
.pertinence-q .widget-inline-hbox > .widget-label {{ width: auto !important; max-width: 100%;
  overflow: visible; text-align: left; font-weight: 600; margin: 0 0 4px 0; }}
.pertinence-q .widget-inline-hbox > select, .pertinence-q .widget-inline-hbox > input {{
  flex: 0 0 auto; width: 100%; max-width: 32em; min-width: 0; }}
.pertinence-group {{ border: 0; margin: 0; padding: 0; min-width: 0; }}
.pertinence-legend {{ display: block; font-weight: 600; white-space: normal; padding: 0;
  margin: 0 0 4px 0; }}
.pertinence-option {{ display: flex; align-items: center; gap: 12px; min-height: 44px;
  padding: 4px 8px; margin: 2px 0; border-radius: 6px; box-sizing: border-box; width: 100%;
  max-width: 40em; cursor: pointer; }}
.pertinence-option:hover {{ background: #EEF4FA; }}
.pertinence-option:focus-within {{ outline: 3px solid {OKABE_ITO["blue"]};
  outline-offset: -1px; }}
.pertinence-option input {{ width: 22px; height: 22px; margin: 0; flex: none;
  accent-color: {OKABE_ITO["blue"]}; }}
.pertinence-option input:focus {{ outline: none; }}
.pertinence-option span {{ flex: 1; min-width: 0; }}
.pertinence-app input.pertinence-decimal {{ display: block; width: 100%; max-width: 12em;
  padding: 0 10px;
  border: 1px solid #767676; border-radius: 4px; }}
.pertinence-decimal[aria-invalid="true"] {{ border: 2px solid {OKABE_ITO["vermillion"]}; }}
.pertinence-qtext {{ font-weight: 600; margin-bottom: 4px; }}
.pertinence-help {{ color: #444444; font-size: 0.9em; }}
.pertinence-apart {{ border-top: 1px dashed #767676; margin-top: 6px; padding-top: 4px;
  font-style: italic; }}
.pertinence-msg {{ border-left: 4px solid {OKABE_ITO["vermillion"]}; padding: 2px 8px;
  font-weight: 600; }}
.pertinence-ok {{ border-left: 4px solid {OKABE_ITO["bluish_green"]}; padding: 2px 8px; }}
.pertinence-status {{ color: #444444; font-size: 0.9em; }}
.pertinence-body {{ min-height: calc(100vh - 150px); }}
.pertinence-bar {{ position: sticky; bottom: 0; z-index: 10; background: #FFFFFF;
  box-shadow: 0 12px 0 0 #FFFFFF;
  border-top: 1px solid #DDDDDD; padding: 8px 0 10px 0; margin: 18px 0 0 0; gap: 8px;
  align-items: center; justify-content: space-between; flex-wrap: nowrap; }}
.pertinence-bar .jupyter-button {{ flex: 0 0 auto; width: auto; }}
.pertinence-bar .widget-html {{ flex: 1 1 auto; text-align: center; min-width: 0; }}
.pertinence-gauge {{ border: 1px solid #DDDDDD; border-radius: 4px; padding: 6px 10px;
  margin: 8px 0; max-width: 620px; box-sizing: border-box; }}
.pertinence-gauge .row {{ display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px;
  margin: 3px 0; }}
.pertinence-gauge .lbl {{ flex: 0 0 8.5em; }}
.pertinence-gauge .track {{ flex: 1 1 6em; background: #F2F2F2; height: 14px; }}
.pertinence-gauge .bar {{ height: 14px; }}
.pertinence-gauge .num {{ flex: 0 0 auto; text-align: right; font-weight: 600; }}
.pertinence-result {{ border-left: 6px solid var(--rec-colour); padding: 4px 14px; }}
.pertinence-result table, .pertinence-table {{ border-collapse: collapse; margin: 6px 0; }}
.pertinence-result td, .pertinence-result th, .pertinence-table td, .pertinence-table th {{
  border-bottom: 1px solid #DDDDDD; padding: 3px 8px; text-align: left; vertical-align: top; }}
.pertinence-app img {{ max-width: 100%; height: auto; }}
.pertinence-download a {{ display: inline-flex; align-items: center; min-height: 44px;
  box-sizing: border-box; padding: 4px 12px; margin: 4px 0;
  border: 1px solid {OKABE_ITO["blue"]}; border-radius: 3px; color: {OKABE_ITO["blue"]};
  text-decoration: none; font-weight: 600; }}
.pertinence-download a:focus, .pertinence-download a:hover {{ background: #E8F1F8; }}
.pertinence-actor {{ border-bottom: 1px solid #EEEEEE; padding: 4px 0; flex-wrap: wrap; }}
.pertinence-actor .widget-label {{ width: auto !important; margin: 0 4px 0 8px; }}
</style>"""


def esc(text: Any) -> str:
    """``text`` as HTML text, quotes included (so it is safe in attributes too)."""
    return html.escape(str(text), quote=True)


def tag(name: str, cls: str, text: str, role: str | None = None) -> str:
    """``<name class="cls">escaped text</name>``, with an ARIA role when given."""
    aria = f' role="{role}"' if role else ""
    return f'<{name} class="{cls}"{aria}>{esc(text)}</{name}>'


def problem(text: str) -> str:
    """A message that asks for attention (announced by screen readers)."""
    return tag("div", "pertinence-msg", text, "status")


def ok(text: str) -> str:
    """A message that confirms (announced by screen readers)."""
    return tag("div", "pertinence-ok", text, "status")


def help_html(text: str) -> str:
    """A help line under a question, or nothing."""
    return tag("div", "pertinence-help", text) if text else ""


def css_id(key: str) -> str:
    """A CSS class naming one question's block: ``motivation.1`` → ``pertinence-q-motivation-1``."""
    return "pertinence-q-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def download_link(data: bytes, filename: str, mime: str, text: str) -> str:
    """An ``<a download>`` with the data inline: works in JupyterLab, Voilà and on Binder."""
    payload = base64.b64encode(data).decode("ascii")
    return (
        f'<div class="pertinence-download"><a download="{esc(filename)}" '
        f'href="data:{mime};base64,{payload}">⬇ {esc(text)}</a></div>'
    )


def file_stem(submission: Submission) -> str:
    """The start of a download's file name: never the raw organisation name."""
    slug = org_key(submission.organisation.get("name") or "").replace(" ", "-")[:40]
    return "pertinence-" + (slug or submission.submission_id[:8])


def hours_text(value: float, lang: str) -> str:
    """Hours as shown beside the gauge: ``3,5 h/semaine`` (the figure by :func:`fmt.hours`, as in
    the reports)."""
    return word(lang, "app.hours_a_week", hours=fmt.hours(value, lang))


def gauge_html(
    questionnaire: QuestionnaireDef, model: AnswersModel, lang: str, hours_step: str
) -> str:
    """The live gauge: hours needed by the planned platforms (table A) against hours freed."""
    needed, freed, parts = model.hours()
    platforms = questionnaire.platform_question()
    hours_q = questionnaire.hours_question()
    detail = " + ".join(
        [f"{platforms.label_of(code, lang)} {fmt.hours(h, lang)}" for code, h in parts]
        + [f"{word(lang, 'common.overhead')} {fmt.hours(questionnaire.effort[OVERHEAD], lang)}"]
    )
    scale = max(needed, freed or 0.0, 1.0)
    rows = [(word(lang, "app.hours_needed"), needed, OKABE_ITO["orange"])] if parts else []
    if freed is not None:
        rows.append((word(lang, "common.hours_freed"), float(freed), OKABE_ITO["blue"]))
    bars = "".join(
        f'<div class="row"><span class="lbl">{esc(label)}</span>'
        f'<span class="track"><div class="bar" style="width:{100 * value / scale:.0f}%;'
        f'background:{colour}"></div></span>'
        f'<span class="num">{hours_text(value, lang)}</span></div>'
        for label, value, colour in rows
    )
    if not parts:
        verdict = f"<div>{esc(word(lang, 'app.gauge_no_platform'))}</div>"
    elif freed is None:
        verdict = f"<div>{esc(word(lang, 'app.gauge_no_hours', step=hours_step))}</div>"
    else:
        ratio = float(freed) / needed
        covered = word(lang, "app.gauge_ratio", pct=fmt.percent(ratio, lang=lang))
        flag = next((f for f in hours_q.flags if f.hours_ratio_below is not None), None)
        if ratio >= 1:
            verdict = tag("div", "pertinence-ok", "✓ " + word(lang, "app.gauge_ok"))
        elif flag is not None and ratio < (flag.hours_ratio_below or 0.0):
            verdict = tag("div", "pertinence-msg", f"⚠ {covered} {flag.message(lang)}")
        else:
            verdict = tag("div", "pertinence-gauge-ratio", covered)
    summary = f"{word(lang, 'app.hours_needed')} {hours_text(needed, lang)}" + (
        f", {word(lang, 'common.hours_freed')} {hours_text(float(freed), lang)}"
        if freed is not None
        else ""
    )
    detail_html = f'<div class="pertinence-help">{esc(detail)}</div>' if parts else ""
    return (
        f'<div class="pertinence-gauge" role="group" aria-label="{esc(summary)}">'
        f'<div class="pertinence-qtext">{esc(word(lang, "app.gauge_title"))}</div>{bars}'
        f"{detail_html}{verdict}</div>"
    )
