"""The page around the apps, without a browser: the served notebooks' metadata (Voilà's
template, title, loading screen) match the word catalogue, the template is shipped, and the
accessible controls hold what the views put in them."""

from __future__ import annotations

import json

import pytest
import tomllib

from tests.browser import ROOT
from toolkit.app.controls import ChoiceGroup, DecimalField, PageHelper
from toolkit.app.page import TEMPLATE, intro_html, notebook_metadata
from toolkit.app.questions import question_view

TEMPLATE_DIR = ROOT / "share" / "jupyter" / "voila" / "templates" / TEMPLATE


@pytest.mark.parametrize(
    ("name", "kind"), [("01_questionnaire", "questionnaire"), ("04_dashboard", "dashboard")]
)
def test_served_notebooks_carry_the_page_words_of_the_catalogue(name, kind):
    """Regenerate with ``toolkit.app.page.notebook_metadata`` when a word changes."""
    metadata = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))[
        "metadata"
    ]
    expected = notebook_metadata(kind)
    assert {k: metadata[k] for k in expected} == expected
    assert metadata["voila"]["template"] == TEMPLATE
    assert metadata["pertinence"]["lang"] == {"fr": "fr-CA", "en": "en-CA"}


def test_the_questionnaire_page_names_the_app_in_both_languages(questionnaire):
    page = notebook_metadata("questionnaire")["pertinence"]
    assert page["title"]["en"] == "Social media, for our organisation? — Pertinence"
    assert page["title"]["fr"].startswith("Les médias sociaux, pour notre organisme")
    assert page["title"]["fr"].endswith("? — Pertinence")
    assert page["loading"]["fr"].startswith("Pertinence\u00a0: Les médias sociaux")
    assert "Executing" not in json.dumps(page)
    intro = intro_html(questionnaire.title, "en")
    assert intro.startswith('<h1 class="pertinence-title">Social media, for our organisation?')
    assert intro.count("<li>") == 4


def test_the_voila_template_is_shipped_with_the_package():
    """``pip install .`` (Binder's postBuild) puts it beside Voilà's own templates."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    files = pyproject["tool"]["setuptools"]["data-files"][
        f"share/jupyter/voila/templates/{TEMPLATE}"
    ]
    assert sorted(files) == sorted(
        str(p.relative_to(ROOT)) for p in TEMPLATE_DIR.iterdir() if p.is_file()
    )
    assert json.loads((TEMPLATE_DIR / "conf.json").read_text())["base_template"] == "lab"
    source = (TEMPLATE_DIR / "index.html.j2").read_text(encoding="utf-8")
    assert "voila/templates/lab/index.html.j2" in source
    assert "window.voila_process" in source


def test_a_choice_view_is_one_group_with_dont_know_last(questionnaire):
    question = questionnaire.question("audience.2")
    view = question_view(question, "fr")
    group = view.group
    assert isinstance(group, ChoiceGroup)
    assert group.label == question.text("fr")
    assert not group.multiple
    assert group.codes == [o.code for o in question.scale.options if not o.dk] + ["dk"]
    assert group.apart == [["dk", "Je ne sais pas"]]
    view.lang = "en"
    assert group.apart == [["dk", "Don't know"]]


def test_the_hours_view_asks_for_a_decimal_and_marks_what_is_wrong(questionnaire):
    view = question_view(questionnaire.hours_question(), "fr")
    field = view.text
    assert isinstance(field, DecimalField)
    assert field.label == questionnaire.hours_question().text("fr")
    field.value = "beaucoup"
    assert field.invalid
    assert view.value is None
    field.value = "3,5"
    assert not field.invalid
    assert view.value == 3.5


def test_the_page_helper_counts_each_focus_request():
    helper = PageHelper()
    helper.focus(".x h2")
    helper.focus(".x h2")
    assert (helper.focus_selector, helper.focus_count) == (".x h2", 2)
