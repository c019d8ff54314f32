"""A cohort folder shared by every group on one server, set up as docs/jupyterhub.md says,
checked with real accounts: what the OS permissions protect, and that nothing is lost.

The set-up under test (the guide's commands):

* the facilitators' group (``pertinence-animation`` in the guide) holds the facilitators only;
* ``install -d -o <facilitator> -g <group> -m 3773 <cohort folder>``: setgid (files join the
  facilitators' group), sticky (nobody renames or deletes another account's file), ``rwx`` for
  the owner and the group (they list and read), ``-wx`` for everyone else (participants create
  files and reach them by name, but cannot list the folder);
* participants' servers run with umask 027, so the store writes their files ``0640``: the owner
  reads and writes, the facilitators' group reads, nobody else.

How the tests act as other accounts: run as root (as in CI), they create temporary accounts
with ``useradd`` and a group with ``groupadd`` (removed at the end), and run each account's code
in a forked child that drops to that account's groups, gid and uid before it touches the
folder, so the kernel checks every access as it would for that person. A fork rather than
``runuser -u … python``: the interpreter may live where other accounts cannot reach it (here,
under ``/root``, mode 0700). Without ``useradd`` (or with a read-only ``/etc``) the same checks
run with numeric ids no account uses. Only a run that is not root (it cannot change uid) skips.

A forked child still reads files after it has become the account: matplotlib reopens its font
files in every child (it empties its font cache at fork), and the app reads the toolkit's data
files. On a server those live in an installation every account can read; a clone may live in
a private folder (``mktemp -d`` makes it 0700). So for the module's duration the accounts are
let through, and only through, the folders on the way to the venv and the toolkit that others
cannot pass: an ACL entry per account with the traverse right alone (``u:<uid>:--x``; nothing
can be listed), or, where the file system has no ACLs, the traverse bit for others. Both are
undone at the end.
"""

from __future__ import annotations

import contextlib
import grp
import io
import multiprocessing
import os
import pwd
import secrets
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import pytest

import toolkit
from tests.cohort_factory import complete_submission
from toolkit import cli, questionnaire, store
from toolkit.app import Questionnaire
from toolkit.dashboard import Dashboard
from toolkit.errors import SubmissionError

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="needs root: creates accounts and switches to them",
)

Q = questionnaire.default()
FOLDER_MODE = 0o3773
PARTICIPANT_UMASK = 0o027
CTX = multiprocessing.get_context("fork") if hasattr(os, "fork") else None


# --------------------------------------------------------------------------------------------
# Accounts and running as them


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gid: int
    groups: tuple[int, ...]


@dataclass
class Outcome:
    """What an account's code returned, or the exception it raised (sent back by the child)."""

    value: Any = None
    error: str | None = None  # exception class name
    message: str = ""  # in English for Pertinence's own errors
    permission: bool = False  # a PermissionError, or an error caused by one
    details: str = ""

    def raise_permission(self) -> Any:
        """The value, re-raising a PermissionError (for ``pytest.mark.xfail(raises=...)``)."""
        if self.permission:
            raise PermissionError(self.message)
        assert self.error is None, self.details
        return self.value


def _child(account: Account, umask: int, fn: Callable[..., Any], args: tuple, conn: Any) -> None:
    try:
        os.setgroups(list(account.groups))
        os.setgid(account.gid)
        os.setuid(account.uid)
        os.umask(umask)
        assert (os.getuid(), os.geteuid()) == (account.uid, account.uid)
        conn.send(Outcome(value=fn(*args)))
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, which asserts on it
        cause = exc.__cause__
        text = getattr(exc, "text", None)  # Pertinence's errors: in English, for the asserts
        conn.send(
            Outcome(
                error=type(exc).__name__,
                message=text("en") if callable(text) else str(exc),
                permission=isinstance(exc, PermissionError) or isinstance(cause, PermissionError),
                details=traceback.format_exc(),
            )
        )
    finally:
        conn.close()


