"""Two app servers, one database, one private storage folder: the app keeps no state of its own.

    python -m tests.bench.two_nodes             # or: make two-nodes

Creates a throw-away database ``fibro_perf_twonode_<pid>`` (server of DATABASE_URL, default
postgres@127.0.0.1:5432) and one private storage folder, then starts two gunicorn servers
with production settings and the same secret key, node A on 127.0.0.1:8131 and node B on
127.0.0.1:8132, as two machines behind a load balancer would run. One clinician's browser:

1. signs in on A (password, then the authenticator code) and continues on B with the same
   session cookie: B knows the session (sessions live in the database);
2. signs a workup on A; the summary PDF downloads byte-identical from A and from B and matches
   the SHA-256 stored at signing (the signed PDF lives in the shared private storage);
3. starts a batch print on A and asks only B for its progress until it is done; the combined
   PDF downloads byte-identical from both;
4. starts another batch print on A and stops A at once (SIGKILL, as a crash would): B's
   progress polls finish it (taking over once the dead worker's lease has run out); after A
   is started again, both serve the same file;
5. logs out on B: A no longer knows the session either.

Every step has a deadline; both servers are stopped and the database dropped at the end.
Exit status 0 when every check passed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time

from tests.bench import harness
from tests.bench.bench_summary import page_count
from tests.bench.client import Browser

PORTS = (8131, 8132)
SIGNED_FOR_BATCH = 4
BATCH_WAIT_SECONDS = 150


class CheckFailed(AssertionError):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def seed() -> dict:
    """A clinician with an authenticator; a draft to sign in the browser; four signed
    workups of the same clinic date, their PDFs issued into the shared storage."""
    from accounts.models import User
    from tests.bench import seed as data
    from tests.patients.factories import make_patient
    from workup.services import workup_sign

    account = data.accounts("two_node_", 1)[0]
    clinician = User.objects.get(username=account.username)
    patients = [
        make_patient(mrn=f"NODE-{n}", given_name=name, family_name="Twonode")
        for n, name in enumerate(["Ada", "Bo", "Cy", "Di", "Ed"], start=1)
    ]
    draft = data.workups(patients[0], 1, clinician=clinician)[0]
    for patient in patients[1 : 1 + SIGNED_FOR_BATCH]:
        workup = data.workups(patient, 1, clinician=clinician)[0]
        workup_sign(workup=workup, signer=clinician, password=data.PASSWORD)
    return {
        "account": account.as_dict(),
        "workup": draft.get_absolute_url(),
        "workup_id": draft.pk,
        "clinic_date": draft.visit_date.isoformat(),
    }


class Run:
    def __init__(self, site: harness.Site, plan: dict):
        self.site, self.plan = site, plan
        self.a = harness.AppServer(site, PORTS[0], name="A")
        self.b = harness.AppServer(site, PORTS[1], name="B")
        self.browser = Browser(self.a.base_url, user_agent="two-node run")
        self.lines: list[str] = []

    def say(self, line: str) -> None:
        self.lines.append(line)
        print(line, flush=True)

    def on(self, server: harness.AppServer) -> Browser:
        self.browser.switch_to(server.base_url)
        return self.browser

    def sessions(self) -> None:
        account = self.plan["account"]
        self.on(self.a).log_in(account["username"], account["password"], account["totp_key"])
        home = self.on(self.b).get("/")
        check(home.status == 200, f"B does not know the session from A: {home.status}")
        patients = self.browser.get("/patients/")
        check(patients.status == 200, f"patient list on B: {patients.status}")
        self.say("ok  signed in on A (password + code), continued on B with the same cookie")

    def signed_pdf(self) -> None:
        from summaries.models import IssuedSummary

        workup = self.plan["workup"]
        page = self.on(self.a).get(f"{workup}sign/")
        check(page.status == 200, f"sign page on A: {page.status}")
        signed = self.browser.post(
            f"{workup}sign/",
            {
                "csrfmiddlewaretoken": page.csrf_token(),
                "password": self.plan["account"]["password"],
            },
        )
        check(signed.status == 302, f"signing on A: {signed.status}")
        from_a = self.on(self.a).get(f"{workup}summary.pdf")
        from_b = self.on(self.b).get(f"{workup}summary.pdf")
        check(from_a.status == 200 and from_b.status == 200, "summary PDF download failed")
        check(from_a.body[:5] == b"%PDF-", "not a PDF")
        check(from_a.body == from_b.body, "the summary PDF differs between A and B")
        stored = IssuedSummary.objects.get(workup_id=self.plan["workup_id"]).sha256
        digest = hashlib.sha256(from_b.body).hexdigest()
        check(digest == stored, "the downloaded PDF is not the one stored at signing")
        self.say(
            f"ok  workup signed on A; its PDF ({len(from_a.body):,} bytes, "
            f"{page_count(from_a.body)} pages) is byte-identical from A and B, SHA-256 as stored"
        )

    def start_batch(self) -> int:
        day = self.plan["clinic_date"]
        page = self.on(self.a).get(f"/summaries/batches/new/?clinic_date={day}")
        check(page.status == 200, f"batch page on A: {page.status}")
        started = self.browser.post(
            "/summaries/batches/new/",
            {"csrfmiddlewaretoken": page.csrf_token(), "clinic_date": day, "mode": "all"},
        )
        check(started.status == 302, f"starting the batch on A: {started.status}")
        match = re.search(r"/summaries/batches/(\d+)/", started.location)
        check(match is not None, f"no batch in {started.location}")
        return int(match.group(1))

    def poll_on_b(self, batch: int) -> tuple[dict, float, int]:
        started = time.monotonic()
        polls = 0
        while time.monotonic() - started < BATCH_WAIT_SECONDS:
            polls += 1
            answer = self.on(self.b).get(f"/summaries/batches/{batch}/status/")
            check(answer.status == 200, f"status on B: {answer.status}")
            state = json.loads(answer.body)
            if state["finished"]:
                return state, time.monotonic() - started, polls
            time.sleep(1.0)
        raise CheckFailed(f"batch {batch} not finished after {BATCH_WAIT_SECONDS} s of polls on B")

    def download_batch(self, batch: int) -> tuple[bytes, bytes]:
        from_b = self.on(self.b).get(f"/summaries/batches/{batch}/download/")
        from_a = self.on(self.a).get(f"/summaries/batches/{batch}/download/")
        check(from_a.status == 200 and from_b.status == 200, "batch download failed")
        check(from_a.body == from_b.body, "the batch PDF differs between A and B")
        return from_a.body, from_b.body

    def batch_polled_on_b(self) -> None:
        batch = self.start_batch()
        state, seconds, polls = self.poll_on_b(batch)
        check(state["status"] == "done", f"batch {batch}: {state['status']} {state['error']}")
        data, _ = self.download_batch(batch)
        self.say(
            f"ok  batch print started on A, polled on B ({polls} polls, done after "
            f"{seconds:.1f} s): {state['total']} summaries, {page_count(data)} pages, "
            "byte-identical from A and B"
        )

    def batch_after_a_crashes(self) -> None:
        from summaries.models import BatchPrint, BatchPrintStatus

        batch = self.start_batch()
        # Wait until A's worker holds the job, then kill A in the middle of it.
        deadline = time.monotonic() + 20
        job = BatchPrint.objects.get(pk=batch)
        while job.status == BatchPrintStatus.QUEUED and time.monotonic() < deadline:
            time.sleep(0.01)
            job.refresh_from_db()
        self.a.kill()
        job.refresh_from_db()
        when = f"holding the job, {job.done} of {job.total} summaries done"
        if job.status != BatchPrintStatus.RUNNING:
            when = f"with the job {job.status}"
        state, seconds, polls = self.poll_on_b(batch)
        check(state["status"] == "done", f"batch {batch}: {state['status']} {state['error']}")
        job.refresh_from_db()
        self.a.start()
        data, _ = self.download_batch(batch)
        self.say(
            f"ok  batch print started on A, A killed ({when}); B's polls finished it "
            f"({polls} polls, {seconds:.1f} s, attempt {job.attempts}); A restarted: "
            f"{page_count(data)} pages, byte-identical from A and B"
        )

    def log_out(self) -> None:
        home = self.on(self.b).get("/")
        logged_out = self.browser.post(
            "/accounts/logout/", {"csrfmiddlewaretoken": home.csrf_token()}
        )
        check(logged_out.status == 302, f"log-out on B: {logged_out.status}")
        after = self.on(self.a).get("/patients/")
        check(
            after.status == 302 and "/accounts/login/" in after.location,
            "A still knows the session",
        )
        self.say("ok  logged out on B: A sends the same browser to the log-in page")

    def all(self) -> None:
        self.a.start()
        self.b.start()
        try:
            self.sessions()
            self.signed_pdf()
            self.batch_polled_on_b()
            self.batch_after_a_crashes()
            self.log_out()
        finally:
            self.a.stop()
            self.b.stop()


def main(argv=None) -> int:
    argparse.ArgumentParser(
        prog="python -m tests.bench.two_nodes", description=__doc__.split("\n")[0]
    ).parse_args(argv)
    try:
        with harness.throwaway_database("twonode") as url:
            site = harness.Site(url)
            try:
                print("two nodes: preparing the database and the static files ...", file=sys.stderr)
                site.prepare()
                site.use_in_this_process()
                import django

                django.setup()
                from django.db import connections

                plan = seed()
                connections.close_all()
                print(
                    f"Two nodes: A on 127.0.0.1:{PORTS[0]}, B on 127.0.0.1:{PORTS[1]}, one "
                    "PostgreSQL database, one private storage folder, the same secret key",
                    flush=True,
                )
                run = Run(site, plan)
                try:
                    run.all()
                finally:
                    connections.close_all()
            finally:
                site.remove()
    except harness.SetupError as error:
        print(f"two nodes: {error}", file=sys.stderr)
        return 2
    except CheckFailed as failure:
        print(f"FAILED  {failure}")
        return 1
    print("two-node run: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
