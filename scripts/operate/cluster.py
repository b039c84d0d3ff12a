"""The production topology on one machine: PostgreSQL, Redis, ``REPLICAS`` Rasa servers and
as many action servers, HAProxy in front (``make cluster``).

    .venv/bin/python scripts/operate/cluster.py [--replicas 2] [--port 8005]

Everything runs as the current user with its files in ``var/cluster/`` (PostgreSQL's data
survives a restart of the cluster). As root, PostgreSQL runs as Debian's ``postgres`` user,
with its data in the system's temporary folder when that user cannot reach ``var/``.
Rasa and the action servers read ``endpoints.production.yml`` with the variables of
:meth:`Cluster.environment` — the same file and the same variable names as deploy/ — and the
variables are also written to ``var/cluster/env`` so that ``make purge``, ``make insights``
and ``make loadtest`` can be pointed at the running cluster::

    set -a; . var/cluster/env; set +a; make purge

HAProxy balances round robin over the replicas (no sticky sessions) and over the action
servers, checks ``/health/ready`` every second, and answers 503 with a Dutch "tijdelijk niet
beschikbaar … bel 112" reply when no replica is ready. Ctrl-C stops all of it.
The tests start the same :class:`Cluster` in a temporary folder (tests/integration/).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from scripts.operate.services import (
    PG_SYSTEM_USER,
    Backend,
    HAProxy,
    Postgres,
    Process,
    Redis,
    free_port,
)

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "wegwijzer.tar.gz"
ENDPOINTS = ROOT / "endpoints.production.yml"
RASA = ROOT / ".venv" / "bin" / "rasa"
UNAVAILABLE = (
    "Wegwijzer is tijdelijk niet beschikbaar. Probeer het zo opnieuw. "
    "Is er nu direct gevaar? Bel 112."
)  # the same words as bot.channels.rest.UNAVAILABLE (a test checks it)


def _secret_file(path: Path) -> str:
    """A random secret kept in ``path`` (mode 0600), created the first time."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip()


def _reachable_by_postgres(folder: Path) -> bool:
    """As root: can Debian's ``postgres`` user reach ``folder``'s parent?"""
    probe = subprocess.run(
        ["runuser", "-u", PG_SYSTEM_USER, "--", "test", "-x", str(folder.parent)],
        capture_output=True,
    )
    return probe.returncode == 0


def postgres_folder(folder: Path) -> Path:
    """Where the cluster in ``folder`` keeps PostgreSQL's data: ``folder/postgres``, or as
    root, when Debian's ``postgres`` user cannot reach that, a folder of its own in the
    system's temporary folder (named after ``folder``, so that it is found again)."""
    if os.geteuid() != 0 or _reachable_by_postgres(folder / "postgres"):
        return folder / "postgres"
    digest = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"wegwijzer-postgres-{digest}"


def error_page(folder: Path) -> Path:
    """HAProxy's 503 answer when no replica is ready: Rasa's REST shape, in Dutch."""
    body = json.dumps([{"recipient_id": "wegwijzer", "text": UNAVAILABLE}], ensure_ascii=False)
    page = folder / "503.http"
    page.write_bytes(
        (
            "HTTP/1.0 503 Service Unavailable\r\nCache-Control: no-cache\r\n"
            "Connection: close\r\nContent-Type: application/json; charset=utf-8\r\n\r\n"
            + body
            + "\n"
        ).encode("utf-8")
    )
    return page


