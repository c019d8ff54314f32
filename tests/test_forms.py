"""Wide CSV/XLSX import and export: forgiving about the file, strict about its content."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import forms, questionnaire, store
from toolkit.answers import Submission, to_frame
from toolkit.errors import InputFormatError

Q = questionnaire.default()
DATA = Path(__file__).parent / "data"
LABELS_FR = DATA / "wide_labels_fr.csv"  # an Excel fr-CA style export: labels, ';', BOM
METADATA = ["organisation", "sector", "size", "region", "cohort", "language"]

# What LABELS_FR says, in codes.
CAFE = {
    "oneoff.need": "no", "platforms.planned": ("facebook", "instagram"),
    "motivation.1": "4", "motivation.2": "2",
    "motivation.3": ("promote_offer", "customer_relations"),
    "motivation.4": "yes", "audience.1": "partly", "audience.2": "50_74", "audience.3": "yes",
    "audience.4": "4", "content.1": "5", "content.2": "4", "content.3": "3", "capacity.1": "yes",
    "capacity.2": 6.5, "capacity.3": "no", "capacity.4": "4", "competence.1": "4",
    "competence.2": "5", "competence.3": "4", "crisis.1": "in_progress", "crisis.2": "yes",
    "crisis.3": "partly", "crisis.4": "no", "influence.1": "yes", "influence.2": "no",
    "influence.3": "dk", "influence.4": "3", "planning.1": "partly", "planning.2": "yes",
    "planning.3": "4", "planning.4": "no",
}  # fmt: skip
MUNICIPALITY = {
    "oneoff.need": "yes", "oneoff.date": "2027-05-15", "platforms.planned": ("facebook",),
    "motivation.1": "dk", "motivation.2": "5", "motivation.3": ("none_specific",),
    "motivation.4": "no", "audience.1": "no", "audience.2": "lt25", "audience.3": "dk",
    "audience.4": "1", "content.1": "2", "content.2": "2", "content.3": "1", "capacity.1": "no",
    "capacity.2": 2.0, "capacity.3": "no", "capacity.4": "2", "competence.1": "3",
    "competence.2": "3", "competence.3": "2", "crisis.1": "no", "crisis.2": "no",
    "crisis.3": "dk", "crisis.4": "no", "influence.1": "dk", "influence.2": "no",
    "influence.3": "no", "influence.4": "1", "planning.1": "no", "planning.2": "partly",
    "planning.3": "3", "planning.4": "no",
}  # fmt: skip
EXPECTED = [
    (
        {"name": "Café Le Fût", "sector": "retail", "size": "1-9", "region": "estrie"},
        CAFE,
    ),
    (
        {
            "name": "Municipalité de Sainte-Élisabeth",
            "sector": "public",
            "size": "10-49",
            "region": "monteregie",
        },
        MUNICIPALITY,
    ),
]


def content(result: store.LoadResult) -> list[tuple[dict, dict, str, str, str]]:
    """What a reader got, without the ids and timestamps it makes up."""
    return [(s.organisation, s.answers, s.cohort, s.language, s.status) for s in result.submissions]


def expected_content(cohort: str = "2026-12-sherbrooke") -> list[tuple]:
    return [(org, answers, cohort, "fr", "submitted") for org, answers in EXPECTED]


def submissions(status: str = "submitted") -> list[Submission]:
    out = []
    for org, answers in EXPECTED:
        s = Submission.new(Q, "2026-12-sherbrooke")
        s.organisation = dict(org)
        s.answers = dict(answers)
        s.status = status
        s.submitted = "2026-12-03T14:05:00+00:00" if status == "submitted" else None
        out.append(s)
    return out


def labels_rows() -> list[list[str]]:
    with LABELS_FR.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


def write_csv(
    path: Path, rows: list[list[str]], delimiter: str = ";", encoding: str = "utf-8-sig"
) -> Path:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def one_row_file(tmp_path: Path, changes: dict[str, str], name: str = "answers.csv") -> Path:
    """Header + the café's row in codes (row 2), with some cells changed or added."""
    row = {
        "organisation": "Café Le Fût",
        "sector": "retail",
        "size": "1-9",
        "region": "estrie",
        "cohort": "2026-12-sherbrooke",
        "language": "fr",
    }
    for qid, value in CAFE.items():
        row[qid] = ";".join(value) if isinstance(value, tuple) else str(value)
    row.update(changes)
    header = [c for c in row]
    return write_csv(tmp_path / name, [header, [row[c] for c in header]], delimiter=",")


