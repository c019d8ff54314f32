"""The facilitator's dashboard, headless: counts follow the folder, charts obey the toggles,
no organisation is named; and the facilitator's and analyst's notebooks run end to end."""

from __future__ import annotations

import datetime
import html
import json
import random
import re
import time
from pathlib import Path

import nbformat
import pytest

from tests.cohort_factory import random_submission, write_cohort, write_submission
from tests.notebooks import run_nbval
from toolkit import dashboard as dash
from toolkit import forms, store

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = [
    ROOT / "notebooks" / name
    for name in ("00_facilitator_guide.ipynb", "03_cohort_analysis.ipynb", "04_dashboard.ipynb")
]


def organisations(questionnaire, n, seed=1, prefix="Organisme", **kwargs):
    rng = random.Random(seed)
    return [random_submission(questionnaire, rng, f"{prefix} {i}", **kwargs) for i in range(n)]


def html_of(board) -> str:
    """Every text the dashboard shows (HTML widgets, button labels, the charts and their
    text alternatives)."""
    parts = [board.heading.value, board.status.value, board.updated.value, board.waiting.value]
    for panel in board.panels.values():
        parts += [panel.title.value, panel.note.value, panel.toggle.description]
        parts += [panel.chart.value]
    return " ".join(parts)


def named_chart(panel) -> str:
    """The chart a panel shows, checked to be named for screen readers; its name."""
    value = panel.chart.value
    found = re.match(r'<svg [^>]*role="img" aria-label="([^"]+)"', value) or re.match(
        r'<img alt="([^"]+)"', value
    )
    assert found, value[:200]
    assert html.unescape(found.group(1)) == panel.alt
    return panel.alt


@pytest.fixture
def folder(questionnaire, tmp_path):
    return write_cohort(organisations(questionnaire, 4), tmp_path / "cohort")


def test_a_new_submission_file_changes_the_count_on_refresh(folder, questionnaire):
    board = dash.Dashboard(folder, questionnaire, autostart=False)
    assert board.counts == (4, 0)
    assert not board.refresh()  # nothing changed: no reload
    write_submission(organisations(questionnaire, 1, seed=7, prefix="Nouveau")[0], folder)
    assert board.refresh()
    assert board.counts == (5, 0)
    assert "<b>5</b> réponse(s) soumise(s)" in board.status.value


def test_drafts_are_counted_apart(folder, questionnaire):
    draft = organisations(questionnaire, 1, seed=3, prefix="Brouillon", status="draft")[0]
    store.save(draft, folder, questionnaire)
    board = dash.Dashboard(folder, questionnaire, lang="en", autostart=False)
    assert board.counts == (4, 1)
    assert "<b>1</b> in progress" in board.status.value
    assert board.n_organisations == 4  # drafts are not in the statistics


def test_charts_wait_for_min_group_organisations(folder, questionnaire):
    board = dash.Dashboard(folder, questionnaire, autostart=False)
    board.reveal("recommendations")
    panel = board.panels["recommendations"]
    assert panel.chart.value == ""
    assert "à partir de 5 organismes" in panel.note.value
    write_submission(organisations(questionnaire, 1, seed=8, prefix="Cinquième")[0], folder)
    board.refresh()
    assert named_chart(panel).startswith("Répartition des recommandations — 5 organismes")
    assert board.waiting.value == ""


def test_hide_and_reveal_control_what_the_room_sees(folder, questionnaire):
    write_submission(organisations(questionnaire, 1, seed=8, prefix="Cinquième")[0], folder)
    board = dash.Dashboard(folder, questionnaire, autostart=False)
    panel = board.panels["flags"]
    assert not panel.shown
    assert panel.content.layout.display == "none"
    assert panel.chart.value == ""  # a hidden chart is not even drawn
    assert panel.toggle.description == "Afficher"
    panel.toggle.value = True  # what a click on the toggle does
    assert panel.content.layout.display is None
    assert named_chart(panel).startswith("Fréquence des signaux d'alerte — ")
    assert panel.toggle.description == "Masquer"
    board.reveal("flags", False)
    assert panel.content.layout.display == "none"
    assert "Masqué par" in panel.note.value
    for key in dash.PANELS:
        board.reveal(key)
    assert all(named_chart(p) for p in board.panels.values())
    assert not board.errors.outputs


