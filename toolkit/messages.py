"""The words of the messages people read when their data is wrong, in French and English.

:data:`CATALOG` maps a key to a ``str.format`` template in each language; :func:`render` fills
one in. French is the default: :func:`set_language` changes the language of the whole process
(``PERTINENCE_LANG=en`` sets it at import), and every ``text(lang)`` method takes a language to
override it for one call (what the widgets do, each in its app's language).

Rendering follows each language's conventions: in French, numbers take a decimal comma and
large whole numbers are grouped by thousands (``1 048 576``); user text placed in a template
without ``!r`` has its control characters shown as escapes, so a message stays on one line.
A parameter with a ``text(lang)`` method (a :class:`Phrase`, an error of
:mod:`toolkit.errors`, :func:`either`) is rendered in the same language as the template.

>>> render("answer.unknown_code", "fr", allowed="yes, no")
'réponse inconnue; codes permis : yes, no (ou leurs libellés)'
>>> render("answer.unknown_code", "en", allowed="yes, no")
'unknown answer; allowed codes: yes, no (or their labels)'
"""

from __future__ import annotations

import errno
import os
import string
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
ENV = "PERTINENCE_LANG"

# One entry per message: {key: {"fr": template, "en": template}}. Both templates of a key use
# the same placeholders (tests/test_messages.py checks it). French as written in Québec: « »,
# a space before the colon, none before ; or ?, "courriel", "organisme".
CATALOG: dict[str, dict[str, str]] = {
    # where a problem is: "file.csv, ligne 7, colonne « audience.2 » : … (valeur : « x »)"
    "where.row": {"fr": "ligne {row}", "en": "row {row}"},
    "where.column": {"fr": "colonne « {column} »", "en": "column '{column}'"},
    "where.letter": {"fr": "colonne {letter}", "en": "column {letter}"},
    "where.value": {"fr": "(valeur : « {value}{more} »)", "en": "(value: {value!r}{more})"},
    "where.sep": {"fr": " : ", "en": ": "},
    "list.or": {"fr": " ou ", "en": " or "},
    # reading and writing files (store and forms)
    "file.missing": {"fr": "fichier introuvable", "en": "no such file"},
    "file.not_a_file": {"fr": "ce n'est pas un fichier", "en": "not a file"},
    "file.not_regular": {"fr": "ce n'est pas un fichier ordinaire", "en": "not a regular file"},
    "file.symlink": {
        "fr": "lien symbolique ignoré : seuls les fichiers déposés dans le dossier sont lus",
        "en": "symbolic link skipped: only files placed in the folder are read",
    },
    "file.empty": {"fr": "le fichier est vide", "en": "the file is empty"},
    "file.unreadable": {
        "fr": "impossible de lire le fichier ({reason})",
        "en": "cannot read the file ({reason})",
    },
    "file.unwritable": {
        "fr": "impossible d'écrire le fichier ({reason})",
        "en": "cannot write the file ({reason})",
    },
    "file.too_big": {
        "fr": "fichier trop volumineux ({size} octets; maximum {limit} octets)",
        "en": "the file is too big ({size} bytes; the limit is {limit})",
    },
    "file.over": {
        "fr": "fichier trop volumineux (plus de {limit} octets)",
        "en": "the file is too big (over {limit} bytes)",
    },
    "file.upload_too_big": {
        "fr": "fichier trop volumineux ({size} octets)",
        "en": "the file is too big ({size} bytes)",
    },
    "file.broken": {
        "fr": "fichier illisible ({error} : {detail})",
        "en": "cannot be read ({error}: {detail})",
    },
    # JSON answers files
    "json.not_utf8": {
        "fr": "ce n'est pas du texte UTF-8 (octet 0x{byte:02x} à la position {position})",
        "en": "not UTF-8 text (byte 0x{byte:02x} at position {position})",
    },
    "json.truncated": {
        "fr": "fichier tronqué : le JSON s'arrête avant la fin (ligne {line}, colonne {column})",
        "en": "truncated file: the JSON stops before its end (line {line}, column {column})",
    },
    "json.invalid": {
        "fr": "JSON non valide : {detail} (ligne {line}, colonne {column})",
        "en": "not valid JSON: {detail} (line {line}, column {column})",
    },
    "json.too_deep": {
        "fr": "JSON non valide : trop de niveaux imbriqués",
        "en": "not valid JSON: nested too deeply",
    },
    "json.not_answers": {
        "fr": "ce n'est pas un fichier de réponses JSON ({detail}, ligne {line})",
        "en": "not a JSON answers file ({detail}, line {line})",
    },
    # one submission (answers.Submission.from_dict, store.save and store.submit)
    "submission.bad_id": {
        "fr": "l'identifiant de soumission « {id} » n'est pas un UUID",
        "en": "submission id {id!r} is not a UUID",
    },
    "submission.not_object": {
        "fr": "le fichier doit contenir un objet JSON",
        "en": "the file must hold a JSON object",
    },
    "submission.no_questionnaire": {
        "fr": "le champ « questionnaire » doit indiquer l'identifiant et la version du "
        "questionnaire",
        "en": "field 'questionnaire' must give the questionnaire id and version",
    },
    "submission.other_version": {
        "fr": "réponses faites avec le questionnaire « {id} », version {version}, alors que cet "
        "outil utilise « {expected_id} », version {expected_version}; exportez-les avec la "
        "version correspondante de Pertinence ou saisissez-les de nouveau",
        "en": "made with questionnaire {id!r} version {version!r}, but this tool uses "
        "'{expected_id}' version {expected_version}; export it with the matching version of "
        "Pertinence or re-enter it",
    },
    "submission.not_saved_version": {
        "fr": "la soumission {id} a été faite avec le questionnaire « {made_id} », version "
        "{made_version}, mais le questionnaire chargé est « {loaded_id} », version "
        "{loaded_version}; elle n'est pas enregistrée",
        "en": "submission {id} was made with questionnaire '{made_id}' version {made_version}, "
        "but the loaded questionnaire is '{loaded_id}' version {loaded_version}; it is not saved",
    },
    "submission.id_not_uuid": {
        "fr": "le champ « submission_id » n'est pas un UUID : « {id} »",
        "en": "field 'submission_id' is not a UUID: {id!r}",
    },
    "submission.bad_status": {
        "fr": "le champ « status » doit valoir draft ou submitted, et non « {status} »",
        "en": "field 'status' must be draft or submitted, not {status!r}",
    },
    "submission.bad_language": {
        "fr": "le champ « language » doit valoir fr ou en, et non « {language} »",
        "en": "field 'language' must be fr or en, not {language!r}",
    },
    "submission.answers_not_object": {
        "fr": "le champ « answers » doit être un objet {{identifiant de question : réponse}}",
        "en": "field 'answers' must be an object {{question id: answer}}",
    },
    "submission.unknown_question": {
        "fr": "answers : identifiant de question inconnu « {id} »",
        "en": "answers: unknown question id {id!r}",
    },
    "submission.bad_field": {
        "fr": "{field} : {reason} (valeur : « {value} »)",
        "en": "{field}: {reason} (value: {value!r})",
    },
    "submission.organisation_not_object": {
        "fr": "le champ « organisation » doit être un objet",
        "en": "field 'organisation' must be an object",
    },
    "submission.stakeholders_not_list": {
        "fr": "le champ « stakeholders » doit être une liste",
        "en": "field 'stakeholders' must be a list",
    },
    "submission.too_big": {
        "fr": "la soumission {id} ferait {size} octets une fois écrite; la limite est de "
        "{limit} octets (trop de parties prenantes?)",
        "en": "submission {id} is {size} bytes once written; the limit is {limit} bytes "
        "(too many stakeholders?)",
    },
    "submission.missing_one": {
        "fr": "impossible de soumettre : {count} réponse obligatoire manquante : {missing}",
        "en": "cannot submit: {count} required answer missing: {missing}",
    },
    "submission.missing_many": {
        "fr": "impossible de soumettre : {count} réponses obligatoires manquantes : {missing}",
        "en": "cannot submit: {count} required answers missing: {missing}",
    },
    "submission.already_submitted": {
        "fr": "ces réponses sont déjà soumises",
        "en": "these answers are already submitted",
    },
    # the stakeholder map
    "stakeholder.not_object": {
        "fr": "chaque partie prenante doit être un objet",
        "en": "each stakeholder must be an object",
    },
    "stakeholder.influence": {
        "fr": "l'influence d'une partie prenante doit aller de 1 à 5, et non « {value} »",
        "en": "stakeholder influence must be 1 to 5, not {value!r}",
    },
    "stakeholder.relationship": {
        "fr": "la relation avec une partie prenante doit aller de -2 à 2, et non « {value} »",
        "en": "stakeholder relationship must be -2 to 2, not {value!r}",
    },
    # one answer (answers.normalise_answer, normalise_profile, coerce_answers)
    "answer.unknown_code": {
        "fr": "réponse inconnue; codes permis : {allowed} (ou leurs libellés)",
        "en": "unknown answer; allowed codes: {allowed} (or their labels)",
    },
    "answer.number_expected": {
        "fr": "un nombre est attendu (p. ex. 6 ou 6,5)",
        "en": "a number is expected (e.g. 6 or 6,5)",
    },
    "answer.out_of_range": {
        "fr": "doit être compris entre {min:g} et {max:g}",
        "en": "must be between {min:g} and {max:g}",
    },
    "answer.unknown_choice": {
        "fr": "choix inconnu « {choice} »; choix permis : {allowed}",
        "en": "unknown choice {choice!r}; allowed: {allowed}",
    },
    "answer.exclusive": {
        "fr": "« {codes} » exclut les autres choix",
        "en": "'{codes}' excludes other choices",
    },
    "answer.date_expected": {
        "fr": "une date est attendue au format AAAA-MM-JJ",
        "en": "a date is expected as YYYY-MM-DD",
    },
    "answer.unknown_value": {
        "fr": "valeur inconnue; codes permis : {allowed}",
        "en": "unknown value; allowed codes: {allowed}",
    },
    "answer.column_unknown_code": {
        "fr": "colonne {column} : code inconnu « {code} »; codes permis : {allowed}",
        "en": "column {column}: unknown code {code!r}; allowed: {allowed}",
    },
    # wide CSV/XLSX files (forms)
    "wide.utf16": {"fr": "texte UTF-16 endommagé", "en": "damaged UTF-16 text"},
    "wide.binary": {
        "fr": "ce fichier n'est pas un tableau CSV ou XLSX lisible (c'est un fichier binaire); "
        "exportez les réponses en CSV ou en XLSX",
        "en": "this is a binary file, not a CSV table; export the answers as CSV or XLSX",
    },
    "wide.encoding": {
        "fr": "le texte n'est ni en UTF-8 ni en Windows-1252 (cp1252)",
        "en": "the text is neither UTF-8 nor Windows-1252 (cp1252)",
    },
    "wide.cell_too_long": {
        "fr": "une cellule dépasse {limit} caractères (un guillemet jamais refermé?)",
        "en": "a cell is longer than {limit} characters (a quote that is never closed?)",
    },
    "wide.bad_csv_row": {
        "fr": "cette ligne CSV est illisible ({detail})",
        "en": "not a readable CSV row ({detail})",
    },
    "wide.bad_xlsx": {
        "fr": "ce classeur XLSX est illisible ({detail})",
        "en": "not a readable XLSX workbook ({detail})",
    },
    "wide.xlsx_expands": {
        "fr": "une fois décompressé, le classeur occupe {size} Mo; la limite est de {limit} Mo "
        "(est-ce bien une exportation de formulaire?)",
        "en": "the workbook expands to {size} MiB; the limit is {limit} MiB (not a form export?)",
    },
    "wide.no_sheet": {
        "fr": "le classeur ne contient aucune feuille",
        "en": "the workbook has no worksheet",
    },
    "wide.damaged_sheet": {
        "fr": "feuille de calcul endommagée ({detail})",
        "en": "damaged worksheet ({detail})",
    },
    "wide.unsupported": {
        "fr": "les fichiers {suffix} ne sont pas lus; enregistrez la feuille en .xlsx ou en CSV",
        "en": "{suffix} files are not read; save the sheet as .xlsx or CSV",
    },
    "wide.too_big": {
        "fr": "fichier trop volumineux ({size:.1f} Mo; maximum {limit:.0f} Mo)",
        "en": "the file is too big ({size:.1f} MiB; the limit is {limit:.0f} MiB)",
    },
    "wide.over": {
        "fr": "fichier trop volumineux (maximum {limit:.0f} Mo)",
        "en": "the file is too big (the limit is {limit:.0f} MiB)",
    },
    "wide.old_excel": {
        "fr": "ancien format Excel (.xls); enregistrez la feuille en .xlsx ou en CSV",
        "en": "old Excel (.xls) format; save the sheet as .xlsx or CSV",
    },
    "wide.not_header": {
        "fr": "la ligne {header_row} n'est pas un en-tête Pertinence; colonnes attendues, par "
        "exemple : {columns} … (voir `pertinence template`)",
        "en": "row {header_row} is not a Pertinence header; expected columns such as "
        "{columns} … (see `pertinence template`)",
    },
    "wide.no_name_column": {
        "fr": "aucune colonne « {column} » dans l'en-tête (ligne {header_row}); chaque ligne "
        "doit indiquer le nom de l'organisme",
        "en": "no '{column}' column in the header (row {header_row}); each row needs the "
        "organisation's name",
    },
    "wide.too_many_rows": {
        "fr": "plus de {limit} lignes; divisez le fichier",
        "en": "more than {limit} rows; split the file",
    },
    "wide.unknown_column": {
        "fr": "colonne inconnue; ses cellules sont ignorées (colonnes attendues : les "
        "métadonnées et les identifiants de questions de `pertinence template`)",
        "en": "unknown column; its cells are ignored (expected the metadata columns and "
        "question ids of `pertinence template`)",
    },
    "wide.duplicate_column": {
        "fr": "colonne en double; seule la première est lue",
        "en": "column appears twice; only the first one is read",
    },
    "wide.column_missing": {
        "fr": "colonne obligatoire absente : cette réponse manque dans toutes les lignes",
        "en": "required column missing: every row lacks this answer",
    },
    "wide.no_name": {
        "fr": "aucun nom d'organisme; ligne ignorée",
        "en": "no organisation name; row skipped",
    },
    "wide.no_answers": {
        "fr": "aucune réponse; ligne ignorée",
        "en": "no answers at all; row skipped",
    },
    "wide.bad_timestamp": {
        "fr": "ce n'est pas une date et une heure au format 2026-12-03T14:05:00; valeur ignorée",
        "en": "not a date and time like 2026-12-03T14:05:00; ignored",
    },
    "wide.required_missing": {
        "fr": "réponse obligatoire manquante",
        "en": "required answer missing",
    },
    "wide.headerless_cell": {
        "fr": "cellule sous une colonne sans en-tête reconnu; ces cellules sont ignorées",
        "en": "cell under a column without a known header; such cells are ignored",
    },
    "wide.bad_choice": {
        "fr": "« {field} » doit valoir {choices}; la valeur {default} est retenue",
        "en": "{field} must be {choices}; {default} is used",
    },
    "wide.bad_id": {
        "fr": "ce n'est pas un UUID; un nouvel identifiant de soumission est attribué",
        "en": "not a UUID; a new submission id is given",
    },
    "wide.repeated_id": {
        "fr": "même identifiant de soumission qu'à la ligne {first_row}; un nouvel identifiant "
        "est attribué",
        "en": "same submission id as row {first_row}; a new id is given",
    },
    "wide.no_rows": {
        "fr": "aucune ligne de données sous l'en-tête",
        "en": "no data rows below the header",
    },
    "wide.more_problems": {
        "fr": "{count} autre(s) problème(s) non affiché(s)",
        "en": "{count} more problems not listed",
    },
    "wide.not_saved": {"fr": "réponses non enregistrées : {reason}", "en": "not saved: {reason}"},
    "wide.cannot_write_suffix": {
        "fr": "impossible d'écrire un fichier « {suffix} »; utilisez .csv ou .xlsx",
        "en": "cannot write '{suffix}' files; use .csv or .xlsx",
    },
    # what a load found (store.LoadResult.summary); "one" is 0 or 1 in French, 1 in English
    "summary.submissions.one": {"fr": "{count} réponse soumise", "en": "{count} submission"},
    "summary.submissions.many": {"fr": "{count} réponses soumises", "en": "{count} submissions"},
    "summary.drafts.one": {"fr": "{count} brouillon", "en": "{count} draft"},
    "summary.drafts.many": {"fr": "{count} brouillons", "en": "{count} drafts"},
    "summary.problems.one": {"fr": "{count} problème", "en": "{count} problem"},
    "summary.problems.many": {"fr": "{count} problèmes", "en": "{count} problems"},
    "summary.ignored.one": {"fr": "{count} fichier ignoré", "en": "{count} file ignored"},
    "summary.ignored.many": {"fr": "{count} fichiers ignorés", "en": "{count} files ignored"},
    # cohorts (store.load_cohort and cohort)
    "cohort.no_folder": {"fr": "dossier de cohorte introuvable", "en": "no such cohort folder"},
    "cohort.not_listable": {
        "fr": "ce compte peut déposer des réponses dans le dossier de cohorte, mais pas le lire",
        "en": "this account may add answers to the cohort folder but not read it",
    },
    "cohort.duplicate_file": {
        "fr": "même identifiant de soumission que {kept} ({id}); fichier ignoré",
        "en": "same submission id as {kept} ({id}); skipped",
    },
    "cohort.duplicate_source": {
        "fr": "cet identifiant de soumission a déjà été chargé à partir d'une autre source; "
        "la première copie est conservée",
        "en": "this submission id was already loaded from another source; the first copy is kept",
    },
    "cohort.no_path": {"fr": "fichier ou dossier introuvable", "en": "no such file or folder"},
    "cohort.not_a_source": {
        "fr": "ce n'est ni un dossier de cohorte ni un fichier .csv, .xlsx ou .json",
        "en": "not a cohort folder, a .csv, a .xlsx or a .json file",
    },
    "cohort.export_suffix": {
        "fr": "le fichier d'exportation doit se terminer par .csv ou .xlsx",
        "en": "the export must end in .csv or .xlsx",
    },
    "cohort.min_group_type": {
        "fr": "min_group doit être un nombre entier, et non « {value} »",
        "en": "min_group must be a whole number, not {value!r}",
    },
    "cohort.min_group_low": {
        "fr": "min_group vaut {value}, mais il ne peut jamais être inférieur à {floor} : dans un "
        "groupe plus petit, les participants pourraient reconnaître les réponses des autres "
        "organismes. Utilisez {floor} ou plus (la valeur par défaut est {default}).",
        "en": "min_group is {value}, but it can never be below {floor}: with fewer "
        "organisations in a group, participants could recognise one another's answers. "
        "Use {floor} or more (the default is {default}).",
    },
}

