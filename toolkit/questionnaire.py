"""Load and validate the questionnaire definition: YAML data in, typed, immutable objects out.

One job, the data model and its loader; at about 800 lines it stays whole (the semantic checks
already live in their own small functions here, and every caller needs the types and the loader
together).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import fmt, words
from .errors import QuestionnaireError

# The languages are the words catalogue's; kept here by name for the modules that read them here.
from .words import LANGUAGES as LANGUAGES
from .words import Lang as Lang

SINGLE, MULTI, NUMBER, DATE, TEXT = "single", "multi", "number", "date", "text"
SUBINDEX_NAMES = ("fit", "capacity", "resilience")
# Score-table column of each sub-index. The capacity sub-index cannot be called "capacity":
# that is the id of a dimension (Person and time), which keeps its name.
SUBINDEX_COLUMNS = {"fit": "fit", "capacity": "capacity_index", "resilience": "resilience"}
SCORE_NAMES_EXTRA = ("global", "hours_ratio")
RECOMMENDATIONS = ("abstain", "one_off", "prepare", "go")
OVERHEAD = "overhead"
SHORT_LABEL_MAX = 40
"""The longest short label of a question (characters): what fits on one line beside a chart's
bar or in a table's first column. The schema says the same (``shortText``)."""


def _package_file(*parts: str) -> Path:
    return Path(str(resources.files("toolkit").joinpath(*parts)))


DEFAULT_PATH = _package_file("data", "questionnaire.yaml")
DEFAULT_EFFORT_PATH = _package_file("data", "reference", "effort.csv")
AUDIENCE_PATH = _package_file("data", "reference", "audience.csv")
SCHEMA_PATH = _package_file("schema", "questionnaire.schema.json")


@dataclass(frozen=True)
class Text:
    """A text in every supported language; ``text("en")`` picks one, ``text()`` the language
    of the work in progress (:func:`toolkit.words.resolve`)."""

    fr: str
    en: str

    def __call__(self, lang: str | None = None) -> str:
        return self.en if words.resolve(lang) == "en" else self.fr


@dataclass(frozen=True)
class TextList:
    fr: tuple[str, ...]
    en: tuple[str, ...]

    def __call__(self, lang: str | None = None) -> tuple[str, ...]:
        return self.en if words.resolve(lang) == "en" else self.fr


@dataclass(frozen=True)
class Option:
    code: str
    label: Text
    score: float | None = None
    dk: bool = False
    exclusive: bool = False


@dataclass(frozen=True)
class Scale:
    id: str
    type: str
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: Text | None = None
    max_length: int | None = None

    @cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)

    def option(self, code: str) -> Option:
        for o in self.options:
            if o.code == code:
                return o
        raise KeyError(code)

    @property
    def has_dk(self) -> bool:
        return any(o.dk for o in self.options)


@dataclass(frozen=True)
class Flag:
    """A red flag raised by one answer: by answer codes, or by the hours ratio."""

    id: str
    level: str
    question_id: str
    message: Text
    action: Text
    codes: tuple[str, ...] = ()
    hours_ratio_below: float | None = None


@dataclass(frozen=True)
class Question:
    id: str
    scale: Scale
    text: Text
    help: Text
    source: tuple[str, ...]
    dimension: str | None = None
    section: str | None = None
    required: bool = True
    reverse: bool = False
    knowledge: bool = False
    score_by: str | None = None
    flags: tuple[Flag, ...] = ()
    short: Text | None = None
    """A few words naming the question where its text does not fit: chart labels, table rows."""

    def short_label(self, lang: str | None = None) -> str:
        """The question's short label in ``lang`` (« Budget prévu »): what a chart or a table
        shows for it. A question built without one falls back to its text."""
        return (self.short or self.text)(lang)

    @property
    def scored(self) -> bool:
        return self.dimension is not None

    @cached_property
    def codes(self) -> tuple[str, ...]:
        return self.scale.codes

    def item_score(self, code: str) -> float | None:
        """The 0–100 score of one answer code; ``None`` when it counts as missing."""
        option = self.scale.option(code)
        if option.dk:
            return 0.0 if self.knowledge else None
        if option.score is None:
            return None
        return 100.0 - option.score if self.reverse else float(option.score)

    def label_of(self, code: str, lang: str | None = None) -> str:
        return self.scale.option(code).label(lang)


