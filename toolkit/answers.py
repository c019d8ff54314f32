"""Answers as data: one submission (its JSON form) and the answers table that scoring reads.

The answers table has one row per submission, the metadata columns of ``META_COLUMNS`` and one
column per question id:

* single-choice questions: a pandas ``Categorical`` whose categories are the scale's codes;
* number questions (hours): ``float`` (NaN when unanswered);
* multi-select questions: an integer bit mask, bit *i* set when the scale's *i*-th option is
  chosen (``-1`` when unanswered), so scoring stays vectorised;
* date questions: ISO text.

``normalise_answer`` is the single place where user input (codes, French or English labels,
numbers typed with a decimal comma, lists or ``;``-joined text) becomes a code.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from .errors import AnswerError, SubmissionError, VersionMismatchError
from .questionnaire import (
    DATE,
    LANGUAGES,
    MULTI,
    NUMBER,
    SINGLE,
    TEXT,
    Option,
    ProfileField,
    Question,
    Questionnaire,
)
from .resume import normalise_code

if TYPE_CHECKING:  # pandas is imported by the functions that build tables, not by the app
    import pandas as pd

META_COLUMNS = (
    "submission_id",
    "cohort",
    "organisation",
    "org_key",
    "sector",
    "size",
    "region",
    "language",
    "respondent_role",
    "status",
    "started",
    "submitted",
)
STATUSES = ("draft", "submitted")
MULTI_SEPARATORS = re.compile(r"\s*[;|\n]\s*|\s*,\s*(?=[^\d])")
MAX_TEXT = 200
UNANSWERED_MASK = -1


def fold(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form of a text, for matching labels."""
    text = str(text)
    # an import folds the same few hundred labels in every row: remember the short ones
    return _fold_short(text) if len(text) <= _FOLD_CACHED_CHARS else _fold(text)


_FOLD_CACHED_CHARS = 200


@functools.lru_cache(maxsize=16_384)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


@functools.cache
def _legal_suffixes() -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """``data/organisation_suffixes.yaml``: suffixes as word tuples (longest first), articles."""
    path = resources.files("toolkit") / "data" / "organisation_suffixes.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    suffixes = {tuple(str(s).split()) for s in data["suffixes"]}
    return tuple(sorted(suffixes, key=len, reverse=True)), frozenset(data["articles"])


@functools.lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """A stable key for an organisation: its name folded (case, accents, punctuation and
    spacing ignored) without the legal-form suffixes at its end (inc., ltée, enr., S.E.N.C.,
    OBNL, coop…: the list and why each is there are in ``data/organisation_suffixes.yaml``).

    Submissions with the same key in one cohort are one organisation: statistics count them
    once, before/after matches them across cohorts. The key is never stored; it is computed
    from the name whenever answers are read, so a change of these rules applies to every file.

    >>> org_key("Café  Le Fût, inc."), org_key("Cafe le Fut"), org_key("Coop du Quai")
    ('cafe le fut', 'cafe le fut', 'coop du quai')
    """
    tokens = re.sub(r"[^a-z0-9]+", " ", fold(name)).split()
    suffixes, articles = _legal_suffixes()
    stripped = True
    while stripped:
        stripped = False
        for suffix in suffixes:
            rest = tokens[: len(tokens) - len(suffix)]
            if tuple(tokens[-len(suffix) :]) == suffix and any(t not in articles for t in rest):
                tokens, stripped = rest, True
                break
    return " ".join(tokens)


def clean_text(value: Any, max_length: int = MAX_TEXT) -> str:
    """Free text made inert: control characters removed, whitespace folded, length capped."""
    text = "" if value is None else str(value)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()[:max_length]


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return isinstance(value, (list, tuple, set)) and len(value) == 0


