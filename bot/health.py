"""Readiness checks for the operators' endpoints: does a database, a Redis answer in time?

Each check runs in a worker thread with a bounded wait (:data:`TIMEOUT_SECONDS`), so a
hanging database makes a replica "not ready" quickly instead of hanging the probe. A check
returns None when all is well, else a short reason for the response (never a secret: no
URL, password or host is put in it).
"""

from __future__ import annotations

import asyncio
from typing import Any

import sqlalchemy as sa

TIMEOUT_SECONDS = 2.0


async def bounded_call(function: Any, *args: Any) -> Any:
    """``function(*args)`` in a worker thread; ``asyncio.TimeoutError`` after the limit."""
    return await asyncio.wait_for(asyncio.to_thread(function, *args), TIMEOUT_SECONDS)


async def _bounded(check: Any, *args: Any) -> str | None:
    try:
        await bounded_call(check, *args)
    except TimeoutError:
        return "timed out"
    except Exception as error:  # any failure means "not ready"; the kind is enough
        return type(error).__name__
    return None


def _select_one(engine: sa.engine.Engine) -> None:
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))


async def database(engine: sa.engine.Engine) -> str | None:
    """None when ``engine``'s database answers ``SELECT 1`` in time."""
    return await _bounded(_select_one, engine)


async def redis(client: Any) -> str | None:
    """None when the Redis behind ``client`` (redis-py) answers PING in time."""
    return await _bounded(client.ping)


def tracker_store_engine(tracker_store: Any) -> sa.engine.Engine | None:
    """The SQL engine behind Rasa's (wrapped) tracker store, if it has one."""
    from bot.privacy.tracker_store import innermost

    engine = getattr(innermost(tracker_store), "engine", None)
    return engine if isinstance(engine, sa.engine.Engine) else None


def lock_store_redis(lock_store: Any) -> Any | None:
    """The redis-py client of Rasa's RedisLockStore, or None for an in-memory lock store."""
    return getattr(lock_store, "red", None)
