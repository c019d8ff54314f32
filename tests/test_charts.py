"""Every chart drawn on Agg from what the cohort module computed, with its words in fr and en."""

from __future__ import annotations

import base64
import random
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from tests.cohort_factory import random_cohort, random_submission
from toolkit import answers as A
from toolkit import charts, cohort, fmt

matplotlib.use("Agg")

LANGS = ("fr", "en")


def words(ax) -> str:
    """Every text of an Axes (title, labels, ticks, texts, legend), newlines as spaces."""
    parts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    parts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    parts += [t.get_text() for t in ax.texts]
    legend = ax.get_legend()
    if legend is not None:
        parts += [t.get_text() for t in legend.get_texts()]
    return " | ".join(p.replace("\n", " ") for p in parts if p)


@pytest.fixture(scope="module")
def data(questionnaire):
    subs = random_cohort(questionnaire, 30, seed=5)
    rng = random.Random(9)
    for i in range(6):  # returning organisations
        subs.append(
            random_submission(
                questionnaire,
                rng,
                f"Organisme {i:05d}",
                cohort="atelier-2026",
                submitted="2026-05-01T10:00:00+00:00",
            )
        )
    frame = A.to_frame(subs, questionnaire)
    table = cohort.scores(frame, questionnaire)
    return frame, table


def test_radar_draws_the_organisation_against_the_cohort(data, questionnaire):
    _, table = data
    stats = cohort.dimension_stats(table, questionnaire)
    row = table.iloc[0]
    for lang, title, median in (
        ("fr", "Scores par dimension", "Médiane de la cohorte"),
        ("en", "Scores by dimension", "Cohort median"),
    ):
        ax = charts.radar(row, questionnaire, lang=lang, cohort_stats=stats)
        text = words(ax)
        assert ax.name == "polar"
        assert title in text
        assert median in text
        for d in questionnaire.dimensions:
            assert d.label(lang) in text
        assert fmt.score(row["content"], lang) in [t.get_text() for t in ax.texts]


def test_radar_says_when_the_cohort_is_too_small(data, questionnaire):
    _, table = data
    small = cohort.dimension_stats(table.iloc[:3], questionnaire, min_group=5)
    ax = charts.radar({"motivation": 50}, questionnaire, "fr", cohort_stats=small)
    text = words(ax)
    assert "Médiane de la cohorte" not in text
    assert "moins de 5 organismes" in text
    assert "—" in [t.get_text() for t in ax.texts]  # missing dimensions are marked


def test_radar_replaces_a_plain_axes_in_place(questionnaire):
    fig = Figure()
    plain = fig.add_subplot(1, 2, 2)
    ax = charts.radar({"motivation": 80}, questionnaire, "en", ax=plain)
    assert ax.name == "polar"
    assert ax.figure is fig
    assert plain not in fig.axes


ACTORS = [
    {"name": "Chambre de commerce", "type": "association", "influence": 5, "relationship": 2},
    {"name": "La Tribune", "type": "media", "influence": 5, "relationship": 0},
    {"name": "Critique connu", "type": "critic", "influence": 2, "relationship": -2},
    {"name": "Ville", "type": "regulator", "influence": 5, "relationship": 2},
    {"name": "Fournisseur", "type": "partner", "influence": 1, "relationship": 1},
]


@pytest.mark.parametrize(
    ("lang", "zone", "axis"),
    [
        ("fr", "Ambassadeurs", "Influence (1 = faible, 5 = forte)"),
        ("en", "Ambassadors", "Influence (1 = low, 5 = high)"),
    ],
)
def test_stakeholder_map_names_actors_and_zones(lang, zone, axis):
    ax = charts.stakeholder_map(ACTORS, lang=lang)
    text = words(ax)
    assert zone in text
    assert axis in text
    for actor in ACTORS:
        assert actor["name"] in text
    assert ax.get_xlim() == (-2.5, 2.5)
    assert len(ax.collections) == len(ACTORS)  # one marker each


def test_stakeholder_map_takes_a_dataframe_and_an_empty_list():
    ax = charts.stakeholder_map(pd.DataFrame(ACTORS[:2]), "en")
    assert "La Tribune" in words(ax)
    empty = charts.stakeholder_map([], "fr")
    assert "Carte des parties prenantes" in words(empty)


