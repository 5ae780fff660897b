"""The administrators' user pages: list, create, and the account actions (all POST, all
audited). Needs accounts.manage_users; shows no clinical data."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import emails, selectors, services
from accounts.forms import RoleForm, UserCreateForm
from accounts.models import User
from accounts.roles import Role

manage_users = permission_required("accounts.manage_users", raise_exception=True)


@manage_users
def user_list(request):
    return render(request, "accounts/user_list.html", {"rows": selectors.user_list()})


@manage_users
@never_cache
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_create(
            request=request,
            username=form.cleaned_data["username"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
        )
        return _link_sent_page(request, user, purpose="created")
    return render(request, "accounts/user_form.html", {"form": form})


@manage_users
def user_detail(request, user_id):
    user = get_object_or_404(User, pk=user_id)
    role = user.role
    return _detail_page(request, user, RoleForm(initial={"role": role.value if role else None}))


def _detail_page(request, user, role_form, *, status=200):
    return render(
        request,
        "accounts/user_detail.html",
        {
            "row": selectors.user_row(user),
            "is_self": user.pk == request.user.pk,
            "role_form": role_form,
        },
        status=status,
    )


@manage_users
@require_POST
def user_role_change(request, user_id):
    user = get_object_or_404(User, pk=user_id)
    if user.pk == request.user.pk:
        messages.error(request, "You cannot change your own role; ask another administrator.")
        return redirect("user_detail", user_id=user.pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, user, form, status=400)
    role = Role(form.cleaned_data["role"])
    if services.user_role_change(request=request, user=user, role=role):
        messages.success(
            request, f"{user.username} is now {role.label.lower()}, from their next page on."
        )
    return redirect("user_detail", user_id=user.pk)


@manage_users
@require_POST
def user_deactivate(request, user_id):
    user = get_object_or_404(User, pk=user_id)
    if user.pk == request.user.pk:
        messages.error(request, "You cannot deactivate your own account.")
    elif user.is_active:
        services.user_deactivate(request=request, user=user)
        messages.success(request, f"{user.username} is deactivated and signed out everywhere.")
    return redirect("user_detail", user_id=user.pk)


@manage_users
@require_POST
@never_cache
def user_reactivate(request, user_id):
    user = get_object_or_404(User, pk=user_id)
    if user.is_active:
        return redirect("user_detail", user_id=user.pk)
    services.user_reactivate(request=request, user=user)
    return _link_sent_page(request, user, purpose="reactivated")


@manage_users
@require_POST
@never_cache
def user_password_reset(request, user_id):
    user = get_object_or_404(User, pk=user_id, is_active=True)
    services.user_password_reset_force(request=request, user=user)
    return _link_sent_page(request, user, purpose="password_reset")


@manage_users
@require_POST
def user_second_factor_reset(request, user_id):
    user = get_object_or_404(User, pk=user_id)
    services.user_second_factor_reset(request=request, user=user)
    messages.success(
        request,
        f"The second factor of {user.username} is removed and they are signed out everywhere; "
        "they set up a new one, with their password, at their next log-in.",
    )
    return redirect("user_detail", user_id=user.pk)


@manage_users
@require_POST
def user_unlock(request, user_id):
    user = get_object_or_404(User, pk=user_id)
    cleared = services.user_unlock(request=request, user=user)
    messages.success(
        request, f"{user.username} can log in again ({cleared} failed attempts cleared)."
    )
    return redirect("user_detail", user_id=user.pk)


def _link_sent_page(request, user, *, purpose):
    """E-mail the one-time set-password link to the account's own address and say where it
    went. The link is never shown here: an administrator must not be able to choose the
    password of an account, and so sign in as its holder."""
    sent = emails.password_link_send(request, user, purpose)
    return render(
        request,
        "accounts/password_link.html",
        {
            "user_account": user,
            "sent": sent,
            "wording": emails.PASSWORD_LINK_PURPOSES[purpose],
            "hours": emails.password_link_hours(),
        },
    )
