"""Resume codes: the short secret with which a group, and only that group, takes up its draft.

A draft gets its code when it is first saved; the group sees it in the app and notes it. The
code is 6 symbols of Crockford's base 32 (digits and capitals without I, L, O and U), shown in
two groups of three, ``K7P-4QX``: read aloud and typed on a phone without doubt. Input is
forgiving: case, spaces and dashes do not count, and ``O``, ``I`` and ``L`` are read as ``0``,
``1`` and ``1``.

Why guessing does not work: 32⁶ = 1,073,741,824 codes, drawn with :mod:`secrets`. With 25 drafts
in a cohort folder, one guess finds one of them with probability 25 / 2³⁰ ≈ 2.3 × 10⁻⁸; an app
takes :data:`MAX_FAILURES` wrong codes per :data:`WINDOW_SECONDS` (:class:`Throttle`), so one
page needs on average 43 million guesses, some 16 years at that pace, and even a hundred pages
at once need months, against a workshop that lasts hours.

Pure: no files (the lookup by code is :func:`toolkit.store.find_by_code`), no widgets.

>>> normalise_code(" k7p-4qx ") == normalise_code("K7P4QX") == "K7P4QX"
True
>>> format_code("K7P4QX")
'K7P-4QX'
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Callable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base 32: no I, L, O or U, which read as 1, 1, 0 or V."""

LENGTH = 6
"""Symbols in a code: 32⁶ ≈ 1.07 × 10⁹ codes."""

SPACE = len(ALPHABET) ** LENGTH

MAX_FAILURES = 5
"""Wrong codes an app accepts within :data:`WINDOW_SECONDS` before it asks to wait."""

WINDOW_SECONDS = 60.0

_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = str.maketrans("", "", " -_.\u00a0\u2010\u2011\u2012\u2013\u2014\t")


def new_code() -> str:
    """A fresh code in its canonical form (6 symbols, no dash), from :mod:`secrets`."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text: object) -> str | None:
    """The canonical form of a typed code (``"k7p 4qx"`` → ``"K7P4QX"``), or None when it cannot
    be one (wrong length or a symbol outside the alphabet)."""
    if not isinstance(text, str):
        return None
    code = text.upper().translate(_IGNORED).translate(_READ_AS)
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def format_code(code: str) -> str:
    """A canonical code as shown and read aloud: ``K7P-4QX``."""
    half = LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


class Throttle:
    """At most ``max_failures`` wrong codes within ``window`` seconds (one per app).

    >>> t = Throttle(max_failures=2, window=60, clock=lambda: 0.0)
    >>> t.failed(); t.failed(); t.wait()
    60.0
    """

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures: deque[float] = deque()

    def wait(self) -> float:
        """Seconds before another code may be tried (0 when one may be tried now)."""
        now = self.clock()
        while self._failures and now - self._failures[0] >= self.window:
            self._failures.popleft()
        if len(self._failures) < self.max_failures:
            return 0.0
        return self.window - (now - self._failures[0])

    def failed(self) -> None:
        """Count one wrong code."""
        self._failures.append(self.clock())
