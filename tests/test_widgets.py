"""The participants' app, headless: set widget values, click, and check the disk and the result."""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import re
import subprocess
import sys
from pathlib import Path

import ipywidgets as W
import pytest
from traitlets import TraitError

from tests.conftest import ORGANISATION, READY_ANSWERS
from toolkit import app as app_package
from toolkit import store
from toolkit.answers import Submission
from toolkit.app import DEMO_ACTORS, AnswersModel, Debrief, Questionnaire
from toolkit.app.controls import ChoiceGroup, DecimalField
from toolkit.app.questions import question_view


def submission_files(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def answers_of_step(app: Questionnaire, step: int) -> dict:
    keys = {v.key for v in app.steps[step].views}
    return {k: v for k, v in READY_ANSWERS.items() if k in keys}


def run_through(app: Questionnaire) -> None:
    """Answer step by step with the Next button, as a group would."""
    assert app.step == 0
    app.fill(answers_of_step(app, 0), organisation=ORGANISATION)
    while app.steps[app.step].key != "review":
        app.next_button.click()
        app.fill(answers_of_step(app, app.step))


def decode_data_uri(markup: str, suffix: str = ".json") -> bytes:
    match = re.search(
        r'download="[^"]*'
        + re.escape(suffix)
        + r'" href="data:[^;]+(?:;charset=[^;]+)?;base64,([^"]+)"',
        markup,
    )
    assert match, f"no {suffix} download link in {markup[:200]}"
    return base64.b64decode(match.group(1))


def expected_answers(questionnaire) -> dict:
    from toolkit.answers import normalise_answer

    return {k: normalise_answer(questionnaire.question(k), v) for k, v in READY_ANSWERS.items()}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_full_run_writes_the_submission_and_shows_the_recommendation(
    tmp_path, questionnaire, lang
):
    folder = tmp_path / "cohort"
    app = Questionnaire(folder, questionnaire, lang=lang)
    run_through(app)
    app.submit_button.click()

    files = submission_files(folder)
    assert len(files) == 1
    saved = files[0]
    assert saved["status"] == "submitted"
    assert saved["submitted"]
    assert saved["language"] == lang
    assert saved["organisation"]["name"] == ORGANISATION["name"]
    assert Submission.from_dict(saved, questionnaire).answers == expected_answers(questionnaire)
    shown = app.result.summary.value
    assert html.escape(questionnaire.rule("go").label(lang), quote=True) in shown
    assert html.escape(questionnaire.rule("go").summary(lang), quote=True) in shown
    assert "<img" in app.result.radar.value
    report = decode_data_uri(app.result.downloads.value, ".html").decode("utf-8")
    assert report.lstrip().lower().startswith("<!doctype html")
    assert ORGANISATION["name"] in html.unescape(report)
    assert app.errors.outputs == ()


def test_the_result_gives_the_reasons_flags_and_ranked_action_plan(tmp_path, questionnaire):
    app = Questionnaire(tmp_path, questionnaire)
    changes = {"crisis.1": "no", "planning.1": "no", "capacity.2": 1}
    app.fill({**READY_ANSWERS, **changes}, organisation=ORGANISATION)
    assert app.submit()
    shown = html.unescape(app.result.summary.value)
    assert questionnaire.rule("prepare").label("fr") in shown
    for flag_id in ("no_crisis_plan", "no_budget", "not_enough_hours"):
        assert questionnaire.flag(flag_id).message("fr") in shown
        assert questionnaire.flag(flag_id).action("fr") in shown
    assert "Plan d'action" in shown
    # ranked by weight × (100 − score): hours 1 of 9 → 20 × 89 before no budget → 15 × 100
    gaps = app.result.explanation.gaps
    positions = [shown.index(g["title"]) for g in gaps]
    assert positions == sorted(positions)
    assert len(gaps) >= 3
    assert shown.index(questionnaire.flag("not_enough_hours").action("fr")) < shown.index(
        questionnaire.flag("no_budget").action("fr")
    )


def test_a_one_off_result_states_the_conditions_from_the_rule(tmp_path, questionnaire):
    app = Questionnaire(tmp_path, questionnaire, lang="en")
    app.fill({**READY_ANSWERS, "oneoff.need": "yes", "capacity.1": "no"}, organisation=ORGANISATION)
    assert app.submit()
    shown = html.unescape(app.result.summary.value)
    assert questionnaire.rule("one_off").label("en") in shown
    assert "Conditions to meet" in shown
    for condition in questionnaire.rule("one_off").actions("en"):
        assert condition in shown


def test_every_change_is_saved_as_a_draft_at_once(tmp_path, questionnaire):
    app = Questionnaire(tmp_path, questionnaire)
    app.fill({"motivation.1": "4"})
    assert submission_files(tmp_path) == []  # no name yet: nothing to resume it by
    app.fill(organisation={"name": "Boulangerie Lapointe"})
    app.fill({"motivation.2": "2"})
    (draft,) = submission_files(tmp_path)
    assert draft["status"] == "draft"
    assert draft["answers"] == {"motivation.1": "4", "motivation.2": "2"}
    app.view("motivation.1").group.value = ["5"]
    (draft,) = submission_files(tmp_path)
    assert draft["answers"]["motivation.1"] == "5"
    assert "Brouillon enregistré" in app.status.value


def test_switching_language_halfway_keeps_every_answer(tmp_path, questionnaire):
    app = Questionnaire(tmp_path, questionnaire, lang="fr")
    first_half = dict(list(READY_ANSWERS.items())[:15])
    app.fill(first_half, organisation=ORGANISATION)
    before = dict(app.value.answers)
    app.goto("audience")

    app.language.value = "en"

    assert app.value.answers == before
    assert app.value.organisation["sector"] == ORGANISATION["sector"]
    group = app.view("audience.2").group
    assert group.value == [READY_ANSWERS["audience.2"]]
    assert group.label == questionnaire.question("audience.2").text("en")
    label = questionnaire.question("audience.2").label_of("50_74", "en")
    assert ["50_74", label] in group.options
    assert app.view("organisation.sector").control.label == "Retail"
    assert app.next_button.description == "Next →"
    assert app.steps[app.step].key == "audience"

    app.fill(dict(list(READY_ANSWERS.items())[15:]))
    assert app.submit()
    assert app.value.language == "en"
    assert app.value.answers == expected_answers(questionnaire)
    assert questionnaire.rule("go").label("en") in html.unescape(app.result.summary.value)


def test_a_restarted_kernel_resumes_the_draft_when_the_name_is_entered_again(
    tmp_path, questionnaire
):
    first = Questionnaire(tmp_path, questionnaire)
    first.fill(dict(list(READY_ANSWERS.items())[:10]), organisation=ORGANISATION)
    first.stakeholder_editor.set_actors(
        [{"name": "La Tribune", "type": "media", "influence": 5, "relationship": 0}]
    )
    saved = dict(first.value.answers)
    del first  # the kernel restarts: only the disk remains

    second = Questionnaire(tmp_path, questionnaire)
    second.fill(organisation={"name": "  café du quai "})  # the same organisation, typed loosely

    assert second.value.answers == saved
    assert second.value.stakeholders[0]["name"] == "La Tribune"
    assert second.view("motivation.1").group.value == [READY_ANSWERS["motivation.1"]]
    assert second.view("organisation.sector").control.value == ORGANISATION["sector"]
    assert [r.name.value for r in second.stakeholder_editor.rows] == ["La Tribune"]
    assert "Brouillon repris" in second.notice.value
    assert len(submission_files(tmp_path)) == 1  # the same draft, not a second one


def test_a_draft_found_after_answering_is_offered_not_imposed(tmp_path, questionnaire):
    Questionnaire(tmp_path, questionnaire).fill({"motivation.1": "2"}, organisation=ORGANISATION)
    # fill() sets the name first, so answer first and then type the name
    other = Questionnaire(tmp_path, questionnaire)
    other.fill({"motivation.1": "5"})
    other.fill(organisation={"name": ORGANISATION["name"]})
    assert other.value.answers["motivation.1"] == "5"
    assert other.resume_button in other.draft_prompt.children[1].children
    other.resume_button.click()
    assert other.value.answers["motivation.1"] == "2"
    assert other.draft_prompt.children == ()


def test_answers_resume_from_a_downloaded_file_on_another_server(tmp_path, questionnaire):
    here = Questionnaire(tmp_path / "binder", questionnaire)
    here.fill(dict(list(READY_ANSWERS.items())[:20]), organisation=ORGANISATION)
    here.stakeholder_editor.set_actors(
        [{"name": "Ville", "type": "regulator", "influence": 4, "relationship": 1}]
    )
    data = decode_data_uri(here.download_answers.value)

    there = Questionnaire(tmp_path / "hub", questionnaire, lang="en")
    there.upload.value = (
        {
            "name": "pertinence-cafe-du-quai.json",
            "type": "application/json",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime.now(dt.timezone.utc),
        },
    )

    assert there.value.answers == here.value.answers
    assert there.value.stakeholders == here.value.stakeholders
    assert there.value.language == "en"  # the language chosen here wins
    assert "promote_offer" in there.view("motivation.3").group.value
    assert "pertinence-cafe-du-quai.json" in there.notice.value
    assert there.upload.value == ()
    (draft,) = submission_files(tmp_path / "hub")
    assert draft["answers"]["motivation.1"] == READY_ANSWERS["motivation.1"]


def test_an_unreadable_upload_is_refused_with_a_message(tmp_path, questionnaire):
    app = Questionnaire(tmp_path, questionnaire)
    data = b'{"questionnaire": {"id": "social-media-readiness", "version": 99}}'
    app.upload.value = (
        {
            "name": "x.json",
            "type": "application/json",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime.now(dt.timezone.utc),
        },
    )
    assert "ne peut pas être repris" in app.notice.value
    assert "version 99" in app.notice.value
    assert app.value.answers == {}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("beaucoup", "Entrez un nombre d&#x27;heures"),
        ("120", "entre 0 et 80"),
        ("-2", "entre 0 et 80"),
    ],
)
def test_hours_that_are_not_a_number_in_range_are_rejected_with_a_message(
    tmp_path, questionnaire, typed, message
):
    app = Questionnaire(tmp_path, questionnaire)
    view = app.view("capacity.2")
    view.text.value = "6"
    assert app.value.answers["capacity.2"] == 6.0

    view.text.value = typed

    assert message in view.message.value
    assert 'role="alert"' in view.message.value
    assert "capacity.2" not in app.value.answers
    view.text.value = "6,5"
    assert app.value.answers["capacity.2"] == 6.5
    assert view.message.value == ""


