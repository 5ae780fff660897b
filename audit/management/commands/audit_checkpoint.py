from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from audit.checkpoint import append_line, chain_head


class Command(BaseCommand):
    help = (
        "Write a checkpoint of the audit trail now: append it to the checkpoint file and print "
        "it (one line), so it can also be kept away from the database host, for example "
        "`manage.py audit_checkpoint | logger -t fibro-audit` to a remote syslog. Exit 0; 2 when "
        "the trail cannot be read or the file cannot be written (the line is printed anyway)."
    )

    def handle(self, *args, **options):
        try:
            checkpoint = chain_head()
        except DatabaseError as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            self.stderr.write(f"cannot read the audit trail: {first_line}")
            raise SystemExit(2) from None
        if checkpoint is None:
            self.stderr.write("the audit trail is empty: there is nothing to checkpoint yet")
            return
        line = checkpoint.line()
        self.stdout.write(line)
        path = Path(settings.AUDIT_CHECKPOINT_FILE)
        try:
            append_line(path, line)
        except OSError as error:
            self.stderr.write(f"cannot write the checkpoint to {path}: {error.strerror or error}")
            raise SystemExit(2) from None
