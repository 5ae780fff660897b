from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.views import auth, two_factor, users

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password/change/", auth.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Second factor
    path("2fa/", two_factor.two_factor_overview, name="two_factor"),
    path("2fa/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("2fa/verify/", two_factor.two_factor_verify, name="two_factor_verify"),
    path(
        "2fa/recovery-codes/",
        two_factor.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    # Session timeout
    path("session/keep-alive/", auth.session_keep_alive, name="session_keep_alive"),
    path("session/status/", auth.session_status, name="session_status"),
    # Administrators: user accounts
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/<int:user_id>/", users.user_detail, name="user_detail"),
    path("users/<int:user_id>/deactivate/", users.user_deactivate, name="user_deactivate"),
    path("users/<int:user_id>/reactivate/", users.user_reactivate, name="user_reactivate"),
    path(
        "users/<int:user_id>/password-reset/",
        users.user_password_reset,
        name="user_password_reset",
    ),
    path(
        "users/<int:user_id>/second-factor-reset/",
        users.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
    path("users/<int:user_id>/unlock/", users.user_unlock, name="user_unlock"),
    path("users/<int:user_id>/role/", users.user_role_change, name="user_role_change"),
]
