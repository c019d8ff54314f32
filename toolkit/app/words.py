"""The words of the app's screens in French and English, read through :func:`word` alone.

Not the questionnaire's words (those are data). Every lookup goes through :func:`word`, so that
moving this table into the project's words catalogue is a change in this one module.
"""

from __future__ import annotations

from typing import Any

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


def word(lang: str, key: str, **kwargs: Any) -> str:
    """One word of the screen in ``lang`` (``"fr"`` or ``"en"``), formatted with ``kwargs``."""
    text = UI[lang][key]
    return text.format(**kwargs) if kwargs else text


def has_word(lang: str, key: str) -> bool:
    """True when the screen has a word for ``key`` (for keys built from data, like flag levels)."""
    return key in UI[lang]


def plural(lang: str, n: int, stem: str) -> str:
    """``stem + "_one"`` or ``"_many"`` in ``lang``: French counts 0 and 1 as singular."""
    one = n <= 1 if lang == "fr" else n == 1
    return word(lang, f"{stem}_{'one' if one else 'many'}")
