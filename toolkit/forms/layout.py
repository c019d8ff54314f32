"""The wide file's layout: its columns, its limits, the words it accepts for a few of them."""

from __future__ import annotations

from .. import questionnaire as qn

MAX_IMPORT_BYTES = 64 * 1024 * 1024
"""Files above this size (64 MiB) are refused. A workshop's export is a few kilobytes; a
cohort's can reach ``MAX_ROWS`` rows, and a form tool writing labels takes ~550 bytes a row
(95,000 Google Forms rows: 51 MiB)."""
MAX_ROWS = 100_000
"""Data rows (blank rows not counted) above this are refused: split the file."""
MAX_CELL_CHARS = 1_000
"""Cell text is cut to this length before it is read (names are kept to 200 characters)."""
MAX_PROBLEMS = 1_000
"""Past this many problems in one file, the rest are counted in one last line."""
MAX_COLUMNS = 1_000
"""Columns past this are not read (CSV); a workbook with a value past it is refused."""
MAX_XLSX_EXPANDED_BYTES = 200 * 1024 * 1024
"""A workbook whose parts expand past this (200 MiB) is refused before anything is parsed."""
MAX_SHEET_ROWS = 2 * MAX_ROWS
"""A worksheet with a row numbered past this (blank rows included) is refused: openpyxl walks
every row up to the last one, so a million empty rows cost a minute before any data."""
MAX_XLSX_CELLS = 5_000_000
"""Cells holding a value in the worksheet (95,000 rows of 50 answers fit)."""
MAX_XLSX_CELL_CHARS = 32_767
"""Excel's own limit for one cell: a longer text did not come from a spreadsheet. Cells between
``MAX_CELL_CHARS`` and this are read, capped and reported."""
MAX_SHARED_STRINGS = 1_000_000
"""Distinct texts in ``xl/sharedStrings.xml`` (openpyxl keeps them all in memory)."""
MAX_SHARED_CHARS = 20_000_000
"""Characters in all shared strings together (20 million: ~100 MB once in Python)."""
SHARED_STRINGS_SLACK = 1_000
"""A one-sheet workbook may list this many more shared strings than its text cells (strings
left over from edits); past that, the strings are not the sheet's."""

CSV_DELIMITER = ";"
DELIMITERS = (";", ",", "\t")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
OPTIONAL_COLUMNS = ("submission_id", "respondent_role", "status", "started", "submitted")
NAME_COLUMN = "organisation"

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, .doc …

LANGUAGE_WORDS = {
    "fr": "fr",
    "francais": "fr",
    "french": "fr",
    "en": "en",
    "anglais": "en",
    "english": "en",
}
STATUS_WORDS = {
    "submitted": "submitted",
    "soumis": "submitted",
    "soumise": "submitted",
    "draft": "draft",
    "brouillon": "draft",
}


# --------------------------------------------------------------------------------------------
# Columns


def profile_column(field_id: str) -> str:
    return NAME_COLUMN if field_id == "name" else field_id


def metadata_columns(questionnaire: qn.Questionnaire | None = None) -> tuple[str, ...]:
    """``organisation, sector, size, region, cohort, language`` (from the questionnaire profile)."""
    questionnaire = questionnaire or qn.default()
    return (*(profile_column(p.id) for p in questionnaire.profile), "cohort", "language")


def wide_columns(
    questionnaire: qn.Questionnaire | None = None, optional: bool = False
) -> list[str]:
    """The header of a wide file: metadata, optionally ``OPTIONAL_COLUMNS``, question ids."""
    questionnaire = questionnaire or qn.default()
    return [
        *metadata_columns(questionnaire),
        *(OPTIONAL_COLUMNS if optional else ()),
        *questionnaire.question_ids,
    ]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
