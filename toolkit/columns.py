"""Which question each column of an export answers: columns recognised by what they say.

Form tools name their columns their own way: Google Forms and Microsoft Forms by the
question's text, LimeSurvey by a code without dots (``motivation1``) with sub-questions in
brackets (``motivation3[SQ001]``), KoboToolbox by the field name or label with groups and
choices after ``/``. :func:`match_header` maps each header cell to what it holds:

* a question (by id, by its text in French or English, by a LimeSurvey-style code, or by a
  close variant of its text, reported with its similarity), or one choice of a multi-select
  question when the tool gives each choice its own 0/1 column;
* a column of the wide file itself (``organisation``, ``sector``… and their aliases);
* tool metadata (submission time, start time, the tool's response id, the questionnaire's id
  and version), used where useful and never an error;
* the respondent's identity (``Nom``, ``Email``…), which is never taken for the organisation
  and never stored;
* nothing known: reported, left out.

What the tools call their metadata lives in ``data/columns.yaml``. The mapping can be saved
and given back (:meth:`ColumnMap.saved`, ``mapping=``) for headers nothing else recognises.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from . import questionnaire as qn
from . import words
from .answers import fold

ORGANISATION = "organisation"
WIDE_COLUMNS = (
    ORGANISATION,
    "sector",
    "size",
    "region",
    "cohort",
    "language",
    "submission_id",
    "respondent_role",
    "status",
    "started",
    "submitted",
)
SIMILARITY = 0.85  # a question text this close (difflib ratio, folded) is taken, and reported

# How a column was recognised (the words for each are in the catalogue, ``columns.how.*``).
BY_ID, BY_TEXT, BY_CODE, BY_ALIAS, BY_SIMILAR, BY_MAP = (
    "id",
    "text",
    "code",
    "alias",
    "similar",
    "map",
)
METADATA, IDENTITY, UNKNOWN, DUPLICATE = "metadata", "identity", "unknown", "duplicate"
SPLIT = "split"  # a multi-select's own column when its choices have columns of their own
IGNORE = "ignore"  # a saved mapping's word for "leave this column out"


@dataclass(frozen=True)
class Column:
    """One header cell and what it holds."""

    index: int
    header: str
    how: str
    target: str | None = None  # a question id or a wide column; the metadata kind for METADATA
    choice: str | None = None  # the option code, for one choice's 0/1 column
    similarity: float | None = None
    same_as: str | None = None  # for DUPLICATE: the header of the column that was kept

    @property
    def answers(self) -> bool:
        """Whether the column holds answers or profile values to read."""
        return self.how not in (METADATA, IDENTITY, UNKNOWN, DUPLICATE, IGNORE, SPLIT)

    @property
    def mapped_to(self) -> str:
        """The target as a saved mapping writes it: ``motivation.3/promote_offer``, ``ignore``."""
        if self.how == METADATA:
            return f"{METADATA}:{self.target}"
        if not self.answers:
            return IGNORE
        return f"{self.target}/{self.choice}" if self.choice else str(self.target)


@dataclass
class ColumnMap:
    """The columns of one header, in order, and where the organisation's name is."""

    columns: list[Column] = field(default_factory=list)
    organisation_candidates: list[str] = field(default_factory=list)

    def by_target(self) -> dict[str, list[Column]]:
        """Answer columns grouped by question or wide column."""
        grouped: dict[str, list[Column]] = {}
        for column in self.columns:
            if column.answers and column.target:
                grouped.setdefault(column.target, []).append(column)
        return grouped

    def metadata(self, kind: str) -> Column | None:
        """The column holding a kind of tool metadata (``submitted``, ``source_id``…)."""
        return next((c for c in self.columns if c.how == METADATA and c.target == kind), None)

    def saved(self) -> dict[str, str]:
        """``{header: target}``: what ``--save-map`` writes and ``mapping=`` reads back."""
        return {c.header: c.mapped_to for c in self.columns if c.how != DUPLICATE}

    def rows(self, lang: str | None = None) -> list[tuple[str, str, str]]:
        """``(header, what it holds, how it was recognised)`` for each column, in words: the
        table ``pertinence import --dry-run`` prints and notebook 00's upload shows.

        >>> mapping.rows("en")[0]                       # doctest: +SKIP
        ('Horodateur', '—', "the tool's metadata: submitted")
        """
        out = []
        for column in self.columns:
            target = column.target or "—"
            if column.choice:
                target = f"{column.target} = {column.choice}"
            if column.how == DUPLICATE:
                same = words.render("cli.same_as", lang, header=column.same_as)
                target = f"{column.target} ({same})"
            if not column.answers and column.how != DUPLICATE:
                target = "—"
            out.append((column.header, target, _how(column, lang)))
        return out


