"""Every URL pattern, requested by every role: deny by default, allow exactly what the role needs.

A new URL fails this test until its expected status per role is written into ACCESS below.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.roles import Role
from tests.conftest import make_user, sign_in
from tests.patients.factories import make_patient
from tests.questionnaires.factories import invite
from tests.summaries.factories import make_done_batch
from tests.workup.factories import sample_workup

PUBLIC = {
    "login",
    "healthz",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # The patient's questionnaire pages (no account; nothing without the link's session)
    "questionnaires:open",
    "questionnaires:patient_confirm",
    "questionnaires:patient_part",
    "questionnaires:patient_support",
    "questionnaires:patient_review",
    "questionnaires:patient_saved",
    "questionnaires:patient_thanks",
    "questionnaires:patient_hand_back",
}

# url name -> expected GET status for (clinician, staff, admin). Anonymous users are always
# redirected to the log-in page, except for PUBLIC pages.
ACCESS = {
    "home": (200, 200, 200),
    "healthz": (200, 200, 200),
    "login": (302, 302, 302),
    "logout": (405, 405, 405),
    "password_change": (200, 200, 200),
    "password_change_done": (200, 200, 200),
    "password_reset": (200, 200, 200),
    "password_reset_done": (200, 200, 200),
    "password_reset_confirm": (200, 200, 200),
    "password_reset_complete": (200, 200, 200),
    "patients:list": (200, 200, 403),
    "patients:create": (200, 200, 403),
    "patients:detail": (200, 200, 403),
    "patients:update": (200, 200, 403),
    "patients:archive": (200, 200, 403),
    "patients:restore": (200, 200, 403),
    # Own account: second factor and session keep-alive
    "two_factor": (200, 200, 200),
    "two_factor_setup": (302, 302, 302),
    "two_factor_verify": (302, 302, 302),
    "two_factor_recovery_codes": (405, 405, 405),
    "session_keep_alive": (405, 405, 405),
    "session_status": (200, 200, 200),
    # Administrators: user accounts and the audit log
    "user_list": (403, 403, 200),
    "user_create": (403, 403, 200),
    "user_detail": (403, 403, 200),
    "user_deactivate": (403, 403, 405),
    "user_reactivate": (403, 403, 405),
    "user_password_reset": (403, 403, 405),
    "user_second_factor_reset": (403, 403, 405),
    "user_unlock": (403, 403, 405),
    "user_role_change": (403, 403, 405),
    "audit:event_list": (403, 403, 200),
    "audit:event_export": (403, 403, 200),
    # Workups: clinicians write, staff read; the sample workup is a draft
    "workup:rules": (200, 200, 403),
    "workup:create": (200, 403, 403),
    "workup:overview": (200, 200, 403),
    "workup:details": (200, 403, 403),
    "workup:section": (200, 200, 403),
    "workup:section_clear": (200, 403, 403),
    "workup:acr_preview": (405, 403, 403),
    "workup:sign": (200, 403, 403),
    # The sweep's clinician is not the sample workup's: the sign page says who signs it, and
    # the draft may be taken over
    "workup:take_over": (200, 403, 403),
    "workup:amend": (302, 403, 403),
    # Summaries and batch printing: clinicians and staff; a batch print is its requester's only
    # (the sample batch is the clinician's)
    "summaries:summary": (200, 200, 403),
    "summaries:summary_pdf": (200, 200, 403),
    "summaries:batch_list": (200, 200, 403),
    "summaries:batch_create": (200, 200, 403),
    "summaries:batch_detail": (200, 404, 403),
    "summaries:batch_status": (200, 404, 403),
    "summaries:batch_download": (200, 404, 403),
    # The FHIR export of a signed workup: the sample workup is a draft, which has none
    "interop:workup_fhir": (404, 404, 403),
    # The FHIR lab import into a draft: those who may change the labs
    "interop:labs_import": (200, 403, 403),
    # Questionnaires: clinicians and staff invite and manage, clinicians acknowledge a safety
    # answer; the patient's pages answer everyone alike (the neutral page without a link)
    "questionnaires:list": (200, 200, 403),
    "questionnaires:invite": (200, 200, 403),
    "questionnaires:detail": (200, 200, 403),
    "questionnaires:new_code": (405, 405, 403),
    "questionnaires:email": (405, 405, 403),
    "questionnaires:revoke": (200, 200, 403),
    "questionnaires:kiosk_start": (405, 405, 403),
    "questionnaires:acknowledge": (405, 403, 403),
    # Accepting a patient's answers into a section: clinicians only; a GET leads to the section
    "questionnaires:accept": (302, 403, 403),
    "questionnaires:open": (200, 200, 200),
    "questionnaires:patient_confirm": (200, 200, 200),
    "questionnaires:patient_part": (200, 200, 200),
    "questionnaires:patient_support": (200, 200, 200),
    "questionnaires:patient_review": (200, 200, 200),
    "questionnaires:patient_saved": (200, 200, 200),
    "questionnaires:patient_thanks": (200, 200, 200),
    "questionnaires:patient_hand_back": (200, 200, 200),
}


def iter_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def sample_kwargs(world, name):
    """Fill every URL argument with a record that exists, so a 404 means 'not allowed'."""
    pattern = dict(iter_patterns())[name]
    kwargs = {}
    for argument in re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern)):
        kwargs[argument] = world.get(argument, "x")
    return kwargs


@pytest.fixture
def world(db, clinician):
    """The records the URLs point at; later features add theirs."""
    patient = make_patient()
    return {
        "uidb64": "MQ",
        "token": "set-password",
        "patient_id": patient.pk,
        "user_id": make_user("sweep_target", Role.STAFF).pk,
        "workup_id": sample_workup(patient).pk,
        "section": "pain",
        "batch_id": make_done_batch(clinician).pk,
        "questionnaire_id": invite(patient=patient, actor=clinician)[0].pk,
    }


def url_for(world, name):
    return reverse(name, kwargs=sample_kwargs(world, name))


def all_names():
    return sorted(name for name, _ in iter_patterns())


def test_every_url_has_an_expected_status_for_every_role():
    unclassified = set(all_names()) - set(ACCESS)
    assert not unclassified, f"add these URLs to ACCESS: {sorted(unclassified)}"


def assert_treated_as_anonymous(response, name):
    if name in PUBLIC:
        assert response.status_code == 200 or response.status_code == 302
        assert "/accounts/login/" not in response.get("Location", "")
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("name", all_names())
def test_anonymous_users_are_sent_to_log_in(client, world, name):
    assert_treated_as_anonymous(client.get(url_for(world, name)), name)


@pytest.mark.parametrize("name", all_names())
def test_a_deactivated_user_gets_nothing_more_than_anonymous(client, world, clinician, name):
    sign_in(client, clinician)
    clinician.is_active = False
    clinician.save()
    assert_treated_as_anonymous(client.get(url_for(world, name)), name)


@pytest.mark.parametrize("role_index, persona", [(0, "clinician"), (1, "staff"), (2, "admin_user")])
@pytest.mark.parametrize("name", all_names())
def test_each_role_gets_exactly_its_access(client, world, request, name, role_index, persona):
    sign_in(client, request.getfixturevalue(persona))
    response = client.get(url_for(world, name))
    assert response.status_code == ACCESS[name][role_index]


def test_a_deactivated_user_is_treated_as_anonymous(client, clinician):
    sign_in(client, clinician)
    clinician.is_active = False
    clinician.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
