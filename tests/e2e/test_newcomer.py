"""The newcomer path: a fresh clone of the repository, the README's two commands, and the demo
clinician logging in. This is what catches a missing install step or an uncommitted file.

The clone is of the repository's committed HEAD (NEWCOMER_REPOSITORY names another repository
to clone, for instance a snapshot of work not yet committed). `make serve` must answer on
http://127.0.0.1:8000, so that port has to be free.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PROJECT, Visitor, code_from_key

pytestmark = pytest.mark.e2e

ADDRESS = ("127.0.0.1", 8000)
SERVER = f"http://{ADDRESS[0]}:{ADDRESS[1]}"
# A first `make serve` installs every package; on a slow network that takes minutes.
START_TIMEOUT = int(os.environ.get("NEWCOMER_START_TIMEOUT", "600"))
TEST_TIMEOUT = int(os.environ.get("NEWCOMER_TEST_TIMEOUT", "1800"))
# What `make serve` prints for each demo user: username, password, role, authenticator key.
DEMO_LINE = re.compile(
    r"^\s*clinician\s+(?P<password>\S+)\s+Clinician\s+(?P<key>[A-Z2-7]{16,})\s*$", re.MULTILINE
)


def newcomer_environment() -> dict:
    """The environment of someone who just cloned: none of this project's settings."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "PYTEST_", "VIRTUAL_ENV"))
        and name not in {"PYTHONPATH", "E2E_CHROMIUM"}
    }


def port_in_use(address) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(address) == 0


def healthy() -> bool:
    try:
        with urllib.request.urlopen(f"{SERVER}/healthz", timeout=2) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def clone():
    repository = os.environ.get("NEWCOMER_REPOSITORY", str(PROJECT))
    folder = Path(tempfile.mkdtemp(prefix="newcomer-"))
    try:
        cloned = subprocess.run(
            ["git", "clone", "--quiet", repository, str(folder / "fibro")],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if cloned.returncode != 0:
            pytest.fail(f"git clone {repository} failed:\n{cloned.stderr}")
        yield folder / "fibro"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Served:
    """`make serve` running in the clone, in its own process group."""

    def __init__(self, clone: Path):
        self.log = clone / "serve.log"
        with self.log.open("w") as output:
            self.process = subprocess.Popen(
                ["make", "serve"],
                cwd=clone,
                env=newcomer_environment(),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_healthy(self):
        deadline = time.monotonic() + START_TIMEOUT
        while not healthy():
            if self.process.poll() is not None:
                pytest.fail(
                    f"`make serve` stopped (exit {self.process.returncode}):\n{self.tail()}"
                )
            if time.monotonic() > deadline:
                pytest.fail(f"{SERVER}/healthz did not answer in {START_TIMEOUT} s:\n{self.tail()}")
            time.sleep(1)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.output().splitlines()[-lines:])

    def stop(self):
        """Ctrl+C's equivalent for the whole process group (make, the server, its reloader)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture
def serve(clone):
    if port_in_use(ADDRESS):
        pytest.fail(
            f"Port {ADDRESS[1]} is in use: the newcomer path needs it for `make serve`. "
            "Stop whatever listens there (another `make serve`?) and run again."
        )
    served = Served(clone)
    try:
        served.wait_until_healthy()
        yield served
    finally:
        served.stop()


def test_a_newcomer_clones_serves_logs_in_as_the_demo_clinician_and_runs_the_tests(
    browser, clone, serve
):
    printed = DEMO_LINE.search(serve.output())
    assert printed, f"`make serve` did not print the demo clinician:\n{serve.tail()}"

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        visitor = Visitor(context.new_page(), SERVER, "newcomer")
        visitor.goto("/")
        expect(visitor.page.get_by_role("heading", name="Log in")).to_be_visible()
        visitor.page.get_by_label("Username").fill("clinician")
        visitor.page.get_by_label("Password").fill(printed["password"])
        visitor.press("Log in")
        visitor.page.get_by_label("Code").fill(code_from_key(printed["key"]))
        visitor.press("Continue")
        expect(visitor.page.get_by_role("heading", name=re.compile("^Welcome"))).to_be_visible()
        expect(visitor.page.get_by_role("link", name="Find a patient")).to_be_visible()
        expect(visitor.page.get_by_role("link", name="Users")).to_have_count(0)
        visitor.screenshot("home")
        visitor.follow("Find a patient")
        expect(visitor.page.get_by_role("table")).to_contain_text("DEMO-")
    finally:
        context.close()
    serve.stop()

    # The README's other command, in the same clone.
    tested = subprocess.run(
        ["make", "test"],
        cwd=clone,
        env=newcomer_environment(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TEST_TIMEOUT,
    )
    output = tested.stdout + tested.stderr
    assert tested.returncode == 0, f"`make test` failed in a fresh clone:\n{output[-6000:]}"
