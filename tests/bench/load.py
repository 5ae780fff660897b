"""Load test on loopback: 50 clinicians at once against gunicorn (2 sync workers) and PostgreSQL.

    python -m tests.bench.load                  # or: make load
    python -m tests.bench.load --users 10 --duration 20 --patients 5000     # a quick try
    python -m tests.bench.load --database fibro_perf_set_1000000_10000000  # a kept data set

It creates a throw-away database ``fibro_perf_load_<pid>`` (on the server of DATABASE_URL,
default postgres@127.0.0.1:5432), migrates and seeds it (100,000 patients; 25 draft workups,
each shared by two clinicians; one clinician account with its own authenticator per simulated
user), collects the static files, and starts gunicorn on 127.0.0.1:8121 with production
settings (debug off, a random secret key, plain HTTP on loopback). Then each simulated user,
started one after another over the ramp-up, signs in through the log-in pages (password, then
the code of its authenticator), and until the end of the run repeats: search its patient (by
MRN or by part of the name), open the workup, open the lifestyle section, save it with a new
value (the hidden version number as loaded), follow the redirect; with a pause of 1-2 s
between actions. Everything stops at the end of the run (and every request has a timeout).

Then every save is checked against the database (the section's change history):

- each acknowledged save (302) is stored exactly once, as a version of its section;
- each stored version was made from the version just before it (the one the user loaded):
  nothing was written over a change the user had not seen;
- nothing else was stored: a save refused with the conflict page (409) wrote nothing.

A lost update is any acknowledged save missing from the history or stored over a version its
user had not loaded, or a stored version no acknowledged save explains. Targets: 0 errors
(any 5xx, any unexpected status, any failed request), p95 <= 300 ms, 0 lost updates.

The app's CPU time (the gunicorn workers') per request is taken from the moment every user
has signed in (password hashing is slow on purpose) to the end, and set against the CPU time
of one GET /healthz over HTTP, from a burst of them on the same server after the run
(target: <= 4x). With ``--database``, the run uses a data set kept by ``make bench-large``
(tests/bench/dataset.py: its accounts and workups) instead of seeding a throw-away database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench import harness
from tests.bench.client import Browser, LoginFailed

PORT = 8121
TARGET_P95_MS = 300
TARGET_CPU_RATIO = 4.0
HEALTHZ_BURST = 1000
VERSION_FIELD = re.compile(r'name="version" value="(\d+)"')
SECTION = "lifestyle"
MARKER_BASE = 1000  # aerobic minutes a week: 1000 + 80 * user + n, never a seeded value
MARKERS_PER_USER = 80
# The rest of the lifestyle section, as a clinician would leave it.
LIFESTYLE = {
    "strength_sessions_per_week": "1",
    "sleep_hours": "6.5",
    "psqi_global": "12",
    "isi_total": "18",
    "stop_bang": "5",
    "diet_pattern": "omnivore",
    "height_cm": "162.5",
    "weight_kg": "88.4",
}


@dataclass
class Sample:
    kind: str
    status: int  # 0: the request failed (timeout, refused connection)
    seconds: float
    error: str = ""


@dataclass
class Save:
    user: int
    workup_id: int
    marker: int
    loaded_version: int
    status: int


@dataclass
class Tally:
    samples: list[Sample] = field(default_factory=list)
    saves: list[Save] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def save(self, save: Save) -> None:
        with self.lock:
            self.saves.append(save)


EXPECTED = {
    "login page": {200},
    "login password": {302},
    "login redirect": {302},
    "2fa page": {200},
    "2fa code": {302},
    "patient list": {200},
    "search": {302},
    "search results": {200},
    "workup overview": {200},
    "section page": {200},
    "section save": {302, 409},
    "section after save": {200},
}


class User:
    """One simulated clinician: its own browser (cookies), account, patient and workup."""

    def __init__(
        self,
        number: int,
        account: dict,
        target: dict,
        base_url: str,
        tally: Tally,
        *,
        stored: int | None = None,
    ):
        self.number, self.account, self.target, self.tally = number, account, target, tally
        # The value the section holds before the run (a kept data set's last run may have left
        # one of this user's markers): saving it again would change nothing, so it is skipped.
        self.stored = stored
        self.browser = Browser(base_url, user_agent=f"load-test user {number}")
        self.random = random.Random(number)  # pauses, not secrets
        self.saved = 0
        self.signed_in: bool | None = None  # None until the log-in is over

    def request(self, kind: str, method: str, path: str, form=None):
        try:
            response = self.browser.request(method, path, form)
        except OSError as failure:
            self.tally.add(Sample(kind, 0, 0.0, f"{type(failure).__name__}: {failure}"))
            return None
        error = "" if response.status in EXPECTED[kind] else f"unexpected {response.status}"
        self.tally.add(Sample(kind, response.status, response.seconds, error))
        return None if error else response

    def next_marker(self) -> int:
        marker = MARKER_BASE + MARKERS_PER_USER * self.number + self.saved
        self.saved += 1
        if marker == self.stored:
            return self.next_marker()
        return marker

    def log_in(self) -> bool:
        try:
            responses = self.browser.log_in(
                self.account["username"], self.account["password"], self.account["totp_key"]
            )
        except (LoginFailed, OSError, AssertionError) as failure:
            self.tally.add(Sample("login password", 0, 0.0, str(failure)[:200]))
            return False
        # The log-in page, the password, redirects to the code page, the code page, the code.
        kinds = ["login page", "login password"]
        kinds += ["login redirect"] * (len(responses) - 4) + ["2fa page", "2fa code"]
        for kind, response in zip(kinds, responses, strict=True):
            self.tally.add(Sample(kind, response.status, response.seconds))
        return True

    def pause(self, low: float, high: float, deadline: float) -> bool:
        """Think for a while; False when the run is over."""
        time.sleep(min(self.random.uniform(low, high), max(0.0, deadline - time.monotonic())))
        return time.monotonic() < deadline

    def run(self, deadline: float, think: tuple[float, float], max_rounds: int = 1000) -> None:
        self.signed_in = self.log_in()
        if not self.signed_in:
            return
        target = self.target
        for round_number in range(max_rounds):
            if not self.pause(*think, deadline):
                return
            page = self.request("patient list", "GET", "/patients/")
            if page is None:
                continue
            typed = target["mrn"] if round_number % 2 == 0 else target["name_part"]
            form = {"csrfmiddlewaretoken": page.csrf_token(), "query": typed}
            if self.request("search", "POST", "/patients/", form) is None:
                continue
            if self.request("search results", "GET", "/patients/") is None:
                continue
            if not self.pause(*think, deadline):
                return
            if self.request("workup overview", "GET", target["overview"]) is None:
                continue
            if not self.pause(*think, deadline):
                return
            section = self.request("section page", "GET", target["section"])
            if section is None:
                continue
            loaded = int(VERSION_FIELD.search(section.text).group(1))
            if not self.pause(*think, deadline) or self.saved >= MARKERS_PER_USER:
                return
            marker = self.next_marker()
            form = {
                "csrfmiddlewaretoken": section.csrf_token(),
                "version": str(loaded),
                "aerobic_minutes_per_week": str(marker),
                **LIFESTYLE,
            }
            saved = self.request("section save", "POST", target["section"], form)
            if saved is None:
                continue
            self.tally.save(Save(self.number, target["workup_id"], marker, loaded, saved.status))
            if saved.status == 302:
                self.request("section after save", "GET", target["section"])


# --- Seeding and checking (in this process, against the same database) ---------------------------


def seed(*, users: int, patients: int, workups: int) -> tuple[list[dict], list[dict]]:
    from tests.bench import seed as data

    data.patients(patients)
    accounts, targets = seed_accounts_and_targets(users=users, workups=workups)
    data.analyse()
    return accounts, targets


def seed_accounts_and_targets(*, users: int, workups: int) -> tuple[list[dict], list[dict]]:
    """Among patients already seeded: one draft workup for each of the first ``workups``
    patients by MRN, and ``users`` clinician accounts."""
    from accounts.roles import Role
    from patients.models import Patient
    from tests.bench import seed as data
    from tests.conftest import make_user

    author = make_user("load_author", Role.CLINICIAN, first_name="Ada", last_name="Author")
    targets = []
    for patient in Patient.objects.order_by("mrn")[:workups]:
        workup = data.workups(patient, 1, clinician=author)[0]
        family = patient.search_name.split()[-1]
        targets.append(
            {
                "workup_id": workup.pk,
                "mrn": patient.mrn,
                "name_part": family[:5] if len(family) >= 3 else patient.search_name[:5],
                "overview": workup.get_absolute_url(),
                "section": f"{workup.get_absolute_url()}{SECTION}/",
            }
        )
    accounts = [account.as_dict() for account in data.accounts("load_clin_", users)]
    return accounts, targets


def history_before() -> int:
    """The last row of the sections' change history before a run (a kept data set holds
    the saves of earlier runs)."""
    from django.db.models import Max

    from workup.models import Lifestyle

    return Lifestyle.history.model.objects.aggregate(last=Max("history_id"))["last"] or 0


def stored_values(targets: list[dict]) -> dict[int, int | None]:
    """The marker field of each target's section before a run, by workup."""
    from workup.models import Lifestyle

    workups = [target["workup_id"] for target in targets]
    return dict(
        Lifestyle.objects.filter(workup_id__in=workups).values_list(
            "workup_id", "aerobic_minutes_per_week"
        )
    )


