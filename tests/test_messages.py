"""Messages people read when their data is wrong: French by default, English on request."""

from __future__ import annotations

import datetime as dt
import errno
import html
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ORGANISATION, READY_ANSWERS
from toolkit import cli, forms, messages, words
from toolkit.answers import normalise_answer
from toolkit.app import Debrief, Questionnaire
from toolkit.errors import AnswerError, InputFormatError, Problem, SubmissionError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _french_by_default():
    """Each test starts from the default language and leaves the process as it found it."""
    with words.use_language("fr"):
        yield


# --------------------------------------------------------------------------------------------
# The catalog


def test_the_french_words_of_system_and_json_errors_are_complete():
    names = {key.removeprefix("os.") for key in words.catalogue() if key.startswith("os.")}
    assert names <= set(errno.errorcode.values())
    error = PermissionError(errno.EACCES, "Permission denied")
    assert messages.os_reason(error).text("en") == "Permission denied"
    assert messages.os_reason(error).text("fr") == "permission refusée"
    assert messages.json_reason("Expecting value").text("fr") == "valeur attendue"
    assert messages.json_reason("Something new").text("fr") == "Something new"


def test_french_numbers_take_a_decimal_comma_and_grouped_thousands():
    assert words.render("wide.too_big", "fr", size=25.3, limit=20.0) == (
        "fichier trop volumineux (25,3 Mo; maximum 20 Mo)"
    )
    assert words.render("wide.too_big", "en", size=25.3, limit=20.0) == (
        "the file is too big (25.3 MiB; the limit is 20 MiB)"
    )
    assert words.render("file.over", "fr", limit=1_048_576) == (
        "fichier trop volumineux (plus de 1\u00a0048\u00a0576 octets)"
    )
    assert words.render("answer.out_of_range", "fr", min=0.0, max=80.0) == (
        "doit être compris entre 0 et 80"
    )


def test_the_summary_of_a_load_follows_each_languages_plural():
    from toolkit.store import LoadResult

    result = LoadResult(frame=None, submissions=[], problems=[], drafts=1, ignored=["a", "b"])
    assert result.summary() == "0 submissions, 1 draft, 0 problems, 2 files ignored"  # logs
    assert result.summary("fr") == "0 réponse soumise, 1 brouillon, 0 problème, 2 fichiers ignorés"


def test_user_text_in_a_message_stays_on_one_line():
    text = words.render("answer.unknown_choice", "fr", choice="a\nb\x00", allowed="x")
    assert "\n" not in text
    assert "\x00" not in text
    assert "«\u00a0a\\nb\\x00\u00a0»" in text


# --------------------------------------------------------------------------------------------
# Problems and errors: str() in the process's language, text(lang) in any


def test_problems_and_errors_are_french_by_default_and_english_on_request():
    problem = Problem.of(
        "reponses.csv",
        "answer.unknown_code",
        7,
        "audience.2",
        "beaucoup",
        allowed="lt25, 25_49, 50_74, ge75, dk",
    )
    assert str(problem) == (
        "reponses.csv, ligne 7, colonne «\u00a0audience.2\u00a0»\u00a0: réponse inconnue; "
        "codes permis\u00a0: "
        "lt25, 25_49, 50_74, ge75, dk (ou leurs libellés) (valeur\u00a0: «\u00a0beaucoup\u00a0»)"
    )
    assert problem.text("en") == (
        "reponses.csv, row 7, column 'audience.2': unknown answer; allowed codes: "
        "lt25, 25_49, 50_74, ge75, dk (or their labels) (value: 'beaucoup')"
    )
    assert problem.message == (  # the English wording, for logs and code that matches on it
        "unknown answer; allowed codes: lt25, 25_49, 50_74, ge75, dk (or their labels)"
    )

    error = InputFormatError.of("file.empty").at("reponses.csv")
    assert str(error) == "reponses.csv\u00a0: le fichier est vide"
    assert error.text("en") == "reponses.csv: the file is empty"
    assert pickle.loads(pickle.dumps(error)).text("fr") == str(error)

    with words.use_language("en"):
        assert str(problem).startswith("reponses.csv, row 7, column 'audience.2': unknown answer")
        assert str(error) == "reponses.csv: the file is empty"
        assert problem.text("fr").startswith("reponses.csv, ligne 7")


