"""Reading a wide file's bytes into records: encodings, delimiters, CSV or XLSX, with limits."""

from __future__ import annotations

import codecs
import csv
import re
import warnings
import zipfile
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from typing import Any

from .. import columns, messages
from .. import questionnaire as qn
from ..errors import InputFormatError
from . import layout
from . import workbook as workbook_limits
from .layout import (
    DELIMITERS,
    MAX_COLUMNS,
    OLE_MAGIC,
    XLSX_SUFFIXES,
    ZIP_MAGIC,
)

# --------------------------------------------------------------------------------------------
# Reading: bytes → records


def _binary(data: bytes) -> bool:
    """A binary file, not text with a stray NUL: a NUL among the first 16 bytes (where binary
    formats put their signature), or NULs in more than one byte in a thousand. A stray NUL in
    a text file is reported in its cell (``RowReader``)."""
    nuls = data.count(b"\x00")
    return bool(nuls) and (b"\x00" in data[:16] or nuls > max(len(data) // 1000, 1))


def _decode(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputFormatError.of("wide.utf16").at(name) from None
    if _binary(data):
        raise InputFormatError.of("wide.binary").at(name)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputFormatError.of("wide.encoding").at(name)


def _recognised(cells: Sequence[Any], questionnaire: qn.Questionnaire) -> int:
    """How many header cells say something known (a question, a column, tool metadata)."""
    mapped = columns.match_header([c if isinstance(c, str) else None for c in cells], questionnaire)
    return sum(1 for c in mapped.columns if c.how != columns.UNKNOWN)


def _sniff_delimiter(text: str, questionnaire: qn.Questionnaire) -> str:
    """The delimiter that splits the first non-blank line into the most known column names."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_score = DELIMITERS[0], (-1, -1)
    for delimiter in DELIMITERS:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        score = (_recognised(cells, questionnaire), len(cells))
        if score > best_score:
            best, best_score = delimiter, score
    return best


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends (``\r\n``, ``\n`` or ``\r``, as
    ``io.StringIO(newline="")`` splits them), one at a time: ``StringIO`` would copy a 50 MiB
    export into a buffer of four bytes per character."""
    return (match.group() for match in _LINE.finditer(text))


def _csv_records(
    text: str, name: str, delimiter: str
) -> Generator[tuple[int, Sequence[Any]], None, None]:
    reader = csv.reader(_lines(text), delimiter=delimiter)
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise InputFormatError.of("wide.cell_too_long", limit=csv.field_size_limit()).at(
                    name, number + 1
                ) from None
            raise InputFormatError.of("wide.bad_csv_row", detail=str(exc)).at(
                name, number + 1
            ) from None
        number += 1
        yield number, record[:MAX_COLUMNS]


def _xlsx_records(path: Path, name: str) -> Generator[tuple[int, Sequence[Any]], None, None]:
    try:
        with zipfile.ZipFile(path) as archive:
            workbook_limits.check(archive, name)  # before openpyxl: it has no limits of its own
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputFormatError.of("wide.bad_xlsx", detail=str(exc)).at(name) from None
    import openpyxl  # here, not at the top: only XLSX files need it, and it is slow to import

    with warnings.catch_warnings():
        # openpyxl warns about styles and extensions it does not read: not our problem
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on damaged files
            detail = f"{type(exc).__name__}: {exc}"
            raise InputFormatError.of("wide.bad_xlsx", detail=detail).at(name) from None
        try:
            if not workbook.worksheets:
                raise InputFormatError.of("wide.no_sheet").at(name)
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # trust the rows, not the (often wrong) stored size
            rows = sheet.iter_rows(values_only=True)
            number = 0
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    return
                except Exception as exc:
                    detail = f"{type(exc).__name__}: {exc}"
                    raise InputFormatError.of("wide.damaged_sheet", detail=detail).at(
                        name, number + 1
                    ) from None
                number += 1
                yield number, row[:MAX_COLUMNS]
        finally:
            workbook.close()


def file_records(
    path: Path, name: str, questionnaire: qn.Questionnaire
) -> Generator[tuple[int, Sequence[Any]], None, None]:
    suffix = path.suffix.lower()
    if suffix in {".xls", ".ods", ".numbers"}:
        raise InputFormatError.of("wide.unsupported", suffix=suffix).at(name)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputFormatError.of("file.missing").at(name) from None
    except OSError as exc:
        reason = messages.os_reason(exc)
        raise InputFormatError.of("file.unreadable", reason=reason).at(name) from None
    if not path.is_file():
        raise InputFormatError.of("file.not_a_file").at(name)
    if size > layout.MAX_IMPORT_BYTES:
        raise InputFormatError.of(
            "wide.too_big", size=size / 2**20, limit=layout.MAX_IMPORT_BYTES / 2**20
        ).at(name)
    try:
        with path.open("rb") as fh:
            data = fh.read(layout.MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        reason = messages.os_reason(exc)
        raise InputFormatError.of("file.unreadable", reason=reason).at(name) from None
    if len(data) > layout.MAX_IMPORT_BYTES:
        raise InputFormatError.of("wide.over", limit=layout.MAX_IMPORT_BYTES / 2**20).at(name)
    if not data.strip():
        raise InputFormatError.of("file.empty").at(name)
    if suffix in XLSX_SUFFIXES or data.startswith(ZIP_MAGIC):
        return _xlsx_records(path, name)
    if data.startswith(OLE_MAGIC):
        raise InputFormatError.of("wide.old_excel").at(name)
    text = _decode(data, name)
    return _csv_records(text, name, _sniff_delimiter(text, questionnaire))
