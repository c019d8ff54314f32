"""The one cohort loader: each kind of source goes to its registered loader, problems collected."""

from __future__ import annotations

import json

import pytest

from toolkit import cli, cohort, forms, sources, store, words
from toolkit.errors import InputFormatError
from toolkit.store import LoadResult


def test_each_kind_has_one_registered_loader():
    assert sources.LOADERS[sources.FOLDER] is sources.load_folder
    assert sources.LOADERS[".json"] is sources.load_submission_file
    for suffix in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm"):
        assert sources.LOADERS[suffix] is sources.load_wide_table
    assert cohort.load is sources.load


def test_the_kind_is_folder_for_a_directory_whatever_its_name(tmp_path):
    (tmp_path / "cohorte.csv").mkdir()
    assert sources.kind_of(tmp_path / "cohorte.csv") == sources.FOLDER
    assert sources.kind_of(tmp_path / "Reponses.XLSX") == ".xlsx"
    assert sources.loader_for(tmp_path / "README.md") is None


def test_folders_files_and_tables_load_into_one_table_with_their_source(
    tmp_path, questionnaire, make_submission
):
    folder = tmp_path / "cohorte"
    store.save(make_submission(name="Alpha"), folder)
    single = make_submission(name="Bravo")
    single_path = tmp_path / "bravo.json"
    single_path.write_text(json.dumps(single.to_dict()), encoding="utf-8")
    table = tmp_path / "reponses.csv"
    forms.write_wide([make_submission(name="Charlie")], table, questionnaire)

    result = sources.load([folder, single_path, table], questionnaire)

    assert result.ok, result.problems
    assert list(result.frame["organisation"]) == ["Alpha", "Bravo", "Charlie"]
    assert list(result.frame["source"]) == [str(folder), str(single_path), str(table)]
    assert [s.organisation["name"] for s in result.submissions] == ["Alpha", "Bravo", "Charlie"]


def test_a_missing_path_and_an_unknown_kind_are_problems_not_errors(tmp_path, questionnaire):
    readme = tmp_path / "README.md"
    readme.write_text("# notes", encoding="utf-8")
    result = sources.load([tmp_path / "absent", readme], questionnaire)
    assert len(result.frame) == 0
    assert [p.text("en") for p in result.problems] == [
        f"{tmp_path / 'absent'}: no such file or folder",
        f"{readme}: {words.render('cohort.not_a_source', 'en')}",
    ]


def test_an_unreadable_file_is_a_problem_unless_strict(tmp_path, questionnaire):
    broken = tmp_path / "reponses.csv"
    broken.write_bytes(b"\x00\x01 not a table")
    result = sources.load(broken, questionnaire)
    (problem,) = result.problems
    assert str(broken) in problem.text("en")
    with pytest.raises(InputFormatError) as info:
        sources.load(broken, questionnaire, strict=True)
    assert info.value.text("en") in problem.text("en")


def test_a_registered_loader_reads_its_kind(tmp_path, questionnaire, make_submission, monkeypatch):
    monkeypatch.setattr(sources, "LOADERS", dict(sources.LOADERS))
    sub = make_submission(name="Delta")

    @sources.register(".pertinence")
    def load_demo(path, q, include_drafts):
        from toolkit.answers import to_frame

        return LoadResult(to_frame([sub], q), [sub])

    path = tmp_path / "export.PERTINENCE"
    path.write_text("", encoding="utf-8")
    result = sources.load(path, questionnaire)
    assert list(result.frame["organisation"]) == ["Delta"]


def test_the_command_line_keeps_its_usage_errors_on_top_of_the_loader(tmp_path):
    with pytest.raises(cli.UsageError):
        cli.checked_sources([tmp_path / "absent"])
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    with pytest.raises(cli.UsageError):
        cli.checked_sources([tmp_path / "notes.md"])
    assert cli.checked_sources([str(tmp_path)]) == [tmp_path]


def test_the_command_line_validates_one_submission_file(tmp_path, make_submission, capsys):
    path = tmp_path / "alpha.json"
    path.write_text(json.dumps(make_submission(name="Alpha").to_dict()), encoding="utf-8")
    assert cli.main(["validate", str(path), "--lang", "en"]) == 0
    assert "OK" in capsys.readouterr().err