def check_saves(saves: list[Save], targets: list[dict], *, after: int = 0) -> dict:
    """Compare every save with the section's change history (the rows after ``after``, and
    the last one before them, which the run's first save replaced); returns counts and
    problems."""
    from workup.models import Lifestyle

    History = Lifestyle.history.model
    acknowledged = [s for s in saves if s.status == 302]
    problems = []
    for target in targets:
        workup_id = target["workup_id"]
        history = History.objects.filter(workup_id=workup_id).exclude(history_type="-")
        earlier = (
            history.filter(history_id__lte=after)
            .order_by("-version", "-history_id")
            .values_list("version", "aerobic_minutes_per_week")
            .first()
        )
        rows = history.filter(history_id__gt=after).order_by("version", "history_id")
        stored = ([earlier] if earlier else []) + list(
            rows.values_list("version", "aerobic_minutes_per_week")
        )
        mine = {s.marker: s for s in acknowledged if s.workup_id == workup_id}
        seen = set()
        before = None  # the version each stored one replaced (unknown for the first)
        for index, (version, marker) in enumerate(stored):
            # The first one is the seeded section or the last version before the run.
            save = mine.get(marker) if index > 0 else None
            if save is None:
                if index > 0:
                    problems.append(
                        f"workup {workup_id}: version {version} ({marker}) not acknowledged"
                    )
            else:
                seen.add(marker)
                if before is not None and save.loaded_version != before:
                    problems.append(
                        f"workup {workup_id}: save {marker} was made from version "
                        f"{save.loaded_version} but stored over version {before}"
                    )
            before = version
        for marker in set(mine) - seen:
            problems.append(f"workup {workup_id}: acknowledged save {marker} is not stored")
        current = Lifestyle.objects.get(workup_id=workup_id)
        if stored and (current.version, current.aerobic_minutes_per_week) != stored[-1]:
            problems.append(f"workup {workup_id}: the current section is not the last version")
    return {
        "saves": len(saves),
        "acknowledged": len(acknowledged),
        "conflicts": sum(1 for s in saves if s.status == 409),
        "lost_updates": len(problems),
        "problems": problems[:20],
    }