def test_an_invalid_answer_is_a_value_error_that_says_why_in_both_languages(questionnaire):
    with pytest.raises(ValueError, match="entre 0 et 80") as info:  # what widgets and forms catch
        normalise_answer(questionnaire.question("capacity.2"), "120")
    assert isinstance(info.value, AnswerError)
    assert str(info.value) == "doit être compris entre 0 et 80"
    assert info.value.text("en") == "must be between 0 and 80"


def test_a_nested_reason_follows_the_language_of_the_message(questionnaire):
    from toolkit.answers import Submission

    raw = Submission.new(questionnaire, "t").to_dict()
    raw["answers"] = {"motivation.3": ["promote_offer", "none_specific"]}
    with pytest.raises(SubmissionError) as info:
        Submission.from_dict(raw, questionnaire)
    assert str(info.value).startswith(
        "answers.motivation.3\u00a0: «\u00a0none_specific\u00a0» exclut les autres"
    )
    assert info.value.text("en").startswith("answers.motivation.3: 'none_specific' excludes other")


def test_plain_string_errors_keep_working():
    error = SubmissionError("quelque chose")
    assert str(error) == error.text("en") == "quelque chose"
    assert str(error.at("f.json")) == "f.json\u00a0: quelque chose"
    assert str(Problem("f.csv", "free text", 2)) == "f.csv, ligne 2\u00a0: free text"


def test_the_process_language_comes_from_pertinence_lang_at_import():
    code = "from toolkit import words; print(words.get_language())"
    for env_value, expected in (("en", "en"), ("", "fr"), ("de", "fr")):
        env = {**os.environ, "PERTINENCE_LANG": env_value}
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
        )
        assert out.stdout.strip() == expected
    with pytest.raises(ValueError, match="language must be one of fr, en, not 'de'"):
        words.set_language("de")


# --------------------------------------------------------------------------------------------
# The command line


