"""One words catalogue in two languages, and one formatter for the numbers people read."""

from __future__ import annotations

import datetime as dt
import os
import re
import string
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml

from toolkit import fmt, words

ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _raw_catalogue() -> dict[str, dict[str, str]]:
    """The YAML files as written, before French spacing is applied."""
    raw: dict[str, dict[str, str]] = {}
    for item in (resources.files("toolkit") / "data" / "words").iterdir():
        if item.name.endswith(".yaml"):
            raw.update(yaml.safe_load(item.read_text(encoding="utf-8")))
    return raw


# --------------------------------------------------------------------------------------------
# The catalogue


def test_every_key_has_french_and_english_with_the_same_placeholders():
    catalogue = words.catalogue()
    assert len(catalogue) > 100
    for key, entry in catalogue.items():
        assert set(entry) == set(words.LANGUAGES), key
        assert entry["fr"].strip(), key
        assert entry["en"].strip(), key
        assert _fields(entry["fr"]) == _fields(entry["en"]), key
        sample = dict.fromkeys(_fields(entry["en"]), 7)
        for lang in words.LANGUAGES:  # every template renders (format specs included)
            assert words.render(key, lang, **sample), (key, lang)


def test_french_words_follow_quebec_typography():
    for key, entry in _raw_catalogue().items():
        french = str(entry["fr"])
        assert not re.search(r"\S: ", french), f"{key}: a space goes before the colon"
        assert not re.search(r" [;?!]", french), f"{key}: no space before ; ? or !"
        assert "'{" not in french, f"{key}: quote with « »"
        assert '"' not in french, f"{key}: quote with « »"
        for word in ("email", "e-mail", "week-end", "organisation's"):
            assert word not in french.lower(), (key, word)


def test_french_spaces_are_non_breaking_when_read():
    text = words.render("where.value", "fr", value="x", more="")
    assert text == f"(valeur{NBSP}: «{NBSP}x{NBSP}»)"
    assert words.render("where.value", "en", value="x", more="") == "(value: 'x')"


def test_a_key_defined_twice_or_missing_a_language_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "toolkit" / "data" / "words"
    folder.mkdir(parents=True)
    (folder / "a.yaml").write_text("k:\n  fr: un\n  en: one\n", encoding="utf-8")
    (folder / "b.yaml").write_text("k:\n  fr: deux\n  en: two\n", encoding="utf-8")
    monkeypatch.setattr(words.resources, "files", lambda _package: tmp_path / "toolkit")
    words.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match="'k' is already defined"):
            words.catalogue()
        (folder / "b.yaml").write_text("j:\n  fr: deux\n", encoding="utf-8")
        words.catalogue.cache_clear()
        with pytest.raises(ValueError, match="'j' needs exactly fr and en"):
            words.catalogue()
        (folder / "b.yaml").write_text("j:\n  fr: oui\n  en: yes\n", encoding="utf-8")
        words.catalogue.cache_clear()
        with pytest.raises(ValueError, match="'j' must be text"):
            words.catalogue()
    finally:
        words.catalogue.cache_clear()


def _source_text() -> str:
    files = [*(ROOT / "toolkit").rglob("*.py"), *(ROOT / "notebooks").glob("*.ipynb")]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def test_every_key_is_used_by_the_code():
    """A key is used when the code names it, or names the prefix of a family of keys that it
    completes at run time (``words.FAMILIES``)."""
    source = _source_text()
    unused = [
        key
        for key in words.catalogue()
        if f'"{key}"' not in source
        and f"'{key}'" not in source
        and not any(key.startswith(prefix) for prefix in words.FAMILIES)
    ]
    assert not unused, f"{len(unused)} keys no code uses: {unused[:20]}"


def test_every_family_of_keys_is_named_in_the_code():
    source = _source_text()
    for prefix in words.FAMILIES:
        assert any(key.startswith(prefix) for key in words.catalogue()), prefix
        assert source.count(f'"{prefix}') >= 2, f"{prefix}: declared but never completed"


# --------------------------------------------------------------------------------------------
# Which language


