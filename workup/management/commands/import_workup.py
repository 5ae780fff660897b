"""manage.py import_workup FILE.json [--clinician USERNAME]: store a document (`fibro-workup/2`,
or `fibro-workup/1`) as a draft.

The patient is matched by MRN (ignoring case) or registered; a patient with that MRN but
another given name, family name, date of birth or sex is refused, naming the difference, and
so is an archived patient. The draft is attributed to --clinician, else the patient's primary
clinician, else the first active clinician. Prints the new workup's id. Exit 0; exit 2 with one
line on stderr for an unreadable or invalid document, a patient mismatch or archive, or no
clinician to attribute it to.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from workup.document import DocumentError
from workup.management.commands._document_io import one_line, read_facts
from workup.services import ImportRefused, workup_import


class Command(BaseCommand):
    help = "Import a fibro-workup/2 (or /1) JSON document (FILE, or - for stdin) as a draft workup."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the JSON document, or - to read stdin")
        parser.add_argument(
            "--clinician",
            metavar="USERNAME",
            help="the clinician the draft is attributed to (default: the patient's primary "
            "clinician, else the first active clinician)",
        )

    def handle(self, *args, **options):
        facts = read_facts(options["file"], today=timezone.localdate())
        try:
            result = workup_import(facts=facts, clinician_username=options["clinician"])
        except DocumentError as error:
            raise CommandError(one_line(f"invalid document: {error}"), returncode=2) from None
        except ImportRefused as error:
            raise CommandError(one_line(str(error)), returncode=2) from None
        self.stdout.write(str(result.workup.pk))
