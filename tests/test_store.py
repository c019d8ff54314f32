"""Submissions on disk: atomic writes, safe names, loading that reports every bad file."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import stat
import time
from pathlib import Path

import pytest

from tests.cohort_factory import complete_submission
from toolkit import questionnaire, store
from toolkit.answers import Submission, clean_text
from toolkit.errors import InputFormatError, SubmissionError, VersionMismatchError

Q = questionnaire.default()
COHORT = "2026-12-sherbrooke"


def write_raw(folder: Path, name: str, content: bytes | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


# --------------------------------------------------------------------------------------------
# Writing


def test_saved_submission_loads_back_identical(tmp_path):
    s = complete_submission()
    s.respondent_role = "Direction"
    s.stakeholders = [{"name": "Journal local", "type": "media", "influence": 4, "relationship": 1}]
    path = store.save(s, tmp_path / "c")
    assert path == tmp_path / "c" / f"{s.submission_id}.json"
    loaded = store.load(path)
    assert loaded.to_dict() == s.to_dict()
    assert store.load(s.submission_id, tmp_path / "c").to_dict() == s.to_dict()


def test_save_creates_the_cohort_folder_and_leaves_no_temp_file(tmp_path):
    s = complete_submission()
    for hours in (1.0, 2.0, 3.0):
        s.answers["capacity.2"] = hours
        store.save(s, tmp_path / "new" / "cohort")
    assert files_under(tmp_path) == ["new", "new/cohort", f"new/cohort/{s.submission_id}.json"]
    assert store.load(s.submission_id, tmp_path / "new" / "cohort").answers["capacity.2"] == 3.0


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_saved_file_mode_follows_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        path = store.save(complete_submission(), tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_save_refuses_another_questionnaire_version_with_a_clear_message(tmp_path):
    s = complete_submission()
    s.questionnaire_version = 2
    with pytest.raises(VersionMismatchError) as info:
        store.save(s, tmp_path)
    message = str(info.value)
    assert "version 2" in message
    assert f"version {Q.version}" in message
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_an_invalid_answer_and_writes_nothing(tmp_path):
    s = complete_submission()
    s.answers["audience.2"] = "beaucoup"
    with pytest.raises(SubmissionError) as info:
        store.save(s, tmp_path)
    assert info.value.text("en").startswith("answers.audience.2: unknown answer")
    assert str(info.value).startswith("answers.audience.2\u00a0: réponse inconnue")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..\\..\\windows\\win.ini",
        "<script>alert(1)</script>",
        "/abs/path",
        "a/b/c.json",
        "CON",
        ".hidden",
        "nul\x00byte",
        "Café «Le Fût», inc.",
    ],
)
def test_organisation_name_never_becomes_a_path(tmp_path, name):
    s = complete_submission(name=name)
    path = store.save(s, tmp_path / "cohort")
    assert files_under(tmp_path) == ["cohort", f"cohort/{s.submission_id}.json"]
    assert path.name == f"{s.submission_id}.json"
    assert store.load(path).organisation["name"] == clean_text(name)


@pytest.mark.parametrize("bad_id", ["../../evil", "x/../../y", "", "not-a-uuid"])
def test_submission_id_that_is_not_a_uuid_is_refused(tmp_path, bad_id):
    s = complete_submission()
    s.submission_id = bad_id
    with pytest.raises(SubmissionError, match="UUID"):
        store.save(s, tmp_path / "cohort")
    with pytest.raises(SubmissionError) as info:
        store.load(bad_id, tmp_path / "cohort")
    assert "not a UUID" in info.value.text("en")
    assert "n'est pas un UUID" in str(info.value)
    assert files_under(tmp_path) == []


def test_submit_sets_status_and_timestamp(tmp_path):
    s = complete_submission()
    path = store.submit(s, tmp_path)
    assert s.status == "submitted"
    assert s.submitted
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk["status"] == "submitted"
    assert on_disk["submitted"] == s.submitted


def test_submit_refuses_missing_required_answers_and_lists_them(tmp_path):
    s = complete_submission()
    del s.answers["audience.2"], s.answers["planning.4"]
    s.organisation["sector"] = None
    with pytest.raises(SubmissionError) as info:
        store.submit(s, tmp_path)
    assert info.value.text("en") == (
        "cannot submit: 3 required answers missing: organisation.sector, audience.2, planning.4"
    )
    assert str(info.value) == (
        "impossible de soumettre\u00a0: 3 réponses obligatoires manquantes\u00a0: "
        "organisation.sector, audience.2, planning.4"
    )
    assert s.status == "draft"
    assert s.submitted is None
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------
# Loading


def good_files(folder: Path, n: int = 2) -> list[Submission]:
    subs = [complete_submission(name=f"Org {i}") for i in range(n)]
    for s in subs:
        store.submit(s, folder)
    return subs


def valid_text(**changes) -> str:
    raw = complete_submission().to_dict()
    raw["status"] = "submitted"
    raw.update(changes)
    return json.dumps(raw, ensure_ascii=False)


def _other_version() -> str:
    raw = json.loads(valid_text())
    raw["questionnaire"]["version"] = 2
    return json.dumps(raw)


def _unknown_code() -> str:
    raw = json.loads(valid_text())
    raw["answers"]["audience.2"] = "beaucoup"
    return json.dumps(raw)


def _unknown_question() -> str:
    raw = json.loads(valid_text())
    raw["answers"]["audience.99"] = "yes"
    return json.dumps(raw)


def _hours(value: str) -> str:
    """capacity.2 (hours) written as Python's json writes a float NaN or infinity."""
    raw = json.loads(valid_text())
    raw["answers"]["capacity.2"] = 12345.5
    return json.dumps(raw).replace("12345.5", value)


