"""Patient pages. Views orchestrate: forms validate, selectors read, services write and audit.

Pages carry patient data, so none of them may be cached. What is searched for travels by POST
and stays in the session; URLs hold only record ids (a page of the list starts after, or ends
before, a patient's id), the sort key and the archive filter.
"""

import copy
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from patients import selectors, services
from patients.forms import PatientForm, PatientSearchForm, ReasonForm, practice_search
from patients.paging import patient_page
from patients.search import SearchError
from workup.selectors import patient_workups

SEARCH_SESSION_KEY = "patients.search"


def list_url(*, sort: str, status: str, after: int | None = None, before: int | None = None) -> str:
    """The list's address: only the sort key, the archive filter and the id of the patient
    a page starts after (or ends before), never a name."""
    params = {}
    if sort != selectors.DEFAULT_SORT:
        params["sort"] = sort
    if status != selectors.ListStatus.ACTIVE:
        params["status"] = status
    if after is not None:
        params["after"] = after
    elif before is not None:
        params["before"] = before
    base = reverse("patients:list")
    return f"{base}?{urlencode(params)}" if params else base


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required("patients.view_patient", raise_exception=True)
def patient_list(request):
    sort = selectors.sort_key_or_default(request.GET.get("sort"))
    status = selectors.status_or_default(request.GET.get("status"))
    form = PatientSearchForm()
    if request.method == "POST":
        if "clear" in request.POST:
            request.session.pop(SEARCH_SESSION_KEY, None)
            return redirect(list_url(sort=sort, status=status))
        form = PatientSearchForm(request.POST)
        if form.is_valid():
            request.session[SEARCH_SESSION_KEY] = form.cleaned_data["query"]
            return redirect(list_url(sort=sort, status=status))

    query = request.session.get(SEARCH_SESSION_KEY, "")
    try:
        search = practice_search(query) if query else None
    except SearchError:
        search = None
    if not form.is_bound:
        form = PatientSearchForm(initial={"query": query})

    page = patient_page(
        search=search,
        sort=sort,
        status=status,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    services.patient_search_log(
        actor=request.user,
        request=request,
        kind=search.kind if search else "none",
        status=status,
        sort=sort,
        page=1 if page.first else None,
        result_count=page.count.value,
        result_count_estimated=page.count.estimated,
        result_count_more=page.count.more,
        shown_patient_ids=[patient.pk for patient in page],
    )
    return render(
        request,
        "patients/patient_list.html",
        {
            "form": form,
            "searching": search is not None,
            "page": page,
            "sort": sort,
            "status": status,
            "form_action": list_url(sort=sort, status=status),
            "sort_links": _sort_links(sort=sort, status=status),
            "status_links": _status_links(sort=sort, current=status),
            "page_links": _page_links(page, sort=sort, status=status),
        },
    )


@never_cache
@require_http_methods(["GET"])
@permission_required("patients.view_patient", raise_exception=True)
def patient_detail(request, patient_id: int):
    patient = selectors.patient_get(patient_id=patient_id)
    services.patient_read_log(actor=request.user, patient=patient, request=request)
    return render(
        request,
        "patients/patient_detail.html",
        {
            "patient": patient,
            "changes": selectors.patient_changes(patient=patient),
            # None: this user may not see workups (the section says so instead of listing).
            "workups": patient_workups(patient=patient)
            if request.user.has_perm("workup.view_workup")
            else None,
            "can_start_workup": patient.is_active and request.user.has_perm("workup.add_workup"),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required("patients.add_patient", raise_exception=True)
def patient_create(request):
    form = PatientForm(request.POST or None, registering=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            patient = services.patient_create(
                actor=request.user,
                request=request,
                confirmed_not_duplicate_of=form.confirmed_not_duplicate_of,
                **form.demographics,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Patient registered.")
            return redirect(patient)
    elif form.is_bound:
        _log_duplicates_shown(request, form)
    return render(request, "patients/patient_form.html", {"form": form, "patient": None})


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required("patients.change_patient", raise_exception=True)
def patient_update(request, patient_id: int):
    patient = selectors.patient_get(patient_id=patient_id)
    # The form gets its own copy: validation writes typed values into its instance, and the
    # page heading must keep showing the record as stored.
    form = PatientForm(request.POST or None, instance=copy.copy(patient))
    if request.method == "GET":
        services.patient_read_log(actor=request.user, patient=patient, page="edit", request=request)
    elif not form.is_valid():
        _log_duplicates_shown(request, form)
    else:
        try:
            patient, changed = services.patient_update(
                actor=request.user,
                request=request,
                patient_id=patient_id,
                data=form.demographics,
                confirmed_not_duplicate_of=form.confirmed_not_duplicate_of,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Changes saved." if changed else "Nothing was changed.")
            return redirect(patient)
    return render(request, "patients/patient_form.html", {"form": form, "patient": patient})


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required("patients.archive_patient", raise_exception=True)
def patient_archive(request, patient_id: int):
    return _reason_page(
        request,
        patient_id=patient_id,
        archiving=True,
        service=services.patient_archive,
        label="Reason for archiving",
        done="Patient archived: hidden from the list, kept with all their records.",
    )


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required("patients.archive_patient", raise_exception=True)
def patient_restore(request, patient_id: int):
    return _reason_page(
        request,
        patient_id=patient_id,
        archiving=False,
        service=services.patient_restore,
        label="Reason for restoring",
        done="Patient restored to the list.",
    )


def _log_duplicates_shown(request, form):
    """The possible duplicates listed on the form are other patients' records being shown."""
    if form.duplicates:
        services.patient_search_log(
            actor=request.user,
            request=request,
            kind="duplicate_check",
            result_count=len(form.duplicates),
            shown_patient_ids=[patient.pk for patient in form.duplicates],
        )


def _reason_page(request, *, patient_id, archiving, service, label, done):
    """Archive and restore: the same page, asking why."""
    patient = selectors.patient_get(patient_id=patient_id)
    applicable = patient.is_active == archiving
    form = ReasonForm(request.POST or None, label=label)
    if request.method == "POST" and applicable and form.is_valid():
        try:
            patient = service(
                actor=request.user,
                request=request,
                patient_id=patient_id,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(patient)
    return render(
        request,
        "patients/patient_reason.html",
        {"form": form, "patient": patient, "archiving": archiving, "applicable": applicable},
    )


# --- Links built from whitelisted values only ----------------------------------------------

SORT_COLUMNS = [("name", "Name"), ("dob", "Date of birth"), ("last_visit", "Last visit")]


def _sort_links(*, sort: str, status: str) -> dict[str, dict]:
    """Per sortable column: the link that sorts by it (or reverses it) and its aria-sort."""
    links = {}
    for key, label in SORT_COLUMNS:
        ascending_now = sort == key
        descending_now = sort == f"-{key}"
        links[key] = {
            "label": label,
            "url": list_url(sort=f"-{key}" if ascending_now else key, status=status),
            "aria_sort": "ascending"
            if ascending_now
            else "descending"
            if descending_now
            else "none",
        }
    return links


STATUS_LABELS = [
    (selectors.ListStatus.ACTIVE, "Active"),
    (selectors.ListStatus.ARCHIVED, "Archived"),
    (selectors.ListStatus.ALL, "All"),
]


def _status_links(*, sort: str, current: str) -> list[dict]:
    return [
        {"label": label, "url": list_url(sort=sort, status=value), "current": value == current}
        for value, label in STATUS_LABELS
    ]


def _page_links(page, *, sort: str, status: str) -> dict:
    """First, previous and next page; None where there is no such page."""
    previous = page.previous_before
    return {
        "first": None if page.first else list_url(sort=sort, status=status),
        "previous": None
        if previous is None
        else list_url(sort=sort, status=status, before=previous),
        "next": None
        if page.next_after is None
        else list_url(sort=sort, status=status, after=page.next_after),
    }