def messages(result: store.LoadResult, lang: str = "en") -> list[str]:
    """The problems as a person reads them (in English unless asked otherwise)."""
    return [p.text(lang) for p in result.problems]


# --------------------------------------------------------------------------------------------
# Reading what people actually send


def test_excel_fr_export_with_labels_reads_as_codes():
    result = forms.read_wide(LABELS_FR, Q)
    assert messages(result) == []
    assert content(result) == expected_content()
    assert len(result.frame) == 2
    assert list(result.frame["capacity.2"]) == [6.5, 2.0]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_encodings_and_delimiters_read_the_same(tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "x.csv", labels_rows(), delimiter, encoding)
    if encoding == "cp1252":
        assert "é".encode() not in path.read_bytes()  # really cp1252
    result = forms.read_wide(path, Q)
    assert messages(result) == []
    assert content(result) == expected_content()


@pytest.mark.parametrize("lang", [None, "fr", "en"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_codes_french_and_english_labels_read_the_same(tmp_path, lang, suffix):
    path = forms.write_wide(submissions(), tmp_path / f"out{suffix}", Q, lang=lang)
    result = forms.read_wide(path, Q)
    assert messages(result) == []
    assert content(result) == expected_content()


def test_english_labels_are_really_written_in_english(tmp_path):
    path = forms.write_wide(submissions(), tmp_path / "en.csv", Q, lang="en")
    text = path.read_text(encoding="utf-8-sig")
    assert "Somewhat agree" in text
    assert "Retail" in text
    assert "Plutôt" not in text


def test_blank_rows_and_stray_whitespace_are_ignored_but_rows_keep_their_numbers(tmp_path):
    rows = labels_rows()
    rows[0] = [f"  {h} " for h in rows[0]]
    municipality = rows[3]
    municipality[rows[0].index("  audience.2 ")] = " beaucoup "
    path = write_csv(tmp_path / "gaps.csv", [rows[0], [], [" "] * 4, municipality, []])
    result = forms.read_wide(path, Q)
    assert messages(result) == [
        f"{path}, row 4, column 'audience.2': unknown answer; allowed codes: "
        "lt25, 25_49, 50_74, ge75, dk (or their labels) (value: 'beaucoup')"
    ]
    assert [s.organisation["name"] for s in result.submissions] == [
        "Municipalité de Sainte-Élisabeth"
    ]


# --------------------------------------------------------------------------------------------
# Problems in cells: one per cell, naming file, row, column and value


def test_unknown_code_is_reported_and_the_rest_of_the_row_kept(tmp_path):
    path = one_row_file(tmp_path, {"audience.2": "beaucoup"})
    result = forms.read_wide(path, Q)
    assert messages(result) == [
        f"{path}, row 2, column 'audience.2': unknown answer; allowed codes: "
        "lt25, 25_49, 50_74, ge75, dk (or their labels) (value: 'beaucoup')"
    ]
    assert (
        [str(p) for p in result.problems]
        == messages(result, "fr")
        == [
            f"{path}, ligne 2, colonne «\u00a0audience.2\u00a0»\u00a0: réponse inconnue; "
            "codes permis\u00a0: lt25, 25_49, 50_74, ge75, dk (ou leurs libellés) "
            "(valeur\u00a0: «\u00a0beaucoup\u00a0»)"
        ]
    )
    (s,) = result.submissions
    assert "audience.2" not in s.answers
    assert {k: v for k, v in CAFE.items() if k != "audience.2"} == s.answers
    assert s.status == "draft"  # a required answer is unknown: kept, not scored


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("capacity.2", "beaucoup", "a number is expected (e.g. 6 or 6,5)"),
        ("capacity.2", "120", "must be between 0 and 80"),
        ("platforms.planned", "facebook;myspace", "unknown choice 'myspace'"),
        ("motivation.3", "promote_offer;none_specific", "'none_specific' excludes other"),
        ("oneoff.date", "demain", "a date is expected as YYYY-MM-DD"),
        ("sector", "banque", "unknown value; allowed codes: public, nonprofit"),
        ("language", "deutsch", "language must be fr or en; fr is used"),
        ("submission_id", "1234", "not a UUID; a new submission id is given"),
        ("status", "fini", "status must be submitted or draft"),
        ("started", "hier", "not a date and time"),
    ],
)
def test_each_bad_cell_gives_one_problem_with_file_row_column_value(
    tmp_path, column, value, message
):
    path = one_row_file(tmp_path, {column: value})
    result = forms.read_wide(path, Q)
    assert len(result.problems) == 1, messages(result)
    problem = result.problems[0]
    assert (problem.file, problem.row, problem.column, problem.value) == (
        str(path),
        2,
        column,
        value,
    )
    assert message in problem.text("en")
    assert len(result.submissions) == 1  # the row is kept


