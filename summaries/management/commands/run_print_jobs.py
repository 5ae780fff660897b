"""manage.py run_print_jobs: a worker for batch prints (see summaries.jobs).

Runs waiting jobs, then waits and looks again, until stopped (on Ctrl-C or SIGTERM it stops
after the job in hand). With --once it runs what is waiting and exits. Jobs whose worker died
(lease run out) are picked up again, by this worker or any other.
"""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from summaries import jobs, pdf


class Command(BaseCommand):
    help = "Make batch prints in the background (run as a service, or with --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run what is waiting, then exit")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="seconds between looks for new jobs"
        )

    def handle(self, *args, **options):
        worker = jobs.worker_name()
        if options["once"]:
            count = jobs.run_pending(worker)
            self.stdout.write(f"{count} batch print(s) run")
            return
        self._stop = False
        previous = signal.signal(signal.SIGTERM, self._request_stop)
        pdf.warm_up()
        self.stdout.write(f"batch print worker {worker} started")
        try:
            while not self._stop:
                close_old_connections()
                if jobs.run_one(worker) is None:
                    time.sleep(options["interval"])
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write("batch print worker stopped")

    def _request_stop(self, signum, frame):
        self._stop = True