@dataclass(frozen=True)
class ProfileField:
    id: str
    text: Text
    help: Text
    required: bool
    options: tuple[Option, ...] = ()
    max_length: int | None = None

    @cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)


@dataclass(frozen=True)
class Dimension:
    id: str
    weight: float
    subindex: str
    sources: tuple[str, ...]
    label: Text
    actions: TextList


@dataclass(frozen=True)
class Rule:
    id: str
    source: tuple[str, ...]
    when: Mapping[str, Any]
    label: Text
    summary: Text
    actions: TextList


@dataclass(frozen=True)
class Band:
    id: str
    min: float
    label: Text


@dataclass(frozen=True)
class Questionnaire:
    """The whole questionnaire: the single source of every question, code, weight and rule."""

    id: str
    version: int
    title: Text
    sources: Mapping[str, Text]
    labels: tuple[Band, ...]
    subindices: Mapping[str, Text]
    dimensions: tuple[Dimension, ...]
    scales: Mapping[str, Scale]
    profile: tuple[ProfileField, ...]
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    needs_evidence_above: tuple[int, int]
    effort: Mapping[str, float] = field(default_factory=dict)
    path: str = ""

    @cached_property
    def _by_id(self) -> dict[str, dict[str, Any]]:
        """Every question, dimension, rule, profile field and flag by id (built once)."""
        return {
            "question": {q.id: q for q in self.questions},
            "dimension": {d.id: d for d in self.dimensions},
            "rule": {r.id: r for r in self.rules},
            "profile": {p.id: p for p in self.profile},
            "flag": {f.id: f for q in self.questions for f in q.flags},
        }

    def question(self, question_id: str) -> Question:
        return self._by_id["question"][question_id]

    def dimension(self, dimension_id: str) -> Dimension:
        return self._by_id["dimension"][dimension_id]

    def rule(self, rule_id: str) -> Rule:
        return self._by_id["rule"][rule_id]

    def profile_field(self, field_id: str) -> ProfileField:
        return self._by_id["profile"][field_id]

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)

    @property
    def dimension_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.dimensions)

    @property
    def scored_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.scored)

    def questions_of(self, dimension_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.dimension == dimension_id)

    def dimensions_of(self, subindex: str) -> tuple[Dimension, ...]:
        return tuple(d for d in self.dimensions if d.subindex == subindex)

    @property
    def flags(self) -> tuple[Flag, ...]:
        return tuple(f for q in self.questions for f in q.flags)

    def flag(self, flag_id: str) -> Flag:
        return self._by_id["flag"][flag_id]

    def band(self, score: float) -> Band:
        chosen = self.labels[0]
        for b in self.labels:
            if score >= b.min:
                chosen = b
        return chosen

    def platform_question(self) -> Question:
        return self.question("platforms.planned")

    def hours_question(self) -> Question:
        return next(q for q in self.questions if q.score_by == "hours_ratio")

    def describe(self, lang: str | None = None) -> list[dict[str, Any]]:
        """Every question as plain data: what `pertinence questions --json` prints."""
        lang = words.resolve(lang)
        out = []
        for q in self.questions:
            entry: dict[str, Any] = {
                "id": q.id,
                "dimension": q.dimension,
                "section": q.section or "scored",
                "scale": q.scale.id,
                "type": q.scale.type,
                "text": q.text(lang),
                "short": q.short_label(lang),
                "help": q.help(lang),
                "required": q.required,
                "reverse": q.reverse,
                "knowledge": q.knowledge,
                "source": list(q.source),
                "flags": [
                    {
                        "id": f.id,
                        "level": f.level,
                        "codes": list(f.codes),
                        "hours_ratio_below": f.hours_ratio_below,
                        "message": f.message(lang),
                    }
                    for f in q.flags
                ],
            }
            if q.scale.type in (SINGLE, MULTI):
                entry["codes"] = [
                    {
                        "code": o.code,
                        "label": o.label(lang),
                        "score": q.item_score(o.code) if q.scored else None,
                        "dont_know": o.dk,
                    }
                    for o in q.scale.options
                ]
            if q.scale.type == NUMBER:
                entry["min"], entry["max"] = q.scale.min, q.scale.max
                entry["score"] = "min(1, hours / hours needed) × 100" if q.score_by else None
            out.append(entry)
        return out


# --------------------------------------------------------------------------------------------
# Loading


def _text(raw: Mapping[str, str]) -> Text:
    """A text in both languages, the French with its non-breaking spaces (``:``, « »)."""
    return Text(fr=fmt.typography(raw["fr"], "fr"), en=raw["en"])


