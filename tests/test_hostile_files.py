"""Hostile workbooks are refused quickly, in little memory, with one line naming the limit.

Each workbook is small on disk and built by hand (a zip of XML parts, as a spreadsheet writes
them): many distinct shared strings, a cell far to the right, a million empty rows, one
enormous text, a zip bomb of shared strings. A fresh interpreter reads them all and reports the
time of each and its peak memory (the whole process's, interpreter and pandas included).
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest

from toolkit import forms
from toolkit import questionnaire as questionnaire_mod
from toolkit.errors import InputFormatError

Q = questionnaire_mod.default()
SECONDS = 2.0
MEGABYTES = 300

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_ROOT_RELS = (
    f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
    f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
    '<sheet name="Réponses" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'<Relationships xmlns="{_PKG}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
# organisation | audience.2 on row 1, one group's answers on row 2 (shared string 0)
_HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>organisation</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>audience.2</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Café Le Fût</t></is></c>'
    '<c r="B2" t="s"><v>0</v></c></row>'
)


def _write(fh, parts: Iterable[str]) -> None:
    parts = iter(parts)
    while batch := "".join(itertools.islice(parts, 100_000)):
        fh.write(batch.encode())


def write_workbook(
    path: Path, rows: Iterable[str], strings: Iterable[str], doctype: str = ""
) -> Path:
    """An XLSX file from the worksheet's ``<row>`` elements and the shared strings' texts."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", _TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with book.open("xl/sharedStrings.xml", "w") as fh:
            fh.write(f'<sst xmlns="{_MAIN}">'.encode())
            _write(fh, (f"<si><t>{text}</t></si>" for text in strings))
            fh.write(b"</sst>")
        with book.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(f'{doctype}<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            _write(fh, rows)
            fh.write(b"</sheetData></worksheet>")
    return path


HOSTILE: dict[str, tuple[Iterable[str], Iterable[str], str]] = {
    "many_shared_strings": (
        [_HEADER],
        (f"texte {i}" for i in range(200_000)),
        "lists 200,000 shared strings for 1 text cells",
    ),
    "ten_million_tiny_strings": (
        [_HEADER],
        itertools.repeat("a", 10_000_000),
        f"more than {forms.layout.MAX_SHARED_STRINGS:,} shared strings",
    ),
    "a_cell_far_right": (
        [_HEADER, '<row r="3"><c r="XFD3"><v>1</v></c></row>'],
        ["lt25"],
        "value in column XFD, past the limit of 1000 columns",
    ),
    "sixteen_thousand_columns": (
        [_HEADER, '<row r="3">' + "<c><v>1</v></c>" * 16_384 + "</row>"],
        ["lt25"],
        "value in column ALM, past the limit of 1000 columns",
    ),
    "a_million_empty_rows": (
        itertools.chain([_HEADER], (f'<row r="{i}"><c r="A{i}"/></row>' for i in range(3, 10**6))),
        ["lt25"],
        "goes past row 200,000 (blank rows included)",
    ),
    "one_enormous_cell": ([_HEADER], ["x" * 30_000_000], "more than 32,767 characters"),
    "shared_strings_bomb": (
        [_HEADER],
        itertools.repeat("y" * 1_000, 150_000),
        "hold more than 20,000,000 characters",
    ),
}

_READER = """
import json, resource, sys, time
from toolkit import forms, questionnaire
from toolkit.errors import InputFormatError
q = questionnaire.default()
out = {}
for path in sys.argv[1:]:
    start = time.perf_counter()
    try:
        forms.read_wide(path, q)
        message = None
    except InputFormatError as exc:
        message = exc.text("en")
    out[path] = [time.perf_counter() - start, message]
try:  # the high-water mark of this process (ru_maxrss would include the forking parent's)
    with open("/proc/self/status") as fh:
        kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out["peak_mb"] = kb / 1024
print(json.dumps(out))
"""


def test_hostile_workbooks_are_refused_fast_in_little_memory_naming_the_limit(tmp_path):
    paths = {
        case: write_workbook(tmp_path / f"{case}.xlsx", rows, strings)
        for case, (rows, strings, _) in HOSTILE.items()
    }
    assert all(p.stat().st_size < 5 * 2**20 for p in paths.values())  # small files, all
    done = subprocess.run(
        [sys.executable, "-c", _READER, *map(str, paths.values())],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    figures = json.loads(done.stdout)
    for case, path in paths.items():
        seconds, message = figures[str(path)]
        assert message is not None, f"{case} was read"
        assert message.startswith(f"{path}"), message
        assert "\n" not in message
        assert HOSTILE[case][2] in message, message
        assert seconds < SECONDS, f"{case}: {seconds:.2f} s"
    assert figures["peak_mb"] < MEGABYTES


def test_a_workbook_declaring_entities_is_refused(tmp_path):
    doctype = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    path = write_workbook(tmp_path / "laughs.xlsx", [_HEADER], ["lt25"], doctype)
    with pytest.raises(InputFormatError) as info:
        forms.read_wide(path, Q)
    assert "not a readable XLSX workbook" in info.value.text("en")


def test_a_workbook_under_the_limits_still_reads(tmp_path):
    rows = [_HEADER, '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>0</v></c></row>']
    path = write_workbook(tmp_path / "fine.xlsx", rows, ["lt25", "Musée du Rail"])
    result = forms.read_wide(path, Q)
    assert [s.organisation["name"] for s in result.submissions] == ["Café Le Fût", "Musée du Rail"]
    assert [s.answers["audience.2"] for s in result.submissions] == ["lt25", "lt25"]


def test_a_long_cell_under_excel_s_limit_is_capped_and_reported(tmp_path):
    rows = [_HEADER, '<row r="3"><c r="A3" t="inlineStr"><is><t>Musée</t></is></c>'
            '<c r="B3" t="s"><v>1</v></c></row>']  # fmt: skip
    path = write_workbook(tmp_path / "long.xlsx", rows, ["lt25", "x" * 20_000])
    result = forms.read_wide(path, Q)
    assert len(result.submissions) == 2
    (problem,) = [p for p in result.problems if p.column == "audience.2"]
    assert problem.row == 3
    assert len(problem.value) == forms.MAX_CELL_CHARS


@pytest.mark.slow
def test_a_10000_row_kobo_xlsx_export_is_under_every_limit(tmp_path):
    """The limits are honest: a real export of 10,000 rows passes them all and imports."""
    from openpyxl import Workbook

    from tests.test_import import kobo_export

    header, rows = kobo_export(labels=False)
    name, uid, number = (header.index(h) for h in ("profile/organisation", "_uuid", "_id"))
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for i in range(10_000):
        row = list(rows[i % len(rows)])
        row[name], row[uid], row[number] = f"Organisme {i}", f"uuid-{i:05d}", i
        sheet.append(row)
    path = tmp_path / "kobo_10000.xlsx"
    book.save(path)
    result = forms.read_wide(path, Q)
    assert len(result.submissions) == 10_000
    assert result.problems == []
