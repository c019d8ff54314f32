"""ipywidgets views: the participants' questionnaire, results, stakeholder map and debrief.

Views only. Every question, answer label, help text, dimension, flag and piece of advice comes
from the data (``data/questionnaire.yaml``, ``data/stakeholders.yaml``, table A); this module
holds only the words of the screen itself (buttons, status lines). A small model,
:class:`AnswersModel`, holds the :class:`~toolkit.answers.Submission` and saves a draft through
:mod:`toolkit.store` on every change; widgets write to it and redraw from it. Errors raised in a
callback are shown in the app's ``errors`` Output widget, never lost in a log.

>>> from toolkit import widgets
>>> app = widgets.Questionnaire("cohorts/2026-12-sherbrooke", lang="fr")   # doctest: +SKIP
>>> app                                   # the app, in JupyterLab or Voilà   # doctest: +SKIP
>>> app.value                             # the Submission                   # doctest: +SKIP
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import html
import json
import logging
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as W

from . import messages, scoring, store
from . import stakeholders as stakeholders_mod
from .answers import (
    Submission,
    clean_stakeholder,
    normalise_answer,
    normalise_profile,
    org_key,
    parse_number,
)
from .errors import PertinenceError, SubmissionError
from .palette import OKABE_ITO, RECOMMENDATION_COLOURS
from .questionnaire import (
    DATE,
    LANGUAGES,
    MULTI,
    NUMBER,
    OVERHEAD,
    SINGLE,
    SUBINDEX_COLUMNS,
    ProfileField,
    Question,
    default,
)
from .questionnaire import (
    Questionnaire as QuestionnaireDef,
)

log = logging.getLogger(__name__)

COHORT_ENV = "PERTINENCE_COHORT"
DEMO_ENV = "PERTINENCE_DEMO"
MIN_GROUP = 5

# The words of the screen (not of the questionnaire: those are data).
UI: dict[str, dict[str, str]] = {
    "fr": {
        "language": "Langue / Language",
        "step": "Étape",
        "step_of": "Étape {i} sur {n}",
        "answered": "Réponses",
        "answered_of": "{n} {word} sur {total}",
        "answer_one": "réponse",
        "answer_many": "réponses",
        "actor_one": "acteur",
        "actor_many": "acteurs",
        "back": "← Précédent",
        "next": "Suivant →",
        "profile": "Votre organisme",
        "review": "Vérifier et soumettre",
        "profile_intro": "Commencez par votre organisme et par ce que vous envisagez. Dès que "
        "le nom de l'organisme est inscrit, vos réponses sont enregistrées à chaque changement.",
        "submit": "Soumettre nos réponses",
        "saved": "Brouillon enregistré à {time}.",
        "not_saved_yet": "Vos réponses seront enregistrées automatiquement dès que le nom de "
        "l'organisme sera saisi.",
        "resumed": "Brouillon repris : {n} réponses retrouvées pour « {name} ».",
        "draft_found": "Un brouillon existe déjà pour « {name} » ({n} réponses, commencé le "
        "{started}). Voulez-vous le reprendre ?",
        "resume": "Reprendre ce brouillon",
        "ignore_draft": "Continuer sans le reprendre",
        "download_answers": "Télécharger nos réponses (.json)",
        "resume_title": "Reprendre plus tard ou sur un autre poste",
        "resume_help": "Le lien « Télécharger nos réponses », en bas de page, vous donne un "
        "fichier à garder. Pour reprendre, chargez-le ici ; sur ce serveur, il suffit aussi "
        "d'inscrire le même nom d'organisme.",
        "upload": "Charger un fichier de réponses",
        "uploaded": "Réponses reprises du fichier « {file} » : {n} réponses.",
        "upload_failed": "Ce fichier ne peut pas être repris : {error}",
        "number_expected": "Entrez un nombre d'heures, par exemple 6 ou 6,5. "
        "Cette réponse n'est pas enregistrée.",
        "out_of_range": "Entrez un nombre entre {min:g} et {max:g}. "
        "Cette réponse n'est pas enregistrée.",
        "hours_needed": "Heures nécessaires",
        "hours_freed": "Heures libérées",
        "hours_unit": "h/semaine",
        "overhead": "écoute, planification et bilans",
        "gauge_title": "Le temps qu'il faut (tableau A)",
        "gauge_no_platform": "Choisissez des plateformes pour voir les heures qu'elles demandent.",
        "gauge_no_hours": "Indiquez les heures réellement libérées (étape « {step} »).",
        "gauge_ratio": "Les heures libérées couvrent {pct} % des heures nécessaires.",
        "gauge_ok": "Les heures libérées couvrent les heures nécessaires.",
        "missing_title": "Questions sans réponse",
        "missing_none": "Toutes les questions ont une réponse : vous pouvez soumettre.",
        "missing_profile": "Il manque des renseignements sur l'organisme ; ils sont "
        "nécessaires pour soumettre.",
        "missing_intro": "{n} question(s) sans réponse : répondez-y avant de soumettre. "
        "« {dk} » est une réponse acceptée là où elle est proposée.",
        "go_to": "Aller à l'étape : {step}",
        "submitted": "Vos réponses sont soumises. Merci ! Voici votre résultat.",
        "already_submitted": "Ces réponses sont déjà soumises.",
        "error": "Une erreur inattendue est survenue ({error}). Vos réponses déjà enregistrées "
        "sont conservées ; montrez ce message à la personne qui anime l'atelier.",
        "problem": "Problème : {error}",
        # results
        "recommendation": "Recommandation",
        "global": "Indice global",
        "why": "Pourquoi",
        "flags": "Signaux d'alerte",
        "flag_hard": "majeur",
        "flag_soft": "mineur",
        "conditions": "Conditions à respecter",
        "next_steps": "Prochaines étapes",
        "plan": "Plan d'action, par priorité",
        "score": "score",
        "by_dimension": "Par dimension",
        "dimension": "Dimension",
        "weight": "Poids",
        "needs_evidence": "à documenter",
        "download_report": "Télécharger notre rapport (HTML)",
        "report_missing": "Le rapport téléchargeable n'est pas disponible dans cette version.",
        "radar_alt": "Radar des scores par dimension : {values}.",
        "cohort_note": "Ligne pointillée : médiane de la cohorte ({n} organismes).",
        "cohort_table_note": "Médiane calculée sur {n} organismes de la cohorte ; aucun autre "
        "organisme n'est nommé.",
        "cohort_small": "La médiane de la cohorte s'affiche dès que {min} organismes ont soumis "
        "leurs réponses (actuellement : {n}).",
        # stakeholders
        "add_actor": "Ajouter un acteur",
        "remove_actor": "Retirer",
        "actor": "Acteur {i}",
        "actor_name": "Nom",
        "actor_type": "Type",
        "influence": "Influence",
        "relationship": "Relation",
        "zone": "Zone",
        "advice": "Conseil",
        "no_actors": "Aucun acteur pour l'instant : ajoutez-en un.",
        "actors_count": "{n} {word} ; visez de {lo} à {hi}.",
        "map_alt": "Carte des parties prenantes : {n} acteur(s) placés selon leur influence et "
        "leur relation avec l'organisme.",
        "stakeholders_optional": "Exercice facultatif, mais utile : il nourrit la dimension "
        "« {dimension} ».",
        # debrief
        "org_name": "Nom de l'organisme",
        "show_results": "Afficher nos résultats",
        "not_found": "Aucune réponse soumise pour « {name} » dans cette cohorte. Vérifiez "
        "l'orthographe, ou soumettez d'abord le questionnaire.",
        "debrief_help": "Inscrivez le nom de votre organisme tel que vous l'avez saisi dans le "
        "questionnaire, ou chargez votre fichier de réponses.",
        "comparison": "Par rapport à la cohorte",
        "ours": "Notre score",
        "cohort_median": "Médiane de la cohorte",
        "position": "Position",
        "above": "au-dessus de la médiane",
        "below": "sous la médiane",
        "at": "à la médiane",
        "earlier": "Vous avez répondu {n} fois ; voici la plus récente (soumise le {date}).",
        "demo_name": "Organisme de démonstration",
    },
    "en": {
        "language": "Langue / Language",
        "step": "Step",
        "step_of": "Step {i} of {n}",
        "answered": "Answers",
        "answered_of": "{n} {word} out of {total}",
        "answer_one": "answer",
        "answer_many": "answers",
        "actor_one": "actor",
        "actor_many": "actors",
        "back": "← Back",
        "next": "Next →",
        "profile": "Your organisation",
        "review": "Check and submit",
        "profile_intro": "Start with your organisation and what you are considering. Once the "
        "organisation's name is entered, your answers are saved at every change.",
        "submit": "Submit our answers",
        "saved": "Draft saved at {time}.",
        "not_saved_yet": "Your answers will be saved automatically as soon as the "
        "organisation's name is entered.",
        "resumed": 'Draft resumed: {n} answers found for "{name}".',
        "draft_found": 'A draft already exists for "{name}" ({n} answers, started on '
        "{started}). Do you want to resume it?",
        "resume": "Resume this draft",
        "ignore_draft": "Go on without it",
        "download_answers": "Download our answers (.json)",
        "resume_title": "Resume later or on another computer",
        "resume_help": 'The "Download our answers" link at the bottom of the page gives you a '
        "file to keep. To resume, upload it here; on this server, entering the same "
        "organisation name also works.",
        "upload": "Upload an answers file",
        "uploaded": 'Answers resumed from "{file}": {n} answers.',
        "upload_failed": "This file cannot be resumed: {error}",
        "number_expected": "Enter a number of hours, for example 6 or 6.5. "
        "This answer is not saved.",
        "out_of_range": "Enter a number between {min:g} and {max:g}. This answer is not saved.",
        "hours_needed": "Hours needed",
        "hours_freed": "Hours freed",
        "hours_unit": "h/week",
        "overhead": "listening, planning and reporting",
        "gauge_title": "The time it takes (table A)",
        "gauge_no_platform": "Pick platforms to see the hours they take.",
        "gauge_no_hours": 'Enter the hours actually freed (step "{step}").',
        "gauge_ratio": "The hours freed cover {pct}% of the hours needed.",
        "gauge_ok": "The hours freed cover the hours needed.",
        "missing_title": "Unanswered questions",
        "missing_none": "Every question has an answer: you can submit.",
        "missing_profile": "Some details about the organisation are missing; they are needed "
        "to submit.",
        "missing_intro": "{n} question(s) without an answer: answer them before you submit. "
        '"{dk}" is an accepted answer wherever it is offered.',
        "go_to": "Go to step: {step}",
        "submitted": "Your answers are submitted. Thank you! Here is your result.",
        "already_submitted": "These answers are already submitted.",
        "error": "Something unexpected went wrong ({error}). The answers already saved are "
        "kept; show this message to the workshop facilitator.",
        "problem": "Problem: {error}",
        "recommendation": "Recommendation",
        "global": "Global index",
        "why": "Why",
        "flags": "Red flags",
        "flag_hard": "major",
        "flag_soft": "minor",
        "conditions": "Conditions to meet",
        "next_steps": "Next steps",
        "plan": "Action plan, by priority",
        "score": "score",
        "by_dimension": "By dimension",
        "dimension": "Dimension",
        "weight": "Weight",
        "needs_evidence": "needs evidence",
        "download_report": "Download our report (HTML)",
        "report_missing": "The downloadable report is not available in this version.",
        "radar_alt": "Radar of the scores by dimension: {values}.",
        "cohort_note": "Dashed line: the cohort median ({n} organisations).",
        "cohort_table_note": "Median of {n} organisations of the cohort; no other organisation "
        "is named.",
        "cohort_small": "The cohort median appears once {min} organisations have submitted "
        "(so far: {n}).",
        "add_actor": "Add an actor",
        "remove_actor": "Remove",
        "actor": "Actor {i}",
        "actor_name": "Name",
        "actor_type": "Type",
        "influence": "Influence",
        "relationship": "Relationship",
        "zone": "Zone",
        "advice": "Advice",
        "no_actors": "No actor yet: add one.",
        "actors_count": "{n} {word}; aim for {lo} to {hi}.",
        "map_alt": "Stakeholder map: {n} actor(s) placed by influence and by relationship with "
        "the organisation.",
        "stakeholders_optional": 'Optional, but useful: it feeds the "{dimension}" dimension.',
        "org_name": "Organisation name",
        "show_results": "Show our results",
        "not_found": 'No submitted answers for "{name}" in this cohort. Check the spelling, '
        "or submit the questionnaire first.",
        "debrief_help": "Enter your organisation's name as you typed it in the questionnaire, "
        "or upload your answers file.",
        "comparison": "Compared with the cohort",
        "ours": "Our score",
        "cohort_median": "Cohort median",
        "position": "Position",
        "above": "above the median",
        "below": "below the median",
        "at": "at the median",
        "earlier": "You answered {n} times; here is the latest (submitted on {date}).",
        "demo_name": "Demo organisation",
    },
}

# Demo stakeholders for PERTINENCE_DEMO runs (tests): (name, type code, influence, relationship).
DEMO_ACTORS = (
    ("Chambre de commerce", "association", 4, 2),
    ("Journal régional", "media", 5, 0),
    ("Client insatisfait", "critic", 2, -2),
)

STYLE = f"""<style>
.pertinence-app {{ max-width: 1100px; font-size: 15px; line-height: 1.4; }}
.pertinence-app .pertinence-step h2 {{ margin: 0.6em 0 0 0; }}
.pertinence-app h2 {{ font-size: 1.35em; margin: 0.4em 0; }}
.pertinence-app h3 {{ font-size: 1.1em; margin: 0.8em 0 0.3em; }}
.pertinence-q {{ border-left: 3px solid #DDDDDD; padding: 4px 0 8px 12px; margin: 10px 0;
  max-width: 880px; }}
