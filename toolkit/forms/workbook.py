"""Checking an XLSX workbook against the import limits before it is opened.

openpyxl reads a workbook's shared strings whole and pads rows to their last cell, so a small
hostile file (a zip of ten million tiny shared strings, a million empty rows, one cell far to
the right, one enormous text) costs minutes and gigabytes once it is open. This module streams
the two parts that matter — the first worksheet and ``xl/sharedStrings.xml`` — through expat,
keeping counters only, and stops at the first limit with one line naming it. What passes is
bounded, and then openpyxl reads it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from typing import Any
from xml.parsers import expat

from ..errors import InputFormatError
from . import layout

_CHUNK = 1 << 20
_RELS = "_rels/.rels"
_OFFICE_DOCUMENT = "/officeDocument"
_WORKSHEET = "/worksheet"
_SHARED_STRINGS = "/sharedStrings"
_CELL_REF = re.compile(r"([A-Za-z]{1,4})(\d*)")


class _Refused(Exception):
    """Raised inside an expat handler to stop the scan: carries the error to raise."""

    def __init__(self, error: InputFormatError):
        super().__init__()
        self.error = error


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _no_dtd(*_: Any) -> None:
    raise _Refused(InputFormatError.of("wide.bad_xlsx", detail="DTD"))


def _stream(
    archive: zipfile.ZipFile,
    member: str,
    start: Callable[[str, dict[str, str]], None],
    text: Callable[[str], None] | None = None,
) -> None:
    """Run one zip member through expat; handlers raise ``_Refused`` to stop."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _no_dtd  # a spreadsheet never declares entities
    parser.EntityDeclHandler = _no_dtd
    parser.StartElementHandler = lambda name, attrs: start(_local(name), attrs)
    if text is not None:
        parser.CharacterDataHandler = text
    with archive.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _relationships(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of a part's relationships; [] when it has none."""
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", base + ".rels") if base else _RELS
    if rels not in archive.NameToInfo:
        return []
    found: list[tuple[str, str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "Relationship" and len(found) < 10_000:
            target = attrs.get("Target", "")
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
            found.append((attrs.get("Id", ""), attrs.get("Type", ""), target))

    _stream(archive, rels, start)
    return found


def _parts(archive: zipfile.ZipFile) -> tuple[str | None, str | None]:
    """The first worksheet and the shared strings, as openpyxl will find them."""
    workbook = next(
        (t for _, kind, t in _relationships(archive, "") if kind.endswith(_OFFICE_DOCUMENT)),
        "xl/workbook.xml",
    )
    rels = _relationships(archive, workbook) if workbook in archive.NameToInfo else []
    strings = next((t for _, kind, t in rels if kind.endswith(_SHARED_STRINGS)), None)
    sheets: dict[str, str] = {i: t for i, kind, t in rels if kind.endswith(_WORKSHEET)}
    order: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "sheet" and len(order) < 10_000:
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            if rid in sheets:
                order.append(sheets[rid])

    if workbook in archive.NameToInfo:
        _stream(archive, workbook, start)
    sheet = next((s for s in order if s in archive.NameToInfo), None)
    if strings is None and "xl/sharedStrings.xml" in archive.NameToInfo:
        strings = "xl/sharedStrings.xml"
    return sheet, strings if strings in archive.NameToInfo else None


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class _SheetScan:
    """Counters over one worksheet: rows, the furthest column with a value, cell sizes."""

    def __init__(self) -> None:
        self.row = 0
        self.column = 0
        self.cell_chars = 0
        self.cells = 0
        self.text_cells = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "c":
            ref = _CELL_REF.match(attrs.get("r", ""))
            self.column = _column_number(ref.group(1)) if ref else self.column + 1
            self.cell_chars = 0
            if attrs.get("t") == "s":
                self.text_cells += 1
        elif name in ("v", "is"):
            if self.column > layout.MAX_COLUMNS:
                raise _Refused(
                    InputFormatError.of(
                        "wide.xlsx_columns",
                        column=layout.column_letter(self.column - 1),
                        limit=layout.MAX_COLUMNS,
                    )
                )
            self.cells += 1
            if self.cells > layout.MAX_XLSX_CELLS:
                raise _Refused(InputFormatError.of("wide.xlsx_cells", limit=layout.MAX_XLSX_CELLS))
        elif name == "row":
            number = attrs.get("r", "")
            self.row = int(number) if number.isdigit() else self.row + 1
            self.column = 0
            if self.row > layout.MAX_SHEET_ROWS:
                raise _Refused(InputFormatError.of("wide.xlsx_rows", limit=layout.MAX_SHEET_ROWS))

    def text(self, data: str) -> None:
        self.cell_chars += len(data)
        if self.cell_chars > layout.MAX_XLSX_CELL_CHARS:
            raise _Refused(InputFormatError.of("wide.xlsx_cell", limit=layout.MAX_XLSX_CELL_CHARS))


class _StringsScan:
    """Counters over the shared strings: how many, how many characters, the longest."""

    def __init__(self) -> None:
        self.count = 0
        self.chars = 0
        self.string_chars = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "si":
            self.count += 1
            self.string_chars = 0
            if self.count > layout.MAX_SHARED_STRINGS:
                raise _Refused(
                    InputFormatError.of("wide.xlsx_strings", limit=layout.MAX_SHARED_STRINGS)
                )

    def text(self, data: str) -> None:
        self.chars += len(data)
        self.string_chars += len(data)
        if self.string_chars > layout.MAX_XLSX_CELL_CHARS:
            raise _Refused(InputFormatError.of("wide.xlsx_cell", limit=layout.MAX_XLSX_CELL_CHARS))
        if self.chars > layout.MAX_SHARED_CHARS:
            raise _Refused(
                InputFormatError.of("wide.xlsx_string_chars", limit=layout.MAX_SHARED_CHARS)
            )


def check(archive: zipfile.ZipFile, name: str) -> None:
    """Raise ``InputFormatError`` (one line naming the limit) when the workbook goes past one.

    Checks the expanded size, then streams the first worksheet (rows, columns holding a value,
    cells, characters in one cell) and the shared strings (how many, how many characters;
    never more than the worksheet's text cells when it is the only worksheet).
    """
    expanded = sum(info.file_size for info in archive.infolist())
    if expanded > layout.MAX_XLSX_EXPANDED_BYTES:
        raise InputFormatError.of(
            "wide.xlsx_expands",
            size=expanded // 2**20,
            limit=layout.MAX_XLSX_EXPANDED_BYTES // 2**20,
        ).at(name)
    sheet_scan, strings_scan = _SheetScan(), _StringsScan()
    try:
        sheet, strings = _parts(archive)
        if sheet is not None:
            _stream(archive, sheet, sheet_scan.start, sheet_scan.text)
        if strings is not None:
            _stream(archive, strings, strings_scan.start, strings_scan.text)
    except _Refused as refused:
        row = sheet_scan.row if strings_scan.count == 0 and sheet_scan.row else None
        raise refused.error.at(name, row) from None
    except (expat.ExpatError, zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        detail = f"{type(exc).__name__}: {exc}"
        raise InputFormatError.of("wide.bad_xlsx", detail=detail).at(name) from None
    sheets = sum(1 for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
    if sheets <= 1 and strings_scan.count > sheet_scan.text_cells + layout.SHARED_STRINGS_SLACK:
        raise InputFormatError.of(
            "wide.xlsx_unused_strings", count=strings_scan.count, cells=sheet_scan.text_cells
        ).at(name)
