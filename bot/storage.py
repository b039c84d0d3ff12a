"""Where Wegwijzer keeps what is not a conversation: one database, SQLite or PostgreSQL.

Rasa keeps the conversations (the redacting tracker store, :mod:`bot.privacy.tracker_store`).
Everything else that is state lives in the tables of :data:`METADATA`:

- ``tour`` and ``quiz_round``: onboarding progress (:mod:`bot.onboarding.progress`);
- ``handled_once``: what a channel must do once whichever replica is asked (the Teams welcome
  per conversation, each Teams activity however often it is delivered;
  :mod:`bot.channels.once`);
- ``web_signin``: the web chat's sign-ins under way and its sessions, when sign-in is on
  (:mod:`bot.channels.web_sessions`);
- ``expert_ticket``: questions sent to the organisation's experts, redacted
  (:mod:`bot.experts.tickets`).

Which database: the one the tracker store uses, as the endpoints file names it
(``WEGWIJZER_ENDPOINTS``, default ``endpoints.yml``; ``${VAR}`` is read from the environment,
as Rasa reads it). When that is PostgreSQL (``endpoints.production.yml``, ``make cluster``),
the state tables live in the same database, so that nothing per conversation or per user is
in a process or a local file. When it is SQLite (``make run``), they stay in their own
embedded file, ``WEGWIJZER_PROGRESS_DB`` (default ``var/progress.db``).

Identifiers are never stored: rows are keyed by :func:`keyed_hash`, an HMAC-SHA256 with a
secret every process of one installation shares: ``WEGWIJZER_STATE_SECRET`` (or, as before,
``WEGWIJZER_PROGRESS_SECRET``), else the file ``progress.key`` beside the SQLite file, created
with mode 0600 on first use. A cluster must set the variable (replicas have no shared files).

Tables are created at start when missing (:func:`engine`), under a PostgreSQL advisory lock
so that replicas starting together do not race; the one upgrade so far (``quiz_round.id``,
for a stable order on PostgreSQL) is applied to older SQLite files in place.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ENDPOINTS = ROOT / "endpoints.yml"
DEFAULT_SQLITE = ROOT / "var" / "progress.db"
SECRET_VARIABLES = ("WEGWIJZER_STATE_SECRET", "WEGWIJZER_PROGRESS_SECRET")
_ADVISORY_LOCK = 0x5765_6777  # any fixed number; "Wegw"

METADATA = sa.MetaData()

TOUR = sa.Table(
    "tour",
    METADATA,
    sa.Column("user_key", sa.String(64), primary_key=True),
    sa.Column("step", sa.Integer, nullable=False),
    sa.Column("finished", sa.Integer, nullable=False, server_default="0"),
    sa.Column("day", sa.String(10), nullable=False),  # ISO date: days, never times
)

QUIZ_ROUND = sa.Table(
    "quiz_round",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_key", sa.String(64), nullable=False, index=True),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("day", sa.String(10), nullable=False),
)

HANDLED_ONCE = sa.Table(
    "handled_once",
    METADATA,
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("day", sa.String(10), nullable=False),
)

WEB_SIGNIN = sa.Table(
    "web_signin",
    METADATA,
    sa.Column("key", sa.String(64), primary_key=True),  # keyed hash of the state or cookie
    sa.Column("kind", sa.String(8), nullable=False),  # "login" (under way) or "session"
    sa.Column("user_key", sa.String(64), nullable=True),  # a session's keyed user hash
    sa.Column("data", sa.Text, nullable=True),  # a login's PKCE verifier and nonce (JSON)
    sa.Column("expires", sa.BigInteger, nullable=False, index=True),  # Unix seconds
)

EXPERT_TICKET = sa.Table(
    "expert_ticket",
    METADATA,
    sa.Column("id", sa.String(32), primary_key=True),  # random, shown to experts on the card
    sa.Column("channel", sa.String(16), nullable=False),  # "teams" or "web"
    # The asker's conversation as the tracker store keys it, to bring the answer back there.
    sa.Column("conversation", sa.String(255), nullable=False, index=True),
    sa.Column("question", sa.Text, nullable=False),  # redacted
    sa.Column("status", sa.String(10), nullable=False),  # open, claimed, answered, closed
    sa.Column("expert_key", sa.String(64), nullable=True),  # keyed hash of who claimed it
    sa.Column("answer", sa.Text, nullable=True),  # redacted
    sa.Column("created", sa.BigInteger, nullable=False),  # Unix seconds
    sa.Column("updated", sa.BigInteger, nullable=False, index=True),
    # Teams: where to send the answer (JSON: the Bot Connector's service URL and the asker's
    # conversation id); none for the web chat, whose answers wait for the asker's next visit.
    sa.Column("reply_to", sa.Text, nullable=True),
    # The card in the experts' channel (JSON: service URL, conversation and activity id), to
    # update it in place.
    sa.Column("card", sa.Text, nullable=True),
    # The answer reached the asker (Teams: sent; web chat: shown).
    sa.Column("delivered", sa.Boolean, nullable=False, default=False),
)


def endpoints_path() -> Path:
    """The endpoints file this process uses: ``WEGWIJZER_ENDPOINTS``, else endpoints.yml."""
    return Path(os.environ.get("WEGWIJZER_ENDPOINTS") or DEFAULT_ENDPOINTS)


def tracker_store_url(endpoints: Path) -> sa.engine.URL:
    """The tracker store's database URL from an endpoints file, environment variables
    filled in as Rasa fills them; a relative SQLite path is taken from the file's folder."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.utils.io import read_config_file

    config = read_config_file(str(endpoints)).get("tracker_store")
    if not config:
        raise ValueError(f"{endpoints}: no tracker_store configured")
    config = dict(config)
    if config.get("url") and not config.get("host"):
        config["host"] = config["url"]  # Rasa passes an endpoint's ``url`` as ``host``
    keys = ("dialect", "host", "port", "db", "username", "password", "login_db", "query")
    options = {k: config[k] for k in keys if config.get(k) not in (None, "")}
    if "port" in options:
        options["port"] = int(options["port"])
    if options.get("dialect", "sqlite") == "sqlite" and options.get("db"):
        db = Path(options["db"])
        options["db"] = str(db if db.is_absolute() else endpoints.parent / db)
    url: sa.engine.URL = SQLTrackerStore.get_db_url(**options)
    return url


