"""Helpers for the messages people read when their data is wrong, in French and English.

The words themselves are in the catalogue (:mod:`toolkit.words`, ``data/words/messages.yaml``);
this module holds what carries them: a :class:`Phrase` (a message that is also a ``str``), a
:class:`Translated` text from the system or a library, :class:`either` for alternatives, and
:func:`text_of`, which renders an error or problem in the language asked for.

>>> words.render("answer.unknown_code", "fr", allowed="yes, no")
'réponse inconnue; codes permis\xa0: yes, no (ou leurs libellés)'
>>> words.render("answer.unknown_code", "en", allowed="yes, no")
'unknown answer; allowed codes: yes, no (or their labels)'
"""

from __future__ import annotations

import errno
import functools
from collections.abc import Iterable
from typing import Any

from . import words


def text_of(obj: Any, lang: str | None = None) -> str:
    """What a person reads of an error or problem: ``obj.text(lang)``, or ``str(obj)``."""
    return obj.text(lang) if callable(getattr(obj, "text", None)) else str(obj)


class Phrase(str):
    """A catalog message that is also a ``str`` (its English rendering), for the few places
    that hold text but are read by people too (a ``Problem.column``, a parameter)."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, /, **params: Any) -> Phrase:
        self = super().__new__(cls, words.render(key, "en", **params))
        self.key, self.params = key, params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_phrase, (self.key, self.params))

    def text(self, lang: str | None = None) -> str:
        return words.render(self.key, lang, **self.params)


def _phrase(key: str, params: dict[str, Any]) -> Phrase:
    return Phrase(key, **params)


class Translated:
    """A text that comes from elsewhere (the system, a library) with its French wording."""

    def __init__(self, en: str, fr: str | None = None):
        self.en, self.fr = en, en if fr is None else fr

    def text(self, lang: str | None = None) -> str:
        return self.fr if words.resolve(lang) == "fr" else self.en

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"Translated({self.en!r}, {self.fr!r})"


class either:  # noqa: N801 - reads as a function in the call sites
    """``"a or b"`` / ``"a ou b"``: alternatives joined in the language of the message."""

    def __init__(self, items: Iterable[Any]):
        self.items = [str(i) for i in items]

    def text(self, lang: str | None = None) -> str:
        return words.render("list.or", lang).join(self.items)

    def __str__(self) -> str:
        return self.text()


def os_reason(exc: OSError) -> Translated:
    """Why the system refused a read or write, in the system's words and in French."""
    english = str(exc.strerror or exc)
    key = "os." + errno.errorcode.get(exc.errno or -1, "")
    return Translated(english, words.render(key, "fr") if words.has(key) else english)


def json_reason(msg: str) -> Translated:
    """What the json module found wrong, in its words and in French."""
    key = _json_complaints().get(msg)
    return Translated(msg, msg if key is None else words.render(key, "fr"))


@functools.cache
def _json_complaints() -> dict[str, str]:
    """The json module's English complaints → their catalogue key (``json_error.*``)."""
    return {
        entry["en"]: key
        for key, entry in words.catalogue().items()
        if key.startswith("json_error.")
    }


__all__ = [
    "Phrase",
    "Translated",
    "either",
    "json_reason",
    "os_reason",
    "text_of",
]
