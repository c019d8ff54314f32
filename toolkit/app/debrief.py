"""The group's debrief (notebook 02): find our latest submission, show it against the cohort."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import ipywidgets as W

from .. import messages, store
from ..answers import Submission, org_key
from ..cohort import DEFAULT_MIN_GROUP
from ..errors import PertinenceError
from ..questionnaire import Questionnaire as QuestionnaireDef
from ..questionnaire import default
from .base import AppBase, file_upload, primary
from .markup import esc, problem, tag
from .model import answers_json
from .results import ResultsView, comparison_html


class Debrief(AppBase):
    """The group's debrief (notebook 02): find our latest submission, show it against the cohort."""

    def __init__(
        self,
        cohort_dir: str | Path,
        questionnaire: QuestionnaireDef | None = None,
        lang: str = "fr",
        min_group: int = DEFAULT_MIN_GROUP,
    ):
        super().__init__(lang)
        self.questionnaire = q = questionnaire or default()
        self.cohort_dir = Path(cohort_dir)
        self.min_group = min_group
        self.submission: Submission | None = None
        self.help = W.HTML()
        self.name = W.Text(
            description=self.w("app.org_name"),
            continuous_update=False,
            style={"description_width": "initial"},
            layout=W.Layout(width="auto"),
        )
        self.show_button = primary(W.Button(description=self.w("app.show_results")))
        self.upload = file_upload(self.lang)
        self.message = W.HTML()
        self.result = ResultsView(q, self.lang, self.cohort_dir, min_group)
        self.comparison = W.HTML()
        search = W.VBox(
            [
                self.help,
                W.HBox(
                    [self.name, self.show_button],
                    layout=W.Layout(flex_flow="row wrap", align_items="flex-end"),
                ),
                self.upload,
            ]
        )
        search.add_class("pertinence-q")
        header = W.HBox([self.language], layout=W.Layout(justify_content="flex-end"))
        self.children = [
            self.style_html,
            header,
            search,
            self.message,
            self.comparison,
            self.result,
            self.errors,
        ]
        self.observe(self.guard(self._on_language), "lang")
        self.show_button.on_click(self.guard(lambda _b: self.show(self.name.value)))
        self.name.observe(
            self.guard(lambda c: self.show(c["new"]) if c["new"].strip() else None), "value"
        )
        self.upload.observe(self.guard(self._on_upload), "value")
        self._relabel()

    def _relabel(self) -> None:
        self.help.value = f"<p>{esc(self.w('app.debrief_help'))}</p>"
        self.name.description = self.w("app.org_name")
        self.show_button.description = self.w("app.show_results")
        self.upload.description = self.w("app.upload")

    def _on_language(self, _change: Any) -> None:
        self._relabel()
        if self.submission is not None:
            self._render(self.submission, count=None)

    def show(self, organisation_name: str) -> Submission | None:
        """Show the latest submitted answers of an organisation (matched by name)."""
        key = org_key(organisation_name or "")
        loaded = (
            store.load_cohort(self.cohort_dir, self.questionnaire)
            if self.cohort_dir.is_dir()
            else None
        )
        ours = [
            s
            for s in (loaded.submissions if loaded else [])
            if org_key(s.organisation.get("name") or "") == key
        ]
        if not key or not ours:
            self.submission = None
            self.message.value = problem(self.w("app.not_found", name=organisation_name))
            self.comparison.value = ""
            return None
        latest = ours[-1]  # load_cohort sorts by submission time
        self._render(latest, count=len(ours))
        return latest

    def show_most_recent(self) -> Submission | None:
        """Show the cohort's most recent submission (what demo runs use: nobody types a name)."""
        if not self.cohort_dir.is_dir():
            return None
        loaded = store.load_cohort(self.cohort_dir, self.questionnaire)
        if not loaded.submissions:
            self.message.value = (
                f'<div class="pertinence-msg">{esc(self.w("app.not_found", name="—"))}</div>'
            )
            return None
        return self.show(loaded.submissions[-1].organisation.get("name") or "")

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        try:
            sub = Submission.from_dict(answers_json(bytes(files[0]["content"])), self.questionnaire)
        except (PertinenceError, ValueError) as exc:
            error = self.w("app.upload_failed", error=messages.text_of(exc, self.lang))
            self.message.value = f'<div class="pertinence-msg">{esc(error)}</div>'
            return
        finally:
            with contextlib.suppress(Exception):
                self.upload.value = ()
        self._render(sub, count=None)

    def _render(self, submission: Submission, count: int | None) -> None:
        self.submission = submission
        when = (submission.submitted or "")[:10]
        self.message.value = (
            tag("p", "pertinence-help", self.w("app.earlier", n=count, date=when))
            if count and count > 1
            else ""
        )
        explanation = self.result.show(submission, self.lang)
        assert self.result.comparison is not None
        self.comparison.value = comparison_html(explanation, self.result.comparison, self.lang)
