"""Questions sent to the organisation's experts: tickets in the state database.

A user whose question the report does not answer can send it to the experts ("vraag het een
collega"). The question becomes a ticket (table ``expert_ticket`` of :mod:`bot.storage`, so
SQLite for ``make run`` and the shared PostgreSQL for a cluster, surviving restarts), which
one expert claims, answers and closes:

    open ──claim──▶ claimed ──answer──▶ answered ──close──▶ closed
      └───────────────────────close──────────────────────────▲

Every change is one conditional ``UPDATE`` (``… WHERE status = 'open'``), so two experts
(or two replicas) cannot both claim a ticket. What a person typed — the question and the
expert's answer — is redacted before it is stored (:func:`bot.privacy.redact.redact_text`);
the expert is stored only as a keyed hash (:func:`bot.storage.keyed_hash`). The asker's
conversation is kept as the tracker store keys it, to bring the answer back there; ``make
purge`` deletes tickets untouched for the retention period (:func:`purge_tickets`).

The way back: a Teams question keeps its reply address (the Bot Connector's service URL and
the asker's conversation id; :attr:`Ticket.reply_to`), a web chat question none (its answer
waits until the asker's next message, :meth:`Tickets.take_answers`); the card in the experts'
channel keeps its address to be updated in place (:attr:`Ticket.card`). ``delivered`` is set
once, by one conditional update, so an answer reaches the asker once across replicas.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa

from bot.privacy.redact import redact_text
from bot.storage import EXPERT_TICKET, keyed_hash

OPEN, CLAIMED, ANSWERED, CLOSED = "open", "claimed", "answered", "closed"
STATUSES = (OPEN, CLAIMED, ANSWERED, CLOSED)
CHANNELS = ("teams", "web")
MAX_TEXT = 2000  # characters of a question or an answer kept


@dataclass(frozen=True)
class Ticket:
    """One question to the experts, as stored (texts redacted)."""

    id: str
    channel: str
    conversation: str
    question: str
    status: str
    expert_key: str | None
    answer: str | None
    created: int
    updated: int
    reply_to: str | None = None
    card: str | None = None
    delivered: bool = False

    def reply_address(self) -> dict[str, str] | None:
        """Where a Teams answer goes: ``{"service_url": …, "conversation": …}``, or None."""
        return _address(self.reply_to)

    def card_address(self) -> dict[str, str] | None:
        """The experts' card: ``{"service_url", "conversation", "activity"}``, or None."""
        return _address(self.card)


def _address(value: str | None) -> dict[str, str] | None:
    if not value:
        return None
    data = json.loads(value)
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else None


def _ticket(row: Any) -> Ticket:
    return Ticket(**{column: row._mapping[column] for column in Ticket.__dataclass_fields__})


