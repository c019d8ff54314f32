"""The stakeholder map exercise: actors → influence × relationship quadrant → advice (pure).

Each actor has an influence (1–5) and a relationship (−2 detractor … +2 ally). Influence 4 and 5
is *high* (on the 1–5 scale of question influence.4, 4 is « Élevé / High »; the threshold is
``high_influence_min`` in ``data/stakeholders.yaml``); a relationship below 0 is a *detractor*,
0 *neutral*, above 0 an *ally*. The six zones are ``<level>_<stance>``, e.g. ``high_detractor``,
and their titles and advice (fr/en) come from the data file, never from code.

>>> from toolkit import stakeholders
>>> stakeholders.quadrant_of(4, -1)
'high_detractor'
>>> stakeholders.classify([{"name": "La Tribune", "type": "media", "influence": 5,
...                         "relationship": 0}], lang="en")[["name", "quadrant"]].to_dict("records")
[{'name': 'La Tribune', 'quadrant': 'high_neutral'}]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import words
from .answers import clean_stakeholder
from .errors import QuestionnaireError
from .questionnaire import Text, _package_file

if TYPE_CHECKING:  # the app reads the guide without pandas; classify() imports it
    import pandas as pd

DEFAULT_PATH = _package_file("data", "stakeholders.yaml")
LEVELS = ("high", "low")
STANCES = ("detractor", "neutral", "ally")
QUADRANTS = tuple(f"{level}_{stance}" for level in LEVELS for stance in STANCES)
INFLUENCE_RANGE = (1, 5)
RELATIONSHIP_RANGE = (-2, 2)
COLUMNS = (
    "name",
    "type",
    "type_label",
    "influence",
    "relationship",
    "level",
    "stance",
    "quadrant",
    "quadrant_title",
    "advice",
)


@dataclass(frozen=True)
class Quadrant:
    id: str
    title: Text
    advice: Text


@dataclass(frozen=True)
class Guide:
    """The exercise as data: thresholds, labels, actor types and the advice of each zone."""

    high_influence_min: int
    recommended_actors: tuple[int, int]
    title: Text
    intro: Text
    review: Text
    types: Mapping[str, Text]
    influence: Mapping[int, Text]
    relationship: Mapping[int, Text]
    levels: Mapping[str, Text]
    stances: Mapping[str, Text]
    quadrants: Mapping[str, Quadrant]
    path: str = ""

    def type_label(self, code: str, lang: str | None = None) -> str:
        """The label of an actor type code; free text (an older file, a CSV) is shown as is."""
        text = self.types.get(code)
        return text(lang) if text else code


def _text(raw: Any, where: str, problems: list[str]) -> Text:
    if not isinstance(raw, Mapping) or not all(isinstance(raw.get(k), str) for k in ("fr", "en")):
        problems.append(f"{where}: needs a text in fr and en")
        return Text("", "")
    return Text(fr=raw["fr"], en=raw["en"])


def from_dict(raw: Any, source: str = "<stakeholders>") -> Guide:
    """Validate the raw exercise definition and build the :class:`Guide`; raise on any problem."""
    if not isinstance(raw, Mapping):
        raise QuestionnaireError([f"{source}: the file must hold a mapping"])
    problems: list[str] = []

    def texts(key: str, id_field: str) -> dict[Any, Text]:
        out: dict[Any, Text] = {}
        for i, item in enumerate(raw.get(key) or []):
            if not isinstance(item, Mapping) or id_field not in item:
                problems.append(f"{source}: {key}[{i}]: needs '{id_field}' and 'label'")
                continue
            out[item[id_field]] = _text(item.get("label"), f"{source}: {key}[{i}]", problems)
        return out

    threshold = raw.get("high_influence_min")
    if not isinstance(threshold, int) or not INFLUENCE_RANGE[0] < threshold <= INFLUENCE_RANGE[1]:
        problems.append(f"{source}: high_influence_min must be an integer from 2 to 5")
        threshold = 4
    influence = texts("influence", "value")
    relationship = texts("relationship", "value")
    if sorted(influence) != list(range(INFLUENCE_RANGE[0], INFLUENCE_RANGE[1] + 1)):
        problems.append(f"{source}: influence must label each value from 1 to 5")
    if sorted(relationship) != list(range(RELATIONSHIP_RANGE[0], RELATIONSHIP_RANGE[1] + 1)):
        problems.append(f"{source}: relationship must label each value from -2 to 2")
    levels = {
        k: _text(v, f"{source}: levels.{k}", problems) for k, v in (raw.get("levels") or {}).items()
    }
    stances = {
        k: _text(v, f"{source}: stances.{k}", problems)
        for k, v in (raw.get("stances") or {}).items()
    }
    if set(levels) != set(LEVELS):
        problems.append(f"{source}: levels must be exactly {', '.join(LEVELS)}")
    if set(stances) != set(STANCES):
        problems.append(f"{source}: stances must be exactly {', '.join(STANCES)}")
    quadrants: dict[str, Quadrant] = {}
    for i, item in enumerate(raw.get("quadrants") or []):
        qid = item.get("id") if isinstance(item, Mapping) else None
        where = f"{source}: quadrants[{i}]" + (f" ({qid})" if qid else "")
        if qid not in QUADRANTS:
            problems.append(f"{where}: id must be one of {', '.join(QUADRANTS)}")
            continue
        if qid in quadrants:
            problems.append(f"{where}: listed twice")
        quadrants[qid] = Quadrant(
            qid,
            _text(item.get("title"), f"{where}: field title", problems),
            _text(item.get("advice"), f"{where}: field advice", problems),
        )
    missing = [q for q in QUADRANTS if q not in quadrants]
    if missing:
        problems.append(f"{source}: quadrants: no advice for {', '.join(missing)}")
    recommended = raw.get("recommended_actors") or [10, 20]
    title = _text(raw.get("title"), f"{source}: title", problems)
    intro = _text(raw.get("intro"), f"{source}: intro", problems)
    review = _text(raw.get("review"), f"{source}: review", problems)
    types = texts("types", "code")
    if problems:
        raise QuestionnaireError(problems)
    return Guide(
        high_influence_min=threshold,
        recommended_actors=(int(recommended[0]), int(recommended[1])),
        title=title,
        intro=intro,
        review=review,
        types=types,
        influence=influence,
        relationship=relationship,
        levels=levels,
        stances=stances,
        quadrants=quadrants,
        path=source,
    )


def load(path: str | Path | None = None) -> Guide:
    """Read and validate the exercise (the bundled ``data/stakeholders.yaml`` by default)."""
    if path is None:
        return default()
    return _load(Path(path))


def _load(path: Path) -> Guide:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QuestionnaireError([f"{path}: cannot read the file ({exc.strerror})"]) from None
    except yaml.YAMLError as exc:
        raise QuestionnaireError([f"{path}: not valid YAML: {exc}"]) from None
    return from_dict(raw, str(path))


@cache
def default() -> Guide:
    """The bundled exercise, loaded once per process."""
    return _load(DEFAULT_PATH)


def level_of(influence: float, guide: Guide | None = None) -> str:
    """``"high"`` when influence ≥ the guide's threshold (4 by default), else ``"low"``."""
    threshold = (guide or default()).high_influence_min
    return "high" if influence >= threshold else "low"


