"""FHIR exchange URLs, under the workup (/patients/<id>/workups/<id>/...): the pair must match."""

from django.urls import path

from interop import views

app_name = "interop"

urlpatterns = [
    path(
        "patients/<int:patient_id>/workups/<int:workup_id>/fhir.json",
        views.workup_fhir,
        name="workup_fhir",
    ),
    path(
        "patients/<int:patient_id>/workups/<int:workup_id>/labs/fhir-import",
        views.labs_import,
        name="labs_import",
    ),
]