def test_a_row_missing_required_answers_is_a_draft_reported_once(tmp_path):
    path = one_row_file(tmp_path, {"audience.2": "", "planning.4": " ", "region": ""})
    result = forms.read_wide(path, Q)
    assert messages(result) == [
        f"{path}, row 2: required answers missing (3): region, audience.2, planning.4; "
        "the row is saved as a draft and not scored"
    ]
    (s,) = result.submissions
    assert s.status == "draft"  # never scored on missing answers
    assert s.submitted is None


def test_draft_rows_are_kept_without_missing_answer_problems(tmp_path):
    path = one_row_file(tmp_path, {"audience.2": "", "status": "brouillon"})
    result = forms.read_wide(path, Q)
    assert messages(result) == []
    assert result.drafts == 1
    assert result.submissions[0].status == "draft"


def test_row_without_organisation_name_is_reported_and_skipped(tmp_path):
    rows = labels_rows()
    rows[3][0] = "   "
    path = write_csv(tmp_path / "noname.csv", rows)
    result = forms.read_wide(path, Q)
    assert messages(result) == [
        f"{path}, row 4, column 'organisation': no organisation name; row skipped"
    ]
    assert [s.organisation["name"] for s in result.submissions] == ["Café Le Fût"]


def test_row_with_a_name_but_no_answer_is_reported_and_skipped(tmp_path):
    header = [*METADATA, *Q.question_ids]
    path = write_csv(tmp_path / "empty.csv", [header, ["Café", "retail"]])
    result = forms.read_wide(path, Q)
    assert messages(result) == [f"{path}, row 2: no answers at all; row skipped"]
    assert result.submissions == []


def test_unknown_and_tool_columns_are_notes_and_their_cells_are_ignored(tmp_path):
    extra = {"Horodateur": "2026-12-03 10:00", "courriel": "a@b.c", "Couleur préférée": "bleu"}
    path = one_row_file(tmp_path, extra)
    result = forms.read_wide(path, Q)
    assert result.problems == []
    notes = {p.column: p.text("en") for p in result.notes}
    assert notes["Horodateur"].endswith("the form tool's own column, read as metadata")
    assert notes["courriel"].endswith("column identifying the respondent; neither read nor stored")
    assert "unknown column" in notes["Couleur préférée"]
    assert result.submissions[0].answers == CAFE
    assert result.submissions[0].submitted == "2026-12-03T10:00:00"  # the tool's time is kept
    assert "a@b.c" not in json.dumps(result.submissions[0].to_dict())


def test_missing_required_column_is_reported_once_not_per_row(tmp_path):
    rows = labels_rows()
    drop = rows[0].index("audience.2")
    rows = [[c for i, c in enumerate(r) if i != drop] for r in rows]
    path = write_csv(tmp_path / "nocol.csv", rows)
    result = forms.read_wide(path, Q)
    assert messages(result) == [
        f"{path}, row 1, column 'audience.2': required column missing: every row lacks this "
        "answer and is saved as a draft, not scored"
    ]
    assert [s.status for s in result.submissions] == ["draft", "draft"]


def test_duplicate_column_and_cells_past_the_header_are_reported(tmp_path):
    rows = labels_rows()
    rows[0].append("audience.2")
    rows[1] += ["Oui", "stray"]
    path = write_csv(tmp_path / "dup.csv", rows)
    result = forms.read_wide(path, Q)
    column = forms.column_letter(len(rows[0]))
    assert messages(result) == [
        f"{path}, row 1, column 'audience.2': column appears twice; only the first one is read",
        f"{path}, row 2, column {column}: cell under a column without a known header; "
        "such cells are ignored (value: 'stray')",
    ]
    assert messages(result, "fr")[1] == (
        f"{path}, ligne 2, colonne {column}\u00a0: cellule sous une colonne sans en-tête reconnu; "
        "ces cellules sont ignorées (valeur\u00a0: «\u00a0stray\u00a0»)"
    )
    assert content(result) == expected_content()