# The system's own words for a failed read or write stay as they are in English; in French,
# the usual ones are said in French (by errno name), the others are kept as the system gives them.
OS_ERRORS_FR: dict[str, str] = {
    "EACCES": "permission refusée",
    "EPERM": "opération non permise",
    "ENOENT": "fichier ou dossier introuvable",
    "EISDIR": "c'est un dossier",
    "ENOTDIR": "ce n'est pas un dossier",
    "ENOSPC": "plus d'espace libre sur le disque",
    "EDQUOT": "quota de disque dépassé",
    "EROFS": "système de fichiers en lecture seule",
    "EIO": "erreur d'entrée-sortie",
    "EMFILE": "trop de fichiers ouverts",
}

# What the json module says about a bad file, said in French (the English stays as it is).
JSON_ERRORS_FR: dict[str, str] = {
    "Expecting value": "valeur attendue",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendu",
    "Expecting property name enclosed in double quotes": "nom de champ entre guillemets "
    "droits attendu",
    "Extra data": "données en trop après la fin",
    "Invalid control character at": "caractère de contrôle non valide",
    "Invalid \\escape": "séquence d'échappement non valide",
    "Invalid \\uXXXX escape": "séquence \\uXXXX non valide",
    "Unterminated string starting at": "texte entre guillemets jamais refermé",
}


