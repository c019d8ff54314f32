"""What every app shares: the style sheet, the language switch, and errors shown, never lost."""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable, Iterator
from typing import Any

import ipywidgets as W
import traitlets as T

from .. import messages
from ..errors import PertinenceError
from ..palette import OKABE_ITO
from ..questionnaire import LANGUAGES
from .markup import STYLE
from .words import word

log = logging.getLogger(__name__)


@contextlib.contextmanager
def raised(owner: object, flag: str) -> Iterator[None]:
    """Set the boolean attribute ``flag`` of ``owner`` for the ``with`` block, then put back what
    it was (a nested block leaves it raised): how a widget changes its own controls without
    reacting to them."""
    before = getattr(owner, flag)
    setattr(owner, flag, True)
    try:
        yield
    finally:
        setattr(owner, flag, before)


def primary(button: W.Button) -> W.Button:
    """Colour a button as the step's main action."""
    button.style.button_color = OKABE_ITO["blue"]
    button.style.text_color = "white"
    return button


def file_upload(lang: str) -> W.FileUpload:
    """The answers-file upload both apps offer."""
    return W.FileUpload(
        accept=".json,application/json",
        multiple=False,
        description=word(lang, "app.upload"),
        layout=W.Layout(width="340px"),
    )


class AppBase(W.VBox):
    """An app: ``lang`` follows the language switch; :meth:`guard` routes errors to ``errors``."""

    lang = T.Unicode("fr")

    def __init__(self, lang: str = "fr", **kwargs: Any):
        lang = lang if lang in LANGUAGES else "fr"
        super().__init__(lang=lang, **kwargs)
        self.style_html = W.HTML(STYLE)
        self.language = W.ToggleButtons(
            options=[("Français", "fr"), ("English", "en")],
            value=lang,
            description=word("fr", "app.language"),
            style={"description_width": "initial", "button_width": "90px"},
        )
        W.link((self.language, "value"), (self, "lang"))
        self.errors = W.Output(layout=W.Layout(border="0"))
        self.add_class("pertinence-app")

    def w(self, key: str, **kwargs: Any) -> str:
        """One word of the screen in the current language."""
        return word(self.lang, key, **kwargs)

    def guard(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Wrap a callback: any exception is shown in :attr:`errors`, never swallowed."""

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - shown to the user, then logged
                self.show_error(exc)
                return None

        return wrapper

    def show_error(self, exc: BaseException) -> None:
        """Put an error in the errors Output, in the user's language."""
        if isinstance(exc, (PertinenceError, ValueError)):
            text = self.w("app.problem", error=messages.text_of(exc, self.lang))
        else:
            text = self.w("app.error", error=f"{type(exc).__name__}: {exc}")
        log.error("callback error", exc_info=exc)
        self.errors.append_stderr(text + "\n")
