"""manage.py evaluate_workup FILE.json: print the evaluation of one workup document.

Needs no database: it reads the document, validates it, evaluates it and prints JSON.
Exit 0 on success; exit 2 with one line on stderr for an unreadable file, invalid JSON or an
invalid document (the line names the field path).
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from workup.document import DocumentError, facts_from_document, load_json
from workup.rules.evaluate import evaluate


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class Command(BaseCommand):
    help = "Evaluate a fibro-workup/1 JSON document (FILE, or - for stdin) and print the result."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the JSON document, or - to read stdin")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            if path == "-":
                stream = sys.stdin
                buffer = getattr(stream, "buffer", None)
                raw = buffer.read() if buffer is not None else stream.read().encode("utf-8")
            else:
                with open(path, "rb") as handle:
                    raw = handle.read()
            text = raw.decode("utf-8-sig")
        except OSError as error:
            reason = error.strerror or error.__class__.__name__
            raise CommandError(_one_line(f"cannot read {path}: {reason}"), returncode=2) from None
        except UnicodeDecodeError:
            raise CommandError(f"cannot read {path}: not UTF-8 text", returncode=2) from None
        try:
            document = load_json(text)
        except ValueError as error:
            raise CommandError(_one_line(f"invalid JSON: {error}"), returncode=2) from None
        try:
            facts = facts_from_document(document)
        except DocumentError as error:
            raise CommandError(_one_line(f"invalid document: {error}"), returncode=2) from None
        try:
            result = evaluate(facts).as_dict()
        except Exception as error:  # a bug, not the user's input: still one line, no traceback
            message = _one_line(f"internal error while evaluating: {error!r}")
            raise CommandError(message, returncode=1) from None
        # ASCII-only JSON (non-ASCII as \u escapes) is valid whatever the terminal encoding.
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=True))