def test_the_gauge_shows_hours_needed_against_hours_freed(tmp_path, questionnaire):
    app = Questionnaire(tmp_path, questionnaire)
    app.fill({"platforms.planned": ["facebook", "linkedin"]})
    gauge = html.unescape(app.gauges[0].value)
    assert "Heures nécessaires" in gauge
    assert "9\u00a0h/semaine" in gauge
    app.fill({"capacity.2": 4})
    gauge = html.unescape(app.gauges[1].value)
    assert "4\u00a0h/semaine" in gauge
    assert "44\u00a0%" in gauge
    assert questionnaire.flag("not_enough_hours").message("fr") in gauge
    assert app.gauges[0].value == app.gauges[1].value
    app.fill({"capacity.2": 10})
    assert "couvrent les heures nécessaires" in html.unescape(app.gauges[0].value)


def test_dont_know_is_apart_and_replaces_the_scale_answer(tmp_path, questionnaire):
    app = Questionnaire(tmp_path, questionnaire)
    view = app.view("audience.2")
    assert "dk" not in [code for code, _ in view.group.options]
    assert view.group.apart == [["dk", "Je ne sais pas"]]  # last, in the same group, set off
    assert view.group.codes[-1] == "dk"
    view.group.value = ["ge75"]
    view.group.value = ["dk"]  # one radio group: choosing "don't know" unchecks the other
    assert app.value.answers["audience.2"] == "dk"
    view.group.value = ["lt25"]
    assert app.value.answers["audience.2"] == "lt25"


