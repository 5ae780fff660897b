from django.urls import include, path

from config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("patients/", include("patients.urls")),
    # Workup pages live under their patient: /patients/<id>/workups/<id>/... (and /workups/rules/).
    path("", include("workup.urls")),
    path("", include("summaries.urls")),
    # Questionnaires: /patients/<id>/questionnaires/... for the clinic, /q/... for the patient.
    path("", include("questionnaires.urls")),
    # FHIR export of a signed workup: /patients/<id>/workups/<id>/fhir.json
    path("", include("interop.urls")),
]
