"""A private PostgreSQL server for a test: Debian's PostgreSQL 15, started on a free local
port in a temporary directory and stopped afterwards.

``running_postgres()`` yields the SQLAlchemy URL of an empty database and removes everything
afterwards. PostgreSQL refuses to run as root: as root (CI), its directory (in the system's
temporary directory, which that user can reach) belongs to the ``postgres`` system user of
Debian's package and the server runs as that user (``runuser``). The binaries come
from ``pg_config --bindir`` or /usr/lib/postgresql/15/bin; ``make setup-dev`` installs the
package (scripts/setup_dev.sh).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.servers import free_port

DEBIAN_BINDIR = Path("/usr/lib/postgresql/15/bin")
SYSTEM_USER = "postgres"
DATABASE = "wegwijzer"


class PostgresUnavailableError(RuntimeError):
    """PostgreSQL's server programs are not installed here."""


def bindir() -> Path:
    """Where initdb, pg_ctl and postgres are."""
    if (DEBIAN_BINDIR / "initdb").exists():
        return DEBIAN_BINDIR
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = Path(
            subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip()
        )
        if (found / "initdb").exists():
            return found
    raise PostgresUnavailableError("PostgreSQL 15 is not installed: run `make setup-dev` (as root)")


def _as_owner(command: list[str]) -> list[str]:
    """``command`` as the user who may run PostgreSQL: ourselves, or ``postgres`` as root."""
    return ["runuser", "-u", SYSTEM_USER, "--", *command] if os.geteuid() == 0 else command


@contextmanager
def running_postgres() -> Iterator[str]:
    """A fresh PostgreSQL server on 127.0.0.1 with an empty database; its SQLAlchemy URL."""
    bin_ = bindir()
    workdir = Path(tempfile.mkdtemp(prefix="wegwijzer-postgres-"))
    data, sockets = workdir / "pgdata", workdir / "pgsock"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(workdir, SYSTEM_USER)
        shutil.chown(sockets, SYSTEM_USER)
    user = SYSTEM_USER if os.geteuid() == 0 else os.environ.get("USER") or "wegwijzer"
    subprocess.run(
        _as_owner([str(bin_ / "initdb"), "-D", str(data), "-U", user, "-A", "trust",
                   "--encoding=UTF8", "--locale=C"]),
        check=True, capture_output=True,
    )  # fmt: skip
    port = free_port()
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
    log = workdir / "postgres.log"
    subprocess.run(
        _as_owner([str(bin_ / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log),
                   "-w", "-t", "60", "start"]),
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        _create_database(port, user)
        yield f"postgresql://{user}@127.0.0.1:{port}/{DATABASE}"
    finally:
        subprocess.run(
            _as_owner([str(bin_ / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(workdir, ignore_errors=True)


def _create_database(port: int, user: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(
        f"postgresql://{user}@127.0.0.1:{port}/postgres", isolation_level="AUTOCOMMIT"
    )
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                with engine.connect() as connection:
                    connection.execute(sa.text(f"CREATE DATABASE {DATABASE}"))
                return
            except sa.exc.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        engine.dispose()
