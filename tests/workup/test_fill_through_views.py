"""A workup filled in through the section pages reaches the same evaluation as the same
document given to evaluate_workup."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.patients.factories import make_patient
from tests.workup.factories import DOCUMENTS, document_facts, load_document
from tests.workup.helpers import fill_section
from workup import adapters
from workup.document import document_from_facts
from workup.models import Workup
from workup.rules.evaluate import evaluate
from workup.sections import SECTION_NAMES


def evaluate_command(path) -> dict:
    out = io.StringIO()
    call_command("evaluate_workup", str(path), stdout=out)
    return json.loads(out.getvalue())


def start_workup(client, facts) -> Workup:
    p = facts.patient
    patient = make_patient(
        mrn=p.mrn,
        given_name=p.given_name,
        family_name=p.family_name,
        date_of_birth=p.date_of_birth,
        sex_at_birth=p.sex_at_birth,
    )
    response = client.post(
        reverse("workup:create", args=[patient.pk]),
        {"visit_date": facts.visit_date.isoformat(), "clinician": client.session["_auth_user_id"]},
    )
    assert response.status_code == 302
    return Workup.objects.get(patient=patient)


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_a_workup_filled_in_through_the_pages_evaluates_like_its_document(clinician_client, path):
    facts = document_facts(load_document(path))
    workup = start_workup(clinician_client, facts)
    for name in SECTION_NAMES:
        value = adapters.facts_section_value(facts, name)
        if value is not None:
            response = fill_section(clinician_client, workup, name, value)
            assert response.status_code == 302, (name, response.content.decode()[-4000:])

    stored = adapters.workup_facts(Workup.objects.get(pk=workup.pk))
    assert evaluate(stored).as_dict() == evaluate_command(path)
    assert same_content(document_from_facts(stored), document_from_facts(facts))


def same_content(a: dict, b: dict) -> bool:
    """Equal documents, except that the exclusion grid lists findings in checklist order."""

    def by_condition(doc):
        return {**doc, "exclusions": sorted(doc.get("exclusions", []), key=str)}

    return by_condition(a) == by_condition(b)


@pytest.mark.parametrize("path", DOCUMENTS[:2], ids=[p.stem for p in DOCUMENTS[:2]])
def test_the_overview_shows_the_flags_of_that_evaluation(clinician_client, path):
    facts = document_facts(load_document(path))
    workup = start_workup(clinician_client, facts)
    for name in SECTION_NAMES:
        value = adapters.facts_section_value(facts, name)
        if value is not None:
            fill_section(clinician_client, workup, name, value)
    html = clinician_client.get(workup.get_absolute_url()).content.decode()
    for flag in evaluate_command(path)["flags"]:
        assert flag["code"] in html
