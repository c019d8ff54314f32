"""Other tools' exports import with the scores the same answers get in the template.

Each export is built the way its tool writes it, from the questionnaire itself: Google Forms
(French and English: question texts as headers, labels as answers, choices joined by ", "),
Microsoft Forms (XLSX: ID, start and end times, the respondent's e-mail and name, then question
texts; choices joined by ";"), LimeSurvey (codes without dots, sub-question columns with Y,
answer codes A1…; and its "full answers" variant), KoboToolbox (labels or XML values, choices
as space-separated codes and one 0/1 column per choice, group paths in headers, its metadata)
and a hand-made Excel fr-CA sheet. Then: importing any of them twice changes nothing, an
incomplete row is never scored, and unanswered platforms never pass the hours check.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from benchmarks.exports import write_google_forms
from tests.conftest import ORGANISATION, READY_ANSWERS
from toolkit import cli, columns, forms, scoring, sources, store, xlsform
from toolkit import questionnaire as questionnaire_mod
from toolkit.answers import Submission

Q = questionnaire_mod.default()

# Three organisations answering differently: well prepared, following the crowd with too few
# hours, and an open house (a dated one-off need).
PEOPLE: list[tuple[dict[str, str], dict[str, Any]]] = [
    (ORGANISATION, READY_ANSWERS),
    (
        {"name": "Quincaillerie Tremblay", "sector": "retail", "size": "10-49", "region": "laval"},
        {
            **READY_ANSWERS,
            "motivation.2": "5",
            "audience.2": "lt25",
            "capacity.2": 4.5,
            "platforms.planned": ["facebook", "instagram", "tiktok"],
            "motivation.3": ["none_specific"],
        },
    ),
    (
        {"name": "Musée du Rail", "sector": "nonprofit", "size": "1-9", "region": "monteregie"},
        {
            **READY_ANSWERS,
            "oneoff.need": "yes",
            "oneoff.date": "2027-05-15",
            "capacity.1": "no",
            "crisis.3": "no",
        },
    ),
]
TIMES = ["2026-11-30 10:15:23", "2026-11-30 10:21:08", "2026-11-30 10:40:51"]


def expected_scores() -> list[dict[str, Any]]:
    """The scores of the same answers typed in the app or the template."""
    subs = [
        Submission(
            questionnaire_id=Q.id,
            questionnaire_version=Q.version,
            cohort="t",
            language="fr",
            organisation=dict(org),
            answers=dict(answers),
        )
        for org, answers in PEOPLE
    ]
    return _scores_of(subs)


def _scores_of(subs: list[Submission]) -> list[dict[str, Any]]:
    from toolkit.answers import to_frame

    table = scoring.score(to_frame(subs, Q), Q).sort_values("organisation")
    keep = ["organisation", "global", "recommendation", "hours_needed", "hours_ratio"]
    keep += list(Q.dimension_ids)
    return table[keep].round(6).to_dict("records")


# --------------------------------------------------------------------------------------------
# Export builders


def _label(qid: str, code: str, lang: str) -> str:
    return Q.question(qid).label_of(code, lang)


def _profile_label(field_id: str, code: str, lang: str) -> str:
    field = Q.profile_field(field_id)
    option = next((o for o in field.options if o.code == code), None)
    return code if option is None else option.label(lang)


def _number(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "fr" else text


def _by_text(lang: str, joiner: str, trailing: str = "") -> tuple[list[str], list[list[Any]]]:
    """Question texts as headers and labels as answers (Google and Microsoft Forms)."""
    header = [Q.profile_field(f.id).text(lang) for f in Q.profile]
    header += [question.text(lang) for question in Q.questions]
    rows = []
    for org, answers in PEOPLE:
        row: list[Any] = [
            org["name"] if f.id == "name" else _profile_label(f.id, org[f.id], lang)
            for f in Q.profile
        ]
        for question in Q.questions:
            value = answers.get(question.id)
            if value is None:
                row.append("")
            elif isinstance(value, list):
                row.append(joiner.join(_label(question.id, c, lang) for c in value) + trailing)
            elif isinstance(value, float | int):
                row.append(_number(value, lang))
            elif question.scale.type == "date":
                row.append(value)
            else:
                row.append(_label(question.id, value, lang))
        rows.append(row)
    return header, rows


def google_forms(lang: str) -> tuple[list[str], list[list[Any]]]:
    header, rows = _by_text(lang, ", ")
    stamp, email = ("Horodateur", "Adresse courriel") if lang == "fr" else ("Timestamp", "Email")
    return [stamp, email, *header], [
        [TIMES[i], f"personne{i}@exemple.ca", *row] for i, row in enumerate(rows)
    ]


def microsoft_forms() -> tuple[list[str], list[list[Any]]]:
    header, rows = _by_text("fr", ";", trailing=";")
    meta = ["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom"]
    people = ["Julie Gagnon", "Marc Roy", "Ana Silva"]
    return [*meta, *header], [
        [i + 1, TIMES[i], TIMES[i], f"p{i}@exemple.ca", people[i], *row]
        for i, row in enumerate(rows)
    ]


def _limesurvey_code(qid: str) -> str:
    return qid.replace(".", "")


def limesurvey_codes() -> tuple[list[str], list[list[Any]]]:
    """Question codes without dots; multi-selects as code[SQ00n] with Y; answers A1, A2…"""
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed"]
    header += ["organisation", "sector", "size", "region"]
    for question in Q.questions:
        code = _limesurvey_code(question.id)
        if question.scale.type == "multi":
            header += [f"{code}[SQ{i:03d}]" for i in range(1, len(question.codes) + 1)]
        else:
            header.append(code)
    rows = []
    for i, (org, answers) in enumerate(PEOPLE):
        row: list[Any] = [i + 1, TIMES[i], 9, "fr", 12345 + i]
        row += [org["name"], org["sector"], org["size"], org["region"]]
        for question in Q.questions:
            value = answers.get(question.id)
            if question.scale.type == "multi":
                row += ["Y" if code in (value or []) else "" for code in question.codes]
            elif question.scale.type == "single":
                row.append(f"A{question.codes.index(value) + 1}")
            elif value is None:
                row.append("")
            else:
                row.append(value)
        rows.append(row)
    return header, rows


def limesurvey_full_answers() -> tuple[list[str], list[list[Any]]]:
    """LimeSurvey's "full answers" export: texts as headers, [choice] sub-questions, labels."""
    header = ["Réponse ID", "Date de soumission", "Dernière page", "Langue de départ"]
    header += [Q.profile_field(f.id).text("fr") for f in Q.profile]
    for question in Q.questions:
        if question.scale.type == "multi":
            header += [
                f"{question.text('fr')} [{_label(question.id, code, 'fr')}]"
                for code in question.codes
            ]
        else:
            header.append(question.text("fr"))
    rows = []
    for i, (org, answers) in enumerate(PEOPLE):
        row: list[Any] = [i + 1, TIMES[i], 9, "fr"]
        row += [
            org["name"] if f.id == "name" else _profile_label(f.id, org[f.id], "fr")
            for f in Q.profile
        ]
        for question in Q.questions:
            value = answers.get(question.id)
            if question.scale.type == "multi":
                row += ["Oui" if code in (value or []) else "" for code in question.codes]
            elif value is None:
                row.append("")
            elif question.scale.type == "single":
                row.append(_label(question.id, value, "fr"))
            else:
                row.append(_number(value, "fr") if isinstance(value, float | int) else value)
        rows.append(row)
    return header, rows


