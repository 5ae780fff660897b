"""Workup pages. Every workup URL carries the patient's id and the workup's; the pair must
match (else 404). Included at the site root: /patients/<id>/workups/... and /workups/rules/."""

from django.urls import path, register_converter

from workup.sections import SECTION_NAMES
from workup.views import overview, preview, rules_page, sections, take_over, workflow


class SectionConverter:
    regex = "|".join(SECTION_NAMES)

    def to_python(self, value):
        return value

    def to_url(self, value):
        if value not in SECTION_NAMES:
            raise ValueError(value)
        return value


register_converter(SectionConverter, "section")

app_name = "workup"

WORKUP = "patients/<int:patient_id>/workups/<int:workup_id>/"

urlpatterns = [
    path("workups/rules/", rules_page.rules, name="rules"),
    path("patients/<int:patient_id>/workups/new/", overview.workup_create, name="create"),
    path(WORKUP, overview.workup_overview, name="overview"),
    path(WORKUP + "details/", overview.workup_details, name="details"),
    path(WORKUP + "sign/", workflow.workup_sign, name="sign"),
    path(WORKUP + "take-over/", take_over.workup_take_over, name="take_over"),
    path(WORKUP + "amend/", workflow.workup_amend, name="amend"),
    path(WORKUP + "pain/preview/", preview.acr_preview, name="acr_preview"),
    path(WORKUP + "<section:section>/", sections.section_page, name="section"),
    path(WORKUP + "<section:section>/clear/", sections.section_clear, name="section_clear"),
]
