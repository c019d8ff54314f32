"""The room's secrets: the workshop code, the facilitator key and the cookie secret, kept in
the cohort folder so that a restarted server keeps them.

The file is ``.pertinence-room`` (mode 0600; a dot-file without the ``.json`` suffix, so the
cohort loader never reads it). Codes are short and unambiguous: no ``0/O``, ``1/I/L``, ``2/Z``,
``5/S``, ``8/B``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

FILE_NAME = ".pertinence-room"
# Letters and digits that cannot be read for one another on a projector or typed wrongly.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 5
PARTICIPANT = "participant"
FACILITATOR = "facilitator"


def new_code(length: int = CODE_LENGTH) -> str:
    """A random workshop code of ``length`` unambiguous characters (``K7QMX``)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(code: str) -> str:
    """A code as a person types it, folded: case, spaces and dashes do not matter."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


@dataclass(frozen=True)
class RoomSecrets:
    """The workshop code (for everyone in the room), the facilitator's key and the secret
    that signs the cookies (never shown)."""

    code: str
    facilitator_key: str
    secret: str

    def cookie(self, role: str) -> str:
        """The cookie value that proves ``role`` (an HMAC of the code or key with the secret)."""
        proof = self.code if role == PARTICIPANT else self.facilitator_key
        message = f"{role}:{normalise(proof) if role == PARTICIPANT else proof}"
        return hmac.new(self.secret.encode(), message.encode(), hashlib.sha256).hexdigest()

    def role_of(self, cookie: str | None) -> str | None:
        """Which role a cookie value proves (``facilitator``, ``participant``) or None."""
        if not cookie:
            return None
        for role in (FACILITATOR, PARTICIPANT):
            if hmac.compare_digest(cookie, self.cookie(role)):
                return role
        return None

    def code_matches(self, typed: str) -> bool:
        return hmac.compare_digest(normalise(typed).encode(), normalise(self.code).encode())

    def key_matches(self, typed: str) -> bool:
        return hmac.compare_digest(typed.encode(), self.facilitator_key.encode())


def load_or_create(
    cohort_dir: str | Path, code: str | None = None, facilitator_key: str | None = None
) -> RoomSecrets:
    """The room's secrets for a cohort folder: read from its ``.pertinence-room`` file, or made
    and written there (mode 0600) the first time. ``code``/``facilitator_key`` replace the
    stored ones (and are stored). Raises ``OSError`` when the folder cannot be written.
    """
    path = Path(cohort_dir) / FILE_NAME
    stored: dict[str, str] = {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(raw, dict):
            stored = {k: v for k, v in raw.items() if isinstance(v, str) and v}
    except (FileNotFoundError, ValueError):
        pass
    found = RoomSecrets(
        code=normalise(code) if code else stored.get("code") or new_code(),
        facilitator_key=facilitator_key
        or stored.get("facilitator_key")
        or secrets.token_urlsafe(12),
        secret=stored.get("secret") or secrets.token_hex(32),
    )
    if not found.code:
        raise ValueError("the workshop code needs letters or digits")
    if asdict(found) != stored:
        _write_private(path, json.dumps(asdict(found), indent=1))
    return found


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` readable by its owner only (a temporary file renamed over the old one)."""
    temp = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    os.chmod(path, 0o600)