def kobo_export(labels: bool) -> tuple[list[str], list[list[Any]]]:
    """A KoboToolbox export of submissions to the project's XLSForm, built from the form's
    own survey and choices sheets: group paths in headers, a multi-select's own column
    (space-separated codes or labels) and one 0/1 column per choice, Kobo's metadata."""
    book = load_workbook(io.BytesIO(xlsform.to_bytes(Q)))
    survey = [dict(zip(r[0], r[1:], strict=False)) for r in [_rows(book["survey"])]][0]
    choices: dict[str, list[dict[str, Any]]] = {}
    for row in _records(book["choices"]):
        choices.setdefault(row["list_name"], []).append(row)
    del survey
    label_key = "label::Français (fr)"
    header = ["start", "end"]
    fields: list[tuple[str, dict[str, Any]]] = []
    groups: list[str] = []
    for row in _records(book["survey"]):
        kind = str(row["type"])
        if kind == "begin_group":
            groups.append(str(row["name"] if not labels else row[label_key]))
            continue
        if kind == "end_group":
            groups.pop()
            continue
        if kind == "calculate":
            header.append(str(row["name"]))
            fields.append(("calculate", row))
            continue
        path = "/".join([*groups, str(row["name"] if not labels else row[label_key])])
        header.append(path)
        fields.append((path, row))
        if kind.startswith("select_multiple"):
            for choice in choices[kind.split()[1]]:
                header.append(f"{path}/{choice[label_key] if labels else choice['name']}")
    header += ["_id", "_uuid", "_submission_time", "_validation_status", "_status", "__version__"]
    rows = []
    for i, (org, answers) in enumerate(PEOPLE):
        values = {**{xlsform.field_name(k): v for k, v in org.items()}, **answers}
        row: list[Any] = [TIMES[i], TIMES[i]]
        for path, field in fields:
            kind, name = str(field["type"]), str(field["name"])
            if path == "calculate":
                row.append(str(field["calculation"]).strip("'"))
                continue
            value = values.get(name)
            list_name = kind.split()[1] if " " in kind else None
            labels_of = {c["name"]: c[label_key] for c in choices.get(list_name or "", [])}
            if kind.startswith("select_multiple"):
                chosen = list(value or [])
                row.append(" ".join(labels_of[c] if labels else c for c in chosen))
                row += [1 if c in chosen else 0 for c in labels_of]
            elif kind.startswith("select_one"):
                row.append(labels_of[value] if labels else value)
            else:
                row.append("" if value is None else value)
        row += [1000 + i, f"9f1c2d3e-0000-4000-8000-00000000000{i}", TIMES[i], "", "", "v1"]
        rows.append(row)
    return header, rows


