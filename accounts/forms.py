from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField

from accounts.models import User
from accounts.roles import Role
from config.forms import checked_text


class LoginForm(AuthenticationForm):
    """Django's log-in form, refusing impossible usernames before they reach the database.

    (Django sets the username's max_length without a validator, so a 10,000-character
    username would otherwise be looked up and stored by the lock-out records.) The error is
    the usual one: the page says nothing about which usernames exist.
    """

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return super().clean()


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class EnrolForm(forms.Form):
    """The account's password and the first code of the new authenticator, in one request:
    a signed-in session alone cannot set up an authenticator."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="The password you log in with, asked again so that only you can set this up.",
    )
    code = forms.CharField(
        label="Six-digit code from the app",
        max_length=12,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class RoleForm(forms.Form):
    """Another role for an existing account; ``accounts.services.user_role_change`` writes it."""

    role = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect, label="Role")


EMAIL_HELP = "The link to choose a password is sent here, and only here."


class UserCreateForm(forms.ModelForm):
    """Validates a new account; ``accounts.services.user_create`` writes it."""

    role = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect, label="Role")

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]
        field_classes = {"username": UsernameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["email"].help_text = EMAIL_HELP

    def clean_first_name(self):
        return checked_text(self, "first_name", noun="The first name")

    def clean_last_name(self):
        return checked_text(self, "last_name", noun="The last name")

    def clean_email(self):
        return checked_text(self, "email", noun="The email address")

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("A user with this username (in any letter case) exists.")
        return username
