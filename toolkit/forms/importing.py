"""Reading a whole file (header, then rows) and importing it into a cohort folder."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import columns
from .. import questionnaire as qn
from ..answers import (
    Submission,
    to_frame,
)
from ..errors import InputFormatError, Problem, SubmissionError
from ..store import SUFFIX, LoadResult, save_many, submission_path
from . import layout
from .files import file_records
from .layout import MAX_COLUMNS, NAME_COLUMN, wide_columns
from .rows import Problems, RowReader, cell_value


def _header_text(raw: Any) -> str | None:
    text = cell_value(raw)
    if text is None:
        return None
    return str(text).replace("\x00", "").lstrip("\ufeff").strip() or None


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
    problems = Problems(name)
    records = file_records(path, name, questionnaire)
    try:
        return _read_records(records, name, questionnaire, problems, cohort, mapping)
    finally:
        records.close()  # an XLSX reader closes its workbook


def _read_records(
    records: Iterator[tuple[int, Sequence[Any]]],
    name: str,
    questionnaire: qn.Questionnaire,
    problems: Problems,
    cohort: str,
    saved_mapping: dict[str, str] | None = None,
) -> _Reading:
    header_row = 0
    header_cells: Sequence[Any] = ()
    for number, cells in records:
        if any(cell_value(c) is not None for c in cells):
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
    reader = RowReader(questionnaire, problems, mapping, header_row, cohort)
    reader.check_columns()
    rows: list[tuple[int, Submission]] = []
    for number, cells in records:
        submission = reader.read(number, cells)
        if reader.data_rows > layout.MAX_ROWS:
            raise InputFormatError.of("wide.too_many_rows", limit=layout.MAX_ROWS).at(name)
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

    def tally(self) -> dict[str, int]:
        """What became of the rows: read, saved, drafts among them, already there, refused."""
        saved, drafts = len(self.submissions), self.drafts
        return {
            "rows": self.rows,
            "count": saved,
            "drafts": drafts,
            "already": self.already,
            "refused": self.refused,
        }


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
    """Read a wide file and save each usable row into a cohort folder (``store.save_many``:
    each file atomic and durable, as ``store.save`` writes it).

    Rows with a blank cohort get the folder's name. A row whose submission is already in the
    folder (the same export imported again) is not saved again: ``already`` counts them. With
    ``dry_run`` nothing is written. The result lists what was saved and every problem,
    including rows that could not be saved.
    """
    questionnaire = questionnaire or qn.default()
    reading = _read(path, questionnaire, Path(cohort_dir).name, mapping)
    try:  # one listing, not one lookup per row
        on_disk: set[str] | None = set(os.listdir(cohort_dir))
    except (FileNotFoundError, NotADirectoryError):
        on_disk = set()
    except PermissionError:  # a shared folder one may write to but not list
        on_disk = None
    fresh: list[tuple[int, Submission]] = []
    already = 0
    for number, submission in reading.rows:
        # the row reader's ids are canonical UUIDs already: the file name is the id
        if (
            submission_path(cohort_dir, submission.submission_id).exists()
            if on_disk is None
            else f"{submission.submission_id}{SUFFIX}" in on_disk
        ):
            already += 1
        else:
            fresh.append((number, submission))
    if dry_run:
        return _result(reading, [s for _, s in fresh], questionnaire, already)
    saved: list[Submission] = []
    # the row reader normalised every answer: validating each submission again is not needed
    written = save_many([s for _, s in fresh], cohort_dir, questionnaire, validated=True)
    for (number, submission), outcome in zip(fresh, written, strict=True):
        if isinstance(outcome, SubmissionError):
            reading.problems.append(Problem.of(path, "wide.not_saved", row=number, reason=outcome))
        else:
            saved.append(submission)
    return _result(reading, saved, questionnaire, already)