@dataclass
class Cluster:
    """The whole topology, its ports chosen free at construction (``port`` for the chat)."""

    folder: Path
    replicas: int = 2
    port: int = field(default_factory=free_port)
    model: Path = MODEL
    endpoints: Path = ENDPOINTS
    fsync: bool = True
    log_level: str = "INFO"
    postgres: Postgres = field(init=False)
    redis: Redis = field(init=False)
    haproxy: HAProxy = field(init=False)
    rasa: list[Process] = field(init=False)
    actions: list[Process] = field(init=False)
    actions_port: int = field(init=False)
    token: str = field(init=False)
    secret: str = field(init=False)

    def __post_init__(self) -> None:
        if self.replicas < 1:
            raise ValueError("a cluster needs at least one replica")
        self.folder.mkdir(parents=True, exist_ok=True)
        pg_folder = postgres_folder(self.folder)
        if pg_folder.parent != self.folder:
            print(f"cluster: PostgreSQL's data is in {pg_folder} (the postgres user cannot "
                  f"reach {self.folder})", file=sys.stderr)  # fmt: skip
        self.postgres = Postgres(pg_folder, free_port(), fsync=self.fsync)
        self.redis = Redis(self.folder / "redis", free_port())
        self.token = os.environ.get("RASA_API_TOKEN") or _secret_file(self.folder / "api-token")
        self.secret = os.environ.get("WEGWIJZER_STATE_SECRET") or _secret_file(
            self.folder / "state-secret"
        )
        self.actions_port = free_port()
        rasa_ports = [free_port() for _ in range(self.replicas)]
        action_ports = [free_port() for _ in range(self.replicas)]
        env = {**os.environ, **self.environment()}
        self.actions = [
            Process(
                f"action server {i}",
                [str(ROOT / "scripts" / "actions.sh")],
                {**env, "ACTIONS_PORT": str(port)},
                self.folder / f"actions-{i}.log",
                port,
                ROOT,
            )
            for i, port in enumerate(action_ports, 1)
        ]
        self.rasa = [
            Process(
                f"Rasa replica {i}",
                self.rasa_command(port),
                env,
                self.folder / f"rasa-{i}.log",
                port,
                ROOT,
            )  # fmt: skip
            for i, port in enumerate(rasa_ports, 1)
        ]
        backends = [
            Backend("rasa", self.port, tuple(rasa_ports), "/health/ready"),
            Backend("actions", self.actions_port, tuple(action_ports), "/health/ready"),
        ]
        self.haproxy = HAProxy(self.folder / "haproxy", backends, error_page(self.folder))

    def rasa_command(self, port: int) -> list[str]:
        """A Rasa replica, as scripts/run.sh starts Rasa but on the production endpoints."""
        return [
            str(RASA), "run", "--model", str(self.model), "--endpoints", str(self.endpoints),
            "--credentials", str(ROOT / "credentials.yml"), "--enable-api",
            "--auth-token", self.token, "--interface", "127.0.0.1", "--port", str(port),
        ]  # fmt: skip

    @property
    def url(self) -> str:
        """Where to chat: HAProxy's front door."""
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        """The variables endpoints.production.yml and bot.storage read (as in deploy/)."""
        return {
            "WEGWIJZER_ENDPOINTS": str(self.endpoints),
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.actions_port}/webhook",
            "DB_HOST": "127.0.0.1",
            "DB_PORT": str(self.postgres.port),
            "DB_DATABASE": "wegwijzer",
            "DB_USER": self.postgres.user,
            "DB_PASSWORD": "",
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(self.redis.port),
            "REDIS_PASSWORD": "",
            "REDIS_DB": "0",
            "RASA_API_TOKEN": self.token,
            "WEGWIJZER_STATE_SECRET": self.secret,
            # A replica that dies holding a conversation's lock blocks that conversation
            # until the lock expires: 15 s instead of Rasa's 60 (a turn takes well under 2 s).
            "TICKET_LOCK_LIFETIME": "15",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "RASA_TELEMETRY_ENABLED": "false",
            "LOG_LEVEL": self.log_level,
            "LOG_LEVEL_LIBRARIES": "ERROR",
        }

    def write_environment(self) -> Path:
        """``var/cluster/env``: the variables, for ``make purge`` and friends (mode 0600)."""
        path = self.folder / "env"
        lines = [f"{k}={json.dumps(v)}" for k, v in self.environment().items()]
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write("\n".join(lines) + "\n")
        return path

    def start(self, log: object = print) -> None:
        """Start everything and wait until the chat answers through HAProxy."""
        say = log if callable(log) else print
        say(f"cluster: PostgreSQL and Redis (files in {self.folder})…")
        self.postgres.start()
        self.redis.start()
        self.write_environment()
        say(f"cluster: {self.replicas} action server(s) and {self.replicas} Rasa replica(s)…")
        for process in [*self.actions, *self.rasa]:
            process.start()
        for process in [*self.actions, *self.rasa]:
            process.wait_until_ready()
        self.haproxy.start()
        self.wait_until_served()

    def wait_until_served(self, timeout: float = 60) -> None:
        """Until HAProxy has a ready replica (its checks run every second)."""
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/health/ready", timeout=3).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError("HAProxy has no ready replica")

    def remove(self) -> None:
        """Delete every file of a stopped cluster (its database too): for the tests."""
        shutil.rmtree(self.postgres.folder, ignore_errors=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    def stop(self) -> None:
        """Stop everything, front to back."""
        self.haproxy.stop()
        for process in [*self.rasa, *self.actions]:
            process.stop()
        self.redis.stop()
        self.postgres.stop()

    def __enter__(self) -> Cluster:
        try:
            self.start(log=lambda *_: None)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=int(os.environ.get("REPLICAS", "2")))
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLUSTER_PORT", "8005")))
    parser.add_argument("--folder", type=Path, default=ROOT / "var" / "cluster")
    args = parser.parse_args(argv)
    if not MODEL.exists():
        print("cluster: no trained model: run `make train`", file=sys.stderr)
        return 2
    for program in ("redis-server", "haproxy"):
        if not (shutil.which(program) or shutil.which(program, path="/usr/sbin:/usr/bin")):
            print(
                f"cluster: {program} is missing: run `make setup-cluster` as root", file=sys.stderr
            )
            return 2
    cluster = Cluster(args.folder, args.replicas, args.port)
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        cluster.start()
        print(
            f"\nWegwijzer runs as a cluster: {args.replicas} Rasa replica(s) and "
            f"{args.replicas} action server(s) behind HAProxy, on PostgreSQL and Redis.\n\n"
            f"  Chat:     http://localhost:{args.port}/chat\n"
            f"  REST:     http://localhost:{args.port}/webhooks/rest/webhook\n"
            f"  Health:   http://localhost:{args.port}/health/ready\n"
            f"  Settings: {cluster.folder / 'env'} (for make purge / insights / loadtest)\n"
            f"  Logs:     {cluster.folder}/*.log\n\nPress Ctrl-C to stop all of it."
        )
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nStopping the cluster…")
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