def test_choosing_no_specific_objective_clears_the_others(tmp_path, questionnaire):
    app = Questionnaire(tmp_path, questionnaire)
    group = app.view("motivation.3").group
    assert group.apart == [["none_specific", "Aucun objectif précis pour l'instant"]]
    group.value = ["promote_offer"]
    group.value = ["promote_offer", "new_markets"]
    group.value = ["promote_offer", "new_markets", "none_specific"]  # as the browser sends it
    assert app.value.answers["motivation.3"] == ("none_specific",)
    assert group.value == ["none_specific"]
    group.value = ["none_specific", "new_markets"]
    assert app.value.answers["motivation.3"] == ("new_markets",)
    assert group.value == ["new_markets"]


def test_unanswered_questions_are_listed_before_submit_with_a_button_to_their_step(
    tmp_path, questionnaire
):
    app = Questionnaire(tmp_path, questionnaire)
    answers = {k: v for k, v in READY_ANSWERS.items() if k not in ("crisis.2", "planning.4")}
    app.fill(answers, organisation=ORGANISATION)
    app.goto("review")
    listed = html.unescape(
        " ".join(w.value for w in app.missing_box.children if isinstance(w, W.HTML))
    )
    assert questionnaire.question("crisis.2").text("fr") in listed
    assert questionnaire.question("planning.4").text("fr") in listed

    app.submit_button.click()

    assert [f["status"] for f in submission_files(tmp_path)] == ["draft"]
    assert app.result.explanation is None
    buttons = [w for w in app.missing_box.children if isinstance(w, W.Button)]
    assert [b.description for b in buttons] == [
        "Aller à l'étape\u00a0: Préparation aux crises",
        "Aller à l'étape\u00a0: Planification et budget",
    ]
    buttons[0].click()
    assert app.steps[app.step].key == "crisis"
    app.view("crisis.2").group.value = ["yes"]
    app.fill({"planning.4": "yes"})
    app.goto("review")
    assert "Toutes les questions ont une réponse" in app.missing_box.children[0].value
    app.submit_button.click()
    assert [f["status"] for f in submission_files(tmp_path)] == ["submitted"]


