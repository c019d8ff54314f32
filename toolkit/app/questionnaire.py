"""The participants' app: profile, one step per dimension, stakeholder map, review, result."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from .. import fmt, messages
from .. import stakeholders as guide_data
from ..answers import Submission
from ..errors import PertinenceError
from ..palette import OKABE_ITO
from ..questionnaire import MULTI, OVERHEAD, SINGLE, default
from ..questionnaire import Questionnaire as QuestionnaireDef
from ..resume import format_code
from ..words import HTML_LANG
from .base import AppBase, file_upload, primary, raised
from .controls import PageHelper
from .markup import download_link, esc, file_stem, gauge_html, ok, problem, tag
from .model import AnswersModel
from .page import intro_html, page_title
from .questions import ProfileView, QuestionView, question_view
from .stakeholders import StakeholderEditor
from .words import plural, word

if TYPE_CHECKING:
    from .results import ResultsView


def _wrap() -> W.Layout:
    """A row that wraps on a phone (a new Layout each time: widgets are never shared)."""
    return W.Layout(flex_flow="row wrap", align_items="center")


# Demo stakeholders for PERTINENCE_DEMO runs (tests): (name, type code, influence, relationship).
DEMO_ACTORS = (
    ("Chambre de commerce", "association", 4, 2),
    ("Journal régional", "media", 5, 0),
    ("Client insatisfait", "critic", 2, -2),
)


class Step:
    """One page of the questionnaire: its key, its title in a language, the keys of its
    questions, and its box, built the first time it is asked for (:attr:`box`)."""

    def __init__(
        self,
        key: str,
        title: Callable[[str], str],
        keys: Sequence[str],
        build: Callable[[Step], W.Widget],
    ):
        self.key = key
        self.title = title
        self.keys = list(keys)
        self.views: list[QuestionView] = []
        self._build = build
        self._box: W.Widget | None = None

    @property
    def built(self) -> bool:
        return self._box is not None

    @property
    def box(self) -> W.Widget:
        """The step's widgets, built now if they were not yet."""
        if self._box is None:
            self._box = self._build(self)
        return self._box


