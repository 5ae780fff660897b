from django.core.management.base import BaseCommand
from django.db import DatabaseError

from audit.verify import audit_trail_verify


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain. Exit 0 when intact; 1 naming the first event "
        "that was edited, removed or re-ordered; 2 when the trail cannot be read."
    )

    def handle(self, *args, **options):
        try:
            count, chain_break = audit_trail_verify()
        except DatabaseError as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            self.stderr.write(f"cannot read the audit trail: {first_line}")
            raise SystemExit(2) from None
        if chain_break is not None:
            self.stderr.write(f"audit trail tampered: {chain_break}")
            raise SystemExit(1)
        self.stdout.write(f"audit trail intact: {count} events")
