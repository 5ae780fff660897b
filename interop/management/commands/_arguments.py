"""What the FHIR commands share: one-line messages and the workup id argument."""

from __future__ import annotations

from django.core.management.base import CommandError


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def workup_id_of(raw: str) -> int:
    """The id as a number, or exit 2 naming (the start of) what was given."""
    try:
        return int(raw)
    except ValueError:
        raise CommandError(f"unknown workup id: {one_line(raw)[:40]}", returncode=2) from None