def test_the_dashboard_names_no_organisation(folder, questionnaire):
    write_submission(organisations(questionnaire, 1, seed=8, prefix="Cinquième")[0], folder)
    board = dash.Dashboard(folder, questionnaire, autostart=False)
    for key in dash.PANELS:
        board.reveal(key)
    text = html_of(board)
    assert not re.search(r"Organisme \d", text)
    assert "Cinquième" not in text


def test_language_switch_relabels_and_redraws(folder, questionnaire):
    board = dash.Dashboard(folder, questionnaire, autostart=False)
    board.language.value = "en"
    assert "Workshop dashboard" in board.heading.value
    assert board.panels["likert"].toggle.description == "Show"
    assert "submitted" in board.status.value


def test_a_missing_folder_is_said_not_raised(tmp_path, questionnaire):
    board = dash.Dashboard(tmp_path / "not-yet", questionnaire, autostart=False)
    assert board.counts == (0, 0)
    assert "n'existe pas encore" in board.waiting.value
    (tmp_path / "not-yet").mkdir()
    assert board.refresh()
    assert "n'existe pas" not in board.waiting.value


def test_polling_picks_up_new_files_by_itself(folder, questionnaire):
    board = dash.Dashboard(folder, questionnaire, interval=0.1, autostart=True)
    try:
        assert board.polling
        write_submission(organisations(questionnaire, 1, seed=9, prefix="Tard")[0], folder)
        deadline = time.monotonic() + 10
        while board.counts != (5, 0) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert board.counts == (5, 0)
    finally:
        board.stop()
    assert not board.polling


def test_poll_interval_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(dash.POLL_ENV, "0")
    assert dash.poll_interval() == 0
    monkeypatch.setenv(dash.POLL_ENV, "abc")
    assert dash.poll_interval() == dash.DEFAULT_INTERVAL
    monkeypatch.delenv(dash.POLL_ENV)
    assert dash.poll_interval(2.5) == 2.5


def test_folder_signature_changes_only_with_submission_files(folder):
    first = dash.folder_signature(folder)
    (folder / ".tmp-writer").write_text("x")
    (folder / "notes.txt").write_text("x")
    assert dash.folder_signature(folder) == first
    (folder / "extra.json").write_text("{}")
    assert dash.folder_signature(folder) != first
    assert dash.folder_signature(folder / "nope") is None


def test_uploaded_answer_files_are_validated_and_saved(questionnaire, tmp_path):
    good = organisations(questionnaire, 2, seed=4)

    def upload(name, content):  # what the FileUpload widget holds for each file
        return {
            "name": name,
            "type": "application/json",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime.datetime(2026, 11, 20, tzinfo=datetime.timezone.utc),
        }

    files = [upload(f"g{i}.json", json.dumps(s.to_dict()).encode()) for i, s in enumerate(good)]
    files.append(upload("bad.json", b"{not json"))
    files.append(
        upload(
            "old.json",
            json.dumps(
                {**good[0].to_dict(), "questionnaire": {"id": questionnaire.id, "version": 99}}
            ).encode(),
        )
    )
    collector = dash.UploadCollector(tmp_path, questionnaire)
    collector.upload.value = tuple(files)  # what the FileUpload widget sets
    assert sorted(p.name for p in tmp_path.glob("*.json")) == sorted(
        f"{s.submission_id}.json" for s in good
    )
    assert [p.split("\u00a0: ")[0] for p in collector.problems] == ["bad.json", "old.json"]
    assert "JSON non valide" in collector.problems[0]  # in the collector's language
    assert "2 fichier(s) enregistré(s)" in collector.result.value
    # the same file handed in twice is saved once
    saved, problems = dash.save_uploaded(
        [("again.json", bytes(files[0]["content"]))], tmp_path, questionnaire
    )
    assert len(list(tmp_path.glob("*.json"))) == 2
    assert not problems
    assert saved