def start_as(
    account: Account, fn: Callable[..., Any], *args: Any, umask: int = PARTICIPANT_UMASK
) -> tuple[Any, Any]:
    """Start ``fn(*args)`` as ``account`` in a forked child; see :func:`finish`."""
    assert CTX is not None
    receive, send = CTX.Pipe(duplex=False)
    proc = CTX.Process(target=_child, args=(account, umask, fn, args, send))
    proc.start()
    send.close()
    return proc, receive


def finish(proc: Any, receive: Any, timeout: float = 120) -> Outcome:
    """The child's result or exception, once it is done."""
    try:
        if not receive.poll(timeout):
            raise AssertionError(f"no answer from the child within {timeout} s")
        outcome = receive.recv()
    finally:
        proc.join(timeout=60)
        receive.close()
    assert proc.exitcode == 0, f"child exited with {proc.exitcode}"
    return outcome


def as_account(
    account: Account, fn: Callable[..., Any], *args: Any, umask: int = PARTICIPANT_UMASK
) -> Outcome:
    """Run ``fn(*args)`` as ``account`` in a forked child; its result or its exception."""
    return finish(*start_as(account, fn, *args, umask=umask))


def _run(*argv: str) -> bool:
    try:
        return subprocess.run(argv, capture_output=True, check=False).returncode == 0
    except FileNotFoundError:
        return False


def _unused_ids(count: int) -> list[int]:
    free = []
    candidate = 61_000 + secrets.randbelow(2_000)
    while len(free) < count:
        candidate += 1
        with contextlib.suppress(KeyError):
            pwd.getpwuid(candidate)
            continue
        with contextlib.suppress(KeyError):
            grp.getgrgid(candidate)
            continue
        free.append(candidate)
    return free


@dataclass
class Workshop:
    folder: Path
    group: str
    gid: int
    facilitator: Account
    cofacilitator: Account
    participants: list[Account]
    real_accounts: bool


def _create_accounts(tag: str) -> tuple[str, int, dict[str, Account], bool]:
    """The facilitators' group and five accounts: f (folder owner), h (co-facilitator), a, b, c.

    Real accounts when ``useradd`` works; otherwise numeric ids that no account uses (the
    kernel checks permissions on numbers, so the checks are the same)."""
    group = f"pertinence_t_{tag}"
    roles = ("f", "h", "a", "b", "c")
    names = {role: f"pertinence_t_{tag}_{role}" for role in roles}
    if shutil.which("useradd") and shutil.which("groupadd") and _run("groupadd", group):
        accounts: dict[str, Account] = {}
        for role, name in names.items():
            extra = ["-G", group] if role in ("f", "h") else []
            if not _run("useradd", "-M", "-U", "-s", "/usr/sbin/nologin", *extra, name):
                break
            pw = pwd.getpwnam(name)
            groups = tuple(os.getgrouplist(name, pw.pw_gid))
            accounts[role] = Account(name, pw.pw_uid, pw.pw_gid, groups)
        else:
            return group, grp.getgrnam(group).gr_gid, accounts, True
        _remove_accounts(accounts, group, real=True)  # half made: undo, then numbers
    gid, *ids = _unused_ids(1 + len(roles))
    accounts = {
        role: Account(f"uid{uid}", uid, uid, (uid, gid) if role in ("f", "h") else (uid,))
        for role, uid in zip(roles, ids, strict=True)
    }
    return f"gid{gid}", gid, accounts, False


def _remove_accounts(accounts: dict[str, Account], group: str, real: bool) -> None:
    if not real:
        return
    for account in accounts.values():
        _run("userdel", account.name)
    _run("groupdel", group)
    left = [a.name for a in accounts.values() if _exists(pwd.getpwnam, a.name)]
    assert not left, f"accounts not removed: {left}"
    assert not _exists(grp.getgrnam, group), f"group not removed: {group}"


def _exists(lookup: Callable[[str], Any], name: str) -> bool:
    try:
        lookup(name)
    except KeyError:
        return False
    return True


