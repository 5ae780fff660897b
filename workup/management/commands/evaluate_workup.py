"""manage.py evaluate_workup FILE.json: print the evaluation of one workup document
(`fibro-workup/2`, or `fibro-workup/1`), under the current rule set.

Needs no database: it reads the document, validates it, evaluates it and prints JSON.
Exit 0 on success; exit 2 with one line on stderr for an unreadable file, invalid JSON or an
invalid document (the line names the field path).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from workup.management.commands._document_io import one_line, read_facts
from workup.rules.evaluate import evaluate


class Command(BaseCommand):
    help = "Print the evaluation of a fibro-workup/2 (or /1) JSON document (FILE, or - for stdin)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the JSON document, or - to read stdin")

    def handle(self, *args, **options):
        # today=None: the document's own default (the local date); no database or settings.
        facts = read_facts(options["file"], today=None)
        try:
            result = evaluate(facts).as_dict()
        except Exception as error:  # a bug, not the user's input: still one line, no traceback
            message = one_line(f"internal error while evaluating: {error!r}")
            raise CommandError(message, returncode=1) from None
        # ASCII-only JSON (non-ASCII as \u escapes) is valid whatever the terminal encoding.
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=True))
