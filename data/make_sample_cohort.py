"""Generate the bundled sample cohort: fictional but realistic Québec organisations.

Run from the repository root (it rewrites ``data/sample_cohort/``)::

    python data/make_sample_cohort.py

A fixed seed makes the output identical on every run. Each organisation has a target outcome;
answers are drawn around a readiness level per dimension and redrawn until the scoring gives
that outcome, so every recommendation is represented. Three organisations answered twice,
months apart (better prepared the second time), two sent several respondents to the same
workshop, and two groups left a draft.
"""

from __future__ import annotations

import random
import shutil
import uuid
from pathlib import Path

from toolkit import answers as A
from toolkit import questionnaire as qmod
from toolkit import scoring, store

SEED = 20261126
OUT = Path(__file__).resolve().parent / "sample_cohort"
SPRING, AUTUMN = "2026-04-atelier-regional", "2026-11-atelier-regional"

# name, sector, size, region, target recommendation (sector, size and region are codes of the
# questionnaire's profile fields, the one list of them: build() refuses any other)
ORGANISATIONS = [
    ("Boulangerie La Mie dorée", "retail", "1-9", "estrie", "go"),
    ("Municipalité de Saint-Élie-des-Monts", "public", "10-49", "mauricie", "prepare"),
    ("Centre d'action bénévole du Granit", "nonprofit", "10-49", "estrie", "prepare"),
    ("Fromagerie des Cantons", "manufacturing", "10-49", "estrie", "go"),
    ("Quincaillerie Gagnon et fils", "retail", "10-49", "chaudiere_appalaches", "abstain"),
    ("Festival des lumières de Magog", "tourism_culture", "1-9", "estrie", "one_off"),
    (
        "Cabinet comptable Roy Tremblay",
        "professional_services",
        "10-49",
        "capitale_nationale",
        "abstain",
    ),
    ("Ville de Rivière-aux-Saules", "public", "250+", "monteregie", "go"),
    ("Coopérative de solidarité Le Grenier", "nonprofit", "1-9", "bas_saint_laurent", "one_off"),
    ("Usinage Précision Beauce", "manufacturing", "50-249", "chaudiere_appalaches", "prepare"),
    ("Musée régional du Fjord", "tourism_culture", "10-49", "saguenay_lac_saint_jean", "prepare"),
    ("Librairie Le Signet", "retail", "1-9", "montreal", "go"),
    ("Maison des jeunes L'Escale", "nonprofit", "1-9", "laurentides", "abstain"),
    ("Atelier d'architecture Côté Lavoie", "professional_services", "1-9", "outaouais", "prepare"),
    ("Érablière du Rang 4", "manufacturing", "1-9", "centre_du_quebec", "one_off"),
    ("Théâtre du Vieux-Port", "tourism_culture", "10-49", "capitale_nationale", "go"),
    ("MRC des Hautes-Terres", "public", "50-249", "abitibi_temiscamingue", "prepare"),
    ("Clinique vétérinaire des Berges", "professional_services", "10-49", "lanaudiere", "prepare"),
    ("Auberge du Lac-Vert", "tourism_culture", "10-49", "laurentides", "go"),
    ("Friperie Seconde Vie", "retail", "1-9", "laval", "one_off"),
    ("Groupe Manufacturier Nordik", "manufacturing", "250+", "cote_nord", "abstain"),
    ("Société d'histoire de la Gaspésie", "nonprofit", "1-9", "gaspesie_iles", "abstain"),
    ("Transport adapté du Nord", "other", "10-49", "nord_du_quebec", "prepare"),
    ("Services-conseils Boréal inc.", "professional_services", "50-249", "montreal", "go"),
    ("Chambre de commerce de la Haute-Yamaska", "other", "1-9", "monteregie", "one_off"),
    ("Centre de la petite enfance Les Lucioles", "nonprofit", "50-249", "mauricie", "prepare"),
    ("Microbrasserie Le Houblon fou", "manufacturing", "10-49", "estrie", "go"),
    ("Caisse d'entraide Saint-Jude", "other", "250+", "centre_du_quebec", "prepare"),
]
# answered again in the autumn, better prepared
SECOND_TIME = {
    "Municipalité de Saint-Élie-des-Monts": "go",
    "Centre d'action bénévole du Granit": "prepare",
    "Quincaillerie Gagnon et fils": "prepare",
}
# several people of one organisation answered at the same workshop
EXTRA_RESPONDENTS = {
    "Usinage Précision Beauce": ["Direction", "Communications"],
    "Musée régional du Fjord": ["Conservation"],
}
DRAFTS = [
    ("Pharmacie Lemieux", "retail", "10-49", "outaouais"),
    ("Club de ski de fond Les Sapins", "nonprofit", "1-9", "laurentides"),
]
PERSON_DIMENSIONS = ("capacity", "competence", "planning")
# actors for the stakeholder maps of the organisations that did the exercise
ACTORS = [
    ("Clientèle fidèle", "clients"),
    ("Journal régional", "media"),
    ("Chambre de commerce", "association"),
    ("Blogueuse culinaire locale", "influencer"),
    ("Conseil municipal", "regulator"),
    ("Ancien employé mécontent", "critic"),
    ("Fournisseur principal", "partner"),
    ("Groupe Facebook du quartier", "community"),
    ("Équipe de l'organisme", "employees"),
]