def _rows(sheet) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(values_only=True))


def _records(sheet) -> list[dict[str, Any]]:
    rows = _rows(sheet)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def excel_fr_ca() -> tuple[list[str], list[list[Any]]]:
    """A sheet typed by hand in Excel fr-CA: the template's columns, French labels, numbers as
    numbers, choices separated by ';'."""
    header, rows = _by_text("fr", "; ")
    ids = ["organisation", "sector", "size", "region", *Q.question_ids]
    for row in rows:
        for index, qid in enumerate(ids):
            if qid == "capacity.2":
                row[index] = float(str(row[index]).replace(",", "."))
    return ids, rows


def write_csv(path: Path, header: list[str], rows: list[list[Any]], delimiter: str = ",") -> Path:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([header, *rows])
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


EXPORTS: dict[str, Callable[[Path], Path]] = {
    "google_fr": lambda d: write_csv(d / "google_fr.csv", *google_forms("fr")),
    "google_en": lambda d: write_csv(d / "google_en.csv", *google_forms("en")),
    "microsoft_forms": lambda d: write_xlsx(d / "ms_forms.xlsx", *microsoft_forms()),
    "limesurvey_codes": lambda d: write_csv(d / "lime.csv", *limesurvey_codes(), delimiter=";"),
    "limesurvey_full": lambda d: write_csv(d / "lime_full.csv", *limesurvey_full_answers()),
    "kobo_labels_xlsx": lambda d: write_xlsx(d / "kobo_labels.xlsx", *kobo_export(labels=True)),
    "kobo_xml_csv": lambda d: write_csv(
        d / "kobo_xml.csv", *kobo_export(labels=False), delimiter=";"
    ),
    "kobo_xml_xlsx": lambda d: write_xlsx(d / "kobo_xml.xlsx", *kobo_export(labels=False)),
    "excel_fr_ca": lambda d: write_xlsx(d / "excel.xlsx", *excel_fr_ca()),
}


