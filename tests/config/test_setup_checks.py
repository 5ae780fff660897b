"""The set-up script's system checks give the same answer every time, even on a busy machine.

A check must not depend on scheduling: `ldconfig -p | grep -q X` under `set -o pipefail` failed
now and then, when grep exited at its first match while ldconfig was still writing.
"""

import multiprocessing
import shutil
import subprocess
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
CHECKS = PROJECT / "scripts" / "system_checks.sh"
ROUNDS = 150

pytestmark = pytest.mark.skipif(shutil.which("ldconfig") is None, reason="needs ldconfig")


def _burn(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def _answers(library: str, rounds: int) -> list[int]:
    """Exit codes of `rounds` fresh shells, each running the check under set -euo pipefail."""
    script = (
        f"set -euo pipefail; . {CHECKS}; "
        f"for _ in $(seq {rounds}); do "
        f"  system_libraries=''; if has_library '{library}'; then echo 0; else echo 1; fi; "
        f"done"
    )
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
    return [int(line) for line in out.stdout.split()]


@pytest.fixture
def busy_machine():
    """Every core kept busy while the test runs (the processes stop by themselves)."""
    workers = [
        multiprocessing.Process(target=_burn, args=(30,), daemon=True)
        for _ in range(multiprocessing.cpu_count())
    ]
    for worker in workers:
        worker.start()
    yield
    for worker in workers:
        worker.terminate()
        worker.join()


def test_a_present_library_is_found_every_time_on_a_busy_machine(busy_machine):
    assert _answers("libc.so", ROUNDS) == [0] * ROUNDS


def test_a_missing_library_is_missing_every_time():
    assert _answers("libno-such-library-for-sure.so", 20) == [1] * 20


def test_setup_uses_the_shared_check_and_no_pipeline_into_grep():
    setup = (PROJECT / "scripts" / "setup.sh").read_text()
    assert ". scripts/system_checks.sh" in setup
    assert "| grep" not in setup