def _levels(target: str, rng: random.Random, q: qmod.Questionnaire) -> dict[str, float]:
    """A readiness level (0–1) per dimension, around the target outcome."""
    base = {"go": 0.88, "prepare": 0.62, "one_off": 0.55, "abstain": 0.3}[target]
    levels = {d: min(1.0, max(0.0, rng.gauss(base, 0.12))) for d in q.dimension_ids}
    if target == "one_off":
        for d in PERSON_DIMENSIONS:
            levels[d] = rng.uniform(0.1, 0.45)
    if target == "prepare":  # one or two weak spots, as in real workshops
        for d in rng.sample(list(q.dimension_ids), 2):
            levels[d] = rng.uniform(0.2, 0.5)
    return levels


def _pick(question: qmod.Question, level: float, rng: random.Random):
    """A code whose item score is near the level, with some noise and a few "don't know"."""
    options = [o for o in question.scale.options if not o.dk]
    if question.scale.has_dk and rng.random() < (0.25 if level < 0.5 else 0.04):
        return "dk"
    target = min(100.0, max(0.0, rng.gauss(level * 100, 18)))
    return min(options, key=lambda o: abs(question.item_score(o.code) - target) + rng.random()).code


def _answers(target: str, rng: random.Random, q: qmod.Questionnaire) -> dict:
    levels = _levels(target, rng, q)
    platforms = rng.sample(
        ["facebook", "instagram", "linkedin", "youtube", "tiktok", "x"], rng.choice([1, 1, 2, 2, 3])
    )
    needed = q.effort["overhead"] + sum(q.effort[p] for p in platforms)
    answers: dict = {
        "oneoff.need": "yes" if target == "one_off" or rng.random() < 0.2 else "no",
        "platforms.planned": tuple(c for c in q.platform_question().codes if c in platforms),
    }
    if answers["oneoff.need"] == "yes":
        answers["oneoff.date"] = f"2026-{rng.randint(5, 12):02d}-{rng.randint(1, 28):02d}"
    for question in q.scored_questions:
        level = levels[question.dimension]
        if question.scale.type == "number":
            answers[question.id] = round(max(0.0, needed * rng.gauss(level * 1.1, 0.2)) * 2) / 2
        elif question.scale.type == "multi":
            specific = [c for c in question.codes if not question.scale.option(c).exclusive]
            answers[question.id] = (
                ("none_specific",)
                if level < 0.35 and rng.random() < 0.6
                else tuple(sorted(rng.sample(specific, rng.randint(1, 3)), key=specific.index))
            )
        else:
            answers[question.id] = _pick(question, level, rng)
    return answers


