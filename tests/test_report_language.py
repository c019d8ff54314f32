"""Reports speak one language: no platform code, no base code, no English in a French report
(nor French in an English one), and one hours figure written the same way everywhere."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from toolkit import fmt, report
from toolkit.app.markup import hours_text
from toolkit.errors import QuestionnaireError
from toolkit.questionnaire import AUDIENCE_PATH, DEFAULT_EFFORT_PATH
from toolkit.report.reference import AUDIENCE_COLUMNS, EFFORT_COLUMNS, read_reference

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_cohort"
CODES = ("facebook", "instagram", "linkedin", "x", "youtube", "tiktok", "overhead")
BASES = ("qc_adults", "qc_18_34", "us_adults")

# What a French report must not show (beside the codes), and must show instead.
ENGLISH_LEFTOVERS = (
    "overhead",
    "qc_adults",
    "qc_18_34",
    "us_adults",
    "Practitioner",
    "older base year",
    "n = 5,022",
    "February",
    "November",
    "formerly Twitter",
    "Listening, planning",
    "US adults",
    "Québec adults",
)
FRENCH_FORMS = (
    "X (anciennement Twitter)",
    "Écoute, planification et bilans",
    "Adultes du Québec",
    "18–34 ans du Québec",
    "Adultes des États-Unis",
    "Synthèse de pratiques",
    "(année de base plus ancienne)",
    "février à juin 2025",
    "(novembre 2024)",
    f"n = {fmt.count(5022, 'fr')}",
)
# What an English report must not show, and must show instead.
FRENCH_LEFTOVERS = (
    "anciennement",
    "Écoute",
    "Adultes",
    "ans du Québec",
    "Synthèse",
    "année de base",
    "novembre",
    "février",
    f"5{fmt.NBSP}022",
)
ENGLISH_FORMS = (
    "X (formerly Twitter)",
    "Listening, planning and reporting",
    "Québec adults",
    "Québec 18–34",
    "US adults",
    "Practitioner synthesis",
    "(older base year)",
    "February–June 2025",
    "(November 2024)",
    "n = 5,022",
)


class _Visible(HTMLParser):
    """The text a person reads: no tags, no style sheet, no script; each cell on its own."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.cells: list[str] = []
        self._hidden = 0
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._hidden += 1
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._hidden -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._hidden:
            return
        self.chunks.append(data)
        if self._cell is not None:
            self._cell.append(data)


def visible(page: str) -> tuple[str, list[str]]:
    """A page's visible text (data URIs dropped) and its table cells."""
    parser = _Visible()
    parser.feed(re.sub(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+", "", page))
    return html.unescape(" ".join(parser.chunks)), parser.cells


@pytest.fixture(scope="module")
def cohort_pages() -> dict[str, tuple[str, list[str]]]:
    return {lang: visible(report.cohort_report(SAMPLE, lang)) for lang in ("fr", "en")}


@pytest.fixture
def group_pages(make_submission, questionnaire):
    sub = make_submission({"capacity.2": 3.5, "platforms.planned": ["facebook", "x"]})
    return {lang: visible(report.group_report(sub, questionnaire, lang)) for lang in ("fr", "en")}


def _no_code_in_cells(cells: list[str]) -> None:
    shown = [c for c in cells if c in CODES or c in BASES]
    assert not shown, f"codes where a label belongs: {sorted(set(shown))}"


def _assert_speaks(text: str, cells: list[str], lang: str) -> None:
    _no_code_in_cells(cells)
    for code in (c for c in CODES if c != "x"):  # "x" is also the methodology's variable
        assert not re.search(rf"\b{code}\b", text), code
    leftovers, forms = (
        (ENGLISH_LEFTOVERS, FRENCH_FORMS) if lang == "fr" else (FRENCH_LEFTOVERS, ENGLISH_FORMS)
    )
    for word in leftovers:
        assert word not in text, f"{word!r} in a report in {lang}"
    for word in forms:
        assert word in text, f"{word!r} missing from a report in {lang}"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_group_report_speaks_only_its_language(group_pages, lang):
    text, cells = group_pages[lang]
    _assert_speaks(text, cells, lang)
    assert ("X (anciennement Twitter)" if lang == "fr" else "X (formerly Twitter)") in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_cohort_report_of_the_sample_speaks_only_its_language(cohort_pages, lang):
    text, cells = cohort_pages[lang]
    _assert_speaks(text, cells, lang)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_hours_table_and_the_text_give_one_hours_figure(group_pages, lang):
    """3.5 hours freed read 3,5 h (3.5 h) in the hours table and in the reasons, never 4."""
    text, cells = group_pages[lang]
    freed = fmt.hours(3.5, lang)
    label = "Heures libérées par semaine" if lang == "fr" else "Hours freed per week"
    row = cells.index(label)
    assert cells[row + 1] == freed
    assert freed in text.replace(cells[row + 1], "", 1)  # the reasons say it too
    assert f"4{fmt.NBSP}h" not in cells[row + 1]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_table_a_writes_hours_as_every_other_hours_figure(group_pages, lang):
    _, cells = group_pages[lang]
    assert fmt.hours(4, lang) in cells  # Facebook in table A


def test_the_app_gauge_writes_hours_as_the_reports_do():
    assert hours_text(3.5, "fr") == f"3,5{fmt.NBSP}h/semaine"
    assert hours_text(3.5, "en") == f"3.5{fmt.NBSP}h/week"
    assert hours_text(11, "fr") == f"11{fmt.NBSP}h/semaine"


# --- the reference tables carry their words in both languages --------------------------------


def test_every_bundled_reference_text_has_its_twin():
    for path, columns in ((DEFAULT_EFFORT_PATH, EFFORT_COLUMNS), (AUDIENCE_PATH, AUDIENCE_COLUMNS)):
        rows = read_reference(path, columns)
        assert rows
        for row in rows:
            assert row["source_fr"], row
            assert row["source_en"], row
    for row in read_reference(AUDIENCE_PATH, AUDIENCE_COLUMNS):
        assert row["population_fr"], row
        assert row["population_en"], row


def _audience_with(tmp_path, old: str, new: str) -> Path:
    path = tmp_path / "audience.csv"
    text = AUDIENCE_PATH.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_note_without_its_english_twin_is_refused(tmp_path):
    path = _audience_with(tmp_path, "année de base plus ancienne,older base year", "note,")
    with pytest.raises(QuestionnaireError, match=r"row 6: column 'note_en' is empty"):
        read_reference(path, AUDIENCE_COLUMNS)


def test_a_base_worded_two_ways_is_refused(tmp_path):
    old = "Adultes du Québec,Québec adults,61"
    path = _audience_with(tmp_path, old, "Adultes,Québec adults,61")
    with pytest.raises(QuestionnaireError, match=r"row 3: column 'population_fr'.*one base"):
        read_reference(path, AUDIENCE_COLUMNS)


def test_a_reference_table_missing_a_column_says_which(tmp_path):
    path = tmp_path / "effort.csv"
    path.write_text("platform,hours_per_week,source\nfacebook,4,Hootsuite\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="missing column.*source_fr"):
        read_reference(path, EFFORT_COLUMNS)


def test_the_platforms_freed_hours_cover_are_named_not_coded(make_submission, questionnaire):
    sub = make_submission({"capacity.2": 20, "platforms.planned": ["facebook", "x"]})
    text, cells = visible(report.group_report(sub, questionnaire, "fr"))
    _no_code_in_cells(cells)
    row = cells.index("Plateformes que ces heures couvrent")
    assert cells[row + 1] == "Facebook, X (anciennement Twitter)"
    assert not re.search(r"\bfacebook\b", text)
