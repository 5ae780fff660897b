"""Realistic demo patients, made in bulk for trying the app and for measuring it.

The names are a deterministic mix from many countries, accents included; phone numbers are in
the range reserved for drama (07700 900xxx) and emails at example.org. Bulk creation writes no
audit events and no history rows: these are not registrations by a person.
"""

import datetime
import functools
import io
import itertools
import random
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from accounts.roles import Role
from patients.models import Patient
from patients.search import normalise_name, search_name_for, sort_name_for

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
    clinician_ids = [clinician.pk for clinician in clinicians]
    for fields in _demo_fields(count, seed, clinician_ids):
        yield Patient(**fields)


def demo_patients_create(*, count: int, seed: int = 2026, batch_size: int = BATCH_SIZE) -> int:
    """Create the demo patients; ones that exist are left alone, so running it again is
    harmless. Returns how many were created. A million take a minute or two on PostgreSQL,
    which is written with COPY."""
    clinician_ids = list(
        get_user_model()
        .objects.filter(groups__name=Role.CLINICIAN.value, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    before = Patient.objects.count()
    rows = _demo_fields(count, seed, clinician_ids)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _copy_patients(rows, batch_size)
        else:
            while batch := list(itertools.islice(rows, batch_size)):
                Patient.objects.bulk_create(
                    [Patient(**fields) for fields in batch], ignore_conflicts=True
                )
    return Patient.objects.count() - before


def _demo_fields(count: int, seed: int, clinician_ids: list[int]) -> Iterator[dict]:
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    today = timezone.localdate()
    now = timezone.now()
    for number in range(1, count + 1):
        yield _demo_patient(rng, number, today, now, clinician_ids)


def _demo_patient(rng: random.Random, number: int, today, now, clinician_ids) -> dict:
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
        email = f"{_email_local_part(given, family)}{number}@example.org"
    archived = rng.random() < 0.02
    return {
        "mrn": demo_mrn(number),
        "given_name": given,
        "family_name": family,
        "date_of_birth": born,
        "sex_at_birth": sex,
        "phone": f"+44 7700 900{rng.randint(0, 999):03d}" if rng.random() < 0.85 else "",
        "email": email,
        "primary_clinician_id": clinician_ids[number % len(clinician_ids)]
        if clinician_ids and number % 2
        else None,
        "last_visit_on": today - datetime.timedelta(days=rng.randint(0, 3 * 365))
        if rng.random() < 0.7
        else None,
        "is_active": not archived,
        "archived_at": now if archived else None,
        "archived_reason": "Moved away (demo data)" if archived else "",
    }


@functools.cache
def _email_local_part(given: str, family: str) -> str:
    local = normalise_name(f"{given}.{family}").replace(" ", "").replace("'", "")
    return local.encode("ascii", "ignore").decode()


# --- PostgreSQL: COPY into a scratch table, then insert what is not on record yet ---------------

NULL = "\\N"
_COPY_FIELDS = (
    "mrn",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex_at_birth",
    "phone",
    "email",
    "primary_clinician_id",
    "last_visit_on",
    "is_active",
    "archived_at",
    "archived_reason",
    "search_name",
    "sort_name",
    "created_at",
    "updated_at",
)


def _copy_patients(rows: Iterator[dict], batch_size: int) -> None:
    """The rows in COPY's text format into a scratch table, then into the register in their
    order, skipping MRNs already on record (what ``ignore_conflicts`` does elsewhere)."""
    columns = ", ".join(_COPY_FIELDS)
    table = Patient._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE demo_patient_rows ON COMMIT DROP AS "  # noqa: S608
            f"SELECT 0::bigint AS number, {columns} FROM {table} WITH NO DATA"
        )
        number, now = 0, timezone.now().isoformat()
        while batch := list(itertools.islice(rows, batch_size)):
            lines = []
            for fields in batch:
                number += 1
                lines.append(_copy_line(number, fields, now))
            cursor.cursor.copy_expert(
                f"COPY demo_patient_rows (number, {columns}) FROM STDIN",
                io.StringIO("".join(lines)),
                size=1 << 20,
            )
        cursor.execute(
            f"INSERT INTO {table} ({columns}) "  # noqa: S608
            f"SELECT {columns} FROM demo_patient_rows ORDER BY number ON CONFLICT DO NOTHING"
        )
        cursor.execute("DROP TABLE demo_patient_rows")


def _copy_line(number: int, fields: dict, now: str) -> str:
    given, family = fields["given_name"], fields["family_name"]
    search_name, sort_name = _derived_names(given, family)
    archived_at = fields["archived_at"]
    clinician = fields["primary_clinician_id"]
    last_visit = fields["last_visit_on"]
    values = (
        str(number),
        _text(fields["mrn"]),
        _text(given),
        _text(family),
        fields["date_of_birth"].isoformat(),
        fields["sex_at_birth"],
        _text(fields["phone"]),
        _text(fields["email"]),
        NULL if clinician is None else str(clinician),
        NULL if last_visit is None else last_visit.isoformat(),
        "t" if fields["is_active"] else "f",
        NULL if archived_at is None else archived_at.isoformat(),
        _text(fields["archived_reason"]),
        _text(search_name),
        _text(sort_name),
        now,
        now,
    )
    return "\t".join(values) + "\n"


@functools.cache
def _derived_names(given: str, family: str) -> tuple[str, str]:
    """What ``Patient.fill_derived_fields`` stores, worked out once per pair of names."""
    return search_name_for(given, family), sort_name_for(given, family)


def _text(value: str) -> str:
    """A value in COPY's text format: backslash, tab and line breaks escaped."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value