# --------------------------------------------------------------------------------------------
# The same scores, whatever the tool


@pytest.mark.parametrize("tool", sorted(EXPORTS))
def test_an_export_imports_with_the_scores_of_the_same_answers(tool, tmp_path):
    path = EXPORTS[tool](tmp_path)
    cohort = tmp_path / "cohorte"
    result = forms.import_to_cohort(path, cohort, Q)
    assert result.problems == [], [p.text("en") for p in result.problems]
    assert len(result.submissions) == 3
    assert result.refused == 0
    assert all(s.status == "submitted" for s in result.submissions)
    loaded = sources.load([cohort], Q)
    assert _scores_of(loaded.submissions) == expected_scores()
    names = {s.organisation["name"] for s in loaded.submissions}
    assert names == {org["name"] for org, _ in PEOPLE}  # never a respondent's name


def test_a_person_s_name_never_becomes_the_organisation(tmp_path):
    path = EXPORTS["microsoft_forms"](tmp_path)
    result = forms.read_wide(path, Q)
    by_header = {c.header: c for c in result.columns.columns}
    assert by_header["Nom"].how == columns.IDENTITY
    assert by_header["Adresse de messagerie"].how == columns.IDENTITY
    assert by_header["Nom de l'organisme ou de l'entreprise"].target == "organisation"
    text = "".join(str(s.to_dict()) for s in result.submissions)
    assert "Julie Gagnon" not in text
    assert "@exemple.ca" not in text


def test_two_columns_that_could_be_the_organisation_stop_the_import_and_are_named(tmp_path):
    header, rows = _by_text("fr", ", ")
    header, rows = ["Organisme", *header], [["Autre nom", *row] for row in rows]
    path = write_csv(tmp_path / "deux.csv", header, rows)
    with pytest.raises(forms.InputFormatError) as info:
        forms.read_wide(path, Q)
    message = info.value.text("en")
    assert "Organisme" in message
    assert "Nom de l'organisme ou de l'entreprise" in message


def test_tool_metadata_is_used_and_never_a_problem(tmp_path):
    result = forms.read_wide(EXPORTS["kobo_xml_csv"](tmp_path), Q)
    assert result.problems == []
    kinds = {c.header: (c.how, c.target) for c in result.columns.columns}
    assert kinds["_uuid"] == (columns.METADATA, "source_id")
    assert kinds["_submission_time"] == (columns.METADATA, "submitted")
    assert kinds["start"] == (columns.METADATA, "started")
    assert kinds["questionnaire_version"] == (columns.METADATA, "questionnaire_version")
    assert kinds["motivation/motivation.3/none_specific"] == (columns.BY_ID, "motivation.3")
    assert kinds["motivation/motivation.3"] == (columns.SPLIT, "motivation.3")
    assert [s.submitted for s in result.submissions][0] == "2026-11-30T10:15:23"
    assert [s.started for s in result.submissions][0] == "2026-11-30T10:15:23"