def _upload(name, content):
    """What the FileUpload widget holds for one file."""
    return {
        "name": name,
        "type": "",
        "size": len(content),
        "content": memoryview(content),
        "last_modified": datetime.datetime(2026, 12, 3, tzinfo=datetime.timezone.utc),
    }


def test_a_csv_upload_shows_its_mapping_and_saves_only_when_confirmed(questionnaire, tmp_path):
    folder = tmp_path / "cohorte"
    rng = random.Random(7)
    subs = [
        random_submission(questionnaire, rng, name, cohort="cohorte")
        for name in ("Café Le Fût inc.", "Boulangerie Roy ltée")
    ]
    forms.write_wide(subs, tmp_path / "export.csv", questionnaire, lang="fr")
    content = (tmp_path / "export.csv").read_bytes()
    collector = dash.UploadCollector(folder, questionnaire, lang="fr")
    collector.upload.value = (_upload("export.csv", content),)
    assert not folder.exists() or not list(folder.glob("*.json"))  # nothing written yet
    assert collector.confirm.layout.display == ""  # the confirm button shows
    preview = collector.preview.value
    # the same rows as `pertinence import --dry-run` prints, in an HTML table
    result = forms.import_to_cohort(tmp_path / "export.csv", folder, questionnaire, dry_run=True)
    for header, target, how in result.columns.rows("fr"):
        assert f"<td>{html.escape(header)}</td><td>{html.escape(target)}</td>" in preview
        assert html.escape(how) in preview
    assert "<td>organisation</td><td>organisation</td><td>par son identifiant</td>" in preview
    assert "<td>Café Le Fût inc.</td><td>cafe le fut</td><td>1</td>" in preview
    assert "<td>Boulangerie Roy ltée</td><td>boulangerie roy</td><td>1</td>" in preview
    assert "2 réponse(s) à enregistrer" in preview

    collector.confirm.click()
    saved = sorted(p.name for p in folder.glob("*.json"))
    assert saved == sorted(f"{s.submission_id}.json" for s in subs)
    assert "2 réponse(s) enregistrée(s)" in collector.result.value
    assert collector.confirm.layout.display == "none"
    assert collector.preview.value == ""
    assert not list(Path(collector.saved[0]).parent.glob("upload*"))

    # the same export handed in again: shown as already there, nothing new saved
    collector.upload.value = (_upload("export.csv", content),)
    assert "2 déjà dans la cohorte" in collector.preview.value
    collector.confirm.click()
    assert sorted(p.name for p in folder.glob("*.json")) == saved


def test_a_cancelled_upload_saves_nothing_and_leaves_no_temporary_file(questionnaire, tmp_path):
    folder = tmp_path / "cohorte"
    subs = organisations(questionnaire, 2, seed=3, cohort="cohorte")
    forms.write_wide(subs, tmp_path / "x.xlsx", questionnaire)
    collector = dash.UploadCollector(folder, questionnaire, lang="en")
    collector.upload.value = (_upload("x.xlsx", (tmp_path / "x.xlsx").read_bytes()),)
    temp = collector.pending[0].path
    assert temp.exists()
    assert "Column of the file" in collector.preview.value
    collector.cancel.click()
    assert not temp.parent.exists()
    assert not folder.exists() or not list(folder.glob("*.json"))
    assert "Nothing was saved." in collector.result.value


def test_an_upload_that_is_not_a_table_is_refused_in_one_line(questionnaire, tmp_path):
    collector = dash.UploadCollector(tmp_path, questionnaire, lang="en")
    collector.upload.value = (_upload("x.xlsx", b"not a workbook"),)
    assert collector.pending == []
    assert [p.split("\u00a0: ")[0].split(": ")[0] for p in collector.problems] == ["x.xlsx"]
    assert collector.confirm.layout.display == "none"


