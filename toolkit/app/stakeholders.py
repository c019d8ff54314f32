"""The stakeholder map exercise: a table of actors to edit, their map and each zone's advice."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as W
import traitlets as T

from .. import stakeholders as guide_data
from ..questionnaire import Questionnaire as QuestionnaireDef
from ..questionnaire import default
from .base import raised
from .markup import esc, tag
from .words import plural, word

Guard = Callable[[Callable[..., Any]], Callable[..., Any]]


def _unguarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    return fn


class ActorRow(W.HBox):
    """One actor: name, type, influence, relationship, and a button to remove the row.

    ``value`` is the actor as stored, or None while it has no name.
    """

    value = T.Any(None, allow_none=True)
    lang = T.Unicode("fr")

    def __init__(
        self,
        actor: Mapping[str, Any] | None = None,
        lang: str = "fr",
        guide: guide_data.Guide | None = None,
    ):
        super().__init__(lang=lang)
        self.guide = guide or guide_data.default()
        self._relabelling = False
        actor = actor or {}
        narrow = {"style": {"description_width": "initial"}}
        self.name = W.Text(
            value=str(actor.get("name", "")),
            description=word(lang, "app.actor_name"),
            continuous_update=False,
            layout=W.Layout(width="250px"),
            **narrow,
        )
        self.type = W.Dropdown(
            options=self._type_options(lang, actor.get("type") or None),
            value=actor.get("type") or None,
            description=word(lang, "common.type"),
            layout=W.Layout(width="250px"),
            **narrow,
        )
        self.influence = W.Dropdown(
            options=guide_data.influence_options(lang, self.guide),
            value=int(actor.get("influence", 3)),
            description=word(lang, "common.influence"),
            layout=W.Layout(width="215px"),
            **narrow,
        )
        self.relationship = W.Dropdown(
            options=guide_data.relationship_options(lang, self.guide),
            value=int(actor.get("relationship", 0)),
            description=word(lang, "common.relationship"),
            layout=W.Layout(width="250px"),
            **narrow,
        )
        self.remove = W.Button(
            description=word(lang, "app.remove_actor"), icon="trash", layout=W.Layout(width="auto")
        )
        self.children = [self.name, self.type, self.influence, self.relationship, self.remove]
        self.add_class("pertinence-actor")
        self.value = self._actor()
        for control in (self.name, self.type, self.influence, self.relationship):
            control.observe(self._on_control, "value")
        self.observe(lambda change: self.relabel(change["new"]), "lang")

    def _type_options(self, lang: str, current: Any) -> list[tuple[str, Any]]:
        """The guide's types, and the current one kept when the guide does not know it."""
        types: list[tuple[str, Any]] = list(guide_data.type_options(lang, self.guide))
        if current and current not in self.guide.types:
            types.append((str(current), current))
        return types

    def _actor(self) -> dict[str, Any] | None:
        name = self.name.value.strip()
        if not name:
            return None
        return {
            "name": name,
            "type": self.type.value or "",
            "influence": int(self.influence.value),
            "relationship": int(self.relationship.value),
        }

    def _on_control(self, _change: Any) -> None:
        if not self._relabelling:
            self.value = self._actor()

    def relabel(self, lang: str) -> None:
        """Words and drop-down labels in ``lang``; the choices stay."""
        self._relabelling = True
        try:
            self.name.description = word(lang, "app.actor_name")
            self.type.description = word(lang, "common.type")
            self.influence.description = word(lang, "common.influence")
            self.relationship.description = word(lang, "common.relationship")
            self.remove.description = word(lang, "app.remove_actor")
            for control, options in (
                (self.type, self._type_options(lang, self.type.value)),
                (self.influence, guide_data.influence_options(lang, self.guide)),
                (self.relationship, guide_data.relationship_options(lang, self.guide)),
            ):
                value = control.value
                control.options = options
                control.value = value
        finally:
            self._relabelling = False


