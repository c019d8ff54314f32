"""Wide CSV/XLSX import and export: one row per submission, one column per question.

This is what form tools and spreadsheets exchange. Readers are forgiving about the form of a
file (UTF-8 with or without BOM, cp1252 or UTF-16, ``;``, ``,`` or tab delimiters, codes or
French or English labels, stray whitespace, blank rows) and strict about its content: every
cell that cannot be used becomes a :class:`~toolkit.errors.Problem` naming the file, the row as a
spreadsheet shows it (header = row 1), the column and the value.

What happens to a row with problems:

* no organisation name → reported and skipped (nobody could claim its report);
* a name but no answer at all → reported and skipped;
* an unknown code, a bad number, an unknown sector … → reported; that cell is left blank and
  the rest of the row is kept;
* a required answer missing (submitted rows) → reported; the row is kept, scoring treats the
  answer as missing.

A file that cannot be read at all (not a table, empty, too big, damaged workbook) raises
:class:`~toolkit.errors.InputFormatError` with one clear line.

Writers put codes by default (labels with ``lang``), write CSV as UTF-8 with BOM and ``;``
(what Excel fr-CA opens in columns, with decimal commas) and neutralise spreadsheet formulas: a
text cell starting with ``= + - @``, a tab or a carriage return gets a leading ``'``, which
readers remove again.

The package, by job: :mod:`.layout` (the columns and limits of a wide file), :mod:`.files`
(bytes → records: encodings, delimiters, CSV or XLSX), :mod:`.rows` (records → submissions,
one row at a time), :mod:`.importing` (a whole file, into a cohort folder) and :mod:`.writing`
(wide files out). Columns are recognised by :mod:`toolkit.columns`.
"""

from __future__ import annotations

from ..errors import InputFormatError
from .importing import ImportResult, import_to_cohort, read_wide
from .layout import (
    CSV_DELIMITER,
    DELIMITERS,
    FORMULA_TRIGGERS,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_IMPORT_BYTES,
    MAX_PROBLEMS,
    MAX_ROWS,
    MAX_XLSX_EXPANDED_BYTES,
    NAME_COLUMN,
    OPTIONAL_COLUMNS,
    column_letter,
    metadata_columns,
    wide_columns,
)
from .rows import derived_id
from .writing import neutralise, write_template, write_wide

__all__ = [
    "CSV_DELIMITER",
    "DELIMITERS",
    "FORMULA_TRIGGERS",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_IMPORT_BYTES",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "MAX_XLSX_EXPANDED_BYTES",
    "NAME_COLUMN",
    "OPTIONAL_COLUMNS",
    "ImportResult",
    "InputFormatError",
    "column_letter",
    "derived_id",
    "import_to_cohort",
    "metadata_columns",
    "neutralise",
    "read_wide",
    "wide_columns",
    "write_template",
    "write_wide",
]
