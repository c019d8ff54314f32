"""HTML reports: every section there, self-contained, names escaped, nothing runnable from data."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.cohort_factory import random_cohort, random_submission, write_cohort
from toolkit import answers as A
from toolkit import cohort, fmt, report, scoring, store
from toolkit.words import HTML_LANG

EVIL = "<script>alert(1)</script>"
GROUP_SECTIONS = (
    "recommendation",
    "scores",
    "flags",
    "hours",
    "details",
    "methodology",
    "sources",
)
COHORT_SECTIONS = (
    "overview",
    "recommendations",
    "dimensions",
    "heatmap",
    "questions",
    "flags",
    "capacity",
    "segments",
    "percentiles",
    "before-after",
    "agreement",
    "methodology",
    "sources",
)


class _Tags(HTMLParser):
    """Collects tags, attributes and section ids of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def assert_self_contained(html: str) -> None:
    tags = parse(html).tags
    names = {t for t, _ in tags}
    assert "script" not in names
    assert "link" not in names
    assert "iframe" not in names
    for tag, attrs in tags:
        for key, value in attrs.items():
            assert not key.startswith("on"), f"event handler {key} on <{tag}>"
            if key in ("src", "href"):
                assert value, f"empty {key} on <{tag}>"
                assert value.startswith("data:image/png;base64,"), value
    assert "http://" not in html
    assert "https://" not in html
    assert "<script" not in html.lower()


def assert_named_figures(html: str, at_least: int) -> None:
    """Every figure holds a chart named for screen readers: inline SVG with role="img" and an
    aria-label, or an img with alt, and the name says what it shows (figures included)."""
    figures = re.findall(r"<figure>(.*?)</figure>", html, re.DOTALL)
    assert len(figures) >= at_least
    for figure in figures:
        named = re.match(r'<svg [^>]*role="img" aria-label="([^"]+)"', figure) or re.match(
            r'<img alt="([^"]+)"', figure
        )
        assert named, figure[:200]
        assert re.search(r"\d", named.group(1)), named.group(1)  # it gives numbers
        assert " — " in named.group(1)  # the chart's title, then what it shows


@pytest.fixture
def evil_submission(make_submission):
    sub = make_submission({"crisis.1": "no", "capacity.2": 3}, name=EVIL)
    sub.stakeholders = [
        {
            "name": "<img src=x onerror=alert(2)>",
            "type": "critic",
            "influence": 4,
            "relationship": -2,
        },
        {"name": "Chambre de commerce", "type": "association", "influence": 5, "relationship": 2},
    ]
    return sub


@pytest.fixture
def cohort_frame(questionnaire, evil_submission):
    subs = random_cohort(questionnaire, 12, seed=3)
    return A.to_frame([*subs, evil_submission], questionnaire)


# --- one organisation -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_group_report_has_every_section(evil_submission, questionnaire, cohort_frame, lang):
    html = report.group_report(evil_submission, questionnaire, lang=lang, cohort_frame=cohort_frame)
    ids = {attrs.get("id") for _, attrs in parse(html).tags}
    for section in (*GROUP_SECTIONS, "stakeholders"):
        assert section in ids, section
    assert f'lang="{HTML_LANG[lang]}"' in html
    words = {
        "fr": ("Recommandation", "Méthodologie", "Tableau A", "Tableau B", "Préparer d'abord"),
        "en": ("Recommendation", "Methodology", "Table A", "Table B", "Prepare first"),
    }[lang]
    text = html.replace("&#x27;", "'")
    for word in words:
        assert word in text
    assert "NETendances 2024" in html
    assert "Hootsuite" in html
    assert "S7" in html  # the article points
    assert_self_contained(html)


def test_group_report_escapes_names_and_free_text(evil_submission, questionnaire, cohort_frame):
    html = report.group_report(evil_submission, questionnaire, cohort_frame=cohort_frame)
    assert EVIL not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert_self_contained(html)


def test_group_report_compares_with_the_cohort_only_from_min_group(make_submission, questionnaire):
    me = make_submission(name="Moi")
    others = [make_submission(name=f"Autre {i}") for i in range(4)]
    four = A.to_frame([me, *others[:3]], questionnaire)
    five = A.to_frame([me, *others], questionnaire)
    hidden = report.group_report(me, questionnaire, "fr", cohort_frame=four)
    shown = report.group_report(me, questionnaire, "fr", cohort_frame=five)
    assert "n'est pas affichée" in hidden.replace("&#x27;", "'")
    assert "Médiane de la cohorte" not in hidden
    assert "Médiane de la cohorte" in shown
    assert "sur 5 organismes" in shown
    # a participant's report never names another organisation
    for other in others:
        assert other.organisation["name"] not in shown


def test_group_report_without_cohort_or_stakeholders(make_submission, questionnaire):
    sub = make_submission(name="Seul")
    html = report.group_report(sub.to_dict(), questionnaire, lang="en")
    assert 'id="stakeholders"' not in html
    assert "No red flag." in html
    assert "Make it part of the plan" in html


