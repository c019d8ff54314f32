"""Resume codes: their shape, the lookup of a draft by code in a cohort folder, the throttle."""

from __future__ import annotations

import json
import os

import pytest

from toolkit import resume, store
from toolkit.answers import Submission
from toolkit.errors import SubmissionError


def draft(questionnaire, name: str, code: str | None, **answers) -> Submission:
    sub = Submission.new(questionnaire, "atelier", "fr")
    sub.organisation["name"] = name
    sub.answers.update(answers)
    sub.resume_code = code
    return sub


def test_a_new_code_is_six_symbols_of_an_unambiguous_alphabet():
    codes = {resume.new_code() for _ in range(2000)}
    assert len(codes) == 2000  # 2,000 draws out of 2³⁰: a repeat has odds of 0.2 %
    for code in codes:
        assert len(code) == 6
        assert set(code) <= set(resume.ALPHABET)
    assert not set("ILOU") & set(resume.ALPHABET)
    assert len(resume.ALPHABET) == 32
    assert resume.SPACE == 1_073_741_824
    # every symbol turns up (secrets draws them evenly: 12,000 symbols, ~375 each)
    assert set("".join(codes)) == set(resume.ALPHABET)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("K7P-4QX", "K7P4QX"),
        ("k7p4qx", "K7P4QX"),
        (" k7p 4qx ", "K7P4QX"),
        ("K7P–4QX", "K7P4QX"),  # an en dash from a phone's keyboard
        ("o1l-ABC", "011ABC"),  # O, I and L read as 0, 1 and 1
        ("K7P-4Q", None),
        ("K7P-4QXZ", None),
        ("K7P-4QU", None),  # U is not in the alphabet
        ("", None),
        (None, None),
        (123456, None),
    ],
)
def test_a_typed_code_is_read_whatever_its_case_spaces_and_dashes(typed, canonical):
    assert resume.normalise_code(typed) == canonical


def test_a_code_is_shown_in_two_groups_of_three():
    assert resume.format_code("K7P4QX") == "K7P-4QX"
    assert resume.normalise_code(resume.format_code("K7P4QX")) == "K7P4QX"


def test_the_throttle_allows_five_wrong_codes_a_minute():
    now = [0.0]
    throttle = resume.Throttle(clock=lambda: now[0])
    for second in range(5):
        now[0] = float(second)
        assert throttle.wait() == 0.0
        throttle.failed()
    assert throttle.wait() == 56.0  # the first failure, at 0 s, leaves the window at 60 s
    now[0] = 60.0
    assert throttle.wait() == 0.0
    throttle.failed()
    assert throttle.wait() == 1.0  # the one at 1 s is still in the window


def test_the_code_is_stored_in_the_answers_file_and_old_files_still_load(questionnaire):
    sub = draft(questionnaire, "Café", "K7P4QX")
    raw = sub.to_dict()
    assert raw["resume_code"] == "K7P4QX"
    assert Submission.from_dict(raw, questionnaire).resume_code == "K7P4QX"
    raw["resume_code"] = "k7p-4qx"
    assert Submission.from_dict(raw, questionnaire).resume_code == "K7P4QX"
    del raw["resume_code"]
    assert Submission.from_dict(raw, questionnaire).resume_code is None
    assert "resume_code" not in draft(questionnaire, "Café", None).to_dict()
    raw["resume_code"] = "not a code"
    with pytest.raises(SubmissionError) as info:
        Submission.from_dict(raw, questionnaire)
    assert info.value.text("en").startswith("resume code 'not a code' does not have the form")
    assert "code de reprise «\u00a0not a code\u00a0»" in info.value.text("fr")


def test_find_by_code_finds_the_draft_holding_it_and_nothing_else(tmp_path, questionnaire):
    ours = draft(questionnaire, "Café du Quai", "K7P4QX", **{"motivation.1": "2"})
    theirs = draft(questionnaire, "Café du Quai", "ABC234", **{"motivation.1": "5"})
    old = draft(questionnaire, "Café du Quai", None)
    for sub in (ours, theirs, old):
        store.save(sub, tmp_path, questionnaire)
    (tmp_path / "notes.txt").write_text("K7P4QX", encoding="utf-8")

    found = store.find_by_code(tmp_path, "k7p 4qx", questionnaire)
    assert found is not None
    assert (found.submission_id, found.answers) == (ours.submission_id, {"motivation.1": "2"})
    assert store.find_by_code(tmp_path, "ABC-234", questionnaire).submission_id == (
        theirs.submission_id
    )
    assert store.find_by_code(tmp_path, "ZZZZZZ", questionnaire) is None
    assert store.find_by_code(tmp_path, "K7P", questionnaire) is None
    assert store.find_by_code(tmp_path / "absent", "K7P4QX", questionnaire) is None
    assert store.code_taken(tmp_path, "K7P4QX")
    assert not store.code_taken(tmp_path, "ZZZZZZ")


def test_a_submitted_file_cannot_be_resumed_by_its_code(tmp_path, questionnaire, make_submission):
    sub = make_submission()
    sub.resume_code = "K7P4QX"
    store.submit(sub, tmp_path, questionnaire)
    assert json.loads(next(tmp_path.glob("*.json")).read_text())["resume_code"] == "K7P4QX"
    assert store.find_by_code(tmp_path, "K7P4QX", questionnaire) is None
    assert not store.code_taken(tmp_path, "K7P4QX")


def test_two_drafts_with_one_code_give_the_one_saved_last(tmp_path, questionnaire):
    first = draft(questionnaire, "A", "K7P4QX")
    second = draft(questionnaire, "B", "K7P4QX")
    p1 = store.save(first, tmp_path, questionnaire)
    p2 = store.save(second, tmp_path, questionnaire)
    os.utime(p1, ns=(2_000_000_000_000_000_000, 2_000_000_000_000_000_000))
    os.utime(p2, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    assert store.find_by_code(tmp_path, "K7P4QX", questionnaire).submission_id == (
        first.submission_id
    )


def test_only_an_empty_draft_with_its_own_code_is_discarded(tmp_path, questionnaire):
    empty = draft(questionnaire, "Café", "K7P4QX")
    full = draft(questionnaire, "Café", "ABC234", **{"motivation.1": "2"})
    store.save(empty, tmp_path, questionnaire)
    store.save(full, tmp_path, questionnaire)
    assert not store.discard_draft(tmp_path, full.submission_id, "ABC234")  # has answers
    assert not store.discard_draft(tmp_path, empty.submission_id, "ZZZZZZ")  # not its code
    assert store.discard_draft(tmp_path, empty.submission_id, "K7P4QX")
    assert [p.stem for p in tmp_path.glob("*.json")] == [full.submission_id]
    assert not store.discard_draft(tmp_path, empty.submission_id, "K7P4QX")  # gone already