BAD_FILES = {
    "nan_hours": (_hours("NaN").encode(), "answers.capacity.2: NaN and Infinity are not numbers"),
    "infinite_hours": (_hours("-Infinity").encode(), "(value: '-inf')"),
    "invalid_json": (b"{this is not json}", "not valid JSON"),
    "truncated": (valid_text()[:300].encode(), "truncated file: the JSON stops before its end"),
    "not_utf8": (valid_text().encode("cp1252"), "not UTF-8 text (byte 0xe9"),
    "too_big": (b" " * (store.MAX_FILE_BYTES + 1), "too big"),
    "other_version": (_other_version().encode(), "version 2, but this tool uses"),
    "unknown_code": (_unknown_code().encode(), "answers.audience.2: unknown answer"),
    "unknown_question": (_unknown_question().encode(), "unknown question id 'audience.99'"),
    "empty": (b"", "the file is empty"),
    "not_an_object": (b"[1, 2, 3]", "must hold a JSON object"),
    "nested_too_deep": (b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
    "bad_uuid": (valid_text(submission_id="12345").encode(), "not a UUID"),
    "bad_status": (valid_text(status="final").encode(), "field 'status'"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_each_bad_file_gives_a_problem_naming_it_and_the_others_still_load(tmp_path, kind):
    content, reason = BAD_FILES[kind]
    subs = good_files(tmp_path)
    bad = write_raw(tmp_path, f"{kind}.json", content)
    result = store.load_cohort(tmp_path, Q)
    assert sorted(s.submission_id for s in result.submissions) == sorted(
        s.submission_id for s in subs
    )
    assert len(result.frame) == 2
    assert [p.file for p in result.problems] == [str(bad)]
    assert reason in result.problems[0].text("en")
    assert result.problems[0].text("en").startswith(f"{bad}: ")
    assert str(result.problems[0]).startswith(f"{bad}\u00a0: ")  # French by default


def test_a_folder_named_like_a_submission_is_reported(tmp_path):
    good_files(tmp_path, 1)
    (tmp_path / "folder.json").mkdir()
    result = store.load_cohort(tmp_path)
    assert len(result.submissions) == 1
    assert [(p.file, p.text("en")) for p in result.problems] == [
        (str(tmp_path / "folder.json"), f"{tmp_path / 'folder.json'}: not a regular file")
    ]


def test_every_bad_file_at_once_is_reported_once(tmp_path):
    good_files(tmp_path, 3)
    for kind, (content, _) in BAD_FILES.items():
        write_raw(tmp_path, f"{kind}.json", content)
    result = store.load_cohort(tmp_path)
    assert len(result.submissions) == 3
    assert sorted(Path(p.file).stem for p in result.problems) == sorted(BAD_FILES)
    assert not result.ok


def test_load_raises_with_the_file_name_and_keeps_the_error_class(tmp_path):
    bad = write_raw(tmp_path, "old.json", _other_version())
    with pytest.raises(VersionMismatchError) as info:
        store.load(bad)
    assert re.match(rf"^{re.escape(str(bad))}: made with questionnaire", info.value.text("en"))
    assert str(info.value).startswith(f"{bad}\u00a0: réponses faites avec le questionnaire")
    with pytest.raises(SubmissionError) as info:
        store.load(tmp_path / "missing.json")
    assert "no such file" in info.value.text("en")


def test_half_written_temp_file_of_a_killed_writer_is_ignored(tmp_path):
    subs = good_files(tmp_path, 2)
    draft = complete_submission(name="Brouillon")
    store.save(draft, tmp_path)
    write_raw(tmp_path, ".tmpk1ll3d.tmp", valid_text()[:200])
    result = store.load_cohort(tmp_path)
    assert result.problems == []
    assert result.ignored == [".tmpk1ll3d.tmp"]
    assert len(result.submissions) == len(subs)
    assert store.count(tmp_path) == (2, 1)
    assert store.find_draft(tmp_path, "Brouillon").submission_id == draft.submission_id


def test_other_files_are_listed_as_ignored_not_dropped_silently(tmp_path):
    good_files(tmp_path, 1)
    write_raw(tmp_path, "scores.csv", "a,b\n")
    write_raw(tmp_path, "README.txt", "notes")
    result = store.load_cohort(tmp_path)
    assert result.ignored == ["README.txt", "scores.csv"]
    assert result.summary() == "1 submission, 0 drafts, 0 problems, 2 files ignored"


def test_drafts_are_counted_and_left_out_unless_asked(tmp_path):
    submitted = good_files(tmp_path, 2)
    draft = complete_submission(name="En cours")
    store.save(draft, tmp_path)
    result = store.load_cohort(tmp_path)
    assert result.drafts == 1
    assert {s.submission_id for s in result.submissions} == {s.submission_id for s in submitted}
    assert set(result.frame["status"]) == {"submitted"}
    everything = store.load_cohort(tmp_path, include_drafts=True)
    assert everything.drafts == 1
    assert len(everything.submissions) == 3
    assert sorted(everything.frame["status"]) == ["draft", "submitted", "submitted"]


def test_frame_has_one_typed_row_per_submission(tmp_path):
    subs = good_files(tmp_path, 2)
    frame = store.load_cohort(tmp_path).frame
    assert sorted(frame["submission_id"]) == sorted(s.submission_id for s in subs)
    assert list(frame["capacity.2"]) == [6.5, 6.5]
    assert list(frame["audience.2"].astype(str)) == ["lt25", "lt25"]
    assert list(frame["platforms.planned"]) == [0b11, 0b11]


def test_duplicate_submission_id_keeps_the_file_named_after_it(tmp_path):
    (s,) = good_files(tmp_path, 1)
    canonical = tmp_path / f"{s.submission_id}.json"
    copy = write_raw(tmp_path, "0-copy.json", canonical.read_bytes())
    result = store.load_cohort(tmp_path)
    assert len(result.submissions) == 1
    assert [p.file for p in result.problems] == [str(copy)]
    assert "same submission id" in result.problems[0].text("en")


def test_missing_cohort_folder_is_an_input_error_but_counts_zero(tmp_path):
    with pytest.raises(InputFormatError) as info:
        store.load_cohort(tmp_path / "nope")
    assert info.value.text("en") == f"{tmp_path / 'nope'}: no such cohort folder"
    assert str(info.value) == f"{tmp_path / 'nope'}\u00a0: dossier de cohorte introuvable"
    assert store.count(tmp_path / "nope") == (0, 0)
    assert store.find_draft(tmp_path / "nope", "Café") is None


def test_count_gives_submitted_and_drafts(tmp_path):
    good_files(tmp_path, 3)
    for i in range(2):
        store.save(complete_submission(name=f"Draft {i}"), tmp_path)
    write_raw(tmp_path, "broken.json", b"{")
    assert store.count(tmp_path) == (3, 2)


def test_find_draft_resumes_the_latest_draft_of_the_organisation(tmp_path):
    older = complete_submission(name="Café Le Fût, inc.")
    newer = complete_submission(name="Café  Le Fût inc")
    newer.answers["capacity.2"] = 12.0
    other = complete_submission(name="Boulangerie")
    for s in (older, newer, other):
        store.save(s, tmp_path)
    past = time.time() - 60
    os.utime(tmp_path / f"{older.submission_id}.json", (past, past))
    submitted = complete_submission(name="cafe le fut inc")
    store.submit(submitted, tmp_path)

    found = store.find_draft(tmp_path, "CAFÉ LE FÛT INC.")
    assert found is not None
    assert found.submission_id == newer.submission_id
    assert found.answers["capacity.2"] == 12.0
    assert store.find_draft(tmp_path, "Boulangerie").submission_id == other.submission_id
    assert store.find_draft(tmp_path, "Quincaillerie") is None
    assert store.find_draft(tmp_path, "  ") is None


# --------------------------------------------------------------------------------------------
# Many writers at once


WORKERS = 20
PER_WORKER = 4
RESAVES = 3


def _writer(cohort_dir: str, worker: int, shared_id: str, barrier, results) -> None:
    barrier.wait()
    ids = []
    for i in range(PER_WORKER):
        s = complete_submission(name=f"Org {worker}-{i}")
        for k in range(RESAVES):
            s.answers["capacity.2"] = float(k)
            store.save(s, cohort_dir)
        if i % 2 == 0:
            store.submit(s, cohort_dir)
        ids.append(s.submission_id)
        # every worker also rewrites one shared draft: the last rename wins, whole
        shared = complete_submission(name="Shared")
        shared.submission_id = shared_id
        shared.answers["capacity.2"] = float(worker)
        store.save(shared, cohort_dir)
    results.put((worker, ids))


def test_twenty_processes_writing_one_cohort_lose_nothing(tmp_path):
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    shared_id = complete_submission().submission_id
    barrier = ctx.Barrier(WORKERS + 1)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(str(tmp_path), w, shared_id, barrier, results))
        for w in range(WORKERS)
    ]
    for p in procs:
        p.start()
    barrier.wait(timeout=60)
    # read while they write: a reader must never see a torn file
    reads = 0
    while any(p.is_alive() for p in procs) and reads < 200:
        assert store.load_cohort(tmp_path, include_drafts=True).problems == []
        reads += 1
    written = dict(results.get(timeout=60) for _ in procs)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0

    expected = {sid for ids in written.values() for sid in ids} | {shared_id}
    assert len(expected) == WORKERS * PER_WORKER + 1
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"{sid}.json" for sid in expected)  # no temp file left
    result = store.load_cohort(tmp_path, include_drafts=True)
    assert result.problems == []
    assert {s.submission_id for s in result.submissions} == expected
    submitted_per_worker = len(range(0, PER_WORKER, 2))
    submitted = WORKERS * submitted_per_worker
    assert store.count(tmp_path) == (submitted, len(expected) - submitted)
    assert result.drafts == len(expected) - submitted
    shared = store.load(shared_id, tmp_path)
    assert shared.answers["capacity.2"] in {float(w) for w in range(WORKERS)}