def test_group_report_refuses_min_group_below_three(make_submission, questionnaire):
    with pytest.raises(cohort.AnonymityError):
        report.group_report(make_submission(), questionnaire, min_group=2)


# --- a cohort ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cohort_dir(questionnaire, tmp_path_factory):
    """A cohort folder shared by the cohort-report tests (reports are read, never written)."""
    rng = random.Random(2)
    evil = random_submission(questionnaire, rng, EVIL)
    subs = random_cohort(questionnaire, 24, seed=11)
    rng = random.Random(2)
    for i in range(6):  # answered again a year later
        subs.append(
            random_submission(
                questionnaire,
                rng,
                f"Organisme {i:05d}",
                cohort="atelier-2026",
                submitted="2026-05-01T10:00:00+00:00",
            )
        )
    for _ in range(2):  # two more people of one organisation
        subs.append(random_submission(questionnaire, rng, "Organisme 00010"))
    subs.append(evil)
    folder = write_cohort(subs, tmp_path_factory.mktemp("report") / "cohort")
    store.save(
        random_submission(questionnaire, rng, "Atelier Inachevé", status="draft"),
        folder,
        questionnaire,
    )
    (folder / "broken.json").write_text("{", encoding="utf-8")
    return folder


_REPORTS: dict[tuple, str] = {}


def cohort_html(folder, lang="fr", names=False, min_group=5) -> str:
    """The cohort report of the shared folder, computed once per set of options."""
    key = (str(folder), lang, names, min_group)
    if key not in _REPORTS:
        _REPORTS[key] = report.cohort_report([folder], lang, min_group=min_group, names=names)
    return _REPORTS[key]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_cohort_report_has_every_section(cohort_dir, lang):
    html = cohort_html(cohort_dir, lang)
    ids = {attrs.get("id") for _, attrs in parse(html).tags}
    for section in COHORT_SECTIONS:
        assert section in ids, section
    assert_named_figures(html, at_least=8)
    assert "broken.json" in html  # reading problems are listed
    assert "Atelier Inachevé" not in html  # drafts are left out (and counted)
    assert ("Par secteur" if lang == "fr" else "By sector") in html
    assert "NETendances 2024" in html
    assert "Pew Research Center" in html
    assert_self_contained(html)


def test_cohort_report_hides_names_unless_asked(cohort_dir):
    hidden = cohort_html(cohort_dir, "fr")
    assert "Organisme 000" not in hidden
    assert EVIL not in hidden
    assert "&lt;script&gt;" not in hidden
    assert re.search(r"org-[0-9a-f]{8}", hidden)
    named = cohort_html(cohort_dir, "en", names=True)
    assert "Organisme 00010" in named
    assert EVIL not in named
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in named
    assert_self_contained(named)


def test_cohort_report_marks_suppressed_cells(cohort_dir):
    html = cohort_html(cohort_dir, "fr", min_group=8)
    # with 8 as the minimum some sectors are too small: their cells say so
    assert 'class="suppressed"' in html
    assert "masqué (n &lt; 8)" in html


def test_a_cohort_under_min_group_shows_no_statistics(make_submission, questionnaire):
    frame = A.to_frame([make_submission(name=f"Org {i}") for i in range(4)], questionnaire)
    html = report.cohort_report(frame, "fr")
    assert "moins de 5 organismes" in html
    assert "Org 1" not in html
    assert 'class="suppressed"' in html


def test_an_empty_cohort_gives_a_report_that_says_so(tmp_path):
    html = report.cohort_report([tmp_path], "en")
    assert "No submitted answers." in html
    assert_self_contained(html)


def test_write_cohort_report_writes_utf8(cohort_dir, tmp_path):
    out = report.write_cohort_report([cohort_dir], tmp_path / "out" / "cohorte.html", "fr", 5)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "Rapport de cohorte" in text


def test_figures_rendered_side_by_side_match_those_drawn_one_by_one(monkeypatch):
    """The cohort report renders its figures in two forked processes (outside a kernel)."""

    from matplotlib.figure import Figure

    from toolkit.report.figures import render_figures

    def figures():
        out = []
        for i in range(5):
            fig = Figure(figsize=(2, 2))
            fig.add_subplot().bar(["a", "b"], [i, 5 - i])
            out.append((fig, f"bars {i} and {5 - i}"))
        return out

    parallel = render_figures(figures())
    monkeypatch.setitem(__import__("sys").modules, "ipykernel", object())  # as in a kernel
    sequential = render_figures(figures())
    assert len(parallel) == len(sequential) == 5
    for i, (a, b) in enumerate(zip(parallel, sequential, strict=True)):
        assert a.startswith("<svg ")
        assert f'aria-label="bars {i} and {5 - i}"' in a
        # the same drawing (clip-path and marker ids are random per rendering)
        assert re.sub(r"\b[pm][0-9a-f]{10}\b", "", a) == re.sub(r"\b[pm][0-9a-f]{10}\b", "", b)


def test_no_figure_placeholder_is_left_in_a_cohort_report():
    sample = Path(__file__).resolve().parent.parent / "data" / "sample_cohort"
    html_text = report.cohort_report(sample, "en")
    assert "@@pertinence-figure" not in html_text
    assert_named_figures(html_text, at_least=8)


