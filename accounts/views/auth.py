"""Log-in, log-out, passwords and the session keep-alive."""

import time

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts import password_reset
from accounts.emails import password_link_hours
from accounts.forms import LoginForm
from accounts.middleware import (
    LAST_ACTIVITY,
    idle_seconds_left,
    session_passive,
    two_factor_exempt,
)
from accounts.redirects import redirect_to_next
from audit import actions
from audit.record import record


class LoginView(auth_views.LoginView):
    """Django's log-in page. A wrong password, an unknown username and a deactivated account
    all get the same page and message (and the same password-hashing work)."""

    redirect_authenticated_user = True
    authentication_form = LoginForm


@method_decorator(two_factor_exempt, name="dispatch")
class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password keeps this session and ends every other one of the user
    (Django's session auth hash)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        record(actions.PASSWORD_CHANGED, request=self.request, target=self.request.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, within the limits of ``accounts.password_reset``. Over the limit
    for one address, the page looks exactly as if the e-mail had been sent (it never says
    whether an address has an account); over the limit for one client, it says so."""

    @property
    def extra_email_context(self):
        return {"hours": password_link_hours()}

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        why = password_reset.refusal(self.request, email)
        if why == password_reset.TOO_MANY_FROM_CLIENT:
            form.add_error(
                None,
                "Too many password-reset requests from your network in the last hour. Try "
                "again later, or ask an administrator of the practice to send you a link.",
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        if why == password_reset.TOO_MANY_FOR_ADDRESS:
            return HttpResponseRedirect(self.get_success_url())
        password_reset.record_request(self.request, email)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        record(actions.PASSWORD_RESET, request=self.request, actor=self.user, target=self.user)
        return response


def _session_state(request):
    return JsonResponse(
        {"idle_seconds_left": idle_seconds_left(request.session, now=time.time())},
        headers={"Cache-Control": "no-store"},
    )


@require_POST
@never_cache
def session_keep_alive(request):
    """The "stay signed in" button: the request itself counts as activity. Without script,
    the form returns to the page it was sent from."""
    request.session[LAST_ACTIVITY] = time.time()
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not wants_json and request.POST.get("next"):
        return redirect_to_next(request, request.POST["next"])
    return _session_state(request)


@require_GET
@session_passive
def session_status(request):
    """How long until the idle timeout; asking does not count as activity."""
    return _session_state(request)


def locked_out(request, original_response=None, credentials=None):
    """The lock-out page (django-axes' AXES_LOCKOUT_CALLABLE): the same for every username,
    existing or not, so it reveals nothing."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