def _choice_lookup(codes_labels: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, labels in codes_labels:
        lookup[fold(code)] = code
        for label in labels:
            lookup.setdefault(fold(label), code)
    return lookup


# Lookups built once per options tuple (keyed by identity; the cache holds the tuple, so its id
# cannot be reused): folding every label on every answer made loading 10,000 files take 24 s.
_LOOKUPS: dict[int, tuple[tuple[Option, ...], dict[str, str]]] = {}


def _options_lookup(options: tuple[Option, ...]) -> dict[str, str]:
    cached = _LOOKUPS.get(id(options))
    if cached is None or cached[0] is not options:
        cached = (options, _choice_lookup((o.code, (o.label.fr, o.label.en)) for o in options))
        _LOOKUPS[id(options)] = cached
    return cached[1]


def _option_lookup(question: Question) -> dict[str, str]:
    return _options_lookup(question.scale.options)


def _match_code(raw: Any, lookup: Mapping[str, str]) -> str | None:
    if isinstance(raw, str) and raw in lookup:  # fast path: already a code
        return lookup[raw]
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    key = fold(raw)
    if key in lookup:
        return lookup[key]
    # "4 - Plutôt d'accord", "4." or "4 — Élevé": a leading code followed by its label
    # ... but "4-5", "3.5" or "2,5" are not "4", "3" or "2": what follows must be words
    head = re.match(r"^([a-z0-9_]+)\s*[-.)—:]\s*(.*)$", key)
    if head and head.group(1) in lookup and not re.fullmatch(r"[\d\s.,/-]+", head.group(2)):
        return lookup[head.group(1)]
    return None


def choice_code(question: Question, raw: Any) -> str | None:
    """The option of ``question`` that ``raw`` names (its code, or its label in either
    language), or None."""
    return _match_code(raw, _option_lookup(question))


def parse_number(raw: Any) -> float | None:
    """A number from user input: ``7``, ``"7,5"``, ``" 7.5 h "``; None when not a number."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return None if math.isnan(raw) else float(raw)
    text = str(raw).strip().lower().replace("\u00a0", "").replace(" ", "")
    text = re.sub(r"(h|heures?|hours?|h/sem\.?|h/week)$", "", text).replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return None if math.isnan(value) or math.isinf(value) else value


def normalise_answer(question: Question, raw: Any) -> Any:
    """User input for one question → its canonical value, or raise ``AnswerError`` saying why.

    ``AnswerError`` is a ``ValueError`` whose ``text(lang)`` says why in French or English.

    Returns ``None`` for a blank answer; a code (str) for single choice; a float for numbers;
    a tuple of codes (in the scale's order) for multi-select; an ISO date text for dates.
    """
    kind = question.scale.type
    if kind == SINGLE and type(raw) is str:  # fast path for stored answers: already a code
        code = _options_lookup(question.scale.options).get(raw)
        if code is not None:
            return code
    if _is_blank(raw):
        return None
    if kind == SINGLE:
        code = _match_code(raw, _option_lookup(question))
        if code is None:
            raise AnswerError.of("answer.unknown_code", allowed=", ".join(question.codes))
        return code
    if kind == NUMBER:
        value = parse_number(raw)
        if value is None:
            raise AnswerError.of("answer.number_expected")
        lo, hi = question.scale.min, question.scale.max
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise AnswerError.of("answer.out_of_range", min=lo, max=hi)
        return value
    if kind == MULTI:
        items = (
            list(raw) if isinstance(raw, (list, tuple, set)) else MULTI_SEPARATORS.split(str(raw))
        )
        lookup = _option_lookup(question)
        chosen: set[str] = set()
        for item in items:
            if _is_blank(item):
                continue
            code = _match_code(item, lookup)
            if code is None:
                raise AnswerError.of(
                    "answer.unknown_choice",
                    choice=str(item)[:40],
                    allowed=", ".join(question.codes),
                )
            chosen.add(code)
        exclusive = {o.code for o in question.scale.options if o.exclusive}
        if chosen & exclusive and len(chosen) > 1:
            raise AnswerError.of("answer.exclusive", codes=", ".join(sorted(chosen & exclusive)))
        return tuple(c for c in question.codes if c in chosen) or None
    if kind == DATE:
        if isinstance(raw, (date, datetime)):
            return raw.strftime("%Y-%m-%d")
        text = str(raw).strip()
        try:
            return datetime.strptime(text[:10], "%Y-%m-%d").date().isoformat()
        except ValueError:
            raise AnswerError.of("answer.date_expected") from None
    if kind == TEXT:
        return clean_text(raw, question.scale.max_length or MAX_TEXT)
    raise ValueError(f"unsupported scale type {kind}")  # pragma: no cover - schema forbids it


def normalise_profile(field_def: ProfileField, raw: Any) -> str | None:
    """A profile value (sector, size, region as code or label; name as clean text)."""
    if _is_blank(raw):
        return None
    if not field_def.options:
        return clean_text(raw, field_def.max_length or MAX_TEXT) or None
    lookup = _options_lookup(field_def.options)
    code = _match_code(raw, lookup)
    if code is None:
        raise AnswerError.of("answer.unknown_value", allowed=", ".join(field_def.codes))
    return code


def mask_of(question: Question, codes: Iterable[str] | None) -> int:
    """Bit mask of chosen codes for a multi-select question (-1 when unanswered)."""
    if codes is None:
        return UNANSWERED_MASK
    chosen = set(codes)
    return sum(1 << i for i, c in enumerate(question.codes) if c in chosen)


def codes_of(question: Question, mask: int) -> tuple[str, ...]:
    """The chosen codes behind a multi-select bit mask."""
    if mask is None or mask < 0:
        return ()
    return tuple(c for i, c in enumerate(question.codes) if mask >> i & 1)


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class Submission:
    """One group's answers, as stored in ``<cohort dir>/<submission id>.json``.

    ``resume_code`` is the draft's secret (:mod:`toolkit.resume`), given at its first save by
    the app; files written before it existed have none (written as no key at all, read as None)
    and are resumed by uploading them. ``started`` is when the group opened its page (the app
    sets it; see :meth:`toolkit.app.Questionnaire.start`).
    """

    questionnaire_id: str
    questionnaire_version: int
    cohort: str
    language: str = "fr"
    organisation: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    submission_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    respondent_role: str | None = None
    started: str = field(default_factory=now_iso)
    submitted: str | None = None
    status: str = "draft"
    stakeholders: list[dict[str, Any]] = field(default_factory=list)
    resume_code: str | None = None

    @classmethod
    def new(cls, questionnaire: Questionnaire, cohort: str, language: str = "fr") -> Submission:
        return cls(questionnaire.id, questionnaire.version, cohort=cohort, language=language)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (answers as codes, numbers and lists)."""
        return {
            "questionnaire": {"id": self.questionnaire_id, "version": self.questionnaire_version},
            "submission_id": self.submission_id,
            "cohort": self.cohort,
            "language": self.language,
            "organisation": dict(self.organisation),
            "respondent_role": self.respondent_role,
            "started": self.started,
            "submitted": self.submitted,
            "status": self.status,
            "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in self.answers.items()},
            "stakeholders": list(self.stakeholders),
        } | ({"resume_code": self.resume_code} if self.resume_code else {})

    @classmethod
    def from_dict(cls, raw: Any, questionnaire: Questionnaire) -> Submission:
        """Read and validate the JSON form; raise ``SubmissionError`` naming what is wrong."""
        if not isinstance(raw, dict):
            raise SubmissionError.of("submission.not_object")
        meta = raw.get("questionnaire")
        if not isinstance(meta, dict) or "id" not in meta or "version" not in meta:
            raise SubmissionError.of("submission.no_questionnaire")
        if meta["id"] != questionnaire.id or meta["version"] != questionnaire.version:
            raise VersionMismatchError.of(
                "submission.other_version",
                id=meta["id"],
                version=meta["version"],
                expected_id=questionnaire.id,
                expected_version=questionnaire.version,
            )
        sid = str(raw.get("submission_id", ""))
        try:
            sid = str(uuid.UUID(sid))
        except ValueError:
            raise SubmissionError.of("submission.id_not_uuid", id=sid[:40]) from None
        status = raw.get("status", "draft")
        if status not in STATUSES:
            raise SubmissionError.of("submission.bad_status", status=status)
        language = raw.get("language", "fr")
        if language not in LANGUAGES:
            raise SubmissionError.of("submission.bad_language", language=language)
        answers_raw = raw.get("answers", {})
        if not isinstance(answers_raw, dict):
            raise SubmissionError.of("submission.answers_not_object")
        answers: dict[str, Any] = {}
        for qid, value in answers_raw.items():
            try:
                question = questionnaire.question(qid)
            except KeyError:
                raise SubmissionError.of("submission.unknown_question", id=str(qid)[:40]) from None
            try:
                if isinstance(value, float) and not math.isfinite(value):
                    # JSON has no NaN or Infinity (Python's json reads them anyway): a file
                    # saying hours = NaN is damaged, not unanswered
                    raise AnswerError.of("answer.not_finite")
                normal = normalise_answer(question, value)
            except ValueError as exc:
                raise SubmissionError.of(
                    "submission.bad_field",
                    field=f"answers.{qid}",
                    reason=exc,
                    value=str(value)[:40],
                ) from None
            if normal is not None:
                answers[qid] = normal
        org_raw = raw.get("organisation", {})
        if not isinstance(org_raw, dict):
            raise SubmissionError.of("submission.organisation_not_object")
        organisation: dict[str, Any] = {}
        for pf in questionnaire.profile:
            try:
                organisation[pf.id] = normalise_profile(pf, org_raw.get(pf.id))
            except ValueError as exc:
                raise SubmissionError.of(
                    "submission.bad_field",
                    field=f"organisation.{pf.id}",
                    reason=exc,
                    value=str(org_raw.get(pf.id))[:40],
                ) from None
        stakeholders = raw.get("stakeholders") or []
        if not isinstance(stakeholders, list):
            raise SubmissionError.of("submission.stakeholders_not_list")
        resume_code = raw.get("resume_code")
        if resume_code is not None:
            resume_code = normalise_code(resume_code)
            if resume_code is None:
                raise SubmissionError.of(
                    "submission.bad_resume_code", value=str(raw.get("resume_code"))[:40]
                )
        return cls(
            questionnaire_id=meta["id"],
            questionnaire_version=meta["version"],
            cohort=clean_text(raw.get("cohort", ""), 80),
            language=language,
            organisation=organisation,
            answers=answers,
            submission_id=sid,
            respondent_role=clean_text(raw["respondent_role"], 80)
            if raw.get("respondent_role")
            else None,
            started=str(raw.get("started") or now_iso()),
            submitted=str(raw["submitted"]) if raw.get("submitted") else None,
            status=status,
            stakeholders=[clean_stakeholder(s) for s in stakeholders],
            resume_code=resume_code,
        )

    def missing_required(self, questionnaire: Questionnaire) -> list[str]:
        """Ids of required profile fields and questions still unanswered."""
        missing = [
            f"organisation.{p.id}"
            for p in questionnaire.profile
            if p.required and not self.organisation.get(p.id)
        ]
        missing += [
            q.id for q in questionnaire.questions if q.required and q.id not in self.answers
        ]
        return missing


def clean_stakeholder(raw: Any) -> dict[str, Any]:
    """One actor of the stakeholder map, validated: name, type, influence 1–5, relationship −2…2."""
    if not isinstance(raw, dict):
        raise SubmissionError.of("stakeholder.not_object")
    influence = parse_number(raw.get("influence"))
    relationship = parse_number(raw.get("relationship"))
    if influence is None or not 1 <= influence <= 5 or not float(influence).is_integer():
        raise SubmissionError.of("stakeholder.influence", value=raw.get("influence"))
    if relationship is None or not -2 <= relationship <= 2 or not float(relationship).is_integer():
        raise SubmissionError.of("stakeholder.relationship", value=raw.get("relationship"))
    return {
        "name": clean_text(raw.get("name", ""), 120),
        "type": clean_text(raw.get("type", ""), 60),
        "influence": int(influence),
        "relationship": int(relationship),
    }


def answers_dtypes(questionnaire: Questionnaire) -> dict[str, Any]:
    """The dtype of each question column of the answers table."""
    import pandas as pd

    dtypes: dict[str, Any] = {}
    for q in questionnaire.questions:
        if q.scale.type == SINGLE:
            dtypes[q.id] = pd.CategoricalDtype(list(q.codes))
        elif q.scale.type == NUMBER:
            dtypes[q.id] = "float64"
        elif q.scale.type == MULTI:
            dtypes[q.id] = "int64"
        else:
            dtypes[q.id] = object
    return dtypes


def to_frame(submissions: Sequence[Submission], questionnaire: Questionnaire) -> pd.DataFrame:
    """The answers table of many submissions (one row each), typed as scoring expects."""
    import numpy as np
    import pandas as pd

    columns: dict[str, list[Any]] = {c: [] for c in META_COLUMNS}
    questions = questionnaire.questions
    for q in questions:
        columns[q.id] = []
    for s in submissions:
        org = s.organisation
        name = org.get("name") or ""
        columns["submission_id"].append(s.submission_id)
        columns["cohort"].append(s.cohort)
        columns["organisation"].append(name)
        columns["org_key"].append(org_key(name))
        columns["sector"].append(org.get("sector"))
        columns["size"].append(org.get("size"))
        columns["region"].append(org.get("region"))
        columns["language"].append(s.language)
        columns["respondent_role"].append(s.respondent_role)
        columns["status"].append(s.status)
        columns["started"].append(s.started)
        columns["submitted"].append(s.submitted)
        for q in questions:
            value = s.answers.get(q.id)
            if q.scale.type == MULTI:
                value = mask_of(q, value)
            elif q.scale.type == NUMBER:
                value = np.nan if value is None else float(value)
            columns[q.id].append(value)
    data: dict[str, Any] = dict(columns)
    for q in questions:
        # valid codes go straight to a Categorical (mapping cell by cell took 0.4 s for 10,000
        # rows); anything else is left to coerce_answers, which names the bad code
        if q.scale.type != SINGLE:
            continue
        try:
            valid = set(columns[q.id]) <= {None, *q.codes}
        except TypeError:  # unhashable values (lists): coerce_answers reports them
            valid = False
        if valid:
            data[q.id] = pd.Categorical(columns[q.id], categories=list(q.codes))
    frame = pd.DataFrame(data)
    return coerce_answers(frame, questionnaire)


def coerce_answers(frame: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Give the question columns of a table their answers-table dtypes (copying the frame).

    Accepts what people build by hand: codes as text or numbers, multi-selects as lists.
    Values that are not valid codes raise ``AnswerError`` (a ``ValueError``) naming the column.
    """
    import pandas as pd

    out = frame.copy()
    for qid, dtype in answers_dtypes(questionnaire).items():
        if qid not in out.columns:
            continue
        q = questionnaire.question(qid)
        col = out[qid]
        if isinstance(dtype, pd.CategoricalDtype):
            if isinstance(col.dtype, pd.CategoricalDtype) and list(col.cat.categories) == list(
                dtype.categories
            ):
                continue
            as_text = col.map(
                lambda v: (
                    None
                    if _is_blank(v)
                    else str(int(v))
                    if isinstance(v, (int, float)) and not isinstance(v, bool)
                    else str(v)
                )
            )
            bad = as_text.notna() & ~as_text.isin(dtype.categories)
            if bad.any():
                example = as_text[bad].iloc[0]
                raise AnswerError.of(
                    "answer.column_unknown_code",
                    column=qid,
                    code=example,
                    allowed=", ".join(q.codes),
                )
            out[qid] = as_text.astype(dtype)
        elif dtype == "int64":
            if pd.api.types.is_integer_dtype(col.dtype):
                continue
            out[qid] = col.map(
                lambda v, q=q: (
                    UNANSWERED_MASK if _is_blank(v) else mask_of(q, normalise_answer(q, v))
                )
            ).astype("int64")
        elif dtype == "float64":
            out[qid] = pd.to_numeric(col, errors="raise").astype("float64")
    return out
