"""The `pertinence` command line, as scripts and facilitators use it."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import READY_ANSWERS
from toolkit import cli, store


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_questions_json_lists_codes_labels_and_item_scores(capsys):
    code, out, _ = run(capsys, "questions", "--json", "--lang", "en")
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "social-media-readiness"
    assert data["version"] == 1
    by_id = {q["id"]: q for q in data["questions"]}
    reverse = by_id["motivation.2"]
    assert reverse["reverse"] is True
    assert reverse["dimension"] == "motivation"
    assert [(c["code"], c["score"]) for c in reverse["codes"]] == [
        ("1", 100),
        ("2", 75),
        ("3", 50),
        ("4", 25),
        ("5", 0),
        ("dk", None),
    ]
    assert by_id["audience.2"]["knowledge"] is True
    assert {c["code"]: c["score"] for c in by_id["audience.2"]["codes"]}["dk"] == 0
    assert by_id["capacity.1"]["flags"][0] == {
        "id": "no_named_person",
        "level": "hard",
        "codes": ["no"],
        "hours_ratio_below": None,
        "message": "Nobody is named to manage the platforms.",
    }
    assert by_id["crisis.1"]["codes"][1]["label"] == "In progress"


def test_questions_in_french_by_default(capsys):
    code, out, _ = run(capsys, "questions")
    assert code == 0
    assert "Nous savons précisément pourquoi" in out
    assert "Tout à fait d'accord = 100" in out


def _fill_template(template: Path, rows: list[dict]) -> Path:
    with template.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh, delimiter=";"))
    filled = template.with_name("filled.csv")
    with filled.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, delimiter=";")
        writer.writeheader()
        for row in rows:  # multi-select cells joined by "|" (";" is the delimiter here)
            writer.writerow({k: "|".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return filled


def test_score_works_on_a_csv_made_from_the_template(tmp_path, capsys):
    template = tmp_path / "template.csv"
    assert run(capsys, "template", "--out", str(template))[0] == 0
    ready = {
        "organisation": "Fromagerie des Cantons",
        "sector": "manufacturing",
        "size": "10-49",
        "region": "Estrie",
        "cohort": "test",
        "language": "fr",
        **READY_ANSWERS,
    }
    crowd = {
        **ready,
        "organisation": "Quincaillerie =HYPERLINK(1)",
        "audience.2": "Moins de 25 %",
        "motivation.2": "Tout à fait d'accord",
        "capacity.2": "4,35",  # 4.35 h freed for 9 h needed: a ratio of 0.4833…
    }
    filled = _fill_template(template, [ready, crowd])
    out = tmp_path / "scores.csv"
    code, _, err = run(capsys, "score", str(filled), "--out", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))  # Excel fr-CA's columns
    assert [r["recommendation"] for r in rows] == ["go", "abstain"]
    assert rows[0]["global"] == "90,6"  # decimal comma (see test_scoring)
    assert rows[1]["flags"] == "following_the_crowd;audience_absent;not_enough_hours"
    assert rows[1]["organisation"] == "Quincaillerie =HYPERLINK(1)"  # starts with a letter: kept
    code, out_text, _ = run(capsys, "score", str(filled))
    assert code == 0
    assert "Fromagerie des Cantons" in out_text
    assert "abstain" in out_text

    plain = tmp_path / "plain.csv"
    assert run(capsys, "score", str(filled), "--out", str(plain), "--plain")[0] == 0
    with plain.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["global"] == "90.6"
    # the hours ratio keeps its precision: 0.4833 beside not_enough_hours, never "0.5"
    assert float(rows[1]["hours_ratio"]) == pytest.approx(4.35 / 9, abs=1e-9)
    assert "not_enough_hours" in rows[1]["flags"]


def test_validate_names_row_column_and_value_and_exits_1(tmp_path, capsys):
    template = tmp_path / "template.csv"
    run(capsys, "template", "--out", str(template))
    bad = {
        "organisation": "Org",
        "sector": "retail",
        "size": "1-9",
        "region": "estrie",
        "cohort": "t",
        "language": "fr",
        **READY_ANSWERS,
        "audience.2": "beaucoup",
    }
    filled = _fill_template(template, [bad])
    code, out, _ = run(capsys, "validate", "--lang", "en", str(filled))
    assert code == 1
    lines = [line for line in out.splitlines() if line]
    assert len(lines) == 1
    assert "row 2" in lines[0]
    assert "audience.2" in lines[0]
    assert "beaucoup" in lines[0]
    code, out, _ = run(capsys, "validate", str(filled))  # French by default
    assert code == 1
    lines = [line for line in out.splitlines() if line]
    assert len(lines) == 1
    assert "ligne 2" in lines[0]
    assert "«\u00a0audience.2\u00a0»" in lines[0]
    assert "«\u00a0beaucoup\u00a0»" in lines[0]


def test_import_writes_one_file_per_valid_row(tmp_path, capsys):
    template = tmp_path / "template.csv"
    run(capsys, "template", "--out", str(template))
    rows = [
        {
            "organisation": f"Org {i}",
            "sector": "retail",
            "size": "1-9",
            "region": "estrie",
            "cohort": "t",
            "language": "en",
            **READY_ANSWERS,
        }
        for i in range(3)
    ]
    filled = _fill_template(template, rows)
    cohort = tmp_path / "cohort"
    code, _, err = run(capsys, "import", str(filled), "--cohort", str(cohort))
    assert code == 0, err
    assert len(list(cohort.glob("*.json"))) == 3
    assert len(store.load_cohort(cohort).submissions) == 3


def test_demo_prints_each_sample_organisation_and_the_counts(capsys):
    code, out, _ = run(capsys, "demo", "--lang", "en")
    assert code == 0
    assert "Sample cohort: 34 submissions from 28 organisations" in out
    assert "Fromagerie des Cantons" in out
    assert "Érablière du Rang 4" in out
    for label in (
        "Abstain: focus on other means",
        "One-off use only",
        "Prepare first",
        "Make it part of the plan",
    ):
        assert label in out
    assert out.count("Usinage Précision Beauce") == 3  # three respondents


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["validate", "/no/such/folder"], "introuvable\u00a0: /no/such/folder"),
        (["score", "README.md"], "ni un dossier de cohorte ni un fichier .csv/.xlsx"),
        (["--lang", "en"], "invalid choice: 'en'"),
        (["questions", "--lang", "de"], "invalid choice: 'de'"),
        (["template"], "the following arguments are required: --out"),
    ],
)
def test_user_mistakes_give_one_clear_line_and_no_traceback(argv, expected):
    result = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", *argv],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _pertinence(*argv: str, lang: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit.cli", *argv],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
        env={**os.environ, "PERTINENCE_LANG": lang},
    )


def _scores_column(listing: str) -> list[str]:
    """The score of each organisation line of `pertinence demo` (the column after the date)."""
    return re.findall(r"\d{4}-\d\d-\d\d  +(\S+)  ", listing)


def test_pertinence_lang_en_makes_demo_and_validate_speak_english():
    demo = _pertinence("demo", lang="en")
    assert demo.returncode == 0, demo.stderr
    assert "Sample cohort: 34 submissions from 28 organisations" in demo.stdout
    assert "\nRecommendations:\n" in demo.stdout
    assert "Prepare first" in demo.stdout
    assert "Almost ready" in demo.stdout
    assert "Cohorte" not in demo.stdout
    assert "Préparer" not in demo.stdout
    scores = _scores_column(demo.stdout)
    assert len(scores) == 34
    assert all(re.fullmatch(r"\d+\.\d", s) for s in scores)

    valid = _pertinence("validate", str(SAMPLE), lang="en")
    assert valid.returncode == 0
    said = valid.stderr.splitlines()
    assert said[0] == f"{SAMPLE}: 34 submitted, 2 draft(s), 0 problem(s)"
    assert said[1] == "Organisations (28), name and the key that groups them:"
    assert len(said) == 2 + 28 + 1  # one line per organisation, its name beside its key
    assert said[-1] == "OK: no problem."
    missing = _pertinence("validate", "/no/such/folder", lang="en")
    assert missing.stderr.strip() == "pertinence: error: not found: /no/such/folder"


def test_without_pertinence_lang_the_command_speaks_quebec_french():
    demo = _pertinence("demo", lang="")
    assert demo.returncode == 0, demo.stderr
    assert "Cohorte exemple\u00a0: 34 réponses de 28 organismes" in demo.stdout
    assert "\nRecommandations\u00a0:\n" in demo.stdout
    scores = _scores_column(demo.stdout)
    assert len(scores) == 34
    assert all(re.fullmatch(r"\d+,\d", s) for s in scores)
    valid = _pertinence("validate", str(SAMPLE), lang="")
    assert valid.stderr.splitlines()[-1] == "OK\u00a0: aucun problème."
    missing = _pertinence("validate", "/no/such/folder", lang="")
    assert (
        missing.stderr.strip()
        == "pertinence\u00a0: erreur\u00a0: introuvable\u00a0: /no/such/folder"
    )


def test_console_script_is_installed():
    result = subprocess.run(
        [Path(sys.executable).with_name("pertinence"), "questions", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout)["questions"][0]["id"] == "oneoff.need"


SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_cohort"


def test_report_writes_a_self_contained_page_a_facilitator_can_email(tmp_path, capsys):
    out = tmp_path / "rapport.html"
    code, _, err = run(capsys, "report", str(SAMPLE), "--out", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Rapport de cohorte" in page
    assert "<script" not in page.lower()
    assert 'src="http' not in page
    assert "Fromagerie des Cantons" not in page  # names only when asked
    code, _, err = run(
        capsys, "report", str(SAMPLE), "--out", str(out), "--lang", "en", "--min-group", "2"
    )
    assert code != 0
    assert "3" in err
    assert "Traceback" not in err


def test_export_is_anonymous_unless_names_are_asked_for(tmp_path, capsys):
    import openpyxl

    out = tmp_path / "scores.xlsx"
    assert run(capsys, "export", str(SAMPLE), "--out", str(out))[0] == 0
    cells = {str(c.value) for row in openpyxl.load_workbook(out).active.iter_rows() for c in row}
    assert "Fromagerie des Cantons" not in cells
    assert run(capsys, "export", str(SAMPLE), "--out", str(out), "--names")[0] == 0
    cells = {str(c.value) for row in openpyxl.load_workbook(out).active.iter_rows() for c in row}
    assert "Fromagerie des Cantons" in cells
