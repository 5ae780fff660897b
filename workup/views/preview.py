"""The running ACR 2016 result while the pain form is being filled in (used by
static/js/acr-preview.js). The numbers come from workup.rules; the script only shows them."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from workup.forms.pain import PainForm, pain_from_cleaned
from workup.presenters import acr_box
from workup.rules.instruments import acr2016
from workup.views.access import change_workup, workup_for


@never_cache
@change_workup
@require_POST
def acr_preview(request, patient_id: int, workup_id: int):
    """ACR 2016 of the submitted (unsaved) pain form; fields with errors count as not recorded.

    Nothing is stored or recorded: the answer is computed from what the browser sent.
    """
    workup = workup_for(request, patient_id, workup_id)
    if not workup.is_editable:
        return JsonResponse({"error": "This workup is signed."}, status=409)
    form = PainForm(request.POST)
    form.is_valid()
    result = acr2016(pain_from_cleaned(form.cleaned_data)).as_dict()
    return JsonResponse(acr_box(result).as_dict())
