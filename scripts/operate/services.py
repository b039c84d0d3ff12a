"""Debian's PostgreSQL 15, Redis and HAProxy as processes of the current user, in a folder
of their own: what ``make cluster`` runs (in ``var/cluster/``) and what the tests start
(in a temporary folder). Nothing here is a substitute for the engines; it only starts them.

- :class:`Postgres`: ``initdb`` once, then ``pg_ctl start/stop``. PostgreSQL refuses to run
  as root: as root (CI) its folder belongs to the ``postgres`` system user of Debian's
  package and it runs as that user (``runuser``); the folder must then be reachable by that
  user (the system's temporary folder, or ``var/cluster`` of a checkout it may enter).
- :class:`Redis`: ``redis-server`` in the foreground, no persistence (it only holds locks).
- :class:`HAProxy`: ``haproxy -db`` with a configuration written from its backends.

Every class has ``start()``, ``stop()`` and ``running``; ports are chosen by the caller.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEBIAN_PG_BINDIR = Path("/usr/lib/postgresql/15/bin")
PG_SYSTEM_USER = "postgres"
DATABASE = "wegwijzer"


class ServiceUnavailableError(RuntimeError):
    """A server program is not installed here (``make setup-dev`` installs them, as root)."""


def program(name: str, *candidates: Path) -> Path:
    """The path of a server program: one of ``candidates``, else on the PATH."""
    for candidate in candidates:
        if candidate.exists():
            return candidate
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin")
    if not found:
        raise ServiceUnavailableError(
            f"{name} is not installed: run `make setup-dev` as root (Debian's package)"
        )
    return Path(found)


def pg_bindir() -> Path:
    """Where initdb, pg_ctl and pg_dump of PostgreSQL 15 are."""
    if (DEBIAN_PG_BINDIR / "initdb").exists():
        return DEBIAN_PG_BINDIR
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout
        if (Path(out.strip()) / "initdb").exists():
            return Path(out.strip())
    raise ServiceUnavailableError("PostgreSQL 15 is not installed: run `make setup-dev` as root")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, timeout: float, process: subprocess.Popen[bytes] | None) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited (code {process.returncode})")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout:g} s")


def _stop(process: subprocess.Popen[bytes] | None, timeout: float = 20) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class Foreground:
    """A server process we started and keep in the foreground (``process``)."""

    process: subprocess.Popen[bytes] | None = field(default=None, repr=False, kw_only=True)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _spawn(self, command: list[str], log: Path, **options: Any) -> None:
        """Start ``command`` with its output appended to ``log``."""
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, **options
            )

    def stop(self) -> None:
        _stop(self.process, timeout=30)
        self.process = None


@dataclass
class Postgres:
    """A PostgreSQL 15 server with its data in ``folder/pgdata``, on 127.0.0.1:``port``."""

    folder: Path
    port: int
    fsync: bool = True  # the tests turn it off; make cluster keeps it

    @property
    def as_root(self) -> bool:
        return os.geteuid() == 0

    @property
    def user(self) -> str:
        """The database superuser: the OS user that runs the server."""
        return PG_SYSTEM_USER if self.as_root else (os.environ.get("USER") or "wegwijzer")

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{DATABASE}"

    def _owned(self, command: list[str]) -> list[str]:
        return ["runuser", "-u", PG_SYSTEM_USER, "--", *command] if self.as_root else command

    @property
    def running(self) -> bool:
        status = subprocess.run(
            self._owned([str(pg_bindir() / "pg_ctl"), "-D", str(self.folder / "pgdata"), "status"]),
            capture_output=True,
        )
        return status.returncode == 0

    def start(self) -> None:
        """Create the cluster and the database the first time; start the server."""
        bindir, data, sockets = pg_bindir(), self.folder / "pgdata", self.folder / "pgsock"
        sockets.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(self.folder, PG_SYSTEM_USER)
            shutil.chown(sockets, PG_SYSTEM_USER)
        created = not (data / "PG_VERSION").exists()
        if created:
            subprocess.run(
                self._owned([str(bindir / "initdb"), "-D", str(data), "-U", self.user,
                             "-A", "trust", "--encoding=UTF8", "--locale=C"]),
                check=True, capture_output=True,
            )  # fmt: skip
        options = f"-p {self.port} -k {sockets} -c listen_addresses=127.0.0.1"
        if not self.fsync:
            options += " -c fsync=off"
        subprocess.run(
            self._owned([str(bindir / "pg_ctl"), "-D", str(data), "-o", options,
                         "-l", str(self.folder / "postgres.log"), "-w", "-t", "60", "start"]),
            check=True, capture_output=True,
        )  # fmt: skip
        self._create_database()

    def stop(self) -> None:
        subprocess.run(
            self._owned([str(pg_bindir() / "pg_ctl"), "-D", str(self.folder / "pgdata"),
                         "-m", "fast", "-w", "stop"]),
            capture_output=True,
        )  # fmt: skip

    def restart(self) -> None:
        self.stop()
        self.start()

    def dump(self) -> str:
        """``pg_dump`` of the database (schema and data), as text."""
        return subprocess.run(
            [str(pg_bindir() / "pg_dump"), "--host", "127.0.0.1", "--port", str(self.port),
             "--username", self.user, DATABASE],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip

    def _create_database(self) -> None:
        import sqlalchemy as sa

        engine = sa.create_engine(
            f"postgresql://{self.user}@127.0.0.1:{self.port}/postgres",
            isolation_level="AUTOCOMMIT",
        )
        deadline = time.monotonic() + 30
        try:
            while True:
                try:
                    with engine.connect() as connection:
                        exists = connection.execute(
                            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                            {"name": DATABASE},
                        ).first()
                        if not exists:
                            connection.execute(sa.text(f"CREATE DATABASE {DATABASE}"))
                    return
                except sa.exc.OperationalError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        finally:
            engine.dispose()


@dataclass
class Redis(Foreground):
    """A Redis server on 127.0.0.1:``port`` without persistence (it only holds locks)."""

    folder: Path
    port: int

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        server = program("redis-server", Path("/usr/bin/redis-server"))
        self._spawn(
            [str(server), "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.folder), "--save", "", "--appendonly", "no",
             "--protected-mode", "yes"],
            self.folder / "redis.log",
        )  # fmt: skip
        _wait_for_port(self.port, 30, self.process)


@dataclass(frozen=True)
class Backend:
    """One HAProxy backend: servers on 127.0.0.1 ports, checked on ``check_path``."""

    name: str
    listen_port: int
    server_ports: tuple[int, ...]
    check_path: str


def haproxy_config(backends: list[Backend], error_file: Path | None = None) -> str:
    """HAProxy's configuration: per backend a front door on 127.0.0.1, round robin over its
    servers (no stickiness: any replica may get any conversation's message), health checks
    every two seconds, and a request retried on another server only when the connection could
    not be made (never a request a server has already started on)."""
    lines = [
        "global",
        "    maxconn 4096",
        "defaults",
        "    mode http",
        "    timeout connect 2s",
        "    timeout client 60s",
        "    timeout server 60s",
        "    timeout http-request 10s",
        "    timeout check 5s",
        "    retries 3",
        "    retry-on conn-failure",
        "    option redispatch",
        # A replica busy answering is slow, not dead: three failed checks (about 6 s) take
        # it out, two good ones bring it back.
        "    default-server inter 2s fastinter 1s downinter 1s fall 3 rise 2",
    ]
    for backend in backends:
        lines += [
            f"frontend {backend.name}_in",
            f"    bind 127.0.0.1:{backend.listen_port}",
            f"    default_backend {backend.name}",
            f"backend {backend.name}",
            "    balance roundrobin",
            f"    option httpchk GET {backend.check_path}",
            "    http-check expect status 200",
        ]
        if error_file is not None:
            lines.append(f"    errorfile 503 {error_file}")
        lines += [
            f"    server {backend.name}{i} 127.0.0.1:{port} check"
            for i, port in enumerate(backend.server_ports, 1)
        ]
    return "\n".join(lines) + "\n"


@dataclass
class HAProxy(Foreground):
    """HAProxy in the foreground with the configuration of ``backends``."""

    folder: Path
    backends: list[Backend]
    error_file: Path | None = None

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "haproxy.cfg"
        config.write_text(haproxy_config(self.backends, self.error_file))
        haproxy = program("haproxy", Path("/usr/sbin/haproxy"))
        subprocess.run([str(haproxy), "-c", "-q", "-f", str(config)], check=True)
        self._spawn([str(haproxy), "-db", "-f", str(config)], self.folder / "haproxy.log")
        for backend in self.backends:
            _wait_for_port(backend.listen_port, 30, self.process)


@dataclass
class Process(Foreground):
    """A server of ours (a Rasa replica, an action server) on 127.0.0.1:``port``: started
    with ``command`` and ``env``, its output appended to ``log``, ready when
    ``GET /health/ready`` answers 200."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    port: int
    cwd: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._spawn(self.command, self.log, cwd=self.cwd, env=self.env)

    def ready(self) -> bool:
        import requests

        try:
            return requests.get(f"{self.url}/health/ready", timeout=3).status_code == 200
        except requests.RequestException:
            return False

    def wait_until_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                tail = self.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{self.name} exited while starting; its log ends:\n{tail}")
            if self.ready():
                return
            time.sleep(0.5)
        raise RuntimeError(f"{self.name} was not ready after {timeout:g} s (log: {self.log})")

    def kill(self) -> None:
        """Stop it the hard way (a crash), without letting it finish anything."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None
