"""Log-in side effects: the session clocks start, lock-outs are audited."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import user_has_device

from accounts.middleware import session_start
from accounts.services import login_attempts_forget
from accounts.two_factor import two_factor_required
from audit import actions
from audit.record import record


@receiver(user_logged_in, dispatch_uid="accounts_session_start")
def on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    session_start(request.session)
    if not two_factor_required(user) and not user_has_device(user):
        # The password was the whole log-in: earlier failures are forgotten.
        login_attempts_forget(request, user)


@receiver(user_locked_out, dispatch_uid="accounts_audit_lockout")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    record(actions.LOGIN_LOCKED_OUT, request=request, detail={"username": str(username)[:150]})