# --- Figures -------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def figures(samples: list[Sample]) -> dict:
    done = [s.seconds * 1000 for s in samples if s.status]
    return {
        "requests": len(samples),
        "errors": sum(1 for s in samples if s.error),
        "p50": statistics.median(done) if done else 0.0,
        "p95": percentile(done, 0.95),
        "p99": percentile(done, 0.99),
        "max": max(done, default=0.0),
    }


def report(tally: Tally, check: dict, *, seconds: float, args, load: tuple[str, str]) -> bool:
    overall = figures(tally.samples)
    print(
        f"Load test: {args.users} users, {seconds:.0f} s, gunicorn {args.workers} sync workers, "
        f"PostgreSQL, {args.patients:,} patients; load average before {load[0]}, after {load[1]}"
    )
    header = f"{'requests':<22} {'count':>6} {'errors':>6}" + "".join(
        f" {name:>8}" for name in ("p50 ms", "p95 ms", "p99 ms", "max ms")
    )
    print(header)
    print("-" * len(header))
    by_kind = defaultdict(list)
    for sample in tally.samples:
        by_kind[sample.kind].append(sample)
    for kind in EXPECTED:
        if by_kind.get(kind):
            f = figures(by_kind[kind])
            print(
                f"{kind:<22} {f['requests']:>6} {f['errors']:>6} {f['p50']:>8.1f} "
                f"{f['p95']:>8.1f} {f['p99']:>8.1f} {f['max']:>8.1f}"
            )
    print("-" * len(header))
    print(
        f"{'all':<22} {overall['requests']:>6} {overall['errors']:>6} {overall['p50']:>8.1f} "
        f"{overall['p95']:>8.1f} {overall['p99']:>8.1f} {overall['max']:>8.1f}"
    )
    print(f"throughput: {overall['requests'] / seconds:.1f} requests/s")
    print(
        f"saves: {check['saves']} ({check['acknowledged']} acknowledged, {check['conflicts']} "
        f"refused with the conflict page); lost updates: {check['lost_updates']}"
    )
    for problem in check["problems"]:
        print(f"  {problem}")
    errors = [s for s in tally.samples if s.error]
    for sample in errors[:10]:
        print(f"  error: {sample.kind}: {sample.error}")
    verdicts = {
        "0 errors": overall["errors"] == 0,
        f"p95 <= {TARGET_P95_MS} ms": overall["p95"] <= TARGET_P95_MS,
        "0 lost updates": check["lost_updates"] == 0,
    }
    print("targets: " + ", ".join(f"{k}: {'ok' if v else 'MISSED'}" for k, v in verdicts.items()))
    return all(verdicts.values())