ACL_XATTR = "system.posix_acl_access"
ACL_VERSION = 2
ACL_USER_OBJ, ACL_USER, ACL_GROUP_OBJ, ACL_GROUP, ACL_MASK, ACL_OTHER = 1, 2, 4, 8, 16, 32
ACL_NO_ID = 0xFFFFFFFF
TRAVERSE = 1  # the x right of an ACL entry


def _acl_with_traverse(mode: int, current: bytes | None, uids: list[int]) -> bytes:
    """A folder's access ACL (Linux xattr format: version, then (tag, perm, id) entries) that
    keeps what it grants and lets ``uids`` traverse."""
    if current:
        (version,) = struct.unpack_from("<I", current)
        assert version == ACL_VERSION
        entries = [struct.unpack_from("<HHI", current, at) for at in range(4, len(current), 8)]
    else:
        entries = [
            (ACL_USER_OBJ, (mode >> 6) & 7, ACL_NO_ID),
            (ACL_GROUP_OBJ, (mode >> 3) & 7, ACL_NO_ID),
            (ACL_OTHER, mode & 7, ACL_NO_ID),
        ]
    perms = {(tag, uid): perm for tag, perm, uid in entries}
    for uid in uids:
        perms[ACL_USER, uid] = perms.get((ACL_USER, uid), 0) | TRAVERSE
    group_obj = perms[ACL_GROUP_OBJ, ACL_NO_ID]
    perms[ACL_MASK, ACL_NO_ID] = perms.get((ACL_MASK, ACL_NO_ID), group_obj) | TRAVERSE
    ordered = sorted(perms.items())  # the kernel wants entries by tag, then by id
    return struct.pack("<I", ACL_VERSION) + b"".join(
        struct.pack("<HHI", tag, perm, uid) for (tag, uid), perm in ordered
    )


@contextlib.contextmanager
def accounts_pass_through(paths: list[Path], uids: list[int]) -> Iterator[list[Path]]:
    """Let ``uids`` traverse the folders on the way to ``paths`` that others cannot pass
    (see the module's docstring); undone on exit. Yields the folders opened."""
    closed: list[Path] = []
    for path in paths:
        for folder in [*reversed(path.resolve().parents), path.resolve()]:
            if not os.stat(folder).st_mode & stat.S_IXOTH and folder not in closed:
                closed.append(folder)
    undo: list[Callable[[], None]] = []
    try:
        for folder in closed:
            mode = stat.S_IMODE(os.stat(folder).st_mode)
            try:
                current = os.getxattr(folder, ACL_XATTR)
            except OSError:
                current = None
            try:
                os.setxattr(folder, ACL_XATTR, _acl_with_traverse(mode, current, uids))
            except OSError:  # no ACLs on this file system: the traverse bit for others
                os.chmod(folder, mode | stat.S_IXOTH)
            else:
                if current is None:
                    undo.append(lambda f=folder: os.removexattr(f, ACL_XATTR))
                else:
                    undo.append(lambda f=folder, c=current: os.setxattr(f, ACL_XATTR, c))
            undo.append(lambda f=folder, m=mode: os.chmod(f, m))
        yield closed
    finally:
        for step in reversed(undo):
            step()


def make_cohort_folder(path: Path, owner: Account, group: str, gid: int, real: bool) -> None:
    """The guide's command: ``install -d -o <owner> -g <group> -m 3773 <folder>``."""
    if real and shutil.which("install"):
        subprocess.run(
            ["install", "-d", "-o", owner.name, "-g", group, "-m", "3773", str(path)], check=True
        )
    else:
        path.mkdir()
        os.chown(path, owner.uid, gid)
        os.chmod(path, FOLDER_MODE)


