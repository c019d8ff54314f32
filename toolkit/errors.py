"""Domain exceptions and the problem record that loaders return instead of crashing."""

from __future__ import annotations

from dataclasses import dataclass


class PertinenceError(Exception):
    """Base class of every error Pertinence raises on purpose (bad input, not bugs)."""


class QuestionnaireError(PertinenceError):
    """The questionnaire definition is invalid; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class SubmissionError(PertinenceError):
    """A submission cannot be read, validated or written."""


class VersionMismatchError(SubmissionError):
    """A submission was made with another questionnaire or version than the one loaded."""


class InputFormatError(PertinenceError):
    """A CSV/XLSX/JSON file cannot be read at all (encoding, size, structure)."""


@dataclass(frozen=True)
class Problem:
    """One problem found while loading data: where it is, what was there, and why it is wrong.

    Loaders collect these and keep going, so that one bad row or file never stops the rest.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: object = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        shown = ""
        if self.value is not None:
            text = str(self.value)
            shown = f" (value: {text[:60]!r}{'…' if len(text) > 60 else ''})"
        return f"{where}: {self.message}{shown}"