def test_the_stakeholder_table_is_saved_with_the_submission(tmp_path, questionnaire):
    app = Questionnaire(tmp_path, questionnaire)
    app.fill(READY_ANSWERS, organisation=ORGANISATION)
    app.goto("stakeholders")
    editor = app.stakeholder_editor
    for name, kind, influence, relationship in [
        ("Chambre de commerce", "association", 4, 2),
        ("Critique connu du quartier", "critic", 2, -2),
        ("Journal régional", "media", 5, 0),
    ]:
        editor.add_button.click()
        row = editor.rows[-1]
        row.name.value = name
        row.type.value = kind
        row.influence.value = influence
        row.relationship.value = relationship
    editor.rows[1].remove.click()

    (draft,) = submission_files(tmp_path)
    assert [a["name"] for a in draft["stakeholders"]] == ["Chambre de commerce", "Journal régional"]
    assert draft["stakeholders"][1] == {
        "name": "Journal régional",
        "type": "media",
        "influence": 5,
        "relationship": 0,
    }
    table = html.unescape(editor.table.value)
    assert "Cultivez la relation dès maintenant" in table  # high influence, neutral
    assert "<img" in editor.map.value

    app.submit_button.click()
    (saved,) = submission_files(tmp_path)
    assert saved["status"] == "submitted"
    assert len(saved["stakeholders"]) == 2
    assert "Chambre de commerce" in html.unescape(app.result.stakeholders.value)


def test_the_cohort_median_is_drawn_once_five_organisations_have_submitted(
    tmp_path, questionnaire, make_submission
):
    for i in range(4):
        store.save(make_submission(name=f"Organisme {i}"), tmp_path, questionnaire)
    app = Questionnaire(tmp_path, questionnaire)
    app.fill(READY_ANSWERS, organisation=ORGANISATION)
    app.submit()
    assert app.result.comparison.dimensions_shown
    assert app.result.comparison.n_organisations == 5
    assert "médiane de la cohorte (5 organismes)" in html.unescape(app.result.radar.value)


