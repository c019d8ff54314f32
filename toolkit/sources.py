"""Cohort sources → one answers table: the one loader for folders, submission files and tables.

A source is a cohort folder of submission files, one submission ``.json`` file, or a wide
CSV/XLSX table. Its *kind* is ``"folder"`` for a directory, else its suffix; :data:`LOADERS`
maps each kind to the one function that reads it, ``(path, questionnaire, include_drafts) →
LoadResult``, added with :func:`register` (the way papermill keeps its I/O handlers). Every
problem becomes a :class:`~toolkit.errors.Problem`: :func:`load` never stops at a bad source.

>>> from toolkit import sources
>>> result = sources.load(["data/sample_cohort", "answers.xlsx"])  # doctest: +SKIP
>>> result.frame["source"].value_counts(), result.problems           # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from . import answers as answers_mod
from . import forms, store
from .answers import Submission
from .errors import InputFormatError, Problem, SubmissionError
from .questionnaire import Questionnaire, default
from .store import LoadResult

Loader = Callable[[Path, Questionnaire, bool], LoadResult]
"""Reads one source: ``(path, questionnaire, include_drafts) → LoadResult``."""

FOLDER = "folder"
"""The kind of a directory; files are of the kind of their suffix (``".csv"``)."""

LOADERS: dict[str, Loader] = {}
"""Kind → the loader that reads it."""


def register(*kinds: str) -> Callable[[Loader], Loader]:
    """Make the decorated function the loader of ``kinds`` (``"folder"`` or suffixes)."""

    def add(loader: Loader) -> Loader:
        for kind in kinds:
            LOADERS[kind.lower()] = loader
        return loader

    return add


def kind_of(path: str | Path) -> str:
    """``"folder"`` for a directory, else the suffix in lower case (``".xlsx"``)."""
    path = Path(path)
    return FOLDER if path.is_dir() else path.suffix.lower()


def loader_for(path: str | Path) -> Loader | None:
    """The loader of the path's kind, or None when no loader reads that kind."""
    return LOADERS.get(kind_of(path))


@register(FOLDER)
def load_folder(path: Path, questionnaire: Questionnaire, include_drafts: bool) -> LoadResult:
    """A cohort folder: :func:`toolkit.store.load_cohort` (links refused, sizes capped)."""
    return store.load_cohort(path, questionnaire, include_drafts=include_drafts)


@register(".json")
def load_submission_file(
    path: Path, questionnaire: Questionnaire, include_drafts: bool
) -> LoadResult:
    """One submission file named on purpose (a draft is counted; :func:`load` drops it)."""
    submission = store.load(path, questionnaire=questionnaire)
    return LoadResult(
        answers_mod.to_frame([submission], questionnaire),
        [submission],
        drafts=int(submission.status == "draft"),
    )


@register(".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
def load_wide_table(path: Path, questionnaire: Questionnaire, include_drafts: bool) -> LoadResult:
    """A wide table, CSV or XLSX: :func:`toolkit.forms.read_wide` tells them apart by content,
    so one loader serves both (an XLSX saved as ``.csv`` still reads)."""
    return forms.read_wide(path, questionnaire)


def load(
    paths: str | Path | Iterable[str | Path],
    questionnaire: Questionnaire | None = None,
    include_drafts: bool = False,
    strict: bool = False,
) -> LoadResult:
    """Load cohort folders, submission files and wide CSV/XLSX files into one answers table.

    Each path is read by the loader of its kind (:data:`LOADERS`). The table gains a
    ``source`` column (the path each row came from); problems of every source are returned
    together: a missing path, a kind no loader reads, a file that cannot be read. A
    submission id met twice keeps its first occurrence and adds a problem. Drafts are dropped
    unless ``include_drafts`` (``drafts`` counts them either way). With ``strict``, a source
    that cannot be read at all raises its ``InputFormatError`` or ``SubmissionError`` instead
    (what is wrong inside a readable source, a bad row or a bad file of a folder, is still a
    problem): a command that names one file stops on it.

    >>> result = load("data/sample_cohort")  # doctest: +SKIP
    >>> len(result.frame), result.summary()   # doctest: +SKIP
    (34, '34 submissions, 0 drafts, 0 problems, 1 file ignored')
    """
    q = questionnaire or default()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    frames: list[pd.DataFrame] = []
    submissions: list[Submission] = []
    problems: list[Problem] = []
    drafts = 0
    ignored: list[str] = []
    for raw_path in paths:
        path = Path(raw_path)
        part = _load_one(path, q, include_drafts, strict)
        problems.extend(part.problems)
        drafts += part.drafts
        ignored.extend(str(path / name) for name in part.ignored)
        if len(part.frame):
            frames.append(part.frame.assign(source=str(path)))
        submissions.extend(part.submissions)
    if frames:
        frame = answers_mod.coerce_answers(pd.concat(frames, ignore_index=True), q)
    else:
        frame = answers_mod.to_frame([], q).assign(source=pd.Series(dtype=object))
    frame, duplicates = _drop_repeated_ids(frame)
    problems.extend(duplicates)
    if not include_drafts and "status" in frame.columns:
        frame = frame[frame["status"].astype(str) != "draft"].reset_index(drop=True)
    return LoadResult(frame, _kept(submissions, frame), problems, drafts=drafts, ignored=ignored)


def _load_one(path: Path, q: Questionnaire, include_drafts: bool, strict: bool) -> LoadResult:
    """One source through its loader; whatever goes wrong becomes its one problem (or, when
    ``strict``, a source that cannot be read raises)."""

    def failed(problem: Problem) -> LoadResult:
        return LoadResult(answers_mod.to_frame([], q), [], [problem])

    if not path.exists():
        return failed(Problem.of(path, "cohort.no_path"))
    loader = loader_for(path)
    if loader is None:
        return failed(Problem.of(path, "cohort.not_a_source"))
    try:
        return loader(path, q, include_drafts)
    except (InputFormatError, SubmissionError) as exc:
        if strict:
            raise
        return failed(Problem.from_error(path, exc, row=exc.row))


def _drop_repeated_ids(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """The table without the second and later rows of a submission id, and a problem each."""
    repeated = frame["submission_id"].duplicated(keep="first")
    if not repeated.any():
        return frame, []
    problems = [
        Problem.of(
            row["source"],
            "cohort.duplicate_source",
            column="submission_id",
            value=row["submission_id"],
        )
        for _, row in frame[repeated].iterrows()
    ]
    return frame[~repeated].reset_index(drop=True), problems


def _kept(submissions: list[Submission], frame: pd.DataFrame) -> list[Submission]:
    """The submissions whose rows the table kept, each once, in their loading order."""
    kept = set(frame["submission_id"])
    seen: set[str] = set()
    unique = []
    for sub in submissions:
        if sub.submission_id in kept and sub.submission_id not in seen:
            seen.add(sub.submission_id)
            unique.append(sub)
    return unique
