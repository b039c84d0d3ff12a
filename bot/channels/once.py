"""Things a channel must do once per key, whichever replica is asked: the Teams welcome card
once per conversation, and each Teams activity once however often the Bot Framework delivers
it (it redelivers when an answer takes longer than about 15 seconds). Kept in the state
database (table ``handled_once`` of :mod:`bot.storage`), so that replicas agree.

Only a keyed hash of the key (:func:`bot.storage.keyed_hash`) and the day are stored. ``make
purge`` forgets activities after :data:`ACTIVITY_DAYS` and welcomes after the onboarding
retention period; a conversation that comes back after that is welcomed again.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from bot import storage
from bot.storage import HANDLED_ONCE

WELCOME = "welcome"
ACTIVITY = "activity"
ACTIVITY_DAYS = 2.0


class HandledOnce:
    """Claims a (kind, key) atomically across processes."""

    def __init__(self, url: str | sa.engine.URL, secret: bytes) -> None:
        self._secret = secret
        self.engine = storage.engine(url)

    @classmethod
    def from_environment(cls) -> HandledOnce:
        return cls(storage.state_url(), storage.state_secret())

    def claim(self, kind: str, key: str, today: dt.date | None = None) -> bool:
        """True exactly once per (``kind``, ``key``): for the caller that should act."""
        insert = storage.insert_for(self.engine)
        statement = insert(HANDLED_ONCE).values(
            kind=kind,
            key=storage.keyed_hash(self._secret, key),
            day=(today or dt.date.today()).isoformat(),
        )
        with self.engine.begin() as db:
            result = db.execute(statement.on_conflict_do_nothing())
        return bool(result.rowcount == 1)


def purge_handled(
    engine: sa.engine.Engine, kind: str, days: float, today: dt.date | None = None
) -> int:
    """Forget claims of ``kind`` older than ``days`` days; returns how many."""
    if days < 0:
        raise ValueError("the retention period cannot be negative")
    cutoff = ((today or dt.date.today()) - dt.timedelta(days=days)).isoformat()
    with engine.begin() as db:
        result = db.execute(
            HANDLED_ONCE.delete().where(HANDLED_ONCE.c.kind == kind, HANDLED_ONCE.c.day < cutoff)
        )
    return int(result.rowcount or 0)
