"""Numbers, dates and punctuation as a person reads them, in Canadian French or English.

One formatter for every figure shown on a screen, in a report, a chart or a message, built on
Babel's CLDR data for ``fr_CA`` and ``en_CA``: ``3,5 h``, ``45 %``, ``5 022``, ``« texte »``,
``Question :`` in French, with the non-breaking spaces of French typography; ``3.5 h``,
``45%``, ``5,022``, "text", ``Question:`` in English. Machine files (CSV, JSON, XLSX cells)
keep machine numbers and never come here.

Rounding is half away from zero, as people round (``2.5`` → ``3``), not Python's half to even.
Unknown values (``None``, NaN) are written :data:`UNKNOWN`, never ``nan``.

>>> hours(3.5, "fr"), hours(3.5, "en")
('3,5\\xa0h', '3.5\\xa0h')
>>> percent(0.45, lang="fr"), count(5022, "fr")
('45\\xa0%', '5\\xa0022')
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from . import words

NBSP = "\u00a0"
UNKNOWN = "—"
LOCALES = {"fr": "fr_CA", "en": "en_CA"}


def locale(lang: str | None = None) -> str:
    """The CLDR locale of a language: ``fr_CA`` or ``en_CA``."""
    return LOCALES[words.resolve(lang)]


def _known(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _rounded(value: float, digits: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


@functools.cache
def _signs(where: str) -> tuple[str, str, str, str, str]:
    """A locale's CLDR signs: decimal, group, minus, and the text before and after a
    percentage (``""`` and ``"\u00a0%"`` in ``fr_CA``). Read from Babel once per locale."""
    pattern = Locale.parse(where).percent_formats[None].pattern
    number = re.search(r"[#0,.]+", pattern)
    assert number is not None  # every CLDR percent pattern has one
    return (
        babel_numbers.get_decimal_symbol(where),
        babel_numbers.get_group_symbol(where),
        babel_numbers.get_minus_sign_symbol(where),
        pattern[: number.start()],
        pattern[number.end() :],
    )


def _digits(value: Decimal, digits: int, trim: bool, where: str) -> str:
    """A rounded number written with the locale's signs (what Babel's ``#,##0.##`` patterns
    give, computed here with Python's formatting: Babel's takes 50 µs a figure, and a cohort
    report writes thousands)."""
    decimal, group, minus = _signs(where)[:3]
    text = f"{abs(value):,.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _, fraction = text.partition(".")
    written = whole.replace(",", group) + (decimal + fraction if fraction else "")
    return minus + written if value < 0 and any(c in "123456789" for c in text) else written


def number(value: float | None, digits: int = 1, lang: str | None = None) -> str:
    """``value`` with at most ``digits`` decimals, grouped by thousands: ``3,5``, ``12``,
    ``1 250``."""
    if not _known(value):
        return UNKNOWN
    assert value is not None
    return _digits(_rounded(value, digits), digits, True, locale(lang))


def fixed(value: float | None, digits: int, lang: str | None = None) -> str:
    """``value`` with exactly ``digits`` decimals: ``0,48``."""
    if not _known(value):
        return UNKNOWN
    assert value is not None
    return _digits(_rounded(value, digits), digits, False, locale(lang))


def count(value: int | float | None, lang: str | None = None) -> str:
    """A whole number grouped by thousands: ``5 022`` / ``5,022``."""
    return number(value, 0, lang)


def percent(fraction: float | None, digits: int = 0, lang: str | None = None) -> str:
    """A fraction as a percentage: ``0.45`` → ``45 %`` / ``45%``."""
    if not _known(fraction):
        return UNKNOWN
    assert fraction is not None
    where = locale(lang)
    before, after = _signs(where)[3:]
    return before + _digits(_rounded(fraction * 100, digits), digits, True, where) + after


def hours(value: float | None, lang: str | None = None) -> str:
    """Hours to one decimal at most, never cut from their unit: ``3,5 h``, ``11 h``."""
    if not _known(value):
        return UNKNOWN
    return f"{number(value, 1, lang)}{NBSP}h"


def score(value: float | None, lang: str | None = None) -> str:
    """A score out of 100 as people read it: a whole number (``87``)."""
    return number(value, 0, lang)


def date(value: dt.date | dt.datetime | str | None, lang: str | None = None) -> str:
    """A date in words: ``3 décembre 2026`` / ``December 3, 2026``."""
    if value is None or value == "":
        return UNKNOWN
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    else:
        day = value.date() if isinstance(value, dt.datetime) else value
    return str(babel_dates.format_date(day, "long", locale=locale(lang)))


def quote(text: str, lang: str | None = None) -> str:
    """Text in quotation marks: ``« texte »`` / ``“text”``."""
    if words.resolve(lang) == "fr":
        return f"«{NBSP}{text}{NBSP}»"
    return f"\u201c{text}\u201d"


def colon(label: str, lang: str | None = None) -> str:
    """A label introducing what follows: ``Question :`` / ``Question:``."""
    return f"{label}{NBSP}:" if words.resolve(lang) == "fr" else f"{label}:"


_FRENCH_SPACES = re.compile(r" (?=[:»%])|(?<=«) |(?<=\d) (?=h\b)")


def typography(text: str, lang: str | None = None) -> str:
    """French spacing made non-breaking: before ``:``, ``»`` and ``%``, after ``«``, and
    between a number and its ``h`` (``10 h``).

    English text is returned as it is.
    """
    if words.resolve(lang) != "fr":
        return text
    return _FRENCH_SPACES.sub(NBSP, text)


_FIXED_SPEC = re.compile(r"\.(\d)f")


def template_number(value: int | float, spec: str, lang: str) -> str:
    """A number placed in a catalogue template, following the template's format spec.

    ``.Nf`` gives ``N`` decimals in the language's convention; a whole number without a spec is
    grouped from 10 000 up (so row numbers and years such as 2026 read as written); other
    specs (``02x``…) are Python's.
    """
    fixed_spec = _FIXED_SPEC.fullmatch(spec)
    if fixed_spec:
        return fixed(value, int(fixed_spec.group(1)), lang)
    if spec:
        return format(value, spec)
    if isinstance(value, int):
        return count(value, lang) if abs(value) >= 10_000 else str(value)
    return number(value, 3, lang)


__all__ = [
    "LOCALES",
    "NBSP",
    "UNKNOWN",
    "colon",
    "count",
    "date",
    "fixed",
    "hours",
    "locale",
    "number",
    "percent",
    "quote",
    "score",
    "template_number",
    "typography",
]
