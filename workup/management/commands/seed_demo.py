from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import demo_users_create


class Command(BaseCommand):
    help = "Create demo users (one per role) and demo patients and workups."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with debug off (never in production)."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates accounts with published passwords: it runs only with "
                "DJANGO_DEBUG=1, or with --force.",
                returncode=2,
            )
        self.stdout.write("Demo users (username / password / role):")
        for username, password, role in demo_users_create():
            self.stdout.write(f"  {username:<10} {password:<22} {role.label}")