def test_crowded_stakeholder_cells_keep_every_actor():
    crowd = [{"name": f"Membre {i}", "influence": 3, "relationship": 1} for i in range(9)]
    ax = charts.stakeholder_map(crowd, "fr")
    names = [t.get_text() for t in ax.texts]
    assert all(f"Membre {i}" in names for i in range(9))
    points = np.array([c.get_offsets()[0] for c in ax.collections])
    assert len({tuple(p) for p in points.round(3)}) == 9  # no two markers on top of each other
    assert (np.abs(points[:, 0] - 1) < 0.5).all()
    assert (np.abs(points[:, 1] - 3) < 0.5).all()


@pytest.mark.parametrize("lang", LANGS)
def test_heatmap_labels_organisations_and_dimensions(data, questionnaire, lang):
    _, table = data
    ax = charts.heatmap(cohort.heatmap_table(table, questionnaire), questionnaire, lang)
    text = words(ax)
    assert ("Scores par organisme" if lang == "fr" else "Scores by organisation") in text
    assert "org-" in text
    assert questionnaire.dimension("crisis").label(lang) in text
    binned = cohort.heatmap_table(table, questionnaire, max_rows=10)
    ax = charts.heatmap(binned, questionnaire, lang)
    assert ("regroupés par rang" if lang == "fr" else "grouped by rank") in words(ax)


@pytest.mark.parametrize("lang", LANGS)
def test_recommendations_chart_counts_each_recommendation(data, questionnaire, lang):
    _, table = data
    dist = cohort.recommendation_distribution(table)
    ax = charts.recommendations(dist, questionnaire, lang)
    text = words(ax)
    for rule in questionnaire.rules:
        assert rule.label(lang).split()[0] in text
    counts = dist.set_index("recommendation")["count"]
    assert any(t.get_text().startswith(f"{counts['prepare']:.0f} (") for t in ax.texts)
    assert len(ax.patches) == 4


def test_recommendations_chart_marks_a_suppressed_group(data, questionnaire):
    _, table = data
    dist = cohort.recommendation_distribution(table.iloc[:2])
    assert "masqué (n < 5)" in words(charts.recommendations(dist, questionnaire, "fr"))
    assert "hidden (n < 5)" in words(charts.recommendations(dist, questionnaire, "en"))


@pytest.mark.parametrize(("lang", "dk"), [("fr", "Je ne sais pas"), ("en", "Don't know")])
def test_likert_keeps_dont_know_apart(data, questionnaire, lang, dk):
    frame, _ = data
    counts = cohort.likert_counts(frame, questionnaire)
    ax = charts.likert(counts, questionnaire, lang)
    text = words(ax)
    assert dk in text
    assert questionnaire.question("content.1").short_label(lang) in text
    assert questionnaire.scales["agree5"].option("5").label(lang) in text
    # « don't know » bars start right of the +100 % limit, opinion bars stay within ±100 %
    dk_bars = [p for p in ax.patches if p.get_x() >= 100]
    opinion = [p for p in ax.patches if p.get_x() < 100]
    assert len(dk_bars) == len(counts)
    assert all(p.get_x() >= -100.01 and p.get_x() + p.get_width() <= 100.01 for p in opinion)


@pytest.mark.parametrize(("lang", "hard"), [("fr", "[majeur]"), ("en", "[major]")])
def test_red_flags_chart_names_each_flag_and_level(data, questionnaire, lang, hard):
    _, table = data
    ax = charts.red_flags(cohort.flag_frequency(table, questionnaire), questionnaire, lang)
    text = words(ax)
    assert hard in text
    assert questionnaire.flag("no_named_person").message(lang)[:30] in text
    assert len(ax.patches) == len(questionnaire.flags)


@pytest.mark.parametrize(("lang", "axis"), [("fr", "Heures libérées"), ("en", "Hours freed")])
def test_hours_chart_plots_needed_against_freed(data, lang, axis):
    _, table = data
    gap = cohort.capacity_gap(table)
    ax = charts.hours(gap, lang)
    text = words(ax)
    assert axis in text
    assert sum(len(c.get_offsets()) for c in ax.collections) == gap["hours_ratio"].notna().sum()


@pytest.mark.parametrize("lang", LANGS)
def test_segments_chart_compares_segment_values(data, questionnaire, lang):
    _, table = data
    seg = cohort.segment_table(table, "size", "global", questionnaire, min_group=5)
    ax = charts.segments(seg, questionnaire, lang)
    text = words(ax)
    assert ("Indice global" if lang == "fr" else "Global index") in text
    assert questionnaire.profile_field("size").options[0].label(lang) in text
    assert "n = " in text