# --- The run -------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (at most 600)")
    parser.add_argument("--ramp-up", type=float, default=20.0, help="seconds to start all users")
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 2.0), metavar=("MIN", "MAX"))
    parser.add_argument(
        "--database",
        help="run against this kept benchmark data set (tests/bench/dataset.py) instead of "
        "seeding a throw-away database; it is left as it is apart from the run's saves",
    )
    parser.add_argument(
        "--healthz-burst",
        type=int,
        default=HEALTHZ_BURST,
        help="GET /healthz requests after the run, for the app CPU of one (0: none)",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--collected-static", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.duration = min(max(args.duration, 1.0), 600.0)
    args.users = min(max(args.users, 1), (4999 - MARKER_BASE) // MARKERS_PER_USER + 1)
    try:
        return run(args)
    except harness.SetupError as error:
        print(f"load: {error}", file=sys.stderr)
        return 2


def run(args) -> int:
    if args.database:
        if not args.database.startswith(harness.DATABASE_PREFIX):
            raise harness.SetupError(f"--database: a {harness.DATABASE_PREFIX}... data set only")
        site = harness.Site(harness.database_url(args.database))
        if args.collected_static:
            site.collected_static = Path(args.collected_static)
        try:
            return run_on(site, args, kept=True)
        finally:
            site.remove()
    with harness.throwaway_database("load") as url:
        site = harness.Site(url)
        try:
            return run_on(site, args)
        finally:
            site.remove()


def run_on(site: harness.Site, args, *, kept: bool = False) -> int:
    print(f"load: preparing {site.database_url.rsplit('/', 1)[-1]} ...", file=sys.stderr)
    site.prepare()
    site.use_in_this_process()
    import django

    django.setup()
    from django.db import connections

    if kept:
        from tests.bench.dataset import read_plan_here

        plan = read_plan_here()
        accounts, targets = plan["load"]["accounts"], plan["load"]["targets"]
        args.patients = plan["patients"]
        if len(accounts) < args.users:
            raise harness.SetupError(f"the data set has {len(accounts)} load test accounts")
    else:
        print(
            f"load: seeding {args.patients:,} patients and {args.users} users ...", file=sys.stderr
        )
        accounts, targets = seed(
            users=args.users, patients=args.patients, workups=(args.users + 1) // 2
        )
        targets = targets[: (args.users + 1) // 2]
    after = history_before()
    stored = stored_values(targets)
    connections.close_all()

    server = harness.AppServer(site, args.port, workers=args.workers, name="load").start()
    load_before = harness.load_average()
    cpu_before = server.worker_cpu_seconds()
    database_cpu_before = harness.cpu_seconds_of("postgres")
    own_cpu_before = time.process_time()
    busy_before = harness.machine_busy_seconds()
    tally = Tally()
    steady = None
    try:
        print(f"load: {args.users} users for {args.duration:.0f} s ...", file=sys.stderr)
        started = time.monotonic()
        deadline = started + args.duration
        users = [
            User(
                number,
                account,
                targets[number % len(targets)],
                server.base_url,
                tally,
                stored=stored.get(targets[number % len(targets)]["workup_id"]),
            )
            for number, account in enumerate(accounts[: args.users])
        ]
        threads = [
            threading.Thread(target=user.run, args=(deadline, tuple(args.think)), daemon=True)
            for user in users
        ]
        spacing = args.ramp_up / max(1, len(threads))
        for thread in threads:
            thread.start()
            time.sleep(spacing)
        steady = Steady.when_signed_in(users, server, tally, deadline)
        for thread in threads:
            thread.join(timeout=max(1.0, deadline - time.monotonic()) + 60)
        seconds = time.monotonic() - started
        still = sum(1 for thread in threads if thread.is_alive())
        if still:
            print(f"load: {still} users still waiting on a request at the end", file=sys.stderr)
        if steady is not None:
            steady.close(server, tally)
        load_after = harness.load_average()
        memory = server.worker_memory_mb()
        app_cpu = server.worker_cpu_seconds() - cpu_before
        database_cpu = harness.cpu_seconds_of("postgres") - database_cpu_before
        own_cpu = time.process_time() - own_cpu_before
        others_cpu = harness.machine_busy_seconds() - busy_before - app_cpu - database_cpu - own_cpu
        healthz = healthz_cpu(server, args.healthz_burst) if not still else None
        home = home_cpu(server, users, args.healthz_burst) if not still else None
    finally:
        server.stop()
    check = check_saves(list(tally.saves), targets, after=after)
    connections.close_all()
    met = report(tally, check, seconds=seconds, args=args, load=(load_before, load_after))
    if memory:
        print("gunicorn workers, peak memory: " + ", ".join(f"{mb:.0f} MB" for mb in memory))
    if tally.samples and app_cpu > 0:
        count = len(tally.samples)
        print(
            f"CPU time during the run: gunicorn workers {app_cpu:.1f} s "
            f"({1000 * app_cpu / count:.1f} ms per request), PostgreSQL {database_cpu:.1f} s "
            f"({1000 * database_cpu / count:.1f} ms per request; all its processes), "
            f"this load generator {own_cpu:.1f} s, everything else on the machine "
            f"{max(0.0, others_cpu):.1f} s; available: {os.cpu_count()} cores x {seconds:.0f} s"
        )
    cpu = cpu_figures(steady, healthz, home)
    if cpu:
        print(
            f"app CPU per request once every user had signed in ({cpu['requests']} requests): "
            f"{cpu['per_request_ms']:.2f} ms; per GET /healthz ({cpu['healthz_requests']} after "
            f"the run): {cpu['healthz_ms']:.2f} ms; ratio {cpu['ratio']:.1f} "
            f"(target <= {TARGET_CPU_RATIO:g})"
        )
        if "home_ms" in cpu:
            print(
                f"app CPU per signed-in GET / (the start page, layout only): "
                f"{cpu['home_ms']:.2f} ms; per request / per start page: "
                f"{cpu['ratio_to_home']:.1f} (information)"
            )
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(
                {
                    "overall": figures(tally.samples),
                    "check": check,
                    "seconds": seconds,
                    "patients": args.patients,
                    "worker_mb": memory,
                    "worker_cpu_seconds": app_cpu,
                    "database_cpu_seconds": database_cpu,
                    "load_generator_cpu_seconds": own_cpu,
                    "other_cpu_seconds": others_cpu,
                    "cpu": cpu,
                },
                handle,
                indent=2,
            )
    log_errors = server.log_tail()
    if "Traceback" in log_errors or "ERROR" in log_errors:
        print("server log (last lines):\n" + log_errors)
    return 0 if met else 1


@dataclass
class Steady:
    """The app CPU and the requests from the moment every user has signed in (password
    hashing, slow on purpose, is left out) to the end of the run."""

    cpu: float
    samples: int
    requests: int = 0
    seconds: float = 0.0

    @classmethod
    def when_signed_in(cls, users: list[User], server, tally: Tally, deadline: float):
        while time.monotonic() < deadline:
            if all(user.signed_in is not None for user in users):
                with tally.lock:
                    return cls(server.worker_cpu_seconds(), len(tally.samples))
            time.sleep(0.05)
        return None

    def close(self, server, tally: Tally) -> None:
        self.seconds = server.worker_cpu_seconds() - self.cpu
        self.requests = len(tally.samples) - self.samples


def healthz_cpu(server, count: int) -> dict | None:
    """App CPU of ``count`` GET /healthz over HTTP, one after another, on the same server."""
    if count <= 0:
        return None
    browser = Browser(server.base_url, user_agent="load-test healthz")
    before = server.worker_cpu_seconds()
    for _ in range(count):
        if browser.get("/healthz").status != 200:
            return None
    return {"requests": count, "seconds": server.worker_cpu_seconds() - before}


def home_cpu(server, users: list[User], count: int) -> dict | None:
    """App CPU of ``count`` GET / (the start page: a signed-in page with the app's layout and
    nothing of a patient) by one signed-in user, after the run: the floor of a signed-in page."""
    signed_in = next((user for user in users if user.signed_in), None)
    if count <= 0 or signed_in is None:
        return None
    before = server.worker_cpu_seconds()
    for _ in range(count):
        if signed_in.browser.get("/").status != 200:
            return None
    return {"requests": count, "seconds": server.worker_cpu_seconds() - before}


def cpu_figures(
    steady: Steady | None, healthz: dict | None, home: dict | None = None
) -> dict | None:
    if steady is None or healthz is None or not steady.requests or healthz["seconds"] <= 0:
        return None
    per_request = steady.seconds / steady.requests
    per_healthz = healthz["seconds"] / healthz["requests"]
    figures = {
        "requests": steady.requests,
        "per_request_ms": 1000 * per_request,
        "healthz_requests": healthz["requests"],
        "healthz_ms": 1000 * per_healthz,
        "ratio": per_request / per_healthz,
    }
    if home is not None and home["seconds"] > 0:
        per_home = home["seconds"] / home["requests"]
        figures.update(home_ms=1000 * per_home, ratio_to_home=per_request / per_home)
    return figures


if __name__ == "__main__":
    sys.exit(main())
