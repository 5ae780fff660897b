"""The later half of a long audit trail checked in a second process, on the second core.

Every event stores the hash of the one before it, so a stretch of the trail can be checked on
its own: each event's hash over its own ``prev_hash`` and content, and from the second event
on, each ``prev_hash`` and sequence against the event before. What joins the stretch to the
rest, its first event's ``prev_hash`` and sequence, is for ``audit.verify`` to compare with the
last event it checked itself (the seam).

The worker is a fresh interpreter that loads neither Django nor the project's settings: only
psycopg2, ``audit.trail_copy`` and ``audit.chain``, so it adds little memory. It never explains
a problem. At the first event it cannot vouch for, it stops and says which event was the last
one that checked out; ``audit.verify`` then walks on from there itself, so whatever it reports
is worded exactly as a walk in one process would word it.
"""

import dataclasses
import json
import os
import selectors
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from audit.trail_copy import copied_events

# Below this many events one process is quick enough (a second one takes about 0.3 s to start).
PARALLEL_FROM = 200_000
# How often (events) the worker tells the parent how far it is.
COUNT_EVERY = 10_000


@dataclass(frozen=True)
class Stretch:
    """What the worker found in its stretch of the trail."""

    # (id, sequence, prev_hash) of the stretch's first event; None when it has none.
    first: tuple[int, int, str] | None
    # (id, sequence, hash) of the last event that checked out, and how many did, from the
    # first on; None and 0 when not even the first did.
    last_intact: tuple[int, int, str] | None
    intact: int
    # Every event of the stretch checked out.
    whole: bool


def check_stretch(
    cursor, table: str, after: int, last: int, report: Callable[[int], None] | None = None
) -> Stretch:
    """Check the events with a sequence above ``after`` and up to ``last`` (see the module);
    ``report(checked)`` is called every COUNT_EVERY events."""
    first = last_intact = None
    intact = 0
    expected_prev = expected_sequence = None
    for event_id, sequence, prev_hash, event_hash, content in copied_events(
        cursor, table, after, last
    ):
        if first is None:
            first = (event_id, sequence, prev_hash)
            expected_prev, expected_sequence = prev_hash, sequence
        if (
            content is None
            or prev_hash != expected_prev
            or sequence != expected_sequence
            or sha256((prev_hash + content).encode()).hexdigest() != event_hash
        ):
            return Stretch(first, last_intact, intact, whole=False)
        last_intact = (event_id, sequence, event_hash)
        expected_prev, expected_sequence = event_hash, sequence + 1
        intact += 1
        if report is not None and intact % COUNT_EVERY == 0:
            report(intact)
    return Stretch(first, last_intact, intact, whole=True)


class SecondHalf:
    """The worker process checking one stretch while the caller checks the rest.

    It is started as ``python -m audit.verify_parallel``: told where to connect and what to
    check on its standard input (one JSON line, so no password shows in the process list), it
    writes how many events it has checked so far and then its Stretch, one JSON line each.
    """

    def __init__(self, connection_params: dict, table: str, after: int, last: int):
        package_root = str(Path(__file__).resolve().parents[1])
        search_path = os.environ.get("PYTHONPATH")
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [package_root, search_path])),
        }
        order = {"connection": connection_params, "table": table, "after": after, "last": last}
        order_line = json.dumps(order).encode() + b"\n"
        self._process = subprocess.Popen(
            [sys.executable, "-m", "audit.verify_parallel"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # Whatever goes wrong there, this process checks the stretch itself instead.
            stderr=subprocess.DEVNULL,
            env=env,
            # Not the caller's folder: a module there would be imported before the project's.
            cwd=package_root,
        )
        try:
            self._process.stdin.write(order_line)
            self._process.stdin.close()
        except OSError:  # the worker died at once: reaped, and this process checks the stretch
            self.stop()
            raise
        os.set_blocking(self._process.stdout.fileno(), False)
        self._pending = b""
        self._done = 0
        self._found = None
        self._answered = False

    @property
    def checked(self) -> int:
        """Events the worker has checked so far (0 once its result is taken up)."""
        if self._answered:
            return 0
        self._read()
        return self._done

    def result(self, *, waiting: Callable[[], None] | None = None, every: float = 0.5):
        """The worker's Stretch, or None if it failed (the caller then checks the stretch
        itself); ``waiting()`` is called whenever the worker says how far it is, and at least
        every ``every`` seconds, until it is there."""
        with selectors.DefaultSelector() as selector:
            selector.register(self._process.stdout, selectors.EVENT_READ)
            while self._read():
                selector.select(every)
                if waiting is not None:
                    waiting()
        self._answered = True
        return self._found

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
        self._process.wait()
        self._process.stdout.close()

    def _read(self) -> bool:
        """Take in what the worker has written; False once it has said all it will."""
        while True:
            try:
                chunk = os.read(self._process.stdout.fileno(), 65536)
            except BlockingIOError:
                return True
            if not chunk:
                return False
            lines = (self._pending + chunk).split(b"\n")
            self._pending = lines.pop()
            for line in lines:
                message = json.loads(line)
                if "done" in message:
                    self._done = message["done"]
                else:
                    self._found = _stretch(message["stretch"])


def _stretch(fields: dict | None) -> Stretch | None:
    if fields is None:
        return None
    first, last_intact = fields["first"], fields["last_intact"]
    return Stretch(
        tuple(first) if first else None,
        tuple(last_intact) if last_intact else None,
        fields["intact"],
        fields["whole"],
    )


def _tell(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main() -> None:
    """In the worker: check the stretch on a read-only connection of its own and write back
    the Stretch, or null if the database could not be read."""
    import psycopg2  # only here: installations on other databases need not have it

    order = json.loads(sys.stdin.readline())
    try:
        connection = psycopg2.connect(**order["connection"])
        try:
            connection.set_session(readonly=True, autocommit=True)
            with connection.cursor() as cursor:
                cursor.execute("SET TIME ZONE 'UTC'")
                found = check_stretch(
                    cursor,
                    order["table"],
                    order["after"],
                    order["last"],
                    lambda done: _tell({"done": done}),
                )
        finally:
            connection.close()
    except (psycopg2.Error, OSError):
        found = None
    _tell({"stretch": None if found is None else dataclasses.asdict(found)})


if __name__ == "__main__":
    main()