def test_valid_submission_id_is_kept_and_a_repeated_one_replaced(tmp_path):
    sid = "0b0c6e39-54a7-4a43-9d31-08a3e5a0b8f3"
    rows = labels_rows()
    rows[0].append("submission_id")
    rows[1].append(sid.upper())
    rows[3].append(sid)
    path = write_csv(tmp_path / "ids.csv", rows)
    result = forms.read_wide(path, Q)
    assert result.submissions[0].submission_id == sid
    assert result.submissions[1].submission_id != sid
    assert messages(result) == [
        f"{path}, row 4, column 'submission_id': same submission id as row 2; a new id is given "
        f"(value: '{sid}')"
    ]


def test_huge_cells_are_capped_not_crashing(tmp_path):
    path = one_row_file(tmp_path, {"organisation": "A" * 100_000, "audience.2": "x" * 100_000})
    result = forms.read_wide(path, Q)
    (s,) = result.submissions
    assert s.organisation["name"] == "A" * 200
    (problem,) = result.problems
    assert problem.column == "audience.2"
    assert len(problem.value) == forms.MAX_CELL_CHARS
    assert problem.text("en").endswith("(value: '" + "x" * 60 + "'…)")
    assert problem.text("fr").endswith("(valeur\u00a0: «\u00a0" + "x" * 60 + "…\u00a0»)")


def test_a_nul_byte_in_one_cell_reports_that_cell_and_every_row_imports(tmp_path):
    rows = labels_rows()
    rows[3][0] = "Munic\x00ipalité de Sainte-Élisabeth"
    path = write_csv(tmp_path / "nul.csv", rows)
    result = forms.read_wide(path, Q)
    assert [s.organisation["name"] for s in result.submissions] == [
        "Café Le Fût",
        "Municipalité de Sainte-Élisabeth",
    ]
    (problem,) = result.problems
    assert (problem.row, problem.column) == (4, "organisation")
    assert "NUL byte" in problem.text("en")


@pytest.mark.parametrize(
    "data",
    [
        b"\x7fELF\x02\x01\x01\x00organisation;audience.2\n" + b"x" * 2000,  # a signature
        b"organisation;audience.2\n" + b"x" * 2000 + b"\x00\x01" * 50,  # many NULs
    ],
)
def test_a_file_full_of_nul_bytes_is_still_binary(tmp_path, data):
    path = tmp_path / "b.csv"
    path.write_bytes(data)
    with pytest.raises(InputFormatError) as info:
        forms.read_wide(path, Q)
    assert "binary file" in info.value.text("en")


def test_problem_list_is_capped_for_garbage_files(tmp_path, monkeypatch):
    monkeypatch.setattr(forms.layout, "MAX_PROBLEMS", 5)
    rows = [[*METADATA, "audience.2"]] + [
        [f"Org {i}", "?", "?", "?", "", "", "?"] for i in range(9)
    ]
    result = forms.read_wide(write_csv(tmp_path / "g.csv", rows), Q)
    assert len(result.problems) == 6
    assert result.problems[-1].text("en").endswith("more problems not listed")


# --------------------------------------------------------------------------------------------
# Files that are not wide tables at all


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b" \r\n\r\n ;;; \r\n", "the file is empty"),
        ("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not a CSV table"),
        ("letter.csv", "Bonjour,\nvoici nos réponses.\n".encode(), "is not a Pertinence header"),
        ("nameless.csv", b"sector;audience.2\nretail;lt25\n", "no 'organisation' column"),
        ("bad.xlsx", b"PK\x03\x04 this is no zip", "not a readable XLSX workbook"),
        ("zip.csv", b"PK\x03\x04 a zip renamed .csv", "not a readable XLSX workbook"),
        ("old.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "old Excel (.xls)"),
        ("sheet.xls", b"anything", ".xls files are not read"),
        ("sheet.ods", b"anything", ".ods files are not read"),
        ("weird.csv", b"\x81\x8d\x8f\x90\x9d", "neither UTF-8 nor Windows-1252"),
        ("quote.csv", b'organisation;audience.2\n"' + b"x" * 200_000, "a cell is longer than"),
    ],
)
def test_unreadable_files_raise_a_clear_input_error(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputFormatError, match=f"^{path}") as info:
        forms.read_wide(path, Q)
    assert message in info.value.text("en")