.pertinence-q .widget-label {{ font-weight: 600; }}
.pertinence-q .widget-inline-hbox {{ flex-direction: column; align-items: flex-start;
  height: auto; }}
.pertinence-q .widget-inline-hbox > .widget-label {{ width: auto !important; max-width: 100%;
  white-space: normal; overflow: visible; text-align: left; font-weight: 600;
  line-height: 1.35; margin: 0 0 4px 0; }}
.pertinence-q .widget-checkbox {{ flex-direction: row; }}
.pertinence-q .widget-inline-hbox > select, .pertinence-q .widget-inline-hbox > input {{
  flex: 0 0 auto; min-width: 320px; height: 30px; }}
.pertinence-q .widget-radio-box label {{ padding: 2px 0; }}
.pertinence-app .widget-html-content {{ line-height: 1.45; }}
.pertinence-qtext {{ font-weight: 600; margin-bottom: 4px; }}
.pertinence-help {{ color: #444444; font-size: 0.9em; }}
.pertinence-apart {{ border-top: 1px dashed #999999; margin-top: 6px; padding-top: 4px;
  font-style: italic; }}
.pertinence-msg {{ border-left: 4px solid {OKABE_ITO["vermillion"]}; padding: 2px 8px;
  font-weight: 600; }}
.pertinence-ok {{ border-left: 4px solid {OKABE_ITO["bluish_green"]}; padding: 2px 8px; }}
.pertinence-status {{ color: #444444; font-size: 0.9em; }}
.pertinence-gauge {{ border: 1px solid #DDDDDD; border-radius: 4px; padding: 6px 10px;
  margin: 8px 0; max-width: 620px; }}
.pertinence-gauge .row {{ display: flex; align-items: center; gap: 8px; margin: 3px 0; }}
.pertinence-gauge .lbl {{ width: 140px; }}
.pertinence-gauge .track {{ flex: 1; background: #F2F2F2; height: 14px; }}
.pertinence-gauge .bar {{ height: 14px; }}
.pertinence-gauge .num {{ width: 90px; text-align: right; font-weight: 600; }}
.pertinence-result {{ border-left: 6px solid var(--rec-colour); padding: 4px 14px; }}
.pertinence-result table, .pertinence-table {{ border-collapse: collapse; margin: 6px 0; }}
.pertinence-result td, .pertinence-result th, .pertinence-table td, .pertinence-table th {{
  border-bottom: 1px solid #DDDDDD; padding: 3px 8px; text-align: left; vertical-align: top; }}
.pertinence-download a {{ display: inline-block; padding: 4px 10px; margin: 4px 0;
  border: 1px solid {OKABE_ITO["blue"]}; border-radius: 3px; color: {OKABE_ITO["blue"]};
  text-decoration: none; font-weight: 600; }}
.pertinence-download a:focus, .pertinence-download a:hover {{ background: #E8F1F8; }}
.pertinence-actor {{ border-bottom: 1px solid #EEEEEE; padding: 4px 0; flex-wrap: wrap; }}
.pertinence-actor .widget-label {{ width: auto !important; margin: 0 4px 0 8px; }}
</style>"""


def plural(lang: str, n: int, stem: str) -> str:
    """``UI[lang][stem + "_one"]`` or ``"_many"``: French counts 0 and 1 as singular."""
    one = n <= 1 if lang == "fr" else n == 1
    return UI[lang][f"{stem}_{'one' if one else 'many'}"]


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _answers_json(data: bytes) -> Any:
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


def _tag(tag: str, cls: str, text: str, role: str | None = None) -> str:
    """``<tag class="cls">escaped text</tag>``, with an ARIA role when given."""
    aria = f' role="{role}"' if role else ""
    return f'<{tag} class="{cls}"{aria}>{_esc(text)}</{tag}>'


def _img(png_base64: str, alt: str, cls: str, style: str) -> str:
    return (
        f'<img class="{cls}" style="{style}" alt="{_esc(alt)}" '
        f'src="data:image/png;base64,{png_base64}">'
    )


def _css_id(key: str) -> str:
    """A CSS class naming one question's block: ``motivation.1`` → ``pertinence-q-motivation-1``."""
    return "pertinence-q-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def _primary(button: W.Button) -> W.Button:
    button.style.button_color = OKABE_ITO["blue"]
    button.style.text_color = "white"
    return button


def _download_link(data: bytes, filename: str, mime: str, text: str) -> str:
    """An ``<a download>`` with the data inline: works in JupyterLab, Voilà and on Binder."""
    payload = base64.b64encode(data).decode("ascii")
    return (
        f'<div class="pertinence-download"><a download="{_esc(filename)}" '
        f'href="data:{mime};base64,{payload}">⬇ {_esc(text)}</a></div>'
    )


def _file_stem(submission: Submission) -> str:
    slug = org_key(submission.organisation.get("name") or "").replace(" ", "-")[:40]
    return "pertinence-" + (slug or submission.submission_id[:8])


# --------------------------------------------------------------------------------------------
# Paths


def repo_root(start: str | Path | None = None) -> Path:
    """The folder holding ``pyproject.toml``, walking up from ``start`` (the current folder).

    Falls back to ``start`` itself when no such folder exists (an installed copy of the
    notebooks, for instance).
    """
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return here


def cohort_folder(value: str | Path | None = None) -> Path:
    """The cohort folder to use: ``value``, else ``$PERTINENCE_COHORT``, else the sample cohort.

    The sample cohort is ``data/sample_cohort`` under :func:`repo_root`.
    """
    chosen = value or os.environ.get(COHORT_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return repo_root() / "data" / "sample_cohort"


def demo_mode() -> bool:
    """True when ``$PERTINENCE_DEMO`` asks for demo answers (set only by the test runs)."""
    return os.environ.get(DEMO_ENV, "").strip().lower() in ("1", "true", "yes")


# --------------------------------------------------------------------------------------------
# The model


class AnswersModel:
    """The submission being answered, and the rules of changing it (no widgets here).

    Every change is normalised by :mod:`toolkit.answers` (so a bad value raises ``ValueError``)
    and, once the organisation has a name, saved as a draft with :func:`toolkit.store.save`.
    Observers registered with :meth:`observe` are called with the key that changed
    (a question id, ``organisation.<field>``, ``stakeholders``, ``language`` or ``*``).
    """

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
        self.submission = Submission.new(questionnaire, self.cohort, lang)
        self.last_saved: dt.datetime | None = None
        self.pending_draft: Submission | None = None
        self._observers: list[Callable[[str], None]] = []

    # observers
    def observe(self, callback: Callable[[str], None]) -> None:
        self._observers.append(callback)

    def _changed(self, key: str) -> None:
        for callback in list(self._observers):
            callback(key)

    # reading
    @property
    def lang(self) -> str:
        return self.submission.language

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

    def set_answer(self, question_id: str, raw: Any) -> Any:
        """Record one answer (``None`` or blank removes it); returns the normalised value."""
        self._check_open()
        value = normalise_answer(self.questionnaire.question(question_id), raw)
        if value is None:
            self.submission.answers.pop(question_id, None)
        else:
            self.submission.answers[question_id] = value
        self.save()
        self._changed(question_id)
        return value

    def set_profile(self, field_id: str, raw: Any) -> str:
        """Record one profile field; returns ``"resumed"``, ``"draft_found"`` or ``"set"``.

        When the organisation's name is entered and a draft of that organisation exists in the
        cohort folder, it is resumed at once if nothing was answered yet; otherwise it is kept
        in :attr:`pending_draft` for the view to offer.
        """
        self._check_open()
        value = normalise_profile(self.questionnaire.profile_field(field_id), raw)
        self.submission.organisation[field_id] = value
        event = "set"
        if field_id == "name" and value:
            draft = store.find_draft(self.cohort_dir, value, self.questionnaire)
            if draft is not None and draft.submission_id != self.submission.submission_id:
                if self.is_blank():
                    self.load(draft)
                    return "resumed"
                self.pending_draft = draft
                event = "draft_found"
        self.save()
        self._changed(f"organisation.{field_id}")
        return event

    def set_stakeholders(self, actors: Sequence[Mapping[str, Any]]) -> None:
        """Replace the stakeholder map (each actor validated by ``clean_stakeholder``)."""
        self._check_open()
        self.submission.stakeholders = [clean_stakeholder(a) for a in actors]
        self.save()
        self._changed("stakeholders")

    def set_language(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        self.submission.language = lang
        if not self.submitted:
            self.save()
        self._changed("language")

    def load(self, submission: Submission, keep_language: bool = True) -> None:
        """Continue from another submission (a draft, or an uploaded file)."""
        if keep_language:
            submission.language = self.lang
        self.submission = submission
        self.pending_draft = None
        if not self.submitted:
            self.save()
        self._changed("*")

    def save(self) -> Path | None:
        """Save the draft when autosave is on and the organisation has a name."""
        if not self.autosave or self.submitted or not self.profile("name"):
            return None
        path = store.save(self.submission, self.cohort_dir, self.questionnaire)
        self.last_saved = dt.datetime.now()
        return path

    def submit(self) -> Path:
        """Submit with :func:`toolkit.store.submit` (refused while required answers are missing)."""
        self._check_open()
        path = store.submit(self.submission, self.cohort_dir, self.questionnaire)
        self._changed("status")
        return path

    def to_json(self) -> str:
        return json.dumps(self.submission.to_dict(), ensure_ascii=False, indent=1)


# --------------------------------------------------------------------------------------------
# Base of the apps: language, errors, guarded callbacks


class _AppBase(W.VBox):
    """What every app shares: the style, the language switch and the errors Output."""

    def _init_base(self, questionnaire: QuestionnaireDef, lang: str) -> None:
        self.questionnaire = questionnaire
        self._lang = lang if lang in LANGUAGES else "fr"
        self.style_html = W.HTML(STYLE)
        self.language = W.ToggleButtons(
            options=[("Français", "fr"), ("English", "en")],
            value=self._lang,
            description=UI["fr"]["language"],
            style={"description_width": "initial", "button_width": "90px"},
        )
        self.errors = W.Output(layout=W.Layout(border="0"))
        self.add_class("pertinence-app")

    @property
    def lang(self) -> str:
        return self._lang

    def w(self, key: str, **kwargs: Any) -> str:
        """One word of the screen in the current language."""
        text = UI[self._lang][key]
        return text.format(**kwargs) if kwargs else text

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
            text = self.w("problem", error=messages.text_of(exc, self._lang))
        else:
            text = self.w("error", error=f"{type(exc).__name__}: {exc}")
        log.error("callback error", exc_info=exc)
        self.errors.append_stderr(text + "\n")


# --------------------------------------------------------------------------------------------
# One view per question


class _View:
    """A view of one question or profile field over the model."""

    key: str
    box: W.Widget

    def __init__(self, app: Questionnaire):
        self.app = app
        self._syncing = False

    @contextlib.contextmanager
    def syncing(self) -> Iterator[None]:
        """Set widget values from the model without writing them back."""
        self._syncing, before = True, self._syncing
        try:
            yield
        finally:
            self._syncing = before

    def relabel(self, lang: str) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def show(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def set(self, raw: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _help(self, text: str) -> str:
        return f'<div class="pertinence-help">{_esc(text)}</div>' if text else ""

    def _frame(self, *children: W.Widget) -> W.VBox:
        box = W.VBox(list(children))
        box.add_class("pertinence-q")
        box.add_class(_css_id(self.key))
        return box


class _ChoiceView(_View):
    """Single choice: radio buttons; "don't know" apart, below, as its own checkbox."""

    def __init__(self, app: Questionnaire, question: Question):
        super().__init__(app)
        self.question = question
        self.key = question.id
        self.options = [o for o in question.scale.options if not o.dk]
        self.dk_option = next((o for o in question.scale.options if o.dk), None)
        lang = app.lang
        self.radio = W.RadioButtons(
            options=[(o.label(lang), o.code) for o in self.options],
            value=None,
            description=question.text(lang),
            style={"description_width": "initial"},
            layout=W.Layout(width="auto"),
        )
        self.radio.observe(app.guard(self._on_radio), "value")
        children: list[W.Widget] = [self.radio]
        self.dk: W.Checkbox | None = None
        if self.dk_option is not None:
            self.dk = W.Checkbox(value=False, description=self.dk_option.label(lang), indent=False)
            self.dk.add_class("pertinence-apart")
            self.dk.observe(app.guard(self._on_dk), "value")
            children.append(self.dk)
        self.help = W.HTML(self._help(question.help(lang)))
        children.append(self.help)
        self.box = self._frame(*children)

    def _on_radio(self, change: dict[str, Any]) -> None:
        if self._syncing or change["new"] is None:
            return
        with self.syncing():
            if self.dk is not None:
                self.dk.value = False
        self.app.model.set_answer(self.key, change["new"])

    def _on_dk(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        assert self.dk_option is not None
        if change["new"]:
            with self.syncing():
                self.radio.value = None
            self.app.model.set_answer(self.key, self.dk_option.code)
        elif self.radio.value is None:
            self.app.model.set_answer(self.key, None)

    def show(self) -> None:
        value = self.app.model.answer(self.key)
        is_dk = self.dk_option is not None and value == self.dk_option.code
        with self.syncing():
            self.radio.value = None if is_dk else value
            if self.dk is not None:
                self.dk.value = is_dk

    def set(self, raw: Any) -> None:
        code = normalise_answer(self.question, raw)
        if self.dk_option is not None and code == self.dk_option.code:
            assert self.dk is not None
            self.dk.value = True
        elif code is None:
            self.app.model.set_answer(self.key, None)
            self.show()
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
        self.help.value = self._help(self.question.help(lang))


class _MultiView(_View):
    """Multi-select: one checkbox per option; exclusive options apart, below."""

    def __init__(self, app: Questionnaire, question: Question):
        super().__init__(app)
        self.question = question
        self.key = question.id
        lang = app.lang
        self.heading = W.HTML(self._heading(lang))
        self.boxes: dict[str, W.Checkbox] = {}
        for option in question.scale.options:
            box = W.Checkbox(value=False, description=option.label(lang), indent=False)
            if option.exclusive:
                box.add_class("pertinence-apart")
            box.observe(app.guard(functools.partial(self._on_box, option.code)), "value")
            self.boxes[option.code] = box
        self.help = W.HTML(self._help(question.help(lang)))
        self.box = self._frame(self.heading, *self.boxes.values(), self.help)

    def _heading(self, lang: str) -> str:
        return f'<div class="pertinence-qtext">{_esc(self.question.text(lang))}</div>'

    def _on_box(self, code: str, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        exclusive = {o.code for o in self.question.scale.options if o.exclusive}
        if change["new"]:
            with self.syncing():
                for other, box in self.boxes.items():
                    if other != code and (code in exclusive or other in exclusive):
                        box.value = False
        chosen = [c for c, box in self.boxes.items() if box.value]
        self.app.model.set_answer(self.key, chosen or None)

    def show(self) -> None:
        chosen = set(self.app.model.answer(self.key) or ())
        with self.syncing():
            for code, box in self.boxes.items():
                box.value = code in chosen

    def set(self, raw: Any) -> None:
        codes = set(normalise_answer(self.question, raw) or ())
        with self.syncing():
            for code, box in self.boxes.items():
                box.value = code in codes
        self.app.model.set_answer(self.key, sorted(codes) or None)

    def relabel(self, lang: str) -> None:
        self.heading.value = self._heading(lang)
        for option in self.question.scale.options:
            self.boxes[option.code].description = option.label(lang)
        self.help.value = self._help(self.question.help(lang))


class _NumberView(_View):
    """A number (hours): typed as text, so that text and out-of-range values get a message."""

    def __init__(self, app: Questionnaire, question: Question):
        super().__init__(app)
        self.question = question
        self.key = question.id
        lang = app.lang
        unit = question.scale.unit(lang) if question.scale.unit else ""
        self.text = W.Text(
            value="",
            description=question.text(lang),
            placeholder=unit,
            continuous_update=False,
            style={"description_width": "initial"},
            layout=W.Layout(width="100%"),
        )
        self.text.observe(app.guard(self._on_text), "value")
        self.message = W.HTML("")
        self._error: str | None = None
        self.help = W.HTML(self._help(question.help(lang)))
        self.box = self._frame(self.text, self.message, self.help)

    def _problem(self, raw: str) -> str | None:
        if not raw.strip():
            return None
        value = parse_number(raw)
        if value is None:
            return "number_expected"
        lo, hi = self.question.scale.min, self.question.scale.max
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            return "out_of_range"
        return None

    def _show_message(self) -> None:
        if self._error is None:
            self.message.value = ""
            return
        text = self.app.w(
            self._error, min=self.question.scale.min or 0, max=self.question.scale.max or 0
        )
        self.message.value = f'<div class="pertinence-msg" role="alert">⚠ {_esc(text)}</div>'

    def _on_text(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        raw = str(change["new"] or "")
        self._error = self._problem(raw)
        self._show_message()
        if self._error is None:
            self.app.model.set_answer(self.key, raw if raw.strip() else None)
        elif self.app.model.answer(self.key) is not None:
            self.app.model.set_answer(self.key, None)

    def _format(self, value: float | None) -> str:
        if value is None:
            return ""
        text = f"{value:g}"
        return text.replace(".", ",") if self.app.lang == "fr" else text

    def show(self) -> None:
        self._error = None
        self._show_message()
        with self.syncing():
            self.text.value = self._format(self.app.model.answer(self.key))

    def set(self, raw: Any) -> None:
        self.text.value = "" if raw is None else str(raw)

    def relabel(self, lang: str) -> None:
        self.text.description = self.question.text(lang)
        self.text.placeholder = self.question.scale.unit(lang) if self.question.scale.unit else ""
        self._show_message()
        self.help.value = self._help(self.question.help(lang))
        if self._error is None:
            with self.syncing():
                self.text.value = self._format(self.app.model.answer(self.key))


class _DateView(_View):
    def __init__(self, app: Questionnaire, question: Question):
        super().__init__(app)
        self.question = question
        self.key = question.id
        lang = app.lang
        self.picker = W.DatePicker(
            value=None,
            description=question.text(lang),
            style={"description_width": "initial"},
            layout=W.Layout(width="100%"),
        )
        self.picker.observe(app.guard(self._on_date), "value")
        self.help = W.HTML(self._help(question.help(lang)))
        self.box = self._frame(self.picker, self.help)

    def _on_date(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self.app.model.set_answer(self.key, change["new"])

    def show(self) -> None:
        value = self.app.model.answer(self.key)
        with self.syncing():
            self.picker.value = dt.date.fromisoformat(value) if value else None

    def set(self, raw: Any) -> None:
        iso = normalise_answer(self.question, raw)
        self.picker.value = dt.date.fromisoformat(iso) if iso else None

    def relabel(self, lang: str) -> None:
        self.picker.description = self.question.text(lang)
        self.help.value = self._help(self.question.help(lang))


class _TextQuestionView(_View):
    def __init__(self, app: Questionnaire, question: Question):
        super().__init__(app)
        self.question = question
        self.key = question.id
        self.text = W.Text(
            description=question.text(app.lang),
            continuous_update=False,
            style={"description_width": "initial"},
            layout=W.Layout(width="100%"),
        )
        self.text.observe(app.guard(self._on_text), "value")
        self.help = W.HTML(self._help(question.help(app.lang)))
        self.box = self._frame(self.text, self.help)

    def _on_text(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self.app.model.set_answer(self.key, change["new"])

    def show(self) -> None:
        with self.syncing():
            self.text.value = self.app.model.answer(self.key) or ""

    def set(self, raw: Any) -> None:
        self.text.value = "" if raw is None else str(raw)

    def relabel(self, lang: str) -> None:
        self.text.description = self.question.text(lang)
        self.help.value = self._help(self.question.help(lang))


class _ProfileView(_View):
    """A profile field: free text (the name) or a drop-down (sector, size, region)."""

    def __init__(self, app: Questionnaire, field_def: ProfileField):
        super().__init__(app)
        self.field = field_def
        self.key = f"organisation.{field_def.id}"
        lang = app.lang
        self.control: W.Text | W.Dropdown
        if field_def.options:
            self.control = W.Dropdown(
                options=[(o.label(lang), o.code) for o in field_def.options],
                value=None,
                description=field_def.text(lang),
                style={"description_width": "initial"},
                layout=W.Layout(width="100%"),
            )
        else:
            self.control = W.Text(
                description=field_def.text(lang),
                continuous_update=False,
                style={"description_width": "initial"},
                layout=W.Layout(width="100%"),
            )
        self.control.observe(app.guard(self._on_change), "value")
        self.help = W.HTML(self._help(field_def.help(lang)))
        self.box = self._frame(self.control, self.help)

    def _on_change(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        event = self.app.model.set_profile(self.field.id, change["new"])
        self.app._after_profile(self.field.id, event)

    def show(self) -> None:
        value = self.app.model.profile(self.field.id)
        with self.syncing():
            self.control.value = value if self.field.options else (value or "")

    def set(self, raw: Any) -> None:
        self.control.value = normalise_profile(self.field, raw) if self.field.options else raw

    def relabel(self, lang: str) -> None:
        with self.syncing():
            if isinstance(self.control, W.Dropdown):
                value = self.control.value
                self.control.options = [(o.label(lang), o.code) for o in self.field.options]
                self.control.value = value
            self.control.description = self.field.text(lang)
        self.help.value = self._help(self.field.help(lang))


_VIEW_TYPES: dict[str, Callable[[Questionnaire, Question], _View]] = {
    SINGLE: _ChoiceView,
    MULTI: _MultiView,
    NUMBER: _NumberView,
    DATE: _DateView,
}


# --------------------------------------------------------------------------------------------
# The hours gauge (table A)


def gauge_html(
    questionnaire: QuestionnaireDef, model: AnswersModel, lang: str, hours_step: str
) -> str:
    """The live gauge: hours needed by the planned platforms (table A) against hours freed."""
    words = UI[lang]
    needed, freed, parts = model.hours()
    platforms = questionnaire.platform_question()
    hours_q = questionnaire.hours_question()
    unit = words["hours_unit"]
    detail = " + ".join(
        [f"{platforms.label_of(code, lang)} {h:g} h" for code, h in parts]
        + [f"{words['overhead']} {questionnaire.effort[OVERHEAD]:g} h"]
    )
    scale = max(needed, freed or 0.0, 1.0)
    rows = [(words["hours_needed"], needed, OKABE_ITO["orange"])] if parts else []
    if freed is not None:
        rows.append((words["hours_freed"], float(freed), OKABE_ITO["blue"]))
    bars = "".join(
        f'<div class="row"><span class="lbl">{_esc(label)}</span>'
        f'<span class="track"><div class="bar" style="width:{100 * value / scale:.0f}%;'
        f'background:{colour}"></div></span><span class="num">{value:g} {unit}</span></div>'
        for label, value, colour in rows
    )
    if not parts:
        verdict = f"<div>{_esc(words['gauge_no_platform'])}</div>"
    elif freed is None:
        verdict = f"<div>{_esc(words['gauge_no_hours'].format(step=hours_step))}</div>"
    else:
        ratio = float(freed) / needed
        covered = words["gauge_ratio"].format(pct=round(100 * ratio))
        flag = next((f for f in hours_q.flags if f.hours_ratio_below is not None), None)
        if ratio >= 1:
            verdict = _tag("div", "pertinence-ok", "✓ " + words["gauge_ok"])
        elif flag is not None and ratio < (flag.hours_ratio_below or 0.0):
            verdict = _tag("div", "pertinence-msg", f"⚠ {covered} {flag.message(lang)}")
        else:
            verdict = _tag("div", "pertinence-gauge-ratio", covered)
    summary = f"{words['hours_needed']} {needed:g} {unit}" + (
        f", {words['hours_freed']} {float(freed):g} {unit}" if freed is not None else ""
    )
    detail_html = f'<div class="pertinence-help">{_esc(detail)}</div>' if parts else ""
    return (
        f'<div class="pertinence-gauge" role="group" aria-label="{_esc(summary)}">'
        f'<div class="pertinence-qtext">{_esc(words["gauge_title"])}</div>{bars}'
        f"{detail_html}{verdict}</div>"
    )


# --------------------------------------------------------------------------------------------
# The stakeholder map exercise


class _ActorRow:
    """One actor: name, type, influence, relationship, and a button to remove the row."""

    def __init__(self, editor: StakeholderEditor, actor: Mapping[str, Any] | None = None):
        self.editor = editor
        lang = editor.lang
        guide = editor.guide
        actor = actor or {}
        w = UI[lang]
        self.name = W.Text(
            value=str(actor.get("name", "")),
            description=w["actor_name"],
            continuous_update=False,
            layout=W.Layout(width="250px"),
            style={"description_width": "initial"},
        )
        types = stakeholders_mod.type_options(lang, guide)
        type_code = actor.get("type") or None
        if type_code and type_code not in guide.types:
            types.append((str(type_code), str(type_code)))
        self.type = W.Dropdown(
            options=types,
            value=type_code,
            description=w["actor_type"],
            layout=W.Layout(width="250px"),
            style={"description_width": "initial"},
        )
        self.influence = W.Dropdown(
            options=stakeholders_mod.influence_options(lang, guide),
            value=int(actor.get("influence", 3)),
            description=w["influence"],
            layout=W.Layout(width="215px"),
            style={"description_width": "initial"},
        )
        self.relationship = W.Dropdown(
            options=stakeholders_mod.relationship_options(lang, guide),
            value=int(actor.get("relationship", 0)),
            description=w["relationship"],
            layout=W.Layout(width="250px"),
            style={"description_width": "initial"},
        )
        self.remove = W.Button(
            description=w["remove_actor"], icon="trash", layout=W.Layout(width="auto")
        )
        self.remove.on_click(editor.guard(lambda _b: editor.remove_row(self)))
        for control in (self.name, self.type, self.influence, self.relationship):
            control.observe(editor.guard(lambda _c: editor.changed()), "value")
        self.box = W.HBox([self.name, self.type, self.influence, self.relationship, self.remove])
        self.box.add_class("pertinence-actor")

    def value(self) -> dict[str, Any] | None:
        """The actor as stored, or None while it has no name."""
        name = self.name.value.strip()
        if not name:
            return None
        return {
            "name": name,
            "type": self.type.value or "",
            "influence": int(self.influence.value),
            "relationship": int(self.relationship.value),
        }

    def relabel(self, lang: str) -> None:
        w = UI[lang]
        guide = self.editor.guide
        self.name.description = w["actor_name"]
        self.type.description = w["actor_type"]
        self.influence.description = w["influence"]
        self.relationship.description = w["relationship"]
        self.remove.description = w["remove_actor"]
        types: list[tuple[str, Any]] = list(stakeholders_mod.type_options(lang, guide))
        if self.type.value and self.type.value not in guide.types:
            types.append((str(self.type.value), self.type.value))
        for control, options in (
            (self.type, types),
            (self.influence, stakeholders_mod.influence_options(lang, guide)),
            (self.relationship, stakeholders_mod.relationship_options(lang, guide)),
        ):
            value = control.value
            control.options = options
            control.value = value


class StakeholderEditor:
    """The stakeholder table (add and remove rows) and its map, with the advice of each zone.

    ``on_change(actors)`` is called with the named actors after every edit.
    """

    def __init__(
        self,
        lang: str = "fr",
        on_change: Callable[[list[dict[str, Any]]], None] | None = None,
        guard: Callable[[Callable[..., Any]], Callable[..., Any]] | None = None,
        guide: stakeholders_mod.Guide | None = None,
        questionnaire: QuestionnaireDef | None = None,
    ):
        self.lang = lang
        self.guide = guide or stakeholders_mod.default()
        self.questionnaire = questionnaire or default()
        self.on_change = on_change
        self.guard = guard or (lambda fn: fn)
        self._loading = False
        self.rows: list[_ActorRow] = []
        self.intro = W.HTML()
        self.rows_box = W.VBox([])
        self.add_button = W.Button(description=UI[lang]["add_actor"], icon="plus")
        self.add_button.on_click(self.guard(lambda _b: self.add_row()))
        self.count = W.HTML()
        self.map = W.HTML()
        self.table = W.HTML()
        self.box = W.VBox(
            [self.intro, self.rows_box, W.HBox([self.add_button, self.count]), self.map, self.table]
        )
        self.box.add_class("pertinence-stakeholders")
        self._render_text()

    def actors(self) -> list[dict[str, Any]]:
        return [a for a in (row.value() for row in self.rows) if a is not None]

    def add_row(self, actor: Mapping[str, Any] | None = None) -> _ActorRow:
        """Add a row (empty, or filled with ``actor``) and return it."""
        row = _ActorRow(self, actor)
        self.rows.append(row)
        self.rows_box.children = [r.box for r in self.rows]
        if actor is not None:
            self.changed()
        return row

    def remove_row(self, row: _ActorRow) -> None:
        self.rows.remove(row)
        self.rows_box.children = [r.box for r in self.rows]
        self.changed()

    def set_actors(self, actors: Sequence[Mapping[str, Any]], notify: bool = True) -> None:
        """Replace every row (when resuming a draft, or in tests)."""
        self._loading = True
        try:
            self.rows = [_ActorRow(self, a) for a in actors]
            self.rows_box.children = [r.box for r in self.rows]
        finally:
            self._loading = False
        if notify:
            self.changed()
        else:
            self.redraw()

    def changed(self) -> None:
        if self._loading:
            return
        actors = self.actors()
        if self.on_change is not None:
            self.on_change(actors)
        self.redraw()

    def _render_text(self) -> None:
        w = UI[self.lang]
        influence_dim = next(
            (d for d in self.questionnaire.dimensions if "S8" in d.sources),
            None,
        )
        note = (
            _tag(
                "div",
                "pertinence-help",
                w["stakeholders_optional"].format(dimension=influence_dim.label(self.lang)),
            )
            if influence_dim
            else ""
        )
        self.intro.value = f"<p>{_esc(self.guide.intro(self.lang))}</p>{note}"
        lo, hi = self.guide.recommended_actors
        n = len(self.actors())
        word = plural(self.lang, n, "actor")
        self.count.value = _tag(
            "span", "pertinence-status", w["actors_count"].format(n=n, lo=lo, hi=hi, word=word)
        )

    def redraw(self) -> None:
        """Redraw the map and the advice table from the rows."""
        self._render_text()
        actors = self.actors()
        w = UI[self.lang]
        if not actors:
            self.map.value = f"<p>{_esc(w['no_actors'])}</p>"
            self.table.value = ""
            return
        self.map.value = stakeholder_map_html(actors, self.lang)
        self.table.value = advice_table_html(actors, self.lang, self.guide)

    def relabel(self, lang: str) -> None:
        self.lang = lang
        self.add_button.description = UI[lang]["add_actor"]
        self._loading = True
        try:
            for row in self.rows:
                row.relabel(lang)
        finally:
            self._loading = False
        self.redraw()


def stakeholder_map_html(actors: Sequence[Mapping[str, Any]], lang: str) -> str:
    """The influence × relationship grid as an ``<img>`` with a text alternative."""
    from . import charts

    ax = charts.stakeholder_map(list(actors), lang=lang)
    png = charts.to_png_base64(ax)
    alt = UI[lang]["map_alt"].format(n=len(actors))
    return _img(png, alt, "pertinence-map", "max-width:100%")


def advice_table_html(
    actors: Sequence[Mapping[str, Any]], lang: str, guide: stakeholders_mod.Guide | None = None
) -> str:
    """The actors with their zone and its advice (from ``data/stakeholders.yaml``)."""
    guide = guide or stakeholders_mod.default()
    w = UI[lang]
    frame = stakeholders_mod.classify(actors, lang, guide)
    rows = "".join(
        f"<tr><td>{_esc(r.name)}</td><td>{_esc(r.type_label)}</td>"
        f"<td>{int(r.influence)}</td><td>{int(r.relationship):+d}</td>"
        f"<td>{_esc(r.quadrant_title)}</td><td>{_esc(r.advice)}</td></tr>"
        for r in frame.itertuples()
    )
    head = "".join(
        f"<th>{_esc(w[k])}</th>"
        for k in ("actor_name", "actor_type", "influence", "relationship", "zone", "advice")
    )
    return (
        f'<table class="pertinence-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f'<p class="pertinence-help">{_esc(guide.review(lang))}</p>'
    )


# --------------------------------------------------------------------------------------------
# Results


@dataclass
class CohortContext:
    """What the results compare against: the cohort's scores, when the group is big enough."""

    n_organisations: int = 0
    stats: Any = None  # cohort.dimension_stats: median, q1, q3, n_orgs, suppressed by measure
    answers: Any = None  # the cohort's answers table (submitted only)
    scores: Any = None  # the cohort's scores table (cohort.scores), one row per submission
    min_group: int = MIN_GROUP
    problems: list[str] = field(default_factory=list)


def cohort_context(
    cohort_dir: str | Path | None, questionnaire: QuestionnaireDef, min_group: int = MIN_GROUP
) -> CohortContext:
    """The cohort folder's submitted answers and their statistics by dimension
    (:func:`toolkit.cohort.dimension_stats`); ``stats`` stays None under ``min_group``
    organisations, so that no small group can be read off the chart."""
    from . import cohort

    ctx = CohortContext(min_group=min_group)
    if cohort_dir is None or not Path(cohort_dir).is_dir():
        return ctx
    loaded = store.load_cohort(cohort_dir, questionnaire)
    ctx.problems = [str(p) for p in loaded.problems]
    if not len(loaded.frame):
        return ctx
    ctx.answers = loaded.frame
    ctx.scores = cohort.scores(loaded.frame, questionnaire)
    stats = cohort.dimension_stats(ctx.scores, questionnaire, min_group)
    dims = list(questionnaire.dimension_ids)
    ctx.n_organisations = int(stats["n_orgs"].max()) if len(stats) else 0
    if not stats.reindex(dims)["suppressed"].fillna(True).astype(bool).any():
        ctx.stats = stats
    return ctx


def colon(label: str, lang: str = "fr") -> str:
    """A label followed by a colon, spaced the French way in French: ``"Pourquoi :"``."""
    return f"{label}\u00a0:" if lang == "fr" else f"{label}:"


def _score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def result_html(explanation: scoring.Explanation, questionnaire: QuestionnaireDef) -> str:
    """The recommendation with its reasons, the flags and the ranked action plan, as HTML."""
    lang = explanation.lang
    w = UI[lang]
    q = questionnaire
    colour = RECOMMENDATION_COLOURS.get(explanation.recommendation, OKABE_ITO["black"])
    s = explanation.scores
    subindices = " · ".join(
        f"{_esc(text(lang))} {s[SUBINDEX_COLUMNS.get(key, key)]:.0f}"
        for key, text in q.subindices.items()
    )
    parts = [
        f'<section class="pertinence-result" style="--rec-colour:{colour}" '
        f'aria-label="{_esc(w["recommendation"])}">',
        f'<h2 class="pertinence-recommendation">{_esc(colon(w["recommendation"], lang))} '
        f"{_esc(explanation.recommendation_text)}</h2>",
        f"<p>{_esc(explanation.summary)}</p>",
        f"<p><b>{_esc(colon(w['global'], lang))} {s['global']:.0f}/100 — "
        f"{_esc(explanation.label_text)}</b>",
        f"<br>{subindices}</p>",
        f"<h3>{_esc(w['why'])}</h3><ul>"
        + "".join(f"<li>{_esc(r)}</li>" for r in explanation.reasons)
        + "</ul>",
    ]
    if explanation.flags:
        parts.append(
            f"<h3>{_esc(w['flags'])}</h3><ul>"
            + "".join(
                f"<li><b>[{_esc(w.get('flag_' + f['level'], f['level']))}]</b> "
                f"{_esc(f['message'])}</li>"
                for f in explanation.flags
            )
            + "</ul>"
        )
    gap_actions = {a for g in explanation.gaps for a in g["actions"]}
    steps = [a for a in explanation.actions if a not in gap_actions]
    if steps:
        title = w["conditions"] if explanation.recommendation == "one_off" else w["next_steps"]
        parts.append(
            f"<h3>{_esc(title)}</h3><ol>" + "".join(f"<li>{_esc(a)}</li>" for a in steps) + "</ol>"
        )
    if explanation.gaps:
        items = []
        for g in explanation.gaps:
            score = "" if g["score"] is None else f" ({w['score']} {g['score']:.0f}/100)"
            actions = "".join(f"<li>{_esc(a)}</li>" for a in g["actions"])
            items.append(f"<li><b>{_esc(g['title'])}</b>{_esc(score)}<ul>{actions}</ul></li>")
        parts.append(f"<h3>{_esc(w['plan'])}</h3><ol>{''.join(items)}</ol>")
    rows = "".join(
        f"<tr><td>{_esc(d['label'])}</td><td>{_score_text(d['score'])}"
        f"{' (' + _esc(w['needs_evidence']) + ')' if d['needs_evidence'] else ''}</td>"
        f"<td>{d['weight']:g}</td></tr>"
        for d in explanation.dimensions
    )
    parts.append(
        f"<h3>{_esc(w['by_dimension'])}</h3><table><thead><tr><th>{_esc(w['dimension'])}</th>"
        f"<th>{_esc(w['score'].capitalize())}</th><th>{_esc(w['weight'])}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )
    return "".join(parts)


class ResultsView:
    """One submission's result: recommendation, reasons, plan, radar, stakeholder map, report."""

    def __init__(
        self,
        questionnaire: QuestionnaireDef,
        lang: str = "fr",
        cohort_dir: str | Path | None = None,
        min_group: int = MIN_GROUP,
    ):
        self.questionnaire = questionnaire
        self.lang = lang
        self.cohort_dir = cohort_dir
        self.min_group = min_group
        self.submission: Submission | None = None
        self.explanation: scoring.Explanation | None = None
        self.context: CohortContext | None = None
        self.summary = W.HTML()
        self.radar = W.HTML()
        self.stakeholders = W.HTML()
        self.downloads = W.HTML()
        self.box = W.VBox([self.summary, self.radar, self.stakeholders, self.downloads])
        self.box.add_class("pertinence-results")

    def show(self, submission: Submission, lang: str | None = None) -> scoring.Explanation:
        """Compute and draw everything for ``submission``; the text first, the pictures next."""
        self.submission = submission
        self.lang = lang or self.lang
        q = self.questionnaire
        self.explanation = scoring.explain(submission, q, lang=self.lang)
        self.summary.value = result_html(self.explanation, q)
        self.context = cohort_context(self.cohort_dir, q, self.min_group)
        self.radar.value = self._radar_html()
        guide = stakeholders_mod.default()
        if submission.stakeholders:
            self.stakeholders.value = (
                f"<h3>{_esc(guide.title(self.lang))}</h3>"
                + stakeholder_map_html(submission.stakeholders, self.lang)
                + advice_table_html(submission.stakeholders, self.lang, guide)
            )
        else:
            self.stakeholders.value = ""
        self.downloads.value = self._downloads_html()
        return self.explanation

    def relabel(self, lang: str) -> None:
        self.lang = lang
        if self.submission is not None:
            self.show(self.submission, lang)

    def _radar_html(self) -> str:
        from . import charts

        assert self.explanation is not None
        assert self.context is not None
        w = UI[self.lang]
        scores = {d["id"]: d["score"] for d in self.explanation.dimensions}
        stats = self.context.stats
        ax = charts.radar(scores, self.questionnaire, lang=self.lang, cohort_stats=stats)
        png = charts.to_png_base64(ax)
        values = ", ".join(
            f"{d['label']} {'—' if d['score'] is None else round(d['score'])}"
            for d in self.explanation.dimensions
        )
        n = self.context.n_organisations
        note = (
            w["cohort_note"].format(n=n)
            if stats is not None
            else w["cohort_small"].format(min=self.min_group, n=n)
        )
        return (
            f'<img class="pertinence-radar" style="max-width:520px;width:100%" '
            f'alt="{_esc(w["radar_alt"].format(values=values))}" src="data:image/png;base64,{png}">'
            f'<p class="pertinence-help">{_esc(note)}</p>'
        )

    def _downloads_html(self) -> str:
        assert self.submission is not None
        w = UI[self.lang]
        try:
            from . import report
        except ImportError:
            return f'<p class="pertinence-help">{_esc(w["report_missing"])}</p>'
        document = report.group_report(
            self.submission,
            questionnaire=self.questionnaire,
            lang=self.lang,
            cohort_frame=self.context.answers if self.context else None,
            min_group=self.min_group,
        )
        stem = _file_stem(self.submission)
        return _download_link(
            document.encode("utf-8"),
            f"{stem}-rapport.html" if self.lang == "fr" else f"{stem}-report.html",
            "text/html;charset=utf-8",
            w["download_report"],
        ) + _download_link(
            json.dumps(self.submission.to_dict(), ensure_ascii=False, indent=1).encode("utf-8"),
            f"{stem}.json",
            "application/json;charset=utf-8",
            w["download_answers"],
        )


# --------------------------------------------------------------------------------------------
# The questionnaire app


@dataclass
class _Step:
    key: str
    title: Callable[[str], str]
    views: list[_View]
    box: W.VBox


class Questionnaire(_AppBase):
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
        min_group: int = MIN_GROUP,
        autosave: bool = True,
    ):
        super().__init__()
        q = questionnaire or default()
        self._init_base(q, lang)
        self.cohort_dir = Path(cohort_dir)
        self.min_group = min_group
        self.model = AnswersModel(q, self.cohort_dir, self._lang, cohort, autosave)
        lang = self._lang

        self.step_heading = W.HTML()
        self.step_heading.add_class("pertinence-step")
        self.step_picker = W.Dropdown(
            description=self.w("step"),
            style={"description_width": "initial"},
            layout=W.Layout(width="auto"),
        )
        self.progress = W.IntProgress(
            value=0,
            min=0,
            max=1,
            description=self.w("answered"),
            style={"description_width": "initial", "bar_color": OKABE_ITO["blue"]},
        )
        self.progress_text = W.HTML()
        self.back_button = W.Button(description=self.w("back"))
        self.next_button = _primary(W.Button(description=self.w("next")))
        wide = {"layout": W.Layout(width="auto")}  # long labels: the default width cuts them
        self.submit_button = _primary(W.Button(description=self.w("submit"), icon="check", **wide))
        self.status = W.HTML()
        self.download_answers = W.HTML()
        self.notice = W.HTML()
        self.draft_prompt = W.VBox([])
        self.resume_button = _primary(W.Button(description=self.w("resume"), **wide))
        self.ignore_draft_button = W.Button(description=self.w("ignore_draft"), **wide)
        self.upload = W.FileUpload(
            accept=".json,application/json",
            multiple=False,
            description=self.w("upload"),
            layout=W.Layout(width="340px"),
        )
        self.upload_help = W.HTML()
        self.missing_box = W.VBox([])
        self.submit_message = W.HTML()

        # the views, built from the data
        self.views: dict[str, _View] = {}
        self.gauges: list[W.HTML] = []
        self.steps = self._build_steps()
        self.result = ResultsView(q, lang, self.cohort_dir, min_group)

        self.body = W.VBox([])
        self.nav = W.HBox(
            [self.back_button, self.next_button], layout=W.Layout(margin="18px 0 6px 0")
        )
        self.stepper = W.HBox(
            [self.step_picker, self.progress, self.progress_text],
            layout=W.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.header = header = W.HBox(
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
            header,
            self.notice,
            self.draft_prompt,
            self.step_heading,
            self.body,
            self.nav,
            footer,
            self.errors,
        ]

        # wiring
        self.language.observe(self.guard(self._on_language), "value")
        self.step_picker.observe(self.guard(self._on_pick), "value")
        self.back_button.on_click(self.guard(lambda _b: self.goto(self.step - 1)))
        self.next_button.on_click(self.guard(lambda _b: self.goto(self.step + 1)))
        self.submit_button.on_click(self.guard(lambda _b: self.submit()))
        self.resume_button.on_click(self.guard(lambda _b: self.resume_pending()))
        self.ignore_draft_button.on_click(self.guard(lambda _b: self._dismiss_draft()))
        self.upload.observe(self.guard(self._on_upload), "value")
        self.model.observe(self.guard(self._on_model))

        self.step = 0
        self._relabel_chrome()
        self._refresh_all()
        self.goto(0)

    # ------------------------------------------------------------------ building
    def _build_steps(self) -> list[_Step]:
        q = self.questionnaire
        guide = stakeholders_mod.default()
        steps: list[_Step] = []
        hours_dimension = q.hours_question().dimension
        hours_step_title = (
            q.dimension(hours_dimension).label if hours_dimension else (lambda _l: "")
        )

        def view_of(question: Question) -> _View:
            view_type = _VIEW_TYPES.get(question.scale.type, _TextQuestionView)
            view = view_type(self, question)
            self.views[view.key] = view
            return view

        def with_gauge(view: _View) -> list[W.Widget]:
            widgets: list[W.Widget] = [view.box]
            if view.key in (q.platform_question().id, q.hours_question().id):
                gauge = W.HTML()
                self.gauges.append(gauge)
                widgets.append(gauge)
            return widgets

        self._hours_step_title = hours_step_title
        # 1. the organisation, then the routing questions (not scored)
        profile_views: list[_View] = []
        for pf in q.profile:
            view = _ProfileView(self, pf)
            self.views[view.key] = view
            profile_views.append(view)
        routing = [view_of(x) for x in q.questions if not x.scored]
        self.profile_intro = W.HTML()
        resume_box = W.VBox([self.upload_help, self.upload])
        resume_box.add_class("pertinence-resume")
        children: list[W.Widget] = [self.profile_intro]
        for any_view in [*profile_views, *routing]:
            children += with_gauge(any_view)
        children.append(resume_box)
        steps.append(
            _Step(
                "profile",
                lambda lang: UI[lang]["profile"],
                [*profile_views, *routing],
                W.VBox(children),
            )
        )
        # 2. one step per dimension
        for d in q.dimensions:
            views = [view_of(x) for x in q.questions_of(d.id)]
            children = []
            for question_view in views:
                children += with_gauge(question_view)
            steps.append(_Step(d.id, d.label, views, W.VBox(children)))
        # 3. the stakeholder map, 4. review and submit
        self.stakeholder_editor = StakeholderEditor(
            self._lang,
            on_change=self.model.set_stakeholders,
            guard=self.guard,
            guide=guide,
            questionnaire=q,
        )
        steps.append(_Step("stakeholders", guide.title, [], self.stakeholder_editor.box))
        review = W.VBox([self.missing_box, self.submit_message, self.submit_button])
        steps.append(_Step("review", lambda lang: UI[lang]["review"], [], review))
        return steps

    # ------------------------------------------------------------------ public API
    @property
    def value(self) -> Submission:
        """The submission being answered (or submitted)."""
        return self.model.submission

    def view(self, key: str) -> _View:
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
        org = {"name": UI[self._lang]["demo_name"]}
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
        with self._picker_sync():
            self.step_picker.value = index
        self.back_button.disabled = index == 0
        last = index == len(self.steps) - 1
        self.next_button.layout.visibility = "hidden" if last else "visible"
        if self.steps[index].key == "review":
            self._refresh_missing()

    def submit(self) -> bool:
        """Submit and show the result; with answers missing, list them instead (returns False).

        :func:`toolkit.store.submit` refuses a submission with required answers missing, so the
        group sees the list, with a button to each step concerned, before anything is sent.
        """
        if self.model.submitted:
            self.submit_message.value = self._msg(self.w("already_submitted"))
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
        self.draft_prompt.children = []
        self.notice.value = self._ok(
            self.w("resumed", n=len(draft.answers), name=draft.organisation.get("name", ""))
        )

    # ------------------------------------------------------------------ callbacks
    @contextlib.contextmanager
    def _picker_sync(self) -> Iterator[None]:
        self._picking = True
        try:
            yield
        finally:
            self._picking = False

    def _on_pick(self, change: dict[str, Any]) -> None:
        if getattr(self, "_picking", False) or change["new"] is None:
            return
        self.goto(int(change["new"]))

    def _on_language(self, change: dict[str, Any]) -> None:
        lang = change["new"]
        self._lang = lang
        self.model.set_language(lang)

    def _on_model(self, key: str) -> None:
        if key == "language":
            self._relabel_all()
            return
        if key == "*":
            self._refresh_views()
        if key == "status":
            return
        self._refresh_all()

    def _after_profile(self, field_id: str, event: str) -> None:
        if event == "resumed":
            sub = self.model.submission
            self.notice.value = self._ok(
                self.w("resumed", n=len(sub.answers), name=sub.organisation.get("name", ""))
            )
        elif event == "draft_found":
            self._show_draft_prompt()

    def _show_draft_prompt(self) -> None:
        """Offer the draft found for the organisation's name (resume it, or go on without)."""
        draft = self.model.pending_draft
        if draft is None:
            self.draft_prompt.children = []
            return
        text = self.w(
            "draft_found",
            name=draft.organisation.get("name", ""),
            n=len(draft.answers),
            started=(draft.started or "")[:10],
        )
        self.draft_prompt.children = [
            W.HTML(self._msg(text)),
            W.HBox([self.resume_button, self.ignore_draft_button]),
        ]

    def _dismiss_draft(self) -> None:
        self.model.pending_draft = None
        self.draft_prompt.children = []

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        name = str(item.get("name", ""))
        try:
            sub = self._read_upload(bytes(item["content"]))
        except (PertinenceError, ValueError) as exc:
            error = messages.text_of(exc, self._lang)
            self.notice.value = self._msg(self.w("upload_failed", error=error))
            return
        finally:
            with contextlib.suppress(Exception):
                self.upload.value = ()
        self.model.load(sub)
        self.notice.value = self._ok(self.w("uploaded", file=name, n=len(sub.answers)))

    def _read_upload(self, data: bytes) -> Submission:
        """An answers file → a draft to continue (a submitted file starts a new submission)."""
        sub = Submission.from_dict(_answers_json(data), self.questionnaire)
        on_disk = self.cohort_dir / f"{sub.submission_id}.json"
        taken = False
        if on_disk.is_file():
            with contextlib.suppress(Exception):
                taken = json.loads(on_disk.read_text(encoding="utf-8")).get("status") == "submitted"
        if sub.status == "submitted" or taken:
            fresh = Submission.new(self.questionnaire, self.model.cohort, self._lang)
            fresh.organisation, fresh.answers = sub.organisation, sub.answers
            fresh.stakeholders, fresh.respondent_role = sub.stakeholders, sub.respondent_role
            sub = fresh
        sub.cohort = self.model.cohort
        return sub

    # ------------------------------------------------------------------ drawing
    def _msg(self, text: str) -> str:
        return f'<div class="pertinence-msg" role="status">{_esc(text)}</div>'

    def _ok(self, text: str) -> str:
        return f'<div class="pertinence-ok" role="status">{_esc(text)}</div>'

    def _relabel_chrome(self) -> None:
        lang = self._lang
        self._render_heading()
        self.step_picker.description = self.w("step")
        with self._picker_sync():
            self.step_picker.options = [
                (f"{i + 1}. {s.title(lang)}", i) for i, s in enumerate(self.steps)
            ]
            self.step_picker.value = self.step if hasattr(self, "step") else 0
        self.progress.description = self.w("answered")
        self.back_button.description = self.w("back")
        self.next_button.description = self.w("next")
        self.submit_button.description = self.w("submit")
        self.resume_button.description = self.w("resume")
        self.ignore_draft_button.description = self.w("ignore_draft")
        self.upload.description = self.w("upload")
        self.upload_help.value = (
            f'<h3>{_esc(self.w("resume_title"))}</h3><div class="pertinence-help">'
            f"{_esc(self.w('resume_help'))}</div>"
        )
        self.profile_intro.value = f"<p>{_esc(self.w('profile_intro'))}</p>"

    def _render_heading(self) -> None:
        if self.model.submitted:
            self.step_heading.value = ""
            return
        step = self.steps[self.step]
        where = self.w("step_of", i=self.step + 1, n=len(self.steps))
        self.step_heading.value = f"<h2>{_esc(step.title(self._lang))}</h2>" + _tag(
            "div", "pertinence-status", where
        )

    def _relabel_all(self) -> None:
        lang = self._lang
        self._relabel_chrome()
        for view in self.views.values():
            view.relabel(lang)
        self.stakeholder_editor.relabel(lang)
        self.notice.value = ""
        self._show_draft_prompt()
        if self.model.submitted:
            self.result.relabel(lang)
        self._refresh_all()

    def _refresh_views(self) -> None:
        for view in self.views.values():
            view.show()
        self.stakeholder_editor.set_actors(self.model.submission.stakeholders, notify=False)

    def _refresh_all(self) -> None:
        answered, total = self.model.answered_count()
        self.progress.max = max(total, 1)
        self.progress.value = answered
        word = plural(self._lang, answered, "answer")
        self.progress_text.value = _tag(
            "span", "pertinence-status", self.w("answered_of", n=answered, total=total, word=word)
        )
        gauge = gauge_html(
            self.questionnaire, self.model, self._lang, self._hours_step_title(self._lang)
        )
        for g in self.gauges:
            g.value = gauge
        sub = self.model.submission
        # once submitted, the result view offers the answers file beside the report
        if sub.organisation.get("name") and not self.model.submitted:
            self.download_answers.value = _download_link(
                self.model.to_json().encode("utf-8"),
                f"{_file_stem(sub)}.json",
                "application/json;charset=utf-8",
                self.w("download_answers"),
            )
        else:
            self.download_answers.value = ""
        if self.model.last_saved is not None and not self.model.submitted:
            when = self.model.last_saved.strftime("%H:%M:%S")
            self.status.value = _tag(
                "span", "pertinence-status", self.w("saved", time=when), "status"
            )
        elif not self.model.submitted:
            self.status.value = (
                f'<span class="pertinence-status">{_esc(self.w("not_saved_yet"))}</span>'
            )
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
            self.missing_box.children = [W.HTML(self._ok(self.w("missing_none")))]
            return
        by_step: dict[int, list[str]] = {}
        for key in missing:
            by_step.setdefault(self._step_of(key), []).append(key)
        profile_missing = any(m.startswith("organisation.") for m in missing)
        dk = next(
            (
                o.label(self._lang)
                for sc in self.questionnaire.scales.values()
                for o in sc.options
                if o.dk
            ),
            "?",
        )
        intro = (
            self.w("missing_profile")
            if profile_missing
            else self.w("missing_intro", n=len(missing), dk=dk)
        )
        children: list[W.Widget] = [
            W.HTML(f"<h3>{_esc(self.w('missing_title'))}</h3>{self._msg(intro)}")
        ]
        for index, keys in sorted(by_step.items()):
            step = self.steps[index]
            texts = []
            for key in keys:
                view = self.views.get(key)
                if isinstance(view, _ProfileView):
                    texts.append(view.field.text(self._lang))
                elif view is not None:
                    texts.append(view.question.text(self._lang))  # type: ignore[attr-defined]
            button = W.Button(
                description=self.w("go_to", step=step.title(self._lang)),
                layout=W.Layout(width="auto"),
            )
            button.on_click(self.guard(lambda _b, i=index: self.goto(i)))
            items = "".join(f"<li>{_esc(t)}</li>" for t in texts)
            children += [W.HTML(f"<ul>{items}</ul>"), button]
        self.missing_box.children = children

    def _show_result(self) -> None:
        self.nav.layout.display = "none"
        self.stepper.layout.display = "none"
        self.header.layout.justify_content = "flex-end"
        self.step_heading.value = ""
        self.draft_prompt.children = []
        self.notice.value = self._ok(self.w("submitted"))
        self.body.children = [self.result.box]
        self.status.value = ""
        self.result.show(self.model.submission, self._lang)


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


# --------------------------------------------------------------------------------------------
# The debrief: our results against the cohort


def comparison_html(explanation: scoring.Explanation, context: CohortContext, lang: str) -> str:
    """Our score by dimension beside the cohort median, or why the cohort is not shown."""
    w = UI[lang]
    if context.stats is None:
        return (
            f"<h3>{_esc(w['comparison'])}</h3><p>"
            + _esc(w["cohort_small"].format(min=context.min_group, n=context.n_organisations))
            + "</p>"
        )
    rows = []
    for d in explanation.dimensions:
        median = float(context.stats.loc[d["id"], "median"])
        ours = d["score"]
        if ours is None:
            position = "—"
        elif ours > median:
            position = w["above"]
        elif ours < median:
            position = w["below"]
        else:
            position = w["at"]
        shown = "—" if ours is None else f"{ours:.0f}"
        rows.append(
            f"<tr><td>{_esc(d['label'])}</td><td>{shown}</td><td>{median:.0f}</td>"
            f"<td>{_esc(position)}</td></tr>"
        )
    head = "".join(
        f"<th>{_esc(w[k])}</th>" for k in ("dimension", "ours", "cohort_median", "position")
    )
    note = w["cohort_table_note"].format(n=context.n_organisations)
    return (
        f"<h3>{_esc(w['comparison'])}</h3><table class='pertinence-table'><thead><tr>{head}</tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table><p class='pertinence-help'>{_esc(note)}</p>"
    )


class Debrief(_AppBase):
    """The group's debrief (notebook 02): find our latest submission, show it against the cohort."""

    def __init__(
        self,
        cohort_dir: str | Path,
        questionnaire: QuestionnaireDef | None = None,
        lang: str = "fr",
        min_group: int = MIN_GROUP,
    ):
        super().__init__()
        q = questionnaire or default()
        self._init_base(q, lang)
        self.cohort_dir = Path(cohort_dir)
        self.min_group = min_group
        self.submission: Submission | None = None
        self.help = W.HTML()
        self.name = W.Text(
            description=self.w("org_name"),
            continuous_update=False,
            style={"description_width": "initial"},
            layout=W.Layout(width="auto"),
        )
        self.show_button = _primary(W.Button(description=self.w("show_results")))
        self.upload = W.FileUpload(
            accept=".json,application/json",
            multiple=False,
            description=self.w("upload"),
            layout=W.Layout(width="340px"),
        )
        self.message = W.HTML()
        self.result = ResultsView(q, self._lang, self.cohort_dir, min_group)
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
            self.result.box,
            self.errors,
        ]
        self.language.observe(self.guard(self._on_language), "value")
        self.show_button.on_click(self.guard(lambda _b: self.show(self.name.value)))
        self.name.observe(
            self.guard(lambda c: self.show(c["new"]) if c["new"].strip() else None), "value"
        )
        self.upload.observe(self.guard(self._on_upload), "value")
        self._relabel()

    def _relabel(self) -> None:
        self.help.value = f"<p>{_esc(self.w('debrief_help'))}</p>"
        self.name.description = self.w("org_name")
        self.show_button.description = self.w("show_results")
        self.upload.description = self.w("upload")

    def _on_language(self, change: dict[str, Any]) -> None:
        self._lang = change["new"]
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
            self.message.value = _tag(
                "div", "pertinence-msg", self.w("not_found", name=organisation_name), "status"
            )
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
                f'<div class="pertinence-msg">{_esc(self.w("not_found", name="—"))}</div>'
            )
            return None
        return self.show(loaded.submissions[-1].organisation.get("name") or "")

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        try:
            raw = _answers_json(bytes(files[0]["content"]))
            sub = Submission.from_dict(raw, self.questionnaire)
        except (PertinenceError, ValueError) as exc:
            error = self.w("upload_failed", error=messages.text_of(exc, self._lang))
            self.message.value = f'<div class="pertinence-msg">{_esc(error)}</div>'
            return
        finally:
            with contextlib.suppress(Exception):
                self.upload.value = ()
        self._render(sub, count=None)

    def _render(self, submission: Submission, count: int | None) -> None:
        self.submission = submission
        when = (submission.submitted or "")[:10]
        self.message.value = (
            _tag("p", "pertinence-help", self.w("earlier", n=count, date=when))
            if count and count > 1
            else ""
        )
        explanation = self.result.show(submission, self._lang)
        assert self.result.context is not None
        self.comparison.value = comparison_html(explanation, self.result.context, self._lang)


__all__ = [
    "AnswersModel",
    "Debrief",
    "Questionnaire",
    "ResultsView",
    "StakeholderEditor",
    "UI",
    "advice_table_html",
    "cohort_context",
    "cohort_folder",
    "comparison_html",
    "demo_answers",
    "demo_mode",
    "gauge_html",
    "repo_root",
    "result_html",
    "stakeholder_map_html",
]
