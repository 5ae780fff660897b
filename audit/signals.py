"""Log-in, log-out and failed log-in are recorded from day one."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit import actions
from audit.record import record


@receiver(user_logged_in, dispatch_uid="audit_login")
def on_login(sender, request, user, **kwargs):
    record(actions.LOGIN, request=request, actor=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        reason = getattr(request, "logout_reason", None)
        record(
            actions.LOGOUT,
            request=request,
            actor=user,
            detail={"reason": reason} if reason else None,
        )


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Only the attempted username (and which step failed): never the password or code.
    detail = {"username": str(credentials.get("username", ""))[:150]}
    if credentials.get("step"):
        detail["step"] = str(credentials["step"])
    record(actions.LOGIN_FAILED, request=request, detail=detail)