def test_missing_file_and_folder_raise_input_errors(tmp_path):
    with pytest.raises(InputFormatError) as info:
        forms.read_wide(tmp_path / "nope.csv", Q)
    assert info.value.text("en") == f"{tmp_path / 'nope.csv'}: no such file"
    assert str(info.value) == f"{tmp_path / 'nope.csv'}\u00a0: fichier introuvable"
    with pytest.raises(InputFormatError) as info:
        forms.read_wide(tmp_path, Q)
    assert info.value.text("en") == f"{tmp_path}: not a file"


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(forms.layout, "MAX_IMPORT_BYTES", 1000)
    path = write_csv(tmp_path / "big.csv", labels_rows())
    with pytest.raises(InputFormatError) as info:
        forms.read_wide(path, Q)
    assert "too big (0.0 MiB; the limit is 0 MiB)" in info.value.text("en")
    assert "fichier trop volumineux (0,0 Mo; maximum 0 Mo)" in str(info.value)


def test_too_many_rows_are_refused_but_blank_rows_do_not_count(tmp_path, monkeypatch):
    monkeypatch.setattr(forms.layout, "MAX_ROWS", 2)
    rows = labels_rows()
    two = write_csv(tmp_path / "two.csv", [rows[0], rows[1], [], [], [], [], rows[3]])
    assert len(forms.read_wide(two, Q).submissions) == 2
    three = write_csv(tmp_path / "three.csv", [rows[0], rows[1], rows[1], rows[1]])
    with pytest.raises(InputFormatError) as info:
        forms.read_wide(three, Q)
    assert info.value.text("en") == f"{three}: more than 2 rows; split the file"


def test_header_only_file_reads_as_no_rows(tmp_path):
    path = forms.write_template(tmp_path / "template.csv", Q)
    result = forms.read_wide(path, Q)
    assert result.submissions == []
    assert messages(result) == [f"{path}: no data rows below the header"]


