"""Which Teams conversations already got the welcome card: once per conversation, whichever
replica receives the ``conversationUpdate`` (table ``teams_welcome`` of :mod:`bot.storage`).

Only a keyed hash of the conversation id and the day are stored. Rows older than the
onboarding retention period are deleted by ``make purge``; a conversation that comes back
after that is welcomed again, which is harmless.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from bot import storage
from bot.storage import TEAMS_WELCOME


class WelcomeBook:
    """Claims the welcome of a conversation, atomically across processes."""

    def __init__(self, url: str | sa.engine.URL, secret: bytes) -> None:
        self._secret = secret
        self.engine = storage.engine(url)

    @classmethod
    def from_environment(cls) -> WelcomeBook:
        return cls(storage.state_url(), storage.state_secret())

    def claim(self, conversation_id: str, today: dt.date | None = None) -> bool:
        """True exactly once per conversation: for the caller that should send the welcome."""
        insert = storage.insert_for(self.engine)
        statement = insert(TEAMS_WELCOME).values(
            conversation_key=storage.keyed_hash(self._secret, conversation_id),
            day=(today or dt.date.today()).isoformat(),
        )
        with self.engine.begin() as db:
            result = db.execute(statement.on_conflict_do_nothing())
        return bool(result.rowcount == 1)


def purge_welcomes(engine: sa.engine.Engine, days: float, today: dt.date | None = None) -> int:
    """Forget welcomes older than ``days`` days; returns how many."""
    if days < 0:
        raise ValueError("the retention period cannot be negative")
    cutoff = ((today or dt.date.today()) - dt.timedelta(days=days)).isoformat()
    with engine.begin() as db:
        result = db.execute(TEAMS_WELCOME.delete().where(TEAMS_WELCOME.c.day < cutoff))
    return int(result.rowcount or 0)