def test_the_cohort_median_stays_hidden_under_five_organisations(
    tmp_path, questionnaire, make_submission
):
    store.save(make_submission(name="Autre organisme"), tmp_path, questionnaire)
    app = Questionnaire(tmp_path, questionnaire)
    app.fill(READY_ANSWERS, organisation=ORGANISATION)
    app.submit()
    assert not app.result.comparison.dimensions_shown
    assert app.result.comparison.n_organisations == 2
    assert "dès que 5 organismes" in html.unescape(app.result.radar.value)


def test_a_failing_save_is_shown_in_the_errors_output(tmp_path, questionnaire, monkeypatch):
    app = Questionnaire(tmp_path, questionnaire)
    app.fill(organisation={"name": "Atelier Bois"})

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store, "save", broken)
    app.view("motivation.1").group.value = ["4"]
    text = "".join(o["text"] for o in app.errors.outputs)
    assert "erreur inattendue" in text
    assert "OSError: disk full" in text


def test_every_control_has_an_accessible_description(tmp_path, questionnaire):
    app = Questionnaire(tmp_path, questionnaire)
    app.stakeholder_editor.add_button.click()
    controls = (
        W.Text,
        W.Dropdown,
        W.RadioButtons,
        W.Checkbox,
        W.Button,
        W.FileUpload,
        W.DatePicker,
        W.ToggleButtons,
        W.IntProgress,
    )
    seen = []
    groups = []

    def walk(widget):
        if isinstance(widget, controls):
            seen.append(widget)
        if isinstance(widget, (ChoiceGroup, DecimalField)):
            groups.append(widget)
        for child in getattr(widget, "children", ()):
            walk(child)

    for step in app.steps:
        walk(step.box)
    walk(app)
    assert len(seen) > 20
    assert [w for w in seen if not w.description.strip()] == []
    # every question's group or field is named by the question's text
    groups = list({id(g): g for g in groups}.values())  # the step shown is walked twice
    grouped = [q for q in questionnaire.questions if q.scale.type in ("single", "multi", "number")]
    assert len(groups) == len(grouped) > 25
    texts = {q.text("fr") for q in grouped}
    assert {g.label for g in groups} == texts


def test_no_question_text_lives_in_the_ui_code(questionnaire):
    package = Path(app_package.__file__).parent
    source = "".join(p.read_text(encoding="utf-8") for p in sorted(package.glob("*.py")))
    assert "class Questionnaire" in source
    for q in questionnaire.questions:
        for lang in ("fr", "en"):
            assert q.text(lang) not in source
            for option in q.scale.options:
                if len(option.label(lang)) > 12:
                    assert option.label(lang) not in source


def test_the_model_refuses_changes_once_submitted(tmp_path, questionnaire):
    model = AnswersModel(questionnaire, tmp_path)
    model.set_profile("name", ORGANISATION["name"])
    for key in ("sector", "size", "region"):
        model.set_profile(key, ORGANISATION[key])
    for qid, value in READY_ANSWERS.items():
        model.set_answer(qid, value)
    model.submit()
    with pytest.raises(Exception, match="déjà soumises") as info:
        model.set_answer("motivation.1", "1")
    assert info.value.text("en") == "these answers are already submitted"


def test_the_debrief_shows_our_latest_submission_against_the_cohort(
    tmp_path, questionnaire, make_submission
):
    for i in range(5):
        store.save(make_submission(name=f"Organisme {i}"), tmp_path, questionnaire)
    ours = make_submission({"crisis.1": "no"}, name="Café du Quai")
    ours.submitted = "2099-01-01T00:00:00+00:00"
    store.save(ours, tmp_path, questionnaire)
    debrief = Debrief(tmp_path, questionnaire, lang="fr")
    debrief.name.value = "cafe du quai"
    assert debrief.submission.submission_id == ours.submission_id
    shown = html.unescape(debrief.result.summary.value)
    assert questionnaire.flag("no_crisis_plan").message("fr") in shown
    comparison = html.unescape(debrief.comparison.value)
    assert "Médiane de la cohorte" in comparison
    assert "sous la médiane" in comparison
    debrief.language.value = "en"
    assert "Cohort median" in debrief.comparison.value
    debrief.name.value = "Inconnu"
    assert "No submitted answers" in html.unescape(debrief.message.value)


