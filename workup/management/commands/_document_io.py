"""Reading a document file (or stdin) for the workup commands: one clear line on failure."""

from __future__ import annotations

import sys

from django.core.management.base import CommandError

from workup.document import DocumentError, facts_from_document, load_json


def one_line(text) -> str:
    return " ".join(str(text).split())


def read_text(path: str) -> str:
    try:
        if path == "-":
            stream = sys.stdin
            buffer = getattr(stream, "buffer", None)
            raw = buffer.read() if buffer is not None else stream.read().encode("utf-8")
        else:
            with open(path, "rb") as handle:
                raw = handle.read()
        return raw.decode("utf-8-sig")
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        raise CommandError(one_line(f"cannot read {path}: {reason}"), returncode=2) from None
    except UnicodeDecodeError:
        raise CommandError(f"cannot read {path}: not UTF-8 text", returncode=2) from None


def read_facts(path: str, *, today):
    """The validated facts of the document at `path`; CommandError (exit 2) otherwise."""
    text = read_text(path)
    try:
        document = load_json(text)
    except ValueError as error:
        raise CommandError(one_line(f"invalid JSON: {error}"), returncode=2) from None
    try:
        return facts_from_document(document, today=today)
    except DocumentError as error:
        raise CommandError(one_line(f"invalid document: {error}"), returncode=2) from None