@settings(max_examples=60, deadline=None)
@given(
    prefix=st.sampled_from([b"", b"organisation;sector;audience.2;capacity.2\n", b"PK\x03\x04"]),
    body=st.binary(max_size=400)
    | st.text(alphabet=';,"\n\r\t =+-@éÉa1_.', max_size=400).map(str.encode),
    suffix=st.sampled_from([".csv", ".xlsx", ".txt"]),
)
def test_any_bytes_give_a_result_or_an_input_error_never_a_crash(prefix, body, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(prefix + body)
        try:
            result = forms.read_wide(path, Q)
        except InputFormatError as exc:
            error = str(exc)
        else:
            error = None
            assert all(p.file == str(path) for p in result.problems)
            assert len(result.frame) == len(result.submissions)
        assert error is None or error.startswith(f"{path}")


# --------------------------------------------------------------------------------------------
# Writing


def test_template_header_is_metadata_then_question_ids(tmp_path):
    path = forms.write_template(tmp_path / "template.csv", Q)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the accents right
    assert data.decode("utf-8-sig") == ";".join([*METADATA, *Q.question_ids]) + "\r\n"
    assert forms.wide_columns(Q) == [*METADATA, *Q.question_ids]


def test_xlsx_template_has_the_same_header(tmp_path):
    path = forms.write_template(tmp_path / "template.xlsx", Q)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [c.value for c in sheet[1]] == [*METADATA, *Q.question_ids]
    assert sheet.max_row == 1


def test_xlsx_round_trip_keeps_everything(tmp_path):
    subs = submissions()
    subs[1].respondent_role = "Direction générale"
    path = forms.write_wide(subs, tmp_path / "cohort.xlsx", Q)
    result = forms.read_wide(path, Q)
    assert messages(result) == []
    assert [s.to_dict() for s in result.submissions] == [s.to_dict() for s in subs]


def test_csv_round_trip_keeps_everything_including_drafts(tmp_path):
    subs = submissions(status="draft")
    path = forms.write_wide(subs, tmp_path / "cohort.csv", Q)
    result = forms.read_wide(path, Q)
    assert [s.to_dict() for s in result.submissions] == [s.to_dict() for s in subs]
    assert result.drafts == 2


def test_answers_table_and_submissions_write_the_same_file(tmp_path):
    subs = submissions()
    from_subs = forms.write_wide(subs, tmp_path / "a.csv", Q, lang="fr")
    frame = to_frame(subs, Q)
    from_frame = forms.write_wide(frame, tmp_path / "b.csv", Q, lang="fr")
    assert from_frame.read_bytes() == from_subs.read_bytes()
    frame["platforms.planned"] = frame["platforms.planned"].astype(float)  # masks after a concat
    from_floats = forms.write_wide(frame, tmp_path / "c.csv", Q, lang="fr")
    assert from_floats.read_bytes() == from_subs.read_bytes()
    loaded = forms.read_wide(from_subs, Q)  # ids, timestamps and labels survive a round trip
    again = forms.write_wide(loaded, tmp_path / "d.csv", Q, lang="fr")
    assert again.read_bytes() == from_subs.read_bytes()


def test_numbers_use_decimal_comma_with_semicolons_and_point_with_commas(tmp_path):
    subs = submissions()
    semi = forms.write_wide(subs, tmp_path / "semi.csv", Q).read_text(encoding="utf-8-sig")
    comma = forms.write_wide(subs, tmp_path / "comma.csv", Q, delimiter=",")
    assert ";6,5;" in semi
    assert ",6.5," in comma.read_text(encoding="utf-8-sig")
    assert content(forms.read_wide(comma, Q)) == expected_content()


FORMULAS = ["=1+1", "+15145550000", "-2+3", "@SUM(A1:A2)", '=HYPERLINK("http://x","clic")']


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formulas_are_neutralised_on_write_and_read_back_as_the_literal_text(tmp_path, suffix):
    subs = []
    for text in FORMULAS:
        s = submissions()[0]
        s.organisation["name"] = text
        s.respondent_role = text
        subs.append(s)
    path = forms.write_wide(subs, tmp_path / f"f{suffix}", Q)
    if suffix == ".csv":
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
        cells = [(r[0], r[7]) for r in rows[1:]]
    else:
        sheet = openpyxl.load_workbook(path).worksheets[0]
        cells = [(r[0].value, r[7].value) for r in sheet.iter_rows(min_row=2)]
        assert all(r[0].data_type == "s" for r in sheet.iter_rows(min_row=2))
    assert cells == [("'" + t, "'" + t) for t in FORMULAS]
    result = forms.read_wide(path, Q)
    assert [s.organisation["name"] for s in result.submissions] == FORMULAS
    assert [s.respondent_role for s in result.submissions] == FORMULAS


def test_tab_and_carriage_return_at_the_start_are_neutralised_too():
    assert forms.neutralise("\t=1") == "'\t=1"
    assert forms.neutralise("\r=1") == "'\r=1"
    assert forms.neutralise("Café") == "Café"
    assert forms.neutralise("") == ""


def test_writing_to_an_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(InputFormatError) as info:
        forms.write_wide(submissions(), tmp_path / "x.xls", Q)
    assert "cannot write '.xls' files" in info.value.text("en")
    with pytest.raises(ValueError, match="lang must be"):
        forms.write_wide(submissions(), tmp_path / "x.csv", Q, lang="de")


# --------------------------------------------------------------------------------------------
# Import into a cohort


def test_import_saves_each_valid_row_into_the_cohort(tmp_path):
    rows = labels_rows()
    cohort = rows[0].index("cohort")
    rows[1][cohort] = rows[3][cohort] = ""  # blank cohort → the folder's name
    rows.append(["", "retail"])  # row 6 (row 5 is blank): no name, reported, not saved
    path = write_csv(tmp_path / "import.csv", rows)
    cohort_dir = tmp_path / "2027-01-granby"
    result = forms.import_to_cohort(path, cohort_dir, Q)
    assert messages(result) == [
        f"{path}, row 6, column 'organisation': no organisation name; row skipped"
    ]
    assert content(result) == expected_content("2027-01-granby")
    loaded = store.load_cohort(cohort_dir, Q)
    assert loaded.problems == []
    assert loaded.ignored == []
    assert sorted(map(str, content(loaded))) == sorted(map(str, content(result)))
