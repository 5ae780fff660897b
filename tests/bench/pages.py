"""Server time of the pages the issue names, against GET /healthz measured in the same run:
in process (Django test client: no network, no server) and over HTTP (gunicorn on loopback).

Pages are requested in interleaved rounds (healthz, then each page, again and again), so a
burst of load from elsewhere on the machine hits every page alike; the figures are medians.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass

from tests.bench.bench_patients import (
    MRN_SEARCH,
    NAME_SEARCH_BROAD,
    NAME_SEARCH_SELECTIVE,
    SqlTimer,
    result_count,
)

WARM_UP = 5
WORKUPS_OF_PATIENT = 10


@dataclass(frozen=True)
class Case:
    key: str
    label: str
    path: str
    search: str | None = None  # typed into the patient search box first (kept in the session)
    # The same page with other data (more results, fewer workups): for the query count check.
    variant_path: str | None = None
    variant_search: str | None = None
    target: bool = True  # False: shown for information


def seed(*, patients: int, http_accounts: int) -> dict:
    """The data of the page benchmark; returns the plan (cases and accounts) as plain data."""
    from django.urls import reverse

    from accounts.roles import Role
    from patients.models import Patient
    from tests.bench import seed as data
    from tests.conftest import make_user
    from tests.patients.factories import make_patient

    clinician = make_user("bench_clinician", Role.CLINICIAN, first_name="Bea", last_name="Bench")
    seconds = data.patients(patients)
    many = make_patient(
        mrn="BENCH-TEN", given_name="Teodora", family_name="Tenvisits", sex_at_birth="female"
    )
    one = make_patient(
        mrn="BENCH-ONE", given_name="Una", family_name="Onevisit", sex_at_birth="female"
    )
    newest = data.workups(many, WORKUPS_OF_PATIENT, clinician=clinician, signed_every=3)[0]
    only = data.workups(one, 1, clinician=clinician)[0]
    accounts = data.accounts("bench_http_", http_accounts)
    data.analyse()
    patient_list = reverse("patients:list")
    found = {typed: result_count(typed) for typed in (NAME_SEARCH_SELECTIVE, NAME_SEARCH_BROAD, "")}
    cases = [
        Case("healthz", "GET /healthz", reverse("healthz")),
        Case(
            "name",
            f"patient search by name '{NAME_SEARCH_SELECTIVE}' ({found[NAME_SEARCH_SELECTIVE]:,} "
            "found)",
            patient_list,
            NAME_SEARCH_SELECTIVE,
            variant_path=patient_list,
            variant_search=NAME_SEARCH_BROAD,
        ),
        Case(
            "mrn",
            f"patient search by MRN '{MRN_SEARCH}'",
            patient_list,
            MRN_SEARCH,
            variant_path=patient_list,
            variant_search="BENCH-TEN",
        ),
        Case(
            "overview",
            f"workup overview, patient with {WORKUPS_OF_PATIENT} workups",
            newest.get_absolute_url(),
            variant_path=only.get_absolute_url(),
        ),
        Case(
            "list",
            f"patient list, first page ({found['']:,} patients, length estimated)",
            patient_list,
            "",
            target=False,
        ),
    ]
    return {
        "patients": Patient.objects.count(),
        "seed_seconds": seconds,
        "cases": [asdict(case) for case in cases],
        "accounts": [account.as_dict() for account in accounts],
        "broad_found": found[NAME_SEARCH_BROAD],
    }


def _timed_rounds(cases: list[Case], requests: int, get) -> dict[str, float]:
    """Median seconds per case over ``requests`` interleaved rounds after WARM_UP rounds."""
    timings: dict[str, list[float]] = {case.key: [] for case in cases}
    for round_number in range(WARM_UP + requests):
        for case in cases:
            seconds = get(case)
            if round_number >= WARM_UP:
                timings[case.key].append(seconds)
    return {key: statistics.median(values) for key, values in timings.items()}


# --- In process ----------------------------------------------------------------------------------


def measure_in_process(plan: dict, requests: int) -> dict:
    """Medians and query counts with the Django test client; one signed-in session per case
    (the search typed stays in the session, as it does for a clinician)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from tests.conftest import sign_in

    user = User.objects.get(username="bench_clinician")
    cases = [Case(**case) for case in plan["cases"]]
    clients = {}
    for case in cases:
        clients[case.key] = _client_for(sign_in(Client(), user), case.path, case.search)

    def get(case: Case) -> float:
        started = time.perf_counter()
        response = clients[case.key].get(case.path)
        seconds = time.perf_counter() - started
        if response.status_code != 200:
            raise AssertionError(f"{case.label}: {response.status_code}")
        return seconds

    medians = _timed_rounds(cases, requests, get)

    results = {}
    for case in cases:
        counts = set()
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                clients[case.key].get(case.path)
            counts.add(len(captured))
        sql = []
        for _ in range(9):
            timer = SqlTimer()
            with connection.execute_wrapper(timer):
                clients[case.key].get(case.path)
            sql.append(timer.seconds)
        variant_counts = set()
        if case.variant_path:
            variant = _client_for(sign_in(Client(), user), case.variant_path, case.variant_search)
            for _ in range(3):
                with CaptureQueriesContext(connection) as captured:
                    variant.get(case.variant_path)
                variant_counts.add(len(captured))
        results[case.key] = {
            "median": medians[case.key],
            "queries": sorted(counts),
            "variant_queries": sorted(variant_counts),
            "sql": statistics.median(sql),
        }
    return results


def _client_for(client, path: str, search: str | None):
    if search is not None:
        from django.urls import reverse

        patient_list = reverse("patients:list")
        form = {"query": search} if search else {"clear": "1"}
        response = client.post(patient_list, form)
        if response.status_code != 302:
            raise AssertionError(f"search {search!r}: {response.status_code}")
    return client


# --- Over HTTP -----------------------------------------------------------------------------------


def measure_http(plan: dict, base_url: str, requests: int) -> dict:
    """Medians over real HTTP, one client at a time (no concurrency: latency, not throughput);
    each case in its own session, signed in through the log-in pages with the second factor."""
    from tests.bench.client import Browser

    cases = [Case(**case) for case in plan["cases"]]
    accounts = plan["accounts"]
    if len(accounts) < len(cases):
        raise ValueError("one account per case is needed (a code is accepted only once)")
    browsers = {}
    for case, account in zip(cases, accounts, strict=False):
        browser = Browser(base_url)
        browser.log_in(account["username"], account["password"], account["totp_key"])
        if case.search is not None:
            form = {"query": case.search} if case.search else {"clear": "1"}
            done = browser.submit("/patients/", form)
            if done.status != 302:
                raise AssertionError(f"search {case.search!r} over HTTP: {done.status}")
        browsers[case.key] = browser

    def get(case: Case) -> float:
        response = browsers[case.key].get(case.path)
        if response.status != 200:
            raise AssertionError(f"{case.label} over HTTP: {response.status}")
        return response.seconds

    medians = _timed_rounds(cases, requests, get)
    return {key: {"median": value} for key, value in medians.items()}
