"""The cohort exported to a CSV or XLSX file fit to leave the analyst's hands: pseudonyms,
no free-text role, formulas neutralised."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import PertinenceError
from ..questionnaire import Questionnaire, default
from .anonymity import anonymise
from .loading import as_frame
from .tables import wide

FORMULA_STARTS = ("=", "+", "-", "@")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells starting with ``= + - @`` get a leading apostrophe, so a spreadsheet shows
    them as text instead of running them (CSV/formula injection)."""
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
            continue
        out[col] = series.map(
            lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v
        ).astype(object)
    return out


def export(
    paths: Any,
    out: str | Path,
    names: bool = False,
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    salt: str = "",
) -> Path:
    """Write the cohort's answers and scores, one submission per row, to ``.csv`` or ``.xlsx``.

    ``paths`` is anything :func:`as_frame` accepts (folders, files, a DataFrame). With
    ``names=False`` (the default) organisations appear as pseudonyms (``org-…``) and the
    respondent's role is left out. Formulas are neutralised. Codes are written (labels with
    ``lang``). The CSV is UTF-8 with a BOM so that Excel reads the accents. Returns the path.
    """
    q = questionnaire or default()
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise PertinenceError.of("cohort.export_suffix").at(out)
    frame, _problems = as_frame(paths, q)
    table = wide(frame, q, lang=lang, with_scores=True)
    table = anonymise(table, names=names, salt=salt)
    table = neutralise_formulas(table)
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        # what Excel fr-CA opens directly, like forms.write_wide: ';' and decimal commas
        table.to_csv(out, index=False, encoding="utf-8-sig", sep=";", decimal=",")
    else:
        table.to_excel(out, index=False, sheet_name="pertinence", engine="openpyxl")
    return out
