"""manage.py render_summary ID --output OUT [--format pdf|html]: write one workup's summary.

The same template the screen and the PDF use. For a signed workup the PDF written is the
stored signed copy (checked against its SHA-256), byte for byte. Each run is recorded in the
audit trail (a read of patient data, by the shell rather than a user). Exit 0 on success; exit 2
with one line on stderr for an unknown id or an unusable output path; never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from summaries import pdf, services, sources


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class Command(BaseCommand):
    help = "Write the summary of one workup as PDF (default) or HTML."

    def add_arguments(self, parser):
        parser.add_argument("workup_id", help="the workup's id")
        parser.add_argument("--output", "-o", required=True, help="file to write")
        parser.add_argument("--format", choices=["pdf", "html"], default="pdf")

    def handle(self, *args, **options):
        raw_id = options["workup_id"]
        try:
            workup_id = int(raw_id)
        except ValueError:
            raise CommandError(
                f"unknown workup id: {_one_line(raw_id)[:40]}", returncode=2
            ) from None
        try:
            workup = sources.workups_for_summary().filter(pk=workup_id).first()
        except DatabaseError as error:
            raise CommandError(_one_line(f"database error: {error}"), returncode=1) from None
        if workup is None:
            raise CommandError(f"unknown workup id: {workup_id}", returncode=2)
        try:
            data = self._render(workup, options["format"])
        except services.SummaryUnavailable as refusal:
            raise CommandError(_one_line(str(refusal)), returncode=1) from None
        except Exception as error:  # a bug, not the user's input: still one line
            raise CommandError(
                _one_line(f"cannot render the summary: {error!r}"), returncode=1
            ) from None
        services.summary_export_log(workup=workup, fmt=options["format"], data=data)
        try:
            Path(options["output"]).write_bytes(data)
        except OSError as error:
            reason = error.strerror or error.__class__.__name__
            raise CommandError(
                _one_line(f"cannot write {options['output']}: {reason}"), returncode=2
            ) from None

    def _render(self, workup, fmt: str) -> bytes:
        if fmt == "pdf" and workup.is_signed:
            return services.signed_summary_bytes(workup=workup)
        report = services.summary_report(workup, generated_by="render_summary (command line)")
        if fmt == "html":
            return pdf.render_html(report).encode("utf-8")
        return pdf.render_summary(report)[1]
