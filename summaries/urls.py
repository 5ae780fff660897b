"""Summary URLs. A summary lives under its workup (/patients/<id>/workups/<id>/summary/: the
pair must match, else 404); batch prints under /summaries/batches/."""

from django.urls import path

from summaries import views

app_name = "summaries"

WORKUP = "patients/<int:patient_id>/workups/<int:workup_id>/"

urlpatterns = [
    path(WORKUP + "summary/", views.summary, name="summary"),
    path(WORKUP + "summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("summaries/batches/", views.batch_list, name="batch_list"),
    path("summaries/batches/new/", views.batch_create, name="batch_create"),
    path("summaries/batches/<int:batch_id>/", views.batch_detail, name="batch_detail"),
    path("summaries/batches/<int:batch_id>/status/", views.batch_status, name="batch_status"),
    path(
        "summaries/batches/<int:batch_id>/download/",
        views.batch_download,
        name="batch_download",
    ),
]
