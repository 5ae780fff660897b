import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_TOTP_KEYS
from accounts.two_factor import base32_key


class Command(BaseCommand):
    help = (
        "Print the current authenticator code of a demo user (as seeded by seed_demo), for "
        "logging in without a phone. Debug only."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="A demo user: " + ", ".join(DEMO_TOTP_KEYS))
        parser.add_argument(
            "--force", action="store_true", help="Run even with debug off (never in production)."
        )

    def handle(self, *args, username, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "demo_totp prints log-in codes: it runs only with DJANGO_DEBUG=1, or with --force.",
                returncode=2,
            )
        if username not in DEMO_TOTP_KEYS:
            raise CommandError(
                f"{username!r} is not a demo user (one of: {', '.join(DEMO_TOTP_KEYS)}).",
                returncode=2,
            )
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        published = " ".join(DEMO_TOTP_KEYS[username][i : i + 4] for i in range(0, 32, 4))
        if device is None or base32_key(device) != published:
            # Never print a code for a key that is not the published demo key.
            raise CommandError(
                f"{username} has no demo authenticator: run `manage.py seed_demo` first.",
                returncode=2,
            )
        self.stdout.write(next_usable_code(device))


def next_usable_code(device: TOTPDevice) -> str:
    """The code the server accepts next: the current one, or, if it was just used, the next
    step's (inside the device's tolerance); waits for the next step when neither is left."""
    while True:
        now = time.time()
        current = int((now - device.t0) // device.step) + device.drift
        step = max(current, device.last_t + 1)
        if step <= current + device.tolerance:
            code = hotp(device.bin_key, step, device.digits)
            return str(code).zfill(device.digits)
        time.sleep(device.step - (now - device.t0) % device.step + 0.05)
