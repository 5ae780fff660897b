"""Questionnaire addresses. The clinic's pages live under their patient; the patient's pages
under /q/, the code only in the link itself (/q/<code>/, matched last)."""

from django.urls import path

from questionnaires.views import patient, review, staff

app_name = "questionnaires"

ONE = "patients/<int:patient_id>/questionnaires/<int:questionnaire_id>"

urlpatterns = [
    path("patients/<int:patient_id>/questionnaires/", staff.questionnaire_list, name="list"),
    path(
        "patients/<int:patient_id>/questionnaires/new/",
        staff.questionnaire_invite,
        name="invite",
    ),
    path(f"{ONE}/", staff.questionnaire_detail, name="detail"),
    path(f"{ONE}/new-code/", staff.questionnaire_new_code, name="new_code"),
    path(f"{ONE}/email/", staff.questionnaire_email, name="email"),
    path(f"{ONE}/revoke/", staff.questionnaire_revoke, name="revoke"),
    path(f"{ONE}/tablet/", staff.questionnaire_kiosk_start, name="kiosk_start"),
    path(f"{ONE}/acknowledge/", staff.questionnaire_acknowledge, name="acknowledge"),
    path(
        "patients/<int:patient_id>/workups/<int:workup_id>/patient-answers/<slug:section>/accept/",
        review.accept_section,
        name="accept",
    ),
    # The patient's side
    path("q/date-of-birth/", patient.confirm, name="patient_confirm"),
    path("q/part/<slug:part>/", patient.part_page, name="patient_part"),
    path("q/support/", patient.support, name="patient_support"),
    path("q/review/", patient.review, name="patient_review"),
    path("q/saved/", patient.saved, name="patient_saved"),
    path("q/thank-you/", patient.thanks, name="patient_thanks"),
    path("q/hand-back/", patient.hand_back, name="patient_hand_back"),
    path("q/<str:code>/", patient.open_link, name="open"),
]
