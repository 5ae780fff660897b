"""Taking over another clinician's draft, so as to become its clinician and sign it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from workup import services, signing
from workup.forms.take_over import TakeOverForm
from workup.signing import WorkupStateError
from workup.views.access import change_workup, workup_context, workup_for


@never_cache
@require_http_methods(["GET", "POST"])
@change_workup
def workup_take_over(request, patient_id: int, workup_id: int):
    """The reason and a confirmation; the take-over is recorded and printed on the summary."""
    workup = workup_for(request, patient_id, workup_id)
    if workup.is_signed:
        messages.info(request, "This workup is signed: it can no longer be taken over.")
        return redirect(workup)
    if workup.clinician_id == request.user.pk:
        messages.info(request, "You are already this workup's clinician.")
        return redirect(workup)
    if not signing.may_take_over(request.user, workup):
        messages.error(request, "Only a clinician who signs workups can take a draft over.")
        return redirect(workup)
    form = TakeOverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signing.workup_take_over(
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
                request, "You are now this workup's clinician: the summary says you took it over."
            )
            return redirect(workup)
    if request.method == "GET":
        services.workup_read_log(
            actor=request.user, workup=workup, page="take_over", request=request
        )
    context = workup_context(request, workup)
    context["form"] = form
    context["any_clinician_signs"] = signing.any_clinician_signs()
    return render(request, "workup/take_over.html", context)
