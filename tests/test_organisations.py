"""Organisations, not rows: the organisation key, and statistics that count each organisation
once per cohort with its latest submission (issue 11, item 4)."""

from __future__ import annotations

import pytest

from toolkit import answers as A


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Café Le Fût inc.", "cafe le fut"),
        ("Cafe le Fut", "cafe le fut"),
        ("CAFÉ  LE FÛT, INC", "cafe le fut"),
        ("Café Le Fût Incorporée", "cafe le fut"),
        ("Boulangerie Roy ltée", "boulangerie roy"),
        ("Boulangerie Roy Limitée", "boulangerie roy"),
        ("Atelier Gagnon enr.", "atelier gagnon"),
        ("Atelier Gagnon Enregistrée", "atelier gagnon"),
        ("Tremblay Avocats S.E.N.C.R.L.", "tremblay avocats"),
        ("Tremblay Avocats s.e.n.c.r.l.", "tremblay avocats"),
        ("Tremblay Avocats SENCRL", "tremblay avocats"),
        ("Ferme Côté S.E.N.C.", "ferme cote"),
        ("Ferme Côté senc", "ferme cote"),
        ("Maison des jeunes OBNL", "maison des jeunes"),
        ("Le Quai coop", "le quai"),
        ("Le Quai Coopérative", "le quai"),
        ("Tremblay et Cie ltée", "tremblay"),
        ("Tremblay & Cie", "tremblay"),
        ("Northwind Ltd.", "northwind"),
        ("Northwind LLC", "northwind"),
        ("Northwind Corp.", "northwind"),
    ],
)
def test_the_key_folds_case_accents_punctuation_and_legal_suffixes(name, key):
    assert A.org_key(name) == key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Coop du Quai", "coop du quai"),  # a suffix word at the start is part of the name
        ("Inc. Solutions", "inc solutions"),
        ("La Coop", "la coop"),  # only an article would remain
        ("Coop", "coop"),  # a name that is only a suffix keeps it
        ("Nettoyage à sec", "nettoyage a sec"),  # "sec" alone is a word, S.E.C. is not
        ("Tremblay et associés", "tremblay et associes"),  # part of a firm's name
        ("Bistro Co", "bistro co"),
        ("", ""),
    ],
)
def test_the_key_keeps_what_names_the_organisation(name, key):
    assert A.org_key(name) == key


def test_coop_du_quai_and_the_quai_are_two_organisations():
    assert A.org_key("Coop du Quai") != A.org_key("Quai")


def test_the_key_is_computed_on_load_never_stored(make_submission, questionnaire):
    sub = make_submission(name="Café Le Fût inc.")
    raw = sub.to_dict()
    assert "org_key" not in raw and "org_key" not in raw["organisation"]
    frame = A.to_frame([A.Submission.from_dict(raw, questionnaire)], questionnaire)
    assert frame["org_key"].tolist() == ["cafe le fut"]
