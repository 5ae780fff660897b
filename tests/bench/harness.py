"""What the benchmark, the load test and the two-node run share: a throw-away PostgreSQL
database, the environment of a production-like app server, and gunicorn processes on loopback.

Everything here is bounded: servers are waited for with a deadline and stopped at the end (their
whole process group), databases are dropped, temporary folders removed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE_PREFIX = "fibro_perf_"
START_HINT = (
    "PostgreSQL does not answer at {where}. Start it (Debian: "
    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or point "
    "DATABASE_URL at a server where this user may create databases."
)


class SetupError(RuntimeError):
    """The run cannot start (no PostgreSQL, a port in use...): one clear line for the user."""


# --- PostgreSQL ----------------------------------------------------------------------------------


def server_url() -> str:
    """The PostgreSQL server to use: DATABASE_URL's server if it names PostgreSQL, else the
    local one. Only the server is taken from it: runs always use their own database."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    if url:
        raise SetupError("These runs need PostgreSQL: DATABASE_URL names another database.")
    return DEFAULT_SERVER


def database_url(name: str, *, server: str | None = None) -> str:
    parts = urllib.parse.urlsplit(server or server_url())
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def _maintenance_connection(server: str):
    import psycopg2

    try:
        connection = psycopg2.connect(database_url("postgres", server=server), connect_timeout=5)
    except psycopg2.OperationalError:
        where = urllib.parse.urlsplit(server).netloc.rsplit("@", 1)[-1]
        raise SetupError(START_HINT.format(where=where)) from None
    connection.autocommit = True
    return connection


@contextlib.contextmanager
def throwaway_database(purpose: str):
    """Create ``fibro_perf_<purpose>_<pid>``, yield its URL, drop it at the end."""
    server = server_url()
    name = f"{DATABASE_PREFIX}{purpose}_{os.getpid()}"
    connection = _maintenance_connection(server)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()
    try:
        yield database_url(name, server=server)
    finally:
        drop_database(name, server=server)


def create_database(name: str, *, server: str) -> None:
    connection = _maintenance_connection(server)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def drop_database(name: str, *, server: str) -> None:
    connection = _maintenance_connection(server)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        connection.close()


# --- The environment of a production-like app server ---------------------------------------------


@dataclass
class Site:
    """One deployment: its database, secret key, private storage and static files."""

    database_url: str
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="fibro-perf-")))
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))
    # Static files another site of the same run has collected (read only): not collected again.
    collected_static: Path | None = None

    @property
    def private_storage(self) -> Path:
        return self.folder / "private"

    @property
    def static_root(self) -> Path:
        return self.collected_static or self.folder / "static"

    def environment(self, **extra: str) -> dict[str, str]:
        """Debug off, a real secret key, plain HTTP on loopback (no TLS redirect, cookies
        without the Secure flag), this site's database and folders."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_URL", "PRIVATE_STORAGE_DIR"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.base",
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=self.secret_key,
            DJANGO_ALLOWED_HOSTS="127.0.0.1,testserver",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DJANGO_SECURE_COOKIES="0",
            DJANGO_HSTS_SECONDS="0",
            DJANGO_LOG_LEVEL="WARNING",
            DATABASE_URL=self.database_url,
            DJANGO_DATA_DIR=str(self.folder / "data"),
            PRIVATE_STORAGE_DIR=str(self.private_storage),
            DJANGO_STATIC_ROOT=str(self.static_root),
            PYTHONPATH=str(PROJECT),
        )
        env.update(extra)
        return env

    def manage(self, *args: str, timeout: float = 600) -> str:
        """Run a management command against this site; its output, or SetupError."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise SetupError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
        return result.stdout

    def prepare(self) -> None:
        """Migrate the database and collect the static files (hashed names, as deployed)."""
        self.manage("migrate", "--noinput")
        if self.collected_static is None:
            self.manage("collectstatic", "--noinput")

    def use_in_this_process(self) -> None:
        """Point this process's Django at the site (before django.setup())."""
        os.environ.update(self.environment())

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


# --- gunicorn ------------------------------------------------------------------------------------


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class AppServer:
    """gunicorn serving the app on 127.0.0.1:``port`` with ``workers`` sync workers."""

    def __init__(self, site: Site, port: int, *, workers: int = 2, name: str = "app"):
        if not 8101 <= port <= 8199:
            raise SetupError(f"port {port}: these runs use ports 8101-8199 only")
        self.site, self.port, self.workers, self.name = site, port, workers, name
        self.process: subprocess.Popen | None = None
        self.log = site.folder / f"gunicorn-{name}-{port}.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 60) -> AppServer:
        if not port_free(self.port):
            raise SetupError(f"port {self.port} is in use: stop what uses it, or choose another")
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
            "--error-logfile",
            "-",
        ]
        if _gunicorn_has_setting("control_socket_disable"):
            command.append("--no-control-socket")  # nothing left behind in the home folder
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=PROJECT,
                env=self.site.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped as a whole
            )
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        import http.client

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SetupError(f"gunicorn on port {self.port} stopped:\n{self.log_tail()}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                status = connection.getresponse().status
                connection.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SetupError(f"gunicorn on port {self.port} did not answer within {timeout:.0f} s")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _workers(self) -> list[Path]:
        """The /proc folders of the worker processes (Linux only; empty elsewhere)."""
        if self.process is None:
            return []
        workers = []
        for folder in Path("/proc").glob("[0-9]*"):
            try:
                stat = (folder / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid ...: comm may hold spaces, so split after its ")".
            if stat.rsplit(")", 1)[-1].split()[1] == str(self.process.pid):
                workers.append(folder)
        return workers

    def worker_memory_mb(self) -> list[float]:
        """Peak resident memory (VmHWM) of each worker process so far, in MB."""
        peaks = []
        for folder in self._workers():
            try:
                for line in (folder / "status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks.append(int(line.split()[1]) / 1024)
            except OSError:
                continue
        return sorted(peaks)

    def worker_cpu_seconds(self) -> float:
        """CPU time (user + system) the worker processes have used so far."""
        ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        total = 0
        for folder in self._workers():
            try:
                fields = (folder / "stat").read_text().rsplit(")", 1)[-1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def kill(self) -> None:
        """Stop at once, as a crash or a pulled plug would (SIGKILL to its process group)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


def cpu_seconds_of(user: str) -> float:
    """CPU time (user + system) used so far by the live processes of a system user, e.g. the
    PostgreSQL server's (Linux only; 0 elsewhere). For the machine's share of a run."""
    try:
        import pwd

        uid = str(pwd.getpwnam(user).pw_uid)
    except (ImportError, KeyError):
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            status = (folder / "status").read_text()
            if f"\nUid:\t{uid}\t" not in status:
                continue
            fields = (folder / "stat").read_text().rsplit(")", 1)[-1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def machine_busy_seconds() -> float:
    """CPU time the whole machine has spent busy (all cores, all processes) since boot
    (Linux only; 0 elsewhere)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _gunicorn_has_setting(name: str) -> bool:
    try:
        from gunicorn.config import Config
    except ImportError:
        return False
    return name in Config().settings


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"