# --------------------------------------------------------------------------------------------
# The language of the process


def _from_env() -> str:
    lang = os.environ.get(ENV, "").strip().lower()
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


_language = _from_env()


def set_language(lang: str) -> None:
    """Make ``lang`` (``"fr"`` or ``"en"``) the language of messages rendered without one."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    _language = lang


def get_language() -> str:
    """The language of messages rendered without one: ``"fr"`` unless set otherwise."""
    return _language


def language(lang: str | None = None) -> str:
    """``lang`` when it is a known language, else the process's language."""
    return lang if lang in LANGUAGES else _language


# --------------------------------------------------------------------------------------------
# Rendering


def _inert(text: str) -> str:
    """Control and format characters shown as escapes (``\\n``), so text stays on one line."""
    if text.isprintable():
        return text
    return "".join(repr(ch)[1:-1] if unicodedata.category(ch) in _ESCAPED else ch for ch in text)


_ESCAPED = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


class _Formatter(string.Formatter):
    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def get_value(self, key: Any, args: Any, kwargs: Mapping[str, Any]) -> Any:
        value = super().get_value(key, args, kwargs)
        return value.text(self.lang) if _localised(value) else value

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion is None and isinstance(value, str):
            return _inert(value)
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        if self.lang == "fr" and not isinstance(value, bool):
            if isinstance(value, float):
                return format(value, format_spec).replace(".", ",")
            if isinstance(value, int) and not format_spec and abs(value) >= 10_000:
                return f"{value:,}".replace(",", "\u00a0")
        return super().format_field(value, format_spec)


