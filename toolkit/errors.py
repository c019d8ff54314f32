"""Domain exceptions and the problem record that loaders return instead of crashing.

What a person reads of them exists in French and English (:mod:`toolkit.messages`): an error
or problem made from a catalog key renders in the language asked for with ``text(lang)``, and
``str()`` renders it in the process's language (French by default). Its ``message`` keeps the
English wording, for logs and for code that matches on it. Errors and problems made from a
plain string (what is not in the catalog) keep that string in every language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import messages, words


def _where(lang: str, file: Any, row: int | None = None, column: Any = None) -> str:
    """``"file.csv, ligne 7, colonne « audience.2 »"``: the place, in ``lang``."""
    parts = [] if file is None else [str(file)]
    if row is not None:
        parts.append(words.render("where.row", lang, row=row))
    if column is not None:
        if isinstance(column, messages.Phrase):  # "column C": a place with no header
            parts.append(column.text(lang))
        else:
            parts.append(words.render("where.column", lang, column=str(column)))
    return ", ".join(parts)


def _located(lang: str, body: str, file: Any, row: int | None = None, column: Any = None) -> str:
    where = _where(lang, file, row, column)
    return f"{where}{words.render('where.sep', lang)}{body}" if where else body


class PertinenceError(Exception):
    """Base class of every error Pertinence raises on purpose (bad input, not bugs).

    Made from a plain message (``SubmissionError("…")``) or from a catalog key
    (``SubmissionError.of("submission.bad_status", status="final")``); ``.at(file, row)``
    gives the same error placed in a file (and row). ``text(lang)`` is what a person reads.
    """

    def __init__(
        self,
        message: str = "",
        *,
        key: str | None = None,
        params: Mapping[str, Any] | None = None,
        file: Any = None,
        row: int | None = None,
    ):
        self.key = key
        self.params = dict(params or {})
        self.file = None if file is None else str(file)
        self.row = row
        self.message = self._render(key, "en", self.params) if key else str(message)
        super().__init__(self.text("en") if key or file is not None else message)

    @staticmethod
    def _render(key: str, lang: str, params: Mapping[str, Any]) -> str:
        """Message ``key`` in ``lang``: the words catalogue (subclasses with
        their own words, like the command line's, override this)."""
        return words.render(key, lang, **params)

    @classmethod
    def of(cls, key: str, /, **params: Any) -> Any:
        """The error for catalog message ``key`` filled in with ``params``."""
        return cls(key=key, params=params)

    def at(self, file: Any, row: int | None = None) -> Any:
        """The same error (same class and message) placed in ``file`` (and ``row``)."""
        return type(self)(
            "" if self.key else self.message,
            key=self.key,
            params=self.params,
            file=file,
            row=self.row if row is None else row,
        )

    def text(self, lang: str | None = None) -> str:
        """The error as a person reads it, in ``lang`` (the process's language by default)."""
        lang = words.resolve(lang)
        body = self._render(self.key, lang, self.params) if self.key else self.message
        return _located(lang, body, self.file, self.row)

    def __str__(self) -> str:
        return self.text()


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


class AnswerError(PertinenceError, ValueError):
    """One answer cannot be used (unknown code, number out of range …).

    A ``ValueError`` too, so that code catching ``ValueError`` around
    :func:`toolkit.answers.normalise_answer` keeps working.
    """


@dataclass(frozen=True)
class Problem:
    """One problem found while loading data: where it is, what was there, and why it is wrong.

    Loaders collect these and keep going, so that one bad row or file never stops the rest.
    ``Problem.of(file, key, row=…, column=…, value=…, **params)`` makes one from a catalog
    message (``message`` then holds its English wording); ``text(lang)`` is what a person reads:
    ``"answers.csv, ligne 7, colonne « audience.2 » : réponse inconnue; … (valeur : « x »)"``.
    """

    file: str
    message: str = ""
    row: int | None = None
    column: str | None = None
    value: object = None
    key: str | None = field(default=None, compare=False, kw_only=True)
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, kw_only=True)

    def __post_init__(self) -> None:
        if self.key and not self.message:
            object.__setattr__(self, "message", words.render(self.key, "en", **self.params))

    @classmethod
    def of(
        cls,
        file: Any,
        key: str,
        /,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        **params: Any,
    ) -> Problem:
        """A problem with catalog message ``key`` filled in with ``params``."""
        return cls(str(file), "", row, column, value, key=key, params=params)

    @classmethod
    def from_error(
        cls,
        file: Any,
        error: BaseException,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> Problem:
        """A problem saying what ``error`` says (in every language when it has a catalog key);
        the place given here replaces the error's own."""
        key = getattr(error, "key", None)
        if key and words.has(key):
            return cls(
                str(file), "", row, column, value, key=key, params=getattr(error, "params", {})
            )
        message = getattr(error, "message", None) if isinstance(error, PertinenceError) else None
        return cls(str(file), str(error) if message is None else message, row, column, value)

    def text(self, lang: str | None = None) -> str:
        """The problem as a person reads it, in ``lang`` (the process's language by default)."""
        lang = words.resolve(lang)
        body = words.render(self.key, lang, **self.params) if self.key else self.message
        shown = ""
        if self.value is not None:
            text = str(self.value)
            more = "…" if len(text) > 60 else ""
            shown = " " + words.render("where.value", lang, value=text[:60], more=more)
        return _located(lang, body, self.file, self.row, self.column) + shown

    def __str__(self) -> str:
        return self.text()