def test_a_symbolic_link_in_the_cohort_folder_is_reported_not_followed(tmp_path, make_submission):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = store.save(make_submission(name="Ailleurs"), outside)
    cohort = tmp_path / "cohort"
    store.save(make_submission(name="Dedans"), cohort)
    (cohort / secret.name).symlink_to(secret)
    result = store.load_cohort(cohort)
    assert [s.organisation["name"] for s in result.submissions] == ["Dedans"]
    assert len(result.problems) == 1
    assert "symbolic link skipped" in result.problems[0].text("en")
    assert "lien symbolique" in str(result.problems[0])
    assert store.load(secret).organisation["name"] == "Ailleurs"  # an explicit path is read


# --------------------------------------------------------------------------------------------
# Many files at once (imports)


def test_save_many_writes_what_save_writes_and_names_each_refusal(tmp_path):
    subs = [complete_submission(name=f"Org {i}") for i in range(5)]
    subs[2].answers["audience.2"] = "beaucoup"  # refused, the others saved
    out = store.save_many(subs, tmp_path / "c", Q)
    assert isinstance(out[2], SubmissionError)
    assert "answers.audience.2: unknown answer" in out[2].text("en")
    assert [p for i, p in enumerate(out) if i != 2] == [
        tmp_path / "c" / f"{s.submission_id}.json" for i, s in enumerate(subs) if i != 2
    ]
    loaded = store.load_cohort(tmp_path / "c", Q, include_drafts=True)
    assert loaded.ok
    assert not loaded.ignored
    assert sorted(s.to_dict()["submission_id"] for s in loaded.submissions) == sorted(
        s.submission_id for i, s in enumerate(subs) if i != 2
    )
    for s in loaded.submissions:
        assert s.to_dict() == next(x for x in subs if x.submission_id == s.submission_id).to_dict()


