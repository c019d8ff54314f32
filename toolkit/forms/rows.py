"""Reading records into submissions: one row at a time, every problem named where it is."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from .. import columns, messages
from .. import questionnaire as qn
from ..answers import (
    MULTI,
    MULTI_SEPARATORS,
    Submission,
    choice_code,
    clean_text,
    fold,
    normalise_answer,
    normalise_profile,
    now_iso,
)
from ..errors import Problem
from . import layout
from .layout import (
    FORMULA_TRIGGERS,
    LANGUAGE_WORDS,
    MAX_CELL_CHARS,
    NAME_COLUMN,
    STATUS_WORDS,
    column_letter,
    profile_column,
)

# --------------------------------------------------------------------------------------------
# Reading: records → submissions


class Problems:
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
        if len(self.items) >= layout.MAX_PROBLEMS:
            self.hidden += 1
        elif isinstance(what, BaseException):
            self.items.append(Problem.from_error(self.file, what, row, column, value))
        else:
            self.items.append(Problem.of(self.file, what, row, column, value, **params))

    def done(self) -> list[Problem]:
        if self.hidden:
            self.items.append(Problem.of(self.file, "wide.more_problems", count=self.hidden))
        return self.items


def cell_value(value: Any) -> Any:
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


_MEMO_TYPES = (str, int, float)
_MEMO_SIZE = 4_096
_MEMO_CHARS = 200
"""Cells remembered per question, and the longest text remembered (at most ~1 MiB each)."""


class RowReader:
    """Turns the data rows of one file into submissions, collecting problems."""

    def __init__(
        self,
        questionnaire: qn.Questionnaire,
        problems: Problems,
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
        self.profile = {profile_column(p.id): p for p in questionnaire.profile}
        self.present = set(mapping.by_target())
        self.missing_columns: set[str] = set()
        # a cell's answer, by question and cell text: a form tool's export repeats the same
        # few labels in every row (answers that gave a problem are not remembered)
        self.memo: dict[str, dict[Any, Any]] = {qid: {} for qid in self.questions}
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
            if raw_cell is None:
                continue
            memo = self.memo[qid]
            key = raw_cell if type(raw_cell) in _MEMO_TYPES else None
            if type(key) is str and len(key) > _MEMO_CHARS:
                key = None  # labels are short; long free text is not worth keeping
            if key is not None and key in memo:
                answers[qid] = memo[key]
                continue
            raw = _tool_code(question, raw_cell)
            clean = True
            if question.scale.type == MULTI and raw is not None:
                raw, unknown = _choices(question, raw)
                for item in unknown:
                    allowed = ", ".join(question.codes)
                    problem("answer.unknown_choice", qid, raw_cell, choice=item, allowed=allowed)
                    clean = False
            try:
                answer = normalise_answer(question, raw)
            except ValueError as exc:
                problem(exc, qid, raw_cell)
                continue
            if answer is not None:
                answers[qid] = answer
                if clean and key is not None and len(memo) < _MEMO_SIZE:
                    memo[key] = answer

        status = self._choice(values, "status", STATUS_WORDS, "submitted", problem)
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
            language=self._choice(values, "language", LANGUAGE_WORDS, "fr", problem),
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
                for c in (profile_column(m.removeprefix("organisation.")) for m in missing)
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
            if isinstance(raw, str) and "\x00" in raw:
                raw = self._without_nul(number, index, raw)
            value = cell_value(raw)
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

    def _without_nul(self, number: int, index: int, raw: str) -> str:
        """A cell with a NUL byte (a damaged file, a bad copy): reported, the NULs removed."""
        column = self.by_index.get(index)
        shown = (
            column.header
            if column
            else messages.Phrase("where.letter", letter=column_letter(index))
        )
        clean = raw.replace("\x00", "")
        self.problems.add("wide.nul_cell", row=number, column=shown, value=clean)
        return clean

    def _headerless(self, number: int, index: int, value: Any) -> None:
        self.warned_headerless = True
        self.problems.add(
            "wide.headerless_cell",
            row=number,
            column=messages.Phrase("where.letter", letter=column_letter(index)),
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
