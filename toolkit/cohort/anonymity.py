"""The anonymity rule: the minimum group size, the suppression note, pseudonyms, and which
organisation each row belongs to (what every group statistic counts)."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from .. import answers as answers_mod
from ..errors import PertinenceError

DEFAULT_MIN_GROUP = 5
ABSOLUTE_MIN_GROUP = 3
PSEUDONYM_PREFIX = "org-"


class AnonymityError(PertinenceError, ValueError):
    """A minimum group size below the floor that keeps organisations unrecognisable."""


def check_min_group(min_group: int | None = None) -> int:
    """The minimum group size to use; raise :class:`AnonymityError` below 3.

    >>> check_min_group(None), check_min_group(4)
    (5, 4)
    """
    if min_group is None:
        return DEFAULT_MIN_GROUP
    if isinstance(min_group, bool) or not isinstance(min_group, (int, np.integer)):
        raise AnonymityError.of("cohort.min_group_type", value=min_group)
    if min_group < ABSOLUTE_MIN_GROUP:
        raise AnonymityError.of(
            "cohort.min_group_low",
            value=int(min_group),
            floor=ABSOLUTE_MIN_GROUP,
            default=DEFAULT_MIN_GROUP,
        )
    return int(min_group)


def suppression_note(min_group: int) -> str:
    return f"suppressed: fewer than {min_group} organisations"


def pseudonym(key: str, salt: str = "") -> str:
    """A stable, short stand-in for an organisation key: ``org-`` + 8 hex digits.

    The same key (and salt) always gives the same pseudonym, so before/after pairs stay
    matched in an export. A pseudonym of a known name can be recomputed: pass a secret
    ``salt`` when an export leaves the team.
    """
    digest = hashlib.sha256(f"{salt}\x1f{key}".encode()).hexdigest()
    return PSEUDONYM_PREFIX + digest[:8]


def anonymise(frame: pd.DataFrame, names: bool = False, salt: str = "") -> pd.DataFrame:
    """A copy fit to leave the analyst's hands.

    With ``names=False`` (the default) ``organisation`` and ``org_key`` become pseudonyms and
    the free-text ``respondent_role`` is dropped; with ``names=True`` the frame is returned as is.
    """
    if names:
        return frame.copy()
    out = frame.copy()
    if "org_key" in out.columns:
        keys = _org_ids(out)
        mapping = {k: pseudonym(k, salt) for k in pd.unique(keys)}
        out["org_key"] = keys.map(mapping)
        if "organisation" in out.columns:
            out["organisation"] = out["org_key"]
    elif "organisation" in out.columns:
        out["organisation"] = [
            pseudonym(answers_mod.org_key(str(v)), salt) for v in out["organisation"]
        ]
    return out.drop(columns=[c for c in ("respondent_role",) if c in out.columns])


def _org_ids(frame: pd.DataFrame) -> pd.Series:
    """The organisation of each row: its ``org_key``, or its submission id when it has no name."""
    keys = frame["org_key"].astype(object) if "org_key" in frame.columns else None
    if keys is None:
        keys = pd.Series([""] * len(frame), index=frame.index, dtype=object)
    keys = keys.where(keys.notna() & (keys.astype(str) != ""), None)
    if "submission_id" in frame.columns:
        keys = keys.fillna("submission:" + frame["submission_id"].astype(str))
    else:
        keys = keys.fillna(pd.Series([f"row:{i}" for i in range(len(frame))], index=frame.index))
    return keys.astype(str)