def test_the_language_is_the_argument_then_the_choice_then_the_environment_then_french(
    monkeypatch,
):
    monkeypatch.delenv(words.ENV, raising=False)
    assert words.resolve() == "fr"
    monkeypatch.setenv(words.ENV, "en")
    assert words.resolve() == "en"
    assert words.resolve("fr") == "fr"
    with words.use_language("fr"):
        assert words.resolve() == "fr"
        assert words.resolve("en") == "en"
    assert words.resolve() == "en"
    monkeypatch.setenv(words.ENV, "de")
    assert words.resolve() == "fr"
    assert words.resolve("de") == "fr"
    with pytest.raises(ValueError, match="language must be one of fr, en"):
        words.set_language("de")


def test_pertinence_lang_is_read_by_a_fresh_process():
    code = "from toolkit import words; print(words.render('where.row', row=3))"
    for env_value, expected in (("en", "row 3"), ("", "ligne 3"), ("de", "ligne 3")):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**os.environ, "PERTINENCE_LANG": env_value},
            cwd=ROOT,
            check=True,
        )
        assert out.stdout.strip() == expected


# --------------------------------------------------------------------------------------------
# The formatter


@pytest.mark.parametrize(
    ("call", "french", "english"),
    [
        (lambda lang: fmt.hours(3.5, lang), f"3,5{NBSP}h", f"3.5{NBSP}h"),
        (lambda lang: fmt.hours(11.0, lang), f"11{NBSP}h", f"11{NBSP}h"),
        (lambda lang: fmt.hours(0.25, lang), f"0,3{NBSP}h", f"0.3{NBSP}h"),  # half up
        (lambda lang: fmt.percent(0.45, lang=lang), f"45{NBSP}%", "45%"),
        (lambda lang: fmt.percent(0.4551, 1, lang), f"45,5{NBSP}%", "45.5%"),
        (lambda lang: fmt.count(5022, lang), f"5{NBSP}022", "5,022"),
        (lambda lang: fmt.count(1_048_576, lang), f"1{NBSP}048{NBSP}576", "1,048,576"),
        (lambda lang: fmt.number(2.5, 0, lang), "3", "3"),
        (lambda lang: fmt.number(-1234.56, 1, lang), f"-1{NBSP}234,6", "-1,234.6"),
        (lambda lang: fmt.fixed(0.483, 2, lang), "0,48", "0.48"),
        (lambda lang: fmt.score(87.5, lang), "88", "88"),
        (lambda lang: fmt.date(dt.date(2026, 12, 3), lang), "3 décembre 2026", "December 3, 2026"),
        (lambda lang: fmt.date("2026-12-03T10:00:00", lang), "3 décembre 2026", "December 3, 2026"),
        (lambda lang: fmt.quote("texte", lang), f"«{NBSP}texte{NBSP}»", "\u201ctexte\u201d"),
        (lambda lang: fmt.colon("Question", lang), f"Question{NBSP}:", "Question:"),
        (lambda lang: fmt.number(float("nan"), 1, lang), fmt.UNKNOWN, fmt.UNKNOWN),
        (lambda lang: fmt.hours(None, lang), fmt.UNKNOWN, fmt.UNKNOWN),
        (lambda lang: fmt.number(-0.04, 0, lang), "0", "0"),  # never a negative zero
        (lambda lang: fmt.percent(-0.0004, lang=lang), f"0{NBSP}%", "0%"),
        (lambda lang: fmt.fixed(1234567.891, 2, lang), f"1{NBSP}234{NBSP}567,89", "1,234,567.89"),
    ],
)
def test_figures_follow_each_language(call, french, english):
    assert call("fr") == french
    assert call("en") == english


def test_the_formatter_follows_the_chosen_language():
    with words.use_language("en"):
        assert fmt.hours(3.5) == f"3.5{NBSP}h"
    with words.use_language("fr"):
        assert fmt.hours(3.5) == f"3,5{NBSP}h"


def test_numbers_in_templates_follow_the_language():
    assert words.render("file.over", "fr", limit=1_048_576) == (
        f"fichier trop volumineux (plus de 1{NBSP}048{NBSP}576 octets)"
    )
    assert words.render("where.row", "fr", row=2026) == "ligne 2026"  # years and rows stay
    assert fmt.template_number(0.4833, ".2f", "fr") == "0,48"
    assert fmt.template_number(255, "02x", "fr") == "ff"


def test_typography_only_touches_french():
    assert fmt.typography("Total : 45 % « oui », 7 à 10 h", "fr") == (
        f"Total{NBSP}: 45{NBSP}% «{NBSP}oui{NBSP}», 7 à 10{NBSP}h"
    )
    assert fmt.typography("Total : 45 %", "en") == "Total : 45 %"