def test_segments_chart_marks_suppressed_values(data, questionnaire):
    _, table = data
    seg = cohort.segment_table(table, "region", "global", questionnaire, min_group=30)
    assert "masqué (n < 30)" in words(charts.segments(seg, questionnaire, "fr"))


@pytest.mark.parametrize(("lang", "before"), [("fr", "Avant"), ("en", "Before")])
def test_slope_chart_links_before_and_after(data, questionnaire, lang, before):
    _, table = data
    pairs = cohort.anonymise(cohort.before_after(table, questionnaire))
    ax = charts.slope(pairs, "global", questionnaire, lang)
    text = words(ax)
    assert before in text
    assert "org-" in text
    assert "Organisme" not in text
    assert ("Variation médiane" if lang == "fr" else "Median change") in text


def test_every_chart_says_it_has_no_data_and_draws_nothing(questionnaire):
    empty_answers = A.to_frame([], questionnaire)
    empty_scores = cohort.scores(empty_answers, questionnaire)
    no_data = {
        "heatmap": charts.heatmap(cohort.heatmap_table(empty_scores, questionnaire), questionnaire),
        "hours": charts.hours(cohort.capacity_gap(empty_scores)),
        "slope": charts.slope(
            cohort.before_after(empty_scores, questionnaire), "global", questionnaire
        ),
    }
    for name, ax in no_data.items():
        assert [t.get_text() for t in ax.texts] == ["Aucune donnée à afficher"], name
        assert not (*ax.patches, *ax.lines, *ax.collections, *ax.images), name
        assert base64.b64decode(charts.to_png_base64(ax))[:8] == b"\x89PNG\r\n\x1a\n"

    # The Likert chart keeps one row per agreement question, each marked as suppressed
    # (0 organisations < 5), with bars of zero width.
    counts = cohort.likert_counts(empty_answers, questionnaire)
    ax = charts.likert(counts, questionnaire)
    rows = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert rows == [questionnaire.question(qid).short_label() for qid in counts.index]
    assert len(rows) == 11
    assert [t.get_text() for t in ax.texts].count("masqué (n < 5)") == len(rows)
    assert {p.get_width() for p in ax.patches} == {0.0}
    assert base64.b64decode(charts.to_png_base64(ax))[:8] == b"\x89PNG\r\n\x1a\n"


def test_charts_draw_into_the_axes_they_are_given(data, questionnaire):
    _, table = data
    fig = Figure()
    ax = fig.add_subplot()
    assert (
        charts.recommendations(cohort.recommendation_distribution(table), questionnaire, ax=ax)
        is ax
    )


def test_png_export_is_a_base64_png(data, questionnaire):
    _, table = data
    text = charts.to_png_base64(charts.hours(cohort.capacity_gap(table)))
    assert base64.b64decode(text)[:8] == b"\x89PNG\r\n\x1a\n"


def test_palette_is_okabe_ito():
    assert charts.OKABE_ITO["vermillion"] == "#D55E00"
    assert set(charts.RECOMMENDATION_COLOURS.values()) <= set(charts.OKABE_ITO.values())


def test_spread_labels_keeps_labels_apart():
    placed = charts.spread_labels([30.0, 30.5, 31.0, 80.0], 3.0, 0, 100)
    ordered = np.sort(placed[:3])
    assert (np.diff(ordered) >= 3.0 - 1e-9).all()
    assert placed[3] == 80.0


def test_slope_and_hours_draw_no_individual_of_a_small_group(data, questionnaire):
    _, table = data
    pairs = cohort.before_after(table, questionnaire)
    ax = charts.slope(pairs, "global", questionnaire, "fr", min_group=50)
    assert "masqué (n < 50)" in words(ax)
    assert not ax.collections
    ax = charts.hours(cohort.capacity_gap(table.iloc[:3]), "en")
    assert "hidden (n < 5)" in words(ax)
    assert not ax.collections


# --- labels passed in, figures in the language's format -------------------------------------

NBSP = "\u00a0"


