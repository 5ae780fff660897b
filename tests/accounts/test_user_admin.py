"""The administrators' user pages: create with one role, deactivate, force a password reset,
reset the second factor, unlock; all audited, none for clinicians or staff. Set-password links
go only to the account holder's e-mail; the other administrators are told what was done."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from audit import actions
from audit.models import AuditEvent
from tests.conftest import PASSWORD, make_user, post_login, sign_in

NEW_USER = {
    "username": "dr_new",
    "first_name": "Nora",
    "last_name": "Lind",
    "email": "nora@example.org",
    "role": "clinician",
}


def link_in(text):
    return re.search(r"https?://[^\s<]+/accounts/password/reset/[^\s</]+/[^\s</]+/", text).group(0)


def assert_no_link_on(page, link):
    """Neither the link nor its token, nor any set-password address, is on the page."""
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in page
    assert "/accounts/password/reset/" not in page


def test_the_user_list_shows_role_status_and_second_factor(admin_client, clinician, staff):
    page = admin_client.get(reverse("user_list")).text
    assert "dr_rivera" in page and "front_desk" in page
    assert "Clinician" in page and "Practice staff" in page


def test_creating_a_user_gives_exactly_one_role_and_a_one_time_link(admin_client, admin_user):
    response = admin_client.post(reverse("user_create"), NEW_USER)
    assert response.status_code == 200
    user = User.objects.get(username="dr_new")
    assert [group.name for group in user.groups.all()] == ["clinician"]
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nora@example.org"]
    shown = link_in(mail.outbox[0].body)
    assert_no_link_on(response.text, shown)
    assert "e-mailed to <strong>nora@example.org</strong>" in response.text
    event = AuditEvent.objects.get(action=actions.USER_CREATED)
    assert (event.actor, event.target_id, event.detail) == (
        admin_user,
        str(user.pk),
        {"role": "clinician"},
    )
    assert shown not in str(event.detail), "the link is never stored"

    # The new user chooses a password through the link, once.
    newcomer = Client()
    form_page = newcomer.get(shown, follow=True)
    assert form_page.status_code == 200
    new_password = "a-long-and-new-passphrase"
    done = newcomer.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    assert "Link no longer valid" in Client().get(shown, follow=True).text
    assert post_login(Client(), "dr_new", new_password).status_code == 302
    assert AuditEvent.objects.filter(action=actions.PASSWORD_RESET, actor=user).exists()


def test_a_role_is_required_and_must_be_one_of_the_three(admin_client):
    for role in ("", "superuser"):
        response = admin_client.post(reverse("user_create"), {**NEW_USER, "role": role})
        assert response.status_code == 200
        assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="dr_new").exists()


def test_usernames_differing_only_in_letter_case_are_refused(admin_client, clinician):
    response = admin_client.post(
        reverse("user_create"), {**NEW_USER, "username": clinician.username.upper()}
    )
    assert "username" in response.context["form"].errors


def test_deactivating_ends_every_session_and_log_in_but_keeps_the_account(
    admin_client, admin_user, clinician
):
    their_client = sign_in(Client(), clinician)
    response = admin_client.post(reverse("user_deactivate", args=[clinician.pk]))
    assert response.status_code == 302
    clinician.refresh_from_db()
    assert not clinician.is_active
    assert their_client.get(reverse("home")).status_code == 302
    refused = post_login(Client(), clinician.username, PASSWORD)
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors()
    assert AuditEvent.objects.filter(
        action=actions.USER_DEACTIVATED, actor=admin_user, target_id=str(clinician.pk)
    ).exists()
    # Reactivation: a new one-time link by e-mail, never the old password.
    clinician.email = "ines@example.org"
    clinician.save()
    response = admin_client.post(reverse("user_reactivate", args=[clinician.pk]))
    assert response.status_code == 200
    [message] = mail.outbox
    assert message.to == ["ines@example.org"]
    assert_no_link_on(response.text, link_in(message.body))
    clinician.refresh_from_db()
    assert clinician.is_active and not clinician.has_usable_password()
    assert AuditEvent.objects.filter(action=actions.USER_REACTIVATED).exists()


def test_administrators_cannot_deactivate_themselves(admin_client, admin_user):
    admin_client.post(reverse("user_deactivate", args=[admin_user.pk]))
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_forcing_a_password_reset_stops_the_password_and_the_sessions(
    admin_client, admin_user, staff
):
    staff.email = "sam@example.org"
    staff.save()
    their_client = sign_in(Client(), staff)
    response = admin_client.post(reverse("user_password_reset", args=[staff.pk]))
    assert response.status_code == 200
    assert mail.outbox[0].to == ["sam@example.org"]
    assert_no_link_on(response.text, link_in(mail.outbox[0].body))
    assert their_client.get(reverse("home")).status_code == 302
    assert post_login(Client(), staff.username, PASSWORD).status_code == 200
    event = AuditEvent.objects.get(action=actions.USER_PASSWORD_RESET_FORCED)
    assert (event.actor, event.target_id) == (admin_user, str(staff.pk))


def test_without_an_e_mail_address_no_link_is_made_and_the_page_says_so(admin_client, db):
    user = make_user("no_mail", Role.STAFF)
    response = admin_client.post(reverse("user_password_reset", args=[user.pk]))
    assert "No link was sent: the account has no e-mail address." in response.text
    assert "/accounts/password/reset/" not in response.text
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("action", "heading", "subject", "reason"),
    [
        (
            "user_reactivate",
            "Account reactivated: sam",
            "Your account is active again",
            "Your account at {practice} (username: sam) is active again.",
        ),
        (
            "user_password_reset",
            "Password reset forced: sam",
            "Choose a new password",
            "An administrator of {practice} asked you to choose a new password (username: sam).",
        ),
    ],
)
def test_the_link_page_and_e_mail_say_why_the_link_was_sent(
    admin_client, db, action, heading, subject, reason
):
    user = make_user(
        "sam", Role.STAFF, email="sam@example.org", is_active=action != "user_reactivate"
    )
    response = admin_client.post(reverse(action, args=[user.pk]))
    assert f'<h1 class="h3 mb-3">{heading}</h1>' in response.text
    [message] = mail.outbox
    assert message.subject == f"{settings.PRACTICE_NAME}: {subject}"
    assert reason.format(practice=settings.PRACTICE_NAME) in message.body


def test_a_new_account_s_page_and_e_mail_say_it_was_created(admin_client):
    response = admin_client.post(reverse("user_create"), NEW_USER)
    assert '<h1 class="h3 mb-3">Account created: dr_new</h1>' in response.text
    [message] = mail.outbox
    assert message.subject == f"{settings.PRACTICE_NAME}: Your account"
    assert message.body.startswith(
        "Hello Nora Lind,\n\n"
        f"An account was created for you at {settings.PRACTICE_NAME} (username: dr_new).\n"
    )


@pytest.mark.parametrize(("timeout", "said"), [(24 * 3600, "24 hours"), (3600, "1 hour")])
def test_the_link_s_lifetime_on_the_page_and_in_the_e_mail_follows_the_setting(
    admin_client, staff, settings, timeout, said
):
    settings.PASSWORD_RESET_TIMEOUT = timeout
    staff.email = "sam@example.org"
    staff.save()
    response = admin_client.post(reverse("user_password_reset", args=[staff.pk]))
    assert f"It works once and expires in {said}." in response.text
    assert f"(the link works once and expires in {said}):" in mail.outbox[0].body


ACTIONS = [
    "user_deactivate",
    "user_reactivate",
    "user_password_reset",
    "user_second_factor_reset",
    "user_unlock",
    "user_role_change",
]


@pytest.mark.parametrize("persona", ["clinician", "staff"])
@pytest.mark.parametrize("name", ACTIONS)
def test_clinicians_and_staff_cannot_use_the_account_actions(client, db, request, persona, name):
    target = make_user("target", Role.STAFF)
    sign_in(client, request.getfixturevalue(persona))
    assert client.post(reverse(name, args=[target.pk]), {"role": "admin"}).status_code == 403
    target.refresh_from_db()
    assert target.role == Role.STAFF
    assert target.is_active and target.has_usable_password()
    assert not AuditEvent.objects.filter(action__startswith="accounts.").exists()


@pytest.mark.parametrize("persona", ["clinician", "staff"])
def test_clinicians_and_staff_cannot_create_users(client, db, request, persona):
    sign_in(client, request.getfixturevalue(persona))
    assert client.post(reverse("user_create"), NEW_USER).status_code == 403
    assert not User.objects.filter(username="dr_new").exists()


def test_an_unknown_user_id_is_a_404(admin_client):
    assert admin_client.get(reverse("user_detail", args=[999999])).status_code == 404
    assert admin_client.post(reverse("user_unlock", args=[999999])).status_code == 404


def test_there_is_no_django_admin_site(admin_client):
    assert "django.contrib.admin" not in settings.INSTALLED_APPS
    assert admin_client.get("/admin/").status_code == 404


def test_an_administrator_changes_a_users_role_from_their_next_page_on(
    admin_client, admin_user, staff
):
    their_client = sign_in(Client(), staff)
    assert their_client.get(reverse("patients:list")).status_code == 200
    page = admin_client.get(reverse("user_detail", args=[staff.pk])).text
    assert re.search(r'<input type="radio"[^>]*name="role" value="staff"[^>]*checked', page)
    response = admin_client.post(reverse("user_role_change", args=[staff.pk]), {"role": "admin"})
    assert response.status_code == 302
    assert User.objects.get(pk=staff.pk).role == Role.ADMIN
    assert set(staff.groups.values_list("name", flat=True)) == {"admin"}
    event = AuditEvent.objects.get(action=actions.USER_ROLE_CHANGED)
    assert (event.actor, event.target_id, event.detail) == (
        admin_user,
        str(staff.pk),
        {"from": "staff", "to": "admin"},
    )
    # Their next request has the new role's permissions, and not the old ones.
    assert their_client.get(reverse("patients:list")).status_code == 403


def test_choosing_the_role_a_user_already_has_changes_nothing(admin_client, clinician):
    response = admin_client.post(
        reverse("user_role_change", args=[clinician.pk]), {"role": "clinician"}
    )
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=actions.USER_ROLE_CHANGED).exists()


@pytest.mark.parametrize("posted", [{}, {"role": "superuser"}])
def test_a_missing_or_unknown_role_is_refused_at_the_field(admin_client, clinician, posted):
    response = admin_client.post(reverse("user_role_change", args=[clinician.pk]), posted)
    assert response.status_code == 400
    assert response.context["role_form"].errors["role"]
    assert User.objects.get(pk=clinician.pk).role == Role.CLINICIAN
    assert not AuditEvent.objects.filter(action=actions.USER_ROLE_CHANGED).exists()


def test_administrators_cannot_change_their_own_role(admin_client, admin_user):
    page = admin_client.get(reverse("user_detail", args=[admin_user.pk])).text
    assert reverse("user_role_change", args=[admin_user.pk]) not in page
    response = admin_client.post(
        reverse("user_role_change", args=[admin_user.pk]), {"role": "staff"}, follow=True
    )
    assert "cannot change your own role" in response.text
    assert User.objects.get(pk=admin_user.pk).role == Role.ADMIN


@pytest.mark.parametrize(
    ("action", "active"),
    [("user_create", True), ("user_reactivate", False), ("user_password_reset", True)],
)
def test_set_password_links_go_only_to_the_holder_never_to_the_administrator_s_page(
    admin_client, admin_user, db, action, active
):
    """An administrator who saw the link could choose the password and sign in as a
    clinician, alone."""
    admin_user.email = "it@example.org"
    admin_user.save()
    if action == "user_create":
        response = admin_client.post(reverse("user_create"), NEW_USER)
    else:
        user = make_user("dr_new", Role.CLINICIAN, email="nora@example.org", is_active=active)
        response = admin_client.post(reverse(action, args=[user.pk]))
    assert response.status_code == 200
    holder = [message for message in mail.outbox if "nora@example.org" in message.to]
    assert len(holder) == 1
    link = link_in(holder[0].body)
    assert_no_link_on(response.text, link)
    for message in mail.outbox:
        if message is not holder[0]:
            assert_no_link_on(message.body, link)
    assert "it@example.org" not in {address for message in mail.outbox for address in message.to}


def test_a_new_account_needs_an_e_mail_address(admin_client):
    response = admin_client.post(reverse("user_create"), {**NEW_USER, "email": ""})
    assert response.context["form"].errors["email"]
    assert not User.objects.filter(username="dr_new").exists()


@pytest.mark.parametrize(
    ("action", "said"),
    [
        ("user_create", "created the account dr_new"),
        ("user_reactivate", "reactivated the account dr_new"),
        ("user_password_reset", "forced a new password for the account dr_new"),
        ("user_second_factor_reset", "reset the second factor of the account dr_new"),
    ],
)
def test_the_other_administrators_are_told_who_did_what_to_which_account(
    admin_client, admin_user, db, action, said
):
    admin_user.email = "it@example.org"
    admin_user.save()
    other = make_user("office_admin", Role.ADMIN, email="office@example.org")
    make_user("gone_admin", Role.ADMIN, email="gone@example.org", is_active=False)
    make_user("founder", None, email="founder@example.org", is_superuser=True)
    make_user("dr_chen", Role.CLINICIAN, email="chen@example.org")
    if action == "user_create":
        admin_client.post(reverse("user_create"), NEW_USER)
    else:
        user = make_user(
            "dr_new",
            Role.CLINICIAN,
            first_name="Nora",
            last_name="Lind",
            email="nora@example.org",
            is_active=action != "user_reactivate",
        )
        admin_client.post(reverse(action, args=[user.pk]))
    told = [message for message in mail.outbox if "nora@example.org" not in message.to]
    assert sorted(address for message in told for address in message.to) == [
        "founder@example.org",
        other.email,
    ]
    for message in told:
        assert message.subject == f"{settings.PRACTICE_NAME}: it_admin {said}"
        assert f"Alex Berg (username: it_admin) {said} (Nora Lind, Clinician)" in message.body
        assert "/accounts/password/" not in message.body


def test_when_the_e_mail_cannot_be_sent_the_page_says_so_and_offers_to_send_again(
    admin_client, monkeypatch, db
):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("accounts.emails.send_mail", refuse)
    user = make_user("sam", Role.STAFF, email="sam@example.org")
    response = admin_client.post(reverse("user_password_reset", args=[user.pk]))
    assert "The e-mail to <strong>sam@example.org</strong> could not be sent" in response.text
    again = reverse("user_password_reset", args=[user.pk])
    assert f'<form method="post" action="{again}"' in response.text
    assert "/accounts/password/reset/" not in response.text
    monkeypatch.undo()
    response = admin_client.post(again)
    assert "e-mailed to <strong>sam@example.org</strong>" in response.text
    assert mail.outbox[0].to == ["sam@example.org"]