def _bad_csv(tmp_path: Path) -> Path:
    template = forms.write_template(tmp_path / "gabarit.csv")
    header = template.read_text(encoding="utf-8-sig").strip().split(";")
    row = {
        "organisation": "Organisme A",
        "sector": "retail",
        "size": "1-9",
        "region": "estrie",
        "cohort": "t",
        "language": "fr",
        **{k: ";".join(v) if isinstance(v, list) else v for k, v in READY_ANSWERS.items()},
        "audience.2": "beaucoup",
    }
    lines = [",".join(header), ",".join(f'"{row.get(c, "")}"' for c in header)]
    path = tmp_path / "reponses.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_validate_speaks_french_by_default_and_english_with_lang_en(tmp_path, capsys):
    path = _bad_csv(tmp_path)

    assert cli.main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{path}, ligne 2, colonne «\u00a0audience.2\u00a0»\u00a0: réponse inconnue; "
        "codes permis\u00a0: "
        "lt25, 25_49, 50_74, ge75, dk (ou leurs libellés) (valeur\u00a0: «\u00a0beaucoup\u00a0»)"
    ]
    assert "1 problème(s) à corriger." in err

    assert cli.main(["validate", "--lang", "en", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{path}, row 2, column 'audience.2': unknown answer; allowed codes: "
        "lt25, 25_49, 50_74, ge75, dk (or their labels) (value: 'beaucoup')"
    ]
    assert "1 problem(s) to fix." in err
    assert words.get_language() == "fr"  # main() leaves the language as it was


def test_an_unreadable_file_is_one_line_in_the_language_of_the_command(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    for lang, expected in (
        (
            "fr",
            f"pertinence\u00a0: erreur\u00a0: {path}\u00a0: "
            "ce fichier n'est pas un tableau CSV ou XLSX lisible",
        ),
        ("en", f"pertinence: error: {path}: this is a binary file, not a CSV table"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "toolkit.cli", "validate", "--lang", lang, str(path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={k: v for k, v in os.environ.items() if k != "PERTINENCE_LANG"},
        )
        assert result.returncode == 1
        assert result.stderr.startswith(expected), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


# --------------------------------------------------------------------------------------------
# The widgets: each app says it in its own language


def _upload(app, data: bytes) -> None:
    app.upload.value = (
        {
            "name": "reponses.json",
            "type": "application/json",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime.now(dt.timezone.utc),
        },
    )


def test_a_bad_answers_file_is_refused_in_the_language_of_the_app(tmp_path, questionnaire):
    app = Questionnaire(tmp_path, questionnaire)
    bad = json.dumps(
        {
            "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
            "submission_id": "0b0c6e39-54a7-4a43-9d31-08a3e5a0b8f3",
            "status": "final",
        }
    ).encode()
    _upload(app, bad)
    notice = html.unescape(app.notice.value)
    assert "Ce fichier ne peut pas être repris" in notice
    assert (
        "le champ «\u00a0status\u00a0» doit valoir draft ou submitted, et non «\u00a0final\u00a0»"
        in notice
    )

    app.language.value = "en"
    _upload(app, bad)
    notice = html.unescape(app.notice.value)
    assert "This file cannot be resumed" in notice
    assert "field 'status' must be draft or submitted, not 'final'" in notice

    _upload(app, b"{pas du json")
    assert "not a JSON answers file (Expecting property name" in html.unescape(app.notice.value)
    app.language.value = "fr"
    _upload(app, b"{pas du json")
    assert "ce n'est pas un fichier de réponses JSON (nom de champ" in html.unescape(
        app.notice.value
    )
    assert app.value.answers == {}


def test_an_error_in_a_callback_is_shown_in_the_language_of_the_app(tmp_path, questionnaire):
    app = Questionnaire(tmp_path, questionnaire, lang="en")
    app.fill(READY_ANSWERS, organisation=ORGANISATION)
    app.submit()
    app.guard(lambda: app.model.set_answer("motivation.1", "1"))()
    text = "".join(o["text"] for o in app.errors.outputs)
    assert "these answers are already submitted" in text
    app.language.value = "fr"
    app.guard(lambda: app.model.set_answer("motivation.1", "1"))()
    text = "".join(o["text"] for o in app.errors.outputs)
    assert "ces réponses sont déjà soumises" in text


def test_the_debrief_refuses_a_bad_upload_in_its_language(tmp_path, questionnaire):
    debrief = Debrief(tmp_path, questionnaire, lang="fr")
    _upload(debrief, "é".encode("cp1252"))
    assert "ce n'est pas du texte UTF-8 (octet 0xe9" in html.unescape(debrief.message.value)
    debrief.language.value = "en"
    _upload(debrief, "é".encode("cp1252"))
    assert "not UTF-8 text (byte 0xe9" in html.unescape(debrief.message.value)


def test_uploaded_answer_files_are_refused_in_the_collectors_language(tmp_path, questionnaire):
    from toolkit import dashboard

    files = [("vieux.json", b'{"questionnaire": {"id": "x", "version": 9}}')]
    _, refused = dashboard.save_uploaded(files, tmp_path, questionnaire, "fr")
    assert refused == [
        "vieux.json\u00a0: réponses faites avec le questionnaire «\u00a0x\u00a0», version 9, "
        f"alors que cet outil utilise «\u00a0{questionnaire.id}\u00a0», "
        f"version {questionnaire.version}; exportez-les "
        "avec la version correspondante de Pertinence ou saisissez-les de nouveau"
    ]
    _, refused = dashboard.save_uploaded(files, tmp_path, questionnaire, "en")
    assert refused[0].startswith("vieux.json: made with questionnaire 'x' version 9")