def ticks(axis) -> list[str]:
    return [t.get_text() for t in axis.get_ticklabels() if t.get_text()]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", ["0", "2,5", "5", "7,5", "10"]), ("en", ["0", "2.5", "5", "7.5", "10"])],
)
def test_tick_labels_follow_the_language(data, lang, expected):
    _, table = data
    ax = charts.hours(cohort.capacity_gap(table), lang)
    ax.set_xticks([0, 2.5, 5, 7.5, 10])  # the formatter the chart set writes every tick
    ax.set_yticks([0, 2.5, 5, 7.5, 10])
    assert ticks(ax.xaxis) == expected
    assert ticks(ax.yaxis) == expected


def test_stakeholder_ticks_keep_their_signs():
    ax = charts.stakeholder_map(ACTORS, "fr")
    assert ticks(ax.xaxis) == ["\u22122", "\u22121", "0", "+1", "+2"]


def test_figures_written_on_charts_follow_the_language(data, questionnaire):
    _, table = data
    dist = cohort.recommendation_distribution(table)
    for lang, percent in (("fr", f"{NBSP}%)"), ("en", "%)")):
        ax = charts.recommendations(dist, questionnaire, lang)
        texts = [t.get_text() for t in ax.texts]
        assert all(t.endswith(percent) for t in texts), texts
        assert lang == "en" or not any(t.endswith(" %)") for t in texts)


def test_pertinence_lang_makes_charts_english(data, questionnaire, monkeypatch):
    _, table = data
    monkeypatch.setenv("PERTINENCE_LANG", "en")
    assert charts.measure_label("global") == "Global index"
    ax = charts.radar(table.iloc[0], questionnaire, cohort_stats=cohort.dimension_stats(table))
    text = words(ax)
    assert "Cohort median" in text
    assert "Médiane" not in text
    monkeypatch.setenv("PERTINENCE_LANG", "fr")
    assert charts.measure_label("global") == "Indice global"


def test_every_chart_returns_the_axes_it_drew_on_with_the_labels_it_was_given(data, questionnaire):
    frame, table = data
    labels = charts.labels_for("en")
    title = {name: f"<{name}>" for name in labels}  # every word replaced
    drawn = {
        "heatmap_title": lambda ax: charts.heatmap(
            cohort.heatmap_table(table, questionnaire), questionnaire, "en", ax=ax, labels=title
        ),
        "recommendations_title": lambda ax: charts.recommendations(
            cohort.recommendation_distribution(table), questionnaire, "en", ax=ax, labels=title
        ),
        "likert_title": lambda ax: charts.likert(
            cohort.likert_counts(frame, questionnaire), questionnaire, "en", ax=ax, labels=title
        ),
        "flags_title": lambda ax: charts.red_flags(
            cohort.flag_frequency(table, questionnaire), questionnaire, "en", ax=ax, labels=title
        ),
        "hours_title": lambda ax: charts.hours(
            cohort.capacity_gap(table), "en", ax=ax, labels=title
        ),
        "stakeholder_title": lambda ax: charts.stakeholder_map(ACTORS, "en", ax=ax, labels=title),
    }
    for name, draw in drawn.items():
        ax = Figure().add_subplot()
        assert draw(ax) is ax, name
        assert ax.get_title() == f"<{name}>"
        assert not any(word in words(ax) for word in labels.values() if "{" not in word), name


def test_a_chart_given_some_labels_takes_the_rest_from_the_catalogue(data):
    _, table = data
    ax = charts.hours(cohort.capacity_gap(table), "fr", labels={"hours_title": "Le temps"})
    assert ax.get_title() == "Le temps"
    assert "Heures libérées" in words(ax)


def test_radar_layout_is_computed_apart_from_the_drawing():
    layout = charts.radar_layout([80.0, None, 40.0, float("nan")])
    assert layout.angles.tolist() == pytest.approx([0, np.pi / 2, np.pi, 3 * np.pi / 2])
    assert layout.alignments == ["center", "left", "center", "right"]
    assert layout.drawn.tolist() == [80.0, 0.0, 40.0, 0.0]
    assert np.isnan(layout.values[[1, 3]]).all()  # noqa: PD011 - a RadarLayout field
    assert layout.value_radii.tolist() == [90.0, 10.0, 50.0, 10.0]
    assert len(layout.closed) == 5