def _warm_up() -> None:
    """Run, as root, what the accounts will run, so that every lazy import is done before the
    children lose access to the interpreter's files."""
    import encodings.ascii  # noqa: F401 - read lazily by the store (its umask)
    import encodings.latin_1  # noqa: F401

    with tempfile.TemporaryDirectory() as scratch:
        s = complete_submission("Échauffement")
        store.save(s, scratch)
        store.submit(s, scratch)
        store.load_cohort(scratch, Q, include_drafts=True)
        store.find_draft(scratch, "Échauffement", Q)
        store.count(scratch)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            cli.main(["validate", scratch])
        Dashboard(scratch, Q, interval=0).close()


@pytest.fixture(scope="module")
def workshop() -> Iterator[Workshop]:
    if CTX is None:
        pytest.skip("needs os.fork")
    tag = secrets.token_hex(3)
    group, gid, accounts, real = _create_accounts(tag)
    base = Path(tempfile.mkdtemp(prefix="pertinence-shared-", dir="/tmp"))
    installed = [Path(sys.prefix), Path(matplotlib.get_data_path()), Path(toolkit.__file__).parent]
    uids = sorted({a.uid for a in accounts.values()})
    try:
        with accounts_pass_through(installed, uids):
            os.chmod(base, 0o755)  # like /srv/pertinence: every account may pass through
            (base / "cohorts").mkdir(mode=0o755)
            folder = base / "cohorts" / "2026-12-sherbrooke"
            make_cohort_folder(folder, accounts["f"], group, gid, real)
            _warm_up()
            yield Workshop(
                folder=folder,
                group=group,
                gid=gid,
                facilitator=accounts["f"],
                cofacilitator=accounts["h"],
                participants=[accounts["a"], accounts["b"], accounts["c"]],
                real_accounts=real,
            )
    finally:
        shutil.rmtree(base, ignore_errors=True)
        _remove_accounts(accounts, group, real)


# --------------------------------------------------------------------------------------------
# What each account does (module-level functions: they run in the forked children)


def _save_then_submit(folder: str, name: str, resaves: int = 3) -> str:
    s = complete_submission(name)
    for k in range(resaves):
        s.answers["capacity.2"] = float(k)
        store.save(s, folder)
    store.submit(s, folder)
    return s.submission_id


def _save_draft(folder: str, name: str) -> str:
    s = complete_submission(name)
    store.save(s, folder)
    return s.submission_id


def _resume_outcome(folder: str, code: str) -> tuple[str, float]:
    from toolkit.app.model import AnswersModel

    return AnswersModel(Q, folder).resume_with_code(code)


def _overwrite(folder: str, submission_id: str) -> None:
    s = complete_submission("Imposteur")
    s.submission_id = submission_id
    store.save(s, folder)