def test_a_close_question_text_is_matched_and_reported_as_such(tmp_path):
    header, rows = _by_text("fr", ", ")
    index = header.index(Q.question("audience.4").text("fr"))
    header[index] = "4. Nos clients s'attendent a nous y trouver ou nous y contactent deja *"
    index = header.index(Q.question("crisis.1").text("fr"))
    header[index] = header[index].rstrip(".") + " (obligatoire)"
    result = forms.read_wide(write_csv(tmp_path / "proche.csv", header, rows), Q)
    by_target = {c.target: c for c in result.columns.columns}
    assert by_target["audience.4"].how == columns.BY_TEXT  # numbering, accents, * ignored
    assert by_target["crisis.1"].how == columns.BY_SIMILAR
    assert by_target["crisis.1"].similarity >= columns.SIMILARITY
    assert any("crisis.1" in n.text("en") for n in result.notes)
    assert result.problems == []


# --------------------------------------------------------------------------------------------
# Importing again changes nothing


@pytest.mark.parametrize("tool", sorted(EXPORTS))
def test_importing_the_same_export_twice_changes_nothing(tool, tmp_path):
    path = EXPORTS[tool](tmp_path)
    cohort = tmp_path / "cohorte"
    first = forms.import_to_cohort(path, cohort, Q)
    files = sorted(p.name for p in cohort.glob("*.json"))
    again = forms.import_to_cohort(path, cohort, Q)
    assert len(first.submissions) == 3
    assert again.submissions == []
    assert again.already == 3
    assert again.refused == 0
    assert sorted(p.name for p in cohort.glob("*.json")) == files


# --------------------------------------------------------------------------------------------
# Never a confident wrong score


def test_an_incomplete_row_is_kept_as_a_draft_and_never_scored(tmp_path):
    header, rows = google_forms("fr")
    rows.append(["2026-11-30 11:00:00", "x@y.ca", "Boulangerie Seule", *[""] * (len(header) - 3)])
    rows[-1][header.index(Q.question("motivation.1").text("fr"))] = "Tout à fait d'accord"
    for field in ("sector", "size", "region"):
        column = header.index(Q.profile_field(field).text("fr"))
        rows[-1][column] = rows[0][column]
    cohort = tmp_path / "cohorte"
    result = forms.import_to_cohort(write_csv(tmp_path / "g.csv", header, rows), cohort, Q)
    (draft,) = [s for s in result.submissions if s.organisation["name"] == "Boulangerie Seule"]
    assert draft.status == "draft"
    assert result.drafts == 1
    (problem,) = result.problems
    assert problem.row == 5
    assert "required answers missing (31)" in problem.text("en")
    loaded = sources.load([cohort], Q)
    assert "Boulangerie Seule" not in set(loaded.frame["organisation"])  # not scored
    assert loaded.drafts == 1  # but counted


def test_unanswered_platforms_never_pass_the_hours_check(tmp_path):
    answers = {k: v for k, v in READY_ANSWERS.items() if k != "platforms.planned"}
    sub = Submission(
        questionnaire_id=Q.id,
        questionnaire_version=Q.version,
        cohort="t",
        language="fr",
        organisation=dict(ORGANISATION),
        answers=answers,
    )
    (row,) = _scores_of([sub])
    assert row["hours_needed"] != row["hours_needed"]  # NaN: unknown, not the 2-h overhead
    assert row["hours_ratio"] != row["hours_ratio"]
    assert row["recommendation"] == "prepare"  # the hours are evidence still missing
    explanation = scoring.explain(sub, Q, lang="fr")
    needs_evidence = [d["id"] for d in explanation.dimensions if d["needs_evidence"]]
    assert needs_evidence == ["capacity"]  # and the reasons say so
    assert "Il manque des réponses pour juger\u00a0: Personne et temps." in explanation.reasons


@pytest.mark.parametrize("cell", ["Facebook, Autre : Pinterest", "facebook pinterest"])
def test_an_unknown_choice_is_reported_by_name_and_the_known_ones_kept(cell, tmp_path):
    header, rows = google_forms("fr")
    rows[0][header.index(Q.question("platforms.planned").text("fr"))] = cell
    result = forms.read_wide(write_csv(tmp_path / "g.csv", header, rows), Q)
    (problem,) = result.problems
    assert "pinterest" in problem.text("en").lower()
    assert result.submissions[0].answers["platforms.planned"] == ("facebook",)


