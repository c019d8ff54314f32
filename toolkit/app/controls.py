"""Accessible controls that stock ipywidgets cannot make, as anywidgets (ES modules, no build).

* :class:`ChoiceGroup` — a question's options as one ``<fieldset>`` named by its ``<legend>``
  (the question's text): native radios (single choice) or checkboxes (multi-select), the
  options apart ("don't know", exclusive ones) last and set off, one tab stop per question,
  arrow keys between options; ``value`` is the list of chosen codes.
* :class:`DecimalField` — a labelled text field that brings up a decimal keypad on phones
  (``inputmode="decimal"``); ``value`` is what was typed, sent when the field is left.
* :class:`PageHelper` — keeps the page's ``lang`` and title in step with the app's language, and
  moves focus to a step's heading, scrolled to the top of the screen, when asked.

The same front-end code runs in JupyterLab, Voilà and Solara (anywidget's front end is shipped
with the ``anywidget`` package). Their look is in the app's style sheet (:mod:`.markup`).
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets as T

_CHOICE_ESM = r"""
let counter = 0;

function render({ model, el }) {
  counter += 1;
  const name = `pertinence-choice-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const fieldset = document.createElement("fieldset");
  fieldset.className = "pertinence-group";
  const legend = document.createElement("legend");
  legend.className = "pertinence-legend";
  fieldset.appendChild(legend);
  el.appendChild(fieldset);
  let inputs = [];

  // one tab stop: native radios already have it; checkboxes get a roving tabindex
  const rove = (current) => {
    if (!model.get("multiple")) return;
    const target = current ?? inputs.find((i) => i.checked) ?? inputs[0];
    for (const input of inputs) input.tabIndex = input === target ? 0 : -1;
  };
  const check = () => {
    const chosen = new Set(model.get("value") || []);
    for (const input of inputs) input.checked = chosen.has(input.value);
    if (!inputs.some((i) => i === document.activeElement)) rove();
  };
  const send = () => {
    model.set("value", inputs.filter((i) => i.checked).map((i) => i.value));
    model.save_changes();
  };
  const onKey = (event) => {
    if (!model.get("multiple")) return;  // radios move with the arrow keys by themselves
    const steps = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
    const here = inputs.indexOf(event.target);
    let next = null;
    if (event.key in steps) next = (here + steps[event.key] + inputs.length) % inputs.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = inputs.length - 1;
    if (next === null || here < 0) return;
    event.preventDefault();
    rove(inputs[next]);
    inputs[next].focus();
  };
  const draw = () => {
    const multiple = model.get("multiple");
    legend.textContent = model.get("label");
    for (const old of fieldset.querySelectorAll(".pertinence-options")) old.remove();
    inputs = [];
    const parts = [["", model.get("options")], [" pertinence-apart", model.get("apart")]];
    for (const [cls, options] of parts) {
      if (!options.length) continue;
      const box = document.createElement("div");
      box.className = "pertinence-options" + cls;
      for (const [code, text] of options) {
        const label = document.createElement("label");
        label.className = "pertinence-option";
        const input = document.createElement("input");
        input.type = multiple ? "checkbox" : "radio";
        input.name = name;
        input.value = code;
        input.addEventListener("change", send);
        input.addEventListener("keydown", onKey);
        input.addEventListener("focus", () => rove(input));
        const span = document.createElement("span");
        span.textContent = text;
        label.append(input, span);
        box.appendChild(label);
        inputs.push(input);
      }
      fieldset.appendChild(box);
    }
    check();
  };
  draw();
  model.on("change:value", check);
  for (const trait of ["options", "apart", "label", "multiple"]) model.on(`change:${trait}`, draw);
}

export default { render };
"""

_DECIMAL_ESM = r"""
let counter = 0;

function render({ model, el }) {
  counter += 1;
  const id = `pertinence-decimal-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const label = document.createElement("label");
  label.className = "pertinence-legend";
  label.htmlFor = id;
  const input = document.createElement("input");
  input.id = id;
  input.type = "text";
  input.inputMode = "decimal";
  input.autocomplete = "off";
  input.className = "pertinence-decimal";
  el.append(label, input);
  const draw = () => {
    label.textContent = model.get("label");
    input.placeholder = model.get("placeholder");
    if (input.value !== model.get("value")) input.value = model.get("value");
    input.setAttribute("aria-invalid", model.get("invalid") ? "true" : "false");
  };
  draw();
  input.addEventListener("change", () => {
    model.set("value", input.value);
    model.save_changes();
  });
  for (const trait of ["label", "placeholder", "value", "invalid"]) {
    model.on(`change:${trait}`, draw);
  }
}

export default { render };
"""

_PAGE_ESM = r"""
function render({ model, el }) {
  el.classList.add("pertinence-page-helper");
  const page = () => {
    const lang = model.get("page_lang");
    if (lang) document.documentElement.lang = lang;
    const title = model.get("page_title");
    if (title) document.title = title;
  };
  const focus = (tries) => {
    const target = document.querySelector(model.get("focus_selector"));
    if (!target) {
      if (tries > 0) setTimeout(() => focus(tries - 1), 50);
      return;
    }
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  };
  page();
  model.on("change:page_lang", page);
  model.on("change:page_title", page);
  // wait for the new step's widgets to be drawn, so that nothing moves the heading afterwards
  model.on("change:focus_count", () => setTimeout(() => focus(20), 60));
}

export default { render };
"""


class ChoiceGroup(anywidget.AnyWidget):
    """A question's options as one labelled group; ``value`` is the list of chosen codes.

    ``options`` and ``apart`` are ``[code, label]`` pairs; ``apart`` come last, set off (don't
    know, exclusive options). With ``multiple`` False the group is a radio group.

    >>> g = ChoiceGroup(label="Q?", options=[["y", "Yes"], ["n", "No"]], apart=[["dk", "?"]])
    >>> g.value = ["y"]
    """

    _esm = _CHOICE_ESM
    label = T.Unicode("").tag(sync=True)
    options = T.List(T.List(T.Unicode())).tag(sync=True)
    apart = T.List(T.List(T.Unicode())).tag(sync=True)
    multiple = T.Bool(False).tag(sync=True)
    value = T.List(T.Unicode()).tag(sync=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.add_class("pertinence-choice")

    @property
    def codes(self) -> list[str]:
        """Every option's code, in the order shown."""
        return [code for code, _ in [*self.options, *self.apart]]


class DecimalField(anywidget.AnyWidget):
    """A labelled text field with a decimal keypad on phones; ``value`` is the typed text."""

    _esm = _DECIMAL_ESM
    label = T.Unicode("").tag(sync=True)
    placeholder = T.Unicode("").tag(sync=True)
    value = T.Unicode("").tag(sync=True)
    invalid = T.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.add_class("pertinence-field")


class PageHelper(anywidget.AnyWidget):
    """The page around the app: its ``lang`` and title; :meth:`focus` moves to an element."""

    _esm = _PAGE_ESM
    page_lang = T.Unicode("").tag(sync=True)
    page_title = T.Unicode("").tag(sync=True)
    focus_selector = T.Unicode("").tag(sync=True)
    focus_count = T.Int(0).tag(sync=True)

    def focus(self, selector: str) -> None:
        """Scroll the first element matching ``selector`` to the top of the screen and focus it."""
        self.focus_selector = selector
        self.focus_count += 1