class Tickets:
    """The tickets of one installation. ``state_secret`` keys the experts' hashes; ``clock`` gives
    Unix seconds (the tests turn it)."""

    def __init__(
        self,
        engine: sa.engine.Engine,
        state_secret: bytes,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.engine = engine
        self.secret = state_secret
        self.clock = clock

    def open(
        self,
        channel: str,
        conversation: str,
        question: str,
        reply_to: Mapping[str, str] | None = None,
    ) -> Ticket:
        """A new open ticket for ``question`` (redacted) from ``conversation``; ``reply_to``:
        a Teams asker's address (:meth:`Ticket.reply_address`)."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        if not question.strip():
            raise ValueError("an empty question")
        now = int(self.clock())
        ticket = Ticket(
            id=secrets.token_hex(8),
            channel=channel,
            conversation=conversation,
            question=redact_text(question.strip()[:MAX_TEXT]),
            status=OPEN,
            expert_key=None,
            answer=None,
            created=now,
            updated=now,
            reply_to=json.dumps(dict(reply_to)) if reply_to else None,
        )
        with self.engine.begin() as db:
            db.execute(EXPERT_TICKET.insert().values(**asdict(ticket)))
        return ticket

    def get(self, ticket_id: str) -> Ticket | None:
        with self.engine.connect() as db:
            row = db.execute(
                sa.select(EXPERT_TICKET).where(EXPERT_TICKET.c.id == ticket_id)
            ).first()
        return _ticket(row) if row is not None else None

    def waiting(self) -> list[Ticket]:
        """Open and claimed tickets, oldest first (for the experts' overview)."""
        query = (
            sa.select(EXPERT_TICKET)
            .where(EXPERT_TICKET.c.status.in_((OPEN, CLAIMED)))
            .order_by(EXPERT_TICKET.c.created, EXPERT_TICKET.c.id)
        )
        with self.engine.connect() as db:
            return [_ticket(row) for row in db.execute(query)]

    def claim(self, ticket_id: str, expert: str) -> Ticket | None:
        """``expert`` (an id of the channel) takes an open ticket; None when it is not open
        (already claimed by someone, answered, closed or unknown)."""
        return self._change(ticket_id, (OPEN,), status=CLAIMED, expert_key=self._key(expert))

    def answer(self, ticket_id: str, expert: str, text: str) -> Ticket | None:
        """The claiming expert's answer (redacted); None when ``expert`` did not claim it or
        it is no longer claimed."""
        if not text.strip():
            raise ValueError("an empty answer")
        return self._change(
            ticket_id,
            (CLAIMED,),
            expert_key_is=self._key(expert),
            status=ANSWERED,
            answer=redact_text(text.strip()[:MAX_TEXT]),
        )

    def close(self, ticket_id: str) -> Ticket | None:
        """Closed, from any state but closed; None when already closed or unknown."""
        return self._change(ticket_id, (OPEN, CLAIMED, ANSWERED), status=CLOSED)

    def set_card(self, ticket_id: str, address: Mapping[str, str]) -> None:
        """Remember where the ticket's card in the experts' channel is."""
        with self.engine.begin() as db:
            db.execute(
                EXPERT_TICKET.update()
                .where(EXPERT_TICKET.c.id == ticket_id)
                .values(card=json.dumps(dict(address)))
            )

    def mark_delivered(self, ticket_id: str) -> bool:
        """Mark an answered ticket's answer as delivered; True only for the one caller (of
        all replicas) that changed it, so that the answer is sent once."""
        condition = sa.and_(
            EXPERT_TICKET.c.id == ticket_id,
            EXPERT_TICKET.c.status.in_((ANSWERED, CLOSED)),
            EXPERT_TICKET.c.answer.is_not(None),
            EXPERT_TICKET.c.delivered.is_(False),
        )
        with self.engine.begin() as db:
            result = db.execute(EXPERT_TICKET.update().where(condition).values(delivered=True))
        return result.rowcount == 1

    def take_answers(self, conversation: str) -> list[Ticket]:
        """The answers for ``conversation`` not yet delivered, oldest first, each marked
        delivered (the web chat shows them at the asker's next message)."""
        query = (
            sa.select(EXPERT_TICKET)
            .where(
                EXPERT_TICKET.c.conversation == conversation,
                EXPERT_TICKET.c.answer.is_not(None),
                EXPERT_TICKET.c.delivered.is_(False),
            )
            .order_by(EXPERT_TICKET.c.updated, EXPERT_TICKET.c.id)
        )
        with self.engine.connect() as db:
            waiting = [_ticket(row) for row in db.execute(query)]
        return [ticket for ticket in waiting if self.mark_delivered(ticket.id)]

    def _key(self, expert: str) -> str:
        return keyed_hash(self.secret, f"expert:{expert}")

    def _change(
        self,
        ticket_id: str,
        allowed: tuple[str, ...],
        expert_key_is: str | None = None,
        **values: Any,
    ) -> Ticket | None:
        """One conditional UPDATE: applied only when the ticket's status is in ``allowed``
        (and it was claimed by ``expert_key_is``, when given)."""
        condition = sa.and_(EXPERT_TICKET.c.id == ticket_id, EXPERT_TICKET.c.status.in_(allowed))
        if expert_key_is is not None:
            condition = sa.and_(condition, EXPERT_TICKET.c.expert_key == expert_key_is)
        with self.engine.begin() as db:
            result = db.execute(
                EXPERT_TICKET.update().where(condition).values(updated=int(self.clock()), **values)
            )
        return self.get(ticket_id) if result.rowcount == 1 else None


def tickets_between(engine: sa.engine.Engine, since: float, until: float) -> list[Ticket]:
    """Tickets opened in [``since``, ``until``), oldest first (``make insights``)."""
    query = (
        sa.select(EXPERT_TICKET)
        .where(EXPERT_TICKET.c.created >= since, EXPERT_TICKET.c.created < until)
        .order_by(EXPERT_TICKET.c.created, EXPERT_TICKET.c.id)
    )
    with engine.connect() as db:
        return [_ticket(row) for row in db.execute(query)]


def purge_tickets(engine: sa.engine.Engine, days: float, now: float | None = None) -> int:
    """Delete tickets not changed for more than ``days`` (``make purge``, with the
    conversations' retention); returns how many."""
    cutoff = int((time.time() if now is None else now) - days * 86400)
    with engine.begin() as db:
        result = db.execute(EXPERT_TICKET.delete().where(EXPERT_TICKET.c.updated < cutoff))
    return int(result.rowcount or 0)
