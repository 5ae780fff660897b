"""The audit action names, in one place so the viewer can filter by them."""

LOGIN = "auth.login"
LOGOUT = "auth.logout"
LOGIN_FAILED = "auth.login_failed"
