"""Realistic demo patients, made in bulk for trying the app and for measuring it.

The names are a deterministic mix from many countries, accents included; phone numbers are in
the range reserved for drama (07700 900xxx) and emails at example.org. Bulk creation writes no
audit events and no history rows: these are not registrations by a person.
"""

import datetime
import itertools
import random
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from patients.models import Patient
from patients.search import normalise_name

DEMO_MRN_PREFIX = "DEMO-"
BATCH_SIZE = 5_000

# fmt: off
GIVEN_FEMALE = [
    "Ana", "María", "Inês", "Zoë", "Chloé", "Renée", "Aurélie", "Siobhán", "Sofía", "Lucía",
    "Emma", "Olivia", "Amelia", "Isla", "Grace", "Fatima", "Aisha", "Priya", "Mei", "Yuki",
    "Ji-woo", "Ngozi", "Amara", "Ingrid", "Astrid", "Małgorzata", "Zsófia", "Eleni", "Giulia",
    "Francesca", "Hanna", "Léa", "Margarida", "Joana", "Beatriz", "Camille", "Søs", "Ayşe",
    "Elif", "Nora", "Clara", "Rosa", "Julia", "Marta", "Helena", "Laura", "Sarah", "Claire",
]
GIVEN_MALE = [
    "José", "João", "François", "Łukasz", "Søren", "Björn", "Ümit", "Mehmet", "Omar", "Ahmed",
    "Raj", "Wei", "Hiroshi", "Min-jun", "Chidi", "Kwame", "Lars", "Jan", "Tomás", "Andrés",
    "Luca", "Marco", "Dimitris", "Jakub", "Miklós", "Oliver", "George", "Jack", "Samuel",
    "Daniel", "Pedro", "Rui", "Hugo", "Noah", "Finn", "Ole", "Piotr", "Ivan",
]
FAMILY = [
    "Silva", "Santos", "Pereira", "Costa", "Oliveira", "Sousa", "Mendes", "Ferreira", "García",
    "Pérez", "López", "Gómez", "Fernández", "Núñez", "Muñoz", "Smith", "Jones", "Williams",
    "Brown", "Taylor", "Wilson", "Evans", "Thomas", "Roberts", "O'Connor", "Ó Briain",
    "MacDonald", "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Dvořák", "Novák",
    "Horváth", "Nagy", "Kowalski", "Nowak", "Wiśniewska", "Jensen", "Hansen", "Ødegaard",
    "Andersson", "Virtanen", "Korhonen", "Rossi", "Russo", "Bianchi", "Dubois", "Lefèvre",
    "Moreau", "Papadopoulos", "Çelik", "Y\u0131lmaz", "Kaya", "Khan", "Ali", "Patel", "Singh",
    "Kumar", "Chen", "Wang", "Li", "Zhang", "Nguyễn", "Trần", "Kim", "Park", "Lee", "Sato",
    "Tanaka", "Okafor", "Adeyemi", "Mensah", "Van der Berg", "De Jong", "Da Silva", "Žukauskas",
]
# fmt: on
SEXES = [
    (Patient.SexAtBirth.FEMALE, 80),
    (Patient.SexAtBirth.MALE, 18),
    (Patient.SexAtBirth.UNKNOWN, 1.5),
    (Patient.SexAtBirth.INTERSEX, 0.5),
]


def demo_mrn(number: int) -> str:
    return f"{DEMO_MRN_PREFIX}{number:06d}"


def demo_patients(*, count: int, seed: int = 2026, clinicians=()) -> Iterator[Patient]:
    """DEMO-000001 ... DEMO-<count>, unsaved; the same ones for the same seed and day."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    today = timezone.localdate()
    for number in range(1, count + 1):
        yield _demo_patient(rng, number, today, clinicians)


def demo_patients_create(*, count: int, seed: int = 2026, batch_size: int = BATCH_SIZE) -> int:
    """Create the demo patients; ones that exist are left alone, so running it again is
    harmless. Returns how many were created."""
    clinicians = list(
        get_user_model()
        .objects.filter(groups__name=Role.CLINICIAN.value, is_active=True)
        .order_by("pk")
    )
    before = Patient.objects.count()
    with transaction.atomic():
        patients = demo_patients(count=count, seed=seed, clinicians=clinicians)
        while batch := list(itertools.islice(patients, batch_size)):
            Patient.objects.bulk_create(batch, ignore_conflicts=True)
    return Patient.objects.count() - before


def _demo_patient(rng: random.Random, number: int, today: datetime.date, clinicians) -> Patient:
    sex = rng.choices([sex for sex, _ in SEXES], weights=[weight for _, weight in SEXES])[0]
    if sex == Patient.SexAtBirth.MALE or (sex != Patient.SexAtBirth.FEMALE and rng.random() < 0.5):
        given = rng.choice(GIVEN_MALE)
    else:
        given = rng.choice(GIVEN_FEMALE)
    family = rng.choice(FAMILY)
    if rng.random() < 0.08:
        family = f"{family}-{rng.choice(FAMILY)}"
    born = today - datetime.timedelta(days=rng.randint(18 * 365, 88 * 365))
    email = ""
    if rng.random() < 0.6:
        local = normalise_name(f"{given}.{family}").replace(" ", "").replace("'", "")
        email = f"{local.encode('ascii', 'ignore').decode()}{number}@example.org"
    archived = rng.random() < 0.02
    return Patient(
        mrn=demo_mrn(number),
        given_name=given,
        family_name=family,
        date_of_birth=born,
        sex_at_birth=sex,
        phone=f"+44 7700 900{rng.randint(0, 999):03d}" if rng.random() < 0.85 else "",
        email=email,
        primary_clinician=clinicians[number % len(clinicians)]
        if clinicians and number % 2
        else None,
        last_visit_on=today - datetime.timedelta(days=rng.randint(0, 3 * 365))
        if rng.random() < 0.7
        else None,
        is_active=not archived,
        archived_at=timezone.now() if archived else None,
        archived_reason="Moved away (demo data)" if archived else "",
    )
