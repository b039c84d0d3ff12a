"""A private PostgreSQL server for a test: Debian's PostgreSQL 15 on a free local port in a
temporary folder (:class:`scripts.operate.services.Postgres`, as ``make cluster`` runs it),
stopped and removed afterwards. ``make setup-dev`` installs the package."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scripts.operate.services import Postgres, pg_bindir
from tests.servers import free_port

bindir = pg_bindir


@contextmanager
def postgres_server() -> Iterator[Postgres]:
    """A fresh, running PostgreSQL with an empty database ``wegwijzer``."""
    server = Postgres(
        Path(tempfile.mkdtemp(prefix="wegwijzer-postgres-")), free_port(), fsync=False
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


@contextmanager
def running_postgres() -> Iterator[str]:
    """A fresh PostgreSQL server on 127.0.0.1 with an empty database; its SQLAlchemy URL."""
    with postgres_server() as server:
        yield server.url