def stance_of(relationship: float) -> str:
    """``"detractor"`` below 0, ``"neutral"`` at 0, ``"ally"`` above 0."""
    if relationship < 0:
        return "detractor"
    return "ally" if relationship > 0 else "neutral"


def quadrant_of(influence: float, relationship: float, guide: Guide | None = None) -> str:
    """The zone of one actor, e.g. ``quadrant_of(5, 2) == "high_ally"``."""
    return f"{level_of(influence, guide)}_{stance_of(relationship)}"


def quadrant_texts(
    lang: str | None = None, guide: Guide | None = None
) -> dict[str, tuple[str, str]]:
    """``{quadrant id: (title, advice)}`` in one language (what the charts write in each zone);
    ``lang`` defaults to the language of the work in progress (:func:`toolkit.words.resolve`)."""
    lang = words.resolve(lang)
    g = guide or default()
    return {qid: (q.title(lang), q.advice(lang)) for qid, q in g.quadrants.items()}


def classify(
    actors: Iterable[Mapping[str, Any]] | pd.DataFrame,
    lang: str | None = None,
    guide: Guide | None = None,
) -> pd.DataFrame:
    """Every actor with its level, stance, zone and the zone's advice, one row each.

    ``actors`` are ``{"name", "type", "influence", "relationship"}`` mappings (a submission's
    ``stakeholders``) or a DataFrame with those columns. Each one is validated by
    :func:`toolkit.answers.clean_stakeholder`, which raises ``SubmissionError`` on an
    influence outside 1–5 or a relationship outside −2…2.

    Columns: ``name``, ``type``, ``type_label``, ``influence``, ``relationship``, ``level``
    (high/low), ``stance`` (detractor/neutral/ally), ``quadrant``, ``quadrant_title``, ``advice``.
    Rows keep the input order. Labels, titles and advice are in ``lang`` (by default the
    language of the work in progress, :func:`toolkit.words.resolve`).
    """
    import pandas as pd

    lang = words.resolve(lang)
    g = guide or default()
    records = actors.to_dict("records") if isinstance(actors, pd.DataFrame) else list(actors)
    cleaned = [clean_stakeholder(a) for a in records]
    frame = pd.DataFrame(cleaned, columns=["name", "type", "influence", "relationship"])
    frame["influence"] = frame["influence"].astype("int64")
    frame["relationship"] = frame["relationship"].astype("int64")
    levels = ["high" if i >= g.high_influence_min else "low" for i in frame["influence"]]
    stances = [stance_of(r) for r in frame["relationship"]]
    zones = [f"{level}_{stance}" for level, stance in zip(levels, stances, strict=True)]

    def text_column(values: list[str]) -> pd.Series:
        return pd.Series(values, index=frame.index, dtype=object)

    frame["type_label"] = text_column([g.type_label(t, lang) for t in frame["type"]])
    frame["level"] = text_column(levels)
    frame["stance"] = text_column(stances)
    frame["quadrant"] = text_column(zones)
    frame["quadrant_title"] = text_column([g.quadrants[z].title(lang) for z in zones])
    frame["advice"] = text_column([g.quadrants[z].advice(lang) for z in zones])
    return frame[list(COLUMNS)]


def type_options(lang: str | None = None, guide: Guide | None = None) -> list[tuple[str, str]]:
    """``(label, code)`` pairs of the actor types, for a drop-down."""
    lang = words.resolve(lang)
    g = guide or default()
    return [(text(lang), code) for code, text in g.types.items()]


def influence_options(lang: str | None = None, guide: Guide | None = None) -> list[tuple[str, int]]:
    """``(label, value)`` pairs for influence 1–5."""
    lang = words.resolve(lang)
    g = guide or default()
    return [(g.influence[v](lang), v) for v in sorted(g.influence)]


def relationship_options(
    lang: str | None = None, guide: Guide | None = None
) -> list[tuple[str, int]]:
    """``(label, value)`` pairs for relationship −2…+2."""
    lang = words.resolve(lang)
    g = guide or default()
    return [(g.relationship[v](lang), v) for v in sorted(g.relationship)]