def test_stakeholder_layout_spreads_a_crowded_cell_and_keeps_a_lone_actor_centred():
    crowd = [{"name": f"Membre {i}", "influence": 3, "relationship": 1} for i in range(6)]
    alone = {"name": "Critique", "influence": 2, "relationship": -2}
    layout = charts.stakeholder_layout([*crowd, alone, {"name": "Sans chiffres"}])
    assert len(layout) == 7  # the actor without numbers is left out
    cell, lone = layout.iloc[:6], layout.iloc[6]
    assert (cell["ha"] == "left").all()
    assert len({(round(x, 3), round(y, 3)) for x, y in zip(cell["x"], cell["y"], strict=True)}) == 6
    assert ((cell["x"] - 1).abs() < 0.5).all()
    assert ((cell["y"] - 3).abs() < 0.5).all()
    assert (lone["x"], lone["y"], lone["ha"], lone["marker"]) == (-2.0, 2.0, "center", "v")
    assert charts.stakeholder_layout([]).empty


# --------------------------------------------------------------------------------------------
# Legible where they are shown: sizes, labels whole, no question id, text alternatives

QUESTION_ID = re.compile(
    r"\b(?:motivation|audience|content|capacity|competence|crisis|influence|planning|oneoff|platforms)\.[0-9a-z]+\b"
)


