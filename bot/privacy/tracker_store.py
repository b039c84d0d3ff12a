"""A tracker store that stores conversations without the personal data typed into them.

Wraps Rasa's SQL tracker store (SQLite by default, PostgreSQL for bigger set-ups; configured
in endpoints.yml as ``type: bot.privacy.tracker_store.RedactingTrackerStore``). Before an
event is written, every string a person could have typed is replaced by its redacted form
(:func:`bot.privacy.redact.redact`): the user's text, the text in the NLU's parse result,
entity values, slot values, message metadata, and bot text (in case a reply echoes the
user). The NLU and the actions saw the original text in memory during the turn; what is
stored, and what the HTTP API and the curators read back later, is redacted.

Structural fields (event type, intent and action names, timestamps, ids, confidences) are
left as they are.

SQLite runs in write-ahead-log mode with every commit synced (:func:`write_ahead_log`).
On PostgreSQL it also holds up when the database restarts: connections are tested before use
(``pool_pre_ping``) and a read or write that fails on a lost connection is tried again for up
to :data:`RETRY_SECONDS` (tenacity, waiting without blocking other conversations). Rasa wraps
every tracker store in a ``FailSafeTrackerStore`` that, when a save still fails, keeps the
turn in the replica's memory only; the retries are what keeps an answered turn from being
lost during a restart (tests/integration/test_cluster.py).

Events are not streamed to an event broker: none is configured, and one would receive them
unredacted.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_delay, wait_exponential

from bot import rasa_speedups
from bot.privacy.redact import redact, warm_up

logger = logging.getLogger(__name__)

RETRY_SECONDS = 20.0
# How far back an edited or deleted message is looked for, in user messages.
MESSAGES_SEARCHED = 500

# Keys whose string values are structure, not something a person typed.
STRUCTURAL_KEYS = frozenset(
    {
        "event", "name", "timestamp", "policy", "confidence", "intent_name", "action_name",
        "input_channel", "message_id", "sender_id", "entity", "extractor", "processors",
        "intent_response_key", "utter_action", "full_retrieval_intent_name", "type_name",
        "response", "template_name", "entry", "rating", "payload", "conversation_type",
        "role", "platform", "phase", "section", "id", "source", "title", "summary",
        # An entry's parts sent along with an answer: knowledge text, never typed by a user.
        "steps", "checklist", "examples", "caveats", "note", "unsure",
    }
)  # fmt: skip
# Slots whose value is structure: the form's requested slot holds a slot name
# ("group_answer"), which would otherwise read as a handle and be redacted, breaking forms.
STRUCTURAL_SLOTS = frozenset({"requested_slot"})
# Event fields that hold what a person typed or what echoes it, per event type.
REDACTED_FIELDS = {
    "user": ("text", "parse_data", "metadata"),
    "bot": ("text", "metadata"),
    "slot": ("value",),
    "entities": ("entities",),
}


def redact_value(value: Any, key: str | None = None) -> Any:
    """``value`` with every non-structural string redacted (dicts and lists walked)."""
    if isinstance(value, str):
        return value if key in STRUCTURAL_KEYS else redact(value).text
    if isinstance(value, Mapping):
        return {k: redact_value(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_value(v, key) for v in value]
    return value


# Slots whose values are structure: the name of the slot a form asks for next.
STRUCTURAL_SLOTS = frozenset({"requested_slot"})


def redact_event(data: dict[str, Any]) -> dict[str, Any]:
    """A serialised event (``Event.as_dict()``) as it may be stored."""
    if data.get("event") == "slot" and data.get("name") in STRUCTURAL_SLOTS:
        return data
    fields = REDACTED_FIELDS.get(str(data.get("event")), ())
    return {k: (redact_value(v) if k in fields else v) for k, v in data.items()}


def write_ahead_log(connection: Any, _record: Any) -> None:
    """SQLite in write-ahead-log mode, every commit still synced to disk (``synchronous =
    FULL``): one sync per stored turn instead of the rollback journal's several (about 1 ms
    → 0.3 ms per commit on this machine), and reading a conversation never waits for another
    being written. The mode is kept in the database file; ``make purge`` and ``make
    insights`` read it as before."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


class RedactingTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store, writing only redacted events."""

    engine: sa.engine.Engine

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", write_ahead_log)
        else:
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        warm_up()  # load the Dutch pipeline now, not on the first stored message
        # Every set-up configures this store, so the Rasa server's start passes here.
        rasa_speedups.install()

    def _retrying(self) -> AsyncRetrying:
        """Retries for a database that went away (SQLite has no connection to lose)."""
        return AsyncRetrying(
            retry=retry_if_exception_type((sa.exc.OperationalError, sa.exc.InterfaceError)),
            stop=stop_after_delay(RETRY_SECONDS if self.engine.dialect.name != "sqlite" else 0),
            wait=wait_exponential(multiplier=0.1, max=2.0),
            reraise=True,
        )

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        async for attempt in self._retrying():
            with attempt:
                return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        return None  # not reached: the last failure is raised

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker's new events, redacted (as SQLTrackerStore.save, plus
        :func:`redact_event`), trying again while the database is away."""
        async for attempt in self._retrying():
            with attempt:
                self._save(tracker)

    def _save(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = redact_event(event.as_dict())
                intent = (data.get("parse_data") or {}).get("intent", {}) or {}
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=intent.get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
        logger.debug("tracker stored (redacted)")

    def rewrite_user_message(self, sender_id: str, message_id: str, text: str | None) -> int:
        """A message the user deleted (``text`` None) or edited in the channel: its stored
        text is removed, or replaced by the redacted new text, in the user event with that
        ``message_id`` (and the text in its parse result; its entities are dropped, as they
        were read from the old text). Returns how many events changed (0 if none matched)."""
        new_text = "" if text is None else redact(text).text
        events = self.SQLEvent
        changed = 0
        with self.session_scope() as session:
            rows = (
                session.query(events)
                .filter(events.sender_id == sender_id, events.type_name == "user")
                .order_by(events.id.desc())
                .limit(MESSAGES_SEARCHED)
            )
            for row in rows:
                data = json.loads(row.data)
                if data.get("message_id") != message_id:
                    continue
                data["text"] = new_text
                parse = data.get("parse_data")
                if isinstance(parse, dict):
                    parse["text"] = new_text
                    parse["entities"] = []
                row.data = json.dumps(data)
                changed += 1
            session.commit()
        return changed


def innermost(tracker_store: Any) -> Any:
    """The configured store behind Rasa's wrappers (``FailSafeTrackerStore`` around
    ``AwaitableTrackerStore`` around it)."""
    inner = tracker_store
    while hasattr(inner, "_tracker_store"):
        inner = inner._tracker_store
    return inner


def redacting_store(tracker_store: Any) -> RedactingTrackerStore | None:
    """Our store behind Rasa's wrappers, if that is what is configured."""
    inner = innermost(tracker_store)
    return inner if isinstance(inner, RedactingTrackerStore) else None
