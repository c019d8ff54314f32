"""Wide CSV/XLSX import and export: one row per submission, one column per question id.

This is what form tools and spreadsheets exchange. Readers are forgiving about the form of a
file (UTF-8 with or without BOM, cp1252 or UTF-16, ``;``, ``,`` or tab delimiters, codes or
French or English labels, stray whitespace, blank rows) and strict about its content: every
cell that cannot be used becomes a :class:`~toolkit.errors.Problem` naming the file, the row as a
spreadsheet shows it (header = row 1), the column and the value.

What happens to a row with problems:

* no organisation name → reported and skipped (nobody could claim its report);
* a name but no answer at all → reported and skipped;
* an unknown code, a bad number, an unknown sector … → reported; that cell is left blank and
  the rest of the row is kept;
* a required answer missing (submitted rows) → reported; the row is kept, scoring treats the
  answer as missing.

A file that cannot be read at all (not a table, empty, too big, damaged workbook) raises
:class:`~toolkit.errors.InputFormatError` with one clear line.

Writers put codes by default (labels with ``lang``), write CSV as UTF-8 with BOM and ``;``
(what Excel fr-CA opens in columns, with decimal commas) and neutralise spreadsheet formulas: a
text cell starting with ``= + - @``, a tab or a carriage return gets a leading ``'``, which
readers remove again.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import json
import math
import numbers
import re
import uuid
import warnings
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from . import columns, messages
from . import questionnaire as qn
from .answers import (
    MULTI,
    MULTI_SEPARATORS,
    NUMBER,
    SINGLE,
    Submission,
    choice_code,
    clean_text,
    codes_of,
    fold,
    normalise_answer,
    normalise_profile,
    now_iso,
    to_frame,
)
from .errors import InputFormatError, Problem, SubmissionError
from .store import LoadResult, save, submission_path, write_bytes_atomic

MAX_IMPORT_BYTES = 20 * 1024 * 1024
"""Files above this size (20 MiB) are refused: a workshop's export is a few kilobytes."""
MAX_ROWS = 100_000
MAX_CELL_CHARS = 1_000
"""Cell text is cut to this length before it is read (names are kept to 200 characters)."""
MAX_PROBLEMS = 1_000
"""Past this many problems in one file, the rest are counted in one last line."""
MAX_COLUMNS = 1_000
MAX_XLSX_EXPANDED_BYTES = 10 * MAX_IMPORT_BYTES

CSV_DELIMITER = ";"
DELIMITERS = (";", ",", "\t")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
OPTIONAL_COLUMNS = ("submission_id", "respondent_role", "status", "started", "submitted")
NAME_COLUMN = "organisation"

_XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, .doc …

_LANGUAGES = {
    "fr": "fr",
    "francais": "fr",
    "french": "fr",
    "en": "en",
    "anglais": "en",
    "english": "en",
}
_STATUSES = {
    "submitted": "submitted",
    "soumis": "submitted",
    "soumise": "submitted",
    "draft": "draft",
    "brouillon": "draft",
}


# --------------------------------------------------------------------------------------------
# Columns


def _profile_column(field_id: str) -> str:
    return NAME_COLUMN if field_id == "name" else field_id


def metadata_columns(questionnaire: qn.Questionnaire | None = None) -> tuple[str, ...]:
    """``organisation, sector, size, region, cohort, language`` (from the questionnaire profile)."""
    questionnaire = questionnaire or qn.default()
    return (*(_profile_column(p.id) for p in questionnaire.profile), "cohort", "language")


def wide_columns(
    questionnaire: qn.Questionnaire | None = None, optional: bool = False
) -> list[str]:
    """The header of a wide file: metadata, optionally ``OPTIONAL_COLUMNS``, question ids."""
    questionnaire = questionnaire or qn.default()
    return [
        *metadata_columns(questionnaire),
        *(OPTIONAL_COLUMNS if optional else ()),
        *questionnaire.question_ids,
    ]


def _column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --------------------------------------------------------------------------------------------
# Reading: bytes → records