def all_texts(ax) -> list[str]:
    return [t.get_text() for t in charts.common.visible_texts(ax.figure)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("with_cohort", [True, False])
def test_radar_text_is_at_least_11_px_on_a_390_px_phone(data, questionnaire, lang, with_cohort):
    _, table = data
    rows = table if with_cohort else table.iloc[:3]
    stats = cohort.dimension_stats(rows, questionnaire)
    ax = charts.radar(table.iloc[0], questionnaire, lang, cohort_stats=stats)
    fig = ax.figure
    # 12 pt on a 5-inch figure shown 350 px wide (390 less the margins): 12/72 × 350/5 = 11.67
    assert charts.display_px(12, 5.0, 350) == pytest.approx(11.67, abs=0.01)
    assert fig.get_figwidth() == 5.0
    smallest = charts.smallest_text_px(fig, charts.PHONE_WIDTH_PX)
    assert smallest >= charts.MIN_TEXT_PX == 11
    assert smallest == pytest.approx(11.67, abs=0.01)
    # every label is whole: inside the image, and wrapped rather than cut
    assert charts.texts_cut_off(fig) == []
    assert not any("…" in t for t in all_texts(ax))
    spokes = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert spokes == [d.label(lang) for d in questionnaire.dimensions]


def test_the_old_radar_would_have_failed_the_phone_check():
    fig = Figure(figsize=(7.8, 6.6))  # the size the radar had, its labels at 8 pt
    assert charts.display_px(8, fig.get_figwidth(), charts.PHONE_WIDTH_PX) < 5


@pytest.mark.parametrize("lang", LANGS)
def test_cohort_charts_name_questions_by_short_label_and_cut_no_label(data, questionnaire, lang):
    frame, table = data
    drawn = [
        charts.recommendations(cohort.recommendation_distribution(table), questionnaire, lang),
        charts.red_flags(cohort.flag_frequency(table, questionnaire), questionnaire, lang),
        charts.likert(cohort.likert_counts(frame, questionnaire), questionnaire, lang),
        charts.hours(cohort.capacity_gap(table), lang),
        charts.heatmap(cohort.heatmap_table(table, questionnaire), questionnaire, lang),
        charts.segments(
            cohort.segment_table(table, "sector", "global", questionnaire, 3), questionnaire, lang
        ),
        charts.radar(
            table.iloc[0], questionnaire, lang, cohort_stats=cohort.dimension_stats(table)
        ),
    ]
    for ax in drawn:
        texts = all_texts(ax)
        assert not [t for t in texts if QUESTION_ID.search(t)], ax.get_title()
        assert not [t for t in texts if "…" in t], ax.get_title()
        assert charts.texts_cut_off(ax.figure) == [], ax.get_title()
    flags = " ".join(t.replace("\n", " ") for t in all_texts(drawn[1]))
    assert questionnaire.flag("audience_absent").message(lang) in flags  # whole, not cut


def test_the_radar_alt_text_gives_every_score_and_the_weakest():
    scores = {
        "motivation": 80,
        "audience": 45,
        "content": 60,
        "capacity": 55,
        "competence": 70,
        "crisis": 20,
        "influence": 50,
        "planning": 65,
    }
    assert charts.radar_alt(scores, lang="fr") == (
        f"Scores par dimension (0–100) — Votre organisme{NBSP}: Motivation et objectifs 80, "
        "Présence du public 45, Contenu et échanges 60, Personne et temps 55, Compétences de la "
        "personne responsable 70, Préparation aux crises 20, Influence et parties prenantes 50, "
        f"Planification et budget 65. Dimension la plus faible{NBSP}: Préparation aux crises, 20."
    )
    english = charts.radar_alt(scores, lang="en", label="Cohort median")
    assert english.startswith("Scores by dimension (0–100) — Cohort median: Motivation and")
    assert english.endswith("Weakest dimension: Crisis readiness, 20.")


def test_alt_texts_carry_the_numbers_the_charts_draw(data, questionnaire):
    frame, table = data
    dist = cohort.recommendation_distribution(table)
    counts = dist.set_index("recommendation")["count"]
    alt = charts.recommendations_alt(dist, questionnaire, "en")
    assert alt.startswith(f"Distribution of recommendations — {len(table)} organisations: ")
    for rule in questionnaire.rules:
        if rule.id in counts.index:
            assert f"{rule.label('en')} {int(counts[rule.id])} (" in alt

    likert = cohort.likert_counts(frame, questionnaire)
    row = likert.loc["content.1"]
    total = row[["1", "2", "3", "4", "5", "dk"]].sum()
    agree = fmt.percent((row["4"] + row["5"]) / total, lang="en")
    alt = charts.likert_alt(likert, questionnaire, "en")
    assert f"Content useful to clients: {agree} agree, " in alt
    assert not QUESTION_ID.search(alt)

    gap = cohort.capacity_gap(table)
    short = int((gap["band"] == "short").sum())
    alt = charts.hours_alt(gap, "fr")
    assert f"{short} libèrent moins de la moitié" in alt
    assert fmt.hours(gap["hours_needed"].median(), "fr") in alt

    flags = cohort.flag_frequency(table, questionnaire)
    alt = charts.red_flags_alt(flags, questionnaire, "en")
    share = fmt.percent(flags.loc["no_named_person", "share"] / 100, lang="en")
    assert f"Nobody is named to manage the platforms (major) {share}" in alt


def test_alt_texts_say_what_is_hidden_or_missing(data, questionnaire):
    _, table = data
    small = cohort.recommendation_distribution(table.iloc[:2])
    assert charts.recommendations_alt(small, questionnaire, "fr").endswith("masqué (n < 5).")
    empty = cohort.capacity_gap(table.iloc[:0])
    assert (
        charts.hours_alt(empty, "en") == "Hours needed and hours freed (h/week) — No data to show."
    )
    assert charts.slope_alt(cohort.before_after(table.iloc[:0], questionnaire), lang="en").endswith(
        "No data to show."
    )


def test_stakeholder_alt_lists_actors_most_influential_first():
    alt = charts.stakeholder_alt(ACTORS, "en")
    assert alt.startswith("Stakeholder map — Chambre de commerce (influence 5, relationship +2), ")
    assert alt.endswith("Fournisseur (influence 1, relationship +1).")
    assert "Critique connu (influence 2, relationship \u22122)" in alt


def test_a_chart_as_svg_is_named_for_screen_readers():
    ax = charts.radar({"motivation": 80, "crisis": 20}, lang="en")
    alt = charts.radar_alt({"motivation": 80, "crisis": 20}, lang="en")
    svg = charts.to_svg(ax, alt)
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert f'aria-label="{alt}"' in svg
    assert "<title>" in svg
    assert 'id="figure_1"' not in svg  # matplotlib's own ids would repeat across charts
    assert "Crisis readiness" in svg  # text stays text


def test_a_heavy_chart_falls_back_to_an_img_with_alt(data):
    _, table = data
    ax = charts.hours(cohort.capacity_gap(table), "en")
    html = charts.figure_html(ax, "Hours: 30 answers", max_svg_bytes=1000)
    assert html.startswith('<img alt="Hours: 30 answers"')
    assert "data:image/png;base64," in html


def test_a_cloud_of_marks_is_embedded_as_png_and_a_plain_chart_as_svg():
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.scatter(np.arange(1500), np.arange(1500) % 7)
    assert charts.common.marks(fig) == 1500
    assert charts.figure_html(ax, "1 500 points").startswith('<img alt="1 500 points"')
    bars = Figure(figsize=(4, 3))
    bars.add_subplot().bar(["a", "b"], [1, 2])
    assert charts.figure_html(bars, "a 1, b 2").startswith("<svg ")
