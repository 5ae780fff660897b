"""The second factor comes before every page that needs a log-in (clinical pages included), for
clinicians and, by default, for practice staff: walks every URL pattern of the URL sweep, so new
pages are covered the day they exist."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import sign_in_with_password_only
from tests.test_url_sweep import (
    PUBLIC,
    all_names,
    url_for,
    world,  # noqa: F401 - the sweep's records, as a fixture
)

# Reachable between the password and the second factor.
BEFORE_SECOND_FACTOR = {"logout", "two_factor_setup", "two_factor_verify"}
GATED = sorted(set(all_names()) - PUBLIC - BEFORE_SECOND_FACTOR)


@pytest.mark.parametrize("name", GATED)
def test_a_clinician_without_a_device_must_enrol_before_any_page(client, world, clinician, name):  # noqa: F811
    sign_in_with_password_only(client, clinician)
    url = url_for(world, name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor_setup") + "?next=" + quote(url, safe="/")


@pytest.mark.parametrize("name", GATED)
def test_staff_without_a_device_must_enrol_before_any_page(client, world, staff, name):  # noqa: F811
    """Staff read every patient's clinical content and PDFs: by default a password alone is
    not enough for them either."""
    sign_in_with_password_only(client, staff)
    url = url_for(world, name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor_setup") + "?next=" + quote(url, safe="/")


@pytest.mark.parametrize("name", GATED)
def test_a_clinician_with_a_device_must_verify_before_any_page(client, world, clinician, name):  # noqa: F811
    TOTPDevice.objects.create(user=clinician, name="Phone", confirmed=True)
    sign_in_with_password_only(client, clinician)
    for method in (client.get, client.post):
        response = method(url_for(world, name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_verify") + "?next=")


def test_every_clinical_page_is_in_the_gated_sweep():
    clinical = [name for name in all_names() if name.split(":")[0] in {"patients", "workup"}]
    assert set(clinical) <= set(GATED)
