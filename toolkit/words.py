"""The words people read, in French and English: one catalogue, one way to choose the language.

Every sentence, label and heading a person reads lives in ``toolkit/data/words/*.yaml``: one
catalogue split into files by area (a key is defined once across them, and every key has a
French and an English template using the same ``str.format`` placeholders). :func:`render`
fills one in; numbers placed in a template follow the language's conventions through
:mod:`toolkit.fmt`. French templates are written with plain spaces; the spaces of French
typography (before ``:``, inside ``« »``, before ``%``) become non-breaking when read.

The language is resolved the same way everywhere (:func:`resolve`): the ``lang`` argument when
one is given, then the language chosen by the app or command for the work in progress
(:func:`use_language`, :func:`set_language`), then ``PERTINENCE_LANG``, then French.

>>> render("where.row", "fr", row=7)
'ligne 7'
>>> render("where.row", "en", row=7)
'row 7'
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import string
import unicodedata
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any, Literal

import yaml

from . import fmt

Lang = Literal["fr", "en"]
LANGUAGES: tuple[Lang, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
ENV = "PERTINENCE_LANG"
# The language tag of a page (``<html lang>``): Canadian French and English.
HTML_LANG = {"fr": "fr-CA", "en": "en-CA"}

# Families of keys that the code completes at run time (a plural form, an errno name, a
# complaint of the json module): their members count as used when the prefix is.
FAMILIES = ("summary.", "os.", "json_error.", "cli.how_")

_chosen: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "pertinence_lang", default=None
)


# --------------------------------------------------------------------------------------------
# The language


def resolve(lang: str | None = None) -> str:
    """The language to speak: ``lang`` if it is one, else the chosen one, ``PERTINENCE_LANG``,
    or French."""
    if lang in LANGUAGES:
        return lang  # type: ignore[return-value]
    chosen = _chosen.get()
    if chosen is not None:
        return chosen
    env = os.environ.get(ENV, "").strip().lower()
    return env if env in LANGUAGES else DEFAULT_LANGUAGE


def _checked(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang


def set_language(lang: str | None) -> None:
    """Choose the language of words rendered without one (``None``: back to the default)."""
    _chosen.set(None if lang is None else _checked(lang))


def get_language() -> str:
    """The language of words rendered without one."""
    return resolve(None)


@contextlib.contextmanager
def use_language(lang: str) -> Iterator[str]:
    """Speak ``lang`` inside the ``with`` block (in this thread or task only)."""
    token = _chosen.set(_checked(lang))
    try:
        yield lang
    finally:
        _chosen.reset(token)


# --------------------------------------------------------------------------------------------
# The catalogue


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Every key of every file of ``data/words/``, ``{key: {"fr": …, "en": …}}``.

    Raises ``ValueError`` when a key is defined twice or lacks a language: the catalogue is
    read once, at the first word, so a broken file fails at once and names the key.
    """
    entries: dict[str, dict[str, str]] = {}
    folder = resources.files("toolkit") / "data" / "words"
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if not item.name.endswith(".yaml"):
            continue
        data = yaml.load(item.read_text(encoding="utf-8"), Loader=_Loader) or {}
        for key, entry in data.items():
            if key in entries:
                raise ValueError(f"words/{item.name}: key {key!r} is already defined")
            if not isinstance(entry, dict) or set(entry) != set(LANGUAGES):
                raise ValueError(f"words/{item.name}: {key!r} needs exactly fr and en")
            if not all(isinstance(entry[lang], str) for lang in LANGUAGES):
                # an unquoted yes, no, on or 12 is read by YAML as a boolean or a number
                raise ValueError(f"words/{item.name}: {key!r} must be text (quote it)")
            entries[key] = {"fr": fmt.typography(entry["fr"], "fr"), "en": entry["en"]}
    return entries


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def has(key: str) -> bool:
    """Whether ``key`` is in the catalogue."""
    return key in catalogue()


def template(key: str, lang: str | None = None) -> str:
    """The raw template of ``key``; raises ``KeyError`` for an unknown key."""
    return catalogue()[key][resolve(lang)]


def render(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The words of ``key`` in ``lang`` (resolved by :func:`resolve`), filled in with ``params``.

    A parameter with a ``text(lang)`` method (a phrase, an error) is rendered in the same
    language; numbers follow the language (:mod:`toolkit.fmt`); user text placed without
    ``!r`` has its control characters shown as escapes, so a line stays one line.
    Raises ``KeyError`` for a key that is not in the catalogue.
    """
    lang = resolve(lang)
    return _Formatter(lang).vformat(catalogue()[key][lang], (), params)


def _localised(value: Any) -> bool:
    return callable(getattr(value, "text", None))


def inert(text: str) -> str:
    """Control and format characters shown as escapes (``\\n``), so text stays on one line."""
    if text.isprintable():
        return text
    return "".join(repr(ch)[1:-1] if unicodedata.category(ch) in _ESCAPED else ch for ch in text)


_ESCAPED = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


class _Formatter(string.Formatter):
    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def get_value(self, key: Any, args: Any, kwargs: Mapping[str, Any]) -> Any:
        value = super().get_value(key, args, kwargs)
        return value.text(self.lang) if _localised(value) else value

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion is None and isinstance(value, str):
            return inert(value)
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return super().format_field(value, format_spec)
        return fmt.template_number(value, format_spec, self.lang)


__all__ = [
    "DEFAULT_LANGUAGE",
    "ENV",
    "FAMILIES",
    "HTML_LANG",
    "LANGUAGES",
    "Lang",
    "catalogue",
    "get_language",
    "has",
    "inert",
    "render",
    "resolve",
    "set_language",
    "template",
    "use_language",
]