def _text_list(raw: Mapping[str, list[str]]) -> TextList:
    return TextList(fr=tuple(fmt.typography(t, "fr") for t in raw["fr"]), en=tuple(raw["en"]))


def _option(raw: Mapping[str, Any]) -> Option:
    return Option(
        code=str(raw["code"]),
        label=_text(raw["label"]),
        score=raw.get("score"),
        dk=bool(raw.get("dk", False)),
        exclusive=bool(raw.get("exclusive", False)),
    )


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10× faster


@cache
def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _where(raw: Mapping[str, Any], path: list[Any]) -> str:
    """Turn a JSON path into words: ``questions[4] (motivation.2): field text.fr``."""
    if not path:
        return "top level"
    head, rest = path[0], path[1:]
    where = str(head)
    if rest and isinstance(rest[0], int) and isinstance(raw.get(head), list):
        index = rest[0]
        item = raw[head][index] if index < len(raw[head]) else {}
        item_id = item.get("id") if isinstance(item, dict) else None
        where = f"{head}[{index}]" + (f" ({item_id})" if item_id else "")
        rest = rest[1:]
    elif rest and head == "scales":
        where = f"scale '{rest[0]}'"
        rest = rest[1:]
    if rest:
        where += ": field " + ".".join(str(p) for p in rest)
    return where


