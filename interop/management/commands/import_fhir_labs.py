"""manage.py import_fhir_labs WORKUP_ID FILE [--user USERNAME]: lab results from a FHIR file.

FILE (``-`` for standard input) is a FHIR R4 Bundle of Observations or one Observation. The
lab results of the catalogue are added to the draft's lab section, saved and audited as the
labs page saves them, attributed to the workup's clinician unless ``--user`` names another
user who may change workups. Prints one line per imported row and per skipped entry (with the
reason). Exit 0 when the file was read (even if every entry was skipped); exit 2 with one line
on stderr, changing nothing, for an unknown id, a signed workup, an unknown user, or a file that
is unreadable, too large, not JSON, not valid FHIR, not lab results or for another patient.
"""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from interop import services
from interop.fhir.lab_import import MAX_FILE_BYTES, LabFileRefused
from interop.management.commands._arguments import one_line, workup_id_of
from workup.models import SignedWorkupError, Workup
from workup.rules.labs import ANALYTES
from workup.services import SectionConflict


class Command(BaseCommand):
    help = "Add the lab results of a FHIR R4 file (Bundle or Observation) to a draft workup."

    def add_arguments(self, parser):
        parser.add_argument("workup_id", help="the draft workup's id")
        parser.add_argument("file", help="the FHIR JSON file, or - for standard input")
        parser.add_argument(
            "--user", help="who the rows are saved as (default: the workup's clinician)"
        )

    def handle(self, *args, **options):
        workup = self._draft(options["workup_id"])
        actor = self._actor(workup, options.get("user"))
        raw = self._read(options["file"])
        try:
            result = services.fhir_labs_import(
                workup=workup, raw=raw, actor=actor, channel="command"
            )
        except (LabFileRefused, SignedWorkupError) as refusal:
            raise CommandError(one_line(str(refusal)), returncode=2) from None
        except SectionConflict:
            raise CommandError(
                "the lab results were saved by someone else while the file was read: "
                "nothing was imported; run the command again",
                returncode=2,
            ) from None
        for lab in result.imported:
            self.stdout.write(f"imported: {_row_line(lab)}")
        for skipped in result.skipped:
            self.stdout.write(f"skipped: {skipped}")
        others = ", ".join(f"{count} {kind}" for kind, count in result.other_resources)
        summary = f"{len(result.imported)} imported, {len(result.skipped)} skipped"
        self.stdout.write(summary + (f"; not lab results: {others}" if others else ""))

    def _draft(self, raw_id: str) -> Workup:
        workup_id = workup_id_of(raw_id)
        workup = Workup.objects.select_related("patient", "clinician").filter(pk=workup_id).first()
        if workup is None:
            raise CommandError(f"unknown workup id: {workup_id}", returncode=2)
        if not workup.is_editable:
            raise CommandError(
                f"workup {workup_id} is signed: lab results are imported into a draft",
                returncode=2,
            )
        return workup

    def _actor(self, workup: Workup, username: str | None):
        if not username:
            return workup.clinician
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None or not user.has_perm("workup.change_workup"):
            raise CommandError(
                f"no active user {one_line(username)[:40]!r} who may change workups",
                returncode=2,
            )
        return user

    def _read(self, path: str) -> bytes:
        try:
            if path == "-":
                return sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
            with open(path, "rb") as handle:
                return handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            reason = error.strerror or error.__class__.__name__
            raise CommandError(one_line(f"cannot read {path}: {reason}"), returncode=2) from None


def _row_line(lab) -> str:
    label = ANALYTES[lab.analyte].label
    if not lab.is_resulted:
        return f"{label}, {lab.status.replace('_', ' ')}, {lab.collected_on}"
    return f"{label} {lab.value} {lab.unit}, {lab.collected_on}"
