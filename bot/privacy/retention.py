"""Retention: delete conversations nobody has touched for a number of days.

A conversation is deleted as a whole (all its events) once its latest event is older than
the retention period, so no conversation is left half-remembered. Works on the tracker
store's database as endpoints.yml configures it (SQLite or PostgreSQL). Run by
``make purge`` (scripts/operate/purge.py), suitable for cron.
"""

from __future__ import annotations

import time
from typing import Any

import sqlalchemy as sa

DEFAULT_RETENTION_DAYS = 30
SECONDS_PER_DAY = 86_400


def purge(url: Any, days: float = DEFAULT_RETENTION_DAYS, now: float | None = None) -> int:
    """Delete every conversation whose latest event is older than ``days``; returns how
    many conversations were deleted. A database without conversations yet is fine."""
    if days < 0:
        raise ValueError("days must be zero or more")
    cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
    engine = sa.create_engine(url)
    try:
        if not sa.inspect(engine).has_table("events"):
            return 0
        events = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))
        stale = (
            sa.select(events.c.sender_id)
            .group_by(events.c.sender_id)
            .having(sa.func.max(events.c.timestamp) < cutoff)
        )
        with engine.begin() as connection:
            senders = [row[0] for row in connection.execute(stale)]
            if senders:
                connection.execute(sa.delete(events).where(events.c.sender_id.in_(senders)))
        return len(senders)
    finally:
        engine.dispose()
