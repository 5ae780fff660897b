"""Realistic data for the loopback runs, written straight through the models (no audit events:
these are not a person's actions). Call after django.setup(), against a throw-away database."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.roles import Role
from patients.models import Patient
from workup import demo, services
from workup.models import Workup, WorkupStatus
from workup.writes import write_sections

PASSWORD = "load-test-password-" + "x" * 8


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    totp_key: str  # hex, as the authenticator app would hold it

    def as_dict(self) -> dict:
        return {"username": self.username, "password": self.password, "totp_key": self.totp_key}


def accounts(prefix: str, count: int, *, role: Role = Role.CLINICIAN) -> list[Account]:
    """``count`` users ``<prefix>01``... with the role and a confirmed authenticator each.
    The password is hashed once (hashing is slow on purpose) and shared."""
    hashed = make_password(PASSWORD)
    group = Group.objects.get(name=role.value)
    made = []
    with transaction.atomic():
        for number in range(1, count + 1):
            username = f"{prefix}{number:02d}"
            user = User.objects.create(
                username=username,
                password=hashed,
                first_name=prefix.strip("_").title(),
                last_name=f"Number {number}",
                email=f"{username}@example.org",
            )
            user.groups.add(group)
            key = secrets.token_hex(20)
            TOTPDevice.objects.create(user=user, name="Authenticator app", key=key, confirmed=True)
            made.append(Account(username, PASSWORD, key))
    return made


def patients(count: int) -> float:
    """``count`` demo patients in bulk, then the statistics autovacuum would have gathered.
    Returns the seconds it took."""
    from tests.bench.bench_patients import seed_patients

    return seed_patients(count)


def workups(patient: Patient, count: int, *, clinician, signed_every: int = 0) -> list[Workup]:
    """``count`` workups of ``patient``, six months apart, newest first, every section of a
    demo profile recorded; with ``signed_every`` = n, every n-th older one signed (frozen
    document and evaluation; no PDF issued)."""
    today = timezone.localdate()
    now = timezone.now()
    made = []
    with transaction.atomic():
        for number in range(count):
            visit = max(today - datetime.timedelta(days=7 + 182 * number), patient.date_of_birth)
            facts = demo.demo_facts(patient, visit, demo.PROFILES[0])
            workup = Workup.objects.create(
                patient=patient, visit_date=visit, clinician=clinician, revision=1
            )
            write_sections(workup, facts, actor=clinician, reason=demo.DEMO_REASON)
            if signed_every and number and number % signed_every == 0:
                workup.status = WorkupStatus.SIGNED
                workup.signed_at = now
                workup.signed_by = clinician
                for name, value in services.signature_of(facts).items():
                    setattr(workup, name, value)
                workup.save()
            made.append(workup)
        Patient.objects.filter(pk=patient.pk).update(last_visit_on=made[0].visit_date)
    return made


def analyse() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