def _submission(q, rng, name, sector, size, region, cohort, submitted, answers, role=None):
    sub = A.Submission(
        q.id,
        q.version,
        cohort=cohort,
        language=rng.choice(["fr", "fr", "fr", "en"]),
        organisation={"name": name, "sector": sector, "size": size, "region": region},
        answers=answers,
        submission_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        respondent_role=role,
        started=submitted.replace("T14", "T13"),
        submitted=submitted,
        status="submitted",
    )
    return sub


def _draw(target: str, rng: random.Random, q: qmod.Questionnaire) -> dict:
    """Redraw answers until the scoring gives the target outcome (deterministic: seeded)."""
    for _ in range(500):
        answers = _answers(target, rng, q)
        sub = A.Submission(q.id, q.version, cohort="", answers=answers)
        if scoring.score(A.to_frame([sub], q), q)["recommendation"].iloc[0] == target:
            return answers
    raise RuntimeError(f"could not draw answers for {target}")  # pragma: no cover


def check_profiles(q: qmod.Questionnaire) -> None:
    """Every organisation's sector, size and region is a code that the questionnaire lists."""
    for name, *profile in [o[:4] for o in ORGANISATIONS] + DRAFTS:
        for field, code in zip(("sector", "size", "region"), profile, strict=True):
            if code not in q.profile_field(field).codes:
                raise ValueError(f"{name}: {field} {code!r} is not a code of the questionnaire")


def build(q: qmod.Questionnaire | None = None) -> list[A.Submission]:
    """Every submission of the sample cohort, in a fixed order."""
    q = q or qmod.load()
    check_profiles(q)
    rng = random.Random(SEED)
    subs = []
    for i, (name, sector, size, region, target) in enumerate(ORGANISATIONS):
        when = f"2026-{'04' if name in SECOND_TIME else '11'}-{10 + i % 3:02d}T14:{i:02d}:00+00:00"
        cohort = SPRING if name in SECOND_TIME else AUTUMN
        answers = _draw(target, rng, q)
        sub = _submission(q, rng, name, sector, size, region, cohort, when, answers)
        if target in ("go", "prepare") and rng.random() < 0.5:
            sub.stakeholders = [
                {
                    "name": actor,
                    "type": kind,
                    "influence": rng.randint(1, 5),
                    "relationship": -2 if kind == "critic" else rng.randint(-1, 2),
                }
                for actor, kind in rng.sample(ACTORS, rng.randint(5, 8))
            ]
        subs.append(sub)
        for role in EXTRA_RESPONDENTS.get(name, []):
            other = dict(answers)
            for qid in rng.sample(
                [x.id for x in q.scored_questions if x.scale.type == "single"], 6
            ):
                other[qid] = _pick(q.question(qid), rng.random(), rng)
            subs.append(_submission(q, rng, name, sector, size, region, cohort, when, other, role))
        if name in SECOND_TIME:
            later = f"2026-11-{10 + i % 3:02d}T15:{i:02d}:00+00:00"
            answers = _draw(SECOND_TIME[name], rng, q)
            subs.append(_submission(q, rng, name, sector, size, region, AUTUMN, later, answers))
    for name, sector, size, region in DRAFTS:
        answers = _answers("prepare", rng, q)
        keep = dict(list(answers.items())[: rng.randint(5, 15)])
        draft = _submission(
            q, rng, name, sector, size, region, AUTUMN, "2026-11-12T14:30:00+00:00", keep
        )
        draft.status, draft.submitted = "draft", None
        subs.append(draft)
    return subs


def write(folder: Path, q: qmod.Questionnaire) -> None:
    """(Re)write the sample cohort into ``folder``: the same bytes on every run."""
    subs = build(q)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for sub in subs:
        store.save(sub, folder, q)


def main() -> None:
    q = qmod.load()
    write(OUT, q)
    result = store.load_cohort(OUT, q)
    counts = scoring.score(result.frame, q)["recommendation"].value_counts().to_dict()
    print(f"{OUT}: {result.summary()}; recommendations {counts}")


if __name__ == "__main__":
    main()