class StakeholderEditor(W.VBox):
    """The stakeholder table (add and remove rows) and its map, with the advice of each zone.

    ``value`` is the list of named actors, updated after every edit; setting it (or calling
    :meth:`set_actors`) replaces the rows. ``guard`` wraps the button callbacks (the app's
    routes errors to its errors Output).
    """

    value: T.List[dict[str, Any]] = T.List()
    lang = T.Unicode("fr")

    def __init__(
        self,
        lang: str = "fr",
        guard: Guard | None = None,
        guide: guide_data.Guide | None = None,
        questionnaire: QuestionnaireDef | None = None,
    ):
        super().__init__(lang=lang)
        self.guide = guide or guide_data.default()
        self.questionnaire = questionnaire or default()
        self.guard = guard or _unguarded
        self._editing = False
        self.rows: list[ActorRow] = []
        self.intro = W.HTML()
        self.rows_box = W.VBox([])
        self.add_button = W.Button(description=word(lang, "app.add_actor"), icon="plus")
        self.add_button.on_click(self.guard(lambda _b: self.add_row()))
        self.count = W.HTML()
        self.map = W.HTML()
        self.table = W.HTML()
        self.children = [
            self.intro,
            self.rows_box,
            W.HBox([self.add_button, self.count]),
            self.map,
            self.table,
        ]
        self.add_class("pertinence-stakeholders")
        self._render_text()
        self.observe(self.guard(self._on_value), "value")
        self.observe(self.guard(self._on_lang), "lang")

    def actors(self) -> list[dict[str, Any]]:
        """The named actors, in the order of the rows."""
        return [row.value for row in self.rows if row.value is not None]

    def _edit(self) -> contextlib.AbstractContextManager[None]:
        """Change rows without rebuilding them from ``value``."""
        return raised(self, "_editing")

    def _new_row(self, actor: Mapping[str, Any] | None) -> ActorRow:
        row = ActorRow(actor, self.lang, self.guide)
        row.remove.on_click(self.guard(lambda _b: self.remove_row(row)))
        row.observe(self.guard(lambda _c: self._rows_changed()), "value")
        return row

    def _show_rows(self) -> None:
        self.rows_box.children = list(self.rows)

    def _rows_changed(self) -> None:
        with self._edit():
            self.value = self.actors()

    def add_row(self, actor: Mapping[str, Any] | None = None) -> ActorRow:
        """Add a row (empty, or filled with ``actor``) and return it."""
        row = self._new_row(actor)
        self.rows.append(row)
        self._show_rows()
        self._rows_changed()
        return row

    def remove_row(self, row: ActorRow) -> None:
        self.rows.remove(row)
        self._show_rows()
        self._rows_changed()

    def set_actors(self, actors: Sequence[Mapping[str, Any]]) -> None:
        """Replace every row (when resuming a draft, or in tests)."""
        self.rows = [self._new_row(a) for a in actors]
        self._show_rows()
        before = self.value
        self._rows_changed()
        if self.value == before:  # no change to redraw on: the rows are new all the same
            self.redraw()

    def _on_value(self, change: Any) -> None:
        if not self._editing:
            self.set_actors(change["new"])
            return
        self.redraw()

    def _on_lang(self, change: Any) -> None:
        lang = change["new"]
        self.add_button.description = word(lang, "app.add_actor")
        for row in self.rows:
            row.lang = lang
        self.redraw()

    def _render_text(self) -> None:
        lang = self.lang
        influence_dim = next((d for d in self.questionnaire.dimensions if "S8" in d.sources), None)
        note = (
            tag(
                "div",
                "pertinence-help",
                word(lang, "app.stakeholders_optional", dimension=influence_dim.label(lang)),
            )
            if influence_dim
            else ""
        )
        self.intro.value = f"<p>{esc(self.guide.intro(lang))}</p>{note}"
        lo, hi = self.guide.recommended_actors
        n = len(self.actors())
        text = word(
            lang,
            "app.actors_count",
            n=n,
            lo=lo,
            hi=hi,
            word=plural(lang, n, "app.actor_one", "app.actor_many"),
        )
        self.count.value = tag("span", "pertinence-status", text)

    def redraw(self) -> None:
        """Redraw the counts, the map and the advice table from the rows."""
        self._render_text()
        actors = self.actors()
        if not actors:
            self.map.value = f"<p>{esc(word(self.lang, 'app.no_actors'))}</p>"
            self.table.value = ""
            return
        self.map.value = stakeholder_map_html(actors, self.lang)
        self.table.value = advice_table_html(actors, self.lang, self.guide)


def stakeholder_map_html(actors: Sequence[Mapping[str, Any]], lang: str) -> str:
    """The influence × relationship grid, named by a text alternative that places each actor."""
    from .. import charts

    ax = charts.stakeholder_map(list(actors), lang=lang)
    alt = charts.stakeholder_alt(list(actors), lang)
    return f'<div class="pertinence-map">{charts.figure_html(ax, alt)}</div>'


def advice_table_html(
    actors: Sequence[Mapping[str, Any]], lang: str, guide: guide_data.Guide | None = None
) -> str:
    """The actors with their zone and its advice (from ``data/stakeholders.yaml``)."""
    guide = guide or guide_data.default()
    frame = guide_data.classify(actors, lang, guide)
    rows = "".join(
        f"<tr><td>{esc(r.name)}</td><td>{esc(r.type_label)}</td>"
        f"<td>{int(r.influence)}</td><td>{int(r.relationship):+d}</td>"
        f"<td>{esc(r.quadrant_title)}</td><td>{esc(r.advice)}</td></tr>"
        for r in frame.itertuples()
    )
    head = "".join(
        f"<th>{esc(word(lang, k))}</th>"
        for k in (
            "app.actor_name",
            "common.type",
            "common.influence",
            "common.relationship",
            "common.zone",
            "common.advice",
        )
    )
    return (
        f'<table class="pertinence-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f'<p class="pertinence-help">{esc(guide.review(lang))}</p>'
    )