def _how(column: Column, lang: str | None) -> str:
    """How a column was recognised, in words."""
    if column.how == BY_SIMILAR:
        return words.render("cli.how_similar", lang, similarity=column.similarity)
    if column.how == METADATA:
        return words.render("cli.how_metadata", lang, kind=column.target)
    return words.render(f"cli.how_{column.how}", lang)


# --------------------------------------------------------------------------------------------
# Folding headers


def header_key(text: str) -> str:
    """A header folded for comparison: accents, case, punctuation, numbering and a trailing
    ``*`` ignored (``"3. Nos publics sont définis *"`` → ``"nos publics sont definis"``)."""
    text = fold(str(text).lstrip("\ufeff"))
    text = re.sub(r"^\s*(q(uestion)?\s*)?\d+\s*[.)\-:]\s+", "", text)  # "3. ", "Q3) "
    text = re.sub(r"[*\s]+$", "", text)
    text = re.sub(r"[^\w/]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def code_key(text: str) -> str:
    """A code folded to letters and digits: ``motivation.1``, ``motivation_1``, ``Motivation1``
    are all ``motivation1``."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


@functools.cache
def known_columns() -> Mapping[str, Any]:
    """``data/columns.yaml``: aliases, identity columns and tool metadata, folded."""
    path = resources.files("toolkit") / "data" / "columns.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        "aliases": {
            header_key(alias): column
            for column, aliases in data["aliases"].items()
            for alias in [column, *aliases]
        },
        "identity": {header_key(name) for name in data["identity"]},
        "metadata": {
            header_key(name): kind for kind, names in data["metadata"].items() for name in names
        },
    }


# --------------------------------------------------------------------------------------------
# What the questionnaire says


@dataclass(frozen=True)
class _Lookups:
    by_id: dict[str, str]
    by_code: dict[str, str]
    by_text: dict[str, str]
    texts: list[tuple[str, str]]  # (folded text, target) for similarity
    options: dict[str, dict[str, str]]  # question id → {folded code/label/SQ00n/An: code}


def _option_keys(options: Sequence[qn.Option]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for position, option in enumerate(options, start=1):
        for key in (option.code, option.label.fr, option.label.en):
            keys.setdefault(header_key(key), option.code)
        keys.setdefault(code_key(option.code), option.code)
        # LimeSurvey's default sub-question and answer codes: SQ001, A1 … by position
        keys.setdefault(f"sq{position:03d}", option.code)
        keys.setdefault(f"a{position}", option.code)
    return keys


# Built once per questionnaire object (a questionnaire is not hashable: keyed by identity, and
# the cache holds the object so that its id cannot be reused).
_LOOKUPS: dict[int, tuple[qn.Questionnaire, _Lookups]] = {}


def _lookups(questionnaire: qn.Questionnaire) -> _Lookups:
    cached = _LOOKUPS.get(id(questionnaire))
    if cached is None or cached[0] is not questionnaire:
        cached = (questionnaire, _build_lookups(questionnaire))
        _LOOKUPS[id(questionnaire)] = cached
    return cached[1]


def _build_lookups(questionnaire: qn.Questionnaire) -> _Lookups:
    by_id: dict[str, str] = {}
    by_code: dict[str, str] = {}
    by_text: dict[str, str] = {}
    texts: list[tuple[str, str]] = []
    for name in WIDE_COLUMNS:
        by_id[header_key(name)] = name
    for profile_field in questionnaire.profile:
        target = ORGANISATION if profile_field.id == "name" else profile_field.id
        for text in (profile_field.text.fr, profile_field.text.en):
            by_text.setdefault(header_key(text), target)
            texts.append((header_key(text), target))
    options: dict[str, dict[str, str]] = {}
    for question in questionnaire.questions:
        by_id[header_key(question.id)] = question.id
        by_code[code_key(question.id)] = question.id
        for text in (question.text.fr, question.text.en):
            by_text.setdefault(header_key(text), question.id)
            texts.append((header_key(text), question.id))
        if question.scale.options:
            options[question.id] = _option_keys(question.scale.options)
    return _Lookups(by_id, by_code, by_text, texts, options)


def _question(key: str, lookups: _Lookups) -> tuple[str, str] | None:
    """``(target, how)`` for a folded header that names a question or wide column exactly."""
    if key in lookups.by_id:
        return lookups.by_id[key], BY_ID
    if key in lookups.by_text:
        return lookups.by_text[key], BY_TEXT
    code = code_key(key)
    if code in lookups.by_code:
        return lookups.by_code[code], BY_CODE
    alias = known_columns()["aliases"].get(key)
    if alias:
        return alias, BY_ALIAS
    return None


def _similar(key: str, lookups: _Lookups) -> tuple[str, float] | None:
    """The one question whose text is close to ``key`` (ratio ≥ :data:`SIMILARITY`)."""
    if len(key) < 12:  # short headers are too easily close to something
        return None
    scored: dict[str, float] = {}
    for text, target in lookups.texts:
        matcher = difflib.SequenceMatcher(None, key, text)
        # quick_ratio bounds ratio from above: a text that cannot come within 0.02 of the
        # threshold changes neither the best match nor the "two as close" test (a whole
        # header line read with the wrong delimiter took 0.3 s here)
        if matcher.quick_ratio() < SIMILARITY - 0.02:
            continue
        scored[target] = max(scored.get(target, 0.0), matcher.ratio())
    ranked = sorted(scored.items(), key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] < SIMILARITY:
        return None
    if len(ranked) > 1 and ranked[1][1] >= ranked[0][1] - 0.02:
        return None  # two questions as close: do not guess
    return ranked[0][0], round(ranked[0][1], 2)


def _split(header: str) -> Iterable[tuple[str, str | None]]:
    """Ways to read a header: whole; ``base[sub]``; Kobo's ``group/…/question/choice``."""
    yield header, None
    bracket = re.fullmatch(r"\s*(.*?)\s*\[([^\]]+)\]\s*", header)
    if bracket:
        yield bracket.group(1), bracket.group(2)
    parts = [p for p in header.split("/") if p.strip()]
    if len(parts) > 1:
        yield parts[-1], None  # a group before the question
        yield parts[-2], parts[-1]  # a question and one of its choices


def _recognise(index: int, header: str, questionnaire: qn.Questionnaire) -> Column:
    lookups = _lookups(questionnaire)
    known = known_columns()
    key = header_key(header)
    if key in known["identity"]:
        return Column(index, header, IDENTITY)
    if key in known["metadata"] and key not in lookups.by_id:
        return Column(index, header, METADATA, known["metadata"][key])
    for base, sub in _split(header):
        found = _question(header_key(base), lookups)
        if found is None:
            continue
        target, how = found
        if sub is None:
            return Column(index, header, how, target)
        choice = lookups.options.get(target, {}).get(header_key(sub)) or lookups.options.get(
            target, {}
        ).get(code_key(sub))
        if choice is not None and questionnaire.question(target).scale.type == qn.MULTI:
            return Column(index, header, how, target, choice=choice)
        if key in known["metadata"]:
            break
    if key in known["metadata"]:
        return Column(index, header, METADATA, known["metadata"][key])
    similar = _similar(key, lookups)
    if similar:
        return Column(index, header, BY_SIMILAR, similar[0], similarity=similar[1])
    return Column(index, header, UNKNOWN)


def _from_mapping(index: int, header: str, target: str, questionnaire: qn.Questionnaire) -> Column:
    if target == IGNORE:
        return Column(index, header, IGNORE)
    if target.startswith(f"{METADATA}:"):
        return Column(index, header, METADATA, target.split(":", 1)[1])
    base, _, choice = target.partition("/")
    valid = base in WIDE_COLUMNS or base in questionnaire.question_ids
    if not valid or (choice and choice not in questionnaire.question(base).codes):
        raise ValueError(target)
    return Column(index, header, BY_MAP, base, choice=choice or None)


def match_header(
    cells: Sequence[Any],
    questionnaire: qn.Questionnaire | None = None,
    mapping: Mapping[str, str] | None = None,
) -> ColumnMap:
    """What each header cell holds (blank cells are left out). ``mapping`` (``{header:
    target}``, as :meth:`ColumnMap.saved` writes it) decides first for the headers it names.

    Raises ``ValueError`` naming the target when ``mapping`` names something unknown.
    """
    questionnaire = questionnaire or qn.default()
    mapping = {header_key(k): v for k, v in (mapping or {}).items()}
    result = ColumnMap()
    kept: dict[tuple[str, str | None], Column] = {}
    for index, cell in enumerate(cells):
        header = "" if cell is None else str(cell).lstrip("\ufeff").strip()
        if not header:
            continue
        given = mapping.get(header_key(header))
        if given is not None:
            column = _from_mapping(index, header, given, questionnaire)
        else:
            column = _recognise(index, header, questionnaire)
        if column.answers and column.target:
            slot = (column.target, column.choice)
            if slot in kept:
                column = Column(index, header, DUPLICATE, column.target, same_as=kept[slot].header)
            else:
                kept[slot] = column
        result.columns.append(column)
    # Kobo and LimeSurvey give a multi-select one column and each choice one more: the choices'
    # 0/1 columns are unambiguous (labels joined by spaces are not), so they are what is read
    split = {c.target for c in result.columns if c.choice is not None}
    result.columns = [
        Column(c.index, c.header, SPLIT, c.target)
        if c.answers and c.choice is None and c.target in split
        else c
        for c in result.columns
    ]
    result.organisation_candidates = [
        c.header for c in result.columns if c.target == ORGANISATION and c.how != METADATA
    ]
    return result


__all__ = [
    "Column",
    "ColumnMap",
    "SIMILARITY",
    "code_key",
    "header_key",
    "known_columns",
    "match_header",
]
