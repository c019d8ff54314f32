"""What every report ends with: the methodology (scoring rules, anonymity) and the sources
(the article's points, reference tables A and B)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .. import fmt, words
from ..errors import QuestionnaireError
from ..questionnaire import AUDIENCE_PATH, DEFAULT_EFFORT_PATH, OVERHEAD, Questionnaire
from .markup import _float, _hours, _label, _percent, _say, _table, esc

METHOD = (
    "report.method_score",
    "report.method_hours",
    "report.method_dont_know",
    "report.method_dimension",
    "report.method_labels",
    "report.method_recommendation",
)
"""The methodology's paragraphs, in order (keys of the words catalogue)."""


EFFORT_COLUMNS = (
    "platform",
    "hours_per_week",
    "posting_guidance_fr",
    "posting_guidance_en",
    "source_fr",
    "source_en",
    "year",
)
"""Table A's columns (``effort.csv``): every text a person reads has a French and an English
twin."""

AUDIENCE_COLUMNS = (
    "platform",
    "population",
    "population_fr",
    "population_en",
    "share_percent",
    "year",
    "source_fr",
    "source_en",
    "sample_size",
    "note_fr",
    "note_en",
)
"""Table B's columns (``audience.csv``). A base (``population``) carries its own words
(``population_fr``/``population_en``): the words of a survey's base belong with the survey's
figures, so a new base needs a new row, never a change of code. ``sample_size`` is a plain
whole number, written by :func:`toolkit.fmt.count`."""


def read_reference(path: str | Path, columns: Sequence[str] = ()) -> list[dict[str, str]]:
    """A reference CSV (table A or B) as a list of rows, checked when read.

    ``columns`` must all be present; a text given in one language (``note_fr``) must have its
    twin (``note_en``), and a base must be worded the same way on every row. Raises
    :class:`~toolkit.errors.QuestionnaireError` naming the file, row and column otherwise.
    """
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
    missing = [c for c in columns if c not in header]
    if missing:
        raise QuestionnaireError(
            [f"{path}: missing column(s) {', '.join(missing)} (the header is {', '.join(header)})"]
        )
    problems = []
    twins = sorted({c[:-3] for c in header if c.endswith(("_fr", "_en"))})
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    for lineno, row in enumerate(rows, start=2):
        for stem in twins:
            fr, en = row.get(f"{stem}_fr", ""), row.get(f"{stem}_en", "")
            if bool(fr) != bool(en):
                empty = f"{stem}_en" if fr else f"{stem}_fr"
                problems.append(
                    f"{path}: row {lineno}: column '{empty}' is empty while its twin is "
                    "filled: give the text in both languages (or in neither)"
                )
        if "population" in row:
            for lang in words.LANGUAGES:
                label = row.get(f"population_{lang}", "")
                first = seen.setdefault((row["population"], lang), (label, lineno))
                if label and first[0] and first[0] != label:
                    problems.append(
                        f"{path}: row {lineno}: column 'population_{lang}' says "
                        f"{label!r} but row {first[1]} words base {row['population']!r} as "
                        f"{first[0]!r}: one base, one wording"
                    )
    if problems:
        raise QuestionnaireError(problems)
    return rows


def _in(row: Mapping[str, str], column: str, lang: str) -> str:
    """A reference cell in the report's language (``source_fr`` / ``source_en``), as HTML."""
    return esc(fmt.typography(row.get(f"{column}_{lang}", ""), lang))


def _platform(code: str, q: Questionnaire, lang: str) -> str:
    """A platform's name as the questionnaire gives it (« X (anciennement Twitter) »); table A's
    ``overhead`` row as words."""
    if code == OVERHEAD:
        phrase = words.render("common.overhead", lang)
        return esc(phrase[:1].upper() + phrase[1:])
    platforms = q.platform_question()
    return esc(platforms.label_of(code, lang) if code in platforms.scale.codes else code)


def _source(row: Mapping[str, str], lang: str) -> str:
    """Table B's source, its sample size (``n = 5 022``) and its note, as HTML."""
    text = _in(row, "source", lang)
    size = _float(row.get("sample_size") or None)
    if size is not None:
        text += ", " + _say("report.sample_size", lang, n=fmt.count(size, lang))
    note = _in(row, "note", lang)
    return text + (f" <span class='note'>({note})</span>" if note else "")


def _sources_section(q: Questionnaire, lang: str, points: Iterable[str] | None = None) -> str:
    chosen = [p for p in q.sources if points is None or p in set(points)]
    article = "".join(
        f"<li><strong>{esc(p)}</strong> — {esc(q.sources[p](lang))}</li>" for p in chosen
    )
    effort = read_reference(DEFAULT_EFFORT_PATH, EFFORT_COLUMNS)
    table_a = _table(
        [
            _say("report.platform", lang),
            _say("common.hours_per_week", lang),
            _say("report.guidance", lang),
            _say("report.source", lang),
            _say("report.year", lang),
        ],
        [
            (
                _platform(r["platform"], q, lang),
                _hours(r["hours_per_week"], lang),
                _in(r, "posting_guidance", lang),
                _in(r, "source", lang),
                esc(r["year"]),
            )
            for r in effort
        ],
    )
    audience = read_reference(AUDIENCE_PATH, AUDIENCE_COLUMNS)
    table_b = _table(
        [
            _say("report.platform", lang),
            _say("report.population", lang),
            _say("report.share", lang),
            _say("report.year", lang),
            _say("report.source", lang),
        ],
        [
            (
                _platform(r["platform"], q, lang),
                _in(r, "population", lang) or esc(r["population"]),
                _percent(r["share_percent"], lang, 0),
                esc(r["year"]),
                _source(r, lang),
            )
            for r in audience
        ],
    )
    return (
        f'<section id="sources"><h2>{_say("report.sources", lang)}</h2>'
        f"<h3>{_say('report.article', lang)}</h3><ul class='small'>{article}</ul>"
        f"<h3>{_say('report.table_a', lang)}</h3>{table_a}"
        f"<h3>{_say('report.table_b', lang)}</h3>"
        f"<p class='note'>{_say('report.table_b_note', lang)}</p>{table_b}"
        "</section>"
    )


def _method_section(q: Questionnaire, lang: str, min_group: int) -> str:
    overhead = fmt.hours(q.effort.get(OVERHEAD), lang)
    items = "".join(f"<li>{_say(key, lang, overhead=overhead)}</li>" for key in METHOD)
    weights = ", ".join(f"{d.label(lang)} {fmt.number(d.weight, 2, lang)}" for d in q.dimensions)
    rules = "".join(
        f"<li><strong>{esc(r.label(lang))}</strong> — {esc(r.summary(lang))} "
        f"<span class='note'>({esc(', '.join(r.source))})</span></li>"
        for r in q.rules
    )
    return (
        f'<section id="methodology"><h2>{_say("report.methodology", lang)}</h2><ul>{items}'
        f"<li>{_label('common.weight', lang)}{esc(weights)}</li></ul><ol>{rules}</ol>"
        f"<h3>{_say('report.anonymity', lang)}</h3>"
        f"<p>{_say('report.anonymity_text', lang, min=min_group)}</p>"
        "</section>"
    )
