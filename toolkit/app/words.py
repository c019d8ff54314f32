"""The app's words: one screen's word from the project's catalogue, in the app's language.

The words themselves live in ``toolkit/data/words/app.yaml`` (and the rest of the catalogue);
this module only adapts the catalogue to the app's calls, which name the language first.
"""

from __future__ import annotations

from typing import Any

from .. import words


def word(lang: str, key: str, **kwargs: Any) -> str:
    """The catalogue's ``key`` in ``lang``, filled in with ``kwargs``."""
    return words.render(key, lang, **kwargs)


def plural(lang: str, n: int, one: str, many: str) -> str:
    """The word of key ``one`` or ``many`` for ``n`` things, by each language's rule (in
    French 0 and 1 take the singular, in English only 1)."""
    singular = n in (0, 1) if lang == "fr" else n == 1
    return word(lang, one if singular else many)
