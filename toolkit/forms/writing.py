"""Writing wide CSV/XLSX files that Excel fr-CA opens in columns, with formulas neutralised."""

from __future__ import annotations

import csv
import io
import math
import numbers
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from .. import questionnaire as qn
from ..answers import (
    MULTI,
    NUMBER,
    SINGLE,
    Submission,
    codes_of,
)
from ..errors import InputFormatError
from ..store import LoadResult, write_or_refuse
from .layout import (
    CSV_DELIMITER,
    CSV_SUFFIXES,
    DELIMITERS,
    FORMULA_TRIGGERS,
    profile_column,
    wide_columns,
)

# --------------------------------------------------------------------------------------------
# Writing


def neutralise(text: str) -> str:
    """Text a spreadsheet will not run as a formula: ``'=1+1`` for ``=1+1``."""
    return "'" + text if text[:1] in FORMULA_TRIGGERS and text else text


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _row_of_submission(s: Submission, questionnaire: qn.Questionnaire) -> dict[str, Any]:
    row: dict[str, Any] = {
        profile_column(p.id): s.organisation.get(p.id) for p in questionnaire.profile
    }
    row.update(
        cohort=s.cohort,
        language=s.language,
        submission_id=s.submission_id,
        respondent_role=s.respondent_role,
        status=s.status,
        started=s.started,
        submitted=s.submitted,
    )
    row.update(s.answers)
    return row


def _row_of_record(record: dict[str, Any], questionnaire: qn.Questionnaire) -> dict[str, Any]:
    row = {
        k: (None if not isinstance(v, (list, tuple)) and _missing(v) else v)
        for k, v in record.items()
    }
    for q in questionnaire.questions:
        value = row.get(q.id)
        if q.scale.type != MULTI or isinstance(value, bool):
            continue
        if isinstance(value, numbers.Real) and float(value).is_integer():  # a bit mask
            row[q.id] = codes_of(q, int(float(value))) or None
    return row


def _rows(data: Any, questionnaire: qn.Questionnaire) -> list[dict[str, Any]]:
    if isinstance(data, LoadResult):
        data = data.submissions
    if isinstance(data, pd.DataFrame):
        return [_row_of_record(r, questionnaire) for r in data.to_dict("records")]
    if isinstance(data, Submission):
        data = [data]
    return [_row_of_submission(s, questionnaire) for s in data]


def _label(options: Iterable[qn.Option], code: Any, lang: str) -> Any:
    for option in options:
        if option.code == str(code):
            return option.label(lang)
    return code


def _render(
    column: str,
    value: Any,
    lang: str | None,
    questions: dict[str, qn.Question],
    profile: dict[str, qn.ProfileField],
) -> Any:
    """One cell's value for a file: a code or label (text), a number, or None."""
    if value is None or (not isinstance(value, (list, tuple)) and _missing(value)):
        return None
    question = questions.get(column)
    if question is not None:
        kind = question.scale.type
        if kind == MULTI:
            codes = value if isinstance(value, (list, tuple)) else [value]
            if lang:
                codes = [_label(question.scale.options, c, lang) for c in codes]
            return ";".join(str(c) for c in codes) or None
        if kind == SINGLE and lang:
            return _label(question.scale.options, value, lang)
        if kind == NUMBER:
            try:
                return float(value)
            except (TypeError, ValueError):
                return str(value)
    elif column in profile and profile[column].options and lang:
        return _label(profile[column].options, value, lang)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return value
    return str(value)


def _table(
    data: Any, questionnaire: qn.Questionnaire, lang: str | None
) -> tuple[list[str], list[list[Any]]]:
    header = wide_columns(questionnaire, optional=True)
    profile = {profile_column(p.id): p for p in questionnaire.profile}
    questions = {q.id: q for q in questionnaire.questions}
    body = [
        [_render(c, row.get(c), lang, questions, profile) for c in header]
        for row in _rows(data, questionnaire)
    ]
    return header, body


def _csv_number(value: float, decimal: str) -> str:
    text = str(int(value)) if float(value).is_integer() else f"{value:.10g}"
    return text.replace(".", decimal)


def _csv_bytes(header: list[str], body: list[list[Any]], delimiter: str) -> bytes:
    decimal = "," if delimiter == ";" else "."
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in body:
        writer.writerow(
            [
                ""
                if v is None
                else _csv_number(v, decimal)
                if isinstance(v, (int, float))
                else neutralise(str(v))
                for v in row
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def _xlsx_bytes(header: list[str], body: list[list[Any]]) -> bytes:
    import openpyxl  # only XLSX files need it, and it is slow to import
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("answers")
    sheet.append(header)
    for row in body:
        sheet.append(
            [neutralise(ILLEGAL_CHARACTERS_RE.sub("", v)) if isinstance(v, str) else v for v in row]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write(path: str | Path, header: list[str], body: list[list[Any]], delimiter: str) -> Path:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        data = _xlsx_bytes(header, body)
    elif suffix in CSV_SUFFIXES:
        data = _csv_bytes(header, body, "\t" if suffix == ".tsv" else delimiter)
    else:
        raise InputFormatError.of("wide.cannot_write_suffix", suffix=suffix).at(path)
    return write_or_refuse(path, data, InputFormatError)


def write_wide(
    data: Any,
    path: str | Path,
    questionnaire: qn.Questionnaire | None = None,
    lang: str | None = None,
    *,
    delimiter: str = CSV_DELIMITER,
) -> Path:
    """Write submissions (a list, a ``LoadResult`` or an answers table) as a wide file.

    ``.xlsx`` writes a workbook, ``.csv`` a UTF-8 (with BOM) CSV with ``delimiter`` (``;`` by
    default, with decimal commas, as Excel fr-CA expects; ``,`` gives decimal points). Codes by
    default; French or English labels with ``lang="fr"`` or ``"en"``. Formula-like text is
    neutralised. Returns the path written.
    """
    questionnaire = questionnaire or qn.default()
    if lang is not None and lang not in qn.LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(qn.LANGUAGES)}, not {lang!r}")
    if delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {DELIMITERS!r}")
    header, body = _table(data, questionnaire, lang)
    return _write(path, header, body, delimiter)


def write_template(path: str | Path, questionnaire: qn.Questionnaire | None = None) -> Path:
    """A blank wide file (CSV or XLSX by suffix): just the header, metadata then question ids."""
    questionnaire = questionnaire or qn.default()
    return _write(path, wide_columns(questionnaire), [], CSV_DELIMITER)