def _localised(value: Any) -> bool:
    return callable(getattr(value, "text", None))


def render(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The message ``key`` in ``lang`` (the process's language by default), filled in.

    Raises ``KeyError`` for a key that is not in :data:`CATALOG`.
    """
    lang = language(lang)
    return _Formatter(lang).vformat(CATALOG[key][lang], (), params)


def text_of(obj: Any, lang: str | None = None) -> str:
    """What a person reads of an error or problem: ``obj.text(lang)``, or ``str(obj)``."""
    return obj.text(lang) if _localised(obj) else str(obj)


class Phrase(str):
    """A catalog message that is also a ``str`` (its English rendering), for the few places
    that hold text but are read by people too (a ``Problem.column``, a parameter)."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, /, **params: Any) -> Phrase:
        self = super().__new__(cls, render(key, "en", **params))
        self.key, self.params = key, params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_phrase, (self.key, self.params))

    def text(self, lang: str | None = None) -> str:
        return render(self.key, lang, **self.params)


def _phrase(key: str, params: dict[str, Any]) -> Phrase:
    return Phrase(key, **params)


class Translated:
    """A text that comes from elsewhere (the system, a library) with its French wording."""

    def __init__(self, en: str, fr: str | None = None):
        self.en, self.fr = en, en if fr is None else fr

    def text(self, lang: str | None = None) -> str:
        return self.fr if language(lang) == "fr" else self.en

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"Translated({self.en!r}, {self.fr!r})"


class either:  # noqa: N801 - reads as a function in the call sites
    """``"a or b"`` / ``"a ou b"``: alternatives joined in the language of the message."""

    def __init__(self, items: Iterable[Any]):
        self.items = [str(i) for i in items]

    def text(self, lang: str | None = None) -> str:
        return render("list.or", lang).join(self.items)

    def __str__(self) -> str:
        return self.text()


def os_reason(exc: OSError) -> Translated:
    """Why the system refused a read or write, in the system's words and in French."""
    english = str(exc.strerror or exc)
    name = errno.errorcode.get(exc.errno or -1, "")
    return Translated(english, OS_ERRORS_FR.get(name, english))


def json_reason(msg: str) -> Translated:
    """What the json module found wrong, in its words and in French."""
    return Translated(msg, JSON_ERRORS_FR.get(msg, msg))


__all__ = [
    "CATALOG",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Phrase",
    "Translated",
    "either",
    "get_language",
    "json_reason",
    "language",
    "os_reason",
    "render",
    "set_language",
    "text_of",
]
