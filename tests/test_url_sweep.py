"""Every URL pattern, requested by every role: deny by default, allow exactly what the role needs.

A new URL fails this test until its expected status per role is written into ACCESS below.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import sign_in

PUBLIC = {
    "login",
    "healthz",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
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
def world(db):
    """The records the URLs point at; later features add theirs."""
    return {"uidb64": "MQ", "token": "set-password"}


def url_for(world, name):
    return reverse(name, kwargs=sample_kwargs(world, name))


def all_names():
    return sorted(name for name, _ in iter_patterns())


def test_every_url_has_an_expected_status_for_every_role():
    unclassified = set(all_names()) - set(ACCESS)
    assert not unclassified, f"add these URLs to ACCESS: {sorted(unclassified)}"


@pytest.mark.parametrize("name", all_names())
def test_anonymous_users_are_sent_to_log_in(client, world, name):
    response = client.get(url_for(world, name))
    if name in PUBLIC:
        assert response.status_code == 200 or response.status_code == 302
        assert "/accounts/login/" not in response.get("Location", "")
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


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
