"""The participants' app: profile, one step per dimension, stakeholder map, review, result."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as W

from .. import fmt, messages
from .. import stakeholders as guide_data
from ..answers import Submission
from ..cohort import DEFAULT_MIN_GROUP
from ..errors import PertinenceError
from ..palette import OKABE_ITO
from ..questionnaire import MULTI, OVERHEAD, SINGLE, default
from ..questionnaire import Questionnaire as QuestionnaireDef
from ..words import HTML_LANG
from .base import AppBase, file_upload, primary, raised
from .controls import PageHelper
from .markup import download_link, esc, file_stem, gauge_html, ok, problem, tag
from .model import AnswersModel
from .page import intro_html, page_title
from .questions import ProfileView, QuestionView, question_view
from .results import ResultsView
from .stakeholders import StakeholderEditor
from .words import plural, word

# Demo stakeholders for PERTINENCE_DEMO runs (tests): (name, type code, influence, relationship).
DEMO_ACTORS = (
    ("Chambre de commerce", "association", 4, 2),
    ("Journal régional", "media", 5, 0),
    ("Client insatisfait", "critic", 2, -2),
)


@dataclass
class Step:
    """One page of the questionnaire: its key, its title in a language, its views and box."""

    key: str
    title: Callable[[str], str]
    views: list[QuestionView]
    box: W.Widget


class Questionnaire(AppBase):
    """The participants' app: profile, one step per dimension, stakeholder map, review, result.

    Parameters
    ----------
    cohort_dir : the cohort folder where drafts and submissions are written.
    questionnaire : the questionnaire definition (the bundled one by default).
    lang : ``"fr"`` or ``"en"``; the language switch changes it at any moment.
    cohort : the cohort id stored in each submission (the folder's name by default).
    min_group : organisations needed before the cohort median is shown.

    ``.value`` is the :class:`~toolkit.answers.Submission`; :meth:`fill` sets answers through
    the widgets, as a person would; :meth:`submit` is what the submit button does.
    """

    def __init__(
        self,
        cohort_dir: str | Path,
        questionnaire: QuestionnaireDef | None = None,
        lang: str = "fr",
        cohort: str | None = None,
        min_group: int = DEFAULT_MIN_GROUP,
        autosave: bool = True,
    ):
        super().__init__(lang)
        self.questionnaire = q = questionnaire or default()
        self.cohort_dir = Path(cohort_dir)
        self.min_group = min_group
        self.model = AnswersModel(q, self.cohort_dir, self.lang, cohort, autosave)
        self.step = 0
        self._syncing = False  # True while the app sets its own widgets (see _sync)
        self._build_chrome()
        self.views: dict[str, QuestionView] = {}
        self.gauges: list[W.HTML] = []
        self.steps = self._build_steps()
        self.result = ResultsView(q, self.lang, self.cohort_dir, min_group)
        self._layout()
        self._wire()
        self._relabel_chrome()
        self._refresh_all()
        self.goto(0)
        self._focus_on_step = True  # from now on, a new step takes the focus (not on load)

    # ------------------------------------------------------------------ building
    def _build_chrome(self) -> None:
        """The controls around the steps: stepper, navigation, status, draft and upload."""
        # the page's lang and title, and the focus moved to each new step's heading
        self.page = PageHelper(layout=W.Layout(height="0px", overflow="hidden"))
        self.app_class = f"pertinence-app-{uuid.uuid4().hex[:8]}"
        self.add_class(self.app_class)
        self._focus_on_step = False
        self.intro = W.HTML()
        self.step_heading = W.HTML()
        self.step_heading.add_class("pertinence-step")
        self.step_picker = W.Dropdown(
            description=self.w("app.step"),
            style={"description_width": "initial"},
            layout=W.Layout(width="auto"),
        )
        self.progress = W.IntProgress(
            value=0,
            min=0,
            max=1,
            description=self.w("app.answered"),
            style={"description_width": "initial", "bar_color": OKABE_ITO["blue"]},
        )
        self.progress_text = W.HTML()
        self.back_button = W.Button(description=self.w("app.back"))
        self.next_button = primary(W.Button(description=self.w("app.next")))
        wide = {"layout": W.Layout(width="auto")}  # long labels: the default width cuts them
        self.submit_button = primary(
            W.Button(description=self.w("app.submit"), icon="check", **wide)
        )
        self.status = W.HTML()
        self.download_answers = W.HTML()
        self.notice = W.HTML()
        self.draft_prompt = W.VBox([])
        self.resume_button = primary(W.Button(description=self.w("app.resume"), **wide))
        self.ignore_draft_button = W.Button(description=self.w("app.ignore_draft"), **wide)
        self.upload = file_upload(self.lang)
        self.upload_help = W.HTML()
        self.profile_intro = W.HTML()
        self.missing_box = W.VBox([])
        self.submit_message = W.HTML()

    def _build_steps(self) -> list[Step]:
        q = self.questionnaire
        guide = guide_data.default()
        hours_dimension = q.hours_question().dimension
        self._hours_step_title = (
            q.dimension(hours_dimension).label if hours_dimension else (lambda _l: "")
        )
        gauged = (q.platform_question().id, q.hours_question().id)

        def boxes(views: list[QuestionView]) -> list[W.Widget]:
            """The views, with the hours gauge under the platforms and hours questions."""
            shown: list[W.Widget] = []
            for view in views:
                self.views[view.key] = view
                shown.append(view)
                if view.key in gauged:
                    self.gauges.append(W.HTML())
                    shown.append(self.gauges[-1])
            return shown

        # 1. the organisation, then the routing questions (not scored)
        first: list[QuestionView] = [ProfileView(pf, self.lang) for pf in q.profile]
        first += [question_view(x, self.lang) for x in q.questions if not x.scored]
        resume_box = W.VBox([self.upload_help, self.upload])
        resume_box.add_class("pertinence-resume")
        profile_box = W.VBox([self.profile_intro, *boxes(first), resume_box])
        steps = [
            Step("profile", lambda lang: word(lang, "common.your_organisation"), first, profile_box)
        ]
        # 2. one step per dimension
        for d in q.dimensions:
            views = [question_view(x, self.lang) for x in q.questions_of(d.id)]
            steps.append(Step(d.id, d.label, views, W.VBox(boxes(views))))
        # 3. the stakeholder map, 4. review and submit
        self.stakeholder_editor = StakeholderEditor(
            self.lang, guard=self.guard, guide=guide, questionnaire=q
        )
        steps.append(Step("stakeholders", guide.title, [], self.stakeholder_editor))
        review = W.VBox([self.missing_box, self.submit_message, self.submit_button])
        steps.append(Step("review", lambda lang: word(lang, "app.review"), [], review))
        return steps

    def _layout(self) -> None:
        self.body = W.VBox([])
        self.body.add_class("pertinence-body")  # a screen high: any step's heading can go on top
        # back, progress and next stay at hand: a bar stuck to the bottom of the screen
        self.nav = W.HBox([self.back_button, self.progress_text, self.next_button])
        self.nav.add_class("pertinence-bar")
        self.stepper = W.HBox(
            [self.step_picker, self.progress],
            layout=W.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.header = W.HBox(
            [self.stepper, self.language],
            layout=W.Layout(
                justify_content="space-between", align_items="flex-end", flex_flow="row wrap"
            ),
        )
        footer = W.HBox(
            [self.download_answers, self.status],
            layout=W.Layout(
                flex_flow="row wrap", align_items="center", justify_content="space-between"
            ),
        )
        self.children = [
            self.style_html,
            self.page,
            self.intro,
            self.header,
            self.notice,
            self.draft_prompt,
            self.step_heading,
            self.body,
            self.nav,
            footer,
            self.errors,
        ]

    def _wire(self) -> None:
        """Views → model (each answer recorded), model → views, buttons → actions."""
        guard = self.guard
        for key, view in self.views.items():
            if isinstance(view, ProfileView):
                view.observe(guard(self._on_profile), "value")
            else:
                view.observe(guard(lambda c, key=key: self._on_answer(key, c)), "value")
        self.stakeholder_editor.observe(guard(self._on_stakeholders), "value")
        self.observe(guard(self._on_language), "lang")
        self.model.observe(guard(lambda _c: self._refresh_views()), "submission")
        self.model.observe(guard(lambda _c: self._refresh_all()), "revision")
        self.model.observe(guard(lambda _c: self._show_draft_prompt()), "pending_draft")
        self.step_picker.observe(guard(self._on_pick), "value")
        self.back_button.on_click(guard(lambda _b: self.goto(self.step - 1)))
        self.next_button.on_click(guard(lambda _b: self.goto(self.step + 1)))
        self.submit_button.on_click(guard(lambda _b: self.submit()))
        self.resume_button.on_click(guard(lambda _b: self.resume_pending()))
        self.ignore_draft_button.on_click(guard(lambda _b: self._dismiss_draft()))
        self.upload.observe(guard(self._on_upload), "value")

    # ------------------------------------------------------------------ public API
    @property
    def value(self) -> Submission:
        """The submission being answered (or submitted)."""
        return self.model.submission

    def view(self, key: str) -> QuestionView:
        """The view of a question id or ``organisation.<field>``."""
        return self.views[key]

    def fill(
        self,
        answers: Mapping[str, Any] | None = None,
        organisation: Mapping[str, Any] | None = None,
        stakeholders: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        """Set answers through the widgets, as a person would (for tests and demos).

        The organisation's name goes first, so that a draft of that organisation is found.
        """
        for field_id, raw in (organisation or {}).items():
            self.view(f"organisation.{field_id}").set(raw)
        for qid, raw in (answers or {}).items():
            self.view(qid).set(raw)
        if stakeholders is not None:
            self.stakeholder_editor.set_actors(stakeholders)

    def fill_demo(self) -> None:
        """Fill every question with demo answers (what ``$PERTINENCE_DEMO`` runs use)."""
        q = self.questionnaire
        org = {"name": self.w("app.demo_name")}
        org.update({pf.id: pf.options[0].code for pf in q.profile if pf.options})
        actors = [
            {"name": n, "type": t, "influence": i, "relationship": r} for n, t, i, r in DEMO_ACTORS
        ]
        self.fill(demo_answers(q), organisation=org, stakeholders=actors)

    @property
    def step_keys(self) -> list[str]:
        return [s.key for s in self.steps]

    def goto(self, step: int | str) -> None:
        """Show one step (by index, or by key: ``"profile"``, a dimension id, ``"review"``)."""
        index = self.step_keys.index(step) if isinstance(step, str) else int(step)
        index = max(0, min(index, len(self.steps) - 1))
        self.step = index
        self.body.children = [self.steps[index].box]
        self._render_heading()
        with self._sync():
            self.step_picker.value = index
        self.back_button.disabled = index == 0
        last = index == len(self.steps) - 1
        self.next_button.layout.visibility = "hidden" if last else "visible"
        if self.steps[index].key == "review":
            self._refresh_missing()
        self.intro.layout.display = None if index == 0 else "none"
        if self._focus_on_step:
            self.page.focus(f".{self.app_class} .pertinence-step h2")

    def submit(self) -> bool:
        """Submit and show the result; with answers missing, list them instead (returns False).

        :func:`toolkit.store.submit` refuses a submission with required answers missing, so the
        group sees the list, with a button to each step concerned, before anything is sent.
        """
        if self.model.submitted:
            self.submit_message.value = problem(self.w("app.already_submitted"))
            return True
        if self.model.missing():
            self._refresh_missing()
            if self.steps[self.step].key != "review":
                self.goto("review")
            return False
        self.model.submit()
        self._show_result()
        return True

    def resume_pending(self) -> None:
        """Resume the draft found for the organisation's name."""
        draft = self.model.pending_draft
        if draft is None:
            return
        self.model.load(draft)
        self.notice.value = ok(
            self.w("app.resumed", n=len(draft.answers), name=draft.organisation.get("name", ""))
        )

    # ------------------------------------------------------------------ callbacks
    def _sync(self) -> contextlib.AbstractContextManager[None]:
        """Set widgets from the app's state (views, step picker) without reacting to them."""
        return raised(self, "_syncing")

    def _on_answer(self, key: str, change: dict[str, Any]) -> None:
        if not self._syncing:
            self.model.set_answer(key, change["new"])

    def _on_profile(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        view = change["owner"]
        assert isinstance(view, ProfileView)
        if self.model.set_profile(view.field.id, change["new"]) == "resumed":
            sub = self.model.submission
            self.notice.value = ok(
                self.w("app.resumed", n=len(sub.answers), name=sub.organisation.get("name", ""))
            )

    def _on_stakeholders(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self.model.set_stakeholders(change["new"])

    def _on_pick(self, change: dict[str, Any]) -> None:
        if not self._syncing and change["new"] is not None:
            self.goto(int(change["new"]))

    def _on_language(self, change: dict[str, Any]) -> None:
        """Every view and the rest of the screen in the new language; the answers stay."""
        self.model.lang = change["new"]
        for view in self.views.values():
            view.lang = self.lang
        self.stakeholder_editor.lang = self.lang
        self._relabel_chrome()
        self.notice.value = ""
        self._show_draft_prompt()
        if self.model.submitted:
            self.result.relabel(self.lang)
        self._refresh_all()

    def _show_draft_prompt(self) -> None:
        """Offer the draft found for the organisation's name (resume it, or go on without)."""
        draft = self.model.pending_draft
        if draft is None:
            self.draft_prompt.children = []
            return
        text = self.w(
            "app.draft_found",
            name=draft.organisation.get("name", ""),
            n=len(draft.answers),
            started=(draft.started or "")[:10],
        )
        self.draft_prompt.children = [
            W.HTML(problem(text)),
            W.HBox([self.resume_button, self.ignore_draft_button]),
        ]

    def _dismiss_draft(self) -> None:
        self.model.pending_draft = None

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        name = str(item.get("name", ""))
        try:
            sub = self.model.draft_from_file(bytes(item["content"]))
        except (PertinenceError, ValueError) as exc:
            error = messages.text_of(exc, self.lang)
            self.notice.value = problem(self.w("app.upload_failed", error=error))
            return
        finally:
            with contextlib.suppress(Exception):
                self.upload.value = ()
        self.model.load(sub)
        self.notice.value = ok(self.w("app.uploaded", file=name, n=len(sub.answers)))

    # ------------------------------------------------------------------ drawing
    def _relabel_chrome(self) -> None:
        self._render_heading()
        title = self.questionnaire.title
        self.intro.value = intro_html(title, self.lang)
        self.page.page_lang = HTML_LANG[self.lang]
        self.page.page_title = page_title(fmt.typography(title(self.lang), self.lang), self.lang)
        self.step_picker.description = self.w("app.step")
        with self._sync():
            self.step_picker.options = [
                (f"{i + 1}. {s.title(self.lang)}", i) for i, s in enumerate(self.steps)
            ]
            self.step_picker.value = self.step
        self.progress.description = self.w("app.answered")
        self.back_button.description = self.w("app.back")
        self.next_button.description = self.w("app.next")
        self.submit_button.description = self.w("app.submit")
        self.resume_button.description = self.w("app.resume")
        self.ignore_draft_button.description = self.w("app.ignore_draft")
        self.upload.description = self.w("app.upload")
        self.upload_help.value = (
            f'<h3>{esc(self.w("app.resume_title"))}</h3><div class="pertinence-help">'
            f"{esc(self.w('app.resume_help'))}</div>"
        )
        self.profile_intro.value = f"<p>{esc(self.w('app.profile_intro'))}</p>"

    def _render_heading(self) -> None:
        if self.model.submitted:
            self.step_heading.value = ""
            return
        step = self.steps[self.step]
        where = self.w("app.step_of", i=self.step + 1, n=len(self.steps))
        self.step_heading.value = f"<h2>{esc(step.title(self.lang))}</h2>" + tag(
            "div", "pertinence-status", where
        )

    def _refresh_views(self) -> None:
        """Show the model's submission in every view (after a draft or a file is resumed)."""
        sub = self.model.submission
        with self._sync():
            for key, view in self.views.items():
                if isinstance(view, ProfileView):
                    view.load(sub.organisation.get(view.field.id))
                else:
                    view.load(sub.answers.get(key))
            self.stakeholder_editor.set_actors(sub.stakeholders)

    def _refresh_all(self) -> None:
        """Progress, gauges, the answers download, the save status, the missing list."""
        answered, total = self.model.answered_count()
        self.progress.max = max(total, 1)
        self.progress.value = answered
        word_ = plural(self.lang, answered, "app.answer_one", "app.answer_many")
        self.progress_text.value = tag(
            "span",
            "pertinence-status",
            self.w("app.answered_of", n=answered, total=total, word=word_),
        )
        gauge = gauge_html(
            self.questionnaire, self.model, self.lang, self._hours_step_title(self.lang)
        )
        for g in self.gauges:
            g.value = gauge
        sub = self.model.submission
        # once submitted, the result view offers the answers file beside the report
        if sub.organisation.get("name") and not self.model.submitted:
            self.download_answers.value = download_link(
                self.model.to_json().encode("utf-8"),
                f"{file_stem(sub)}.json",
                "application/json;charset=utf-8",
                self.w("app.download_answers"),
            )
        else:
            self.download_answers.value = ""
        if self.model.last_saved is not None and not self.model.submitted:
            when = self.model.last_saved.strftime("%H:%M:%S")
            self.status.value = tag(
                "span", "pertinence-status", self.w("app.saved", time=when), "status"
            )
        elif not self.model.submitted:
            self.status.value = tag("span", "pertinence-status", self.w("app.not_saved_yet"))
        if self.steps[self.step].key == "review":
            self._refresh_missing()

    def _step_of(self, key: str) -> int:
        for i, step in enumerate(self.steps):
            if any(v.key == key for v in step.views):
                return i
        return 0

    def _refresh_missing(self) -> None:
        """List the unanswered questions by step, each step with a button to go there."""
        missing = self.model.missing()
        if not missing:
            self.missing_box.children = [W.HTML(ok(self.w("app.missing_none")))]
            return
        by_step: dict[int, list[str]] = {}
        for key in missing:
            by_step.setdefault(self._step_of(key), []).append(key)
        if any(m.startswith("organisation.") for m in missing):
            intro = self.w("app.missing_profile")
        else:
            intro = self.w("app.missing_intro", n=len(missing), dk=self._dont_know_label())
        children: list[W.Widget] = [
            W.HTML(f"<h3>{esc(self.w('app.missing_title'))}</h3>{problem(intro)}")
        ]
        for index, keys in sorted(by_step.items()):
            texts = [self._text_of(key) for key in keys if key in self.views]
            button = W.Button(
                description=self.w("app.go_to", step=self.steps[index].title(self.lang)),
                layout=W.Layout(width="auto"),
            )
            button.on_click(self.guard(lambda _b, i=index: self.goto(i)))
            items = "".join(f"<li>{esc(t)}</li>" for t in texts)
            children += [W.HTML(f"<ul>{items}</ul>"), button]
        self.missing_box.children = children

    def _text_of(self, key: str) -> str:
        """The text of a question or profile field, as its view shows it."""
        view = self.views[key]
        if isinstance(view, ProfileView):
            return view.field.text(self.lang)
        return self.questionnaire.question(key).text(self.lang)

    def _dont_know_label(self) -> str:
        scales = self.questionnaire.scales.values()
        labels = (o.label(self.lang) for sc in scales for o in sc.options if o.dk)
        return next(labels, "?")

    def _show_result(self) -> None:
        self.nav.layout.display = "none"
        self.stepper.layout.display = "none"
        self.header.layout.justify_content = "flex-end"
        self.step_heading.value = ""
        self.draft_prompt.children = []
        self.notice.value = ok(self.w("app.submitted"))
        self.body.children = [self.result]
        self.status.value = ""
        self.result.show(self.model.submission, self.lang)
        self.intro.layout.display = "none"
        self.page.focus(f".{self.app_class} .pertinence-recommendation")


def demo_answers(questionnaire: QuestionnaireDef) -> dict[str, Any]:
    """Plausible answers to every question, derived from the data alone (for demo runs).

    Single choice: the best-scoring option (the first for unscored ones); multi-select: the
    first two non-exclusive options; hours: what the chosen platforms need (table A).
    """
    answers: dict[str, Any] = {}
    for question in questionnaire.questions:
        kind = question.scale.type
        options = [o for o in question.scale.options if not o.dk and not o.exclusive]
        if kind == SINGLE:
            if question.scored:
                answers[question.id] = max(
                    options, key=lambda o: question.item_score(o.code) or 0
                ).code
            else:
                answers[question.id] = options[-1].code
        elif kind == MULTI:
            answers[question.id] = [o.code for o in options[:2]]
    platforms = answers.get(questionnaire.platform_question().id, [])
    needed = questionnaire.effort[OVERHEAD] + sum(questionnaire.effort[p] for p in platforms)
    answers[questionnaire.hours_question().id] = needed
    return answers