def _write_over(path: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("{}")


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _summary(folder: str) -> tuple[int, int, int, list[str]]:
    loaded = store.load_cohort(folder, Q, include_drafts=True)
    return len(loaded.submissions), loaded.drafts, len(loaded.problems), loaded.ignored


def _validate(folder: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return cli.main(["validate", folder])


def _dashboard_counts(folder: str) -> tuple[int, int]:
    board = Dashboard(folder, Q, interval=0)
    try:
        return board.counts
    finally:
        board.close()


def _participant_app(folder: str) -> tuple[bool, str, int]:
    app = Questionnaire(folder, Q, lang="fr")
    app.fill_demo()
    submitted = app.submit()
    return submitted, app.value.status, len(app.errors.outputs)


def _writer_process(folder: str, prefix: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    ids = [_save_then_submit(folder, f"{prefix}-{i}") for i in range(3)]
    results.put(ids)


def _many_writers(
    account: Account,
    folder: str,
    processes: int,
    barrier: Any,
    results: Any,
) -> None:
    """Start ``processes`` writers, all as ``account`` (this function already runs as it)."""
    procs = [
        CTX.Process(target=_writer_process, args=(folder, f"{account.name}-{n}", barrier, results))
        for n in range(processes)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
        assert proc.exitcode == 0


def owner_of(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)


# --------------------------------------------------------------------------------------------
# The tests


def test_the_folder_made_as_the_guide_says_is_setgid_sticky_and_closed_to_others(workshop):
    info = workshop.folder.stat()
    assert stat.S_IMODE(info.st_mode) == FOLDER_MODE
    assert info.st_mode & stat.S_ISGID
    assert info.st_mode & stat.S_ISVTX
    assert (info.st_uid, info.st_gid) == (workshop.facilitator.uid, workshop.gid)
    assert stat.filemode(info.st_mode) == "drwxrws-wt"


def test_each_participant_submission_lands_readable_by_the_facilitators_only(workshop):
    a = workshop.participants[0]
    sid = as_account(a, _save_then_submit, str(workshop.folder), "Boulangerie A").raise_permission()
    path = workshop.folder / f"{sid}.json"
    assert owner_of(path) == (a.uid, workshop.gid, 0o640)  # rw- r-- ---
    assert store.load(path).status == "submitted"
    assert not [n for n in os.listdir(workshop.folder) if n.startswith(".")]  # no temp left


def test_a_participant_cannot_list_the_cohort_folder(workshop):
    b = workshop.participants[1]
    for listing in (os.listdir, os.scandir):
        outcome = as_account(b, lambda f, fn=listing: list(fn(f)), str(workshop.folder))
        assert outcome.error == "PermissionError", outcome.details


def test_a_participant_cannot_read_another_groups_file(workshop):
    a, b = workshop.participants[:2]
    sid = as_account(a, _save_draft, str(workshop.folder), "Secret A").raise_permission()
    path = workshop.folder / f"{sid}.json"
    outcome = as_account(b, _read, str(path))
    assert outcome.error == "PermissionError"
    outcome = as_account(b, store.load, sid, str(workshop.folder))
    assert outcome.error == "SubmissionError"
    assert "Permission denied" in outcome.message


def test_a_participant_cannot_overwrite_rename_or_delete_another_groups_file(workshop):
    a, b = workshop.participants[:2]
    sid = as_account(a, _save_then_submit, str(workshop.folder), "Fromagerie A").raise_permission()
    path = workshop.folder / f"{sid}.json"
    before = path.read_bytes()

    outcome = as_account(b, _overwrite, str(workshop.folder), sid)  # the store's own way in
    assert outcome.error == SubmissionError.__name__, outcome.details
    assert outcome.permission  # caused by the kernel's refusal
    assert "cannot write the file (Operation not permitted)" in outcome.message
    for attack in (_write_over, os.remove, os.unlink):
        outcome = as_account(b, attack, str(path))
        assert outcome.error == "PermissionError", (attack, outcome.details)
    outcome = as_account(b, os.rename, str(path), str(workshop.folder / "mine.json"))
    assert outcome.error == "PermissionError"

    assert path.read_bytes() == before
    assert store.load(path).organisation["name"] == "Fromagerie A"
    assert not [n for n in os.listdir(workshop.folder) if n.startswith(".")]  # B's temp removed


def test_a_participant_finds_no_draft_to_resume_rather_than_failing(workshop):
    a, b = workshop.participants[:2]
    as_account(a, _save_draft, str(workshop.folder), "Quincaillerie A").raise_permission()
    assert as_account(b, store.find_draft, str(workshop.folder), "Quincaillerie A").value is None
    assert as_account(b, store.count, str(workshop.folder)).value == (0, 0)
    # its own draft cannot be found by name either (the folder cannot be listed): the
    # downloaded answers file is how a group resumes on a shared server
    as_account(b, _save_draft, str(workshop.folder), "Quincaillerie B").raise_permission()
    assert as_account(b, store.find_draft, str(workshop.folder), "Quincaillerie B").value is None
    # nor by a resume code: the app says so instead of calling the code wrong
    outcome = as_account(b, _resume_outcome, str(workshop.folder), "K7P-4QX").value
    assert outcome == ("unlisted", 0.0)


def test_the_facilitator_and_a_co_facilitator_load_every_submission(workshop):
    folder = str(workshop.folder)
    a, b, c = workshop.participants
    sids = [
        as_account(p, _save_then_submit, folder, f"Cafe {p.name}").raise_permission()
        for p in (a, b, c)
    ]
    draft = as_account(c, _save_draft, folder, "Brouillon C").raise_permission()
    as_root = store.load_cohort(folder, Q, include_drafts=True)
    for facilitator in (workshop.facilitator, workshop.cofacilitator):
        submissions, drafts, problems, ignored = as_account(facilitator, _summary, folder).value
        assert (submissions, drafts, problems, ignored) == (
            len(as_root.submissions),
            as_root.drafts,
            0,
            [],
        )
        assert as_account(facilitator, _validate, folder).value == 0
        assert as_account(facilitator, _dashboard_counts, folder).value == store.count(folder)
        found = as_account(facilitator, store.load, draft, folder).raise_permission()
        assert found.organisation["name"] == "Brouillon C"
    assert {s.submission_id for s in as_root.submissions} >= set(sids)


def test_only_the_folders_owner_can_tidy_up_after_the_workshop(workshop):
    a = workshop.participants[0]
    sid = as_account(a, _save_draft, str(workshop.folder), "Essai A").raise_permission()
    path = str(workshop.folder / f"{sid}.json")
    assert as_account(workshop.cofacilitator, os.remove, path).error == "PermissionError"
    assert as_account(workshop.facilitator, os.remove, path).error is None
    assert not os.path.exists(path)


def test_participants_of_different_accounts_writing_at_once_lose_nothing(workshop):
    folder = str(workshop.folder)
    already = set(os.listdir(folder))
    per_account = 3
    barrier = CTX.Barrier(len(workshop.participants) * per_account)
    results = CTX.Queue()
    leaders = [  # one child per account, each starting its writers as that account
        start_as(p, _many_writers, p, folder, per_account, barrier, results)
        for p in workshop.participants
    ]
    for proc, receive in leaders:
        finish(proc, receive, timeout=180).raise_permission()
    ids = []
    for _ in range(len(workshop.participants) * per_account):
        ids += results.get(timeout=10)
    assert len(set(ids)) == len(workshop.participants) * per_account * 3

    new = set(os.listdir(folder)) - already
    assert new == {f"{sid}.json" for sid in ids}  # every file, and no temp file
    loaded = store.load_cohort(folder, Q, include_drafts=True)
    assert loaded.problems == []
    assert loaded.ignored == []
    by_id = {s.submission_id: s for s in loaded.submissions}
    owners = {p.name: p.uid for p in workshop.participants}
    for sid in ids:
        sub = by_id[sid]
        assert sub.status == "submitted"
        assert sub.answers["capacity.2"] == 2.0
        writer = sub.organisation["name"].rsplit("-", 2)[0]
        assert owner_of(workshop.folder / f"{sid}.json") == (owners[writer], workshop.gid, 0o640)


def test_without_umask_027_a_file_is_readable_by_whoever_knows_its_name(workshop):
    """Why the guide sets the participants' umask: with the usual 022 the store writes 0644,
    and the only protection left is that names cannot be listed (they are random UUIDs)."""
    a, b = workshop.participants[:2]
    sid = as_account(a, _save_draft, str(workshop.folder), "Sans umask", umask=0o022).value
    path = workshop.folder / f"{sid}.json"
    assert owner_of(path)[2] == 0o644
    assert as_account(b, os.listdir, str(workshop.folder)).error == "PermissionError"
    assert as_account(b, _read, str(path)).value == path.read_bytes()


def test_a_participant_submits_through_the_app_and_sees_its_result(workshop):
    with tempfile.TemporaryDirectory() as scratch:  # warm up: charts, report, fonts
        assert _participant_app(scratch) == (True, "submitted", 0)
    c = workshop.participants[2]
    submitted, status, errors = as_account(
        c, _participant_app, str(workshop.folder)
    ).raise_permission()
    assert (submitted, status, errors) == (True, "submitted", 0)