def _import_jsonschema() -> Any:
    """Import jsonschema without its optional IRI format checker.

    jsonschema imports ``rfc3987_syntax`` when it is installed (Jupyter pulls it in), and that
    module compiles a grammar at import: about 2.5 s, for a format our schema never uses. It is
    hidden while jsonschema imports, then given back to anyone who imports it later.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import jsonschema

        return jsonschema
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        import jsonschema
    finally:
        del sys.modules["rfc3987_syntax"]
    return jsonschema


def validate_definition(raw: Any, source: str = "<questionnaire>") -> list[str]:
    """Every problem of a raw questionnaire definition, one line each (empty when valid)."""
    jsonschema = _import_jsonschema()

    if not isinstance(raw, dict):
        return [f"{source}: the file must hold a mapping (id, version, dimensions, …)"]
    validator = jsonschema.Draft202012Validator(_schema())
    problems = [
        f"{source}: {_where(raw, list(err.absolute_path))}: {err.message}"
        for err in sorted(validator.iter_errors(raw), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        return problems
    return _semantic_problems(raw, source)


# --------------------------------------------------------------------------------------------
# Checks past the schema: each one yields (where, message) for one kind of mistake

_Found = Iterator[tuple[str, str]]
"""What a check yields: where the mistake is, and what it is."""

_SCORE_COLUMNS = frozenset(SUBINDEX_COLUMNS.values()) | frozenset(SCORE_NAMES_EXTRA)
_ROUTING_QUESTIONS = ("platforms.planned", "oneoff.need")


@dataclass(frozen=True)
class _Definition:
    """A schema-valid raw definition and the lookups its checks share."""

    raw: dict[str, Any]
    sources: set[str]
    subindices: set[str]
    scales: dict[str, Any]
    dimensions: list[str]
    questions_by_id: dict[str, Any]

    @classmethod
    def of(cls, raw: dict[str, Any]) -> _Definition:
        return cls(
            raw=raw,
            sources=set(raw["sources"]),
            subindices={s["id"] for s in raw["subindices"]},
            scales=raw["scales"],
            dimensions=[d["id"] for d in raw["dimensions"]],
            questions_by_id={q["id"]: q for q in raw["questions"]},
        )

    def codes_of(self, scale: Mapping[str, Any]) -> set[str]:
        return {str(o["code"]) for o in scale.get("options", [])}


def _unknown_sources(d: _Definition, where: str, points: list[str]) -> _Found:
    for s in points:
        if s not in d.sources:
            yield where, f"unknown source point '{s}'"


def _dimension_references(d: _Definition) -> _Found:
    for dim in d.raw["dimensions"]:
        where = f"dimension {dim['id']}"
        if dim["subindex"] not in d.subindices:
            yield f"{where}: field subindex", f"unknown sub-index '{dim['subindex']}'"
        yield from _unknown_sources(d, f"{where}: field sources", dim["sources"])


def _dimension_ids(d: _Definition) -> _Found:
    if len(set(d.dimensions)) != len(d.dimensions):
        yield "dimensions", "dimension ids must be unique"
    for clash in sorted(set(d.dimensions) & _SCORE_COLUMNS):
        yield f"dimension {clash}: field id", "this id is reserved for a score column"


def _dimension_weights(d: _Definition) -> _Found:
    total = sum(dim["weight"] for dim in d.raw["dimensions"])
    if abs(total - 100) > 1e-9:
        yield "dimensions: field weight", f"weights must add up to 100, they add up to {total}"


def _subindex_names(d: _Definition) -> _Found:
    if d.subindices != set(SUBINDEX_NAMES):
        yield "subindices", f"expected exactly {', '.join(SUBINDEX_NAMES)}"


def _label_bands(d: _Definition) -> _Found:
    mins = [band["min"] for band in d.raw["labels"]]
    if mins != sorted(mins) or mins[0] != 0:
        yield "labels: field min", "bands must start at 0 and go up"


def _scale_options(d: _Definition) -> _Found:
    for scale_id, scale in d.scales.items():
        where = f"scale '{scale_id}'"
        options = scale.get("options", [])
        codes = [str(o["code"]) for o in options]
        if scale["type"] in (SINGLE, MULTI) and not options:
            yield f"{where}: field options", "a choice scale needs options"
        if len(set(codes)) != len(codes):
            yield f"{where}: field options", "option codes must be unique"
        for o in options:
            if o.get("dk") and "score" in o:
                yield f"{where}: option {o['code']}", "a don't-know option has no score"
        if scale["type"] == NUMBER and not ("min" in scale and "max" in scale):
            yield where, "a number scale needs min and max"


def _questions(d: _Definition) -> _Found:
    """Every question in turn; one whose scale is unknown is not checked further."""
    seen: set[str] = set()
    seen_flags: set[str] = set()
    for q in d.raw["questions"]:
        where = f"question {q['id']}"
        if q["id"] in seen:
            yield where, "question ids must be unique"
        seen.add(q["id"])
        scale = d.scales.get(q["scale"])
        if scale is None:
            yield f"{where}: field scale", f"unknown scale '{q['scale']}'"
            continue
        if q.get("dimension") is not None:
            yield from _scored_question(d, q, scale, where)
        yield from _question_scale_options(q, scale, where)
        yield from _unknown_sources(d, f"{where}: field source", q["source"])
        yield from _question_flags(d, q, scale, where, seen_flags)


def _scored_question(d: _Definition, q: Mapping[str, Any], scale: Any, where: str) -> _Found:
    """A question of a dimension: a known dimension, its id prefix, a scale that scores."""
    dim = q["dimension"]
    if dim not in d.dimensions:
        yield f"{where}: field dimension", f"unknown dimension '{dim}'"
    elif not q["id"].startswith(dim + "."):
        yield f"{where}: field id", f"a scored question's id starts with '{dim}.'"
    options = scale.get("options", [])
    if scale["type"] in (SINGLE, MULTI) and any(
        "score" not in o and not o.get("dk") for o in options
    ):
        yield f"{where}: field scale", f"scale '{q['scale']}' has options without a score"
    if scale["type"] == NUMBER and q.get("score_by") != "hours_ratio":
        yield f"{where}: field score_by", "a scored number question needs score_by"
    if scale["type"] in (DATE, TEXT):
        yield f"{where}: field scale", "date and text questions cannot be scored"


def _question_scale_options(q: Mapping[str, Any], scale: Any, where: str) -> _Found:
    """``reverse`` needs a single choice, ``score_by`` a number."""
    if q.get("reverse") and scale["type"] != SINGLE:
        yield f"{where}: field reverse", "only single-choice questions can be reverse-coded"
    if q.get("score_by") and scale["type"] != NUMBER:
        yield f"{where}: field score_by", "score_by needs a number scale"


def _question_flags(
    d: _Definition, q: Mapping[str, Any], scale: Any, where: str, seen_flags: set[str]
) -> _Found:
    """Flag ids unique across questions (``seen_flags`` grows), codes of the scale."""
    codes = d.codes_of(scale)
    for flag in q.get("flags", []):
        at = f"{where}: flag {flag['id']}"
        if flag["id"] in seen_flags:
            yield at, "flag ids must be unique"
        seen_flags.add(flag["id"])
        for c in flag["when"].get("codes", []):
            if c not in codes:
                yield f"{at}: field when.codes", f"unknown code '{c}'"
        if "hours_ratio_below" in flag["when"] and q.get("score_by") != "hours_ratio":
            yield at, "hours_ratio_below needs score_by hours_ratio"


def _short_labels(d: _Definition) -> _Found:
    """Short labels tell questions apart on a chart: one per question and language, no id."""
    for lang in LANGUAGES:
        seen: dict[str, str] = {}
        for q in d.raw["questions"]:
            label = " ".join(q["short"][lang].split())
            where = f"question {q['id']}: field short.{lang}"
            if len(label) > SHORT_LABEL_MAX:
                yield where, f"{len(label)} characters, at most {SHORT_LABEL_MAX} fit a chart label"
            if label.casefold() == q["id"].casefold():
                yield where, "a short label says what is asked, not the question's id"
            other = seen.setdefault(label.casefold(), q["id"])
            if other != q["id"]:
                yield where, f"the same short label as question {other}: '{label}'"


def _routing_questions(d: _Definition) -> _Found:
    for required in _ROUTING_QUESTIONS:
        if required not in d.questions_by_id:
            yield "questions", f"the routing question '{required}' is missing"
    if sum(1 for q in d.raw["questions"] if q.get("score_by") == "hours_ratio") != 1:
        yield "questions", "exactly one question must be scored by hours_ratio"


def _rule_order(d: _Definition) -> _Found:
    if [r["id"] for r in d.raw["rules"]] != list(RECOMMENDATIONS):
        yield "rules", f"rules must be, in order: {', '.join(RECOMMENDATIONS)}"


def _rule_conditions(d: _Definition) -> _Found:
    for rule in d.raw["rules"]:
        yield from _unknown_sources(d, f"rule {rule['id']}: field source", rule["source"])
        for cond in _walk_conditions(rule["when"]):
            yield from _condition(d, cond, f"rule {rule['id']}: field when")


def _condition(d: _Definition, cond: Mapping[str, Any], where: str) -> _Found:
    """One condition: a known score with a bound, or a known question with codes it has."""
    score_names = set(d.dimensions) | _SCORE_COLUMNS
    if "score" in cond and cond["score"] not in score_names:
        yield where, f"unknown score '{cond['score']}'"
    if "answer" in cond:
        q = d.questions_by_id.get(cond["answer"])
        if q is None:
            yield where, f"unknown question '{cond['answer']}'"
            return
        codes = d.codes_of(d.scales.get(q["scale"], {}))
        for c in cond.get("in", []):
            if c not in codes:
                yield where, f"question {cond['answer']} has no code '{c}'"
    if {"score", "dimensions"} & set(cond) and not {"lt", "ge"} & set(cond):
        yield where, "a score condition needs lt or ge"
    if "answer" in cond and "in" not in cond:
        yield where, "an answer condition needs in"


_CHECKS: tuple[Callable[[_Definition], _Found], ...] = (
    _dimension_references,
    _dimension_ids,
    _dimension_weights,
    _subindex_names,
    _label_bands,
    _scale_options,
    _questions,
    _short_labels,
    _routing_questions,
    _rule_order,
    _rule_conditions,
)
"""The checks past the schema, in the order their problems are reported."""


def _semantic_problems(raw: dict[str, Any], source: str) -> list[str]:
    """What the schema cannot say: references between parts, uniqueness, sums and orders."""
    definition = _Definition.of(raw)
    return [
        f"{source}: {where}: {message}" for check in _CHECKS for where, message in check(definition)
    ]


def _walk_conditions(cond: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield cond
    for key in ("any", "all"):
        for sub in cond.get(key, []):
            yield from _walk_conditions(sub)


def load_effort(path: str | Path = DEFAULT_EFFORT_PATH) -> dict[str, float]:
    """Table A: hours a week per platform (and ``overhead``), from its CSV."""
    path = Path(path)
    effort: dict[str, float] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            try:
                hours = float(row["hours_per_week"])
            except (KeyError, TypeError, ValueError):
                raise QuestionnaireError(
                    [f"{path}: row {lineno}: column 'hours_per_week' must be a number"]
                ) from None
            if hours < 0:
                raise QuestionnaireError([f"{path}: row {lineno}: hours cannot be negative"])
            effort[row["platform"].strip()] = hours
    return effort


def from_dict(
    raw: Any, source: str = "<questionnaire>", effort: Mapping[str, float] | None = None
) -> Questionnaire:
    """Validate a raw definition and build the typed questionnaire; raise on any problem."""
    problems = validate_definition(raw, source)
    if problems:
        raise QuestionnaireError(problems)
    scales = {
        sid: Scale(
            id=sid,
            type=s["type"],
            options=tuple(_option(o) for o in s.get("options", [])),
            min=s.get("min"),
            max=s.get("max"),
            unit=_text(s["unit"]) if "unit" in s else None,
            max_length=s.get("max_length"),
        )
        for sid, s in raw["scales"].items()
    }
    questions = []
    for q in raw["questions"]:
        flags = tuple(
            Flag(
                id=f["id"],
                level=f["level"],
                question_id=q["id"],
                message=_text(f["message"]),
                action=_text(f["action"]),
                codes=tuple(f["when"].get("codes", ())),
                hours_ratio_below=f["when"].get("hours_ratio_below"),
            )
            for f in q.get("flags", [])
        )
        questions.append(
            Question(
                id=q["id"],
                scale=scales[q["scale"]],
                text=_text(q["text"]),
                help=_text(q["help"]),
                source=tuple(q["source"]),
                dimension=q.get("dimension"),
                section=q.get("section"),
                required=q.get("required", q.get("dimension") is not None),
                reverse=q.get("reverse", False),
                knowledge=q.get("knowledge", False),
                score_by=q.get("score_by"),
                flags=flags,
                short=_text(q["short"]),
            )
        )
    profile = tuple(
        ProfileField(
            id=p["id"],
            text=_text(p["text"]),
            help=_text(p["help"]),
            required=p.get("required", True),
            options=tuple(_option(o) for o in p.get("options", [])),
            max_length=scales[p["scale"]].max_length if p.get("scale") in scales else None,
        )
        for p in raw["profile"]
    )
    effort = dict(effort if effort is not None else load_effort())
    platforms = scales[next(q["scale"] for q in raw["questions"] if q["id"] == "platforms.planned")]
    missing = [c for c in (*platforms.codes, OVERHEAD) if c not in effort]
    if missing:
        raise QuestionnaireError(
            [f"{source}: effort table (table A) has no hours for: {', '.join(missing)}"]
        )
    return Questionnaire(
        id=raw["id"],
        version=raw["version"],
        title=_text(raw["title"]),
        sources={k: _text(v) for k, v in raw["sources"].items()},
        labels=tuple(Band(b["id"], b["min"], _text(b["label"])) for b in raw["labels"]),
        subindices={s["id"]: _text(s["label"]) for s in raw["subindices"]},
        dimensions=tuple(
            Dimension(
                id=d["id"],
                weight=float(d["weight"]),
                subindex=d["subindex"],
                sources=tuple(d["sources"]),
                label=_text(d["label"]),
                actions=_text_list(d["actions"]),
            )
            for d in raw["dimensions"]
        ),
        scales=scales,
        profile=profile,
        questions=tuple(questions),
        rules=tuple(
            Rule(
                id=r["id"],
                source=tuple(r["source"]),
                when=r["when"],
                label=_text(r["label"]),
                summary=_text(r["summary"]),
                actions=_text_list(r["actions"]),
            )
            for r in raw["rules"]
        ),
        needs_evidence_above=(raw["needs_evidence_above"][0], raw["needs_evidence_above"][1]),
        effort=effort,
        path=source,
    )


def load(path: str | Path | None = None, effort_path: str | Path | None = None) -> Questionnaire:
    """Read, validate and build a questionnaire (the bundled one by default).

    Raises :class:`QuestionnaireError` listing every problem, each naming the file, the
    question (or dimension, scale, rule) and the field.

    >>> q = load()
    >>> q.id, q.version, len(q.dimensions)
    ('social-media-readiness', 1, 8)
    """
    if path is None and effort_path is None:
        return default()
    return _load(Path(path or DEFAULT_PATH), Path(effort_path or DEFAULT_EFFORT_PATH))


def _load(path: Path, effort_path: Path) -> Questionnaire:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QuestionnaireError([f"{path}: cannot read the file ({exc.strerror})"]) from None
    try:
        raw = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "somewhere"
        raise QuestionnaireError([f"{path}: not valid YAML at {where}: {exc}"]) from None
    return from_dict(raw, str(path), effort=load_effort(effort_path))


@cache
def default() -> Questionnaire:
    """The bundled questionnaire, loaded once per process."""
    return _load(DEFAULT_PATH, DEFAULT_EFFORT_PATH)
