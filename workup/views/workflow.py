"""Signing (confirmed with the clinician's password) and amending a signed workup.

Who may sign is ``workup.signing.may_sign``: by default only the workup's own clinician. Anyone
else who opens the sign page is told why they cannot sign, and offered to take the draft over.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from workup import services, signing
from workup.forms.workflow import FLAGS_CHANGED, AmendForm, SignForm
from workup.signing import FlagsChanged, NotTheClinician, WorkupStateError, WrongPassword
from workup.views.access import amend_workup, sign_workup, workup_context, workup_for

# Wrong passwords in a row at the sign page before the session is ended (someone else may
# be at an unlocked workstation).
SIGN_ATTEMPTS = 5
SIGN_FAILURES_KEY = "workup.sign_failures"


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
@sign_workup
def workup_sign(request, patient_id: int, workup_id: int):
    """The sign page: what is incomplete, the urgent and high flags to acknowledge one by one,
    the tests still pending, and the password.

    When the flags changed between showing the page and posting it (another clinician saved
    a section), nothing is signed: the page is shown again with the current flags, unticked.
    """
    workup = workup_for(request, patient_id, workup_id)
    if workup.is_signed:
        messages.info(request, "This workup is already signed.")
        return redirect(workup)
    context = workup_context(request, workup)
    if not signing.may_sign(request.user, workup):
        return _not_the_clinician(request, workup, context)
    flags = signing.flags_to_acknowledge(context["evaluation"])
    form = SignForm(request.POST or None, flags=flags)
    flags_changed = False
    if request.method == "POST" and form.flags_changed:
        signing.workup_sign_refused_log(
            actor=request.user, workup=workup, reason="flags_changed", request=request
        )
        flags_changed, form = True, SignForm(flags=flags)
    elif request.method == "POST" and form.is_valid():
        try:
            signing.workup_sign(
                workup=workup,
                signer=request.user,
                password=form.cleaned_data["password"],
                acknowledged=form.acknowledged,
                request=request,
            )
        except WrongPassword:
            failures = request.session.get(SIGN_FAILURES_KEY, 0) + 1
            if failures >= SIGN_ATTEMPTS:
                request.logout_reason = "sign_password_failures"
                logout(request)
                messages.error(
                    request,
                    "You were signed out after several wrong passwords at signing. Log in again.",
                )
                return redirect(f"{reverse('login')}?next={workup.get_absolute_url()}")
            request.session[SIGN_FAILURES_KEY] = failures
            form.add_error("password", "This password is not correct. The workup is not signed.")
        except FlagsChanged:
            workup = workup_for(request, patient_id, workup_id)  # the sections as saved now
            context = workup_context(request, workup)
            flags = signing.flags_to_acknowledge(context["evaluation"])
            flags_changed, form = True, SignForm(flags=flags)
        except NotTheClinician:
            workup = workup_for(request, patient_id, workup_id)  # taken over meanwhile
            context = workup_context(request, workup)
            return _not_the_clinician(request, workup, context, recorded=True)
        except WorkupStateError as error:
            messages.error(request, str(error))
            return redirect(workup)
        else:
            request.session.pop(SIGN_FAILURES_KEY, None)
            messages.success(request, "Workup signed. Its data and evaluation are now frozen.")
            return redirect(workup)
    else:
        services.workup_read_log(actor=request.user, workup=workup, page="sign", request=request)
    context["form"] = form
    context["flags_changed"] = flags_changed
    context["flags_changed_message"] = FLAGS_CHANGED
    context["incomplete"] = [s for s in context["sections"] if not s.complete]
    context["signing_for"] = workup.clinician if workup.clinician_id != request.user.pk else None
    context["signable_from"] = signing.signable_from(workup)
    return render(request, "workup/sign.html", context)


def _not_the_clinician(request, workup, context, *, recorded: bool = False):
    """The sign page of someone else's draft: who signs it, and the way to take it over. A
    post is refused (403) and recorded (`recorded`: the signing service did already)."""
    if request.method == "POST" and not recorded:
        signing.workup_sign_refused_log(
            actor=request.user, workup=workup, reason="not_the_clinician", request=request
        )
    else:
        services.workup_read_log(actor=request.user, workup=workup, page="sign", request=request)
    context["can_take_over"] = signing.may_take_over(request.user, workup)
    status = 403 if request.method == "POST" else 200
    return render(request, "workup/sign_refused.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@amend_workup
def workup_amend(request, patient_id: int, workup_id: int):
    workup = workup_for(request, patient_id, workup_id)
    if not workup.is_signed:
        messages.info(request, "Only a signed workup can be amended: this draft can be edited.")
        return redirect(workup)
    if workup.is_amended:
        messages.info(request, "This workup has already been amended: here is the amendment.")
        return redirect(workup.amendment)
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = signing.workup_amend(
                workup=workup,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("reason", error.messages))
        except WorkupStateError as error:
            messages.error(request, str(error))
            return redirect(workup)
        else:
            messages.success(
                request,
                "Amendment started: a draft copied from the signed workup. Sign it when done.",
            )
            return redirect(amendment)
    if request.method == "GET":
        services.workup_read_log(actor=request.user, workup=workup, page="amend", request=request)
    context = workup_context(request, workup)
    context["form"] = form
    return render(request, "workup/amend.html", context)
