"""The submission being answered and the rules of changing it: traitlets state, no widgets.

The app observes three traits: ``submission`` (replaced when a draft or a file is resumed),
``revision`` (bumped after every change to it) and ``draft_named`` (the organisation name
typed, when another draft of the cohort bears it: the app then offers to resume *with its
code*). ``lang`` is the submission's language.

Drafts stay private: a draft is resumed from the cohort folder only with its resume code
(:meth:`AnswersModel.resume_with_code`), never by name; two groups typing the same name each
keep their own file (``<submission id>.json``, a fresh UUID per app), and neither sees the
other's answers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import traitlets as T

from .. import messages, store
from ..answers import (
    Submission,
    clean_stakeholder,
    normalise_answer,
    normalise_profile,
    now_iso,
)
from ..errors import SubmissionError
from ..questionnaire import LANGUAGES, OVERHEAD
from ..questionnaire import Questionnaire as QuestionnaireDef
from ..resume import Throttle, new_code, normalise_code


class AnswersModel(T.HasTraits):
    """The submission being answered, saved as a draft on every change once it has a name.

    Every change is normalised by :mod:`toolkit.answers` (so a bad value raises ``ValueError``)
    and, once the organisation has a name, saved as a draft with :func:`toolkit.store.save`.
    """

    lang = T.Unicode("fr")
    submission = T.Instance(Submission)
    revision = T.Int(0)
    draft_named = T.Unicode("")
    last_saved = T.Instance(dt.datetime, allow_none=True)

    def __init__(
        self,
        questionnaire: QuestionnaireDef,
        cohort_dir: str | Path,
        lang: str = "fr",
        cohort: str | None = None,
        autosave: bool = True,
    ):
        self.questionnaire = questionnaire
        self.cohort_dir = Path(cohort_dir)
        self.cohort = cohort or self.cohort_dir.name
        self.autosave = autosave
        self.throttle = Throttle()
        self.started_by_group = False
        super().__init__(submission=Submission.new(questionnaire, self.cohort, lang), lang=lang)

    # reading
    @property
    def submitted(self) -> bool:
        return self.submission.status == "submitted"

    def answer(self, question_id: str) -> Any:
        return self.submission.answers.get(question_id)

    def profile(self, field_id: str) -> Any:
        return self.submission.organisation.get(field_id)

    def is_blank(self) -> bool:
        """Nothing worth keeping yet: no answer and no stakeholder."""
        return not self.submission.answers and not self.submission.stakeholders

    def missing(self) -> list[str]:
        """Required profile fields (``organisation.<id>``) and questions still unanswered."""
        return self.submission.missing_required(self.questionnaire)

    def answered_count(self) -> tuple[int, int]:
        """(answered, total) over the required questions."""
        required = [q.id for q in self.questionnaire.questions if q.required]
        return sum(1 for q in required if q in self.submission.answers), len(required)

    def hours(self) -> tuple[float, float | None, list[tuple[str, float]]]:
        """(hours needed, hours freed or None, [(platform code, hours)]) from table A."""
        q = self.questionnaire
        planned = self.answer(q.platform_question().id) or ()
        parts = [(code, float(q.effort[code])) for code in planned]
        needed = float(q.effort[OVERHEAD]) + sum(h for _, h in parts)
        return needed, self.answer(q.hours_question().id), parts

    # changing
    def _check_open(self) -> None:
        if self.submitted:
            raise SubmissionError.of("submission.already_submitted")

    def _changed(self) -> None:
        """Save the draft, then tell observers of ``revision``."""
        self.save()
        self.revision += 1

    def set_answer(self, question_id: str, raw: Any) -> Any:
        """Record one answer (``None`` or blank removes it); returns the normalised value."""
        self._check_open()
        value = normalise_answer(self.questionnaire.question(question_id), raw)
        if value is None:
            self.submission.answers.pop(question_id, None)
        else:
            self.submission.answers[question_id] = value
        self._changed()
        return value

    def set_profile(self, field_id: str, raw: Any) -> str:
        """Record one profile field; returns ``"draft_found"`` or ``"set"``.

        When the organisation's name is entered and another draft of the cohort bears that
        name, :attr:`draft_named` says so (the view offers to resume it with its code); nothing
        of that draft is read into this one.
        """
        self._check_open()
        value = normalise_profile(self.questionnaire.profile_field(field_id), raw)
        self.submission.organisation[field_id] = value
        event = "set"
        if field_id == "name" and value:
            draft = store.find_draft(self.cohort_dir, value, self.questionnaire)
            if draft is not None and draft.submission_id != self.submission.submission_id:
                self.draft_named = value
                event = "draft_found"
        self._changed()
        return event

    def resume_with_code(self, typed: str) -> tuple[str, float]:
        """Take up the draft of the cohort whose resume code is ``typed``.

        Returns ``(outcome, seconds)``: ``"resumed"``; ``"malformed"`` (not a code's shape:
        not counted as a try); ``"unknown"`` (no draft holds it, nothing loaded; counted);
        ``"wait"`` with the seconds to wait, after :data:`toolkit.resume.MAX_FAILURES` wrong
        codes within a minute (nothing is looked up); ``"unlisted"`` when this account may not
        list the cohort folder (a shared JupyterHub folder: the answers file is the way back).
        """
        self._check_open()
        wait = self.throttle.wait()
        if wait > 0:
            return "wait", wait
        code = normalise_code(typed)
        if code is None:
            return "malformed", 0.0
        if not store.listable(self.cohort_dir):
            return "unlisted", 0.0
        draft = store.find_by_code(self.cohort_dir, code, self.questionnaire)
        if draft is None:
            self.throttle.failed()
            return "unknown", 0.0
        mine = self.submission
        if draft.submission_id != mine.submission_id and self.is_blank() and self.last_saved:
            # the page saved a name before the group found its code: leave no empty draft
            store.discard_draft(self.cohort_dir, mine.submission_id, mine.resume_code)
        self.load(draft)
        return "resumed", 0.0

    def start(self) -> None:
        """The group has opened its page: ``started`` is now (once; a no-op after that).

        An app may be built before anyone sees it (a preheated kernel, a server's pool), so
        construction does not count as the start: the host calls this when it shows the app
        to a group (the questionnaire calls it when its first view is drawn in a browser).
        A draft already saved, or resumed, keeps its own ``started``.
        """
        if self.started_by_group:
            return
        self.started_by_group = True
        if self.last_saved is None and self.is_blank():
            self.submission.started = now_iso()

    def set_stakeholders(self, actors: Sequence[Mapping[str, Any]]) -> None:
        """Replace the stakeholder map (each actor validated by ``clean_stakeholder``)."""
        self._check_open()
        self.submission.stakeholders = [clean_stakeholder(a) for a in actors]
        self._changed()

    def set_language(self, lang: str) -> None:
        """Change the language (``ValueError`` for one the questionnaire does not have)."""
        if lang not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        self.lang = lang

    @T.validate("lang")
    def _valid_lang(self, proposal: Any) -> str:
        if proposal["value"] not in LANGUAGES:
            raise T.TraitError(f"language must be one of {', '.join(LANGUAGES)}")
        return str(proposal["value"])

    @T.observe("lang")
    def _lang_changed(self, change: Any) -> None:
        self.submission.language = change["new"]
        if not self.submitted:
            self.save()

    def load(self, submission: Submission, keep_language: bool = True) -> None:
        """Continue from another submission (a draft, or an uploaded file)."""
        if keep_language:
            submission.language = self.lang
        self.draft_named = ""
        self.started_by_group = True  # a resumed draft keeps the day it was started
        self.submission = submission
        self._changed()

    def draft_from_file(self, data: bytes) -> Submission:
        """An uploaded answers file → a draft to continue (a submitted one starts afresh).

        Raises ``SubmissionError`` (a ``PertinenceError``) or ``ValueError`` saying why the
        file cannot be resumed.
        """
        sub = Submission.from_dict(answers_json(data), self.questionnaire)
        on_disk = self.cohort_dir / f"{sub.submission_id}.json"
        taken = False
        if on_disk.is_file():
            with contextlib.suppress(Exception):
                taken = json.loads(on_disk.read_text(encoding="utf-8")).get("status") == "submitted"
        if sub.status == "submitted" or taken or self._held_by_another(on_disk, sub):
            fresh = Submission.new(self.questionnaire, self.cohort, self.lang)
            fresh.organisation, fresh.answers = sub.organisation, sub.answers
            fresh.stakeholders, fresh.respondent_role = sub.stakeholders, sub.respondent_role
            fresh.started = sub.started
            sub = fresh
        sub.cohort = self.cohort
        return sub

    @staticmethod
    def _held_by_another(on_disk: Path, sub: Submission) -> bool:
        """A draft on disk with this file's id but another resume code: the upload must not
        overwrite it (it becomes a draft of its own, with a code of its own)."""
        if not on_disk.is_file():
            return False
        with contextlib.suppress(Exception):
            raw = json.loads(on_disk.read_text(encoding="utf-8"))
            return normalise_code(raw.get("resume_code")) != sub.resume_code
        return True

    def save(self) -> Path | None:
        """Save the draft when autosave is on and the organisation has a name."""
        if not self.autosave or self.submitted or not self.profile("name"):
            return None
        if self.submission.resume_code is None:
            self.submission.resume_code = self._fresh_code()
        path = store.save(self.submission, self.cohort_dir, self.questionnaire)
        self.last_saved = dt.datetime.now()
        return path

    def _fresh_code(self) -> str:
        """A resume code no other draft of the cohort holds (a clash has odds of 1 in 10⁷)."""
        code = new_code()
        for _ in range(10):
            if not store.code_taken(self.cohort_dir, code):
                break
            code = new_code()
        return code

    def submit(self) -> Path:
        """Submit with :func:`toolkit.store.submit` (refused while required answers are missing)."""
        self._check_open()
        return store.submit(self.submission, self.cohort_dir, self.questionnaire)

    def to_json(self) -> str:
        return json.dumps(self.submission.to_dict(), ensure_ascii=False, indent=1)


def answers_json(data: bytes) -> Any:
    """The JSON of an uploaded answers file; ``SubmissionError`` (fr/en) when it is not JSON."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SubmissionError.of(
            "json.not_utf8", byte=exc.object[exc.start], position=exc.start
        ) from None
    except json.JSONDecodeError as exc:
        detail = messages.json_reason(exc.msg)
        raise SubmissionError.of("json.not_answers", detail=detail, line=exc.lineno) from None
    except RecursionError:
        raise SubmissionError.of("json.too_deep") from None