def test_write_many_atomic_reports_a_refused_file_and_leaves_no_temp_file(tmp_path):
    (tmp_path / "b.json").mkdir()  # a folder where a file should go: its rename fails
    items = [(tmp_path / name, name.encode()) for name in ("a.json", "b.json", "c.json")]
    out = store.write_many_atomic(items)
    assert out[0] == tmp_path / "a.json"
    assert out[2] == tmp_path / "c.json"
    assert isinstance(out[1], OSError)
    assert sorted(os.listdir(tmp_path)) == ["a.json", "b.json", "c.json"]
    assert (tmp_path / "c.json").read_bytes() == b"c.json"


def _save_many_until_killed(folder: str, ack_fd: int, pause_at: int) -> None:
    renames = {"n": 0}

    def pause(temp: Path) -> None:
        renames["n"] += 1
        if renames["n"] == pause_at:
            os.write(ack_fd, b"paused\n")
            while True:
                time.sleep(60)

    store._before_rename = pause
    store.BATCH = 10
    subs = [complete_submission(name=f"Org {i}") for i in range(30)]
    store.save_many(subs, folder, Q)


def test_an_import_killed_mid_batch_leaves_whole_files_and_ignored_temp_files(tmp_path):
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    read_fd, write_fd = os.pipe()
    proc = ctx.Process(target=_save_many_until_killed, args=(str(tmp_path), write_fd, 15))
    proc.start()
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        assert pipe.readline() == b"paused\n"
        os.kill(proc.pid, 9)
        proc.join(timeout=30)
    result = store.load_cohort(tmp_path, Q, include_drafts=True)
    assert result.ok
    assert len(result.submissions) == 14  # the first batch and four of the second
    assert len(result.ignored) == 6  # the rest of the second batch: temp files, never loaded
    assert all(name.startswith(".") and name.endswith(".tmp") for name in result.ignored)