def test_the_debrief_shows_an_uploaded_answers_file(tmp_path, questionnaire, make_submission):
    ours = make_submission({"planning.1": "no"}, name="Café du Quai")
    data = json.dumps(ours.to_dict()).encode("utf-8")
    debrief = Debrief(tmp_path / "empty", questionnaire, lang="en")
    debrief.upload.value = (
        {
            "name": "ours.json",
            "type": "application/json",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime.now(dt.timezone.utc),
        },
    )
    assert debrief.submission.submission_id == ours.submission_id
    assert questionnaire.flag("no_budget").message("en") in html.unescape(
        debrief.result.summary.value
    )
    assert "once 5 organisations have submitted (so far: 0)" in html.unescape(
        debrief.comparison.value
    )


def test_demo_answers_complete_every_required_question(tmp_path, questionnaire):
    app = Questionnaire(tmp_path, questionnaire)
    app.fill_demo()
    assert app.model.missing() == []
    assert app.submit()
    assert len(app.value.stakeholders) == len(DEMO_ACTORS)


# --------------------------------------------------------------------------------------------
# The pieces of toolkit.app on their own


def test_the_model_and_finding_the_cohort_folder_import_no_widgets():
    code = (
        "import sys; import toolkit.app.model, toolkit.paths; "
        "toolkit.paths.cohort_folder(); "
        "print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


def test_the_model_tells_its_observers_through_traits(tmp_path, questionnaire):
    model = AnswersModel(questionnaire, tmp_path)
    seen: list[str] = []
    model.observe(lambda change: seen.append(change["name"]), ["revision", "submission"])
    model.set_answer("motivation.1", "4")
    assert seen == ["revision"]
    assert model.revision == 1
    model.load(make_draft(questionnaire, {"motivation.1": "2"}))
    assert seen == ["revision", "submission", "revision"]
    assert model.answer("motivation.1") == "2"
    model.lang = "en"
    assert model.submission.language == "en"
    with pytest.raises(TraitError, match="language must be one of"):
        model.lang = "de"
    assert model.lang == "en"


def make_draft(questionnaire, answers: dict) -> Submission:
    draft = Submission.new(questionnaire, "autre", "fr")
    draft.answers.update(answers)
    return draft


def test_a_question_view_is_a_widget_whose_value_is_the_answer(questionnaire):
    question = questionnaire.question("audience.2")
    view = question_view(question, "fr")
    assert isinstance(view, W.VBox)
    assert {"pertinence-q", "pertinence-q-audience-2"} <= set(view._dom_classes)
    recorded: list = []
    view.observe(lambda change: recorded.append(change["new"]), "value")

    view.group.value = ["50_74"]  # a person clicks
    view.group.value = ["dk"]
    assert recorded == ["50_74", "dk"]

    view.value = "lt25"  # the app shows what the model holds
    assert view.group.value == ["lt25"]

    view.lang = "en"
    assert view.group.label == question.text("en")
    assert view.group.value == ["lt25"]
    assert recorded == ["50_74", "dk", "lt25"]


def test_two_apps_in_one_process_share_nothing(tmp_path, questionnaire):
    first = Questionnaire(tmp_path / "a", questionnaire, lang="fr")
    second = Questionnaire(tmp_path / "b", questionnaire, lang="fr")
    first.fill({"motivation.1": "4"}, organisation={"name": "Atelier Bois"})
    first.language.value = "en"

    assert second.lang == "fr"
    assert second.view("motivation.1").group.label == questionnaire.question("motivation.1").text(
        "fr"
    )
    assert second.value.answers == {}
    assert second.next_button.description == "Suivant →"
    assert not (tmp_path / "b").exists()


def test_an_error_while_drawing_the_stakeholder_map_is_shown(tmp_path, questionnaire, monkeypatch):
    from toolkit import charts

    app = Questionnaire(tmp_path, questionnaire)

    def broken(*args, **kwargs):
        raise RuntimeError("no figure")

    monkeypatch.setattr(charts, "stakeholder_map", broken)
    app.stakeholder_editor.add_row({"name": "Ville", "type": "regulator"})
    text = "".join(o["text"] for o in app.errors.outputs)
    assert "RuntimeError: no figure" in text
    assert [a["name"] for a in app.value.stakeholders] == ["Ville"]
