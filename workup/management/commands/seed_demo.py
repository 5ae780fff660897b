from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import demo_totp_key, demo_users_create
from accounts.models import User
from accounts.roles import Role
from audit.bulk import append_synthetic_events
from audit.checkpoint import write_checkpoint
from patients.demo import demo_patients_create
from workup.demo import demo_workups_create

DEFAULT_DEMO_PATIENTS = 12


class Command(BaseCommand):
    help = "Create demo users (one per role) and demo patients and workups."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with debug off (never in production)."
        )
        parser.add_argument(
            "--patients",
            type=int,
            default=DEFAULT_DEMO_PATIENTS,
            metavar="N",
            help=f"Demo patients DEMO-000001 ... DEMO-N (default {DEFAULT_DEMO_PATIENTS}), made in "
            "bulk: 100,000 take seconds. Existing ones are kept. No audit events or history "
            "rows are written for them.",
        )
        parser.add_argument(
            "--workups",
            type=int,
            default=0,
            metavar="M",
            help="Besides the few realistic demo workups (drafts, signed, one amended) of the "
            "first demo patients, give every other demo patient without a workup M of them, "
            "made in bulk (every third one signed). No audit events or history rows are "
            "written for the bulk ones.",
        )

        parser.add_argument(
            "--audit-events",
            type=int,
            default=0,
            metavar="N",
            help="Append N synthetic audit events to the trail (page reads, saves, searches and "
            "log-ins by the demo users about the demo patients, spread over the last three "
            "years, on a valid hash chain), in bulk, then write an audit checkpoint.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates accounts with published passwords: it runs only with "
                "DJANGO_DEBUG=1, or with --force.",
                returncode=2,
            )
        if options["patients"] < 0:
            raise CommandError("--patients must be 0 or more.", returncode=2)
        if options["workups"] < 0:
            raise CommandError("--workups must be 0 or more.", returncode=2)
        if options["audit_events"] < 0:
            raise CommandError("--audit-events must be 0 or more.", returncode=2)
        self.stdout.write("Demo users (username / password / role / authenticator key):")
        credentials = demo_users_create()
        for username, password, role in credentials:
            self.stdout.write(
                f"  {username:<10} {password:<22} {role.label:<15} {demo_totp_key(username)}"
            )
        self.stdout.write(
            "  Log-in asks for a 6-digit code: add the key to an authenticator app (time-based), "
            "or print the current code with `DJANGO_SETTINGS_MODULE=config.settings.dev "
            ".venv/bin/python manage.py demo_totp clinician` (or staff, admin)."
        )
        created = demo_patients_create(count=options["patients"])
        self.stdout.write(f"Demo patients: {created} created, {options['patients']} requested.")
        username = next(name for name, _, role in credentials if role == Role.CLINICIAN)
        workups = demo_workups_create(
            per_patient=options["workups"], clinician=User.objects.get(username=username)
        )
        self.stdout.write(f"Demo workups: {workups} created.")
        if options["audit_events"]:
            self._append_audit_events(options["audit_events"])

    def _append_audit_events(self, count: int) -> None:
        seconds = append_synthetic_events(count, progress=self._progress)
        write_checkpoint()
        per_million = seconds * 1_000_000 / count
        self.stdout.write(
            f"Audit events: {count} appended in {seconds:.1f} s ({per_million:.1f} s per "
            "million), checkpoint written."
        )

    def _progress(self, done: int, total: int) -> None:
        if self.stderr.isatty():
            self.stderr.write(f"  audit events: {done} of {total}")
