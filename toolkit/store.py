"""Submissions on disk: one JSON file each, written atomically, loaded with a list of problems.

A cohort is a folder; each submission is ``<cohort dir>/<submission id>.json`` where the id is
a validated UUID, so what people type (organisation names) never becomes a path. Writers put
the whole file in a temp file of the same folder (``.<random>.tmp``), flush it to disk and rename
it over the target: readers see the old file or the new one, never half of one, even with many
kernels of a JupyterHub writing to one shared folder. An import saves its thousands of files
with ``save_many``: the same temp files and renames, the disk flushed once per batch instead of
once per file. Loaders never stop at a bad file: each one becomes a
:class:`~toolkit.errors.Problem` naming the file and the reason.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import errno
import json
import os
import stat
import tempfile
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import messages, words
from . import questionnaire as qn
from .answers import Submission, now_iso, org_key, to_frame
from .errors import (
    InputFormatError,
    PertinenceError,
    Problem,
    SubmissionError,
    VersionMismatchError,
)
from .resume import format_code, normalise_code

if TYPE_CHECKING:  # the app saves drafts without loading pandas; only tables need it
    import pandas as pd

MAX_FILE_BYTES = 1 << 20
"""A submission file above this size (1 MiB) is refused: real ones are a few kilobytes."""

SUFFIX = ".json"
TEMP_PREFIX = "."

_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
# Files found in a shared cohort folder are read without following links: a participant who
# may write there must not make the facilitator's loader read some other file of theirs.
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass
class LoadResult:
    """What a loader found: the answers table, the submissions behind it and the problems.

    ``drafts`` counts the drafts found (left out of ``submissions`` unless asked for);
    ``ignored`` names the files skipped on purpose (temp files of writers, other files), so that
    nothing is dropped without a trace.
    """

    frame: pd.DataFrame
    submissions: list[Submission]
    problems: list[Problem] = field(default_factory=list)
    drafts: int = 0
    ignored: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def summary(self, lang: str | None = "en") -> str:
        """One line: ``"28 submissions, 2 drafts, 1 problem, 0 files ignored"`` — English by
        default, for logs; ``summary("fr")`` for people (``None``: the process's language)."""
        lang = words.resolve(lang)

        def n(count: int, what: str) -> str:
            one = count in (0, 1) if lang == "fr" else count == 1
            return words.render(f"summary.{what}.{'one' if one else 'many'}", lang, count=count)

        return ", ".join(
            [
                n(len(self.submissions), "submissions"),
                n(self.drafts, "drafts"),
                n(len(self.problems), "problems"),
                n(len(self.ignored), "ignored"),
            ]
        )


# --------------------------------------------------------------------------------------------
# Writing


def canonical_id(submission_id: Any) -> str:
    """The canonical text of a submission id; ``SubmissionError`` when it is not a UUID."""
    try:
        return str(uuid.UUID(str(submission_id)))
    except ValueError:
        raise SubmissionError.of("submission.bad_id", id=str(submission_id)[:40]) from None


def submission_path(cohort_dir: str | Path, submission_id: str) -> Path:
    """Where a submission lives: ``<cohort dir>/<uuid>.json`` (the id is validated first)."""
    return Path(cohort_dir) / f"{canonical_id(submission_id)}{SUFFIX}"


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # no other portable way to read it
    os.umask(mask)
    return mask


# Test hook: when set, called with the temp file's path once it is written and flushed, just
# before the rename. Always None in use; tests/test_robustness.py sets it in a child process
# to pause a writer there and kill it exactly in the middle of a write.
_before_rename: Callable[[Path], object] | None = None


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temp file of the same folder and a rename.

    The folder is created if needed; the file gets the mode a plain ``open()`` would give
    (``0o666`` less the umask). Raises ``OSError`` when the disk or permissions refuse.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if _before_rename is not None:
            _before_rename(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(path.parent)
    return path


BATCH = 1_000
"""Files that ``write_many_atomic`` writes, syncs and renames together."""


def _write_temp(path: Path, data: bytes, sync: bool) -> Path:
    """``data`` in a new temp file beside ``path`` (synced when ``sync``); its path."""
    tmp = path.parent / f"{TEMP_PREFIX}{uuid.uuid4().hex}.tmp"
    # O_EXCL: a new file, never one planted there; mode 0o666 less the umask, as open() gives
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if sync:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    return tmp


def write_many_atomic(items: Sequence[tuple[Path, bytes]]) -> list[Path | OSError]:
    """Write many files, each with the guarantees of ``write_bytes_atomic``, in far less time.

    Each file still goes to a temp file of its folder, is on disk before it is renamed over
    its target, so a reader sees the old file or the whole new one, never half of one. What
    changes is how the data reaches the disk: ``BATCH`` temp files are written, then one
    ``sync()`` flushes them all (one fsync per file made a 10,000-row import wait 7 s for the
    disk; ``sync()`` also flushes whatever else is pending on the machine), then they are
    renamed; each folder is synced once at the end rather than after every rename. Where
    ``os.sync`` does not exist (Windows), each temp file is fsynced as ``write_bytes_atomic``
    does. When this returns, every file written is durable; a crash before that may lose the
    last renames, never leave a half-written file (a killed writer leaves at most ``BATCH``
    temp files, whose names start with ``.``: loaders ignore them).

    Returns, for each item in order, its path or the ``OSError`` that refused it.
    """
    sync_all = getattr(os, "sync", None)
    folders = {path.parent for path, _ in items}
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    results: list[Path | OSError] = []
    for start in range(0, len(items), BATCH):
        batch = items[start : start + BATCH]
        temps: list[Path | OSError] = []
        pending: set[Path] = set()  # written, not yet renamed: removed if anything stops us
        try:
            for path, data in batch:
                try:
                    tmp = _write_temp(path, data, sync=sync_all is None)
                except OSError as exc:
                    temps.append(exc)
                else:
                    temps.append(tmp)
                    pending.add(tmp)
            if sync_all is not None:
                sync_all()
            for (path, _), written in zip(batch, temps, strict=True):
                if isinstance(written, OSError):
                    results.append(written)
                    continue
                if _before_rename is not None:
                    _before_rename(written)
                try:
                    os.replace(written, path)
                except OSError as exc:
                    results.append(exc)
                    continue
                pending.discard(written)
                results.append(path)
        finally:
            for tmp in pending:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
    for folder in folders:
        _fsync_folder(folder)
    return results


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _check_questionnaire(submission: Submission, questionnaire: qn.Questionnaire) -> None:
    if (submission.questionnaire_id, submission.questionnaire_version) != (
        questionnaire.id,
        questionnaire.version,
    ):
        raise VersionMismatchError.of(
            "submission.not_saved_version",
            id=submission.submission_id,
            made_id=submission.questionnaire_id,
            made_version=submission.questionnaire_version,
            loaded_id=questionnaire.id,
            loaded_version=questionnaire.version,
        )


def save(
    submission: Submission,
    cohort_dir: str | Path,
    questionnaire: qn.Questionnaire | None = None,
) -> Path:
    """Write one submission to ``<cohort dir>/<submission id>.json``, atomically.

    The submission is validated as a loader would (so what is written can be read back), and
    refused with ``VersionMismatchError`` when it was made with another questionnaire or
    version than ``questionnaire`` (the bundled one by default). Raises ``SubmissionError``
    naming the problem when it cannot be validated or written.

    >>> path = save(submission, "cohorts/2026-12-sherbrooke")  # doctest: +SKIP
    """
    questionnaire = questionnaire or qn.default()
    _check_questionnaire(submission, questionnaire)
    clean = Submission.from_dict(submission.to_dict(), questionnaire)
    target = submission_path(cohort_dir, clean.submission_id)
    return write_or_refuse(target, _encoded(clean), SubmissionError)


def write_or_refuse(path: Path, data: bytes, error: type[PertinenceError]) -> Path:
    """:func:`write_bytes_atomic`, with a refusal by the system said as ``error`` (a
    :class:`~toolkit.errors.PertinenceError` naming the file and the system's reason)."""
    try:
        return write_bytes_atomic(path, data)
    except OSError as exc:
        reason = messages.os_reason(exc)
        raise error.of("file.unwritable", reason=reason).at(path) from exc


def _encoded(submission: Submission, indent: int | None = 1) -> bytes:
    # indent=None writes one line with json's C encoder (the indenting one is pure Python:
    # 0.35 s instead of 0.14 s for 10,000 files); the same JSON either way
    data = json.dumps(submission.to_dict(), ensure_ascii=False, indent=indent).encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise SubmissionError.of(
            "submission.too_big", id=submission.submission_id, size=len(data), limit=MAX_FILE_BYTES
        )
    return data


def save_many(
    submissions: Sequence[Submission],
    cohort_dir: str | Path,
    questionnaire: qn.Questionnaire | None = None,
    validated: bool = False,
) -> list[Path | SubmissionError]:
    """Save many submissions in one cohort folder as ``save`` does each, in far less time.

    Files are written by ``write_many_atomic`` (atomic and durable, like ``save``), each on
    one line (``save`` indents: a person may open that one file; an import writes thousands).
    Each submission is validated as ``save`` validates it, unless ``validated``: only for
    submissions built by this package's own readers (``forms``), whose every answer went
    through ``normalise_answer`` already. Returns, for each submission in order, its path or
    the ``SubmissionError`` that refused it (nothing is raised for one bad submission).
    """
    questionnaire = questionnaire or qn.default()
    out: list[Path | SubmissionError | None] = []
    items: list[tuple[Path, bytes]] = []
    slots: list[int] = []
    for submission in submissions:
        try:
            _check_questionnaire(submission, questionnaire)
            clean = (
                submission
                if validated
                else Submission.from_dict(submission.to_dict(), questionnaire)
            )
            target = submission_path(cohort_dir, clean.submission_id)
            items.append((target, _encoded(clean, indent=None)))
        except SubmissionError as exc:
            out.append(exc)
            continue
        slots.append(len(out))
        out.append(None)
    for slot, ((target, _), written) in zip(
        slots, zip(items, write_many_atomic(items), strict=True), strict=True
    ):
        if isinstance(written, OSError):
            reason = messages.os_reason(written)
            out[slot] = SubmissionError.of("file.unwritable", reason=reason).at(target)
        else:
            out[slot] = written
    return [r for r in out if r is not None]


def submit(
    submission: Submission,
    cohort_dir: str | Path,
    questionnaire: qn.Questionnaire | None = None,
) -> Path:
    """Mark a submission as submitted (status and timestamp) and save it.

    Refuses with ``SubmissionError`` listing the required answers still missing; the
    submission is changed only once it is safely on disk.
    """
    questionnaire = questionnaire or qn.default()
    _check_questionnaire(submission, questionnaire)
    missing = submission.missing_required(questionnaire)
    if missing:
        raise SubmissionError.of(
            "submission.missing_many" if len(missing) > 1 else "submission.missing_one",
            count=len(missing),
            missing=", ".join(missing),
        )
    final = dataclasses.replace(submission, status="submitted", submitted=now_iso())
    path = save(final, cohort_dir, questionnaire)
    submission.status, submission.submitted = final.status, final.submitted
    return path


# --------------------------------------------------------------------------------------------
# Reading


def _read_bytes(path: str, follow_links: bool = True) -> bytes:
    """The bytes of one file: one open, one read; refuses non-regular and oversized files,
    and symbolic links unless ``follow_links``."""
    flags = _READ_FLAGS if follow_links else _READ_FLAGS | _NO_FOLLOW
    try:
        fd = os.open(path, flags)  # non-blocking: a FIFO dropped in the folder cannot hang us
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_links:
            raise SubmissionError.of("file.symlink") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionError.of("file.not_regular")
        if info.st_size > MAX_FILE_BYTES:
            raise SubmissionError.of("file.too_big", size=info.st_size, limit=MAX_FILE_BYTES)
        data = os.read(fd, info.st_size + 1)
        while len(data) <= MAX_FILE_BYTES:  # in case it grew since fstat
            more = os.read(fd, 65536)
            if not more:
                break
            data += more
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise SubmissionError.of("file.over", limit=MAX_FILE_BYTES)
    return data


def _parse_json(data: bytes) -> Any:
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SubmissionError.of(
            "json.not_utf8", byte=data[exc.start], position=exc.start
        ) from None
    if not text.strip():
        raise SubmissionError.of("file.empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = {"line": exc.lineno, "column": exc.colno}
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise SubmissionError.of("json.truncated", **where) from None
        detail = messages.json_reason(exc.msg)
        raise SubmissionError.of("json.invalid", detail=detail, **where) from None
    except RecursionError:
        raise SubmissionError.of("json.too_deep") from None


def _read(path: str, questionnaire: qn.Questionnaire, follow_links: bool = True) -> Submission:
    """One file → a validated submission, or ``SubmissionError`` saying why (no file name)."""
    try:
        data = _read_bytes(path, follow_links)
    except FileNotFoundError:
        raise SubmissionError.of("file.missing") from None
    except OSError as exc:
        raise SubmissionError.of("file.unreadable", reason=messages.os_reason(exc)) from None
    return Submission.from_dict(_parse_json(data), questionnaire)


def load(
    source: str | Path,
    cohort_dir: str | Path | None = None,
    questionnaire: qn.Questionnaire | None = None,
) -> Submission:
    """One submission: ``load(path)`` or ``load(submission_id, cohort_dir)``.

    Raises ``SubmissionError`` (``VersionMismatchError`` for another questionnaire version)
    whose message starts with the file.
    """
    questionnaire = questionnaire or qn.default()
    path = Path(source) if cohort_dir is None else submission_path(cohort_dir, str(source))
    try:
        return _read(str(path), questionnaire)
    except SubmissionError as exc:
        raise exc.at(path) from None


def _is_candidate(entry: os.DirEntry[str]) -> bool:
    return entry.name.endswith(SUFFIX) and not entry.name.startswith(TEMP_PREFIX)


def load_cohort(
    cohort_dir: str | Path,
    questionnaire: qn.Questionnaire | None = None,
    include_drafts: bool = False,
) -> LoadResult:
    """Every submission of a cohort folder, with one problem per file that cannot be used.

    A bad file (not UTF-8, not JSON, truncated, too big, another questionnaire version, an
    unknown code …) becomes a :class:`Problem` naming it and never stops the others. Drafts are
    counted in ``drafts`` and left out unless ``include_drafts``. Files starting with ``.``
    (temp files of writers) and files not ending in ``.json`` are listed in ``ignored``. When two
    files hold the same submission id, the one named after it is kept and the other reported.
    A folder this account may write to but not list (a shared server's cohort folder, seen
    by a participant) gives an empty table and one problem saying so.
    Raises ``InputFormatError`` when the folder does not exist.
    """
    questionnaire = questionnaire or qn.default()
    folder = os.fspath(cohort_dir)
    if not os.path.isdir(folder):
        raise InputFormatError.of("cohort.no_folder").at(folder)
    problems: list[Problem] = []
    ignored: list[str] = []
    found: dict[str, tuple[str, Submission]] = {}
    try:
        with os.scandir(folder) as entries:
            names = sorted(entries, key=lambda e: e.name)
    except PermissionError:
        # a participant on a shared server may write to the cohort folder but not list it
        problems.append(Problem.of(folder, "cohort.not_listable"))
        names = []
    for entry in names:
        if not _is_candidate(entry):
            ignored.append(entry.name)
            continue
        try:
            sub = _read(entry.path, questionnaire, follow_links=False)
        except SubmissionError as exc:
            problems.append(Problem.from_error(entry.path, exc))
            continue
        except Exception as exc:  # one odd file must not stop the cohort
            problems.append(
                Problem.of(entry.path, "file.broken", error=type(exc).__name__, detail=str(exc))
            )
            continue
        previous = found.get(sub.submission_id)
        if previous is not None:
            keep_new = entry.name == sub.submission_id + SUFFIX
            kept, dropped = (entry.path, previous[0]) if keep_new else (previous[0], entry.path)
            problems.append(
                Problem.of(dropped, "cohort.duplicate_file", kept=kept, id=sub.submission_id)
            )
            if not keep_new:
                continue
        found[sub.submission_id] = (entry.path, sub)
    subs = [s for _, s in found.values()]
    drafts = sum(1 for s in subs if s.status == "draft")
    if not include_drafts:
        subs = [s for s in subs if s.status != "draft"]
    subs.sort(key=lambda s: (s.submitted or s.started or "", s.submission_id))
    return LoadResult(
        frame=to_frame(subs, questionnaire),
        submissions=subs,
        problems=problems,
        drafts=drafts,
        ignored=ignored,
    )


def _raw_files(cohort_dir: str | Path) -> list[tuple[os.DirEntry[str], Any]]:
    """(entry, parsed JSON) of each readable submission file; unreadable ones are skipped."""
    out: list[tuple[os.DirEntry[str], Any]] = []
    try:
        entries = list(os.scandir(cohort_dir))
    except (FileNotFoundError, NotADirectoryError, PermissionError):  # write-only shared folder
        return out
    for entry in entries:
        if not _is_candidate(entry):
            continue
        try:
            out.append((entry, _parse_json(_read_bytes(entry.path, follow_links=False))))
        except (SubmissionError, OSError):
            continue
    return out


def count(cohort_dir: str | Path) -> tuple[int, int]:
    """``(submitted, drafts)`` in a cohort folder, for a live dashboard polling it.

    Cheap: reads each file's ``status`` without validating the answers (``load_cohort`` is the
    authority; files that are not JSON are not counted). A folder not yet created counts
    ``(0, 0)``.
    """
    submitted = drafts = 0
    for _, raw in _raw_files(cohort_dir):
        status = raw.get("status") if isinstance(raw, dict) else None
        if status == "submitted":
            submitted += 1
        elif status == "draft":
            drafts += 1
    return submitted, drafts


def find_draft(
    cohort_dir: str | Path,
    organisation_name: str,
    questionnaire: qn.Questionnaire | None = None,
) -> Submission | None:
    """The latest draft of an organisation in a cohort (for the facilitator's tools; the app
    only learns from it that the name is taken and resumes a draft by its code alone, with
    :func:`find_by_code`).

    Names match as :func:`toolkit.answers.org_key` does (case, accents, punctuation and spacing
    ignored); "latest" is the file saved last. Files that do not load are skipped here
    (``load_cohort`` reports them). Returns ``None`` when there is no such draft.
    """
    key = org_key(organisation_name or "")
    if not key:
        return None
    questionnaire = questionnaire or qn.default()
    best: tuple[int, str, Submission] | None = None
    for entry, raw in _raw_files(cohort_dir):
        if not isinstance(raw, dict) or raw.get("status") != "draft":
            continue
        org = raw.get("organisation")
        name = org.get("name") if isinstance(org, dict) else None
        if not isinstance(name, str) or org_key(name) != key:
            continue
        try:
            sub = Submission.from_dict(raw, questionnaire)
            mtime = entry.stat().st_mtime_ns
        except (SubmissionError, OSError):
            continue
        candidate = (mtime, sub.started, sub)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else None


def _drafts_holding(cohort_dir: str | Path, code: str) -> list[tuple[os.DirEntry[str], Any]]:
    """(entry, parsed JSON) of each draft whose ``resume_code`` is ``code`` (canonical).

    The code's two spellings are looked for in the raw bytes first, so that only the rare
    file that may hold it is parsed: a cohort of thousands of imported files costs a read each.
    """
    needles = (code.encode("ascii"), format_code(code).encode("ascii"))
    found: list[tuple[os.DirEntry[str], Any]] = []
    try:
        entries = list(os.scandir(cohort_dir))
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return found
    for entry in entries:
        if not _is_candidate(entry):
            continue
        try:
            data = _read_bytes(entry.path, follow_links=False)
            if not any(n in data.upper() for n in needles):
                continue
            raw = _parse_json(data)
        except (SubmissionError, OSError):
            continue
        if (
            isinstance(raw, dict)
            and raw.get("status") == "draft"
            and normalise_code(raw.get("resume_code")) == code
        ):
            found.append((entry, raw))
    return found


def listable(cohort_dir: str | Path) -> bool:
    """Whether this account may list the cohort folder (on a shared JupyterHub folder a
    participant may write files it cannot list: codes cannot be looked up there). A folder
    not created yet is listable: it is only empty."""
    try:
        with os.scandir(cohort_dir):
            return True
    except (FileNotFoundError, NotADirectoryError):
        return True
    except PermissionError:
        return False


def code_taken(cohort_dir: str | Path, code: str) -> bool:
    """Whether a draft of the cohort already holds resume code ``code`` (canonical form)."""
    return bool(_drafts_holding(cohort_dir, code))


def find_by_code(
    cohort_dir: str | Path,
    code: str,
    questionnaire: qn.Questionnaire | None = None,
) -> Submission | None:
    """The draft whose resume code is ``code`` (typed loosely: case, spaces and dashes do not
    count), or None: no such draft, a code that cannot be one, or a submission already sent.

    This is the only way the app takes up a draft from the cohort folder: a name is never
    enough. Files that do not load are skipped (``load_cohort`` reports them); should two
    drafts hold the same code (the app draws a fresh one when a code is taken), the one saved
    last wins.
    """
    canonical = normalise_code(code)
    if canonical is None:
        return None
    questionnaire = questionnaire or qn.default()
    best: tuple[int, Submission] | None = None
    for entry, raw in _drafts_holding(cohort_dir, canonical):
        try:
            sub = Submission.from_dict(raw, questionnaire)
            mtime = entry.stat().st_mtime_ns
        except (SubmissionError, OSError):
            continue
        if best is None or mtime > best[0]:
            best = (mtime, sub)
    return best[1] if best else None


def discard_draft(cohort_dir: str | Path, submission_id: str, code: str | None) -> bool:
    """Remove an empty draft (no answer, no stakeholder) whose resume code is ``code``: what a
    page saved before its group resumed its real draft by code. Anything else stays on disk.
    Returns whether a file was removed."""
    path = submission_path(cohort_dir, submission_id)
    try:
        raw = _parse_json(_read_bytes(str(path), follow_links=False))
    except (SubmissionError, OSError):
        return False
    if (
        not isinstance(raw, dict)
        or raw.get("status") != "draft"
        or raw.get("answers")
        or raw.get("stakeholders")
        or normalise_code(raw.get("resume_code")) != normalise_code(code)
    ):
        return False
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return True