def test_min_group_below_three_is_refused(folder, questionnaire):
    from toolkit.cohort import AnonymityError

    with pytest.raises(AnonymityError):
        dash.Dashboard(folder, questionnaire, min_group=2, autostart=False)


# --- notebooks --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_notebook_is_committed_clean_with_a_parameter_cell(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code), "strip the outputs"
    assert "parameters" in code[0].metadata.get("tags", [])
    assert "PERTINENCE_COHORT" in code[0].source
    assert not any("sys.path" in c.source or ".click()" in c.source for c in code)


@pytest.mark.notebook
def test_facilitator_analyst_and_dashboard_notebooks_run_end_to_end(questionnaire, tmp_path):
    rng = random.Random(5)
    subs = organisations(questionnaire, 12, seed=2)
    subs += [
        random_submission(
            questionnaire,
            rng,
            f"Organisme {i}",
            cohort="atelier-2026",
            submitted="2026-05-01T10:00:00+00:00",
        )
        for i in range(6)
    ]
    folder = write_cohort(subs, tmp_path / "cohort")
    run = run_nbval(
        NOTEBOOKS,
        PERTINENCE_COHORT=str(folder),
        PERTINENCE_POLL_SECONDS="0",
        PERTINENCE_OUTPUT=str(tmp_path / "out"),
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert (tmp_path / "out" / "rapport-cohorte.html").is_file()
    assert (tmp_path / "out" / "cohorte.xlsx").is_file()


def test_an_upload_over_the_import_limit_is_refused_before_it_is_copied(
    questionnaire, tmp_path, monkeypatch
):
    monkeypatch.setattr(forms, "MAX_IMPORT_BYTES", 10)
    collector = dash.UploadCollector(tmp_path, questionnaire, lang="fr")
    collector.upload.value = (_upload("gros.csv", b"organisation;sector\n" * 2),)
    assert collector.pending == []
    assert "fichier trop volumineux (40 octets)" in collector.problems[0]


QUESTION_ID = re.compile(
    r"\b(?:motivation|audience|content|capacity|competence|crisis|influence|planning)\.\d\b"
)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_revealed_chart_is_named_and_shows_no_question_id(folder, questionnaire, lang):
    for i in range(3):
        write_submission(
            organisations(questionnaire, 1, seed=20 + i, prefix=f"Autre{i}")[0], folder
        )
    board = dash.Dashboard(folder, questionnaire, lang=lang, autostart=False)
    for key in dash.PANELS:
        board.reveal(key)
    for key, panel in board.panels.items():
        alt = named_chart(panel)
        assert re.search(r"\d", alt), key  # the figures, not just a title
        assert html.escape(alt) in panel.chart.value  # also readable as text
    assert not QUESTION_ID.findall(html_of(board))
    likert = board.panels["likert"].alt
    assert questionnaire.question("planning.3").short_label(lang) in likert
    counts = board.panels["recommendations"].alt
    assert f"{board.n_organisations} " in counts
    assert not board.errors.outputs


def test_dashboard_charts_read_at_11_px_on_a_projector_and_cut_no_label(folder, questionnaire):
    from toolkit import charts

    for i in range(3):
        write_submission(
            organisations(questionnaire, 1, seed=30 + i, prefix=f"Projo{i}")[0], folder
        )
    board = dash.Dashboard(folder, questionnaire, autostart=False)
    board._load(True)  # noqa: SLF001 - the data the panels draw from
    for key in dash.PANELS:
        ax, alt = board._chart(key)  # noqa: SLF001
        fig = ax.figure
        # shown 900 px wide on a 1920×1080 screen (CHART_WIDTH)
        assert charts.smallest_text_px(fig, 900) >= charts.MIN_TEXT_PX, key
        assert charts.texts_cut_off(fig) == [], key
        assert not [t for t in charts.common.visible_texts(fig) if "…" in t.get_text()], key
        assert alt