def sqlite_path() -> Path:
    """The embedded state file: ``WEGWIJZER_PROGRESS_DB``, else ``var/progress.db``."""
    return Path(os.environ.get("WEGWIJZER_PROGRESS_DB") or DEFAULT_SQLITE)


def state_url() -> str | sa.engine.URL:
    """The state database: the tracker store's when it is not SQLite, else the embedded
    file of :func:`sqlite_path`."""
    endpoints = endpoints_path()
    if endpoints.exists():
        url = tracker_store_url(endpoints)
        if url.get_backend_name() != "sqlite":
            return url
    return f"sqlite:///{sqlite_path()}"


def _secret_from_file(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it just now
            pass
        else:
            with os.fdopen(descriptor, "w") as out:
                out.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip().encode()


def state_secret() -> bytes:
    """The installation's secret for :func:`keyed_hash` (see the module docstring)."""
    for variable in SECRET_VARIABLES:
        if os.environ.get(variable):
            return os.environ[variable].encode()
    return _secret_from_file(sqlite_path().parent / "progress.key")


def keyed_hash(secret: bytes, value: str) -> str:
    """What is stored instead of ``value``: HMAC-SHA256 with ``secret``, hex."""
    if not secret:
        raise ValueError("a keyed hash needs a non-empty secret")
    return hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()


def insert_for(engine: sa.engine.Engine) -> Any:
    """The dialect's ``insert`` construct, which has ``on_conflict_do_update`` and
    ``on_conflict_do_nothing`` on both SQLite and PostgreSQL."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def create_engine(url: str | sa.engine.URL) -> sa.engine.Engine:
    """An engine for ``url`` with every state table present (created when missing)."""
    url = sa.engine.make_url(url)
    options: dict[str, Any] = {"future": True}
    if url.get_backend_name() == "sqlite":
        if url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        options["connect_args"] = {"timeout": 10}
    else:
        # Replicas lose connections when PostgreSQL restarts: test them before use.
        options["pool_pre_ping"] = True
    engine = sa.create_engine(url, **options)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK}
            )
        _upgrade_sqlite_quiz_round(connection)
        _upgrade_expert_ticket(connection)
        METADATA.create_all(connection)
    return engine


@lru_cache(maxsize=4)
def engine(url: str | sa.engine.URL | None = None) -> sa.engine.Engine:
    """The shared engine of this process for ``url`` (default :func:`state_url`)."""
    return create_engine(url if url is not None else state_url())


def _upgrade_sqlite_quiz_round(connection: sa.engine.Connection) -> None:
    """Files made before ``quiz_round.id`` existed: add it, keeping the rounds' order."""
    if connection.dialect.name != "sqlite":
        return
    inspector = sa.inspect(connection)
    if not inspector.has_table("quiz_round"):
        return
    if "id" in {column["name"] for column in inspector.get_columns("quiz_round")}:
        return
    connection.execute(sa.text("ALTER TABLE quiz_round RENAME TO quiz_round_old"))
    connection.execute(sa.text("DROP INDEX IF EXISTS quiz_round_user"))
    QUIZ_ROUND.create(connection)
    connection.execute(
        sa.text(
            "INSERT INTO quiz_round (user_key, score, total, day) "
            "SELECT user_key, score, total, day FROM quiz_round_old ORDER BY rowid"
        )
    )
    connection.execute(sa.text("DROP TABLE quiz_round_old"))


def _upgrade_expert_ticket(connection: sa.engine.Connection) -> None:
    """Tables made before the answer's way back was kept: add those columns (empty) and the
    index on the conversation."""
    inspector = sa.inspect(connection)
    if not inspector.has_table("expert_ticket"):
        return
    present = {column["name"] for column in inspector.get_columns("expert_ticket")}
    added = {"reply_to": "TEXT", "card": "TEXT", "delivered": "BOOLEAN NOT NULL DEFAULT FALSE"}
    for name, kind in added.items():
        if name not in present:
            connection.execute(sa.text(f"ALTER TABLE expert_ticket ADD COLUMN {name} {kind}"))
    for index in EXPERT_TICKET.indexes:  # looked up on every turn: the answers waiting
        index.create(connection, checkfirst=True)
