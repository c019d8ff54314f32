"""The page around an app: its title, its language tag, the loading screen and the intro.

The notebooks Voilà serves carry, in their metadata, what the project's Voilà template
(``share/jupyter/voila/templates/pertinence``) shows before the kernel has run: the page's
title and language tag and the loading screen's text, in both languages, from the word
catalogue (:func:`notebook_metadata`; a test checks that the committed notebooks match). Once
the app is drawn, its :class:`~toolkit.app.controls.PageHelper` keeps them in step with the
language switch.
"""

from __future__ import annotations

from typing import Any

from .. import fmt
from ..questionnaire import LANGUAGES, Text
from ..questionnaire import default as default_questionnaire
from ..words import HTML_LANG
from .markup import esc
from .words import word

TEMPLATE = "pertinence"  # the Voilà template's folder name
INTRO_STEPS = ("page.intro_step1", "page.intro_step2", "page.intro_step3", "page.intro_step4")


def app_title(kind: str, lang: str) -> str:
    """What an app is called: the questionnaire's title, or the dashboard's."""
    if kind == "questionnaire":
        return fmt.typography(default_questionnaire().title(lang), lang)
    return word(lang, "dashboard.title")


def page_title(title: str, lang: str) -> str:
    """The browser tab's title: the app's name, then the toolkit's."""
    return word(lang, "page.title", title=title)


def notebook_metadata(kind: str, start: str = "fr") -> dict[str, Any]:
    """The metadata a served notebook carries: Voilà's template, and the page's words."""
    return {
        "title": page_title(app_title(kind, start), start),
        "voila": {"template": TEMPLATE},
        "pertinence": {
            "start": start,
            "lang": {lang: HTML_LANG[lang] for lang in LANGUAGES},
            "title": {lang: page_title(app_title(kind, lang), lang) for lang in LANGUAGES},
            "loading": {
                lang: word(lang, "page.loading", title=app_title(kind, lang)) for lang in LANGUAGES
            },
        },
    }


def intro_html(title: Text, lang: str) -> str:
    """The questionnaire's title and introduction, as the first thing the app shows."""
    steps = "".join(f"<li>{esc(word(lang, key))}</li>" for key in INTRO_STEPS)
    return (
        f'<h1 class="pertinence-title">{esc(fmt.typography(title(lang), lang))}</h1>'
        f"<p>{esc(word(lang, 'page.intro_lead'))}</p><ol>{steps}</ol>"
        f'<p class="pertinence-help">{esc(word(lang, "page.intro_saved"))}</p>'
    )
