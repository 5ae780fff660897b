"""Second factor: enrolment (QR code + key, then recovery codes), verification after the
password, and the user's own overview."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import services, two_factor
from accounts.forms import CodeForm, EnrolForm
from accounts.middleware import two_factor_exempt
from accounts.redirects import safe_next_url


def _next_url(request) -> str:
    return safe_next_url(request, request.POST.get("next") or request.GET.get("next"))


@two_factor_exempt
@never_cache
def two_factor_setup(request):
    user = request.user
    if two_factor.confirmed_totp_device(user) is not None:
        pending = two_factor.second_factor_pending(request)
        if pending == two_factor.VERIFY:
            return redirect(f"{reverse('two_factor_verify')}?{request.GET.urlencode()}")
        return redirect("two_factor")
    device = two_factor.unconfirmed_totp_device(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.two_factor_enrol_confirm(
                request=request,
                device=device,
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
            )
        except services.SecondFactorRefused as refused:
            if not request.user.is_authenticated:
                # Locked out: the session ended; the lock-out page replaces this response.
                return redirect("login")
            form.add_error(refused.field, refused.message)
        else:
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "first_time": True},
            )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_svg(
                device.config_url, label="QR code to add this account to an authenticator app"
            ),
            "key": two_factor.base32_key(device),
            "next": _next_url(request),
        },
    )


@two_factor_exempt
@never_cache
def two_factor_verify(request):
    pending = two_factor.second_factor_pending(request)
    if pending == two_factor.SETUP:
        return redirect(f"{reverse('two_factor_setup')}?{request.GET.urlencode()}")
    if pending is None:
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_verify(request=request, code=form.cleaned_data["code"])
        except services.SecondFactorRefused as refused:
            if not request.user.is_authenticated:
                # Locked out: the session ended; the lock-out page replaces this response.
                return redirect("login")
            form.add_error("code", refused.message)
        else:
            return HttpResponseRedirect(_next_url(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@never_cache
def two_factor_overview(request):
    user = request.user
    recovery = two_factor.recovery_device(user)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "totp_device": two_factor.confirmed_totp_device(user),
            "recovery_codes_left": recovery.token_set.count() if recovery else 0,
            "required": two_factor.two_factor_required(user),
        },
    )


@require_POST
@never_cache
def two_factor_recovery_codes(request):
    if two_factor.confirmed_totp_device(request.user) is None:
        messages.error(request, "Set up an authenticator app first.")
        return redirect("two_factor_setup")
    codes = services.recovery_codes_replace(request=request)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("two_factor"), "first_time": False},
    )
