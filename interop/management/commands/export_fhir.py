"""manage.py export_fhir WORKUP_ID [--output FILE]: a signed workup as a FHIR R4 Bundle.

Writes the bundle to FILE (default: standard output). Only a signed workup is exported, from its
frozen copy, so the same workup always gives the same bytes. Each run is recorded in the audit
trail (by the shell rather than a user). Exit 0 on success; exit 2 with one line on stderr for an
unknown id, a draft or an unusable output path; exit 1 when the stored signed PDF is missing or
altered.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interop import services
from interop.management.commands._arguments import one_line, workup_id_of
from summaries import services as summary_services
from summaries.sources import workups_for_summary


class Command(BaseCommand):
    help = "Write a signed workup as a FHIR R4 Bundle (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("workup_id", help="the workup's id")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        workup_id = workup_id_of(options["workup_id"])
        workup = workups_for_summary().filter(pk=workup_id).first()
        if workup is None:
            raise CommandError(f"unknown workup id: {workup_id}", returncode=2)
        if not workup.is_signed:
            raise CommandError(
                f"workup {workup_id} is a draft: only a signed workup can be exported",
                returncode=2,
            )
        try:
            data = services.fhir_export(workup=workup, channel="command")
        except summary_services.SummaryUnavailable as refusal:
            raise CommandError(one_line(str(refusal)), returncode=1) from None
        output = options.get("output")
        if not output:
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        try:
            Path(output).write_bytes(data)
        except OSError as error:
            reason = error.strerror or error.__class__.__name__
            raise CommandError(one_line(f"cannot write {output}: {reason}"), returncode=2) from None
