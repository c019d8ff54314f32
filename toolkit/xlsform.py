"""The questionnaire as an XLSForm, for KoboToolbox, ODK and SurveyCTO.

Built from the questionnaire data only: one ``survey`` row per profile field and question
(grouped by section and dimension), one ``choices`` list per scale, and a ``settings`` row with
the questionnaire's id and version. Field names are the wide-file column names (question ids,
``organisation``, ``sector``…), so an export of the form's submissions reads back as a wide
file. Two ``calculate`` fields carry the questionnaire id and version into every submission,
so an import can check them.

What the form enforces, as the app does: required answers, the event date only when there is
an event (``relevant``), the hours within their scale (``constraint``), and exclusive choices
in multi-selects (an option such as "No specific objective" cannot be ticked with others).

>>> book = workbook(langs=("fr", "en"))               # doctest: +SKIP
>>> write("questionnaire.xlsx")                       # doctest: +SKIP
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from . import questionnaire as qn
from . import words
from .questionnaire import DATE, MULTI, NUMBER, SINGLE

# How each language is named in column headers: the convention Kobo and ODK read.
LANGUAGE_NAMES = {"fr": "Français (fr)", "en": "English (en)"}
NAME_COLUMN = "organisation"  # the profile's "name" field, as the wide files call it
ID_FIELD = "questionnaire_id"
VERSION_FIELD = "questionnaire_version"
EVENT_QUESTION = "oneoff.need"
EVENT_DATE_QUESTION = "oneoff.date"

_TYPES = {SINGLE: "select_one", MULTI: "select_multiple", NUMBER: "decimal", DATE: "date"}


def field_name(field_id: str) -> str:
    """The XLSForm name of a profile field or question: its wide-file column name."""
    return NAME_COLUMN if field_id == "name" else field_id


def _translated(prefix: str, text: qn.Text | None, langs: Sequence[str]) -> dict[str, str]:
    if text is None:
        return {}
    return {f"{prefix}::{LANGUAGE_NAMES[lang]}": text(lang) for lang in langs}


def _words(key: str, langs: Sequence[str], params: dict[str, Any]) -> dict[str, str]:
    return {
        LANGUAGE_NAMES[lang]: words.render(
            key, lang, **{k: v(lang) if isinstance(v, qn.Text) else v for k, v in params.items()}
        )
        for lang in langs
    }


def _exclusive_constraint(options: Iterable[qn.Option]) -> str | None:
    exclusive = [o.code for o in options if o.exclusive]
    if not exclusive:
        return None
    return " and ".join(
        f"not(selected(., '{code}') and count-selected(.) > 1)" for code in exclusive
    )


def _profile_rows(questionnaire: qn.Questionnaire, langs: Sequence[str]) -> Iterator[dict]:
    for field in questionnaire.profile:
        row: dict[str, Any] = {
            "name": field_name(field.id),
            **_translated("label", field.text, langs),
            **_translated("hint", field.help, langs),
            "required": "yes" if field.required else "",
        }
        if field.options:
            row["type"] = f"select_one {field.id}"
        else:
            row["type"] = "text"
            if field.max_length:
                row["constraint"] = f"string-length(.) <= {field.max_length}"
                row["_message"] = ("xlsform.too_long", {"limit": field.max_length})
        yield row


def _question_row(question: qn.Question, langs: Sequence[str]) -> dict[str, Any]:
    scale = question.scale
    kind = _TYPES.get(scale.type, "text")
    row: dict[str, Any] = {
        "type": f"{kind} {scale.id}" if scale.type in (SINGLE, MULTI) else kind,
        "name": question.id,
        **_translated("label", question.text, langs),
        **_translated("hint", question.help, langs),
        "required": "yes" if question.required else "",
    }
    if scale.type == NUMBER and scale.min is not None and scale.max is not None:
        row["constraint"] = f". >= {scale.min:g} and . <= {scale.max:g}"
        row["_message"] = ("xlsform.out_of_range", {"min": scale.min, "max": scale.max})
    elif scale.type == MULTI:
        constraint = _exclusive_constraint(scale.options)
        if constraint:
            row["constraint"] = constraint
            names = [o.label for o in scale.options if o.exclusive]
            row["_message"] = ("xlsform.exclusive", {"choice": names[0]})
    elif scale.type == "text" and scale.max_length:
        row["constraint"] = f"string-length(.) <= {scale.max_length}"
        row["_message"] = ("xlsform.too_long", {"limit": scale.max_length})
    if question.id == EVENT_DATE_QUESTION:
        row["relevant"] = f"${{{EVENT_QUESTION}}} = 'yes'"
    return row


def _group(name: str, label: qn.Text, langs: Sequence[str]) -> tuple[dict, dict]:
    begin = {
        "type": "begin_group",
        "name": name,
        **_translated("label", label, langs),
        "appearance": "field-list",
    }
    return begin, {"type": "end_group", "name": name}


def survey_rows(questionnaire: qn.Questionnaire, langs: Sequence[str]) -> list[dict[str, Any]]:
    """The ``survey`` sheet: profile, then routing, then one page per dimension."""
    rows: list[dict[str, Any]] = []
    profile_label = qn.Text(*(words.render("xlsform.profile", lang) for lang in ("fr", "en")))
    begin, end = _group("profile", profile_label, langs)
    rows += [begin, *_profile_rows(questionnaire, langs), end]
    routing = [q for q in questionnaire.questions if q.dimension is None]
    if routing:
        label = qn.Text(*(words.render("xlsform.routing", lang) for lang in ("fr", "en")))
        begin, end = _group("routing", label, langs)
        rows += [begin, *(_question_row(q, langs) for q in routing), end]
    for dimension in questionnaire.dimensions:
        begin, end = _group(dimension.id, dimension.label, langs)
        questions = questionnaire.questions_of(dimension.id)
        rows += [begin, *(_question_row(q, langs) for q in questions), end]
    rows.append({"type": "calculate", "name": ID_FIELD, "calculation": f"'{questionnaire.id}'"})
    rows.append(
        {"type": "calculate", "name": VERSION_FIELD, "calculation": f"'{questionnaire.version}'"}
    )
    for row in rows:
        key, params = row.pop("_message", (None, None))
        if key:
            for lang, text in _words(key, langs, params).items():
                row[f"constraint_message::{lang}"] = text
    return rows


def choice_rows(questionnaire: qn.Questionnaire, langs: Sequence[str]) -> list[dict[str, Any]]:
    """The ``choices`` sheet: one list per scale with options, one per profile choice."""
    used = {q.scale.id for q in questionnaire.questions if q.scale.type in (SINGLE, MULTI)}
    lists: list[tuple[str, tuple[qn.Option, ...]]] = [
        (field.id, field.options) for field in questionnaire.profile if field.options
    ]
    lists += [
        (scale.id, scale.options) for scale in questionnaire.scales.values() if scale.id in used
    ]
    return [
        {"list_name": name, "name": option.code, **_translated("label", option.label, langs)}
        for name, options in lists
        for option in options
    ]


def _columns(rows: Sequence[dict[str, Any]], first: Sequence[str]) -> list[str]:
    seen = list(first)
    for row in rows:
        seen += [key for key in row if key not in seen]
    return seen


def _sheet(book: Workbook, title: str, rows: Sequence[dict[str, Any]], first: Sequence[str]):
    sheet = book.create_sheet(title)
    columns = _columns(rows, first)
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column, "") for column in columns])
    return sheet


def workbook(
    questionnaire: qn.Questionnaire | None = None, langs: Sequence[str] = ("fr", "en")
) -> Workbook:
    """The XLSForm of ``questionnaire`` (the shipped one by default) in ``langs``."""
    questionnaire = questionnaire or qn.default()
    unknown = [lang for lang in langs if lang not in LANGUAGE_NAMES]
    if unknown or not langs:
        raise ValueError(f"languages must be among {', '.join(LANGUAGE_NAMES)}: {unknown}")
    book = Workbook()
    book.remove(book.active)
    _sheet(
        book,
        "survey",
        survey_rows(questionnaire, langs),
        ["type", "name", *(f"label::{LANGUAGE_NAMES[lang]}" for lang in langs)],
    )
    _sheet(book, "choices", choice_rows(questionnaire, langs), ["list_name", "name"])
    settings = {
        "form_title": questionnaire.title(langs[0]),
        "form_id": questionnaire.id,
        "version": str(questionnaire.version),
        "default_language": LANGUAGE_NAMES[langs[0]],
    }
    _sheet(book, "settings", [settings], list(settings))
    return book


def to_bytes(
    questionnaire: qn.Questionnaire | None = None, langs: Sequence[str] = ("fr", "en")
) -> bytes:
    """The XLSForm as the bytes of an ``.xlsx`` file."""
    buffer = io.BytesIO()
    workbook(questionnaire, langs).save(buffer)
    return buffer.getvalue()


def write(
    path: str | Path,
    questionnaire: qn.Questionnaire | None = None,
    langs: Sequence[str] = ("fr", "en"),
) -> Path:
    """Write the XLSForm to ``path`` (an ``.xlsx`` file) and return the path."""
    path = Path(path)
    path.write_bytes(to_bytes(questionnaire, langs))
    return path


__all__ = [
    "LANGUAGE_NAMES",
    "choice_rows",
    "field_name",
    "survey_rows",
    "to_bytes",
    "workbook",
    "write",
]
