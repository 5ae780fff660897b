"""The clinic's questionnaire pages, under their patient: list, invite, the page of one
questionnaire, a new code, e-mail, revoke, start on a clinic tablet, acknowledge a safety
answer. Views orchestrate: forms validate, selectors read, services write and audit.

A questionnaire id under another patient's address is a 404, as for workups. A code is shown
on the one response that issues it (never stored, so never shown again).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.two_factor import qr_code_svg
from audit import actions
from audit.record import record
from patients.selectors import patient_get
from patients.services import patient_read_log
from questionnaires import answering, patient_session, selectors, services, tokens
from questionnaires.forms.staff import EmailLinkForm, InviteForm
from questionnaires.parts import chosen_parts
from workup.presenters import FREQUENCY_ANSWERS, PHQ9_ITEMS

view_questionnaire = permission_required("questionnaires.view_questionnaire", raise_exception=True)
add_questionnaire = permission_required("questionnaires.add_questionnaire", raise_exception=True)
change_questionnaire = permission_required(
    "questionnaires.change_questionnaire", raise_exception=True
)
acknowledge_alert = permission_required(
    "questionnaires.acknowledge_safety_alert", raise_exception=True
)


@never_cache
@view_questionnaire
@require_http_methods(["GET"])
def questionnaire_list(request, patient_id: int):
    patient = patient_get(patient_id=patient_id)
    patient_read_log(actor=request.user, patient=patient, page="questionnaires", request=request)
    return render(
        request,
        "questionnaires/questionnaire_list.html",
        {"patient": patient, "questionnaires": selectors.patient_questionnaires(patient=patient)},
    )


@never_cache
@add_questionnaire
@require_http_methods(["GET", "POST"])
def questionnaire_invite(request, patient_id: int):
    patient = patient_get(patient_id=patient_id)
    if not patient.is_active:
        messages.error(request, "This patient is archived: restore them to invite them.")
        return redirect("questionnaires:list", patient_id=patient.pk)
    initial = {}
    if (chosen := request.GET.get("workup", "")).isdigit():
        initial["workup"] = int(chosen)
    form = InviteForm(request.POST or None, patient=patient, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            questionnaire, code = services.questionnaire_invite(
                actor=request.user,
                patient=patient,
                parts=data["parts"],
                channel=data["channel"],
                workup=data["workup"],
                visit_date=data["visit_date"],
                clinician=data.get("clinician"),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if code is not None:
                return _issued(request, questionnaire, code)
            messages.success(request, "Questionnaire ready: start it on the clinic tablet below.")
            return redirect(questionnaire)
    return render(
        request, "questionnaires/questionnaire_invite.html", {"patient": patient, "form": form}
    )


def _issued(request, questionnaire, code: str, *, status: str = "", error: str = ""):
    """The page that shows a code, once: the link, the letter to print with its QR code, and
    the e-mail button."""
    link = request.build_absolute_uri(services.link_path(code))
    return render(
        request,
        "questionnaires/questionnaire_issued.html",
        {
            "questionnaire": questionnaire,
            "patient": questionnaire.patient,
            "link": link,
            "code": tokens.grouped(code),
            "qr_code": qr_code_svg(link, label="QR code of the questionnaire link"),
            "parts": chosen_parts(questionnaire.parts),
            "email_form": EmailLinkForm(initial={"code": tokens.grouped(code)}),
            "status": status,
            "error": error,
        },
    )


@never_cache
@view_questionnaire
@require_http_methods(["GET"])
def questionnaire_detail(request, patient_id: int, questionnaire_id: int):
    questionnaire = selectors.questionnaire_get(
        patient_id=patient_id, questionnaire_id=questionnaire_id
    )
    record(
        actions.QUESTIONNAIRE_VIEW,
        request=request,
        target=questionnaire,
        patient_id=questionnaire.patient_id,
    )
    item9 = questionnaire.safety_item9
    return render(
        request,
        "questionnaires/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "patient": questionnaire.patient,
            "parts": chosen_parts(questionnaire.parts),
            "saved_parts": set(questionnaire.saved_parts),
            "item9_question": PHQ9_ITEMS[8],
            "item9_answer": None if item9 is None else FREQUENCY_ANSWERS[item9],
            "can_issue_code": not (
                questionnaire.submitted_at
                or questionnaire.revoked_at
                or questionnaire.is_closed_by_signature
            ),
        },
    )


@never_cache
@change_questionnaire
@require_POST
def questionnaire_new_code(request, patient_id: int, questionnaire_id: int):
    questionnaire = selectors.questionnaire_get(
        patient_id=patient_id, questionnaire_id=questionnaire_id
    )
    try:
        code = services.questionnaire_new_code(
            actor=request.user, questionnaire=questionnaire, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(questionnaire)
    questionnaire.refresh_from_db()
    return _issued(request, questionnaire, code)


@never_cache
@change_questionnaire
@require_POST
def questionnaire_email(request, patient_id: int, questionnaire_id: int):
    questionnaire = selectors.questionnaire_get(
        patient_id=patient_id, questionnaire_id=questionnaire_id
    )
    form = EmailLinkForm(request.POST)
    code = tokens.normalised(form.data.get("code", "")) if form.is_valid() else None
    try:
        services.questionnaire_email(
            actor=request.user, questionnaire=questionnaire, code=code or "", request=request
        )
    except services.NotSent as refused:
        if code is None or tokens.code_hash(code) != questionnaire.token_hash:
            messages.error(request, "That code is no longer this questionnaire's code.")
            return redirect(questionnaire)
        return _issued(request, questionnaire, code, error=str(refused))
    return _issued(request, questionnaire, code, status="E-mail sent to the patient's address.")


@never_cache
@change_questionnaire
@require_http_methods(["GET", "POST"])
def questionnaire_revoke(request, patient_id: int, questionnaire_id: int):
    questionnaire = selectors.questionnaire_get(
        patient_id=patient_id, questionnaire_id=questionnaire_id
    )
    if request.method == "POST":
        try:
            services.questionnaire_revoke(
                actor=request.user, questionnaire=questionnaire, request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Questionnaire revoked: its link no longer works.")
        return redirect(questionnaire)
    return render(
        request,
        "questionnaires/questionnaire_revoke.html",
        {"questionnaire": questionnaire, "patient": questionnaire.patient},
    )


@never_cache
@change_questionnaire
@require_POST
def questionnaire_kiosk_start(request, patient_id: int, questionnaire_id: int):
    """Hands this browser to the patient: signs out the member of staff (so the tablet gives
    no access to anything else) and opens the questionnaire, which still asks the patient's
    date of birth. No code is shown or needed."""
    questionnaire = selectors.questionnaire_get(
        patient_id=patient_id, questionnaire_id=questionnaire_id
    )
    try:
        services.questionnaire_kiosk_start(
            actor=request.user, questionnaire=questionnaire, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(questionnaire)
    patient_session.start(request, questionnaire, kiosk=True)
    answering.questionnaire_opened(questionnaire=questionnaire, request=request, kiosk=True)
    return redirect("questionnaires:patient_confirm")


@never_cache
@acknowledge_alert
@require_POST
def questionnaire_acknowledge(request, patient_id: int, questionnaire_id: int):
    questionnaire = selectors.questionnaire_get(
        patient_id=patient_id, questionnaire_id=questionnaire_id
    )
    try:
        services.questionnaire_acknowledge(
            actor=request.user, questionnaire=questionnaire, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Safety answer of {questionnaire.patient} acknowledged: it leaves the list."
        )
    if request.POST.get("back") == "home":
        return redirect("home")
    return redirect(questionnaire)