def _decode(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputFormatError.of("wide.utf16").at(name) from None
    if b"\x00" in data:
        raise InputFormatError.of("wide.binary").at(name)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputFormatError.of("wide.encoding").at(name)


def _recognised(cells: Sequence[Any], questionnaire: qn.Questionnaire) -> int:
    """How many header cells say something known (a question, a column, tool metadata)."""
    mapped = columns.match_header([c if isinstance(c, str) else None for c in cells], questionnaire)
    return sum(1 for c in mapped.columns if c.how != columns.UNKNOWN)


def _sniff_delimiter(text: str, questionnaire: qn.Questionnaire) -> str:
    """The delimiter that splits the first non-blank line into the most known column names."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_score = DELIMITERS[0], (-1, -1)
    for delimiter in DELIMITERS:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        score = (_recognised(cells, questionnaire), len(cells))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_records(
    text: str, name: str, delimiter: str
) -> Generator[tuple[int, Sequence[Any]], None, None]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise InputFormatError.of("wide.cell_too_long", limit=csv.field_size_limit()).at(
                    name, number + 1
                ) from None
            raise InputFormatError.of("wide.bad_csv_row", detail=str(exc)).at(
                name, number + 1
            ) from None
        number += 1
        yield number, record[:MAX_COLUMNS]


def _xlsx_records(path: Path, name: str) -> Generator[tuple[int, Sequence[Any]], None, None]:
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputFormatError.of("wide.bad_xlsx", detail=str(exc)).at(name) from None
    if expanded > MAX_XLSX_EXPANDED_BYTES:
        raise InputFormatError.of(
            "wide.xlsx_expands",
            size=expanded // 2**20,
            limit=MAX_XLSX_EXPANDED_BYTES // 2**20,
        ).at(name)
    import openpyxl  # here, not at the top: only XLSX files need it, and it is slow to import

    with warnings.catch_warnings():
        # openpyxl warns about styles and extensions it does not read: not our problem
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on damaged files
            detail = f"{type(exc).__name__}: {exc}"
            raise InputFormatError.of("wide.bad_xlsx", detail=detail).at(name) from None
        try:
            if not workbook.worksheets:
                raise InputFormatError.of("wide.no_sheet").at(name)
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # trust the rows, not the (often wrong) stored size
            rows = sheet.iter_rows(values_only=True)
            number = 0
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    return
                except Exception as exc:
                    detail = f"{type(exc).__name__}: {exc}"
                    raise InputFormatError.of("wide.damaged_sheet", detail=detail).at(
                        name, number + 1
                    ) from None
                number += 1
                yield number, row[:MAX_COLUMNS]
        finally:
            workbook.close()


def _records(
    path: Path, name: str, questionnaire: qn.Questionnaire
) -> Generator[tuple[int, Sequence[Any]], None, None]:
    suffix = path.suffix.lower()
    if suffix in {".xls", ".ods", ".numbers"}:
        raise InputFormatError.of("wide.unsupported", suffix=suffix).at(name)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputFormatError.of("file.missing").at(name) from None
    except OSError as exc:
        reason = messages.os_reason(exc)
        raise InputFormatError.of("file.unreadable", reason=reason).at(name) from None
    if not path.is_file():
        raise InputFormatError.of("file.not_a_file").at(name)
    if size > MAX_IMPORT_BYTES:
        raise InputFormatError.of(
            "wide.too_big", size=size / 2**20, limit=MAX_IMPORT_BYTES / 2**20
        ).at(name)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        reason = messages.os_reason(exc)
        raise InputFormatError.of("file.unreadable", reason=reason).at(name) from None
    if len(data) > MAX_IMPORT_BYTES:
        raise InputFormatError.of("wide.over", limit=MAX_IMPORT_BYTES / 2**20).at(name)
    if not data.strip():
        raise InputFormatError.of("file.empty").at(name)
    if suffix in _XLSX_SUFFIXES or data.startswith(_ZIP_MAGIC):
        return _xlsx_records(path, name)
    if data.startswith(_OLE_MAGIC):
        raise InputFormatError.of("wide.old_excel").at(name)
    text = _decode(data, name)
    return _csv_records(text, name, _sniff_delimiter(text, questionnaire))


# --------------------------------------------------------------------------------------------
# Reading: records → submissions


class _Problems:
    """Problems of one file, capped so that a garbage file cannot flood the report."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []
        self.notes: list[Problem] = []
        self.hidden = 0

    def note(self, key: str, row: int | None = None, column: str | None = None, **params: Any):
        """Something worth saying that is not wrong (a column left out, a close match)."""
        self.notes.append(Problem.of(self.file, key, row, column, None, **params))

    def add(
        self,
        what: str | BaseException,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
        **params: Any,
    ) -> None:
        """One problem: ``what`` is a catalog key (filled in with ``params``) or an error."""
        if len(self.items) >= MAX_PROBLEMS:
            self.hidden += 1
        elif isinstance(what, BaseException):
            self.items.append(Problem.from_error(self.file, what, row, column, value))
        else:
            self.items.append(Problem.of(self.file, what, row, column, value, **params))

    def done(self) -> list[Problem]:
        if self.hidden:
            self.items.append(Problem.of(self.file, "wide.more_problems", count=self.hidden))
        return self.items


def _cell(value: Any) -> Any:
    """A cell as read: text stripped and capped, formula neutralisation undone; None if blank."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value[: MAX_CELL_CHARS * 2].strip()[:MAX_CELL_CHARS]
        if text[:1] == "'" and text[1:2] in FORMULA_TRIGGERS:
            text = text[1:]
        return text or None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _tool_code(question: qn.Question, raw: Any) -> Any:
    """Answer codes other tools write: LimeSurvey's ``Y``/``N`` for yes/no questions and its
    default answer codes ``A1``, ``A2`` … (the options in order)."""
    if not isinstance(raw, str) or not question.scale.options:
        return raw
    key = raw.strip().lower()
    codes = question.codes
    if key in ("y", "n") and "yes" in codes and "no" in codes:
        return "yes" if key == "y" else "no"
    position = re.fullmatch(r"a(\d{1,2})", key)
    if position and key not in codes and 1 <= int(position.group(1)) <= len(codes):
        return codes[int(position.group(1)) - 1]
    return raw


_CODE_LIKE = re.compile(r"[A-Za-z0-9_]+")


def _choices(question: qn.Question, raw: Any) -> tuple[list[str], list[str]]:
    """A multi-select cell → (the known choices, the unknown ones as written).

    Choices may be separated by ``;``, ``,``, ``|`` or a line break (Google, Microsoft,
    LimeSurvey), or by spaces when every piece is a code (KoboToolbox); a tool's "Other: …"
    text is an unknown choice, named in the report, and never empties the known ones.
    """
    items = list(raw) if isinstance(raw, (list, tuple, set)) else MULTI_SEPARATORS.split(str(raw))
    known: list[str] = []
    unknown: list[str] = []
    for item in items:
        if item is None or not str(item).strip():
            continue
        code = choice_code(question, item)
        if code is not None:
            known.append(code)
            continue
        words_ = str(item).split()
        codes = [choice_code(question, word) for word in words_]
        if len(words_) > 1 and any(codes) and all(_CODE_LIKE.fullmatch(w) for w in words_):
            # Kobo: codes separated by spaces; an unknown code among them is named alone
            known += [c for c in codes if c]
            unknown += [w for w, c in zip(words_, codes, strict=True) if c is None]
        else:
            unknown.append(str(item).strip())
    return known, unknown


_TICKED = {"1", "true", "vrai", "y", "yes", "o", "oui", "x"}
_UNTICKED = {"0", "false", "faux", "n", "no", "non", "-"}


def _ticked(value: Any, code: str | None) -> bool | None:
    """Whether a choice's own cell says it was chosen; None when it says neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = fold(str(value))
    if key in _TICKED or key == fold(code or ""):
        return True
    if key in _UNTICKED:
        return False
    return None


def _timestamp(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).isoformat()
    try:
        return datetime.fromisoformat(str(value)).isoformat()
    except ValueError:
        return None


class _RowReader:
    """Turns the data rows of one file into submissions, collecting problems."""

    def __init__(
        self,
        questionnaire: qn.Questionnaire,
        problems: _Problems,
        mapping: columns.ColumnMap,
        header_row: int,
        cohort: str,
    ):
        self.q = questionnaire
        self.problems = problems
        self.mapping = mapping
        self.by_index = {c.index: c for c in mapping.columns}
        self.header_of = {c.target: c.header for c in mapping.columns if c.answers and c.target}
        self.header_row = header_row
        self.cohort = clean_text(cohort, 80)
        self.questions = {qid: questionnaire.question(qid) for qid in questionnaire.question_ids}
        self.profile = {_profile_column(p.id): p for p in questionnaire.profile}
        self.present = set(mapping.by_target())
        self.missing_columns: set[str] = set()
        self.seen_ids: dict[str, int] = {}
        self.warned_headerless = False
        self.data_rows = 0

    def check_columns(self) -> None:
        """One problem per required column absent from the header."""
        required = [c for c, p in self.profile.items() if p.required]
        required += [q.id for q in self.q.questions if q.required]
        for column in required:
            if column not in self.present:
                self.missing_columns.add(column)
                self.problems.add(
                    "wide.column_missing",
                    row=self.header_row,
                    column=column,
                )

    def read(self, number: int, cells: Sequence[Any]) -> Submission | None:
        """One data row → a submission, or None when it is blank or unusable (reported)."""
        values = self._values(number, cells)
        if values is None:
            return None  # blank row
        reported: set[str] = set()

        def problem(
            what: str | BaseException, column: str | None = None, value: Any = None, **params: Any
        ) -> None:
            if column:
                reported.add(column)
            shown = self.header_of.get(column, column) if column else None
            self.problems.add(what, row=number, column=shown, value=value, **params)

        version = values.get("@questionnaire_version")
        if version is not None and str(version).strip() != str(self.q.version):
            problem("wide.other_version", None, version, version=self.q.version)
            return None

        organisation: dict[str, Any] = {}
        for column, field_def in self.profile.items():
            raw = values.get(column)
            try:
                organisation[field_def.id] = normalise_profile(field_def, raw)
            except ValueError as exc:
                organisation[field_def.id] = None
                problem(exc, column, raw)
        if not organisation.get("name"):
            problem("wide.no_name", NAME_COLUMN)
            return None
        if all(values.get(qid) is None for qid in self.questions):
            problem("wide.no_answers")
            return None

        answers: dict[str, Any] = {}
        for qid, question in self.questions.items():
            raw_cell = values.get(qid)
            raw = _tool_code(question, raw_cell)
            if question.scale.type == MULTI and raw is not None:
                raw, unknown = _choices(question, raw)
                for item in unknown:
                    allowed = ", ".join(question.codes)
                    problem("answer.unknown_choice", qid, raw_cell, choice=item, allowed=allowed)
            try:
                answer = normalise_answer(question, raw)
            except ValueError as exc:
                problem(exc, qid, raw_cell)
                continue
            if answer is not None:
                answers[qid] = answer

        status = self._choice(values, "status", _STATUSES, "submitted", problem)
        stamps: dict[str, str | None] = {}
        for column in ("started", "submitted"):
            raw = values.get(column)
            stamps[column] = None if raw is None else _timestamp(raw)
            if raw is not None and stamps[column] is None:
                problem("wide.bad_timestamp", column, raw)
            if stamps[column] is None and values.get(f"@{column}") is not None:
                stamps[column] = _timestamp(values[f"@{column}"])  # the tool's, when readable
        submission_id = self._submission_id(number, values, problem)
        if submission_id is None:
            return None
        role, cohort = values.get("respondent_role"), values.get("cohort")
        submission = Submission(
            questionnaire_id=self.q.id,
            questionnaire_version=self.q.version,
            cohort=self.cohort if cohort is None else clean_text(cohort, 80),
            language=self._choice(values, "language", _LANGUAGES, "fr", problem),
            organisation=organisation,
            answers=answers,
            submission_id=submission_id,
            respondent_role=None if role is None else clean_text(role, 80) or None,
            started=stamps["started"] or now_iso(),
            submitted=stamps["submitted"] or (now_iso() if status == "submitted" else None),
            status=status,
        )
        missing = submission.missing_required(self.q) if status == "submitted" else []
        if missing:
            # never a confident score on missing answers: the row is kept as a draft. Say so
            # for the answers nothing else has explained (a bad cell, a column the file lacks).
            columns_missing = [
                c
                for c in (_profile_column(m.removeprefix("organisation.")) for m in missing)
                if c not in reported and c not in self.missing_columns
            ]
            if columns_missing:
                shown = [self.header_of.get(c, c) for c in columns_missing]
                problem(
                    "wide.incomplete",
                    count=len(shown),
                    columns=", ".join(shown[:8]) + (" …" if len(shown) > 8 else ""),
                )
            submission = dataclasses.replace(submission, status="draft", submitted=None)
        return submission

    def _values(self, number: int, cells: Sequence[Any]) -> dict[str, Any] | None:
        """``{target: cell}`` for the answer columns, ``{"@kind": cell}`` for tool metadata;
        None for a blank row. One choice's 0/1 columns become the list of chosen codes."""
        values: dict[str, Any] = {}
        blank = True
        for index, raw in enumerate(cells):
            value = _cell(raw)
            if value is None:
                continue
            blank = False
            column = self.by_index.get(index)
            if column is None:
                if not self.warned_headerless:
                    self._headerless(number, index, value)
                continue
            if column.how == columns.METADATA:
                values.setdefault(f"@{column.target}", value)
            elif column.choice is not None:
                self._tick(values, number, column, value)
            elif column.answers and column.target:
                values.setdefault(column.target, value)
        if blank:
            return None
        self.data_rows += 1
        return values

    def _headerless(self, number: int, index: int, value: Any) -> None:
        self.warned_headerless = True
        self.problems.add(
            "wide.headerless_cell",
            row=number,
            column=messages.Phrase("where.letter", letter=_column_letter(index)),
            value=value,
        )

    def _tick(self, values: dict[str, Any], number: int, column: columns.Column, value: Any):
        """One choice's own column: 1/0, Oui/Non, Y/N, the choice's label … → chosen or not."""
        ticked = _ticked(value, column.choice)
        if ticked is None:
            self.problems.add("wide.bad_tick", row=number, column=column.header, value=value)
            return
        chosen = values.setdefault(str(column.target), [])
        if isinstance(chosen, list) and ticked:
            chosen.append(column.choice)

    @staticmethod
    def _choice(
        values: dict[str, Any],
        column: str,
        allowed: dict[str, str],
        default: str,
        problem: Callable[..., None],
    ) -> str:
        raw = values.get(column)
        if raw is None:
            return default
        choice = allowed.get(fold(raw))
        if choice is None:
            choices = messages.either(dict.fromkeys(allowed.values()))
            problem("wide.bad_choice", column, raw, field=column, choices=choices, default=default)
            return default
        return choice

    def _submission_id(
        self, number: int, values: dict[str, Any], problem: Callable[..., None]
    ) -> str | None:
        """The row's own id when it has a valid one, else an id derived from its source (the
        tool's response id and time, or the row's content), so that importing the same export
        again finds the same ids. None for a row repeated in the file (reported)."""
        raw = values.get("submission_id")
        if raw is not None:
            try:
                sid = str(uuid.UUID(str(raw)))
            except ValueError:
                problem("wide.bad_id", "submission_id", raw)
            else:
                if sid not in self.seen_ids:
                    self.seen_ids[sid] = number
                    return sid
                problem("wide.repeated_id", "submission_id", raw, first_row=self.seen_ids[sid])
        sid = derived_id(self.q.id, values)
        if sid in self.seen_ids:
            problem("wide.repeated_row", first_row=self.seen_ids[sid])
            return None
        self.seen_ids[sid] = number
        return sid


_ID_NAMESPACE = uuid.UUID("5b0c7f4e-8d3a-4f0e-9a51-7d2a1c6e3b90")  # Pertinence imports


def derived_id(questionnaire_id: str, values: dict[str, Any]) -> str:
    """A submission id that the same row of the same export always gets.

    From the tool's response id and submission time when the export has them, else from the
    row's whole content (answers, organisation, times).
    """
    if values.get("@source_id") is not None:
        basis: Any = ["source", str(values["@source_id"]), str(values.get("@submitted") or "")]
    else:
        basis = sorted((key, str(value)) for key, value in values.items() if key != "submission_id")
    text = json.dumps([questionnaire_id, basis], ensure_ascii=False, default=str)
    return str(uuid.uuid5(_ID_NAMESPACE, text))


def _header_text(raw: Any) -> str | None:
    text = _cell(raw)
    if text is None:
        return None
    return str(text).lstrip("\ufeff").strip() or None


@dataclass
class _Reading:
    """What reading one file gave: usable rows (with their row numbers) and what was said."""

    rows: list[tuple[int, Submission]]
    problems: list[Problem]
    notes: list[Problem]
    columns: columns.ColumnMap
    data_rows: int


def _read(
    path: str | Path,
    questionnaire: qn.Questionnaire,
    cohort: str,
    mapping: dict[str, str] | None = None,
) -> _Reading:
    path = Path(path)
    name = str(path)
    problems = _Problems(name)
    records = _records(path, name, questionnaire)
    try:
        return _read_records(records, name, questionnaire, problems, cohort, mapping)
    finally:
        records.close()  # an XLSX reader closes its workbook


def _read_records(
    records: Iterator[tuple[int, Sequence[Any]]],
    name: str,
    questionnaire: qn.Questionnaire,
    problems: _Problems,
    cohort: str,
    saved_mapping: dict[str, str] | None = None,
) -> _Reading:
    header_row = 0
    header_cells: Sequence[Any] = ()
    for number, cells in records:
        if any(_cell(c) is not None for c in cells):
            header_row, header_cells = number, cells
            break
    if not header_row:
        raise InputFormatError.of("file.empty").at(name)
    cells = [_header_text(raw) for raw in header_cells[:MAX_COLUMNS]]
    mapping = columns.match_header(cells, questionnaire, saved_mapping)
    if not any(c.how != columns.UNKNOWN for c in mapping.columns):
        raise InputFormatError.of(
            "wide.not_header",
            header_row=header_row,
            columns=", ".join(wide_columns(questionnaire)[:7]),
        ).at(name)
    for column in mapping.columns:
        if column.how == columns.UNKNOWN:
            problems.note("wide.unknown_column", row=header_row, column=column.header)
        elif column.how == columns.DUPLICATE and column.header == column.same_as:
            problems.add("wide.duplicate_column", row=header_row, column=column.header)
        elif column.how == columns.DUPLICATE:
            problems.add(
                "wide.same_question", row=header_row, column=column.header, kept=column.same_as
            )
    candidates = mapping.organisation_candidates
    if len(candidates) > 1:
        raise InputFormatError.of(
            "wide.which_organisation",
            header_row=header_row,
            columns=", ".join(candidates),
        ).at(name)
    if not candidates:
        raise InputFormatError.of(
            "wide.no_name_column", column=NAME_COLUMN, header_row=header_row
        ).at(name)
    reader = _RowReader(questionnaire, problems, mapping, header_row, cohort)
    reader.check_columns()
    rows: list[tuple[int, Submission]] = []
    for number, cells in records:
        submission = reader.read(number, cells)
        if reader.data_rows > MAX_ROWS:
            raise InputFormatError.of("wide.too_many_rows", limit=MAX_ROWS).at(name)
        if submission is not None:
            rows.append((number, submission))
    if not rows and not problems.items:
        problems.add("wide.no_rows")
    for column in mapping.columns:
        if column.how == columns.BY_SIMILAR:
            problems.note(
                "wide.similar_column",
                row=header_row,
                column=column.header,
                question=column.target,
                similarity=column.similarity,
            )
        elif column.how == columns.METADATA:
            problems.note("wide.metadata_column", row=header_row, column=column.header)
        elif column.how == columns.IDENTITY:
            problems.note("wide.identity_column", row=header_row, column=column.header)
        elif column.how == columns.SPLIT:
            problems.note("wide.split_column", row=header_row, column=column.header)
    return _Reading(rows, problems.done(), problems.notes, mapping, reader.data_rows)


@dataclass
class ImportResult(LoadResult):
    """What an import read and saved, with the column mapping it used.

    ``notes`` say what is worth knowing but not wrong (tool metadata and unknown columns left
    out, a column matched by a close text); ``rows`` counts the data rows read; ``already``
    counts rows whose submission was already in the cohort (an export imported again).
    """

    notes: list[Problem] = field(default_factory=list)
    columns: columns.ColumnMap = field(default_factory=columns.ColumnMap)
    rows: int = 0
    already: int = 0

    @property
    def refused(self) -> int:
        """Data rows read but neither saved nor already in the cohort."""
        return max(0, self.rows - len(self.submissions) - self.already)


def _result(
    reading: _Reading, saved: list[Submission], questionnaire: qn.Questionnaire, already: int = 0
) -> ImportResult:
    return ImportResult(
        frame=to_frame(saved, questionnaire),
        submissions=saved,
        problems=reading.problems,
        drafts=sum(1 for s in saved if s.status == "draft"),
        notes=reading.notes,
        columns=reading.columns,
        rows=reading.data_rows,
        already=already,
    )


def read_wide(
    path: str | Path,
    questionnaire: qn.Questionnaire | None = None,
    cohort: str = "",
    mapping: dict[str, str] | None = None,
) -> ImportResult:
    """Read a wide CSV or XLSX file (first sheet) into submissions and their answers table.

    Columns are recognised by what they say (:mod:`toolkit.columns`); ``mapping``
    (``{header: target}``) decides for the headers it names. Each usable row becomes a
    submission (status ``submitted`` unless a ``status`` column says ``draft``; its id is the
    row's ``submission_id`` when valid, else derived from the row's source, so the same export
    gives the same ids; ``cohort`` for rows whose cohort cell is blank). Raises
    ``InputFormatError`` when the file cannot be read as a table at all.

    >>> result = read_wide("answers.csv")  # doctest: +SKIP
    >>> for problem in result.problems: print(problem)  # French by default  # doctest: +SKIP
    answers.csv, ligne 7, colonne « audience.2 » : réponse inconnue; codes permis : … (valeur : …)
    >>> print(result.problems[0].text("en"))  # doctest: +SKIP
    answers.csv, row 7, column 'audience.2': unknown answer; allowed codes: … (value: 'beaucoup')
    """
    questionnaire = questionnaire or qn.default()
    reading = _read(path, questionnaire, cohort, mapping)
    return _result(reading, [s for _, s in reading.rows], questionnaire)


def import_to_cohort(
    path: str | Path,
    cohort_dir: str | Path,
    questionnaire: qn.Questionnaire | None = None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Read a wide file and save each usable row into a cohort folder (``store.save``).

    Rows with a blank cohort get the folder's name. A row whose submission is already in the
    folder (the same export imported again) is not saved again: ``already`` counts them. With
    ``dry_run`` nothing is written. The result lists what was saved and every problem,
    including rows that could not be saved.
    """
    questionnaire = questionnaire or qn.default()
    reading = _read(path, questionnaire, Path(cohort_dir).name, mapping)
    saved: list[Submission] = []
    already = 0
    for number, submission in reading.rows:
        if submission_path(cohort_dir, submission.submission_id).exists():
            already += 1
            continue
        if dry_run:
            saved.append(submission)
            continue
        try:
            save(submission, cohort_dir, questionnaire)
        except SubmissionError as exc:
            reading.problems.append(Problem.of(path, "wide.not_saved", row=number, reason=exc))
            continue
        saved.append(submission)
    return _result(reading, saved, questionnaire, already)


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
        _profile_column(p.id): s.organisation.get(p.id) for p in questionnaire.profile
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
    profile = {_profile_column(p.id): p for p in questionnaire.profile}
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
    elif suffix in _CSV_SUFFIXES:
        data = _csv_bytes(header, body, "\t" if suffix == ".tsv" else delimiter)
    else:
        raise InputFormatError.of("wide.cannot_write_suffix", suffix=suffix).at(path)
    try:
        return write_bytes_atomic(path, data)
    except OSError as exc:
        reason = messages.os_reason(exc)
        raise InputFormatError.of("file.unwritable", reason=reason).at(path) from exc


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
