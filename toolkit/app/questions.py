"""One widget per question or profile field: a ``VBox`` whose ``value`` trait is the answer.

A view knows its question and its language, never the model: the app observes each view's
``value`` to record it, and sets ``value`` to show what the model holds. Setting ``lang``
relabels a view in place, keeping what is shown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

import ipywidgets as W
import traitlets as T

from .. import fmt
from ..answers import normalise_answer, normalise_profile, parse_number
from ..questionnaire import DATE, MULTI, NUMBER, SINGLE, ProfileField, Question, Text
from .base import raised
from .controls import ChoiceGroup, DecimalField
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
    """Single choice: one radio group named by the question's text, "don't know" last and apart."""

    def __init__(self, question: Question, lang: str = "fr"):
        super().__init__(question.id, lang)
        self.question = question
        self.options = [o for o in question.scale.options if not o.dk]
        self.dk_option = next((o for o in question.scale.options if o.dk), None)
        self.group = ChoiceGroup(multiple=False)
        self.relabel(lang)
        self.group.observe(self._on_group, "value")
        self.assemble(self.group, help_text=question.help)

    def _on_group(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self.record(change["new"][0] if change["new"] else None)

    def show(self) -> None:
        with self.syncing():
            self.group.value = [] if self.value is None else [self.value]

    def set(self, raw: Any) -> None:
        code = normalise_answer(self.question, raw)
        self.group.value = [] if code is None else [code]
        if code is None:
            self.value = None

    def relabel(self, lang: str) -> None:
        with self.syncing():
            self.group.label = self.question.text(lang)
            self.group.options = [[o.code, o.label(lang)] for o in self.options]
            dk = self.dk_option
            self.group.apart = [] if dk is None else [[dk.code, dk.label(lang)]]


class MultiView(QuestionView):
    """Multi-select: one group of checkboxes named by the question; exclusive options apart."""

    def __init__(self, question: Question, lang: str = "fr"):
        super().__init__(question.id, lang)
        self.question = question
        self.exclusive = [o.code for o in question.scale.options if o.exclusive]
        self.group = ChoiceGroup(multiple=True)
        self.relabel(lang)
        self.group.observe(self._on_group, "value")
        self.assemble(self.group, help_text=question.help)

    def _on_group(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        chosen = list(change["new"])
        added = [c for c in chosen if c not in (change["old"] or [])]
        if added and (added[-1] in self.exclusive or any(c in self.exclusive for c in chosen)):
            # an exclusive option clears the others, and another option clears it
            keep = added[-1]
            chosen = [
                c
                for c in chosen
                if c == keep or (keep not in self.exclusive and c not in self.exclusive)
            ]
            with self.syncing():
                self.group.value = chosen
        order = self.group.codes
        self.record(tuple(sorted(chosen, key=order.index)) or None)

    def show(self) -> None:
        with self.syncing():
            self.group.value = list(self.value or ())

    def set(self, raw: Any) -> None:
        self.value = normalise_answer(self.question, raw)

    def relabel(self, lang: str) -> None:
        with self.syncing():
            self.group.label = self.question.text(lang)
            options = self.question.scale.options
            self.group.options = [[o.code, o.label(lang)] for o in options if not o.exclusive]
            self.group.apart = [[o.code, o.label(lang)] for o in options if o.exclusive]


class NumberView(QuestionView):
    """A number (hours): typed as text on a decimal keypad, so that text and out-of-range values
    get a message."""

    def __init__(self, question: Question, lang: str = "fr"):
        super().__init__(question.id, lang)
        self.question = question
        self.text = DecimalField(label=question.text(lang), placeholder=self._unit(lang))
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
        self.text.invalid = self.error is not None
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
        self.text.label = self.question.text(lang)
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