@pytest.mark.parametrize("value", ["4-5", "3.5", "2,5"])
def test_an_out_of_scale_answer_is_refused_not_truncated(value, tmp_path):
    header, rows = limesurvey_codes()
    rows[0][header.index("motivation1")] = value
    result = forms.read_wide(write_csv(tmp_path / "l.csv", header, rows, ";"), Q)
    (problem,) = result.problems
    assert (problem.row, problem.column, problem.value) == (2, "motivation1", value)
    assert "motivation.1" not in result.submissions[0].answers
    assert result.submissions[0].status == "draft"  # a required answer is now unknown


# --------------------------------------------------------------------------------------------
# The command line: the mapping shown, a dry run, a saved mapping, exit codes


def test_a_dry_run_shows_the_mapping_and_writes_nothing(tmp_path, capsys):
    path = EXPORTS["microsoft_forms"](tmp_path)
    cohort = tmp_path / "cohorte"
    code = cli.main(["import", str(path), "--cohort", str(cohort), "--dry-run", "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert not cohort.exists()
    lines = out.splitlines()
    assert any(line.strip().startswith("Nom ") and "the respondent" in line for line in lines)
    assert any("ID " in line and "the tool's metadata: source_id" in line for line in lines)
    assert "Dry run, nothing written. 3 row(s) read: 3 would be saved" in err


def test_a_saved_mapping_reads_headers_nothing_else_recognises(tmp_path, capsys):
    header, rows = google_forms("fr")
    index = header.index(Q.question("planning.3").text("fr"))
    header[index] = "Q27 (voir le cahier)"
    path = write_csv(tmp_path / "g.csv", header, rows)
    cohort = tmp_path / "cohorte"
    saved = tmp_path / "correspondance.yaml"
    assert (
        cli.main(
            ["import", str(path), "--cohort", str(cohort), "--dry-run", "--save-map", str(saved)]
        )
        == 1
    )  # planning.3 unknown: every row incomplete
    capsys.readouterr()
    text = saved.read_text(encoding="utf-8").replace(
        "Q27 (voir le cahier): ignore", "Q27 (voir le cahier): planning.3"
    )
    saved.write_text(text, encoding="utf-8")
    code = cli.main(["import", str(path), "--cohort", str(cohort), "--map", str(saved)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert len(list(cohort.glob("*.json"))) == 3
    assert cli.main(["import", str(path), "--cohort", str(cohort), "--map", str(saved)]) == 0
    assert "3 déjà importée(s)" in capsys.readouterr().err


def test_a_generated_export_imports_every_row_and_loads_back_identical(tmp_path):
    """The benchmark's export builder, small: the importer's fast path (no second
    validation, files written in batches) saves exactly what a loader validates."""
    path = write_google_forms(tmp_path / "google.csv", 60)
    result = forms.import_to_cohort(path, tmp_path / "cohort", Q)
    assert (len(result.submissions), result.drafts, result.problems) == (60, 0, [])
    on_disk = store.load_cohort(tmp_path / "cohort", Q)
    assert on_disk.ok
    assert not on_disk.ignored
    by_id = {s.submission_id: s.to_dict() for s in on_disk.submissions}
    assert by_id == {s.submission_id: s.to_dict() for s in result.submissions}
    again = forms.import_to_cohort(path, tmp_path / "cohort", Q)
    assert (len(again.submissions), again.already) == (0, 60)


def test_a_file_refused_half_way_saves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(forms.layout, "MAX_ROWS", 40)
    path = write_google_forms(tmp_path / "google.csv", 60)
    with pytest.raises(forms.InputFormatError) as info:
        forms.import_to_cohort(path, tmp_path / "cohort", Q)
    assert "more than 40 rows" in info.value.text("en")
    assert not (tmp_path / "cohort").exists()  # the whole file is read before any write