# --- words and figures ------------------------------------------------------------------------

NBSP = "\u00a0"
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_cohort"


def test_a_french_report_writes_figures_the_quebec_way(make_submission, questionnaire):
    sub = make_submission({"capacity.2": 3.5})
    html = report.group_report(sub, questionnaire, "fr")
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    assert f"3,5{NBSP}h" in cells  # the hours freed
    assert not [c for c in cells if re.search(r"\d\.\d", c)]
    assert f"Cohorte{NBSP}:" in html
    assert f"Indice global{NBSP}:" in html
    english = report.group_report(sub, questionnaire, "en")
    assert f"3.5{NBSP}h" in english
    assert "Cohort:" in english


def test_no_french_report_writes_a_decimal_point_or_a_figure_cut_from_its_unit(
    make_submission, questionnaire
):
    html = report.group_report(make_submission({"capacity.2": 3.5}), questionnaire, "fr")
    assert not re.search(r"\d\.\d[ \u00a0]?h\b", html)
    assert not re.search(r"\d [%h]\b", html)


def test_a_french_cohort_report_writes_percentages_and_hours_with_non_breaking_spaces():
    html = report.cohort_report(SAMPLE, "fr")
    assert re.search(rf"<td class=\"num\">\d+,\d{NBSP}%</td>", html)
    assert re.search(rf"<td class=\"num\">\d+(,\d)?{NBSP}h</td>", html)
    assert not re.search(r"<td class=\"num\">[^<]*\d\.\d", html)  # no decimal point
    assert "Produit le " + fmt.date(__import__("datetime").date.today(), "fr") in html


def test_a_cohort_report_counts_the_drafts_it_leaves_out():
    """The sample cohort holds 34 submissions and 2 drafts: the drafts are never scored, and
    the overview says how many were left out."""
    html = report.cohort_report(SAMPLE, "fr")
    row = re.search(r"Brouillons et réponses incomplètes \(non notés\)</td><td[^>]*>(\d+)<", html)
    assert row is not None
    assert row.group(1) == "2"
    assert re.search(r"Réponses soumises</td><td[^>]*>34<", html)


ENGLISH = (
    "Cohort report",
    "Overview",
    "Submissions",
    "Statistics by dimension",
    "Statistics by question",
    "Red flags",
    "Capacity: hours needed and hours freed",
    "Hours freed (median)",
    "By sector",
    "Medians",
    "Global index",
    "Methodology",
    "Anonymity",
    "Table A — effort to keep an active presence",
    "Generated on",
    "Self-contained report",
)
FRENCH = (
    "Rapport de cohorte",
    "Vue d'ensemble",
    "Réponses soumises",
    "Statistiques",
    "Signaux d'alerte",
    "Heures libérées",
    "Par secteur",
    "Médiane",
    "Indice global",
    "Méthodologie",
    "Anonymat",
    "Tableau A",
    "Produit le",
    "masqué",
    "Organismes",
)


def test_pertinence_lang_en_gives_an_english_cohort_report(tmp_path):
    out = tmp_path / "r.html"
    env = {**os.environ, "PERTINENCE_LANG": "en"}
    cmd = [sys.executable, "-m", "toolkit.cli", "report", str(SAMPLE), "--out", str(out)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8").replace("&#x27;", "'")
    assert '<html lang="en-CA">' in html
    for text in ENGLISH:
        assert text in html, text
    for text in FRENCH:
        assert text not in html, text
    assert re.search(r"<td class=\"num\">\d+\.\d%</td>", html)  # 44.1%
    assert NBSP + "%" not in html


QUESTION_ID = re.compile(
    r"\b(?:motivation|audience|content|capacity|competence|crisis|influence|planning)\.\d\b"
)


def test_the_cohort_report_names_questions_by_their_short_label_never_their_id(
    cohort_dir, questionnaire
):
    html = cohort_html(cohort_dir, "fr")
    section = html[html.index('<section id="questions">') :]
    section = section[: section.index("</section>")]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", section, re.DOTALL)
    assert not [c for c in cells if QUESTION_ID.search(c)]
    assert "<strong>Appui de la direction</strong>" in section  # planning.3's short label
    # nowhere in the page, chart texts and alt texts included, does a question id show
    text = re.sub(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+", "", html)
    assert not QUESTION_ID.findall(text)


def test_report_charts_are_vector_and_named_with_their_numbers(make_submission, questionnaire):
    sub = make_submission({"crisis.1": "no", "capacity.2": 3})
    html = report.group_report(sub, questionnaire, "en")
    assert_named_figures(html, at_least=1)
    svg = re.search(r'<svg [^>]*role="img" aria-label="([^"]+)"', html)
    assert svg, "the radar is inline SVG"
    alt = svg.group(1)
    explained = scoring.explain(sub, questionnaire, lang="en")
    for d in explained.dimensions:  # every dimension with its score, as the table gives it
        assert f"{d['label']} {fmt.score(d['score'], 'en')}" in alt
    assert "Weakest dimension: " in alt
    assert "xmlns" not in html  # no address in the page
    assert "<metadata" not in html
