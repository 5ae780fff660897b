"""Workups for tests: drafts with sections written the way the services write them."""

import datetime
import json
from pathlib import Path

from workup.document import facts_from_document
from workup.models import Workup
from workup.writes import write_sections

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
DOCUMENTS = sorted(FIXTURES.glob("*.json"))


def load_document(name_or_path) -> dict:
    path = Path(name_or_path)
    if not path.is_absolute():
        path = FIXTURES / f"{name_or_path}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def make_workup(*, patient, clinician, visit_date=None, facts=None, **extra) -> Workup:
    """A draft workup (saved directly: no audit event), with the sections of `facts` if given."""
    workup = Workup.objects.create(
        patient=patient,
        clinician=clinician,
        visit_date=visit_date or (facts.visit_date if facts else datetime.date(2026, 11, 20)),
        revision=1 if facts else 0,
        **extra,
    )
    if facts is not None:
        write_sections(workup, facts, actor=clinician, reason="test data")
    return workup


def document_facts(document: dict):
    return facts_from_document(document, today=datetime.date(2030, 1, 1))


def sample_workup(patient, *, username: str = "workup_author") -> Workup:
    """A draft of `patient` with every section of the specification's example document."""
    from accounts.roles import Role
    from tests.conftest import make_user

    facts = document_facts(load_document("spec_example_v2"))
    return make_workup(patient=patient, clinician=make_user(username, Role.CLINICIAN), facts=facts)
