"""One widget per question or profile field: a ``VBox`` whose ``value`` trait is the answer.

A view knows its question and its language, never the model: the app observes each view's
``value`` to record it, and sets ``value`` to show what the model holds. Setting ``lang``
relabels a view in place, keeping what is shown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import ipywidgets as W
import traitlets as T

from .. import fmt
from ..answers import normalise_answer, normalise_profile, parse_number
from ..questionnaire import DATE, MULTI, NUMBER, SINGLE, ProfileField, Question, Text
from .base import raised
from .markup import css_id, esc, help_html
from .words import word


def _wide() -> dict[str, Any]:
    """Style and layout of a control as wide as its block, its label above it."""
    return {"style": {"description_width": "initial"}, "layout": W.Layout(width="100%")}


class QuestionView(W.VBox):
    """A question's block: ``value`` is its answer as :mod:`toolkit.answers` stores it.

    Subclasses build their controls, then call :meth:`assemble`; a control's change sets
    ``value`` through :meth:`syncing` (so that what was typed stays as typed), and an outside
    change of ``value`` redraws the controls with :meth:`show`.
    """

    value = T.Any(None, allow_none=True)
    lang = T.Unicode("fr")

    def __init__(self, key: str, lang: str = "fr", **kwargs: Any):
        super().__init__(lang=lang, **kwargs)
        self.key = key
        self._syncing = False
        self.add_class("pertinence-q")
        self.add_class(css_id(key))

    def assemble(self, *controls: W.Widget, help_text: Text) -> None:
        """Lay out ``controls`` above the help text (``self.help``, relabelled with the
        controls), then start following outside changes of ``value`` and ``lang``."""
        self._help_text = help_text
        self.help = W.HTML(help_html(help_text(self.lang)))
        self.children = [*controls, self.help]
        self.observe(self._on_value, "value")
        self.observe(self._on_lang, "lang")

    def _on_lang(self, change: dict[str, Any]) -> None:
        self.relabel(change["new"])
        self.help.value = help_html(self._help_text(change["new"]))

    def _on_control(self, change: dict[str, Any]) -> None:
        """A control whose value is the answer as it is: record it (unless it is being drawn)."""
        if not self._syncing:
            self.record(change["new"])

    def syncing(self) -> contextlib.AbstractContextManager[None]:
        """Change controls or ``value`` without the other following."""
        return raised(self, "_syncing")

    def record(self, value: Any) -> None:
        """Set ``value`` from the controls (observers of ``value`` are told, controls kept)."""
        with self.syncing():
            self.value = value

    def load(self, value: Any) -> None:
        """Show ``value`` from the model, dropping whatever was typed and not recorded."""
        self.record(value)
        self.show()

    def _on_value(self, _change: Any) -> None:
        if not self._syncing:
            self.show()

    def show(self) -> None:  # pragma: no cover - abstract
        """Draw ``value`` in the controls."""
        raise NotImplementedError

    def set(self, raw: Any) -> None:  # pragma: no cover - abstract
        """Answer as a person would, through the controls (for tests and demos)."""
        raise NotImplementedError

    def relabel(self, lang: str) -> None:  # pragma: no cover - abstract
        """Label the controls in ``lang`` (the help text follows by itself)."""
        raise NotImplementedError


class ChoiceView(QuestionView):
    """Single choice: radio buttons; "don't know" apart, below, as its own checkbox."""

    def __init__(self, question: Question, lang: str = "fr"):
        super().__init__(question.id, lang)
        self.question = question
        self.options = [o for o in question.scale.options if not o.dk]
        self.dk_option = next((o for o in question.scale.options if o.dk), None)
        self.radio = W.RadioButtons(
            options=[(o.label(lang), o.code) for o in self.options],
            value=None,
            description=question.text(lang),
            style={"description_width": "initial"},
            layout=W.Layout(width="auto"),
        )
        self.radio.observe(self._on_radio, "value")
        children: list[W.Widget] = [self.radio]
        self.dk: W.Checkbox | None = None
        if self.dk_option is not None:
            self.dk = W.Checkbox(value=False, description=self.dk_option.label(lang), indent=False)
            self.dk.add_class("pertinence-apart")
            self.dk.observe(self._on_dk, "value")
            children.append(self.dk)
        self.assemble(*children, help_text=question.help)

    def _on_radio(self, change: dict[str, Any]) -> None:
        if self._syncing or change["new"] is None:
            return
        with self.syncing():
            if self.dk is not None:
                self.dk.value = False
        self.record(change["new"])

    def _on_dk(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        assert self.dk_option is not None
        if change["new"]:
            with self.syncing():
                self.radio.value = None
            self.record(self.dk_option.code)
        elif self.radio.value is None:
            self.record(None)

    def show(self) -> None:
        is_dk = self.dk_option is not None and self.value == self.dk_option.code
        with self.syncing():
            self.radio.value = None if is_dk else self.value
            if self.dk is not None:
                self.dk.value = is_dk

    def set(self, raw: Any) -> None:
        code = normalise_answer(self.question, raw)
        if self.dk_option is not None and code == self.dk_option.code:
            assert self.dk is not None
            self.dk.value = True
        elif code is None:
            self.value = None
        else:
            self.radio.value = code

    def relabel(self, lang: str) -> None:
        with self.syncing():
            value = self.radio.value
            self.radio.options = [(o.label(lang), o.code) for o in self.options]
            self.radio.value = value
            self.radio.description = self.question.text(lang)
            if self.dk is not None and self.dk_option is not None:
                self.dk.description = self.dk_option.label(lang)


class MultiView(QuestionView):
    """Multi-select: one checkbox per option; exclusive options apart, below."""

    def __init__(self, question: Question, lang: str = "fr"):
        super().__init__(question.id, lang)
        self.question = question
        self.heading = W.HTML(self._heading(lang))
        self.boxes: dict[str, W.Checkbox] = {}
        for option in question.scale.options:
            box = W.Checkbox(value=False, description=option.label(lang), indent=False)
            if option.exclusive:
                box.add_class("pertinence-apart")
            box.observe(functools.partial(self._on_box, option.code), "value")
            self.boxes[option.code] = box
        self.assemble(self.heading, *self.boxes.values(), help_text=question.help)

    def _heading(self, lang: str) -> str:
        return f'<div class="pertinence-qtext">{esc(self.question.text(lang))}</div>'

    def _on_box(self, code: str, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        exclusive = {o.code for o in self.question.scale.options if o.exclusive}
        if change["new"]:
            with self.syncing():
                for other, box in self.boxes.items():
                    if other != code and (code in exclusive or other in exclusive):
                        box.value = False
        self.record(tuple(c for c, box in self.boxes.items() if box.value) or None)

    def show(self) -> None:
        chosen = set(self.value or ())
        with self.syncing():
            for code, box in self.boxes.items():
                box.value = code in chosen

    def set(self, raw: Any) -> None:
        self.value = normalise_answer(self.question, raw)

    def relabel(self, lang: str) -> None:
        self.heading.value = self._heading(lang)
        for option in self.question.scale.options:
            self.boxes[option.code].description = option.label(lang)


class NumberView(QuestionView):
    """A number (hours): typed as text, so that text and out-of-range values get a message."""

    def __init__(self, question: Question, lang: str = "fr"):
        super().__init__(question.id, lang)
        self.question = question
        self.text = W.Text(
            value="",
            description=question.text(lang),
            placeholder=self._unit(lang),
            continuous_update=False,
            **_wide(),
        )
        self.text.observe(self._on_text, "value")
        self.message = W.HTML("")
        self.error: str | None = None
        self.assemble(self.text, self.message, help_text=question.help)

    def _unit(self, lang: str) -> str:
        return self.question.scale.unit(lang) if self.question.scale.unit else ""

    def _problem(self, raw: str) -> str | None:
        """The word key of what is wrong with ``raw``, or None when it can be recorded."""
        if not raw.strip():
            return None
        value = parse_number(raw)
        if value is None:
            return "app.number_expected"
        lo, hi = self.question.scale.min, self.question.scale.max
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            return "app.out_of_range"
        return None

    def _show_message(self) -> None:
        if self.error is None:
            self.message.value = ""
            return
        scale = self.question.scale
        text = word(self.lang, self.error, min=scale.min or 0, max=scale.max or 0)
        self.message.value = f'<div class="pertinence-msg" role="alert">⚠ {esc(text)}</div>'

    def _on_text(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        raw = str(change["new"] or "")
        self.error = self._problem(raw)
        self._show_message()
        self.record(parse_number(raw) if self.error is None and raw.strip() else None)

    def _format(self, value: float | None) -> str:
        if value is None:
            return ""
        return fmt.number(value, 2, self.lang)

    def show(self) -> None:
        self.error = None
        self._show_message()
        with self.syncing():
            self.text.value = self._format(self.value)

    def set(self, raw: Any) -> None:
        self.text.value = "" if raw is None else str(raw)

    def relabel(self, lang: str) -> None:
        self.text.description = self.question.text(lang)
        self.text.placeholder = self._unit(lang)
        self._show_message()
        if self.error is None:
            with self.syncing():
                self.text.value = self._format(self.value)


class DateView(QuestionView):
    """A date, picked from a calendar; ``value`` is its ISO text."""

    def __init__(self, question: Question, lang: str = "fr"):
        super().__init__(question.id, lang)
        self.question = question
        self.picker = W.DatePicker(value=None, description=question.text(lang), **_wide())
        self.picker.observe(self._on_date, "value")
        self.assemble(self.picker, help_text=question.help)

    def _on_date(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self.record(change["new"].isoformat() if change["new"] else None)

    def show(self) -> None:
        with self.syncing():
            self.picker.value = dt.date.fromisoformat(self.value) if self.value else None

    def set(self, raw: Any) -> None:
        iso = normalise_answer(self.question, raw)
        self.picker.value = dt.date.fromisoformat(iso) if iso else None

    def relabel(self, lang: str) -> None:
        self.picker.description = self.question.text(lang)


class TextView(QuestionView):
    """Free text, recorded when the field is left (the model cleans it)."""

    def __init__(self, question: Question, lang: str = "fr"):
        super().__init__(question.id, lang)
        self.question = question
        self.text = W.Text(description=question.text(lang), continuous_update=False, **_wide())
        self.text.observe(self._on_control, "value")
        self.assemble(self.text, help_text=question.help)

    def show(self) -> None:
        with self.syncing():
            self.text.value = self.value or ""

    def set(self, raw: Any) -> None:
        self.text.value = "" if raw is None else str(raw)

    def relabel(self, lang: str) -> None:
        self.text.description = self.question.text(lang)


class ProfileView(QuestionView):
    """A profile field: free text (the name) or a drop-down (sector, size, region).

    ``value`` is what the control holds; the model cleans it (``normalise_profile``).
    """

    def __init__(self, field_def: ProfileField, lang: str = "fr"):
        super().__init__(f"organisation.{field_def.id}", lang)
        self.field = field_def
        self.control: W.Text | W.Dropdown
        if field_def.options:
            self.control = W.Dropdown(
                options=[(o.label(lang), o.code) for o in field_def.options],
                value=None,
                description=field_def.text(lang),
                **_wide(),
            )
        else:
            self.control = W.Text(
                description=field_def.text(lang), continuous_update=False, **_wide()
            )
        self.control.observe(self._on_control, "value")
        self.assemble(self.control, help_text=field_def.help)

    def show(self) -> None:
        with self.syncing():
            self.control.value = self.value if self.field.options else (self.value or "")

    def set(self, raw: Any) -> None:
        self.control.value = normalise_profile(self.field, raw) if self.field.options else raw

    def relabel(self, lang: str) -> None:
        with self.syncing():
            if isinstance(self.control, W.Dropdown):
                value = self.control.value
                self.control.options = [(o.label(lang), o.code) for o in self.field.options]
                self.control.value = value
            self.control.description = self.field.text(lang)


_VIEW_TYPES: dict[str, Callable[[Question, str], QuestionView]] = {
    SINGLE: ChoiceView,
    MULTI: MultiView,
    NUMBER: NumberView,
    DATE: DateView,
}


def question_view(question: Question, lang: str = "fr") -> QuestionView:
    """The view that fits the question's scale (free text when none does)."""
    return _VIEW_TYPES.get(question.scale.type, TextView)(question, lang)
