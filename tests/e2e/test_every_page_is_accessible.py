"""Beyond the journeys: every kind of page each role can open passes axe-core (no serious or
critical violation), including the states the journeys do not reach: a signed workup that
was amended, its amendment, read-only sections (among them current medications, red flags and
a pending test, under an urgent flag acknowledged at signing), and the account pages."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.e2e.conftest import authenticator
from tests.e2e.workup_forms import document
from tests.workup.signing import flags_due
from workup import services
from workup.importing import workup_import
from workup.sections import SECTION_NAMES

pytestmark = pytest.mark.e2e


def workup_pages(workup, *names):
    args = [workup.patient_id, workup.pk]
    return [reverse(f"workup:{name}", args=args) for name in names]


def section_pages(workup):
    args = [workup.patient_id, workup.pk]
    return [reverse("workup:section", args=[*args, name]) for name in SECTION_NAMES]


def summary_pages(workup):
    return [reverse("summaries:summary", args=[workup.patient_id, workup.pk])]


def test_every_page_of_every_role_passes_axe(visitor_factory, clinician, staff, admin_user):
    facts = document("treatment_resistant_woman")
    signed = workup_import(facts=facts, clinician_username=clinician.username).workup
    services.workup_sign(workup=signed, signer=clinician, password=PASSWORD)
    amendment = services.workup_amend(workup=signed, actor=clinician, reason="Ferritin retested")
    other = workup_import(
        facts=document("older_man_inflammatory"), clinician_username=clinician.username
    ).workup
    services.workup_sign(workup=other, signer=clinician, password=PASSWORD)
    urgent = workup_import(
        facts=document("older_woman_new_headache_v2"), clinician_username=clinician.username
    ).workup
    services.workup_sign(
        workup=urgent, signer=clinician, password=PASSWORD, acknowledged=flags_due(urgent)
    )
    patient = signed.patient_id

    anonymous = visitor_factory("sweep-anonymous")
    for path in ("/accounts/login/", "/accounts/password/reset/"):
        anonymous.goto(path, state=path)

    person = visitor_factory("sweep-clinician")
    person.log_in(clinician.username, device=authenticator(clinician))
    for path in [
        "/",
        reverse("patients:list"),
        reverse("patients:create"),
        reverse("patients:detail", args=[patient]),
        reverse("patients:update", args=[patient]),
        reverse("patients:archive", args=[patient]),
        reverse("workup:create", args=[patient]),
        reverse("workup:rules"),
        *workup_pages(signed, "overview"),
        *section_pages(signed),
        *summary_pages(signed),
        *workup_pages(amendment, "overview", "details", "sign"),
        *section_pages(amendment),
        reverse("workup:section_clear", args=[patient, amendment.pk, "labs"]),
        *workup_pages(other, "amend"),
        *workup_pages(urgent, "overview"),
        *section_pages(urgent),
        *summary_pages(urgent),
        reverse("summaries:batch_list"),
        reverse("summaries:batch_create"),
        reverse("two_factor"),
        reverse("password_change"),
        "/no-such-page/",
    ]:
        person.goto(path, state=path)

    person = visitor_factory("sweep-staff")
    person.log_in(staff.username, device=authenticator(staff))
    for path in [
        "/",
        reverse("patients:detail", args=[patient]),
        *workup_pages(signed, "overview"),
        *section_pages(amendment),
        *summary_pages(amendment),
        reverse("summaries:batch_create"),
    ]:
        person.goto(path, state=path)

    person = visitor_factory("sweep-admin")
    person.log_in(admin_user.username, device=authenticator(admin_user))
    for path in [
        "/",
        reverse("user_list"),
        reverse("user_create"),
        reverse("user_detail", args=[clinician.pk]),
        reverse("audit:event_list"),
        reverse("audit:event_list") + f"?user={clinician.pk}",
        reverse("two_factor"),
    ]:
        person.goto(path, state=path)