class Questionnaire(AppBase):
    """The participants' app: profile, one step per dimension, stakeholder map, review, result.

    Parameters
    ----------
    cohort_dir : the cohort folder where drafts and submissions are written.
    questionnaire : the questionnaire definition (the bundled one by default).
    lang : ``"fr"`` or ``"en"``; the language switch changes it at any moment.
    cohort : the cohort id stored in each submission (the folder's name by default).
    min_group : organisations needed before the cohort median is shown (by default
        :data:`toolkit.cohort.DEFAULT_MIN_GROUP`).

    ``.value`` is the :class:`~toolkit.answers.Submission`; :meth:`fill` sets answers through
    the widgets, as a person would; :meth:`submit` is what the submit button does.

    Only the first step's widgets are built with the app; each other step's are built the
    first time it is shown (or one of its views is asked for with :meth:`view`), from what
    the model holds then and in the language of the moment. The result (and with it pandas
    and matplotlib) is built at submission.

    ``value.started`` is when the group opened its page: :meth:`start`, which the app calls
    itself when a browser first draws it, and which a host may call when it hands the app to
    a group. An app built ahead of time (a preheated kernel) therefore does not date its
    answers from its construction; one that no browser draws and no host starts (a script,
    a test) keeps the time it was built.
    """

    def __init__(
        self,
        cohort_dir: str | Path,
        questionnaire: QuestionnaireDef | None = None,
        lang: str = "fr",
        cohort: str | None = None,
        min_group: int | None = None,
        autosave: bool = True,
    ):
        # _view_count=0: the front end counts the views it draws (see start())
        super().__init__(lang, _view_count=0)
        self.questionnaire = q = questionnaire or default()
        self.cohort_dir = Path(cohort_dir)
        self.min_group = min_group
        self.model = AnswersModel(q, self.cohort_dir, self.lang, cohort, autosave)
        self.step = 0
        self._syncing = False  # True while the app sets its own widgets (see _sync)
        self._result: ResultsView | None = None
        self._editor: StakeholderEditor | None = None
        self._build_chrome()
        self.views: dict[str, QuestionView] = {}
        self.gauges: list[W.HTML] = []
        self.steps = self._plan_steps()
        self._layout()
        self._wire()
        self._relabel_chrome()
        self._refresh_all()
        self.goto(0)
        self.observe(self._on_view_count, "_view_count")
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
        self.code_note = W.HTML()
        self.code_note.add_class("pertinence-code")
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
        self.draft_prompt.add_class("pertinence-draft-prompt")
        self.ignore_draft_button = W.Button(description=self.w("app.ignore_draft"), **wide)
        self.code_field = W.Text(
            description=self.w("resume.code_field"),
            placeholder="K7P-4QX",
            continuous_update=False,
            style={"description_width": "initial"},
            layout=W.Layout(width="auto"),
        )
        self.code_button = W.Button(description=self.w("resume.code_button"), **wide)
        self.code_message = W.HTML()
        # the draft prompt's own code field, so that a group that typed its name sees it there
        self.prompt_code_field = W.Text(
            description=self.w("resume.prompt_code_field"),
            placeholder="K7P-4QX",
            continuous_update=False,
            style={"description_width": "initial"},
            layout=W.Layout(width="auto"),
        )
        self.resume_button = primary(W.Button(description=self.w("resume.code_button"), **wide))
        self.upload = file_upload(self.lang)
        self.upload_help = W.HTML()
        self.profile_intro = W.HTML()
        self.missing_box = W.VBox([])
        self.submit_message = W.HTML()

    def _plan_steps(self) -> list[Step]:
        """The steps, their titles and questions known; their widgets built when first shown."""
        q = self.questionnaire
        guide = guide_data.default()
        hours_dimension = q.hours_question().dimension
        self._hours_step_title = (
            q.dimension(hours_dimension).label if hours_dimension else (lambda _l: "")
        )
        first_keys = [f"organisation.{pf.id}" for pf in q.profile]
        first_keys += [x.id for x in q.questions if not x.scored]
        steps = [
            Step(
                "profile",
                lambda lang: word(lang, "common.your_organisation"),
                first_keys,
                self._build_profile,
            )
        ]
        for d in q.dimensions:
            keys = [x.id for x in q.questions_of(d.id)]
            steps.append(Step(d.id, d.label, keys, self._build_questions))
        steps.append(Step("stakeholders", guide.title, [], self._build_stakeholders))
        steps.append(Step("review", lambda lang: word(lang, "app.review"), [], self._build_review))
        return steps

    def _views_of(self, step: Step) -> list[W.Widget]:
        """Build a step's views in the current language, showing what the model holds and
        wired to it; the hours gauge goes under the platforms and hours questions."""
        q = self.questionnaire
        gauged = (q.platform_question().id, q.hours_question().id)
        sub = self.model.submission
        shown: list[W.Widget] = []
        for key in step.keys:
            view: QuestionView
            if key.startswith("organisation."):
                field_id = key.removeprefix("organisation.")
                view = ProfileView(q.profile_field(field_id), self.lang)
                view.load(sub.organisation.get(field_id))
                view.observe(self.guard(self._on_profile), "value")
            else:
                view = question_view(q.question(key), self.lang)
                view.load(sub.answers.get(key))
                view.observe(self.guard(lambda c, key=key: self._on_answer(key, c)), "value")
            step.views.append(view)
            self.views[key] = view
            shown.append(view)
            if key in gauged:
                gauge = W.HTML(self._gauge())
                self.gauges.append(gauge)
                shown.append(gauge)
        return shown

    def _build_profile(self, step: Step) -> W.Widget:
        code_box = W.VBox(
            [W.HBox([self.code_field, self.code_button], layout=_wrap()), self.code_message]
        )
        resume_box = W.VBox([self.upload_help, code_box, self.upload])
        resume_box.add_class("pertinence-resume")
        return W.VBox([self.profile_intro, *self._views_of(step), resume_box])

    def _build_questions(self, step: Step) -> W.Widget:
        return W.VBox(self._views_of(step))

    def _build_stakeholders(self, _step: Step) -> W.Widget:
        editor = StakeholderEditor(
            self.lang,
            guard=self.guard,
            guide=guide_data.default(),
            questionnaire=self.questionnaire,
        )
        with self._sync():
            editor.set_actors(self.model.submission.stakeholders)
        editor.observe(self.guard(self._on_stakeholders), "value")
        self._editor = editor
        return editor

    def _build_review(self, _step: Step) -> W.Widget:
        return W.VBox([self.missing_box, self.submit_message, self.submit_button])

    @property
    def stakeholder_editor(self) -> StakeholderEditor:
        """The stakeholder map's editor (built with its step, on first use)."""
        if self._editor is None:
            _ = self.steps[self.step_keys.index("stakeholders")].box
        assert self._editor is not None
        return self._editor

    @property
    def result(self) -> ResultsView:
        """The result view (built on first use: it brings scoring, pandas and the charts)."""
        if self._result is None:
            from ..cohort import DEFAULT_MIN_GROUP
            from .results import ResultsView

            min_group = DEFAULT_MIN_GROUP if self.min_group is None else self.min_group
            self._result = ResultsView(self.questionnaire, self.lang, self.cohort_dir, min_group)
        return self._result

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
            self.code_note,
            self.notice,
            self.draft_prompt,
            self.step_heading,
            self.body,
            self.nav,
            footer,
            self.errors,
        ]

    def _wire(self) -> None:
        """Views → model (each answer recorded, wired as each step is built), model → views,
        buttons → actions."""
        guard = self.guard
        self.observe(guard(self._on_language), "lang")
        self.model.observe(guard(lambda _c: self._refresh_views()), "submission")
        self.model.observe(guard(lambda _c: self._refresh_all()), "revision")
        self.model.observe(guard(lambda _c: self._show_draft_prompt()), "draft_named")
        self.step_picker.observe(guard(self._on_pick), "value")
        self.back_button.on_click(guard(lambda _b: self.goto(self.step - 1)))
        self.next_button.on_click(guard(lambda _b: self.goto(self.step + 1)))
        self.submit_button.on_click(guard(lambda _b: self.submit()))
        self.code_button.on_click(guard(lambda _b: self.resume_with_code(self.code_field.value)))
        self.resume_button.on_click(
            guard(lambda _b: self.resume_with_code(self.prompt_code_field.value))
        )
        self.ignore_draft_button.on_click(guard(lambda _b: self._dismiss_draft()))
        self.upload.observe(guard(self._on_upload), "value")

    # ------------------------------------------------------------------ public API
    @property
    def value(self) -> Submission:
        """The submission being answered (or submitted)."""
        return self.model.submission

    def view(self, key: str) -> QuestionView:
        """The view of a question id or ``organisation.<field>`` (its step built if need be)."""
        if key not in self.views:
            index = self._step_of(key)
            if key not in self.steps[index].keys:
                raise KeyError(key)
            _ = self.steps[index].box
        return self.views[key]

    def start(self) -> None:
        """The group has opened its page: the submission's ``started`` is now (once).

        Called by the app when a browser draws it the first time (its ``_view_count`` goes
        from 0 to 1), and callable by a host that hands a ready-made app to a group. A draft
        resumed or saved keeps its own ``started``. See :meth:`AnswersModel.start`.
        """
        self.model.start()

    def fill(
        self,
        answers: Mapping[str, Any] | None = None,
        organisation: Mapping[str, Any] | None = None,
        stakeholders: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        """Set answers through the widgets, as a person would (for tests and demos).

        The organisation's name goes first, so that the draft is saved from the first answer
        (and gets its resume code). A question of a step not shown yet builds that step.
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

    def resume_with_code(self, typed: str) -> bool:
        """Resume the cohort's draft whose resume code is ``typed`` (what the resume buttons
        do); a wrong code loads nothing and says why. Returns whether a draft was resumed."""
        outcome, wait = self.model.resume_with_code(typed or "")
        messages_ = {
            "malformed": self.w("resume.malformed"),
            "unknown": self.w("resume.unknown"),
            "wait": self.w("resume.wait", seconds=max(1, round(wait))),
            "unlisted": self.w("resume.unlisted"),
        }
        if outcome != "resumed":
            text = problem(messages_[outcome])
            self.code_message.value = text
            self.notice.value = text
            return False
        self.code_field.value = self.prompt_code_field.value = ""
        self.code_message.value = ""
        sub = self.model.submission
        self.notice.value = ok(
            self.w("app.resumed", n=len(sub.answers), name=sub.organisation.get("name", ""))
        )
        return True

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
        self.model.set_profile(view.field.id, change["new"])

    def _on_view_count(self, change: dict[str, Any]) -> None:
        if (change["new"] or 0) > 0:
            self.guard(self.start)()

    def _on_stakeholders(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self.model.set_stakeholders(change["new"])

    def _on_pick(self, change: dict[str, Any]) -> None:
        if not self._syncing and change["new"] is not None:
            self.goto(int(change["new"]))

    def _on_language(self, change: dict[str, Any]) -> None:
        """Every view and the rest of the screen in the new language; the answers stay."""
        self.model.lang = change["new"]
        for view in self.views.values():  # the steps built so far; the others will be built
            view.lang = self.lang  # in the language of the moment
        if self._editor is not None:
            self._editor.lang = self.lang
        self._relabel_chrome()
        self.notice.value = ""
        self.code_message.value = ""
        self._show_draft_prompt()
        if self.model.submitted:
            self.result.relabel(self.lang)
        self._refresh_all()

    def _show_draft_prompt(self) -> None:
        """Another draft bears the name typed: it is resumed with its code, or left alone."""
        name = self.model.draft_named
        if not name:
            self.draft_prompt.children = []
            return
        text = self.w("resume.name_taken", name=name)
        self.draft_prompt.children = [
            W.HTML(problem(text)),
            W.HBox([self.prompt_code_field, self.resume_button], layout=_wrap()),
            self.ignore_draft_button,
        ]

    def _dismiss_draft(self) -> None:
        self.model.draft_named = ""

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
        self.resume_button.description = self.w("resume.code_button")
        self.code_button.description = self.w("resume.code_button")
        self.code_field.description = self.w("resume.code_field")
        self.prompt_code_field.description = self.w("resume.prompt_code_field")
        self.ignore_draft_button.description = self.w("app.ignore_draft")
        self.upload.description = self.w("app.upload")
        self.upload_help.value = (
            f'<h3>{esc(self.w("app.resume_title"))}</h3><div class="pertinence-help">'
            f"{esc(self.w('resume.help'))}</div>"
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
        """Show the model's submission in the views built so far (after a draft or a file is
        resumed); the steps not built yet will read it when they are."""
        sub = self.model.submission
        with self._sync():
            for key, view in self.views.items():
                if isinstance(view, ProfileView):
                    view.load(sub.organisation.get(view.field.id))
                else:
                    view.load(sub.answers.get(key))
            if self._editor is not None:
                self._editor.set_actors(sub.stakeholders)

    def _gauge(self) -> str:
        return gauge_html(
            self.questionnaire, self.model, self.lang, self._hours_step_title(self.lang)
        )

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
        if self.gauges:
            gauge = self._gauge()
            for g in self.gauges:
                g.value = gauge
        sub = self.model.submission
        self._show_code()
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

    def _show_code(self) -> None:
        """The resume code beside the progress, once the draft has one, until submission."""
        code = self.model.submission.resume_code
        if code is None or self.model.submitted:
            self.code_note.value = ""
            return
        self.code_note.value = (
            f'<div class="pertinence-ok" role="status">{esc(self.w("resume.your_code"))} '
            f'<strong style="font-size:1.3em;letter-spacing:0.08em;font-family:monospace">'
            f"{esc(format_code(code))}</strong><br>{esc(self.w('resume.note_it'))}</div>"
        )

    def _step_of(self, key: str) -> int:
        for i, step in enumerate(self.steps):
            if key in step.keys:
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
            texts = [self._text_of(key) for key in keys]
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
        if key.startswith("organisation."):
            field_id = key.removeprefix("organisation.")
            return self.questionnaire.profile_field(field_id).text(self.lang)
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
        self.code_note.value = ""
        self.notice.value = ok(self.w("app.submitted"))
        self.body.children = [self.result]
        self.status.value = ""
        self.download_answers.value = ""  # the result offers the submitted answers, once
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
