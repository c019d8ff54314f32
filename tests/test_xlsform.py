"""The questionnaire as an XLSForm that KoboToolbox, ODK and SurveyCTO accept."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from toolkit import questionnaire as qn
from toolkit import xlsform


def _sheet(book, title: str) -> list[dict[str, str]]:
    rows = list(book[title].iter_rows(values_only=True))
    header = rows[0]
    return [
        {column: cell for column, cell in zip(header, row, strict=True) if cell not in ("", None)}
        for row in rows[1:]
    ]


@pytest.fixture(scope="module")
def form_path(tmp_path_factory):
    return xlsform.write(tmp_path_factory.mktemp("form") / "questionnaire.xlsx")


@pytest.fixture(scope="module")
def converted(form_path):
    warnings: list[str] = []
    result = convert(str(form_path), warnings=warnings, validate=False)
    return result.xform, warnings


def _bind(xform: str, name: str) -> str:
    found = re.findall(rf'<bind nodeset="[^"]*/{re.escape(name)}"[^>]*>', xform)
    assert len(found) == 1, name
    return found[0]


def test_pyxform_converts_the_form_without_an_error_or_a_warning(converted):
    xform, warnings = converted
    assert warnings == []
    assert "<h:title>Les médias sociaux, pour notre organisme?</h:title>" in xform


def test_every_question_and_profile_field_is_in_the_form_once(form_path):
    questionnaire = qn.default()
    survey = _sheet(load_workbook(form_path), "survey")
    names = [row["name"] for row in survey if not row["type"].endswith("_group")]
    expected = [
        *(xlsform.field_name(field.id) for field in questionnaire.profile),
        *questionnaire.question_ids,
        xlsform.ID_FIELD,
        xlsform.VERSION_FIELD,
    ]
    assert sorted(names) == sorted(expected)
    assert "organisation" in names  # the wide files' column, not the profile's "name"


def test_types_labels_hints_and_required_come_from_the_questionnaire(form_path):
    questionnaire = qn.default()
    survey = {row["name"]: row for row in _sheet(load_workbook(form_path), "survey")}
    one = questionnaire.question("motivation.1")
    assert survey["motivation.1"]["type"] == "select_one agree5"
    assert survey["motivation.1"]["label::Français (fr)"] == one.text("fr")
    assert survey["motivation.1"]["label::English (en)"] == one.text("en")
    assert survey["motivation.1"]["hint::English (en)"] == one.help("en")
    assert survey["motivation.1"]["required"] == "yes"
    assert survey["motivation.3"]["type"] == "select_multiple objectives"
    assert survey["platforms.planned"]["type"] == "select_multiple platforms"
    assert survey["capacity.2"]["type"] == "decimal"
    assert survey["oneoff.date"]["type"] == "date"
    assert "required" not in survey["oneoff.date"]
    assert survey["sector"]["type"] == "select_one sector"


def test_the_form_checks_what_the_app_checks(converted):
    xform, _ = converted
    assert "relevant=\" /data/routing/oneoff.need  = 'yes'\"" in _bind(xform, "oneoff.date")
    assert 'constraint=". &gt;= 0 and . &lt;= 80"' in _bind(xform, "capacity.2")
    exclusive = "not(selected(., 'none_specific') and count-selected(.) &gt; 1)"
    assert exclusive in _bind(xform, "motivation.3")
    assert "calculate=\"'1'\"" in _bind(xform, xlsform.VERSION_FIELD)
    assert "calculate=\"'social-media-readiness'\"" in _bind(xform, xlsform.ID_FIELD)
    assert 'required="true()"' in _bind(xform, "organisation")


def test_constraint_messages_are_in_both_languages(form_path):
    survey = {row["name"]: row for row in _sheet(load_workbook(form_path), "survey")}
    assert survey["capacity.2"]["constraint_message::Français (fr)"] == "Un nombre entre 0 et 80"
    assert survey["capacity.2"]["constraint_message::English (en)"] == "A number between 0 and 80"
    assert survey["motivation.3"]["constraint_message::Français (fr)"] == (
        "«\u00a0Aucun objectif précis pour l'instant\u00a0» exclut les autres choix"
    )


def test_every_choice_list_has_the_scale_codes_and_both_labels(form_path):
    questionnaire = qn.default()
    choices = _sheet(load_workbook(form_path), "choices")
    agree = [row for row in choices if row["list_name"] == "agree5"]
    assert [row["name"] for row in agree] == list(questionnaire.scales["agree5"].codes)
    assert agree[-1]["label::Français (fr)"] == "Je ne sais pas"
    regions = [row["name"] for row in choices if row["list_name"] == "region"]
    assert regions == list(questionnaire.profile_field("region").codes)
    lists = {row["list_name"] for row in choices}
    assert "hours" not in lists  # number scales have no list


def test_settings_name_the_questionnaire_and_its_version(form_path):
    (settings,) = _sheet(load_workbook(form_path), "settings")
    assert settings == {
        "form_title": "Les médias sociaux, pour notre organisme?",
        "form_id": "social-media-readiness",
        "version": "1",
        "default_language": "Français (fr)",
    }


def test_a_form_in_english_only_has_english_columns_and_converts(tmp_path):
    path = xlsform.write(tmp_path / "en.xlsx", langs=("en",))
    book = load_workbook(path)
    header = next(book["survey"].iter_rows(values_only=True))
    assert "label::English (en)" in header
    assert not any("Français" in str(cell) for cell in header)
    warnings: list[str] = []
    convert(str(path), warnings=warnings, validate=False)
    assert warnings == []


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="languages must be among fr, en"):
        xlsform.workbook(langs=("de",))
