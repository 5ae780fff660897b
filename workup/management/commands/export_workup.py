"""manage.py export_workup ID: print a workup as a fibro-workup/2 document.

A signed workup prints the document frozen at signing; a draft prints its current sections.
A workup signed while version 1 was current froze a `fibro-workup/1` document: it prints as
its `fibro-workup/2` equivalent (the same facts; the frozen document itself is unchanged).
Lab values keep the unit they were entered in, so import followed by export gives back the
same document. Exit 0; exit 2 with one line on stderr for an unknown id.
"""

from __future__ import annotations

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from workup import selectors, services
from workup.document import FORMAT, DocumentError, document_from_facts, facts_from_document


def current_format(document: dict) -> dict:
    """The document as `fibro-workup/2`: itself when it is already, else its equivalent."""
    if document.get("format") == FORMAT:
        return document
    try:
        return document_from_facts(facts_from_document(document, today=datetime.date.max))
    except DocumentError:
        return document


class Command(BaseCommand):
    help = "Print one workup as a fibro-workup/2 JSON document."

    def add_arguments(self, parser):
        parser.add_argument("id", help="the workup's id")

    def handle(self, *args, **options):
        raw = options["id"]
        if not raw.isascii() or not raw.isdigit():
            raise CommandError(f"workup id must be a number, got {raw!r}", returncode=2)
        if len(raw) > 18:  # beyond any stored id (and the database's integers)
            raise CommandError(f"workup {raw} does not exist", returncode=2)
        workup = selectors.workup_with_sections().filter(pk=int(raw)).first()
        if workup is None:
            raise CommandError(f"workup {raw} does not exist", returncode=2)
        document = current_format(selectors.workup_document(workup))
        with transaction.atomic():
            services.workup_export_log(workup=workup)
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
