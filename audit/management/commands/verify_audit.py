import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils import timezone

from audit.checkpoint import read_checkpoints
from audit.models import AuditEvent
from audit.verify import audit_checkpoints_verify, audit_trail_verify


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain and compare it with the audit checkpoints (the "
        "checkpoint file and any copies given with --checkpoints). Exit 0 when intact; 1 with "
        "one line per problem (an edited, removed or re-ordered event, a rewritten trail, "
        "events removed from its end, an altered checkpoint line, or no checkpoint although "
        "one is due); 2 when the trail or a checkpoint file cannot be read."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints",
            action="append",
            default=[],
            type=Path,
            metavar="FILE",
            help="a copy of the checkpoints kept elsewhere (a checkpoint file, or a log of the "
            "lines `audit_checkpoint` printed); may be given more than once",
        )
        parser.add_argument(
            "--from-checkpoint",
            action="store_true",
            help="walk the chain from the newest checkpoint that agrees with the trail (the "
            "event it names must still have its hash) instead of from the first event; "
            "quicker on a long trail, and what an archived trail's remainder needs",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="show progress on stderr (shown anyway when stderr is a terminal)",
        )
        parser.add_argument(
            "--backup",
            action="store_true",
            help="the database is a backup or a restored copy: checkpoints written after it "
            "was taken (beyond its last event) are expected, not reported as removed events",
        )

    def handle(self, *args, **options):
        checkpoints, problems = self._read_checkpoint_files(options["checkpoints"])
        try:
            comparison = audit_checkpoints_verify(checkpoints, backup=options["backup"])
            newest = comparison.agreeing[-1] if comparison.agreeing else None
            start = newest if options["from_checkpoint"] else None
            show = options["progress"] or self.stderr.isatty()
            progress = Progress(self.stderr) if show else None
            walked, chain_break = audit_trail_verify(start=start, progress=progress)
            count = walked + (start.sequence if start is not None else 0)
            missing = not checkpoints and count and self._checkpoint_was_due()
        except DatabaseError as error:
            self._fail(2, f"cannot read the audit trail: {_first_line(error)}")
        if chain_break is not None:
            problems.insert(0, f"audit trail tampered: {chain_break}")
        problems.extend(comparison.problems)
        if missing:
            problems.append(
                "audit checkpoints missing: none found although the trail has events older "
                f"than {settings.AUDIT_CHECKPOINT_MINUTES} minutes (was the checkpoint file "
                "removed? after an upgrade, run manage.py audit_checkpoint once)"
            )
        if problems:
            self.stderr.write("\n".join(problems))
            raise SystemExit(1)
        summary = _checkpoint_summary(count, comparison)
        if start is not None:
            summary += f" (walked from sequence {start.sequence}: {walked} events)"
        self.stdout.write(f"audit trail intact: {count} events{summary}")

    def _read_checkpoint_files(self, copies):
        """The valid checkpoints of the checkpoint file (if it exists yet) and of every copy
        given, and one problem line per file with lines that are not valid checkpoints."""
        checkpoints, problems = [], []
        configured = Path(settings.AUDIT_CHECKPOINT_FILE)
        files = ([configured] if configured.exists() else []) + list(copies)
        for path in files:
            try:
                found, bad_lines = read_checkpoints(path)
            except OSError as error:
                self._fail(
                    2, f"cannot read the audit checkpoints in {path}: {error.strerror or error}"
                )
            checkpoints.extend(found)
            if bad_lines:
                number, problem = bad_lines[0]
                more = f" ({len(bad_lines)} such lines)" if len(bad_lines) > 1 else ""
                problems.append(
                    f"audit checkpoints altered: {path} line {number} is not a valid "
                    f"checkpoint: {problem}{more}"
                )
        return checkpoints, problems

    @staticmethod
    def _checkpoint_was_due() -> bool:
        due_since = timezone.now() - timedelta(minutes=settings.AUDIT_CHECKPOINT_MINUTES)
        return AuditEvent.objects.filter(at__lt=due_since).exists()

    def _fail(self, code, message):
        self.stderr.write(message)
        raise SystemExit(code)


class Progress:
    """Prints "n of N events (p%), r events/s" on stderr every 5% and at least every 5 s."""

    def __init__(self, stream, *, seconds: float = 5.0):
        self.stream = stream
        self.seconds = seconds
        self.started = self.shown_at = time.monotonic()
        self.shown_share = 0.0
        self.shown_done = -1

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        share = done / total if total else 1.0
        due = share - self.shown_share >= 0.05 or now - self.shown_at >= self.seconds
        if done == self.shown_done or not (due or done >= total):
            return
        self.shown_share, self.shown_at, self.shown_done = share, now, done
        rate = done / max(now - self.started, 1e-6)
        self.stream.write(
            f"verifying the audit trail: {done} of {total} events ({share:.0%}), "
            f"{rate:,.0f} events/s"
        )


def _checkpoint_summary(count, comparison) -> str:
    """ ", 3 checkpoints agree (...)", and for a backup how many checkpoints are newer than it."""
    agreeing, later = len(comparison.agreeing), comparison.after_the_copy
    parts = []
    if agreeing:
        newest = comparison.agreeing[-1]
        parts.append(
            f", {_checkpoints(agreeing)} {'agrees' if agreeing == 1 else 'agree'} "
            f"(the newest of {newest.at}, at sequence {newest.sequence})"
        )
    elif count and not later:
        parts.append("; no checkpoint yet")
    if later:
        parts.append(f"; {_checkpoints(later)} written after this copy was taken")
    return "".join(parts)


def _checkpoints(number: int) -> str:
    return f"{number} checkpoint{'' if number == 1 else 's'}"


def _first_line(error) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else ""
