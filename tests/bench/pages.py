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
    MRN_SEARCH_OTHER,
    NAME_SEARCH_BROAD,
    NAME_SEARCH_SELECTIVE,
    SqlTimer,
    result_count,
)

WARM_UP = 5
WORKUPS_OF_PATIENT = 10
SECTION = "pain"
# Targets, as multiples of GET /healthz: pages whose work grows with what they show (a page of
# search results among 1,000+ matches, a workup with its evaluation) get more room.
LOOKUP_RATIO = 3.0
LISTING_RATIO = 5.0
TARGET_RATIOS = {
    "name": LISTING_RATIO,
    "overview": LISTING_RATIO,
    "mrn": LOOKUP_RATIO,
    "patient": LOOKUP_RATIO,
    "section": LOOKUP_RATIO,
}


@dataclass(frozen=True)
class Case:
    key: str
    label: str
    path: str
    search: str | None = None  # typed into the patient search box first (kept in the session)
    # The same page with other data (more results, fewer workups): for the query count check.
    variant_path: str | None = None
    variant_search: str | None = None
    ratio: float | None = None  # the target, in multiples of healthz; None: for information


# The signed-in start page shows the app's layout and nothing of a patient: the floor every
# signed-in page starts from (session, user, second factor, permissions, navigation). Measured
# beside the pages for information, not against a target.
HOME = Case("home", "start page, signed in (layout only)", "/")


def plan_cases(plan: dict) -> list[Case]:
    """The plan's cases, with the start page (plans of data sets built before it had none)."""
    cases = [Case(**case) for case in plan["cases"]]
    if all(case.key != HOME.key for case in cases):
        cases.append(HOME)
    return cases


def seed(*, patients: int, http_accounts: int) -> dict:
    """The data of the page benchmark; returns the plan (cases and accounts) as plain data."""
    from accounts.roles import Role
    from tests.bench import seed as data
    from tests.conftest import make_user

    # The clinician first: the demo patients are shared out among the clinicians on record.
    clinician = make_user("bench_clinician", Role.CLINICIAN, first_name="Bea", last_name="Bench")
    seconds = data.patients(patients)
    plan = seed_cases(http_accounts=http_accounts, clinician=clinician)
    data.analyse()
    plan["seed_seconds"] = seconds
    return plan


def seed_cases(*, http_accounts: int, clinician=None) -> dict:
    """The clinician (unless given), the two patients with workups and the accounts the pages
    need, among patients already seeded; returns the plan (cases and accounts) as plain data."""
    from django.urls import reverse

    from accounts.roles import Role
    from patients.models import Patient
    from tests.bench import seed as data
    from tests.conftest import make_user
    from tests.patients.factories import make_patient

    if clinician is None:
        clinician = make_user(
            "bench_clinician", Role.CLINICIAN, first_name="Bea", last_name="Bench"
        )
    many = make_patient(
        mrn="BENCH-TEN", given_name="Teodora", family_name="Tenvisits", sex_at_birth="female"
    )
    one = make_patient(
        mrn="BENCH-ONE", given_name="Una", family_name="Onevisit", sex_at_birth="female"
    )
    newest = data.workups(many, WORKUPS_OF_PATIENT, clinician=clinician, signed_every=3)[0]
    only = data.workups(one, 1, clinician=clinician)[0]
    accounts = data.accounts("bench_http_", http_accounts)
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
            ratio=TARGET_RATIOS["name"],
        ),
        Case(
            "mrn",
            f"patient search by MRN '{MRN_SEARCH}'",
            patient_list,
            MRN_SEARCH,
            variant_path=patient_list,
            variant_search=MRN_SEARCH_OTHER,
            ratio=TARGET_RATIOS["mrn"],
        ),
        Case(
            "patient",
            f"patient page, patient with {WORKUPS_OF_PATIENT} workups",
            reverse("patients:detail", args=[many.pk]),
            variant_path=reverse("patients:detail", args=[one.pk]),
            ratio=TARGET_RATIOS["patient"],
        ),
        Case(
            "section",
            f"section page ({SECTION}) of a draft",
            f"{newest.get_absolute_url()}{SECTION}/",
            variant_path=f"{only.get_absolute_url()}{SECTION}/",
            ratio=TARGET_RATIOS["section"],
        ),
        Case(
            "overview",
            f"workup overview, patient with {WORKUPS_OF_PATIENT} workups",
            newest.get_absolute_url(),
            variant_path=only.get_absolute_url(),
            ratio=TARGET_RATIOS["overview"],
        ),
        Case(
            "list",
            f"patient list, first page ({found['']:,} patients, length estimated)",
            patient_list,
            "",
        ),
        HOME,
    ]
    return {
        "patients": Patient.objects.count(),
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
    cases = plan_cases(plan)
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


def page_queries(mine: dict) -> int:
    """The page's own query count: the fewest seen. A signed-in request now and then also
    saves its session (the idle clock is moved on every 10 s), a few queries more that do
    not depend on the page or the data."""
    return min(mine["queries"])


def queries_constant(mine: dict) -> bool:
    """The same query count for the page with other data (the variant)."""
    variant = mine["variant_queries"]
    return not variant or min(variant) == page_queries(mine)


def query_text(mine: dict) -> str:
    queries, variant = mine["queries"], mine["variant_queries"]
    text = (
        "-".join(str(q) for q in (queries[0], queries[-1]) if q)
        if len(queries) > 1
        else str(queries[0])
    )
    if variant:
        text += f" ({'same' if variant == queries else 'varies: ' + str(variant)})"
    return text


# --- Over HTTP -----------------------------------------------------------------------------------


def measure_http(plan: dict, base_url: str, requests: int) -> dict:
    """Medians over real HTTP, one client at a time (no concurrency: latency, not throughput);
    each case in its own session, signed in through the log-in pages with the second factor."""
    from tests.bench.client import Browser

    cases = plan_cases(plan)
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
